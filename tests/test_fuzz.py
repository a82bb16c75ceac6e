"""Property: whatever an editor does to a valid file, the tools answer with located problems, never an exception.

Mutations are text-level, the way hands break YAML: delete, insert YAML-significant characters, duplicate
or swap lines, truncate, replace a value with one YAML 1.1 would retype.
"""
import datetime
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasets import MINIMAL, TARGETS, copy_minimal
from sop_portal.build import build_portal
from sop_portal.validate import validate

TODAY = datetime.date(2026, 11, 23)
FILES = sorted(TARGETS.values())
SIGNIFICANT = [":", "-", " ", "\t", "'", '"', "&a", "*a", "!!str", "{", "}", "[", "]", "#", "\n", "  ", "0",
               "yes", "no", "08:30", "0812", "1e3", "~", "|", ">", "? ", "<<: *a", "\ufeff", "\r\n", "é", "\x00"]


@st.composite
def mutation(draw):
    rel = draw(st.sampled_from(FILES))
    text = (MINIMAL / rel).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    op = draw(st.sampled_from(["delete", "insert", "dup_line", "swap_lines", "truncate", "retype"]))
    if op == "delete":
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 40)))
        text = text[:i] + text[j:]
    elif op == "insert":
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from(SIGNIFICANT)) + text[i:]
    elif op == "dup_line":
        i = draw(st.integers(0, len(lines) - 1))
        text = "".join(lines[: i + 1] + [lines[i]] + lines[i + 1:])
    elif op == "swap_lines":
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        text = "".join(lines)
    elif op == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    else:
        value_lines = [k for k, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
        k = draw(st.sampled_from(value_lines))
        head = lines[k].split(": ", 1)[0]
        lines[k] = f"{head}: {draw(st.sampled_from(['yes', 'no', '0812', '08:30', '1e3', '+62812', 'null', '[]', '{}', '5']))}\n"
        text = "".join(lines)
    return rel, text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation())
def test_mutated_data_never_raises_and_every_problem_is_located(m):
    rel, text = m
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_minimal(Path(tmp) / "data")
        (root / rel).write_bytes(text.encode("utf-8", errors="surrogatepass"))
        report = validate(root, today=TODAY)
        for p in report.problems:
            assert p.line >= 1 and p.col >= 1
            assert Path(p.path).is_relative_to(root)
            assert p.message("id") and p.message("en")
        if report.ok:
            # Accepted data builds into the model without error.
            build_portal(report)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(blob):
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_minimal(Path(tmp) / "data")
        (root / "actors.yaml").write_bytes(blob)
        report = validate(root, today=TODAY)
        assert not report.ok
        assert all(p.line >= 1 and p.col >= 1 for p in report.problems)
