"""The data is validated once per build, not once per language, and `sop diff` validates once (on the minimal data:
only the count of validations matters)."""

from __future__ import annotations

import datetime as _dt
import os
import shutil
from pathlib import Path

from datasets import DISTRICTS, MINIMAL, copy_minimal
from sop_portal.cli import main
from sop_portal.data import validate as v
from sop_portal.site.builder import Settings, SiteBuild

REPO = Path(__file__).parent.parent
TODAY = _dt.date(2026, 11, 23)


def test_a_build_validates_once_for_both_languages(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    settings = Settings(MINIMAL, docs, REPO / "overrides" / "sop", TODAY)
    from sop_portal.build import portal as build

    build._LAST_LOAD.clear()  # another test may have loaded the same data in this process
    before = v.VALIDATIONS[0]
    SiteBuild.prepare(settings)  # mkdocs-static-i18n: Indonesian ...
    SiteBuild.prepare(settings)  # ... then English, in the same process
    assert v.VALIDATIONS[0] - before == 1


def test_an_edit_between_builds_is_validated_again(tmp_path):
    data = copy_minimal(tmp_path / "sop_data")
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    settings = Settings(data, docs, REPO / "overrides" / "sop", TODAY)
    SiteBuild.prepare(settings)
    before = v.VALIDATIONS[0]
    glossary = data / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(glossary, ns=(1, 1))  # a changed size and time: `mkdocs serve` after a save
    SiteBuild.prepare(settings)
    assert v.VALIDATIONS[0] - before == 1


def test_diff_validates_once(tmp_path, capsys):
    data = copy_minimal(tmp_path / "sop_data")
    shutil.copytree(DISTRICTS, data / "districts")
    before = v.VALIDATIONS[0]
    from sop_portal.build import portal as build

    build._LAST_LOAD.clear()
    assert main(["diff", "contoh", "--data-dir", str(data), "--lang", "en"]) == 0
    assert v.VALIDATIONS[0] - before == 1
    assert "Contoh Regency" in capsys.readouterr().out
