"""Validate a data folder: strict YAML, then the schemas, then cross-references — all errors at once.

``validate(data_dir)`` never raises for bad data; it returns a :class:`Report` whose problems are
sorted by file and position.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from sop_portal.build import districts as _districts
from sop_portal.data import schema as _schema
from sop_portal.data.problems import Problem
from sop_portal.data.rules import safety as _safety
from sop_portal.data.rules.trees import analyse
from sop_portal.data.yamlload import Loaded, load_file
from sop_portal.model import is_domestic_only

SUPPORTED_SCHEMA_VERSIONS = (1,)

# Source kinds that can verify an item: the regulation, a law, an official text, an official report.
VERIFYING_KINDS = ("regulation", "law", "official", "report")

# Where each kind of file lives, and its schema. (pattern relative to the data folder, schema, required?)
FILE_KINDS = (
    ("sop.yaml", "sop.schema.json", True),
    ("sources.yaml", "sources.schema.json", True),
    ("actors.yaml", "actor.schema.json", True),
    ("glossary.yaml", "glossary.schema.json", True),
    ("services/*.yaml", "service.schema.json", True),
    ("contacts/*.yaml", "contact.schema.json", True),
    ("emergency.yaml", "emergency.schema.json", False),
    ("decision_trees/*.yaml", "decision_tree.schema.json", False),
    ("training/scenarios/*.yaml", "scenario.schema.json", False),
    ("training/workshop.yaml", "training.schema.json", False),
)


@dataclass
class DataSet:
    """The parsed files of one data folder, by kind."""

    root: Path
    files: dict[str, list[Loaded]] = field(default_factory=dict)  # schema name -> parsed files
    districts: dict = field(default_factory=dict)  # slug -> districts.DistrictFiles

    def of(self, schema_name: str) -> list[Loaded]:
        return self.files.get(schema_name, [])

    def one(self, schema_name: str) -> Loaded | None:
        found = self.of(schema_name)
        return found[0] if found else None


@dataclass
class Report:
    data: DataSet
    problems: list[Problem]
    file_count: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def discover(root: Path) -> tuple[DataSet, list[Problem]]:
    """Parse every data file under ``root``; report missing required files and stray YAML."""
    data = DataSet(root)
    problems: list[Problem] = []
    known: set[Path] = set()
    for pattern, schema_name, required in FILE_KINDS:
        paths = sorted(root.glob(pattern))
        if required and not paths:
            target = root / pattern.split("*")[0] if "*" in pattern else root / pattern
            problems.append(Problem.at(target, 1, 1, "missing_file", file=pattern, schema=schema_name))
        for p in paths:
            known.add(p)
            loaded = load_file(p)
            data.files.setdefault(schema_name, []).append(loaded)
    for p in sorted(root.rglob("*.y*ml")):
        if p.suffix in (".yaml", ".yml") and p not in known and not _owned_elsewhere(root, p):
            problems.append(Problem.at(p, 1, 1, "unknown_file", severity="warning"))
    return data, problems


def _owned_elsewhere(root: Path, p: Path) -> bool:
    """Folders handled by their own validators (decision trees, districts, training) are not 'stray'."""
    rel = p.relative_to(root).parts
    return bool(rel) and rel[0] in EXTRA_FOLDERS


EXTRA_FOLDERS: set[str] = {"districts"}


VALIDATIONS = [0]  # how many times a data folder was validated in this process (a test counts builds by it)


def validate(root: str | Path, today: _dt.date | None = None) -> Report:
    VALIDATIONS[0] += 1
    root = Path(root)
    today = today or _dt.date.today()
    data, problems = discover(root)
    schemas = _schema.load_schema_set(root / "schema")
    files = [f for group in data.files.values() for f in group]
    for schema_name, group in data.files.items():
        for loaded in group:
            problems.extend(loaded.problems)
            if loaded.data is None:
                continue
            problems.extend(_modeline(loaded, root, schema_name))
            problems.extend(_schema.check(loaded, schemas, schema_name))
    xr = CrossReferences(data, today)
    problems.extend(xr.run())
    problems.extend(check_districts(root, data, schemas, xr, today))
    for extra in EXTRA_VALIDATORS:
        problems.extend(extra(root, data, schemas, today))
    # Identical findings (the same check reached twice) collapse; two findings at one place stay two.
    unique = sorted(
        {(p.path, p.line, p.col, p.code, p.params): p for p in problems}.values(),
        key=lambda p: (p.path, p.line, p.col, p.code, p.params),
    )
    count = len(files) + sum(len(d.all) for d in data.districts.values())
    return Report(data, unique, count)


EXTRA_VALIDATORS: list = []  # later modules (decision trees, districts) register their checks here


def check_districts(root: Path, data: DataSet, schemas, xr: "CrossReferences", today: _dt.date) -> list[Problem]:
    """Every district profile, its contacts and trees, against the national data."""
    found, problems = _districts.discover(root)
    data.districts = found
    sop = data.one("sop.schema.json")
    national_version = sop.data.get("sop_version") if sop and isinstance(sop.data, dict) else None
    national_steps: dict[str, dict] = {}
    for loaded in data.of("service.schema.json"):
        for _, step in _items(loaded.data, "steps"):
            if isinstance(step.get("id"), str):
                national_steps[step["id"]] = step
    for files in found.values():
        kinds = [(files.profile, "district.schema.json"), (files.contacts, "contact.schema.json")]
        kinds += [(t, "decision_tree.schema.json") for t in files.trees]
        for loaded, schema_name in kinds:
            if loaded is None:
                continue
            problems.extend(loaded.problems)
            if loaded.data is not None:
                problems.extend(_modeline(loaded, root, schema_name))
                problems.extend(_schema.check(loaded, schemas, schema_name))
        child = xr.for_district(files)
        problems.extend(child.run_district(files, national_steps, national_version))
    return problems


def _modeline(loaded: Loaded, root: Path, schema_name: str) -> list[Problem]:
    if loaded.modeline and schema_name in loaded.modeline:
        return []
    rel_schema = Path("../" * (len(loaded.path.relative_to(root).parts) - 1) + "schema") / schema_name
    line = f"# yaml-language-server: $schema={rel_schema.as_posix()}"
    return [Problem.at(loaded.path, 1, 1, "missing_modeline", severity="warning", modeline=line)]


# --------------------------------------------------------------------------------------------------
# Pass 2: cross-references


@dataclass
class _Def:
    value: str
    loaded: Loaded
    ptr: tuple


class CrossReferences:
    """Unique ids, references that resolve (with 'did you mean'), and consistency rules."""

    def __init__(self, data: DataSet, today: _dt.date):
        self.data = data
        self.today = today
        self.problems: list[Problem] = []
        self.defs: dict[str, dict[str, _Def]] = {}
        self.source_kinds: dict[str, str] = {}
        self.restricted: set[str] = set()
        self.phones: dict[str, list[_safety.PhoneInfo]] = {}  # contact id -> its well-typed numbers (safety rules)
        self.phone_gaps: set[str] = set()  # contacts with a number the schema rejected: the safety rules skip them
        # Kinds whose defining files could not be read: a reference to them may well be right, so it is not
        # reported (one broken file gives one error, not one per reference to it).
        self.incomplete: set[str] = set()

    # -- helpers -----------------------------------------------------------------------------------
    def report(self, loaded: Loaded, ptr: tuple, code: str, key: bool = False, severity: str = "error", **params):
        line, col = loaded.where(ptr, key=key)
        self.problems.append(Problem.at(loaded.path, line, col, code, severity=severity, **params))

    def define(self, kind: str, value: Any, loaded: Loaded, ptr: tuple) -> None:
        if not isinstance(value, str):
            if isinstance(value, _schema.WrongType):  # an id of the wrong type, already reported: references
                self.incomplete.add(kind)  # to it may well be right (one wrong type gives one error)
            return
        table = self.defs.setdefault(kind, {})
        if value in table:
            first = table[value]
            # Named relative to the data folder: unambiguous wherever the command is run from.
            other = (
                f"{Path(first.loaded.path).relative_to(self.data.root).as_posix()}:{first.loaded.where(first.ptr)[0]}"
            )
            self.report(loaded, ptr, "duplicate_id", kind=kind, value=value, other=other)
        else:
            table[value] = _Def(value, loaded, ptr)

    def resolve(self, kind: str, value: Any, loaded: Loaded, ptr: tuple, where: str) -> None:
        if not isinstance(value, str) or kind in self.incomplete:
            return
        table = self.defs.get(kind, {})
        if value in table:
            return
        match = difflib.get_close_matches(value, list(table), n=1, cutoff=0.6)
        self.report(
            loaded, ptr, "unknown_ref", kind=kind, value=value, suggestion=match[0] if match else "", where=where
        )

    # -- districts ---------------------------------------------------------------------------------
    def for_district(self, files) -> "CrossReferences":
        """A checker that sees the national definitions plus the district's own, reporting only its own problems."""
        child = CrossReferences(self.data, self.today)
        child.defs = {kind: dict(table) for kind, table in self.defs.items()}
        child.source_kinds = dict(self.source_kinds)
        child.restricted = set(self.restricted)
        child.phones = dict(self.phones)
        child.phone_gaps = set(self.phone_gaps)
        child.incomplete = set(self.incomplete)
        return child

    def run_district(self, files, national_steps: dict[str, dict], national_version: str | None) -> list[Problem]:
        prof = files.profile
        data = prof.data if prof is not None and isinstance(prof.data, dict) else None
        if data is not None:
            for i, actor in _items(data, "actors"):
                self.define("actor", actor.get("id"), prof, ("actors", i, "id"))
        if files.contacts is not None:
            for i, c in _items(files.contacts.data, "contacts"):
                self.define("contact", c.get("id"), files.contacts, ("contacts", i, "id"))
                if c.get("visibility") == "restricted" and isinstance(c.get("id"), str):
                    self.restricted.add(c["id"])
                self.note_phones(c)
        for loaded in files.trees:
            tree_id = loaded.data.get("id") if isinstance(loaded.data, dict) else None
            if isinstance(tree_id, str) and tree_id != loaded.path.stem:
                self.report(loaded, ("id",), "id_filename_mismatch", value=tree_id, file=loaded.path.name)
        if data is not None:
            self.check_profile(prof, data, files.slug, national_steps, national_version)
        for loaded in files.all:
            self.check_file(loaded)
        for loaded in files.trees:
            self.check_tree(loaded)
        return self.problems

    def check_profile(self, prof: Loaded, data: dict, folder: str, national_steps: dict, national_version) -> None:
        slug = data.get("slug")
        if isinstance(slug, str) and slug != folder:
            self.report(prof, ("slug",), "district_slug_mismatch", value=slug, folder=folder)
        base = data.get("base_sop_version")
        older = False
        try:
            if isinstance(base, str) and isinstance(national_version, str):
                b, n = _districts.version_tuple(base), _districts.version_tuple(national_version)
                if b > n:
                    self.report(
                        prof, ("base_sop_version",), "district_base_newer", value=base, national=national_version
                    )
                older = b < n
        except ValueError:
            pass  # the schema reports a malformed version
        if older:
            self.report(
                prof,
                ("base_sop_version",),
                "district_base_outdated",
                severity="warning",
                value=base,
                national=national_version,
            )
        seen: dict[str, tuple] = {}
        local_steps: set[str] = set()
        for i, change in _items(data, "changes"):
            action, step_id = change.get("action"), change.get("step")
            ptr = ("changes", i)
            if action in ("annotate", "modify", "not_applicable") and isinstance(step_id, str):
                if step_id in seen:
                    other = f"{prof.path.name}:{prof.where(seen[step_id])[0]}"
                    self.report(prof, ptr + ("step",), "duplicate_change", value=step_id, other=other)
                seen.setdefault(step_id, ptr + ("step",))
                national = national_steps.get(step_id)
                if national is None:
                    if older:
                        self.report(
                            prof,
                            ptr + ("step",),
                            "district_step_gone",
                            severity="warning",
                            value=step_id,
                            national=national_version,
                            base=base,
                        )
                    else:
                        self.resolve("step", step_id, prof, ptr + ("step",), "services/")
                    continue
                if national.get("mandatory") is True and action == "not_applicable":
                    self.report(prof, ptr + ("action",), "mandatory_step_removed", value=step_id)
                if national.get("mandatory") is True and action == "modify":
                    self.report(prof, ptr + ("action",), "mandatory_step_modified", value=step_id)
                recorded = change.get("national_text")
                if isinstance(recorded, dict) and recorded != national.get("text"):
                    self.report(
                        prof,
                        ptr + ("national_text",),
                        "district_step_changed",
                        severity="warning",
                        value=step_id,
                        national=national_version,
                        base=base,
                    )
                elif recorded is None and older:
                    self.report(
                        prof,
                        ptr + ("step",),
                        "district_review_unknown",
                        severity="warning",
                        value=step_id,
                        national=national_version,
                        base=base,
                    )
            if action == "add":
                new_id, after = change.get("id"), change.get("after")
                if isinstance(after, str) and after not in national_steps and after not in local_steps:
                    self.resolve("step", after, prof, ptr + ("after",), "services/")
                if isinstance(new_id, str) and isinstance(after, str) and "." in after:
                    service = after.split(".", 1)[0]
                    if new_id.split(".", 1)[0] != service:
                        self.report(
                            prof, ptr + ("id",), "add_prefix_mismatch", value=new_id, service=service, slug=folder
                        )
                    self.define("step", new_id, prof, ptr + ("id",))
                    local_steps.add(new_id)

    # -- the pass ----------------------------------------------------------------------------------
    def run(self) -> list[Problem]:
        self.collect()
        self.check_references()
        return self.problems

    _DEFINES = {
        "sources.schema.json": ("source",),
        "actor.schema.json": ("actor",),
        "service.schema.json": ("service", "step"),
        "contact.schema.json": ("contact",),
        "glossary.schema.json": ("term",),
        "decision_tree.schema.json": ("tree", "outcome"),
        "scenario.schema.json": ("scenario",),
    }

    def collect(self) -> None:
        for schema_name, kinds in self._DEFINES.items():
            if any(not isinstance(f.data, dict) for f in self.data.of(schema_name)):
                self.incomplete.update(kinds)
        for loaded in self.data.of("sources.schema.json"):
            for i, src in _items(loaded.data, "sources"):
                self.define("source", src.get("id"), loaded, ("sources", i, "id"))
                if isinstance(src.get("id"), str) and isinstance(src.get("kind"), str):
                    self.source_kinds[src["id"]] = src["kind"]
        for loaded in self.data.of("actor.schema.json"):
            for i, actor in _items(loaded.data, "actors"):
                self.define("actor", actor.get("id"), loaded, ("actors", i, "id"))
        numbers: dict[int, str] = {}
        for loaded in self.data.of("service.schema.json"):
            svc = loaded.data if isinstance(loaded.data, dict) else {}
            sid = svc.get("id")
            self.define("service", sid, loaded, ("id",))
            if isinstance(sid, str) and sid != loaded.path.stem:
                self.report(loaded, ("id",), "id_filename_mismatch", value=sid, file=loaded.path.name)
            num = svc.get("number")
            if isinstance(num, int) and not isinstance(num, bool):
                if num in numbers:
                    self.report(loaded, ("number",), "duplicate_number", value=num, other=numbers[num])
                else:
                    numbers[num] = str(sid)
            for i, step in _items(svc, "steps"):
                step_id = step.get("id")
                self.define("step", step_id, loaded, ("steps", i, "id"))
                if isinstance(step_id, str) and isinstance(sid, str) and "." in step_id:
                    prefix, rest = step_id.split(".", 1)
                    if prefix != sid:
                        self.report(loaded, ("steps", i, "id"), "step_prefix", value=step_id, service=sid, rest=rest)
        for loaded in self.data.of("contact.schema.json"):
            for i, c in _items(loaded.data, "contacts"):
                self.define("contact", c.get("id"), loaded, ("contacts", i, "id"))
                if c.get("visibility") == "restricted" and isinstance(c.get("id"), str):
                    self.restricted.add(c["id"])
                self.note_phones(c)
        for loaded in self.data.of("decision_tree.schema.json"):
            tree_id = loaded.data.get("id") if isinstance(loaded.data, dict) else None
            self.define("tree", tree_id, loaded, ("id",))
            if isinstance(tree_id, str) and tree_id != loaded.path.stem:
                self.report(loaded, ("id",), "id_filename_mismatch", value=tree_id, file=loaded.path.name)
        for loaded in self.data.of("glossary.schema.json"):
            for i, t in _items(loaded.data, "terms"):
                self.define("term", t.get("id"), loaded, ("terms", i, "id"))
        for loaded in self.data.of("decision_tree.schema.json"):
            tree = loaded.data if isinstance(loaded.data, dict) else {}
            for _, o in _items(tree, "outcomes"):
                if isinstance(tree.get("id"), str) and isinstance(o.get("id"), str):
                    self.defs.setdefault("outcome", {})[f"{tree['id']}/{o['id']}"] = _Def(o["id"], loaded, ())
                elif isinstance(o.get("id"), _schema.WrongType):
                    self.incomplete.add("outcome")
        opening = self.emergency()
        for loaded in self.data.of("decision_tree.schema.json"):  # the shared opening's outcomes are in each tree
            tree = loaded.data if isinstance(loaded.data, dict) else {}
            if (
                opening
                and isinstance(tree.get("id"), str)
                and tree.get("audience", "case") == "case"
                and tree.get("opening", "shared") == "shared"
            ):
                for _, o in _items(opening[1], "outcomes"):
                    if isinstance(o.get("id"), str):
                        self.defs.setdefault("outcome", {})[f"{tree['id']}/{o['id']}"] = _Def(o["id"], opening[0], ())
        for loaded in self.data.of("scenario.schema.json"):
            sc = loaded.data if isinstance(loaded.data, dict) else {}
            self.define("scenario", sc.get("id"), loaded, ("id",))
            if isinstance(sc.get("id"), str) and sc["id"] != loaded.path.stem:
                self.report(loaded, ("id",), "id_filename_mismatch", value=sc["id"], file=loaded.path.name)
        # Anchorable items share one namespace: open items, facts with ids, legal basis, definitions.
        for group in self.data.files.values():
            for loaded in group:
                for ptr, node in _walk(loaded.data, ()):
                    if (
                        ptr
                        and ptr[-1]
                        in (
                            "open_items",
                            "legal_basis",
                            "definitions",
                            "principles",
                            "rights",
                            "entry_criteria",
                            "outputs",
                            "adaptable",
                            "facts",
                        )
                        and isinstance(node, list)
                    ):
                        for i, item in enumerate(node):
                            if isinstance(item, dict) and "id" in item:
                                self.define("item", item["id"], loaded, ptr + (i, "id"))

    def check_references(self) -> None:
        sop = self.data.one("sop.schema.json")
        if sop and isinstance(sop.data, dict):
            sv = sop.data.get("schema_version")
            if isinstance(sv, int) and not isinstance(sv, bool) and sv not in SUPPORTED_SCHEMA_VERSIONS:
                self.report(
                    sop,
                    ("schema_version",),
                    "schema_version_unsupported",
                    value=sv,
                    supported=", ".join(map(str, SUPPORTED_SCHEMA_VERSIONS)),
                )
            version = sop.data.get("sop_version")
            log = sop.data.get("changelog")
            if isinstance(version, str) and isinstance(log, list):
                if not any(isinstance(e, dict) and e.get("version") == version for e in log):
                    self.report(sop, ("sop_version",), "changelog_missing_version", value=version)
            reg = sop.data.get("regulation")
            if isinstance(reg, dict) and "issuer" in reg:
                self.resolve("actor", reg["issuer"], sop, ("regulation", "issuer"), "actors.yaml")
        for group in self.data.files.values():
            for loaded in group:
                self.check_file(loaded)
        for loaded in self.data.of("emergency.schema.json"):
            self.check_emergency(loaded)
        for loaded in self.data.of("decision_tree.schema.json"):
            self.check_tree(loaded)
        for loaded in self.data.of("scenario.schema.json"):
            self.check_scenario(loaded)
        for loaded in self.data.of("training.schema.json"):
            self.check_workshop(loaded)

    def check_file(self, loaded: Loaded) -> None:
        for ptr, node in _walk(loaded.data, ()):
            if not isinstance(node, dict):
                continue
            # Every citation resolves; 'verified' needs a legal or official source.
            # (the root of sources.yaml defines sources, it does not cite them; every other root may cite)
            if isinstance(node.get("sources"), list) and (ptr or loaded not in self.data.of("sources.schema.json")):
                for i, cite in enumerate(node["sources"]):
                    if isinstance(cite, dict) and "document" in cite:
                        self.resolve(
                            "source", cite["document"], loaded, ptr + ("sources", i, "document"), "sources.yaml"
                        )
                self.check_status(loaded, ptr, node)
            for field_name in ("actors",):
                if isinstance(node.get(field_name), list) and (ptr and (isinstance(ptr[-1], int) or ptr[-1] == "lead")):
                    for i, ref in enumerate(node[field_name]):
                        self.resolve("actor", ref, loaded, ptr + (field_name, i), "actors.yaml")
            if "actor" in node and isinstance(ptr[-1] if ptr else None, int):
                self.resolve("actor", node["actor"], loaded, ptr + ("actor",), "actors.yaml")
            if "parent" in node and ptr[:1] == ("actors",):
                self.resolve("actor", node["parent"], loaded, ptr + ("parent",), "actors.yaml")
            if "to" in node and ptr[:1] == ("referrals",):
                self.resolve("service", node["to"], loaded, ptr + ("to",), "services/")
                own = loaded.data.get("id") if isinstance(loaded.data, dict) else None
                if node["to"] == own:
                    self.report(loaded, ptr + ("to",), "self_referral", value=own)
            if ptr[:1] == ("contacts",) and len(ptr) == 2:
                self.check_contact(loaded, ptr, node)
            # A revoked document names the document that revoked it (sources.yaml only: the schema allows it there).
            by = node.get("revoked_by")
            if ptr[:1] == ("sources",) and len(ptr) == 2 and isinstance(by, dict) and "document" in by:
                self.resolve("source", by["document"], loaded, ptr + ("revoked_by", "document"), "sources.yaml")

    def check_tree(self, loaded: Loaded) -> None:
        tree = loaded.data if isinstance(loaded.data, dict) else {}
        nodes: dict[str, tuple] = {}  # node id -> pointer of its id
        for kind in ("questions", "outcomes"):
            for i, node in _items(tree, kind):
                nid = node.get("id")
                if not isinstance(nid, str):
                    continue
                if nid in nodes:
                    line = loaded.where(nodes[nid])[0]
                    self.report(
                        loaded,
                        (kind, i, "id"),
                        "duplicate_id",
                        kind="node",
                        value=nid,
                        other=f"{loaded.path.name}:{line}",
                    )
                else:
                    nodes[nid] = (kind, i, "id")

        # A node id or an answer's 'next' of the wrong type (already reported) hides where answers lead: unknown,
        # unreachable and dead-end nodes would be guesses, so they wait until it is fixed.
        wrong = _schema.WrongType
        hidden = any(
            isinstance(n.get("id"), wrong) for k in ("questions", "outcomes") for _, n in _items(tree, k)
        ) or any(
            isinstance(a.get("next"), wrong) for _, q in _items(tree, "questions") for _, a in _items(q, "answers")
        )

        def target(value, ptr):
            if isinstance(value, str) and value not in nodes and not hidden:
                match = difflib.get_close_matches(value, list(nodes), n=1, cutoff=0.6)
                self.report(loaded, ptr, "tree_unknown_node", value=value, suggestion=match[0] if match else "")

        start = tree.get("start")
        target(start, ("start",))
        questions: dict[str, list[str]] = {}
        answer_ptr: dict[tuple[str, int], tuple] = {}
        for i, q in _items(tree, "questions"):
            nexts = []
            for j, answer in _items(q, "answers"):
                nxt = answer.get("next")
                target(nxt, ("questions", i, "answers", j, "next"))
                nexts.append(nxt if isinstance(nxt, str) else "")
                if isinstance(q.get("id"), str):
                    answer_ptr[(q["id"], j)] = ("questions", i, "answers", j, "next")
            if isinstance(q.get("id"), str) and q["id"] not in questions:
                questions[q["id"]] = nexts
        outcomes = {o["id"] for _, o in _items(tree, "outcomes") if isinstance(o.get("id"), str)}
        if not isinstance(start, str) or start not in nodes:  # already reported; reachability would only add noise
            return
        found = analyse(start, questions, outcomes)
        if hidden:
            found.unreachable, found.dead_ends = [], []
        for nid in found.unreachable:
            self.report(loaded, nodes[nid], "tree_unreachable", value=nid)
        for edge, cycle in found.cycles:
            self.report(loaded, answer_ptr[(edge.source, edge.index)], "tree_cycle", cycle=" → ".join(cycle))
        for nid in found.dead_ends:
            if not any(nid in c for _, c in found.cycles):
                self.report(loaded, nodes[nid], "tree_dead_end", value=nid)
        self.check_outcome_refs(loaded, tree)
        self.check_tree_safety(loaded, tree, nodes)

    def check_outcome_refs(self, loaded: Loaded, tree: dict) -> None:
        for i, outcome in _items(tree, "outcomes"):
            for field_name, kind, where in (
                ("services", "service", "services/"),
                ("steps", "step", "services/"),
                ("contacts", "contact", "contacts/"),
                ("actors", "actor", "actors.yaml"),
            ):
                refs = outcome.get(field_name)
                for j, ref in enumerate(refs if isinstance(refs, list) else []):
                    self.resolve(kind, ref, loaded, ("outcomes", i, field_name, j), where)
                    if kind == "contact" and ref in self.restricted:
                        self.report(loaded, ("outcomes", i, field_name, j), "restricted_contact_ref", value=ref)

    # -- safety (data/rules/safety.py): danger first, reachable numbers, 24-hour lines, whom a line serves ----------
    def note_phones(self, contact: dict) -> None:
        cid, raw = contact.get("id"), contact.get("phones", [])
        if not isinstance(cid, str):
            return
        if not isinstance(raw, list):
            self.phone_gaps.add(cid)  # a mistyped 'phones' is reported by the schema: no rule guesses its numbers
            return
        nums = []
        for p in raw:
            fields = (
                [p.get(k) for k in ("number", "kind", "dial_from", "hours", "serves")] if isinstance(p, dict) else []
            )
            if len(fields) == 5 and all(isinstance(f, str) for f in fields):
                nums.append(_safety.PhoneInfo(*fields))
            else:
                self.phone_gaps.add(cid)
        self.phones[cid] = nums

    def emergency(self) -> tuple[Loaded, dict] | None:
        found = self.data.one("emergency.schema.json")
        if found is None or not isinstance(found.data, dict):
            return None
        return found, found.data

    def check_emergency(self, loaded: Loaded) -> None:
        data = loaded.data if isinstance(loaded.data, dict) else {}
        q = data.get("question") if isinstance(data.get("question"), dict) else {}
        ids = {o.get("id") for _, o in _items(data, "outcomes") if isinstance(o.get("id"), str)}
        continues = 0
        for j, a in _items(q, "answers"):
            nxt = a.get("next")
            if a.get("continue") is True:
                continues += 1
            elif isinstance(nxt, str) and nxt not in ids:
                match = difflib.get_close_matches(nxt, list(ids), n=1, cutoff=0.6)
                self.report(
                    loaded,
                    ("question", "answers", j, "next"),
                    "tree_unknown_node",
                    value=nxt,
                    suggestion=match[0] if match else "",
                )
            elif not isinstance(nxt, str):
                self.report(loaded, ("question", "answers", j), "emergency_answer_target")
        if isinstance(q.get("answers"), list) and continues != 1:
            self.report(loaded, ("question", "answers"), "emergency_continue", count=continues)
        self.check_outcome_refs(loaded, data)
        graph = self.graph(data, start=q.get("id"), questions=[(("question",), dict(q, danger=True))])
        self.report_safety(loaded, graph)

    def graph(self, data: dict, start, questions, offered_at_start: bool = False) -> _safety.Graph:
        qs: dict[str, _safety.QuestionNode] = {}
        for ptr, q in questions:
            qid = q.get("id")
            if not isinstance(qid, str) or qid in qs:
                continue
            answers = []
            for j, a in _items(q, "answers"):
                ctx = a.get("context") if isinstance(a.get("context"), list) else []
                if isinstance(a.get("next"), str):
                    answers.append(
                        _safety.AnswerNode(a["next"], tuple(c for c in ctx if isinstance(c, str)), ptr + ("answers", j))
                    )
            qs[qid] = _safety.QuestionNode(qid, q.get("danger") is True, answers, ptr + ("id",))
        os_: dict[str, _safety.OutcomeNode] = {}
        for i, o in _items(data, "outcomes"):
            oid = o.get("id")
            if not isinstance(oid, str) or oid in os_:
                continue
            raw_contacts = o.get("contacts", [])
            contacts = raw_contacts if isinstance(raw_contacts, list) else []
            # Contacts that are mistyped, unknown or have rejected numbers are reported elsewhere: the phone
            # rules cannot judge such an outcome, so they leave it alone (one problem, one message).
            judged = (
                isinstance(raw_contacts, list)
                and "contact" not in self.incomplete
                and all(isinstance(c, str) and c in self.phones and c not in self.phone_gaps for c in raw_contacts)
            )
            summary = o.get("summary") if isinstance(o.get("summary"), dict) else {}
            os_[oid] = _safety.OutcomeNode(
                oid,
                o.get("urgency") if isinstance(o.get("urgency"), str) else "",
                tuple(c for c in contacts if isinstance(c, str)),
                summary,
                o.get("threat") is True,
                isinstance(o.get("no_24h_route"), dict),
                ("outcomes", i, "id"),
                judged,
            )
        return _safety.Graph(start if isinstance(start, str) else "", qs, os_, offered_at_start)

    def report_safety(self, loaded: Loaded, graph: _safety.Graph) -> None:
        for f in _safety.check(graph, self.phones):
            self.report(loaded, f.ptr, f.code, **f.params)

    def check_tree_safety(self, loaded: Loaded, tree: dict, nodes: dict[str, tuple]) -> None:
        if tree.get("audience", "case") != "case":
            return
        opening = tree.get("opening", "shared")
        offered = False
        if opening == "shared":
            found = self.emergency()
            if found is None:
                if self.data.one("emergency.schema.json") is None:  # (an unreadable one is reported already)
                    self.report(loaded, ("id",), "no_emergency_opening")
                return
            em_loaded, em = found
            reserved = {em.get("question", {}).get("id") if isinstance(em.get("question"), dict) else None}
            reserved |= {o.get("id") for _, o in _items(em, "outcomes")}
            for nid, ptr in nodes.items():
                if nid in reserved:
                    self.report(loaded, ptr, "tree_reserved_id", value=nid, file="emergency.yaml")
            offered = True
        questions = [(("questions", i), q) for i, q in _items(tree, "questions")]
        self.report_safety(loaded, self.graph(tree, tree.get("start"), questions, offered_at_start=offered))

    def check_scenario(self, loaded: Loaded) -> None:
        sc = loaded.data if isinstance(loaded.data, dict) else {}
        for j, sid in enumerate(sc.get("services") if isinstance(sc.get("services"), list) else []):
            self.resolve("service", sid, loaded, ("services", j), "services/")
        seen: dict[str, int] = {}
        for i, q in _items(sc, "questions"):
            qid = q.get("id")
            if isinstance(qid, str):
                if qid in seen:
                    self.report(
                        loaded,
                        ("questions", i, "id"),
                        "duplicate_id",
                        kind="question",
                        value=qid,
                        other=f"{loaded.path.name}:{loaded.where(('questions', seen[qid], 'id'))[0]}",
                    )
                seen.setdefault(qid, i)
            for j, step in enumerate(q.get("steps") if isinstance(q.get("steps"), list) else []):
                self.resolve("step", step, loaded, ("questions", i, "steps", j), "services/")
            for j, ref in _items(q, "outcomes"):
                tree, outcome = ref.get("tree"), ref.get("outcome")
                if isinstance(tree, str) and tree not in self.defs.get("tree", {}):
                    self.resolve("tree", tree, loaded, ("questions", i, "outcomes", j, "tree"), "decision_trees/")
                elif isinstance(tree, str) and isinstance(outcome, str):
                    key = f"{tree}/{outcome}"
                    if key not in self.defs.get("outcome", {}) and "outcome" not in self.incomplete:
                        known = [k.split("/", 1)[1] for k in self.defs.get("outcome", {}) if k.startswith(tree + "/")]
                        match = difflib.get_close_matches(outcome, known, n=1, cutoff=0.6)
                        self.report(
                            loaded,
                            ("questions", i, "outcomes", j, "outcome"),
                            "unknown_ref",
                            kind="outcome",
                            value=outcome,
                            suggestion=match[0] if match else "",
                            where=f"decision_trees/{tree}.yaml",
                        )

    def check_workshop(self, loaded: Loaded) -> None:
        data = loaded.data if isinstance(loaded.data, dict) else {}
        steps_with_deadline = set()
        for group in self.data.of("service.schema.json"):
            for _, step in _items(group.data, "steps"):
                if step.get("deadline") and isinstance(step.get("id"), str):
                    steps_with_deadline.add(step["id"])
        for i, session in _items(data, "agenda"):
            for j, sid in enumerate(session.get("services") if isinstance(session.get("services"), list) else []):
                self.resolve("service", sid, loaded, ("agenda", i, "services", j), "services/")
            for j, sid in enumerate(session.get("scenarios") if isinstance(session.get("scenarios"), list) else []):
                self.resolve("scenario", sid, loaded, ("agenda", i, "scenarios", j), "training/scenarios/")
        for i, q in _items(data, "quiz"):
            step = q.get("step")
            self.resolve("step", step, loaded, ("quiz", i, "step"), "services/")
            if (
                q.get("ask") == "deadline"
                and isinstance(step, str)
                and step in self.defs.get("step", {})
                and step not in steps_with_deadline
            ):
                self.report(loaded, ("quiz", i, "ask"), "quiz_no_deadline", value=step)

    def check_status(self, loaded: Loaded, ptr: tuple, node: dict) -> None:
        status = node.get("status") if "status" in node else node.get("verification")
        docs = [c.get("document") for c in node["sources"] if isinstance(c, dict)]
        kinds = [self.source_kinds.get(d) for d in docs if isinstance(d, str)]
        if not kinds or None in kinds:
            return
        status_key = "status" if "status" in node else "verification"
        if status == "verified":
            # An item is no stronger than its weakest source: 'verified' needs every source to be a legal or
            # official text; one news report, summary or good-practice guide among them makes it 'secondary'.
            weaker = [d for d, k in zip(docs, kinds) if k not in VERIFYING_KINDS]
            if all(k == "good_practice" for k in kinds):
                self.report(loaded, ptr + (status_key,), "good_practice_verified")
            elif not any(k in ("regulation", "law", "official") for k in kinds):
                self.report(loaded, ptr + (status_key,), "status_source_mismatch")
            elif weaker:
                self.report(
                    loaded,
                    ptr + (status_key,),
                    "status_above_sources",
                    source=weaker[0],
                    kind=self.source_kinds[weaker[0]],
                )

    def check_contact(self, loaded: Loaded, ptr: tuple, contact: dict) -> None:
        confirmed = contact.get("confirmed") if isinstance(contact.get("confirmed"), dict) else {}
        when = confirmed.get("date")
        if isinstance(when, str):
            try:
                day = _dt.date.fromisoformat(when)
            except ValueError:
                day = None
            if day and day > self.today:
                self.report(loaded, ptr + ("confirmed", "date"), "future_date", value=when)
            elif day and (self.today - day).days > 365 and contact.get("visibility") != "restricted":
                self.report(loaded, ptr + ("confirmed", "date"), "stale_contact", severity="warning", value=when)
        if confirmed.get("method") == "official_page" and "url" not in confirmed:
            self.report(loaded, ptr + ("confirmed", "method"), "confirmed_page_without_url")
        if contact.get("hotline") is True and not contact.get("phones"):
            self.report(loaded, ptr + ("hotline",), "hotline_without_phone")
        phones = contact.get("phones") if isinstance(contact.get("phones"), list) else []
        for j, phone in enumerate(phones):
            if not isinstance(phone, dict) or not isinstance(phone.get("number"), str):
                continue
            number, here = phone["number"], ptr + ("phones", j)
            digits = "".join(ch for ch in number if ch.isdigit())
            if number.strip().startswith("+") and digits.startswith("62800"):
                self.report(loaded, here + ("number",), "toll_free_plus62", value=number, national="0" + digits[2:])
            elif (
                is_domestic_only(number)
                and phone.get("dial_from") in ("abroad", "both")
                and phone.get("kind") != "whatsapp"
            ):
                self.report(loaded, here + ("dial_from",), "domestic_number_abroad", value=number)
        for key in ("note", "service", "organisation", "area", "hours"):
            text = contact.get(key)
            if isinstance(text, dict):
                for lang, value in text.items():
                    found = editorial_phrase(value) if isinstance(value, str) else None
                    if found:
                        self.report(loaded, ptr + (key, lang), "editorial_in_public", value=found, field=key)


# Editorial words that belong on the review page, never on a public card, export or handout.
_EDITORIAL = re.compile(
    r"sop-facts|\.md\b|periksa ulang sebelum dipublikasikan|re-check before publishing|desk review", re.I
)


def editorial_phrase(text: str) -> str | None:
    match = _EDITORIAL.search(text)
    return match.group(0) if match else None


def _items(data: Any, key: str) -> Iterator[tuple[int, dict]]:
    seq = data.get(key) if isinstance(data, dict) else None
    if isinstance(seq, list):
        for i, item in enumerate(seq):
            if isinstance(item, dict):
                yield i, item


def _walk(node: Any, ptr: tuple) -> Iterator[tuple[tuple, Any]]:
    yield ptr, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, ptr + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, ptr + (i,))
