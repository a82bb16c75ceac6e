"""Turn validated data into the model (``model.Portal``).

``load_portal(data_dir)`` is the one entry point for the site, the CLI and the exports: it validates
first and raises :class:`DataError` with every problem when the data is invalid.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from pathlib import Path

from sop_portal import model as m
from sop_portal.build import districts as _districts
from sop_portal.build import quiz as _quiz
from sop_portal.data.problems import DataError
from sop_portal.data.validate import Report, validate


class UnknownDistrict(LookupError):
    def __init__(self, slug: str, known: list[str]):
        super().__init__(slug)
        self.slug, self.known = slug, known


def load_portal(data_dir: str | Path, today: _dt.date | None = None, district: str | None = None) -> m.Portal:
    """The validated national portal, or a district's when ``district`` names a profile under districts/."""
    report = validate(data_dir, today=today)
    if not report.ok:
        raise DataError(report.errors)
    portal = build_portal(report)
    if district:
        files = report.data.districts.get(district)
        if files is None:
            raise UnknownDistrict(district, sorted(report.data.districts))
        portal = resolve_district(portal, files)
    return portal


def load_with_districts(data_dir: str | Path, today: _dt.date | None = None) -> tuple[m.Portal, dict[str, m.Portal]]:
    """The national portal and every district's (slug -> portal), validated once.

    Linear in the number of districts, where ``load_portal(district=...)`` per district would validate every
    profile once per district.
    """
    key = (str(Path(data_dir).resolve()), today, data_fingerprint(data_dir))
    if _LAST_LOAD and _LAST_LOAD[0] == key:  # the second language of the same build: the data has not changed
        return _LAST_LOAD[1]
    report = validate(data_dir, today=today)
    if not report.ok:
        raise DataError(report.errors)
    national = build_portal(report)
    result = (
        national,
        {slug: resolve_district(national, files) for slug, files in sorted(report.data.districts.items())},
    )
    _LAST_LOAD[:] = [key, result]
    return result


# The last load, kept for the next call with unchanged data: mkdocs-static-i18n builds each language in the same
# process, and the data is validated once per build, not once per language. `mkdocs serve` edits change the
# fingerprint, so a rebuild after an edit validates again.
_LAST_LOAD: list = []


def data_fingerprint(data_dir: str | Path) -> tuple:
    """Every data file's path, size and modification time: equal fingerprints mean unchanged data."""
    root = Path(data_dir)
    return tuple(
        sorted(
            (str(p.relative_to(root)), s.st_size, s.st_mtime_ns)
            for p in root.rglob("*")
            if p.is_file()
            for s in [p.stat()]
        )
    )


def resolve_district(national: m.Portal, files: _districts.DistrictFiles) -> m.Portal:
    builder = _Builder(national.sources)
    builder.actors = dict(national.actors)
    builder.emergency = national.emergency
    return _districts.resolve(national, files, builder)


def build_portal(report: Report) -> m.Portal:
    data = report.data
    sources_raw = data.one("sources.schema.json").data["sources"]
    sources = {s["id"]: _source_doc(s) for s in sources_raw}
    for s in sources_raw:  # a revocation points at another document: resolved once all documents exist
        if s.get("revoked_by"):
            by = s["revoked_by"]
            sources[s["id"]] = dataclasses.replace(
                sources[s["id"]], revoked_by=m.Citation(sources[by["document"]], by.get("article"), by.get("page"))
            )
    b = _Builder(sources)

    actors = {a["id"]: b.actor(a) for a in data.one("actor.schema.json").data["actors"]}
    b.actors = actors
    emergency = data.one("emergency.schema.json")
    b.emergency = b.emergency_opening(emergency.data) if emergency is not None else None

    services = b.with_referrals_in(
        sorted((b.service(f.data) for f in data.of("service.schema.json")), key=lambda s: s.number)
    )

    contacts = tuple(b.contact(c) for f in data.of("contact.schema.json") for c in f.data["contacts"])
    glossary = tuple(
        sorted(
            (b.term(t) for t in data.one("glossary.schema.json").data["terms"]),
            key=lambda t: (t.abbr or t.term.id).lower(),
        )
    )

    scenarios = tuple(
        sorted((b.scenario(f.data) for f in data.of("scenario.schema.json")), key=lambda x: (x.order, x.id))
    )
    sop = data.one("sop.schema.json").data
    reg = sop["regulation"]
    regulation = m.Regulation(
        short_title=b.text(reg["short_title"]),
        title=b.text(reg["title"]),
        number=reg["number"],
        year=reg["year"],
        provenance=b.prov(reg),
        issuer=reg.get("issuer"),
        facts=b.facts(reg.get("facts")),
    )
    portal = m.Portal(
        schema_version=sop["schema_version"],
        sop_version=sop["sop_version"],
        released_on=sop["released_on"],
        regulation=regulation,
        legal_basis=tuple(
            m.LegalInstrument(
                id=x["id"],
                title=b.text(x["title"]),
                subject=b.text(x["subject"]),
                provenance=b.prov(x),
                in_mengingat=x.get("in_mengingat", False),
                note=m.Text.of(x.get("note")),
            )
            for x in sop.get("legal_basis", [])
        ),
        definitions=tuple(
            m.Definition(id=d["id"], term=b.text(d["term"]), text=b.text(d["text"]), provenance=b.prov(d))
            for d in sop.get("definitions", [])
        ),
        principles=b.facts(sop.get("principles")),
        rights=b.facts(sop.get("rights")),
        changelog=tuple(
            m.Release(version=r["version"], date=r["date"], changes=tuple(b.text(c) for c in r["changes"]))
            for r in sop["changelog"]
        ),
        sources=sources,
        actors=actors,
        services=tuple(services),
        contacts=contacts,
        glossary=glossary,
        open_items=b.open_items(sop.get("open_items"), "sop"),
        trees=tuple(
            sorted((b.tree(f.data) for f in data.of("decision_tree.schema.json")), key=lambda t: (t.order, t.id))
        ),
        emergency=b.emergency,
        scenarios=scenarios,
    )
    workshop = data.one("training.schema.json")
    if workshop is not None:  # the quiz is generated from the finished portal's steps
        portal = dataclasses.replace(portal, workshop=b.workshop(workshop.data, portal))
    return portal


def _source_doc(s: dict) -> m.SourceDoc:
    return m.SourceDoc(
        id=s["id"],
        title=m.Text.of(s["title"]),
        kind=s["kind"],
        publisher=s.get("publisher"),
        url=s.get("url"),
        published_on=s.get("published_on"),
        accessed_on=s.get("accessed_on"),
        note=m.Text.of(s.get("note")),
        short_title=m.Text.of(s.get("short_title")),
        revoked_on=s.get("revoked_on"),
        revoked_rule=m.Text.of(s.get("revoked_rule")),
    )


def tree_opening(t: dict) -> str:
    """How a tree offers the emergency route first: 'shared' (the default for case trees), 'own', or 'none'
    (adaptation trees are for planning, not for a case)."""
    if t.get("audience", "case") != "case":
        return t.get("opening", "none")
    return t.get("opening", "shared")


class _Builder:
    def __init__(self, sources: dict[str, m.SourceDoc]):
        self.sources = sources
        self.actors: dict[str, m.Actor] = {}
        self.emergency: m.EmergencyOpening | None = None

    @staticmethod
    def with_referrals_in(services: list[m.Service] | tuple[m.Service, ...]) -> list[m.Service]:
        """Each service with the referrals that arrive from the other services, derived from their referrals out."""
        return [
            dataclasses.replace(
                svc, referrals_in=tuple(r for o in services for r in o.referrals_out if r.to_id == svc.id)
            )
            for svc in services
        ]

    @staticmethod
    def text(raw: dict) -> m.Text:
        return m.Text(raw["id"], raw["en"])

    def cites(self, raw: list[dict] | None) -> tuple[m.Citation, ...]:
        return tuple(m.Citation(self.sources[c["document"]], c.get("article"), c.get("page")) for c in (raw or []))

    def prov(self, raw: dict, status_key: str = "status") -> m.Provenance:
        return m.Provenance(self.cites(raw.get("sources")), raw[status_key])

    def fact(self, raw: dict) -> m.Fact:
        return m.Fact(self.text(raw["text"]), self.prov(raw), raw.get("id"), m.Text.of(raw.get("note")))

    def facts(self, raw: list | None) -> tuple[m.Fact, ...]:
        return tuple(self.fact(x) for x in (raw or []))

    def open_items(self, raw: list | None, owner: str) -> tuple[m.OpenItem, ...]:
        return tuple(
            m.OpenItem(x["id"], self.text(x["text"]), m.Text.of(x.get("where_to_find")), owner) for x in (raw or [])
        )

    def actor(self, a: dict) -> m.Actor:
        return m.Actor(
            id=a["id"],
            name=self.text(a["name"]),
            level=a["level"],
            type=a["type"],
            description=self.text(a["description"]),
            provenance=self.prov(a),
            abbr=a.get("abbr"),
            parent=a.get("parent"),
            note=m.Text.of(a.get("note")),
        )

    def step(self, raw: dict, number: int, service_id: str) -> m.Step:
        """The one step factory: a national step, or a step a district adds (which has no deadline or condition)."""
        dl = raw.get("deadline")
        deadline = (
            m.Deadline(self.text(dl["text"]), self.cites(dl["sources"]), dl.get("days"), dl.get("hours"))
            if dl
            else None
        )
        return m.Step(
            id=raw["id"],
            number=number,
            service_id=service_id,
            text=self.text(raw["text"]),
            actors=tuple(self.actors[a] for a in raw["actors"]),
            checklist=raw["checklist"],
            provenance=self.prov(raw),
            mandatory=raw.get("mandatory", False),
            deadline=deadline,
            output=m.Text.of(raw.get("output")),
            applies_when=m.Text.of(raw.get("applies_when")),
            note=m.Text.of(raw.get("note")),
        )

    def service(self, s: dict) -> m.Service:
        sid = s["id"]
        lead = s["lead"]
        return m.Service(
            id=sid,
            number=s["number"],
            kind=s["kind"],
            title=self.text(s["title"]),
            short_title=self.text(s.get("short_title") or s["title"]),
            purpose=self.fact(s["purpose"]),
            lead=tuple(self.actors[a] for a in lead["actors"]),
            lead_provenance=self.prov(lead),
            lead_note=m.Text.of(lead.get("note")),
            steps=tuple(self.step(x, i, sid) for i, x in enumerate(s["steps"], start=1)),
            legal_basis=self.facts(s.get("legal_basis")),
            entry_criteria=self.facts(s.get("entry_criteria")),
            outputs=self.facts(s.get("outputs")),
            referrals_out=tuple(
                m.Referral(sid, r["to"], self.text(r["when"]), self.prov(r)) for r in s.get("referrals", [])
            ),
            special_cases=tuple(
                m.SpecialCase(c["case"], self.text(c["text"]), self.prov(c)) for c in s.get("special_cases", [])
            ),
            adaptable=self.facts(s.get("adaptable")),
            open_items=self.open_items(s.get("open_items"), sid),
        )

    def contact(self, c: dict) -> m.Contact:
        return m.Contact(
            id=c["id"],
            organisation=self.text(c["organisation"]),
            service=self.text(c["service"]),
            status=c["status"],
            visibility=c["visibility"],
            provenance=self.prov(c, "verification"),
            phones=tuple(
                m.Phone(p["number"], p["kind"], p["dial_from"], p["hours"], p["serves"], m.Text.of(p.get("label")))
                for p in c.get("phones", [])
            ),
            confirmed=m.Confirmation(**c["confirmed"]) if c.get("confirmed") else None,
            review_note=m.Text.of(c.get("review_note")),
            actor=self.actors.get(c.get("actor", "")),
            hotline=c.get("hotline", False),
            trafficking_specific=c.get("trafficking_specific", True),
            email=c.get("email"),
            website=c.get("website"),
            channels=tuple(self.text(x) for x in c.get("channels", [])),
            hours=m.Text.of(c.get("hours")),
            area=m.Text.of(c.get("area")),
            note=m.Text.of(c.get("note")),
        )

    def answer(self, a: dict) -> m.Answer:
        return m.Answer(
            self.text(a["label"]),
            a.get("next", ""),
            tuple(self.text(x) for x in a.get("settings", [])),
            a.get("prefill"),
            tuple(a.get("context", [])),
            m.Text.of(a.get("note")),
            self.prov(a) if "status" in a else None,
        )

    def question(self, q: dict) -> m.Question:
        return m.Question(
            id=q["id"],
            question=self.text(q["question"]),
            help=m.Text.of(q.get("help")),
            answers=tuple(self.answer(a) for a in q["answers"]),
            provenance=self.prov(q) if "status" in q else None,
            danger=q.get("danger", False),
        )

    def outcome(self, o: dict) -> m.Outcome:
        return m.Outcome(
            id=o["id"],
            summary=self.text(o["summary"]),
            urgency=o["urgency"],
            provenance=self.prov(o),
            services=tuple(o.get("services", [])),
            steps=tuple(o.get("steps", [])),
            contacts=tuple(o.get("contacts", [])),
            actors=tuple(o.get("actors", [])),
            settings=tuple(self.text(x) for x in o.get("settings", [])),
            note=m.Text.of(o.get("note")),
            threat=o.get("threat", False),
            no_24h_route=m.Text.of(o.get("no_24h_route")),
        )

    def emergency_opening(self, e: dict) -> m.EmergencyOpening:
        q = e["question"]
        question = m.Question(
            id=q["id"],
            question=self.text(q["question"]),
            help=m.Text.of(q.get("help")),
            answers=tuple(self.answer(a) for a in q["answers"]),
            provenance=self.prov(q) if "status" in q else None,
            danger=True,
        )
        index = next(i for i, a in enumerate(q["answers"]) if a.get("continue"))
        return m.EmergencyOpening(question, tuple(self.outcome(o) for o in e["outcomes"]), index)

    def tree(self, t: dict) -> m.DecisionTree:
        """A tree; a case tree with ``opening: shared`` gets the emergency opening before its first question."""
        questions = tuple(self.question(q) for q in t["questions"])
        outcomes = tuple(self.outcome(o) for o in t["outcomes"])
        start, opening = t["start"], tree_opening(t)
        if opening == "shared" and self.emergency is not None:
            e = self.emergency
            answers = list(e.question.answers)
            answers[e.continue_index] = dataclasses.replace(answers[e.continue_index], next=start)
            questions = (dataclasses.replace(e.question, answers=tuple(answers)), *questions)
            outcomes = (*e.outcomes, *outcomes)
            start = e.question.id
        return m.DecisionTree(
            id=t["id"],
            title=self.text(t["title"]),
            start=start,
            order=t.get("order", 100),
            audience=t.get("audience", "case"),
            description=m.Text.of(t.get("description")),
            questions=questions,
            outcomes=outcomes,
            opening=opening,
        )

    def scenario(self, sc: dict) -> m.Scenario:
        return m.Scenario(
            id=sc["id"],
            title=self.text(sc["title"]),
            story=self.text(sc["story"]),
            services=tuple(sc["services"]),
            questions=tuple(
                m.ScenarioQuestion(
                    q["id"],
                    self.text(q["question"]),
                    self.text(q["answer"]),
                    tuple(q.get("steps", [])),
                    tuple((o["tree"], o["outcome"]) for o in q.get("outcomes", [])),
                )
                for q in sc["questions"]
            ),
            provenance=self.prov(sc),
            cases=tuple(sc.get("cases", [])),
            order=sc.get("order", 100),
        )

    def workshop(self, w: dict, portal: m.Portal) -> m.Workshop:
        c = w["commitment"]
        return m.Workshop(
            agenda=tuple(
                m.Session(
                    s["id"],
                    s["start"],
                    s["minutes"],
                    self.text(s["title"]),
                    self.text(s["activity"]),
                    self.text(s["notes"]),
                    tuple(s.get("services", [])),
                    tuple(s.get("scenarios", [])),
                )
                for s in w["agenda"]
            ),
            quiz=_quiz.generate(portal, w["quiz"]),
            commitment=m.Commitment(
                self.text(c["title"]),
                self.text(c["preamble"]),
                tuple(self.text(x) for x in c.get("commitments", [])),
                c.get("blank_lines", 5),
                c["participant_rows"],
                self.cites(c["sources"]),
            ),
            agenda_sources=self.cites(w.get("agenda_sources")),
        )

    def term(self, t: dict) -> m.GlossaryTerm:
        return m.GlossaryTerm(
            id=t["id"],
            term=self.text(t["term"]),
            definition=self.text(t["definition"]),
            provenance=self.prov(t),
            abbr=t.get("abbr"),
            actor=t.get("actor"),
        )
