"""The word-by-word comparison of `planner.text.diff` written as Word's own tracked changes (w:ins and w:del with
w:author, w:date and w:id), so reviewers accept or reject each change in Word and see who asked for it.

Accepting every revision of the written paragraphs gives exactly the newer text, rejecting every one the older."""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph

from planner.text import writable
from planner.text.diff import Change, ComparedParagraph, Piece


class Revisions:
    """The revision marks of one document, numbered once each (w:id must be unique in the document) and dated."""

    def __init__(self, moment: dt.datetime):
        self.date = revision_date(moment)
        self.ids = itertools.count(1)

    def attributes(self, author: str) -> str:
        return f'w:id="{next(self.ids)}" w:author={quoteattr(writable(author))} w:date="{self.date}"'


def run_content(text: str, tag: str = "w:t") -> str:
    """Word's own line breaks and tabs; `tag` is w:t for kept and inserted text, w:delText for deleted text."""
    parts = []
    for index, line in enumerate(writable(text).split("\n")):
        if index:
            parts.append("<w:br/>")
        for piece_index, piece in enumerate(line.split("\t")):
            if piece_index:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<{tag} xml:space="preserve">{escape(piece)}</{tag}>')
    return "".join(parts)


def _piece_xml(piece: Piece, author: str, revisions: Revisions) -> str:
    author = piece.author or author
    if piece.change == Change.deleted:
        return f'<w:del {revisions.attributes(author)}><w:r>{run_content(piece.text, "w:delText")}</w:r></w:del>'
    run = f'<w:r>{run_content(piece.text, "w:t")}</w:r>'
    if piece.change == Change.inserted:
        return f'<w:ins {revisions.attributes(author)}>{run}</w:ins>'
    return run


def _paragraph_xml(compared: ComparedParagraph, revisions: Revisions) -> str:
    """A whole inserted or deleted paragraph marks its paragraph mark too, so accepting or rejecting removes the
    paragraph itself and not only its words."""
    para = compared.paragraph
    numbering = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{para.num_id}"/></w:numPr>' if para.num_id else ""
    mark = ""
    if compared.change in (Change.inserted, Change.deleted):
        mark = f'<w:rPr>{_mark(compared.change, compared.author, revisions)}</w:rPr>'
    runs = "".join(_piece_xml(piece, compared.author, revisions) for piece in compared.pieces if piece.text)
    return f'<w:p><w:pPr><w:pStyle w:val="{escape(para.style_id)}"/>{numbering}{mark}</w:pPr>{runs}</w:p>'


def _mark(change: Change, author: str, revisions: Revisions, namespaces: str = "") -> str:
    return f'<w:{"ins" if change == Change.inserted else "del"} {namespaces}{revisions.attributes(author)}/>'


def _parsed(compared: Sequence[ComparedParagraph], revisions: Revisions) -> list:
    fragment = parse_xml(f'<w:body {nsdecls("w")}>{"".join(_paragraph_xml(c, revisions) for c in compared)}</w:body>')
    return list(fragment)


def revision_date(moment: dt.datetime) -> str:
    """w:date in UTC, to the second, as Word writes it (a moment without a zone is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_comparison(document: DocxDocument, compared: Sequence[ComparedParagraph], *,
                     revisions: Revisions) -> list[DocxParagraph]:
    """Append the compared paragraphs at the end of the document's body (before its section properties), as tracked
    changes; returns them as python-docx paragraphs."""
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    written = []
    for element in _parsed(compared, revisions):
        if section is None:
            body.append(element)
        else:
            section.addprevious(element)
        written.append(DocxParagraph(element, document._body))
    return written


def write_cell(cell: _Cell, compared: Sequence[ComparedParagraph], *, revisions: Revisions,
               empty_style_id: str) -> None:
    """The cell's paragraphs replaced by the compared ones, tracked; a cell with none keeps one empty paragraph
    (a table cell always holds a paragraph)."""
    for element in cell._tc.findall(qn("w:p")):
        cell._tc.remove(element)
    elements = _parsed(compared, revisions) or [parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{escape(empty_style_id)}"/></w:pPr></w:p>')]
    for element in elements:
        cell._tc.append(element)


def mark_row(row: _Row, change: Change, author: str, revisions: Revisions) -> None:
    """A whole table row inserted or deleted as one tracked change, so accepting or rejecting it removes the row."""
    row._tr.get_or_add_trPr().append(parse_xml(_mark(change, author, revisions, f'{nsdecls("w")} ')))
