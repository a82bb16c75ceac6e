"""The trainer pages in headless Debian chromium: no axe-core violation, usable at 360 px, clean A4 print (one case per
sheet for participants, the commitment sheet with its signature table), and no request leaving 127.0.0.1."""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS_DIR, PHONE_WIDTH, assert_axe_clean, pdf_texts, url_of
from sop_portal.views import training

pytestmark = pytest.mark.browser

AXE_PAGES = {"facilitator": training.FACILITATOR, "agenda": training.AGENDA}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_no_axe_violations(page, site_server, requests_log, name, lang):
    page.goto(url_of(site_server, AXE_PAGES[name], lang))
    assert_axe_clean(page)


@pytest.mark.parametrize("src", [training.FACILITATOR, training.AGENDA, training.QUIZ, training.COMMITMENT])
def test_trainer_pages_fit_a_phone(phone_page, site_server, screenshots_dir, src):
    page = phone_page()
    page.goto(url_of(site_server, src))
    name = src.split("/")[-1][: -len(".md")]
    page.screenshot(path=str(screenshots_dir / f"pelatihan-{name}-360.png"))  # what fits on the screen
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{src}: page is {width}px wide at {PHONE_WIDTH}px"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_participants_scenarios_print_one_case_per_a4_sheet(page, site_server, requests_log, site_portal, lang):
    page.goto(url_of(site_server, training.SCENARIOS, lang))
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    (ARTIFACTS_DIR / f"pelatihan-skenario.{lang}.pdf").write_bytes(pdf)
    pages = pdf_texts(pdf)
    assert len(pages) == len(site_portal.scenarios)
    for text, sc in zip(pages, site_portal.scenarios):
        assert sc.title.get(lang).split(" ")[0] in text
    assert not page.locator(".md-header").is_visible() and not page.locator(".sop-exit").is_visible()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_commitment_sheet_prints_without_navigation(page, site_server, requests_log, site_portal, lang):
    page.goto(url_of(site_server, training.COMMITMENT, lang))
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    (ARTIFACTS_DIR / f"pelatihan-komitmen.{lang}.pdf").write_bytes(pdf)
    pages = pdf_texts(pdf)
    assert 1 <= len(pages) <= 2, len(pages)
    assert not page.locator(".md-header").is_visible() and not page.locator(".md-sidebar").first.is_visible()
    assert not page.locator(".sop-noprint").first.is_visible()
    rows = site_portal.workshop.commitment.participant_rows
    assert page.locator("table.sop-sign tbody tr").count() == rows
    assert str(rows) in pages[-1]
