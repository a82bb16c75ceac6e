"""data/rules/ keeps one obvious home per rule: every module says in one line what it checks and is in the table
of rules/__init__.py, every rule function runs from validate.py, and every problem a rule reports has its message
in both languages (hooks/sop_portal/data/rules/__init__.py, "How to add a rule")."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from sop_portal.data import rules, validate
from sop_portal.messages import load

FOLDER = Path(rules.__file__).parent
MODULES = sorted(p for p in FOLDER.glob("*.py") if p.name != "__init__.py")
# Where validate.py lists each kind of rule function (districts.py runs per district, from check_district_rules;
# safety.py judges the graphs trees.py builds).
LISTS = {"define": validate.DEFINE, "check_file": validate.CHECK_FILE, "check": validate.CHECK}


def test_the_rules_are_where_the_table_says():
    assert {p.name for p in MODULES} >= {"context.py", "sources.py", "actors.py", "services.py", "trees.py"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_a_module_says_in_one_line_what_it_checks_and_is_in_the_table(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and "\n" not in doc.split("\n\n")[0], f"{path.name}: give it a one-line docstring"
    assert f"    {path.name} " in rules.__doc__, f"{path.name}: add it to the table in rules/__init__.py"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_rule_function_runs(path):
    module = importlib.import_module(f"sop_portal.data.rules.{path.stem}")
    if path.stem in ("districts", "safety"):
        return
    for name, listed in LISTS.items():
        if callable(getattr(module, name, None)):
            assert getattr(module, name) in listed, f"list {path.stem}.{name} in validate.{name.upper()}"


def _reported_codes() -> dict[str, str]:
    """code -> module, for every literal code a rule reports (ctx.report(loaded, ptr, CODE), safety's Finding)."""
    codes = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            index = {"report": 2, "Finding": 1, "add": 1}.get(name)
            if index is not None and len(node.args) > index:
                arg = node.args[index]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    codes[arg.value] = path.name
    return codes


def test_every_reported_problem_has_its_message_in_both_languages():
    codes = _reported_codes()
    assert len(codes) > 40  # the rules were read
    for lang in ("id", "en"):
        catalog = load("validator", lang)["problems"]
        missing = sorted(f"{code} ({module})" for code, module in codes.items() if code not in catalog)
        assert not missing, f"add to messages/{lang}.json: {missing}"
