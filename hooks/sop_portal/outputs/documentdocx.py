"""The SOP document (:mod:`document`) as a Word file a legal office edits, written with python-docx.

Everything is laid out with named styles, never with direct formatting, so that a clerk restyles the whole document
by changing a style: 'Title' and 'Subtitle' on the cover, 'TOC Heading' and a real table-of-contents field (Word and
LibreOffice fill in the page numbers when the field is updated), 'Heading 1' for each part and chapter (each starts on
a new page: a property of the style), 'Heading 2' inside them, 'List Number' for the steps (numbering restarts at 1 in
every chapter), 'List Continue' and the document's own 'SOP Detail' / 'SOP Reference' styles for what is under a step,
'Table Grid' tables with a repeated header row, 'Caption' under tables, and the character styles 'Strong' (labels)
and 'SOP Not Applicable' (struck through). Every step ends with a bracketed reference: its id, its sources and status.
"""

from __future__ import annotations

import datetime as _dt
import io

from sop_portal.outputs import document as d

DETAIL, REFERENCE, NOT_APPLICABLE, FLAG = "SOP Detail", "SOP Reference", "SOP Not Applicable", "SOP Flag"
LANG_TAGS = {"id": "id-ID", "en": "en-GB"}
# Column widths (cm) of each kind of table on A4 with 2.5 cm margins (16 cm of text): the actor names of the matrix
# need room, its role columns little. Layout of the table grid, not formatting of the text.
WIDTHS = {
    "cover": (5.0, 11.0),
    "matrix": (5.5,),
    "referrals": (3.2, 3.2, 5.6, 4.0),
    "contacts": (3.6, 3.2, 4.8, 4.4),
    "renamed": (7.0, 9.0),
}
TEXT_WIDTH = 16.0


class DocxMissing(RuntimeError):
    """python-docx is not installed."""


def _docx():
    try:
        import docx
    except ImportError as error:  # a declared dependency, but say what to do rather than crash
        raise DocxMissing(str(error)) from None
    return docx


def write(doc: d.Document) -> bytes:
    docx = _docx()
    word = docx.Document()
    _page(word)
    _styles(word, doc.lang)
    props = word.core_properties
    props.title = f"{doc.title} — {doc.scope}"
    props.subject = doc.scope
    props.language = LANG_TAGS[doc.lang]
    props.author = "Portal SOP TPPO"
    props.keywords = f"sop_version {doc.sop_version}"
    stamp = _dt.datetime.combine(doc.today, _dt.time(0, 0))
    props.created = props.modified = stamp
    props.revision = 1

    # Cover
    word.add_paragraph(doc.title, style="Title")
    word.add_paragraph(doc.scope, style="Subtitle")
    cover = word.add_table(rows=0, cols=2)
    cover.style = "Table Grid"
    for row in doc.cover:
        cells = cover.add_row().cells
        _cell_text(cells[0], row.label, strong=True)
        _cell_text(cells[1], row.value)
    _widths(cover, "cover")
    for note in doc.notes:
        word.add_paragraph(note, style="Intense Quote")

    # Contents: a real TOC field, pre-filled with the part headings so it reads right before any update
    word.add_paragraph(doc.labels["contents"], style="TOC Heading")
    _toc(word, [text for level, text in doc.headings if level == 1], doc.labels["contents_update"])

    _block(word, doc.legal_basis)
    for chapter in doc.chapters:
        word.add_heading(chapter.title, level=1)
        for section in chapter.sections:
            word.add_heading(section.title, level=2)
            for item in section.items:
                _item(word, item)
            if section.steps:
                _steps(word, section.steps, doc.labels)
            elif not section.items and section.empty:
                word.add_paragraph(section.empty)
    for block in doc.after:
        _block(word, block)

    _footer(word, doc)
    word.settings.element.append(_el("w:updateFields", val="true"))  # Word offers to fill in the contents' pages
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page(word) -> None:
    from docx.shared import Cm

    for section in word.sections:  # A4, as printed in Indonesia (the template's default is US Letter)
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)


def _widths(table, key: str) -> None:
    from docx.shared import Cm

    spec = WIDTHS.get(key)
    if not spec:
        return
    n = len(table.columns)
    widths = list(spec[:n])
    if len(widths) < n:  # the rest share what is left equally
        rest = (TEXT_WIDTH - sum(widths)) / (n - len(widths))
        widths += [rest] * (n - len(widths))
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


# -- styles -------------------------------------------------------------------------------------------------


def _styles(word, lang: str) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    styles = word.styles
    # The document's language (spelling, hyphenation) on the default run properties: a style, not a run.
    rpr = styles.element.find(_qn("w:docDefaults")).find(_qn("w:rPrDefault")).find(_qn("w:rPr"))
    lang_el = rpr.find(_qn("w:lang"))
    if lang_el is None:
        lang_el = _el("w:lang")
        rpr.append(lang_el)
    lang_el.set(_qn("w:val"), LANG_TAGS[lang])
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["TOC Heading"].paragraph_format.page_break_before = True
    for name, base, size, _indent in (
        (DETAIL, "List Continue", 10, None),
        (REFERENCE, "List Continue", 9, None),
        (FLAG, "List Continue", 9, None),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.font.size = Pt(size)
        style.paragraph_format.space_after = Pt(2)
        if name == REFERENCE:
            style.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
        if name == FLAG:
            style.font.italic = True
    style = styles.add_style(NOT_APPLICABLE, WD_STYLE_TYPE.CHARACTER)
    style.font.strike = True
    for level in (1, 2):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = styles["Normal"]
        toc.paragraph_format.left_indent = Pt(12 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)


# -- blocks -------------------------------------------------------------------------------------------------


def _block(word, block: d.Block) -> None:
    word.add_heading(block.title, level=1)
    if block.intro:
        word.add_paragraph(block.intro)
    for part in block.parts:
        if part.title:
            word.add_heading(part.title, level=2)
        for item in part.items:
            _item(word, item)
        if part.table is not None:
            _table(word, part.table)
        elif not part.items and part.empty:
            word.add_paragraph(part.empty)


def _item(word, item: d.Item) -> None:
    word.add_paragraph(item.text, style="List Bullet")
    for flag in item.flags:
        word.add_paragraph(flag, style=FLAG)
    for line in item.details:
        _labelled(word.add_paragraph(style=DETAIL), line)


def _labelled(paragraph, line: d.Labelled) -> None:
    paragraph.add_run(f"{line.label}: ", style="Strong")
    paragraph.add_run(line.value)


def _steps(word, steps: tuple[d.StepEntry, ...], labels: dict) -> None:
    num_id = _restart_numbering(word, steps[0].number)
    for step in steps:
        p = word.add_paragraph(style="List Number")
        _set_num(p, num_id)
        p.add_run(step.text, style=NOT_APPLICABLE if step.struck else None)
        for flag in step.flags:
            word.add_paragraph(flag, style=FLAG)
        for line in step.details:
            _labelled(word.add_paragraph(style=DETAIL), line)
        word.add_paragraph(step.reference, style=REFERENCE)


def _table(word, table: d.Table) -> None:
    t = word.add_table(rows=1, cols=len(table.header))
    t.style = "Table Grid"
    header = t.rows[0]
    header._tr.get_or_add_trPr().append(_el("w:tblHeader", val="true"))  # repeated on every page
    for cell, text in zip(header.cells, table.header):
        _cell_text(cell, text, strong=True)
    for row in table.rows:
        for cell, text in zip(t.add_row().cells, row):
            _cell_text(cell, text)
    _widths(t, table.key.split(":")[0])
    if table.caption:
        word.add_paragraph(table.caption, style="Caption")


def _cell_text(cell, text: str, strong: bool = False) -> None:
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    first.add_run(lines[0], style="Strong" if strong else None)
    for line in lines[1:]:
        cell.add_paragraph().add_run(line, style="Strong" if strong else None)


# -- numbering, fields, footer ----------------------------------------------------------------------------------


def _restart_numbering(word, start: int) -> int:
    """A new numbering instance of the 'List Number' list that starts at ``start``: each chapter counts from 1."""
    style = word.styles["List Number"]
    numpr = style.element.pPr.find(_qn("w:numPr"))
    base_num = int(numpr.find(_qn("w:numId")).get(_qn("w:val")))
    numbering = word.part.numbering_part.numbering_definitions._numbering
    abstract = next(n for n in numbering.findall(_qn("w:num")) if int(n.get(_qn("w:numId"))) == base_num)
    abstract_id = abstract.find(_qn("w:abstractNumId")).get(_qn("w:val"))
    new_id = max(int(n.get(_qn("w:numId"))) for n in numbering.findall(_qn("w:num"))) + 1
    num = _el("w:num", numId=str(new_id))
    num.append(_el("w:abstractNumId", val=abstract_id))
    override = _el("w:lvlOverride", ilvl="0")
    override.append(_el("w:startOverride", val=str(start)))
    num.append(override)
    numbering.append(num)
    return new_id


def _set_num(paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = _el("w:numPr")
    numpr.append(_el("w:ilvl", val="0"))
    numpr.append(_el("w:numId", val=str(num_id)))
    ppr.insert(1 if ppr.find(_qn("w:pStyle")) is not None else 0, numpr)


def _toc(word, headings: list[str], hint: str) -> None:
    """A TOC field over Heading 1, whose stored result lists the headings (no page numbers until updated)."""
    first = word.add_paragraph(style="TOC 1")
    first.add_run()._r.append(_el("w:fldChar", fldCharType="begin"))
    instr = _el("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = ' TOC \\o "1-1" \\h \\z \\u '
    first.add_run()._r.append(instr)
    first.add_run()._r.append(_el("w:fldChar", fldCharType="separate"))
    first.add_run(headings[0] if headings else hint)
    last = first
    for text in headings[1:]:
        last = word.add_paragraph(text, style="TOC 1")
    last.add_run()._r.append(_el("w:fldChar", fldCharType="end"))
    word.add_paragraph(hint, style="Caption")


def _field(paragraph, code: str, placeholder: str) -> None:
    simple = _el("w:fldSimple", instr=code)
    run = _el("w:r")
    text = _el("w:t")
    text.text = placeholder
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _footer(word, doc: d.Document) -> None:
    labels = doc.labels
    footer = word.sections[0].footer
    p = footer.paragraphs[0]
    p.style = word.styles["Footer"]
    scope = f"{doc.district_name} · " if doc.district_name else ""
    p.add_run(
        f"{scope}{labels['footer_version']} {doc.sop_version} · {doc.today.isoformat()} · {labels['footer_page']} "
    )
    _field(p, "PAGE", "1")
    p.add_run(f" {labels['footer_of']} ")
    _field(p, "NUMPAGES", "1")


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(_qn(f"w:{key}"), value)
    return el
