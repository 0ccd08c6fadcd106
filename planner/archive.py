"""The register as the Secretariat's archive: every issued document with the file that went out, its SHA-256 and
size, found by meeting, kind, year and text; the stored files verified against their hashes.

The Secretariat, organizers and administrators read every issued document. A delegate reads what was circulated to
all delegations (agenda, statement, report) of the meetings they may read, and the notes verbales and reminders
addressed to their own delegation; the list of participants is for those who export documents, as on its page.
A document issued before the archive existed has no file: it is "not archived"."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from planner import audit
from planner.access import Actor, Capability, require
from planner.delegations.models import Invitation
from planner.errors import NotFound, PermissionDenied
from planner.meetings.planning import get_meeting, list_meetings
from planner.register import (
    ADDRESSED, ORIGINAL, ArchivedFile, DocumentKind, DocumentSuffix, IssuedDocument, _keep_issued, archived, sha256,
)

CIRCULATED_TO_ALL = frozenset({DocumentKind.agenda, DocumentKind.statement, DocumentKind.report,
                               DocumentKind.interpretative_statement})


@dataclass(frozen=True)
class Entry:
    """An issued document and its kept file (without the bytes), None when it is not archived."""

    document: IssuedDocument
    file: ArchivedFile | None


@dataclass(frozen=True)
class Mismatch:
    symbol: str
    language: str
    stored: str
    computed: str


def _own_notes(actor: Actor):
    return select(Invitation.note_id).where(Invitation.delegation_id == actor.delegation_id,
                                            col(Invitation.note_id).is_not(None))


def _readable(actor: Actor, query):
    """Only what this user may read (module docstring)."""
    if actor.can(Capability.issue_documents):
        return query
    kinds = CIRCULATED_TO_ALL | ({DocumentKind.participants_list} if actor.can(Capability.export_documents) else set())
    addressed = col(IssuedDocument.kind).in_(ADDRESSED) & (col(IssuedDocument.id).in_(_own_notes(actor))
                                                            | col(IssuedDocument.base_id).in_(_own_notes(actor)))
    return query.where(col(IssuedDocument.kind).in_(kinds) | addressed)


def entries(session: Session, actor: Actor, *, meeting_id: int | None = None, kind: DocumentKind | None = None,
            year: int | None = None, text: str = "") -> list[Entry]:
    """The issued documents this user may read, newest first, with their kept files; `text` is found in the symbol
    or the title."""
    _keep_issued(session)
    meetings = [m.id for m in list_meetings(session, actor)] if meeting_id is None else [
        get_meeting(session, actor, meeting_id).id]
    query = _readable(actor, select(IssuedDocument, ArchivedFile).outerjoin(ArchivedFile, (
        ArchivedFile.document_id == IssuedDocument.id) & (ArchivedFile.language == ORIGINAL))
        .options(defer(ArchivedFile.content)).where(col(IssuedDocument.meeting_id).in_(meetings)))
    if kind is not None:
        query = query.where(IssuedDocument.kind == DocumentKind(kind))
    if year is not None:
        query = query.where(sa.extract("year", IssuedDocument.issued_on) == year)
    rows = session.exec(query.order_by(col(IssuedDocument.issued_on).desc(), col(IssuedDocument.id).desc())).all()
    wanted = text.strip().casefold()
    return [Entry(document, file) for document, file in rows
            if not wanted or wanted in f"{document.symbol} {document.title}".casefold()]


def years(session: Session, actor: Actor) -> list[int]:
    """The years documents were issued in, newest first, for the filter."""
    return sorted({entry.document.issued_on.year for entry in entries(session, actor)}, reverse=True)


def readable_document(session: Session, actor: Actor, document_id: int) -> IssuedDocument:
    """The issued document, if this user may read it."""
    document = session.get(IssuedDocument, document_id)
    if document is None or document.meeting_id is None:
        raise NotFound(f"There is no issued document {document_id}.")
    get_meeting(session, actor, document.meeting_id)
    if session.exec(_readable(actor, select(IssuedDocument.id).where(IssuedDocument.id == document_id))).first() is None:
        raise PermissionDenied(f"{document.symbol} is not addressed to your delegation.")
    return document


def find(session: Session, actor: Actor, symbol: str) -> IssuedDocument:
    """The issued document with this symbol ('CIO.GAL/12/26/Rev.1'), if this user may read it."""
    symbol = symbol.strip()
    series = select(IssuedDocument).where(IssuedDocument.series == symbol.split("/")[0])
    found = next((document for document in session.exec(series) if document.symbol == symbol), None)
    if found is None:
        raise NotFound(f"No document has the symbol {symbol}. `python -m planner documents` lists them.")
    return readable_document(session, actor, found.id)


def stored_file(session: Session, actor: Actor, document: IssuedDocument, language: str = ORIGINAL) -> ArchivedFile | None:
    """The file kept for the document (in `language`, for a language version), None while not archived; a document
    issued in this same transaction is kept first."""
    readable_document(session, actor, document.id)
    _keep_issued(session)
    return session.exec(select(ArchivedFile).where(ArchivedFile.document_id == document.id,
                                                   ArchivedFile.language == language)).first()


def keep_language_version(session: Session, actor: Actor, document: IssuedDocument, language: str, file_name: str,
                          content: bytes) -> ArchivedFile:
    """A language version is kept at its first complete export, under the symbol of the document it translates;
    every later download returns it. Whoever may read the document may be the first to export it."""
    kept = stored_file(session, actor, document, language)
    if kept is not None:
        return kept
    kept = archived(document, file_name, content, language=language)
    session.add(kept)
    session.flush()
    audit._record(session, actor, "document.archive_language", "archived_file", kept.id, None,
                  {"symbol": document.symbol, "language": language, "sha256": kept.sha256}, document.meeting_id)
    return kept


def latest_addendum(session: Session, actor: Actor, document: IssuedDocument, kind: DocumentKind) -> IssuedDocument:
    """The document's latest addendum of this kind (an interpretative statement attached to the adopted text), or
    the document itself while it has none."""
    readable_document(session, actor, document.id)
    return session.exec(select(IssuedDocument).where(
        IssuedDocument.base_id == document.id, IssuedDocument.suffix == DocumentSuffix.addendum,
        IssuedDocument.kind == kind).order_by(col(IssuedDocument.suffix_number).desc())).first() or document


def verify(session: Session, actor: Actor) -> tuple[int, list[Mismatch]]:
    """Recompute the SHA-256 of every kept file: how many were checked, and those whose bytes no longer match."""
    require(actor, Capability.issue_documents)
    checked, mismatches = 0, []
    rows = session.exec(select(ArchivedFile, IssuedDocument).join(IssuedDocument)
                        .order_by(col(ArchivedFile.id))).all()
    for kept, document in rows:
        checked += 1
        computed = sha256(kept.content)
        if computed != kept.sha256 or len(kept.content) != kept.size:
            mismatches.append(Mismatch(document.symbol, kept.language, kept.sha256, computed))
    return checked, mismatches


def kept_hashes(session: Session, actor: Actor) -> dict[int, str]:
    """The SHA-256 of each archived document's issued file, by document id: for the register's listing."""
    require(actor, Capability.issue_documents)
    _keep_issued(session)
    return dict(session.exec(select(ArchivedFile.document_id, ArchivedFile.sha256)
                             .where(ArchivedFile.language == ORIGINAL)).all())
