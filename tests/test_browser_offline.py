"""Offline after one visit, in headless chromium: the service worker keeps every page a reader opened (search
included) and nothing else; the reader can save a whole language, seeing its size first; a new sop_version is
announced and replaces the saved copy; all of it under a sub-path too, keyboard-operable, axe-clean, with no
request leaving 127.0.0.1 (the worker's own requests included)."""

from __future__ import annotations

import gzip
import http.server
import json
import mimetypes
import re
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import PROJECT_DIR, RequestsLog, browser_skip_reason, browser_today, copy_project, run_mkdocs_build

_skip = browser_skip_reason()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(_skip is not None, reason=_skip or "")]

PHONE = {"width": 360, "height": 800}
BOX = "input[data-md-component=search-query]"
RESULT_LINKS = ".md-search-result__list > .md-search-result__item > a"
LINE = "[data-sop-offline-line]"
SAVE = "[data-sop-offline-save]"
STATUS = "[data-sop-offline-status]"
NOTICE = "[data-sop-offline-notice]"
QUERY = {"id": "polisi", "en": "police"}
NEXT_VERSION = "9.9.9"  # above any released version, so every district profile stays valid


# -- a small web host: any path prefix, gzip when asked, a site that can be replaced while it runs ------------


class Host:
    """A built site on 127.0.0.1 under ``prefix`` ("/" or "/sop/", as on GitHub Pages). ``root`` may be replaced
    while it runs (a new release published); ``paths`` records every path asked for."""

    def __init__(self, root: Path, prefix: str = "/", compress: bool = False):
        self.root, self.prefix, self.compress = Path(root), prefix, compress
        self.paths: list[str] = []
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):
                pass

            def do_GET(self):
                path = unquote(urlsplit(self.path).path)
                host.paths.append(path)
                if not path.startswith(host.prefix):
                    return self.reply(404, b"not here", "text/plain")
                target = host.root / path[len(host.prefix) :]
                if target.is_dir():
                    if not path.endswith("/"):
                        self.send_response(301)
                        self.send_header("Location", path + "/")
                        self.send_header("Content-Length", "0")
                        return self.end_headers()
                    target = target / "index.html"
                if not target.is_file() or host.root.resolve() not in target.resolve().parents:
                    body = (host.root / "404.html").read_bytes() if (host.root / "404.html").is_file() else b""
                    return self.reply(404, body, "text/html")
                kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
                    kind += "; charset=utf-8"
                self.reply(200, target.read_bytes(), kind)

            def reply(self, status, body, kind):
                packed = host.compress and "gzip" in (self.headers.get("Accept-Encoding") or "")
                if packed:
                    body = gzip.compress(body, compresslevel=6)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-cache")
                if packed:
                    self.send_header("Content-Encoding", "gzip")
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}{prefix}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def host(built_site):
    server = Host(built_site.site_dir)
    yield server
    server.close()


@pytest.fixture(scope="session")
def manifest(built_site) -> dict:
    return json.loads((built_site.site_dir / "offline-manifest.json").read_text(encoding="utf-8"))


@pytest.fixture
def reader(browser):
    """new(**options) -> (context, page, log): a fresh browser profile whose every request is recorded, the
    service worker's included (context-level); each must stay on 127.0.0.1."""
    made = []

    def new(**options):
        context = browser.new_context(**options)
        log = RequestsLog()
        context.on("request", lambda request: log.urls.append(request.url))
        page = context.new_page()
        made.append((context, log))
        return context, page, log

    yield new
    for context, log in made:
        context.close()
        assert not log.external(), f"requests left 127.0.0.1: {log.external()}"


# -- helpers ---------------------------------------------------------------------------------------------------


def saved_copy(page, timeout: float = 20000) -> str:
    """Wait until the worker kept this page (the footer line says so); returns the line."""
    page.wait_for_selector(f"{LINE}:not([hidden])", timeout=timeout)
    return page.inner_text(LINE)


def cached(page) -> dict[str, set[str]]:
    """{cache name: URLs it holds}: what the browser keeps for this origin."""
    return {
        name: set(urls)
        for name, urls in page.evaluate("""async () => {
        const out = {};
        for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map(r => r.url);
        return out;
    }""").items()
    }


def cached_paths(page, base: str) -> set[str]:
    return {u[len(base) :] for urls in cached(page).values() for u in urls if u.startswith(base)}


def wait_until(check, timeout: float = 30.0, step: float = 0.2):
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError("timed out waiting")
        time.sleep(step)


def search(page, query: str) -> list[str]:
    page.click(BOX)
    page.fill(BOX, query)
    page.press(BOX, "End")  # Material searches on keyup
    page.wait_for_selector(RESULT_LINKS, timeout=20000)
    return page.eval_on_selector_all(RESULT_LINKS, "els => els.map(e => e.href)")


def size_label(lang: str, size: int) -> str:
    mb = max(size / 1e6, 0.1)
    text = f"{mb:.1f}" if mb < 10 else f"{mb:.0f}"
    return (text.replace(".", ",") if lang == "id" else text) + "\u00a0MB"  # a no-break space: "5,3 MB" never splits


def some_pages(info: dict) -> list[str]:
    """Home, a chapter and a checklist of one language (paths relative to the site root)."""
    root = info["root"]
    chapter = next(p for p in info["pages"] if p.startswith(f"{root}layanan/") and p != f"{root}layanan/")
    checklist = next(
        p for p in info["pages"] if p.startswith(f"{root}daftar-periksa/") and p != f"{root}daftar-periksa/"
    )
    return [root, chapter, checklist]


def required_pages(info: dict) -> list[str]:
    """Every chapter, checklist and decision tree of a language, and its contact directory."""
    root = info["root"]
    wanted = [
        p
        for p in info["pages"]
        if any(p.startswith(f"{root}{folder}/") for folder in ("layanan", "daftar-periksa", "pohon"))
    ]
    return wanted + [f"{root}kontak/"]


# -- the pages a reader opened, and nothing more -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_opened_pages_stay_readable_offline_with_search(reader, host, manifest, lang):
    info = manifest["languages"][lang]
    context, page, _log = reader()
    visited = some_pages(info)
    for path in visited:
        page.goto(host.base + path)
        assert manifest["sop_version"] in saved_copy(page)
    # The language's search (index, worker, lunr) is kept in the background: wait for it.
    wait_until(lambda: set(info["shell"]) <= cached_paths(page, host.base))
    kept = cached_paths(page, host.base)
    every_page = {p for other in manifest["languages"].values() for p in other["pages"]}
    assert kept & every_page == set(visited), "the worker kept pages the reader never opened"
    asked = {p[len(host.prefix) :] for p in host.paths}
    assert asked & every_page == set(visited), "the browser downloaded pages the reader never opened"
    assert not any(p.startswith("en/" if lang == "id" else "search/") for p in kept), "the other language was kept"

    context.set_offline(True)
    for path in visited:
        response = page.goto(host.base + path)
        assert response.ok and page.locator("h1").first.is_visible(), path
        line = saved_copy(page)
        assert manifest["sop_version"] in line and ("salinan luring" in line or "offline copy" in line), line
        assert browser_today(page, lang) in line, "the day it was saved, as the site writes dates"
    links = search(page, QUERY[lang])
    assert links and all(urlsplit(u).path.startswith(host.prefix + info["root"]) for u in links), links
    if lang == "id":
        assert not any("/en/" in u for u in links), links
    never = next(p for p in info["pages"] if p.startswith(f"{info['root']}aktor/") and p not in visited)
    response = page.goto(host.base + never)
    assert response.status == 503
    assert ("belum tersimpan" if lang == "id" else "not saved") in page.inner_text("h1")
    assert page.locator("html").get_attribute("lang") == lang


# -- the whole language, only when asked -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_saving_the_language_opens_every_chapter_checklist_tree_and_the_directory_offline(reader, host, manifest, lang):
    info = manifest["languages"][lang]
    context, page, _log = reader()
    page.goto(host.base + info["root"])
    saved_copy(page)
    button = page.locator(SAVE)
    label = button.inner_text()
    assert size_label(lang, info["bytes"]) in label, (label, info["bytes"])  # raw: this host does not compress
    assert label.startswith(
        "Simpan bahasa ini untuk luring (±" if lang == "id" else "Save this language for offline use (about"
    )
    pages_before = cached_paths(page, host.base) & set(info["pages"])

    button.click()  # first the question, with the size and the number of pages: nothing is downloaded yet
    question = page.locator("[data-sop-offline-question]")
    assert question.is_visible() and size_label(lang, info["bytes"]) in question.inner_text()
    assert str(len(info["pages"])) in question.inner_text()
    page.wait_for_timeout(300)
    assert cached_paths(page, host.base) & set(info["pages"]) == pages_before, "downloading before the reader agreed"

    page.click("[data-sop-offline-yes]")
    done = f"{len(info['pages'])} {'halaman' if lang == 'id' else 'pages'}, "
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel).textContent.includes(text)", arg=[STATUS, done], timeout=60000
    )
    assert not button.is_visible(), "the control stays after the language is saved"
    kept = cached_paths(page, host.base)
    assert set(info["pages"]) | set(info["assets"]) <= kept
    other = next(o for code, o in manifest["languages"].items() if code != lang)
    assert not kept & set(other["pages"]), "the other language was downloaded too"

    context.set_offline(True)
    for path in required_pages(info):
        response = page.goto(host.base + path)
        assert response.ok, path
        assert page.locator("h1").first.is_visible(), path
        assert page.get_attribute("[data-sop-offline]", "data-sop-version") == manifest["sop_version"]
    assert search(page, QUERY[lang])
    download = next(a for a in info["assets"] if a.endswith(".csv"))
    assert page.evaluate("url => fetch(url).then(r => r.ok)", host.base + download)


def test_saving_without_a_connection_says_so_and_keeps_the_control(reader, host, manifest):
    context, page, _log = reader()
    page.goto(host.base)
    saved_copy(page)
    context.set_offline(True)
    page.click(SAVE)
    page.click("[data-sop-offline-yes]")
    page.wait_for_function(
        "sel => document.querySelector(sel).textContent.includes('terhenti')", arg=STATUS, timeout=30000
    )
    assert page.locator(SAVE).is_visible() and page.locator(SAVE).get_attribute("aria-disabled") is None


# -- a sub-path (GitHub Pages project site) ---------------------------------------------------------------------


def test_works_under_a_sub_path(reader, built_site, manifest):
    host = Host(built_site.site_dir, prefix="/sop/")
    try:
        context, page, _log = reader()
        chapter, en_home = some_pages(manifest["languages"]["id"])[1], manifest["languages"]["en"]["root"]
        page.goto(host.base + chapter)
        saved_copy(page)
        scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
        assert scope == host.base
        page.goto(host.base + en_home)
        saved_copy(page)
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == host.base + "sw.js"
        assert all(name.startswith("sop-tppo:/sop/:") for name in cached(page))
        context.set_offline(True)
        for path in (chapter, en_home):
            assert page.goto(host.base + path).ok and page.locator("h1").first.is_visible()
        assert search(page, QUERY["en"])
        assert not [p for p in host.paths if not p.startswith("/sop/")], "a request outside the sub-path"
    finally:
        host.close()


def test_the_size_is_the_compressed_one_where_the_host_compresses(reader, built_site, manifest):
    host = Host(built_site.site_dir, compress=True)
    try:
        _context, page, _log = reader()
        page.goto(host.base)
        saved_copy(page)
        assert size_label("id", manifest["languages"]["id"]["gzip_bytes"]) in page.inner_text(SAVE)
    finally:
        host.close()


# -- a new sop_version -----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def next_release(tmp_path_factory, data_dir) -> Path:
    """The same site published again as a newer sop_version (a project copy; the repository is never touched)."""
    project = tmp_path_factory.mktemp("next-release")
    config = copy_project(project)
    sop = project / "sop_data" / "sop.yaml"
    text = sop.read_text(encoding="utf-8")
    old = re.search(r'^sop_version: "([^"]+)"$', text, re.M).group(1)
    entry = (
        f'changelog:\n  - version: "{NEXT_VERSION}"\n    date: 2026-11-24\n    changes:\n'
        "      - {id: Rilis uji luring., en: An offline test release.}\n"
    )
    sop.write_text(
        text.replace(f'sop_version: "{old}"', f'sop_version: "{NEXT_VERSION}"').replace("changelog:\n", entry),
        encoding="utf-8",
    )
    env = {"SOP_DATA_DIR": str(project / "sop_data"), "PYTHONPATH": str(PROJECT_DIR / "hooks")}
    result = run_mkdocs_build(project / "site", config_file=config, env=env)
    assert result.returncode == 0, result.output
    return result.site_dir


def test_a_new_version_is_announced_and_replaces_the_saved_copy(
    reader, built_site, next_release, manifest, screenshots_dir
):
    old_version = manifest["sop_version"]
    info = manifest["languages"]["id"]
    host = Host(built_site.site_dir)
    try:
        context, page, _log = reader()
        home, chapter, checklist = some_pages(info)
        page.goto(host.base + chapter)
        saved_copy(page)
        page.goto(host.base + checklist)
        saved_copy(page)
        page.click(SAVE)
        page.click("[data-sop-offline-yes]")
        wait_until(lambda: not page.locator(SAVE).is_visible(), timeout=60)

        context.set_offline(True)
        page.reload()
        line = saved_copy(page)
        assert f" {old_version}" in line, line

        host.root = next_release  # published while the reader was offline
        context.set_offline(False)  # the page asks the worker to look for a new version when the network is back
        page.wait_for_function(
            "([sel, v]) => document.querySelector(sel).textContent.includes(v)",
            arg=[NOTICE, NEXT_VERSION],
            timeout=60000,
        )
        notice = page.locator(NOTICE)
        assert f"Versi baru SOP ({NEXT_VERSION}) tersedia; muat ulang halaman." in notice.inner_text()
        assert notice.is_visible() and notice.get_attribute("role") == "status"
        page.screenshot(path=str(screenshots_dir / "offline-new-version.png"))
        names = list(cached(page))
        assert len(names) == 1 and f":{NEXT_VERSION}:" in names[0], names  # the old copy went once the new was in
        new_copy = cached_paths(page, host.base)
        assert set(info["pages"]) <= new_copy, "the language saved whole lost pages in the update"

        notice.get_by_role("button").click()
        page.wait_for_load_state("load")
        assert page.get_attribute("[data-sop-offline]", "data-sop-version") == NEXT_VERSION
        assert f" {NEXT_VERSION}" in saved_copy(page)
        assert not page.inner_text(NOTICE).strip()

        context.set_offline(True)
        for path in (home, required_pages(info)[-1]):
            assert page.goto(host.base + path).ok
            assert page.get_attribute("[data-sop-offline]", "data-sop-version") == NEXT_VERSION
    finally:
        host.close()


# -- the control itself ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_control_is_a_keyboard_button_and_axe_clean(reader, host, manifest, lang):
    from axe_playwright_python.sync_playwright import Axe

    info = manifest["languages"][lang]
    _context, page, _log = reader()
    page.goto(host.base + some_pages(info)[2])
    saved_copy(page)
    button = page.locator(SAVE)
    assert button.evaluate("b => b.tagName === 'BUTTON' && b.type === 'button' && b.tabIndex === 0")
    # Tab reaches it from the element before it, with a visible focus ring.
    page.evaluate(
        """sel => {
        const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
            .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length);
        all[all.indexOf(document.querySelector(sel)) - 1].focus();
    }""",
        SAVE,
    )
    page.keyboard.press("Tab")
    assert page.evaluate("sel => document.activeElement === document.querySelector(sel)", SAVE)
    ring = page.evaluate(
        "sel => { const s = getComputedStyle(document.querySelector(sel)); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }",
        SAVE,
    )
    assert ring[0] != "none" and ring[1] >= 2, ring
    assert not Axe().run(page).violations_count, Axe().run(page).generate_report()

    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.hasAttribute('data-sop-offline-yes')")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("sel => document.activeElement === document.querySelector(sel)", SAVE)
    assert page.get_attribute(STATUS, "role") == "status"


@pytest.mark.parametrize(
    "options",
    [{"service_workers": "block"}, {"java_script_enabled": False}],
    ids=["no-service-worker", "no-javascript"],
)
def test_nothing_pretends_to_work_without_a_service_worker(reader, host, options):
    _context, page, _log = reader(**options)
    page.goto(host.base + "layanan/")
    page.wait_for_timeout(1500)
    assert page.locator("[data-sop-offline]").count() == 1
    assert not page.locator("[data-sop-offline]").is_visible()
    assert not page.locator(SAVE).is_visible()


def test_the_control_at_phone_width(reader, host, manifest, screenshots_dir):
    _context, page, _log = reader(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    info = manifest["languages"]["id"]
    page.goto(host.base + some_pages(info)[2])
    saved_copy(page)
    button = page.locator(SAVE)
    page.locator("[data-sop-offline]").evaluate(
        "e => window.scrollTo({top: e.getBoundingClientRect().top + window.scrollY - 60, behavior: 'instant'})"
    )
    page.screenshot(path=str(screenshots_dir / "offline-save-360.png"))
    box = button.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    button.click()
    page.screenshot(path=str(screenshots_dir / "offline-confirm-360.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
