"""Every field given a value of the wrong type is one located error, never an exception (issue 12).

For each kind of data file in sop_data/ (the first file of each kind), every field — every distinct path in
the file, list positions folded, so ``steps[*].actors[*]`` counts once, and the ``id``/``en`` inside a
bilingual text counted once per file — is replaced, in the text as an editor would, by a value of another
type: a list, a mapping, a number, a boolean, nothing or text. The validator must answer with an error at
exactly the place of the new value saying which type was expected (never an exception, an internal error or
only an error somewhere else), and every problem must be located.

By default each field gets one wrong type, the type rotating from field to field so that every type is put
in every kind of file (~400 validations, a few seconds). ``SOP_WRONG_TYPES=all`` gives every field every
wrong type (~2,000 validations, a minute or two):

    .venv/bin/python -m pytest tests/test_wrong_types.py -q
    SOP_WRONG_TYPES=all .venv/bin/python -m pytest tests/test_wrong_types.py -q

The rest of the data is the real sop_data, unchanged; its files are parsed and schema-checked once and reused
(``datasets.ReadOnce``), so each validation costs only the edited file and the cross-reference pass.
"""

from __future__ import annotations

import os
import shutil
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


def wrong_type_edits(text: str, data, every_type: bool = False) -> list[tuple[tuple, str, str, int, int]]:
    """(pointer, type, new text, line, col): for every field (its first occurrence) one other type, or each."""
    seen: set[tuple] = set()
    edits = []
    for ptr, start, end in value_spans(text):
        parent = data
        for p in ptr[:-1]:
            parent = parent[p]
        current = parent[ptr[-1]]
        if isinstance(parent, dict) and set(parent) == {"id", "en"} and ptr[-1] in ("id", "en"):
            shape = ("<text>", ptr[-1])  # a bilingual text: one is enough, the schema and pass 2 treat all alike
        else:
            shape = tuple("*" if isinstance(p, int) else p for p in ptr)
        if shape in seen:
            continue
        seen.add(shape)
        other = [kind for kind in REPLACEMENTS if kind != type_of(current)]
        for kind in other if every_type else [other[len(seen) % len(other)]]:
            new, line, col = splice(text, start, end, REPLACEMENTS[kind])
            edits.append((ptr, kind, new, line, col))
    return edits


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


@pytest.mark.parametrize("rel", FILES)
def test_a_wrong_type_in_any_field_is_one_located_error(rel, real_copy):
    root, reader = real_copy
    target = root / rel
    original = target.read_text(encoding="utf-8")
    data = load_file(target).data
    edits = wrong_type_edits(original, data, EVERY_TYPE)
    assert edits
    failures = []
    try:
        for ptr, kind, text, line, col in edits:
            target.write_text(text, encoding="utf-8")
            where = f"{rel} {'.'.join(map(str, ptr))} = {REPLACEMENTS[kind]}"
            try:
                with reader.active():
                    report = _validate.validate(root)
            except Exception as exc:  # noqa: BLE001 - the point is to list every crash, not the first
                failures.append(f"{where}: {type(exc).__name__}: {exc}")
                continue
            if not report.errors:
                failures.append(f"{where}: accepted")
            if not all(p.path and p.line >= 1 and p.col >= 1 for p in report.problems):
                failures.append(f"{where}: unlocated problem")
            here = [p for p in report.errors if Path(p.path) == target and (p.line, p.col) == (line, col)]
            if not any(p.code in TYPE_CODES for p in here):
                got = [f"{Path(p.path).name}:{p.line}:{p.col}: {p.code}" for p in report.errors][:3]
                failures.append(f"{where}: no type error at {line}:{col} (got {got})")
    finally:
        target.write_text(original, encoding="utf-8")
    assert not failures, f"{len(failures)} of {len(edits)} edits:\n" + "\n".join(failures[:40])


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
