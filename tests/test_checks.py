"""`sop validate --format github` (annotations on the changed lines, paths from the repository root), `sop validate
--district SLUG` (one district alone), and a broken district file failing the national build with the district and
the file named."""

from __future__ import annotations

import datetime as _dt
import shutil
from pathlib import Path

import pytest

from conftest import run_sop
from datasets import DISTRICTS, copy_minimal
from sop_portal.data import checks
from sop_portal.data.problems import DataError, Problem
from sop_portal.site.builder import Settings, SiteBuild, describe_data_error


def sop(*args, cwd, env=None):
    return run_sop(*args, cwd=cwd, env={"SOP_LANG": "en", **(env or {})})


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository (a .git folder) holding the minimal data, the fixture district 'contoh' and a second one."""
    root = tmp_path / "fork"
    (root / ".git").mkdir(parents=True)
    data = copy_minimal(root / "sop_data")
    shutil.copytree(DISTRICTS, data / "districts")
    other = data / "districts" / "lain"
    other.mkdir()
    profile = (data / "districts" / "contoh" / "profile.yaml").read_text(encoding="utf-8")
    (other / "profile.yaml").write_text(
        profile.replace("slug: contoh", "slug: lain").replace("pemulangan.contoh-1", "pemulangan.lain-1"),
        encoding="utf-8",
    )
    return root


def break_step(root: Path, slug: str) -> Path:
    path = root / "sop_data" / "districts" / slug / "profile.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("step: pemulangan.s1", "step: pemulangan.s11"), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if needle in line)


def test_github_format_prints_an_error_command_per_problem_with_the_path_from_the_repository_root(repo):
    profile = break_step(repo, "contoh")
    # run from a subfolder, naming the data by an absolute path: the annotation's path is still from the root
    (repo / "docs").mkdir()
    result = sop("validate", str(repo / "sop_data"), "--format", "github", cwd=repo / "docs")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    line = line_of(profile, "pemulangan.s11")
    expected = f"::error file=sop_data/districts/contoh/profile.yaml,line={line},col=11,title=sop validate::"
    hit = [x for x in lines if x.startswith(expected)]
    assert len(hit) == 1, lines
    assert "pemulangan.s11" in hit[0] and "did you mean" in hit[0]
    assert all(x.startswith(("::error ", "::warning ")) for x in lines)
    assert "error" in result.stderr  # the summary line, for the log


def test_github_format_uses_github_workspace_and_marks_warnings(repo):
    shutil.rmtree(repo / ".git")
    profile = repo / "sop_data" / "districts" / "contoh" / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.split("\n", 1)[1], encoding="utf-8")  # no modeline: a warning
    result = sop("validate", "sop_data", "--format", "github", cwd=repo, env={"GITHUB_WORKSPACE": str(repo)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("::warning file=sop_data/districts/contoh/profile.yaml,line=1,col=1,")


def test_annotation_escapes_what_github_would_read_as_syntax(tmp_path):
    problem = Problem.at(tmp_path / "a,b:c%.yaml", 3, 4, "unknown_file", severity="warning")
    text = checks.github_annotation(problem, "en", tmp_path)
    assert text.startswith("::warning file=a%2Cb%3Ac%25.yaml,line=3,col=4,title=sop validate::")
    assert "\n" not in text


def test_one_district_alone(repo):
    break_step(repo, "lain")
    everything = sop("validate", "sop_data", cwd=repo)
    assert everything.returncode == 1 and "districts/lain/profile.yaml" in everything.stdout
    alone = sop("validate", "sop_data", "--district", "contoh", cwd=repo)
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert "lain" not in alone.stdout + alone.stderr
    broken = sop("validate", "sop_data", "--district", "lain", "--format", "github", cwd=repo)
    assert broken.returncode == 1
    assert broken.stdout.count("::error file=sop_data/districts/lain/profile.yaml") == 1
    unknown = sop("validate", "sop_data", "--district", "lian", cwd=repo)
    assert unknown.returncode == 2 and "lain" in unknown.stderr  # the known districts are listed


def test_one_district_alone_still_checks_the_national_data(repo):
    service = repo / "sop_data" / "services" / "pemulangan.yaml"
    service.write_text(service.read_text(encoding="utf-8") + "bogus: 1\n", encoding="utf-8")
    result = sop("validate", "sop_data", "--district", "contoh", cwd=repo)
    assert result.returncode == 1 and "services/pemulangan.yaml" in result.stdout


def test_broken_district_file_fails_the_national_build_naming_the_district_and_the_file(repo, tmp_path):
    profile = break_step(repo, "lain")
    settings = Settings(repo / "sop_data", tmp_path / "docs", repo / "overrides", _dt.date(2026, 11, 23))
    with pytest.raises(DataError) as caught:
        SiteBuild.prepare(settings)  # the national build: no SOP_DISTRICT
    for lang, words in (("en", "district 'lain' has errors in"), ("id", "kabupaten/kota 'lain' punya kesalahan di")):
        message = describe_data_error(caught.value, lang)
        head = message.splitlines()[1]
        assert words in head and str(checks.display_path(profile)) in head, message
        assert "sop validate --district lain" in head
        assert f"profile.yaml:{line_of(profile, 'pemulangan.s11')}:" in message


@pytest.mark.site
def test_mkdocs_build_of_the_nation_fails_on_a_broken_district(tmp_path, build_site):
    import district_sites as ds

    config, data = ds.contoh_project(tmp_path / "project")
    profile = data / "districts" / "contoh" / "profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "bogus: 1\n", encoding="utf-8")  # an unknown field
    result = build_site(tmp_path / "site", config, env={"SOP_DATA_DIR": str(data), "SOP_LANG": "en"})
    assert result.returncode != 0
    assert "district 'contoh' has errors in" in result.output and "districts/contoh/profile.yaml" in result.output
