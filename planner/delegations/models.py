"""The delegations: reference data (participating States, Partners, organizations, the Strategic Framework's
priorities and normative documents), their invitations and their nominated participants."""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from planner.model_base import Labelled, StateMachine, Versioned, enum_type


class DelegationKind(Labelled):
    participating_state = "participating_state"
    partner_mediterranean = "partner_mediterranean"
    partner_asian = "partner_asian"
    organization = "organization"
    host = "host"


class InvitationState(Labelled):
    draft = "draft"
    sent = "sent"
    acknowledged = "acknowledged"
    nominated = "nominated"
    confirmed = "confirmed"
    declined = "declined"
    no_reply = "no_reply"
    host = "host"  # the Chairmanship's own State: it hosts the meeting, is not invited and gets no note verbale


class Gender(str, Enum):
    """As the nominating delegation gives it: the list of participants and the dashboard count women and men."""

    female = "female"
    male = "male"
    other = "other"


class RegistrationStatus(Labelled):
    nominated = "nominated"
    registered = "registered"
    cancelled = "cancelled"


class Delegation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: DelegationKind = Field(sa_type=enum_type(DelegationKind), index=True)
    name: str = Field(max_length=200, unique=True)
    in_sentence: str = Field(max_length=250, description="The name as it reads inside a sentence, e.g. 'the Netherlands'.")
    sort_name: str = Field(default="", max_length=200, index=True,
                           description="The name as people look it up: no leading article, no diacritics (see reference.sort_key).")
    other_names: str = Field(default="", max_length=1000, description="Former names and variants, ';'-separated.")
    iso_code: str | None = Field(default=None, max_length=2)
    joined: dt.date | None = None
    official_email: str = Field(default="", max_length=254,
                                description="The address notes verbales are mailed to (the delegation's mission).")

    @property
    def all_names(self) -> list[str]:
        return [self.name, *[n.strip() for n in self.other_names.split(";") if n.strip()]]


class Priority(SQLModel, table=True):
    """A thematic priority of the Strategic Framework for Police-Related Activities (PC.DEC/1049)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=60, unique=True)
    number: int
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)


class NormativeDocument(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    symbol: str = Field(max_length=60, unique=True)
    title: str = Field(max_length=500)
    date: dt.date | None = None
    place: str = Field(default="", max_length=100)


class Invitation(StateMachine, Versioned, SQLModel, table=True):
    states: ClassVar = "invitation"

    __table_args__ = (sa.UniqueConstraint("meeting_id", "delegation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    delegation_id: int = Field(foreign_key="delegation.id")
    state: InvitationState = Field(default=InvitationState.draft, sa_type=enum_type(InvitationState))
    reference: str | None = Field(default=None, max_length=60, description="Symbol of the note verbale.")
    note_id: int | None = Field(default=None, foreign_key="issued_document.id",
                                description="The note verbale in the document register, once sent.")
    created_on: dt.date = Field(default_factory=dt.date.today)
    sent_on: dt.date | None = None
    acknowledged_on: dt.date | None = None
    nominated_on: dt.date | None = None
    confirmed_on: dt.date | None = None
    declined_on: dt.date | None = None
    no_reply_on: dt.date | None = None
    reminder_count: int = 0
    last_reminder_on: dt.date | None = None
    version: int = Field(default=1)

    @property
    def answered(self) -> bool:
        return self.state not in (InvitationState.draft, InvitationState.sent, InvitationState.no_reply)

    def move_to(self, new: InvitationState, on: dt.date) -> None:
        """Every change of an invitation is dated (`sent_on`, `declined_on`, …): the replies dashboard and the notes
        verbales read those dates."""
        super().move_to(new)
        setattr(self, f"{self.state.value}_on", on)


class Participant(Versioned, SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "delegation_id", "email", name="uq_participant_delegation_email"),
        sa.Index(
            "uq_participant_one_head",
            "meeting_id",
            "delegation_id",
            unique=True,
            sqlite_where=sa.text("head_of_delegation"),
            postgresql_where=sa.text("head_of_delegation"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    delegation_id: int = Field(foreign_key="delegation.id", index=True)
    salutation: str = Field(default="", max_length=40)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    rank: str = Field(default="", max_length=100)
    function: str = Field(default="", max_length=200)
    agency: str = Field(default="", max_length=200)
    email: str = Field(max_length=254)
    gender: Gender | None = Field(default=None, sa_type=enum_type(Gender))
    head_of_delegation: bool = False
    registration_status: RegistrationStatus = Field(
        default=RegistrationStatus.nominated, sa_type=enum_type(RegistrationStatus)
    )
    security_access: bool = False
    version: int = Field(default=1)