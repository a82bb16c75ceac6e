"""Validate a data folder: strict YAML, then the schemas, then the rules of data/rules/ — all errors at once.

``validate(data_dir)`` never raises for bad data; it returns a :class:`Report` whose problems are
sorted by file and position. This module is the pipeline; the checks beyond the schemas live in data/rules/
(one module per kind of file; its ``__init__`` says how to add one).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from sop_portal.build import districts as _districts
from sop_portal.data import schema as _schema
from sop_portal.data.problems import Problem
from sop_portal.data.rules import (
    actors,
    contacts,
    districts,
    emergency,
    glossary,
    items,
    services,
    sop,
    sources,
    training,
    trees,
)
from sop_portal.data.rules.context import Context
from sop_portal.data.yamlload import Loaded, load_file

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
    ctx = check_rules(data, today)
    problems.extend(ctx.problems)
    problems.extend(check_districts(root, data, schemas, ctx, today))
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


def check_districts(root: Path, data: DataSet, schemas, ctx: Context, today: _dt.date) -> list[Problem]:
    """Every district profile, its contacts and trees, against the national data."""
    found, problems = _districts.discover(root)
    data.districts = found
    sop_file = data.one("sop.schema.json")
    national_version = sop_file.data.get("sop_version") if sop_file and isinstance(sop_file.data, dict) else None
    national_steps = services.national_steps(ctx)
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
        problems.extend(check_district_rules(ctx, files, national_steps, national_version))
    return problems


def _modeline(loaded: Loaded, root: Path, schema_name: str) -> list[Problem]:
    if loaded.modeline and schema_name in loaded.modeline:
        return []
    rel_schema = Path("../" * (len(loaded.path.relative_to(root).parts) - 1) + "schema") / schema_name
    line = f"# yaml-language-server: $schema={rel_schema.as_posix()}"
    return [Problem.at(loaded.path, 1, 1, "missing_modeline", severity="warning", modeline=line)]


# --------------------------------------------------------------------------------------------------
# Pass 2: the rules (data/rules/), in this fixed order. The report is sorted by file and position; the order
# matters where one rule builds on another: every id is defined before any reference is resolved, and of two
# definitions of one id the first is the original, the second the duplicate.

# 1. Every kind of file records the ids it defines, before any reference is resolved.
DEFINE = (
    sources.define,
    actors.define,
    services.define,
    contacts.define,
    trees.define,
    glossary.define,
    training.define,
    items.define,
)
# 2. The fields any file may hold, national or district: citations, actors, referrals, contact entries.
CHECK_FILE = (
    sources.check_file,
    actors.check_file,
    services.check_file,
    contacts.check_file,
)
# 3. The checks of one kind of national file.
CHECK = (
    sop.check,
    emergency.check,
    trees.check,
    training.check,
)


def check_rules(data: DataSet, today: _dt.date) -> Context:
    """The national rules; the context returned holds their problems and the ids the districts build on."""
    ctx = Context(data, today)
    for define in DEFINE:
        define(ctx)
    for loaded in ctx.files():
        for check_file in CHECK_FILE:
            check_file(ctx, loaded)
    for check in CHECK:
        check(ctx)
    return ctx


def check_district_rules(
    national: Context, files: _districts.DistrictFiles, national_steps: dict[str, dict], national_version
) -> list[Problem]:
    """One district's rules: it sees the national ids and its own; only its own problems are returned."""
    ctx = national.for_district()
    districts.define(ctx, files)
    districts.check(ctx, files, national_steps, national_version)  # (its added steps are defined here)
    for loaded in files.all:
        for check_file in CHECK_FILE:
            check_file(ctx, loaded)
    for loaded in files.trees:
        trees.check_tree(ctx, loaded)
    return ctx.problems
