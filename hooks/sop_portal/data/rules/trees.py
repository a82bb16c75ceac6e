"""Graph checks for decision trees: reachability, cycles and dead ends, located at the offending node or answer."""

from __future__ import annotations

from dataclasses import dataclass


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
