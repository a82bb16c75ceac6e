"""The SOP itself as one JSON document, in both languages: ``sop export sop --format json`` and the site's
``data/sop.json``, described by ``schemas/sop-export.schema.json`` (JSON Schema 2020-12, published beside it).

What it holds: the regulation, its legal basis, definitions, principles and rights; every chapter with its steps
(their stable ids), the actors of each step, deadlines, outputs and public notes; referrals between chapters; the
actors with their role per chapter; open items; the sources every fact cites and its verification status; the
changelog and ``sop_version``. A district's export (``--district``) is that district's SOP: local names, local
actors, and each locally changed step with its change and rationale.

Every reader-facing text is an object ``{"id": …, "en": …}``. Provenance is ``{"status", "sources": [{"source",
"article", "page"}]}``, each ``source`` the id of an entry of ``sources``. Contacts are not here: the directory has
its own exports (CSV, vCard, HSDS 3.0). Nothing here is an editorial note: contacts' review notes are never read.

Step ids are a promise (``tests/fixtures/published_step_ids.json``): a published id keeps its step, and a step that
goes or changes says so in the changelog.
"""

from __future__ import annotations

import json
from importlib import resources

from sop_portal import model as m

FORMAT = "sop-tppo/sop"
FORMAT_VERSION = 1
SCHEMA_NAME = "sop-export.schema.json"


def schema_text() -> str:
    """The JSON Schema of the export, as published beside ``data/sop.json``."""
    return resources.files("sop_portal").joinpath("schemas", SCHEMA_NAME).read_text(encoding="utf-8")


def schema() -> dict:
    return json.loads(schema_text())


def text(value: m.Text | None) -> dict | None:
    return {"id": value.id, "en": value.en} if value is not None else None


def citation(c: m.Citation) -> dict:
    return {"source": c.document.id, "article": c.article, "page": c.page}


def provenance(p: m.Provenance) -> dict:
    return {"status": p.status, "sources": [citation(c) for c in p.sources]}


def fact(f: m.Fact) -> dict:
    return {"id": f.id, "text": text(f.text), "note": text(f.note), "provenance": provenance(f.provenance)}


def deadline(d: m.Deadline | None) -> dict | None:
    if d is None:
        return None
    return {"text": text(d.text), "days": d.days, "hours": d.hours, "sources": [citation(c) for c in d.sources]}


def local_change(change) -> dict | None:
    """A district's change to a step (districts.Change): what, why, and the national text it adapts."""
    if not change:
        return None
    return {
        "action": change.action,
        "rationale": text(change.rationale),
        "national_text": text(change.national_text),
        "local_text": text(change.local_text),
        "note": text(change.note),
        "national_actors": [a.id for a in change.national_actors],
        "provenance": provenance(change.provenance) if change.provenance else None,
    }


def step(s: m.Step) -> dict:
    return {
        "id": s.id,
        "number": s.number,
        "text": text(s.text),
        "actors": [a.id for a in s.actors],
        "checklist": s.checklist,
        "mandatory": s.mandatory,
        "applies_when": text(s.applies_when),
        "deadline": deadline(s.deadline),
        "output": text(s.output),
        "note": text(s.note),
        "provenance": provenance(s.provenance),
        "local_change": local_change(s.change),
    }


def open_item(i: m.OpenItem) -> dict:
    return {"id": i.id, "owner": i.owner, "text": text(i.text), "where_to_find": text(i.where_to_find)}


def chapter(svc: m.Service) -> dict:
    return {
        "id": svc.id,
        "number": svc.number,
        "kind": svc.kind,
        "title": text(svc.title),
        "short_title": text(svc.short_title),
        "purpose": fact(svc.purpose),
        "lead": {
            "actors": [a.id for a in svc.lead],
            "note": text(svc.lead_note),
            "provenance": provenance(svc.lead_provenance),
        },
        "legal_basis": [fact(f) for f in svc.legal_basis],
        "entry_criteria": [fact(f) for f in svc.entry_criteria],
        "steps": [step(s) for s in svc.steps],
        "outputs": [fact(f) for f in svc.outputs],
        "special_cases": [
            {"case": c.case, "text": text(c.text), "provenance": provenance(c.provenance)} for c in svc.special_cases
        ],
        "adaptable": [fact(f) for f in svc.adaptable],
        "open_items": [i.id for i in svc.open_items],
    }


def actor(a: m.Actor, roles: dict[str, str]) -> dict:
    return {
        "id": a.id,
        "name": text(a.name),
        "abbr": a.abbr,
        "level": a.level,
        "type": a.type,
        "parent": a.parent,
        "description": text(a.description),
        "note": text(a.note),
        "national_name": text(a.national_name),
        "roles": dict(roles),
        "provenance": provenance(a.provenance),
    }


def source(d: m.SourceDoc) -> dict:
    return {
        "id": d.id,
        "kind": d.kind,
        "title": text(d.title),
        "publisher": d.publisher,
        "url": d.url,
        "published_on": d.published_on,
        "accessed_on": d.accessed_on,
        "note": text(d.note),
    }


def district(portal: m.Portal) -> dict | None:
    d = portal.district
    if d is None:
        return None
    return {
        "slug": d.slug,
        "name": text(d.name),
        "province": text(d.province),
        "base_sop_version": d.base_sop_version,
        "changed_steps": [c.step_id for c in d.changes],
        "local_actors": list(d.local_actor_ids),
        "renamed_actors": list(d.renamed_actor_ids),
    }


def document(portal: m.Portal) -> dict:
    """The whole SOP (a district's, on a district portal) as plain JSON values."""
    reg = portal.regulation
    matrix = portal.matrix()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema": SCHEMA_NAME,
        "sop_version": portal.sop_version,
        "released_on": portal.released_on,
        "schema_version": portal.schema_version,
        "district": district(portal),
        "regulation": {
            "short_title": text(reg.short_title),
            "title": text(reg.title),
            "number": reg.number,
            "year": reg.year,
            "issuer": reg.issuer,
            "facts": [fact(f) for f in reg.facts],
            "provenance": provenance(reg.provenance),
        },
        "legal_basis": [
            {
                "id": x.id,
                "title": text(x.title),
                "subject": text(x.subject),
                "in_mengingat": x.in_mengingat,
                "note": text(x.note),
                "provenance": provenance(x.provenance),
            }
            for x in portal.legal_basis
        ],
        "definitions": [
            {"id": d.id, "term": text(d.term), "text": text(d.text), "provenance": provenance(d.provenance)}
            for d in portal.definitions
        ],
        "principles": [fact(f) for f in portal.principles],
        "rights": [fact(f) for f in portal.rights],
        "chapters": [chapter(s) for s in portal.services],
        "referrals": [
            {"from": r.source_id, "to": r.to_id, "when": text(r.when), "provenance": provenance(r.provenance)}
            for svc in portal.services
            for r in svc.referrals_out
        ],
        "actors": [actor(a, matrix.get(a.id, {})) for a in portal.actors.values()],
        "open_items": [open_item(i) for i in portal.all_open_items],
        "sources": [source(d) for d in portal.sources.values()],
        "changelog": [
            {"version": r.version, "date": r.date, "changes": [text(c) for c in r.changes]} for r in portal.changelog
        ],
    }


def to_json(portal: m.Portal) -> str:
    """Compact (no indentation): the published copy is a download, and a quarter smaller this way."""
    return json.dumps(document(portal), ensure_ascii=False, separators=(",", ":")) + "\n"


def step_ids(portal: m.Portal) -> dict[str, dict]:
    """Every step's id and text (both languages), as recorded for a released ``sop_version``."""
    return {s.id: {"id": s.text.id, "en": s.text.en} for svc in portal.services for s in svc.steps}
