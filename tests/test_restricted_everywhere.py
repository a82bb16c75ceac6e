"""A restricted contact (a safe house's address, say) never leaves the data: not in the offline package, nor in
any export or handout of the same district. (The online site is checked in test_site_district.py.)"""

import shutil
import zipfile

import pytest

import district_sites as ds
from conftest import DATA_DIR, run_sop
from sop_portal.build.portal import load_portal
from sop_portal.outputs.export import to_json


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the whole project, its TTU with the restricted contact: (mkdocs.yml, data dir)."""
    return ds.real_project(tmp_path_factory.mktemp("restricted-project"))


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A copy of the project's data, its TTU with the restricted contact (district_sites.RESTRICTED_CONTACT)."""
    root = tmp_path_factory.mktemp("restricted-data") / "sop_data"
    shutil.copytree(DATA_DIR, root)
    return ds.add_restricted_contact(root)


def sop(*args, cwd):
    return run_sop(*args, cwd=cwd, env={"SOP_LANG": "en", "NO_MKDOCS_2_WARNING": "1"})


def needles_in(text: str) -> list[str]:
    return [n for n in ds.RESTRICTED_NEEDLES if n in text]


@pytest.mark.site
def test_offline_package_of_the_district_holds_no_restricted_contact(project, tmp_path):
    config, _data = project
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
def test_district_exports_hold_no_restricted_contact(data, fmt):
    result = sop("export", "contacts", "--format", fmt, "--district", ds.TTU, "--data-dir", str(data), cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert "Timor Tengah Utara" in result.stdout  # the district's own public contacts are there
    assert not needles_in(result.stdout)


def test_the_check_sees_a_contact_that_is_published(data, tmp_path):
    """The needles are the contact's own words: made public, it is in the export and needles_in finds it."""
    public = shutil.copytree(data, tmp_path / "sop_data")
    contacts = public / "districts" / ds.TTU / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert text.count("visibility: restricted") == 1
    contacts.write_text(text.replace("visibility: restricted", "visibility: public"), encoding="utf-8")
    assert set(needles_in(to_json(load_portal(public, district=ds.TTU), "en"))) >= {
        ds.RESTRICTED_MARK,
        ds.RESTRICTED_ID,
    }
