"""District sites in headless Debian chromium: no axe-core violation on the changes page and a chapter (both
languages), the national text of a modified step opens, and a 360 px phone sees everything without sideways
scrolling (screenshots in test-artifacts/screenshots/district-*.png)."""

from __future__ import annotations

import contextlib

import pytest

from conftest import PHONE_WIDTH, assert_axe_clean, pdf_texts, serve_directory, url_of
from sop_portal.site import districts as districtsite
from sop_portal.site import pages

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def district_servers(contoh_site, ttu_site):
    """Base URLs of the two district sites: {'contoh': ..., 'ttu': ...}."""
    with contextlib.ExitStack() as stack:
        servers = {}
        for name, result in (("contoh", contoh_site), ("ttu", ttu_site)):
            assert result.returncode == 0, result.output
            servers[name] = stack.enter_context(serve_directory(result.site_dir)).base
        yield servers


KEY_PAGES = {
    "contoh-changes": ("contoh", districtsite.CHANGES),
    "contoh-chapter": ("contoh", pages.service_page("pemulangan")),
    "contoh-checklist": ("contoh", pages.checklist_page("pemulangan")),
    "ttu-changes": ("ttu", districtsite.CHANGES),
    "ttu-chapter": ("ttu", pages.service_page("pengaduan")),
    "ttu-actor": ("ttu", pages.actor_page("polres_ppa")),
}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", list(KEY_PAGES))
def test_no_axe_violations_on_district_pages(page, district_servers, requests_log, name, lang):
    site, src = KEY_PAGES[name]
    page.goto(url_of(district_servers[site], src, lang))
    assert page.locator(".sop-district-banner").is_visible()
    assert_axe_clean(page)


@pytest.mark.parametrize("src", [districtsite.DISTRICTS_INDEX, districtsite.profile_page("timor-tengah-utara")])
def test_no_axe_violations_on_the_national_district_pages(page, site_server, requests_log, src):
    for lang in ("id", "en"):
        page.goto(url_of(site_server, src, lang))
        assert page.locator(".sop-district-banner").count() == 0
        assert_axe_clean(page)


def test_national_text_of_a_modified_step_opens(page, district_servers, requests_log):
    page.goto(url_of(district_servers["contoh"], pages.service_page("pemulangan"), "en"))
    step = page.locator("#pemulangan-s2")
    details = step.locator("details.sop-change__national")
    assert not details.get_attribute("open") and not step.get_by_text("Assess the risks before return.").is_visible()
    details.locator("summary").click()
    assert step.get_by_text("Assess the risks before return.").is_visible()
    assert step.get_by_text("The local forum assesses the risks in the home village.").is_visible()


def test_banner_leads_to_the_changes_page(page, district_servers, requests_log):
    page.goto(url_of(district_servers["ttu"], pages.service_page("pengaduan")))
    with page.expect_navigation():
        page.locator(".sop-district-banner__link").click()
    assert page.url == url_of(district_servers["ttu"], districtsite.CHANGES)
    # ... whose step links land on the marked step of the chapter
    with page.expect_navigation():
        page.locator("#perubahan-pengaduan-ttu-1 a", has_text="Langkah").first.click()
    assert page.url.endswith("layanan/pengaduan/#pengaduan-ttu-1")
    assert page.locator("#pengaduan-ttu-1 .sop-local--add").is_visible()


SHOTS = {
    "district-changes": ("ttu", districtsite.CHANGES, None),
    "district-chapter": ("contoh", pages.service_page("pemulangan"), "#pemulangan-s2"),
    "district-not-applicable": ("contoh", pages.service_page("pemulangan"), "#pemulangan-s3"),
    "district-checklist": ("contoh", pages.checklist_page("pemulangan"), None),
    "district-actor": ("ttu", pages.actor_page("polres_ppa"), None),
}


@pytest.mark.parametrize("name", list(SHOTS))
def test_phone_width_district_screenshots(phone_page, district_servers, screenshots_dir, name):
    site, src, target = SHOTS[name]
    page = phone_page(scale=1)
    page.goto(url_of(district_servers[site], src))
    if target:
        page.locator(target).scroll_into_view_if_needed()
        page.evaluate("t => document.querySelector(t).scrollIntoView({block: 'start'})", target)
        page.evaluate("window.scrollBy(0, -70)")  # below the sticky header
    page.screenshot(path=str(screenshots_dir / f"{name}-360.png"))  # the viewport a phone shows
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{name}: page is {width}px wide at {PHONE_WIDTH}px"


def test_phone_width_national_district_list(phone_page, site_server, screenshots_dir):
    page = phone_page(scale=1)
    page.goto(url_of(site_server, districtsite.DISTRICTS_INDEX))
    page.screenshot(path=str(screenshots_dir / "district-list-360.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


@pytest.mark.parametrize("lang", ["id", "en"])
def test_district_checklist_still_prints_on_one_or_two_a4_pages(page, district_servers, requests_log, lang):
    page.goto(url_of(district_servers["ttu"], pages.checklist_page("pengaduan"), lang))
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    assert 1 <= len(pdf_texts(pdf)) <= 2
    assert page.locator(".sop-district-banner").is_visible()  # a printed district checklist names its district
