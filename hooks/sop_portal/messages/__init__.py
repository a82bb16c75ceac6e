"""The one loader of message catalogs, for every audience: the validator and CLI (``messages/<lang>.json``), the
site (``messages/ui.<lang>.json`` merged with each ``ui-<area>.<lang>.json``) and the quiz (``messages/quiz.json``,
bilingual entries). A text missing in one language is a defect found by the tests, never filled from the other."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

LANGS = ("id", "en")
AUDIENCES = ("validator", "site", "quiz")


def _folder():
    return resources.files("sop_portal").joinpath("messages")


def _read(name: str) -> dict:
    return json.loads(_folder().joinpath(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def load(audience: str, lang: str) -> dict:
    """The catalog of one audience in one language (an unknown language reads as Indonesian, the default)."""
    lang = lang if lang in LANGS else "id"
    if audience == "validator":
        return _read(f"{lang}.json")
    if audience == "site":
        labels = _read(f"ui.{lang}.json")
        extra = sorted(
            p.name for p in _folder().iterdir() if p.name.startswith("ui-") and p.name.endswith(f".{lang}.json")
        )
        for name in extra:  # one file per feature area; sections merge one level deep
            for key, value in _read(name).items():
                if isinstance(value, dict) and isinstance(labels.get(key), dict):
                    labels[key] = {**labels[key], **value}
                else:
                    labels[key] = value
        return labels
    if audience == "quiz":  # entries are {id, en}, or lists of them
        return {
            key: [e[lang] for e in entry] if isinstance(entry, list) else entry[lang]
            for key, entry in _read("quiz.json").items()
        }
    raise ValueError(f"unknown message audience {audience!r}; known: {', '.join(AUDIENCES)}")


def keys(catalog: dict, prefix: str = "") -> set[str]:
    """Every text's dotted path (labels.did_you_mean, problems.unknown_ref.fix, ...)."""
    out: set[str] = set()
    for key, value in catalog.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out |= keys(value, path + ".")
        elif isinstance(value, list):
            out |= {f"{path}[{i}]" for i in range(len(value))}
        else:
            out.add(path)
    return out
