"""Where every page of the site lives, and the stub pages generated from the data.

Pages for data entities (one per service, checklist and actor) are real Markdown files that hold
only a marker such as ``<!-- sop:service pemulangan -->``. They are written into folders that the
generator owns (``docs/layanan/``, ``docs/daftar-periksa/``, ``docs/aktor/``, ``docs/pohon/``; gitignored) before
MkDocs collects its files, so the i18n plugin sees ordinary ``x.md`` + ``x.en.md`` pairs and a
district fork that adds an actor never writes a stub by hand. A file is only written when its content
changes, otherwise ``mkdocs serve`` would rebuild forever.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sop_portal.messages.ui import SiteError
from sop_portal.model import Portal

LANGS = ("id", "en")
DEFAULT_LANG = "id"

# Written after the marker: MkDocs takes a page's title from its first element, which must be the rendered <h1>.
GENERATED_NOTE = "<!-- Generated from sop_data by sop_portal/site/pages.py: do not edit, changes are overwritten. -->"

# Source paths (relative to docs/, without the language suffix) of every page the templates link to.
HOME = "index.md"
SERVICES_INDEX = "layanan/index.md"
CHECKLISTS_INDEX = "daftar-periksa/index.md"
ACTORS_INDEX = "aktor/index.md"
MATRIX = "matriks.md"
CONTACTS = "kontak.md"
GLOSSARY = "glosarium.md"
ABOUT = "tentang/index.md"
CHANGELOG = "tentang/versi.md"
LEGEND = "tentang/status.md"
REVIEW = "tentang/tinjauan.md"
TREES_INDEX = "pohon/index.md"

GENERATED_DIRS = ("layanan", "daftar-periksa", "aktor", "pohon")


def service_page(service_id: str) -> str:
    return f"layanan/{service_id}.md"


def checklist_page(service_id: str) -> str:
    return f"daftar-periksa/{service_id}.md"


def actor_page(actor_id: str) -> str:
    return f"aktor/{actor_id}.md"


def tree_page(tree_id: str) -> str:
    """A decision tree's page; each question and outcome is an anchor on it named by the node id."""
    return f"pohon/{tree_id}.md"


def stub_pages(portal: Portal) -> dict[str, str]:
    """Every generated page (path without language suffix) and the marker it holds."""
    pages = {
        SERVICES_INDEX: "<!-- sop:services -->",
        CHECKLISTS_INDEX: "<!-- sop:checklists -->",
        ACTORS_INDEX: "<!-- sop:actors -->",
    }
    for svc in portal.services:
        pages[service_page(svc.id)] = f"<!-- sop:service {svc.id} -->"
        pages[checklist_page(svc.id)] = f"<!-- sop:checklist {svc.id} -->"
    for actor_id in portal.actors:
        pages[actor_page(actor_id)] = f"<!-- sop:actor {actor_id} -->"
    pages[TREES_INDEX] = "<!-- sop:trees -->"
    for tree in portal.trees:
        pages[tree_page(tree.id)] = f"<!-- sop:tree {tree.id} -->"
    return pages


def stub_text(marker: str) -> str:
    return f"{marker}\n{GENERATED_NOTE}\n"


def localized(path: str, lang: str) -> str:
    """``layanan/x.md`` -> ``layanan/x.en.md`` for a non-default language."""
    return path if lang == DEFAULT_LANG else path[: -len(".md")] + f".{lang}.md"


@dataclass(frozen=True)
class Stubs:
    """Generated pages (path without language suffix -> the file's text) and the folders the generator owns there."""

    texts: dict[str, str]
    folders: tuple[str, ...]


def national_stubs(portal: Portal) -> Stubs:
    return Stubs({path: stub_text(marker) for path, marker in stub_pages(portal).items()}, GENERATED_DIRS)


@dataclass
class StubReport:
    written: list[str]
    removed: list[str]


def write_stubs(docs_dir: str | Path, *stubs: Stubs) -> StubReport:
    """The one stub writer (national pages, district pages): bring the generated folders in line with the data,
    writing a stub only when its text changes (or `mkdocs serve` would rebuild forever) and removing stale ones. A
    file in a generated folder that the generator did not write is an error, never deleted."""
    docs = Path(docs_dir)
    wanted: dict[Path, str] = {}
    for group in stubs:
        for path, text in group.texts.items():
            for lang in LANGS:
                wanted[docs / localized(path, lang)] = text
    written, removed = [], []
    for folder in (f for group in stubs for f in group.folders):
        for existing in sorted((docs / folder).rglob("*.md")) if (docs / folder).is_dir() else []:
            if existing in wanted:
                continue
            if GENERATED_NOTE not in existing.read_text(encoding="utf-8"):
                raise SiteError("generated_folder", path=str(existing), folder=folder)
            existing.unlink()
            removed.append(existing.relative_to(docs).as_posix())
    for target, content in wanted.items():
        try:
            current = target.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            written.append(target.relative_to(docs).as_posix())
    return StubReport(written, removed)


def missing_translations(docs_dir: str | Path) -> list[SiteError]:
    """Pages that exist in one language only: one error per missing twin."""
    docs = Path(docs_dir)
    by_base: dict[str, set[str]] = {}
    for md in docs.rglob("*.md"):
        rel = md.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in Path(rel).parts):
            continue  # MkDocs ignores hidden files
        suffix = Path(rel).suffixes
        lang = suffix[-2].lstrip(".") if len(suffix) >= 2 and suffix[-2].lstrip(".") in LANGS else DEFAULT_LANG
        base = rel if lang == DEFAULT_LANG else rel[: -len(f".{lang}.md")] + ".md"
        by_base.setdefault(base, set()).add(lang)
    problems = []
    for base, langs in sorted(by_base.items()):
        for lang in LANGS:
            if lang not in langs:
                have = localized(base, sorted(langs)[0])
                problems.append(SiteError("no_translation", have=have, missing=localized(base, lang)))
    return problems


NavRule = Callable[[object], object | None]


def expand_nav(nav: list | None, *rules: NavRule) -> list | None:
    """The one nav expander: each rule looks at a nav section's target (a page or a list) and returns what replaces
    it, or None; sections no rule replaces are searched inside. Rules are idempotent, as hooks run once per language.
    """
    if not nav:
        return nav
    out = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            ((title, target),) = item.items()
            for rule in rules:
                replaced = rule(target)
                if replaced is not None:
                    item = {title: replaced}
                    break
            else:
                if isinstance(target, list):
                    item = {title: expand_nav(target, *rules)}
        out.append(item)
    return out


def chapters_rule(portal: Portal) -> NavRule:
    """``- Layanan: layanan/index.md`` becomes a section holding the index and every chapter in data order, so a fork
    that adds a chapter does not edit mkdocs.yml."""
    chapters = [SERVICES_INDEX] + [service_page(s.id) for s in portal.services]

    def rule(target):
        if target == SERVICES_INDEX or (isinstance(target, list) and SERVICES_INDEX in target):
            return chapters
        return None

    return rule


def relative(from_page: str, to_page: str, anchor: str | None = None) -> str:
    """A Markdown link target from one page to another (MkDocs checks and rewrites it)."""
    rel = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return rel + (f"#{anchor}" if anchor else "")
