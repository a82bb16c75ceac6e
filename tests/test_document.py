"""`sop document`: the complete SOP as a formal document, read back as a reader (or a legal office) gets it.

DOCX: read with python-docx — real Word styles (Title, Heading 1/2, List Number, Table Grid; no direct formatting),
headings in the document's order, every step present with its source and status, numbering that restarts in every
chapter, one table per matrix, the annex with every change, its rationale and the national text it replaces.
PDF: printed by the command run as a program (chromium through Playwright, as `sop handouts`) and read with pypdf — the
same headings as bookmarks, a contents page whose page numbers are the bookmarks' pages, every step, the footer on
every page. Restricted contacts never appear in either. The errors and exit codes are those of the other commands,
checked in this process (conftest.run_sop) on the minimal data. The Word files are written as `sop document` writes
them (document.build, then documentdocx.write), from the portals every test shares (conftest.restricted_portals).
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import shutil
from pathlib import Path

import docx
import pytest

from conftest import pdf_texts, run_sop, sop_program
from datasets import (
    DISTRICTS,
    MINIMAL,
    RESTRICTED_DISTRICT,
    RESTRICTED_ID,
    RESTRICTED_NAME,
    RESTRICTED_PHONE,
    copy_minimal,
)
from sop_portal.outputs import document, documentdocx, documentpdf
from sop_portal.views import content as views

TODAY = _dt.date(2026, 11, 23)
ENV = {"SOP_LANG": "en", "SOP_TODAY": TODAY.isoformat()}
DISTRICT = RESTRICTED_DISTRICT
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
KEYS = {  # what each Word file is: (district?, language)
    "id": (False, "id"),
    "en": (False, "en"),
    "district": (True, "en"),
    "district-id": (True, "id"),
}


def sop(*args: str, cwd: Path, env: dict | None = None):
    """`sop ARGS` in this process, in English, on 23 November 2026."""
    return run_sop(*args, cwd=cwd, env={**ENV, **(env or {})})


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def portals(restricted_portals):
    """The project's data with a restricted district contact: national and district (shared, only read)."""
    return restricted_portals


@pytest.fixture(scope="module")
def written(portals, tmp_path_factory) -> dict[str, Path]:
    """The Word files as `sop document --format docx` writes them: national in both languages, and the district."""
    work = tmp_path_factory.mktemp("docx")
    out = {}
    for key, (district, lang) in KEYS.items():
        path = work / f"{key}.docx"
        path.write_bytes(
            documentdocx.write(document.build(portals["district" if district else "national"], lang, TODAY))
        )
        out[key] = path
    ARTIFACTS.mkdir(exist_ok=True)
    for key, path in out.items():
        shutil.copyfile(path, ARTIFACTS / f"document-{key}.docx")
    return out


def _which(key: str) -> str:
    """The portal a file was written from: "district" or "national"."""
    return "district" if key.startswith("district") else "national"


def _lang(key):
    return "id" if key.endswith("id") else "en"


# -- DOCX ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["id", "en", "district", "district-id"])
def test_docx_headings_are_word_headings_in_the_document_order(written, portals, key):
    word = docx.Document(written[key])
    expected = document.build(portals[_which(key)], _lang(key), TODAY)
    found = [(int(p.style.name[-1]), p.text) for p in word.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert found == expected.headings
    titles = [p.text for p in word.paragraphs if p.style.name == "Title"]
    assert titles == [expected.title]
    # Heading 1: legal basis, the seven chapters, matrix, referrals, contacts, open items (and the annex)
    tops = [t for level, t in found if level == 1]
    portal = portals[_which(key)]
    assert len(tops) == 1 + len(portal.services) + 4 + (1 if portal.district else 0)
    assert all(word.styles["Heading 1"].paragraph_format.page_break_before for _ in [0])


@pytest.mark.parametrize("key", ["en", "district-id"])
def test_docx_has_every_step_as_a_numbered_list_item_with_its_source_and_status(written, portals, key):
    word = docx.Document(written[key])
    lang = _lang(key)
    portal = portals[_which(key)]
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


def test_docx_labels_good_practice_and_lists_open_items(written, portals):
    word = docx.Document(written["en"])
    portal = portals[_which("en")]
    text = "\n".join(p.text for p in word.paragraphs)
    good = [s for svc in portal.services for s in svc.steps if s.provenance.good_practice]
    assert good, "the data has good-practice steps"
    assert text.count("Good practice (not the regulation's text)") >= len(good)
    for item in portal.all_open_items:
        assert f"[{item.id}] {item.text.en}" in text


def _tables(word):
    return [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]


@pytest.mark.parametrize("key", ["en", "district"])
def test_docx_has_one_table_per_matrix(written, portals, key):
    word = docx.Document(written[key])
    portal = portals[_which(key)]
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


def test_docx_cover_names_district_province_versions_and_date(written, portals):
    word = docx.Document(written["district"])
    portal = portals[_which("district")]
    cover = _tables(word)[0]
    values = dict((row[0], row[1]) for row in cover)
    assert values["District"] == portal.district.name.en and values["Province"] == portal.district.province.en
    assert values["Based on national SOP version"] == portal.district.base_sop_version
    assert values["Data version"].startswith(portal.sop_version)
    assert values["Date"] == "23 November 2026"
    national = dict((row[0], row[1]) for row in _tables(docx.Document(written["en"]))[0])
    assert "District" not in national and national["Based on national SOP version"] == portal.sop_version


def test_docx_annex_lists_every_change_with_its_rationale_and_the_national_text(written, portals):
    word = docx.Document(written["district"])
    portal = portals[_which("district")]
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


def test_docx_contacts_local_first_and_never_a_restricted_one(written, portals):
    word = docx.Document(written["district"])
    portal = portals[_which("district")]
    xml = word.element.body.xml
    assert RESTRICTED_NAME not in xml and RESTRICTED_PHONE not in xml and RESTRICTED_ID not in xml
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


@pytest.fixture
def small_data(tmp_path) -> Path:
    """The minimal data with the fixture district 'contoh': the command's answers do not depend on the content."""
    data = copy_minimal(tmp_path / "work" / "sop_data")
    shutil.copytree(DISTRICTS, data / "districts")
    return data


def test_refuses_to_overwrite_and_force_replaces(small_data, tmp_path):
    out = tmp_path / "sop.docx"
    out.write_bytes(b"keep me")
    result = sop("document", "--format", "docx", "-o", str(out), "--data-dir", str(small_data), cwd=tmp_path)
    assert result.returncode == 2 and "--force" in result.stderr and out.read_bytes() == b"keep me"
    args = ("--district", "contoh", "--force", "--data-dir", str(small_data))
    result = sop("document", "--format", "docx", "-o", str(out), *args, cwd=tmp_path)
    assert result.returncode == 0 and str(out) in result.stderr, result.stderr
    word = docx.Document(out)
    assert word.paragraphs[0].style.name == "Title"
    assert "Annex: Changes from the national SOP" in [p.text for p in word.paragraphs]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sop.docx", "work"]


def test_usage_errors_write_nothing(tmp_path):
    data = str(MINIMAL)
    result = sop("document", "--format", "pdf", "-o", str(tmp_path / "sop.docx"), "--data-dir", data, cwd=tmp_path)
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
        data,
        cwd=tmp_path,
    )
    assert result.returncode == 2 and "nowhere" in result.stderr
    result = sop("document", "-o", str(tmp_path / "x.docx"), "--data-dir", data, cwd=tmp_path)
    assert result.returncode == 2 and "--format" in result.stderr
    assert not list(tmp_path.iterdir())


def test_invalid_data_exits_1_with_the_problems(tmp_path):
    data = copy_minimal(tmp_path / "sop_data")
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
def printed(restricted_data, tmp_path_factory) -> dict[str, bytes]:
    work = tmp_path_factory.mktemp("pdf")
    out = {}
    for key, args in {"id": ["--lang", "id"], "district": ["--lang", "en", "--district", DISTRICT]}.items():
        path = work / f"{key}.pdf"
        args = ("document", "--format", "pdf", "-o", str(path), "--data-dir", str(restricted_data), *args)
        result = sop_program(*args, cwd=work, env=ENV)  # as a program: it prints with chromium
        assert result.returncode == 0, result.stderr
        out[key] = path.read_bytes()
    ARTIFACTS.mkdir(exist_ok=True)
    for key, pdf in out.items():
        (ARTIFACTS / f"document-{key}.pdf").write_bytes(pdf)
    return out


def _pages(pdf: bytes) -> list[str]:
    return [_norm(text) for text in pdf_texts(pdf)]


@pytest.mark.browser
@pytest.mark.parametrize("key", ["id", "district"])
def test_pdf_bookmarks_are_the_headings_and_the_contents_give_their_pages(printed, portals, key):
    from pypdf import PdfReader

    lang = _lang(key) if key != "district" else "en"
    expected = document.build(portals[_which(key)], lang, TODAY)
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
def test_pdf_holds_every_step_with_its_reference_and_a_footer_on_every_page(printed, portals, key):
    lang = "id" if key == "id" else "en"
    portal = portals[_which(key)]
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
def test_pdf_never_prints_a_restricted_contact_and_has_the_annex(printed, portals):
    portal = portals[_which("district")]
    text = " ".join(_pages(printed["district"]))
    assert RESTRICTED_NAME not in text and RESTRICTED_PHONE not in text
    assert RESTRICTED_PHONE.replace("-", "") not in text.replace("-", "")
    assert "Annex: Changes from the national SOP" in text
    for change in portal.district.changes:
        assert _norm(change.rationale.en)[:60] in text
