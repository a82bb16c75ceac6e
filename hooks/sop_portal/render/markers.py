"""Replace ``<!-- sop:KIND [ID] -->`` markers in a page's Markdown by rendering ``overrides/sop/KIND.md.html``.

The templates produce Markdown (with ``md_in_html`` blocks), so MkDocs still checks every link and
anchor, builds the table of contents and applies the ``abbr`` extension. Every value a template prints
is escaped for HTML *and* Markdown (see :func:`_escape`), so data text can never inject markup.
Templates are named ``*.md.html`` because the theme folder publishes every other file type as-is.

Each kind has a view builder (views/markers.py) that prepares everything its template shows; the environment gives
templates the filters t, date, attr and mdurl and ``link``, and no module.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, pass_context
from markupsafe import Markup

from sop_portal import model as m
from sop_portal.data.problems import display_path
from sop_portal.messages.ui import SiteError, ui_labels
from sop_portal.outputs.export import human_date
from sop_portal.site import pages
from sop_portal.site.districts import DistrictSite
from sop_portal.views import content as views
from sop_portal.views import markers as marker_views

MARKER = re.compile(r"^<!--[ \t]*sop:(?P<kind>[a-z][a-z0-9-]*)(?:[ \t]+(?P<arg>[^\s>]+))?[ \t]*-->[ \t]*$", re.M)

# Markers that name an entity, and where the entity comes from.
ENTITY_KINDS = {"service": "service", "checklist": "service", "actor": "actor", "district": "district", "tree": "tree"}

# HTML's special characters, and those Markdown (or attr_list) would interpret, written as entities in one
# pass: they display exactly as typed and can never become markup.
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;"}
_ESCAPES.update({c: f"&#{ord(c)};" for c in "\\`*_{}[]#|~^"})
_ESCAPE_TABLE = str.maketrans(_ESCAPES)


def _escape(value: Any) -> Markup:
    if isinstance(value, Markup) or hasattr(value, "__html__"):
        return Markup(value)
    if value is None:
        return Markup("")
    return Markup(str(value).translate(_ESCAPE_TABLE))


# The page `mkdocs serve` shows while the data has errors: a template, but no marker (every page becomes this one).
DATA_ERRORS = "data-errors.md.html"


class MarkerError(SiteError):
    pass


def environment(templates_dir: str | Path) -> Environment:
    """The Jinja environment of the site's Markdown templates (overrides/sop/*.md.html)."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)),
        autoescape=True,
        finalize=_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        # '{#' opens a Markdown heading id ('## Tujuan {#tujuan}'), so template comments are '{#- ... -#}'.
        comment_start_string="{#-",
        comment_end_string="-#}",
    )
    env.filters.update(t=_translate, date=_format_date, attr=_attr, mdurl=_md_url)
    # No module, and nothing else that computes: what a template shows is prepared for it (views/markers.py).
    env.globals.update(link=_link)
    return env


def render_data_errors(templates_dir: str | Path, problems: list, lang: str, cwd: str | Path | None = None) -> str:
    """The page `mkdocs serve` shows while the data has errors: each problem located and explained in ``lang``."""
    rows = [{"where": f"{display_path(p.path, cwd)}:{p.line}:{p.col}", "message": p.message(lang)} for p in problems]
    template = environment(templates_dir).get_template(DATA_ERRORS)
    return template.render({"ui": ui_labels(lang), "lang": lang, "problems": rows}).strip("\n") + "\n"


class Renderer:
    """Renders the markers of one page in one language."""

    def __init__(
        self,
        portal: m.Portal,
        templates_dir: str | Path,
        today: _dt.date | None = None,
        docs_dir: str | Path | None = None,
        district_site: DistrictSite | None = None,
    ):
        self.portal = portal
        self.district_site = district_site  # every district, and which one this build is for (site/districts.py)
        self.today = today or _dt.date.today()
        self.docs_dir = Path(docs_dir) if docs_dir else None  # where the builders look for optional pages
        self.templates_dir = Path(templates_dir)
        self.env = environment(self.templates_dir)
        self._shared_by_lang: dict[str, dict[str, Any]] = {}

    # -- public ------------------------------------------------------------------------------------
    def render_page(self, markdown: str, src: str, lang: str) -> str:
        """The page's Markdown with every marker replaced, plus the abbreviation definitions."""
        body = MARKER.sub(lambda match: self.render_marker(match["kind"], match["arg"], src, lang), markdown)
        leftover = re.search(r"^[ \t]*<!--[ \t]*sop:[^\n]*", body, re.M)  # a marker not alone on its line
        if leftover:
            raise MarkerError("bad_marker", src=src, text=leftover.group(0).strip())
        return body.rstrip("\n") + "\n\n" + self.abbreviation_block(lang)

    def render_marker(self, kind: str, arg: str | None, src: str, lang: str) -> str:
        try:
            return self._render_marker(kind, arg, src, lang)
        except TemplateError as error:
            where = getattr(error, "filename", None) or f"overrides/sop/{kind}.md.html"
            line = getattr(error, "lineno", None)
            raise MarkerError(
                "template_error", where=f"{where}{f':{line}' if line else ''}", kind=kind, src=src, error=str(error)
            ) from None

    def _render_marker(self, kind: str, arg: str | None, src: str, lang: str) -> str:
        template = self._template(kind, src)
        entity = None
        entity_kind = ENTITY_KINDS.get(kind)
        if entity_kind:
            if not arg:
                raise MarkerError("marker_needs_id", src=src, kind=kind, example=self._example(entity_kind))
            entity = self._entity(entity_kind, arg, kind, src)
        elif arg:
            raise MarkerError("marker_takes_no_id", src=src, kind=kind, arg=arg)
        page = marker_views.Page(self.portal, src, lang, self.today, self.docs_dir, entity, self.district_site)
        return template.render(marker_views.context(kind, page, self._shared(lang))).strip("\n")

    def _shared(self, lang: str) -> dict[str, Any]:
        """What every template of this build shares in ``lang`` (views/markers.py), computed once."""
        if lang not in self._shared_by_lang:
            self._shared_by_lang[lang] = marker_views.shared(self.portal, lang, self.district_site)
        return self._shared_by_lang[lang]

    def abbreviation_block(self, lang: str) -> str:
        return "".join(f"*[{abbr}]: {text}\n" for abbr, text in views.abbreviations(self.portal, lang))

    # -- helpers -----------------------------------------------------------------------------------
    def kinds(self) -> list[str]:
        """Every marker kind: one with a view builder (views/markers.py) and a template (overrides/sop/KIND.md.html)."""
        return sorted(marker_views.BUILDERS)

    def _template(self, kind: str, src: str):
        # MARKER only matches kinds starting with a letter, so '_macros' and the like are never markers.
        if kind not in marker_views.BUILDERS:
            match = difflib.get_close_matches(kind, self.kinds(), n=1)
            raise MarkerError(
                "unknown_marker",
                src=src,
                kind=kind,
                known=", ".join(self.kinds()),
                suggestion=f"sop:{match[0]}" if match else "",
            )
        return self.env.get_template(f"{kind}.md.html")

    def _entity(self, entity_kind: str, arg: str, kind: str, src: str):
        if entity_kind == "district":  # a district profile page of the national list (site/districts.py)
            table = self.district_site.entries if self.district_site is not None else {}
        elif entity_kind == "tree":
            table = {t.id: t for t in self.portal.trees}
        else:
            table = {s.id: s for s in self.portal.services} if entity_kind == "service" else self.portal.actors
        if arg in table:
            return table[arg]
        match = difflib.get_close_matches(arg, list(table), n=1)
        raise MarkerError(
            "unknown_entity", src=src, kind=kind, arg=arg, entity=entity_kind, suggestion=match[0] if match else ""
        )

    def _example(self, entity_kind: str) -> str:
        if entity_kind == "service":
            return self.portal.services[0].id if self.portal.services else "pemulangan"
        if entity_kind == "district":
            return "timor-tengah-utara"
        if entity_kind == "tree":
            return self.portal.trees[0].id if self.portal.trees else "kontak-pertama"
        return next(iter(self.portal.actors), "lpsk")


# -- the page's HTML -------------------------------------------------------------------------------

# What the ``abbr`` extension writes (it escapes the title itself), and the blocks a reader opens or is shown alone.
_ABBR_OR_UNIT = re.compile(r'<abbr title="[^"<>]*">([^<]*)</abbr>|<(/?)(?:details|section)\b[^>]*>')


def explain_abbreviations_once(html: str) -> str:
    """Each abbreviation keeps its ``<abbr title>`` once per reading unit; its other occurrences become plain text.

    The ``abbr`` extension wraps every occurrence: a chapter had 222, each announced the same way and each (with
    Material's tooltips) an object set up at load. A unit is the page's open text, and each ``<details>`` (a folded
    block: sources, phone numbers) and ``<section>`` (a decision-tree node, shown alone; a training card) inside it,
    which may be read without what comes before, so it explains its own first occurrence again."""
    units: list[set[str]] = [set()]

    def once(match: re.Match) -> str:
        if match.group(1) is None:  # a unit opens or closes
            if match.group(2):
                if len(units) > 1:
                    units.pop()
            else:
                units.append(set())
            return match.group(0)
        if match.group(0) in units[-1]:
            return match.group(1)
        units[-1].add(match.group(0))
        return match.group(0)

    return _ABBR_OR_UNIT.sub(once, html)


# -- filters and globals ---------------------------------------------------------------------------


@pass_context
def _translate(ctx, value: m.Text | None) -> str:
    return value.get(ctx["lang"]) if value is not None else ""


@pass_context
def _format_date(ctx, value: str | _dt.date) -> str:
    """'27 Mei 2021' / '27 May 2021'; a partial date keeps its precision: 'April 2025', '2018'. One format per
    language, the same function as the handouts and the exports (:func:`export.human_date`)."""
    return human_date(value, ctx["lang"])


@pass_context
def _link(ctx, target: str, anchor: str | None = None) -> Markup:
    """Relative Markdown link target from the page being rendered to another page (and anchor)."""
    return Markup(pages.relative(ctx["page_src"], target, anchor))


_ATTR_KEEP = set(".,;:()/-'’–—?!%+=")


def _attr(value: Any) -> Markup:
    """Text for a quoted attr_list value (``title="..."``), reduced to letters, digits, spaces and plain punctuation.

    attr_list only applies when its whole ``{ ... }`` survives Markdown's inline processing: a quote, a brace,
    '<', '&', a backtick, '*' or '[' in the value breaks it, and the list then stays in the page as text that
    Markdown goes on to read — links, HTML and all. A tooltip loses such characters instead."""
    text = str(value).replace('"', "'").replace("\n", " ")
    return Markup("".join(ch for ch in text if ch.isalnum() or ch.isspace() or ch in _ATTR_KEEP))


def _md_url(value: str) -> Markup:
    """A URL as a Markdown link target: characters that would end the target are percent-encoded."""
    return Markup(quote(str(value), safe=":/?#@!$&'*+,;=%~-._[]"))
