"""Our own stylesheets and scripts (docs/assets/*.css, *.js) as the site serves them: without comments and indentation.

The sources explain themselves at length; a phone downloads those words on its first visit to every page (a third of
sop.css, gzip included). Only comments and whitespace go: strings, regular expressions and line breaks stay, so the
code is the same code (no renaming, no rewriting; a line break may end a JavaScript statement, so none is removed).
Material's files (already minified) and vendored ones (assets/vendor/) are left alone. Idempotent. No MkDocs imports.
"""

from __future__ import annotations

import re
from pathlib import Path

_JS_KEYWORDS_BEFORE_REGEX = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw"}
_JS_PUNCTUATION_BEFORE_REGEX = set("(,=:[!&|?{};+-*%<>~^")


def _string_end(text: str, start: int) -> int:
    """Index just past the string literal that opens at ``start`` (its quote character)."""
    quote, i = text[start], start + 1
    while i < len(text) and text[i] != quote:
        if text[i] == "\n" and quote != "`":
            raise ValueError(f"unterminated string at {start}")
        i += 2 if text[i] == "\\" else 1
    if i >= len(text):
        raise ValueError(f"unterminated string at {start}")
    return i + 1


def _regex_end(text: str, start: int) -> int:
    """Index just past the regular expression literal (flags included) that opens at ``start``."""
    i, in_class = start + 1, False
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "\n":
            break
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif c == "/" and not in_class:
            i += 1
            while i < len(text) and (text[i].isalpha()):
                i += 1
            return i
        i += 1
    raise ValueError(f"unterminated regular expression at {start}")


def _regex_may_start(out: list[str]) -> bool:
    """Whether a '/' after what was written so far opens a regular expression (else it divides)."""
    code = "".join(out[-8:]).rstrip()
    if not code:
        return True
    if code[-1] in _JS_PUNCTUATION_BEFORE_REGEX:
        return True
    word = re.search(r"[A-Za-z_$][\w$]*$", code)
    return bool(word) and word.group(0) in _JS_KEYWORDS_BEFORE_REGEX


def strip_js(text: str) -> str:
    """JavaScript without comments, indentation and blank lines; everything else as written."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"`":
            end = _string_end(text, i)
            out.append(text[i:end])
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise ValueError(f"unterminated comment at {i}")
            out.append("\n" if "\n" in text[i:end] else " ")
            i = end + 2
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c == "/" and _regex_may_start(out):
            end = _regex_end(text, i)
            out.append(text[i:end])
            i = end
        elif c.isspace():
            end = i
            while end < n and text[end].isspace():
                end += 1
            out.append("\n" if "\n" in text[i:end] else " ")
            i = end
        else:
            end = i
            while end < n and not text[end].isspace() and text[end] not in "'\"`/":
                end += 1
            out.append(text[i : max(end, i + 1)])
            i = max(end, i + 1)
    lines = (line.strip() for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def strip_css(text: str) -> str:
    """CSS without comments, one rule a line; outside strings, whitespace runs become one space and none is left
    around braces and semicolons."""
    pieces: list[tuple[bool, str]] = []  # (is a string, text)
    i, n, start = 0, len(text), 0
    while i < n:
        if text[i] in "'\"":
            end = _string_end(text, i)
            pieces += [(False, text[start:i]), (True, text[i:end])]
            i = start = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise ValueError(f"unterminated comment at {i}")
            pieces.append((False, text[start:i] + " "))
            i = start = end + 2
        else:
            i += 1
    pieces.append((False, text[start:]))
    merged: list[tuple[bool, str]] = []  # a comment between two pieces of code: one piece
    for is_string, piece in pieces:
        if merged and not is_string and not merged[-1][0]:
            merged[-1] = (False, merged[-1][1] + piece)
        else:
            merged.append((is_string, piece))
    css = "".join(
        piece if is_string else re.sub(r" ?([{};]) ?", r"\1", re.sub(r"\s+", " ", piece)).replace("}", "}\n")
        for is_string, piece in merged
    )
    lines = (line.strip() for line in css.split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def minify_own_assets(site_dir: str | Path) -> int:
    """Strip the site's own assets/*.css and assets/*.js in place; returns the bytes saved."""
    saved = 0
    assets = Path(site_dir) / "assets"
    if not assets.is_dir():
        return 0
    for path in sorted(assets.iterdir()):
        if not path.is_file() or ".min." in path.name or path.suffix not in (".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8")
        small = strip_css(text) if path.suffix == ".css" else strip_js(text)
        if small != text:
            path.write_text(small, encoding="utf-8")
            saved += len(text.encode("utf-8")) - len(small.encode("utf-8"))
    return saved
