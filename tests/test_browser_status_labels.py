"""Issue 13 in headless Debian chromium: the checklist's status badges are on screen and on paper, the matrix and
the home flow show inferred leads, and the English chapter, the English checklist and the matrix at 360 x 800."""

from __future__ import annotations

import pytest

from conftest import PHONE_WIDTH, pdf_texts, url_of
from sop_portal.messages.ui import ui_labels
from sop_portal.site import pages
from sop_portal.views import content as views

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["id", "en"])
def test_checklist_status_badges_show_on_screen_and_print(page, site_server, requests_log, site_portal, lang):
    u = ui_labels(lang)
    for svc in site_portal.services:
        if not svc.checklist:
            continue
        page.goto(url_of(site_server, pages.checklist_page(svc.id), lang))
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            items = page.locator("form[data-sop-checklist] li.sop-check")
            assert items.count() == len(svc.checklist)
            for i, step in enumerate(svc.checklist):
                badge = items.nth(i).locator(".sop-badge--compact")
                assert badge.count() == 1 and badge.is_visible(), (svc.id, step.id, media)
                shown = badge.locator('[aria-hidden="true"]')
                assert shown.is_visible() and shown.inner_text().strip() == u["status"][step.provenance.status]["short"]
                box = badge.bounding_box()
                assert box and box["width"] > 10 and box["height"] > 6
        # on paper: the frame is black, so the badge reads without colour or background
        border = page.locator(".sop-badge--compact").first.evaluate("e => getComputedStyle(e).borderTopColor")
        assert border in ("rgb(0, 0, 0)", "rgba(0, 0, 0, 1)"), border
        text = "".join(pdf_texts(page.pdf(format="A4")))
        for step in svc.checklist:
            assert u["status"][step.provenance.status]["short"] in text, (svc.id, step.id)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_inferred_leads_are_visible_on_the_home_flow_and_the_matrix(page, site_server, requests_log, site_portal, lang):
    inferred = [s for s in site_portal.services if views.lead_inferred(s)]
    if not inferred:
        pytest.skip("no inferred lead in the data")
    u = ui_labels(lang)
    page.goto(url_of(site_server, pages.HOME, lang))
    marks = page.locator(".sop-flow__meta .sop-inferred")
    flow_inferred = [n for n in views.flow(site_portal).services if n.lead_inferred]
    assert marks.count() == len(flow_inferred)
    assert all(
        marks.nth(i).is_visible() and u["flow"]["lead_inferred"] in marks.nth(i).inner_text()
        for i in range(marks.count())
    )
    assert page.locator(".sop-flow__inferred").is_visible()

    page.goto(url_of(site_server, pages.MATRIX, lang))
    cells = page.locator("td.sop-cell--inferred .sop-role--inferred")
    assert cells.count() == sum(len(s.lead) for s in inferred)
    assert cells.first.inner_text() == u["matrix"]["lead_inferred_symbol"]
    legend = page.locator(".sop-legend__inferred")
    assert legend.is_visible() and u["matrix"]["lead_inferred"] in legend.inner_text()


SHOTS = {
    "chapter-en": lambda c: (pages.service_page(c), "en"),
    "checklist-en": lambda c: (pages.checklist_page(c), "en"),
    "matrix-en": lambda c: (pages.MATRIX, "en"),
    "matrix-id": lambda c: (pages.MATRIX, "id"),
    "home-en": lambda c: (pages.HOME, "en"),
}


@pytest.mark.parametrize("name", list(SHOTS))
def test_phone_screenshots_of_the_issue_13_pages(phone_page, site_server, screenshots_dir, chapter_id, name):
    src, lang = SHOTS[name](chapter_id)
    page = phone_page(height=800, scale=1)
    page.goto(url_of(site_server, src, lang))
    page.screenshot(path=str(screenshots_dir / f"issue13-{name}-360x800.png"))
    page.screenshot(path=str(screenshots_dir / f"issue13-{name}-360-full.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{name}: page is {width}px wide"
