"""The silence procedure (Rules of Procedure, Annex 1(A)): organizers put a circulated version without brackets under
silence until an exact, timezone-aware moment; a delegation breaks silence with a written objection or an amendment
before that moment; at that moment the version is adopted if nobody did.

The outcome is decided whenever it is read, from the clock and the objections, with no background job. The first
reader after a passed expiry issues the adopted text with a symbol from the document register, in the transaction
that confirms under the procedure's lock that no objection was made in time; objections take the same lock, so
the state, the register and every page agree whatever the order. Every function takes
`now` so tests can set the clock."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from planner import audit, register
from planner.access import SYSTEM, Actor, Capability, require, require_delegation, runs_the_meeting
from planner.dates import as_utc
from planner.delegations.invitations import require_invited
from planner.delegations.models import Delegation
from planner.errors import NotFound, PermissionDenied, PlannerError
from planner.mail import events as mail_events
from planner.meetings.planning import get_meeting
from planner.model_base import Labelled, utc_now
from planner.register import DocumentKind, IssuedDocument
from planner.statement import brackets
from planner.statement.drafting import latest_circulated, paragraphs_of, statement_of
from planner.statement.models import SilenceObjection, SilenceProcedure, Statement, StatementVersion
from planner.text import multiline_problem
from planner.text.words import plural
from planner.time_zones import local_moment


class SilenceState(Labelled):
    running = "running"
    broken = "broken"
    adopted = "adopted"


def state_at(procedure: SilenceProcedure, objections: list[SilenceObjection], now: dt.datetime) -> SilenceState:
    """Broken by any objection made before expiry; adopted from the instant of expiry if there was none."""
    expiry = as_utc(procedure.expires_at)
    if any(as_utc(o.made_at) < expiry for o in objections):
        return SilenceState.broken
    return SilenceState.adopted if now >= expiry else SilenceState.running


@dataclass(frozen=True)
class Silence:
    procedure: SilenceProcedure
    version: StatementVersion
    objections: list[SilenceObjection]
    state: SilenceState
    adopted_document: IssuedDocument | None


def _aware(moment: dt.datetime | None) -> dt.datetime:
    moment = moment or utc_now()
    if moment.tzinfo is None:
        raise PlannerError("A moment without a time zone is ambiguous: give the time zone it is in.")
    return as_utc(moment)


def _objections(session: Session, procedure: SilenceProcedure) -> list[SilenceObjection]:
    return list(session.exec(select(SilenceObjection).where(SilenceObjection.silence_id == procedure.id)
                             .order_by(col(SilenceObjection.made_at))))


def _hold(session: Session, procedure_id: int) -> SilenceProcedure:
    """Queue whoever decides or objects to one procedure until the holder commits: an empty update takes the row's
    lock on PostgreSQL and the database's write lock on SQLite. The procedure is then read afresh, with what a
    transaction committed while this one waited."""
    session.exec(sa.update(SilenceProcedure).where(col(SilenceProcedure.id) == procedure_id)
                 .values(expires_at=SilenceProcedure.expires_at))
    return session.exec(select(SilenceProcedure).where(SilenceProcedure.id == procedure_id)
                        .execution_options(populate_existing=True)).one()


def _read(session: Session, procedure: SilenceProcedure, now: dt.datetime) -> Silence:
    """The procedure as it stands at `now`. A passed one is adopted, and its symbol issued, only under the lock and
    after reading the objections again: one made in time but committed while this reader waited breaks it."""
    version = session.get(StatementVersion, procedure.statement_version_id)
    objections = _objections(session, procedure)
    state = state_at(procedure, objections, now)
    if state == SilenceState.adopted and procedure.adopted_document_id is None:
        procedure = _hold(session, procedure.id)
        objections = _objections(session, procedure)
        state = state_at(procedure, objections, now)
        if state == SilenceState.adopted and procedure.adopted_document_id is None:
            _adopt(session, procedure, version)
    if procedure.adopted_document_id is not None:
        state = SilenceState.adopted  # decided once, whatever clock a later reader goes by
    document = session.get(IssuedDocument, procedure.adopted_document_id) if procedure.adopted_document_id else None
    return Silence(procedure, version, objections, state, document)


def _adopt(session: Session, procedure: SilenceProcedure, version: StatementVersion) -> None:
    statement = session.get(Statement, version.statement_id)
    meeting = get_meeting(session, SYSTEM, statement.meeting_id)
    document = register.issue_document(
        session, SYSTEM, meeting=meeting, kind=DocumentKind.statement,
        title=f"{statement.title} (adopted): {meeting.title}",
        issued_on=as_utc(procedure.expires_at).astimezone(ZoneInfo(meeting.time_zone)).date())
    procedure.adopted_document_id = document.id
    session.flush()
    audit._record(session, SYSTEM, "statement.adopt", "silence_procedure", procedure.id, None,
                 {"version": version.number, "symbol": document.symbol,
                  "expired_at": as_utc(procedure.expires_at).isoformat()}, meeting.id)


def procedures(session: Session, actor: Actor, meeting_id: int, now: dt.datetime | None = None) -> list[Silence]:
    """Every silence procedure of the meeting's statement, oldest first, as it stands at `now`. A delegate reads the
    text of their own delegation's objections only: the others' are for those who run the meeting."""
    statement = statement_of(session, actor, meeting_id)
    if statement is None:
        return []
    now = _aware(now)
    rows = session.exec(select(SilenceProcedure).join(StatementVersion)
                        .where(StatementVersion.statement_id == statement.id).order_by(col(SilenceProcedure.id)))
    found = [_read(session, row, now) for row in rows]
    if runs_the_meeting(actor):
        return found
    return [replace(silence, objections=[o if o.delegation_id == actor.delegation_id else _without_text(o)
                                         for o in silence.objections]) for silence in found]


def _without_text(objection: SilenceObjection) -> SilenceObjection:
    """A copy, never stored, that keeps when silence was broken and by which delegation, not what it said."""
    return SilenceObjection(**{**objection.model_dump(), "text": "", "made_by": ""})


def current(session: Session, actor: Actor, meeting_id: int, now: dt.datetime | None = None) -> Silence | None:
    """The latest procedure, running or decided."""
    found = procedures(session, actor, meeting_id, now)
    return found[-1] if found else None


def adopted(session: Session, actor: Actor, meeting_id: int, now: dt.datetime | None = None) -> Silence | None:
    return next((s for s in procedures(session, actor, meeting_id, now) if s.state == SilenceState.adopted), None)


def refuse_if_adopted(session: Session, actor: Actor, meeting_id: int, now: dt.datetime | None = None) -> None:
    """An adopted statement has no further versions and its draft takes no more amendments."""
    done = adopted(session, actor, meeting_id, now)
    if done is not None:
        raise PlannerError(f"The statement was adopted as {done.adopted_document.symbol}: it can no longer change.")


def refuse_when_closed(session: Session, actor: Actor, meeting_id: int, version: StatementVersion,
                       now: dt.datetime | None = None) -> Silence | None:
    """Nothing more on a statement that was adopted, nor on a version whose silence has expired; returns the silence
    running on `version`, if any."""
    running = None
    for silence in procedures(session, actor, meeting_id, now):
        if silence.state == SilenceState.adopted:
            raise PlannerError(f"The statement was adopted as {silence.adopted_document.symbol}: it can no longer change.")
        if silence.version.id == version.id:
            if _aware(now) >= as_utc(silence.procedure.expires_at):
                raise PlannerError(f"The silence procedure on {version.symbol} has expired: nothing more is accepted on it.")
            running = silence
    return running


def open_paragraph(session: Session, actor: Actor, meeting_id: int, paragraph_key: str | None, *,
                   version_number: int | None = None, now: dt.datetime | None = None) -> tuple[StatementVersion,
                                                                                            Silence | None]:
    """The latest circulated version, when delegations may still amend or comment on its paragraph `paragraph_key`,
    with the silence running on it, if any. `version_number`, when given (the version the delegate was reading), must
    be the latest. Without `paragraph_key`, the version open to amendments on any of its paragraphs."""
    meeting = get_meeting(session, actor, meeting_id)
    statement = statement_of(session, actor, meeting.id)
    version = latest_circulated(session, actor, statement.id) if statement else None
    if version is None:
        raise NotFound("The statement has not been circulated yet: amendments and comments are made on a circulated "
                       "version.")
    if version_number is not None and version_number != version.number:
        raise PlannerError(f"Version {version_number} has been superseded by {version.symbol}: reload the page and "
                           "work on the latest version.")
    running = refuse_when_closed(session, actor, meeting.id, version, now)
    if paragraph_key is not None and paragraph_key not in {p.key for p in paragraphs_of(session, actor, version)}:
        raise NotFound(f"{version.symbol} has no such paragraph.")
    return version, running


def start(session: Session, actor: Actor, meeting_id: int, *, expires_at: dt.datetime,
          now: dt.datetime | None = None) -> SilenceProcedure:
    """Put the latest circulated version under silence until `expires_at`."""
    require(actor, Capability.draft_statement)
    now, expires_at = _aware(now), _aware(expires_at)
    meeting = get_meeting(session, actor, meeting_id)
    statement = statement_of(session, actor, meeting.id)
    version = latest_circulated(session, actor, statement.id) if statement else None
    if version is None:
        raise NotFound("The statement has not been circulated yet: circulate a version before putting it under silence.")
    if expires_at <= now:
        raise PlannerError("The silence must expire in the future.")
    for silence in procedures(session, actor, meeting_id, now):
        if silence.state == SilenceState.adopted:
            raise PlannerError(f"The statement was already adopted as {silence.adopted_document.symbol}.")
        if silence.state == SilenceState.running:
            raise PlannerError(f"{silence.version.symbol} is already under silence until "
                               f"{local_moment(silence.procedure.expires_at, meeting.time_zone)}.")
        if silence.version.id == version.id:
            raise PlannerError(f"Silence on {version.symbol} was broken: circulate a revised version first.")
    standing = brackets.in_version(session, actor, version)
    if standing:
        raise PlannerError(f"{version.symbol} has {plural(len(standing), 'bracketed passage')}: a text in brackets "
                           "cannot go to silence. Lift them and circulate a revised version.")
    procedure = SilenceProcedure(statement_version_id=version.id, started_by=actor.email, started_at=now,
                                 expires_at=expires_at)
    session.add(procedure)
    session.flush()
    audit._record(session, actor, "statement.silence.start", "silence_procedure", procedure.id, None,
                  {"version": version.number, "symbol": version.symbol, "expires_at": expires_at.isoformat()}, meeting_id)
    mail_events.silence(session, meeting, "silence_started", procedure_id=procedure.id, symbol=version.symbol,
                        expires_at=expires_at)
    return procedure


def break_silence(session: Session, actor: Actor, meeting_id: int, text: str,
                  now: dt.datetime | None = None) -> SilenceObjection:
    """A delegation's written objection, before expiry."""
    delegation_id = require_invited(session, actor, meeting_id)
    now = _aware(now)
    silence = current(session, actor, meeting_id, now)
    if silence is not None and silence.state == SilenceState.adopted:
        raise PlannerError(_too_late(silence.adopted_document))
    if silence is None or silence.state != SilenceState.running:
        raise PlannerError("No silence procedure is running: there is no silence to break.")
    return record_objection(session, actor, meeting_id, silence.procedure, delegation_id, text, now)


def _too_late(document: IssuedDocument) -> str:
    return f"Silence has expired; the statement was adopted as {document.symbol}: there is no silence to break."


def record_objection(session: Session, actor: Actor, meeting_id: int, procedure: SilenceProcedure, delegation_id: int,
                     text: str, now: dt.datetime) -> SilenceObjection:
    """A delegate objects for their own delegation only, and only while no reader has adopted the statement: the
    objection waits for the procedure's lock, so an adoption committed meanwhile refuses it."""
    if require_delegation(actor) != delegation_id:
        raise PermissionDenied("You can break silence only for your own delegation.")
    procedure = _hold(session, procedure.id)
    if procedure.adopted_document_id is not None:
        raise PlannerError(_too_late(session.get(IssuedDocument, procedure.adopted_document_id)))
    problem = multiline_problem(text, 4000)
    if problem:
        raise PlannerError(f"The objection {problem}.")
    if not text.strip():
        raise PlannerError("Say in writing why your delegation breaks silence.")
    objection = SilenceObjection(silence_id=procedure.id, delegation_id=delegation_id, text=text.strip(),
                                 made_by=actor.email, made_at=now)
    session.add(objection)
    session.flush()
    audit._record(session, actor, "statement.silence.break", "silence_objection", objection.id, None,
                  audit.snapshot(objection), meeting_id)
    version = session.get(StatementVersion, procedure.statement_version_id)
    mail_events.silence(session, get_meeting(session, actor, meeting_id), "silence_broken", procedure_id=procedure.id,
                        symbol=version.symbol, expires_at=as_utc(procedure.expires_at),
                        delegation=session.get(Delegation, delegation_id).name)
    return objection
