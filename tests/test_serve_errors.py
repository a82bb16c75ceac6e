"""`mkdocs serve` with broken data: every page shows the errors, located and explained in the page's language."""

from __future__ import annotations

import datetime as _dt
import importlib
import sys
from pathlib import Path

import pytest

from datasets import copy_minimal
from sop_portal.build.portal import load_with_districts
from sop_portal.data.problems import DataError
from sop_portal.site.builder import BrokenData, Settings

REPO = Path(__file__).parent.parent


def broken_error(tmp_path) -> tuple[DataError, Path]:
    root = copy_minimal(tmp_path / "sop_data")
    sop = root / "sop.yaml"
    sop.write_text(
        sop.read_text(encoding="utf-8").replace('sop_version: "1.0.0"', "sop_version: [broken"), encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        load_with_districts(root, today=_dt.date(2026, 11, 23))
    return caught.value, root


@pytest.mark.parametrize(
    "lang,title,fix",
    [
        ("id", "# Data SOP belum bisa dibaca", "tutup dengan"),
        ("en", "# The SOP data cannot be read yet", "close it with"),
    ],
)
def test_every_page_shows_the_located_errors_in_its_language(tmp_path, lang, title, fix):
    error, root = broken_error(tmp_path)
    settings = Settings(root, REPO / "docs", REPO / "overrides" / "sop", _dt.date(2026, 11, 23))
    page = BrokenData(error, settings).page_markdown(
        "# Any page\n\n<!-- sop:service pemulangan -->\n", "index.md", lang
    )
    assert page.startswith(title)
    assert "sop&#95;data/sop.yaml:" in page and fix in page  # file:line:col, then how to fix it
    assert "sop:service" not in page  # markers of the broken page are not rendered against broken data


def test_build_still_fails_and_serve_keeps_serving(tmp_path, monkeypatch):
    """The hook raises for `mkdocs build`, and answers with the error page for `mkdocs serve`."""
    from mkdocs.exceptions import PluginError

    error, root = broken_error(tmp_path)
    monkeypatch.setenv("SOP_DATA_DIR", str(root))
    sys.path.insert(0, str(REPO / "hooks"))
    hook = importlib.import_module("mkdocs_hook")

    class Config(dict):
        config_file_path = str(REPO / "mkdocs.yml")
        docs_dir = str(REPO / "docs")

    hook.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError):
        hook.on_config(Config())
    hook.on_startup(command="serve", dirty=False)
    config = hook.on_config(Config())
    assert isinstance(config, Config)
    assert isinstance(hook._build, BrokenData)
    hook.on_post_build(config)  # nothing to finish, and no crash
