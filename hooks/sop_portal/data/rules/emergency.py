"""emergency.yaml: every answer leads to one of its outcomes or continues (exactly one does), and its safety."""

from __future__ import annotations

import difflib

from sop_portal.data.rules import trees
from sop_portal.data.rules.context import Context, items
from sop_portal.data.yamlload import Loaded


def check(ctx: Context) -> None:
    for loaded in ctx.data.of("emergency.schema.json"):
        check_opening(ctx, loaded)


def check_opening(ctx: Context, loaded: Loaded) -> None:
    data = loaded.data if isinstance(loaded.data, dict) else {}
    q = data.get("question") if isinstance(data.get("question"), dict) else {}
    ids = {o.get("id") for _, o in items(data, "outcomes") if isinstance(o.get("id"), str)}
    continues = 0
    for j, a in items(q, "answers"):
        nxt = a.get("next")
        if a.get("continue") is True:
            continues += 1
        elif isinstance(nxt, str) and nxt not in ids:
            match = difflib.get_close_matches(nxt, list(ids), n=1, cutoff=0.6)
            ctx.report(
                loaded,
                ("question", "answers", j, "next"),
                "tree_unknown_node",
                value=nxt,
                suggestion=match[0] if match else "",
            )
        elif not isinstance(nxt, str):
            ctx.report(loaded, ("question", "answers", j), "emergency_answer_target")
    if isinstance(q.get("answers"), list) and continues != 1:
        ctx.report(loaded, ("question", "answers"), "emergency_continue", count=continues)
    trees.check_outcome_refs(ctx, loaded, data)
    graph = trees.safety_graph(ctx, data, start=q.get("id"), questions=[(("question",), dict(q, danger=True))])
    trees.report_safety(ctx, loaded, graph)
