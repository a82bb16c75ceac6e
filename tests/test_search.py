"""Search per language and the Indonesian stemmer: the index split (sop_portal/site/search.py), what the built site keeps
(postbuild.py), and lunr.id's stem function run in chromium. What a reader sees: tests/test_browser_search.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import PROJECT_DIR
from sop_portal.site import finish as postbuild
from sop_portal.site import search

LUNR_ID = PROJECT_DIR / "overrides" / "assets" / "javascripts" / "lunr" / "min" / "lunr.id.min.js"
CONFIG = {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": [" "], "fields": {"title": {"boost": 1000.0}}}


def combined_index() -> dict:
    """What mkdocs-static-i18n leaves behind: one index, both languages."""
    docs = [
        {"location": "", "title": "Beranda", "text": ""},
        {"location": "layanan/pemulangan/", "title": "Pemulangan", "text": "korban dipulangkan"},
        {"location": "layanan/pemulangan/#langkah", "title": "Langkah", "text": ""},
        {"location": "en/", "title": "Home", "text": ""},
        {"location": "en/layanan/pemulangan/", "title": "Repatriation", "text": "victims"},
    ]
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


# -- contact cards as search documents ------------------------------------------------------------------------

# The directory's markup as overrides/sop/contacts.md.html and _contact.md.html write it, cut down.
DIRECTORY_HTML = """<h1 id="direktori-kontak">Direktori kontak</h1>
<p>Saluran siaga didahulukan.</p>
<h2 id="saluran-siaga">Saluran siaga</h2>
<div class="sop-cards">
<div class="sop-card" id="kontak-polri-110">
<p class="sop-card__org"><strong>Call Center <abbr title="Kepolisian Negara Republik Indonesia">Polri</abbr> 110</strong></p>
<p class="sop-card__service">Nomor darurat polisi. Jam layanan: 24 jam</p>
<p class="sop-card__phones"><a class="md-button sop-call" href="tel:110"><span class="twemoji"><svg viewBox="0 0 24 24"><path d="M6 10z"/></svg></span> 110</a> <span class="sop-hint">Bebas pulsa</span></p>
</div>
<div class="sop-card sop-card--other" id="kontak-kemensos-171">
<p class="sop-card__org"><strong>Call Center Kemensos 171</strong> <span class="sop-flag sop-flag--other" title="Bukan untuk TPPO">Bukan saluran khusus TPPO</span></p>
<p class="sop-card__note">Pengaduan bansos &amp; bantuan sosial.<br>Bukan hotline TPPO.</p>
</div>
</div>
<h2 id="kontak-lain">Kontak lain</h2>
<p>Nomor hanya dimuat bila ada sumber publiknya.</p>
"""


def material_docs(html: str, page: str) -> list[dict]:
    """The documents Material's search plugin makes of a page: one per heading, the first one the page."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(html)
    parser.close()
    return [
        {
            "location": page + (f"#{section.id}" if section.id else ""),
            "title": "".join(section.title).strip(),
            "text": "".join(section.text).strip(),
        }
        for section in parser.data
    ]


def test_contact_cards_become_documents_titled_with_their_name():
    docs = material_docs(DIRECTORY_HTML, "kontak/") + [{"location": "aktor/polri/", "title": "Polri", "text": "110"}]
    assert "Call Center Polri 110" in docs[1]["text"]  # Material: every card inside the section "Saluran siaga"
    out = search.split_contact_cards(docs, "kontak/", DIRECTORY_HTML)
    assert [(d["location"], d["title"]) for d in out] == [
        ("kontak/", "Direktori kontak"),
        ("kontak/#saluran-siaga", "Saluran siaga"),
        ("kontak/#kontak-polri-110", "Call Center Polri 110"),
        ("kontak/#kontak-kemensos-171", "Call Center Kemensos 171"),  # the flag is no part of the name
        ("kontak/#kontak-lain", "Kontak lain"),
        ("aktor/polri/", "Polri"),
    ]
    by_location = {d["location"]: d for d in out}
    assert by_location["kontak/#saluran-siaga"]["text"] == ""  # the cards left the section: nothing indexed twice
    assert by_location["kontak/#kontak-polri-110"]["text"] == (
        "<p>Nomor darurat polisi. Jam layanan: 24 jam</p> <p> 110 Bebas pulsa</p>"
    )
    assert by_location["kontak/#kontak-kemensos-171"]["text"] == (
        "<p>Bukan saluran khusus TPPO</p> <p>Pengaduan bansos &amp; bantuan sosial.Bukan hotline TPPO.</p>"
    )
    assert by_location["kontak/#kontak-lain"]["text"] == "<p>Nomor hanya dimuat bila ada sumber publiknya.</p>"
    # every word of the page is still indexed exactly once
    words = lambda text: re.findall(r"\w+", re.sub(r"<[^>]+>", " ", text))
    assert sorted(w for d in docs[:3] for w in words(d["title"] + " " + d["text"])) == sorted(
        w for d in out[:5] for w in words(d["title"] + " " + d["text"])
    )
    assert {d["location"]: d.get("boost") for d in out} == {
        "kontak/": search.DIRECTORY_BOOST,
        "kontak/#saluran-siaga": search.DIRECTORY_BOOST,
        "kontak/#kontak-polri-110": search.CARD_BOOST,
        "kontak/#kontak-kemensos-171": search.CARD_BOOST,
        "kontak/#kontak-lain": search.DIRECTORY_BOOST,
        "aktor/polri/": None,
    }
    assert docs[1]["text"].startswith("<p>Call Center")  # the input is left as it was


def test_a_card_not_found_in_the_index_stays_where_it_is():
    docs = material_docs(DIRECTORY_HTML, "kontak/")
    docs[1]["text"] = docs[1]["text"].replace("Nomor darurat polisi", "Nomor darurat")  # not what the page says
    out = search.split_contact_cards(docs, "kontak/", DIRECTORY_HTML)
    assert [d["location"] for d in out] == [
        "kontak/",
        "kontak/#saluran-siaga",
        "kontak/#kontak-kemensos-171",
        "kontak/#kontak-lain",
    ]
    assert "Call Center Polri 110" in out[1]["text"] and "Kemensos" not in out[1]["text"]


def test_cards_are_split_online_and_offline_in_both_languages(tmp_path):
    for page, html_path in (("kontak/", "kontak/index.html"), ("en/kontak.html", "en/kontak.html")):
        site = tmp_path / html_path.split("/")[0]
        (site / html_path).parent.mkdir(parents=True, exist_ok=True)
        (site / html_path).write_text(
            f"<html><body><article>{DIRECTORY_HTML}</article></body></html>", encoding="utf-8"
        )
        index = {
            "config": dict(CONFIG),
            "docs": [{"location": "", "title": "Beranda", "text": ""}, *material_docs(DIRECTORY_HTML, page)],
        }
        out = search.with_contact_cards(index, site)
        assert f"{page}#kontak-polri-110" in [d["location"] for d in out["docs"]], page
    assert search.directory_pages(
        [
            {"location": "kontak/"},
            {"location": "kontak/#x"},
            {"location": "en/kontak/"},
            {"location": "kontak.html"},
            {"location": "pohon/kontak-pertama/"},
        ]
    ) == ["kontak/", "en/kontak/", "kontak.html"]


def test_rewrite_splits_the_cards_of_both_directories(tmp_path):
    index = combined_index()
    index["docs"] += material_docs(DIRECTORY_HTML, "kontak/") + material_docs(DIRECTORY_HTML, "en/kontak/")
    site = write_site(tmp_path / "site", index)
    for rel in ("kontak/index.html", "en/kontak/index.html"):
        (site / rel).parent.mkdir(parents=True)
        (site / rel).write_text(DIRECTORY_HTML, encoding="utf-8")
    search.rewrite_site_search(site)
    for rel, prefix in (("search/search_index.json", ""), ("en/search/search_index.json", "en/")):
        locations = [d["location"] for d in read(site / rel)["docs"]]
        assert f"{prefix}kontak/#kontak-kemensos-171" in locations and all(
            loc.startswith("en/") == bool(prefix) for loc in locations
        ), rel


# -- what the site keeps -----------------------------------------------------------------------------------


def test_only_the_lunr_files_the_indexes_ask_for_are_kept():
    assert postbuild.lunr_files([("id",), ("en",)]) == {"min/lunr.id.min.js", "min/lunr.stemmer.support.min.js"}
    assert postbuild.lunr_files([("en",)]) == set()
    assert postbuild.lunr_files([("ja", "en")]) == {
        "min/lunr.ja.min.js",
        "tinyseg.js",
        "min/lunr.multi.min.js",
        "min/lunr.stemmer.support.min.js",
    }


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
    for rel, lang, prefix_ok in (
        ("search/search_index.json", "id", lambda loc: not loc.startswith("en/")),
        ("en/search/search_index.json", "en", lambda loc: loc.startswith("en/")),
    ):
        index = read(site / rel)
        assert index["config"]["lang"] == [lang]
        assert index["docs"] and all(prefix_ok(d["location"]) for d in index["docs"]), rel
    assert (site / "assets" / "javascripts" / "lunr" / "min" / "lunr.id.min.js").is_file()


@pytest.mark.site
def test_built_site_indexes_every_directory_card_once(built_site):
    site = built_site.site_dir
    for prefix in ("", "en/"):
        html = (site / prefix / "kontak" / "index.html").read_text(encoding="utf-8")
        cards = re.findall(r'<div class="sop-card[^"]*" id="(kontak-[^"]+)"', html)
        docs = read(site / prefix / "search" / "search_index.json")["docs"]
        by_location = {d["location"]: d for d in docs}
        assert len(cards) >= 5, prefix
        for card in cards:
            doc = by_location[f"{prefix}kontak/#{card}"]
            assert doc["title"] and doc["boost"] == search.CARD_BOOST
            first_line = doc["text"].split("</p>")[0]
            holders = [
                d["location"] for d in docs if first_line in d["text"] and d["location"].startswith(prefix + "kontak/")
            ]
            assert holders == [f"{prefix}kontak/#{card}"], (card, holders)  # in the card only, not also in a section
    polri = read(site / "search" / "search_index.json")["docs"]
    assert any(d["location"] == "kontak/#kontak-polri-110" and "110" in d["title"] for d in polri)


@pytest.mark.site
def test_built_site_carries_no_unused_weight(built_site):
    site = built_site.site_dir
    assert not list(site.rglob("*.map"))
    lunr = sorted(
        p.relative_to(site / "assets" / "javascripts" / "lunr").as_posix()
        for p in (site / "assets" / "javascripts" / "lunr").rglob("*.js")
    )
    assert lunr == ["min/lunr.id.min.js", "min/lunr.stemmer.support.min.js"]
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert "sourceMappingURL" not in bundle
    # The online build has no polyfill: the iframe-worker shim is for file:// only.
    assert "iframe-worker" not in (site / "index.html").read_text(encoding="utf-8")


# -- the stemmer itself (lunr.id.min.js), in chromium ----------------------------------------------------------

STEMS = {
    # the pairs readers type for one another
    "perlindungan": "lindung",
    "lindungi": "lindung",
    "melindungi": "lindung",
    "dilindungi": "lindung",
    "pemulangan": "pulang",
    "pulang": "pulang",
    "dipulangkan": "pulang",
    "kepulangan": "pulang",
    "korbannya": "korban",
    "korban": "korban",
    # prefixes with recoding, ke-…-an, per-, and the suffix before a second-order prefix
    "penyidik": "sidik",
    "pemeriksaan": "periksa",
    "diperiksa": "periksa",
    "kesehatan": "sehat",
    "kejaksaan": "jaksa",
    "memperdagangkan": "dagang",
    "perdagangan": "dagang",
    "diberikan": "beri",
    "pemberian": "beri",
    "disampaikan": "sampai",
    "pelatihan": "latih",
    "bekerja": "kerja",
    "pekerja": "kerja",
    # -kan goes before -an, so a k-final root loses its k; harmless, as search matches prefixes ("sidi*")
    "penyidikan": "sidi",
    "rujukan": "ruju",
    # roots that look inflected and must stay whole
    "keluarga": "keluarga",
    "perempuan": "perempu",
    "masalah": "masalah",
    "sekolah": "sekolah",
    "terima": "terima",
    "pelaku": "laku",
    "polisi": "polisi",
    "koordinasi": "koordinasi",
    "restitusi": "restitusi",
    "anak": "anak",
}


@pytest.mark.browser
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
