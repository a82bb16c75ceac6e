"""Data errors: one line each, ``PATH:LINE:COL: what is wrong — how to fix it``, in Indonesian or English."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located in a file.

    ``code`` names a message in ``messages/<lang>.json``; ``params`` fill its placeholders.
    ``severity`` is ``error`` (validation fails) or ``warning`` (reported, exit code unchanged).
    """

    path: str
    line: int
    col: int
    code: str
    params: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    severity: str = field(default="error", compare=False)

    @classmethod
    def at(
        cls, path: str | os.PathLike, line: int, col: int, code: str, severity: str = "error", **params
    ) -> "Problem":
        return cls(str(path), line, col, code, tuple(sorted((k, str(v)) for k, v in params.items())), severity)

    def message(self, lang: str = "id") -> str:
        what, fix = render_message(self.code, dict(self.params), lang)
        return f"{what} — {fix}" if fix else what

    def format(self, lang: str = "id", cwd: str | os.PathLike | None = None) -> str:
        prefix = "" if self.severity == "error" else f"{label('warning', lang)}: "
        return f"{display_path(self.path, cwd)}:{self.line}:{self.col}: {prefix}{self.message(lang)}"


class DataError(Exception):
    """Raised by library functions when data is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the SOP data")
        self.problems = problems


def display_path(path: str | os.PathLike, cwd: str | os.PathLike | None = None) -> str:
    """PATH relative to the current directory when it lies below it, else as given."""
    p = Path(path)
    base = Path(cwd) if cwd else Path.cwd()
    try:
        return os.path.relpath(p.resolve(), base.resolve()) if p.is_absolute() or p.exists() else str(p)
    except ValueError:  # another drive on Windows
        return str(p)


def catalog(lang: str) -> dict:
    """The validator's and CLI's messages in ``lang`` (messages/__init__.py is the one loader)."""
    from sop_portal.messages import load

    return load("validator", lang)


_WORD_PARAMS = {"kind", "expected", "found", "language", "hint", "where"}


class _Keep(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def render_message(code: str, params: dict, lang: str) -> tuple[str, str]:
    entry = catalog(lang)["problems"][code]  # no fallback to the other language: the tests check parity
    words = catalog(lang).get("words", {})
    # Parameters holding a vocabulary word ("number", "actor", "hint_text") are translated too.
    fmt = _Keep({k: words.get(v, v) if k in _WORD_PARAMS else v for k, v in params.items()})
    if "suggestion" in params:  # "did you mean ..." in the reader's language, or nothing
        fmt["suggestion"] = label("did_you_mean", lang, suggestion=params["suggestion"]) if params["suggestion"] else ""
    return entry["what"].format_map(fmt), entry.get("fix", "").format_map(fmt)


def label(key: str, lang: str, **params) -> str:
    return catalog(lang)["labels"][key].format_map(_Keep(params))
