"""Search per language: split the combined index that mkdocs-static-i18n leaves behind, and turn on stemming.

mkdocs-static-i18n writes one search index for both languages, so an Indonesian reader gets English results too,
and Material's Indonesian setting switches lunr's stemmer off. After the build we write:

* ``search/search_index.json`` with the Indonesian pages only, ``lang: ["id"]`` and a pipeline with the stemmer
  (``overrides/assets/javascripts/lunr/min/lunr.id.min.js`` provides it);
* ``en/search/search_index.json`` with the English pages only, ``lang: ["en"]`` (no stemmer: see ``PIPELINES``);
* for the offline build, ``search/search_index.js`` that picks the index matching the page's language.

English pages are pointed at their index by a small script (``overrides/partials/sop-requests.html``).

Before the split, the contact directory's cards become search documents of their own (:func:`split_contact_cards`):
Material only divides a page at headings, so every card of the directory sat in the text of one long section,
where "110" or "SAPA 129" weighed no more than a mention in a decision tree. As a document titled with the card's
name ("Call Center Polri 110"), the card is found by its number and its name, and the result links to the card.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from sop_portal.site.pages import CONTACTS

# lunr pipelines per language. Material's search adds a trailing wildcard to every word typed, and lunr runs no
# pipeline on wildcard terms: an index stemmed with lunr's English stemmer then misses "victims*" ("victim") and
# "protection*" ("protect"), which is why Material's own English setting has no stemmer. Indonesian gets one that
# keeps each word and adds its stem, and also stems the query (lunr.id.min.js).
PIPELINES = {"id": ["trimmer", "stopWordFilter", "stemmer"], "en": ["trimmer", "stopWordFilter"]}
SECONDARY_PREFIX = "en/"

# The contact directory (docs/kontak.md) is where a reader looks for a number or a hotline; its cards (an element
# with the class "sop-card" and an id, written by overrides/sop/_contact.md.html) become documents of their own.
# Weights, as lunr document boosts (Material's worker passes a document's "boost" to lunr): Material scores a page
# up to 5 times a section holding the same words (score * (1 + g^2), g = 1 for a page + the share of words found),
# and a title match a thousand times a text match. The directory's words ("hotline", "nomor darurat", the
# hand-written text of kontak.md) sit in sections, the decision trees that mention them in pages: the directory's
# page and sections weigh DIRECTORY_BOOST, so they come first. A card weighs CARD_BOOST: with its name as title
# it comes before pages that name "polisi" in their title and 110 in their text ("polisi 110"), yet after the page
# of the body it belongs to ("perlindungan saksi dan korban" finds aktor/lpsk/ first, then the LPSK card).
# Measured with tests/search_queries.yaml; raising either puts the directory above pages it should follow.
DIRECTORY = CONTACTS.removesuffix(".md")
DIRECTORY_BOOST = 4.0
CARD_BOOST = 2.0
CARD_CLASS = "sop-card"
FLAG_CLASS = "sop-flag"  # "not trafficking-specific", "closed": shown next to the name, indexed as text


def split_index(index: dict, secondary: str = "en") -> dict[str, dict]:
    """{"id": index_of_id_pages, "en": index_of_en_pages}; each keeps Material's config with its own language."""
    prefix = f"{secondary}/"
    docs = index.get("docs", [])
    base_config = {k: v for k, v in index.get("config", {}).items() if k not in ("lang", "pipeline")}
    primary_docs = [d for d in docs if not d.get("location", "").startswith(prefix)]
    secondary_docs = [d for d in docs if d.get("location", "").startswith(prefix)]
    return {
        "id": {"config": {**base_config, "lang": ["id"], "pipeline": PIPELINES["id"]}, "docs": primary_docs},
        secondary: {
            "config": {**base_config, "lang": [secondary], "pipeline": PIPELINES.get(secondary, ["trimmer"])},
            "docs": secondary_docs,
        },
    }


# -- contact cards as documents -----------------------------------------------------------------------------


def _classes(attrs: list[tuple[str, str | None]]) -> list[str]:
    return (dict(attrs).get("class") or "").split()


class _CardFinder(HTMLParser):
    """The contact cards of a page: for each, its id, the span of its HTML, the span of its first paragraph (the
    card's name) and the spans of the flags inside that paragraph."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.stack: list[str] = []
        self.cards: list[dict] = []
        self.card: dict | None = None  # the open card: {"id", "depth", "start", "end", "name", "flags"}
        self.marks: list[tuple[str, int]] = []  # open name paragraph / flag: (what, depth)
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _end_offset(self) -> int:
        return self.html.index(">", self._offset()) + 1

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.stack.append(tag)
        depth, card = len(self.stack), self.card
        if card is None:
            ident = dict(attrs).get("id")
            if CARD_CLASS in _classes(attrs) and ident:
                self.card = {"id": ident, "depth": depth, "start": self._offset(), "name": None, "flags": []}
        elif card["name"] is None and tag == "p" and not self.marks:
            card["name"] = [self._offset(), None]
            self.marks.append(("name", depth))
        elif self.marks and self.marks[-1][0] == "name" and FLAG_CLASS in _classes(attrs):
            card["flags"].append([self._offset(), None])
            self.marks.append(("flag", depth))

    def handle_startendtag(self, tag, attrs):
        pass  # <br/>, <img/>: nothing to track

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return
        while self.stack:
            depth = len(self.stack)
            closed = self.stack.pop()
            card = self.card
            if card is not None:
                if self.marks and self.marks[-1][1] == depth:
                    what, _ = self.marks.pop()
                    span = card["name"] if what == "name" else card["flags"][-1]
                    span[1] = self._end_offset()
                if depth == card["depth"]:
                    card["end"] = self._end_offset()
                    if card["name"] is not None and card["name"][1] is not None:
                        self.cards.append(card)
                    self.card, self.marks = None, []
            if closed == tag:
                break


def _material_text(html: str) -> str:
    """The text Material's search plugin indexes for this piece of HTML (its own parser, so the format matches)."""
    from material.plugins.search.plugin import Parser  # imported here: only builds need it

    parser = Parser()
    parser.feed(html)
    parser.close()
    return " ".join("".join(section.text).strip() for section in parser.data if section.text).strip()


def _strip_tags(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()


def contact_cards(html: str) -> list[dict]:
    """Each card of a page as {"id", "title", "text", "whole"}: the title is the card's name (its first paragraph
    without the flags), the text the rest of the card (flags first), "whole" the text the card adds to the section
    that holds it in Material's index."""
    cards = []
    for card in _CardFinder(html).cards:
        start, end = card["start"], card["end"]
        name_start, name_end = card["name"]
        name = html[name_start:name_end]
        flags = "".join(html[a:b] for a, b in card["flags"])
        for a, b in sorted(card["flags"], reverse=True):
            name = name[: a - name_start] + name[b - name_start :]
        rest = html[start:name_start] + (f"<p>{flags}</p>" if flags else "") + html[name_end:end]
        cards.append(
            {
                "id": card["id"],
                "title": _strip_tags(_material_text(name)),
                "text": _material_text(rest),
                "whole": _material_text(html[start:end]),
            }
        )
    return cards


def page_of(location: str) -> str:
    return location.split("#", 1)[0]


def directory_pages(docs: list[dict], secondary: str = "en") -> list[str]:
    """The locations of the directory page in each language: kontak/ online, kontak.html in the offline build."""
    wanted = {f"{prefix}{DIRECTORY}{tail}" for prefix in ("", f"{secondary}/") for tail in ("/", ".html")}
    return [d["location"] for d in docs if d.get("location") in wanted]


def html_file(site: Path, location: str) -> Path:
    page = page_of(location)
    return site / (page + "index.html" if page.endswith("/") or not page else page)


def split_contact_cards(docs: list[dict], page: str, html: str) -> list[dict]:
    """``docs`` with each contact card of ``page`` taken out of the section that holds it and added after that
    section as a document of its own (location ``page#card-id``, title the card's name). A card whose text cannot
    be found in one section is left where it is: the text is never indexed twice. The cards get ``CARD_BOOST``,
    the page's other documents ``DIRECTORY_BOOST``."""
    out = [dict(d) for d in docs]
    own = [d for d in out if page_of(d.get("location", "")) == page]
    added: dict[int, list[dict]] = {}
    for card in contact_cards(html):
        holder = next((d for d in own if card["whole"] and card["whole"] in d.get("text", "")), None)
        if holder is None:
            continue
        before, _, after = holder["text"].partition(card["whole"])
        holder["text"] = " ".join(part for part in (before.rstrip(), after.lstrip()) if part)
        added.setdefault(id(holder), []).append(
            {"location": f"{page}#{card['id']}", "title": card["title"], "text": card["text"]}
        )
    result = []
    for d in out:
        result.append(d)
        result.extend(added.get(id(d), []))
    for d in own:
        d["boost"] = DIRECTORY_BOOST
    for cards in added.values():
        for d in cards:
            d["boost"] = CARD_BOOST
    return result


def with_contact_cards(index: dict, site: Path, secondary: str = "en") -> dict:
    """The combined index with the directory's cards as documents in each language (:func:`split_contact_cards`)."""
    docs = index.get("docs", [])
    for page in directory_pages(docs, secondary):
        path = html_file(site, page)
        if path.is_file():
            docs = split_contact_cards(docs, page, path.read_text(encoding="utf-8"))
    return {**index, "docs": docs}


def offline_script(indexes: dict[str, dict]) -> str:
    """``search_index.js`` for file://: Material loads it with a script tag and reads ``__index``."""
    body = ",".join(
        f"{json.dumps(lang)}:{json.dumps(idx, ensure_ascii=False, separators=(',', ':'))}"
        for lang, idx in indexes.items()
    )
    return (
        "var __sop_indexes={" + body + "};var __index=__sop_indexes[document.documentElement.lang]||__sop_indexes.id;\n"
    )


def rewrite_site_search(site_dir: str | Path, secondary: str = "en") -> dict[str, int] | None:
    """Split the combined index in a built site; returns the number of documents per language, or None."""
    site = Path(site_dir)
    combined_path = site / "search" / "search_index.json"
    if not combined_path.is_file():
        return None
    combined = json.loads(combined_path.read_text(encoding="utf-8"))
    locations = [d.get("location", "") for d in combined.get("docs", [])]
    if not any(loc.startswith(f"{secondary}/") for loc in locations):
        return None  # already split (e.g. a rebuild of one language), or a site without the second language
    if all(loc.startswith(f"{secondary}/") for loc in locations):
        return None  # the i18n plugin's pass for the second language: the combined index is written after it
    indexes = split_index(with_contact_cards(combined, site, secondary), secondary)
    for lang, idx in indexes.items():
        target = site / ("" if lang == "id" else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(idx, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    offline = site / "search" / "search_index.js"
    if offline.exists():
        offline.write_text(offline_script(indexes), encoding="utf-8")
    return {lang: len(idx["docs"]) for lang, idx in indexes.items()}


def index_languages(site_dir: str | Path) -> list[tuple[str, ...]]:
    """The lunr languages of each search index of the built site (what the search worker will load for it)."""
    site = Path(site_dir)
    found = []
    for path in (site / "search" / "search_index.json", *sorted(site.glob("*/search/search_index.json"))):
        if path.is_file():
            found.append(tuple(json.loads(path.read_text(encoding="utf-8")).get("config", {}).get("lang", [])))
    return found


def is_split(site_dir: str | Path, secondary: str = "en") -> bool:
    """True once the site holds one index per language (the state after :func:`rewrite_site_search`)."""
    site = Path(site_dir)
    primary = site / "search" / "search_index.json"
    if not primary.is_file() or not (site / secondary / "search" / "search_index.json").is_file():
        return False
    docs = json.loads(primary.read_text(encoding="utf-8")).get("docs", [])
    return not any(d.get("location", "").startswith(f"{secondary}/") for d in docs)
