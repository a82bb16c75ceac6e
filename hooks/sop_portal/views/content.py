"""Derived views for the site: grouping, ordering and ages computed once, in Python, so templates only lay out.

Nothing here formats markup; every function takes the model and returns plain objects.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from sop_portal import model as m
from sop_portal.messages.ui import ui_labels

STALE_AFTER_MONTHS = 12


def count_text(n: int, forms: dict[str, str]) -> str:
    """'1 question', '6 questions': ``forms`` is a catalog's {one, other} pair of texts with ``{n}``."""
    return (forms["one"] if n == 1 else forms["other"]).replace("{n}", str(n))


# -- contacts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhoneLink:
    """One number as a reader can use it: the link that dials or messages it, and what to know first."""

    phone: m.Phone
    href: str  # tel:…, https://wa.me/…, sms:… ('' for fax: nothing to tap)
    caveats: tuple[str, ...]  # keys of ui.contacts.caveat_*: where it works from, hours, whom it serves

    @property
    def number(self) -> str:
        return self.phone.number

    @property
    def kind(self) -> str:
        return self.phone.kind

    @property
    def label(self) -> m.Text | None:
        return self.phone.label

    @property
    def emergency(self) -> bool:
        """A line that can be offered as an emergency route: a call, answered 24 hours."""
        return self.phone.kind == "voice" and self.phone.hours == "24h"


def phone_link(phone: m.Phone) -> PhoneLink:
    if phone.kind == "whatsapp":
        href = f"https://wa.me/{phone.whatsapp}"
    elif phone.kind == "sms":
        href = f"sms:{phone.dial}"
    elif phone.kind == "voice":
        href = f"tel:{phone.dial}"
    else:
        href = ""
    caveats = [f"from_{phone.dial_from}", f"hours_{phone.hours}"]
    if phone.kind == "whatsapp":
        caveats.append("whatsapp_internet")
    if phone.serves != "everyone":
        caveats.append(f"serves_{phone.serves}")
    return PhoneLink(phone, href, tuple(caveats))


_KIND_ORDER = {"voice": 0, "whatsapp": 1, "sms": 2, "fax": 3}


@dataclass(frozen=True)
class ContactCard:
    """A contact as one card shows it, wherever a number is named: the numbers that work from ``where``
    (indonesia, abroad, or None for everywhere), each one tap away, with its caveats and provenance."""

    contact: m.Contact
    age_months: int | None  # since the numbers were last known good; None when no date is known
    stale: bool
    where: str | None = None

    @property
    def phones(self) -> tuple[PhoneLink, ...]:
        """Numbers that work from ``where``: 24-hour calls first, then other calls, WhatsApp, SMS, fax."""
        usable = [p for p in self.contact.phones if self.where is None or p.works_from(self.where)]
        usable.sort(
            key=lambda p: (self.where is None and p.dial_from == "abroad", p.hours != "24h", _KIND_ORDER[p.kind])
        )
        return tuple(phone_link(p) for p in usable)

    @property
    def not_from_here(self) -> tuple[m.Phone, ...]:
        """Numbers left out because they do not work from ``where`` (named on the card, never as a link)."""
        if self.where is None:
            return ()
        return tuple(p for p in self.contact.phones if not p.works_from(self.where))

    @property
    def voice(self) -> tuple[PhoneLink, ...]:
        return tuple(p for p in self.phones if p.kind == "voice")

    @property
    def whatsapp(self) -> tuple[PhoneLink, ...]:
        return tuple(p for p in self.phones if p.kind == "whatsapp")

    @property
    def emergency(self) -> tuple[PhoneLink, ...]:
        return tuple(p for p in self.phones if p.emergency)

    @property
    def seen_in(self) -> tuple[m.Citation, ...]:
        """The sources the numbers were seen in (not a confirmation)."""
        return self.contact.provenance.sources

    @property
    def confirmed(self) -> m.Confirmation | None:
        return self.contact.confirmed

    @property
    def reachable(self) -> bool:
        """Numbers are offered as links only for lines that still answer."""
        return self.contact.status != "defunct"


def parse_partial_date(value: str) -> _dt.date:
    """The last day a partial date can mean is not needed: the first is the conservative age (oldest)."""
    parts = [int(x) for x in value.split("-")]
    return _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


@dataclass(frozen=True)
class Directory:
    hotlines: tuple[ContactCard, ...]
    others: tuple[ContactCard, ...]
    inactive: tuple[ContactCard, ...]


def months_between(earlier: _dt.date, later: _dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def months_before(day: _dt.date, months: int) -> _dt.date:
    """The same day ``months`` earlier (the 29th-31st clamp to the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return _dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def contact_card(contact: m.Contact, today: _dt.date, where: str | None = None) -> ContactCard:
    """A contact with its age: since the confirmation, or (never confirmed) since the newest source that shows
    the numbers. Stale after twelve months, or when no date is known at all."""
    checked = contact.checked_on
    if checked is None:
        return ContactCard(contact, None, True, where)
    day = parse_partial_date(checked)
    age = max(0, months_between(day, today))
    return ContactCard(contact, age, day < months_before(today, STALE_AFTER_MONTHS), where)


def directory(portal: m.Portal, today: _dt.date) -> Directory:
    """Public contacts only: hotlines first (trafficking lines before others), then the rest, defunct last."""
    cards = [contact_card(c, today) for c in portal.public_contacts]
    active = [c for c in cards if c.contact.status != "defunct"]
    # Emergency lines first: a 24-hour call for everyone, then other 24-hour lines, then the rest.
    hotlines = sorted(
        (c for c in active if c.contact.hotline),
        key=lambda c: (
            not c.emergency,
            not any(p.phone.serves == "everyone" for p in c.emergency),
            not c.contact.trafficking_specific,
        ),
    )
    others = sorted((c for c in active if not c.contact.hotline), key=lambda c: not c.contact.trafficking_specific)
    return Directory(tuple(hotlines), tuple(others), tuple(c for c in cards if c.contact.status == "defunct"))


def actor_contacts(portal: m.Portal, actor_id: str, today: _dt.date) -> tuple[ContactCard, ...]:
    return tuple(contact_card(c, today) for c in portal.public_contacts if c.actor and c.actor.id == actor_id)


# -- services ------------------------------------------------------------------------------------------


# Lead statuses that make a lead an inference: "unverified" (background knowledge or inference) and "open" (not yet
# known). A "secondary" lead is stated by a cited source (news, a ministry page), so it is not called inferred.
INFERRED_LEAD_STATUSES = ("unverified", "open")


def lead_inferred(service: m.Service) -> bool:
    """Whether the chapter's lead agencies are inferred rather than stated by a source (home flow, matrix)."""
    return service.lead_provenance.status in INFERRED_LEAD_STATUSES


@dataclass(frozen=True)
class FlowNode:
    service: m.Service
    refers_to: tuple[m.Service, ...]

    @property
    def lead_inferred(self) -> bool:
        return lead_inferred(self.service)


@dataclass(frozen=True)
class Flow:
    services: tuple[FlowNode, ...]  # the six services, in SOP order
    across: tuple[m.Service, ...]  # coordination chapters that span all services


def flow(portal: m.Portal) -> Flow:
    by_id = {s.id: s for s in portal.services}
    nodes = []
    for svc in portal.services:
        if svc.kind != "service":
            continue
        targets = []
        for ref in svc.referrals_out:
            target = by_id.get(ref.to_id)
            if target is not None and target not in targets:
                targets.append(target)
        nodes.append(FlowNode(svc, tuple(sorted(targets, key=lambda s: s.number))))
    return Flow(tuple(nodes), tuple(s for s in portal.services if s.kind != "service"))


def flow_has_inferred_lead(f: Flow) -> bool:
    return any(node.lead_inferred for node in f.services)


@dataclass(frozen=True)
class ChapterEntry:
    """A chapter as the chapter and checklist indexes list it, its counts in words."""

    service: m.Service
    steps: str  # '13 steps'
    checklist: str  # '8 checklist items'


def chapter_index(portal: m.Portal, lang: str) -> tuple[ChapterEntry, ...]:
    labels = ui_labels(lang)["services_index"]
    return tuple(
        ChapterEntry(
            s, count_text(len(s.steps), labels["steps"]), count_text(len(s.checklist), labels["checklist_items"])
        )
        for s in portal.services
    )


@dataclass(frozen=True)
class CitedDocument:
    document: m.SourceDoc
    locators: tuple[str, ...]
    revoked: str = ""  # the revocation in words (:func:`revocation`), '' for a document in force


def revocation(doc: m.SourceDoc, lang: str) -> str:
    """A revoked rule as history, in ``lang``: 'Permensos 30/2017 dicabut 28 Desember 2023 oleh Permensos 8/2023
    Pasal 33'; '' for a document in force."""
    from sop_portal.outputs.export import human_date

    if not doc.revoked_on:
        return ""
    labels = ui_labels(lang)["revoked"]
    by = doc.revoked_by.document.cited_as(lang) + " " + article_in(doc.revoked_by.article, lang)
    label = labels["of_rule"].replace("{rule}", doc.revoked_rule.get(lang)) if doc.revoked_rule else labels["plain"]
    return label.replace("{date}", human_date(doc.revoked_on, lang)).replace("{by}", by)


def article_in(article: str | None, lang: str) -> str:
    """An article reference in the reader's language: 'Pasal 8 ayat (2)' stays in Indonesian, 'Article 8(2)' in
    English (used where the reference sits inside a translated sentence, such as a revocation)."""
    from sop_portal.model.citations import english_locator

    if not article or lang != "en":
        return article or ""
    return english_locator(article)


def group_citations(citations: tuple[m.Citation, ...], lang: str = "id") -> tuple[CitedDocument, ...]:
    """Citations of the same document together, in first-cited order: 'UU 21/2007, Pasal 51, Pasal 52'; each
    locator as the reader of ``lang`` reads it ('Article 51, Article 52' in English)."""
    groups: dict[str, list] = {}
    for c in citations:
        doc, locators = groups.setdefault(c.document.id, [c.document, []])
        locator = c.locator_in(lang)
        if locator and locator not in locators:
            locators.append(locator)
    return tuple(CitedDocument(doc, tuple(locators), revocation(doc, lang)) for doc, locators in groups.values())


def citation_index(root: object, lang: str) -> dict[tuple[m.Citation, ...], tuple[CitedDocument, ...]]:
    """Every list of citations held anywhere under ``root``, grouped for a reader of ``lang`` (:func:`group_citations`).

    ``root`` is a portal and the district site (every district's portal): their facts, steps, deadlines, trees and
    trainer kit. Templates name a list's sources from here (``cited[provenance.sources]``), so no
    page groups citations itself; a list held nowhere in the portal is missing here, and the template fails."""
    index: dict[tuple[m.Citation, ...], tuple[CitedDocument, ...]] = {(): ()}
    seen: set[int] = set()
    todo = [root]
    while todo:
        obj = todo.pop()
        if isinstance(obj, (str, int, float, Path)) or obj is None or id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, tuple) and obj and all(isinstance(c, m.Citation) for c in obj):
            if obj not in index:
                index[obj] = group_citations(obj, lang)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            todo.extend(getattr(obj, f.name) for f in dataclasses.fields(obj))
        elif isinstance(obj, (tuple, list)):
            todo.extend(obj)
        elif isinstance(obj, dict):
            todo.extend(obj.values())
    return index


@dataclass(frozen=True)
class MatrixRow:
    actor: m.Actor
    roles: tuple[str | None, ...]  # one per service, in service order: "lead", "support" or None
    inferred: tuple[bool, ...] = ()  # one per service: True where the role is "lead" and that lead is inferred

    @property
    def cells(self) -> tuple[tuple[str | None, bool], ...]:
        """(role, inferred) per service, in service order."""
        inferred = self.inferred or (False,) * len(self.roles)
        return tuple(zip(self.roles, inferred))


def matrix(portal: m.Portal) -> tuple[MatrixRow, ...]:
    """Actors with a role, in actors.yaml order; leads of earlier chapters first would hide that order."""
    roles = portal.matrix()
    inferred = [lead_inferred(s) for s in portal.services]
    rows = []
    for actor in portal.actors.values():
        if actor.id not in roles:
            continue
        row = tuple(roles[actor.id].get(s.id) for s in portal.services)
        rows.append(MatrixRow(actor, row, tuple(r == "lead" and inf for r, inf in zip(row, inferred))))
    return tuple(rows)


def matrix_has_inferred_lead(portal: m.Portal) -> bool:
    return any(s.lead and lead_inferred(s) for s in portal.services)


@dataclass(frozen=True)
class ActorService:
    service: m.Service
    role: str | None
    steps: tuple[m.Step, ...]


@dataclass(frozen=True)
class ActorView:
    actor: m.Actor
    parent: m.Actor | None
    children: tuple[m.Actor, ...]
    services: tuple[ActorService, ...]
    contacts: tuple[ContactCard, ...]


def actor_view(portal: m.Portal, actor_id: str, today: _dt.date) -> ActorView:
    actor = portal.actors[actor_id]
    roles = portal.matrix().get(actor_id, {})
    steps = portal.actor_steps(actor_id)
    services = tuple(
        ActorService(svc, roles.get(svc.id), tuple(steps.get(svc.id, ())))
        for svc in portal.services
        if svc.id in roles or svc.id in steps
    )
    return ActorView(
        actor=actor,
        parent=portal.actors.get(actor.parent) if actor.parent else None,
        children=tuple(a for a in portal.actors.values() if a.parent == actor_id),
        services=services,
        contacts=actor_contacts(portal, actor_id, today),
    )


LEVEL_ORDER = ("national", "province", "district", "abroad", "community")


def actors_by_level(portal: m.Portal) -> tuple[tuple[str, tuple[m.Actor, ...]], ...]:
    groups = []
    for level in LEVEL_ORDER:
        actors = tuple(a for a in portal.actors.values() if a.level == level)
        if actors:
            groups.append((level, actors))
    return tuple(groups)


@dataclass(frozen=True)
class ActorEntry:
    """An actor as the actors index lists it: in how many chapters it leads, and in how many it supports."""

    actor: m.Actor
    leads: int
    supports: int

    @property
    def has_role(self) -> bool:
        return bool(self.leads or self.supports)


def actor_index(portal: m.Portal) -> tuple[tuple[str, tuple[ActorEntry, ...]], ...]:
    """The actors by level (:func:`actors_by_level`), each with its roles counted from the matrix."""
    roles = portal.matrix()
    return tuple(
        (level, tuple(_actor_entry(a, list(roles.get(a.id, {}).values())) for a in actors))
        for level, actors in actors_by_level(portal)
    )


def _actor_entry(actor: m.Actor, roles: list[str]) -> ActorEntry:
    return ActorEntry(actor, roles.count("lead"), roles.count("support"))


# -- review --------------------------------------------------------------------------------------------

TO_CHECK = ("unverified", "open")


@dataclass(frozen=True)
class ReviewChapter:
    service: m.Service
    counts: dict[str, int]
    steps_to_check: tuple[m.Step, ...]
    open_items: tuple[m.OpenItem, ...]


@dataclass(frozen=True)
class Review:
    sop_open_items: tuple[m.OpenItem, ...]
    chapters: tuple[ReviewChapter, ...]
    totals: dict[str, int] = field(default_factory=dict)


def review(portal: m.Portal) -> Review:
    chapters = tuple(
        ReviewChapter(
            svc,
            svc.status_counts(),
            tuple(s for s in svc.steps if s.provenance.status in TO_CHECK),
            svc.open_items,
        )
        for svc in portal.services
    )
    totals = {status: sum(c.counts[status] for c in chapters) for status in m.STATUSES}
    return Review(portal.open_items, chapters, totals)


# -- changelog and sources -----------------------------------------------------------------------------


def release_anchor(version: str) -> str:
    """The id of a release's heading on the changelog page: '1.2.0' -> 'v1-2-0'."""
    return "v" + version.replace(".", "-")


def releases(changelog: tuple[m.Release, ...]) -> tuple[tuple[m.Release, str], ...]:
    """Each release with the anchor of its heading on the changelog page."""
    return tuple((r, release_anchor(r.version)) for r in changelog)


@dataclass(frozen=True)
class SourceEntry:
    """A source document as the list of sources shows it."""

    document: m.SourceDoc
    kind: str  # in words; a regulation the SOP does not rest on is called another regulation
    revoked: str  # :func:`revocation`


def source_list(portal: m.Portal, lang: str) -> tuple[SourceEntry, ...]:
    labels = ui_labels(lang)
    sop_docs = {c.document.id for c in portal.regulation.provenance.sources}
    return tuple(
        SourceEntry(
            doc,
            labels["about"]["kind_regulation_other"]
            if doc.kind == "regulation" and doc.id not in sop_docs
            else labels["source_kinds"][doc.kind],
            revocation(doc, lang),
        )
        for doc in portal.sources.values()
    )


# -- abbreviations -------------------------------------------------------------------------------------


def abbreviations(portal: m.Portal, lang: str) -> tuple[tuple[str, str], ...]:
    """(abbreviation, expansion) pairs for the Markdown ``abbr`` extension: glossary first, then actors."""
    seen: dict[str, str] = {}
    for term in portal.glossary:
        if term.abbr and term.abbr != term.term.get(lang):
            seen.setdefault(term.abbr, term.term.get(lang))
    for actor in portal.actors.values():
        name = actor.name.get(lang)
        # A short name found in the actor's own name ("Kejaksaan" -> "Kejaksaan Republik Indonesia") is an
        # ordinary word there, not an abbreviation: underlining every "Kejaksaan" or "Media" would only add noise.
        if actor.abbr and not re.search(rf"(?<!\w){re.escape(actor.abbr)}(?!\w)", name, re.IGNORECASE):
            seen.setdefault(actor.abbr, name)
    return tuple((abbr, text) for abbr, text in seen.items() if "]" not in abbr)


def contact_downloads(portal: m.Portal, lang: str):
    """The directory page's download files (CSV, vCard, JSON); written next to the page after the build."""
    from sop_portal.site.downloads import contact_downloads as downloads

    return downloads(portal, lang)


# -- the emergency routes (home page, chapters, checklists) --------------------------------------------


@dataclass(frozen=True)
class EmergencyRoutes:
    """What to call when someone is in danger right now, from the shared emergency opening (emergency.yaml):
    the numbers that work in Indonesia, and those that work from abroad, each as a card for where it is used."""

    in_indonesia: tuple[ContactCard, ...]
    abroad: tuple[ContactCard, ...]
    abroad_outcome: m.Outcome | None


def emergency_routes(portal: m.Portal, today: _dt.date) -> EmergencyRoutes:
    public = {c.id: c for c in portal.public_contacts}
    found: dict[str, tuple[tuple[ContactCard, ...], m.Outcome | None]] = {}
    if portal.emergency is not None:
        outcomes = {o.id: o for o in portal.emergency.outcomes}
        for answer in portal.emergency.question.answers:
            outcome = outcomes.get(answer.next)
            for ctx, where in (("in_indonesia", "indonesia"), ("abroad", "abroad")):
                if outcome is not None and ctx in answer.context and where not in found:
                    cards = tuple(contact_card(public[c], today, where) for c in outcome.contacts if c in public)
                    found[where] = (cards, outcome)
    else:  # a data folder without an emergency opening: the 24-hour hotlines, by where they work from
        for where in ("indonesia", "abroad"):
            cards = tuple(
                card
                for card in (contact_card(c, today, where) for c in portal.public_contacts if c.hotline)
                if card.emergency
            )
            found[where] = (cards, None)
    indonesia = found.get("indonesia", ((), None))[0]
    abroad, abroad_outcome = found.get("abroad", ((), None))
    return EmergencyRoutes(indonesia, abroad, abroad_outcome)


def service_contacts(portal: m.Portal, service: m.Service, today: _dt.date) -> tuple[ContactCard, ...]:
    """The numbers for one chapter, derived: public contacts of the actors who lead or take part in its steps,
    hotlines first, lines for trafficking before others."""
    actor_ids = {a.id for a in service.lead} | {a.id for step in service.steps for a in step.actors}
    found = [
        c
        for c in portal.public_contacts
        if c.actor and c.actor.id in actor_ids and c.status != "defunct" and c.trafficking_specific
    ]
    found.sort(key=lambda c: (not c.hotline, not c.trafficking_specific))
    return tuple(contact_card(c, today) for c in found)


@dataclass(frozen=True)
class ServiceCalls:
    """The calls at the top of a chapter and of its checklist: the emergency line, then the chapter's numbers."""

    emergency: EmergencyRoutes
    contacts: tuple[ContactCard, ...]


# -- glossary -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryEntry:
    term: m.GlossaryTerm
    actor: m.Actor | None  # the actor the term names, when the build has it (and so a page for it)


@dataclass(frozen=True)
class GlossaryLetter:
    letter: str  # 'A' … 'Z', or '#' for terms starting with a digit or sign
    anchor: str  # 'huruf-a'
    entries: tuple[GlossaryEntry, ...]


def glossary_letters(portal: m.Portal) -> tuple[GlossaryLetter, ...]:
    """The glossary grouped A–Z by the word it is sorted under (its abbreviation, else its Indonesian term), so a
    long list on a phone gets an index that jumps."""
    groups: dict[str, list[m.GlossaryTerm]] = {}
    for term in portal.glossary:
        first = (term.abbr or term.term.id).strip()[:1].upper()
        key = first if first.isalpha() and first.isascii() else "#"
        groups.setdefault(key, []).append(term)
    order = sorted(groups, key=lambda k: (k == "#", k))
    return tuple(
        GlossaryLetter(
            k,
            "huruf-" + ("lain" if k == "#" else k.lower()),
            tuple(GlossaryEntry(t, portal.actors.get(t.actor) if t.actor else None) for t in groups[k]),
        )
        for k in order
    )
