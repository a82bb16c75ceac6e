"""The contact directory as CSV, vCard 4.0 and JSON with HSDS-like field names. Restricted contacts never leave.

HSDS (Open Referral) names used: id, name (organisation), service_name, description, email, url, status, phones
(number, type, description), assured_date (when verified) and assurer (who verified), plus our own provenance
fields. Texts are in one language per export (``lang``).
"""
from __future__ import annotations

import csv
import io
import json

from . import model as m

CSV_FIELDS = ("id", "name", "service_name", "hotline", "trafficking_specific", "phones", "whatsapp", "email", "url",
              "hours", "area", "status", "assured_date", "assurer", "verification", "sources", "note")


def _phones(c: m.Contact, kind: str | None = None) -> list[m.Phone]:
    return [p for p in c.phones if kind is None or p.kind == kind]


def _sources(c: m.Contact, lang: str) -> list[dict]:
    return [
        {"title": cite.document.title.get(lang), "locator": cite.locator or None, "url": cite.document.url}
        for cite in c.provenance.sources
    ]


def records(portal: m.Portal, lang: str) -> list[dict]:
    """One HSDS-like record per public contact, hotlines first."""
    out = []
    for c in sorted(portal.public_contacts, key=lambda c: (not c.hotline,)):
        out.append({
            "id": c.id,
            "name": c.organisation.get(lang),
            "service_name": c.service.get(lang),
            "hotline": c.hotline,
            "trafficking_specific": c.trafficking_specific,
            "phones": [
                {"number": p.number, "dial": p.dial, "type": p.kind, "description": p.label.get(lang) if p.label else None}
                for p in c.phones
            ],
            "email": c.email,
            "url": c.website,
            "channels": [x.get(lang) for x in c.channels],
            "hours": c.hours.get(lang) if c.hours else None,
            "area": c.area.get(lang) if c.area else None,
            "status": c.status,
            "assured_date": c.verified_on,
            "assurer": c.verified_by,
            "verification": c.provenance.status,
            "sources": _sources(c, lang),
            "note": c.note.get(lang) if c.note else None,
        })
    return out


def to_json(portal: m.Portal, lang: str) -> str:
    meta = {
        "sop_version": portal.sop_version,
        "language": lang,
        "district": portal.district.slug if portal.district else None,
    }
    return json.dumps({"meta": meta, "contacts": records(portal, lang)}, ensure_ascii=False, indent=2) + "\n"


def to_csv(portal: m.Portal, lang: str) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for r in records(portal, lang):
        writer.writerow({
            **{k: r[k] for k in ("id", "name", "service_name", "email", "url", "hours", "area", "status",
                                 "assured_date", "assurer", "verification", "note")},
            "hotline": "true" if r["hotline"] else "false",
            "trafficking_specific": "true" if r["trafficking_specific"] else "false",
            "phones": "; ".join(p["number"] for p in r["phones"] if p["type"] != "whatsapp"),
            "whatsapp": "; ".join(p["number"] for p in r["phones"] if p["type"] == "whatsapp"),
            "sources": "; ".join(s["url"] or s["title"] for s in r["sources"]),
        })
    # A BOM so spreadsheet programs open the UTF-8 file with the right characters.
    return "\ufeff" + buf.getvalue()


def _vescape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 6350 §3.2: lines longer than 75 octets are folded with CRLF + space, never inside a UTF-8 character."""
    out, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def to_vcard(portal: m.Portal, lang: str) -> str:
    cards = []
    for r, c in zip(records(portal, lang), sorted(portal.public_contacts, key=lambda c: (not c.hotline,))):
        lines = ["BEGIN:VCARD", "VERSION:4.0", "KIND:org", f"FN:{_vescape(r['name'])}", f"ORG:{_vescape(r['name'])}",
                 f"UID:urn:sop-tppo:{r['id']}"]
        for p in c.phones:
            kind = {"voice": "voice", "whatsapp": "cell", "sms": "text", "fax": "fax"}[p.kind]
            lines.append(f"TEL;VALUE=uri;TYPE={kind}:tel:{p.international}")
        if r["email"]:
            lines.append(f"EMAIL:{r['email']}")
        if r["url"]:
            lines.append(f"URL:{r['url']}")
        note = " — ".join(x for x in (r["service_name"], r["hours"], r["note"]) if x)
        lines.append(f"NOTE:{_vescape(note)}")
        lines.append(f"REV:{r['assured_date'].replace('-', '')}")
        lines.append("END:VCARD")
        cards.append("\r\n".join(_fold(line) for line in lines))
    return "\r\n".join(cards) + "\r\n"


FORMATS = {"json": to_json, "csv": to_csv, "vcf": to_vcard}
