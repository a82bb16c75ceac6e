"""contacts: unique ids, confirmation dates, hotlines with a number, numbers that work, no editorial notes."""

from __future__ import annotations

import datetime as _dt
import re

from sop_portal.data.rules import safety as _safety
from sop_portal.data.rules.context import Context, items
from sop_portal.data.yamlload import Loaded
from sop_portal.model import is_domestic_only

# Editorial words that belong on the review page, never on a public card, export or handout.
_EDITORIAL = re.compile(
    r"sop-facts|\.md\b|periksa ulang sebelum dipublikasikan|re-check before publishing|desk review", re.I
)


def editorial_phrase(text: str) -> str | None:
    match = _EDITORIAL.search(text)
    return match.group(0) if match else None


def define(ctx: Context) -> None:
    ctx.unreadable("contact.schema.json", "contact")
    for loaded in ctx.data.of("contact.schema.json"):
        define_file(ctx, loaded)


def define_file(ctx: Context, loaded: Loaded) -> None:
    """The contacts of one file (national or a district's): ids, which are restricted, their numbers."""
    for i, c in items(loaded.data, "contacts"):
        ctx.define("contact", c.get("id"), loaded, ("contacts", i, "id"))
        if c.get("visibility") == "restricted" and isinstance(c.get("id"), str):
            ctx.restricted.add(c["id"])
        note_phones(ctx, c)


def note_phones(ctx: Context, contact: dict) -> None:
    """A contact's well-typed numbers, for the safety rules (data/rules/safety.py)."""
    cid, raw = contact.get("id"), contact.get("phones", [])
    if not isinstance(cid, str):
        return
    if not isinstance(raw, list):
        ctx.phone_gaps.add(cid)  # a mistyped 'phones' is reported by the schema: no rule guesses its numbers
        return
    nums = []
    for p in raw:
        fields = [p.get(k) for k in ("number", "kind", "dial_from", "hours", "serves")] if isinstance(p, dict) else []
        if len(fields) == 5 and all(isinstance(f, str) for f in fields):
            nums.append(_safety.PhoneInfo(*fields))
        else:
            ctx.phone_gaps.add(cid)
    ctx.phones[cid] = nums


def check_file(ctx: Context, loaded: Loaded) -> None:
    """Any file with ``contacts`` at its root: each entry."""
    for ptr, node in ctx.mappings(loaded):
        if ptr[:1] == ("contacts",) and len(ptr) == 2:
            check_contact(ctx, loaded, ptr, node)


def check_contact(ctx: Context, loaded: Loaded, ptr: tuple, contact: dict) -> None:
    confirmed = contact.get("confirmed") if isinstance(contact.get("confirmed"), dict) else {}
    when = confirmed.get("date")
    if isinstance(when, str):
        try:
            day = _dt.date.fromisoformat(when)
        except ValueError:
            day = None
        if day and day > ctx.today:
            ctx.report(loaded, ptr + ("confirmed", "date"), "future_date", value=when)
        elif day and (ctx.today - day).days > 365 and contact.get("visibility") != "restricted":
            ctx.report(loaded, ptr + ("confirmed", "date"), "stale_contact", severity="warning", value=when)
    if confirmed.get("method") == "official_page" and "url" not in confirmed:
        ctx.report(loaded, ptr + ("confirmed", "method"), "confirmed_page_without_url")
    if contact.get("hotline") is True and not contact.get("phones"):
        ctx.report(loaded, ptr + ("hotline",), "hotline_without_phone")
    phones = contact.get("phones") if isinstance(contact.get("phones"), list) else []
    for j, phone in enumerate(phones):
        if not isinstance(phone, dict) or not isinstance(phone.get("number"), str):
            continue
        number, here = phone["number"], ptr + ("phones", j)
        digits = "".join(ch for ch in number if ch.isdigit())
        if number.strip().startswith("+") and digits.startswith("62800"):
            ctx.report(loaded, here + ("number",), "toll_free_plus62", value=number, national="0" + digits[2:])
        elif (
            is_domestic_only(number)
            and phone.get("dial_from") in ("abroad", "both")
            and phone.get("kind") != "whatsapp"
        ):
            ctx.report(loaded, here + ("dial_from",), "domestic_number_abroad", value=number)
    for key in ("note", "service", "organisation", "area", "hours"):
        text = contact.get(key)
        if isinstance(text, dict):
            for lang, value in text.items():
                found = editorial_phrase(value) if isinstance(value, str) else None
                if found:
                    ctx.report(loaded, ptr + (key, lang), "editorial_in_public", value=found, field=key)
