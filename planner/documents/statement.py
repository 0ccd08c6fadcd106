"""The statement in OSCE layout: symbol (or DRAFT), date and 'Original: ENGLISH' top right; the organization and the
Chairmanship; the meeting and the title in capitals; the chapeau; the preamble clauses; the operative and closing
paragraphs numbered by Word itself (numPr), the count restarting in each document; page numbers in the footer.

Every export starts from one prepared base document (styles, footer, numbering definition) parsed once per process
and kept as bytes, instead of building the styles afresh."""
from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape
from functools import cache

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
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
SPACE_AFTER_TWIPS = 240  # 12 pt between paragraphs


KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "ListBullet", "Header", "HeaderChar", "Footer",
               "FooterChar"}
UNUSED_PARTS = ("stylesWithEffects", "customXml", "webSettings", "thumbnail")


def _slimmed(document: DocxDocument) -> None:
    """The default template carries 164 styles (780 kB of XML) and parts nobody reads; a statement needs a handful.
    Without them every export parses and writes a fraction of the XML."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) not in KEPT_STYLES:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for owner in (document.part, document.part.package):
        for r_id, relationship in list(owner.rels.items()):
            if relationship.reltype.endswith(UNUSED_PARTS):
                owner.rels.pop(r_id)


@cache
def _base() -> bytes:
    document = new_document()
    _slimmed(document)
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


def _run_xml(text: str) -> str:
    """A run whose line breaks and tabs are Word's own (w:br, w:tab), as python-docx writes them."""
    parts = []
    for index, line in enumerate(clean(text).split("\n")):
        if index:
            parts.append("<w:br/>")
        for cell_index, piece in enumerate(line.split("\t")):
            if cell_index:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{''.join(parts)}</w:r>"


def _body_paragraph_xml(text: str, num_id: int | None) -> str:
    numbering = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>' if num_id else ""
    return (f'<w:p><w:pPr>{numbering}<w:spacing w:after="{SPACE_AFTER_TWIPS}"/><w:jc w:val="both"/></w:pPr>'
            f"{_run_xml(text)}</w:p>")


def _append_paragraphs(document: DocxDocument, xml_paragraphs: list[str]) -> None:
    """Many paragraphs in one parse: far quicker than building each through python-docx's element API."""
    fragment = parse_xml(f'<w:body {nsdecls("w")}>{"".join(xml_paragraphs)}</w:body>')
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    for element in list(fragment):
        if section is None:
            body.append(element)
        else:
            section.addprevious(element)


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
    num_id = operative_numbering(document)
    chapeau = library().chapeau.format(**meeting_values(meeting, chair))
    _append_paragraphs(document, [_body_paragraph_xml(chapeau, None)] + [
        _body_paragraph_xml(para.text, None if number is None else num_id) for number, para in numbered(text.paragraphs)])


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

