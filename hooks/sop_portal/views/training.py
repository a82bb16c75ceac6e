"""Derived views for the trainer kit (agenda, scenarios, quiz, commitment sheet): resolved once, here, so that the
site templates and the handout pack only lay them out.

Nothing here formats markup. Decision-tree outcomes are linked only when the tree's page exists in the docs folder
(``pohon/<tree>.md``, anchors equal to node ids); otherwise templates show the outcome's summary without a link.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from pathlib import Path

from sop_portal import model as m
from sop_portal.site import pages

# The trainer pages (hand-written under docs/pelatihan/, each holding one marker): templates link to them.
INDEX = "pelatihan/index.md"
HOW_TO = "pelatihan/menjalankan.md"
AGENDA = "pelatihan/agenda.md"
SCENARIOS = "pelatihan/skenario.md"
FACILITATOR = "pelatihan/skenario-fasilitator.md"
QUIZ = "pelatihan/kuis.md"
QUIZ_ANSWERS = "pelatihan/kuis-jawaban.md"
COMMITMENT = "pelatihan/komitmen.md"

# Special cases a scenario can cover, in the order the trainer pages list them (scenario.schema.json: cases).
CASES = ("child", "male", "abroad", "online_scam", "foreign", "disability", "police_prosecutor", "woman")


def tree_page(tree_id: str) -> str:
    """Source path (docs-relative) of a decision tree's page, whose anchors are the node ids."""
    return pages.tree_page(tree_id)


@dataclass(frozen=True)
class OutcomeRef:
    tree: m.DecisionTree
    outcome: m.Outcome | None  # None when a district's local variant of the tree has no such outcome
    outcome_id: str
    page: str | None  # tree_page(...) when that page exists (and has the outcome), else None: no link


@dataclass(frozen=True)
class AnswerKey:
    number: int
    question: m.ScenarioQuestion
    steps: tuple[m.Step, ...]
    outcomes: tuple[OutcomeRef, ...]

    @property
    def anchor_suffix(self) -> str:
        return self.question.id


@dataclass(frozen=True)
class ScenarioView:
    number: int
    scenario: m.Scenario
    services: tuple[m.Service, ...]
    questions: tuple[AnswerKey, ...]

    @property
    def anchor(self) -> str:
        return self.scenario.id


def _tree_pages(docs_dir: str | Path | None) -> set[str]:
    if docs_dir is None:
        return set()
    docs = Path(docs_dir)
    return {p.relative_to(docs).as_posix() for p in docs.glob("pohon/*.md") if p.name.count(".") == 1}


def scenario_views(portal: m.Portal, docs_dir: str | Path | None = None) -> tuple[ScenarioView, ...]:
    """Every scenario in order, its services, and each answer key's steps and tree outcomes resolved."""
    steps = portal.steps
    services = {s.id: s for s in portal.services}
    trees = {t.id: t for t in portal.trees}
    existing = _tree_pages(docs_dir)
    views = []
    for n, sc in enumerate(portal.scenarios, start=1):
        keys = []
        for i, q in enumerate(sc.questions, start=1):
            refs = []
            for tree_id, outcome_id in q.outcomes:
                tree = trees[tree_id]
                outcome = next((o for o in tree.outcomes if o.id == outcome_id), None)
                page = tree_page(tree_id)
                refs.append(OutcomeRef(tree, outcome, outcome_id, page if page in existing and outcome else None))
            keys.append(AnswerKey(i, q, tuple(steps[s] for s in q.steps), tuple(refs)))
        used = sorted((services[s] for s in sc.services if s in services), key=lambda s: s.number)
        views.append(ScenarioView(n, sc, tuple(used), tuple(keys)))
    return tuple(views)


@dataclass(frozen=True)
class Coverage:
    scenarios: tuple[ScenarioView, ...]
    by_service: tuple[tuple[m.Service, tuple[ScenarioView, ...]], ...]  # every service, in chapter order
    by_case: tuple[tuple[str, tuple[ScenarioView, ...]], ...]  # every entry of CASES

    @property
    def services_missing(self) -> tuple[m.Service, ...]:
        return tuple(s for s, found in self.by_service if not found)

    @property
    def cases_missing(self) -> tuple[str, ...]:
        return tuple(c for c, found in self.by_case if not found)


def coverage(portal: m.Portal) -> Coverage:
    """Which scenarios exercise each service and each special case (empty when none does yet)."""
    views = scenario_views(portal)
    return Coverage(
        views,
        tuple((s, tuple(v for v in views if s.id in v.scenario.services)) for s in portal.services),
        tuple((c, tuple(v for v in views if c in v.scenario.cases)) for c in CASES),
    )


@dataclass(frozen=True)
class AgendaRow:
    session: m.Session
    start: str
    end: str
    services: tuple[m.Service, ...]
    scenarios: tuple[ScenarioView, ...]


def _add_minutes(hhmm: str, minutes: int) -> str:
    hours, mins = (int(x) for x in hhmm.split(":"))
    total = hours * 60 + mins + minutes
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


def agenda(portal: m.Portal) -> tuple[AgendaRow, ...]:
    if portal.workshop is None:
        return ()
    services = {s.id: s for s in portal.services}
    scenarios = {v.scenario.id: v for v in scenario_views(portal)}
    return tuple(
        AgendaRow(
            s,
            s.start,
            _add_minutes(s.start, s.minutes),
            tuple(services[x] for x in s.services if x in services),
            tuple(scenarios[x] for x in s.scenarios if x in scenarios),
        )
        for s in portal.workshop.agenda
    )


def agenda_span(portal: m.Portal) -> tuple[str, str, int] | None:
    """(first start, last end, total minutes) of the day, or None without an agenda."""
    rows = agenda(portal)
    if not rows:
        return None
    first, last = rows[0], rows[-1]
    start = _dt.datetime.strptime(first.start, "%H:%M")
    end = _dt.datetime.strptime(last.end, "%H:%M")
    return first.start, last.end, int((end - start).total_seconds() // 60)


LETTERS = "ABCDEFGH"


def letter(index: int) -> str:
    return LETTERS[index]


@dataclass(frozen=True)
class CommitmentSheet:
    commitment: m.Commitment
    blank_numbers: tuple[int, ...]  # the numbers of the empty commitment lines, after the proposed ones
    signature_pages: tuple[tuple[int, ...], ...]  # row numbers (1-based) per printed page


def commitment_sheet(portal: m.Portal, rows_per_page: int) -> CommitmentSheet | None:
    if portal.workshop is None:
        return None
    c = portal.workshop.commitment
    first_blank = len(c.commitments) + 1
    numbers = tuple(range(1, c.participant_rows + 1))
    chunks = tuple(numbers[i : i + rows_per_page] for i in range(0, len(numbers), rows_per_page))
    return CommitmentSheet(c, tuple(range(first_blank, first_blank + c.blank_lines)), chunks)


def signature_page_count(participant_rows: int, rows_per_page: int) -> int:
    return max(1, math.ceil(participant_rows / rows_per_page))
