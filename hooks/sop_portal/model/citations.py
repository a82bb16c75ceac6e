"""Locators of citations ("Pasal 54 ayat (1)", "hlm. 2") as an English reader reads them ("Article 54(1)", "p. 2").

The data writes every locator in Indonesian, the language of the regulation. :func:`english_locator` reads the
usual forms of Indonesian legal citation and writes them in English:

=====================================  =========================================
``Pasal 54``                           ``Article 54``
``Pasal 54 ayat (1)``                  ``Article 54(1)``
``Pasal 52 ayat (1) dan (2)``          ``Article 52(1) and (2)``
``Pasal 7 ayat (1) huruf a``           ``Article 7(1)(a)``
``Pasal 1 angka 6``                    ``Article 1 point 6``
``Pasal 11–12``, ``Pasal 11 dan 30``   ``Articles 11–12``, ``Articles 11 and 30``
``hlm. 2``, ``hlm. 1–2``               ``p. 2``, ``pp. 1–2``
``halaman 1 dari 95``                  ``page 1 of 95``
``Menimbang huruf b``                  ``Considerations (Menimbang) b``
``Mengingat angka 2``                  ``Legal bases (Mengingat) 2``
``Penjelasan Pasal 5``                 ``Elucidation (Penjelasan) of Article 5``
``Lampiran I``, ``Bab II``             ``Annex (Lampiran) I``, ``Chapter II``
``mengutip PP 9/2008``                 ``quoting PP 9/2008``
``Pasal 43–47 (perkiraan)``            ``Articles 43–47 (approximate)``
``hlm. 2 (Mengingat)``                 ``p. 2, Legal bases (Mengingat)``
=====================================  =========================================

The Indonesian word is kept in brackets for the parts of a regulation that have no numbered English equivalent
(Menimbang, Mengingat, Penjelasan, Lampiran): that is the word a reader looks for in the Indonesian text. Article
numbers translate one to one, so "Article 54(1)" stands alone. Document abbreviations (UU, PP, Perpres, Permen)
are names and stay as written.

Anything the reader does not recognise — a word it does not know, a form it cannot parse — is returned exactly as
written: a locator is never half translated and never garbled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["english_locator", "locator_text"]

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<doc>(?:UU|PP|Perpres|Perppu|Perpu|Keppres|Inpres|Permen(?:\s+[A-Z][A-Za-z]*)?|Perda|Perkada|Pergub|"
    r"Perbup|Perwal|Perkap|Perma|SEMA)\s+\d+/\d{4})"
    r"|(?P<num>\d+[A-Za-z]?)(?![\w/])"
    r"|(?P<paren>\((?:\d+[a-z]?|[a-z])\))"
    r"|(?P<sd>s\.\s?d\.|s/d)"
    r"|(?P<abbr>hlm\.|hal\.)"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<punct>[,;:()–—-])"
    r")"
)

_KEYWORDS = {
    "pasal",
    "ayat",
    "huruf",
    "angka",
    "dan",
    "atau",
    "sampai",
    "dengan",
    "dari",
    "halaman",
    "menimbang",
    "mengingat",
    "penjelasan",
    "lampiran",
    "bab",
    "slide",
    "mengutip",
    "penampil",
    "perkiraan",
}
_ROMAN = re.compile(r"^[IVXLC]+$")


@dataclass(frozen=True)
class _Tok:
    kind: str  # doc | num | paren | sd | abbr | word | punct | roman | letter | kw
    text: str


class _Unrecognised(Exception):
    pass


def _tokens(text: str) -> list[_Tok]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise _Unrecognised(text[pos:])
        pos = match.end()
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "word":
            if value.lower() in _KEYWORDS:
                kind, value = "kw", value.lower()
            elif _ROMAN.match(value):
                kind = "roman"
            elif len(value) == 1 and value.islower():
                kind = "letter"
            # any other word is kept as a name (Scribd) only where the grammar allows one
        elif kind == "punct" and value in "-—":
            value = "–"
        elif kind == "sd":
            kind, value = "punct", "–"
        out.append(_Tok(kind, value))
    return out


class _Parser:
    """A small recursive-descent reader of one locator; raises :class:`_Unrecognised` on anything else."""

    def __init__(self, tokens: list[_Tok]):
        self.toks = tokens
        self.i = 0

    # -- token helpers -------------------------------------------------------------------------------
    def peek(self, offset: int = 0) -> _Tok | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def at(self, kind: str, text: str | None = None, offset: int = 0) -> bool:
        tok = self.peek(offset)
        return tok is not None and tok.kind == kind and (text is None or tok.text == text)

    def take(self, kind: str, text: str | None = None) -> str:
        if not self.at(kind, text):
            raise _Unrecognised(self.peek().text if self.peek() else "<end>")
        tok = self.toks[self.i]
        self.i += 1
        return tok.text

    def conjunction(self) -> str | None:
        """', ', ' and ', ', and ', ' or ', '–' (ranges), or None; consumes nothing when there is none."""
        if self.at("punct", ",") and self.at("kw", "dan", 1):
            self.i += 2
            return ", and "
        if self.at("punct", ","):
            self.i += 1
            return ", "
        if self.at("kw", "dan"):
            self.i += 1
            return " and "
        if self.at("kw", "atau"):
            self.i += 1
            return " or "
        if self.at("punct", "–"):
            self.i += 1
            return "–"
        if self.at("kw", "sampai") and self.at("kw", "dengan", 1):
            self.i += 2
            return "–"
        return None

    def items(self, item, keyword: str | None = None) -> list[tuple[str, str]]:
        """One item, then more joined by conjunctions: [('', first), (' and ', second), ...]. A conjunction not
        followed by another item (optionally after the keyword repeated: 'ayat (1) dan ayat (2)') is left alone."""
        out = [("", item())]
        while True:
            start = self.i
            conj = self.conjunction()
            if conj is None:
                return out
            if keyword and self.at("kw", keyword):
                self.i += 1
            try:
                out.append((conj, item()))
            except _Unrecognised:
                self.i = start
                return out

    @staticmethod
    def joined(items: list[tuple[str, str]], fmt: str = "{}") -> str:
        return "".join(conj + fmt.format(value) for conj, value in items)

    # -- grammar -------------------------------------------------------------------------------------
    def locator(self) -> str:
        parts = [self.segment()]
        while self.peek() is not None and not self.at("punct", ")"):
            sep = self.take("punct")
            if sep not in ",;":
                raise _Unrecognised(sep)
            parts.append(f"{sep} " + self.segment())
        return "".join(parts)

    def segment(self) -> str:
        core = self.core()
        if self.at("punct", "("):
            self.i += 1
            if self.at("kw", "perkiraan"):
                self.i += 1
                inner, plain = "approximate", True
            else:
                inner = self.locator()
                plain = "(" not in inner
            self.take("punct", ")")
            core += f" ({inner})" if plain else f", {inner}"
        return core

    def core(self) -> str:
        tok = self.peek()
        if tok is None:
            raise _Unrecognised("<end>")
        if tok.kind == "doc":
            self.i += 1
            return tok.text + (" " + self.articles() if self.at("kw", "pasal") else "")
        if tok.kind == "abbr":
            self.i += 1
            return self.pages("p.", "pp.")
        if tok.kind != "kw":
            raise _Unrecognised(tok.text)
        word = tok.text
        self.i += 1
        if word == "pasal":
            self.i -= 1
            return self.articles()
        if word == "halaman":
            return self.pages("page", "pages")
        if word == "menimbang":
            return "Considerations (Menimbang)" + self.sub_items("huruf", self.letter)
        if word == "mengingat":
            return "Legal bases (Mengingat)" + self.sub_items("angka", self.number)
        if word == "penjelasan":
            return "Elucidation (Penjelasan)" + (" of " + self.articles() if self.at("kw", "pasal") else "")
        if word == "lampiran":
            return "Annex (Lampiran)" + (
                " " + self.take(self.peek().kind) if self.at("roman") or self.at("num") else ""
            )
        if word == "bab":
            return "Chapter " + self.take("roman" if self.at("roman") else "num")
        if word == "slide":
            return "slide " + self.joined(self.items(self.number))
        if word == "mengutip":
            return "quoting " + self.segment()
        if word == "penampil" and self.at("word") and self.at("punct", ":", 1):
            name = self.take("word")
            self.take("punct", ":")
            return f"{name} viewer: " + self.segment()
        raise _Unrecognised(word)

    def number(self) -> str:
        return self.take("num")

    def letter(self) -> str:
        return self.take("letter")

    def sub_items(self, keyword: str, item) -> str:
        """' b', ' a and b', ' 2' after Menimbang / Mengingat (the keyword huruf / angka itself is dropped)."""
        if not self.at("kw", keyword):
            return ""
        self.i += 1
        return " " + self.joined(self.items(item, keyword))

    def pages(self, one: str, many: str) -> str:
        items = self.items(lambda: self.take("roman" if self.at("roman") else "num"))
        text = f"{many if len(items) > 1 else one} {self.joined(items)}"
        if self.at("kw", "dari"):
            self.i += 1
            text += " of " + self.number()
        return text

    def articles(self) -> str:
        """'Pasal 52 ayat (1) dan (2)', 'Pasal 11 dan Pasal 30', 'Pasal 11–12': one or more articles."""
        self.take("kw", "pasal")
        units = [("", self.article_unit())]
        while True:
            start = self.i
            conj = self.conjunction()
            if conj is None:
                break
            if self.at("kw", "pasal"):
                self.i += 1
            if not self.at("num"):
                self.i = start
                break
            units.append((conj, self.article_unit()))
        if all(not subs for _, (_, subs) in units):  # bare numbers: 'Articles 11 and 30', 'Articles 11–12'
            word = "Articles" if len(units) > 1 else "Article"
            return f"{word} " + "".join(conj + number for conj, (number, _) in units)
        return "".join(f"{conj}Article {number}{subs}" for conj, (number, subs) in units)

    def article_unit(self) -> tuple[str, str]:
        number = self.take("num")
        subs = ""
        while True:
            if self.at("kw", "ayat") and self.at("paren", offset=1):
                self.i += 1
                subs += self.joined(self.items(lambda: self.take("paren"), "ayat"))
            elif self.at("kw", "huruf") and self.at("letter", offset=1):
                self.i += 1
                subs += self.joined(self.items(self.letter, "huruf"), "({})")
            elif self.at("kw", "dan") and self.at("kw", "ayat", 1) and self.at("paren", offset=2):
                self.i += 2  # 'Pasal 20 ayat (1) huruf a dan ayat (2)' -> 'Article 20(1)(a) and (2)'
                subs += " and " + self.take("paren")
            elif self.at("kw", "angka") and self.at("num", offset=1):
                self.i += 1
                items = self.items(self.number, "angka")
                subs += (" points " if len(items) > 1 else " point ") + self.joined(items)
            else:
                return number, subs


@lru_cache(maxsize=4096)
def english_locator(text: str) -> str:
    """The locator in English ('Pasal 54 ayat (1)' -> 'Article 54(1)'); what it does not recognise, as written."""
    if not text or not text.strip():
        return text
    try:
        tokens = _tokens(text)
        parser = _Parser(tokens)
        out = parser.locator()
        if parser.peek() is not None:
            raise _Unrecognised(parser.peek().text)
        return out
    except (_Unrecognised, IndexError, AttributeError):
        return text


def locator_text(text: str | None, lang: str) -> str:
    """A locator as the reader of ``lang`` reads it: English for 'en', the data's own words otherwise."""
    if not text:
        return ""
    return english_locator(text) if lang == "en" else text
