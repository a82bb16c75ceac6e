"""Small data folders for tests: the minimal valid fixture, copied, with one file replaced."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

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


class ReadOnce:
    """Validating a data folder again and again while one file at a time is edited (tests/test_wrong_types.py,
    tests/test_fuzz.py): inside ``with reader.active():`` every file whose bytes are still those it had when the
    ReadOnce was made is parsed and schema-checked once, and the edited file every time, so each validation costs
    that file and the cross-reference pass. ``assert_cache_intact()`` checks that no validation changed what was
    kept (each kept file parsed afresh gives the same data and problems)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.originals = {str(p): p.read_bytes() for p in self.root.rglob("*.yaml")}
        self.kept: dict[str, list] = {}  # path -> [Loaded, schema problems or None]

    @contextlib.contextmanager
    def active(self):
        from sop_portal.build import districts
        from sop_portal.data import schema, validate
        from sop_portal.data.yamlload import load_file

        real_check = schema.check

        def load(path, *args):
            if Path(path).read_bytes() != self.originals.get(str(path)):
                return load_file(path, *args)
            if str(path) not in self.kept:
                self.kept[str(path)] = [load_file(path, *args), None]
            return self.kept[str(path)][0]

        def check(loaded, schemas, name):
            entry = self.kept.get(str(loaded.path))
            if entry is None or entry[0] is not loaded:
                return real_check(loaded, schemas, name)
            if entry[1] is None:
                entry[1] = real_check(loaded, schemas, name)
            return list(entry[1])

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(validate, "load_file", load)
            mp.setattr(districts, "load_file", load)
            mp.setattr(schema, "check", check)
            yield self

    @contextlib.contextmanager
    def edited(self, rel: str, data: bytes):
        """For the block, ``rel`` holds ``data`` (then its own bytes again), and the other files are read once."""
        target = self.root / rel
        original = target.read_bytes()
        target.write_bytes(data)
        try:
            with self.active():
                yield target
        finally:
            target.write_bytes(original)

    def assert_cache_intact(self) -> None:
        from sop_portal.data.yamlload import load_file

        for path, (loaded, _) in self.kept.items():
            fresh = load_file(path)
            assert (fresh.data, fresh.problems) == (loaded.data, loaded.problems), f"{path} was changed in the cache"


def corpus_cases() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*/*.yaml"))


def case_needs_districts(case: Path) -> bool:
    """A corpus case of a district's file is validated with the fixture districts, the others without."""
    return case.parent.name.startswith("district")


def dataset_for_cases(dest: Path, districts: bool) -> Path:
    """The minimal data (with the fixture districts or not) that corpus cases are put into, one at a time."""
    root = copy_minimal(dest)
    if districts:
        shutil.copytree(DISTRICTS, root / "districts")
    return root


def dataset_with_case(case: Path, dest: Path) -> tuple[Path, str]:
    root = dataset_for_cases(dest, case_needs_districts(case))
    target = TARGETS[case.parent.name]
    shutil.copyfile(case, root / target)
    return root, target


# The restricted contact (a safe house) with_restricted_district_contact() adds to a district: none of these may
# reach any export, handout or document.
RESTRICTED_ID = "rumah-aman-uji"
RESTRICTED_NAME = "Rumah Aman Rahasia Uji 5521"
RESTRICTED_PHONE = "0812-5521-0099"
RESTRICTED_DISTRICT = "timor-tengah-utara"


def with_restricted_district_contact(dest: Path, district: str = RESTRICTED_DISTRICT) -> Path:
    """A copy of the project's data at ``dest`` whose district also lists a restricted contact (a safe house) with
    a phone number (RESTRICTED_ID, RESTRICTED_NAME, RESTRICTED_PHONE): whatever reads the data must never publish
    it. Tests that only read it share one copy (conftest: restricted_data, restricted_portals)."""
    shutil.copytree(REPO / "sop_data", dest)
    contacts = dest / "districts" / district / "contacts.yaml"
    contacts.write_text(
        contacts.read_text(encoding="utf-8")
        + f"""  - id: {RESTRICTED_ID}
    organisation: {{id: "{RESTRICTED_NAME}", en: "{RESTRICTED_NAME}"}}
    actor: dinas_pppa
    service: {{id: "Rumah aman.", en: "Safe house."}}
    phones:
      - {{number: "{RESTRICTED_PHONE}", kind: voice, dial_from: indonesia, hours: 24h, serves: everyone}}
    status: active
    visibility: restricted
    sources:
      - {{document: iom-ttu-2022}}
    verification: open
""",
        encoding="utf-8",
    )
    return dest
