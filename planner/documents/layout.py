"""The OSCE document layout every Word file shares: symbol, date and 'Original: ENGLISH' top right, the
organization and issuing body, a title in capitals, centred page numbers. Settings come from templates/word.yaml."""
from __future__ import annotations

import datetime as dt
import io
from functools import cache

import yaml
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from planner import config
from planner.dates import long_date
from planner.text import writable


@cache
def settings() -> dict:
    return yaml.safe_load((config.TEMPLATES_DIR / "word.yaml").read_text(encoding="utf-8"))


def _page_number_field(paragraph) -> None:
    before, _, after = settings()["page_number_format"].partition("{page}")
    paragraph.add_run(before)
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    paragraph.add_run(after)


def new_document() -> DocxDocument:
    """An empty A4 document with the house font, margins and page numbers in the footer."""
    layout = settings()
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side, size in layout["margins_cm"].items():
        setattr(section, f"{side}_margin", Cm(size))
    normal = document.styles["Normal"]
    normal.font.name = layout["font"]
    normal.font.size = Pt(layout["font_size_pt"])
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), layout["font"])
    normal.element.rPr.rFonts.set(qn("w:cs"), layout["font"])
    normal.paragraph_format.space_after = Pt(6)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(footer)
    return document


def paragraph(document: DocxDocument, text: str = "", *, bold: bool = False, italic: bool = False,
              align: WD_ALIGN_PARAGRAPH | None = None, size: float | None = None, space_after: float | None = None,
              keep_with_next: bool = False):
    para = document.add_paragraph()
    if text:
        run = para.add_run(writable(text))
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        para.alignment = align
    if space_after is not None:
        para.paragraph_format.space_after = Pt(space_after)
    para.paragraph_format.keep_with_next = keep_with_next
    return para


def osce_header(document: DocxDocument, *, symbol: str, issued_on: dt.date, issuing_body: str,
                original: str | None = None) -> None:
    """Symbol, date and original language at top right; organization and issuing body centred."""
    layout = settings()
    for line in (symbol, long_date(issued_on), f"Original: {original or layout['original_language']}"):
        paragraph(document, line, align=WD_ALIGN_PARAGRAPH.RIGHT, space_after=0)
    paragraph(document)
    paragraph(document, layout["organization"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    paragraph(document, issuing_body, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)


def title(document: DocxDocument, text: str, subtitle: str | None = None) -> None:
    paragraph(document, writable(text).upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=2 if subtitle else 12,
              keep_with_next=True)
    if subtitle:
        paragraph(document, subtitle, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12, keep_with_next=True)


def set_cell(cell, text: str, *, bold: bool = False, bold_first_line: bool = False, size: float | None = None) -> None:
    cell.text = ""
    lines = writable(text).split("\n")
    para = cell.paragraphs[0]
    para.paragraph_format.space_after = Pt(2)
    for index, line in enumerate(lines):
        run = para.add_run(line)
        run.bold = bold or (bold_first_line and index == 0)
        if size:
            run.font.size = Pt(size)
        if index < len(lines) - 1:
            run.add_break()


def set_column_widths(table, widths: tuple) -> None:
    """Word reads the cell widths, LibreOffice the grid: set both."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def repeat_header_row(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
