"""Phone first (360×800, both languages): the steps near the top of a chapter, their sources folded away, the
glossary's A–Z index, the matrix header in view, search results numbered once, and axe-core clean."""

from __future__ import annotations

import pytest

from conftest import PHONE_WIDTH, assert_axe_clean, url_of
from sop_portal.site import pages

pytestmark = pytest.mark.browser

PHONE_HEIGHT = 800
LANGS = ["id", "en"]


@pytest.fixture
def open_page(phone_page, site_server):
    """open_page(src, lang) -> a 360 x 800 page (no touch emulation) showing the source page ``src``."""

    def open_(src, lang):
        page = phone_page(height=PHONE_HEIGHT, scale=1, mobile=False)
        page.goto(url_of(site_server, src, lang))
        return page

    return open_


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chapter", ["pengaduan", "pemulangan", "rehabilitasi-sosial"])
def test_the_first_step_is_on_the_first_screen_and_a_half(open_page, lang, chapter):
    page = open_page(pages.service_page(chapter), lang)
    top = page.evaluate("document.querySelector('.sop-step .sop-step__text').getBoundingClientRect().top")
    assert top < 1.5 * PHONE_HEIGHT - 60, f"the first step starts at {top}px"
    # its sources and notes fold away under it, reachable by keyboard, and open when asked
    details = page.locator(".sop-step details.sop-prov").first
    assert not details.evaluate("d => d.open")
    summary = details.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open")


@pytest.mark.parametrize("lang", LANGS)
def test_folded_sources_print_in_full(open_page, lang):
    page = open_page(pages.service_page("pemulangan"), lang)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("[...document.querySelectorAll('details.sop-prov')].every(d => d.open)")


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_index_jumps_and_stays_in_view(open_page, lang):
    page = open_page(pages.GLOSSARY, lang)
    links = page.locator("a.sop-az__link")
    assert links.count() >= 15
    target = links.nth(5)
    anchor = target.get_attribute("href")
    target.click()
    page.wait_for_function("h => location.hash === h", arg=anchor)
    heading_top = page.evaluate("h => document.getElementById(h.slice(1)).getBoundingClientRect().top", anchor)
    bar = page.evaluate("document.querySelector('.sop-az').getBoundingClientRect()")
    assert 0 <= bar["top"] <= 60, "the index stays under the header"
    assert heading_top >= bar["bottom"] - 2, "the letter's heading is not hidden under the index"


@pytest.mark.parametrize("lang", LANGS)
def test_the_matrix_header_stays_in_view_with_the_service_names(open_page, lang):
    page = open_page(pages.MATRIX, lang)
    box = page.locator(".sop-matrix")
    box.evaluate("b => { b.scrollTop = 400; }")
    header = page.evaluate(
        "document.querySelector('.sop-matrix__table thead th:nth-child(2)').getBoundingClientRect().top"
    )
    top = box.evaluate("b => b.getBoundingClientRect().top")
    assert abs(header - top) < 2, "the header row stays at the top of the matrix while it scrolls"
    names = page.locator(".sop-matrix__name").all_inner_texts()
    assert len(names) == 7 and all(n.strip() for n in names)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


@pytest.mark.parametrize("lang,query", [("id", "pemulangan"), ("en", "repatriation")])
def test_search_results_are_numbered_once(open_page, lang, query):
    page = open_page(pages.HOME, lang)
    page.click("label[for=__search]")
    page.fill("input.md-search__input", query)
    page.wait_for_selector(".md-search-result__item")
    texts = page.locator(".md-search-result__article li").all_inner_texts()
    assert texts, "the checklist's items show in the results"
    assert not any(t.strip()[:3].rstrip(".").isdigit() and t.strip()[1:3].startswith(".") for t in texts), texts[:3]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("src", [pages.service_page("pemulangan"), pages.GLOSSARY, pages.MATRIX])
def test_phone_pages_are_axe_clean(open_page, lang, src):
    assert_axe_clean(open_page(src, lang))
