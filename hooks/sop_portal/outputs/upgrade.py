"""`sop upgrade SLUG --to VERSION`: move a district profile to a new national version, one reviewed step at a time.

How the two national texts are known. Older national versions are not kept as files: the *base* text of an adapted
step is the one the profile recorded when the change was written (``changes[].national_text``, at the profile's
``base_sop_version``), and the *target* is the national data as it is now, so ``--to`` must name the data's own
``sop_version``. For each change to a national step (annotate, modify, not_applicable):

* ``changed``   the recorded text differs from the national text now: a word diff in both languages;
* ``removed``   the national step no longer exists;
* ``unknown``   no text was recorded, so what changed cannot be shown: the national text now is shown instead;
* ``unchanged`` the recorded text is the national text now: nothing to review.

The profile is written only when every item that is not ``unchanged`` is acknowledged (``--accept STEP_ID`` or an
answer at a terminal), and only if the result validates; otherwise nothing changes and the command says what is left.
The write is textual, so comments and layout stay: the ``base_sop_version`` value, each acknowledged ``national_text``
(replaced by the national text now, or added after ``step:`` when none was recorded), and each change to a step that
no longer exists turned into comments under a line that says why (nothing the district wrote is lost). The file is
replaced atomically (fileio.write_atomic), after checking it did not change while the command ran.
"""

from __future__ import annotations

import difflib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sop_portal.build.districts import PROFILE, version_tuple
from sop_portal.data import checks
from sop_portal.data.problems import DataError, Problem
from sop_portal.data.rules.context import items as _items
from sop_portal.data.validate import validate

PENDING = ("changed", "removed", "unknown")
UPGRADE_WARNINGS = ("district_base_outdated", "district_step_changed", "district_step_gone", "district_review_unknown")


class UpgradeError(Exception):
    """The upgrade cannot go on: ``code`` names a message in the CLI catalog, ``params`` fill it."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class Item:
    step: str
    action: str
    kind: str  # changed | removed | unknown | unchanged
    index: int  # position in the profile's changes
    line: int
    base: dict | None  # the recorded national text {id, en}
    target: dict | None  # the national text now {id, en}


@dataclass
class Plan:
    slug: str
    data_dir: Path
    profile: Path
    text: str  # the profile as read
    base: str
    target: str
    items: list[Item] = field(default_factory=list)

    @property
    def pending(self) -> list[Item]:
        return [i for i in self.items if i.kind in PENDING]


def word_diff(old: str, new: str) -> str:
    """'Lindungi korban [-di luar negeri-]{+yang berada di luar negeri+}.': removed words in [-…-], added in {+…+}."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if op in ("insert", "replace"):
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def plan(data_dir: str | Path, slug: str, to: str) -> Plan:
    """What moving ``slug`` to national version ``to`` involves. Raises DataError (invalid data), UpgradeError."""
    from sop_portal.build.portal import UnknownDistrict

    data_dir = Path(data_dir)
    report = validate(data_dir)
    if slug not in report.data.districts:
        raise UnknownDistrict(slug, sorted(report.data.districts))
    scoped = checks.only_district(report, slug)
    if not scoped.ok:
        raise DataError(scoped.errors)
    national = report.data.one("sop.schema.json").data["sop_version"]
    if to != national:
        raise UpgradeError("upgrade_to_mismatch", to=to, national=national, data=str(data_dir))
    files = report.data.districts[slug]
    profile = files.profile
    base = profile.data["base_sop_version"]
    if version_tuple(base) > version_tuple(to):
        raise UpgradeError("upgrade_to_older", to=to, base=base)
    steps = {s["id"]: s["text"] for f in report.data.of("service.schema.json") for _, s in _items(f.data, "steps")}
    result = Plan(slug, data_dir, profile.path, profile.path.read_bytes().decode("utf-8-sig"), base, to)
    for i, change in _items(profile.data, "changes"):
        if change.get("action") == "add":
            continue
        step = change["step"]
        recorded, now = change.get("national_text"), steps.get(step)
        kind = (
            "removed"
            if now is None
            else "unknown"
            if recorded is None
            else "unchanged"
            if recorded == now
            else "changed"
        )
        line = profile.where(("changes", i, "step"))[0]
        result.items.append(Item(step, change["action"], kind, i, line, recorded, now))
    return result


# -- the textual edit ----------------------------------------------------------------------------------------


def _dq(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _flow_text(text: dict) -> str:
    return "{id: " + _dq(text["id"]) + ", en: " + _dq(text["en"]) + "}"


def _last_end(node: yaml.Node) -> yaml.Mark:
    """Where the last value written in ``node`` ends (a block collection's own end mark lies past its comments)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _content_end(text: str, mark: yaml.Mark) -> int:
    """The end of the last line with content up to ``mark`` (a block scalar ends at column 0 of the next line)."""
    index = mark.index
    if mark.column == 0 and index > 0:
        index = text.rfind("\n", 0, index)
        while index > 0 and text[index - 1] == "\r":
            index -= 1
    return index


def rewrite(p: Plan, accepted: set[str], comment: str) -> str:
    """The profile with base_sop_version moved and every accepted item written; layout and comments kept.

    ``comment`` is the line (without '# ') put above a change turned into comments; '{step}' names the step."""
    text = p.text
    newline = "\r\n" if "\r\n" in text else "\n"
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    top = {k.value: v for k, v in root.value}
    edits: list[tuple[int, int, str]] = []
    version = top["base_sop_version"]
    quote = text[version.start_mark.index] if text[version.start_mark.index] in "\"'" else ""
    edits.append((version.start_mark.index, version.end_mark.index, f"{quote}{p.target}{quote}"))
    seq = top.get("changes")
    removed = 0
    for item in p.items:
        if item.step not in accepted:
            continue
        node = seq.value[item.index]
        fields = {k.value: (k, v) for k, v in node.value}
        if item.kind == "removed":
            if seq.flow_style or node.flow_style:
                raise UpgradeError("upgrade_flow_style", step=item.step, path=str(p.profile))
            removed += 1
            start = _line_start(text, node.start_mark.index)
            end = _content_end(text, _last_end(node))
            dash = max(node.start_mark.column - 2, 0)
            edits.append((start, start, " " * dash + "# " + comment.format(step=item.step) + newline))
            pos = start
            while pos <= end:  # every line of the change, commented at the column of its '-'
                line_end = text.find("\n", pos)
                line_end = len(text) if line_end == -1 else line_end
                line = text[pos:line_end]
                col = min(dash, len(line) - len(line.lstrip(" ")))
                edits.append((pos + col, pos + col, "# "))
                pos = line_end + 1
        elif "national_text" in fields:
            key, value = fields["national_text"]
            if value.flow_style or not isinstance(value, yaml.MappingNode):
                edits.append((value.start_mark.index, value.end_mark.index, _flow_text(item.target)))
            else:
                indent = " " * value.start_mark.column
                start = _line_start(text, value.start_mark.index)
                end = _content_end(text, _last_end(value))
                block = newline.join(f"{indent}{lang}: {_dq(item.target[lang])}" for lang in ("id", "en"))
                edits.append((start, end, block))
        else:  # no recorded text: record the national text now, after the step's id
            key, value = fields["step"]
            end = text.find("\n", value.end_mark.index)
            end = len(text) if end == -1 else end
            if end > 0 and text[end - 1] == "\r":
                end -= 1
            indent = " " * key.start_mark.column
            edits.append((end, end, f"{newline}{indent}national_text: {_flow_text(item.target)}"))
    if seq is not None and removed and removed == len(seq.value):  # every change commented out: an empty list
        key = next(k for k, v in root.value if k.value == "changes")
        edits.append((key.end_mark.index + 1, key.end_mark.index + 1, " []"))
    out = text
    # From the end backwards, so earlier positions stay valid; of two insertions at one place the first listed
    # comes first in the file.
    for _, (start, end, new) in sorted(enumerate(edits), key=lambda e: (e[1][0], e[1][1], e[0]), reverse=True):
        out = out[:start] + new + out[end:]
    return out


def check_rewritten(p: Plan, new_text: str) -> list[Problem]:
    """Validate the rewritten profile with the national data in a scratch copy: its errors, and any upgrade warning
    still left (none should be). Paths are given as the real profile's."""
    with tempfile.TemporaryDirectory(prefix="sop-upgrade-") as tmp:
        scratch = Path(tmp) / p.data_dir.name
        shutil.copytree(p.data_dir, scratch, ignore=lambda d, names: ["districts"] if Path(d) == p.data_dir else [])
        shutil.copytree(p.profile.parent, scratch / "districts" / p.slug)
        (scratch / "districts" / p.slug / PROFILE).write_text(new_text, encoding="utf-8")
        report = validate(scratch)
        scoped = checks.only_district(report, p.slug)
        bad = [q for q in scoped.problems if q.severity == "error" or q.code in UPGRADE_WARNINGS]
        out = []
        for q in bad:
            rel = Path(q.path).resolve().relative_to(scratch.resolve())
            out.append(Problem(str(p.data_dir / rel), q.line, q.col, q.code, q.params, q.severity))
        return out
