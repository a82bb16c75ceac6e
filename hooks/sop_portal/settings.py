"""The one reader of the environment, for the site build and the CLI alike: SOP_DATA_DIR, SOP_TODAY, SOP_DISTRICT,
SOP_LANG (then the locale), SOP_DEBUG and GITHUB_WORKSPACE. OFFLINE is read by mkdocs.yml itself
(``!ENV [OFFLINE, false]``) and set only by `sop package` for the build it runs."""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping


def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def today(environ: Mapping[str, str] | None = None) -> _dt.date:
    """SOP_TODAY (YYYY-MM-DD) fixes 'today' for reproducible builds, documents and tests; else the real date."""
    value = _env(environ).get("SOP_TODAY")
    return _dt.date.fromisoformat(value) if value else _dt.date.today()


def pick_lang(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """--lang wins; then SOP_LANG; then LC_ALL/LC_MESSAGES/LANG starting with 'en'; else Indonesian."""
    if explicit in ("id", "en"):
        return explicit
    env = _env(environ)
    sop_lang = env.get("SOP_LANG", "").strip().lower()
    if sop_lang in ("id", "en"):
        return sop_lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "id"
    return "id"


def debug(environ: Mapping[str, str] | None = None) -> bool:
    """SOP_DEBUG=1: the CLI shows the traceback of an internal error instead of its one-line message."""
    return bool(_env(environ).get("SOP_DEBUG"))


def github_workspace(environ: Mapping[str, str] | None = None) -> Path | None:
    """The repository GitHub Actions checked out, when running there."""
    value = _env(environ).get("GITHUB_WORKSPACE")
    return Path(value) if value else None


@dataclass(frozen=True)
class Settings:
    """What one site build reads: where the data and pages are, 'today', and which district (if any) it is for."""

    data_dir: Path
    docs_dir: Path
    templates_dir: Path
    today: _dt.date
    district: str | None = None  # SOP_DISTRICT: build this district's site (site/districts.py)

    @classmethod
    def from_env(
        cls, project_dir: str | Path, docs_dir: str | Path, environ: Mapping[str, str] | None = None
    ) -> "Settings":
        """SOP_DATA_DIR points the build at another data folder (tests, districts); SOP_TODAY fixes 'today';
        SOP_DISTRICT=<slug> builds that district's site from sop_data/districts/<slug>/."""
        env = _env(environ)
        project = Path(project_dir)
        data = Path(env["SOP_DATA_DIR"]) if env.get("SOP_DATA_DIR") else project / "sop_data"
        district = (env.get("SOP_DISTRICT") or "").strip() or None
        return cls(
            data if data.is_absolute() else project / data,
            Path(docs_dir),
            project / "overrides" / "sop",
            today(env),
            district,
        )
