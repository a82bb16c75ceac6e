"""Plain Python objects for the SOP data: what templates, the CLI and exports read.

Built from data that has passed validation (see ``data/validate.py``); nothing here re-checks input.
Derived views (supporting actors, referrals in, the service x actor matrix) are computed here,
so they are never typed twice in the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sop_portal.model.citations import locator_text

LANGS = ("id", "en")
STATUSES = ("verified", "secondary", "unverified", "open")


@dataclass(frozen=True)
class Text:
    """Bilingual text."""

    id: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.id

    @classmethod
    def of(cls, raw: dict | None) -> "Text | None":
        return cls(raw["id"], raw["en"]) if raw else None


@dataclass(frozen=True)
class SourceDoc:
    id: str
    title: Text
    kind: str  # regulation | law | official | secondary | good_practice | report
    publisher: str | None = None
    url: str | None = None
    published_on: str | None = None
    accessed_on: str | None = None
    note: Text | None = None
    short_title: Text | None = None
    revoked_on: str | None = None  # the rule (or the rule this report is about) was revoked on this date
    revoked_by: "Citation | None" = None  # the document and article that revoked it
    revoked_rule: Text | None = None  # the revoked rule's name, when this document is a report about it

    def cited_as(self, lang: str) -> str:
        """The short citation where there is one, else the title: 'Permensos 8/2023'."""
        return (self.short_title or self.title).get(lang)


@dataclass(frozen=True)
class Citation:
    """A pointer into a source document: 'UU 21/2007, Pasal 54 ayat (1)'."""

    document: SourceDoc
    article: str | None = None
    page: str | None = None

    @property
    def locator(self) -> str:
        """As written in the data (Indonesian): 'Pasal 54 ayat (1), hlm. 2'."""
        return ", ".join(x for x in (self.article, self.page) if x)

    def locator_in(self, lang: str) -> str:
        """For a reader of ``lang``: in English 'Article 54(1), p. 2' (:func:`citations.english_locator`), each part
        on its own, so a part the translation does not recognise stays as written without holding back the other."""
        return ", ".join(locator_text(x, lang) for x in (self.article, self.page) if x)

    @property
    def is_good_practice(self) -> bool:
        return self.document.kind == "good_practice"


@dataclass(frozen=True)
class Provenance:
    sources: tuple[Citation, ...]
    status: str

    @property
    def good_practice(self) -> bool:
        """True when the fact comes only from good-practice guides, never from the regulation."""
        return bool(self.sources) and all(c.is_good_practice for c in self.sources)

    @property
    def any_good_practice(self) -> bool:
        """True when at least one source is a good-practice guide: the page shows the good-practice label."""
        return any(c.is_good_practice for c in self.sources)

    @property
    def partly_good_practice(self) -> bool:
        """Some sources are good-practice guides and some are not: the label says 'in part'."""
        return self.any_good_practice and not self.good_practice


@dataclass(frozen=True)
class Fact:
    text: Text
    provenance: Provenance
    id: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class OpenItem:
    id: str
    text: Text
    where_to_find: Text | None
    owner: str  # id of the service, or "sop" for the regulation as a whole


@dataclass(frozen=True)
class Actor:
    id: str
    name: Text
    level: str
    type: str
    description: Text
    provenance: Provenance
    abbr: str | None = None
    parent: str | None = None
    note: Text | None = None
    national_name: Text | None = None  # set on a district build when the district uses a local name

    def label(self, lang: str) -> str:
        return self.abbr or self.name.get(lang)


@dataclass(frozen=True)
class Deadline:
    text: Text
    sources: tuple[Citation, ...]
    days: int | None = None
    hours: int | None = None


@dataclass(frozen=True)
class Step:
    id: str
    number: int
    service_id: str
    text: Text
    actors: tuple[Actor, ...]
    checklist: bool
    provenance: Provenance
    mandatory: bool = False
    deadline: Deadline | None = None
    output: Text | None = None
    applies_when: Text | None = None
    note: Text | None = None
    change: Any = None  # districts.Change on a district build: the local change and its rationale

    @property
    def not_applicable(self) -> bool:
        return bool(self.change) and self.change.action == "not_applicable"

    @property
    def anchor(self) -> str:
        """HTML id of the step on its service page."""
        return self.id.replace(".", "-")


@dataclass(frozen=True)
class Referral:
    source_id: str
    to_id: str
    when: Text
    provenance: Provenance


@dataclass(frozen=True)
class SpecialCase:
    case: str
    text: Text
    provenance: Provenance


@dataclass(frozen=True)
class Service:
    id: str
    number: int
    kind: str
    title: Text
    short_title: Text
    purpose: Fact
    lead: tuple[Actor, ...]
    lead_provenance: Provenance
    steps: tuple[Step, ...]
    legal_basis: tuple[Fact, ...] = ()
    entry_criteria: tuple[Fact, ...] = ()
    outputs: tuple[Fact, ...] = ()
    referrals_out: tuple[Referral, ...] = ()
    referrals_in: tuple[Referral, ...] = ()
    special_cases: tuple[SpecialCase, ...] = ()
    adaptable: tuple[Fact, ...] = ()
    open_items: tuple[OpenItem, ...] = ()
    lead_note: Text | None = None

    @property
    def checklist(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.checklist and not s.not_applicable)

    @property
    def support(self) -> tuple[Actor, ...]:
        """Actors named in the steps who do not lead the service (derived, never typed)."""
        lead_ids = {a.id for a in self.lead}
        seen: dict[str, Actor] = {}
        for step in self.steps:
            for actor in step.actors:
                if actor.id not in lead_ids:
                    seen.setdefault(actor.id, actor)
        return tuple(seen.values())

    def status_counts(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUSES}
        for step in self.steps:
            counts[step.provenance.status] += 1
        return counts


@dataclass(frozen=True)
class Phone:
    number: str
    kind: str  # voice | whatsapp | sms | fax
    dial_from: str = "indonesia"  # indonesia | abroad | both
    hours: str = "unknown"  # 24h | office_hours | unknown
    serves: str = "everyone"  # everyone | women_and_children | migrant_workers | witnesses_and_victims
    label: Text | None = None

    @property
    def digits(self) -> str:
        return "".join(ch for ch in self.number if ch.isdigit())

    @property
    def domestic_only(self) -> bool:
        """Short codes (110, 129, 148) and 0800 toll-free numbers: dialled as written, only inside Indonesia."""
        return is_domestic_only(self.number)

    def works_from(self, where: str) -> bool:
        """Whether the number can be dialled from ``where`` (indonesia or abroad)."""
        return self.dial_from in ("both", where)

    @property
    def dial(self) -> str:
        """The target of a tel: link that dials from a phone: short codes and 0800 numbers exactly as written
        (never with +62), every other Indonesian number in +62 form so it also dials from abroad."""
        if self.domestic_only:
            return self.digits
        return self.international

    @property
    def international(self) -> str:
        """+62 form for Indonesian numbers written with a leading 0; short codes and 0800 numbers stay as they are."""
        digits = self.digits
        if self.number.strip().startswith("+"):
            return "+" + digits
        if self.domestic_only:
            return digits
        if digits.startswith("0") and len(digits) >= 8:
            return "+62" + digits[1:]
        return digits

    @property
    def whatsapp(self) -> str:
        """The number for a wa.me link: international form without +, Indonesian 0 replaced by 62."""
        digits = self.digits
        if self.number.strip().startswith("+"):
            return digits
        return "62" + digits[1:] if digits.startswith("0") else digits


def is_domestic_only(number: str) -> bool:
    digits = "".join(ch for ch in number if ch.isdigit())
    if number.strip().startswith("+"):
        return False
    return len(digits) <= 5 or digits.startswith("0800")


@dataclass(frozen=True)
class Confirmation:
    """A person confirmed the numbers with the service (a call) or on its official page, on that day."""

    date: str
    by: str
    method: str  # call | official_page
    url: str | None = None


@dataclass(frozen=True)
class Contact:
    id: str
    organisation: Text
    service: Text
    status: str
    visibility: str
    provenance: Provenance
    phones: tuple[Phone, ...] = ()
    actor: Actor | None = None
    hotline: bool = False
    trafficking_specific: bool = True
    email: str | None = None
    website: str | None = None
    channels: tuple[Text, ...] = ()
    hours: Text | None = None
    area: Text | None = None
    note: Text | None = None
    confirmed: Confirmation | None = None
    review_note: Text | None = None  # for the review page only: never on cards, exports or handouts

    @property
    def public(self) -> bool:
        return self.visibility == "public"

    @property
    def seen_on(self) -> str | None:
        """The newest date of the sources the numbers were seen in (as precise as known), or None."""
        dates = [c.document.published_on for c in self.provenance.sources if c.document.published_on]
        return max(dates, key=lambda d: (d + "-99-99")[:10]) if dates else None

    @property
    def checked_on(self) -> str | None:
        """The day the numbers were last known good: the confirmation, else the newest source date."""
        return self.confirmed.date if self.confirmed else self.seen_on


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: Text
    definition: Text
    provenance: Provenance
    abbr: str | None = None
    actor: str | None = None


@dataclass(frozen=True)
class LegalInstrument:
    id: str
    title: Text
    subject: Text
    provenance: Provenance
    in_mengingat: bool = False
    note: Text | None = None


@dataclass(frozen=True)
class Definition:
    id: str
    term: Text
    text: Text
    provenance: Provenance


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    changes: tuple[Text, ...]


@dataclass(frozen=True)
class Regulation:
    short_title: Text
    title: Text
    number: int
    year: int
    provenance: Provenance
    issuer: str | None = None
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Answer:
    label: Text
    next: str
    settings: tuple[Text, ...] = ()
    prefill: Any = None  # raw mapping for adaptation trees, read by the scaffold
    context: tuple[
        str, ...
    ] = ()  # what the answer tells: in_indonesia, abroad, child, age_uncertain, adult, foreign_national
    note: Text | None = None
    provenance: Provenance | None = None


@dataclass(frozen=True)
class Question:
    id: str
    question: Text
    answers: tuple[Answer, ...]
    help: Text | None = None
    provenance: Provenance | None = None
    danger: bool = False  # offers the emergency route (in Indonesia and abroad)


@dataclass(frozen=True)
class Outcome:
    id: str
    summary: Text
    urgency: str  # immediate | urgent | routine
    provenance: Provenance
    services: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    settings: tuple[Text, ...] = ()
    note: Text | None = None
    threat: bool = False
    no_24h_route: Text | None = None


@dataclass(frozen=True)
class EmergencyOpening:
    """The danger question every case tree with ``opening: shared`` asks first, and its immediate outcomes.
    ``continue_index`` is the answer that goes on to the tree's own first question."""

    question: Question
    outcomes: tuple[Outcome, ...]
    continue_index: int


@dataclass(frozen=True)
class DecisionTree:
    id: str
    title: Text
    start: str
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]
    order: int = 100
    audience: str = "case"
    description: Text | None = None
    opening: str = "own"  # shared: the emergency opening was put before the tree's first question; own: its own

    def node(self, node_id: str) -> "Question | Outcome":
        return next(n for n in (*self.questions, *self.outcomes) if n.id == node_id)

    def is_outcome(self, node_id: str) -> bool:
        return any(o.id == node_id for o in self.outcomes)

    def paths_to(self, node_id: str) -> list[list[tuple[Question, Answer]]]:
        """Every path from the start to ``node_id``, as (question, answer chosen) pairs. Trees are acyclic."""
        paths: list[list[tuple[Question, Answer]]] = []

        def walk(current: str, trail: list[tuple[Question, Answer]]) -> None:
            if current == node_id:
                paths.append(trail)
                return
            node = self.node(current)
            if isinstance(node, Question):
                for answer in node.answers:
                    walk(answer.next, trail + [(node, answer)])

        walk(self.start, [])
        return paths

    def ordered_nodes(self) -> list["Question | Outcome"]:
        """Questions breadth-first from the start, then outcomes in the same order: a readable outline."""
        seen: list[str] = []
        queue = [self.start]
        while queue:
            nid = queue.pop(0)
            if nid in seen:
                continue
            seen.append(nid)
            node = self.node(nid)
            if isinstance(node, Question):
                queue.extend(a.next for a in node.answers)
        return [self.node(n) for n in seen if not self.is_outcome(n)] + [
            self.node(n) for n in seen if self.is_outcome(n)
        ]


@dataclass(frozen=True)
class ScenarioQuestion:
    id: str
    question: Text
    answer: Text
    steps: tuple[str, ...] = ()
    outcomes: tuple[tuple[str, str], ...] = ()  # (tree id, outcome id)


@dataclass(frozen=True)
class Scenario:
    id: str
    title: Text
    story: Text
    services: tuple[str, ...]
    questions: tuple[ScenarioQuestion, ...]
    provenance: Provenance
    cases: tuple[str, ...] = ()
    order: int = 100


@dataclass(frozen=True)
class Session:
    id: str
    start: str
    minutes: int
    title: Text
    activity: Text
    notes: Text
    services: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuizItem:
    """A generated multiple-choice question: the answer and its source come from the step itself."""

    id: str
    step: Step
    ask: str
    question: Text
    choices: tuple[Text, ...]
    answer: int  # index into choices
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Commitment:
    title: Text
    preamble: Text
    commitments: tuple[Text, ...]
    blank_lines: int
    participant_rows: int
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Workshop:
    agenda: tuple[Session, ...]
    quiz: tuple[QuizItem, ...]
    commitment: Commitment
    agenda_sources: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Portal:
    """Everything the site shows, resolved and cross-linked."""

    schema_version: int
    sop_version: str
    released_on: str
    regulation: Regulation
    legal_basis: tuple[LegalInstrument, ...]
    definitions: tuple[Definition, ...]
    principles: tuple[Fact, ...]
    rights: tuple[Fact, ...]
    changelog: tuple[Release, ...]
    sources: dict[str, SourceDoc]
    actors: dict[str, Actor]
    services: tuple[Service, ...]
    contacts: tuple[Contact, ...]
    glossary: tuple[GlossaryTerm, ...]
    open_items: tuple[OpenItem, ...] = ()
    trees: tuple[DecisionTree, ...] = ()
    emergency: EmergencyOpening | None = None
    district: Any = None  # districts.District on a district build
    scenarios: tuple[Scenario, ...] = ()
    workshop: Workshop | None = None

    def tree(self, tree_id: str) -> DecisionTree:
        return next(t for t in self.trees if t.id == tree_id)

    @property
    def contacts_by_id(self) -> dict[str, Contact]:
        return {c.id: c for c in self.contacts}

    def service_of_step(self, step_id: str) -> Service:
        return self.service(step_id.split(".", 1)[0])

    def service(self, service_id: str) -> Service:
        return next(s for s in self.services if s.id == service_id)

    @property
    def steps(self) -> dict[str, Step]:
        return {step.id: step for svc in self.services for step in svc.steps}

    @property
    def public_contacts(self) -> tuple[Contact, ...]:
        """Contacts that may be published: restricted entries never reach any output."""
        return tuple(c for c in self.contacts if c.public)

    @property
    def all_open_items(self) -> tuple[OpenItem, ...]:
        return self.open_items + tuple(i for s in self.services for i in s.open_items)

    def matrix(self) -> dict[str, dict[str, str]]:
        """Service x actor roles: {actor_id: {service_id: 'lead' | 'support'}}, derived from lead and steps."""
        roles: dict[str, dict[str, str]] = {}
        for svc in self.services:
            for actor in svc.lead:
                roles.setdefault(actor.id, {})[svc.id] = "lead"
            for actor in svc.support:
                roles.setdefault(actor.id, {}).setdefault(svc.id, "support")
        return roles

    def actor_steps(self, actor_id: str) -> dict[str, list[Step]]:
        """What one actor does in each service: {service_id: [steps]}, derived from step assignments."""
        out: dict[str, list[Step]] = {}
        for svc in self.services:
            for step in svc.steps:
                if any(a.id == actor_id for a in step.actors):
                    out.setdefault(svc.id, []).append(step)
        return out
