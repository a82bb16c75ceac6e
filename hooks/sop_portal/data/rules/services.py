"""services/*.yaml: id = file name, unique numbers, step ids unique and prefixed, referrals to another service."""

from __future__ import annotations

from sop_portal.data.rules.context import Context, items
from sop_portal.data.yamlload import Loaded


def define(ctx: Context) -> None:
    ctx.unreadable("service.schema.json", "service", "step")
    numbers: dict[int, str] = {}
    for loaded in ctx.data.of("service.schema.json"):
        svc = loaded.data if isinstance(loaded.data, dict) else {}
        sid = svc.get("id")
        ctx.define("service", sid, loaded, ("id",))
        ctx.check_file_name(loaded, sid)
        num = svc.get("number")
        if isinstance(num, int) and not isinstance(num, bool):
            if num in numbers:
                ctx.report(loaded, ("number",), "duplicate_number", value=num, other=numbers[num])
            else:
                numbers[num] = str(sid)
        for i, step in items(svc, "steps"):
            step_id = step.get("id")
            ctx.define("step", step_id, loaded, ("steps", i, "id"))
            if isinstance(step_id, str) and isinstance(sid, str) and "." in step_id:
                prefix, rest = step_id.split(".", 1)
                if prefix != sid:
                    ctx.report(loaded, ("steps", i, "id"), "step_prefix", value=step_id, service=sid, rest=rest)


def check_file(ctx: Context, loaded: Loaded) -> None:
    """Any file with ``referrals`` at its root (a service's)."""
    for ptr, node in ctx.mappings(loaded):
        if "to" in node and ptr[:1] == ("referrals",):
            ctx.resolve("service", node["to"], loaded, ptr + ("to",), "services/")
            own = loaded.data.get("id") if isinstance(loaded.data, dict) else None
            if node["to"] == own:
                ctx.report(loaded, ptr + ("to",), "self_referral", value=own)


def national_steps(ctx: Context) -> dict[str, dict]:
    """Step id -> step, of every national service (what a district adapts)."""
    steps: dict[str, dict] = {}
    for loaded in ctx.data.of("service.schema.json"):
        for _, step in items(loaded.data, "steps"):
            if isinstance(step.get("id"), str):
                steps[step["id"]] = step
    return steps
