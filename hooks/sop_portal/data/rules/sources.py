"""sources.yaml and every citation: unique source ids, citations that resolve, a status its sources can carry."""

from __future__ import annotations

from sop_portal.data.rules.context import Context, items
from sop_portal.data.yamlload import Loaded

# Source kinds that can verify an item: the regulation, a law, an official text, an official report.
VERIFYING_KINDS = ("regulation", "law", "official", "report")


def define(ctx: Context) -> None:
    ctx.unreadable("sources.schema.json", "source")
    for loaded in ctx.data.of("sources.schema.json"):
        for i, src in items(loaded.data, "sources"):
            ctx.define("source", src.get("id"), loaded, ("sources", i, "id"))
            if isinstance(src.get("id"), str) and isinstance(src.get("kind"), str):
                ctx.source_kinds[src["id"]] = src["kind"]


def check_file(ctx: Context, loaded: Loaded) -> None:
    """Any file, national or district: every ``sources`` list it holds."""
    # (the root of sources.yaml defines sources, it does not cite them; every other root may cite)
    defines_sources = loaded in ctx.data.of("sources.schema.json")
    for ptr, node in ctx.mappings(loaded):
        if isinstance(node.get("sources"), list) and (ptr or not defines_sources):
            for i, cite in enumerate(node["sources"]):
                if isinstance(cite, dict) and "document" in cite:
                    ctx.resolve("source", cite["document"], loaded, ptr + ("sources", i, "document"), "sources.yaml")
            check_status(ctx, loaded, ptr, node)
        # A revoked document names the document that revoked it (sources.yaml only: the schema allows it there).
        by = node.get("revoked_by")
        if ptr[:1] == ("sources",) and len(ptr) == 2 and isinstance(by, dict) and "document" in by:
            ctx.resolve("source", by["document"], loaded, ptr + ("revoked_by", "document"), "sources.yaml")


def check_status(ctx: Context, loaded: Loaded, ptr: tuple, node: dict) -> None:
    """'verified' needs legal or official sources (once every cited source is known)."""
    status = node.get("status") if "status" in node else node.get("verification")
    docs = [c.get("document") for c in node["sources"] if isinstance(c, dict)]
    kinds = [ctx.source_kinds.get(d) for d in docs if isinstance(d, str)]
    if not kinds or None in kinds:
        return
    status_key = "status" if "status" in node else "verification"
    if status == "verified":
        # An item is no stronger than its weakest source: 'verified' needs every source to be a legal or
        # official text; one news report, summary or good-practice guide among them makes it 'secondary'.
        weaker = [d for d, k in zip(docs, kinds) if k not in VERIFYING_KINDS]
        if all(k == "good_practice" for k in kinds):
            ctx.report(loaded, ptr + (status_key,), "good_practice_verified")
        elif not any(k in ("regulation", "law", "official") for k in kinds):
            ctx.report(loaded, ptr + (status_key,), "status_source_mismatch")
        elif weaker:
            ctx.report(
                loaded,
                ptr + (status_key,),
                "status_above_sources",
                source=weaker[0],
                kind=ctx.source_kinds[weaker[0]],
            )
