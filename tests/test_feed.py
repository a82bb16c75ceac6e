"""The changelog as an Atom feed per language (data/feed.<lang>.xml), read with feedparser as a feed reader reads
it: one entry per sop_version with what changed and links to the pages, and every page's head pointing readers to
the feed of its language."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import feedparser
import pytest

from datasets import copy_minimal
from sop_portal.build.portal import load_portal
from sop_portal.outputs import feed
from sop_portal.site import pages

BASE = "https://sop.example.org/"
HEAD_LINK = re.compile(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">')


def parse(text: str, lang: str):
    """As a reader that fetched the feed from BASE/data/feed.<lang>.xml: relative links resolve against it."""
    parsed = feedparser.parse(
        text,
        response_headers={
            "content-location": urljoin(BASE, feed.feed_name(lang)),
            "content-type": "application/atom+xml",
        },
    )
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def local(url: str, site: Path) -> tuple[Path, str]:
    """The file of the built site a resolved link names, and its anchor."""
    parts = urlparse(url)
    assert url.startswith(BASE), url
    path = parts.path[len(urlparse(BASE).path) :]
    target = site / path
    return (target / "index.html" if path.endswith("/") or not path else target), parts.fragment


@pytest.mark.parametrize("lang", pages.LANGS)
def test_one_entry_per_version_with_what_changed(site_portal, lang):
    parsed = parse(feed.to_atom(site_portal, lang), lang)
    assert parsed.feed.language == lang
    assert parsed.feed.title.startswith("Portal SOP TPPO" if lang == "id" else "SOP TPPO Portal")
    assert len(parsed.entries) == len(site_portal.changelog) >= 1
    ids = set()
    for entry, release in zip(parsed.entries, sorted(site_portal.changelog, key=lambda r: r.date, reverse=True)):
        assert release.version in entry.title
        assert entry.id.startswith("urn:uuid:") and entry.id not in ids
        ids.add(entry.id)
        assert entry.updated.startswith(release.date)
        content = html.unescape(re.sub(r"<[^>]+>", " ", entry.content[0].value))
        for change in release.changes:
            assert change.get(lang) in content
        assert entry.link == urljoin(
            BASE, feed.page_url(pages.CHANGELOG, lang, True, feed.version_anchor(release.version))
        )


def test_entry_ids_are_stable_and_differ_per_language(site_portal):
    first = [e.id for e in parse(feed.to_atom(site_portal, "id"), "id").entries]
    assert first == [e.id for e in parse(feed.to_atom(site_portal, "id"), "id").entries]
    assert not set(first) & {e.id for e in parse(feed.to_atom(site_portal, "en"), "en").entries}


def test_a_change_that_names_a_step_links_to_its_page(tmp_path):
    data = copy_minimal(tmp_path / "sop_data")
    portal = load_portal(data)
    step = next(iter(portal.steps.values()))
    sop_yaml = data / "sop.yaml"
    raw = sop_yaml.read_text(encoding="utf-8")
    entry = f'      - {{id: "Langkah {step.id} diperjelas.", en: "Step {step.id} made clearer."}}\n'
    sop_yaml.write_text(re.sub(r"(?m)^(    changes:\n)", lambda m: m.group(1) + entry, raw, count=1), encoding="utf-8")
    portal = load_portal(data)
    for lang, directory_urls, expected in (
        ("en", True, f"en/layanan/{step.service_id}/#{step.anchor}"),
        ("id", False, f"layanan/{step.service_id}.html#{step.anchor}"),
    ):
        parsed = parse(feed.to_atom(portal, lang, directory_urls), lang)
        related = [link for link in parsed.entries[0].links if link.rel == "related"]
        assert [(link.href, link.title) for link in related] == [(urljoin(BASE, expected), step.id)]
        assert step.text.get(lang) in html.unescape(parsed.entries[0].content[0].value)


def test_a_district_feed_names_the_district(tmp_path):
    import shutil

    from datasets import DISTRICTS

    data = copy_minimal(tmp_path / "sop_data")
    shutil.copytree(DISTRICTS, data / "districts")
    portal = load_portal(data, district="contoh")
    national = parse(feed.to_atom(load_portal(data), "en"), "en")
    district = parse(feed.to_atom(portal, "en"), "en")
    assert portal.district.name.en in district.feed.title and portal.district.name.en not in national.feed.title
    assert district.feed.id != national.feed.id


# -- on the built site --------------------------------------------------------------------------------------------


@pytest.mark.site
@pytest.mark.parametrize("lang", pages.LANGS)
def test_the_published_feeds_parse_and_their_links_resolve(built_site, site_portal, lang):
    site = built_site.site_dir
    text = (site / feed.feed_name(lang)).read_text(encoding="utf-8")
    assert text == feed.to_atom(site_portal, lang, directory_urls=True)
    parsed = parse(text, lang)
    assert [link.href for link in parsed.feed.links if link.rel == "self"] == [urljoin(BASE, feed.feed_name(lang))]
    for entry in parsed.entries:
        for link in entry.links:
            path, anchor = local(link.href, site)
            assert path.is_file(), link.href
            assert not anchor or f'id="{anchor}"' in path.read_text(encoding="utf-8"), link.href


@pytest.mark.site
def test_every_page_links_the_feed_of_its_language(built_site):
    site = built_site.site_dir
    pages_seen = 0
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel == "404.html":  # served for any missing path: no language of its own
            continue
        lang = "en" if rel.startswith("en/") else "id"
        links = HEAD_LINK.findall(page.read_text(encoding="utf-8"))
        assert len(links) == 1, rel
        title, href = links[0]
        assert (page.parent / href).resolve() == (site / feed.feed_name(lang)).resolve(), (rel, href)
        assert title == ("Perubahan SOP (Atom)" if lang == "id" else "SOP changes (Atom)")
        pages_seen += 1
    assert pages_seen > 100
