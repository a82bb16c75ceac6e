"""Offline after one visit, at build time (sop_portal/site/offline.py): the manifest lists every page of each
language with what its pages load, search included, and the language's size; the worker sits at the site's root with
that manifest inside it; every page carries the control; the file:// build has none of it. In chromium:
tests/test_browser_offline.py."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from sop_portal.site import offline as om
from sop_portal.site.finish import finish_site

WORKER_CONFIG = re.compile(r"^var SOP = (\{.*\});$", re.M)
CONTROL = re.compile(
    r'<div class="sop-offline" data-sop-offline data-sop-version="([^"]+)" data-sop-worker="([^"]+)" hidden>'
)


def read_manifest(site: Path) -> dict:
    return json.loads((site / om.MANIFEST).read_text(encoding="utf-8"))


def worker_config(site: Path) -> dict:
    match = WORKER_CONFIG.search((site / om.WORKER).read_text(encoding="utf-8"))
    assert match, "sw.js has no configuration line"
    return json.loads(match.group(1))


def pages_of(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html"]


# -- the real site ----------------------------------------------------------------------------------------------


@pytest.mark.site
def test_the_manifest_lists_every_page_of_each_language(built_site, site_portal):
    site = built_site.site_dir
    manifest = read_manifest(site)
    assert manifest["sop_version"] == site_portal.sop_version and re.fullmatch(r"[0-9a-f]{12}", manifest["build"])
    assert set(manifest["languages"]) == {"id", "en"}
    for lang, info in manifest["languages"].items():
        root = "" if lang == "id" else "en/"
        assert info["root"] == root
        built = {root + rel[: -len("index.html")] for rel in built_site.pages(lang) if rel != "404.html"}
        assert set(info["pages"]) == built, set(info["pages"]) ^ built
        for path in info["assets"]:
            assert (site / path).is_file(), path
        # What every page needs: Material's bundle and styles, ours, the favicon, and search in this language.
        for needed in (
            f"{root}search/search_index.json",
            "assets/offline.js",
            "assets/sop.js",
            "assets/sop.css",
            "assets/images/favicon.png",
        ):
            assert needed in info["shell"], (lang, needed)
        assert any(p.startswith("assets/javascripts/workers/search.") for p in info["shell"])
        assert any(p.startswith("assets/javascripts/bundle.") for p in info["shell"])
        assert set(info["shell"]) <= set(info["assets"])
        assert info["index"] == f"{root}search/search_index.json"
        # The trees' and the training's own files, and the directory's downloads, are there for "save this language".
        assert {"assets/trees.js", "assets/trees.css", "assets/training.css"} <= set(info["assets"])
        assert sum(1 for p in info["assets"] if p.startswith(f"{root}kontak/")) == 3
        other = "en/" if lang == "id" else "search/"
        assert not [p for p in info["assets"] + info["pages"] if p.startswith(other)], "the other language leaked in"
        files = [site / (p + "index.html" if p.endswith("/") or not p else p) for p in info["pages"]]
        files += [site / p for p in info["assets"]]
        assert info["files"] == len(files)
        assert info["bytes"] == sum(f.stat().st_size for f in files)
        packed = sum(len(gzip.compress(f.read_bytes(), compresslevel=6, mtime=0)) for f in files)
        assert info["gzip_bytes"] == packed < info["bytes"]
    assert any(p.endswith("lunr.id.min.js") for p in manifest["languages"]["id"]["shell"]), "no Indonesian stemmer"
    assert not any("lunr" in p for p in manifest["languages"]["en"]["shell"])


@pytest.mark.site
def test_the_worker_sits_at_the_root_with_the_manifest_inside(built_site):
    site = built_site.site_dir
    manifest, config = read_manifest(site), worker_config(site)
    assert config["version"] == manifest["sop_version"] and config["build"] == manifest["build"]
    assert config["languages"] == manifest["languages"]
    assert set(config["labels"]) == {"id", "en"} and config["labels"]["id"]["unsaved_title"]
    source = (site / om.WORKER).read_text(encoding="utf-8")
    assert "{{" not in source and "{%" not in source and "{#" not in source
    assert not re.search(r"https?://", source), "the worker names another site"
    assert 'var CACHE = PREFIX + SOP.version + ":" + SOP.build;' in source  # the cache is named after the data version
    assert (site / om.WORKER).stat().st_mode & 0o044 == 0o044, "the worker must be readable by a web server"


@pytest.mark.site
def test_every_page_carries_the_control_and_finds_the_root_worker(built_site, site_portal):
    site = built_site.site_dir
    for page in pages_of(site):
        html = page.read_text(encoding="utf-8")
        match = CONTROL.search(html)
        assert match, f"{page.relative_to(site)}: no offline control"
        version, worker = match.groups()
        assert version == site_portal.sop_version
        folder = page.parent.relative_to(site).as_posix()
        assert posixpath.normpath(posixpath.join(folder, worker)) == "sw.js", (page, worker)
        assert 'src="' + worker.replace("sw.js", "assets/offline.js") + '" defer' in html
        assert html.index("data-sop-offline ") > html.index('<footer class="md-footer">'), "the control left the footer"


@pytest.mark.site
def test_the_file_build_has_no_worker(offline_site):
    site = offline_site.site_dir
    for name in (om.WORKER, om.MANIFEST, om.PAGE_SCRIPT):
        assert not (site / name).exists(), name
    for page in pages_of(site):
        html = page.read_text(encoding="utf-8")
        assert "data-sop-offline" not in html and "sw.js" not in html and "offline.js" not in html, page


@pytest.mark.site
def test_the_scripts_parse(built_site):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    for script in (built_site.site_dir / om.WORKER, built_site.site_dir / om.PAGE_SCRIPT):
        proc = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


# -- on a small site, without MkDocs ----------------------------------------------------------------------------

CONFIG = '<script id="__config" type="application/json">{"base": "%s", "search": "%sassets/javascripts/workers/search.0123abcd.min.js"}</script>'


def page_html(up: str, extra: str = "") -> str:
    return (
        f'<html><head><link rel="icon" href="{up}assets/favicon.png"><link rel="stylesheet" href="{up}assets/a.css">'
        f'<link rel="alternate" href="{up}en/"><link rel="stylesheet" href="https://cdn.example/x.css">{extra}</head>'
        f'<body><img src="data:image/png;base64,AA"><script src="{up}assets/app.js"></script>'
        f"{CONFIG % (up or '.', up)}</body></html>"
    )


def small_site(root: Path) -> Path:
    files = {
        "index.html": page_html(""),
        "kontak/index.html": page_html("../"),
        "kontak/kontak.csv": "nama,nomor\n",
        "pohon/a b/index.html": page_html("../../", '<script src="../../assets/trees.js"></script>'),
        "en/index.html": page_html("../"),
        "en/kontak/index.html": page_html("../../"),
        "en/kontak/contacts.csv": "name,number\n",
        "404.html": page_html(""),
        "sitemap.xml": "<urlset/>",
        "search/search_index.json": json.dumps({"config": {"lang": ["id"]}, "docs": []}),
        "en/search/search_index.json": json.dumps({"config": {"lang": ["en"]}, "docs": []}),
        "assets/a.css": "body{}" * 50,
        "assets/app.js": "var a = 1;" * 50,
        "assets/trees.js": "var t;",
        "assets/favicon.png": "png",
        "assets/unused.js": "var u;",
        "assets/javascripts/workers/search.0123abcd.min.js": "self.onmessage = null;",
        "assets/javascripts/lunr/min/lunr.id.min.js": "lunr.id = 1;",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js": "lunr.s = 1;",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_small_site_gives_the_expected_manifest(tmp_path):
    site = small_site(tmp_path)
    manifest = om.build_manifest(site, "2.0.0")
    ident, en = manifest["languages"]["id"], manifest["languages"]["en"]
    assert ident["pages"] == ["", "kontak/", "pohon/a%20b/"] and en["pages"] == ["en/", "en/kontak/"]
    common = [
        "assets/a.css",
        "assets/app.js",
        "assets/favicon.png",
        "assets/javascripts/workers/search.0123abcd.min.js",
    ]
    assert ident["shell"] == sorted(
        common
        + [
            "assets/javascripts/lunr/min/lunr.id.min.js",
            "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
            "search/search_index.json",
        ]
    )
    assert ident["assets"] == sorted(ident["shell"] + ["assets/trees.js", "kontak/kontak.csv"])
    assert en["shell"] == sorted(common + ["en/search/search_index.json"])
    assert en["assets"] == sorted(en["shell"] + ["en/kontak/contacts.csv"])
    raw = sum((site / n).stat().st_size for n in ("index.html", "kontak/index.html", "pohon/a b/index.html"))
    raw += sum((site / n.replace("%20", " ")).stat().st_size for n in ident["assets"])
    assert ident["bytes"] == raw and ident["files"] == 3 + len(ident["assets"])


def test_the_build_id_follows_the_content_and_the_version(tmp_path):
    site = small_site(tmp_path)
    first = om.build_manifest(site, "2.0.0")["build"]
    assert om.build_manifest(site, "2.0.0")["build"] == first
    assert om.build_manifest(site, "2.0.1")["build"] != first
    (site / "kontak" / "index.html").write_text(page_html("../", "<!-- changed -->"), encoding="utf-8")
    assert om.build_manifest(site, "2.0.0")["build"] != first
    (site / "assets" / "unused.js").write_text("var changed;", encoding="utf-8")  # no page loads it: same build
    second = om.build_manifest(site, "2.0.0")["build"]
    (site / "assets" / "unused.js").write_text("var changed again;", encoding="utf-8")
    assert om.build_manifest(site, "2.0.0")["build"] == second


def test_written_once_the_site_is_complete_and_never_in_the_file_build(tmp_path):
    portal = SimpleNamespace(sop_version="2.0.0", district=None)
    site = small_site(tmp_path / "served")
    support = om.write_offline_support(site, portal, True)
    assert support and read_manifest(site) == support.manifest and worker_config(site)["version"] == "2.0.0"

    usb = small_site(tmp_path / "usb")
    (usb / "search" / "search_index.js").write_text("var __index = {};", encoding="utf-8")
    for leftover in (om.WORKER, om.MANIFEST, om.PAGE_SCRIPT):
        (usb / leftover).write_text("old", encoding="utf-8")
    assert om.write_offline_support(usb, portal, False) is None
    assert not any((usb / name).exists() for name in (om.WORKER, om.MANIFEST, om.PAGE_SCRIPT))


def test_finish_site_writes_nothing_before_the_index_is_split(tmp_path, monkeypatch):
    site = small_site(tmp_path)
    # A combined index (both languages in one file): the state before mkdocs-static-i18n's last pass.
    (site / "en" / "search" / "search_index.json").unlink()
    (site / "search" / "search_index.json").write_text(
        json.dumps(
            {
                "config": {"lang": ["id"]},
                "docs": [{"location": "", "title": "a", "text": ""}, {"location": "en/", "title": "b", "text": ""}],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr("sop_portal.site.finish.write_contact_downloads", lambda *a: [])
    monkeypatch.setattr("sop_portal.site.finish.rewrite_site_search", lambda *a: None)
    done = finish_site(site, SimpleNamespace(sop_version="2.0.0", district=None), True)
    assert done.offline is None and not (site / om.WORKER).exists()


@pytest.mark.parametrize(
    "ref,expected",
    [
        ("../assets/a.css", "assets/a.css"),
        ("../assets/a.css?v=1#x", "assets/a.css"),
        ("/assets/a.css", None),
        ("https://cdn.example/a.css", None),
        ("//cdn.example/a.css", None),
        ("data:text/css,", None),
        ("../../../outside.css", None),
        ("../assets/missing.css", None),
    ],
)
def test_references_resolve_inside_the_site_only(tmp_path, ref, expected):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.css").write_text("", encoding="utf-8")
    assert om.resolve(tmp_path, "kontak/index.html", ref) == expected


def test_page_urls_and_languages():
    assert om.page_url("index.html", True) == "" and om.page_url("en/kontak/index.html", True) == "en/kontak/"
    assert om.page_url("kontak.html", False) == "kontak.html"
    roots = om.language_roots()
    assert roots == {"id": "", "en": "en/"}
    assert om.language_of("en/kontak/", roots) == "en" and om.language_of("enam/", roots) == "id"
    assert om.language_of("assets/sop.css", roots) == "id"
