"""The audit log: every write records who, when, what, and the values before and after."""
from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from planner import db
from planner.access import Actor, Capability, require, signed_in
from planner.models import AuditEntry, utc_now

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


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: Any = "",
    before: dict | None = None,
    after: dict | None = None,
    meeting_id: int | None = None,
) -> None:
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


def record_many(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    changes: Iterable[tuple[Any, dict | None, dict | None]],
    meeting_id: int | None = None,
) -> None:
    """One entry per (entity id, before, after), as `record` writes them, in one statement: an import of thousands."""
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


def entries(
    session: Session,
    actor: Actor,
    *,
    meeting_id: int | None = None,
    actor_email: str | None = None,
    entity: str | None = None,
    action_contains: str | None = None,
    since: dt.date | None = None,
    limit: int = 2000,
) -> list[AuditEntry]:
    """The newest `limit` entries that match, newest first. The newest are found by id alone, then read whole: sorting
    every matching entry together with its before and after values took most of the time."""
    require(actor, Capability.read_audit)
    newest = (col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    query = select(AuditEntry.id).order_by(*newest)
    if meeting_id is not None:
        query = query.where(AuditEntry.meeting_id == meeting_id)
    if actor_email:
        query = query.where(col(AuditEntry.actor_email).contains(actor_email))
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if action_contains:
        query = query.where(col(AuditEntry.action).contains(action_contains))
    if since:
        query = query.where(AuditEntry.at >= dt.datetime.combine(since, dt.time.min, dt.timezone.utc))
    return list(session.exec(select(AuditEntry).where(col(AuditEntry.id).in_(query.limit(limit))).order_by(*newest)))
