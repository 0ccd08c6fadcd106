"""A circulated version marked up in Word or LibreOffice, read back: per paragraph (found by the hidden bookmark
'_p_<key>' the planner wrote around it), the text as circulated and the text with every tracked change accepted;
whole paragraphs added (a new paragraph mark) or removed (their words and mark deleted); a Word comment anchored in
a changed paragraph as the change's reason. Formatting changes, changes outside the statement's paragraphs and
changes in headers or footers are listed as ignored, with the reason.

The file is untrusted: it is bounded before reading, each part and the whole archive bounded unpacked (a zip bomb),
and no part may declare a DOCTYPE (external entities); the parser resolves no entity and reaches no network."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from planner import config
from planner.errors import PlannerError
from planner.statement.models import AmendmentKind

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
MEETING_PROPERTY, VERSION_PROPERTY, SYMBOL_PROPERTY = "PlannerMeeting", "PlannerStatementVersion", "PlannerSymbol"
BOOKMARK_PREFIX = "_p_"
MAX_PART_BYTES = 25 * 2**20
MAX_UNPACKED_BYTES = 60 * 2**20
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
NOT_WORD = ("This is not a Word document (.docx): save the marked-up statement in Word or LibreOffice as a Word "
            "document and upload that.")
FORMATTING = {"rPrChange": "formatting of words", "pPrChange": "paragraph formatting",
              "sectPrChange": "page layout", "tblPrChange": "table formatting", "numberingChange": "numbering"}
REVISIONS = {"ins", "del", "moveFrom", "moveTo"}
INSERTED, DELETED = {"ins", "moveTo"}, {"del", "moveFrom"}


def bookmark_name(key: str) -> str:
    """The hidden bookmark around a paragraph of a circulated version (Word hides names that begin with '_')."""
    return f"{BOOKMARK_PREFIX}{key}"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


class WordFileRefused(PlannerError):
    """The file is not read: nothing is proposed and nothing saved."""


@dataclass(frozen=True)
class FoundChange:
    """One change a delegation made: `key` is the paragraph replaced or deleted, or the one a new paragraph follows;
    `circulated` the paragraph as the file had it before the changes ('' for a new one)."""

    kind: AmendmentKind
    key: str
    circulated: str
    text: str
    reason: str = ""


@dataclass(frozen=True)
class Ignored:
    """A change not proposed: in the paragraph `key`, or `where` outside the statement's paragraphs."""

    key: str | None
    where: str
    reason: str


@dataclass(frozen=True)
class MarkedUp:
    meeting_id: int | None
    version_number: int | None
    symbol: str | None
    changes: list[FoundChange]
    ignored: list[Ignored]
    tracked: bool
    """Whether the file holds any tracked change at all (formatting included)."""
    paragraphs: dict[str, str]
    """Key → the paragraph as the file reads with its changes accepted: for a comparison when nothing was tracked."""


@dataclass(frozen=True)
class _Token:
    """One thing of the body in document order: words (with their revision: None kept, 'ins', 'del', or 'gone' when
    inserted and deleted again), a paragraph mark, a bookmark, a comment or a formatting change."""

    kind: str
    text: str = ""
    state: str | None = None


@dataclass
class _Paragraph:
    """A paragraph of the text as circulated (`before`) or as changed (`after`)."""

    key: str | None = None
    text: list[str] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)
    """After: the paragraphs as circulated whose kept words it holds."""
    anchor: int | None = None
    """After: the paragraph as circulated whose words or mark came last before this one began."""
    formatting: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)

    @property
    def words(self) -> str:
        return "".join(self.text).strip()


def _combined(element, state: str | None) -> str | None:
    """The revision of words inside `element` within words of revision `state`: inserted then deleted is gone."""
    name = etree.QName(element).localname
    if state == "gone" or (state is not None and (state in INSERTED) != (name in INSERTED)):
        return "gone"
    return "ins" if name in INSERTED else "del"


def _mark_state(properties) -> str | None:
    """A paragraph mark's revision: inserted, deleted, both ('gone': in neither text) or none."""
    marks = properties.find(_w("rPr")) if properties is not None else None
    found = {etree.QName(c).localname for c in (marks if marks is not None else ()) if isinstance(c.tag, str)}
    inserted, deleted = bool(found & INSERTED), bool(found & DELETED)
    return "gone" if inserted and deleted else "ins" if inserted else "del" if deleted else None


RUN_TEXT = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
PROPERTIES = {"rPr", "pPr", "sdtPr", "sdtEndPr", "fldData"}


def _content(element, state: str | None):
    """The tokens of a paragraph's content, through the wrappers runs sit in (revisions, hyperlinks, content
    controls, simple fields); drawings and text boxes are not the statement's words."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name == "bookmarkStart" and (child.get(_w("name")) or "").startswith(BOOKMARK_PREFIX):
            yield _Token("bookmark", child.get(_w("name"))[len(BOOKMARK_PREFIX):])
        elif name in ("commentRangeStart", "commentReference"):
            yield _Token("comment", child.get(_w("id")) or "")
        elif name in REVISIONS:
            yield _Token("revision")
            yield from _content(child, _combined(child, state))
        elif name == "r":
            yield from _run(child, state)
        elif name not in PROPERTIES and etree.QName(child).namespace == W:
            yield from _content(child, state)


def _run(run, state: str | None):
    for child in run:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name == "rPr" and child.find(_w("rPrChange")) is not None:
            yield _Token("formatting", FORMATTING["rPrChange"])
        elif name == "commentReference":
            yield _Token("comment", child.get(_w("id")) or "")
        elif state != "gone" and name in ("t", "delText") and child.text:
            yield _Token("words", child.text, state)
        elif state != "gone" and name in RUN_TEXT:
            yield _Token("words", RUN_TEXT[name], state)


def _tokens(body):
    for paragraph in body.iter(_w("p")):
        if any(etree.QName(a).localname == "txbxContent" for a in paragraph.iterancestors()):
            continue
        properties = paragraph.find(_w("pPr"))
        if properties is not None:
            for name, what in FORMATTING.items():
                if properties.find(f".//{_w(name)}") is not None:
                    yield _Token("formatting", what)
        yield from _content(paragraph, None)
        yield _Token("mark", state=_mark_state(properties))
    for name, what in FORMATTING.items():
        if name != "rPrChange" and body.find(f"./{_w('sectPr')}//{_w(name)}") is not None:
            yield _Token("formatting", what)


class _Texts:
    """Both texts built side by side from the tokens: kept words go to both, deleted words to the text as circulated,
    inserted ones to the changed text; a kept paragraph mark ends a paragraph in both, and a stretch between two kept
    marks is a segment, within which the paragraphs of the two texts are matched."""

    def __init__(self, tokens, comments: dict[str, str]):
        self.before, self.after = [_Paragraph()], [_Paragraph()]
        self.segments: list[tuple[range, range]] = []
        self.tracked = False
        last: int | None = None
        starts = (0, 0)
        for token in tokens:
            before, after = self.before[-1], self.after[-1]
            if token.kind == "words":
                if token.state != "ins":
                    before.text.append(token.text)
                    last = len(self.before) - 1
                if token.state != "del":
                    after.text.append(token.text)
                if token.state is None and last not in after.owners:
                    after.owners.append(last)
            elif token.kind == "bookmark" and token.text != before.key:
                if before.key is not None or before.words:
                    # A paragraph as circulated begins here whatever the marks say: LibreOffice, merging two
                    # insertions next to each other, can mark the circulated paragraph mark between them inserted.
                    last = len(self.before) - 1
                    self.before.append(_Paragraph())
                self.before[-1].key = self.before[-1].key or token.text
            elif token.kind == "comment" and token.text in comments:
                for paragraph in (before, after):
                    if comments[token.text] not in paragraph.comments:
                        paragraph.comments.append(comments[token.text])
            elif token.kind in ("formatting", "revision"):
                self.tracked = True
                if token.kind == "formatting":
                    before.formatting.add(token.text)
            elif token.kind == "mark":
                self.tracked = self.tracked or token.state is not None
                if token.state not in ("ins", "gone"):
                    last = len(self.before) - 1
                    self.before.append(_Paragraph())
                if token.state not in ("del", "gone"):
                    self.after.append(_Paragraph(anchor=last))
                if token.state is None:
                    self.segments.append((range(starts[0], len(self.before) - 1), range(starts[1], len(self.after) - 1)))
                    starts = (len(self.before) - 1, len(self.after) - 1)

    def matched(self):
        """(before, after) index pairs, None on the side a paragraph is missing from (deleted, or new)."""
        for befores, afters in self.segments:
            pairs: dict[int, int] = {}
            new, unmatched = [], []
            for index in afters:
                owners = self.after[index].owners
                if owners and owners[0] not in pairs:
                    pairs[owners[0]] = index
                elif owners:
                    self.after[index].anchor = owners[0]
                    new.append(index)
                elif self.after[index].words:
                    unmatched.append(index)
            left = [index for index in befores if index not in pairs and self.before[index].words]
            pairs.update(zip(left, unmatched))
            yield from ((b, pairs.get(b)) for b in befores if b in pairs or self.before[b].words)
            yield from ((None, a) for a in new + unmatched[len(left):])


def _parse(data: bytes, part: str):
    if DECLARATION.search(data):
        raise WordFileRefused(f"The file's part {part} declares a DOCTYPE or entities, which a Word document has no "
                              "need of (it could reach other files or the network): it is not read.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError:
        raise WordFileRefused(f"{NOT_WORD} (Its part {part} is not well-formed XML.)") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise WordFileRefused(f"The file's part {part} declares a DOCTYPE, which a Word document has no need of.")
    return tree.getroot()


def _archive(content: bytes) -> dict[str, bytes]:
    """The parts read here, each bounded unpacked; the archive refused when it unpacks to far more than a statement."""
    if len(content) > config.MAX_UPLOAD_BYTES:
        raise WordFileRefused(f"The file is larger than {config.MAX_UPLOAD_MB} MB: a marked-up statement is far "
                              "smaller; save it without pictures or embedded fonts.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = {member.filename: member for member in archive.infolist()}
        if "word/document.xml" not in members:
            raise WordFileRefused(NOT_WORD)
        unpacked = sum(member.file_size for member in members.values())
        if unpacked > MAX_UNPACKED_BYTES or any(m.file_size > MAX_PART_BYTES for m in members.values()):
            raise WordFileRefused(f"The file unpacks to more than a statement can ({unpacked:,} bytes): it is not "
                                  "read.")
        wanted = [name for name in members if name in ("word/document.xml", "word/comments.xml",
                                                        "docProps/custom.xml")
                  or re.fullmatch(r"word/(header|footer)\d*\.xml", name)]
        parts = {}
        for name in wanted:
            with archive.open(members[name]) as stream:
                parts[name] = stream.read(MAX_PART_BYTES + 1)
            if len(parts[name]) > MAX_PART_BYTES:
                raise WordFileRefused("The file unpacks to more than a statement can: it is not read.")
        return parts
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError, OSError):
        raise WordFileRefused(NOT_WORD) from None


def _properties(data: bytes | None) -> dict[str, str]:
    if data is None:
        return {}
    root = _parse(data, "docProps/custom.xml")
    return {item.get("name"): "".join(item.itertext()).strip()
            for item in root.iter(f"{{{CUSTOM_PROPERTIES}}}property")}


def _number(text: str | None) -> int | None:
    try:
        return int(float(text)) if text else None
    except ValueError:
        return None


def _comments(data: bytes | None) -> dict[str, str]:
    if data is None:
        return {}
    root = _parse(data, "word/comments.xml")
    return {comment.get(_w("id")): "\n".join("".join(t.text or "" for t in p.iter(_w("t"))) for p in
                                             comment.iter(_w("p"))).strip()
            for comment in root.iter(_w("comment"))}


def _outside_the_body(parts: dict[str, bytes]) -> list[Ignored]:
    found = []
    for name in sorted(parts):
        place = re.fullmatch(r"word/(header|footer)\d*\.xml", name)
        if place is None:
            continue
        root = _parse(parts[name], name)
        if any(etree.QName(e).localname in REVISIONS | set(FORMATTING) for e in root.iter() if isinstance(e.tag, str)):
            where = f"the {place.group(1)}"
            if all(i.where != where for i in found):
                found.append(Ignored(None, where, f"changes in the {place.group(1)} are not part of the statement: "
                                                  "the Chairmanship sets its headers and footers"))
    return found


def read_marked_up(content: bytes) -> MarkedUp:
    """The tracked changes of a marked-up circulated version, or WordFileRefused saying why it is not read."""
    parts = _archive(content)
    properties = _properties(parts.get("docProps/custom.xml"))
    comments = _comments(parts.get("word/comments.xml"))
    body = _parse(parts["word/document.xml"], "word/document.xml").find(_w("body"))
    if body is None:
        raise WordFileRefused(NOT_WORD)
    texts = _Texts(_tokens(body), comments)
    changes, ignored, paragraphs = [], [], {}
    pairs = list(texts.matched())
    claimed = {c for before, after in pairs if before is None for c in texts.after[after].comments}
    for before_index, after_index in pairs:
        before = texts.before[before_index] if before_index is not None else None
        after = texts.after[after_index] if after_index is not None else None
        if before is None:
            anchor = texts.before[after.anchor].key if after.anchor is not None else None
            if anchor is None:
                ignored.append(Ignored(None, "before the first preambular paragraph", "a new paragraph there is not "
                                       "an amendment: amendments add a paragraph after one of the statement's"))
            else:
                changes.append(FoundChange(AmendmentKind.insert_after, anchor, "", after.words,
                                           "\n\n".join(after.comments)))
            continue
        reason = "\n\n".join(c for c in dict.fromkeys(before.comments + (after.comments if after else []))
                             if c not in claimed)
        words = after.words if after else ""
        if before.key is None:
            if before.words != words or before.formatting:
                ignored.append(Ignored(None, "the title, heading or chapeau", "it is not one of the statement's "
                                       "paragraphs: amendments are made to the preamble and the numbered paragraphs"))
            continue
        paragraphs[before.key] = words
        if before.formatting:
            ignored.append(Ignored(before.key, "", f"changes of {', '.join(sorted(before.formatting))} are not "
                                   "amendments: only changes of words are proposed"))
        if before.words != words:
            kind = AmendmentKind.delete if after is None or not words else AmendmentKind.replace
            changes.append(FoundChange(kind, before.key, before.words, words, reason))
        elif reason:
            ignored.append(Ignored(before.key, "", "a comment on a paragraph whose words are unchanged is not an "
                                   "amendment: make it on the Comments tab"))
    outside = _outside_the_body(parts)
    return MarkedUp(_number(properties.get(MEETING_PROPERTY)), _number(properties.get(VERSION_PROPERTY)),
                    properties.get(SYMBOL_PROPERTY), changes, ignored + outside,
                    texts.tracked or bool(outside), paragraphs)
