"""Every message catalog (validator and CLI, site, quiz) has the same texts in Bahasa Indonesia and English,
none empty, and a message missing in one language is an error, never the other language's text."""

from __future__ import annotations

import re

import pytest

from sop_portal.data.problems import render_message
from sop_portal.messages import AUDIENCES, keys, load


@pytest.mark.parametrize("audience", AUDIENCES)
def test_both_languages_have_the_same_texts(audience):
    id_, en = load(audience, "id"), load(audience, "en")
    assert keys(id_) == keys(en), sorted(keys(id_) ^ keys(en))


def _texts(catalog, path=""):
    for key, value in catalog.items():
        if isinstance(value, dict):
            yield from _texts(value, f"{path}{key}.")
        elif isinstance(value, str):
            yield f"{path}{key}", value


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_text_is_empty_and_placeholders_match(audience):
    id_, en = dict(_texts(load(audience, "id"))), dict(_texts(load(audience, "en")))
    for key, text in id_.items():
        assert text.strip() or key.startswith("cli.argparse"), f"{audience}: {key} is empty in id"
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", en[key])), f"{audience}: {key}"


def test_a_missing_message_is_an_error_not_the_other_language(monkeypatch):
    from sop_portal import messages as catalogs

    real = catalogs.load("validator", "id")
    broken = {**real, "problems": {k: v for k, v in real["problems"].items() if k != "unknown_ref"}}
    monkeypatch.setattr(
        "sop_portal.data.problems.catalog", lambda lang: broken if lang == "id" else catalogs.load("validator", lang)
    )
    with pytest.raises(KeyError):
        render_message("unknown_ref", {"kind": "actor", "value": "x", "suggestion": "", "where": "actors.yaml"}, "id")
