"""`sop upgrade SLUG --to VERSION` with two national versions in fixtures (tests/fixtures/upgrade/):

* national-1.0.0/  the minimal data with a third step, pemulangan.s3;
* national-1.1.0/  pemulangan.s1 reworded (changed), pemulangan.s2 as before (unchanged), pemulangan.s3 removed,
                   pemulangan.s4 added, sop_version 1.1.0;
* districts/kota-uji/profile.yaml  based on 1.0.0, adapting s1 (block-style national_text), s2 (flow style) and s3,
                   with comments everywhere that must survive.

Never silent, never partial: without every item acknowledged the file is byte-for-byte unchanged and the exit code is 1.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run_sop
from datasets import TESTS, copy_minimal
from sop_portal.build.portal import load_portal
from sop_portal.data.validate import validate
from sop_portal.outputs import upgrade

FIXTURE = TESTS / "fixtures" / "upgrade"
S1_OLD, S1_NEW = "Protect the victim abroad.", "Protect and accompany the victim while abroad."


def sop(*args, cwd, **kwargs):
    """`sop ARGS` in English; standard input empty and not a terminal unless ``terminal=True`` (conftest.run_sop)."""
    return run_sop(*args, cwd=cwd, env={"SOP_LANG": "en"}, **kwargs)


def national(root: Path, version: str) -> None:
    shutil.copytree(FIXTURE / f"national-{version}", root, dirs_exist_ok=True)


@pytest.fixture
def data(tmp_path) -> Path:
    root = copy_minimal(tmp_path / "sop_data")
    shutil.copytree(FIXTURE / "districts", root / "districts")
    national(root, "1.0.0")
    return root


def profile(root: Path) -> Path:
    return root / "districts" / "kota-uji" / "profile.yaml"


def test_the_fixture_profile_is_valid_on_its_base_version_and_has_nothing_to_upgrade(data):
    report = validate(data)
    assert report.ok and not [p for p in report.problems if "kota-uji" in p.path], report.problems
    result = sop("upgrade", "kota-uji", "--to", "1.0.0", cwd=data.parent)
    assert result.returncode == 0 and "nothing to do" in result.stdout


def test_lists_changed_removed_and_unchanged_steps_and_changes_nothing(data):
    national(data, "1.1.0")
    before = profile(data).read_bytes()
    result = sop("upgrade", "kota-uji", "--to", "1.1.0", cwd=data.parent)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "base national version 1.0.0 → 1.1.0" in out
    changed = out[out.index("National text changed") : out.index("No longer in the national SOP")]
    assert "~ pemulangan.s1 [annotated]" in changed
    assert "en: Protect {+and accompany+} the victim {+while+} abroad." in changed
    assert "id: Lindungi {+dan dampingi+} korban {+yang berada+} di luar negeri." in changed
    removed = out[out.index("No longer in the national SOP") : out.index("Unchanged")]
    assert "- pemulangan.s3 [not applicable]" in removed and "[-Arrange an onward flight.-]" in removed
    assert "= pemulangan.s2 [modified]" in out[out.index("Unchanged") :]
    assert "pemulangan.s4" not in out  # a new national step was not adapted: nothing to review
    assert "Still to acknowledge (2): pemulangan.s1, pemulangan.s3" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert profile(data).read_bytes() == before


def test_one_acknowledgement_short_is_still_nothing(data):
    national(data, "1.1.0")
    before = profile(data).read_bytes()
    result = sop("upgrade", "kota-uji", "--to", "1.1.0", "--accept", "pemulangan.s1", cwd=data.parent)
    assert result.returncode == 1 and "Still to acknowledge (1): pemulangan.s3" in result.stderr
    assert profile(data).read_bytes() == before


@pytest.mark.parametrize(
    "args, words",
    [
        (["--to", "1.2.0"], "is version 1.1.0, not 1.2.0"),
        (["--to", "1.1.0", "--accept", "pemulangan.s2"], "Nothing to acknowledge for pemulangan.s2"),
        (
            ["--to", "1.1.0", "--accept", "pemulangan.s9"],
            "only these steps need a review: pemulangan.s1, pemulangan.s3",
        ),
    ],
)
def test_wrong_version_or_step_is_a_usage_error(data, args, words):
    national(data, "1.1.0")
    before = profile(data).read_bytes()
    result = sop("upgrade", "kota-uji", *args, cwd=data.parent)
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert profile(data).read_bytes() == before


def test_unknown_district_is_a_usage_error(data):
    result = sop("upgrade", "kota-ujii", "--to", "1.0.0", cwd=data.parent)
    assert result.returncode == 2 and "kota-uji" in result.stderr


def _accept_all(data):
    return sop(
        "upgrade",
        "kota-uji",
        "--to",
        "1.1.0",
        "--accept",
        "pemulangan.s1",
        "--accept",
        "pemulangan.s3",
        cwd=data.parent,
    )


def test_every_item_acknowledged_moves_the_base_and_keeps_comments_and_layout(data):
    national(data, "1.1.0")
    before = profile(data).read_text(encoding="utf-8")
    result = _accept_all(data)
    assert result.returncode == 0, result.stdout + result.stderr
    after = profile(data).read_text(encoding="utf-8")
    assert 'base_sop_version: "1.1.0"  # versi nasional dasar / base national version' in after
    # every comment of the original is still there, in order
    comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
    kept = [line.strip() for line in after.splitlines() if line.strip().startswith("#")]
    assert [c for c in kept if c in comments] == comments
    # the changed step's recorded national text is the new one, still in block style
    assert f'      en: "{S1_NEW}"' in after and S1_OLD not in after
    # the unchanged step's lines are untouched; the removed step's change is kept as comments under a reason
    old_lines = before.splitlines()
    s2 = old_lines[old_lines.index("    step: pemulangan.s2") - 1 : old_lines.index("    status: secondary") + 1]
    assert "\n".join(s2) in after
    assert "  # sop upgrade 1.1.0: langkah nasional pemulangan.s3 sudah tidak ada" in after
    assert "  # - action: not_applicable\n  #   step: pemulangan.s3\n" in after
    assert "  #       Tidak ada bandara\n  #       di kota ini.\n" in after
    # only those lines differ
    new_lines = after.splitlines()
    assert len(new_lines) == len(old_lines) + 1
    # and the result validates with no upgrade warning left
    report = validate(data)
    assert report.ok and not [p for p in report.problems if "kota-uji" in p.path], report.problems
    portal = load_portal(data, district="kota-uji")
    assert portal.district.base_sop_version == "1.1.0"
    assert {c.step_id for c in portal.district.changes} == {"pemulangan.s1", "pemulangan.s2"}
    again = sop("upgrade", "kota-uji", "--to", "1.1.0", cwd=data.parent)
    assert again.returncode == 0 and "nothing to do" in again.stdout


def test_a_change_without_recorded_text_is_acknowledged_by_recording_the_national_text(data):
    text = profile(data).read_text(encoding="utf-8")
    block = '    national_text:\n      id: "Lindungi korban di luar negeri."\n      en: "Protect the victim abroad."\n'
    assert block in text
    profile(data).write_text(text.replace(block, ""), encoding="utf-8")
    national(data, "1.1.0")
    result = sop("upgrade", "kota-uji", "--to", "1.1.0", cwd=data.parent)
    assert result.returncode == 1
    assert "? pemulangan.s1 [annotated]" in result.stdout and f"en: {S1_NEW}" in result.stdout
    assert _accept_all(data).returncode == 0
    after = profile(data).read_text(encoding="utf-8")
    assert (
        f'    step: pemulangan.s1\n    national_text: {{id: "Lindungi dan dampingi korban yang berada di luar negeri.", en: "{S1_NEW}"}}\n'
        in after
    )
    assert validate(data).ok


def test_crlf_line_endings_stay(data):
    path = profile(data)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    national(data, "1.1.0")
    assert _accept_all(data).returncode == 0
    raw = path.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert validate(data).ok


def test_a_result_that_would_not_validate_is_not_written(data, monkeypatch, capsys):
    """If the rewrite produced an invalid profile, nothing is written (the check runs on a scratch copy)."""
    from sop_portal import cli

    national(data, "1.1.0")
    before = profile(data).read_bytes()
    real = upgrade.rewrite
    monkeypatch.setattr(upgrade, "rewrite", lambda *a, **k: real(*a, **k).replace("slug: kota-uji", "slug: kota-lain"))
    code = cli.main(
        [
            "upgrade",
            "kota-uji",
            "--to",
            "1.1.0",
            "--accept",
            "pemulangan.s1",
            "--accept",
            "pemulangan.s3",
            "--data-dir",
            str(data),
            "--lang",
            "en",
        ]
    )
    out = capsys.readouterr()
    assert code == 1 and "would not validate" in out.err and "kota-lain" in out.out
    assert str(profile(data)) in out.out or "profile.yaml" in out.out
    assert profile(data).read_bytes() == before


def _at_terminal(data: Path, answers: str) -> tuple[int, str]:
    """Run the command with a terminal as its standard input and type ``answers``."""
    result = sop("upgrade", "kota-uji", "--to", "1.1.0", cwd=data.parent, stdin=answers, terminal=True)
    return result.returncode, result.stdout + result.stderr


def test_answered_at_a_terminal(data):
    national(data, "1.1.0")
    before = profile(data).read_bytes()
    code, out = _at_terminal(data, "y\nn\n")
    assert code == 1 and "Acknowledge pemulangan.s1 (national text changed)? [y/N]" in out
    assert "Still to acknowledge (1): pemulangan.s3" in out
    assert profile(data).read_bytes() == before
    code, out = _at_terminal(data, "y\nyes\n")
    assert code == 0, out
    assert 'base_sop_version: "1.1.0"' in profile(data).read_text(encoding="utf-8")


def test_word_diff_marks_removed_and_added_words():
    assert upgrade.word_diff("a b c d", "a x c d e") == "a [-b-] {+x+} c d {+e+}"
    assert upgrade.word_diff("same", "same") == "same"
