"""The trainer's handout pack as one A4 PDF: a cover, a one-page checklist per chapter, the service x actor matrix,
who to call (a district's local contacts first), the case scenarios without answers, and the joint-commitment sheet.

One standalone HTML document is rendered from Jinja templates (``templates/handouts.html.j2`` with its CSS inlined:
no external requests, system fonts only) and printed by headless chromium through Playwright's sync API; chromium
adds the page number, the SOP version and the date to every page's footer. Every section starts on a new page and is
laid out to fill exactly the pages :func:`page_plan` counts, so the page count is known from the data (and tested).

Restricted contacts never reach the pack: only ``portal.public_contacts`` is read. Its contact cards are the site's
(:func:`views.contact_card`): each number with where it works from, its hours and whom it serves, the contact's public
note, and where the number was seen (not a confirmation); never a contact's review note.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from sop_portal import model as m
from sop_portal.messages.ui import ui_labels
from sop_portal.outputs import export
from sop_portal.render import files
from sop_portal.views import content as views
from sop_portal.views import training

DEFAULT_CHROMIUM = "/usr/bin/chromium"
SIGNATURE_ROWS_PER_PAGE = 30  # rows of the signature table on one A4 page (7.5 mm each)
MARGINS = {"top": "12mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class BrowserMissing(RuntimeError):
    """Playwright (``what == "playwright"``) or the chromium executable (``"chromium"``) is not available."""

    def __init__(self, what: str, path: str | None = None, detail: str | None = None):
        super().__init__(f"{what} missing" + (f": {detail}" if detail else ""))
        self.what, self.path, self.detail = what, path, detail


# -- what the pack holds ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    pages: int
    first_page: int = 0


def page_plan(portal: m.Portal, lang: str = "id") -> tuple[Section, ...]:
    """The pack's sections in order, each with the pages it fills and the page it starts on."""
    u = ui_labels(lang)["handouts"]
    plan = [Section("cover", u["contents"], 1)]
    plan += [
        Section(f"checklist:{s.id}", f"{u['checklist']}: {s.number}. {s.title.get(lang)}", 1) for s in portal.services
    ]
    plan += [Section("matrix", u["matrix"], 1), Section("contacts", u["contacts"], 1)]
    plan += [
        Section(f"scenario:{v.scenario.id}", f"{u['scenarios']} {v.number}: {v.scenario.title.get(lang)}", 1)
        for v in training.scenario_views(portal)
    ]
    if portal.workshop is not None:
        rows = portal.workshop.commitment.participant_rows
        plan.append(
            Section("commitment", u["commitment"], 1 + training.signature_page_count(rows, SIGNATURE_ROWS_PER_PAGE))
        )
    out, page = [], 1
    for s in plan:
        out.append(Section(s.key, s.title, s.pages, page))
        page += s.pages
    return tuple(out)


def expected_pages(portal: m.Portal) -> int:
    return sum(s.pages for s in page_plan(portal))


@dataclass(frozen=True)
class ContactGroups:
    local: tuple[views.ContactCard, ...]
    hotlines: tuple[views.ContactCard, ...]
    others: tuple[views.ContactCard, ...]


def contact_groups(portal: m.Portal, today: _dt.date, local_ids: frozenset[str] = frozenset()) -> ContactGroups:
    """Public contacts only: the district's own first, then national hotlines, then other active national lines."""
    cards = [views.contact_card(c, today) for c in portal.public_contacts if c.status != "defunct"]
    local = tuple(c for c in cards if c.contact.id in local_ids)
    national = [c for c in cards if c.contact.id not in local_ids]
    hotlines = sorted((c for c in national if c.contact.hotline), key=lambda c: not c.contact.trafficking_specific)
    others = tuple(c for c in national if not c.contact.hotline)
    return ContactGroups(local, tuple(hotlines), others)


# -- rendering -------------------------------------------------------------------------------------------


def _environment(lang: str) -> Environment:
    env = files.environment(
        "html",
        t=lambda text: text.get(lang) if text is not None else "",
        date=lambda value: export.human_date(value, lang),
    )
    # The contact cards say what the site's cards and the exports say, in the same words (outputs/export.py):
    # each number's reach, hours and audience, and where the number was seen. Never a review note.
    env.globals.update(
        caveats=lambda link: export.caveat_texts(link, lang),
        kind_name=lambda kind: export.kind_name(kind, lang),
        provenance=lambda contact: export.provenance_sentence(contact, lang),
    )
    return env


def render_html(portal: m.Portal, lang: str, today: _dt.date, local_ids: frozenset[str] = frozenset()) -> str:
    """The whole pack as one standalone HTML document (CSS inlined, nothing fetched)."""
    labels = ui_labels(lang)
    context = {
        "portal": portal,
        "lang": lang,
        "today": today,
        "ui": labels,
        "u": labels["handouts"],
        "tu": labels["training"],
        "plan": page_plan(portal, lang),
        "matrix": views.matrix(portal),
        "inferred_lead": views.matrix_has_inferred_lead(portal),  # the matrix marks inferred leads, as on the site
        "contacts": contact_groups(portal, today, local_ids),
        "scenarios": training.scenario_views(portal),
        "sheet": training.commitment_sheet(portal, SIGNATURE_ROWS_PER_PAGE),
        "letter": training.letter,
    }
    return _environment(lang).get_template("handouts.html.j2").render(context)


def render_footer(portal: m.Portal, lang: str, today: _dt.date) -> str:
    """Chromium's footer template: its own tiny document, styled inline (page CSS does not reach it)."""
    labels = ui_labels(lang)
    return (
        _environment(lang)
        .get_template("handouts-footer.html.j2")
        .render(portal=portal, u=labels["handouts"], today=today)
    )


# -- printing --------------------------------------------------------------------------------------------


def chromium_path(environ: dict | None = None) -> str:
    env = os.environ if environ is None else environ
    return env.get("CHROMIUM") or DEFAULT_CHROMIUM


def print_pdf(html: str, footer: str, chromium: str, **options) -> bytes:
    """Print ``html`` on A4 with chromium (headless) and the footer on every page. Raises :class:`BrowserMissing`.

    ``options`` go to Playwright's ``page.pdf`` (e.g. ``outline=True`` for bookmarks, used by ``sop document``)."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise BrowserMissing("playwright", detail=str(error)) from None
    if not Path(chromium).is_file() or not os.access(chromium, os.X_OK):
        raise BrowserMissing("chromium", path=chromium)
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=LAUNCH_ARGS)
        except PlaywrightError as error:
            raise BrowserMissing("chromium", path=chromium, detail=str(error).splitlines()[0]) from None
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # the document is self-contained: nothing may load
            page.set_content(html, wait_until="load")
            return page.pdf(
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=footer,
                margin=MARGINS,
                **options,
            )
        finally:
            browser.close()


def build_pdf(
    portal: m.Portal, lang: str, today: _dt.date, local_ids: frozenset[str] = frozenset(), chromium: str | None = None
) -> bytes:
    return print_pdf(
        render_html(portal, lang, today, local_ids), render_footer(portal, lang, today), chromium or chromium_path()
    )


def count_pages(pdf: bytes) -> int:
    """Pages in a PDF written by chromium (page objects are uncompressed there), without a PDF library."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
