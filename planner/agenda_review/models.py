"""The agenda's tables: frozen versions and their items, who opened them, and comments per item."""
from __future__ import annotations

import datetime as dt
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from planner.comment_threads import DelegationComment
from planner.errors import ImmutableVersion
from planner.meetings.models import AgendaItemContent
from planner.model_base import Labelled, StateMachine, Versioned, enum_type, utc_now


class AgendaVersionStatus(Labelled):
    """A frozen copy of the timetable: prepared for the organizers to check, circulated to delegations with a symbol,
    and at last marked final (the agenda as adopted)."""

    draft = "draft"
    circulated = "circulated"
    final = "final"


class AgendaVersion(StateMachine, Versioned, SQLModel, table=True):
    """One version of the agenda: numbered 1, 2, … per meeting; its items never change once taken."""

    states: ClassVar = "agenda_version"

    __tablename__ = "agenda_version"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    number: int
    status: AgendaVersionStatus = Field(default=AgendaVersionStatus.draft, sa_type=enum_type(AgendaVersionStatus))
    time_zone: str = Field(max_length=60, description="The meeting's time zone when the version was taken.")
    document_id: int | None = Field(default=None, foreign_key="issued_document.id")
    symbol: str | None = Field(default=None, max_length=60)
    issued_on: dt.date | None = None
    prepared_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    prepared_by: str = Field(max_length=254)
    circulated_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    circulated_by: str | None = Field(default=None, max_length=254)
    version: int = Field(default=1)


class AgendaVersionItem(AgendaItemContent, table=True):
    """An agenda item as one version froze it; `key` is the timetable item's key."""

    __tablename__ = "agenda_version_item"
    __table_args__ = (sa.UniqueConstraint("agenda_version_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    agenda_version_id: int = Field(foreign_key="agenda_version.id", index=True)
    key: str = Field(max_length=32)
    position: int


class AgendaOpening(SQLModel, table=True):
    """A delegate opened a circulated agenda version: organizers see which delegations have read it."""

    __tablename__ = "agenda_opening"
    __table_args__ = (sa.UniqueConstraint("agenda_version_id", "user_email"),)

    id: int | None = Field(default=None, primary_key=True)
    agenda_version_id: int = Field(foreign_key="agenda_version.id", index=True)
    delegation_id: int = Field(foreign_key="delegation.id", index=True)
    user_email: str = Field(max_length=254)
    opened_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))


class AgendaComment(Versioned, DelegationComment, table=True):
    """A delegation's comment on one agenda item (by its key) of a circulated version, and the organizers' answer."""

    __tablename__ = "agenda_comment"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    agenda_version_id: int = Field(foreign_key="agenda_version.id")
    item_key: str = Field(max_length=32, index=True)


@sa.event.listens_for(AgendaVersionItem, "before_update")
def _refuse_changing_an_agenda_version(_mapper, _connection, _target: AgendaVersionItem) -> None:
    """Items of an agenda version are written once, when the version is taken."""
    raise ImmutableVersion("An agenda version cannot change: prepare a new version from the timetable instead.")


@sa.event.listens_for(AgendaVersionItem, "before_delete")
def _refuse_deleting_a_circulated_agenda_item(_mapper, connection, target: AgendaVersionItem) -> None:
    """Only a version still in draft (never circulated) may be discarded with its items."""
    status = connection.execute(sa.select(AgendaVersion.__table__.c.status).where(
        AgendaVersion.__table__.c.id == target.agenda_version_id)).scalar()
    if status not in (None, AgendaVersionStatus.draft.value, AgendaVersionStatus.draft):
        raise ImmutableVersion("A circulated agenda version cannot change.")


