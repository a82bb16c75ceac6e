"""What each marker's template is given, prepared before it renders: one builder per marker kind, in ``BUILDERS``.

A page holds markers ``<!-- sop:KIND [ID] -->``; render/markers.py renders each with ``overrides/sop/KIND.md.html``
and the context :func:`context` returns: what every template of the build shares (:func:`shared`: the portal, the
labels, where every page lives, every list of citations grouped) and what the kind's builder computes from the model
(contacts, routes, groups, counts with their singular or plural label, which optional pages exist). Templates only
lay these out, with the filters ``t``, ``date``, ``attr`` and ``mdurl`` and ``link`` (a page path, made relative to
the page being rendered); they call no Python of their own, look at no file and choose no plural.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from sop_portal import model as m
from sop_portal.messages.ui import ui_labels
from sop_portal.site import districts as districtsite
from sop_portal.site import pages
from sop_portal.views import content as views
from sop_portal.views import districts as district_views
from sop_portal.views import training
from sop_portal.views import trees as tree_views


@dataclass(frozen=True)
class Page:
    """One marker to render: the build's portal, the page the marker is on, its language, and what its id names."""

    portal: m.Portal
    src: str  # the page's source path, relative to docs/: layanan/pemulangan.md
    lang: str
    today: _dt.date
    docs_dir: Path | None = None  # where optional pages are looked for (tree pages the trainer kit links to)
    entity: Any = None  # the service, actor, tree or district entry named by the marker's id
    district_site: districtsite.DistrictSite | None = None  # every district, and which one this build is for

    @property
    def ui(self) -> dict:
        return ui_labels(self.lang)


@dataclass(frozen=True)
class Paths:
    """Where the pages templates link to live: source paths relative to docs/, written as ``link(path, anchor)``."""

    home: str
    contacts: str
    matrix: str
    about: str
    changelog: str
    legend: str
    service: dict[str, str]  # service id -> its chapter
    checklist: dict[str, str]  # service id -> its checklist
    actor: dict[str, str]  # actor id -> its page: every actor of the build has one
    tree: dict[str, str]  # tree id -> its page
    district_list: str
    district_changes: str  # district builds only
    district_profile: dict[str, str]  # slug -> the district's profile
    district_guide: str
    district_guide_build: str  # the anchor of the guide's section on building a district's site
    training_how_to: str
    training_agenda: str
    training_scenarios: str
    training_facilitator: str
    training_quiz: str
    training_quiz_answers: str
    training_commitment: str


def site_paths(portal: m.Portal, site: districtsite.DistrictSite | None = None) -> Paths:
    return Paths(
        home=pages.HOME,
        contacts=pages.CONTACTS,
        matrix=pages.MATRIX,
        about=pages.ABOUT,
        changelog=pages.CHANGELOG,
        legend=pages.LEGEND,
        service={s.id: pages.service_page(s.id) for s in portal.services},
        checklist={s.id: pages.checklist_page(s.id) for s in portal.services},
        actor={a: pages.actor_page(a) for a in portal.actors},
        tree={t.id: pages.tree_page(t.id) for t in portal.trees},
        district_list=districtsite.DISTRICTS_INDEX,
        district_changes=districtsite.CHANGES,
        district_profile={slug: districtsite.profile_page(slug) for slug in (site.entries if site else ())},
        district_guide=districtsite.GUIDE,
        district_guide_build=districtsite.GUIDE_BUILD_ANCHOR,
        training_how_to=training.HOW_TO,
        training_agenda=training.AGENDA,
        training_scenarios=training.SCENARIOS,
        training_facilitator=training.FACILITATOR,
        training_quiz=training.QUIZ,
        training_quiz_answers=training.QUIZ_ANSWERS,
        training_commitment=training.COMMITMENT,
    )


def shared(portal: m.Portal, lang: str, site: districtsite.DistrictSite | None = None) -> dict[str, Any]:
    """What every template of one build shares in one language (computed once per build and language):

    ``portal`` and ``ui`` (the labels); ``paths`` (:class:`Paths`); ``cited``, every list of citations of the build
    grouped by document (``cited[provenance.sources]``, :func:`views.citation_index`); ``service_by_id``."""
    return {
        "portal": portal,
        "lang": lang,
        "ui": ui_labels(lang),
        "paths": site_paths(portal, site),
        "cited": views.citation_index((portal, site), lang),
        "service_by_id": {s.id: s for s in portal.services},
    }


def context(kind: str, page: Page, common: dict[str, Any]) -> dict[str, Any]:
    """The whole context of one marker: the build's shared context, the page's path and what the kind's builder adds."""
    return {**common, "page_src": page.src, **BUILDERS[kind](page)}


# -- the builders, one per marker kind ---------------------------------------------------------------------


def _about(page: Page) -> dict:
    r = page.portal.regulation
    return {"regulation": r, "issuer": page.portal.actors.get(r.issuer) if r.issuer else None}


def _actor(page: Page) -> dict:
    actor = page.entity
    district = page.portal.district
    return {
        "actor_view": views.actor_view(page.portal, actor.id, page.today),
        "local_actor": district is not None and actor.id in district.local_actor_ids,
    }


def _actors(page: Page) -> dict:
    return {"levels": views.actor_index(page.portal)}


def _changelog(page: Page) -> dict:
    return {"releases": views.releases(page.portal.changelog), "sources": views.source_list(page.portal, page.lang)}


def _service_calls(page: Page, service: m.Service) -> views.ServiceCalls:
    return views.ServiceCalls(
        views.emergency_routes(page.portal, page.today), views.service_contacts(page.portal, service, page.today)
    )


def _checklist(page: Page) -> dict:
    service = page.entity
    return {
        "service": service,
        "service_calls": _service_calls(page, service),
        "not_applicable": district_views.not_applicable_steps(service),
    }


def _checklists(page: Page) -> dict:
    return {"chapters": views.chapter_index(page.portal, page.lang)}


def _contacts(page: Page) -> dict:
    return {
        "directory": views.directory(page.portal, page.today),
        "downloads": views.contact_downloads(page.portal, page.lang),
    }


def _danger(page: Page) -> dict:
    return {
        "routes": views.emergency_routes(page.portal, page.today),
        "case_trees": tuple(t for t in page.portal.trees if t.audience == "case"),
    }


def _district(page: Page) -> dict:
    site = page.district_site
    return {"profile": district_views.district_page(site, page.entity, page.today)}


def _district_changes(page: Page) -> dict:
    site = page.district_site
    base = page.portal.district.base_sop_version
    return {
        "profile": district_views.district_page(site, site.entry, page.today),
        "releases": views.releases(district_views.releases_since(page.portal, base)),
    }


def _districts(page: Page) -> dict:
    site = page.district_site
    return {"listing": district_views.listing(site), "current": site.current, "tree_page": site.tree_page}


def _downloads(page: Page) -> dict:
    return {
        "downloads": views.contact_downloads(page.portal, page.lang),
        # The downloads page is unduhan/index.html online and offline alike: data/ is one folder up from it, two
        # from its translation under en/.
        "data_root": "../" if page.lang == pages.DEFAULT_LANG else "../../",
        "feed_langs": pages.LANGS,
    }


def _flow(page: Page) -> dict:
    flow = views.flow(page.portal)
    return {"flow": flow, "flow_inferred": views.flow_has_inferred_lead(flow)}


def _glossary(page: Page) -> dict:
    return {"letters": views.glossary_letters(page.portal)}


def _hotlines(page: Page) -> dict:
    return {"hotlines": views.directory(page.portal, page.today).hotlines}


def _legend(page: Page) -> dict:
    return {"statuses": m.STATUSES}


def _matrix(page: Page) -> dict:
    return {"rows": views.matrix(page.portal), "inferred": views.matrix_has_inferred_lead(page.portal)}


def _review(page: Page) -> dict:
    portal = page.portal
    return {
        "review": views.review(portal),
        "statuses": m.STATUSES,
        "contacts_to_confirm": tuple(c for c in portal.public_contacts if c.review_note or not c.confirmed),
    }


def _service(page: Page) -> dict:
    service = page.entity
    by_id = {s.id: s for s in page.portal.services}
    return {
        "service": service,
        "service_calls": _service_calls(page, service),
        "status_counts": tuple((status, n) for status, n in service.status_counts().items() if n),
        "referrals_in": tuple((r, by_id[r.source_id]) for r in service.referrals_in),
        "referrals_out": tuple((r, by_id[r.to_id]) for r in service.referrals_out),
    }


def _services(page: Page) -> dict:
    return {"chapters": views.chapter_index(page.portal, page.lang), **_flow(page)}  # the flow is part of the page


# The site shows the signature rows as one table (print breaks it across pages); the handouts count rows per page.
SITE_SIGNATURE_ROWS_PER_PAGE = 1000


def _training_agenda(page: Page) -> dict:
    rows = training.agenda(page.portal)
    return {
        "agenda": rows,
        "span": training.agenda_span(page.portal),
        "sessions": views.count_text(len(rows), page.ui["training"]["sessions"]),
    }


def _training_commitment(page: Page) -> dict:
    return {"sheet": training.commitment_sheet(page.portal, SITE_SIGNATURE_ROWS_PER_PAGE)}


def _training_facilitator(page: Page) -> dict:
    # Tree outcomes are linked only where their page exists in docs/ (decided here, not in the template).
    return {"scenarios": training.scenario_views(page.portal, page.docs_dir)}


def _training_kit(page: Page) -> dict:
    workshop = page.portal.workshop
    cov = training.coverage(page.portal)
    labels = page.ui["training"]
    counts = {"scenarios": views.count_text(len(cov.scenarios), labels["scenarios_count"])}
    if workshop is not None:
        counts.update(
            sessions=views.count_text(len(workshop.agenda), labels["sessions"]),
            questions=views.count_text(len(workshop.quiz), labels["questions_count"]),
            commitments=views.count_text(len(workshop.commitment.commitments), labels["proposed_commitments"]),
            signature_rows=views.count_text(workshop.commitment.participant_rows, labels["signature_rows"]),
        )
    return {"coverage": cov, "span": training.agenda_span(page.portal), "counts": counts}


def _training_quiz(page: Page) -> dict:
    workshop = page.portal.workshop
    if workshop is None:
        return {"quiz": None, "quiz_count": ""}
    return {
        "quiz": workshop.quiz,
        "quiz_count": views.count_text(len(workshop.quiz), page.ui["training"]["questions_count"]),
    }


def _training_quiz_answers(page: Page) -> dict:
    workshop = page.portal.workshop
    return {"answers": None if workshop is None else tuple((q, training.letter(q.answer)) for q in workshop.quiz)}


def _training_scenarios(page: Page) -> dict:
    return {"scenarios": training.scenario_views(page.portal)}


def _tree(page: Page) -> dict:
    tv = tree_views.tree_view(page.portal, page.entity, page.today)
    labels = page.ui["trees"]
    return {
        "tv": tv,
        "nodes": {n.id: n for n in tv.nodes},
        "count_questions": views.count_text(len(tv.questions), labels["count_questions"]),
        "count_outcomes": views.count_text(len(tv.outcomes), labels["count_outcomes"]),
        "more_routes": {
            n.id: views.count_text(n.more_routes, labels["more_routes"]) for n in tv.nodes if n.more_routes
        },
        "diagram": tv.diagram(labels, page.lang),
    }


def _trees(page: Page) -> dict:
    return {"audiences": tree_views.tree_index(page.portal, page.ui["trees"])}


BUILDERS: dict[str, Callable[[Page], dict]] = {
    "about": _about,
    "actor": _actor,
    "actors": _actors,
    "changelog": _changelog,
    "checklist": _checklist,
    "checklists": _checklists,
    "contacts": _contacts,
    "danger": _danger,
    "district": _district,
    "district-changes": _district_changes,
    "districts": _districts,
    "downloads": _downloads,
    "flow": _flow,
    "glossary": _glossary,
    "hotlines": _hotlines,
    "legend": _legend,
    "matrix": _matrix,
    "review": _review,
    "service": _service,
    "services": _services,
    "training-agenda": _training_agenda,
    "training-commitment": _training_commitment,
    "training-facilitator": _training_facilitator,
    "training-kit": _training_kit,
    "training-quiz": _training_quiz,
    "training-quiz-answers": _training_quiz_answers,
    "training-scenarios": _training_scenarios,
    "tree": _tree,
    "trees": _trees,
}
