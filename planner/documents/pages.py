"""The page: A4 with the house margins, the page number ('– 1 –') at the foot, and on a document that runs over
several pages its symbol and page number at the top of every page after the first, as OSCE documents have."""
from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from planner.documents.styles import settings
from planner.text import writable


def page_number(paragraph) -> None:
    """'– 1 –': a PAGE field (begin, instruction, separate, cached value, end), the separators around it."""
    before, _, after = settings()["page_number_format"].partition("{page}")
    if before:
        paragraph.add_run(before)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("value", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "value":
            run.text = text
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    if after:
        paragraph.add_run(after)


def set_up_pages(document: DocxDocument) -> None:
    """A4 pages with the house margins and the page number in the footer."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side, size in settings()["margins_cm"].items():
        setattr(section, f"{side}_margin", Cm(size))
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    page_number(footer)


def running_header(document: DocxDocument, symbol: str | None) -> None:
    """Pages after the first carry the symbol (or the DRAFT mark, or what a working file is, such as a comparison)
    and the page number at the top, as OSCE documents do ('PC.JOUR/1233', '– 2 –'); the first page keeps its header
    block and the page number at the foot."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    first_footer = section.first_page_footer.paragraphs[0]
    first_footer.style = document.styles["Footer"]
    page_number(first_footer)
    later_footer = section.footer.paragraphs[0]._p
    for run in later_footer.findall(qn("w:r")):
        later_footer.remove(run)
    header = section.header
    mark = header.paragraphs[0]
    mark.style = document.styles["Header Line" if symbol else "Draft Mark"]
    mark.add_run(writable(symbol or settings()["draft_mark"]))
    page_number(header.add_paragraph(style="Header"))
