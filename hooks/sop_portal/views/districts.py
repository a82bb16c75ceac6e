"""What the district pages show, prepared for the templates: the banner of a district site, a district's changes by
chapter, its renamed and local actors, the steps it left out, and the national list of districts.

The district site itself (stub pages, nav, which district this build is for) is site/districts.py.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from sop_portal import model as m
from sop_portal.build.districts import Change, version_tuple
from sop_portal.messages.ui import ui_labels
from sop_portal.site.districts import CHANGES, DistrictEntry, DistrictSite
from sop_portal.views.content import ContactCard, contact_card

# -- the banner of a district site ---------------------------------------------------------------------------


def banner(portal: m.Portal, lang: str) -> dict | None:
    """What overrides/main.html shows on every page of a district site (None on the national site)."""
    district = portal.district
    if district is None:
        return None
    labels = ui_labels(lang)["districts"]
    return {
        "label": labels["banner_label"],
        "text": labels["banner"].format(
            name=district.name.get(lang), province=district.province.get(lang), version=district.base_sop_version
        ),
        "link": labels["banner_link"],
        "url": CHANGES[: -len(".md")] + "/",
    }


# -- the district pages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeView:
    change: Change
    step: m.Step  # the step as this district shows it (anchor, number)


@dataclass(frozen=True)
class ServiceChanges:
    service: m.Service
    changes: tuple[ChangeView, ...]


def changes_by_service(portal: m.Portal) -> tuple[ServiceChanges, ...]:
    """A district's changes grouped by chapter, in SOP order, each with the step it marks."""
    district = portal.district
    if district is None:
        return ()
    by_step = {c.step_id: c for c in district.changes}
    groups = []
    for svc in portal.services:
        views = tuple(ChangeView(by_step[s.id], s) for s in svc.steps if s.id in by_step)
        if views:
            groups.append(ServiceChanges(svc, views))
    return tuple(groups)


def releases_since(portal: m.Portal, base: str) -> tuple[m.Release, ...]:
    """National releases newer than the version a district profile was written against."""
    floor = version_tuple(base)
    return tuple(r for r in portal.changelog if version_tuple(r.version) > floor)


@dataclass(frozen=True)
class ActorChange:
    actor: m.Actor
    national_name: m.Text | None  # None for an actor that exists only in the district


def actor_changes(portal: m.Portal) -> tuple[tuple[ActorChange, ...], tuple[ActorChange, ...]]:
    """(renamed national actors, local actors) of a district portal."""
    district = portal.district
    if district is None:
        return (), ()
    renamed = tuple(ActorChange(portal.actors[a], portal.actors[a].national_name) for a in district.renamed_actor_ids)
    local = tuple(ActorChange(portal.actors[a], None) for a in district.local_actor_ids)
    return renamed, local


@dataclass(frozen=True)
class LocalParts:
    """What a district has of its own: local names of national actors, local actors, contacts, trees, open items."""

    renamed: tuple[ActorChange, ...]
    local: tuple[ActorChange, ...]
    contacts: tuple[ContactCard, ...]  # public ones only (DistrictEntry.local_contacts)
    trees: tuple[m.DecisionTree, ...]
    open_items: tuple[m.OpenItem, ...]


def local_parts(entry: DistrictEntry, today: _dt.date) -> LocalParts:
    renamed, local = actor_changes(entry.portal)
    return LocalParts(
        renamed,
        local,
        tuple(contact_card(c, today) for c in entry.local_contacts),
        tuple(entry.portal.tree(t) for t in entry.district.local_tree_ids),
        entry.district.open_items,
    )


@dataclass(frozen=True)
class DistrictPage:
    """One district as its profile page and (on its own site) its changes page show it."""

    entry: DistrictEntry
    here: bool  # this build is the district's own site: its changed steps and local actors have pages to link to
    changes: tuple[ServiceChanges, ...]
    parts: LocalParts
    tree_page: str | None  # the adaptation tree's page, once the build has it (DistrictSite.tree_page)


def district_page(site: DistrictSite, entry: DistrictEntry, today: _dt.date) -> DistrictPage:
    return DistrictPage(
        entry, site.current == entry.slug, changes_by_service(entry.portal), local_parts(entry, today), site.tree_page
    )


def not_applicable_steps(service: m.Service) -> tuple[m.Step, ...]:
    """Checklist steps a district marked not applicable: left out of its checklist, named under it."""
    return tuple(s for s in service.steps if s.checklist and s.not_applicable)


@dataclass(frozen=True)
class Listing:
    entries: tuple[DistrictEntry, ...]
    totals: dict[str, int] = field(default_factory=dict)


def listing(site: DistrictSite) -> Listing:
    entries = tuple(site.entries.values())
    return Listing(entries, {"districts": len(entries), "changes": sum(len(e.district.changes) for e in entries)})
