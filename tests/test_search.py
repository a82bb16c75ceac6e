"""Search per language and the Indonesian stemmer: the index split (sop_portal/search.py), what the built site keeps
(postbuild.py), and lunr.id's stem function run in chromium. What a reader sees: tests/test_browser_search.py."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import PROJECT_DIR, browser_skip_reason
from sop_portal import postbuild, search

LUNR_ID = PROJECT_DIR / "overrides" / "assets" / "javascripts" / "lunr" / "min" / "lunr.id.min.js"
CONFIG = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": [" "], "fields": {"title": {"boost": 1000.0}}}


def combined_index() -> dict:
    """What mkdocs-static-i18n leaves behind: one index, both languages."""
    docs = [{"location": "", "title": "Beranda", "text": ""},
            {"location": "layanan/pemulangan/", "title": "Pemulangan", "text": "korban dipulangkan"},
            {"location": "layanan/pemulangan/#langkah", "title": "Langkah", "text": ""},
            {"location": "en/", "title": "Home", "text": ""},
            {"location": "en/layanan/pemulangan/", "title": "Repatriation", "text": "victims"}]
    return {"config": dict(CONFIG), "docs": docs}


def write_site(root: Path, index: dict, offline: bool = False) -> Path:
    (root / "search").mkdir(parents=True)
    (root / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    if offline:
        (root / "search" / "search_index.js").write_text("var __index = " + json.dumps(index), encoding="utf-8")
    return root


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# -- the split -------------------------------------------------------------------------------------------


def test_split_gives_each_language_its_own_pages_and_pipeline():
    parts = search.split_index(combined_index())
    assert [d["location"] for d in parts["id"]["docs"]] == ["", "layanan/pemulangan/", "layanan/pemulangan/#langkah"]
    assert [d["location"] for d in parts["en"]["docs"]] == ["en/", "en/layanan/pemulangan/"]
    assert parts["id"]["config"]["lang"] == ["id"] and "stemmer" in parts["id"]["config"]["pipeline"]
    # Material appends '*' to every query word and lunr skips the pipeline for those: a stemmed English index
    # would miss "victims*" (indexed as "victim"), so English keeps Material's own choice: no stemmer.
    assert parts["en"]["config"]["lang"] == ["en"] and "stemmer" not in parts["en"]["config"]["pipeline"]
    assert parts["id"]["config"]["separator"] == CONFIG["separator"] == parts["en"]["config"]["separator"]


def test_rewrite_writes_one_index_per_language_and_an_offline_script(tmp_path):
    site = write_site(tmp_path / "site", combined_index(), offline=True)
    assert search.rewrite_site_search(site) == {"id": 3, "en": 2}
    assert all(not d["location"].startswith("en/") for d in read(site / "search" / "search_index.json")["docs"])
    assert read(site / "en" / "search" / "search_index.json")["config"]["lang"] == ["en"]
    script = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __sop_indexes=") and "document.documentElement.lang" in script
    assert search.is_split(site)
    assert search.index_languages(site) == [("id",), ("en",)]
    assert search.rewrite_site_search(site) is None  # idempotent: a second call finds nothing to split


def test_rewrite_leaves_the_english_pass_alone(tmp_path):
    """static-i18n builds English second and writes the combined index only after that pass: an index holding
    only English pages is that pass, and must not become an empty Indonesian index."""
    english_only = combined_index()
    english_only["docs"] = [d for d in english_only["docs"] if d["location"].startswith("en/")]
    site = write_site(tmp_path / "site", english_only)
    assert search.rewrite_site_search(site) is None
    assert read(site / "search" / "search_index.json") == english_only
    assert not search.is_split(site)


def test_no_offline_script_without_the_offline_build(tmp_path):
    site = write_site(tmp_path / "site", combined_index())
    search.rewrite_site_search(site)
    assert not (site / "search" / "search_index.js").exists()


# -- what the site keeps -----------------------------------------------------------------------------------


def test_only_the_lunr_files_the_indexes_ask_for_are_kept():
    assert postbuild.lunr_files([("id",), ("en",)]) == {"min/lunr.id.min.js", "min/lunr.stemmer.support.min.js"}
    assert postbuild.lunr_files([("en",)]) == set()
    assert postbuild.lunr_files([("ja", "en")]) == {"min/lunr.ja.min.js", "tinyseg.js", "min/lunr.multi.min.js",
                                                     "min/lunr.stemmer.support.min.js"}


def test_prune_removes_maps_and_unused_lunr_files_and_their_comments(tmp_path):
    site = write_site(tmp_path / "site", combined_index())
    search.rewrite_site_search(site)
    lunr = site / "assets" / "javascripts" / "lunr"
    (lunr / "min").mkdir(parents=True)
    for name in ("min/lunr.id.min.js", "min/lunr.stemmer.support.min.js", "min/lunr.fr.min.js", "tinyseg.js"):
        (lunr / name).write_text("/* lunr */", encoding="utf-8")
    bundle = site / "assets" / "javascripts" / "bundle.abc.min.js"
    bundle.write_text("var a=1;\n//# sourceMappingURL=bundle.abc.min.js.map\n", encoding="utf-8")
    (site / "assets" / "javascripts" / "bundle.abc.min.js.map").write_text("{}", encoding="utf-8")
    removed, size = postbuild.prune(site, search.index_languages(site))
    assert sorted(p.name for p in removed) == ["bundle.abc.min.js.map", "lunr.fr.min.js", "tinyseg.js"]
    assert size > 0
    assert sorted(p.name for p in (lunr / "min").iterdir()) == ["lunr.id.min.js", "lunr.stemmer.support.min.js"]
    assert "sourceMappingURL" not in bundle.read_text(encoding="utf-8")
    assert postbuild.prune(site, search.index_languages(site)) == ([], 0)  # nothing left to do


def test_the_offline_build_uses_the_vendored_polyfill_and_the_online_build_none():
    cdn = "https://unpkg.com/iframe-worker/shim"
    assert postbuild.offline_polyfills([cdn], offline=True) == [postbuild.VENDORED_SHIM]
    assert postbuild.offline_polyfills(["x.js", cdn], offline=False) == ["x.js"]
    shim = PROJECT_DIR / "docs" / postbuild.VENDORED_SHIM
    text = shim.read_text(encoding="utf-8")
    assert "iframe-worker 1.0.4" in text and "Permission is hereby granted" in text  # MIT licence kept


def test_the_offline_plugin_comes_after_i18n():
    """Listed before i18n, the offline plugin's search index would hold one language only."""
    config = (PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8")
    i18n, offline = config.index("\n  - i18n:"), config.index("\n  - offline:")
    assert i18n < offline
    assert "enabled: !ENV [OFFLINE, false]" in config


# -- the built site ------------------------------------------------------------------------------------------


@pytest.mark.site
def test_built_site_has_one_index_per_language(built_site):
    site = built_site.site_dir
    for rel, lang, prefix_ok in (("search/search_index.json", "id", lambda loc: not loc.startswith("en/")),
                                 ("en/search/search_index.json", "en", lambda loc: loc.startswith("en/"))):
        index = read(site / rel)
        assert index["config"]["lang"] == [lang]
        assert index["docs"] and all(prefix_ok(d["location"]) for d in index["docs"]), rel
    assert (site / "assets" / "javascripts" / "lunr" / "min" / "lunr.id.min.js").is_file()


@pytest.mark.site
def test_built_site_carries_no_unused_weight(built_site):
    site = built_site.site_dir
    assert not list(site.rglob("*.map"))
    lunr = sorted(p.relative_to(site / "assets" / "javascripts" / "lunr").as_posix()
                  for p in (site / "assets" / "javascripts" / "lunr").rglob("*.js"))
    assert lunr == ["min/lunr.id.min.js", "min/lunr.stemmer.support.min.js"]
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert "sourceMappingURL" not in bundle
    # The online build has no polyfill: the iframe-worker shim is for file:// only.
    assert "iframe-worker" not in (site / "index.html").read_text(encoding="utf-8")


# -- the stemmer itself (lunr.id.min.js), in chromium ----------------------------------------------------------

STEMS = {
    # the pairs readers type for one another
    "perlindungan": "lindung", "lindungi": "lindung", "melindungi": "lindung", "dilindungi": "lindung",
    "pemulangan": "pulang", "pulang": "pulang", "dipulangkan": "pulang", "kepulangan": "pulang",
    "korbannya": "korban", "korban": "korban",
    # prefixes with recoding, ke-…-an, per-, and the suffix before a second-order prefix
    "penyidik": "sidik", "pemeriksaan": "periksa", "diperiksa": "periksa", "kesehatan": "sehat",
    "kejaksaan": "jaksa", "memperdagangkan": "dagang", "perdagangan": "dagang", "diberikan": "beri",
    "pemberian": "beri", "disampaikan": "sampai", "pelatihan": "latih", "bekerja": "kerja", "pekerja": "kerja",
    # -kan goes before -an, so a k-final root loses its k; harmless, as search matches prefixes ("sidi*")
    "penyidikan": "sidi", "rujukan": "ruju",
    # roots that look inflected and must stay whole
    "keluarga": "keluarga", "perempuan": "perempu", "masalah": "masalah", "sekolah": "sekolah", "terima": "terima",
    "pelaku": "laku", "polisi": "polisi", "koordinasi": "koordinasi", "restitusi": "restitusi", "anak": "anak",
}


@pytest.mark.browser
@pytest.mark.skipif(browser_skip_reason() is not None, reason=browser_skip_reason() or "")
def test_stems(page):
    page.set_content("<html><body></body></html>")
    # lunr.id only needs these names from lunr to load; the real lunr runs in tests/test_browser_search.py.
    page.evaluate("""() => { self.lunr = { Pipeline: { registerFunction() {} }, Index: { prototype: {} },
                                           QueryParser: { prototype: {} }, Query: {} } }""")
    page.add_script_tag(content=LUNR_ID.read_text(encoding="utf-8"))
    got = page.evaluate("words => Object.fromEntries(words.map(w => [w, lunr.id.stem(w)]))", list(STEMS))
    assert got == STEMS


def test_the_stemmer_file_is_readable_and_ours():
    text = LUNR_ID.read_text(encoding="utf-8")
    assert text.startswith("/*") and "Not minified" in text
    assert re.search(r"lunr\.id = function", text)
