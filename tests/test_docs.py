"""Every `sop` command and option is documented in the README and has help text in both languages
(in the spirit of sqlite-utils' test_docs.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from sop_portal.cli import argparse_language, build_parser

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def commands(lang: str):
    with argparse_language(lang):
        parser = build_parser(lang)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in sub._choices_actions}
    return [(name, p, helps.get(name)) for name, p in sub.choices.items()]


def options(sub: argparse.ArgumentParser):
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        yield action


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_command_and_option_has_help(lang):
    found = commands(lang)
    assert len(found) >= 7
    for name, sub, help_text in found:
        assert help_text and help_text.strip(), f"{name}: no help in {lang}"
        for action in options(sub):
            assert action.help and action.help.strip(), (
                f"{name} {action.option_strings or action.dest}: no help in {lang}"
            )


def test_help_differs_between_the_languages():
    id_, en = commands("id"), commands("en")
    for (name, _, id_help), (_, _, en_help) in zip(id_, en):
        assert id_help != en_help, f"{name}: the Indonesian help is the English one"


def test_every_command_and_option_is_in_the_readme():
    for name, sub, _ in commands("en"):
        assert f"sop {name}" in README, f"README does not document 'sop {name}'"
        for action in options(sub):
            flags = [f for f in action.option_strings if f != "--lang"]
            if flags:  # the long or the short spelling (-o FILE) is enough
                assert any(f"{f} " in README or f"{f}]" in README or f"{f}`" in README for f in flags), (
                    f"README does not document 'sop {name} {flags[-1]}'"
                )
