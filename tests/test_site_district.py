"""District sites (SOP_DISTRICT=<slug>) and the national list of districts: whole builds in project copies.

contoh_site has every kind of change (tests/district_sites.py); ttu_site is the real example district.
"""

from __future__ import annotations

import datetime
import html as _html
import json
import re
from urllib.parse import urljoin

import pytest

import district_sites as ds
from conftest import DATA_DIR
from sop_portal.build.portal import load_portal, load_with_districts
from sop_portal.messages.ui import ui_labels
from sop_portal.site import districts as districtsite
from sop_portal.site import pages
from sop_portal.site.builder import Settings

pytestmark = pytest.mark.site

LANGS = ("id", "en")
TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def national_site(tmp_path_factory):
    """The national site built from a copy of the real data that holds TTU (with a restricted contact)."""
    config, data = ds.real_project(tmp_path_factory.mktemp("national-project"))
    result = ds.build(config, data, tmp_path_factory.mktemp("national") / "site")
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def contoh(contoh_site):
    assert contoh_site.returncode == 0, contoh_site.output
    return contoh_site.site_dir


@pytest.fixture(scope="module")
def ttu(ttu_site):
    assert ttu_site.returncode == 0, ttu_site.output
    return ttu_site.site_dir


@pytest.fixture(scope="module")
def ttu_portal():
    return load_portal(DATA_DIR, today=TODAY, district=ds.TTU)


def step_item(html: str, anchor: str) -> str:
    """The <li> of one step on a chapter page (steps are not nested, so the next '</li>\\n</ol>' or step ends it)."""
    start = html.index(f'id="{anchor}"')
    start = html.rindex("<li", 0, start)
    nxt = html.find('<li class="sop-step', start + 1)
    return html[start : nxt if nxt != -1 else html.index("</ol>", start)]


INLINE_TAGS = re.compile(r"</?(?:a|abbr|span|code|strong|em|b|i|del|s|kbd)\b[^>]*>")


def text_of(markup: str) -> str:
    """Visible text, entities decoded, whitespace collapsed (inline tags vanish, block tags become a space)."""
    return re.sub(r"\s+", " ", _html.unescape(re.sub(r"<[^>]+>", " ", INLINE_TAGS.sub("", markup))))


def nav_link(markup: str, target: str) -> bool:
    """Whether the sidebar links to a page whose URL ends with ``target``."""
    return bool(re.search(rf'<a href="[^"]*{re.escape(target)}" class="md-nav__link', markup))


# -- the builds -----------------------------------------------------------------------------------------


def test_district_builds_are_strict_clean(ttu_site, contoh_site, national_site):
    for result in (ttu_site, contoh_site, national_site):
        assert result.returncode == 0, result.output
        assert "WARNING" not in result.output and "Traceback" not in result.output, result.output


def test_unknown_district_fails_with_a_bilingual_message(tmp_path):
    config, data = ds.real_project(tmp_path / "project")
    result = ds.build(config, data, tmp_path / "site", "timor-tengah-utra")
    assert result.returncode != 0
    assert "Traceback" not in result.output
    assert "SOP_DISTRICT=timor-tengah-utra: tidak ada profil daerah 'timor-tengah-utra'" in result.output
    assert "SOP_DISTRICT=timor-tengah-utra: there is no district profile 'timor-tengah-utra'" in result.output
    assert "known districts: timor-tengah-utara" in result.output
    assert "daerah yang dikenal: timor-tengah-utara" in result.output


def test_settings_read_sop_district(tmp_path):
    assert Settings.from_env(tmp_path, tmp_path / "docs", {"SOP_DISTRICT": " contoh "}).district == "contoh"
    assert Settings.from_env(tmp_path, tmp_path / "docs", {"SOP_DISTRICT": ""}).district is None
    assert Settings.from_env(tmp_path, tmp_path / "docs", {}).district is None


def test_one_validation_for_all_districts_gives_the_same_district_portals():
    national, districts = load_with_districts(DATA_DIR, today=TODAY)
    assert national.district is None
    single = load_portal(DATA_DIR, today=TODAY, district=ds.TTU)
    assert districts[ds.TTU].district == single.district
    assert [s.id for s in districts[ds.TTU].services[0].steps] == [s.id for s in single.services[0].steps]


# -- site name and banner -------------------------------------------------------------------------------


def test_site_name_names_the_district_in_both_languages(ttu):
    assert "<title>Portal SOP TPPO — Kabupaten Timor Tengah Utara</title>" in ds.page(ttu, "id", "")
    assert "<title>Home - SOP TPPO Portal — Timor Tengah Utara Regency</title>" in ds.page(ttu, "en", "")
    header = re.search(
        r'class="md-header__topic">\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>',
        ds.page(ttu, "en", "layanan/pemulangan"),
    )
    assert header and header[1] == "SOP TPPO Portal — Timor Tengah Utara Regency"


def test_site_name_is_idempotent_and_national_without_district(ttu_portal):
    name = districtsite.site_name("Portal SOP TPPO", ttu_portal.district, "id")
    assert name == "Portal SOP TPPO — Kabupaten Timor Tengah Utara"
    assert districtsite.site_name(name, ttu_portal.district, "id") == name
    assert districtsite.site_name("Portal SOP TPPO", None, "id") == "Portal SOP TPPO"


def test_banner_on_every_page_of_a_district_site_only(ttu, national_site):
    for html in ttu.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if "<body" not in text:
            continue
        assert 'class="sop-district-banner"' in text, html
        lang = re.search(r'<html lang="(\w+)"', text)[1]  # the root 404.html comes from the last language built
        assert ui_labels(lang)["districts"]["banner_link"] in text, html
        href = re.search(r'class="sop-district-banner__link" href="([^"]*)"', text)[1]
        url = urljoin("http://x/" + html.relative_to(ttu).as_posix(), href)
        assert url in ("http://x/daerah/perubahan/", "http://x/en/daerah/perubahan/"), (html, href)
    for html in national_site.site_dir.rglob("*.html"):
        assert "sop-district-banner" not in html.read_text(encoding="utf-8"), html


# -- local changes on the chapters and checklists (contoh: every kind of change) ---------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_modified_step_shows_local_and_national_text_and_rationale(contoh, lang):
    item = text_of(step_item(ds.page(contoh, lang, "layanan/pemulangan"), "pemulangan-s2"))
    local, national, why = {
        "id": (
            "Forum lokal menilai risiko di desa asal.",
            "Nilai risiko sebelum pemulangan.",
            "Forum lokal mengenal desa.",
        ),
        "en": (
            "The local forum assesses the risks in the home village.",
            "Assess the risks before return.",
            "The local forum knows the villages.",
        ),
    }[lang]
    labels = ui_labels(lang)["districts"]
    for expected in (local, national, why, labels["badge"]["modify"], labels["national_text"], labels["rationale"]):
        assert expected in item, expected
    assert item.index(local) < item.index(national)
    checklist = text_of(ds.page(contoh, lang, "daftar-periksa/pemulangan"))
    for expected in (local, national, why, labels["badge"]["modify"]):
        assert expected in checklist, expected


@pytest.mark.parametrize("lang", LANGS)
def test_not_applicable_step_is_struck_and_left_out_of_the_checklist(contoh, lang):
    chapter = ds.page(contoh, lang, "layanan/pemulangan")
    item = step_item(chapter, "pemulangan-s3")
    assert "sop-step--local-not_applicable" in item
    labels = ui_labels(lang)["districts"]
    why = {"id": "Tidak ada bandara di kabupaten ini.", "en": "The district has no airport."}[lang]
    assert labels["badge"]["not_applicable"] in text_of(item) and why in text_of(item)
    checklist = ds.page(contoh, lang, "daftar-periksa/pemulangan")
    assert 'data-sop-step="pemulangan.s3"' not in checklist
    assert 'data-sop-step="pemulangan.s2"' in checklist
    na = checklist[checklist.index('class="sop-checklist__na"') :]
    assert labels["not_applicable_checklist"] in text_of(na) and why in text_of(na)


@pytest.mark.parametrize("lang", LANGS)
def test_added_step_appears_with_its_badge(contoh, lang):
    labels = ui_labels(lang)["districts"]
    text = {"id": "Jemput korban di bandara provinsi.", "en": "Meet the victim at the provincial airport."}[lang]
    item = text_of(step_item(ds.page(contoh, lang, "layanan/pemulangan"), "pemulangan-contoh-1"))
    assert text in item and labels["badge"]["add"] in item
    checklist = ds.page(contoh, lang, "daftar-periksa/pemulangan")
    assert 'data-sop-step="pemulangan.contoh-1"' in checklist
    assert labels["badge"]["add"] in text_of(checklist)


@pytest.mark.parametrize("lang", LANGS)
def test_annotated_step_keeps_the_national_text_with_the_local_note(contoh, lang):
    item = text_of(step_item(ds.page(contoh, lang, "layanan/pemulangan"), "pemulangan-s1"))
    national, note = {
        "id": ("Lindungi korban di luar negeri.", "Hubungi KJRI terdekat."),
        "en": ("Protect the victim abroad.", "Contact the nearest consulate."),
    }[lang]
    assert national in item and note in item
    assert ui_labels(lang)["districts"]["badge"]["annotate"] in item


@pytest.mark.parametrize("lang", LANGS)
def test_local_names_on_the_steps_actor_lists(contoh, ttu, ttu_portal, lang):
    chapter = ds.page(contoh, lang, "layanan/pemulangan")
    local_actor = {"id": "Forum Anti-Perdagangan Orang Contoh", "en": "Contoh Anti-Trafficking Forum"}[lang]
    renamed = {"id": "Dinas PPPA Kabupaten Contoh", "en": "Contoh District Women's Empowerment Office"}[lang]
    assert local_actor in text_of(step_item(chapter, "pemulangan-s2"))
    assert renamed in text_of(step_item(chapter, "pemulangan-s3"))
    assert "KemenPPPA" not in text_of(step_item(chapter, "pemulangan-s3"))  # the national body's abbreviation
    checked = 0
    for actor_id in ttu_portal.district.renamed_actor_ids:
        actor = ttu_portal.actors[actor_id]
        for svc in ttu_portal.services:
            step = next((s for s in svc.steps if actor in s.actors), None)
            if step:
                html = ds.page(ttu, lang, f"layanan/{svc.id}")
                assert actor.label(lang) in text_of(step_item(html, step.anchor)), (actor_id, step.id)
                checked += 1
                break
    assert checked


@pytest.mark.parametrize("lang", LANGS)
def test_renamed_actor_page_names_the_national_actor(ttu, ttu_portal, lang):
    for actor_id in ttu_portal.district.renamed_actor_ids:
        actor = ttu_portal.actors[actor_id]
        text = text_of(ds.page(ttu, lang, f"aktor/{actor_id}"))
        assert f"({ui_labels(lang)['districts']['national_name']}: {actor.national_name.get(lang)})" in text
        assert actor.name.get(lang) in text


# -- the changes page ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_changes_page_lists_every_change_with_links_to_the_steps(ttu, ttu_portal, lang):
    html = ds.page(ttu, lang, "daerah/perubahan")
    assert html.count('class="sop-changes__item') == len(ttu_portal.district.changes)
    for change in ttu_portal.district.changes:
        step = ttu_portal.steps[change.step_id]
        assert change.step_id not in text_of(html), "internal step ids are not shown to readers"
        assert re.search(rf'href="\.\./\.\./layanan/{change.service_id}/#{step.anchor}"', html), change.step_id
        assert change.rationale.get(lang) in text_of(html), change.step_id
    text = text_of(html)
    for actor_id in ttu_portal.district.renamed_actor_ids:
        assert ttu_portal.actors[actor_id].national_name.get(lang) in text
    for contact in ttu_portal.public_contacts[:3]:
        assert contact.organisation.get(lang) in text
    labels = ui_labels(lang)["districts"]
    assert (
        f"{labels['base_version']}: {ttu_portal.district.base_sop_version}" in text
        and f"{labels['current_version']}: {ttu_portal.sop_version}" in text
    )


@pytest.mark.parametrize("lang", LANGS)
def test_changes_page_reports_a_newer_national_version(contoh, lang):
    text = text_of(ds.page(contoh, lang, "daerah/perubahan"))
    labels = ui_labels(lang)["districts"]
    assert f"{labels['base_version']}: 1.0.0" in text and f"{labels['current_version']}: 1.1.0" in text
    assert labels["outdated"] in text
    assert {"id": "Rilis uji berikutnya.", "en": "The next test release."}[lang] in text
    html = ds.page(contoh, lang, "daerah/perubahan")
    for step in ("pemulangan.s1", "pemulangan.s2", "pemulangan.contoh-1", "pemulangan.s3"):
        # each change to review links to its step; the internal id itself is not shown to readers
        assert f'#{step.replace(".", "-")}"' in html, step
        assert step not in text


def test_changes_page_is_in_the_nav_of_district_sites_only(ttu, national_site):
    assert nav_link(ds.page(ttu, "id", ""), "daerah/perubahan/")
    assert not (national_site.site_dir / "daerah" / "perubahan").exists()


# -- the national list of districts --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_national_site_lists_districts_and_their_public_contacts(national_site, ttu_portal, lang):
    site = national_site.site_dir
    listing = ds.page(site, lang, "daerah")
    district = ttu_portal.district
    text = text_of(listing)
    assert district.name.get(lang) in text and district.province.get(lang) in text
    assert 'href="profil/timor-tengah-utara/"' in listing
    local = [c for c in ttu_portal.public_contacts if c.id.endswith("-ttu")]
    assert local
    for contact in local:
        assert contact.organisation.get(lang) in text
    profile = ds.page(site, lang, "daerah/profil/timor-tengah-utara")
    profile_text = text_of(profile)
    for contact in local:
        assert contact.organisation.get(lang) in profile_text
    assert "SOP_DISTRICT=timor-tengah-utara" in profile
    assert f"{len(district.changes)}" in profile_text
    assert re.search(r'href="[^"]*panduan/daerah/#situs-daerah"', profile)


def test_districts_in_the_nav_and_profiles_out_of_it(national_site):
    home = ds.page(national_site.site_dir, "id", "")
    assert nav_link(home, "daerah/") and not nav_link(home, "daerah/perubahan/")
    assert "daerah/profil/" not in home
    assert re.search(
        r'<a href="daerah/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Districts\s*</span>',
        ds.page(national_site.site_dir, "en", ""),
    )


def search_locations(site, lang: str) -> set[str]:
    """Indexed locations of one language, relative to its root (one combined index, or one index per language)."""
    own = site / "en" / "search" / "search_index.json"
    index = own if lang == "en" and own.is_file() else site / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    if lang == "en":
        return {d["location"][len("en/") :] for d in docs if d["location"].startswith("en/")}
    return {d["location"] for d in docs if not d["location"].startswith("en/")}


@pytest.mark.parametrize("lang", LANGS)
def test_district_profiles_stay_out_of_the_search_index(national_site, ttu, lang):
    """Hundreds of profiles would bloat the index every reader downloads; the list and the changes page stay in."""
    national = search_locations(national_site.site_dir, lang)
    assert "daerah/" in national
    assert not [loc for loc in national if "daerah/profil/" in loc]
    assert "daerah/perubahan/" in search_locations(ttu, lang)


# -- restricted contacts -----------------------------------------------------------------------------------


def test_restricted_contacts_appear_nowhere(national_site, ttu, contoh):
    leaks = []
    for site, needles in (
        (national_site.site_dir, ds.RESTRICTED_NEEDLES),
        (ttu, ds.RESTRICTED_NEEDLES),
        (contoh, ds.CONTOH_RESTRICTED_NEEDLES),
    ):
        assert (site / "search" / "search_index.json").is_file()
        for path in site.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".js", ".md", ".csv", ".vcf"):
                text = path.read_text(encoding="utf-8", errors="replace")
                leaks += [f"{path}: {needle}" for needle in needles if needle in text]
    assert not leaks, "\n".join(leaks)


# -- the national changelog --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_changelog_page_renders_every_release(national_site, lang):
    portal = load_portal(DATA_DIR, today=TODAY)
    text = text_of(ds.page(national_site.site_dir, lang, pages.CHANGELOG[: -len(".md")]))
    for release in portal.changelog:
        assert release.version in text
        for change in release.changes:
            assert change.get(lang) in text, change.get(lang)


# -- stubs and nav (no build) --------------------------------------------------------------------------------


def test_district_stubs_follow_the_profiles(tmp_path):
    national, districts = load_with_districts(DATA_DIR, today=TODAY)
    docs = tmp_path / "docs"
    site = districtsite.DistrictSite.create(national, districts, None, docs)
    stale = docs / "daerah" / "profil" / "hapus.md"
    stale.parent.mkdir(parents=True)
    stale.write_text(pages.stub_text("<!-- sop:district hapus -->"), encoding="utf-8")
    report = pages.write_stubs(docs, districtsite.district_stubs(site))
    assert "daerah/profil/timor-tengah-utara.en.md" in report.written and "daerah/profil/hapus.md" in report.removed
    assert not (docs / "daerah" / "perubahan.md").exists()
    assert (
        pages.write_stubs(docs, districtsite.district_stubs(site)).written == []
    )  # unchanged: nothing rewritten (mkdocs serve)
    ttu_site_model = districtsite.DistrictSite.create(national, districts, ds.TTU, docs)
    assert "daerah/perubahan.md" in pages.write_stubs(docs, districtsite.district_stubs(ttu_site_model)).written
    (docs / "daerah" / "catatan.md").write_text("# tulisan tangan\n", encoding="utf-8")
    with pytest.raises(Exception) as error:
        pages.write_stubs(docs, districtsite.district_stubs(site))
    assert "catatan.md" in str(error.value)


def test_nav_opens_the_district_section_with_the_changes_page():
    national, districts = load_with_districts(DATA_DIR, today=TODAY)
    nav = [{"Beranda": "index.md"}, {"Daerah": districtsite.DISTRICTS_INDEX}]
    site = districtsite.DistrictSite.create(national, districts, ds.TTU)
    once = pages.expand_nav(nav, districtsite.nav_rule(site))
    assert once[1] == {"Daerah": [districtsite.CHANGES, districtsite.DISTRICTS_INDEX]}
    assert pages.expand_nav(once, districtsite.nav_rule(site)) == once
    assert pages.expand_nav(nav, districtsite.nav_rule(districtsite.DistrictSite.create(national, districts))) == nav
