"""Editorial and reviewer notes never reach public pages, exports or handouts (issue 12).

Every export (vCard, CSV, JSON, in both languages, national and district) and the handout pack's HTML (rendered
without chromium) is read the way its reader reads it — the vCard unfolded and unescaped by vobject, the CSV cell by
cell, the JSON string by string, the HTML without tags and entities — and must hold none of the editorial phrases,
no contact's ``review_note`` and no internal file name. The data is the project's own, and a copy whose review notes
carry a unique canary and the editorial phrases themselves, so the test keeps biting when today's notes change.

The built site is checked too (``@pytest.mark.site``): every page and file except the review page
(tentang/tinjauan), the one place review notes are meant for, and its entry in the search index. The site's guides for
district editors name data files on purpose, so on the site only phrases and review notes are looked for.
"""

from __future__ import annotations

import csv
import datetime as _dt
import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import vobject

from conftest import DATA_DIR
from sop_portal.build.portal import load_with_districts
from sop_portal.outputs import handouts
from sop_portal.outputs.export import FORMATS

TODAY = _dt.date(2026, 11, 23)
DISTRICT = "timor-tengah-utara"
LANGS = ("id", "en")
CANARY = "CANARY-REVIEW-4471"

# Words of the team's own notes (the fact sheet, the review status): never in front of a reader.
EDITORIAL = re.compile(r"sop-facts|periksa ulang sebelum dipublikasikan|re-check before publishing|desk review", re.I)
# Internal file names: the fact sheet, data files, Markdown sources, the data folder.
FILE_NAMES = re.compile(r"sop-facts|sop_data|[\w./-]+\.ya?ml\b|\b[\w-]+\.md\b", re.I)


def _canary_data(dest: Path) -> Path:
    """The project's data with a review note on every contact that has one replaced by a canary made of the
    editorial phrases (both languages), and one added to a district contact."""
    shutil.copytree(DATA_DIR, dest)
    for path in [dest / "contacts" / "national.yaml", dest / "districts" / DISTRICT / "contacts.yaml"]:
        text = path.read_text(encoding="utf-8")
        n = 0

        def canary(match: re.Match) -> str:
            nonlocal n
            n += 1
            return (
                f'{match.group(1)}review_note:\n{match.group(1)}  id: "{CANARY}-{n} sop-facts §8: Periksa ulang '
                f'sebelum dipublikasikan (desk review)."\n{match.group(1)}  en: "{CANARY}-{n} sop-facts §8: '
                f'Re-check before publishing (desk review)."\n'
            )

        text = re.sub(r"(?m)^( +)review_note:\n(?:\1  (?:id|en): .*\n){2}", canary, text)
        if n == 0:  # the district has no review note yet: give its first contact one
            text = re.sub(
                r"(?m)^(    verification: open\n)",
                lambda m: m.group(1)
                + f'''    review_note:
      id: "{CANARY}-d Nomor dicek di contacts.yaml dan sop-facts."
      en: "{CANARY}-d Number checked in contacts.yaml and sop-facts."
''',
                text,
                count=1,
            )
        path.write_text(text, encoding="utf-8")
    return dest


def _portals(national, district):
    return {"national": (national, frozenset()), "district": (district, frozenset(district.district.local_contact_ids))}


@pytest.fixture(scope="module")
def canary_portals(tmp_path_factory):
    national, districts = load_with_districts(_canary_data(tmp_path_factory.mktemp("editorial") / "sop_data"))
    return _portals(national, districts[DISTRICT])


@pytest.fixture(scope="module")
def project_portals(site_portal, district_portal):
    return _portals(site_portal, district_portal)


@pytest.fixture(params=["project", "canary"])
def portals(request):
    """The project's own data, and the copy whose review notes are canaries."""
    return request.getfixturevalue(f"{request.param}_portals")


def _review_notes(portals) -> set[str]:
    notes = set()
    for portal, _ in portals.values():
        for c in portal.contacts:  # restricted ones too: their notes are no more public than the rest
            if c.review_note:
                notes |= {c.review_note.id, c.review_note.en}
    return notes


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _read_as_reader(fmt: str, text: str) -> list[str]:
    """The texts a reader of the file sees: decoded, unfolded, unescaped."""
    if fmt == "vcf":
        out = []
        for card in vobject.readComponents(text):
            for lines in card.contents.values():
                for line in lines:
                    out.append(str(line.value))
                    out += [str(v) for vs in line.params.values() for v in vs]
        return out
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
        return [cell for row in rows for cell in row]
    if fmt == "json":
        out = []

        def walk(node):
            if isinstance(node, dict):
                for k, v in node.items():
                    out.append(str(k))
                    walk(v)
            elif isinstance(node, list):
                for v in node:
                    walk(v)
            elif node is not None:
                out.append(str(node))

        walk(json.loads(text))
        return out
    # HTML: the text without tags, entities decoded, and the attribute values (titles, alt texts) separately
    return [html.unescape(re.sub(r"<[^>]+>", " ", text)), *map(html.unescape, re.findall(r'="([^"]*)"', text))]


def _outputs(portals):
    """(name, format, file text) of every export and of the handout pack, in both languages."""
    for key, (portal, local_ids) in portals.items():
        for lang in LANGS:
            for fmt, export in FORMATS.items():
                yield f"{key}.{lang}.{fmt}", fmt, export(portal, lang)
            yield f"{key}.{lang}.handouts", "html", handouts.render_html(portal, lang, TODAY, local_ids)
            yield f"{key}.{lang}.handouts-footer", "html", handouts.render_footer(portal, lang, TODAY)


def _problems(name: str, texts: list[str], notes: set[str], file_names: bool = True) -> list[str]:
    found = []
    joined = _norm(" \n ".join(texts))
    for match in EDITORIAL.finditer(joined):
        found.append(f"{name}: editorial phrase {match.group(0)!r}")
    if file_names:
        for match in FILE_NAMES.finditer(joined):
            found.append(f"{name}: internal file name {match.group(0)!r}")
    for note in notes:
        if _norm(note) in joined:
            found.append(f"{name}: review note {note[:60]!r}")
    if CANARY in joined:
        found.append(f"{name}: canary {CANARY}")
    return found


def test_the_canary_is_in_the_data_where_the_review_notes_are(canary_portals):
    notes = _review_notes(canary_portals)
    assert sum(CANARY in n for n in notes) >= 2 * 6  # every national review note, both languages, and the district's
    assert any(f"{CANARY}-d" in n for n in notes)


def test_no_export_or_handout_holds_an_editorial_note(portals):
    notes = _review_notes(portals)
    assert notes, "the data has review notes: the test would prove nothing without them"
    problems, seen = [], []
    for name, fmt, text in _outputs(portals):
        seen.append(name)
        problems += _problems(name, _read_as_reader(fmt, text), notes)
        problems += _problems(f"{name} (raw)", [text], notes)  # the file's bytes as well as what a reader sees
    assert len(seen) == 2 * 2 * (len(FORMATS) + 2)
    assert not problems, "\n".join(problems)


def test_the_check_finds_a_review_note_that_leaks():
    """The reader-side view finds a note even when the vCard folds it across lines and escapes its commas."""
    from sop_portal.outputs.export import _fold, _vescape

    note = "Numbers from news reports; not yet confirmed with the service, hours to be confirmed. " * 2
    card = "\r\n".join(["BEGIN:VCARD", "VERSION:4.0", "FN:x", _fold(f"NOTE:{_vescape(note)}"), "END:VCARD"]) + "\r\n"
    assert note.strip() not in card  # folded and escaped: a plain search on the file would miss it
    assert _problems("probe", _read_as_reader("vcf", card), {note.strip()})


REVIEW_PAGES = ("tentang/tinjauan/", "en/tentang/tinjauan/")


def _site_texts(site_dir: Path):
    """(name, texts) of every text file of the built site but the review page and the theme's own assets."""
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(REVIEW_PAGES) or rel.startswith(("assets/", "en/assets/")):
            continue
        if path.suffix not in (".html", ".json", ".csv", ".vcf", ".txt", ".xml", ".js"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.name == "search_index.json":  # one entry per page section: the review page's are left out
            docs = [d for d in json.loads(text)["docs"] if not d["location"].startswith(REVIEW_PAGES)]
            yield (
                rel,
                [html.unescape(re.sub(r"<[^>]+>", " ", d.get("title", "") + " " + d.get("text", ""))) for d in docs],
            )
        elif path.suffix in (".csv", ".vcf", ".json", ".html"):
            yield rel, _read_as_reader(path.suffix[1:], text)
        else:
            yield rel, [text]


@pytest.mark.site
def test_no_public_page_of_the_built_site_holds_an_editorial_note(built_site, project_portals):
    notes = _review_notes(project_portals)
    problems, names = [], []
    for name, texts in _site_texts(built_site.site_dir):
        names.append(name)
        problems += _problems(name, texts, notes, file_names=False)
    assert "kontak/kontak-sop-tppo.vcf" in names and "en/kontak/contacts-sop-tppo.csv" in names
    assert "kontak/index.html" in names and "search/search_index.json" in names
    review = (built_site.site_dir / "tentang" / "tinjauan" / "index.html").read_text(encoding="utf-8")
    assert any(
        _norm(html.escape(n, quote=False)) in _norm(review) or _norm(n) in _norm(html.unescape(review)) for n in notes
    ), "the review page shows the review notes: the exclusion is the only one"
    assert not problems, "\n".join(problems)
