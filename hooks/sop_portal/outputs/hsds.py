"""The contact directory as Open Referral HSDS 3.0 JSON: services with their organization, phones, schedules and
service areas, as the compiled ``schema/compiled/service.json`` of the HSDS 3.0 specification describes them.

One public contact is one HSDS ``service``; its institution is the ``organization`` (a national institution of
actors.yaml — KemenPPPA, Polri, LPSK, KP2MI … — is one organization for all of its lines; any other contact is its
own organization). Restricted contacts never leave (``Portal.public_contacts``); the ``review_note`` is never read.

HSDS has no packaging format for many records in one file (its "Serialization" page): the file is shaped as one
page of the HSDS API's ``/services`` list (``Page``: total_items, total_pages, page_number, size, first_page,
last_page, empty, ``contents``), each item a whole, dereferenced service record.

Mapped honestly:

- ``assured_date`` only for a number a person confirmed with the service (``Contact.confirmed``); nobody's email is
  known, so ``assurer_email`` stays out. A number only *seen* in a source says so in each phone's ``description``
  ("Number from <source> (<date>); not yet confirmed directly with the service"), and the sources themselves are
  listed in the extension ``sop_sources``. HSDS ``metadata`` is left out: each entry needs the date the record was
  changed, which the data does not hold, and a date would have to be invented.
- Reachability (only from inside Indonesia / from abroad / both), hours and whom a number serves are written in the
  phone's ``description``. Hours are also ``schedules``: a 24-hour line is every day 00:00–23:59 (the HSDS field
  guidance for 24 hours); office hours without known times and unknown hours are a schedule with a ``description``
  only, naming the numbers — never an invented time.
- HSDS ``languages`` (the languages a line answers in) are not given: no source in the data says which languages
  a line is answered in.
- A defunct line's numbers are not offered as phones (as in the vCard): its description names them.

Extension properties (allowed by HSDS where it has no term: "Extending HSDS"), all prefixed ``sop_``:
``sop_id`` (the portal's own stable id), ``sop_hotline``, ``sop_trafficking_specific``, ``sop_verification``
(verified / secondary / unverified / open), ``sop_sources`` (title, publisher, url, published_on), and per phone
``sop_kind`` (voice / whatsapp / sms / fax), ``sop_dial`` (what a phone dials: short codes and 0800 numbers never
with +62), ``sop_dial_from``, ``sop_hours``, ``sop_serves``. The document's own facts are under ``sop_export``.

Identifiers are UUIDs (HSDS requires them), derived with UUID v5 from the portal's ids: the same record keeps its
id in every build and in both languages.
"""

from __future__ import annotations

import json
import uuid

from sop_portal import model as m
from sop_portal.messages.ui import ui_labels
from sop_portal.outputs.export import _card, _ordered, caveat_texts, kind_name, phone_line, provenance_sentence
from sop_portal.views import content as views

HSDS_VERSION = "3.0"
SCHEMA_URL = "https://github.com/openreferral/specification/tree/3.0/schema/compiled"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:sop-tppo:hsds")

# HSDS phone types are RFC 6350's: text (messages), voice, fax, cell, video, pager, textphone. A WhatsApp number
# is reached by messages; that it is WhatsApp is said by the description and sop_kind.
PHONE_TYPES = {"voice": "voice", "whatsapp": "text", "sms": "text", "fax": "fax"}
STATUSES = {"active": "active", "temporarily_closed": "temporarily closed", "defunct": "defunct"}
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
HOURS_ORDER = ("24h", "office_hours", "unknown")

EXTENSIONS = {
    "sop_id": "the portal's own stable id of the contact (the HSDS id is a UUID v5 derived from it)",
    "sop_hotline": "true for a hotline, listed first in the directory",
    "sop_trafficking_specific": "false for a line that is not meant for trafficking reports",
    "sop_verification": "the portal's verification status of the entry: verified, secondary, unverified or open",
    "sop_sources": "the published sources the numbers were seen in (title, publisher, url, published_on) — "
    "a source is not a confirmation",
    "sop_kind": "voice, whatsapp, sms or fax",
    "sop_dial": "what a phone dials: short codes and 0800 numbers exactly as written, never with +62",
    "sop_dial_from": "indonesia (only from inside Indonesia), abroad (only from outside) or both",
    "sop_hours": "24h, office_hours or unknown",
    "sop_serves": "everyone, women_and_children, migrant_workers or witnesses_and_victims",
}


def uid(*parts: str) -> str:
    """A stable UUID for one record: the same parts give the same id in every build."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


def _national_actor(c: m.Contact) -> m.Actor | None:
    """The institution a contact belongs to when it is one national body (KemenPPPA, Polri …); a district office
    ("Dinas PPPA") is a kind of institution, not one organization, so its contact is its own organization."""
    return c.actor if c.actor is not None and c.actor.level == "national" else None


def organization(c: m.Contact, lang: str) -> dict:
    actor = _national_actor(c)
    if actor is not None:
        out = {"id": uid("organization", "actor", actor.id), "name": actor.name.get(lang)}
        if actor.abbr:
            out["alternate_name"] = actor.abbr
        out["description"] = actor.description.get(lang)
        return out
    description = c.actor.description.get(lang) if c.actor is not None else c.service.get(lang)
    return {"id": uid("organization", "contact", c.id), "name": c.organisation.get(lang), "description": description}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def phone_description(link: views.PhoneLink, contact: m.Contact, lang: str) -> str:
    """'From abroad: from abroad · 24 hours · for migrant workers and their families. Number from Media Masa Kini
    (April 2025); Antara (date not given); not yet confirmed directly with the service.'"""
    head = link.label.get(lang) if link.label else kind_name(link.kind, lang)
    return f"{head}: {' · '.join(caveat_texts(link, lang))}. {_sentence(provenance_sentence(contact, lang))}"


def phone(link: views.PhoneLink, contact: m.Contact, service_id: str, lang: str) -> dict:
    p = link.phone
    return {
        "id": uid("phone", contact.id, p.kind, p.digits),
        "service_id": service_id,
        "number": p.number,
        "type": PHONE_TYPES[p.kind],
        "description": phone_description(link, contact, lang),
        "sop_kind": p.kind,
        "sop_dial": p.dial,
        "sop_dial_from": p.dial_from,
        "sop_hours": p.hours,
        "sop_serves": p.serves,
    }


def schedules(c: m.Contact, links: tuple[views.PhoneLink, ...], service_id: str, lang: str) -> list[dict]:
    """One schedule per kind of hours the numbers have, naming the numbers; the contact's own hours text too."""
    u = ui_labels(lang)["contacts"]
    out = []
    if c.hours:
        out.append({"id": uid("schedule", c.id, "text"), "service_id": service_id, "description": c.hours.get(lang)})
    for hours in HOURS_ORDER:
        numbers = [link.number for link in links if link.phone.hours == hours]
        if not numbers:
            continue
        item = {
            "id": uid("schedule", c.id, hours),
            "service_id": service_id,
            "description": f"{_capital(u[f'caveat_hours_{hours}'])}: {', '.join(numbers)}",
        }
        if hours == "24h":
            # HSDS field guidance: 00:00 to 23:59 is the signal for a 24-hour service. Times carry a UTC offset
            # as HSDS asks; every day round the clock is the same in each of Indonesia's time zones, so WIB's is
            # given without saying anything about where the line is answered.
            item.update(
                {
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": EVERY_DAY,
                    "opens_at": "00:00+07:00",
                    "closes_at": "23:59+07:00",
                    "timezone": 7,
                }
            )
        out.append(item)
    return out


def _description(c: m.Contact, card: views.ContactCard, lang: str) -> str:
    u = ui_labels(lang)["contacts"]
    parts = [c.service.get(lang)]
    if not c.trafficking_specific:
        parts.append(f"{u['not_trafficking']}: {u['not_trafficking_hint']}")
    if c.status != "active":
        parts.append(u[f"status_{c.status}"])
    if not card.reachable and card.phones:  # the numbers of a defunct line, never offered to dial
        parts += [phone_line(link, lang) for link in card.phones]
    if c.note:
        parts.append(c.note.get(lang))
    if not card.phones or not card.reachable:  # with phones, each phone's description says where it was seen
        parts.append(provenance_sentence(c, lang))
    return "\n\n".join(parts)


def _eligibility(links: tuple[views.PhoneLink, ...], lang: str) -> str | None:
    serves = {link.phone.serves for link in links}
    if len(serves) != 1 or "everyone" in serves:
        return None
    return _capital(ui_labels(lang)["contacts"][f"caveat_serves_{serves.pop()}"])


def _sources(c: m.Contact, lang: str) -> list[dict]:
    out = []
    for cite in c.provenance.sources:
        doc = cite.document
        item = {"title": doc.title.get(lang)}
        item.update(
            {k: v for k, v in (("publisher", doc.publisher), ("url", doc.url), ("published_on", doc.published_on)) if v}
        )
        if item not in out:
            out.append(item)
    return out


def service(c: m.Contact, lang: str) -> dict:
    """One public contact as a whole HSDS service record."""
    card = _card(c)
    service_id = uid("service", c.id)
    org = organization(c, lang)
    links = card.phones if card.reachable else ()
    out: dict = {
        "id": service_id,
        "organization_id": org["id"],
        "name": c.organisation.get(lang),
        "description": _description(c, card, lang),
    }
    if c.website:
        out["url"] = c.website
    if c.email:
        out["email"] = c.email
    out["status"] = STATUSES[c.status]
    if c.channels:
        u = ui_labels(lang)["contacts"]
        out["application_process"] = f"{u['channels']}: " + "; ".join(ch.get(lang) for ch in c.channels)
    eligibility = _eligibility(links, lang)
    if eligibility:
        out["eligibility_description"] = eligibility
    if c.confirmed is not None:  # only a confirmation with the service itself; a source is never one
        out["assured_date"] = c.confirmed.date
    out["phones"] = [phone(link, c, service_id, lang) for link in links]
    out["schedules"] = schedules(c, links, service_id, lang)
    out["service_areas"] = (
        [{"id": uid("service_area", c.id), "service_id": service_id, "name": c.area.get(lang)}] if c.area else []
    )
    out["organization"] = org
    out.update(
        {
            "sop_id": c.id,
            "sop_hotline": c.hotline,
            "sop_trafficking_specific": c.trafficking_specific,
            "sop_verification": c.provenance.status,
            "sop_sources": _sources(c, lang),
        }
    )
    return out


def services(portal: m.Portal, lang: str) -> list[dict]:
    """Every public contact as a service, a district's own first, hotlines first (as the other exports)."""
    return [service(c, lang) for c in _ordered(portal)]


def document(portal: m.Portal, lang: str) -> dict:
    items = services(portal, lang)
    return {
        "total_items": len(items),
        "total_pages": 1,
        "page_number": 1,
        "size": len(items),
        "first_page": True,
        "last_page": True,
        "empty": not items,
        "contents": items,
        "sop_export": {
            "format": f"Open Referral HSDS {HSDS_VERSION}: one page of the /services list, each service complete",
            "hsds_version": HSDS_VERSION,
            "schema": SCHEMA_URL,
            "sop_version": portal.sop_version,
            "language": lang,
            "district": portal.district.slug if portal.district else None,
            "extensions": EXTENSIONS,
        },
    }


def to_hsds(portal: m.Portal, lang: str) -> str:
    return json.dumps(document(portal, lang), ensure_ascii=False, indent=2) + "\n"
