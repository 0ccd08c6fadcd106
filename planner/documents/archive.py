"""How each kind of document is built at issue, for the register to keep (planner/register.py explains why the
register asks, and when): `register_builders` gives the register one builder per kind. Every entry point that
issues documents calls it (streamlit_app.py, planner/cli, tests/conftest.py, benchmarks); a kind without a builder
refuses the issue.

Each builder finds the record the document was issued for (the invitation, the agenda or statement version, the
silence procedure, the meeting) and builds the file from the records as they stand at that moment, acting for the
system: the file is the register's, whoever issued it."""
from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session, select

from planner.access import SYSTEM
from planner.agenda_review.models import AgendaVersion
from planner.documents.agenda import agenda_file_name, build_agenda
from planner.documents.layout import file_name
from planner.documents.note_verbale import _issued_note
from planner.documents.participants_list import build_participants_list
from planner.documents.report import build_report
from planner.documents.statement import adopted_document, build_statement, file_name as statement_file_name
from planner.meetings.models import Meeting
from planner.register import DocumentKind, IssuedDocument, add_builder
from planner.statement import interpretative, silence
from planner.statement.models import SilenceProcedure, StatementVersion
from planner.statement.versions import circulated_text


def _agenda(session: Session, document: IssuedDocument) -> tuple[str, bytes]:
    version = session.exec(select(AgendaVersion).where(AgendaVersion.document_id == document.id)).one()
    return agenda_file_name(version.meeting_id, version), build_agenda(session, SYSTEM, version.meeting_id, version)


def _participants_list(session: Session, document: IssuedDocument) -> tuple[str, bytes]:
    meeting = session.get(Meeting, document.meeting_id)
    return (file_name(document.symbol, f"list-of-participants-meeting-{meeting.id}"),
            build_participants_list(session, SYSTEM, meeting, document))


def _adopted(session: Session, document: IssuedDocument) -> tuple[str, bytes]:
    """The adopted text under the symbol it was adopted as (no interpretative statement yet: they follow adoption),
    or its n-th addendum: the adopted text with the first n interpretative statements attached, under the addendum's
    own symbol (…/Add.n). Counted, so that the file is the same whenever in the transaction it is built."""
    adopted = silence.adopted(session, SYSTEM, document.meeting_id)
    attached = interpretative.attached(session, SYSTEM, document.meeting_id)[:document.suffix_number]
    if document.base_id is not None:
        adopted = replace(adopted, adopted_document=document)
    return (file_name(document.symbol, "adopted-statement"),
            adopted_document(session, SYSTEM, adopted, attached))


def _statement(session: Session, document: IssuedDocument) -> tuple[str, bytes]:
    """A circulated version, or the adopted text (whose symbol no version carries)."""
    version = session.exec(select(StatementVersion).where(StatementVersion.document_id == document.id)).first()
    if version is None:
        session.exec(select(SilenceProcedure).where(SilenceProcedure.adopted_document_id == document.id)).one()
        return _adopted(session, document)
    text = circulated_text(session, SYSTEM, document.meeting_id, version.number)
    return statement_file_name(text), build_statement(session, SYSTEM, text)


def _report(session: Session, document: IssuedDocument) -> tuple[str, bytes]:
    meeting = session.get(Meeting, document.meeting_id)
    return file_name(document.symbol, f"report-meeting-{meeting.id}"), build_report(session, SYSTEM, meeting, document)


def register_builders() -> None:
    add_builder(DocumentKind.note_verbale, _issued_note)
    add_builder(DocumentKind.reminder, _issued_note)
    add_builder(DocumentKind.agenda, _agenda)
    add_builder(DocumentKind.participants_list, _participants_list)
    add_builder(DocumentKind.statement, _statement)
    add_builder(DocumentKind.interpretative_statement, _adopted)
    add_builder(DocumentKind.report, _report)
