"""One site build: load the data, write the stub pages, render markers. Called by hooks/mkdocs_hook.py.

Kept free of MkDocs imports so it can be tested directly and moved to another generator.
"""

from __future__ import annotations

from sop_portal.build.portal import load_with_districts
from sop_portal.data.problems import DataError
from sop_portal.messages.ui import SiteError, ui_labels
from sop_portal.render.markers import Renderer
from sop_portal.settings import Settings, pick_lang
from sop_portal.site import districts as districtsite
from sop_portal.site import pages
from sop_portal.views import districts as district_views


class SiteBuild:
    def __init__(self, site: districtsite.DistrictSite, settings: Settings):
        self.site = site
        self.portal = site.portal  # the district's on a district build, else the national one
        self.settings = settings
        self.renderer = Renderer(self.portal, settings.templates_dir, settings.today, settings.docs_dir, site)

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
        pages.write_stubs(settings.docs_dir, pages.national_stubs(portal), districtsite.district_stubs(site))
        missing = pages.missing_translations(settings.docs_dir)
        if missing:
            raise SiteError("missing_translations", lines=missing)
        return cls(site, settings)

    def page_markdown(self, markdown: str, src: str, lang: str) -> str:
        return self.renderer.render_page(markdown, src, lang)

    def nav(self, nav: list | None) -> list | None:
        return pages.expand_nav(nav, pages.chapters_rule(self.portal), districtsite.nav_rule(self.site))

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
            "district": district_views.banner(self.portal, lang),
        }


class BrokenData:
    """What `mkdocs serve` builds while the data has errors: every page shows them (file, line, column, fix) in the
    page's language, instead of the server waiting silently; the next good save builds the site again."""

    def __init__(self, error: DataError, settings: Settings):
        self.problems = list(error.problems)
        self.settings = settings

    def page_markdown(self, markdown: str, src: str, lang: str) -> str:
        from sop_portal.render.markers import render_data_errors

        lang = lang if lang in pages.LANGS else pages.DEFAULT_LANG
        return render_data_errors(self.settings.templates_dir, self.problems, lang, self.settings.data_dir.parent)

    def template_context(self, lang: str) -> dict:
        lang = lang if lang in pages.LANGS else pages.DEFAULT_LANG
        return {"ui": ui_labels(lang)["site"], "months": ui_labels(lang)["months"], "sop_version": "", "district": None}


def describe_data_error(error: DataError, lang: str | None = None) -> str:
    """The build's failure message; a broken district file is named with its district (checks.broken_districts)."""
    from sop_portal.data.checks import broken_districts

    lang = pick_lang(lang)
    errors = ui_labels(lang)["errors"]
    districts = [
        errors["district_invalid"].format(slug=slug, files=", ".join(files))
        for slug, files in broken_districts(error.problems).items()
    ]
    return "\n".join([errors["data_invalid"], *districts, *(p.format(lang) for p in error.problems)])
