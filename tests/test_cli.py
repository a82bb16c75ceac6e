"""The `sop` command as a district editor meets it: help, messages, languages and exit codes.

The command runs in this process (conftest.run_sop); the last two tests start it as a program, as
`python -m sop_portal` and as the installed `sop` script, once each."""

import json
import os
import sys
from pathlib import Path

import pytest

from conftest import run_sop, sop_program
from datasets import REPO, copy_minimal

sop = run_sop


@pytest.fixture
def data(tmp_path):
    return copy_minimal(tmp_path / "sop_data")


def test_valid_data_exits_0(data):
    result = sop("validate", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "data SOP valid" in result.stdout


def test_default_data_dir_is_sop_data_in_the_current_folder(data):
    result = sop("validate", cwd=data.parent, env={"SOP_LANG": "en"})
    assert result.returncode == 0 and "the SOP data is valid" in result.stdout


def test_errors_exit_1_with_paths_relative_to_the_current_folder(data):
    svc = data / "services" / "pemulangan.yaml"
    svc.write_text(svc.read_text().replace("actors: [perwakilan_ri, kemenpppa]", "actors: [perwakilan_ri, kemenppa]"))
    result = sop("validate", "sop_data", "--lang", "en", cwd=data.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "sop_data/services/pemulangan.yaml:28:29: unknown actor 'kemenppa' (did you mean 'kemenpppa'?)"
        " — use an id defined in actors.yaml"
    ]
    assert "1 error(s)" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_all_errors_are_reported_at_once(data):
    (data / "glossary.yaml").write_text("# yaml-language-server: $schema=schema/glossary.schema.json\nterms: []\n")
    svc = data / "services" / "pemulangan.yaml"
    svc.write_text(svc.read_text().replace("number: 5", "number: five"))
    result = sop("validate", str(data), "--lang", "en")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.endswith("glossary.yaml:2:8: the list is empty — add at least 1 item(s)") for line in lines)
    assert any("pemulangan.yaml:3:9: expected whole number here, found text" in line for line in lines)


@pytest.mark.parametrize(
    "how, expected",
    [
        ({"args": ["--lang", "id"]}, "aktor 'kemenppa' tidak dikenal"),
        ({"args": ["--lang", "en"]}, "unknown actor 'kemenppa'"),
        ({"env": {"SOP_LANG": "en"}}, "unknown actor 'kemenppa'"),
        ({"env": {"LANG": "en_GB.UTF-8"}}, "unknown actor 'kemenppa'"),
        ({"env": {"LANG": "id_ID.UTF-8"}}, "aktor 'kemenppa' tidak dikenal"),
        ({}, "aktor 'kemenppa' tidak dikenal"),
    ],
)
def test_language_of_messages(data, how, expected):
    svc = data / "services" / "pemulangan.yaml"
    svc.write_text(svc.read_text().replace("actors: [perwakilan_ri, kemenpppa]", "actors: [perwakilan_ri, kemenppa]"))
    result = sop("validate", str(data), *how.get("args", []), env=how.get("env"))
    assert result.returncode == 1 and expected in result.stdout


def test_json_output_for_programs(data):
    svc = data / "services" / "pemulangan.yaml"
    svc.write_text(svc.read_text().replace("checklist: true\n    mandatory", "checklist: yes\n    mandatory"))
    result = sop("validate", str(data), "--format", "json", "--lang", "en")
    out = json.loads(result.stdout)
    assert result.returncode == 1 and out["valid"] is False
    assert out["problems"][0]["line"] == 22 and out["problems"][0]["code"] == "use_true_false"


@pytest.mark.parametrize("args", [["frobnicate"], ["validate", "--bogus"], [], ["--lang", "fr", "validate"]])
def test_wrong_usage_exits_2(args):
    result = sop(*args)
    assert result.returncode == 2
    assert "cara pakai: sop" in result.stderr  # Indonesian by default, argparse's own words included


def test_help_speaks_the_readers_language():
    id_help = sop("validate", "--help").stdout
    assert id_help.startswith("cara pakai: sop validate") and "\npilihan:\n" in id_help
    assert "tampilkan bantuan ini lalu keluar" in id_help
    en_help = sop("validate", "--help", "--lang", "en").stdout
    assert en_help.startswith("usage: sop validate") and "\noptions:\n" in en_help
    wrong = sop("validate", "--bogus", "--lang", "en")
    assert "sop: error: unrecognized arguments: --bogus" in wrong.stderr


def test_missing_data_folder_is_wrong_usage(tmp_path):
    result = sop("validate", str(tmp_path / "nope"), "--lang", "en")
    assert result.returncode == 2
    assert "No SOP data folder" in result.stderr


@pytest.mark.parametrize("lang, phrase", [("id", "periksa data SOP"), ("en", "check the SOP data")])
def test_help_explains_commands_and_exit_codes_in_both_languages(lang, phrase):
    result = sop("--help", "--lang", lang)
    assert result.returncode == 0
    assert phrase in result.stdout and "validate" in result.stdout and "stats" in result.stdout
    assert ("Kode keluar" if lang == "id" else "Exit codes") in result.stdout
    sub = sop("validate", "--help", "--lang", lang)
    assert sub.returncode == 0 and "DATA_DIR" in sub.stdout and "sop_data" in sub.stdout


def test_every_command_is_documented_in_the_readme():
    from sop_portal.cli import COMMANDS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"sop {name}" in readme, name


def test_stats_counts_steps_checklist_and_status(data):
    result = sop("stats", str(data), "--format", "json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["chapters"] == [
        {
            "id": "pemulangan",
            "number": 5,
            "title": {"id": "Layanan Pemulangan", "en": "Repatriation"},
            "steps": 2,
            "checklist": 2,
            "status": {"verified": 1, "secondary": 0, "unverified": 1, "open": 0},
            "open_items": 0,
        }
    ]
    text = sop("stats", str(data), "--lang", "en")
    assert text.returncode == 0 and "5. Repatriation" in text.stdout


def test_stats_on_invalid_data_exits_1_without_traceback(data):
    (data / "actors.yaml").write_text("actors: {}\n")
    result = sop("stats", str(data), "--lang", "en")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "actors.yaml:1:9" in result.stdout


# -- the command as a program -----------------------------------------------------------------------------------


def test_python_m_sop_portal_exits_0_1_and_2(data):
    """`python -m sop_portal`: its exit code is the command's (valid, data errors, wrong usage), never a traceback."""
    en = {"SOP_LANG": "en"}
    valid = sop_program("validate", cwd=data.parent, env=en)
    assert valid.returncode == 0 and "the SOP data is valid" in valid.stdout, valid.stdout + valid.stderr
    (data / "actors.yaml").write_text("actors: {}\n")
    broken = sop_program("validate", cwd=data.parent, env=en)
    assert broken.returncode == 1 and "sop_data/actors.yaml:1:9" in broken.stdout
    wrong = sop_program("validate", "--bogus", cwd=data.parent, env=en)
    assert wrong.returncode == 2 and "unrecognized arguments: --bogus" in wrong.stderr
    assert "Traceback" not in valid.stderr + broken.stderr + wrong.stderr


def test_the_installed_sop_script_runs_the_command(data):
    """The `sop` script pip installs ([project.scripts] sop = "sop_portal.cli:main")."""
    script = Path(sys.executable).with_name("sop")
    if not script.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{script} is missing: install the project (pip install -e '.[test]')")
        pytest.skip(f"{script} is missing: the project is not installed in this environment")
    result = sop_program("validate", cwd=data.parent, env={"SOP_LANG": "en"}, command=[str(script)])
    assert result.returncode == 0 and "the SOP data is valid" in result.stdout, result.stdout + result.stderr
    help_text = sop_program("--help", cwd=data.parent, env={"SOP_LANG": "en"}, command=[str(script)])
    assert help_text.returncode == 0 and help_text.stdout.startswith("usage: sop ")
