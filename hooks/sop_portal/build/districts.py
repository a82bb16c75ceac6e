"""District profiles: a light tailoring of the national SOP (like an OSCAL profile over a catalog).

Layout of one district, ``sop_data/districts/<slug>/``:

    profile.yaml             identity, base national version, local actor names, local actors, changes to steps
    contacts.yaml            local contacts and hotlines (optional; contact schema)
    decision_trees/*.yaml    local variants of national trees (same id replaces) or new trees (optional)

Validation runs inside ``validate.validate`` so ``sop validate`` checks the nation and every district at once;
resolution (``resolve``) turns the national model into the district's.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from sop_portal import model as m
from sop_portal.data.problems import Problem
from sop_portal.data.yamlload import Loaded, load_file

SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,62}$")
PROFILE = "profile.yaml"
CONTACTS = "contacts.yaml"


def slug_problem(slug: str) -> str | None:
    """Why a slug is unsafe as a folder name and URL part, or None when it is fine."""
    if not slug or not SLUG_RE.match(slug) or "--" in slug or slug.endswith("-"):
        return "bad_slug"
    return None


@dataclass
class DistrictFiles:
    slug: str
    root: Path
    profile: Loaded | None = None
    contacts: Loaded | None = None
    trees: list[Loaded] = field(default_factory=list)

    @property
    def all(self) -> list[Loaded]:
        return [f for f in (self.profile, self.contacts, *self.trees) if f is not None]


def district_slugs(data_root: str | Path) -> list[str]:
    """The districts a data folder holds (its folders under districts/), without reading their files."""
    base = Path(data_root) / "districts"
    return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []


def discover(data_root: Path) -> tuple[dict[str, DistrictFiles], list[Problem]]:
    base = data_root / "districts"
    found: dict[str, DistrictFiles] = {}
    problems: list[Problem] = []
    if not base.is_dir():
        return found, problems
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        files = DistrictFiles(folder.name, folder)
        if slug_problem(folder.name):
            problems.append(Problem.at(folder / PROFILE, 1, 1, "bad_slug", value=folder.name))
        profile = folder / PROFILE
        if profile.is_file():
            files.profile = load_file(profile)
        else:
            problems.append(
                Problem.at(
                    profile,
                    1,
                    1,
                    "missing_file",
                    file=f"districts/{folder.name}/{PROFILE}",
                    schema="district.schema.json",
                )
            )
        if (folder / CONTACTS).is_file():
            files.contacts = load_file(folder / CONTACTS)
        files.trees = [load_file(p) for p in sorted((folder / "decision_trees").glob("*.yaml"))]
        found[folder.name] = files
    return found, problems


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


# --------------------------------------------------------------------------------------------------
# Resolution: national model + profile -> district model


@dataclass(frozen=True)
class Change:
    """A local change as the site shows it: what, why, and the national text it adapts."""

    action: str  # annotate | modify | not_applicable | add
    step_id: str
    service_id: str
    rationale: m.Text
    national_text: m.Text | None = None  # the current national text (None for added steps)
    local_text: m.Text | None = None
    note: m.Text | None = None
    national_actors: tuple[m.Actor, ...] = ()
    provenance: m.Provenance | None = None


@dataclass(frozen=True)
class District:
    slug: str
    name: m.Text
    province: m.Text
    base_sop_version: str
    changes: tuple[Change, ...]
    adopted: m.Fact | None = None
    open_items: tuple[m.OpenItem, ...] = ()
    local_actor_ids: tuple[str, ...] = ()
    renamed_actor_ids: tuple[str, ...] = ()
    local_tree_ids: tuple[str, ...] = ()
    local_contact_ids: tuple[str, ...] = ()


def resolve(portal: m.Portal, files: DistrictFiles, builder) -> m.Portal:
    """The district's portal: local names, local actors and contacts, changed steps, local trees."""
    prof = files.profile.data
    actors = dict(portal.actors)
    for entry in prof.get("actor_names", []):
        national = actors[entry["actor"]]
        actors[entry["actor"]] = dataclasses.replace(
            # The national abbreviation names the national body ("KemenPPPA"): a local name without its own
            # abbreviation is shown in full, or every step would still list the national body.
            national,
            name=builder.text(entry["name"]),
            abbr=entry.get("abbr"),
            national_name=national.name,
        )
    local_ids = []
    for raw in prof.get("actors", []):
        actors[raw["id"]] = builder.actor(raw)
        local_ids.append(raw["id"])
    builder.actors = actors

    def relabel(step: m.Step) -> m.Step:
        return dataclasses.replace(step, actors=tuple(actors[a.id] for a in step.actors))

    changes_by_step = {c["step"]: c for c in prof.get("changes", []) if c["action"] != "add"}
    adds: dict[str, list[dict]] = {}
    for c in prof.get("changes", []):
        if c["action"] == "add":
            adds.setdefault(c["after"], []).append(c)

    resolved_changes: list[Change] = []
    services = []
    for svc in portal.services:
        steps: list[m.Step] = []

        def emit_adds(after_id: str) -> None:  # noqa: B023 - called within this iteration only
            for c in adds.get(after_id, []):
                if c["id"].split(".", 1)[0] != svc.id:  # noqa: B023
                    continue
                change = Change(
                    "add",
                    c["id"],
                    svc.id,  # noqa: B023
                    builder.text(c["rationale"]),
                    local_text=builder.text(c["text"]),
                    provenance=builder.prov(c),
                )
                step = dataclasses.replace(builder.step(c, 0, svc.id), change=change)  # noqa: B023
                steps.append(step)  # noqa: B023
                resolved_changes.append(change)
                emit_adds(c["id"])

        for step in svc.steps:
            step = relabel(step)
            raw = changes_by_step.get(step.id)
            if raw:
                change = Change(
                    raw["action"],
                    step.id,
                    svc.id,
                    builder.text(raw["rationale"]),
                    national_text=step.text,
                    local_text=m.Text.of(raw.get("text")),
                    note=m.Text.of(raw.get("note")),
                    national_actors=step.actors,
                    provenance=builder.prov(raw) if "status" in raw else None,
                )
                resolved_changes.append(change)
                if raw["action"] == "modify":
                    # The local text replaces the national one, so its own source replaces the national source.
                    step = dataclasses.replace(
                        step,
                        text=builder.text(raw["text"]),
                        provenance=builder.prov(raw),
                        actors=tuple(actors[a] for a in raw.get("actors", [])) or step.actors,
                        output=m.Text.of(raw.get("output")) or step.output,
                    )
                step = dataclasses.replace(step, change=change)
            steps.append(step)
            emit_adds(step.id)
        numbered = tuple(dataclasses.replace(s, number=i) for i, s in enumerate(steps, start=1))
        services.append(
            dataclasses.replace(
                svc,
                steps=numbered,
                lead=tuple(actors[a.id] for a in svc.lead),
            )
        )
    services = builder.with_referrals_in(services)

    local_contacts = tuple(builder.contact(c) for c in (files.contacts.data["contacts"] if files.contacts else []))
    national_contacts = tuple(
        dataclasses.replace(c, actor=actors.get(c.actor.id) if c.actor else None) for c in portal.contacts
    )
    local_trees = {t.data["id"]: builder.tree(t.data) for t in files.trees}
    local_trees_ids = list(local_trees)
    trees = tuple(local_trees.pop(t.id, t) for t in portal.trees) + tuple(local_trees.values())

    district = District(
        slug=files.slug,
        name=builder.text(prof["name"]),
        province=builder.text(prof["province"]),
        base_sop_version=prof["base_sop_version"],
        changes=tuple(resolved_changes),
        adopted=builder.fact(prof["adopted"]) if prof.get("adopted") else None,
        open_items=builder.open_items(prof.get("open_items"), files.slug),
        local_actor_ids=tuple(local_ids),
        renamed_actor_ids=tuple(e["actor"] for e in prof.get("actor_names", [])),
        local_tree_ids=tuple(local_trees_ids),
        local_contact_ids=tuple(c.id for c in local_contacts),
    )
    return dataclasses.replace(
        portal,
        actors=actors,
        services=tuple(services),
        contacts=local_contacts + national_contacts,
        trees=tuple(sorted(trees, key=lambda t: (t.order, t.id))),
        district=district,
    )
