"""Validation results for other readers than a person at a terminal: GitHub annotations (`sop validate --format
github`), one district alone (`sop validate --district SLUG`), and the district named in a failing build.

GitHub reads workflow commands from a step's output: ``::error file=PATH,line=L,col=C,title=T::MESSAGE`` puts the
message on that line of the pull request's changed files, so PATH is relative to the repository root (the checkout,
``GITHUB_WORKSPACE``), whatever folder the command runs in. Property values escape ``%``, CR, LF, ``:`` and ``,``;
the message escapes ``%``, CR and LF (GitHub's rules for workflow commands).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from sop_portal.data.problems import Problem, display_path
from sop_portal.data.validate import Report
from sop_portal.settings import github_workspace

DISTRICTS = "districts"


def repository_root(start: str | Path, environ: dict | None = None) -> Path:
    """The repository the data belongs to: GITHUB_WORKSPACE when the data lies in it, else the nearest folder above
    the data with a ``.git`` (a folder, or a file in a git worktree), else the current folder."""
    here = Path(start).resolve()
    workspace = github_workspace(environ)
    if workspace:
        ws = workspace.resolve()
        if here == ws or ws in here.parents:
            return ws
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return Path.cwd().resolve()


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, lang: str, root: Path) -> str:
    """One problem as a GitHub workflow command, its file relative to the repository root."""
    level = "error" if problem.severity == "error" else "warning"
    path = Path(problem.path).resolve()
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = display_path(problem.path)
    props = (
        f"file={_escape_property(rel)},line={problem.line},col={problem.col},title={_escape_property('sop validate')}"
    )
    return f"::{level} {props}::{_escape_data(problem.message(lang))}"


def district_of(path: str | os.PathLike) -> str | None:
    """The slug of the district a data file belongs to (``…/districts/<slug>/…``), or None for a national file."""
    parts = Path(path).parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] == DISTRICTS and 2 <= len(parts) - i - 1 <= 3:
            return parts[i + 1]
    return None


def only_district(report: Report, slug: str) -> Report:
    """The report restricted to the national files and those of district ``slug``: the other districts are not
    this team's."""
    problems = [p for p in report.problems if district_of(p.path) in (None, slug)]
    national = sum(len(group) for group in report.data.files.values())
    files = report.data.districts.get(slug)
    return dataclasses.replace(
        report, problems=problems, file_count=national + (len(files.all) if files is not None else 0)
    )


def broken_districts(problems: list[Problem]) -> dict[str, list[str]]:
    """slug -> the files (as displayed) of that district with an error, in order: a failing build names them."""
    out: dict[str, list[str]] = {}
    for p in problems:
        slug = district_of(p.path)
        if slug and p.severity == "error":
            files = out.setdefault(slug, [])
            shown = display_path(p.path)
            if shown not in files:
                files.append(shown)
    return out
