"""The fork's GitHub Actions workflow (.github/workflows/sop.yml): checks on pull requests, publishing on main, and
every `sop` command it runs is one the CLI accepts (a renamed option would otherwise break every fork's CI silently).
actionlint checks the file itself in .ci/run."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from sop_portal.cli import argparse_language, build_parser

WORKFLOW = Path(__file__).resolve().parents[1] / ".github" / "workflows" / "sop.yml"


@pytest.fixture(scope="module")
def flow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def _runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def _uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_triggers_and_jobs(flow):
    assert set(flow["on"]) == {"pull_request", "push", "workflow_dispatch"}
    assert flow["on"]["push"]["branches"] == ["main"]
    assert set(flow["jobs"]) == {"check", "build", "deploy"}
    assert flow["env"]["SOP_DISTRICT"] == "${{ vars.SOP_DISTRICT }}"  # a repository variable: the fork sets it
    assert flow["permissions"] == {"contents": "read"}


def test_pull_requests_get_annotations_and_the_diff_in_the_summary(flow):
    check = flow["jobs"]["check"]
    assert check["if"] == "github.event_name == 'pull_request'"
    runs = _runs(check)
    assert "sop validate sop_data --format github" in runs
    summary = next(s for s in check["steps"] if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert summary["if"] == "always()" and "sop diff" in summary["run"]


def test_main_builds_the_district_site_and_deploys_it_with_the_downloads(flow):
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    runs = _runs(build)
    assert "mkdocs build --strict" in runs
    assert "sop package -o" in runs and "sop document --format docx" in runs and "sop document --format pdf" in runs
    assert {"actions/upload-artifact", "actions/upload-pages-artifact", "actions/configure-pages"} <= set(_uses(build))
    assert deploy["needs"] == "build" and deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert _uses(deploy) == ["actions/deploy-pages"] and deploy["environment"]["name"] == "github-pages"


def _sop_commands(flow) -> list[str]:
    found = []
    for job in flow["jobs"].values():
        for line in _runs(job).splitlines():
            line = line.strip()
            match = re.match(r"^sop (.*?)(?: 2>&1.*)?$", line)
            if match:
                found.append(match.group(1))
    return found


def test_every_sop_command_in_the_workflow_is_accepted_by_the_cli(flow):
    commands = _sop_commands(flow)
    assert len(commands) >= 5
    with argparse_language("en"):
        parser = build_parser("en")
    for command in commands:
        concrete = (
            command.replace('"${district[@]}"', "--district timor-tengah-utara")
            .replace("$SOP_DISTRICT", "timor-tengah-utara")
            .replace("$slug", "timor-tengah-utara")
            .replace("$lang", "id")
            .replace("$name", "sop-tppo-x")
        )
        assert "$" not in concrete, concrete
        args = parser.parse_args(shlex.split(concrete))  # exits (fails the test) on an unknown option
        assert args.command in ("validate", "diff", "package", "document")


@pytest.mark.skipif(
    not shutil.which("actionlint") and not (Path(__file__).parents[1] / ".venv/bin/actionlint").exists(),
    reason="actionlint is not installed (it comes with the test extra)",
)
def test_actionlint_passes():
    binary = shutil.which("actionlint") or str(Path(__file__).parents[1] / ".venv/bin/actionlint")
    result = subprocess.run([binary, "-color=false", str(WORKFLOW)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
