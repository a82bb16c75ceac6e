"""Offline after one visit (served site only): the service worker and the manifest it works from.

Written by :func:`sop_portal.site.finish.finish_site` once both languages are built and the search index is split:

* ``offline-manifest.json`` at the site root: the data version (``sop_version``), a build id, and for each language
  its pages (URLs relative to the site root, as links write them: ``layanan/pengaduan/``, ``en/kontak/``), the
  assets its pages load (styles, scripts, favicon, the contact downloads), its ``shell`` (what every page of it needs,
  search included: the language's index, Material's search worker and the lunr files that index asks for) and the
  size of the whole language, raw and gzip;
* ``sw.js`` at the site root, so its scope covers both languages, also under a sub-path (GitHub Pages). It is
  rendered from ``templates/sw.js.j2`` with the manifest inside it, so worker and list can never disagree; a new
  build id makes browsers install a new worker, which refreshes the pages the reader had saved before it drops the
  old copy.

The OFFLINE=true build (file://, USB stick) gets neither: service workers never run from file://, and that build
already works without a network. There, ``assets/offline.js`` is removed too (the pages do not load it).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from sop_portal import model as m
from sop_portal.messages.ui import ui_labels
from sop_portal.render import files
from sop_portal.site import pages

MANIFEST = "offline-manifest.json"
WORKER = "sw.js"
WORKER_TEMPLATE = "sw.js.j2"
PAGE_SCRIPT = "assets/offline.js"  # docs/assets/offline.js: registers the worker, the save control
SEARCH_INDEX = "search/search_index.json"
# Not part of any language: the host's 404 page, the sitemaps, the worker and the manifest themselves.
NOT_OFFLINE = {"404.html", "sitemap.xml", "sitemap.xml.gz", WORKER, MANIFEST}
NETWORK_TIMEOUT_MS = 4000  # a page slower than this is answered from the saved copy (the network still refreshes it)


@dataclass(frozen=True)
class OfflineSupport:
    manifest: dict
    manifest_path: Path
    worker_path: Path


def is_file_build(site_dir: str | Path) -> bool:
    """The OFFLINE=true build: Material's offline plugin writes ``search/search_index.js`` (read from file://)."""
    return (Path(site_dir) / "search" / "search_index.js").is_file()


class _PageRefs(HTMLParser):
    """What a page loads by itself: stylesheets, icons, scripts, images, and the search worker named in Material's
    ``__config``. Links to other pages (alternate, next, prev) are not assets."""

    ASSET_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest", "preload", "modulepreload"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self._config: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href") and set((attrs.get("rel") or "").lower().split()) & self.ASSET_RELS:
            self.refs.append(attrs["href"])
        elif tag in ("script", "img", "source") and attrs.get("src"):
            self.refs.append(attrs["src"])
        if tag == "script" and attrs.get("id") == "__config":
            self._config = []

    def handle_data(self, data):
        if self._config is not None:
            self._config.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._config is not None:
            try:
                worker = json.loads("".join(self._config)).get("search")
            except ValueError:
                worker = None
            if worker:
                self.refs.append(worker)
            self._config = None


def page_refs(html: str) -> list[str]:
    parser = _PageRefs()
    parser.feed(html)
    parser.close()
    return parser.refs


def resolve(site: Path, page_file: str, ref: str) -> str | None:
    """A reference of the page ``page_file`` (a path relative to the site) as a path relative to the site, or None
    when it points elsewhere (another host, data:, outside the site, a missing file)."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_file), parts.path))
    if target.startswith("../") or target == ".." or not (site / target).is_file():
        return None
    return target


def page_url(page_file: str, directory_urls: bool) -> str:
    """The URL (relative to the site root) a link uses for the page written to ``page_file``."""
    if directory_urls and posixpath.basename(page_file) == "index.html":
        return page_file[: -len("index.html")]
    return page_file


def language_roots(langs: tuple[str, ...] = pages.LANGS, default: str = pages.DEFAULT_LANG) -> dict[str, str]:
    return {lang: ("" if lang == default else f"{lang}/") for lang in langs}


def language_of(path: str, roots: dict[str, str]) -> str:
    """The language whose root is the longest prefix of ``path``."""
    return max((lang for lang, root in roots.items() if path.startswith(root)), key=lambda lang: len(roots[lang]))


def lunr_files_for(site: Path, index: str) -> list[str]:
    """The lunr files Material's search worker loads for this index (only those the build kept)."""
    from sop_portal.site.finish import LUNR_DIR, lunr_files  # postbuild imports this module: import here

    config = json.loads((site / index).read_text(encoding="utf-8")).get("config", {})
    wanted = lunr_files([tuple(config.get("lang", []))])
    return sorted(p for p in ((LUNR_DIR / name).as_posix() for name in wanted) if (site / p).is_file())


def _sizes(site: Path, files: list[str]) -> tuple[int, int]:
    raw = packed = 0
    for name in files:
        data = (site / name).read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data, compresslevel=6, mtime=0))
    return raw, packed


def build_manifest(
    site_dir: str | Path,
    sop_version: str,
    directory_urls: bool = True,
    langs: tuple[str, ...] = pages.LANGS,
    default: str = pages.DEFAULT_LANG,
) -> dict:
    """The manifest of a built site (see the module's docstring). Paths are URL-encoded, relative to the site root."""
    site = Path(site_dir)
    roots = language_roots(langs, default)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    own_files: dict[str, list[str]] = {lang: [] for lang in langs}
    for name in files:
        if name in NOT_OFFLINE or posixpath.basename(name).startswith("."):
            continue
        own_files[language_of(name, roots)].append(name)

    languages = {}
    for lang in langs:
        root = roots[lang]
        html = [f for f in own_files[lang] if f.endswith(".html")]
        common: set[str] | None = None
        used: set[str] = set()
        for page_file in html:
            refs = {
                r
                for r in (
                    resolve(site, page_file, ref) for ref in page_refs((site / page_file).read_text(encoding="utf-8"))
                )
                if r and not r.endswith(".html")
            }
            used |= refs
            common = refs if common is None else common & refs
        index = f"{root}{SEARCH_INDEX}"
        search = [index, *lunr_files_for(site, index)] if (site / index).is_file() else []
        shell = sorted((common or set()) | set(search))
        # Files of the language's own folders that no page loads but a reader opens: the contact downloads.
        downloads = [
            f
            for f in own_files[lang]
            if not f.endswith(".html") and not f.startswith(f"{root}search/") and not f.startswith("assets/")
        ]
        assets = sorted(used | set(shell) | set(downloads))
        raw, packed = _sizes(site, html + assets)
        languages[lang] = {
            "root": root,
            "pages": sorted(quote(page_url(f, directory_urls)) for f in html),
            "shell": [quote(a) for a in shell],
            "assets": [quote(a) for a in assets],
            "index": quote(index) if search else None,
            "files": len(html) + len(assets),
            "bytes": raw,
            "gzip_bytes": packed,
        }
    digest = hashlib.sha256(sop_version.encode("utf-8"))
    listed = sorted(
        {f for info in languages.values() for f in info["assets"]}
        | {f for lang in langs for f in own_files[lang] if f.endswith(".html")}
    )
    for name in listed:
        path = site / unquote(name)
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return {"sop_version": sop_version, "build": digest.hexdigest()[:12], "worker": WORKER, "languages": languages}


def worker_labels(langs: tuple[str, ...] = pages.LANGS) -> dict[str, dict]:
    """The labels the worker needs itself (the page it answers for a page never saved, offline)."""
    return {lang: ui_labels(lang)["site"]["offline"] for lang in langs}


def render_worker(manifest: dict, langs: tuple[str, ...] = pages.LANGS) -> str:
    config = {
        "version": manifest["sop_version"],
        "build": manifest["build"],
        "timeout": NETWORK_TIMEOUT_MS,
        "languages": manifest["languages"],
        "labels": worker_labels(langs),
    }
    return files.environment("text").get_template(WORKER_TEMPLATE).render(config=config)


def write_offline_support(site_dir: str | Path, portal: m.Portal, directory_urls: bool) -> OfflineSupport | None:
    """Write the manifest and the worker into a built site; in the file:// build remove what would load them."""
    site = Path(site_dir)
    if is_file_build(site):
        for name in (WORKER, MANIFEST, PAGE_SCRIPT):
            (site / name).unlink(missing_ok=True)
        return None
    manifest = build_manifest(site, portal.sop_version, directory_urls)
    # Plain writes (the build's own files are plain too): fileio.write_atomic's temporary file is private (0600),
    # which a web server running as another user could not read.
    manifest_path, worker_path = site / MANIFEST, site / WORKER
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    worker_path.write_text(render_worker(manifest), encoding="utf-8")
    return OfflineSupport(manifest, manifest_path, worker_path)
