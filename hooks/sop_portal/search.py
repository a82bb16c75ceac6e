"""Search per language: split the combined index that mkdocs-static-i18n leaves behind, and turn on stemming.

mkdocs-static-i18n writes one search index for both languages, so an Indonesian reader gets English results too,
and Material's Indonesian setting switches lunr's stemmer off. After the build we write:

* ``search/search_index.json`` with the Indonesian pages only, ``lang: ["id"]`` and a pipeline with the stemmer
  (``overrides/assets/javascripts/lunr/min/lunr.id.min.js`` provides it);
* ``en/search/search_index.json`` with the English pages only, ``lang: ["en"]`` (no stemmer: see ``PIPELINES``);
* for the offline build, ``search/search_index.js`` that picks the index matching the page's language.

English pages are pointed at their index by a small script (``overrides/partials/sop-requests.html``).
"""
from __future__ import annotations

import json
from pathlib import Path

# lunr pipelines per language. Material's search adds a trailing wildcard to every word typed, and lunr runs no
# pipeline on wildcard terms: an index stemmed with lunr's English stemmer then misses "victims*" ("victim") and
# "protection*" ("protect"), which is why Material's own English setting has no stemmer. Indonesian gets one that
# keeps each word and adds its stem, and also stems the query (lunr.id.min.js).
PIPELINES = {"id": ["trimmer", "stopWordFilter", "stemmer"], "en": ["trimmer", "stopWordFilter"]}
SECONDARY_PREFIX = "en/"


def split_index(index: dict, secondary: str = "en") -> dict[str, dict]:
    """{"id": index_of_id_pages, "en": index_of_en_pages}; each keeps Material's config with its own language."""
    prefix = f"{secondary}/"
    docs = index.get("docs", [])
    base_config = {k: v for k, v in index.get("config", {}).items() if k not in ("lang", "pipeline")}
    primary_docs = [d for d in docs if not d.get("location", "").startswith(prefix)]
    secondary_docs = [d for d in docs if d.get("location", "").startswith(prefix)]
    return {
        "id": {"config": {**base_config, "lang": ["id"], "pipeline": PIPELINES["id"]}, "docs": primary_docs},
        secondary: {"config": {**base_config, "lang": [secondary], "pipeline": PIPELINES.get(secondary, ["trimmer"])},
                    "docs": secondary_docs},
    }


def offline_script(indexes: dict[str, dict]) -> str:
    """``search_index.js`` for file://: Material loads it with a script tag and reads ``__index``."""
    body = ",".join(f"{json.dumps(lang)}:{json.dumps(idx, ensure_ascii=False, separators=(',', ':'))}"
                    for lang, idx in indexes.items())
    return ("var __sop_indexes={" + body + "};"
            "var __index=__sop_indexes[document.documentElement.lang]||__sop_indexes.id;\n")


def rewrite_site_search(site_dir: str | Path, secondary: str = "en") -> dict[str, int] | None:
    """Split the combined index in a built site; returns the number of documents per language, or None."""
    site = Path(site_dir)
    combined_path = site / "search" / "search_index.json"
    if not combined_path.is_file():
        return None
    combined = json.loads(combined_path.read_text(encoding="utf-8"))
    locations = [d.get("location", "") for d in combined.get("docs", [])]
    if not any(loc.startswith(f"{secondary}/") for loc in locations):
        return None  # already split (e.g. a rebuild of one language), or a site without the second language
    if all(loc.startswith(f"{secondary}/") for loc in locations):
        return None  # the i18n plugin's pass for the second language: the combined index is written after it
    indexes = split_index(combined, secondary)
    for lang, idx in indexes.items():
        target = site / ("" if lang == "id" else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(idx, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    offline = site / "search" / "search_index.js"
    if offline.exists():
        offline.write_text(offline_script(indexes), encoding="utf-8")
    return {lang: len(idx["docs"]) for lang, idx in indexes.items()}


def index_languages(site_dir: str | Path) -> list[tuple[str, ...]]:
    """The lunr languages of each search index of the built site (what the search worker will load for it)."""
    site = Path(site_dir)
    found = []
    for path in (site / "search" / "search_index.json", *sorted(site.glob("*/search/search_index.json"))):
        if path.is_file():
            found.append(tuple(json.loads(path.read_text(encoding="utf-8")).get("config", {}).get("lang", [])))
    return found


def is_split(site_dir: str | Path, secondary: str = "en") -> bool:
    """True once the site holds one index per language (the state after :func:`rewrite_site_search`)."""
    site = Path(site_dir)
    primary = site / "search" / "search_index.json"
    if not primary.is_file() or not (site / secondary / "search" / "search_index.json").is_file():
        return False
    docs = json.loads(primary.read_text(encoding="utf-8")).get("docs", [])
    return not any(d.get("location", "").startswith(f"{secondary}/") for d in docs)
