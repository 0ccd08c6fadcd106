"""What the clock makes due, found by the sender on each pass rather than by a scheduler: a silence procedure about to
expire or passed, a registration deadline near for delegations that have nominated nobody, and each user's daily
digest. Every notice is written once (its key is unique), however many senders find it due."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from planner.access import SYSTEM
from planner.accounts.models import User
from planner.dates import as_utc, long_date
from planner.delegations.models import Invitation, Participant, RegistrationStatus
from planner.mail import events
from planner.mail.models import MailKind, MessageState, OutboxMessage
from planner.mail.outbox import TAKING_PART, Recipient, one_line, user_recipient, wording
from planner.meetings.models import Meeting, MeetingStatus
from planner.statement import silence
from planner.statement.silence import SilenceState


SILENCE_WARNING = dt.timedelta(hours=24)
REGISTRATION_WARNING = dt.timedelta(days=3)
DIGEST_HOUR = 8  # a digest goes out from 08:00 in the recipient's time zone


def _open_meetings(session: Session) -> list[Meeting]:
    return list(session.exec(select(Meeting).where(Meeting.status != MeetingStatus.draft)))


def silence_notices(session: Session, meeting: Meeting, now: dt.datetime) -> None:
    for procedure in silence.procedures(session, SYSTEM, meeting.id, now):
        expires = as_utc(procedure.procedure.expires_at)
        common = {"procedure_id": procedure.procedure.id, "symbol": procedure.version.symbol, "expires_at": expires,
                  "once": True}
        long_enough = expires - as_utc(procedure.procedure.started_at) > SILENCE_WARNING  # else "started" said it
        if procedure.state == SilenceState.running and expires - now <= SILENCE_WARNING and long_enough:
            events.silence(session, meeting, "silence_ending", **common)
        elif procedure.state == SilenceState.adopted:
            events.silence(session, meeting, "silence_passed", adopted_symbol=procedure.adopted_document.symbol,
                           **common)


def registration_notices(session: Session, meeting: Meeting, now: dt.datetime) -> None:
    deadline = meeting.registration_deadline
    if deadline is None or not (now.date() <= deadline <= (now + REGISTRATION_WARNING).date()):
        return
    nominated = set(session.exec(select(Participant.delegation_id).where(
        Participant.meeting_id == meeting.id, Participant.registration_status != RegistrationStatus.cancelled)))
    silent = [delegation_id for delegation_id in session.exec(select(Invitation.delegation_id).where(
        Invitation.meeting_id == meeting.id, col(Invitation.state).in_(TAKING_PART))) if delegation_id not in nominated]
    events.registration_closing(session, meeting, silent)


def digests(session: Session, now: dt.datetime) -> None:
    """Each recipient's held messages in one, once a day from 08:00 their time (the meeting's time where they chose
    none, UTC for an account without meetings)."""
    held: dict[str, list[OutboxMessage]] = defaultdict(list)
    for message in session.exec(select(OutboxMessage).where(OutboxMessage.state == MessageState.held)
                                .order_by(col(OutboxMessage.id))):
        held[message.recipient.lower()].append(message)
    for address, messages in held.items():
        user = session.exec(select(User).where(User.email == messages[0].recipient)).first()
        meeting = session.get(Meeting, messages[0].meeting_id) if messages[0].meeting_id else None
        zone = (user.time_zone if user and user.time_zone else None) or (meeting.time_zone if meeting else "UTC")
        local = now.astimezone(ZoneInfo(zone))
        if local.hour < DIGEST_HOUR:
            continue
        once_key = f"digest:{address}:{local.date().isoformat()}"
        if session.exec(select(OutboxMessage.id).where(OutboxMessage.once_key == once_key)).first():
            continue
        recipient = user_recipient(user) if user else Recipient(messages[0].recipient, messages[0].recipient_name)
        words = wording()["digest"]
        values = {"count": len(messages), "day": long_date(local.date())}
        body = [words["text"].format(**values)] + [f"{'=' * 70}\n{m.subject}\n\n{m.text}" for m in messages]
        digest = OutboxMessage(kind=MailKind.digest, recipient=recipient.email, recipient_name=recipient.name,
                               subject=one_line(words["subject"].format(**values)), text="\n\n".join(body),
                               attachments=[a for m in messages for a in m.attachments], once_key=once_key)
        session.add(digest)
        session.flush()
        for message in messages:
            message.state, message.digest_id = MessageState.digested, digest.id
            session.add(message)


def find_due(session: Session, now: dt.datetime) -> None:
    """Every notice the clock has made due by `now`, into the outbox."""
    for meeting in _open_meetings(session):
        silence_notices(session, meeting, now)
        registration_notices(session, meeting, now)
    digests(session, now)
    session.flush()
