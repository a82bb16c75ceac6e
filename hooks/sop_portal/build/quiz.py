"""The pre/post quiz, generated from the steps so it never drifts from the SOP.

Each quiz entry in training/workshop.yaml names a step and what to ask (actor, deadline, service, source); the
question, the choices (the right one and up to three others drawn deterministically from the data) and the answer
with its source come from the step.
"""

from __future__ import annotations

import hashlib

from sop_portal import model as m
from sop_portal.messages import load


def _labels() -> dict:
    """The quiz's bilingual phrases, {key: {id, en}}, through the one catalog loader."""
    id_, en = load("quiz", "id"), load("quiz", "en")
    return {
        key: [{"id": i, "en": e} for i, e in zip(id_[key], en[key])]
        if isinstance(id_[key], list)
        else {"id": id_[key], "en": en[key]}
        for key in id_
    }


def _pick(pool: list[m.Text], right: m.Text, seed: str, k: int = 3) -> list[m.Text]:
    others = sorted({t for t in pool if t != right}, key=lambda t: hashlib.sha256((seed + t.id).encode()).hexdigest())
    return others[:k]


def _order(choices: list[m.Text], seed: str) -> list[m.Text]:
    return sorted(choices, key=lambda t: hashlib.sha256((seed + "|" + t.id).encode()).hexdigest())


def generate(portal: m.Portal, entries: list[dict]) -> tuple[m.QuizItem, ...]:
    L = _labels()
    steps = portal.steps
    actor_names = [m.Text(a.name.id, a.name.en) for a in portal.actors.values()]
    service_titles = [s.title for s in portal.services]
    deadlines = [m.Text(x["id"], x["en"]) for x in L["deadline_distractors"]]
    items = []
    for e in entries:
        step = steps[e["step"]]
        ask = e["ask"]
        quoted = m.Text(f"“{step.text.id}”", f"“{step.text.en}”")
        if ask == "actor":
            right = m.Text(step.actors[0].name.id, step.actors[0].name.en)
            also_right = {m.Text(a.name.id, a.name.en) for a in step.actors[1:]}  # never offered as wrong answers
            pool, template = [a for a in actor_names if a not in also_right], L["ask_actor"]
            citations = step.provenance.sources
        elif ask == "deadline":
            right = step.deadline.text
            pool, template = deadlines + [right], L["ask_deadline"]
            citations = step.deadline.sources
        elif ask == "service":
            right = portal.service(step.service_id).title
            pool, template = service_titles, L["ask_service"]
            citations = step.provenance.sources
        else:  # source: documents only, so the article of the right answer does not give it away
            cited = {c.document.id for c in step.provenance.sources}
            right = step.provenance.sources[0].document.title
            pool = [d.title for d in portal.sources.values() if d.kind in ("law", "regulation") and d.id not in cited]
            template = L["ask_source"]
            citations = step.provenance.sources
        choices = _order([right, *_pick(pool, right, e["id"])], e["id"])
        question = m.Text(template["id"].format(step=quoted.id), template["en"].format(step=quoted.en))
        items.append(m.QuizItem(e["id"], step, ask, question, tuple(choices), choices.index(right), citations))
    return tuple(items)
