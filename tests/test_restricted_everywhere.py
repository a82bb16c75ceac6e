"""A restricted contact (a safe house's address, say) never leaves the data: not in the offline package, nor in
any export or handout of the same district. (The online site is checked in test_site_district.py.)"""

import os
import subprocess
import sys
import zipfile

import pytest

import district_sites as ds


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return ds.real_project(tmp_path_factory.mktemp("restricted-project"))


def sop(*args, cwd):
    env = {**os.environ, "SOP_LANG": "en", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "sop_portal", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


def needles_in(text: str) -> list[str]:
    return [n for n in ds.RESTRICTED_NEEDLES if n in text]


@pytest.mark.site
def test_offline_package_of_the_district_holds_no_restricted_contact(project, tmp_path):
    config, data = project
    target = tmp_path / "ttu.zip"
    result = sop("package", "--district", ds.TTU, "--config", str(config), "-o", str(target), cwd=config.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    found = []
    with zipfile.ZipFile(target) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8", errors="replace")
            found += [f"{name}: {n}" for n in needles_in(text)]
        assert any(name.endswith("search/search_index.js") for name in archive.namelist())
    assert not found


@pytest.mark.parametrize("fmt", ["csv", "vcf", "json"])
def test_district_exports_hold_no_restricted_contact(project, fmt):
    config, data = project
    result = sop(
        "export", "contacts", "--format", fmt, "--district", ds.TTU, "--data-dir", str(data), cwd=config.parent
    )
    assert result.returncode == 0, result.stderr
    assert "Timor Tengah Utara" in result.stdout  # the district's own public contacts are there
    assert not needles_in(result.stdout)
