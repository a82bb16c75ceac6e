"""The marker renderer and the generated stubs, without MkDocs: golden Markdown, errors, escaping, views.

The golden files are the chapter page of tests/fixtures/chapter-every-part/, a small data folder made to show every
part of a chapter (its README.md), so they change when the rendering does, not when the project's content does.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace

import pytest

from conftest import make_renderer
from datasets import TESTS
from sop_portal.build.portal import load_portal
from sop_portal.render.markers import MarkerError, explain_abbreviations_once, ui_labels
from sop_portal.site import pages
from sop_portal.views import content as views

# A fixed "today", so nothing date-dependent creeps into the golden files.
TODAY = _dt.date(2026, 11, 23)
CHAPTER_DATA = TESTS / "fixtures" / "chapter-every-part"


@pytest.fixture(scope="module")
def renderer(site_portal, project_dir):
    return make_renderer(site_portal, TODAY)


@pytest.fixture(scope="module")
def chapter_portal():
    """The portal of tests/fixtures/chapter-every-part/ (a chapter with every part, a restricted contact)."""
    return load_portal(CHAPTER_DATA, today=TODAY)


def chapter_page(portal, lang: str) -> str:
    """The chapter page pemulangan as MkDocs gets it: its stub's marker rendered, then the abbreviations."""
    src = pages.service_page("pemulangan")
    return make_renderer(portal, TODAY).render_page(pages.stub_text(pages.stub_pages(portal)[src]), src, lang)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_golden_chapter_page(chapter_portal, golden_compare, lang):
    golden_compare(f"chapter-every-part.{lang}.md", chapter_page(chapter_portal, lang))


@pytest.mark.parametrize(
    "lang, label, kind",
    [
        (
            "id",
            "(Permensos 30/2017 dicabut 28 Desember 2023 oleh Permensos 8/2023 Pasal 33)",
            "Peraturan menteri lain (bukan SOP ini)",
        ),
        (
            "en",
            "(Permensos 30/2017 revoked on 28 December 2023 by Permensos 8/2023 Article 33)",
            "Another ministerial regulation (not this SOP)",
        ),
    ],
)
def test_revoked_rule_is_shown_as_history_and_a_companion_regulation_is_not_the_sop(renderer, lang, label, kind):
    """Permensos 30/2017 was revoked by Permensos 8/2023 Pasal 33 (issue 13): wherever the source reporting on it is
    cited or listed, the revocation is shown with its date; Permensos 8/2023 is never labelled as this SOP."""
    sources = renderer.render_page("<!-- sop:changelog -->\n", pages.CHANGELOG, lang)
    line = next(x for x in sources.splitlines() if 'id="src-antara-permensos-30-2017"' in x)
    assert label in line
    line = next(x for x in sources.splitlines() if 'id="src-permensos-8-2023"' in x)
    assert kind in line and "sop-revoked" not in line
    stub = pages.stub_text(pages.stub_pages(renderer.portal)[pages.service_page("pemulangan")])
    assert label in renderer.render_page(stub, pages.service_page("pemulangan"), lang)


def test_article_references_read_as_articles_in_english():
    assert views.article_in("Pasal 33", "en") == "Article 33"
    assert views.article_in("Pasal 8 ayat (2)", "en") == "Article 8(2)"
    assert views.article_in("Pasal 22 huruf d", "en") == "Article 22(d)"
    assert views.article_in("Pasal 8 ayat (2)", "id") == "Pasal 8 ayat (2)"


def _error(renderer, markdown: str) -> MarkerError:
    with pytest.raises(MarkerError) as caught:
        renderer.render_page(markdown, "x.md", "id")
    return caught.value


def test_unknown_marker_is_an_error(renderer):
    error = _error(renderer, "<!-- sop:servise pemulangan -->\n")
    assert error.message("en").startswith("docs/x.md: unknown marker 'sop:servise' — known markers: about, actor, ")
    assert error.message("en").endswith("Did you mean 'sop:service'?")
    assert error.message("id").endswith("Maksud Anda 'sop:service'?")


def test_unknown_id_is_an_error(renderer):
    error = _error(renderer, "<!-- sop:service pemulangn -->\n")
    assert error.message("en") == (
        "docs/x.md: marker 'sop:service pemulangn': there is no service 'pemulangn' "
        "in sop_data. Did you mean 'pemulangan'?"
    )
    assert "tidak ada layanan 'pemulangn'" in error.message("id")


def test_macro_files_are_not_markers(renderer):
    assert _error(renderer, "<!-- sop:_macros -->\n").code == "bad_marker"  # kinds start with a letter


def test_marker_needs_or_refuses_an_id(renderer):
    assert "needs an id" in _error(renderer, "<!-- sop:actor -->\n").message("en")
    assert "takes no id" in _error(renderer, "<!-- sop:matrix pemulangan -->\n").message("en")


def test_malformed_marker_is_an_error(renderer):
    with pytest.raises(MarkerError, match="sop:matrix"):
        renderer.render_page("<!-- sop:matrix --> and more text\n", "x.md", "id")
    # A marker quoted inside a sentence (e.g. in inline code) is left alone.
    assert "`<!-- sop:matrix -->`" in renderer.render_page("Write `<!-- sop:matrix -->` on a line.\n", "x.md", "id")


def test_page_without_markers_gets_only_abbreviations(renderer):
    out = renderer.render_page("# Judul\n\nTeks.\n", "x.md", "en")
    assert out.startswith("# Judul\n\nTeks.\n\n")
    assert all(line.startswith("*[") for line in out.split("\n\n", 2)[2].splitlines())


def test_abbreviation_titled_once_per_reading_unit():
    lpsk = '<abbr title="Lembaga Perlindungan Saksi dan Korban">LPSK</abbr>'
    uu = '<abbr title="Undang-Undang">UU</abbr>'
    html = (
        f"<p>{lpsk} dan {lpsk}, {uu}</p>"
        f"<details><summary>Sumber</summary><p>{lpsk} {uu} {uu}</p></details>"
        f'<section class="sop-node"><p>{uu}</p><details><p>{uu}</p></details><p>{uu}</p></section>'
        f"<p>{lpsk} {uu}</p>"
    )
    assert explain_abbreviations_once(html) == (
        f"<p>{lpsk} dan LPSK, {uu}</p>"
        f"<details><summary>Sumber</summary><p>{lpsk} {uu} UU</p></details>"
        f'<section class="sop-node"><p>{uu}</p><details><p>{uu}</p></details><p>UU</p></section>'
        "<p>LPSK UU</p>"
    )
    # The same letters with another expansion are another abbreviation; text without <abbr> is left as it is.
    other = '<abbr title="Unit Usaha">UU</abbr>'
    assert explain_abbreviations_once(f"{uu} {other}") == f"{uu} {other}"
    assert explain_abbreviations_once("<p>UU</p></details></section>") == "<p>UU</p></details></section>"


def test_data_text_cannot_inject_markup(renderer):
    from sop_portal.render.markers import _escape

    assert str(_escape('<script>*x* [a](b) `c` {#d} "q" & it\'s')) == (
        "&lt;script&gt;&#42;x&#42; &#91;a&#93;(b) &#96;c&#96; &#123;&#35;d&#125; &#34;q&#34; &amp; it's"
    )


@pytest.mark.parametrize(
    "kind",
    [
        "services",
        "checklists",
        "actors",
        "matrix",
        "contacts",
        "glossary",
        "about",
        "changelog",
        "review",
        "legend",
        "hotlines",
        "flow",
    ],
)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_marker_renders(renderer, kind, lang):
    out = renderer.render_marker(kind, None, "x.md", lang)
    assert out.strip()
    assert "sop:" not in out


def _restricted_words(contact) -> set[str]:
    """What would give a contact away: its id, names and service in both languages, its numbers as written and
    as digits."""
    words = {contact.id, *(t.get(lang) for t in (contact.organisation, contact.service) for lang in ("id", "en"))}
    return words | {p.number for p in contact.phones} | {p.digits for p in contact.phones}


def _pages_with_contacts(portal) -> dict[str, str]:
    """The directory, the hotlines and the chapter page (its numbers for the chapter), in both languages."""
    renderer = make_renderer(portal, TODAY)
    out = {}
    for lang in ("id", "en"):
        out[f"directory.{lang}"] = renderer.render_marker("contacts", None, pages.CONTACTS, lang)
        out[f"hotlines.{lang}"] = renderer.render_marker("hotlines", None, pages.HOME, lang)
        out[f"chapter.{lang}"] = chapter_page(portal, lang)
    return out


def test_restricted_contacts_are_not_rendered(chapter_portal):
    restricted = [c for c in chapter_portal.contacts if not c.public]
    assert restricted, "tests/fixtures/chapter-every-part/ has a restricted contact: without it this proves nothing"
    found = [
        f"{page}: {word}"
        for page, text in _pages_with_contacts(chapter_portal).items()
        for c in restricted
        for word in _restricted_words(c)
        if word in text
    ]
    assert not found, found
    # The check bites: the same contacts made public are on every one of these pages.
    public = replace(chapter_portal, contacts=tuple(replace(c, visibility="public") for c in chapter_portal.contacts))
    for page, text in _pages_with_contacts(public).items():
        for c in restricted:
            assert c.organisation.get(page.rsplit(".", 1)[1]) in text, (page, c.id)


def test_ui_labels_have_the_same_keys_in_both_languages():
    def keys(d, prefix=""):
        out = set()
        for k, v in d.items():
            out.add(prefix + k)
            if isinstance(v, dict):
                out |= keys(v, prefix + k + ".")
        return out

    assert keys(ui_labels("id")) == keys(ui_labels("en"))


# -- stubs --------------------------------------------------------------------------------------------


def test_stubs_are_written_once_and_stale_ones_removed(site_portal, tmp_path):
    first = pages.write_stubs(tmp_path, pages.national_stubs(site_portal))
    assert pages.localized(pages.service_page("pemulangan"), "en") in first.written
    assert (
        pages.write_stubs(tmp_path, pages.national_stubs(site_portal)).written == []
    )  # unchanged: nothing rewritten (serve won't loop)
    stale = tmp_path / "aktor" / "dihapus.md"
    stale.write_text(pages.stub_text("<!-- sop:actor dihapus -->"), encoding="utf-8")
    assert pages.write_stubs(tmp_path, pages.national_stubs(site_portal)).removed == ["aktor/dihapus.md"]


def test_hand_written_file_in_generated_folder_is_refused(site_portal, tmp_path):
    (tmp_path / "layanan").mkdir()
    (tmp_path / "layanan" / "catatan.md").write_text("# Catatan saya\n", encoding="utf-8")
    with pytest.raises(pages.SiteError) as caught:
        pages.write_stubs(tmp_path, pages.national_stubs(site_portal))
    assert "is generated from sop_data" in caught.value.message("en")


def test_project_docs_have_both_languages(project_dir):
    assert pages.missing_translations(project_dir / "docs") == []


def test_missing_translation_is_reported(tmp_path):
    (tmp_path / "a.md").write_text("# A\n")
    (tmp_path / "b.en.md").write_text("# B\n")
    assert [e.message("en") for e in pages.missing_translations(tmp_path)] == [
        "docs/a.md: no translation — create docs/a.en.md",
        "docs/b.en.md: no translation — create docs/b.md",
    ]
    assert (
        pages.missing_translations(tmp_path)[0].message("id")
        == "docs/a.md: belum ada terjemahannya — buat docs/a.en.md"
    )


def test_nav_gets_every_chapter_once(site_portal):
    nav = [{"Beranda": "index.md"}, {"Layanan": pages.SERVICES_INDEX}]
    once = pages.expand_nav(nav, pages.chapters_rule(site_portal))
    assert pages.expand_nav(once, pages.chapters_rule(site_portal)) == once
    assert once[1]["Layanan"] == [pages.SERVICES_INDEX] + [pages.service_page(s.id) for s in site_portal.services]


# -- views ---------------------------------------------------------------------------------------------


def test_contact_older_than_twelve_months_is_stale(site_portal):
    contact = site_portal.public_contacts[0]
    from dataclasses import replace

    from sop_portal import model as m

    def confirmed(day):
        return replace(contact, confirmed=m.Confirmation(day, "Tim uji", "call"))

    fresh = views.contact_card(confirmed("2025-11-23"), TODAY)
    stale = views.contact_card(confirmed("2025-11-22"), TODAY)
    assert not fresh.stale  # exactly twelve months: not yet older than twelve months
    assert stale.stale and stale.age_months == 12
    leap = views.contact_card(confirmed("2024-02-28"), _dt.date(2025, 2, 28))
    assert not leap.stale


def test_unconfirmed_contact_ages_from_its_newest_dated_source(site_portal):
    from dataclasses import replace

    from sop_portal import model as m

    contact = next(c for c in site_portal.public_contacts if c.id == "polri-110")
    assert contact.confirmed is None and contact.seen_on == "2021-05-27"  # Arah Kompas, the national launch
    card = views.contact_card(contact, TODAY)
    assert card.stale and card.age_months == 65
    undated = replace(
        contact,
        provenance=m.Provenance(
            tuple(replace(c, document=replace(c.document, published_on=None)) for c in contact.provenance.sources),
            "secondary",
        ),
    )
    card = views.contact_card(undated, TODAY)
    assert card.stale and card.age_months is None, "no date at all: the card warns instead of claiming a check"
    recent = replace(
        contact,
        provenance=m.Provenance(
            tuple(replace(c, document=replace(c.document, published_on="2026-06")) for c in contact.provenance.sources),
            "secondary",
        ),
    )
    assert not views.contact_card(recent, TODAY).stale


def test_directory_lists_hotlines_first_and_public_only(site_portal):
    d = views.directory(site_portal, TODAY)
    listed = d.hotlines + d.others + d.inactive
    assert all(card.contact.public for card in listed)
    assert all(card.contact.hotline for card in d.hotlines)
    assert len(listed) == len(site_portal.public_contacts)


def test_abbreviation_lines_are_valid_markdown(site_portal):
    for lang in ("id", "en"):
        for abbr, text in views.abbreviations(site_portal, lang):
            assert re.fullmatch(r"[^\]\n]+", abbr) and "\n" not in text
