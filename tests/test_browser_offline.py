"""Offline after one visit, in headless chromium: the service worker keeps every page a reader opened (search
included) and nothing else; the reader can save a whole language, seeing its size first; a new sop_version is
announced and replaces the saved copy; all of it under a sub-path too, keyboard-operable, axe-clean, with no
request leaving 127.0.0.1 (the worker's own requests included)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import (
    PHONE_WIDTH,
    PROJECT_DIR,
    assert_axe_clean,
    browser_today,
    copy_project,
    run_mkdocs_build,
    serve_directory,
)

pytestmark = pytest.mark.browser

BOX = "input[data-md-component=search-query]"
RESULT_LINKS = ".md-search-result__list > .md-search-result__item > a"
LINE = "[data-sop-offline-line]"
SAVE = "[data-sop-offline-save]"
STATUS = "[data-sop-offline-status]"
NOTICE = "[data-sop-offline-notice]"
QUERY = {"id": "polisi", "en": "police"}
NEXT_VERSION = "9.9.9"  # above any released version, so every district profile stays valid


@pytest.fixture
def host(built_site):
    """The built site on 127.0.0.1 (conftest.SiteHost: its paths asked for are recorded)."""
    with serve_directory(built_site.site_dir) as server:
        yield server


@pytest.fixture(scope="session")
def manifest(built_site) -> dict:
    return json.loads((built_site.site_dir / "offline-manifest.json").read_text(encoding="utf-8"))


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


def wait_until_cached(page, urls: list[str], timeout: float = 30000) -> None:
    """Wait until the browser keeps every one of ``urls`` (Cache Storage is asynchronous: each poll starts a look
    at it and reads the answer of the last one that finished)."""
    page.wait_for_function(
        """urls => {
        const look = window.__sopCacheLook || (window.__sopCacheLook = {kept: false, busy: false});
        if (!look.busy) {
            look.busy = true;
            (async () => {
                const kept = new Set();
                for (const name of await caches.keys())
                    for (const request of await (await caches.open(name)).keys()) kept.add(request.url);
                look.kept = urls.every(u => kept.has(u));
            })().finally(() => { look.busy = false; });
        }
        return look.kept;
    }""",
        arg=urls,
        polling=200,
        timeout=timeout,
    )


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
def test_opened_pages_stay_readable_offline_with_search(browser_context, host, manifest, lang):
    info = manifest["languages"][lang]
    context, page, _log = browser_context()
    visited = some_pages(info)
    for path in visited:
        page.goto(host.base + path)
        assert manifest["sop_version"] in saved_copy(page)
    # The language's search (index, worker, lunr) is kept in the background: wait for it.
    wait_until_cached(page, [host.base + path for path in info["shell"]])
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
def test_saving_the_language_opens_every_chapter_checklist_tree_and_the_directory_offline(
    browser_context, host, manifest, lang
):
    info = manifest["languages"][lang]
    context, page, _log = browser_context()
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
    # Downloading starts in the answer's handler, which shows the progress bar and the count at once: neither is
    # there, nothing more is kept, and the host was asked for no page the reader did not open.
    assert page.locator("[data-sop-offline-progress]").is_hidden() and not page.inner_text(STATUS).strip()
    assert cached_paths(page, host.base) & set(info["pages"]) == pages_before, "downloading before the reader agreed"
    asked = {p[len(host.prefix) :] for p in host.paths}
    assert asked & set(info["pages"]) <= pages_before | {info["root"]}, "downloading before the reader agreed"

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


def test_saving_without_a_connection_says_so_and_keeps_the_control(browser_context, host, manifest):
    context, page, _log = browser_context()
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


def test_works_under_a_sub_path(browser_context, built_site, manifest):
    with serve_directory(built_site.site_dir, prefix="/sop/") as host:
        context, page, _log = browser_context()
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


def test_the_size_is_the_compressed_one_where_the_host_compresses(browser_context, built_site, manifest):
    with serve_directory(built_site.site_dir, compress=True) as host:
        _context, page, _log = browser_context()
        page.goto(host.base)
        saved_copy(page)
        assert size_label("id", manifest["languages"]["id"]["gzip_bytes"]) in page.inner_text(SAVE)


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
    browser_context, built_site, next_release, manifest, screenshots_dir
):
    old_version = manifest["sop_version"]
    info = manifest["languages"]["id"]
    with serve_directory(built_site.site_dir) as host:
        context, page, _log = browser_context()
        home, chapter, checklist = some_pages(info)
        page.goto(host.base + chapter)
        saved_copy(page)
        page.goto(host.base + checklist)
        saved_copy(page)
        page.click(SAVE)
        page.click("[data-sop-offline-yes]")
        page.locator(SAVE).wait_for(state="hidden", timeout=60000)

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


# -- the control itself ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_control_is_a_keyboard_button_and_axe_clean(browser_context, host, manifest, lang):
    info = manifest["languages"][lang]
    _context, page, _log = browser_context()
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
    assert_axe_clean(page)

    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.hasAttribute('data-sop-offline-yes')")
    assert_axe_clean(page)
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("sel => document.activeElement === document.querySelector(sel)", SAVE)
    assert page.get_attribute(STATUS, "role") == "status"


@pytest.mark.parametrize(
    "options",
    [{"service_workers": "block"}, {"java_script_enabled": False}],
    ids=["no-service-worker", "no-javascript"],
)
def test_nothing_pretends_to_work_without_a_service_worker(browser_context, host, options):
    _context, page, _log = browser_context(**options)
    page.goto(host.base + "layanan/", wait_until="load")  # offline.js asks for its worker on load
    # The control only ever shows in answer to a worker; there is none, and none can come: it stays hidden.
    if options.get("java_script_enabled", True):
        assert page.evaluate(
            "() => !navigator.serviceWorker || navigator.serviceWorker.getRegistrations().then(r => r.length === 0)"
        )
    assert page.locator("[data-sop-offline]").count() == 1
    assert not page.locator("[data-sop-offline]").is_visible()
    assert not page.locator(SAVE).is_visible()


def test_the_control_at_phone_width(phone_page, host, manifest, screenshots_dir):
    page = phone_page(height=800)
    info = manifest["languages"]["id"]
    page.goto(host.base + some_pages(info)[2])
    saved_copy(page)
    button = page.locator(SAVE)
    page.locator("[data-sop-offline]").evaluate(
        "e => window.scrollTo({top: e.getBoundingClientRect().top + window.scrollY - 60, behavior: 'instant'})"
    )
    page.screenshot(path=str(screenshots_dir / "offline-save-360.png"))
    box = button.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    button.click()
    page.screenshot(path=str(screenshots_dir / "offline-confirm-360.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
