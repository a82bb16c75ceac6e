"""MkDocs entry point: connects MkDocs events to the sop_portal package. No logic lives here.

Events run once per language (mkdocs-static-i18n rebuilds the site for each), so the data is
loaded afresh at every on_config: `mkdocs serve` picks up edits under sop_data/ (see `watch:`).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sop_portal.data.problems import DataError
from sop_portal.messages.ui import SiteError
from sop_portal.render.markers import explain_abbreviations_once
from sop_portal.site.builder import BrokenData, Settings, SiteBuild, describe_data_error
from sop_portal.site.finish import finish_site, offline_polyfills

_build: SiteBuild | BrokenData | None = None
_command: str | None = None


def on_startup(command, dirty):
    global _command
    _command = command


def on_config(config):
    global _build
    settings = Settings.from_env(Path(config.config_file_path).parent, config.docs_dir)
    try:
        _build = SiteBuild.prepare(settings)
    except DataError as error:
        if _command != "serve":
            raise PluginError(describe_data_error(error)) from None
        _build = BrokenData(error, settings)  # the open page shows the errors until the next good save
        return config
    except SiteError as error:
        raise PluginError(str(error)) from None
    config.nav = _build.nav(config.nav)
    # The offline plugin (on_config before ours) adds a CDN polyfill: use the vendored copy, only offline.
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    config.extra["polyfills"] = offline_polyfills(
        config.extra.get("polyfills") or [], bool(offline and offline.config.enabled)
    )
    # A district build names the district in the site name, in every language (static-i18n applies its
    # per-language site_name after this event, so its language entries are named too).
    config.site_name = _build.site_name(config.site_name)
    i18n = config.plugins.get("i18n")
    for language in i18n.config.languages if i18n else ():
        if language.site_name:
            language.site_name = _build.site_name(language.site_name, language.locale)
    return config


def on_page_markdown(markdown, page, config, files):
    src = getattr(page.file, "norm_src_uri", page.file.src_uri)  # layanan/x.en.md -> layanan/x.md
    try:
        return _build.page_markdown(markdown, src, page.file.locale)
    except SiteError as error:
        raise PluginError(str(error)) from None


def on_page_content(html, page, config, files):
    return explain_abbreviations_once(html)  # one <abbr title> per abbreviation and reading unit, not every one


def on_page_context(context, page, config, nav):
    context["sop"] = _build.template_context(page.file.locale)
    return context


def on_template_context(context, template_name, config):
    context["sop"] = _build.template_context(config.theme["language"])
    return context


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and written the combined index
def on_post_build(config):
    if isinstance(_build, SiteBuild):
        finish_site(config.site_dir, _build.portal, config.use_directory_urls)
