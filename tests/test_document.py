"""`sop document`: the complete SOP as a formal document, read back as a reader (or a legal office) gets it.

DOCX: read with python-docx — real Word styles (Title, Heading 1/2, List Number, Table Grid; no direct formatting),
headings in the document's order, every step present with its source and status, numbering that restarts in every
chapter, one table per matrix, the annex with every change, its rationale and the national text it replaces.
PDF: printed by the CLI in a subprocess (chromium through Playwright, as `sop handouts`) and read with pypdf — the
same headings as bookmarks, a contents page whose page numbers are the bookmarks' pages, every step, the footer on
every page. Restricted contacts never appear in either. The errors and exit codes are those of the other commands.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from conftest import DATA_DIR, browser_skip_reason
from datasets import with_restricted_district_contact
from sop_portal.build.portal import load_portal
from sop_portal.outputs import document, documentdocx, documentpdf
from sop_portal.views import content as views

TODAY = _dt.date(2026, 11, 23)
ENV = {
    **{k: v for k, v in os.environ.items() if k not in ("SOP_LANG", "LANG", "LC_ALL")},
    "SOP_LANG": "en",
    "SOP_TODAY": TODAY.isoformat(),
}
DISTRICT = "timor-tengah-utara"
RESTRICTED_NAME = "Rumah Aman Dokumen Uji 7731"
RESTRICTED_PHONE = "0812-7731-0042"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def sop(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sop_portal", *args],
        cwd=cwd,
        env={**ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def with_restricted_contact(dest: Path) -> Path:
    """A copy of the project's data whose district also lists a restricted contact with a phone number."""
    return with_restricted_district_contact(dest, "rumah-aman-dokumen", RESTRICTED_NAME, RESTRICTED_PHONE)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return with_restricted_contact(tmp_path_factory.mktemp("document") / "sop_data")


@pytest.fixture(scope="module")
def written(data, tmp_path_factory) -> dict[str, Path]:
    """The Word files written by the CLI: national in both languages, and the district."""
    work = tmp_path_factory.mktemp("docx")
    out = {}
    for key, args in {
        "id": ["--lang", "id"],
        "en": ["--lang", "en"],
        "district": ["--lang", "en", "--district", DISTRICT],
        "district-id": ["--lang", "id", "--district", DISTRICT],
    }.items():
        path = work / f"{key}.docx"
        result = sop("document", "--format", "docx", "-o", str(path), "--data-dir", str(data), *args, cwd=work)
        assert result.returncode == 0, result.stderr
        assert str(path) in result.stderr
        out[key] = path
    ARTIFACTS.mkdir(exist_ok=True)
    for key, path in out.items():
        shutil.copyfile(path, ARTIFACTS / f"document-{key}.docx")
    return out


def _portal(data, key):
    return load_portal(data, district=DISTRICT if key.startswith("district") else None)


def _lang(key):
    return "id" if key.endswith("id") else "en"


# -- DOCX ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["id", "en", "district", "district-id"])
def test_docx_headings_are_word_headings_in_the_document_order(written, data, key):
    word = docx.Document(written[key])
    expected = document.build(_portal(data, key), _lang(key), TODAY)
    found = [(int(p.style.name[-1]), p.text) for p in word.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert found == expected.headings
    titles = [p.text for p in word.paragraphs if p.style.name == "Title"]
    assert titles == [expected.title]
    # Heading 1: legal basis, the seven chapters, matrix, referrals, contacts, open items (and the annex)
    tops = [t for level, t in found if level == 1]
    portal = _portal(data, key)
    assert len(tops) == 1 + len(portal.services) + 4 + (1 if portal.district else 0)
    assert all(word.styles["Heading 1"].paragraph_format.page_break_before for _ in [0])


@pytest.mark.parametrize("key", ["en", "district-id"])
def test_docx_has_every_step_as_a_numbered_list_item_with_its_source_and_status(written, data, key):
    word = docx.Document(written[key])
    lang = _lang(key)
    portal = _portal(data, key)
    paragraphs = word.paragraphs
    steps = [p for p in paragraphs if p.style.name == "List Number"]
    all_steps = [s for svc in portal.services for s in svc.steps]
    assert [_norm(p.text) for p in steps] == [
        _norm(
            s.text.get(lang)
            + (f" — {document.ui_labels(lang)['document']['not_applicable']}" if s.not_applicable else "")
        )
        for s in all_steps
    ]
    references = [p.text for p in paragraphs if p.style.name == documentdocx.REFERENCE]
    assert len(references) == len(all_steps)
    status = document.ui_labels(lang)["status"]
    for ref, step in zip(references, all_steps):
        assert ref.startswith(f"[{step.id}] ")
        assert status[step.provenance.status]["label"] in ref
        for cite in step.provenance.sources:
            assert cite.document.title.get(lang) in ref
    # The numbering restarts in every chapter: one numbering instance per chapter's list
    num_ids = []
    for p in steps:
        num_ids.append(p._p.pPr.numPr.numId.val)
    per_chapter = [len(svc.steps) for svc in portal.services if svc.steps]
    groups = [len(list(g)) for _, g in __import__("itertools").groupby(num_ids)]
    assert groups == per_chapter and len(set(num_ids)) == len(per_chapter)


def test_docx_labels_good_practice_and_lists_open_items(written, data):
    word = docx.Document(written["en"])
    portal = _portal(data, "en")
    text = "\n".join(p.text for p in word.paragraphs)
    good = [s for svc in portal.services for s in svc.steps if s.provenance.good_practice]
    assert good, "the data has good-practice steps"
    assert text.count("Good practice (not the regulation's text)") >= len(good)
    for item in portal.all_open_items:
        assert f"[{item.id}] {item.text.en}" in text


def _tables(word):
    return [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]


@pytest.mark.parametrize("key", ["en", "district"])
def test_docx_has_one_table_per_matrix(written, data, key):
    word = docx.Document(written[key])
    portal = _portal(data, key)
    tables = _tables(word)
    assert {t.style.name for t in word.tables} == {"Table Grid"}
    matrix = [t for t in tables if t[0][0] == "Actor"]
    assert len(matrix) == 1
    rows = views.matrix(portal)
    assert matrix[0][0] == ["Actor", *(str(s.number) for s in portal.services)]
    assert len(matrix[0]) == 1 + len(rows)
    assert {r[0] for r in matrix[0][1:]} == {
        r.actor.label(_lang(key)) if r.actor.abbr else r.actor.name.en for r in rows
    }
    referrals = [t for t in tables if t[0][:3] == ["From", "To", "When"]]
    assert len(referrals) == 1
    assert len(referrals[0]) - 1 == sum(len(s.referrals_out) for s in portal.services)
    for t in word.tables[1:]:  # the header row repeats on every page (the first table is the cover)
        assert t.rows[0]._tr.trPr is not None and "tblHeader" in t.rows[0]._tr.trPr.xml


def test_docx_uses_styles_not_direct_formatting(written):
    """A clerk restyles the document by changing styles: no run carries its own font, size, bold or colour."""
    word = docx.Document(written["district"])
    cells = [p for t in word.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    for p in [*word.paragraphs, *cells]:
        assert p.paragraph_format.left_indent is None and p.alignment is None, p.text
        for run in p.runs:
            f = run.font
            assert (f.bold, f.italic, f.size, f.name, f.strike) == (None, None, None, None, None), run.text
            assert f.color.rgb is None, run.text
    used = {p.style.name for p in word.paragraphs}
    assert {"Title", "Subtitle", "TOC Heading", "Heading 1", "Heading 2", "List Number", "List Bullet"} <= used
    # the contents are a real TOC field that Word and LibreOffice update
    assert 'TOC \\o "1-1"' in word.element.body.xml
    assert word.core_properties.language == "en-GB"


def test_docx_cover_names_district_province_versions_and_date(written, data):
    word = docx.Document(written["district"])
    portal = _portal(data, "district")
    cover = _tables(word)[0]
    values = dict((row[0], row[1]) for row in cover)
    assert values["District"] == portal.district.name.en and values["Province"] == portal.district.province.en
    assert values["Based on national SOP version"] == portal.district.base_sop_version
    assert values["Data version"].startswith(portal.sop_version)
    assert values["Date"] == "23 November 2026"
    national = dict((row[0], row[1]) for row in _tables(docx.Document(written["en"]))[0])
    assert "District" not in national and national["Based on national SOP version"] == portal.sop_version


def test_docx_annex_lists_every_change_with_its_rationale_and_the_national_text(written, data):
    word = docx.Document(written["district"])
    portal = _portal(data, "district")
    paragraphs = [p.text for p in word.paragraphs]
    start = next(
        i
        for i, p in enumerate(word.paragraphs)
        if p.style.name == "Heading 1" and p.text == "Annex: Changes from the national SOP"
    )
    annex = "\n".join(paragraphs[start:])
    assert portal.district.changes
    for i, change in enumerate(portal.district.changes, start=1):
        assert f"Change {i}: step " in annex and f"({change.step_id})" in annex
        assert f"Rationale: {change.rationale.en}" in annex
        if change.national_text is not None:
            assert change.national_text.en in annex
    # each changed step in its chapter points to its entry in the annex
    body = "\n".join(paragraphs[:start])
    for i, _change in enumerate(portal.district.changes, start=1):
        assert f"see the annex, change {i})" in body
    renamed = [t for t in _tables(word) if t[0] == ["National name", "Local name"]]
    assert len(renamed) == 1 and len(renamed[0]) - 1 == len(portal.district.renamed_actor_ids)


def test_docx_contacts_local_first_and_never_a_restricted_one(written, data):
    word = docx.Document(written["district"])
    portal = _portal(data, "district")
    xml = word.element.body.xml
    assert RESTRICTED_NAME not in xml and RESTRICTED_PHONE not in xml and "rumah-aman-dokumen" not in xml
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    local = f"Local contacts of {portal.district.name.en}"
    assert headings.index(local) < headings.index("National hotlines")
    tables = _tables(word)
    local_rows = next(t for t in tables if t[0][0] == "Organisation")
    local_public = [c for c in portal.public_contacts if c.id in portal.district.local_contact_ids]
    assert [r[0] for r in local_rows[1:]] == [c.organisation.en for c in local_public if c.status != "defunct"]


def test_national_docx_has_no_annex(written):
    word = docx.Document(written["en"])
    assert "Annex: Changes from the national SOP" not in [p.text for p in word.paragraphs]


# -- the command -----------------------------------------------------------------------------------------------


def test_refuses_to_overwrite_and_force_replaces(tmp_path):
    out = tmp_path / "sop.docx"
    out.write_bytes(b"keep me")
    result = sop("document", "--format", "docx", "-o", str(out), "--data-dir", str(DATA_DIR), cwd=tmp_path)
    assert result.returncode == 2 and "--force" in result.stderr and out.read_bytes() == b"keep me"
    result = sop("document", "--format", "docx", "-o", str(out), "--force", "--data-dir", str(DATA_DIR), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert docx.Document(out).paragraphs[0].style.name == "Title"
    assert [p.name for p in tmp_path.iterdir()] == ["sop.docx"]


def test_usage_errors_write_nothing(tmp_path):
    result = sop(
        "document", "--format", "pdf", "-o", str(tmp_path / "sop.docx"), "--data-dir", str(DATA_DIR), cwd=tmp_path
    )
    assert result.returncode == 2 and "must end in .pdf" in result.stderr
    result = sop(
        "document",
        "--format",
        "docx",
        "-o",
        str(tmp_path / "x.docx"),
        "--district",
        "nowhere",
        "--data-dir",
        str(DATA_DIR),
        cwd=tmp_path,
    )
    assert result.returncode == 2 and "nowhere" in result.stderr
    result = sop("document", "-o", str(tmp_path / "x.docx"), "--data-dir", str(DATA_DIR), cwd=tmp_path)
    assert result.returncode == 2 and "--format" in result.stderr
    assert not list(tmp_path.iterdir())


def test_invalid_data_exits_1_with_the_problems(tmp_path):
    data = tmp_path / "sop_data"
    shutil.copytree(DATA_DIR, data)
    sop_yaml = data / "sop.yaml"
    sop_yaml.write_text(
        sop_yaml.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 1\nbogus: 1"),
        encoding="utf-8",
    )
    result = sop("document", "--format", "docx", "-o", str(tmp_path / "x.docx"), "--data-dir", str(data), cwd=tmp_path)
    assert result.returncode == 1 and "sop.yaml" in result.stdout
    assert not (tmp_path / "x.docx").exists()


# -- PDF (headless chromium) -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(data, tmp_path_factory) -> dict[str, bytes]:
    reason = browser_skip_reason()
    if reason:
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("pdf")
    out = {}
    for key, args in {"id": ["--lang", "id"], "district": ["--lang", "en", "--district", DISTRICT]}.items():
        path = work / f"{key}.pdf"
        result = sop("document", "--format", "pdf", "-o", str(path), "--data-dir", str(data), *args, cwd=work)
        assert result.returncode == 0, result.stderr
        out[key] = path.read_bytes()
    ARTIFACTS.mkdir(exist_ok=True)
    for key, pdf in out.items():
        (ARTIFACTS / f"document-{key}.pdf").write_bytes(pdf)
    return out


def _pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [_norm(p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.browser
@pytest.mark.parametrize("key", ["id", "district"])
def test_pdf_bookmarks_are_the_headings_and_the_contents_give_their_pages(printed, data, key):
    from pypdf import PdfReader

    lang = _lang(key) if key != "district" else "en"
    expected = document.build(_portal(data, key), lang, TODAY)
    reader = PdfReader(io.BytesIO(printed[key]))
    tops = [documentpdf.heading_key(e.title) for e in reader.outline if not isinstance(e, list)]
    headings = [t for level, t in expected.headings if level == 1]
    assert tops == [documentpdf.heading_key(t) for t in headings]
    pages = documentpdf.part_pages(printed[key])
    text = _pages(printed[key])
    contents = text[1]
    assert len(pages) == len(headings)
    for title in headings:  # every part is in the contents with the page it starts on
        page = pages[documentpdf.heading_key(title)]
        assert f"{_norm(title)} {page}" in contents, title
        assert documentpdf.heading_key(title) in documentpdf.heading_key(text[page - 1])[:300], title


@pytest.mark.browser
@pytest.mark.parametrize("key", ["id", "district"])
def test_pdf_holds_every_step_with_its_reference_and_a_footer_on_every_page(printed, data, key):
    lang = "id" if key == "id" else "en"
    portal = _portal(data, key)
    pages = _pages(printed[key])
    text = " ".join(pages)
    for svc in portal.services:
        for step in svc.steps:
            assert f"[{step.id}]" in text, step.id
            assert _norm(step.text.get(lang))[:60] in text, step.id
    page, of = ("halaman", "dari") if lang == "id" else ("page", "of")
    for n, page_text in enumerate(pages, start=1):
        assert f"{page} {n} {of} {len(pages)}" in page_text
        assert portal.sop_version in page_text and "23 November 2026" in page_text


@pytest.mark.browser
def test_pdf_never_prints_a_restricted_contact_and_has_the_annex(printed, data):
    portal = _portal(data, "district")
    text = " ".join(_pages(printed["district"]))
    assert RESTRICTED_NAME not in text and RESTRICTED_PHONE not in text
    assert RESTRICTED_PHONE.replace("-", "") not in text.replace("-", "")
    assert "Annex: Changes from the national SOP" in text
    for change in portal.district.changes:
        assert _norm(change.rationale.en)[:60] in text
