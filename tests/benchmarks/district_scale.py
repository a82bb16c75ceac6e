"""How the national build grows with the number of district profiles (a benchmark script, not a test).

For each N it makes a throwaway project copy whose sop_data holds the example district plus N generated profiles
(copies of sop_data/districts/timor-tengah-utara/ with their own slug, name, local step id and contact ids), then
times `mkdocs build --strict` of the national site (both languages; wall and CPU seconds, CPU being the steadier
when the machine is shared) and, separately, the data step alone (validate + resolve every district + write the
stub pages). Every district gets a page (out of the nav) and a
line on the district list, so the build should grow linearly.

    .venv/bin/python tests/benchmarks/district_scale.py                 # N = 0, 50, 100, 200, 500
    .venv/bin/python tests/benchmarks/district_scale.py --counts 0,100  # a quicker look

Nothing is written inside the repository: every copy lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = "timor-tengah-utara"


def make_project(dest: Path, count: int) -> Path:
    """A project copy with `count` generated districts; returns its mkdocs.yml."""
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, dest / folder)
    shutil.copytree(REPO / "sop_data", dest / "sop_data")
    (dest / "hooks").mkdir()
    shutil.copy2(REPO / "hooks" / "mkdocs_hook.py", dest / "hooks" / "mkdocs_hook.py")
    template = dest / "sop_data" / "districts" / TEMPLATE
    profile = (template / "profile.yaml").read_text(encoding="utf-8")
    contacts = (template / "contacts.yaml").read_text(encoding="utf-8")
    for i in range(1, count + 1):
        slug = f"uji-{i:04d}"
        folder = dest / "sop_data" / "districts" / slug
        folder.mkdir()
        text = profile.replace(f"slug: {TEMPLATE}", f"slug: {slug}")
        text = re.sub(
            r"^name: .*$",
            f'name: {{id: "Kabupaten Uji {i:04d}", en: "Uji {i:04d} Regency"}}',
            text,
            count=1,
            flags=re.M,
        )
        text = text.replace("pengaduan.ttu-1", f"pengaduan.{slug}-1")
        (folder / "profile.yaml").write_text(text, encoding="utf-8")
        (folder / "contacts.yaml").write_text(contacts.replace("-ttu\n", f"-{slug}\n"), encoding="utf-8")
    return dest / "mkdocs.yml"


def time_build(config: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one national build. CPU time barely moves when other work shares the machine."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOP_DATA_DIR": str(config.parent / "sop_data")}
    env.pop("SOP_DISTRICT", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(config.parent / "site")],
        cwd=config.parent,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0 or "WARNING" in proc.stdout + proc.stderr:
        sys.exit(f"build failed:\n{proc.stdout}{proc.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def time_data_step(config: Path) -> float:
    """What the hook does before MkDocs renders anything, once (the build does it once per language)."""
    from sop_portal.site.builder import Settings, SiteBuild

    settings = Settings(
        config.parent / "sop_data", config.parent / "docs", config.parent / "overrides" / "sop", datetime.date.today()
    )
    start = time.process_time()
    SiteBuild.prepare(settings)
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="0,50,100,200,500", help="comma-separated numbers of generated districts")
    args = parser.parse_args()
    counts = [int(x) for x in args.counts.split(",")]
    rows = []
    print(
        f"{'N':>5} {'pages':>6} {'wall s':>7} {'CPU s':>7} {'data CPU s':>10} {'+CPU s/district vs N=0':>23} "
        f"{'+CPU s/district vs prev':>24} {'index KB':>9}",
        flush=True,
    )
    for n in counts:
        with tempfile.TemporaryDirectory(prefix=f"district-scale-{n}-") as tmp:
            config = make_project(Path(tmp), n)
            data_s = time_data_step(config)
            wall_s, build_s = time_build(config)
            pages = sum(1 for _ in (Path(tmp) / "site").rglob("index.html"))
            index_kb = (Path(tmp) / "site" / "search" / "search_index.json").stat().st_size / 1024
        base = rows[0] if rows else None
        prev = rows[-1] if rows else None
        vs_base = (build_s - base[1]) / (n - base[0]) if base and n != base[0] else float("nan")
        vs_prev = (build_s - prev[1]) / (n - prev[0]) if prev and n != prev[0] else float("nan")
        rows.append((n, build_s))
        print(
            f"{n:>5} {pages:>6} {wall_s:>7.1f} {build_s:>7.1f} {data_s:>10.2f} {vs_base:>23.3f} {vs_prev:>24.3f} "
            f"{index_kb:>9.0f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
