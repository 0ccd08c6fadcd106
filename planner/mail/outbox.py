"""Writing messages into the outbox, in the caller's transaction: a change rolled back sends nothing, a committed one
is never forgotten. Each message is composed for its recipient (moments in the meeting's time and in the recipient's
own) from the wording in templates/mail.yaml, and held for a daily digest or left out as the recipient chose."""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

import yaml
from sqlmodel import Session, col, select

from planner import config
from planner.accounts.models import User
from planner.delegations.models import Delegation, Invitation, InvitationState
from planner.mail.models import ALWAYS_IMMEDIATE, Delivery, MailKind, MailPreference, MessageState, OutboxMessage
from planner.meetings.models import Meeting
from planner.text import writable
from planner.time_zones import local_moment

TAKING_PART = (InvitationState.sent, InvitationState.acknowledged, InvitationState.nominated, InvitationState.confirmed)


@functools.cache
def wording() -> dict:
    """templates/mail.yaml, each text's paragraphs (folded by YAML into one line each) a blank line apart, as mail
    readers show paragraphs."""
    loaded = yaml.safe_load((config.TEMPLATES_DIR / "mail.yaml").read_text(encoding="utf-8"))
    for entry in loaded.values():
        if isinstance(entry, dict):
            entry["text"] = "\n\n".join(entry["text"].split("\n"))
    return loaded


@dataclass(frozen=True)
class Recipient:
    """A person or an official address. `time_zone` is the recipient's own, where they chose one; `role` says in
    the footer why they receive it ('delegate of Austria', 'official address of Austria')."""

    email: str
    name: str = ""
    user_id: int | None = None
    time_zone: str = ""
    role: str = ""


def _delegate(user: User, delegation: Delegation) -> Recipient:
    return Recipient(user.email, user.name, user.id, user.time_zone, f"delegate of {delegation.name}")


def delegation_recipients(session: Session, meeting_id: int, delegation_ids: Iterable[int] | None = None) -> list[Recipient]:
    """The delegates and the official address of every delegation taking part (invited, not declined), or of
    these delegations only."""
    query = select(Delegation).join(Invitation, Invitation.delegation_id == Delegation.id).where(
        Invitation.meeting_id == meeting_id, col(Invitation.state).in_(TAKING_PART))
    if delegation_ids is not None:
        query = query.where(col(Delegation.id).in_(list(delegation_ids)))
    delegations = {delegation.id: delegation for delegation in session.exec(query)}
    users = session.exec(select(User).where(col(User.delegation_id).in_(list(delegations)), User.active == True)  # noqa: E712
                         .order_by(col(User.email)))
    found = [_delegate(user, delegations[user.delegation_id]) for user in users]
    found += [Recipient(delegation.official_email, f"Delegation of {delegation.name}", role=f"official address of "
                        f"{delegation.name}") for delegation in delegations.values() if delegation.official_email]
    return list({recipient.email.lower(): recipient for recipient in found}.values())


def user_recipient(user: User) -> Recipient:
    return Recipient(user.email, user.name, user.id, user.time_zone, f"{user.role.value} in the planner")


def link(page: str) -> str:
    """The address of a page of the planner, for the reader to act on."""
    return f"{config.public_url()}/{page}"


def moment_for(moment: dt.datetime, meeting: Meeting | None, recipient: Recipient) -> tuple[str, str]:
    """The moment in the meeting's time, and a sentence with the recipient's own time where it differs."""
    zone = meeting.time_zone if meeting else "UTC"
    there = local_moment(moment, zone)
    if not recipient.time_zone or recipient.time_zone == zone:
        return there, ""
    return there, f" In your time zone ({recipient.time_zone}) that is {local_moment(moment, recipient.time_zone)}."


def _deliveries(session: Session, kind: MailKind, recipients: list[Recipient]) -> dict[int, Delivery]:
    users = [r.user_id for r in recipients if r.user_id is not None]
    if kind in ALWAYS_IMMEDIATE or not users:
        return {}
    rows = session.exec(select(MailPreference).where(MailPreference.kind == kind, col(MailPreference.user_id).in_(users)))
    return {row.user_id: row.delivery for row in rows}


def post(session: Session, kind: MailKind, template: str, meeting: Meeting | None, recipients: list[Recipient],
         values: dict[str, object], *, page: str, moments: dict[str, dt.datetime] | None = None,
         attachments: Iterable[str] = (), once: str | None = None) -> list[OutboxMessage]:
    """One message per recipient in the outbox of this transaction. `once` marks a notice due at a time: written
    once per recipient, however many senders find it due (a second write is skipped, not an error)."""
    chosen = _deliveries(session, kind, recipients)
    words = wording()[template]
    written = []
    for recipient in recipients:
        delivery = chosen.get(recipient.user_id, Delivery.immediate)
        if delivery == Delivery.off:
            continue
        once_key = f"{once}:{recipient.email.lower()}" if once else None
        if once_key and session.exec(select(OutboxMessage.id).where(OutboxMessage.once_key == once_key)).first():
            continue
        filled = {**values, "link": link(page), "preferences_link": link("notifications"),
                  "role": recipient.role or "a user", "meeting": meeting.title if meeting else ""}
        for name, moment in (moments or {}).items():
            filled[name], filled[f"{name}_for_you"] = moment_for(moment, meeting, recipient)
        text = words["text"].format(**filled)
        if meeting is not None:
            text += "\n\n-- \n" + wording()["footer"].format(**filled)
        message = OutboxMessage(kind=kind, meeting_id=meeting.id if meeting else None, recipient=recipient.email,
                                recipient_name=recipient.name, subject=one_line(words["subject"].format(**filled)),
                                text=writable(text), attachments=list(attachments), once_key=once_key,
                                state=MessageState.held if delivery == Delivery.digest else MessageState.pending)
        session.add(message)
        written.append(message)
    session.flush()
    return written


def one_line(text: str) -> str:
    """A header's text: every line break or control character a space, so no text can start a header of its own."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
