"""actors.yaml and every actor reference in any file: unique actor ids, references to a known actor."""

from __future__ import annotations

from sop_portal.data.rules.context import Context, items
from sop_portal.data.yamlload import Loaded


def define(ctx: Context) -> None:
    ctx.unreadable("actor.schema.json", "actor")
    for loaded in ctx.data.of("actor.schema.json"):
        define_file(ctx, loaded)


def define_file(ctx: Context, loaded: Loaded) -> None:
    """The actors a file lists at its root: actors.yaml, or a district profile's local actors."""
    for i, actor in items(loaded.data, "actors"):
        ctx.define("actor", actor.get("id"), loaded, ("actors", i, "id"))


def check_file(ctx: Context, loaded: Loaded) -> None:
    """Any file, national or district."""
    for ptr, node in ctx.mappings(loaded):
        if isinstance(node.get("actors"), list) and (ptr and (isinstance(ptr[-1], int) or ptr[-1] == "lead")):
            for i, ref in enumerate(node["actors"]):
                ctx.resolve("actor", ref, loaded, ptr + ("actors", i), "actors.yaml")
        if "actor" in node and isinstance(ptr[-1] if ptr else None, int):
            ctx.resolve("actor", node["actor"], loaded, ptr + ("actor",), "actors.yaml")
        if "parent" in node and ptr[:1] == ("actors",):
            ctx.resolve("actor", node["parent"], loaded, ptr + ("parent",), "actors.yaml")
