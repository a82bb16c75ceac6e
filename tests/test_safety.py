"""The safety rules of `sop validate` (hooks/sop_portal/data/rules/safety.py), each on a small tree named for what it shows:
danger first, numbers that work from where the person is, 24-hour lines, whom a line serves, urgency words."""

from __future__ import annotations

import datetime as _dt
import shutil
from pathlib import Path

import pytest

from datasets import TARGETS, copy_minimal
from sop_portal.data.validate import validate

TODAY = _dt.date(2026, 11, 23)
SAFETY = Path(__file__).parent / "fixtures" / "safety"


def problems(root, only=None):
    """(code, line, col) of every problem, or only those in one file (the tree a case replaces)."""
    return [
        (p.code, p.line, p.col)
        for p in validate(root, today=TODAY).problems
        if only is None or Path(p.path) == root / only
    ]


def messages(root, lang):
    return [p.format(lang, cwd=root) for p in validate(root, today=TODAY).problems]


@pytest.fixture
def data(tmp_path):
    return copy_minimal(tmp_path / "sop_data")


def with_tree(root, name):
    shutil.copy(SAFETY / f"{name}.yaml", root / TARGETS["tree"])
    return root


# (fixture, the one finding it must give: code, line, col)
CASES = [
    ("danger-asked-second", ("danger_not_first", 8, 9)),
    ("danger-without-abroad-route", ("danger_route_missing", 8, 9)),
    ("abroad-offered-110", ("domestic_only_abroad", 13, 10)),
    ("immediate-location-unknown", ("immediate_needs_location", 13, 10)),
    ("immediate-office-hours-first", ("office_hours_first", 13, 10)),
    ("immediate-abroad-without-24h-line", ("immediate_no_24h", 13, 10)),
    ("urgent-says-now", ("urgency_word", 13, 10)),
    ("adult-sent-to-women-line", ("women_children_first", 13, 10)),
    ("threat-lpsk-first", ("threat_not_emergency_first", 13, 10)),
    ("one-outcome-for-both-places", ("outcome_mixed_location", 13, 10)),
    ("uses-a-reserved-id", ("tree_reserved_id", 13, 10)),
]


def test_the_minimal_fixture_is_safe(data):
    assert problems(data) == []


@pytest.mark.parametrize("name,finding", CASES, ids=[c[0] for c in CASES])
def test_each_rule_finds_its_case_at_the_node(data, name, finding):
    found = problems(with_tree(data, name), only=TARGETS["tree"])
    assert finding in found, found
    codes = {code for code, _, _ in found}
    assert codes <= {finding[0], "urgency_word"}, found  # nothing unrelated is reported


def test_messages_name_the_problem_and_the_fix_in_both_languages(data):
    with_tree(data, "abroad-offered-110")
    [en] = [m for m in messages(data, "en") if m.startswith("decision_trees/")]
    [id_] = [m for m in messages(data, "id") if m.startswith("decision_trees/")]
    assert en == (
        "decision_trees/korban-di-luar-negeri.yaml:13:10: the outcome 'o-lapor' is reached from abroad, but the "
        "contact 'polri-110' only has numbers that work inside Indonesia (110) — offer a contact that can be "
        "reached from abroad (for example kp2mi-crisis-centre), or record in that contact a number that "
        "works from abroad, with its source"
    )
    assert id_.startswith("decision_trees/korban-di-luar-negeri.yaml:13:10: hasil 'o-lapor' dicapai dari luar negeri")


def test_a_shared_opening_needs_the_emergency_file(data):
    (data / "emergency.yaml").unlink()
    assert ("no_emergency_opening", 2, 5) in problems(data)


def test_the_emergency_opening_itself_needs_both_routes(data):
    path = data / "emergency.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("      context: [abroad]\n", ""), encoding="utf-8")
    found = problems(data)
    assert ("danger_route_missing", 3, 7) in found, found


def test_immediate_outcome_may_say_plainly_that_no_24h_line_is_known(data):
    with_tree(data, "immediate-abroad-without-24h-line")
    path = data / TARGETS["tree"]
    text = path.read_text(encoding="utf-8").replace(
        "urgency: immediate,",
        "urgency: immediate, no_24h_route: {id: Tidak ada saluran 24 jam yang diketahui; hubungi Perwakilan RI., "
        "en: No 24-hour line is known; contact the mission.},",
    )
    path.write_text(text, encoding="utf-8")
    assert problems(data, only=TARGETS["tree"]) == []


@pytest.mark.parametrize(
    "old,new,code",
    [
        (
            '{number: "0800-1000", kind: voice, dial_from: indonesia',
            '{number: "+62 800-1000", kind: voice, dial_from: indonesia',
            "toll_free_plus62",
        ),
        (
            '{number: "110", kind: voice, dial_from: indonesia',
            '{number: "110", kind: voice, dial_from: both',
            "domestic_number_abroad",
        ),
        (
            "service: {id: Layanan darurat polisi, en: Police emergency line}",
            "service: {id: Layanan darurat polisi, en: Police emergency line. Re-check before publishing.}",
            "editorial_in_public",
        ),
    ],
    ids=["0800-with-plus62", "short-code-from-abroad", "editorial-note-on-a-card"],
)
def test_contact_rules(data, old, new, code):
    path = data / "contacts" / "national.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert code in {c for c, _, _ in problems(data)}


def test_the_real_data_is_safe():
    root = Path(__file__).parent.parent / "sop_data"
    report = validate(root, today=TODAY)
    safety = {
        "danger_not_first",
        "danger_route_missing",
        "domestic_only_abroad",
        "immediate_needs_location",
        "immediate_no_24h",
        "office_hours_first",
        "urgency_word",
        "women_children_first",
        "threat_not_emergency_first",
        "outcome_mixed_location",
    }
    assert [p for p in report.problems if p.code in safety] == []
