"""Page weight and speed of the portal next to a default MkDocs Material page (a benchmark script, not a test).

Builds, in throwaway copies (never inside the repository):
  * the national site, and the example district's site (SOP_DISTRICT=timor-tengah-utara), timing each build;
  * a default Material page built the same way: a one-page project, `theme: material`, `font: false`.
Serves each from a local gzip-capable ThreadingHTTPServer on 127.0.0.1 that records every byte it sends, opens
the pages in headless chromium (Playwright) and reports, per page, first-visit and repeat-visit transfer (raw and
gzip, headers included) and the number of requests, with ratios to the default page; then, when npm can fetch it,
Lighthouse 12.8 mobile scores.

What the server assumes of a static host (GitHub Pages, Netlify or Cloudflare Pages with one `_headers` rule):
  * gzip (level 6) for text files when the browser accepts it;
  * files whose name carries a content hash (Material's `*.<8 hex>.min.js|css`) are sent with
    `Cache-Control: public, max-age=31536000, immutable` and never requested again;
  * everything else with `Cache-Control: no-cache` plus ETag and Last-Modified: the browser asks again on every
    visit and gets `304 Not Modified` (headers only) while the file is unchanged; GitHub Pages' default
    (`max-age=600`) would make repeat visits within ten minutes cheaper still;
  * a missing file is answered with the site's 404.html, as a static host does.
"Repeat visit" is the same page opened again in the same browser profile (warm cache).

    .venv/bin/python tests/benchmarks/page_weight.py                  # everything (~3 minutes)
    .venv/bin/python tests/benchmarks/page_weight.py --no-lighthouse  # without Lighthouse
    .venv/bin/python tests/benchmarks/page_weight.py --no-district    # without the district build

Results are printed as tables and written to test-artifacts/page-weight.json.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import http.server
import json
import mimetypes
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parents[2]
DISTRICT = "timor-tengah-utara"
PAGES = [
    ("home", ""),
    ("chapter", "layanan/pemulangan/"),
    ("directory", "kontak/"),
    ("decision tree", "pohon/kontak-pertama/"),
]
HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
DEFAULT_PAGE = """# A default page

This is a default MkDocs Material page with a few lines of text, built the same way as the portal (`font: false`),
to compare the weight of the theme alone with the portal's pages.
"""


# -- builds --------------------------------------------------------------------------------------------------


def copy_project(dest: Path) -> Path:
    """What a build needs (config, docs, overrides, data, hook); a district build writes stub pages into docs/."""
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("docs", "overrides", "sop_data"):
        shutil.copytree(REPO / folder, dest / folder)
    (dest / "hooks").mkdir()
    shutil.copy2(REPO / "hooks" / "mkdocs_hook.py", dest / "hooks" / "mkdocs_hook.py")
    return dest / "mkdocs.yml"


def default_project(dest: Path) -> Path:
    (dest / "docs").mkdir(parents=True)
    (dest / "docs" / "index.md").write_text(DEFAULT_PAGE, encoding="utf-8")
    (dest / "mkdocs.yml").write_text("site_name: Default\ntheme:\n  name: material\n  font: false\n", encoding="utf-8")
    return dest / "mkdocs.yml"


def build(config: Path, site: Path, env: dict | None = None) -> dict:
    """`mkdocs build --strict` in a subprocess: wall and CPU seconds (CPU is steadier on a shared machine)."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    for key in ("OFFLINE", "SOP_DISTRICT", "SOP_DATA_DIR"):
        if key not in (env or {}):
            full_env.pop(key, None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        env=full_env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-15:])
        raise SystemExit(f"build failed: {config} {env or ''}\n{tail}")
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 1),
    }


# -- the server ------------------------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows: list[dict] = []

    def add(self, row: dict) -> None:
        with self.lock:
            self.rows.append(row)

    def take(self) -> list[dict]:
        with self.lock:
            rows, self.rows = self.rows, []
        return rows


def make_handler(root: Path, recorder: Recorder):
    gz_cache: dict[Path, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):
            pass

        def end_headers(self):
            self.header_bytes = sum(len(b) for b in self._headers_buffer) + 2
            super().end_headers()

        def do_GET(self):
            url_path = unquote(urlparse(self.path).path)
            path = (root / url_path.lstrip("/")).resolve()
            if root not in path.parents and path != root:
                return self.reply(404, root / "404.html", url_path)
            if path.is_dir():
                if not url_path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", url_path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return self.record(url_path, 301, 0, 0, 0)
                path = path / "index.html"
            if not path.is_file():
                return self.reply(404, root / "404.html", url_path)
            return self.reply(200, path, url_path)

        def reply(self, status: int, path: Path, url_path: str):
            data = path.read_bytes() if path.is_file() else b"Not found"
            ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            etag = '"' + hashlib.md5(data).hexdigest()[:16] + '"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Cache-Control", self.cache_control(url_path))
                self.end_headers()
                return self.record(url_path, 304, 0, 0, 0)
            body, raw = data, len(data)
            compressible = ctype.startswith(COMPRESSIBLE)
            gz = len(gz_cache.setdefault(path, gzip.compress(data, 6))) if compressible else raw
            if compressible and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gz_cache[path]
            self.send_response(status)
            self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
            self.send_header("Content-Length", str(len(body)))
            if body is not data:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            if status == 200:
                self.send_header("Cache-Control", self.cache_control(url_path))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(path.stat().st_mtime, usegmt=True))
            self.end_headers()
            self.wfile.write(body)
            self.record(url_path, status, raw, gz, len(body))

        @staticmethod
        def cache_control(url_path: str) -> str:
            return "public, max-age=31536000, immutable" if HASHED.search(url_path) else "no-cache"

        def record(self, url_path, status, raw, gz, sent):
            recorder.add(
                {
                    "path": url_path,
                    "status": status,
                    "raw": raw,
                    "gzip": gz,
                    "sent": sent,
                    "headers": getattr(self, "header_bytes", 0),
                }
            )

    return Handler


class Server:
    def __init__(self, root: Path):
        self.recorder = Recorder()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(root.resolve(), self.recorder))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"


# -- measuring -------------------------------------------------------------------------------------------------


def totals(rows: list[dict]) -> dict:
    return {
        "requests": len(rows),
        "not_modified": sum(r["status"] == 304 for r in rows),
        "raw": sum(r["raw"] + r["headers"] for r in rows),
        "gzip": sum(r["gzip"] + r["headers"] for r in rows),
        "html_gzip": sum(r["gzip"] for r in rows if r["path"].endswith("/") or r["path"].endswith(".html")),
        "files": [f"{r['status']} {r['path']} {r['gzip']}" for r in rows],
    }


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)


def visit(browser, server: Server, url: str, open_search: bool = False) -> dict:
    """First visit (fresh profile), repeat visit (same profile); optionally the cost of opening search."""
    context = browser.new_context()
    try:
        server.recorder.take()
        page = context.new_page()
        page.goto(url)
        settle(page)
        first = totals(server.recorder.take())
        search = None
        if open_search:
            page.click("input[data-md-component=search-query]")
            settle(page)
            search = totals(server.recorder.take())
        page.close()
        page = context.new_page()
        page.goto(url)
        settle(page)
        repeat = totals(server.recorder.take())
        page.close()
        return {"first": first, "repeat": repeat, "search": search}
    finally:
        context.close()


def lighthouse(url: str, out: Path) -> dict | None:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    cmd = [
        "npx",
        "--yes",
        "lighthouse@12.8",
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--only-categories=performance,accessibility,best-practices",
        "--chrome-flags=--headless=new --no-sandbox",
    ]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"  lighthouse skipped: {exc}")
        return None
    if proc.returncode != 0 or not out.is_file():
        print(f"  lighthouse skipped (npx lighthouse@12.8 failed: {(proc.stderr or proc.stdout).strip()[-300:]})")
        return None
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {k: round(v["score"] * 100) for k, v in report["categories"].items() if v.get("score") is not None}
    audits = report["audits"]
    scores["FCP_s"] = round(audits["first-contentful-paint"]["numericValue"] / 1000, 2)
    scores["LCP_s"] = round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2)
    scores["TBT_ms"] = round(audits["total-blocking-time"]["numericValue"])
    return scores


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def print_table(title: str, head: list[str], rows: list[list]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda r: "  ".join(
        str(v).ljust(w) if i == 0 else str(v).rjust(w) for i, (v, w) in enumerate(zip(r, widths))
    )
    print(f"\n{title}\n{line(head)}\n{'  '.join('-' * w for w in widths)}")
    for r in rows:
        print(line(r))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-district", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results: dict = {"builds": {}, "pages": {}, "search": {}, "lighthouse": {}}
    with tempfile.TemporaryDirectory(prefix="sop-weight-") as tmp:
        tmp = Path(tmp)
        (tmp / "portal").mkdir()
        config = copy_project(tmp / "portal")
        default_config = default_project(tmp / "default")
        print("building the national site, the district site and a default Material page …")
        results["builds"]["national"] = build(config, tmp / "site")
        if not args.no_district:
            results["builds"][f"district ({DISTRICT})"] = build(
                config, tmp / "site-district", {"SOP_DISTRICT": DISTRICT}
            )
        results["builds"]["default Material page"] = build(default_config, tmp / "site-default")
        site = tmp / "site"
        pages = [(name, path) for name, path in PAGES if (site / path / "index.html").is_file()]

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
            with Server(tmp / "site-default") as server:
                default = visit(browser, server, server.url)
                results["pages"]["default Material page"] = default
            with Server(site) as server:
                for name, path in pages:
                    results["pages"][name] = visit(browser, server, server.url + path)
                for lang, path in (("id", ""), ("en", "en/")):
                    results["search"][lang] = visit(browser, server, server.url + path, open_search=True)["search"]
                if not args.no_lighthouse:
                    print("running Lighthouse 12.8 (mobile) …")
                    for name, path in [("home", ""), ("chapter", "layanan/pemulangan/")]:
                        results["lighthouse"][name] = lighthouse(
                            server.url + path, tmp / f"lh-{len(results['lighthouse'])}.json"
                        )
            if not args.no_lighthouse and any(results["lighthouse"].values()):
                with Server(tmp / "site-default") as server:
                    results["lighthouse"]["default Material page"] = lighthouse(server.url, tmp / "lh-default.json")
            browser.close()

    d1, d2 = default["first"], default["repeat"]
    rows = []
    for name, res in results["pages"].items():
        f, r = res["first"], res["repeat"]
        own = f["html_gzip"] - d1["html_gzip"]  # the page's own content: its HTML beyond the default page's HTML
        budget = d1["gzip"] + max(own, 0)
        rows.append(
            [
                name,
                f["requests"],
                kb(f["raw"]),
                kb(f["gzip"]),
                f"{f['gzip'] / d1['gzip']:.2f}",
                kb(f["html_gzip"]),
                kb(f["gzip"] - budget) if name != "default Material page" else "—",
                r["requests"],
                r["not_modified"],
                kb(r["gzip"]),
                f"{r['gzip'] / max(d2['gzip'], 1):.2f}",
            ]
        )
    print_table(
        "Transfer per page (KB; headers included; gzip = as sent to a browser accepting gzip)",
        [
            "page",
            "1st req",
            "1st raw",
            "1st gzip",
            "×default",
            "HTML gz",
            "over budget",
            "rep req",
            "304s",
            "rep gzip",
            "×default",
        ],
        rows,
    )
    print(
        "  budget = default page's first visit + the page's own HTML beyond the default page's HTML;"
        " over budget ≤ 0 meets the target."
    )
    print_table(
        "Opening search (first time, after the first visit)",
        ["language", "requests", "raw KB", "gzip KB"],
        [[lang, s["requests"], kb(s["raw"]), kb(s["gzip"])] for lang, s in results["search"].items() if s],
    )
    print_table(
        "Build time (mkdocs build --strict, both languages)",
        ["build", "wall s", "CPU s"],
        [[k, v["wall_s"], v["cpu_s"]] for k, v in results["builds"].items()],
    )
    if results["lighthouse"] and any(results["lighthouse"].values()):
        keys = ["performance", "accessibility", "best-practices", "FCP_s", "LCP_s", "TBT_ms"]
        print_table(
            "Lighthouse 12.8, mobile (simulated slow 4G)",
            ["page", *keys],
            [[k, *(v.get(x, "—") for x in keys)] for k, v in results["lighthouse"].items() if v],
        )
    elif not args.no_lighthouse:
        print("\nLighthouse: skipped (see the message above).")
    out = REPO / "test-artifacts" / "page-weight.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\nDetails (every request): {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
