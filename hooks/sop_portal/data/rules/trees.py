"""decision_trees/*.yaml: ids, node ids, where answers lead, reachability, cycles, dead ends, outcomes, safety."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sop_portal.data import schema as _schema
from sop_portal.data.rules import safety as _safety
from sop_portal.data.rules.context import Context, Definition, items
from sop_portal.data.yamlload import Loaded

# -- the graph: reachability, cycles and dead ends of plain question -> next-node maps ----------------------------


@dataclass(frozen=True)
class Edge:
    source: str  # question id
    index: int  # answer index in the question
    target: str


@dataclass
class GraphFindings:
    unreachable: list[str]
    cycles: list[tuple[Edge, list[str]]]  # the edge that closes a cycle, and the cycle's node ids
    dead_ends: list[str]  # questions from which no outcome can be reached


def analyse(start: str, questions: dict[str, list[str]], outcomes: set[str]) -> GraphFindings:
    """``questions`` maps a question id to the ``next`` of each answer (unknown targets already reported)."""
    nodes = set(questions) | outcomes
    edges = {q: [Edge(q, i, t) for i, t in enumerate(nexts) if t in nodes] for q, nexts in questions.items()}

    reached: set[str] = set()
    if start in nodes:
        stack = [start]
        while stack:
            n = stack.pop()
            if n in reached:
                continue
            reached.add(n)
            stack.extend(e.target for e in edges.get(n, []))
    unreachable = [n for n in list(questions) + sorted(outcomes) if n not in reached]

    cycles: list[tuple[Edge, list[str]]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(n: str) -> None:  # iterative depth is bounded by the schema's node count; trees are small
        state[n] = 1
        path.append(n)
        for e in edges.get(n, []):
            if state.get(e.target) == 1:
                cycles.append((e, path[path.index(e.target) :] + [e.target]))
            elif e.target not in state:
                visit(e.target)
        path.pop()
        state[n] = 2

    for root in [start, *questions]:
        if root in nodes and root not in state:
            visit(root)

    can_finish = set(outcomes)
    changed = True
    while changed:
        changed = False
        for q, es in edges.items():
            if q not in can_finish and any(e.target in can_finish for e in es):
                can_finish.add(q)
                changed = True
    dead_ends = [q for q in questions if q not in can_finish]
    return GraphFindings(unreachable, cycles, dead_ends)


# -- ids ---------------------------------------------------------------------------------------------------------


def define(ctx: Context) -> None:
    """Tree ids, and each tree's outcomes as 'tree/outcome' (the shared opening's outcomes are in every case tree)."""
    ctx.unreadable("decision_tree.schema.json", "tree", "outcome")
    trees = ctx.data.of("decision_tree.schema.json")
    for loaded in trees:
        tree_id = loaded.data.get("id") if isinstance(loaded.data, dict) else None
        ctx.define("tree", tree_id, loaded, ("id",))
        ctx.check_file_name(loaded, tree_id)
    outcomes = ctx.defs.setdefault("outcome", {})
    for loaded in trees:
        tree = loaded.data if isinstance(loaded.data, dict) else {}
        for _, o in items(tree, "outcomes"):
            if isinstance(tree.get("id"), str) and isinstance(o.get("id"), str):
                outcomes[f"{tree['id']}/{o['id']}"] = Definition(o["id"], loaded, ())
            elif isinstance(o.get("id"), _schema.WrongType):
                ctx.incomplete.add("outcome")
    opening = shared_opening(ctx)
    for loaded in trees:
        tree = loaded.data if isinstance(loaded.data, dict) else {}
        if (
            opening
            and isinstance(tree.get("id"), str)
            and tree.get("audience", "case") == "case"
            and tree.get("opening", "shared") == "shared"
        ):
            for _, o in items(opening[1], "outcomes"):
                if isinstance(o.get("id"), str):
                    outcomes[f"{tree['id']}/{o['id']}"] = Definition(o["id"], opening[0], ())


def shared_opening(ctx: Context) -> tuple[Loaded, dict] | None:
    """emergency.yaml and its data, when it was read."""
    found = ctx.data.one("emergency.schema.json")
    if found is None or not isinstance(found.data, dict):
        return None
    return found, found.data


# -- the checks --------------------------------------------------------------------------------------------------


def check(ctx: Context) -> None:
    for loaded in ctx.data.of("decision_tree.schema.json"):
        check_tree(ctx, loaded)


def check_tree(ctx: Context, loaded: Loaded) -> None:
    """One tree, national or a district's."""
    tree = loaded.data if isinstance(loaded.data, dict) else {}
    nodes: dict[str, tuple] = {}  # node id -> pointer of its id
    for kind in ("questions", "outcomes"):
        for i, node in items(tree, kind):
            nid = node.get("id")
            if not isinstance(nid, str):
                continue
            if nid in nodes:
                line = loaded.where(nodes[nid])[0]
                ctx.report(
                    loaded,
                    (kind, i, "id"),
                    "duplicate_id",
                    kind="node",
                    value=nid,
                    other=f"{loaded.path.name}:{line}",
                )
            else:
                nodes[nid] = (kind, i, "id")

    # A node id or an answer's 'next' of the wrong type (already reported) hides where answers lead: unknown,
    # unreachable and dead-end nodes would be guesses, so they wait until it is fixed.
    wrong = _schema.WrongType
    hidden = any(isinstance(n.get("id"), wrong) for k in ("questions", "outcomes") for _, n in items(tree, k)) or any(
        isinstance(a.get("next"), wrong) for _, q in items(tree, "questions") for _, a in items(q, "answers")
    )

    def target(value, ptr):
        if isinstance(value, str) and value not in nodes and not hidden:
            match = difflib.get_close_matches(value, list(nodes), n=1, cutoff=0.6)
            ctx.report(loaded, ptr, "tree_unknown_node", value=value, suggestion=match[0] if match else "")

    start = tree.get("start")
    target(start, ("start",))
    questions: dict[str, list[str]] = {}
    answer_ptr: dict[tuple[str, int], tuple] = {}
    for i, q in items(tree, "questions"):
        nexts = []
        for j, answer in items(q, "answers"):
            nxt = answer.get("next")
            target(nxt, ("questions", i, "answers", j, "next"))
            nexts.append(nxt if isinstance(nxt, str) else "")
            if isinstance(q.get("id"), str):
                answer_ptr[(q["id"], j)] = ("questions", i, "answers", j, "next")
        if isinstance(q.get("id"), str) and q["id"] not in questions:
            questions[q["id"]] = nexts
    outcomes = {o["id"] for _, o in items(tree, "outcomes") if isinstance(o.get("id"), str)}
    if not isinstance(start, str) or start not in nodes:  # already reported; reachability would only add noise
        return
    found = analyse(start, questions, outcomes)
    if hidden:
        found.unreachable, found.dead_ends = [], []
    for nid in found.unreachable:
        ctx.report(loaded, nodes[nid], "tree_unreachable", value=nid)
    for edge, cycle in found.cycles:
        ctx.report(loaded, answer_ptr[(edge.source, edge.index)], "tree_cycle", cycle=" → ".join(cycle))
    for nid in found.dead_ends:
        if not any(nid in c for _, c in found.cycles):
            ctx.report(loaded, nodes[nid], "tree_dead_end", value=nid)
    check_outcome_refs(ctx, loaded, tree)
    check_tree_safety(ctx, loaded, tree, nodes)


def check_outcome_refs(ctx: Context, loaded: Loaded, tree: dict) -> None:
    """The services, steps, contacts and actors an outcome names are known; no restricted contact is named."""
    for i, outcome in items(tree, "outcomes"):
        for field_name, kind, where in (
            ("services", "service", "services/"),
            ("steps", "step", "services/"),
            ("contacts", "contact", "contacts/"),
            ("actors", "actor", "actors.yaml"),
        ):
            refs = outcome.get(field_name)
            for j, ref in enumerate(refs if isinstance(refs, list) else []):
                ctx.resolve(kind, ref, loaded, ("outcomes", i, field_name, j), where)
                if kind == "contact" and ref in ctx.restricted:
                    ctx.report(loaded, ("outcomes", i, field_name, j), "restricted_contact_ref", value=ref)


# -- safety (safety.py): danger first, reachable numbers, 24-hour lines, whom a line serves ----------------------


def check_tree_safety(ctx: Context, loaded: Loaded, tree: dict, nodes: dict[str, tuple]) -> None:
    if tree.get("audience", "case") != "case":
        return
    opening = tree.get("opening", "shared")
    offered = False
    if opening == "shared":
        found = shared_opening(ctx)
        if found is None:
            if ctx.data.one("emergency.schema.json") is None:  # (an unreadable one is reported already)
                ctx.report(loaded, ("id",), "no_emergency_opening")
            return
        em_loaded, em = found
        reserved = {em.get("question", {}).get("id") if isinstance(em.get("question"), dict) else None}
        reserved |= {o.get("id") for _, o in items(em, "outcomes")}
        for nid, ptr in nodes.items():
            if nid in reserved:
                ctx.report(loaded, ptr, "tree_reserved_id", value=nid, file="emergency.yaml")
        offered = True
    questions = [(("questions", i), q) for i, q in items(tree, "questions")]
    report_safety(ctx, loaded, safety_graph(ctx, tree, tree.get("start"), questions, offered_at_start=offered))


def safety_graph(ctx: Context, data: dict, start, questions, offered_at_start: bool = False) -> _safety.Graph:
    """The plain graph safety.py reads, from a tree's (or emergency.yaml's) questions and outcomes."""
    qs: dict[str, _safety.QuestionNode] = {}
    for ptr, q in questions:
        qid = q.get("id")
        if not isinstance(qid, str) or qid in qs:
            continue
        answers = []
        for j, a in items(q, "answers"):
            context = a.get("context") if isinstance(a.get("context"), list) else []
            if isinstance(a.get("next"), str):
                answers.append(
                    _safety.AnswerNode(a["next"], tuple(c for c in context if isinstance(c, str)), ptr + ("answers", j))
                )
        qs[qid] = _safety.QuestionNode(qid, q.get("danger") is True, answers, ptr + ("id",))
    os_: dict[str, _safety.OutcomeNode] = {}
    for i, o in items(data, "outcomes"):
        oid = o.get("id")
        if not isinstance(oid, str) or oid in os_:
            continue
        raw_contacts = o.get("contacts", [])
        contacts = raw_contacts if isinstance(raw_contacts, list) else []
        # Contacts that are mistyped, unknown or have rejected numbers are reported elsewhere: the phone
        # rules cannot judge such an outcome, so they leave it alone (one problem, one message).
        judged = (
            isinstance(raw_contacts, list)
            and "contact" not in ctx.incomplete
            and all(isinstance(c, str) and c in ctx.phones and c not in ctx.phone_gaps for c in raw_contacts)
        )
        summary = o.get("summary") if isinstance(o.get("summary"), dict) else {}
        os_[oid] = _safety.OutcomeNode(
            oid,
            o.get("urgency") if isinstance(o.get("urgency"), str) else "",
            tuple(c for c in contacts if isinstance(c, str)),
            summary,
            o.get("threat") is True,
            isinstance(o.get("no_24h_route"), dict),
            ("outcomes", i, "id"),
            judged,
        )
    return _safety.Graph(start if isinstance(start, str) else "", qs, os_, offered_at_start)


def report_safety(ctx: Context, loaded: Loaded, graph: _safety.Graph) -> None:
    for f in _safety.check(graph, ctx.phones):
        ctx.report(loaded, f.ptr, f.code, **f.params)
