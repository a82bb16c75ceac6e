"""districts/<slug>/: local actors and contacts, tree file names, and the profile's changes against the national SOP."""

from __future__ import annotations

from sop_portal.build import districts as _districts
from sop_portal.data.rules import actors, contacts
from sop_portal.data.rules.context import Context, items
from sop_portal.data.yamlload import Loaded


def define(ctx: Context, files: _districts.DistrictFiles) -> None:
    """The district's own actors (in its profile) and contacts, beside the national ones."""
    if files.profile is not None:
        actors.define_file(ctx, files.profile)
    if files.contacts is not None:
        contacts.define_file(ctx, files.contacts)


def check(ctx: Context, files: _districts.DistrictFiles, national_steps: dict, national_version) -> None:
    """The district's trees are named for their files; its profile against the national SOP it is based on."""
    for loaded in files.trees:
        ctx.check_file_name(loaded, loaded.data.get("id") if isinstance(loaded.data, dict) else None)
    prof = files.profile
    if prof is not None and isinstance(prof.data, dict):
        check_profile(ctx, prof, prof.data, files.slug, national_steps, national_version)


def check_profile(
    ctx: Context, prof: Loaded, data: dict, folder: str, national_steps: dict[str, dict], national_version
) -> None:
    """The slug is the folder; the base version against the national one; each change to a national step."""
    slug = data.get("slug")
    if isinstance(slug, str) and slug != folder:
        ctx.report(prof, ("slug",), "district_slug_mismatch", value=slug, folder=folder)
    base = data.get("base_sop_version")
    older = False
    try:
        if isinstance(base, str) and isinstance(national_version, str):
            b, n = _districts.version_tuple(base), _districts.version_tuple(national_version)
            if b > n:
                ctx.report(prof, ("base_sop_version",), "district_base_newer", value=base, national=national_version)
            older = b < n
    except ValueError:
        pass  # the schema reports a malformed version
    if older:
        ctx.report(
            prof,
            ("base_sop_version",),
            "district_base_outdated",
            severity="warning",
            value=base,
            national=national_version,
        )
    seen: dict[str, tuple] = {}
    local_steps: set[str] = set()
    for i, change in items(data, "changes"):
        action, step_id = change.get("action"), change.get("step")
        ptr = ("changes", i)
        if action in ("annotate", "modify", "not_applicable") and isinstance(step_id, str):
            if step_id in seen:
                other = f"{prof.path.name}:{prof.where(seen[step_id])[0]}"
                ctx.report(prof, ptr + ("step",), "duplicate_change", value=step_id, other=other)
            seen.setdefault(step_id, ptr + ("step",))
            national = national_steps.get(step_id)
            if national is None:
                if older:
                    ctx.report(
                        prof,
                        ptr + ("step",),
                        "district_step_gone",
                        severity="warning",
                        value=step_id,
                        national=national_version,
                        base=base,
                    )
                else:
                    ctx.resolve("step", step_id, prof, ptr + ("step",), "services/")
                continue
            if national.get("mandatory") is True and action == "not_applicable":
                ctx.report(prof, ptr + ("action",), "mandatory_step_removed", value=step_id)
            if national.get("mandatory") is True and action == "modify":
                ctx.report(prof, ptr + ("action",), "mandatory_step_modified", value=step_id)
            recorded = change.get("national_text")
            if isinstance(recorded, dict) and recorded != national.get("text"):
                ctx.report(
                    prof,
                    ptr + ("national_text",),
                    "district_step_changed",
                    severity="warning",
                    value=step_id,
                    national=national_version,
                    base=base,
                )
            elif recorded is None and older:
                ctx.report(
                    prof,
                    ptr + ("step",),
                    "district_review_unknown",
                    severity="warning",
                    value=step_id,
                    national=national_version,
                    base=base,
                )
        if action == "add":
            new_id, after = change.get("id"), change.get("after")
            if isinstance(after, str) and after not in national_steps and after not in local_steps:
                ctx.resolve("step", after, prof, ptr + ("after",), "services/")
            if isinstance(new_id, str) and isinstance(after, str) and "." in after:
                service = after.split(".", 1)[0]
                if new_id.split(".", 1)[0] != service:
                    ctx.report(prof, ptr + ("id",), "add_prefix_mismatch", value=new_id, service=service, slug=folder)
                ctx.define("step", new_id, prof, ptr + ("id",))
                local_steps.add(new_id)
