"""`sop diff`: a district's changes against the national baseline, as data (JSON) or text."""

from __future__ import annotations

from sop_portal import model as m


def _t(text: m.Text | None) -> dict | None:
    return {"id": text.id, "en": text.en} if text else None


def district_diff(national: m.Portal, district: m.Portal) -> dict:
    d = district.district
    renamed = [
        {"actor": a, "national": _t(national.actors[a].name), "local": _t(district.actors[a].name)}
        for a in d.renamed_actor_ids
    ]
    local_actors = [{"id": a, "name": _t(district.actors[a].name)} for a in d.local_actor_ids]
    changes = [
        {
            "action": c.action,
            "step": c.step_id,
            "service": c.service_id,
            "national_text": _t(c.national_text),
            "local_text": _t(c.local_text),
            "note": _t(c.note),
            "rationale": _t(c.rationale),
        }
        for c in d.changes
    ]
    national_trees = {t.id for t in national.trees}
    return {
        "district": d.slug,
        "name": _t(d.name),
        "base_sop_version": d.base_sop_version,
        "national_sop_version": national.sop_version,
        "actor_names": renamed,
        "local_actors": local_actors,
        "changes": changes,
        "local_contacts": [
            {"id": c.id, "organisation": _t(c.organisation), "hotline": c.hotline, "public": c.public}
            for c in district.contacts
            if c.id in d.local_contact_ids
        ],
        "trees": [{"id": tid, "replaces_national": tid in national_trees} for tid in d.local_tree_ids],
    }


def format_diff(diff: dict, lang: str, labels: dict) -> str:
    L = labels
    lines = [
        L["diff_header"].format(
            name=diff["name"][lang], base=diff["base_sop_version"], national=diff["national_sop_version"]
        )
    ]
    if diff["base_sop_version"] != diff["national_sop_version"]:
        lines.append("  " + L["diff_version_differs"])
    lines.append("")
    lines.append(L["diff_actor_names"].format(count=len(diff["actor_names"])))
    for r in diff["actor_names"]:
        lines.append(f"  ~ {r['actor']}: {r['national'][lang]} → {r['local'][lang]}")
    lines.append(L["diff_local_actors"].format(count=len(diff["local_actors"])))
    for a in diff["local_actors"]:
        lines.append(f"  + {a['id']}: {a['name'][lang]}")
    lines.append(L["diff_changes"].format(count=len(diff["changes"])))
    marks = {"annotate": "!", "modify": "~", "not_applicable": "-", "add": "+"}
    for c in diff["changes"]:
        lines.append(f"  {marks[c['action']]} {c['step']} [{L['action_' + c['action']]}]")
        if c["national_text"]:
            lines.append(f"      {L['diff_national']}: {c['national_text'][lang]}")
        if c["local_text"]:
            lines.append(f"      {L['diff_local']}: {c['local_text'][lang]}")
        if c["note"]:
            lines.append(f"      {L['diff_note']}: {c['note'][lang]}")
        lines.append(f"      {L['diff_rationale']}: {c['rationale'][lang]}")
    lines.append(L["diff_contacts"].format(count=len(diff["local_contacts"])))
    for c in diff["local_contacts"]:
        lines.append(f"  + {c['id']}: {c['organisation'][lang]}")
    lines.append(L["diff_trees"].format(count=len(diff["trees"])))
    for t in diff["trees"]:
        lines.append(f"  {'~' if t['replaces_national'] else '+'} {t['id']}")
    return "\n".join(lines)
