"""Two texts of a document compared paragraph by paragraph and word by word, written as Word's own tracked changes
(w:ins and w:del with w:author, w:date and w:id), so reviewers accept or reject each change in Word and see who
asked for it.

Any document whose paragraphs carry a stable key can use it (the statement, the agenda): give the older and newer
paragraphs, who made each changed paragraph (by key), and the author for everything else. Paragraphs are aligned by
key and words by `difflib`; a paragraph that moved reads as deleted where it was and inserted where it is now.

Square brackets are words of their own, so placing or lifting a bracket is a change of just the bracket; spaces and
punctuation kept between two changes join them, so a reworded phrase reads as one deletion and one insertion.

Accepting every revision of the written paragraphs gives exactly the newer text, rejecting every one the older."""
from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph

from planner.delegations.models import Delegation
from planner.text import writable

WORDS = re.compile(r"[\[\]]|\w+|[^\w\s\[\]]+|\s+")  # a square bracket, a word, punctuation, or spaces
JOINING = re.compile(r"[^\w\[\]]*")  # spaces and punctuation, which join two reworded stretches


def chairmanship_author(chair: Delegation) -> str:
    """The author of the Chairmanship's own changes as delegations know it, e.g. 'Chairmanship of the Netherlands'
    (never a login or an e-mail address)."""
    return f"Chairmanship of {chair.in_sentence}"


@dataclass(frozen=True)
class KeyedText:
    """One paragraph of one version: its stable key, its text, and how it looks (a style id and, for a numbered
    paragraph, the numbering instance)."""

    key: str
    text: str
    style_id: str = "Normal"
    num_id: int | None = None


class Change(str, Enum):
    same = "same"
    inserted = "inserted"
    deleted = "deleted"
    changed = "changed"


BRACKETS = frozenset("[]")


@dataclass(frozen=True)
class Piece:
    """A run of words kept, inserted or deleted; `author` when someone other than the paragraph's author made it."""

    change: Change
    text: str
    author: str | None = None

    @property
    def only_brackets(self) -> bool:
        return bool(set(self.text.split()) and set("".join(self.text.split())) <= BRACKETS)


@dataclass(frozen=True)
class ComparedParagraph:
    """One paragraph of the comparison, its words in pieces; `paragraph` is the newer one where it exists."""

    paragraph: KeyedText
    change: Change
    pieces: list[Piece]
    author: str

    @property
    def older_text(self) -> str:
        return "".join(p.text for p in self.pieces if p.change in (Change.same, Change.deleted))

    @property
    def newer_text(self) -> str:
        return "".join(p.text for p in self.pieces if p.change in (Change.same, Change.inserted))

    @property
    def authors(self) -> list[str]:
        """Who made the changes of this paragraph, each once, in the order of the text."""
        return list(dict.fromkeys(p.author or self.author for p in self.pieces if p.change != Change.same))


def _between_rewordings(operations: list, index: int, before: list[str], after: list[str]) -> bool:
    """Kept spaces or punctuation with words changed on both sides (not only brackets)."""
    _, i1, i2, _, _ = operations[index]
    if not JOINING.fullmatch("".join(before[i1:i2])) or not 0 < index < len(operations) - 1:
        return False
    return all(any(token not in BRACKETS and token.strip() for token in before[o[1]:o[2]] + after[o[3]:o[4]])
               for o in (operations[index - 1], operations[index + 1]))


def _words(older: str, newer: str, bracket_author: str) -> list[Piece]:
    """Word by word; spaces and punctuation kept between two reworded stretches are reworded with them, and a
    change of brackets alone is `bracket_author`'s."""
    before, after = WORDS.findall(older), WORDS.findall(newer)
    operations = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    pieces: list[Piece] = []
    for index, (operation, i1, i2, j1, j2) in enumerate(operations):
        if operation == "equal" and not _between_rewordings(operations, index, before, after):
            pieces.append(Piece(Change.same, "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece(Change.deleted, "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(Change.inserted, "".join(after[j1:j2])))
    merged: list[Piece] = []
    for kept, run in itertools.groupby(pieces, key=lambda p: p.change == Change.same):
        run = list(run)
        if kept:
            merged.extend(run)
            continue
        for change in (Change.deleted, Change.inserted):
            text = "".join(p.text for p in run if p.change == change)
            if text:
                merged.append(Piece(change, text))
    return [Piece(p.change, p.text, bracket_author) if p.change != Change.same and p.only_brackets else p
            for p in merged]


def compare(older: Sequence[KeyedText], newer: Sequence[KeyedText], *, authors: Mapping[str, str],
            default_author: str) -> list[ComparedParagraph]:
    """Paragraphs aligned by key, then words within each kept paragraph. `authors` names who made the change of a
    paragraph (by key); any other change, and placing or lifting brackets, is `default_author`'s."""
    result: list[ComparedParagraph] = []
    matcher = difflib.SequenceMatcher(None, [p.key for p in older], [p.key for p in newer], autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            for before, after in zip(older[i1:i2], newer[j1:j2]):
                same = before.text == after.text
                pieces = [Piece(Change.same, after.text)] if same else _words(before.text, after.text, default_author)
                result.append(ComparedParagraph(after, Change.same if same else Change.changed, pieces,
                                                authors.get(after.key, default_author)))
            continue
        for before in older[i1:i2]:
            result.append(ComparedParagraph(before, Change.deleted, [Piece(Change.deleted, before.text)],
                                            authors.get(before.key, default_author)))
        for after in newer[j1:j2]:
            result.append(ComparedParagraph(after, Change.inserted, [Piece(Change.inserted, after.text)],
                                            authors.get(after.key, default_author)))
    return result


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
