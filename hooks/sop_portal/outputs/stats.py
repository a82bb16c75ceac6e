"""Counts over the SOP content: what is encoded, how much is verified, what is still open."""

from __future__ import annotations

from sop_portal.model import STATUSES, Portal


def portal_stats(portal: Portal) -> dict:
    chapters = []
    for svc in portal.services:
        chapters.append(
            {
                "id": svc.id,
                "number": svc.number,
                "title": {"id": svc.title.id, "en": svc.title.en},
                "steps": len(svc.steps),
                "checklist": len(svc.checklist),
                "status": svc.status_counts(),
                "open_items": len(svc.open_items),
            }
        )
    total = {
        "steps": sum(c["steps"] for c in chapters),
        "checklist": sum(c["checklist"] for c in chapters),
        "status": {s: sum(c["status"][s] for c in chapters) for s in STATUSES},
    }
    return {
        "sop_version": portal.sop_version,
        "chapters": chapters,
        "total": total,
        "actors": len(portal.actors),
        "glossary_terms": len(portal.glossary),
        "contacts": len(portal.contacts),
        "open_items": [
            {"id": i.id, "owner": i.owner, "text": {"id": i.text.id, "en": i.text.en}} for i in portal.all_open_items
        ],
    }
