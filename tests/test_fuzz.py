"""Property: whatever an editor does to a valid file, the tools answer with located problems, never an exception.

Mutations are text-level, the way hands break YAML: delete, insert YAML-significant characters, duplicate
or swap lines, truncate, replace a value with one YAML 1.1 would retype, or put a value of another type in
place of any value, block or flow (a list where an id is expected, text where a list or mapping is: issue 12).

Two ways to run it:

    # CI (CI=true) — derandomized: the same examples on every run and no example database, so a red build is
    # reproducible and never depends on luck. HYPOTHESIS_PROFILE=ci gives exactly this run locally.
    CI=true .venv/bin/python -m pytest tests/test_fuzz.py -q

    # A long local search — random examples, and every failure found is kept in .hypothesis/ and tried first
    # on the next run (SOP_FUZZ_EXAMPLES sets the number of mutated files; the default is 300):
    SOP_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_fuzz.py -q

Every example edits one file of one data folder made for the test and puts it back afterwards; the files it did not
edit are parsed and schema-checked once for all examples (datasets.ReadOnce), so an example costs the edited file and
the cross-reference pass.
"""

import contextlib
import datetime
import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from datasets import DISTRICTS, TARGETS, ReadOnce, copy_minimal
from sop_portal.build.portal import build_portal
from sop_portal.data.validate import validate
from sop_portal.data.yamlload import load_file
from test_wrong_types import REPLACEMENTS, splice, value_spans

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")  # random examples, failures kept in .hypothesis/
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev"))
EXAMPLES = int(os.environ.get("SOP_FUZZ_EXAMPLES", "300"))

TODAY = datetime.date(2026, 11, 23)
FILES = sorted(TARGETS.values())
SIGNIFICANT = [
    ":",
    "-",
    " ",
    "\t",
    "'",
    '"',
    "&a",
    "*a",
    "!!str",
    "{",
    "}",
    "[",
    "]",
    "#",
    "\n",
    "  ",
    "0",
    "yes",
    "no",
    "08:30",
    "0812",
    "1e3",
    "~",
    "|",
    ">",
    "? ",
    "<<: *a",
    "\ufeff",
    "\r\n",
    "é",
    "\x00",
]


def fresh_dataset(tmp: str) -> Path:
    root = copy_minimal(Path(tmp) / "data")
    shutil.copytree(DISTRICTS, root / "districts")
    return root


with tempfile.TemporaryDirectory() as _tmp:
    _root = fresh_dataset(_tmp)
    ORIGINALS = {rel: (_root / rel).read_text(encoding="utf-8") for rel in FILES}
SPANS = {rel: [(start, end) for _, start, end in value_spans(text)] for rel, text in ORIGINALS.items()}
# Values of every type, as an editor would type them in place of another (empty ones too).
RETYPE_NODE = sorted(set(REPLACEMENTS.values()) | {"[]", "{}", "''", "[a, [b]]", "{id: x}"})
TREE = TARGETS["tree"]
START_IS_A_LIST = (TREE, re.sub(r"^start: .*$", "start: []", ORIGINALS[TREE], count=1, flags=re.M))  # issue 12


def same_values(ours, standard) -> bool:
    """Our strict reading equals PyYAML's for accepted data: no number turned into text or back, no key lost.
    Dates are the one difference by design: we keep the text as written, PyYAML makes a date of it."""
    if isinstance(standard, (dt.date, dt.datetime)):
        return isinstance(ours, str) and ours == standard.isoformat()
    if isinstance(standard, dict):
        return (
            isinstance(ours, dict)
            and set(map(str, standard)) == set(ours)
            and all(same_values(ours[str(k)], v) for k, v in standard.items())
        )
    if isinstance(standard, list):
        return isinstance(ours, list) and len(ours) == len(standard) and all(map(same_values, ours, standard))
    return type(ours) is type(standard) and ours == standard


@st.composite
def mutation(draw):
    rel = draw(st.sampled_from(FILES))
    text = ORIGINALS[rel]
    lines = text.splitlines(keepends=True)
    op = draw(st.sampled_from(["delete", "insert", "dup_line", "swap_lines", "truncate", "retype", "retype_node"]))
    if op == "delete":
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 40)))
        text = text[:i] + text[j:]
    elif op == "insert":
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from(SIGNIFICANT)) + text[i:]
    elif op == "dup_line":
        i = draw(st.integers(0, len(lines) - 1))
        text = "".join(lines[: i + 1] + [lines[i]] + lines[i + 1 :])
    elif op == "swap_lines":
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        text = "".join(lines)
    elif op == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif op == "retype_node":  # any value, scalar or block, replaced in place by one of another type
        start, end = draw(st.sampled_from(SPANS[rel]))
        text = splice(text, start, end, draw(st.sampled_from(RETYPE_NODE)))[0]
    else:
        value_lines = [k for k, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
        k = draw(st.sampled_from(value_lines))
        head = lines[k].split(": ", 1)[0]
        lines[k] = (
            f"{head}: {draw(st.sampled_from(['yes', 'no', '0812', '08:30', '1e3', '+62812', 'null', '[]', '{}', '5']))}\n"
        )
        text = "".join(lines)
    return rel, text


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """(root, reader): the minimal data with the fixture districts, and its ReadOnce."""
    root = fresh_dataset(tmp_path_factory.mktemp("fuzz"))
    reader = ReadOnce(root)
    yield root, reader
    reader.assert_cache_intact()


@contextlib.contextmanager
def edited(dataset, rel: str, data: bytes):
    """The report on the dataset with ``rel`` replaced by ``data``, which is put back after the block."""
    root, reader = dataset
    with reader.edited(rel, data):
        yield validate(root, today=TODAY)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation())
@example(START_IS_A_LIST)
def test_mutated_data_never_raises_and_every_problem_is_located(dataset, m):
    rel, text = m
    root = dataset[0]
    with edited(dataset, rel, text.encode("utf-8", errors="surrogatepass")) as report:
        for p in report.problems:
            assert p.line >= 1 and p.col >= 1
            assert Path(p.path).is_relative_to(root)
            assert p.message("id") and p.message("en")
        if report.ok:
            # Accepted data builds into the model without error ...
            build_portal(report)
            # ... and holds exactly the values a standard YAML reader sees.
            ours = load_file(root / rel).data
            assert same_values(ours, yaml.load(text.lstrip("\ufeff"), Loader=yaml.CSafeLoader))


@settings(max_examples=max(1, EXAMPLES // 2), deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(dataset, blob):
    with edited(dataset, "actors.yaml", blob) as report:
        assert not report.ok
        assert all(p.line >= 1 and p.col >= 1 for p in report.problems)
