"""The files the site publishes for download, written after the build.

- The contact directory, from the directory page, in each language: CSV, vCard 4.0 and Open Referral HSDS 3.0 JSON
  (``write_contact_downloads``). They go into the folder that holds the directory page's HTML file, so the page
  links to them by file name alone and the link works with directory URLs (``kontak/index.html`` online) and without
  (``kontak.html`` in the offline build). Contents come from :mod:`sop_portal.outputs.export`, which never exports a
  restricted contact.
- The SOP as data and the changelog feeds, once for the whole site, under ``data/`` (``write_data_files``):
  ``data/sop.json`` (both languages) with its JSON Schema beside it, and one Atom feed per language built,
  ``data/feed.<lang>.xml``. The downloads page (docs/unduhan/) lists them all.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from sop_portal import model as m
from sop_portal.outputs import feed, sopdata
from sop_portal.outputs.export import FORMATS
from sop_portal.outputs.fileio import write_atomic
from sop_portal.site import pages

# File names say what the file is in the reader's language; a district build adds its slug.
FILE_STEMS = {"id": "kontak-sop-tppo", "en": "contacts-sop-tppo"}
MEDIA_TYPES = {"csv": "text/csv", "vcf": "text/vcard", "json": "application/json", "hsds": "application/json"}
EXTENSIONS = {"csv": "csv", "vcf": "vcf", "json": "json", "hsds": "json"}
# The directory page's files, in the order it lists them: its JSON is the HSDS 3.0 one.
DIRECTORY_FORMATS = ("csv", "vcf", "hsds")

DATA_FOLDER = "data"
SOP_JSON = f"{DATA_FOLDER}/sop.json"
SOP_SCHEMA = f"{DATA_FOLDER}/{sopdata.SCHEMA_NAME}"


@dataclass(frozen=True)
class Download:
    fmt: str  # a key of export.FORMATS
    filename: str
    media_type: str


def contact_downloads(portal: m.Portal, lang: str) -> tuple[Download, ...]:
    """The download files of the directory page in one language, in the order the page lists them."""
    stem = FILE_STEMS.get(lang, FILE_STEMS[pages.DEFAULT_LANG])
    if portal.district:
        stem = f"{stem}-{portal.district.slug}"
    return tuple(Download(fmt, f"{stem}.{EXTENSIONS[fmt]}", MEDIA_TYPES[fmt]) for fmt in DIRECTORY_FORMATS)


def page_folder(src: str, directory_urls: bool) -> str:
    """The folder (relative to a language's root) of the HTML file MkDocs writes for the page ``src``."""
    stem = src[: -len(".md")]
    if directory_urls and posixpath.basename(stem) != "index":
        return stem
    return posixpath.dirname(stem)


def write_contact_downloads(
    site_dir: str | Path, portal: m.Portal, directory_urls: bool, langs: tuple[str, ...] = pages.LANGS
) -> list[Path]:
    """Write every download file next to the directory page of each language that was built; returns the paths."""
    site = Path(site_dir)
    written = []
    for lang in langs:
        root = site if lang == pages.DEFAULT_LANG else site / lang
        folder = root / page_folder(pages.CONTACTS, directory_urls)
        html = folder / ("index.html" if directory_urls else posixpath.basename(pages.CONTACTS[:-3]) + ".html")
        if not html.is_file():
            continue  # this language is not built (yet): the i18n plugin builds one language after the other
        for download in contact_downloads(portal, lang):
            written.append(write_atomic(folder / download.filename, FORMATS[download.fmt](portal, lang), force=True))
    return written


def built_langs(site_dir: str | Path, langs: tuple[str, ...] = pages.LANGS) -> tuple[str, ...]:
    """The languages whose home page is already built (the i18n plugin builds one language after the other)."""
    site = Path(site_dir)
    return tuple(
        lang for lang in langs if (site if lang == pages.DEFAULT_LANG else site / lang).joinpath("index.html").is_file()
    )


def write_data_files(
    site_dir: str | Path, portal: m.Portal, directory_urls: bool, langs: tuple[str, ...] = pages.LANGS
) -> list[Path]:
    """data/sop.json and its schema, and the Atom feed of every language built; returns the paths written."""
    site = Path(site_dir)
    built = built_langs(site, langs)
    if not built:
        return []
    written = [
        write_atomic(site / SOP_JSON, sopdata.to_json(portal), force=True),
        write_atomic(site / SOP_SCHEMA, sopdata.schema_text(), force=True),
    ]
    for lang in built:
        written.append(
            write_atomic(site / feed.feed_name(lang), feed.to_atom(portal, lang, directory_urls), force=True)
        )
    return written
