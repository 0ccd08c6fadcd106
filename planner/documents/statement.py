"""The statement in OSCE layout: symbol (or the DRAFT mark), date and 'Original: ENGLISH' top right; the organization
and the Chairmanship; the meeting and the title in capitals; the chapeau; the preamble clauses; the operative and
closing paragraphs numbered by Word itself (numPr on the List Number style), the count restarting in each document;
page numbers in the footer (all from the shared layout).

The body paragraphs, up to sixty and more, are written as XML in one parse instead of one python-docx call chain
each: with the shared base parsed once per process, a statement is quicker to write than a bare python-docx file."""
from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from sqlmodel import Session

from planner.dates import date_range
from planner.documents.layout import (
    clean, file_name as layout_file_name, new_document, osce_header, paragraph, restarted_numbering, title, to_bytes,
)
from planner.documents.note_verbale import author
from planner.models import Delegation, Statement
from planner.statement.clauses import library, meeting_values
from planner.statement.drafting import numbered
from planner.statement.versions import StatementText

BODY_STYLE = "Body Text"
NUMBERED_STYLE = "List Number"


def _run_xml(text: str) -> str:
    """A run whose line breaks and tabs are Word's own (w:br, w:tab), as python-docx writes them."""
    parts = []
    for index, line in enumerate(clean(text).split("\n")):
        if index:
            parts.append("<w:br/>")
        for piece_index, piece in enumerate(line.split("\t")):
            if piece_index:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{''.join(parts)}</w:r>"


def _paragraph_xml(text: str, style_id: str, num_id: int | None) -> str:
    numbering = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>' if num_id else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{numbering}</w:pPr>{_run_xml(text)}</w:p>'


def _append(document: DocxDocument, xml_paragraphs: list[str]) -> None:
    fragment = parse_xml(f'<w:body {nsdecls("w")}>{"".join(xml_paragraphs)}</w:body>')
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    for element in list(fragment):
        if section is None:
            body.append(element)
        else:
            section.addprevious(element)


def write_statement(document: DocxDocument, session: Session, text: StatementText, *, issued_on: dt.date) -> None:
    """The statement's pages into `document` (a file of its own, or the annex of the report)."""
    meeting = text.meeting
    chair = session.get(Delegation, meeting.chairmanship_id)
    osce_header(document, symbol=None if text.is_draft else text.version.symbol, issued_on=issued_on,
                issuing_body=f"Chairmanship: {chair.name}")
    title(document, meeting.title, f"{meeting.city}, {date_range(meeting.start_date, meeting.end_date)}")
    title(document, session.get(Statement, text.version.statement_id).title)
    if text.is_draft:
        paragraph(document, "Working draft of the Chairmanship, not circulated", "Note")
    num_id = restarted_numbering(document, NUMBERED_STYLE)
    body_id, numbered_id = (document.styles[name].style_id for name in (BODY_STYLE, NUMBERED_STYLE))
    chapeau = library().chapeau.format(**meeting_values(meeting, chair))
    _append(document, [_paragraph_xml(chapeau, body_id, None)] + [
        _paragraph_xml(para.text, body_id, None) if number is None else _paragraph_xml(para.text, numbered_id, num_id)
        for number, para in numbered(text.paragraphs)])


def statement_document(session: Session, text: StatementText, today: dt.date | None = None) -> bytes:
    """A circulated version carries its symbol and date; the working draft the DRAFT mark and today's date."""
    chair = session.get(Delegation, text.meeting.chairmanship_id)
    statement = session.get(Statement, text.version.statement_id)
    document = new_document(title=f"{statement.title}: {text.meeting.title}", author=author(chair),
                            issued_at=None if text.is_draft else text.version.circulated_at,
                            symbol=None if text.is_draft else text.version.symbol)
    issued_on = (today or dt.date.today()) if text.is_draft else text.version.issued_on
    write_statement(document, session, text, issued_on=issued_on)
    return to_bytes(document)


def file_name(text: StatementText) -> str:
    return layout_file_name(None if text.is_draft else text.version.symbol, f"statement-meeting-{text.meeting.id}")
