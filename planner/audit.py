"""The audit log's writing half: every write records who, when, what, and the values before and after. Reading it back
in words is `planner.operations.audit_log`."""
from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel

from planner import db
from planner.access import Actor, signed_in
from planner.model_base import utc_now


class AuditEntry(SQLModel, table=True):
    """Who changed what, when, with the values before and after."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True), index=True)
    actor_email: str = Field(max_length=254, index=True)
    actor_role: str = Field(max_length=32)
    action: str = Field(max_length=80, index=True)
    entity: str = Field(max_length=60, index=True)
    entity_id: str = Field(default="", max_length=60)
    meeting_id: int | None = Field(default=None, index=True)
    before: dict | None = Field(default=None, sa_type=sa.JSON)
    after: dict | None = Field(default=None, sa_type=sa.JSON)


UNAUDITED_FIELDS = {"version", "password_hash"}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.time, dt.datetime)):
        return value.isoformat()
    return value


def snapshot(row: SQLModel | None) -> dict | None:
    """The row's columns as JSON-ready values, for the 'before' and 'after' of an entry."""
    if row is None:
        return None
    return {
        key: _plain(getattr(row, key))
        for key in row.__class__.model_fields
        if key not in UNAUDITED_FIELDS
    }


def snapshot_of(model: type[SQLModel], values: dict) -> dict:
    """What `snapshot` gives for a row of `model` with these column values (every column, as `db.insert_many` returns)."""
    return {key: _plain(values[key]) for key in model.model_fields if key not in UNAUDITED_FIELDS}


def changed_only(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    if before is None or after is None:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: Any = "",
    before: dict | None = None,
    after: dict | None = None,
    meeting_id: int | None = None,
) -> None:
    """One entry, written by the service that has just checked the user and made the change: the log cannot be
    written from outside the services, so no caller records anything in someone else's name."""
    signed_in(actor)
    before, after = changed_only(before, after)
    session.add(
        AuditEntry(
            actor_email=actor.email,
            actor_role=actor.role.value,
            action=action,
            entity=entity,
            entity_id=str(entity_id or ""),
            meeting_id=meeting_id,
            before=before,
            after=after,
        )
    )


def _record_many(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    changes: Iterable[tuple[Any, dict | None, dict | None]],
    meeting_id: int | None = None,
) -> None:
    """One entry per (entity id, before, after), as `_record` writes them, in one statement: an import of thousands."""
    signed_in(actor)
    at = utc_now()
    rows = []
    for entity_id, before, after in changes:
        before, after = changed_only(before, after)
        rows.append({
            "at": at, "actor_email": actor.email, "actor_role": actor.role.value, "action": action, "entity": entity,
            "entity_id": str(entity_id or ""), "meeting_id": meeting_id, "before": before, "after": after,
        })
    db.insert_many(session, AuditEntry, rows, new_ids=False)


