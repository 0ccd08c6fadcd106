"""Two texts of a document compared paragraph by paragraph and word by word, written as Word's own tracked changes
(w:ins and w:del with w:author, w:date and w:id), so reviewers accept or reject each change in Word and see who
asked for it.

Any document whose paragraphs carry a stable key can use it (the statement, the agenda): give the older and newer
paragraphs, who made each changed paragraph (by key), and the author for everything else. Paragraphs are aligned by
key and words by `difflib`; a paragraph that moved reads as deleted where it was and inserted where it is now.

Accepting every revision of the written paragraphs gives exactly the newer text, rejecting every one the older."""
from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph as DocxParagraph

from planner.text import writable

WORDS = re.compile(r"\S+\s*|\s+")  # a word with the spaces after it; spaces opening a text


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


@dataclass(frozen=True)
class Piece:
    """A run of words kept, inserted or deleted."""

    change: Change
    text: str


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


def _words(older: str, newer: str) -> list[Piece]:
    before, after = WORDS.findall(older), WORDS.findall(newer)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(Piece(Change.same, "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece(Change.deleted, "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(Change.inserted, "".join(after[j1:j2])))
    return pieces


def compare(older: Sequence[KeyedText], newer: Sequence[KeyedText], *, authors: Mapping[str, str],
            default_author: str) -> list[ComparedParagraph]:
    """Paragraphs aligned by key, then words within each kept paragraph. `authors` names who made the change of a
    paragraph (by key); any other change is `default_author`'s."""
    result: list[ComparedParagraph] = []
    matcher = difflib.SequenceMatcher(None, [p.key for p in older], [p.key for p in newer], autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            for before, after in zip(older[i1:i2], newer[j1:j2]):
                same = before.text == after.text
                pieces = [Piece(Change.same, after.text)] if same else _words(before.text, after.text)
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


@dataclass
class _Revisions:
    """Numbers every revision mark of one document once (w:id must be unique in the document)."""

    date: str
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

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


def _piece_xml(piece: Piece, author: str, revisions: _Revisions) -> str:
    if piece.change == Change.deleted:
        return f'<w:del {revisions.attributes(author)}><w:r>{run_content(piece.text, "w:delText")}</w:r></w:del>'
    run = f'<w:r>{run_content(piece.text, "w:t")}</w:r>'
    if piece.change == Change.inserted:
        return f'<w:ins {revisions.attributes(author)}>{run}</w:ins>'
    return run


def _paragraph_xml(compared: ComparedParagraph, revisions: _Revisions) -> str:
    """A whole inserted or deleted paragraph marks its paragraph mark too, so accepting or rejecting removes the
    paragraph itself and not only its words."""
    para = compared.paragraph
    numbering = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{para.num_id}"/></w:numPr>' if para.num_id else ""
    mark = ""
    if compared.change == Change.inserted:
        mark = f'<w:rPr><w:ins {revisions.attributes(compared.author)}/></w:rPr>'
    elif compared.change == Change.deleted:
        mark = f'<w:rPr><w:del {revisions.attributes(compared.author)}/></w:rPr>'
    runs = "".join(_piece_xml(piece, compared.author, revisions) for piece in compared.pieces if piece.text)
    return f'<w:p><w:pPr><w:pStyle w:val="{escape(para.style_id)}"/>{numbering}{mark}</w:pPr>{runs}</w:p>'


def revision_date(moment: dt.datetime) -> str:
    """w:date in UTC, to the second, as Word writes it."""
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_comparison(document: DocxDocument, compared: Sequence[ComparedParagraph], *,
                     date: dt.datetime) -> list[DocxParagraph]:
    """Append the compared paragraphs at the end of the document's body (before its section properties), as tracked
    changes dated `date`; returns them as python-docx paragraphs."""
    revisions = _Revisions(revision_date(date))
    fragment = parse_xml(f'<w:body {nsdecls("w")}>{"".join(_paragraph_xml(c, revisions) for c in compared)}</w:body>')
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    written = []
    for element in list(fragment):
        if section is None:
            body.append(element)
        else:
            section.addprevious(element)
        written.append(DocxParagraph(element, document._body))
    return written

