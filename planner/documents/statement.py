"""The statement in OSCE layout: symbol (or DRAFT), date and 'Original: ENGLISH' top right; the organization and the
Chairmanship; the meeting and the title in capitals; the chapeau; the preamble clauses; the operative and closing
paragraphs numbered by Word itself (numPr), the count restarting in each document; page numbers in the footer.

Every export starts from one prepared base document (styles, footer, numbering definition) parsed once per process
and kept as bytes, instead of building the styles afresh."""
from __future__ import annotations

import datetime as dt
import io
from functools import cache

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from sqlmodel import Session

from planner.dates import date_range
from planner.documents.layout import clean, new_document, osce_header, paragraph, title, to_bytes
from planner.models import Delegation, Statement
from planner.statement.clauses import library, meeting_values
from planner.statement.drafting import numbered
from planner.statement.versions import StatementText

DRAFT_MARK = "DRAFT"
OPERATIVE_ABSTRACT_ID = "90"
INDENT_TWIPS = 567  # 1 cm: the number at the margin, the text aligned after it


@cache
def _base() -> bytes:
    document = new_document()
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{OPERATIVE_ABSTRACT_ID}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        '<w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{INDENT_TWIPS}"/></w:tabs>'
        f'<w:ind w:left="{INDENT_TWIPS}" w:hanging="{INDENT_TWIPS}"/></w:pPr></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    return to_bytes(document)


def base_document() -> DocxDocument:
    return Document(io.BytesIO(_base()))


def operative_numbering(document: DocxDocument) -> int:
    """A numbering instance of its own, starting at 1: each statement (or annexed statement) counts from 1."""
    numbering = document.part.numbering_part.element
    num_id = max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0) + 1
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{OPERATIVE_ABSTRACT_ID}"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    return num_id


def _numbered_paragraph(document: DocxDocument, text: str, num_id: int):
    para = document.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    para.paragraph_format.space_after = Pt(12)
    p_pr = para._p.get_or_add_pPr()
    p_pr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    para.add_run(clean(text))
    return para


def write_statement(document: DocxDocument, session: Session, text: StatementText, *, issued_on: dt.date) -> None:
    """The statement's pages into `document` (a file of its own, or an annex of the report)."""
    meeting = text.meeting
    chair = session.get(Delegation, meeting.chairmanship_id)
    symbol = DRAFT_MARK if text.is_draft else text.version.symbol
    osce_header(document, symbol=symbol, issued_on=issued_on, issuing_body=f"Chairmanship: {chair.name}")
    title(document, meeting.title, f"{meeting.city}, {date_range(meeting.start_date, meeting.end_date)}")
    title(document, session.get(Statement, text.version.statement_id).title)
    if text.is_draft:
        paragraph(document, "Working draft of the Chairmanship, not circulated", italic=True,
                  align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    values = meeting_values(meeting, chair)
    paragraph(document, library().chapeau.format(**values), align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=12)
    num_id = operative_numbering(document)
    for number, para in numbered(text.paragraphs):
        if number is None:
            paragraph(document, para.text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=12)
        else:
            _numbered_paragraph(document, para.text, num_id)


def statement_document(session: Session, text: StatementText, today: dt.date | None = None) -> bytes:
    """A circulated version carries its symbol and date; the working draft the DRAFT mark and today's date."""
    document = base_document()
    issued_on = text.version.issued_on if not text.is_draft else (today or dt.date.today())
    write_statement(document, session, text, issued_on=issued_on)
    return to_bytes(document)


def file_name(text: StatementText) -> str:
    if text.is_draft:
        return "statement-draft.docx"
    return f"statement-{text.version.symbol.replace('/', '-').replace('.', '')}.docx"

