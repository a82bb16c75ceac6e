"""District sites in headless Debian chromium: no axe-core violation on the changes page and a chapter (both
languages), the national text of a modified step opens, and a 360 px phone sees everything without sideways
scrolling (screenshots in test-artifacts/screenshots/district-*.png)."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from conftest import _QuietHandler, browser_skip_reason

_skip = browser_skip_reason()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(_skip is not None, reason=_skip or "")]

PHONE = {"width": 360, "height": 780}


def _serve(site_dir):
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def district_servers(contoh_site, ttu_site):
    """Base URLs of the two district sites: {'contoh': ..., 'ttu': ...}."""
    servers = {}
    for name, result in (("contoh", contoh_site), ("ttu", ttu_site)):
        assert result.returncode == 0, result.output
        servers[name] = _serve(result.site_dir)
    yield {name: base for name, (_, base) in servers.items()}
    for server, _ in servers.values():
        server.shutdown()
        server.server_close()


def url(base: str, path: str, lang: str = "id") -> str:
    return base + ("en/" if lang == "en" else "") + path


KEY_PAGES = {
    "contoh-changes": ("contoh", "daerah/perubahan/"),
    "contoh-chapter": ("contoh", "layanan/pemulangan/"),
    "contoh-checklist": ("contoh", "daftar-periksa/pemulangan/"),
    "ttu-changes": ("ttu", "daerah/perubahan/"),
    "ttu-chapter": ("ttu", "layanan/pengaduan/"),
    "ttu-actor": ("ttu", "aktor/polres_ppa/"),
}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", list(KEY_PAGES))
def test_no_axe_violations_on_district_pages(page, district_servers, requests_log, name, lang):
    from axe_playwright_python.sync_playwright import Axe

    site, path = KEY_PAGES[name]
    page.goto(url(district_servers[site], path, lang))
    assert page.locator(".sop-district-banner").is_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", ["daerah/", "daerah/profil/timor-tengah-utara/"])
def test_no_axe_violations_on_the_national_district_pages(page, site_server, requests_log, path):
    from axe_playwright_python.sync_playwright import Axe

    for lang in ("id", "en"):
        page.goto(url(site_server, path, lang))
        assert page.locator(".sop-district-banner").count() == 0
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()


def test_national_text_of_a_modified_step_opens(page, district_servers, requests_log):
    page.goto(url(district_servers["contoh"], "layanan/pemulangan/", "en"))
    step = page.locator("#pemulangan-s2")
    details = step.locator("details.sop-change__national")
    assert not details.get_attribute("open") and not step.get_by_text("Assess the risks before return.").is_visible()
    details.locator("summary").click()
    assert step.get_by_text("Assess the risks before return.").is_visible()
    assert step.get_by_text("The local forum assesses the risks in the home village.").is_visible()


def test_banner_leads_to_the_changes_page(page, district_servers, requests_log):
    page.goto(url(district_servers["ttu"], "layanan/pengaduan/"))
    with page.expect_navigation():
        page.locator(".sop-district-banner__link").click()
    assert page.url == url(district_servers["ttu"], "daerah/perubahan/")
    # ... whose step links land on the marked step of the chapter
    with page.expect_navigation():
        page.locator("#perubahan-pengaduan-ttu-1 a", has_text="Langkah").first.click()
    assert page.url.endswith("layanan/pengaduan/#pengaduan-ttu-1")
    assert page.locator("#pengaduan-ttu-1 .sop-local--add").is_visible()


SHOTS = {
    "district-changes": ("ttu", "daerah/perubahan/", None),
    "district-chapter": ("contoh", "layanan/pemulangan/", "#pemulangan-s2"),
    "district-not-applicable": ("contoh", "layanan/pemulangan/", "#pemulangan-s3"),
    "district-checklist": ("contoh", "daftar-periksa/pemulangan/", None),
    "district-actor": ("ttu", "aktor/polres_ppa/", None),
}


@pytest.mark.parametrize("name", list(SHOTS))
def test_phone_width_district_screenshots(browser, district_servers, screenshots_dir, name):
    site, path, target = SHOTS[name]
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        external = []
        page.on("request", lambda r: external.append(r.url) if not r.url.startswith("http://127.0.0.1:") else None)
        page.goto(url(district_servers[site], path))
        if target:
            page.locator(target).scroll_into_view_if_needed()
            page.evaluate("t => document.querySelector(t).scrollIntoView({block: 'start'})", target)
            page.evaluate("window.scrollBy(0, -70)")  # below the sticky header
        page.screenshot(path=str(screenshots_dir / f"{name}-360.png"))  # the viewport a phone shows
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name}: page is {width}px wide at {PHONE['width']}px"
        assert not external, external
    finally:
        context.close()


def test_phone_width_national_district_list(browser, site_server, screenshots_dir):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(url(site_server, "daerah/"))
        page.screenshot(path=str(screenshots_dir / "district-list-360.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_district_checklist_still_prints_on_one_or_two_a4_pages(page, district_servers, requests_log, lang):
    import io

    from pypdf import PdfReader

    page.goto(url(district_servers["ttu"], "daftar-periksa/pengaduan/", lang))
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    assert 1 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 2
    assert page.locator(".sop-district-banner").is_visible()  # a printed district checklist names its district
