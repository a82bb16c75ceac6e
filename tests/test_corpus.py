"""Every broken input in tests/corpus/ gets its exact PATH:LINE:COL and message, in Indonesian and English.

Each case is a small file named for what is wrong; it replaces one file of the minimal valid dataset
(tests/fixtures/minimal). The expected lines live in tests/corpus/expected.json.
"""
import datetime
import json

import pytest

from datasets import CORPUS, corpus_cases, dataset_with_case
from sop_portal.validate import validate

TODAY = datetime.date(2026, 11, 23)
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
CASES = corpus_cases()


def test_corpus_is_large_and_fully_specified():
    names = {f"{c.parent.name}/{c.stem}" for c in CASES}
    assert names == set(EXPECTED), "regenerate tests/corpus/expected.json and review it"
    invalid = [n for n in names if EXPECTED[n]["en"]]
    assert len(invalid) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.parent.name}/{c.stem}")
def test_case_reports_exact_location_and_message(case, tmp_path):
    root, target = dataset_with_case(case, tmp_path / "data")
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
