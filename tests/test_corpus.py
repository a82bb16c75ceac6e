"""Every broken input in tests/corpus/ gets its exact PATH:LINE:COL and message, in Indonesian and English.

Each case is a small file named for what is wrong; it replaces one file of the minimal valid dataset
(tests/fixtures/minimal) for the time of its test, in one copy of it for all cases (two: with and without the
fixture districts), whose other files are read once (datasets.ReadOnce). The expected lines live in
tests/corpus/expected.json.
"""

import datetime
import json

import pytest

from datasets import CORPUS, TARGETS, ReadOnce, case_needs_districts, corpus_cases, dataset_for_cases, dataset_with_case
from sop_portal.data.validate import validate

TODAY = datetime.date(2026, 11, 23)
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
CASES = corpus_cases()


def test_corpus_is_large_and_fully_specified():
    names = {f"{c.parent.name}/{c.stem}" for c in CASES}
    assert names == set(EXPECTED), "regenerate tests/corpus/expected.json and review it"
    invalid = [n for n in names if EXPECTED[n]["en"]]
    assert len(invalid) >= 30


@pytest.fixture(scope="module")
def readers(tmp_path_factory):
    """{with districts?: ReadOnce of its copy of the minimal data}, checked intact at the end."""
    out = {d: ReadOnce(dataset_for_cases(tmp_path_factory.mktemp("corpus") / "data", d)) for d in (False, True)}
    yield out
    for reader in out.values():
        reader.assert_cache_intact()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.parent.name}/{c.stem}")
def test_case_reports_exact_location_and_message(case, readers):
    reader, target = readers[case_needs_districts(case)], TARGETS[case.parent.name]
    root = reader.root
    with reader.edited(target, case.read_bytes()):
        report = validate(root, today=TODAY)
    expected = EXPECTED[f"{case.parent.name}/{case.stem}"]
    for lang in ("id", "en"):
        assert [p.format(lang, cwd=root) for p in report.problems] == expected[lang]
    # A case that is expected to be broken must fail validation, and its first error is in the file it broke.
    if any(": " in line for line in expected["en"]) and report.errors:
        assert report.errors[0].path.endswith(target) or any(p.path.endswith(target) for p in report.errors)


def test_valid_variants_pass(tmp_path):
    """BOM and CRLF are accepted and read the same as the plain file."""
    case = CORPUS / "service" / "bom-and-crlf-are-fine.yaml"
    root, _ = dataset_with_case(case, tmp_path / "data")
    assert validate(root, today=TODAY).ok


def test_twenty_megabyte_file_is_rejected_unread_with_a_clear_message(tmp_path, monkeypatch):
    """Generated, not stored: a 20 MB service file (e.g. a pasted export) is refused before it is parsed."""
    from pathlib import Path

    from datasets import copy_minimal

    root = copy_minimal(tmp_path / "data")
    big = root / "services" / "pemulangan.yaml"
    with big.open("wb") as fh:
        fh.write(b"id: pemulangan\nnotes: |\n")
        line = b"  " + b"x" * 98 + b"\n"
        for _ in range(20 * 1024 * 1024 // len(line)):
            fh.write(line)
    import sop_portal.data.yamlload as yamlload

    def never(*args, **kwargs):
        raise AssertionError("a file over the size limit must not be read or parsed")

    real_compose = yamlload.yaml.compose
    monkeypatch.setattr(
        yamlload.yaml,
        "compose",
        lambda text, **kw: never() if len(text) > 2 * 1024 * 1024 else real_compose(text, **kw),
    )
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: never() if self == big else real_read(self))
    report = validate(root, today=TODAY)
    assert [p.format("en", cwd=root) for p in report.problems] == [
        "services/pemulangan.yaml:1:1: file is 20.0 MB, larger than the 2.0 MB a data file may be"
        " — split it into smaller files or remove what does not belong in it",
    ]
    assert [p.format("id", cwd=root) for p in report.problems] == [
        "services/pemulangan.yaml:1:1: berkas berukuran 20.0 MB, melebihi batas 2.0 MB untuk berkas data"
        " — pecah menjadi beberapa berkas atau hapus isi yang tidak semestinya",
    ]
