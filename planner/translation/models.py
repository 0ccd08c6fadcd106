"""Translations: one row per unit, language and original text translated. A translation names the original it was
made from, so it is current exactly where the unit's original still reads the same, in whichever version."""
from __future__ import annotations

import datetime as dt
import hashlib

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from planner.model_base import Labelled, Versioned, enum_type, utc_now


class TranslatedDocument(Labelled):
    """The documents issued in every language of the meeting."""

    statement = "statement"
    agenda = "agenda"


class UnitState(Labelled):
    """Where a unit stands in one language against the original it has now."""

    missing = "missing"
    needs_update = "needs_update"
    current = "current"


class Translation(Versioned, SQLModel, table=True):
    """The text of one unit (`unit_key`, e.g. 'p:3f…' for a paragraph) in one language, made from `source_text`."""

    __table_args__ = (sa.UniqueConstraint("meeting_id", "document", "unit_key", "language", "source_digest"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    document: TranslatedDocument = Field(sa_type=enum_type(TranslatedDocument))
    unit_key: str = Field(max_length=80)
    language: str = Field(max_length=2)
    source_text: str = Field(max_length=8000, description="The original as it read when this was translated.")
    source_digest: str = Field(max_length=64, description="SHA-256 of source_text: the unique key cannot hold it all.")
    text: str = Field(max_length=8000)
    translated_by: str = Field(max_length=254)
    translated_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    version: int = Field(default=1)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
