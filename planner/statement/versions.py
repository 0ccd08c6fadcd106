"""Circulation: the working draft is copied into a version that never changes, with a symbol from the document
register (the first circulated version takes a new number, each later one the next /Rev.n) and a date. Organizers
keep editing the draft for the next version; everyone who may read the meeting reads the circulated versions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from planner import audit, register
from planner.access import Actor, Capability, require
from planner.delegations import invitations
from planner.errors import NotFound, PlannerError
from planner.mail import events as mail_events
from planner.meetings.models import Meeting
from planner.meetings.planning import get_meeting, today_at
from planner.model_base import utc_now
from planner.register import DocumentKind
from planner.statement.drafting import current_round, mark_changed, paragraphs_of, statement_of, working_draft
from planner.statement.models import Paragraph, ParagraphKind, Statement, StatementVersion, VersionStatus
from planner.statement.silence import refuse_if_adopted


@dataclass(frozen=True)
class StatementText:
    """One text of the statement as a document shows it: a circulated version, or the working draft."""

    meeting: Meeting
    version: StatementVersion
    paragraphs: list[Paragraph]

    @property
    def is_draft(self) -> bool:
        return self.version.status == VersionStatus.working


def circulated_versions(session: Session, actor: Actor, meeting_id: int) -> list[StatementVersion]:
    """Oldest first."""
    statement = statement_of(session, actor, meeting_id)
    if statement is None:
        return []
    return list(session.exec(select(StatementVersion).where(
        StatementVersion.statement_id == statement.id, StatementVersion.status == VersionStatus.circulated)
        .order_by(col(StatementVersion.number))))


def circulated_text(session: Session, actor: Actor, meeting_id: int, number: int | None = None) -> StatementText:
    """Version `number`, or the latest circulated one."""
    versions = circulated_versions(session, actor, meeting_id)
    if not versions:
        raise NotFound("The statement of this meeting has not been circulated yet.")
    if number is None:
        chosen = versions[-1]
    else:
        chosen = next((v for v in versions if v.number == number), None)
        if chosen is None:
            raise NotFound(f"The statement has no version {number}; circulated versions: "
                           f"{', '.join(str(v.number) for v in versions)}.")
    return StatementText(get_meeting(session, actor, meeting_id), chosen, paragraphs_of(session, actor, chosen))


def draft_text(session: Session, actor: Actor, meeting_id: int) -> StatementText:
    draft = working_draft(session, actor, meeting_id)
    if draft is None:
        raise NotFound("There is no draft statement yet: start one from the meeting's priorities.")
    return StatementText(get_meeting(session, actor, meeting_id), draft, paragraphs_of(session, actor, draft))


@dataclass(frozen=True)
class Circulation:
    """What circulating the working draft now would do, said before it is done: the version's number, its symbol and
    date, and how many invited delegations (the host included) will read it."""

    number: int
    symbol: str
    issued_on: dt.date
    delegations: int


def circulation_preview(session: Session, actor: Actor, meeting_id: int) -> Circulation:
    """Takes no symbol: another document issued before the circulation takes this one, and the version gets the next."""
    require(actor, Capability.draft_statement)
    text = draft_text(session, actor, meeting_id)
    invited = invitations.invited_count(session, actor, text.meeting.id)
    return Circulation(number=current_round(session, actor, text.version.statement_id),
                       symbol=register.next_revisable_symbol(session, actor, meeting=text.meeting,
                                                             kind=DocumentKind.statement),
                       issued_on=today_at(text.meeting), delegations=invited)


def circulate(session: Session, actor: Actor, meeting_id: int, *, expected_draft_version: int | None = None,
              issued_on: dt.date | None = None) -> StatementVersion:
    """Freeze the working draft as the next version, registered as a document of the Chairmanship."""
    require(actor, Capability.draft_statement)
    refuse_if_adopted(session, actor, meeting_id)
    text = draft_text(session, actor, meeting_id)
    draft = text.version
    if expected_draft_version is not None and draft.version != expected_draft_version:
        raise PlannerError("The draft was changed by someone else after you opened it. Reload and read it before circulating.")
    if not any(p.kind == ParagraphKind.operative for p in text.paragraphs):
        raise PlannerError("The draft has no operative paragraph yet: a statement to circulate needs at least one.")
    statement = session.get(Statement, draft.statement_id)
    number = current_round(session, actor, statement.id)
    document = register.issue_revisable(session, actor, meeting=text.meeting, kind=DocumentKind.statement,
                                        title=f"{statement.title}: {text.meeting.title}", issued_on=issued_on)
    version = StatementVersion(statement_id=statement.id, number=number, status=VersionStatus.circulated,
                               symbol=document.symbol, issued_on=document.issued_on, document_id=document.id,
                               circulated_at=utc_now(), circulated_by=actor.email)
    session.add(version)
    session.flush()
    for paragraph in text.paragraphs:
        session.add(Paragraph(statement_version_id=version.id, key=paragraph.key, kind=paragraph.kind,
                              position=paragraph.position, text=paragraph.text, source_clause=paragraph.source_clause,
                              frozen=True))
    mark_changed(draft)
    session.flush()
    audit._record(session, actor, "statement.circulate", "statement_version", version.id, None,
                  {"number": number, "symbol": version.symbol, "paragraphs": len(text.paragraphs)}, meeting_id)
    mail_events.statement_circulated(session, text.meeting, number=number, symbol=version.symbol,
                                     issued_on=version.issued_on)
    return version


