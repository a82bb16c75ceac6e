"""Anchorable items in any file (open items, facts, legal basis, definitions, …): one namespace of unique ids."""

from __future__ import annotations

from sop_portal.data.rules.context import Context

# The lists whose entries may carry an ``id`` that pages link to as an anchor.
ANCHORED = (
    "open_items",
    "legal_basis",
    "definitions",
    "principles",
    "rights",
    "entry_criteria",
    "outputs",
    "adaptable",
    "facts",
)


def define(ctx: Context) -> None:
    for loaded in ctx.files():
        for ptr, node in ctx.values(loaded):
            if ptr and ptr[-1] in ANCHORED and isinstance(node, list):
                for i, item in enumerate(node):
                    if isinstance(item, dict) and "id" in item:
                        ctx.define("item", item["id"], loaded, ptr + (i, "id"))
