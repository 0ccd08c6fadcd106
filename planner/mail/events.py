"""The changes people are told of by mail, each called by the service that makes the change, in its transaction.
Who is told: every delegation taking part (its delegates and its official address) of what is circulated to all and
of a silence procedure; a delegation of what concerns it alone (its amendment, its comment, its note verbale); a user
of their own account. Attachments are named here and built by the sender from records that never change."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from planner.accounts.models import User
from planner.dates import long_date
from planner.delegations.models import Delegation
from planner.mail.models import MailKind
from planner.mail.outbox import delegation_recipients, post, user_recipient
from planner.meetings.models import Meeting


def agenda_circulated(session: Session, meeting: Meeting, *, symbol: str, issued_on: dt.date, name: str) -> None:
    post(session, MailKind.agenda_circulated, "agenda_circulated", meeting,
         delegation_recipients(session, meeting.id),
         {"symbol": symbol, "issued_on": long_date(issued_on), "agenda_name": name, "agenda_name_lower": name.lower()},
         page="agenda_review", attachments=[f"meeting_calendar:{meeting.id}"])


def statement_circulated(session: Session, meeting: Meeting, *, number: int, symbol: str, issued_on: dt.date) -> None:
    post(session, MailKind.statement_circulated, "statement_circulated", meeting,
         delegation_recipients(session, meeting.id),
         {"symbol": symbol, "issued_on": long_date(issued_on), "number": number}, page="negotiation")


def amendment_decided(session: Session, meeting: Meeting, *, delegation_id: int, accepted: bool, paragraph: str,
                      symbol: str, reason: str) -> None:
    delegation = session.get(Delegation, delegation_id)
    post(session, MailKind.amendment_decided, "amendment_decided", meeting,
         delegation_recipients(session, meeting.id, [delegation_id]),
         {"decision": "accepted" if accepted else "rejected", "delegation": delegation.in_sentence,
          "paragraph": paragraph, "symbol": symbol, "reason": f"Reason: {reason}" if reason else ""},
         page="negotiation")


def comment_answered(session: Session, meeting: Meeting, *, delegation_id: int, author_email: str, about: str,
                     document: str, answer: str, page: str, page_title: str) -> None:
    """To the comment's author and the official address of their delegation."""
    delegation = session.get(Delegation, delegation_id)
    recipients = [r for r in delegation_recipients(session, meeting.id, [delegation_id])
                  if r.user_id is None or r.email.lower() == author_email.lower()]
    post(session, MailKind.comment_answered, "comment_answered", meeting, recipients,
         {"delegation": delegation.in_sentence, "about": about, "document": document, "answer": answer,
          "page": page_title}, page=page)


def silence(session: Session, meeting: Meeting, template: str, *, procedure_id: int, symbol: str,
            expires_at: dt.datetime, once: bool = False, **values: str) -> None:
    """A silence procedure started, ending within a day, broken or passed: to every delegation taking part. A
    notice found due by the clock (`once`) is written once, whichever sender finds it."""
    post(session, MailKind.silence, template, meeting, delegation_recipients(session, meeting.id),
         {"symbol": symbol, **values}, page="negotiation", moments={"expires": expires_at},
         once=f"{template}:{procedure_id}" if once else None)


def note_verbale_sent(session: Session, meeting: Meeting, *, invitation_id: int, delegation_id: int, symbol: str,
                      title: str, issued_on: dt.date, reminder: bool = False) -> None:
    """To the delegation's official address and its delegates, with the note verbale (or the reminder) and the
    meeting's calendar."""
    delegation = session.get(Delegation, delegation_id)
    post(session, MailKind.note_verbale, "note_verbale", meeting,
         delegation_recipients(session, meeting.id, [delegation_id]),
         {"symbol": symbol, "title": title, "delegation": delegation.name, "issued_on": long_date(issued_on)},
         page="participants",
         attachments=[f"{'reminder' if reminder else 'note_verbale'}:{invitation_id}", f"meeting_calendar:{meeting.id}"])


def registration_closing(session: Session, meeting: Meeting, delegation_ids: list[int]) -> None:
    """Delegations that have nominated nobody, some days before the registration deadline: once each."""
    for delegation_id in delegation_ids:
        delegation = session.get(Delegation, delegation_id)
        post(session, MailKind.registration_deadline, "registration_deadline", meeting,
             delegation_recipients(session, meeting.id, [delegation_id]),
             {"delegation": delegation.in_sentence.capitalize() if delegation.in_sentence[:4] == "the "
              else delegation.in_sentence, "deadline": long_date(meeting.registration_deadline)},
             page="participants", once=f"registration:{meeting.id}:{delegation_id}")


def account(session: Session, user: User, template: str, *, when: dt.datetime | None = None) -> None:
    """An account opened, or its password reset: to its owner only."""
    post(session, MailKind.account, template, None, [user_recipient(user)],
         {"role": user.role.value, "when": ""}, page="", moments={"when": when} if when else None)

