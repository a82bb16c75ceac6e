"""`sop package`: the offline site as one zip with a README in both languages; never over a file without --force."""

from __future__ import annotations

import subprocess
import zipfile

import pytest

from conftest import PROJECT_DIR, run_sop
from datasets import MINIMAL
from sop_portal import cli
from sop_portal.outputs import package as pkg


def sop(*args, cwd=PROJECT_DIR):
    """`sop ARGS` in this process, in English, from the project folder (where mkdocs.yml is)."""
    return run_sop(*args, cwd=cwd, env={"SOP_LANG": "en", "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture
def fake_build(monkeypatch):
    """Replace the MkDocs run by a tiny site (or a failure), to test everything around it in a second; the command
    reads the minimal data (SOP_DATA_DIR), which is all it needs then."""
    monkeypatch.setenv("SOP_DATA_DIR", str(MINIMAL))
    calls = []

    def build(config_file, site_dir, district=None, lang=None):
        calls.append(district)
        if build.fail:
            return subprocess.CompletedProcess([], 1, build.fail_output, "")
        (site_dir / "en").mkdir(parents=True)
        (site_dir / "data").mkdir()
        (site_dir / "data" / "sop.json").write_text('{"sop_version": "9.9.9", "district": null}', encoding="utf-8")
        (site_dir / "index.html").write_text("<html lang=id>", encoding="utf-8")
        (site_dir / "en" / "index.html").write_text("<html lang=en>", encoding="utf-8")
        (site_dir / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
        (site_dir / "x.js.map").write_text("{}", encoding="utf-8")
        return subprocess.CompletedProcess([], 0, "", "")

    build.fail = False
    build.fail_output = "INFO - x\nERROR - Config value 'nav': broken\n"
    build.calls = calls
    monkeypatch.setattr(pkg, "build_offline_site", build)
    return build


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "sop.zip"
    target.write_bytes(b"keep me")
    result = sop("package", "-o", str(target))
    assert result.returncode == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_bytes() == b"keep me"


@pytest.mark.parametrize(
    "args,message",
    [
        (["-o", "sop.tar"], "must end in .zip"),
        (["-o", "sop.zip", "--district", "atlantis"], "No district 'atlantis'"),
        (["-o", "sop.zip", "--config", "nowhere.yml"], "nowhere.yml not found"),
    ],
)
def test_clear_errors_for_wrong_use(tmp_path, fake_build, capsys, monkeypatch, args, message):
    monkeypatch.chdir(PROJECT_DIR)  # the CLI finds mkdocs.yml in the current folder
    out = [a if not a.endswith((".zip", ".tar")) else str(tmp_path / a) for a in args]
    assert cli.main(["--lang", "en", "package", *out]) == 2
    assert message in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_zip_holds_the_site_and_the_bilingual_readme(tmp_path, fake_build, site_portal):
    done = pkg.package(PROJECT_DIR / "mkdocs.yml", tmp_path / "sop-tppo.zip")
    with zipfile.ZipFile(done.path) as archive:
        names = archive.namelist()
        readme = archive.read("sop-tppo/" + pkg.README_NAME).decode("utf-8")
    assert {"sop-tppo/index.html", "sop-tppo/en/index.html"} <= set(names)
    assert not [n for n in names if n.endswith((".map", "sitemap.xml"))]
    assert "BAHASA INDONESIA" in readme and "ENGLISH" in readme and "en/index.html" in readme
    assert "\r\n" in readme and "9.9.9" in readme  # the version of the data the site was built from


def test_force_replaces_and_a_failed_build_writes_nothing(tmp_path, fake_build, site_portal):
    target = tmp_path / "sop.zip"
    target.write_bytes(b"old")
    fake_build.fail = True
    with pytest.raises(pkg.PackageError) as error:
        pkg.package(PROJECT_DIR / "mkdocs.yml", target, force=True)
    assert error.value.code == "build_failed" and "Config value 'nav'" in error.value.params["log"]
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["sop.zip"]
    fake_build.fail = False
    pkg.package(PROJECT_DIR / "mkdocs.yml", target, force=True)
    assert zipfile.is_zipfile(target)


def test_data_errors_of_the_build_are_passed_on_whole_and_the_data_is_not_validated_first(
    tmp_path, fake_build, capsys, monkeypatch
):
    """The build is the one validation: its located problems reach the reader, each on its line."""
    from sop_portal.data import validate

    monkeypatch.chdir(PROJECT_DIR)
    fake_build.fail = True
    fake_build.fail_output = (
        "INFO    -  Cleaning site directory\n"
        "ERROR   -  data SOP tidak valid — perbaiki kesalahan berikut lalu bangun lagi:\n"
        "sop_data/services/pemulangan.yaml:19:11: 'verifyed' bukan nilai yang diperbolehkan\n"
        "sop_data/services/pengaduan.yaml:17:11: 'verifyed' bukan nilai yang diperbolehkan\n"
        "\n"
        "Aborted with a BuildError!\n"
    )
    before = validate.VALIDATIONS[0]
    assert cli.main(["--lang", "en", "package", "-o", str(tmp_path / "x.zip")]) == 1
    err = capsys.readouterr().err
    assert "pemulangan.yaml:19:11" in err and "pengaduan.yaml:17:11" in err and "Aborted" not in err
    assert validate.VALIDATIONS[0] == before  # `sop package` leaves the validation to the build it runs
    assert fake_build.calls == [None]


def test_build_failure_is_reported_with_exit_code_1(tmp_path, fake_build, capsys, monkeypatch):
    monkeypatch.chdir(PROJECT_DIR)
    fake_build.fail = True
    assert cli.main(["--lang", "en", "package", "-o", str(tmp_path / "x.zip")]) == 1
    err = capsys.readouterr().err
    assert "could not be built" in err and "Config value 'nav'" in err


@pytest.mark.site
def test_sop_package_builds_a_working_offline_zip(tmp_path):
    """The real thing, once: OFFLINE=true mkdocs build --strict (the command starts it as a program), then the zip."""
    target = tmp_path / "portal-sop-tppo.zip"
    result = sop("package", "-o", str(target))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Written" in result.stderr
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        readme = archive.read(f"portal-sop-tppo/{pkg.README_NAME}").decode("utf-8")
        home = archive.read("portal-sop-tppo/index.html").decode("utf-8")
    assert {
        "portal-sop-tppo/index.html",
        "portal-sop-tppo/en/index.html",
        "portal-sop-tppo/kontak.html",
        "portal-sop-tppo/search/search_index.js",
    } <= names
    assert not [n for n in names if n.endswith(".map")]
    assert "index.html" in readme and "en/index.html" in readme
    assert 'href="en/index.html" hreflang="en"' in home  # the switcher works from file://
