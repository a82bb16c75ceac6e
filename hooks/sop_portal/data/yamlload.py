"""Strict YAML: safe loading with positions, and refusal of what YAML 1.1 silently corrupts.

PyYAML follows YAML 1.1: ``0711`` becomes the number 457, ``no`` becomes ``false``, ``8:30`` becomes
510, duplicate keys silently keep the last value. We compose the node tree with the (C-accelerated
where available) safe loader and build plain values ourselves:

* ``true``/``false``, plain decimal integers and ``null``/``~``/empty stay typed;
* every other plain scalar stays text exactly as written, but one that a YAML 1.1 or 1.2 tool
  would read as a number, boolean or time is wrapped in :class:`Ambiguous`, so the validator can
  tell the editor to quote it (text expected) or to write ``true``/``false`` (boolean expected);
* duplicate keys, tabs in indentation, invalid UTF-8, non-mapping documents, oversized files and
  alias bombs are reported as :class:`Problem`, never raised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sop_portal.data.problems import Problem

try:  # libyaml is ~30x faster (../shared/TOOLING.md); fall back to pure Python.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 2 * 1024 * 1024  # the largest real data file is ~60 KB
MAX_NODES = 200_000  # values built from one file, aliases expanded
MAX_DEPTH = 64

Pointer = tuple  # JSON-pointer-like path: ("steps", 3, "text", "en")

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
# YAML 1.1 booleans other than true/false.
_BOOL11 = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}
_NUMBERISH = [
    re.compile(r"^[-+]?0[0-9_]+$"),  # 0812..., 0711 (octal in 1.1)
    re.compile(r"^[-+]?0[bBoOxX][0-9a-fA-F_]+$"),  # 0b1, 0o7, 0x1F
    re.compile(r"^[-+]?[0-9][0-9_]*$"),  # 1_000, +62812...
    re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$"),  # 1.5, 1e3, 2.
    re.compile(r"^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$"),
]
_TIMEISH = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")  # 08:30, 1:20:30 (base 60 in 1.1)


@dataclass(frozen=True)
class Ambiguous:
    """A plain scalar that YAML tools disagree on: kept as written, never silently converted."""

    text: str
    kind: str  # "number" | "boolean" | "time"

    def __str__(self) -> str:
        return self.text


@dataclass
class Loaded:
    """One parsed file: its value, where each value and key starts, and what is wrong with it."""

    path: Path
    data: Any = None
    positions: dict = field(default_factory=dict)  # Pointer -> (line, col) of the value
    key_positions: dict = field(default_factory=dict)  # Pointer -> (line, col) of the key
    problems: list = field(default_factory=list)
    modeline: str | None = None

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def where(self, pointer: Pointer, key: bool = False) -> tuple[int, int]:
        """The position of ``pointer``, or of its nearest ancestor that has one."""
        table = self.key_positions if key else self.positions
        p = tuple(pointer)
        while p:
            if p in table:
                return table[p]
            if not key and p in self.key_positions:
                return self.key_positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))


def classify_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under our rules."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text) and not (len(text.lstrip("+-")) > 1 and text.lstrip("+-").startswith("0")):
        if text.startswith("+"):
            return Ambiguous(text, "number")  # +62812... : a phone number that YAML reads as an integer
        return int(text)
    if text in _BOOL11:
        return Ambiguous(text, "boolean")
    if _TIMEISH.match(text):
        return Ambiguous(text, "time")
    if any(rx.match(text) for rx in _NUMBERISH):
        return Ambiguous(text, "number")
    return text


def load_file(path: str | Path, max_bytes: int = MAX_BYTES) -> Loaded:
    """Parse one YAML file strictly. Never raises for bad content; problems are collected."""
    path = Path(path)
    out = Loaded(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            out.problems.append(Problem.at(path, 1, 1, "file_too_large", size=_human(size), limit=_human(max_bytes)))
            return out
        raw = path.read_bytes()
    except OSError as exc:
        out.problems.append(Problem.at(path, 1, 1, "file_unreadable", reason=exc.strerror or str(exc)))
        return out
    return load_bytes(raw, path, out)


def load_bytes(raw: bytes, path: str | Path, out: Loaded | None = None) -> Loaded:
    path = Path(path)
    out = out or Loaded(path)
    text = _decode(raw, path, out)
    if text is None:
        return out
    if text.startswith("\ufeff"):
        text = text[1:]
    first = text.split("\n", 1)[0].strip()
    if first.startswith("#") and "yaml-language-server" in first:
        out.modeline = first
    if not _check_tabs(text, path, out):
        # A tab does not hide the file's other errors: read it again with the tabs as spaces, and keep what that
        # finds only if the file then parses (the tab's own error is already reported).
        # A tab's width is the editor's: try the common ones, widest first.
        for width in (8, 4, 2):
            spaced = _TAB_INDENT.sub(lambda m: m.group(0).replace("\t", " " * width), text)  # noqa: B023
            retry = load_bytes(spaced.encode("utf-8"), path)
            if retry.data is not None:
                out.data, out.positions, out.key_positions = retry.data, retry.positions, retry.key_positions
                out.problems.extend(p for p in retry.problems if p.code != "tab_indent")
                break
        return out
    if "\x00" in text:
        line, col = _line_col(text, text.index("\x00"))
        out.problems.append(Problem.at(path, line, col, "nul_byte"))
        return out
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "?"
        if exc.context_mark and exc.problem and "end of stream" in exc.problem:
            # An unclosed quote or bracket: point at where it was opened, not at the end of the file.
            mark = exc.context_mark
            problem = f"{exc.problem} ({exc.context})"
        code = "yaml_multiple_documents" if "single document" in str(exc) else syntax_code(exc)
        if code in ("yaml_unclosed_bracket", "yaml_unclosed_quote") and exc.context_mark:
            mark = exc.context_mark  # where the bracket or quote was opened
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        out.problems.append(Problem.at(path, line, col, code, problem=problem))
        return out
    except yaml.YAMLError as exc:  # errors without a mark (e.g. reader errors)
        out.problems.append(Problem.at(path, 1, 1, "yaml_syntax", problem=str(exc).splitlines()[0]))
        return out
    except RecursionError:
        out.problems.append(Problem.at(path, 1, 1, "too_deep", limit=MAX_DEPTH))
        return out
    if node is None:
        out.problems.append(Problem.at(path, 1, 1, "file_empty"))
        return out
    if not isinstance(node, yaml.MappingNode):
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        out.problems.append(Problem.at(path, line, col, "not_a_mapping", found=_node_kind(node)))
        return out
    builder = _Builder(path, out)
    try:
        out.data = builder.build(node, ())
    except _TooBig as exc:
        out.data = None
        out.problems.append(exc.problem)
    return out


# The YAML library's words for a syntax error, and the plain message each gets (messages/*.json): the library
# says "mapping values are not allowed here"; an editor needs "a ':' inside a text: put the text in quotes".
_SYNTAX_CODES = (
    ("mapping values are not allowed", "yaml_colon_in_value"),
    ("expected '-' indicator", "yaml_list_indent"),
    ("could not find expected ':'", "yaml_missing_colon"),
    ("expected <block end>", "yaml_indent"),
    ("did not find expected key", "yaml_indent"),
    ("while scanning a quoted scalar", "yaml_unclosed_quote"),
    ("while parsing a flow", "yaml_unclosed_bracket"),
    ("while scanning an alias", "yaml_special_start"),
    ("while scanning an anchor", "yaml_special_start"),
    ("found undefined alias", "yaml_special_start"),
    ("cannot start any token", "yaml_special_start"),
    ("while scanning a block scalar", "yaml_block_text"),
)


def syntax_code(exc: yaml.MarkedYAMLError) -> str:
    words = " ".join(str(x) for x in (exc.context, exc.problem) if x)
    return next((code for needle, code in _SYNTAX_CODES if needle in words), "yaml_syntax")


class _TooBig(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


class _Builder:
    def __init__(self, path: Path, out: Loaded):
        self.path = path
        self.out = out
        self.count = 0
        self.active: set[int] = set()  # node ids on the current path: a recursive alias is a cycle

    def build(self, node: yaml.Node, ptr: Pointer, depth: int = 0) -> Any:
        self.count += 1
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if self.count > MAX_NODES:
            raise _TooBig(Problem.at(self.path, line, col, "too_many_nodes", limit=MAX_NODES))
        if depth > MAX_DEPTH:
            raise _TooBig(Problem.at(self.path, line, col, "too_deep", limit=MAX_DEPTH))
        self.out.positions.setdefault(ptr, (line, col))
        if id(node) in self.active:
            raise _TooBig(Problem.at(self.path, line, col, "recursive_alias"))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, line, col)
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, ptr + (i,), depth + 1) for i, child in enumerate(node.value)]
            return self.mapping(node, ptr, depth)
        finally:
            self.active.discard(id(node))

    def scalar(self, node: yaml.ScalarNode, line: int, col: int) -> Any:
        if node.tag not in _KNOWN_TAGS:  # !!binary, !!python/..., !custom: not part of our format
            self.out.problems.append(
                Problem.at(self.path, line, col, "yaml_tag", tag=node.tag.replace("tag:yaml.org,2002:", "!!"))
            )
            return node.value if node.style else classify_plain(node.value)
        if node.style:  # quoted or block scalar: text exactly as written
            return node.value
        return classify_plain(node.value)

    def mapping(self, node: yaml.MappingNode, ptr: Pointer, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.out.problems.append(Problem.at(self.path, kline, kcol, "yaml_merge_key"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.out.problems.append(Problem.at(self.path, kline, kcol, "key_not_text"))
                continue
            key = key_node.value
            if not key_node.style and not isinstance(classify_plain(key), str):
                # `yes:` or `1:` as a key becomes a boolean or number in YAML 1.1
                self.out.problems.append(Problem.at(self.path, kline, kcol, "key_not_text_value", key=key))
            if key in result:
                first = self.out.key_positions.get(ptr + (key,), (kline, kcol))
                self.out.problems.append(
                    Problem.at(self.path, kline, kcol, "duplicate_key", key=key, first_line=first[0])
                )
                continue
            self.out.key_positions[ptr + (key,)] = (kline, kcol)
            result[key] = self.build(value_node, ptr + (key,), depth + 1)
        return result


_KNOWN_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _decode(raw: bytes, path: Path, out: Loaded) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = _line_col(good, len(good))
        out.problems.append(Problem.at(path, line, col, "invalid_utf8", byte=f"0x{raw[exc.start]:02X}"))
        return None


_TAB_INDENT = re.compile(r"^[ \t-]+", re.M)


def _check_tabs(text: str, path: Path, out: Loaded) -> bool:
    ok = True
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" \t-")
        indent = line[: len(line) - len(stripped)]
        if "\t" in indent and stripped and not stripped.startswith("#"):
            out.problems.append(Problem.at(path, n, indent.index("\t") + 1, "tab_indent"))
            ok = False
    return ok


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    return line, col


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "text" if node.style or not isinstance(classify_plain(node.value), (int, bool)) else "value"


def _human(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"
