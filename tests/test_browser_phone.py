"""Phone first (360×800, both languages): the steps near the top of a chapter, their sources folded away, the
glossary's A–Z index, the matrix header in view, search results numbered once, and axe-core clean."""

from __future__ import annotations

import pytest

from conftest import browser_skip_reason

_skip = browser_skip_reason()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(_skip is not None, reason=_skip or "")]

PHONE = {"width": 360, "height": 800}
LANGS = ["id", "en"]


def open_page(browser, base, lang, path=""):
    page = browser.new_page(viewport=PHONE)
    page.goto(base + ("en/" if lang == "en" else "") + path)
    return page


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("chapter", ["pengaduan", "pemulangan", "rehabilitasi-sosial"])
def test_the_first_step_is_on_the_first_screen_and_a_half(browser, site_server, lang, chapter):
    page = open_page(browser, site_server, lang, f"layanan/{chapter}/")
    top = page.evaluate("document.querySelector('.sop-step .sop-step__text').getBoundingClientRect().top")
    assert top < 1.5 * PHONE["height"] - 60, f"the first step starts at {top}px"
    # its sources and notes fold away under it, reachable by keyboard, and open when asked
    details = page.locator(".sop-step details.sop-prov").first
    assert not details.evaluate("d => d.open")
    summary = details.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open")
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_folded_sources_print_in_full(browser, site_server, lang):
    page = open_page(browser, site_server, lang, "layanan/pemulangan/")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("[...document.querySelectorAll('details.sop-prov')].every(d => d.open)")
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_index_jumps_and_stays_in_view(browser, site_server, lang):
    page = open_page(browser, site_server, lang, "glosarium/")
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
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_matrix_header_stays_in_view_with_the_service_names(browser, site_server, lang):
    page = open_page(browser, site_server, lang, "matriks/")
    box = page.locator(".sop-matrix")
    box.evaluate("b => { b.scrollTop = 400; }")
    header = page.evaluate(
        "document.querySelector('.sop-matrix__table thead th:nth-child(2)').getBoundingClientRect().top"
    )
    top = box.evaluate("b => b.getBoundingClientRect().top")
    assert abs(header - top) < 2, "the header row stays at the top of the matrix while it scrolls"
    names = page.locator(".sop-matrix__name").all_inner_texts()
    assert len(names) == 7 and all(n.strip() for n in names)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


@pytest.mark.parametrize("lang,query", [("id", "pemulangan"), ("en", "repatriation")])
def test_search_results_are_numbered_once(browser, site_server, lang, query):
    page = open_page(browser, site_server, lang)
    page.click("label[for=__search]")
    page.fill("input.md-search__input", query)
    page.wait_for_selector(".md-search-result__item")
    texts = page.locator(".md-search-result__article li").all_inner_texts()
    assert texts, "the checklist's items show in the results"
    assert not any(t.strip()[:3].rstrip(".").isdigit() and t.strip()[1:3].startswith(".") for t in texts), texts[:3]
    page.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["layanan/pemulangan/", "glosarium/", "matriks/"])
def test_phone_pages_are_axe_clean(browser, site_server, lang, path):
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(browser, site_server, lang, path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.close()
