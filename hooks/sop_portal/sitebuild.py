"""One site build: load the data, write the stub pages, render markers. Called by hooks/mkdocs_hook.py.

Kept free of MkDocs imports so it can be tested directly and moved to another generator.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from . import districtsite, pages
from . import model as m
from .build import load_with_districts
from .problems import DataError, pick_lang
from .render import Renderer
from .ui import SiteError, ui_labels


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    docs_dir: Path
    templates_dir: Path
    today: _dt.date
    district: str | None = None  # SOP_DISTRICT: build this district's site (districtsite.py)

    @classmethod
    def from_env(
        cls, project_dir: str | Path, docs_dir: str | Path, environ: Mapping[str, str] | None = None
    ) -> "Settings":
        """SOP_DATA_DIR points the build at another data folder (tests, districts); SOP_TODAY fixes 'today';
        SOP_DISTRICT=<slug> builds that district's site from sop_data/districts/<slug>/."""
        env = os.environ if environ is None else environ
        project = Path(project_dir)
        data = Path(env["SOP_DATA_DIR"]) if env.get("SOP_DATA_DIR") else project / "sop_data"
        today = _dt.date.fromisoformat(env["SOP_TODAY"]) if env.get("SOP_TODAY") else _dt.date.today()
        district = (env.get("SOP_DISTRICT") or "").strip() or None
        return cls(
            data if data.is_absolute() else project / data,
            Path(docs_dir),
            project / "overrides" / "sop",
            today,
            district,
        )


class SiteBuild:
    def __init__(self, portal: m.Portal, settings: Settings):
        self.portal = portal
        self.settings = settings
        self.renderer = Renderer(portal, settings.templates_dir, settings.today, settings.docs_dir)

    @classmethod
    def prepare(cls, settings: Settings) -> "SiteBuild":
        """Load and validate the data, write the generated stubs, check every page has both languages.

        Raises :class:`DataError` (bad data) or :class:`SiteError` (bad pages).
        """
        if not settings.data_dir.is_dir():
            raise SiteError("no_data_dir", path=str(settings.data_dir))
        national, districts = load_with_districts(settings.data_dir, today=settings.today)
        site = districtsite.DistrictSite.create(
            national, districts, settings.district, settings.docs_dir, settings.data_dir
        )
        portal = site.portal  # the district's on a district build, else the national one
        pages.write_stubs(portal, settings.docs_dir)
        districtsite.write_stubs(site, settings.docs_dir)
        missing = pages.missing_translations(settings.docs_dir)
        if missing:
            raise SiteError("missing_translations", lines=missing)
        return cls(portal, settings)

    def page_markdown(self, markdown: str, src: str, lang: str) -> str:
        return self.renderer.render_page(markdown, src, lang)

    def nav(self, nav: list | None) -> list | None:
        return districtsite.expand_nav(pages.expand_nav(nav, self.portal), self.portal.extra["district_site"])

    def site_name(self, name: str, lang: str = pages.DEFAULT_LANG) -> str:
        """The configured site name, followed by the district's name on a district build."""
        return districtsite.site_name(name, self.portal.district, lang)

    def template_context(self, lang: str) -> dict:
        """What overrides/main.html needs: site labels and month names in the page's language and the data version."""
        lang = lang if lang in pages.LANGS else pages.DEFAULT_LANG
        return {
            "ui": ui_labels(lang)["site"],
            "months": ui_labels(lang)["months"],
            "sop_version": self.portal.sop_version,
            "district": districtsite.banner(self.portal, lang),
        }


class BrokenData:
    """What `mkdocs serve` builds while the data has errors: every page shows them (file, line, column, fix) in the
    page's language, instead of the server waiting silently; the next good save builds the site again."""

    def __init__(self, error: DataError, settings: Settings):
        self.problems = list(error.problems)
        self.settings = settings

    def page_markdown(self, markdown: str, src: str, lang: str) -> str:
        from .render import render_data_errors

        lang = lang if lang in pages.LANGS else pages.DEFAULT_LANG
        return render_data_errors(self.settings.templates_dir, self.problems, lang, self.settings.data_dir.parent)

    def template_context(self, lang: str) -> dict:
        lang = lang if lang in pages.LANGS else pages.DEFAULT_LANG
        return {"ui": ui_labels(lang)["site"], "months": ui_labels(lang)["months"], "sop_version": "", "district": None}


def describe_data_error(error: DataError, lang: str | None = None) -> str:
    """The build's failure message; a broken district file is named with its district (checks.broken_districts)."""
    from .checks import broken_districts

    lang = pick_lang(lang)
    errors = ui_labels(lang)["errors"]
    districts = [
        errors["district_invalid"].format(slug=slug, files=", ".join(files))
        for slug, files in broken_districts(error.problems).items()
    ]
    return "\n".join([errors["data_invalid"], *districts, *(p.format(lang) for p in error.problems)])
