"""training/: scenario ids and answer keys (services, steps, tree outcomes), the workshop's agenda and quiz."""

from __future__ import annotations

import difflib

from sop_portal.data.rules.context import Context, items
from sop_portal.data.yamlload import Loaded


def define(ctx: Context) -> None:
    ctx.unreadable("scenario.schema.json", "scenario")
    for loaded in ctx.data.of("scenario.schema.json"):
        sc = loaded.data if isinstance(loaded.data, dict) else {}
        ctx.define("scenario", sc.get("id"), loaded, ("id",))
        ctx.check_file_name(loaded, sc.get("id"))


def check(ctx: Context) -> None:
    for loaded in ctx.data.of("scenario.schema.json"):
        check_scenario(ctx, loaded)
    for loaded in ctx.data.of("training.schema.json"):
        check_workshop(ctx, loaded)


def check_scenario(ctx: Context, loaded: Loaded) -> None:
    sc = loaded.data if isinstance(loaded.data, dict) else {}
    for j, sid in enumerate(sc.get("services") if isinstance(sc.get("services"), list) else []):
        ctx.resolve("service", sid, loaded, ("services", j), "services/")
    seen: dict[str, int] = {}
    for i, q in items(sc, "questions"):
        qid = q.get("id")
        if isinstance(qid, str):
            if qid in seen:
                ctx.report(
                    loaded,
                    ("questions", i, "id"),
                    "duplicate_id",
                    kind="question",
                    value=qid,
                    other=f"{loaded.path.name}:{loaded.where(('questions', seen[qid], 'id'))[0]}",
                )
            seen.setdefault(qid, i)
        for j, step in enumerate(q.get("steps") if isinstance(q.get("steps"), list) else []):
            ctx.resolve("step", step, loaded, ("questions", i, "steps", j), "services/")
        for j, ref in items(q, "outcomes"):
            tree, outcome = ref.get("tree"), ref.get("outcome")
            if isinstance(tree, str) and tree not in ctx.defs.get("tree", {}):
                ctx.resolve("tree", tree, loaded, ("questions", i, "outcomes", j, "tree"), "decision_trees/")
            elif isinstance(tree, str) and isinstance(outcome, str):
                key = f"{tree}/{outcome}"
                if key not in ctx.defs.get("outcome", {}) and "outcome" not in ctx.incomplete:
                    known = [k.split("/", 1)[1] for k in ctx.defs.get("outcome", {}) if k.startswith(tree + "/")]
                    match = difflib.get_close_matches(outcome, known, n=1, cutoff=0.6)
                    ctx.report(
                        loaded,
                        ("questions", i, "outcomes", j, "outcome"),
                        "unknown_ref",
                        kind="outcome",
                        value=outcome,
                        suggestion=match[0] if match else "",
                        where=f"decision_trees/{tree}.yaml",
                    )


def check_workshop(ctx: Context, loaded: Loaded) -> None:
    data = loaded.data if isinstance(loaded.data, dict) else {}
    steps_with_deadline = set()
    for group in ctx.data.of("service.schema.json"):
        for _, step in items(group.data, "steps"):
            if step.get("deadline") and isinstance(step.get("id"), str):
                steps_with_deadline.add(step["id"])
    for i, session in items(data, "agenda"):
        for j, sid in enumerate(session.get("services") if isinstance(session.get("services"), list) else []):
            ctx.resolve("service", sid, loaded, ("agenda", i, "services", j), "services/")
        for j, sid in enumerate(session.get("scenarios") if isinstance(session.get("scenarios"), list) else []):
            ctx.resolve("scenario", sid, loaded, ("agenda", i, "scenarios", j), "training/scenarios/")
    for i, q in items(data, "quiz"):
        step = q.get("step")
        ctx.resolve("step", step, loaded, ("quiz", i, "step"), "services/")
        if (
            q.get("ask") == "deadline"
            and isinstance(step, str)
            and step in ctx.defs.get("step", {})
            and step not in steps_with_deadline
        ):
            ctx.report(loaded, ("quiz", i, "ask"), "quiz_no_deadline", value=step)
