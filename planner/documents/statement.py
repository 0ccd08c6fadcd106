"""The statement in OSCE layout: symbol, date and 'Original: ENGLISH' top right, under the DRAFT mark on every text
before adoption (the working draft has the mark instead of a symbol); the organization and the Chairmanship; the
meeting and the title in capitals; the chapeau; the preamble clauses; the operative and closing paragraphs numbered
by Word itself (numPr on the List Number style), the count restarting in each document; page numbers in the footer
(all from the shared layout).

The body paragraphs, up to sixty and more, are written as XML in one parse instead of one python-docx call chain
each: with the shared base parsed once per process, a statement is quicker to write than a bare python-docx file.

A circulated version knows itself: each paragraph sits in a hidden bookmark named from its stable key ('_p_' and
the key; Word hides bookmarks whose names begin with an underscore) and the file carries a custom document property
naming the meeting, the version and its symbol, so that a copy marked up in Word or LibreOffice can be read back
as amendments (planner.statement.word_amendments). Neither shows when reading or printing."""
from __future__ import annotations

import datetime as dt

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree
from sqlmodel import Session

from planner import archive
from planner.access import Actor
from planner.dates import date_range
from planner.delegations.models import Delegation
from planner.documents.issued import IssuedFile, issued_file
from planner.documents.layout import (
    file_name as layout_file_name, header_lines, new_document, osce_header, paragraph, restarted_numbering, title,
    to_bytes,
)
from planner.documents.note_verbale import author
from planner.documents.styles import settings
from planner.documents.tracked_changes import run_content
from planner.languages import Language
from planner.meetings.planning import get_meeting
from planner.register import DocumentKind, IssuedDocument
from planner.statement import brackets, interpretative
from planner.statement.clauses import library, meeting_values
from planner.statement.drafting import numbered, paragraphs_of
from planner.statement.models import InterpretativeStatement, Statement
from planner.statement.silence import Silence
from planner.statement.versions import StatementText
from planner.statement.word_amendments import (
    CUSTOM_PROPERTIES, MEETING_PROPERTY, SYMBOL_PROPERTY, VERSION_PROPERTY, VT, bookmark_name,
)
from planner.translation.units import attachments_sentence, draft_title, made_by

BODY_STYLE = "Body Text"
NUMBERED_STYLE = "List Number"


def _run_xml(text: str) -> str:
    """A run whose line breaks and tabs are Word's own (w:br, w:tab), as python-docx writes them."""
    return f"<w:r>{run_content(text)}</w:r>"


def _paragraph_xml(text: str, style_id: str, num_id: int | None) -> str:
    numbering = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>' if num_id else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{numbering}</w:pPr>{_run_xml(text)}</w:p>'


def _append(document: DocxDocument, xml_paragraphs: list[str]) -> list:
    fragment = parse_xml(f'<w:body {nsdecls("w")}>{"".join(xml_paragraphs)}</w:body>')
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    elements = list(fragment)
    for element in elements:
        if section is None:
            body.append(element)
        else:
            section.addprevious(element)
    return elements


def _bookmark(element, key: str, number: str) -> None:
    """The paragraph's content between a start and an end named from its key: an edit inside the paragraph, in Word
    or LibreOffice, stays inside the bookmark."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), bookmark_name(key))
    end.set(qn("w:id"), number)
    element.find(qn("w:pPr")).addnext(start)
    element.append(end)


def _version_properties(document: DocxDocument, text: StatementText) -> None:
    """docProps/custom.xml naming the meeting, the version and its symbol (python-docx has no API for the part)."""
    properties = etree.Element(f"{{{CUSTOM_PROPERTIES}}}Properties", nsmap={None: CUSTOM_PROPERTIES, "vt": VT})
    values = ((MEETING_PROPERTY, text.meeting.id), (VERSION_PROPERTY, text.version.number),
              (SYMBOL_PROPERTY, text.version.symbol))
    for pid, (name, value) in enumerate(values, 2):
        item = etree.SubElement(properties, f"{{{CUSTOM_PROPERTIES}}}property",
                                fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}", pid=str(pid), name=name)
        etree.SubElement(item, f"{{{VT}}}lpwstr").text = str(value)
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES,
                etree.tostring(properties, xml_declaration=True, encoding="UTF-8", standalone=True), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def write_statement(document: DocxDocument, session: Session, actor: Actor, text: StatementText, *,
                    issued_on: dt.date, adopted_symbol: str | None = None) -> None:
    """The statement's pages into `document` (a file of its own, or the annex of the report). Until it is adopted
    every text is a draft: the DRAFT mark over the version's symbol and a title that says so; `adopted_symbol` is the
    adopted text's own, which carries neither."""
    meeting = text.meeting
    chair = session.get(Delegation, meeting.chairmanship_id)
    statement_title = session.get(Statement, text.version.statement_id).title
    if adopted_symbol is None and not text.is_draft:
        paragraph(document, settings()["draft_mark"], "Draft Mark")
    osce_header(document, symbol=adopted_symbol or (None if text.is_draft else text.version.symbol),
                issued_on=issued_on, issuing_body=f"Chairmanship: {chair.name}")
    title(document, meeting.title, f"{meeting.city}, {date_range(meeting.start_date, meeting.end_date)}")
    title(document, statement_title if adopted_symbol else draft_title(statement_title))
    if text.is_draft:
        paragraph(document, "Working draft of the Chairmanship, not circulated", "Note")
    chapeau = library().chapeau.format(**meeting_values(meeting, chair))
    standing = (brackets.standing(session, actor, text.version.statement_id, None) if text.is_draft
                else brackets.in_version(session, actor, text.version))

    def shown(para) -> str:
        return brackets.shown(para.text, [b for b in standing if b.paragraph_key == para.key])
    circulated = adopted_symbol is None and not text.is_draft
    write_paragraphs(document, chapeau, [(number, shown(para)) for number, para in numbered(text.paragraphs)],
                     keys=[para.key for para in text.paragraphs] if circulated else None)


def write_paragraphs(document: DocxDocument, chapeau: str, paragraphs: list[tuple[int | None, str]], *,
                     keys: list[str] | None = None) -> None:
    """The chapeau, then the paragraphs: those with a number (operative, closing) numbered by Word, from 1 in each
    document; the preamble clauses without. With `keys` (a circulated version), each paragraph in its bookmark."""
    num_id = restarted_numbering(document, NUMBERED_STYLE)
    body_id, numbered_id = (document.styles[name].style_id for name in (BODY_STYLE, NUMBERED_STYLE))
    elements = _append(document, [_paragraph_xml(chapeau, body_id, None)] + [
        _paragraph_xml(text, body_id, None) if number is None else _paragraph_xml(text, numbered_id, num_id)
        for number, text in paragraphs])
    taken = max((int(b.get(qn("w:id"))) for b in document.element.body.iter(qn("w:bookmarkStart"))), default=0)
    for number, (element, key) in enumerate(zip(elements[1:], keys or []), taken + 1):
        _bookmark(element, key, str(number))


def statement_document(session: Session, actor: Actor, text: StatementText, today: dt.date | None = None) -> bytes:
    """A circulated version as it was issued (the file kept at its circulation); the working draft built now."""
    if not text.is_draft and text.version.document_id is not None:
        return issued_file(session, actor, session.get(IssuedDocument, text.version.document_id)).content
    return build_statement(session, actor, text, today)


def build_statement(session: Session, actor: Actor, text: StatementText, today: dt.date | None = None) -> bytes:
    """A circulated version carries its symbol and date under the DRAFT mark; the working draft the DRAFT mark and
    today's date."""
    chair = session.get(Delegation, text.meeting.chairmanship_id)
    statement = session.get(Statement, text.version.statement_id)
    document = new_document(title=f"{draft_title(statement.title)}: {text.meeting.title}", author=author(chair),
                            issued_at=None if text.is_draft else text.version.circulated_at,
                            symbol=None if text.is_draft else text.version.symbol)
    issued_on = (today or dt.date.today()) if text.is_draft else text.version.issued_on
    write_statement(document, session, actor, text, issued_on=issued_on)
    if not text.is_draft:
        _version_properties(document, text)
    return to_bytes(document)


def file_name(text: StatementText) -> str:
    """The version's symbol ('CIO.GAL_12_26_Rev.1.docx'); the working draft has none yet."""
    return layout_file_name(None if text.is_draft else text.version.symbol, f"statement-meeting-{text.meeting.id}")


def adopted_text(session: Session, actor: Actor | None, adopted: Silence) -> StatementText:
    """The version adopted under silence, as the adopted document prints it."""
    meeting = get_meeting(session, actor, session.get(Statement, adopted.version.statement_id).meeting_id)
    return StatementText(meeting, adopted.version, paragraphs_of(session, actor, adopted.version))


def write_adopted(document: DocxDocument, session: Session, actor: Actor | None, adopted: Silence,
                  attachments: list[tuple[Delegation, InterpretativeStatement]]) -> None:
    """The adopted text under its own symbol and the date silence expired, its interpretative statements listed in
    its final lines and attached, each on a page of its own."""
    symbol, issued_on = adopted.adopted_document.symbol, adopted.adopted_document.issued_on
    write_statement(document, session, actor, adopted_text(session, actor, adopted), issued_on=issued_on,
                    adopted_symbol=symbol)
    if attachments:
        document.paragraphs[-1].paragraph_format.keep_with_next = True  # the list of attachments never stands alone
        paragraph(document, attachments_sentence(attachments), "Body Text")
    for number, (delegation, made) in enumerate(attachments, 1):
        write_attachment(document, symbol, issued_on, f"Attachment {number}", interpretative.HEADING,
                         made_by(delegation), made.text)


def write_attachment(document: DocxDocument, symbol: str, issued_on: dt.date, attachment: str, heading: str,
                     author_line: str, text: str, *, language: Language | None = None,
                     original: str | None = None) -> None:
    """An interpretative statement on a page of its own (page break before its first line, so a full page before
    it leaves no blank one) that repeats the symbol, the date and the original language, as OSCE annexes do, with
    'Attachment n', the heading under paragraph IV.1(A)6 and the delegation that made it."""
    paragraph(document, symbol, "Header Line").paragraph_format.page_break_before = True
    header_lines(document, issued_on, original=original, language=language, attachment=attachment)
    title(document, heading)
    paragraph(document, author_line, "Body Text")
    for line in text.split("\n\n"):
        paragraph(document, line, "Body Text")


def adopted_document(session: Session, actor: Actor | None, adopted: Silence,
                     attachments: list[tuple[Delegation, InterpretativeStatement]]) -> bytes:
    """The adopted statement as a file of its own, with its attachments."""
    statement = session.get(Statement, adopted.version.statement_id)
    meeting = get_meeting(session, actor, statement.meeting_id)
    document = new_document(title=f"{statement.title}: {meeting.title}",
                            author=author(session.get(Delegation, meeting.chairmanship_id)),
                            issued_at=adopted.adopted_document.issued_at, symbol=adopted.adopted_document.symbol)
    write_adopted(document, session, actor, adopted, attachments)
    return to_bytes(document)


def adopted_file_name(adopted: Silence) -> str:
    return layout_file_name(adopted.adopted_document.symbol, "adopted-statement")


def adopted_file(session: Session, actor: Actor, adopted: Silence) -> IssuedFile:
    """The adopted statement as issued: at adoption, or, once delegations made interpretative statements, the latest
    addendum, which is the adopted text with every interpretative statement made until it attached."""
    latest = archive.latest_addendum(session, actor, adopted.adopted_document, DocumentKind.interpretative_statement)
    return issued_file(session, actor, latest)
