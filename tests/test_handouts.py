"""The handout pack (`sop handouts`): one A4 PDF with the expected pages, every service and hotline, the page number,
SOP version and date on every page, local contacts first, restricted contacts never; clear exits when the browser is
missing; never overwrites without --force.

The PDFs are printed by the command run as a program (conftest.sop_program): it is what a trainer runs, and it keeps
Playwright out of the test process (pytest-playwright may already hold a Playwright instance there). The command's
other answers are checked in this process (conftest.run_sop), on the minimal data where the content does not matter."""

from __future__ import annotations

import datetime as _dt
import math
import re
import sys
from pathlib import Path

import pytest
from markupsafe import escape

from conftest import pdf_texts, run_sop, sop_program
from datasets import MINIMAL, RESTRICTED_DISTRICT, RESTRICTED_ID, RESTRICTED_NAME, RESTRICTED_PHONE
from sop_portal import cli
from sop_portal.outputs import handouts

TODAY = _dt.date(2026, 11, 23)
ENV = {"SOP_LANG": "en", "SOP_TODAY": TODAY.isoformat()}
DISTRICT = RESTRICTED_DISTRICT


def sop(*args: str, cwd: Path, env: dict | None = None):
    """`sop ARGS` in this process, in English, on 23 November 2026."""
    return run_sop(*args, cwd=cwd, env={**ENV, **(env or {})})


def print_pack(*args: str, cwd: Path):
    """`sop handouts ARGS` as a program, which prints with chromium."""
    return sop_program("handouts", *args, cwd=cwd, env=ENV)


def expected_pages(portal) -> int:
    """Computed from the data: cover, one checklist per chapter, matrix, contacts, one page per scenario, then the
    commitment sheet and its signature pages."""
    rows = portal.workshop.commitment.participant_rows
    return (
        1
        + len(portal.services)
        + 1
        + 1
        + len(portal.scenarios)
        + 1
        + math.ceil(rows / handouts.SIGNATURE_ROWS_PER_PAGE)
    )


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _escaped(text: str) -> str:
    return str(escape(_norm(text)))


def _hotline_numbers(portal) -> list[str]:
    return [p.number for c in portal.public_contacts if c.hotline and c.status != "defunct" for p in c.phones]


# -- the document, without a browser -------------------------------------------------------------------------


def test_page_plan_is_computed_from_the_data(site_portal):
    plan = handouts.page_plan(site_portal, "en")
    assert handouts.expected_pages(site_portal) == expected_pages(site_portal) == sum(s.pages for s in plan)
    assert [s.first_page for s in plan] == sorted(s.first_page for s in plan)
    assert plan[0].first_page == 1 and plan[1].key == f"checklist:{site_portal.services[0].id}"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_html_is_standalone_and_holds_every_section(site_portal, lang):
    html = handouts.render_html(site_portal, lang, TODAY)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import""", html)
    for svc in site_portal.services:
        assert f'id="checklist-{svc.id}"' in html
        for step in svc.checklist:
            assert _escaped(step.text.get(lang)) in _norm(html), step.id
    for number in _hotline_numbers(site_portal):
        assert number in html
    for sc in site_portal.scenarios:
        assert f'id="scenario-{sc.id}"' in html
        for q in sc.questions:  # the pack goes to participants: no answer key in it
            assert _escaped(q.answer.get(lang)) not in _norm(html)
    assert html.count('class="sheet') == sum(1 for s in handouts.page_plan(site_portal) for _ in range(s.pages))


def test_footer_carries_page_number_version_and_date(site_portal):
    footer = handouts.render_footer(site_portal, "en", TODAY)
    for needle in ('class="pageNumber"', 'class="totalPages"', site_portal.sop_version, "23 November 2026"):
        assert needle in footer


def test_local_contacts_first_and_restricted_contacts_never(restricted_portals):
    portal = restricted_portals["district"]
    local = frozenset(portal.district.local_contact_ids)  # as `sop handouts --district` reads them
    assert RESTRICTED_ID in local  # restricted, yet a local contact of the district
    groups = handouts.contact_groups(portal, TODAY, local)
    assert [c.contact.id for c in groups.local] == ["disnaker-ttu", "dinas-pppa-ttu", "polres-ttu"]
    for lang in ("id", "en"):
        html = handouts.render_html(portal, lang, TODAY, local)
        assert RESTRICTED_NAME not in html and RESTRICTED_ID not in html
        assert RESTRICTED_PHONE not in html and RESTRICTED_PHONE.replace("-", "") not in html
        section = _contacts_section(html)
        police = _escaped(portal.contacts_by_id["polres-ttu"].organisation.get(lang))
        assert section.index(police) < section.index("SAPA 129")


def _contacts_section(html: str) -> str:
    start = html.index('id="contacts"')
    return _norm(html[start : html.index("</section>", start)])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_contact_cards_say_what_the_site_card_says(site_portal, lang):
    """Each number with where it works from, its hours and whom it serves (views.contact_card); where the number
    was seen and that nobody confirmed it yet; the public note; never a review note nor a 'checked on' date."""
    from sop_portal.messages.ui import ui_labels
    from sop_portal.outputs import export
    from sop_portal.views import content as views

    section = _contacts_section(handouts.render_html(site_portal, lang, TODAY))
    u = ui_labels(lang)
    for c in site_portal.public_contacts:
        if c.status == "defunct":
            continue
        for link in views.contact_card(c, TODAY).phones:
            caveats = " · ".join(str(escape(u["contacts"][f"caveat_{k}"])) for k in link.caveats)
            assert f"{link.number}</span>" in section and caveats in re.sub(r"<[^>]+>", "", section), (
                c.id,
                link.number,
            )
        assert _escaped(export.provenance_sentence(c, lang)) in section, c.id
        if c.note:
            assert _escaped(c.note.get(lang)) in section, c.id
        if c.review_note:
            assert _escaped(c.review_note.get("id")) not in section and _escaped(c.review_note.get("en")) not in section
    text = re.sub(r"<[^>]+>", "", section)
    assert not re.search(rf"· {u['handouts']['verified_on']} \d", text)  # the old '· checked <date>' line
    kp2mi = text[text.index("KP2MI") :]
    if lang == "en":
        assert "0800-1000 only from inside Indonesia · 24 hours · for migrant workers and their families" in kp2mi
        assert (
            "Number from Media Masa Kini (April 2025); Antara (date not given); not yet confirmed directly with the service"
            in kp2mi
        )
        assert "148 only from inside Indonesia · office hours only — not an emergency line" in text
    else:
        assert "0800-1000 hanya dari dalam Indonesia · 24 jam · untuk pekerja migran dan keluarganya" in kp2mi
        assert (
            "Nomor dari Media Masa Kini (April 2025); Antara (tanggal tidak disebut); belum dikonfirmasi langsung ke layanan"
            in kp2mi
        )
    assert not re.search(r"\.ya?ml\b|sop-facts|sop_data", section)


# -- the command ---------------------------------------------------------------------------------------------


def test_refuses_to_overwrite_an_existing_file(tmp_path):
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"keep me")
    result = sop("handouts", "-o", str(out), "--data-dir", str(MINIMAL), cwd=tmp_path)
    assert result.returncode == 2
    assert "--force" in result.stderr and str(out) in result.stderr
    assert out.read_bytes() == b"keep me"


def test_unknown_district_is_a_usage_error(tmp_path):
    result = sop(
        "handouts", "-o", str(tmp_path / "x.pdf"), "--district", "nowhere", "--data-dir", str(MINIMAL), cwd=tmp_path
    )
    assert result.returncode == 2 and "nowhere" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_missing_playwright_says_what_to_install_in_both_languages(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "playwright", None)  # 'import playwright...' now raises ImportError
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    out = tmp_path / "pack.pdf"
    code = cli.main(["handouts", "-o", str(out), "--data-dir", str(MINIMAL), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Playwright is not installed" in err and "Playwright belum terpasang" in err
    assert err.count("'pip install playwright'") == 2
    assert not out.exists()


def test_missing_chromium_says_what_to_install_in_both_languages(tmp_path):
    out = tmp_path / "pack.pdf"
    result = sop(
        "handouts",
        "-o",
        str(out),
        "--data-dir",
        str(MINIMAL),
        "--lang",
        "id",
        cwd=tmp_path,
        env={"CHROMIUM": str(tmp_path / "no-chromium")},
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("Chromium tidak ditemukan") and lines[1].startswith("Chromium was not found")
    assert result.stderr.count("apt-get install chromium") == 2
    assert not out.exists() and not list(tmp_path.glob(".pack.pdf.*"))


# -- the printed PDF (headless chromium) ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(tmp_path_factory, restricted_data, restricted_portals) -> dict[str, tuple[bytes, object, list[str]]]:
    """The pack printed by the command: national in both languages, and the district with a restricted contact."""
    work = tmp_path_factory.mktemp("handouts")
    out = {}
    for key, args in {
        "id": ["--lang", "id"],
        "en": ["--lang", "en"],
        "district": ["--lang", "en", "--district", DISTRICT],
    }.items():
        pdf = work / f"{key}.pdf"
        result = print_pack("-o", str(pdf), "--data-dir", str(restricted_data), *args, cwd=work)
        assert result.returncode == 0, result.stderr
        portal = restricted_portals["district" if key == "district" else "national"]
        out[key] = (pdf.read_bytes(), portal, _pages(pdf.read_bytes()))
    artifacts = Path(__file__).resolve().parents[1] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    for key, (pdf, _, _) in out.items():
        (artifacts / f"handouts-{key}.pdf").write_bytes(pdf)
    return out


def _pages(pdf: bytes) -> list[str]:
    return [_norm(text) for text in pdf_texts(pdf)]


@pytest.mark.browser
@pytest.mark.parametrize("key", ["id", "en", "district"])
def test_pdf_has_the_pages_the_data_calls_for(printed, key):
    pdf, portal, pages = printed[key]
    assert pdf.startswith(b"%PDF-")
    assert len(pages) == expected_pages(portal) == handouts.count_pages(pdf)


@pytest.mark.browser
@pytest.mark.parametrize(
    "key, page_word, of_word, date",
    [("id", "halaman", "dari", "23 November 2026"), ("en", "page", "of", "23 November 2026")],
)
def test_every_page_shows_its_number_the_sop_version_and_the_date(printed, key, page_word, of_word, date):
    _, portal, pages = printed[key]
    for n, text in enumerate(pages, start=1):
        assert f"{page_word} {n} {of_word} {len(pages)}" in text, (n, text[-200:])
        assert portal.sop_version in text and date in text, n


@pytest.mark.browser
@pytest.mark.parametrize("key", ["id", "en"])
def test_pdf_names_every_service_and_every_hotline_number(printed, key):
    _, portal, pages = printed[key]
    text = " ".join(pages)
    for svc in portal.services:
        assert _norm(svc.title.get(key)) in text, svc.id
    numbers = _hotline_numbers(portal)
    assert numbers
    for number in numbers:
        assert number in text, number
    for sc in portal.scenarios:
        assert _norm(sc.title.get(key)) in text


@pytest.mark.browser
def test_district_pack_lists_local_contacts_first_and_never_a_restricted_one(printed):
    _, portal, pages = printed["district"]
    everything = " ".join(pages)
    assert RESTRICTED_NAME not in everything and RESTRICTED_PHONE not in everything
    assert RESTRICTED_PHONE.replace("-", "") not in everything.replace("-", "")
    contacts = next(p for p in pages if p.startswith("Who to call"))
    local = next(c for c in portal.public_contacts if c.id == "polres-ttu")
    assert contacts.index(_norm(local.organisation.en)) < contacts.index("SAPA 129")
    assert _norm(portal.district.name.en) in pages[0]


@pytest.mark.browser
def test_force_overwrites_atomically(printed, tmp_path):
    out = tmp_path / "pack.pdf"
    out.write_bytes(b"old")
    result = print_pack("-o", str(out), "--force", "--data-dir", str(MINIMAL), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert f"{handouts.count_pages(out.read_bytes())} pages" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]
