"""The outbox and each user's choice of how to be told."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from planner.model_base import Labelled, enum_type, utc_now


class MailKind(Labelled):
    """What a message tells its reader; each user chooses per kind how to hear of it."""

    agenda_circulated = "agenda_circulated"
    statement_circulated = "statement_circulated"
    amendment_decided = "amendment_decided"
    comment_answered = "comment_answered"
    silence = "silence"
    note_verbale = "note_verbale"
    registration_deadline = "registration_deadline"
    account = "account"
    digest = "digest"


# A silence procedure passes by default and a note verbale is how a State is invited: neither can be turned off
# or put off to a digest. Account mail goes to one person about their own sign-in.
ALWAYS_IMMEDIATE = frozenset({MailKind.silence, MailKind.note_verbale, MailKind.account, MailKind.digest})


class Delivery(Labelled):
    immediate = "immediate"
    digest = "digest"
    off = "off"


class MessageState(Labelled):
    """pending: waiting for the sender (again, after a temporary failure); held: waiting for the recipient's daily
    digest; sent; failed: the server refused it for good, or every retry failed; digested: sent inside a digest."""

    pending = "pending"
    held = "held"
    sent = "sent"
    failed = "failed"
    digested = "digested"


class OutboxMessage(SQLModel, table=True):
    """One message to one recipient, as composed in the transaction of the change it tells of. `attachments` names
    what the sender attaches (the note verbale, the agenda's calendar): built from records that never change."""

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    kind: MailKind = Field(sa_type=enum_type(MailKind))
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    recipient: str = Field(max_length=254)
    recipient_name: str = Field(default="", max_length=200)
    subject: str = Field(max_length=300)
    text: str = Field(max_length=20000)
    attachments: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    once_key: str | None = Field(default=None, max_length=200, unique=True,
                                 description="Set for a notice due at a time: written once whoever finds it due.")
    state: MessageState = Field(default=MessageState.pending, sa_type=enum_type(MessageState), index=True)
    attempts: int = 0
    next_attempt_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    last_error: str = Field(default="", max_length=1000)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    sent_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    digest_id: int | None = Field(default=None, foreign_key="outbox_message.id",
                                  description="The digest that carried this held message.")


class MailPreference(SQLModel, table=True):
    """How one user hears of one kind of event; no row: immediately."""

    __tablename__ = "mail_preference"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    kind: MailKind = Field(sa_type=enum_type(MailKind))
    delivery: Delivery = Field(sa_type=enum_type(Delivery))
