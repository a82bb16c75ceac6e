"""Shared fixtures. Keep each group together and name fixtures after what they give.

Groups:
  * golden files ........ --update-golden, golden_compare
  * site builds .......... project_dir, data_dir, build_site(), built_site, site_portal, project_copy
  * browser (Playwright) . browser_type_launch_args, site_server, requests_log, screenshots_dir, browser_today()
  * district sites ....... ttu_site, contoh_site (tests/district_sites.py)
  * offline build ........ offline_site (OFFLINE=true: file://, USB stick)
"""

from __future__ import annotations

import datetime
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
# The data every test build uses: the project's sop_data, unless SOP_DATA_DIR points elsewhere (as for the hook).
DATA_DIR = Path(os.environ.get("SOP_DATA_DIR") or PROJECT_DIR / "sop_data").resolve()
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/* from the current output instead of comparing",
    )


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


@pytest.fixture(scope="session")
def site_portal():
    from sop_portal.build import load_portal

    return load_portal(DATA_DIR)


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


def url_of(base: str, src: str, lang: str = "id", anchor: str = "") -> str:
    """The served URL of a source page: layanan/x.md -> <base>[en/]layanan/x/, pohon/index.md -> <base>pohon/,
    index.md -> <base>; with ``anchor``, '#anchor' after it."""
    stem = src[: -len(".md")]
    path = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
    return base + ("en/" if lang == "en" else "") + path + (f"#{anchor}" if anchor else "")


def browser_today(page, lang: str) -> str:
    """Today in the browser's time zone, as the site writes dates ("27 Mei 2021", "27 May 2021")."""
    from sop_portal.export import human_date

    year, month, day = page.evaluate("(d => [d.getFullYear(), d.getMonth() + 1, d.getDate()])(new Date())")
    return human_date(datetime.date(year, month, day), lang)


def browser_skip_reason() -> str | None:
    if CHROMIUM.exists():
        return None
    if os.environ.get("CI") == "true":
        return None  # in CI the browser tests must run (and fail if chromium is missing)
    return f"{CHROMIUM} is missing: install it with 'apt-get install -y chromium' (required when CI=true)"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_server(built_site):
    """The built site served on 127.0.0.1 (random port); yields its base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class RequestsLog:
    """Every request a page makes; `external()` lists those for any host but 127.0.0.1."""

    def __init__(self):
        self.urls: list[str] = []

    def watch(self, page):
        page.on("request", lambda request: self.urls.append(request.url))
        return page

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
