"""glossary.yaml: unique term ids."""

from __future__ import annotations

from sop_portal.data.rules.context import Context, items


def define(ctx: Context) -> None:
    ctx.unreadable("glossary.schema.json", "term")
    for loaded in ctx.data.of("glossary.schema.json"):
        for i, t in items(loaded.data, "terms"):
            ctx.define("term", t.get("id"), loaded, ("terms", i, "id"))
