"""The file of an issued document as downloads give it: the bytes kept at issue, never a rebuild. A document issued
before the archive existed has none; it is offered rebuilt from today's records, marked so on its first line and in
its file name, never as the issued original."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx import Document
from sqlmodel import Session

from planner import archive
from planner.access import Actor
from planner.register import ORIGINAL, IssuedDocument, builder_for

REBUILT_MARK = "REBUILT FROM TODAY'S RECORDS, NOT THE ISSUED ORIGINAL"
REBUILT_SUFFIX = "_REBUILT-not-the-issued-original"


@dataclass(frozen=True)
class IssuedFile:
    file_name: str
    content: bytes
    archived: bool  # False: rebuilt, not the issued original


def issued_file(session: Session, actor: Actor, document: IssuedDocument, language: str = ORIGINAL) -> IssuedFile:
    """The kept file; for a document not archived, the rebuilt one, marked."""
    kept = archive.stored_file(session, actor, document, language)
    if kept is not None:
        return IssuedFile(kept.file_name, kept.content, True)
    name, content = builder_for(document.kind)(session, document)
    return IssuedFile(rebuilt_name(name), marked_rebuilt(content), False)


def rebuilt_name(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return f"{stem}{REBUILT_SUFFIX}{dot}{extension}"


def marked_rebuilt(content: bytes) -> bytes:
    word = Document(io.BytesIO(content))
    word.paragraphs[0].insert_paragraph_before(REBUILT_MARK, "Draft Mark")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def issued_files_zip(session: Session, actor: Actor, document_ids: list[int]) -> bytes:
    """The chosen documents' files in one zip, each named by its symbol (and addressee), as `issued_file` gives it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for document_id in document_ids:
            issued = issued_file(session, actor, archive.readable_document(session, actor, document_id))
            bundle.writestr(issued.file_name, issued.content)
    return buffer.getvalue()


def document_file(session: Session, actor: Actor, document_id: int) -> IssuedFile:
    return issued_file(session, actor, archive.readable_document(session, actor, document_id))
