"""`sop new-district`: a new district profile that validates immediately, optionally pre-filled by the
adaptation decision tree (answers typed at a terminal, or read from a file)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sop_portal import model as m
from sop_portal.build.districts import CONTACTS, PROFILE, slug_problem
from sop_portal.data.yamlload import Ambiguous
from sop_portal.outputs.fileio import write_atomic
from sop_portal.render import files


@dataclass
class Prefill:
    actor_names: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    open_items: list[dict] = field(default_factory=list)
    path: list[tuple[m.Question, m.Answer]] = field(default_factory=list)
    outcome: m.Outcome | None = None


def adaptation_tree(portal: m.Portal) -> m.DecisionTree | None:
    return next((t for t in portal.trees if t.audience == "adaptation"), None)


class AnswerError(ValueError):
    def __init__(self, question: str, given: str, options: list[str]):
        super().__init__(question)
        self.question, self.given, self.options = question, given, options


def answers_from_mapping(tree: m.DecisionTree, answers: dict) -> Callable[[m.Question], m.Answer]:
    """Answers given as {question_id: number (1 = first) or label text in either language}."""

    def choose(q: m.Question) -> m.Answer:
        given = answers.get(q.id)
        if isinstance(given, Ambiguous):  # `q: Yes` unquoted is still the answer "Yes" here
            given = given.text
        options = [f"{i}: {a.label.id} / {a.label.en}" for i, a in enumerate(q.answers, start=1)]
        if isinstance(given, int) and not isinstance(given, bool) and 1 <= given <= len(q.answers):
            return q.answers[given - 1]
        if isinstance(given, str):
            for a in q.answers:
                if given.strip().lower() in (a.label.id.lower(), a.label.en.lower()):
                    return a
        raise AnswerError(q.id, str(given), options)

    return choose


def walk(tree: m.DecisionTree, choose: Callable[[m.Question], m.Answer]) -> tuple[list, m.Outcome]:
    path = []
    node = tree.node(tree.start)
    while isinstance(node, m.Question):
        answer = choose(node)
        path.append((node, answer))
        node = tree.node(answer.next)
    return path, node


def prefill_from_path(portal: m.Portal, path, outcome, fill: dict[str, str]) -> Prefill:
    """Collect what the chosen answers say to write into the profile, with {name}/{province} filled in."""
    out = Prefill(path=path, outcome=outcome)

    def fmt(text: dict, lang: str) -> str:
        return text[lang].replace("{name}", fill[f"name_{lang}"]).replace("{province}", fill[f"province_{lang}"])

    def bilingual(text: dict) -> m.Text:
        return m.Text(fmt(text, "id"), fmt(text, "en"))

    by_step: dict[str, dict] = {}
    for _, answer in path:
        pre = answer.prefill or {}
        for entry in pre.get("actor_names", []):
            out.actor_names = [e for e in out.actor_names if e["actor"] != entry["actor"]]
            out.actor_names.append({"actor": entry["actor"], "name": bilingual(entry["name"])})
        for entry in pre.get("annotate_actor", []):
            note, why = bilingual(entry["note"]), bilingual(entry["rationale"])
            for steps in portal.actor_steps(entry["actor"]).values():
                for step in steps:
                    change = by_step.get(step.id)
                    if change is None:  # one annotation per step: notes from several answers are joined
                        by_step[step.id] = {"step": step.id, "national_text": step.text, "note": note, "rationale": why}
                        out.changes.append(by_step[step.id])
                    elif note.id not in change["note"].id:
                        change["note"] = m.Text(f"{change['note'].id} {note.id}", f"{change['note'].en} {note.en}")
                        if why.id not in change["rationale"].id:
                            change["rationale"] = m.Text(
                                f"{change['rationale'].id} {why.id}", f"{change['rationale'].en} {why.en}"
                            )
        for item in pre.get("open_items", []):
            out.open_items.append({"id": item["id"], "text": bilingual(item["text"])})
    return out


def _yq(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def render_profile(slug: str, name: m.Text, province: m.Text, base_sop_version: str, prefill: Prefill | None) -> str:
    env = files.environment("text", yq=_yq)
    prefill = prefill or Prefill()
    return env.get_template("profile.yaml.j2").render(
        slug=slug,
        name=name,
        province=province,
        base_sop_version=base_sop_version,
        actor_names=prefill.actor_names,
        changes=prefill.changes,
        open_items=prefill.open_items,
    )


def render_contacts(slug: str, name: m.Text) -> str:
    env = files.environment("text", yq=_yq)
    return env.get_template("contacts.yaml.j2").render(slug=slug, name=name)


def create(
    data_dir: Path,
    slug: str,
    name: m.Text,
    province: m.Text,
    base_sop_version: str,
    prefill: Prefill | None,
    force: bool = False,
) -> list[Path]:
    if slug_problem(slug):
        raise ValueError(slug)
    folder = data_dir / "districts" / slug
    written = [write_atomic(folder / PROFILE, render_profile(slug, name, province, base_sop_version, prefill), force)]
    contacts = folder / CONTACTS
    if not contacts.exists():
        written.append(write_atomic(contacts, render_contacts(slug, name)))
    return written
