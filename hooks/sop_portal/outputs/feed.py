"""The changelog as an Atom feed (RFC 4287), one per language: one entry per ``sop_version``, what changed for
readers, and links to the pages — the version's section of the changelog page and the chapter of every step a
change names by its id. Written by the post-build step to ``data/feed.<lang>.xml``; every page's head links the
feed of its language (overrides/main.html), so districts and partners can subscribe.

Links are relative to the feed's own address (RFC 4287 §2, resolved against the document's URI): the site does not
know the host it is served from. Ids are ``urn:uuid:`` (UUID v5 of the district, the language and the version), so
an entry keeps its id from one build to the next.
"""

from __future__ import annotations

import datetime as _dt
import html
import posixpath
import re
import uuid
import xml.etree.ElementTree as ET

from sop_portal import model as m
from sop_portal.messages.ui import ui_labels
from sop_portal.site import pages

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:sop-tppo:feed")
FEED_FOLDER = "data"
STEP_ID = re.compile(r"\b([a-z][a-z0-9_-]*\.[a-z0-9][a-z0-9_-]*)\b")


def feed_name(lang: str) -> str:
    """data/feed.<lang>.xml, relative to the site root."""
    return f"{FEED_FOLDER}/feed.{lang}.xml"


def page_url(src: str, lang: str, directory_urls: bool, anchor: str | None = None) -> str:
    """The address of a page (its source path without language suffix), relative to the site root."""
    stem = src[: -len(".md")]
    if directory_urls:
        url = "" if stem == "index" else (stem[: -len("index")] if stem.endswith("/index") else stem + "/")
    else:
        url = stem + ".html"
    if lang != pages.DEFAULT_LANG:
        url = f"{lang}/{url}"
    return url + (f"#{anchor}" if anchor else "")


def _from_feed(url: str) -> str:
    """A site-root-relative address as seen from the feed (data/feed.<lang>.xml)."""
    return posixpath.join("..", url) if url else "../"


def _timestamp(day: str) -> str:
    return _dt.date.fromisoformat(day).isoformat() + "T00:00:00Z"


def _uid(*parts: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def version_anchor(version: str) -> str:
    """The heading id of a version on the changelog page (overrides/sop/changelog.md.html)."""
    return "v" + version.replace(".", "-")


def linked_steps(release: m.Release, portal: m.Portal, lang: str) -> list[m.Step]:
    """The steps a release's changes name by their id (e.g. 'pemulangan.s3'), in the order named."""
    steps = portal.steps
    found: list[m.Step] = []
    for change in release.changes:
        for match in STEP_ID.finditer(change.get(lang)):
            step = steps.get(match.group(1))
            if step is not None and step not in found:
                found.append(step)
    return found


def _site_name(portal: m.Portal, lang: str) -> str:
    labels = ui_labels(lang)["feed"]
    if portal.district:
        return labels["site_district"].format(district=portal.district.name.get(lang))
    return labels["site"]


def to_atom(portal: m.Portal, lang: str, directory_urls: bool = True) -> str:
    labels = ui_labels(lang)["feed"]
    scope = portal.district.slug if portal.district else "national"
    changelog = pages.CHANGELOG
    releases = sorted(portal.changelog, key=lambda r: r.date, reverse=True)

    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
        if text is not None:
            el.text = text
        return el

    site = _site_name(portal, lang)
    sub(root, "id", _uid("feed", scope, lang))
    sub(root, "title", labels["title"].format(site=site))
    sub(root, "subtitle", labels["subtitle"])
    sub(root, "updated", _timestamp(releases[0].date) if releases else _timestamp(portal.released_on))
    sub(root, "link", rel="self", type="application/atom+xml", href=posixpath.basename(feed_name(lang)))
    sub(root, "link", rel="alternate", type="text/html", href=_from_feed(page_url(changelog, lang, directory_urls)))
    author = sub(root, "author")
    sub(author, "name", site)
    sub(root, "generator", "sop_portal")

    for release in releases:
        entry = sub(root, "entry")
        sub(entry, "id", _uid("release", scope, lang, release.version))
        date = _dt.date.fromisoformat(release.date)
        human = f"{date.day} {ui_labels(lang)['months'][date.month - 1]} {date.year}"
        sub(entry, "title", labels["entry_title"].format(version=release.version, date=human))
        sub(entry, "updated", _timestamp(release.date))
        sub(entry, "published", _timestamp(release.date))
        href = _from_feed(page_url(changelog, lang, directory_urls, version_anchor(release.version)))
        sub(entry, "link", rel="alternate", type="text/html", href=href)
        steps = linked_steps(release, portal, lang)
        for step in steps:
            page = pages.service_page(step.service_id)
            sub(
                entry,
                "link",
                rel="related",
                type="text/html",
                title=step.id,
                href=_from_feed(page_url(page, lang, directory_urls, step.anchor)),
            )
        items = "".join(f"<li>{html.escape(c.get(lang))}</li>" for c in release.changes)
        body = f"<p>{html.escape(labels['entry_intro'].format(version=release.version))}</p><ul>{items}</ul>"
        if steps:
            links = "".join(
                f'<li><a href="{html.escape(_from_feed(page_url(pages.service_page(s.service_id), lang, directory_urls, s.anchor)))}">'
                f"{html.escape(s.id)}</a>: {html.escape(s.text.get(lang))}</li>"
                for s in steps
            )
            body += f"<p>{html.escape(labels['steps_named'])}</p><ul>{links}</ul>"
        body += f'<p><a href="{html.escape(href)}">{html.escape(labels["read_on_site"])}</a></p>'
        sub(
            entry,
            "summary",
            release.changes[0].get(lang) if release.changes else labels["entry_intro"].format(version=release.version),
        )
        sub(entry, "content", body, type="html")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
