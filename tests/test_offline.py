"""The offline build (OFFLINE=true mkdocs build --strict) opened from file://, as from a USB stick: every link
resolves to a file, and in chromium a reader moves between pages, switches language, ticks a checklist, follows a
decision tree and searches — with no request to anything but file://."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from sop_portal.site import pages

ATTR = re.compile(r'\s(?:href|src)="([^"]*)"')
SKIP = ("http:", "https:", "mailto:", "tel:", "sms:", "data:", "javascript:", "#")


def html_files(site: Path) -> list[Path]:
    # 404.html is served by a web host for any missing path, never opened from a folder.
    return [p for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html"]


@pytest.mark.site
def test_every_local_link_names_a_file(offline_site):
    """file:// has no index.html lookup: a link to a folder (or to a missing file) is a dead end."""
    site = offline_site.site_dir
    broken = []
    for page in html_files(site):
        for ref in set(ATTR.findall(page.read_text(encoding="utf-8"))):
            if not ref or ref.startswith(SKIP) or ref.startswith("//"):
                continue
            path = unquote(urlparse(ref).path)
            if not path:
                continue  # ?h=… or a bare query
            target = (page.parent / path).resolve()
            if path.startswith("/") or not target.is_file():
                broken.append(f"{page.relative_to(site)}: {ref}")
    assert not broken, "\n".join(sorted(broken)[:30])


@pytest.mark.site
def test_nothing_is_loaded_from_the_network(offline_site):
    site = offline_site.site_dir
    remote = re.compile(r'<(?:script|img|iframe|source|link)\b[^>]*\s(?:src|href)="(?:https?:)?//[^"]*"[^>]*>')
    for page in html_files(site):
        html = page.read_text(encoding="utf-8")
        found = [tag for tag in remote.findall(html) if 'rel="alternate"' not in tag and "canonical" not in tag]
        assert not found, f"{page.relative_to(site)}: {found[:3]}"
    assert '<script src="assets/vendor/iframe-worker-shim.js">' in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.site
def test_offline_build_keeps_no_unused_weight(offline_site):
    site = offline_site.site_dir
    assert not list(site.rglob("*.map"))
    assert sorted(p.name for p in (site / "assets" / "javascripts" / "lunr").rglob("*.js")) == [
        "lunr.id.min.js",
        "lunr.stemmer.support.min.js",
    ]
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __sop_indexes=") and '"en/index.html"' in script and '"index.html"' in script


# -- in chromium, from file:// ---------------------------------------------------------------------------------


class FileRequests:
    """Every request of a page; `remote()` lists those for anything but file:// (and data:, blob:, about:)."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def remote(self) -> list[str]:
        return [u for u in self.urls if urlparse(u).scheme not in ("file", "data", "blob", "about")]


@pytest.fixture
def offline(page, offline_site):
    """(page, site root as a file:// URL ending in '/'); fails the test if any request left file://."""
    log = FileRequests(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, offline_site.site_dir.as_uri() + "/"
    assert not log.remote(), f"requests left file://: {log.remote()}"
    assert not errors, errors


@pytest.mark.browser
def test_navigate_to_another_page(offline):
    page, root = offline
    page.goto(root + "index.html")
    stem = pages.CONTACTS[: -len(".md")]
    with page.expect_navigation():
        page.locator(f'a.md-nav__link[href="{stem}.html"]').first.click()
    assert page.url == root + f"{stem}.html"
    assert page.locator("h1").first.is_visible()


@pytest.mark.browser
@pytest.mark.parametrize(
    "start,lang,expected",
    [
        ("index.html", "en", "en/index.html"),
        ("en/index.html", "id", "index.html"),
        ("layanan/pemulangan.html", "en", "en/layanan/pemulangan.html"),
    ],
)
def test_switch_language(offline, start, lang, expected):
    page, root = offline
    page.goto(root + start)
    with page.expect_navigation():
        page.locator(f'a.md-select__link[hreflang="{lang}"]').evaluate("a => a.click()")  # the menu opens on hover
    assert page.url == root + expected
    assert page.locator("html").get_attribute("lang") == lang


@pytest.mark.browser
def test_checklist_tick_survives_a_reload(offline):
    page, root = offline
    page.goto(root + "daftar-periksa/pemulangan.html")
    box = page.locator("input[type=checkbox][data-sop-step]").first
    box.check()
    page.reload()
    assert page.locator("input[type=checkbox][data-sop-step]").first.is_checked()
    page.evaluate("() => localStorage.clear()")


@pytest.mark.browser
def test_decision_tree_answers_lead_somewhere(offline, offline_site):
    page, root = offline
    tree = offline_site.site_dir / "pohon" / "kontak-pertama.html"
    if not tree.is_file():
        pytest.skip("no decision tree page pohon/kontak-pertama in this build")
    page.goto(root + "pohon/kontak-pertama.html")
    answer = page.locator("a.sop-answer:visible").first
    href = answer.get_attribute("href")
    answer.click()
    page.wait_for_function("h => location.hash === h || !h.startsWith('#')", arg=href)
    target = urlparse(page.url)
    assert target.scheme == "file" and Path(unquote(target.path)).is_file()
    if href.startswith("#"):
        assert target.fragment == href[1:]


@pytest.mark.browser
@pytest.mark.parametrize("start,query", [("index.html", "pemulangan"), ("en/index.html", "repatriation")])
def test_search_finds_pages_in_the_page_language(offline, start, query):
    from test_browser_search import SearchBox

    page, root = offline
    page.goto(root + start)
    hrefs = SearchBox(page).results(query)
    assert hrefs, f"no results for {query!r}"
    for href in hrefs:
        target = Path(unquote(urlparse(href).path))
        assert target.is_file(), href
        assert ("/en/" in href) == start.startswith("en/"), href
