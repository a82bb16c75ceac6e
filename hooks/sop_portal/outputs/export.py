"""The contact directory as CSV, vCard 4.0 and JSON with HSDS-like field names. Restricted contacts never leave.

Every export says what the site card says, from the same objects (:func:`views.contact_card`, whose
:class:`views.PhoneLink` gives each number's dial target and caveats): where each number works from, when it answers,
whom it serves, the contact's public note, and where the number was seen — a published source and its date, which is
not a confirmation. A confirmation (``Contact.confirmed``) is written only when a person confirmed the number with the
service. The ``review_note`` (the team's own to-do) is never read here.

HSDS (Open Referral) names used: id, name (organisation), service_name, description, email, url, status, phones
(number, type, description), and assured_date / assurer ONLY for a confirmed contact, plus our own fields: per phone
dial_from, hours, serves and caveats; seen_in (the sources the numbers were seen in, with their own dates),
provenance_text (the sentence the card shows) and confirmation. Texts are in one language per export (``lang``), with
the site's own labels (``messages/ui.<lang>.json``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json

from sop_portal import model as m
from sop_portal.messages.ui import ui_labels
from sop_portal.views import content as views

CSV_FIELDS = (
    "id",
    "name",
    "service_name",
    "hotline",
    "trafficking_specific",
    "phones",
    "whatsapp",
    "phone_details",
    "email",
    "url",
    "hours",
    "area",
    "status",
    "verification",
    "seen_in",
    "seen_on",
    "confirmed_on",
    "confirmed_by",
    "sources",
    "note",
)


# -- the texts every export (and the handouts) shares ------------------------------------------------------------


def human_date(value: str | _dt.date, lang: str) -> str:
    """'27 Mei 2021'; a partial date keeps its precision: 'April 2025', '2018'."""
    months = ui_labels(lang)["months"]
    text = value.isoformat() if isinstance(value, _dt.date) else str(value)
    parts = text.split("-")
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{months[int(parts[1]) - 1]} {parts[0]}"
    day = _dt.date.fromisoformat(text)
    return f"{day.day} {months[day.month - 1]} {day.year}"


def caveat_texts(link: views.PhoneLink, lang: str) -> list[str]:
    """The caveats of one number in words: where it works from, its hours, (WhatsApp) over the internet, whom it serves."""
    u = ui_labels(lang)["contacts"]
    return [u[f"caveat_{key}"] for key in link.caveats]


def kind_name(kind: str, lang: str) -> str:
    u = ui_labels(lang)["contacts"]
    return {"voice": u["call"], "whatsapp": u["whatsapp"], "sms": u["sms"], "fax": u["fax"]}[kind]


def _source_label(cite: m.Citation, lang: str) -> str:
    return cite.document.publisher or cite.document.title.get(lang)


def seen_in_text(contact: m.Contact, lang: str) -> str:
    """'Media Masa Kini (April 2025); Antara (date not given)': each source the numbers were seen in, with its date."""
    u = ui_labels(lang)["contacts"]
    items: list[str] = []
    for cite in contact.provenance.sources:
        date = cite.document.published_on
        item = f"{_source_label(cite, lang)} ({human_date(date, lang) if date else u['seen_date_unknown']})"
        if item not in items:
            items.append(item)
    return "; ".join(items)


def provenance_sentence(contact: m.Contact, lang: str) -> str:
    """What the site card says under the numbers: 'Number from <source> (<date>); not yet confirmed directly with
    the service', or, once a person confirmed it with the service, that confirmation. An entry without a number
    (e.g. Kemlu: an app and a portal) names its sources only."""
    labels = ui_labels(lang)
    u = labels["contacts"]
    k = contact.confirmed
    if k is not None:
        return u["confirmed"].format(date=human_date(k.date, lang), by=k.by, method=u[f"method_{k.method}"])
    if not contact.phones:  # no number to have seen or to confirm: the sources of what the entry says
        return f"{labels['sources']}: {seen_in_text(contact, lang)}"
    return u["seen_in"].format(sources=seen_in_text(contact, lang)) + "; " + u["not_confirmed"]


def phone_line(link: views.PhoneLink, lang: str, with_label: bool = True) -> str:
    """'0811-8080-141 (WhatsApp): from Indonesia and abroad · hours not known · … — WhatsApp (from a single source…)'."""
    head = link.number if link.kind == "voice" else f"{link.number} ({kind_name(link.kind, lang)})"
    line = f"{head}: {' · '.join(caveat_texts(link, lang))}"
    if with_label and link.label:
        line += f" — {link.label.get(lang)}"
    return line


# -- the records ---------------------------------------------------------------------------------------------


def _ordered(portal: m.Portal) -> list[m.Contact]:
    """Public contacts only: a district's own first (as `sop export --help` and the handouts say), hotlines first
    within each part; stable, so the data's order holds within each group."""
    local = set(portal.district.local_contact_ids) if portal.district else set()
    return sorted(portal.public_contacts, key=lambda c: (c.id not in local, not c.hotline))


def _card(contact: m.Contact) -> views.ContactCard:
    # Only the numbers are read from the card (order, dial targets, caveats); its age, which depends on the day,
    # stays out of the exports: the source dates are written instead, so the same data gives the same files.
    return views.contact_card(contact, _dt.date.today())


def _seen_in(c: m.Contact, lang: str) -> list[dict]:
    return [
        {
            "title": cite.document.title.get(lang),
            "publisher": cite.document.publisher,
            "published_on": cite.document.published_on,
            "locator": cite.locator_in(lang) or None,
            "url": cite.document.url,
        }
        for cite in c.provenance.sources
    ]


def _phone_record(link: views.PhoneLink, lang: str) -> dict:
    p = link.phone
    return {
        "number": p.number,
        "dial": p.dial,
        "type": p.kind,
        "description": p.label.get(lang) if p.label else None,
        "dial_from": p.dial_from,
        "hours": p.hours,
        "serves": p.serves,
        "link": link.href or None,
        "caveats": caveat_texts(link, lang),
    }


def record(c: m.Contact, lang: str) -> dict:
    """One HSDS-like record. assured_date and assurer appear only when a person confirmed the number with the service."""
    out = {
        "id": c.id,
        "name": c.organisation.get(lang),
        "service_name": c.service.get(lang),
        "hotline": c.hotline,
        "trafficking_specific": c.trafficking_specific,
        "phones": [_phone_record(link, lang) for link in _card(c).phones],
        "email": c.email,
        "url": c.website,
        "channels": [x.get(lang) for x in c.channels],
        "hours": c.hours.get(lang) if c.hours else None,
        "area": c.area.get(lang) if c.area else None,
        "status": c.status,
        "verification": c.provenance.status,
        "seen_in": _seen_in(c, lang),
        "seen_on": c.seen_on,
        "provenance_text": provenance_sentence(c, lang),
        "confirmation": None,
        "note": c.note.get(lang) if c.note else None,
    }
    if c.confirmed is not None:
        k = c.confirmed
        out["confirmation"] = {"date": k.date, "by": k.by, "method": k.method, "url": k.url}
        out["assured_date"] = k.date
        out["assurer"] = k.by
    return out


def records(portal: m.Portal, lang: str) -> list[dict]:
    """One HSDS-like record per public contact, in the order of :func:`_ordered`."""
    return [record(c, lang) for c in _ordered(portal)]


def to_json(portal: m.Portal, lang: str) -> str:
    meta = {
        "sop_version": portal.sop_version,
        "language": lang,
        "district": portal.district.slug if portal.district else None,
    }
    return json.dumps({"meta": meta, "contacts": records(portal, lang)}, ensure_ascii=False, indent=2) + "\n"


# -- CSV -------------------------------------------------------------------------------------------------------


def _phone_detail(link: views.PhoneLink, lang: str) -> str:
    """'0800-1000 (only from inside Indonesia, 24 hours, for migrant workers and their families)'."""
    words = ([] if link.kind == "voice" else [kind_name(link.kind, lang)]) + caveat_texts(link, lang)
    return f"{link.number} ({', '.join(words)})"


def to_csv(portal: m.Portal, lang: str) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for c in _ordered(portal):
        r = record(c, lang)
        links = _card(c).phones
        writer.writerow(
            {
                **{
                    k: r[k]
                    for k in (
                        "id",
                        "name",
                        "service_name",
                        "email",
                        "url",
                        "hours",
                        "area",
                        "status",
                        "verification",
                        "seen_on",
                        "note",
                    )
                },
                "hotline": "true" if r["hotline"] else "false",
                "trafficking_specific": "true" if r["trafficking_specific"] else "false",
                "phones": "; ".join(p.number for p in links if p.kind != "whatsapp"),
                "whatsapp": "; ".join(p.number for p in links if p.kind == "whatsapp"),
                "phone_details": "; ".join(_phone_detail(p, lang) for p in links),
                "seen_in": seen_in_text(c, lang),
                "confirmed_on": c.confirmed.date if c.confirmed else "",
                "confirmed_by": c.confirmed.by if c.confirmed else "",
                "sources": "; ".join(s["url"] or s["title"] for s in r["seen_in"]),
            }
        )
    # A BOM so spreadsheet programs open the UTF-8 file with the right characters.
    return "\ufeff" + buf.getvalue()


# -- vCard 4.0 (RFC 6350) ---------------------------------------------------------------------------------------


def _vescape(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\r\n", "\\n").replace("\n", "\\n")
    )


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


# TYPE values of RFC 6350 §6.4.1. A WhatsApp number is a mobile that takes messages (cell,text); what it is for is
# said by the X-SERVICE-TYPE parameter and the label, and its chat link is an IMPP line (below).
_TEL_TYPES = {"voice": "voice", "whatsapp": "cell,text", "sms": "text", "fax": "fax"}


def _tel_lines(n: int, link: views.PhoneLink, lang: str) -> list[str]:
    """One number: a grouped TEL and its label (X-ABLabel, the custom label Apple and Google Contacts show beside
    the number: what it is, where it works from, its hours).

    The value is ``tel:`` + :attr:`model.Phone.dial`, the same target as the site's call buttons: every ordinary
    number in +62 form (it dials from Indonesia and from abroad), but short codes (110, 129, 148) and 0800 toll-free
    numbers exactly as a phone in Indonesia dials them, never with +62: ``tel:+628001000`` or ``tel:+62110`` do not
    connect. They stay URIs rather than free text so every number of the card has one value type, and without
    RFC 3966's ``;phone-context=+62``: contact apps (Android's vCard importer among them) take all of the URI after
    ``tel:`` as the number to dial, and the parameter would end up in the digits the phone sends.
    """
    p = link.phone
    params = f"VALUE=uri;TYPE={_TEL_TYPES[p.kind]}" + (";X-SERVICE-TYPE=WhatsApp" if p.kind == "whatsapp" else "")
    u = ui_labels(lang)["contacts"]
    label = [kind_name(p.kind, lang)] if p.kind != "voice" else []
    label += [u[f"caveat_{k}"] for k in link.caveats if k.startswith(("from_", "hours_"))]
    return [f"item{n}.TEL;{params}:tel:{p.dial}", f"item{n}.X-ABLabel:{_vescape(' · '.join(label))}"]


def _note(c: m.Contact, card: views.ContactCard, lang: str) -> str:
    """The card's public caveats as plain lines: what the line is for, each number's reach, hours and audience, the
    contact's public note and where the numbers were seen. Never the review note."""
    u = ui_labels(lang)["contacts"]
    lines = [c.service.get(lang)]
    if not c.trafficking_specific:
        lines.append(f"{u['not_trafficking']}: {u['not_trafficking_hint']}")
    if c.status != "active":
        lines.append(u[f"status_{c.status}"])
    if c.hours:
        lines.append(f"{u['hours']}: {c.hours.get(lang)}")
    if c.area:
        lines.append(f"{u['area']}: {c.area.get(lang)}")
    lines += [phone_line(link, lang) for link in card.phones]
    if c.channels:
        lines.append(f"{u['channels']}: " + "; ".join(ch.get(lang) for ch in c.channels))
    if c.note:
        lines.append(c.note.get(lang))
    lines.append(provenance_sentence(c, lang))
    return "\n".join(lines)


def vcard(c: m.Contact, lang: str) -> str:
    card = _card(c)
    name = c.organisation.get(lang)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "KIND:org",
        f"FN:{_vescape(name)}",
        f"ORG:{_vescape(name)}",
        f"UID:urn:sop-tppo:{c.id}",
    ]
    if card.reachable:  # a defunct line's numbers are named in the NOTE only, never offered to dial
        for n, link in enumerate(card.phones, start=1):
            lines += _tel_lines(n, link, lang)
        for link in card.whatsapp:
            lines.append(f"IMPP;X-SERVICE-TYPE=WhatsApp:{link.href}")
    if c.email:
        lines.append(f"EMAIL:{_vescape(c.email)}")
    if c.website:
        lines.append(f"URL:{c.website}")
    lines.append(f"NOTE:{_vescape(_note(c, card, lang))}")
    lines.append("END:VCARD")
    return "\r\n".join(_fold(line) for line in lines)


def to_vcard(portal: m.Portal, lang: str) -> str:
    return "\r\n".join(vcard(c, lang) for c in _ordered(portal)) + "\r\n"


def to_hsds(portal: m.Portal, lang: str) -> str:
    """Open Referral HSDS 3.0 JSON (:mod:`sop_portal.outputs.hsds`): what the directory page offers as its JSON download."""
    from sop_portal.outputs.hsds import to_hsds as hsds

    return hsds(portal, lang)


FORMATS = {"json": to_json, "csv": to_csv, "vcf": to_vcard, "hsds": to_hsds}
