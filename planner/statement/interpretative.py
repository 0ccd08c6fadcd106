"""Interpretative statements: after adoption, a delegation may make one under paragraph IV.1(A)6 of the Rules of
Procedure. Each is attached to the issued statement, headed as OSCE documents head them and signed "By the
delegation of …", and the statement's final lines list them. The adopted text never changes once issued: each
interpretative statement is issued as the next addendum to it (…/Add.n), the adopted text with every interpretative
statement made until then attached."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from planner import audit, register
from planner.access import SYSTEM, Actor
from planner.delegations.invitations import require_invited
from planner.delegations.models import Delegation
from planner.errors import PlannerError
from planner.meetings.planning import get_meeting, today_at
from planner.register import DocumentKind, DocumentSuffix
from planner.statement import silence
from planner.statement.models import InterpretativeStatement
from planner.text import multiline_problem

RULE = ("under paragraph IV.1(A)6 of the Rules of Procedure of the Organization for Security and Co-operation in "
        "Europe")
HEADING = f"Interpretative statement {RULE}"
MAX_LENGTH = 8000


def submit(session: Session, actor: Actor, meeting_id: int, text: str, now=None) -> InterpretativeStatement:
    """One per delegation, on the adopted statement."""
    delegation_id = require_invited(session, actor, meeting_id)
    adopted = silence.adopted(session, actor, meeting_id, now)
    if adopted is None:
        raise PlannerError("The statement has not been adopted: an interpretative statement is made on the adopted text.")
    problem = multiline_problem(text, MAX_LENGTH)
    if problem:
        raise PlannerError(f"The interpretative statement {problem}.")
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise PlannerError("Write the interpretative statement.")
    if session.exec(select(InterpretativeStatement).where(InterpretativeStatement.silence_id == adopted.procedure.id,
                                                          InterpretativeStatement.delegation_id == delegation_id)).first():
        raise PlannerError("Your delegation has already made an interpretative statement on this text.")
    made = InterpretativeStatement(silence_id=adopted.procedure.id, delegation_id=delegation_id, text=text,
                                   submitted_by=actor.email)
    session.add(made)
    session.flush()
    audit._record(session, actor, "statement.interpretative", "interpretative_statement", made.id, None,
                  audit.snapshot(made), meeting_id)
    meeting = get_meeting(session, actor, meeting_id)
    base = adopted.adopted_document
    register.issue_suffix(session, SYSTEM, base=base, suffix=DocumentSuffix.addendum,
                          kind=DocumentKind.interpretative_statement,
                          title=f"Interpretative statement by the delegation of "
                                f"{session.get(Delegation, delegation_id).in_sentence}, attached to {base.symbol}",
                          issued_on=max(now.astimezone(ZoneInfo(meeting.time_zone)).date() if now else today_at(meeting),
                                        base.issued_on))
    return made


def attached(session: Session, actor: Actor, meeting_id: int,
             now=None) -> list[tuple[Delegation, InterpretativeStatement]]:
    """The interpretative statements on the adopted text, in the order made."""
    get_meeting(session, actor, meeting_id)
    adopted = silence.adopted(session, actor, meeting_id, now)
    if adopted is None:
        return []
    rows = session.exec(select(InterpretativeStatement, Delegation).join(Delegation).where(
        InterpretativeStatement.silence_id == adopted.procedure.id).order_by(col(InterpretativeStatement.id)))
    return [(delegation, made) for made, delegation in rows]
