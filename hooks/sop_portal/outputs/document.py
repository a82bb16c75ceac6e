"""The complete SOP as a formal document (`sop document`): national, or a district's resolved over its national base.

:func:`build` turns a portal into a :class:`Document`: plain strings in one language, in reading order, that both
writers lay out — ``docx.py`` (Word, with real styles a clerk can restyle) and ``outputs/documentpdf.py`` (HTML printed by
chromium, the handouts' pipeline). The two formats therefore hold the same text, sections and tables.

Order: cover (district, province, base national ``sop_version``, data version, date), contents, legal basis, every
chapter (purpose, who is responsible, the chapter's legal basis, numbered steps with actors, deadline, output, source
and status), the role matrix, the referral flow, the contacts (the district's own first), open items, and on a
district document the annex 'Changes from the national SOP' (every change, its rationale and the national text it
replaces). Restricted contacts never enter: only ``portal.public_contacts`` is read, never a contact's review note.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from sop_portal import model as m
from sop_portal.messages.ui import ui_labels
from sop_portal.outputs import export, handouts
from sop_portal.views import content as views

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Labelled:
    """One 'Label: value' line."""

    label: str
    value: str


@dataclass(frozen=True)
class Item:
    """A fact, instrument or open item: its text and the lines under it (source, status, notes)."""

    text: str
    details: tuple[Labelled, ...] = ()
    flags: tuple[str, ...] = ()  # 'Good practice (not the regulation's text)', 'National must', ...


@dataclass(frozen=True)
class StepEntry:
    id: str
    number: int
    text: str
    details: tuple[Labelled, ...]  # actors, applies when, deadline, output, district note, reviewer note
    reference: str  # '[pengaduan.s1] Source: …; Status: …' — every step keeps its source and status
    flags: tuple[str, ...] = ()  # good practice, national must, local change
    struck: bool = False  # not applicable in this district


@dataclass(frozen=True)
class Section:
    """A Heading 2 block inside a chapter: paragraphs (items) or the numbered steps."""

    title: str
    items: tuple[Item, ...] = ()
    steps: tuple[StepEntry, ...] = ()
    empty: str = ""


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Table:
    """A table with one header row; ``caption`` is the paragraph under it (legend)."""

    key: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Block:
    """A Heading 1 section outside the chapters: an intro, then Heading 2 parts with items or a table each."""

    key: str
    title: str
    intro: str = ""
    parts: tuple["Part", ...] = ()


@dataclass(frozen=True)
class Part:
    title: str  # '' for a part directly under the block heading
    items: tuple[Item, ...] = ()
    table: Table | None = None
    empty: str = ""


@dataclass
class Document:
    lang: str
    title: str
    scope: str  # 'National SOP' or 'Local SOP of Kabupaten …'
    cover: tuple[Labelled, ...]
    notes: tuple[str, ...]  # under the cover table: not an official document; an outdated base version
    legal_basis: Block
    chapters: tuple[Chapter, ...]
    after: tuple[Block, ...]  # matrix, referrals, contacts, open items, annex
    sop_version: str
    today: _dt.date
    district_name: str | None = None
    labels: dict = field(default_factory=dict)

    @property
    def headings(self) -> list[tuple[int, str]]:
        """Every heading in order as (level, text): the contents, and what the tests read back."""
        out: list[tuple[int, str]] = [(1, self.legal_basis.title)]
        for ch in self.chapters:
            out.append((1, ch.title))
            out += [(2, s.title) for s in ch.sections]
        for block in self.after:
            out.append((1, block.title))
            out += [(2, p.title) for p in block.parts if p.title]
        return out

    @property
    def tables(self) -> list[Table]:
        return [p.table for b in (self.legal_basis, *self.after) for p in b.parts if p.table is not None]


# -- building -----------------------------------------------------------------------------------------------


def build(portal: m.Portal, lang: str, today: _dt.date) -> Document:
    labels = ui_labels(lang)
    d = labels["document"]
    t = lambda text: text.get(lang) if text is not None else ""  # noqa: E731
    district = portal.district
    refs = {c.step_id: f"{i}" for i, c in enumerate(district.changes, start=1)} if district else {}

    cover = []
    if district:
        cover += [Labelled(d["district"], t(district.name)), Labelled(d["province"], t(district.province))]
        base = district.base_sop_version
    else:
        base = portal.sop_version
    cover += [
        Labelled(d["regulation"], t(portal.regulation.title)),
        Labelled(d["base_version"], base),
        Labelled(
            d["data_version"],
            f"{portal.sop_version} ({d['released'].format(date=export.human_date(portal.released_on, lang))})",
        ),
        Labelled(d["date"], export.human_date(today, lang)),
    ]
    notes = [d["not_official"]]
    if district and district.base_sop_version != portal.sop_version:
        notes.append(
            d["outdated"].format(base=district.base_sop_version, national=portal.sop_version, slug=district.slug)
        )

    doc = Document(
        lang=lang,
        title=d["title"],
        scope=d["scope_district"].format(name=t(district.name)) if district else d["scope_national"],
        cover=tuple(cover),
        notes=tuple(notes),
        legal_basis=_legal_basis(portal, lang, labels),
        chapters=tuple(_chapter(portal, s, lang, labels, refs) for s in portal.services),
        after=(),
        sop_version=portal.sop_version,
        today=today,
        district_name=t(district.name) if district else None,
        labels=d,
    )
    after = [
        _matrix(portal, lang, labels),
        _referrals(portal, lang, labels),
        _contacts(portal, lang, labels, today),
        _open_items(portal, lang, labels),
    ]
    if district:
        after.append(_annex(portal, lang, labels, refs))
    doc.after = tuple(after)
    return doc


def sources_text(citations: tuple[m.Citation, ...], lang: str) -> str:
    """'Permen PPPA 8/2021, Pasal 1 angka 1, hlm. 2; SAPA 129 portal' — each document once, with its locators."""
    parts = []
    for group in views.group_citations(citations):
        title = group.document.title.get(lang)
        parts.append(", ".join([title, *group.locators]))
    return "; ".join(parts)


def provenance_text(prov: m.Provenance, lang: str, labels: dict) -> str:
    d = labels["document"]
    src = sources_text(prov.sources, lang) or d["no_source"]
    return f"{d['source']}: {src}. {d['status']}: {labels['status'][prov.status]['label']}."


def _fact(fact: m.Fact, lang: str, labels: dict) -> Item:
    d = labels["document"]
    details = [Labelled(d["source_status"], provenance_text(fact.provenance, lang, labels))]
    if fact.note:
        details.append(Labelled(d["reviewer_note"], fact.note.get(lang)))
    flags = (d["good_practice"],) if fact.provenance.good_practice else ()
    return Item(fact.text.get(lang), tuple(details), flags)


def _legal_basis(portal: m.Portal, lang: str, labels: dict) -> Block:
    d = labels["document"]
    items = []
    for x in portal.legal_basis:
        details = [Labelled(d["source_status"], provenance_text(x.provenance, lang, labels))]
        if x.note:
            details.append(Labelled(d["reviewer_note"], x.note.get(lang)))
        flags = (d["mengingat"],) if x.in_mengingat else ()
        items.append(Item(f"{x.title.get(lang)}: {x.subject.get(lang)}", tuple(details), flags))
    reg = portal.regulation
    first = Item(reg.title.get(lang), (Labelled(d["source_status"], provenance_text(reg.provenance, lang, labels)),))
    return Block("legal_basis", d["legal_basis"], d["legal_basis_intro"], (Part("", (first, *items)),))


def _actors(actors: tuple[m.Actor, ...], lang: str) -> str:
    return ", ".join(a.label(lang) if a.abbr else a.name.get(lang) for a in actors)


def _step(step: m.Step, lang: str, labels: dict, refs: dict[str, str]) -> StepEntry:
    d, u = labels["document"], labels["districts"]
    details = [Labelled(d["actors"], _actors(step.actors, lang))]
    if step.applies_when:
        details.append(Labelled(d["applies_when"], step.applies_when.get(lang)))
    if step.deadline:
        dl = step.deadline
        cited = sources_text(dl.sources, lang)
        details.append(Labelled(d["deadline"], dl.text.get(lang) + (f" ({cited})" if cited else "")))
    if step.output:
        details.append(Labelled(d["output"], step.output.get(lang)))
    change = step.change
    if change is not None and change.note:
        details.append(Labelled(d["local_note"], change.note.get(lang)))
    if step.note:
        details.append(Labelled(d["reviewer_note"], step.note.get(lang)))
    flags = []
    if step.mandatory:
        flags.append(d["mandatory"])
    if step.provenance.good_practice:
        flags.append(d["good_practice"])
    if change is not None:
        flags.append(f"{u['badge'][change.action]} ({d['see_annex'].format(ref=refs[step.id])})")
    reference = f"[{step.id}] {provenance_text(step.provenance, lang, labels)}"
    text = step.text.get(lang)
    if step.not_applicable:
        text = f"{text} — {d['not_applicable']}"
    return StepEntry(step.id, step.number, text, tuple(details), reference, tuple(flags), step.not_applicable)


def _chapter(portal: m.Portal, svc: m.Service, lang: str, labels: dict, refs: dict[str, str]) -> Chapter:
    d = labels["document"]
    sections = [Section(d["purpose"], (_fact(svc.purpose, lang, labels),))]
    responsible = [
        Item(
            f"{d['lead']}: {_actors(svc.lead, lang)}",
            (Labelled(d["source_status"], provenance_text(svc.lead_provenance, lang, labels)),)
            + ((Labelled(d["reviewer_note"], svc.lead_note.get(lang)),) if svc.lead_note else ()),
        )
    ]
    if svc.support:
        responsible.append(Item(f"{d['support']}: {_actors(svc.support, lang)}"))
    sections.append(Section(d["responsible"], tuple(responsible)))
    if svc.legal_basis:
        sections.append(Section(d["chapter_legal_basis"], tuple(_fact(f, lang, labels) for f in svc.legal_basis)))
    sections.append(
        Section(d["steps"], steps=tuple(_step(s, lang, labels, refs) for s in svc.steps), empty=d["no_steps"])
    )
    title = d["chapter"].format(number=svc.number, title=svc.title.get(lang))
    return Chapter(svc.id, title, tuple(sections))


def _matrix(portal: m.Portal, lang: str, labels: dict) -> Block:
    d, u = labels["document"], labels["matrix"]
    symbol = {"lead": u["lead_symbol"], "support": u["support_symbol"], None: ""}
    header = (d["matrix_actor"], *(str(s.number) for s in portal.services))
    rows = tuple((_actors((r.actor,), lang), *(symbol[x] for x in r.roles)) for r in views.matrix(portal))
    legend = f"{d['matrix_legend']}: " + "; ".join(f"{s.number} = {s.short_title.get(lang)}" for s in portal.services)
    intro = d["matrix_intro"].format(lead=u["lead_symbol"], support=u["support_symbol"])
    return Block("matrix", d["matrix"], intro, (Part("", table=Table("matrix", header, rows, legend)),))


def _referrals(portal: m.Portal, lang: str, labels: dict) -> Block:
    d = labels["document"]
    rows = []
    for svc in portal.services:
        for r in svc.referrals_out:
            target = next((s for s in portal.services if s.id == r.to_id), None)
            to = f"{target.number}. {target.short_title.get(lang)}" if target else r.to_id
            rows.append(
                (
                    f"{svc.number}. {svc.short_title.get(lang)}",
                    to,
                    r.when.get(lang),
                    provenance_text(r.provenance, lang, labels),
                )
            )
    table = Table("referrals", (d["from"], d["to"], d["when"], d["source_status"]), tuple(rows)) if rows else None
    return Block("referrals", d["referrals"], d["referrals_intro"], (Part("", table=table, empty=d["no_referrals"]),))


def _contact_row(card: views.ContactCard, lang: str, labels: dict) -> tuple[str, str, str, str]:
    d = labels["document"]
    c = card.contact
    numbers = []
    for link in card.phones:
        kind = "" if link.kind == "voice" else f" ({export.kind_name(link.kind, lang)})"
        caveats = ", ".join(export.caveat_texts(link, lang))
        label = f" — {link.label.get(lang)}" if link.label else ""
        numbers.append(f"{link.number}{kind}: {caveats}{label}")
    if not numbers:
        numbers = [", ".join(ch.get(lang) for ch in c.channels) or d["no_number"]]
    details = [
        x
        for x in (
            c.hours.get(lang) if c.hours else "",
            c.area.get(lang) if c.area else "",
            c.website or "",
            c.email or "",
            c.note.get(lang) if c.note else "",
            export.provenance_sentence(c, lang),
        )
        if x
    ]
    return (c.organisation.get(lang), c.service.get(lang), "\n".join(numbers), "\n".join(details))


def _contacts(portal: m.Portal, lang: str, labels: dict, today: _dt.date) -> Block:
    """Public contacts only (handouts.contact_groups reads portal.public_contacts): local first, then hotlines."""
    d = labels["document"]
    local_ids = frozenset(portal.district.local_contact_ids) if portal.district else frozenset()
    groups = handouts.contact_groups(portal, today, local_ids)
    header = (d["col_organisation"], d["col_service"], d["col_numbers"], d["col_details"])

    def part(key: str, title: str, cards, empty: str = "") -> Part:
        rows = tuple(_contact_row(c, lang, labels) for c in cards)
        return Part(title, table=Table(f"contacts:{key}", header, rows) if rows else None, empty=empty)

    parts = []
    if portal.district:
        name = portal.district.name.get(lang)
        parts.append(part("local", d["local_contacts"].format(name=name), groups.local, d["no_local_contacts"]))
    parts.append(part("hotlines", d["hotlines"], groups.hotlines))
    if groups.others:
        parts.append(part("others", d["other_contacts"], groups.others))
    return Block("contacts", d["contacts"], d["contacts_intro"], tuple(parts))


def _open_items(portal: m.Portal, lang: str, labels: dict) -> Block:
    d = labels["document"]
    by_owner: dict[str, list[m.OpenItem]] = {}
    for item in portal.all_open_items:
        by_owner.setdefault(item.owner, []).append(item)
    district = portal.district
    if district:
        by_owner.setdefault(district.slug, []).extend(district.open_items)
    parts = []
    for owner, items in by_owner.items():
        if not items:
            continue
        if owner == "sop":
            title = d["owner_sop"]
        elif district and owner == district.slug:
            title = d["owner_district"].format(name=district.name.get(lang))
        else:
            svc = portal.service(owner)
            title = d["chapter"].format(number=svc.number, title=svc.title.get(lang))
        parts.append(
            Part(
                title,
                tuple(
                    Item(
                        f"[{i.id}] {i.text.get(lang)}",
                        (Labelled(d["where_to_find"], i.where_to_find.get(lang)),) if i.where_to_find else (),
                    )
                    for i in items
                ),
            )
        )
    if not parts:
        parts = [Part("", empty=d["no_open_items"])]
    return Block("open_items", d["open_items"], d["open_items_intro"], tuple(parts))


def _annex(portal: m.Portal, lang: str, labels: dict, refs: dict[str, str]) -> Block:
    """Every change of the district: what, why, and the national text it replaces (or annotates)."""
    d, u = labels["document"], labels["districts"]
    district = portal.district
    steps = portal.steps
    items = []
    for change in district.changes:
        step = steps[change.step_id]
        svc = portal.service(change.service_id)
        head = d["annex_change"].format(
            ref=refs[change.step_id],
            number=f"{svc.number}.{step.number}",
            step=change.step_id,
            action=u["action"][change.action],
        )
        details = []
        if change.action in ("modify", "add") and change.local_text:
            details.append(Labelled(d["local_text"], change.local_text.get(lang)))
        if change.note:
            details.append(Labelled(d["local_note"], change.note.get(lang)))
        details.append(Labelled(d["rationale"], change.rationale.get(lang)))
        if change.national_text is not None:
            key = {
                "modify": "national_replaced",
                "annotate": "national_annotated",
                "not_applicable": "national_not_applicable",
            }[change.action]
            details.append(Labelled(d[key], change.national_text.get(lang)))
        if change.action == "modify" and change.national_actors != step.actors:
            details.append(Labelled(d["national_actors"], _actors(change.national_actors, lang)))
        if change.provenance is not None:
            details.append(Labelled(d["local_source"], provenance_text(change.provenance, lang, labels)))
        items.append(Item(head, tuple(details)))
    parts = [Part(d["annex_changes"], tuple(items), empty=d["no_changes"])]
    renamed = [a for a in district.renamed_actor_ids]
    if renamed:
        rows = tuple(
            (
                portal.actors[a].national_name.get(lang),
                portal.actors[a].name.get(lang) + (f" ({portal.actors[a].abbr})" if portal.actors[a].abbr else ""),
            )
            for a in renamed
        )
        parts.append(Part(d["renamed"], table=Table("renamed", (d["national_name"], d["local_name"]), rows)))
    if district.local_actor_ids:
        parts.append(
            Part(
                d["local_actors"],
                tuple(
                    Item(
                        portal.actors[a].name.get(lang),
                        (Labelled(d["source_status"], provenance_text(portal.actors[a].provenance, lang, labels)),),
                    )
                    for a in district.local_actor_ids
                ),
            )
        )
    intro = d["annex_intro"].format(name=district.name.get(lang), base=district.base_sop_version)
    return Block("annex", d["annex"], intro, tuple(parts))
