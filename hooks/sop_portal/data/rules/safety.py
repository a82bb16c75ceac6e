"""Safety rules proven on every path of a decision tree (and of emergency.yaml), read from its plain graph.

Danger first, numbers that work from where the person is, 24-hour lines for immediate outcomes, lines that serve
the person, urgency words that mean one thing. The rules read plain graphs (:class:`Graph`) built from the raw YAML
by trees.py, so every finding points at the node or answer to fix. README.md, "the safety rules", lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

LOCATIONS = ("in_indonesia", "abroad")
WHERE = {"in_indonesia": "indonesia", "abroad": "abroad"}  # answer context -> phone dial_from
NEEDS_GENERAL_LINE = ("adult", "foreign_national")  # not first to a line for women and children only
CHILD_PATH = ("child", "age_uncertain")

# Words that say "act now": only an immediate outcome may use them (urgent means within days).
NOW_WORDS = {
    "id": re.compile(r"\b(sekarang|segera|saat ini juga)\b", re.I),
    "en": re.compile(r"\b(now|immediately|right away)\b", re.I),
}


@dataclass(frozen=True)
class PhoneInfo:
    number: str
    kind: str
    dial_from: str
    hours: str
    serves: str

    def works_from(self, where: str) -> bool:
        return self.dial_from in ("both", where)


@dataclass
class AnswerNode:
    next: str
    context: tuple[str, ...]
    ptr: tuple


@dataclass
class QuestionNode:
    id: str
    danger: bool
    answers: list[AnswerNode]
    ptr: tuple


@dataclass
class OutcomeNode:
    id: str
    urgency: str
    contacts: tuple[str, ...]
    summary: dict
    threat: bool
    no_24h_route: bool
    ptr: tuple
    phones_known: bool = True  # False when its contacts could not be read: the phone rules skip it


@dataclass
class Graph:
    start: str
    questions: dict[str, QuestionNode]
    outcomes: dict[str, OutcomeNode]
    offered_at_start: bool = False  # the shared emergency opening comes before ``start``


@dataclass(frozen=True)
class Finding:
    ptr: tuple
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class _Reach:
    """What the paths into one outcome tell about the person."""

    wheres: set = field(default_factory=set)  # 'indonesia', 'abroad', or None (not known on that path)
    general_line: bool = False  # some path is for an adult or a foreign national
    child: bool = False


def _walk(graph: Graph) -> Iterator[tuple[str, bool, str | None, frozenset, tuple]]:
    """Every (node, emergency offered before it, where the person is, contexts, pointer of the answer taken)
    reached from the start, each state once (trees are small; cycles are reported elsewhere)."""
    seen: set = set()
    stack = [(graph.start, graph.offered_at_start, None, frozenset(), ("start",))]
    while stack:
        state = stack.pop()
        node, offered, where, ctx, _ = state
        key = state[:4]
        if key in seen:
            continue
        seen.add(key)
        yield state
        q = graph.questions.get(node)
        if q is None:
            continue
        for a in q.answers:
            new_where = where
            for c in a.context:
                if c in WHERE:
                    new_where = WHERE[c]
            stack.append((a.next, offered or q.danger, new_where, ctx | frozenset(a.context), a.ptr))


def check(graph: Graph, phones: dict[str, list[PhoneInfo]]) -> list[Finding]:
    """All safety findings of one tree. ``phones`` maps a contact id to its numbers."""
    findings: dict[tuple, Finding] = {}

    def add(ptr: tuple, code: str, **params) -> None:
        findings.setdefault((ptr, code, tuple(sorted(params.items()))), Finding(ptr, code, params))

    reach: dict[str, _Reach] = {}
    for node, offered, where, ctx, _ptr in _walk(graph):
        if node in graph.questions:
            q = graph.questions[node]
            if not offered and not q.danger:
                add(q.ptr, "danger_not_first", value=node)
        elif node in graph.outcomes:
            o = graph.outcomes[node]
            if not offered and o.urgency != "immediate":
                add(o.ptr, "danger_not_first", value=node)
            r = reach.setdefault(node, _Reach())
            r.wheres.add(where)
            r.general_line |= any(c in ctx for c in NEEDS_GENERAL_LINE)
            r.child |= any(c in ctx for c in CHILD_PATH)

    for q in graph.questions.values():
        if q.danger:
            for finding in danger_routes(q, graph.outcomes):
                add(finding.ptr, finding.code, **finding.params)

    for oid, r in reach.items():
        o = graph.outcomes[oid]
        for finding in outcome_rules(o, r, phones):
            add(finding.ptr, finding.code, **finding.params)
    return list(findings.values())


def danger_routes(q: QuestionNode, outcomes: dict[str, OutcomeNode]) -> list[Finding]:
    """A danger question offers an immediate outcome for a person in Indonesia and one for a person abroad."""
    out = []
    for loc in LOCATIONS:
        if not any(
            loc in a.context and outcomes.get(a.next) is not None and outcomes[a.next].urgency == "immediate"
            for a in q.answers
        ):
            out.append(Finding(q.ptr, "danger_route_missing", {"value": q.id, "where": loc}))
    return out


def outcome_rules(o: OutcomeNode, r: _Reach, phones: dict[str, list[PhoneInfo]]) -> list[Finding]:
    out: list[Finding] = []
    ptr = o.ptr
    known = [w for w in r.wheres if w is not None]
    if "abroad" in known and "indonesia" in known:
        out.append(Finding(ptr, "outcome_mixed_location", {"value": o.id}))
    where = "abroad" if "abroad" in known else ("indonesia" if known else None)

    if not o.phones_known:
        return out
    offered = [c for c in o.contacts if c in phones]
    if where == "abroad":
        for cid in offered:
            nums = phones[cid]
            if nums and not any(p.works_from("abroad") for p in nums):
                out.append(
                    Finding(
                        ptr,
                        "domestic_only_abroad",
                        {"value": o.id, "contact": cid, "numbers": ", ".join(p.number for p in nums)},
                    )
                )

    first = phones.get(o.contacts[0]) if o.contacts else None
    if o.urgency == "immediate":
        if None in r.wheres:
            out.append(Finding(ptr, "immediate_needs_location", {"value": o.id}))
        places = sorted(w for w in r.wheres if w is not None)
        for place in places:
            has_24h = any(
                p.hours == "24h" and p.kind in ("voice", "whatsapp") and p.works_from(place)
                for cid in offered
                for p in phones[cid]
            )
            if not has_24h and not o.no_24h_route:
                out.append(Finding(ptr, "immediate_no_24h", {"value": o.id, "where": place}))
        if first:
            usable = [p for p in first if where is None or p.works_from(where)]
            if usable and all(p.hours == "office_hours" for p in usable):
                out.append(Finding(ptr, "office_hours_first", {"value": o.id, "contact": o.contacts[0]}))
    elif (
        o.urgency in ("urgent", "routine") and o.summary and not o.threat
    ):  # a threat outcome says "call 110 now if the threat is immediate"
        words = []
        for lang, pattern in NOW_WORDS.items():
            text = o.summary.get(lang) if isinstance(o.summary, dict) else None
            match = pattern.search(text) if isinstance(text, str) else None
            if match:
                words.append(match.group(0))
        if words:  # one problem, one message, whichever languages say it
            out.append(Finding(ptr, "urgency_word", {"value": o.id, "urgency": o.urgency, "word": " / ".join(words)}))

    if r.general_line and first:
        if all(p.serves == "women_and_children" for p in first):
            out.append(Finding(ptr, "women_children_first", {"value": o.id, "contact": o.contacts[0]}))

    if o.threat:
        place = where or "indonesia"
        ok = bool(first) and any(p.hours == "24h" and p.kind == "voice" and p.works_from(place) for p in first)
        if not ok:
            out.append(Finding(ptr, "threat_not_emergency_first", {"value": o.id}))
    return out
