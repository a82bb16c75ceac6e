"""The site's download files: the contact directory's (CSV, vCard 4.0, HSDS 3.0 JSON), written next to the directory
page in each language, linked from it, online and offline, and never holding a restricted contact; and the downloads
page (unduhan/), which lists every published file with what it is for, its links resolving online and offline."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from datasets import TESTS, copy_minimal
from sop_portal.build.portal import load_portal
from sop_portal.site import downloads, pages

CONTOH_RESTRICTED = ("rumah-aman-contoh", "Rumah Aman Contoh", "Contoh Safe House")


def download_links(html: str) -> list[str]:
    block = re.search(r'<p class="sop-downloads">(.*?)</p>', html, re.S)
    assert block, "no download links on the directory page"
    return re.findall(r'<a href="([^"]+)" download', block[1])


def check_files(folder: Path, names: list[str], needles: tuple[str, ...] = ()) -> None:
    assert [Path(n).suffix for n in names] == [".csv", ".vcf", ".json"]
    for name in names:
        text = (folder / name).read_text(encoding="utf-8")
        assert not [n for n in needles if n in text], f"restricted contact in {name}"
    rows = list(csv.DictReader(io.StringIO((folder / names[0]).read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert rows and rows[0]["id"]
    assert (folder / names[1]).read_bytes().startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n")
    hsds = json.loads((folder / names[2]).read_text(encoding="utf-8"))  # the HSDS 3.0 export (tests/test_hsds.py)
    assert hsds["contents"] and hsds["sop_export"]["hsds_version"] == "3.0"


def test_page_folder_follows_the_url_style():
    assert downloads.page_folder("kontak.md", directory_urls=True) == "kontak"
    assert downloads.page_folder("kontak.md", directory_urls=False) == ""
    assert downloads.page_folder("a/index.md", directory_urls=True) == "a"
    assert downloads.page_folder("a/b.md", directory_urls=False) == "a"


@pytest.mark.parametrize("directory_urls", [True, False])
def test_files_are_written_next_to_the_page_without_restricted_contacts(tmp_path, directory_urls):
    data = copy_minimal(tmp_path / "sop_data")
    shutil.copytree(TESTS / "fixtures" / "districts", data / "districts")
    portal = load_portal(data, district="contoh")
    assert any(not c.public for c in portal.contacts)  # the fixture district has a restricted contact
    site = tmp_path / "site"
    page = "kontak/index.html" if directory_urls else "kontak.html"
    for root in (site, site / "en"):
        (root / page).parent.mkdir(parents=True, exist_ok=True)
        (root / page).write_text("<html></html>", encoding="utf-8")
    written = downloads.write_contact_downloads(site, portal, directory_urls)
    assert len(written) == 6
    for lang, root in (("id", site), ("en", site / "en")):
        names = [d.filename for d in downloads.contact_downloads(portal, lang)]
        assert all(n.endswith(("-contoh.csv", "-contoh.vcf", "-contoh.json")) for n in names)
        check_files((root / page).parent, names, CONTOH_RESTRICTED)


def test_nothing_is_written_for_a_language_not_built_yet(tmp_path, site_portal):
    (tmp_path / "kontak").mkdir()
    (tmp_path / "kontak" / "index.html").write_text("", encoding="utf-8")
    written = downloads.write_contact_downloads(tmp_path, site_portal, directory_urls=True)
    assert {p.parent for p in written} == {tmp_path / "kontak"}


@pytest.mark.site
@pytest.mark.parametrize("variant", ["online", "offline"])
def test_directory_page_links_resolve_in_both_languages(request, variant):
    site = request.getfixturevalue("built_site" if variant == "online" else "offline_site").site_dir
    stem = pages.CONTACTS[: -len(".md")]
    for root in (site, site / "en"):
        page = root / (f"{stem}/index.html" if variant == "online" else f"{stem}.html")
        links = download_links(page.read_text(encoding="utf-8"))
        assert all(not urlparse(h).scheme and "/" not in h for h in links), links
        check_files(page.parent, links)


@pytest.mark.site
def test_district_site_downloads_leave_out_its_restricted_contact(ttu_site):
    import district_sites as ds

    assert ttu_site.returncode == 0, ttu_site.output
    files = [p for p in ttu_site.site_dir.rglob("*") if p.suffix in (".csv", ".vcf", ".json") and "sop-tppo" in p.name]
    assert len(files) == 6, files
    for path in files:
        assert ds.TTU in path.name
        text = path.read_text(encoding="utf-8")
        assert not [n for n in ds.RESTRICTED_NEEDLES if n in text], path


DOWNLOADS_PAGE = "unduhan/index"


@pytest.mark.site
@pytest.mark.parametrize("variant", ["online", "offline"])
def test_the_downloads_page_lists_every_published_file_in_both_languages(request, variant):
    site = request.getfixturevalue("built_site" if variant == "online" else "offline_site").site_dir
    data_files = sorted(p.relative_to(site).as_posix() for p in (site / downloads.DATA_FOLDER).iterdir())
    assert data_files == ["data/feed.en.xml", "data/feed.id.xml", "data/sop-export.schema.json", "data/sop.json"]
    for lang, root in (("id", site), ("en", site / "en")):
        page = root / f"{DOWNLOADS_PAGE}.html"  # unduhan/index.html online and offline alike
        text = page.read_text(encoding="utf-8")
        hrefs = re.findall(r'<a\b[^>]*\bhref="([^"#]+)', text.split("<article", 1)[1].split("</article>", 1)[0])
        targets = {
            (page.parent / h / ("index.html" if h.endswith("/") else "")).resolve()
            for h in hrefs
            if not urlparse(h).scheme
        }
        assert {(site / f).resolve() for f in data_files} <= targets, hrefs
        directory = root / (pages.CONTACTS[: -len(".md")] + ("/index.html" if variant == "online" else ".html"))
        assert directory.resolve() in targets  # the directory's own files are downloaded from its page
        for download in downloads.contact_downloads(request.getfixturevalue("site_portal"), lang):
            assert download.filename in text
        assert all(p.is_file() for p in targets), sorted(str(p) for p in targets if not p.is_file())
