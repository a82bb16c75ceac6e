"""Decision trees as the site shows them: numbering, the routes to every node, what an outcome links to, and the
diagram's input. Plain objects for ``overrides/sop/tree.md.html``; no markup here, no MkDocs imports.

A *route* is a path from the start with the answers that lead along the same questions grouped together: a tree
where three answers lead to the same next question has one route there, not three paths. Expanding a node's routes
gives exactly ``DecisionTree.paths_to(node)``, without enumerating paths (their number multiplies at every
question: 288 for the adaptation tree).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from math import prod

from sop_portal import model as m
from sop_portal.messages.ui import SiteError
from sop_portal.views import content as views
from sop_portal.views import treelayout

# Ids the tree page uses for itself: a node may not take one of them (its anchor would not be unique).
PAGE_IDS = ("pohon", "diagram-pohon", "garis-besar", "isi-otomatis", "sop-dg-arrow")

# Routes shown under a node; the rest are counted ("and 3 more routes").
ROUTES_SHOWN = 4


@dataclass(frozen=True)
class NodeRef:
    id: str
    kind: str  # question | outcome
    number: int  # P1, P2 … and H1, H2 … are numbered separately, in reading order


@dataclass(frozen=True)
class Branch:
    """The answers of one question that lead to the same next node."""

    question: m.Question
    target: str
    answers: tuple[m.Answer, ...]

    @property
    def all_answers(self) -> bool:
        return len(self.answers) == len(self.question.answers)


@dataclass(frozen=True)
class RouteStep:
    question: NodeRef
    answers: tuple[m.Answer, ...]


@dataclass(frozen=True)
class Route:
    steps: tuple[RouteStep, ...]

    @property
    def paths(self) -> int:
        return prod(len(s.answers) for s in self.steps)


@dataclass(frozen=True)
class AnswerView:
    index: int
    answer: m.Answer
    target: NodeRef


@dataclass(frozen=True)
class OutcomeLinks:
    contacts: tuple[views.ContactCard, ...]  # public contacts only
    steps: tuple[m.Step, ...]
    services: tuple[m.Service, ...]
    actors: tuple[m.Actor, ...]


@dataclass(frozen=True)
class NodeView:
    node: m.Question | m.Outcome
    ref: NodeRef
    is_start: bool
    answers: tuple[AnswerView, ...]  # questions only
    routes: tuple[Route, ...]  # at most ROUTES_SHOWN
    route_count: int
    previous: tuple[NodeRef, ...]  # questions with an answer leading here
    links: OutcomeLinks | None  # outcomes only

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def kind(self) -> str:
        return self.ref.kind

    @property
    def number(self) -> int:
        return self.ref.number

    @property
    def more_routes(self) -> int:
        return self.route_count - len(self.routes)


@dataclass(frozen=True)
class TreeView:
    tree: m.DecisionTree
    nodes: tuple[NodeView, ...]  # reading order: questions breadth-first from the start, then outcomes
    branches: tuple[Branch, ...]

    @property
    def start(self) -> NodeView:
        return self.node(self.tree.start)

    @property
    def questions(self) -> tuple[NodeView, ...]:
        return tuple(n for n in self.nodes if n.kind == "question")

    @property
    def outcomes(self) -> tuple[NodeView, ...]:
        return tuple(n for n in self.nodes if n.kind == "outcome")

    @property
    def page_order(self) -> tuple[NodeView, ...]:
        """Order of the node sections on the page: the start comes last, so that CSS can hide it with
        ``.node:target ~ .start`` while another node is shown (no ``:has()`` needed on old phones);
        print and the JavaScript view put it back first."""
        return tuple(n for n in self.nodes if not n.is_start) + (self.start,)

    def node(self, node_id: str) -> NodeView:
        return next(n for n in self.nodes if n.id == node_id)

    def ref(self, node_id: str) -> NodeRef:
        return self.node(node_id).ref

    def branches_of(self, question_id: str) -> tuple[Branch, ...]:
        return tuple(b for b in self.branches if b.question.id == question_id)

    def diagram(self, labels: dict, lang: str) -> treelayout.Layout:
        """The overview diagram in one language. ``labels``: the ``trees`` section of the UI labels."""
        specs = []
        for n in self.nodes:
            tag = labels["tag"][n.kind] + str(n.number)
            if isinstance(n.node, m.Question):
                specs.append(treelayout.NodeSpec(n.id, tag, n.node.question.get(lang)))
            else:
                specs.append(
                    treelayout.NodeSpec(
                        n.id,
                        tag,
                        n.node.summary.get(lang),
                        "outcome",
                        n.node.urgency,
                        labels["urgency"][n.node.urgency]["short"],
                    )
                )
        edges = [
            treelayout.EdgeSpec(
                b.question.id,
                b.target,
                labels["diagram_all_answers"]
                if b.all_answers and len(b.answers) > 1
                else " / ".join(a.label.get(lang) for a in b.answers),
            )
            for b in self.branches
        ]
        return treelayout.layout(self.tree.start, specs, edges)


def branches(tree: m.DecisionTree) -> tuple[Branch, ...]:
    """Every question's answers grouped by where they lead, in answer order."""
    out = []
    for q in tree.questions:
        targets: dict[str, list[m.Answer]] = {}
        for a in q.answers:
            targets.setdefault(a.next, []).append(a)
        out += [Branch(q, target, tuple(answers)) for target, answers in targets.items()]
    return tuple(out)


def _routes(
    tree: m.DecisionTree, grouped: tuple[Branch, ...], refs: dict[str, NodeRef], node_id: str, limit: int
) -> tuple[tuple[Route, ...], int]:
    """The first ``limit`` routes from the start to ``node_id``, and how many there are in all."""
    out_of: dict[str, list[Branch]] = {}
    for b in grouped:
        out_of.setdefault(b.question.id, []).append(b)
    count: dict[str, int] = {node_id: 1}  # routes from a node to node_id (the graph is acyclic)

    def routes_from(n: str) -> int:
        if n not in count:
            count[n] = sum(routes_from(b.target) for b in out_of.get(n, []))
        return count[n]

    total = routes_from(tree.start)
    found: list[Route] = []

    def walk(current: str, trail: list[RouteStep]) -> None:
        if len(found) >= limit:
            return
        if current == node_id:
            found.append(Route(tuple(trail)))
            return
        for b in out_of.get(current, []):
            if routes_from(b.target):
                walk(b.target, trail + [RouteStep(refs[current], b.answers)])

    walk(tree.start, [])
    return tuple(found), total


def tree_view(portal: m.Portal, tree: m.DecisionTree, today: _dt.date) -> TreeView:
    ordered = tree.ordered_nodes()
    refs: dict[str, NodeRef] = {}
    counters = {"question": 0, "outcome": 0}
    for node in ordered:
        kind = "question" if isinstance(node, m.Question) else "outcome"
        counters[kind] += 1
        refs[node.id] = NodeRef(node.id, kind, counters[kind])
    clash = sorted(set(refs) & set(PAGE_IDS))
    if clash:
        raise SiteError("tree_id_clash", tree=tree.id, ids=", ".join(clash), reserved=", ".join(PAGE_IDS))
    grouped = branches(tree)
    public = {c.id: c for c in portal.public_contacts}
    steps = portal.steps
    services = {s.id: s for s in portal.services}
    nodes = []
    for node in ordered:
        ref = refs[node.id]
        routes, total = _routes(tree, grouped, refs, node.id, ROUTES_SHOWN)
        previous = tuple(refs[b.question.id] for b in grouped if b.target == node.id)
        previous = tuple(dict.fromkeys(previous))  # a question with two answers leading here counts once
        if isinstance(node, m.Question):
            answers = tuple(AnswerView(i, a, refs[a.next]) for i, a in enumerate(node.answers) if a.next in refs)
            links = None
        else:
            answers = ()
            links = OutcomeLinks(
                contacts=tuple(
                    views.contact_card(public[c], today, outcome_where(tree, node.id))
                    for c in node.contacts
                    if c in public
                ),
                steps=tuple(steps[s] for s in node.steps if s in steps),
                services=tuple(services[s] for s in node.services if s in services),
                actors=tuple(portal.actors[a] for a in node.actors if a in portal.actors),
            )
        nodes.append(NodeView(node, ref, node.id == tree.start, answers, routes, total, previous, links))
    return TreeView(tree, tuple(nodes), grouped)


def outcome_where(tree: m.DecisionTree, node_id: str) -> str | None:
    """Where the person is on the paths into a node: 'abroad' when any path says so (only numbers that work from
    abroad are offered), 'indonesia' when the paths say so, None when they do not tell."""
    places = set()
    for path in tree.paths_to(node_id):
        where = None
        for _, answer in path:
            for c in answer.context:
                where = {"in_indonesia": "indonesia", "abroad": "abroad"}.get(c, where)
        places.add(where)
    if "abroad" in places:
        return "abroad"
    return "indonesia" if "indonesia" in places else None


def trees_by_audience(portal: m.Portal) -> tuple[tuple[str, tuple[m.DecisionTree, ...]], ...]:
    """Trees for case work first, then those for district teams; each group in data order."""
    groups = []
    for audience in ("case", "adaptation"):
        trees = tuple(t for t in portal.trees if t.audience == audience)
        if trees:
            groups.append((audience, trees))
    return tuple(groups)


@dataclass(frozen=True)
class TreeEntry:
    """A tree as the list of trees shows it: its first question, and how many questions and outcomes it has."""

    tree: m.DecisionTree
    first: m.Question
    questions: str  # '6 questions'
    outcomes: str  # '1 outcome'


def tree_index(portal: m.Portal, labels: dict) -> tuple[tuple[str, tuple[TreeEntry, ...]], ...]:
    """The trees by audience (:func:`trees_by_audience`). ``labels``: the ``trees`` section of the UI labels."""
    return tuple(
        (
            audience,
            tuple(
                TreeEntry(
                    t,
                    t.node(t.start),
                    views.count_text(len(t.questions), labels["count_questions"]),
                    views.count_text(len(t.outcomes), labels["count_outcomes"]),
                )
                for t in trees
            ),
        )
        for audience, trees in trees_by_audience(portal)
    )
