"""A meeting, its chosen priorities and its working timetable."""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from planner.model_base import Labelled, StateMachine, Versioned, enum_type, new_key, utc_now


class MeetingStatus(Labelled):
    """From draft to concluded: planned meetings are shown to delegations, invitations go out, the meeting is held."""

    draft = "draft"
    planned = "planned"
    invitations_sent = "invitations_sent"
    held = "held"
    concluded = "concluded"


class AgendaItemKind(str, Enum):
    opening = "opening"
    session = "session"
    break_ = "break"
    lunch = "lunch"
    closing = "closing"


class AgendaItemContent(SQLModel):
    """What an agenda item says: the same in the working timetable and in every circulated version that froze it."""

    day: dt.date
    start: dt.time
    end: dt.time
    kind: AgendaItemKind = Field(sa_type=enum_type(AgendaItemKind))
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=4000)
    room: str = Field(default="", max_length=100)
    moderator: str = Field(default="", max_length=200)
    rapporteur: str = Field(default="", max_length=200)
    speakers: str = Field(default="", max_length=2000, description="';'-separated names.")
    interpretation: str = Field(default="", max_length=200, description="','-separated languages.")


class Meeting(StateMachine, Versioned, SQLModel, table=True):
    states: ClassVar = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    chairmanship_id: int = Field(foreign_key="delegation.id")
    chairmanship_year: int
    city: str = Field(max_length=100)
    venue: str = Field(default="", max_length=200)
    start_date: dt.date
    end_date: dt.date
    time_zone: str = Field(default="Europe/Vienna", max_length=60)
    languages: str = Field(default="English", max_length=200, description="Working languages, ','-separated.")
    original_language: str = Field(default="en", max_length=2,
                                   description="Code of the language the documents are written in; the others translate it.")
    registration_deadline: dt.date | None = None
    status: MeetingStatus = Field(default=MeetingStatus.draft, sa_type=enum_type(MeetingStatus))
    symbol_prefix: str = Field(default="CIO.GAL", max_length=40)
    format_key: str | None = Field(default=None, max_length=60)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    version: int = Field(default=1)

    @property
    def language_names(self) -> list[str]:
        return [name.strip() for name in self.languages.split(",") if name.strip()]

    @property
    def days(self) -> list[dt.date]:
        return [self.start_date + dt.timedelta(days=n) for n in range((self.end_date - self.start_date).days + 1)]


class MeetingPriority(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("meeting_id", "priority_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    priority_id: int = Field(foreign_key="priority.id")
    position: int


class AgendaItem(Versioned, AgendaItemContent, table=True):
    """One item of the organizers' timetable. `key` is the item's identity across circulated agenda versions and
    calendar exports, whatever its time, title or place in the day."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    key: str = Field(default_factory=new_key, max_length=32, index=True)
    priority_id: int | None = Field(default=None, foreign_key="priority.id")
    position: int = 0
    version: int = Field(default=1)