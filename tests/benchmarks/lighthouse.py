"""Lighthouse 12.2.3 mobile scores of the portal next to a default MkDocs Material page (a benchmark, not a test).

    PYTHONPATH=hooks .venv/bin/python tests/benchmarks/lighthouse.py                  # builds, then ~15 s a page
    PYTHONPATH=hooks .venv/bin/python tests/benchmarks/lighthouse.py --site /tmp/site # an already built site
    PYTHONPATH=hooks .venv/bin/python tests/benchmarks/lighthouse.py --runs 5         # medians of five rounds

Installs Lighthouse pinned (`npm i -E lighthouse@12.2.3`) into .cache/lighthouse/ (git-ignored) when it is not
there yet; when npm cannot fetch it, says so and exits 0. Builds the national site and a default Material 9.8.1
page (`theme: material`, `font: false`) in throwaway copies, exactly as tests/benchmarks/page_weight.py does, and
serves each with that script's gzip-capable server on 127.0.0.1 (same caching headers as a static host). Runs
Lighthouse with its default mobile emulation and simulated throttling (`CHROME_PATH=/usr/bin/chromium`,
`--headless=new --no-sandbox`, performance and accessibility only) on the default page and, in both languages, the
home page, a chapter, a checklist, the directory and a decision tree.

Prints performance, accessibility, FCP, LCP, TBT, CLS and transfer size per page, with the ratio of each page's
performance score to the default page's; writes the summary to test-artifacts/lighthouse.json. Numbers only:
nothing is asserted (simulated throttling still varies a few points between runs on a shared machine). With
`--runs N` every page is measured N times, in rounds (the default page in each round, next to the others), and
each figure is the median of its N values; every run is kept in the JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_weight import Server, build, copy_project, default_project, print_table  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
VERSION = "12.2.3"
CACHE = REPO / ".cache" / "lighthouse"
BIN = CACHE / "node_modules" / ".bin" / "lighthouse"
PAGES = [
    ("home", ""),
    ("chapter", "layanan/pemulangan/"),
    ("checklist", "daftar-periksa/pemulangan/"),
    ("directory", "kontak/"),
    ("tree", "pohon/korban-anak/"),
]
LANGS = [("id", ""), ("en", "en/")]


def installed_version() -> str | None:
    pkg = CACHE / "node_modules" / "lighthouse" / "package.json"
    if not (BIN.exists() and pkg.is_file()):
        return None
    return json.loads(pkg.read_text(encoding="utf-8")).get("version")


def ensure_lighthouse() -> bool:
    if installed_version() == VERSION:
        return True
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"installing lighthouse@{VERSION} into {CACHE.relative_to(REPO)}/ …")
    try:
        proc = subprocess.run(
            ["npm", "i", "-E", "--no-audit", "--no-fund", f"lighthouse@{VERSION}"],
            cwd=CACHE,
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"Lighthouse not run: npm could not install lighthouse@{VERSION} ({exc}).")
        return False
    if proc.returncode != 0 or installed_version() != VERSION:
        tail = (proc.stderr or proc.stdout).strip()[-400:]
        print(f"Lighthouse not run: npm could not fetch lighthouse@{VERSION}.\n{tail}")
        return False
    return True


def run_lighthouse(url: str, out: Path) -> dict | None:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    cmd = [
        str(BIN),
        url,
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--only-categories=performance,accessibility",
        "--chrome-flags=--headless=new --no-sandbox",
    ]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"  {url}: lighthouse failed ({exc})")
        return None
    if proc.returncode != 0 or not out.is_file():
        print(f"  {url}: lighthouse failed ({(proc.stderr or proc.stdout).strip()[-300:]})")
        return None
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    cats = report["categories"]
    score = lambda key: None if cats[key]["score"] is None else round(cats[key]["score"] * 100)  # noqa: E731
    return {
        "performance": score("performance"),
        "accessibility": score("accessibility"),
        "FCP_s": round(audits["first-contentful-paint"]["numericValue"] / 1000, 2),
        "LCP_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2),
        "TBT_ms": round(audits["total-blocking-time"]["numericValue"]),
        "CLS": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "transfer_KB": round(audits["total-byte-weight"]["numericValue"] / 1024, 1),
        "failed_a11y_audits": sorted(
            ref["id"]
            for ref in cats["accessibility"]["auditRefs"]
            if ref.get("weight") and audits[ref["id"]].get("score") not in (None, 1)
        ),
    }


METRICS = ("performance", "accessibility", "FCP_s", "LCP_s", "TBT_ms", "CLS", "transfer_KB")


def median_of(runs: list[dict]) -> dict:
    """Each figure's median over the runs (a performance score of None, when Lighthouse could not score, is left out)."""
    out: dict = {}
    for key in METRICS:
        values = [r[key] for r in runs if r.get(key) is not None]
        if not values:
            out[key] = None
            continue
        mid = statistics.median(values)
        out[key] = round(mid) if key in ("performance", "accessibility", "TBT_ms") else round(mid, 3)
    out["failed_a11y_audits"] = sorted({a for r in runs for a in r["failed_a11y_audits"]})
    out["runs"] = len(runs)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built national site (skips the build)")
    parser.add_argument("--runs", type=int, default=1, help="rounds over all pages; figures are medians (default 1)")
    args = parser.parse_args()
    if not ensure_lighthouse():
        return 0

    results: dict = {"lighthouse": VERSION, "form_factor": "mobile (simulated throttling)", "pages": {}}
    with tempfile.TemporaryDirectory(prefix="sop-lighthouse-") as tmp:
        tmp = Path(tmp)
        env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(REPO / "hooks"), os.environ.get("PYTHONPATH")]))}
        print("building a default Material page" + ("" if args.site else " and the national site") + " …")
        build(default_project(tmp / "default"), tmp / "site-default", env)
        if args.site:
            site = args.site.resolve()
        else:
            (tmp / "portal").mkdir()
            build(copy_project(tmp / "portal"), tmp / "site", env)
            site = tmp / "site"

        targets = [("default Material page", tmp / "site-default", "")]
        for lang, prefix in LANGS:
            for name, path in PAGES:
                if (site / prefix / path / "index.html").is_file():
                    targets.append((f"{name} ({lang})", site, prefix + path))
                else:
                    print(f"  {prefix + path}: not in the build, skipped")
        runs = max(1, args.runs)
        print(
            f"running Lighthouse {VERSION} (mobile) on {len(targets)} pages"
            + (f", {runs} rounds" if runs > 1 else "")
            + " …"
        )
        all_runs: dict[str, list[dict]] = {}
        for round_ in range(runs):
            for i, (name, root, path) in enumerate(targets):
                with Server(root) as server:
                    res = run_lighthouse(server.url + path, tmp / f"lh-{i}.json")
                if res:
                    all_runs.setdefault(name, []).append(res)
                    print(
                        f"  {name}{f' [{round_ + 1}/{runs}]' if runs > 1 else ''}: "
                        f"performance {res['performance']}, accessibility {res['accessibility']}, TBT {res['TBT_ms']} ms"
                    )
        paths = {name: "/" + path for name, _, path in targets}
        for name, page_runs in all_runs.items():
            res = page_runs[0] if runs == 1 else {**median_of(page_runs), "all_runs": page_runs}
            res["path"] = paths[name]
            results["pages"][name] = res
        results["runs"] = runs

    default = results["pages"].get("default Material page")
    rows = []
    for name, r in results["pages"].items():
        ratio = None
        if default and default["performance"] and r["performance"] is not None:
            ratio = round(r["performance"] / default["performance"], 2)
        r["performance_vs_default"] = ratio
        rows.append(
            [
                name,
                r["performance"],
                r["accessibility"],
                f"{r['FCP_s']:.2f}",
                f"{r['LCP_s']:.2f}",
                r["TBT_ms"],
                f"{r['CLS']:.3f}",
                f"{r['transfer_KB']:.1f}",
                "—" if ratio is None else f"{ratio:.2f}",
            ]
        )
    print_table(
        f"Lighthouse {VERSION}, mobile, simulated throttling (FCP/LCP in s, TBT in ms, transfer in KB)"
        + (f", medians of {results['runs']} runs" if results["runs"] > 1 else ""),
        ["page", "perf", "a11y", "FCP", "LCP", "TBT", "CLS", "transfer", "perf ×default"],
        rows,
    )
    for name, r in results["pages"].items():
        if r["failed_a11y_audits"]:
            print(f"  {name}: accessibility audits not passed: {', '.join(r['failed_a11y_audits'])}")

    out = REPO / "test-artifacts" / "lighthouse.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
