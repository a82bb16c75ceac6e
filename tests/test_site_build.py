"""Whole-site builds: both languages, every entity has its page, nothing private or third-party leaks out."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import PROJECT_DIR
from sop_portal.site import pages

pytestmark = pytest.mark.site


def test_strict_build_is_clean(built_site):
    assert "WARNING" not in built_site.output, built_site.output
    assert "Traceback" not in built_site.output


def test_both_languages_have_the_same_pages(built_site):
    ids, ens = built_site.pages("id"), built_site.pages("en")
    assert ids, "no pages built"
    assert ids == ens, f"only in id: {sorted(ids - ens)}; only in en: {sorted(ens - ids)}"


def _page(site_dir: Path, lang: str, src: str) -> Path:
    """Output file of a source page (layanan/x.md -> [en/]layanan/x/index.html)."""
    stem = src[: -len(".md")]
    rel = (
        "index.html"
        if stem == "index"
        else (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/index.html"
    )
    return site_dir / ("en/" + rel if lang == "en" else rel)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_chapter_checklist_and_actor_has_a_page(built_site, site_portal, lang):
    for svc in site_portal.services:
        chapter = _page(built_site.site_dir, lang, pages.service_page(svc.id)).read_text(encoding="utf-8")
        for step in svc.steps:
            assert f'id="{step.anchor}"' in chapter, f"{svc.id}: no anchor for {step.id}"
        checklist = _page(built_site.site_dir, lang, pages.checklist_page(svc.id)).read_text(encoding="utf-8")
        for step in svc.checklist:
            assert f'data-sop-step="{step.id}"' in checklist
        assert f'data-sop-version="{site_portal.sop_version}"' in checklist
    for actor_id in site_portal.actors:
        assert _page(built_site.site_dir, lang, pages.actor_page(actor_id)).is_file(), actor_id


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_glossary_term_has_an_entry(built_site, site_portal, lang):
    glossary = _page(built_site.site_dir, lang, pages.GLOSSARY).read_text(encoding="utf-8")
    for term in site_portal.glossary:
        assert f'id="{term.id}"' in glossary, term.id


def test_abbreviations_are_explained_on_pages(built_site, site_portal):
    """An abbreviation from the glossary is wrapped in <abbr title=...> where the page first uses it."""
    term = next(t for t in site_portal.glossary if t.abbr)
    html = _page(built_site.site_dir, "en", pages.GLOSSARY).read_text(encoding="utf-8")
    assert re.search(rf'<abbr title="[^"]+">{re.escape(term.abbr)}</abbr>', html)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_abbreviation_is_titled_once_per_reading_unit(built_site, site_portal, lang):
    """A chapter names an abbreviation many times: the first in the open text, and the first in each folded block
    (<details>) or decision-tree node (<section>), carry the expansion; the others are plain text."""
    svc = next(s for s in site_portal.services if s.id == "pemulangan")
    html = _page(built_site.site_dir, lang, pages.service_page(svc.id)).read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    units: list[set[str]] = [set()]
    titled = 0
    for match in re.finditer(r'<abbr title="[^"]*">([^<]*)</abbr>|<(/?)(details|section)\b', article):
        if match.group(3):
            units.pop() if match.group(2) else units.append(set())
            continue
        assert match.group(0) not in units[-1], f"{match.group(1)} titled twice in one unit"
        units[-1].add(match.group(0))
        titled += 1
    assert titled, "no abbreviation explained at all"
    text = re.sub(r"<[^>]+>", " ", article)
    repeated = [
        abbr
        for abbr in set(re.findall(r"<abbr title=[^>]*>([^<]*)</abbr>", article))
        if len(re.findall(rf"(?<!\w){re.escape(abbr)}(?!\w)", text)) > article.count(f">{abbr}</abbr>")
    ]
    assert repeated, "no abbreviation used twice in one unit: the test no longer shows anything"


def test_language_switcher_points_to_the_same_page(built_site, site_portal):
    svc = site_portal.services[0]
    html = _page(built_site.site_dir, "id", pages.service_page(svc.id)).read_text(encoding="utf-8")
    assert re.search(rf'href="[^"]*en/layanan/{re.escape(svc.id)}/"[^>]*hreflang="en"', html), (
        "no link to the English twin"
    )


def test_quick_exit_on_every_page(built_site):
    for html in built_site.site_dir.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if "<body" in text:
            assert "data-sop-exit" in text, html


class _Resources(HTMLParser):
    """Collects <script src>, <link href> and <img src>: what a browser fetches without a click."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = {"script": "src", "link": "href", "img": "src", "source": "src", "iframe": "src"}.get(tag)
        if key and attrs.get(key):
            self.urls.append(attrs[key])


def test_no_third_party_resources(built_site):
    offenders = []
    for html in built_site.site_dir.rglob("*.html"):
        parser = _Resources()
        parser.feed(html.read_text(encoding="utf-8"))
        offenders += [
            f"{html.relative_to(built_site.site_dir)}: {u}" for u in parser.urls if re.match(r"(https?:)?//", u)
        ]
    assert not offenders, "\n".join(offenders)


RESTRICTED_MARK = "RAHASIA-UJI-7731"
RESTRICTED_PHONE = "0812-7777-3131"


def test_restricted_contact_never_reaches_the_site(tmp_path, data_dir, build_site):
    data = tmp_path / "data"
    shutil.copytree(data_dir, data)
    source_id = re.search(
        r"^\s*-\s*id:\s*([a-z][a-z0-9_-]*)", (data / "sources.yaml").read_text(encoding="utf-8"), re.M
    )[1]
    (data / "contacts" / "zz-restricted-test.yaml").write_text(
        "# yaml-language-server: $schema=../schema/contact.schema.json\n"
        "contacts:\n"
        "  - id: zz-restricted-test\n"
        f"    organisation: {{id: Rumah aman {RESTRICTED_MARK}, en: Safe house {RESTRICTED_MARK}}}\n"
        f"    service: {{id: Alamat rahasia {RESTRICTED_MARK}, en: Secret address {RESTRICTED_MARK}}}\n"
        "    hotline: true\n"
        f'    phones: [{{number: "{RESTRICTED_PHONE}", kind: voice, dial_from: both, hours: 24h, serves: everyone}},'
        f' {{number: "{RESTRICTED_PHONE}", kind: whatsapp, dial_from: both, hours: unknown, serves: everyone}}]\n'
        "    status: active\n"
        "    visibility: restricted\n"
        f"    sources: [{{document: {source_id}}}]\n"
        "    verification: unverified\n",
        encoding="utf-8",
    )
    result = build_site(tmp_path / "site", env={"SOP_DATA_DIR": str(data)})
    assert result.returncode == 0, result.output
    digits = re.sub(r"\D", "", RESTRICTED_PHONE)
    leaks = []
    for path in result.site_dir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".js", ".md"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for needle in (RESTRICTED_MARK, RESTRICTED_PHONE, digits, "628127777", "zz-restricted-test"):
                if needle in text:
                    leaks.append(f"{path.relative_to(result.site_dir)}: {needle}")
    assert (result.site_dir / "search" / "search_index.json").is_file()
    assert not leaks, "\n".join(leaks)


def test_missing_translation_fails_the_build(project_copy, data_dir, build_site, tmp_path):
    (project_copy.parent / "docs" / pages.localized(pages.GLOSSARY, "en")).unlink()
    result = build_site(
        tmp_path / "out", config_file=project_copy, env={"SOP_DATA_DIR": str(data_dir), "SOP_LANG": "en"}
    )
    assert result.returncode != 0
    assert "docs/glosarium.md: no translation — create docs/glosarium.en.md" in result.output
    assert "Traceback" not in result.output


def test_unknown_marker_fails_the_build(project_copy, data_dir, build_site, tmp_path):
    docs = project_copy.parent / "docs"
    for lang in ("id", "en"):
        (docs / pages.localized("uji.md", lang)).write_text(
            "# Uji\n\n<!-- sop:sevice pemulangan -->\n", encoding="utf-8"
        )
    result = build_site(
        tmp_path / "out", config_file=project_copy, env={"SOP_DATA_DIR": str(data_dir), "SOP_LANG": "en"}
    )
    assert result.returncode != 0
    assert "unknown marker 'sop:sevice'" in result.output and "Did you mean 'sop:service'?" in result.output
    assert "Traceback" not in result.output


def test_invalid_data_fails_with_file_line_col(tmp_path, data_dir, build_site):
    data = tmp_path / "data"
    shutil.copytree(data_dir, data)
    actors = data / "actors.yaml"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace("level: national", "level: nasional", 1), encoding="utf-8"
    )
    result = build_site(tmp_path / "site", env={"SOP_DATA_DIR": str(data), "SOP_LANG": "id"})
    assert result.returncode != 0
    assert "data SOP tidak valid" in result.output
    assert re.search(r"actors\.yaml:\d+:\d+: ", result.output), result.output
    assert "Traceback" not in result.output


def test_our_assets_are_served_without_their_comments(built_site):
    """docs/assets/*.css|js explain themselves at length; the site serves them without that (sop_portal/site/minify.py)."""
    for name in ("sop.css", "sop.js", "offline.js", "trees.css", "trees.js"):
        source = (PROJECT_DIR / "docs" / "assets" / name).read_text(encoding="utf-8")
        served = (built_site.site_dir / "assets" / name).read_text(encoding="utf-8")
        assert "/*" in source and "/*" not in served and len(served) < len(source), name
