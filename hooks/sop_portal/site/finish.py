"""What happens to the built site after every language is built: one search index per language, the contact
downloads, the SOP as data (data/sop.json and its schema) and the changelog feeds, no dead weight (our own CSS and
JavaScript lose their comments: site/minify.py), and the service worker with its manifest (site/offline.py; not in
the file:// build). Also the offline build's polyfill. Called by hooks/mkdocs_hook.py; no MkDocs imports.

mkdocs-static-i18n builds Indonesian, then English into the same folder from its own ``on_post_build``, and only
then writes the combined search index: :func:`finish_site` is therefore called after it (lower priority) and is
idempotent, so the extra call at the end of the English pass does no harm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sop_portal import model as m
from sop_portal.site.downloads import write_contact_downloads, write_data_files
from sop_portal.site.minify import minify_own_assets
from sop_portal.site.offline import OfflineSupport, write_offline_support
from sop_portal.site.search import index_languages, is_split, rewrite_site_search

# The offline plugin loads https://unpkg.com/iframe-worker/shim unless extra.polyfills lists a file whose URL holds
# "iframe-worker": we list our vendored copy (npm iframe-worker@1.0.4, MIT), and only in the offline build, where it
# runs the search worker from file://. Online it would be a render-blocking script that does nothing.
SHIM_MARK = "iframe-worker"
VENDORED_SHIM = "assets/vendor/iframe-worker-shim.js"

LUNR_DIR = Path("assets") / "javascripts" / "lunr"
# Loaded by Material's search worker for these index languages only (workers/search.*.min.js, function Ie).
LUNR_EXTRAS = {"ja": "tinyseg.js", "hi": "wordcut.js", "th": "wordcut.js"}
SOURCE_MAP_COMMENT = re.compile(rb"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$")


@dataclass
class Finished:
    search: dict[str, int] | None = None  # documents per language when the index was split in this call
    downloads: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    removed_bytes: int = 0
    offline: OfflineSupport | None = None  # the worker and its manifest, once the site is complete (not file://)


def offline_polyfills(polyfills: list, offline: bool) -> list:
    """extra.polyfills for this build: the vendored iframe-worker shim in the offline build, never a CDN URL."""
    kept = [p for p in polyfills if SHIM_MARK not in str(p)]
    return [*kept, VENDORED_SHIM] if offline else kept


def lunr_files(index_langs: list[tuple[str, ...]]) -> set[str]:
    """The files under assets/javascripts/lunr/ that Material's search worker loads for these indexes."""
    wanted = set()
    for langs in index_langs:
        own = {f"min/lunr.{lang}.min.js" for lang in langs if lang != "en"}
        own |= {LUNR_EXTRAS[lang] for lang in langs if lang in LUNR_EXTRAS}
        if len(langs) > 1:
            own.add("min/lunr.multi.min.js")
        if own:
            own.add("min/lunr.stemmer.support.min.js")
        wanted |= own
    return wanted


def unused_assets(site_dir: str | Path, index_langs: list[tuple[str, ...]]) -> list[Path]:
    """Source maps and the lunr files no search index of this site asks for."""
    site = Path(site_dir)
    unused = sorted(site.rglob("*.map"))
    lunr = site / LUNR_DIR
    if lunr.is_dir():
        wanted = lunr_files(index_langs)
        unused += sorted(p for p in lunr.rglob("*.js") if p.relative_to(lunr).as_posix() not in wanted)
    return unused


def prune(site_dir: str | Path, index_langs: list[tuple[str, ...]]) -> tuple[list[Path], int]:
    """Delete :func:`unused_assets` and the sourceMappingURL comments that point at deleted maps."""
    removed, size = [], 0
    for path in unused_assets(site_dir, index_langs):
        size += path.stat().st_size
        path.unlink()
        removed.append(path)
    for path in Path(site_dir).joinpath("assets").rglob("*.min.*"):
        if path.suffix in (".js", ".css"):
            data = path.read_bytes()
            stripped = SOURCE_MAP_COMMENT.sub(b"\n", data)
            if stripped != data:
                path.write_bytes(stripped)
                size += len(data) - len(stripped)
    return removed, size


def finish_site(site_dir: str | Path, portal: m.Portal, directory_urls: bool) -> Finished:
    """Split the search index, write the contact downloads, the data files and the feeds, drop unused weight, then
    write the service worker and its manifest (only once the index is split: until then we know neither which lunr
    languages the site needs nor every page of every language)."""
    done = Finished()
    done.search = rewrite_site_search(site_dir)
    done.downloads = write_contact_downloads(site_dir, portal, directory_urls)
    if is_split(site_dir):
        done.downloads += write_data_files(site_dir, portal, directory_urls)
        done.removed, done.removed_bytes = prune(site_dir, index_languages(site_dir))
        done.removed_bytes += minify_own_assets(site_dir)  # before the worker's manifest, which sizes every file
        done.offline = write_offline_support(site_dir, portal, directory_urls)
    return done
