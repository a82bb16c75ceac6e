"""English pages are English (issue 13): citation locators read 'Article 54(1)' in English, wherever a citation is
shown (site, handouts, exports), and every date a reader sees has one format per language ('27 May 2021',
'27 Mei 2021')."""

from __future__ import annotations

import datetime as _dt
import json
import random
import re

import pytest

from conftest import make_renderer
from sop_portal import model as m
from sop_portal.model.citations import english_locator, locator_text
from sop_portal.outputs import export, handouts, package
from sop_portal.site import pages
from sop_portal.views import content as views

TODAY = _dt.date(2026, 11, 23)

# (as written in the data, as an English reader reads it)
CASES = [
    # articles
    ("Pasal 54", "Article 54"),
    ("Pasal 54 ayat (1)", "Article 54(1)"),
    ("Pasal 1 angka 6", "Article 1 point 6"),
    ("Pasal 52 ayat (1) dan (2)", "Article 52(1) and (2)"),
    ("Pasal 20 ayat (1) huruf a dan ayat (2)", "Article 20(1)(a) and (2)"),
    ("Pasal 52 ayat (2) dan ayat (3)", "Article 52(2) and (3)"),
    ("Pasal 52 ayat (1), (2) dan (3)", "Article 52(1), (2) and (3)"),
    ("Pasal 54 ayat (1) s.d. (3)", "Article 54(1)–(3)"),
    ("Pasal 5 ayat (1) atau (2)", "Article 5(1) or (2)"),
    ("Pasal 7 ayat (1) huruf a", "Article 7(1)(a)"),
    ("Pasal 3 huruf a, b, dan c", "Article 3(a), (b), and (c)"),
    ("Pasal 1 angka 6 huruf a", "Article 1 point 6(a)"),
    ("Pasal 1 angka 6 dan 7", "Article 1 points 6 and 7"),
    ("Pasal 5A ayat (2)", "Article 5A(2)"),
    ("Pasal 11–12", "Articles 11–12"),
    ("Pasal 11-12", "Articles 11–12"),
    ("Pasal 11 dan Pasal 30", "Articles 11 and 30"),
    ("Pasal 11, 12, dan 13", "Articles 11, 12, and 13"),
    ("Pasal 52 ayat (1), Pasal 54", "Article 52(1), Article 54"),
    ("Pasal 5 ayat (1) dan 6", "Article 5(1) and Article 6"),
    ("Pasal 43–47 (perkiraan)", "Articles 43–47 (approximate)"),
    ("PASAL 5 AYAT (1)", "Article 5(1)"),
    # pages and slides
    ("hlm. 2", "p. 2"),
    ("hal. 14", "p. 14"),
    ("hlm. 1–2", "pp. 1–2"),
    ("halaman 1 dari 95", "page 1 of 95"),
    ("penampil Scribd: halaman 1 dari 95", "Scribd viewer: page 1 of 95"),
    ("slide 5", "slide 5"),
    # the parts of a regulation without a numbered English equivalent keep the Indonesian word in brackets
    ("Menimbang", "Considerations (Menimbang)"),
    ("Menimbang huruf b", "Considerations (Menimbang) b"),
    ("Menimbang huruf a dan b", "Considerations (Menimbang) a and b"),
    ("Mengingat", "Legal bases (Mengingat)"),
    ("Mengingat angka 2", "Legal bases (Mengingat) 2"),
    ("Penjelasan Pasal 5", "Elucidation (Penjelasan) of Article 5"),
    ("Lampiran I", "Annex (Lampiran) I"),
    ("Bab II", "Chapter II"),
    # combinations
    ("hlm. 2 (Mengingat)", "p. 2, Legal bases (Mengingat)"),
    ("hlm. 1 (Menimbang huruf a)", "p. 1, Considerations (Menimbang) a"),
    ("Pasal 51, hlm. 2", "Article 51, p. 2"),
    ("hlm. 3; Pasal 5", "p. 3; Article 5"),
    ("Perpres 49/2023 Pasal 30", "Perpres 49/2023 Article 30"),
    ("Perpres 49/2023 Pasal 11 dan Pasal 30", "Perpres 49/2023 Articles 11 and 30"),
    ("mengutip PP 9/2008", "quoting PP 9/2008"),
]

# Not recognised: kept exactly as written, never half translated.
UNCHANGED = [
    "slide sasaran",
    "Pasal",
    "hlm.",
    "Pasal 5 (",
    "Pasal 5)",
    "Pasal 5 ayat (x1)",
    "Pasal 1 angka 6}",
    "Article 54(1)",
    "p. 2",
    "lihat Pasal 5",
    "Pasal 5 bis",
    "Pasal 5 ayat",
    "UU 21/2007",
    "9/2008",
    "Pasal 54 ayat (1) dan",
    "hlm. 2 (catatan)",
    "  ",
    "",
]


@pytest.mark.parametrize("written, english", CASES)
def test_english_locator(written, english):
    assert english_locator(written) == english


@pytest.mark.parametrize("written", UNCHANGED)
def test_unrecognised_locator_stays_as_written(written):
    assert english_locator(written) == written


def test_indonesian_readers_get_the_data_as_written():
    for written, _ in CASES:
        assert locator_text(written, "id") == written
    assert locator_text(None, "en") == "" and locator_text("", "id") == ""


def test_never_raises_and_never_garbles_random_text():
    """Random strings of locator words: either a translation (no Indonesian keyword left outside brackets) or
    exactly the input."""
    words = [
        "Pasal",
        "ayat",
        "huruf",
        "angka",
        "dan",
        "atau",
        "hlm.",
        "(1)",
        "(a)",
        "1",
        "12",
        "a",
        ",",
        ";",
        "(",
        ")",
        "–",
        "Menimbang",
        "Mengingat",
        "s.d.",
        "dari",
        "perkiraan",
        "PP 9/2008",
        "x",
        "Scribd",
        ":",
    ]
    rng = random.Random(13)
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 7)))
        out = english_locator(text)
        if out != text:
            outside = re.sub(r"\((?:Menimbang|Mengingat|Penjelasan|Lampiran)\)", "", out)
            assert not re.search(r"\b(?:Pasal|ayat|huruf|angka|hlm|dan|atau|dari)\b", outside), (text, out)


def test_citation_locator_translates_article_and_page_each_on_its_own():
    doc = m.SourceDoc("deck", m.Text("Paparan", "Presentation"), "official")
    both = m.Citation(doc, article="Pasal 54 ayat (1)", page="hlm. 2")
    assert both.locator == "Pasal 54 ayat (1), hlm. 2"  # the data's words, for Indonesian pages and the validator
    assert both.locator_in("en") == "Article 54(1), p. 2"
    assert both.locator_in("id") == "Pasal 54 ayat (1), hlm. 2"
    odd = m.Citation(doc, article="Pasal 6", page="slide sasaran")
    assert odd.locator_in("en") == "Article 6, slide sasaran"  # the page it cannot read does not hold back the article
    assert m.Citation(doc).locator_in("en") == ""


def test_every_standard_locator_in_the_data_reads_in_english(site_portal):
    """Locators written the usual way (Pasal, hlm., Menimbang, Mengingat) all translate; an English page shows no
    'Pasal' or 'ayat' in a citation."""
    seen: set[str] = set()

    def walk(obj, depth=0):
        if depth > 8:
            return
        if isinstance(obj, m.Citation):
            seen.update(x for x in (obj.article, obj.page) if x)
        elif isinstance(obj, (list, tuple)):
            for x in obj:
                walk(x, depth + 1)
        elif isinstance(obj, dict):
            for x in obj.values():
                walk(x, depth + 1)
        elif hasattr(obj, "__dataclass_fields__") and not isinstance(obj, (m.Text, m.SourceDoc, m.Actor)):
            for name in obj.__dataclass_fields__:
                walk(getattr(obj, name), depth + 1)

    walk(site_portal)
    standard = [x for x in seen if re.match(r"(?i)(pasal|hlm\.|menimbang|mengingat)\b", x)]
    assert standard, "no locators found in the data"
    untranslated = sorted(x for x in standard if english_locator(x) == x)
    assert not untranslated, f"these locators stay Indonesian on English pages: {untranslated}"


# -- where citations are shown ---------------------------------------------------------------------------------


def _portal_with_lead_citation(portal: m.Portal, article: str, page: str | None = None) -> m.Portal:
    """The portal with the first chapter's lead cited at ``article`` (and ``page``) of the first source document."""
    from dataclasses import replace

    doc = next(iter(portal.sources.values()))
    svc = portal.services[0]
    cited = replace(svc, lead_provenance=m.Provenance((m.Citation(doc, article, page),), "verified"))
    return replace(portal, services=(cited, *portal.services[1:]))


@pytest.fixture(scope="module")
def cited_portal(site_portal):
    return _portal_with_lead_citation(site_portal, "Pasal 52 ayat (1) dan (2)", "hlm. 2 (Mengingat)")


def test_chapter_pages_cite_in_the_reader_s_language(cited_portal, project_dir):
    renderer = make_renderer(cited_portal, TODAY)
    svc = cited_portal.services[0]
    src = pages.service_page(svc.id)
    en = renderer.render_marker("service", svc.id, src, "en")
    idn = renderer.render_marker("service", svc.id, src, "id")
    assert "Article 52(1) and (2), p. 2, Legal bases (Mengingat)" in en
    assert "Pasal 52 ayat (1) dan (2), hlm. 2 (Mengingat)" not in en
    assert "Pasal 52 ayat (1) dan (2), hlm. 2 (Mengingat)" in idn and "Article 52" not in idn


def test_no_english_page_cites_pasal_or_ayat(site_portal, project_dir):
    """On every chapter, actor, tree and about page in English, the citations (the 'Source:' part of each
    provenance line) carry no Indonesian locator words."""
    renderer = make_renderer(site_portal, TODAY)
    rendered = [renderer.render_marker("service", s.id, pages.service_page(s.id), "en") for s in site_portal.services]
    rendered += [renderer.render_marker("tree", t.id, pages.tree_page(t.id), "en") for t in site_portal.trees]
    rendered += [renderer.render_marker("about", None, pages.ABOUT, "en")] if "about" in renderer.kinds() else []
    sources = [s for page in rendered for s in re.findall(r'<span class="sop-prov__src">(.*?)</span></span>', page)]
    assert sources
    for text in sources:
        # the free texts of the data (a document's title) may name an article; the locators after the titles may not
        locators = re.sub(r"\[[^\]]*\]\([^)]*\)", "", text)
        assert not re.search(r"\b(?:Pasal|ayat|huruf|angka|hlm\.)", locators), text


def test_grouped_citations_translate_and_stay_in_first_cited_order(site_portal):
    doc = next(iter(site_portal.sources.values()))
    cites = (m.Citation(doc, "Pasal 51"), m.Citation(doc, "Pasal 52 ayat (1)"), m.Citation(doc, "Pasal 51"))
    (group,) = views.group_citations(cites, "en")
    assert group.locators == ("Article 51", "Article 52(1)")
    (group,) = views.group_citations(cites)
    assert group.locators == ("Pasal 51", "Pasal 52 ayat (1)")


def test_handouts_cite_in_english(site_portal):
    portal = site_portal
    if not training_sources(portal):
        pytest.skip("no scenario or commitment citations in the data")
    html_en = handouts.render_html(portal, "en", TODAY)
    html_id = handouts.render_html(portal, "id", TODAY)
    for cite in training_sources(portal):
        if cite.locator and english_locator(cite.article or "") != (cite.article or ""):
            assert cite.locator_in("en") in html_en.replace("&amp;", "&")
            assert cite.locator in html_id.replace("&amp;", "&")


def training_sources(portal: m.Portal) -> list[m.Citation]:
    from sop_portal.views import training

    out = [c for v in training.scenario_views(portal) for c in v.scenario.provenance.sources]
    if portal.workshop is not None:
        out += list(portal.workshop.commitment.sources)
    return out


def test_json_export_gives_the_locator_in_the_export_s_language(site_portal):
    from dataclasses import replace

    contact = next(c for c in site_portal.public_contacts if c.provenance.sources)
    doc = contact.provenance.sources[0].document
    cited = replace(contact, provenance=m.Provenance((m.Citation(doc, "Pasal 54 ayat (1)", "hlm. 2"),), "secondary"))
    assert export.record(cited, "en")["seen_in"][0]["locator"] == "Article 54(1), p. 2"
    assert export.record(cited, "id")["seen_in"][0]["locator"] == "Pasal 54 ayat (1), hlm. 2"
    json.dumps(export.record(cited, "en"))


# -- dates: one format per language -----------------------------------------------------------------------------

DATES = [
    (_dt.date(2021, 5, 27), "27 Mei 2021", "27 May 2021"),
    ("2021-05-27", "27 Mei 2021", "27 May 2021"),
    ("2025-04", "April 2025", "April 2025"),
    ("2023-08", "Agustus 2023", "August 2023"),
    ("2018", "2018", "2018"),
]


@pytest.mark.parametrize("value, in_id, in_en", DATES)
def test_one_date_format_per_language_on_the_site_handouts_and_exports(site_portal, project_dir, value, in_id, in_en):
    renderer = make_renderer(site_portal, TODAY)
    for lang, expected in (("id", in_id), ("en", in_en)):
        template = renderer.env.from_string("{{ value | date }}")
        assert (
            template.render(
                lang=lang, ui=__import__("sop_portal.messages.ui", fromlist=["ui_labels"]).ui_labels(lang), value=value
            )
            == expected
        )
        assert export.human_date(value, lang) == expected
        env = handouts._environment(lang)
        assert env.from_string("{{ value | date }}").render(value=value) == expected


def test_changelog_and_about_show_no_iso_date(site_portal, project_dir):
    renderer = make_renderer(site_portal, TODAY)
    for kind, src in (("changelog", pages.CHANGELOG), ("about", pages.ABOUT)):
        for lang in ("id", "en"):
            text = renderer.render_marker(kind, None, src, lang)
            text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets may hold dates (URLs)
            text = re.sub(r'(?:id|href)="[^"]*"', "", text)
            assert not re.search(r"\b(?:19|20)\d\d-\d\d(?:-\d\d)?\b", text), (kind, lang)


def test_offline_readme_writes_the_build_date_in_each_language(site_portal):
    readme = package.readme_text({"sop_version": site_portal.sop_version}, "sop-tppo", _dt.date(2021, 5, 27))
    assert "27 Mei 2021" in readme and "27 May 2021" in readme
    assert "2021-05-27" not in readme
