"""The SOP document (:mod:`document`) as an A4 PDF, through the same chromium pipeline as `sop handouts`.

The markup is a Jinja template (``templates/document.html.j2`` with ``document.css.j2`` inlined: no external requests,
system fonts only) and the footer another (``document-footer.html.j2``: district, SOP data version, date, page n of
N). Chromium writes the PDF's bookmarks from the headings (``outline=True``, a tagged PDF); the contents page needs
the page each part starts on, which only the printed PDF knows, so the document is printed, the bookmarks are read
back (pypdf), and it is printed again with the page numbers — until the numbers no longer move (twice in practice:
the contents page has the same height with or without them).
"""

from __future__ import annotations

import io
import re

from jinja2 import Environment

from sop_portal.outputs import document as d
from sop_portal.outputs import export, handouts
from sop_portal.render import files

MAX_PASSES = 3


def _environment() -> Environment:
    return files.environment("html")


def render_html(doc: d.Document, pages: dict[str, int] | None = None) -> str:
    return _environment().get_template("document.html.j2").render(doc=doc, pages=pages or {})


def render_footer(doc: d.Document) -> str:
    return (
        _environment()
        .get_template("document-footer.html.j2")
        .render(doc=doc, date=export.human_date(doc.today, doc.lang))
    )


def heading_key(text: str) -> str:
    """A heading compared without its white space: chromium joins the lines of a wrapped heading into its bookmark
    without a space ('… and' + 'Reporting' -> '… andReporting')."""
    return re.sub(r"\s+", "", text)


def part_pages(pdf: bytes) -> dict[str, int]:
    """Heading 1 (as :func:`heading_key`) -> the page (1-based) it starts on, from the PDF's top-level bookmarks."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    out: dict[str, int] = {}
    for entry in reader.outline:
        if isinstance(entry, list):  # the children of the previous entry: Heading 2
            continue
        out.setdefault(heading_key(entry.title), reader.get_destination_page_number(entry) + 1)
    return out


def build_pdf(doc: d.Document, chromium: str | None = None) -> bytes:
    """Raises :class:`handouts.BrowserMissing` when Playwright or chromium is missing."""
    chromium = chromium or handouts.chromium_path()
    footer = render_footer(doc)
    pages: dict[str, int] = {}
    pdf = b""
    for _ in range(MAX_PASSES):
        pdf = handouts.print_pdf(render_html(doc, pages), footer, chromium, outline=True, tagged=True)
        found = part_pages(pdf)
        wanted = {text: found.get(heading_key(text)) for level, text in doc.headings if level == 1}
        if wanted == {k: pages.get(k) for k in wanted}:
            break
        pages = {k: v for k, v in wanted.items() if v is not None}
    return pdf
