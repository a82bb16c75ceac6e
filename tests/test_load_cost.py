"""What a page costs the phone while it loads (issue 15; measured by tests/benchmarks/lighthouse.py, guarded here).

Each of these was a long task under Lighthouse's mobile throttling: Material's tooltips (one object per <abbr> and
[title], 186 ms of main thread on a chapter), the first use of Intl (it loads the locale's data: 40 to 130 ms), and
the service worker's work while the page was still loading."""

from __future__ import annotations

import re

import yaml

from conftest import PROJECT_DIR

ASSETS = PROJECT_DIR / "docs" / "assets"
OUR_SCRIPTS = sorted(ASSETS.glob("*.js"))


def _code(path) -> str:
    """A script without its comments (they may name what the code avoids)."""
    text = path.read_text(encoding="utf-8")
    return re.sub(r"/\*.*?\*/|^\s*//[^\n]*", "", text, flags=re.S | re.M)


def test_no_material_tooltips():
    config = yaml.load((PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "content.tooltips" not in config["theme"].get("features", [])


def test_our_scripts_never_use_intl():
    """Dates and numbers are written with the page's month names and marks, never through Intl/toLocale*."""
    assert {p.name for p in OUR_SCRIPTS} >= {"sop.js", "offline.js", "trees.js"}
    for path in OUR_SCRIPTS:
        assert not re.search(r"\bIntl\b|\.toLocale\w*\(", _code(path)), path.name


def test_the_service_worker_starts_after_load_when_idle():
    code = _code(ASSETS / "offline.js")
    assert 'addEventListener("load", later)' in code and "requestIdleCallback(start" in code
    assert re.search(r"function later\(\)", code) and not re.search(r"^\s*start\(\);", code, re.M)
