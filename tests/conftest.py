"""Shared fixtures. Keep each group together and name fixtures after what they give.

Groups:
  * markers .............. require_marker(): building the site or starting chromium fails a test not marked so
  * the sop command ...... run_sop() (in this process), sop_program() (as a program), CliRun
  * golden files ........ --update-golden, golden_compare
  * shared data .......... site_portal, district_portal, project_report, restricted_data, restricted_portals: once per
                           session and only read (shared(); the session fails if a test changed one)
  * rendering ............ make_renderer() (one compiled template environment for all)
  * site builds .......... project_dir, data_dir, build_site(), built_site, project_copy
  * browser (Playwright) . site_server, serve_directory(), SiteHost, requests_log, browser_context, phone_page,
                           assert_axe_clean(), pdf_texts(), url_of(), chapter_id, screenshots_dir,
                           browser_today()
  * district sites ....... ttu_site, contoh_site (tests/district_sites.py)
  * offline build ........ offline_site (OFFLINE=true: file://, USB stick)
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gzip
import hashlib
import http.server
import io
import mimetypes
import os
import pickle
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse, urlsplit

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
# The data every test build uses: the project's sop_data, unless SOP_DATA_DIR points elsewhere (as for the hook).
DATA_DIR = Path(os.environ.get("SOP_DATA_DIR") or PROJECT_DIR / "sop_data").resolve()
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"


# -- what the running test is marked (site and browser work refuses to run in the fast subset) ---------------------

_RUNNING: list = [None]  # the test item whose setup, call or teardown runs now


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _RUNNING[0] = item
    try:
        return (yield)
    finally:
        _RUNNING[0] = None


def require_marker(doing: str, *markers: str) -> None:
    """Fail the running test if it is marked none of ``markers``: whatever builds the whole site or starts chromium
    must be marked so, or `pytest -m "not browser and not site"` would not be the fast subset."""
    item = _RUNNING[0]
    if item is not None and not any(item.get_closest_marker(m) for m in markers):
        pytest.fail(f"{item.nodeid} {doing}: mark it {' or '.join(markers)}", pytrace=False)


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/* from the current output instead of comparing",
    )


# -- the sop command, in this process ---------------------------------------------------------------------------

# What the shell running pytest may have set that would change what the command says or where it looks.
SOP_ENV_VARS = (
    "SOP_LANG",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_MESSAGES",
    "SOP_DEBUG",
    "SOP_TODAY",
    "SOP_DATA_DIR",
    "SOP_DISTRICT",
    "GITHUB_WORKSPACE",
    "OFFLINE",
    "CHROMIUM",
)


@dataclass
class CliRun:
    """What `sop ARGS` gave: its exit code and everything it printed (as subprocess.CompletedProcess has it)."""

    returncode: int
    stdout: str
    stderr: str


class _Terminal(io.StringIO):
    """Standard input that is a terminal as far as the command can tell, with the answers already typed."""

    def isatty(self) -> bool:
        return True


def run_sop(*args, cwd=None, env: dict | None = None, stdin: str = "", terminal: bool = False) -> CliRun:
    """`sop ARGS` in this process: ``sop_portal.cli.main(args)`` in ``cwd``, with ``env`` over an environment
    without SOP_*, language and GitHub variables, standard input ``stdin`` (not a terminal unless ``terminal``),
    and stdout and stderr captured. Everything is put back afterwards (pytest's MonkeyPatch), so it can run in
    module- and session-scoped fixtures too."""
    from sop_portal import cli

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        for name in SOP_ENV_VARS:
            mp.delenv(name, raising=False)
        for name, value in (env or {}).items():
            mp.setenv(name, str(value))
        if cwd is not None:
            mp.chdir(cwd)
        mp.setattr(sys, "stdin", (_Terminal if terminal else io.StringIO)(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([str(a) for a in args])
    return CliRun(code, out.getvalue(), err.getvalue())


def sop_program(*args, cwd, env: dict | None = None, command: list[str] | None = None) -> CliRun:
    """`python -m sop_portal ARGS` as a program, for the few tests that need one: the end-to-end tests in
    test_cli.py, and printing PDFs with chromium (Playwright cannot start in a process where pytest-playwright
    runs it already). ``env`` goes over the same clean environment as run_sop's."""
    if args and (args[0] == "handouts" or (args[0] == "document" and "pdf" in args)):
        require_marker("prints a PDF with chromium", "browser")
    clean = {k: v for k, v in os.environ.items() if k not in SOP_ENV_VARS}
    proc = subprocess.run(
        [*(command or [sys.executable, "-m", "sop_portal"]), *map(str, args)],
        cwd=cwd,
        env={**clean, **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return CliRun(proc.returncode, proc.stdout, proc.stderr)


# -- golden files --------------------------------------------------------------------------------------


@pytest.fixture
def golden_compare(request):
    """golden_compare(name, text): compare with tests/golden/<name>, or rewrite it under --update-golden."""
    update = request.config.getoption("--update-golden")
    golden_dir = PROJECT_DIR / "tests" / "golden"

    def compare(name: str, text: str) -> None:
        path = golden_dir / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if not update:
                pytest.fail(f"{path} did not exist and was written: check it, then run the tests again")
            return
        expected = path.read_text(encoding="utf-8")
        assert text == expected, (
            f"{path} differs from the output: if the change is intended, run pytest --update-golden"
        )

    return compare


# -- shared data: loaded once per session, only read --------------------------------------------------------------

_SHARED: list[tuple[str, object, str]] = []


def _digest(obj) -> str:
    """A folder: every file's path and bytes; anything else: its pickle."""
    h = hashlib.sha256()
    if isinstance(obj, Path):
        for path in sorted(obj.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(obj).as_posix().encode() + b"\0" + path.read_bytes())
    else:
        h.update(pickle.dumps(obj))
    return h.hexdigest()


def shared(name: str, obj):
    """Register ``obj`` (a portal, a dict of them, a data folder) as shared by the session's tests, which only read
    it; returns it. A test that needs a changed one makes its own: dataclasses.replace(portal, ...), or a copy of
    the folder under tmp_path."""
    _SHARED.append((name, obj, _digest(obj)))
    return obj


@pytest.fixture(scope="session", autouse=True)
def shared_data_stays_unchanged():
    """Fails the session if a test changed a shared object, the project's sop_data or the minimal fixture."""
    from datasets import MINIMAL

    shared("sop_data/", DATA_DIR)
    shared("tests/fixtures/minimal/", MINIMAL)
    yield
    changed = [name for name, obj, digest in _SHARED if _digest(obj) != digest]
    if changed:
        pytest.fail(f"a test changed what all tests share and only read: {', '.join(changed)}", pytrace=False)


@pytest.fixture(scope="session")
def _project_portals() -> dict:
    from sop_portal.build.portal import load_with_districts

    national, districts = load_with_districts(DATA_DIR)  # validated once for the nation and every district
    return shared("the project's portals", {"national": national, **districts})


@pytest.fixture(scope="session")
def project_report():
    """The validator's report on the project's data (as of today), once per session."""
    from sop_portal.data.validate import validate

    return shared("project_report", validate(DATA_DIR))


@pytest.fixture(scope="session")
def site_portal(_project_portals):
    """The national portal of the project's data (the site's), loaded once per session."""
    return _project_portals["national"]


@pytest.fixture(scope="session")
def district_portal(_project_portals):
    """Timor Tengah Utara's portal from the project's data, loaded once per session."""
    return _project_portals["timor-tengah-utara"]


@pytest.fixture(scope="session")
def restricted_data(tmp_path_factory) -> Path:
    """A copy of the project's data whose district lists a restricted contact too (datasets.RESTRICTED_*)."""
    from datasets import with_restricted_district_contact

    return shared(
        "restricted_data", with_restricted_district_contact(tmp_path_factory.mktemp("restricted") / "sop_data")
    )


@pytest.fixture(scope="session")
def restricted_portals(restricted_data) -> dict:
    """{"national", "district"}: the portals of restricted_data, the district's holding the restricted contact."""
    from datasets import RESTRICTED_DISTRICT
    from sop_portal.build.portal import load_with_districts

    national, districts = load_with_districts(restricted_data)
    return shared("restricted_portals", {"national": national, "district": districts[RESTRICTED_DISTRICT]})


# -- rendering without MkDocs -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def _template_environment(templates_dir: str):
    from sop_portal.render.markers import environment

    return environment(templates_dir)  # nothing in it depends on the portal: the templates compile once


def make_renderer(portal, today, docs_dir=None):
    """A markers.Renderer of ``portal`` with the project's templates (overrides/sop/), sharing one compiled Jinja
    environment with every other one the tests make (a Renderer of its own compiles each template again)."""
    from sop_portal.render.markers import Renderer

    templates = PROJECT_DIR / "overrides" / "sop"
    renderer = Renderer(portal, templates, today, docs_dir)
    renderer.env = _template_environment(str(templates))
    return renderer


# -- site builds -------------------------------------------------------------------------------------


@dataclass
class SiteBuildResult:
    site_dir: Path
    returncode: int
    output: str

    def pages(self, lang: str) -> set[str]:
        """Output pages of one language, as paths relative to that language's root."""
        root = self.site_dir / "en" if lang == "en" else self.site_dir
        found = set()
        for html in root.rglob("index.html"):
            rel = html.relative_to(root).as_posix()
            if lang != "en" and rel.startswith("en/"):
                continue
            found.add(rel)
        return found


@pytest.fixture(scope="session")
def project_dir() -> Path:
    return PROJECT_DIR


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA_DIR


def run_mkdocs_build(site_dir: Path, config_file: Path | None = None, env: dict | None = None) -> SiteBuildResult:
    """`mkdocs build --strict` (never -q) with the venv's Python, as a user would run it."""
    require_marker("builds the whole MkDocs site", "site", "browser")
    config_file = config_file or PROJECT_DIR / "mkdocs.yml"
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return SiteBuildResult(site_dir, proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def build_site():
    return run_mkdocs_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> SiteBuildResult:
    """The whole site built once per test session from the real sop_data."""
    result = run_mkdocs_build(tmp_path_factory.mktemp("site") / "site")
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.output}"
    return result


def copy_project(dest: Path) -> Path:
    """A throwaway copy of what a build needs (config, docs, overrides, data, hook); returns its mkdocs.yml."""
    shutil.copy2(PROJECT_DIR / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        shutil.copytree(PROJECT_DIR / folder, dest / folder)
    shutil.copytree(DATA_DIR, dest / "sop_data")
    (dest / "hooks").mkdir()
    shutil.copy2(PROJECT_DIR / "hooks" / "mkdocs_hook.py", dest / "hooks" / "mkdocs_hook.py")
    return dest / "mkdocs.yml"


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path)


# -- browser (Playwright with Debian chromium) -----------------------------------------------------
#
# Every browser test file is marked `browser` (pytestmark) and uses these; chromium missing skips them all (fails
# them when CI=true). A site on 127.0.0.1: site_server (the built site), serve_directory() (any folder, any path
# prefix, gzip, a root that can be replaced). Pages: page + requests_log (pytest-playwright's page), phone_page()
# (a fresh 360 px wide context). Checks: assert_axe_clean(), pdf_texts(), url_of(), screenshots_dir.

PHONE_WIDTH = 360


def url_of(base: str, src: str, lang: str = "id", anchor: str = "") -> str:
    """The served URL of a source page: layanan/x.md -> <base>[en/]layanan/x/, pohon/index.md -> <base>pohon/,
    index.md -> <base>; with ``anchor``, '#anchor' after it."""
    stem = src[: -len(".md")]
    path = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
    return base + ("en/" if lang == "en" else "") + path + (f"#{anchor}" if anchor else "")


def browser_today(page, lang: str) -> str:
    """Today in the browser's time zone, as the site writes dates ("27 Mei 2021", "27 May 2021")."""
    from sop_portal.outputs.export import human_date

    year, month, day = page.evaluate("(d => [d.getFullYear(), d.getMonth() + 1, d.getDate()])(new Date())")
    return human_date(datetime.date(year, month, day), lang)


def browser_skip_reason() -> str | None:
    if CHROMIUM.exists():
        return None
    if os.environ.get("CI") == "true":
        return None  # in CI the browser tests must run (and fail if chromium is missing)
    return f"{CHROMIUM} is missing: install it with 'apt-get install -y chromium' (required when CI=true)"


def pytest_collection_modifyitems(config, items):
    reason = browser_skip_reason()
    if reason:
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_marker("starts chromium", "browser")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


class SiteHost:
    """A built site on 127.0.0.1 under ``prefix`` ("/" or "/sop/", as on GitHub Pages), its 404.html for what is
    not there, gzip when asked and ``compress``. ``root`` may be replaced while it runs (a new release published);
    ``paths`` records every path asked for; ``base`` is the site's URL, ending in '/'."""

    def __init__(self, root: Path, prefix: str = "/", compress: bool = False):
        self.root, self.prefix, self.compress = Path(root), prefix, compress
        self.paths: list[str] = []
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format, *args):  # keep test output readable
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


@contextlib.contextmanager
def serve_directory(root: Path, prefix: str = "/", compress: bool = False):
    """A SiteHost for the block: ``with serve_directory(site) as host: page.goto(host.base)``."""
    host = SiteHost(root, prefix, compress)
    try:
        yield host
    finally:
        host.close()


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site served on 127.0.0.1 (random port); yields its base URL ending in '/'."""
    with serve_directory(built_site.site_dir) as host:
        yield host.base


class RequestsLog:
    """Every request a page makes; `external()` lists those for any host but 127.0.0.1."""

    def __init__(self):
        self.urls: list[str] = []

    def watch(self, page_or_context):
        page_or_context.on("request", lambda request: self.urls.append(request.url))
        return page_or_context

    def external(self, allowed: tuple[str, ...] = ()) -> list[str]:
        out = []
        for url in self.urls:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue
            if parsed.hostname != "127.0.0.1" and url not in allowed:
                out.append(url)
        return out


@pytest.fixture
def requests_log(page) -> RequestsLog:
    """Records every request of the test's page; the test fails if one left 127.0.0.1."""
    log = RequestsLog()
    log.watch(page)
    yield log
    assert not log.external(getattr(log, "allowed", ())), f"requests left 127.0.0.1: {log.external()}"


@pytest.fixture
def browser_context(browser):
    """new(**options) -> (context, page, log): a fresh browser profile (Playwright's new_context options) whose every
    request is recorded, the service worker's included; at the end each is closed, and no request may have left
    127.0.0.1."""
    made = []

    def new(**options):
        context = browser.new_context(**options)
        log = RequestsLog()
        log.watch(context)
        made.append((context, log))
        return context, context.new_page(), log

    yield new
    for context, _log in made:
        context.close()
    for _context, log in made:
        assert not log.external(), f"requests left 127.0.0.1: {log.external()}"


@pytest.fixture
def phone_page(browser_context):
    """phone_page(height=780, scale=2, mobile=True, **options) -> a page in a fresh context 360 px wide: a phone
    (touch, a mobile viewport) unless ``mobile=False``; closed after the test, and no request may leave 127.0.0.1."""

    def new(height: int = 780, scale: float = 2, mobile: bool = True, **options):
        viewport = {"width": PHONE_WIDTH, "height": height}
        return browser_context(
            viewport=viewport, device_scale_factor=scale, is_mobile=mobile, has_touch=mobile, **options
        )[1]

    return new


def assert_axe_clean(page) -> None:
    """axe-core finds no violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def pdf_texts(pdf: bytes) -> list[str]:
    """The text of each page of a PDF (pypdf)."""
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def chapter_id(site_portal):
    """The chapter the browser tests use: pemulangan when the data has it, else the first one with a checklist."""
    ids = [s.id for s in site_portal.services if s.checklist]
    return "pemulangan" if "pemulangan" in ids else ids[0]


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    path = ARTIFACTS_DIR / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


# -- district sites (builders in tests/district_sites.py; used by test_site_district and test_browser_district) --


@pytest.fixture(scope="session")
def ttu_site(tmp_path_factory) -> SiteBuildResult:
    """Timor Tengah Utara's own site (SOP_DISTRICT), from a project copy with a restricted contact slipped in."""
    import district_sites as ds

    config, data = ds.real_project(tmp_path_factory.mktemp("ttu-project"))
    return ds.build(config, data, tmp_path_factory.mktemp("ttu") / "site", ds.TTU)


@pytest.fixture(scope="session")
def contoh_site(tmp_path_factory) -> SiteBuildResult:
    """The fixture district 'contoh' (every kind of change) over a copy of tests/fixtures/minimal."""
    import district_sites as ds

    config, data = ds.contoh_project(tmp_path_factory.mktemp("contoh-project"))
    return ds.build(config, data, tmp_path_factory.mktemp("contoh") / "site", ds.CONTOH)


# -- offline build (test_offline, test_browser_search, test_downloads) ------------------------------------


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> SiteBuildResult:
    """The site built once per session as for a USB stick: OFFLINE=true mkdocs build --strict."""
    result = run_mkdocs_build(tmp_path_factory.mktemp("offline") / "site", env={"OFFLINE": "true"})
    assert result.returncode == 0, f"OFFLINE=true mkdocs build --strict failed:\n{result.output}"
    return result
