"""Marking up a circulated statement as Word writes tracked changes (w:ins and w:del with w:author, w:date and a
unique w:id, a new paragraph as Word's Enter at the end of one, a deleted paragraph with its mark), with python-docx
and lxml; and the round trip through LibreOffice."""
from __future__ import annotations

import copy
import io
import itertools
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

AUTHOR, DATE = "Delegation of Austria", "2027-04-02T09:30:00Z"
_ids = itertools.count(9000)


class MarkedUp:
    """A circulated file being marked up; each statement paragraph is named by its key (its bookmark)."""

    def __init__(self, content: bytes):
        self.document = docx.Document(io.BytesIO(content))

    def paragraph(self, key: str):
        return next(p for p in self.document.paragraphs if any(
            b.get(qn("w:name")) == f"_p_{key}" for b in p._p.iter(qn("w:bookmarkStart"))))

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def edit(self, key: str, edits: list[tuple[str, str, str]], *, runs_at: tuple[int, ...] = ()) -> None:
        """Each (context, old, new): `old`, found right after `context`, deleted and `new` inserted in its place;
        `runs_at` first splits the words into runs at those offsets, as Word does where formatting or spelling
        marks differ, so that a change can cross runs."""
        paragraph = self.paragraph(key)._p
        text = "".join(t.text for t in paragraph.iter(qn("w:t")))
        for old_run in paragraph.findall(qn("w:r")):
            paragraph.remove(old_run)
        end = paragraph.find(qn("w:bookmarkEnd"))
        pieces, at = [], 0
        for context, old, new in edits:
            start = text.index(context + old, max(0, at - len(context))) + len(context)
            pieces += [("keep", at, start), ("del", start, start + len(old)), ("ins", new)]
            at = start + len(old)
        pieces.append(("keep", at, len(text)))
        for kind, *where in pieces:
            if kind == "ins":
                made = [revision("w:ins", run(where[0]))] if where[0] else []
            else:
                cuts = [where[0], *(c for c in runs_at if where[0] < c < where[1]), where[1]]
                made = [run(text[left:right]) if kind == "keep" else revision("w:del", run(text[left:right], "w:delText"))
                        for left, right in itertools.pairwise(cuts) if right > left]
            for element in made:
                if end is not None:
                    end.addprevious(element)
                else:
                    paragraph.append(element)

    def new_paragraph_after(self, key: str, text: str) -> None:
        """Word's Enter at the end of the paragraph, then typing: the paragraph's own mark is the inserted one, and
        the new paragraph ends with the original mark."""
        paragraph = self.paragraph(key)._p
        properties = paragraph.find(qn("w:pPr"))
        added = OxmlElement("w:p")
        added.append(copy.deepcopy(properties))
        added.append(revision("w:ins", run(text)))
        marks = properties.find(qn("w:rPr"))
        if marks is None:
            marks = OxmlElement("w:rPr")
            properties.append(marks)
        marks.append(revision("w:ins"))
        paragraph.addnext(added)

    def new_paragraph_before(self, key: str, text: str) -> None:
        """Word's Enter at the start of the paragraph, then typing: the new paragraph's mark is the inserted one."""
        paragraph = self.paragraph(key)._p
        paragraph.addprevious(_inserted_paragraph(paragraph, [revision("w:ins", run(text))]))

    def split(self, key: str, at: int) -> None:
        """Enter typed at offset `at` (a space, deleted): the first part ends with an inserted mark, the second keeps
        the paragraph's own."""
        paragraph = self.paragraph(key)._p
        text = "".join(t.text for t in paragraph.iter(qn("w:t")))
        self.edit(key, [(text[:at], " ", "")], runs_at=(at,))
        kept = list(paragraph)
        tail = kept[kept.index(paragraph.find(qn("w:del"))) + 1:]
        paragraph.addprevious(_inserted_paragraph(paragraph, kept[1:kept.index(paragraph.find(qn("w:del"))) + 1]))
        for element in list(paragraph)[1:]:
            if element not in tail:
                paragraph.remove(element)

    def delete_paragraph(self, key: str) -> None:
        paragraph = self.paragraph(key)._p
        for old in paragraph.findall(qn("w:r")):
            text = "".join(t.text for t in old.iter(qn("w:t")))
            old.addprevious(revision("w:del", run(text, "w:delText")))
            paragraph.remove(old)
        properties = paragraph.find(qn("w:pPr"))
        marks = OxmlElement("w:rPr")
        marks.append(revision("w:del"))
        properties.append(marks)

    def bold(self, key: str) -> None:
        """A formatting change only: the paragraph's words made bold, tracked."""
        for element in self.paragraph(key)._p.iter(qn("w:r")):
            properties = element.find(qn("w:rPr"))
            if properties is None:
                properties = OxmlElement("w:rPr")
                element.insert(0, properties)
            properties.append(OxmlElement("w:b"))
            change = revision("w:rPrChange")
            change.append(OxmlElement("w:rPr"))
            properties.append(change)

    def comment(self, key: str, text: str) -> None:
        runs = self.paragraph(key).runs
        self.document.add_comment(runs or [], text=text, author=AUTHOR, initials="AT")

    def header_insertion(self, text: str) -> None:
        header = self.document.sections[0].header
        target = header.paragraphs[0]._p if header.paragraphs else header._element.add_p()
        target.append(revision("w:ins", run(text)))


def _inserted_paragraph(like, children):
    """A paragraph styled as `like` whose mark is inserted, holding `children`."""
    added = OxmlElement("w:p")
    properties = copy.deepcopy(like.find(qn("w:pPr")))
    marks = OxmlElement("w:rPr")
    marks.append(revision("w:ins"))
    properties.append(marks)
    added.append(properties)
    for child in children:
        added.append(child)
    return added


def run(text: str, tag: str = "w:t"):
    element = OxmlElement("w:r")
    words = OxmlElement(tag)
    words.text = text
    words.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    element.append(words)
    return element


def revision(tag: str, *children):
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(next(_ids)))
    element.set(qn("w:author"), AUTHOR)
    element.set(qn("w:date"), DATE)
    for child in children:
        element.append(child)
    return element


def through_libreoffice(content: bytes, folder: Path) -> bytes:
    """The file opened and saved as .docx by LibreOffice, headless, as a delegation using it would return it."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: the LibreOffice round trip is not checked")
    source, out = folder / "marked-up.docx", folder / "libreoffice"
    source.write_bytes(content)
    out.mkdir(exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(out), str(source)], check=True, capture_output=True,
                   timeout=120)
    return (out / source.name).read_bytes()
