"""Every field given a value of the wrong type is one located error, never an exception (issue 12).

For each kind of data file in sop_data/ (the first file of each kind), every field — every distinct path in
the file, list positions folded, so ``steps[*].actors[*]`` counts once, and the ``id``/``en`` inside a
bilingual text counted once per file — is replaced, in the text as an editor would, by a value of another
type: a list, a mapping, a number, a boolean, nothing or text. The validator must answer with an error at
exactly the place of the new value saying which type was expected (never an exception, an internal error or
only an error somewhere else), and every problem must be located.

By default each field gets one wrong type, the type rotating from field to field so that every type is put
in every kind of file (~450 edits). ``SOP_WRONG_TYPES=all`` gives every field every wrong type (~2,000 edits):

    .venv/bin/python -m pytest tests/test_wrong_types.py -q
    SOP_WRONG_TYPES=all .venv/bin/python -m pytest tests/test_wrong_types.py -q

The rest of the data is the real sop_data, unchanged; its files are parsed and schema-checked once and reused
(``datasets.ReadOnce``), so each validation costs only the edited file and the cross-reference pass.

Edits that cannot hide one another are validated together (``batches``): each field is edited in the list item
(of the file's top-level lists) edited least so far, and one validation takes at most one edit per item, never
an edit of an id, a tree's ``next`` or ``start`` nor a top-level field (a wrong type there hides other checks on
purpose: references to the id, the tree's paths, the whole section), which are validated alone. Every edit is
still checked at its own place. When a batch fails, its edits are validated again alone and what fails alone is
reported; if none does, the batch's failure is reported as failing "only together" (two wrong types that break
the validator between them are a bug too, and a batch never hides a failure). ``SOP_WRONG_TYPES_ALONE=1``
validates every edit alone (about three times as long).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from datasets import REPO, ReadOnce
from sop_portal import cli
from sop_portal.data import validate as _validate
from sop_portal.data.yamlload import load_file

DATA = REPO / "sop_data"
# Every kind of file the validator reads (a kind added to FILE_KINDS is covered at once), and a district's.
KINDS = tuple(pattern for pattern, _, _ in _validate.FILE_KINDS) + (
    "districts/*/profile.yaml",
    "districts/*/contacts.yaml",
    "districts/*/decision_trees/*.yaml",
)
# A value of each type, as an editor would type it in place of another (valid inside flow collections too).
REPLACEMENTS = {
    "list": "[x-1]",
    "mapping": "{a: b}",
    "number": "5",
    "boolean": "true",
    "nothing": "null",
    "text": "teks",
}
# What the schema pass says about a value of the wrong type ("quote it" for a number or boolean meant as text).
TYPE_CODES = {"wrong_type", "quote_value", "use_true_false"}
EVERY_TYPE = os.environ.get("SOP_WRONG_TYPES") == "all"
ALONE = os.environ.get("SOP_WRONG_TYPES_ALONE") == "1"
# A wrong type in these hides other checks on purpose (references to an id; the paths of a tree): validated alone.
HIDING_KEYS = {"id", "next", "start"}


def type_of(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "text"


# -- where each value is in the text ---------------------------------------------------------------------------


def _offsets(text: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def value_spans(text: str) -> list[tuple[tuple, int, int]]:
    """(pointer, start, end) of every value but the root: where a replacement goes, as character offsets.

    A block value that starts on the line after its key (``answers:`` then ``- ...``) is replaced from just
    after the colon, so the new value sits on the key's line; trailing blank lines and comments are kept out
    of a span where they follow it."""
    lines = _offsets(text)

    def off(mark) -> int:
        return lines[mark.line] + mark.column

    out: list[tuple[tuple, int, int]] = []

    def visit(node, ptr: tuple, key_node=None) -> None:
        if ptr:
            start, end = off(node.start_mark), off(node.end_mark)
            if key_node is not None and node.start_mark.line != key_node.end_mark.line:
                start = text.index(":", off(key_node.end_mark)) + 1
            while end > start and text[end - 1] in " \t\r\n":
                end -= 1
            out.append((ptr, start, end))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                visit(v, ptr + (k.value,), k)
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                visit(v, ptr + (i,))

    visit(yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), ())  # as the validator reads
    return out


def splice(text: str, start: int, end: int, value: str) -> tuple[str, int, int]:
    """The text with [start, end) replaced by ``value``, and the 1-based line and column where it starts."""
    if start > 0 and text[start - 1] == ":":
        value = " " + value
    new = text[:start] + value + text[end:]
    at = start + (1 if value.startswith(" ") else 0)
    line = new.count("\n", 0, at) + 1
    col = at - (new.rfind("\n", 0, at) + 1) + 1
    return new, line, col


@dataclass(frozen=True)
class Edit:
    """The value at ``ptr`` (the text's [start, end)) replaced by a value of the type ``kind``."""

    ptr: tuple
    kind: str
    start: int
    end: int
    bilingual: bool  # the id or en of a bilingual text (not an id)

    @property
    def item(self) -> tuple:
        """The item of a top-level list it is in (``steps[3]``), or else its top-level field (``purpose``)."""
        return self.ptr[:2] if len(self.ptr) > 1 and isinstance(self.ptr[1], int) else self.ptr[:1]

    @property
    def hides(self) -> bool:
        key = next((p for p in reversed(self.ptr) if isinstance(p, str)), None)
        return len(self.ptr) == 1 or (not self.bilingual and key in HIDING_KEYS)

    def describe(self, rel: str) -> str:
        return f"{rel} {'.'.join(map(str, self.ptr))} = {REPLACEMENTS[self.kind]}"


def wrong_type_edits(text: str, data, every_type: bool = False) -> list[Edit]:
    """For every field one other type, or each: in the occurrence of the field whose top-level list item has been
    edited least so far (the first among equals), so that the edits spread over the file's items."""
    occurrences: dict[tuple, list[tuple[tuple, int, int, bool, object]]] = {}
    for ptr, start, end in value_spans(text):
        parent = data
        for p in ptr[:-1]:
            parent = parent[p]
        bilingual = isinstance(parent, dict) and set(parent) == {"id", "en"} and ptr[-1] in ("id", "en")
        # a bilingual text: one is enough, the schema and pass 2 treat all alike
        shape = ("<text>", ptr[-1]) if bilingual else tuple("*" if isinstance(p, int) else p for p in ptr)
        occurrences.setdefault(shape, []).append((ptr, start, end, bilingual, parent[ptr[-1]]))
    edited: dict[tuple, int] = {}
    edits = []
    for n, found in enumerate(occurrences.values(), start=1):
        ptr, start, end, bilingual, current = min(found, key=lambda o: edited.get(Edit(o[0], "", 0, 0, o[3]).item, 0))
        other = [kind for kind in REPLACEMENTS if kind != type_of(current)]
        for kind in other if every_type else [other[n % len(other)]]:
            edit = Edit(ptr, kind, start, end, bilingual)
            edited[edit.item] = edited.get(edit.item, 0) + 1
            edits.append(edit)
    return edits


def batches(edits: list[Edit], alone: bool = False) -> list[list[Edit]]:
    """The edits grouped for validation: at most one per top-level list item, those that hide checks alone."""
    out: list[list[Edit]] = []
    for edit in edits:
        if alone or edit.hides:
            out.append([edit])
            continue
        batch = next((b for b in out if not b[0].hides and all(e.item != edit.item for e in b)), None)
        if batch is None:
            out.append([edit])
        else:
            batch.append(edit)
    return out


def apply(text: str, edits: list[Edit]) -> tuple[str, list[tuple[int, int]]]:
    """The text with every edit made, and the 1-based line and column of each edit's new value in it."""
    at: dict[int, int] = {}
    for i in sorted(range(len(edits)), key=lambda i: edits[i].start, reverse=True):
        edit = edits[i]
        new = splice(text, edit.start, edit.end, REPLACEMENTS[edit.kind])[0]
        delta = len(new) - len(text)
        at = {j: offset + delta for j, offset in at.items()}  # the values after this one moved
        at[i] = edit.start + (1 if edit.start > 0 and text[edit.start - 1] == ":" else 0)
        text = new
    return text, [
        (text.count("\n", 0, a) + 1, a - (text.rfind("\n", 0, a) + 1) + 1) for a in (at[i] for i in range(len(edits)))
    ]


# -- the real data, copied once, its unchanged files parsed once -----------------------------------------------


@pytest.fixture(scope="module")
def real_copy(tmp_path_factory):
    """(root, reader): a copy of the project's data, and its ReadOnce (files whose bytes are those of the copy
    are read and schema-checked once for the whole module)."""
    root = tmp_path_factory.mktemp("wrong-types") / "data"
    shutil.copytree(DATA, root)
    reader = ReadOnce(root)
    yield root, reader
    reader.assert_cache_intact()


def _first(pattern: str) -> str | None:
    found = sorted(DATA.glob(pattern))
    return found[0].relative_to(DATA).as_posix() if found else None


FILES = [f for f in map(_first, KINDS) if f]


def test_every_kind_of_file_is_covered():
    covered = {pattern for pattern in KINDS if _first(pattern)}
    assert covered >= set(KINDS) - {"districts/*/decision_trees/*.yaml", "emergency.yaml"}  # (both optional)


def check_batch(root: Path, reader: ReadOnce, rel: str, original: str, batch: list[Edit]) -> list[str]:
    """What is wrong with the validator's answer to the file with the batch's edits made (nothing: [])."""
    target = root / rel
    text, places = apply(original, batch)
    target.write_text(text, encoding="utf-8")
    where = " + ".join(e.describe(rel) for e in batch)
    try:
        with reader.active():
            report = _validate.validate(root)
    except Exception as exc:  # noqa: BLE001 - the point is to list every crash, not the first
        return [f"{where}: {type(exc).__name__}: {exc}"]
    failures = []
    if not report.errors:
        failures.append(f"{where}: accepted")
    if not all(p.path and p.line >= 1 and p.col >= 1 for p in report.problems):
        failures.append(f"{where}: unlocated problem")
    for edit, (line, col) in zip(batch, places):
        here = [p for p in report.errors if Path(p.path) == target and (p.line, p.col) == (line, col)]
        if not any(p.code in TYPE_CODES for p in here):
            got = [f"{Path(p.path).name}:{p.line}:{p.col}: {p.code}" for p in report.errors][:3]
            failures.append(f"{edit.describe(rel)}: no type error at {line}:{col} (got {got})")
    return failures


@pytest.mark.parametrize("rel", FILES)
def test_a_wrong_type_in_any_field_is_one_located_error(rel, real_copy):
    root, reader = real_copy
    target = root / rel
    original = target.read_text(encoding="utf-8")
    edits = wrong_type_edits(original, load_file(target).data, EVERY_TYPE)
    assert edits
    failures = []
    try:
        for batch in batches(edits, ALONE):
            found = check_batch(root, reader, rel, original, batch)
            if found and len(batch) > 1:  # which edit fails, alone? (none: the edits fail only together, say so)
                alone = [f for edit in batch for f in check_batch(root, reader, rel, original, [edit])]
                found = alone or [f"only together: {f}" for f in found]
            failures += found
    finally:
        target.write_text(original, encoding="utf-8")
    assert not failures, f"{len(failures)} of {len(edits)} edits:\n" + "\n".join(failures[:40])


def test_a_batch_puts_each_value_where_it_goes_alone():
    """apply() places each value of a batch on the line and column it has alone, the other edits moving the text."""
    rel = next(f for f in FILES if f.startswith("services/"))
    original = (DATA / rel).read_text(encoding="utf-8")
    groups = [b for b in batches(wrong_type_edits(original, load_file(DATA / rel).data)) if len(b) > 2]
    assert groups, "no batch of three edits or more: batching does not pay"
    for batch in groups:
        text, places = apply(original, batch)
        lines = text.splitlines()
        for edit, (line, col) in zip(batch, places):
            alone, alone_line, alone_col = splice(original, edit.start, edit.end, REPLACEMENTS[edit.kind])
            here, there = lines[line - 1], alone.splitlines()[alone_line - 1]
            assert here[col - 1 :].startswith(REPLACEMENTS[edit.kind]), (edit, here)
            assert here[: col - 1] == there[: alone_col - 1], (edit, here, there)


def test_the_command_reports_a_list_as_start_as_a_data_error(real_copy, capsys):
    """The crash of issue 12: ``start: []`` in a tree stopped ``sop validate`` with exit 70 ("unhashable type")."""
    root, reader = real_copy
    tree = sorted((root / "decision_trees").glob("*.yaml"))[0]
    original = tree.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    k = next(i for i, line in enumerate(lines) if line.startswith("start:"))
    lines[k] = "start: []\n"
    where = f"{tree.relative_to(root).as_posix()}:{k + 1}:"
    tree.write_text("".join(lines), encoding="utf-8")
    try:
        for lang, message in (
            (
                "en",
                "8: expected an id here, found list"
                " — write a single value, not a list: remove the [ ] or the '- ' in front of it",
            ),
            (
                "id",
                "8: di sini diharapkan sebuah id, tetapi yang ada daftar"
                " — tulis satu nilai saja, bukan daftar: hapus [ ] atau '- ' di depannya",
            ),
        ):
            with reader.active():
                assert cli.main(["validate", str(root), "--lang", lang]) == 1
            out, err = capsys.readouterr()
            # That one located error on that line, and no internal error.
            assert [line.split(where, 1)[1] for line in out.splitlines() if where in line] == [message], out
            assert "SOP_DEBUG" not in err and "Traceback" not in err, err
    finally:
        tree.write_text(original, encoding="utf-8")
