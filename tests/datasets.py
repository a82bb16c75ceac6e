"""Small data folders for tests: the minimal valid fixture, copied, with one file replaced."""

from __future__ import annotations

import shutil
from pathlib import Path

TESTS = Path(__file__).parent
REPO = TESTS.parent
SCHEMA_DIR = REPO / "sop_data" / "schema"
MINIMAL = TESTS / "fixtures" / "minimal"
CORPUS = TESTS / "corpus"

# Which file of the minimal dataset a corpus case of each kind replaces.
TARGETS = {
    "service": "services/pemulangan.yaml",
    "contact": "contacts/national.yaml",
    "actor": "actors.yaml",
    "glossary": "glossary.yaml",
    "sop": "sop.yaml",
    "sources": "sources.yaml",
    "tree": "decision_trees/korban-di-luar-negeri.yaml",
    "scenario": "training/scenarios/pekerja-migran.yaml",
    "workshop": "training/workshop.yaml",
    "district": "districts/contoh/profile.yaml",
    "district-contact": "districts/contoh/contacts.yaml",
}
DISTRICTS = TESTS / "fixtures" / "districts"


def copy_minimal(dest: Path) -> Path:
    """A fresh, valid data folder at ``dest`` (schemas copied from the repository)."""
    shutil.copytree(MINIMAL, dest, symlinks=False, ignore=shutil.ignore_patterns("schema"))
    shutil.copytree(SCHEMA_DIR, dest / "schema")
    return dest


def corpus_cases() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*/*.yaml"))


def dataset_with_case(case: Path, dest: Path) -> tuple[Path, str]:
    root = copy_minimal(dest)
    if case.parent.name.startswith("district"):
        shutil.copytree(DISTRICTS, root / "districts")
    target = TARGETS[case.parent.name]
    shutil.copyfile(case, root / target)
    return root, target
