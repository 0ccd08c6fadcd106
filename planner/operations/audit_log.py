"""The audit log as people read it: entries found by who, what and when, each action in words, each record named as
people know it and each change as a field with its value before and after."""
from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import yaml
from sqlmodel import Session, SQLModel, col, func, select

from planner import config, models
from planner.access import Actor, Capability, require
from planner.accounts.models import User
from planner.audit import UNAUDITED_FIELDS, AuditEntry
from planner.delegations.models import Delegation

RECORD_NAMES_FILE = "audit_records.yaml"
ACTIONS_FILE = "audit_actions.yaml"
COMMAND_LINE = "command line"
NAME_WIDTH = 50
EMPTY = "—"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+([+-]\d{2}:\d{2})?)?$")


def entries(
    session: Session,
    actor: Actor,
    *,
    meeting_id: int | None = None,
    who: str | None = None,
    entity: str | None = None,
    action_contains: str | None = None,
    since: dt.date | None = None,
    limit: int = 2000,
) -> list[AuditEntry]:
    """The newest `limit` entries that match, newest first. `who` matches, in any case, part of the address or of the
    account's name; the command line's entries (`cli:<system user>`) also answer to "command line". The newest are
    found by id alone, then read whole: sorting every matching entry with its before and after values took most of
    the time. `action_contains` matches, in any case, part of what was done in words ("note verbale") or of its
    code ("invitation")."""
    require(actor, Capability.read_audit)
    newest = (col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
    query = select(AuditEntry.id).order_by(*newest)
    if meeting_id is not None:
        query = query.where(AuditEntry.meeting_id == meeting_id)
    if who and who.strip():
        text = who.strip().lower()
        named = select(User.email).where(func.lower(User.name).contains(text, autoescape=True))
        matches = [func.lower(AuditEntry.actor_email).contains(text, autoescape=True), col(AuditEntry.actor_email).in_(named)]
        if text in COMMAND_LINE:
            matches.append(col(AuditEntry.actor_email).startswith("cli:"))
        query = query.where(sa.or_(*matches))
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if action_contains and action_contains.strip():
        text = action_contains.strip().lower()
        worded = [code for code, phrase in _action_phrases().items() if text in phrase.lower()]
        query = query.where(sa.or_(func.lower(AuditEntry.action).contains(text, autoescape=True),
                                   col(AuditEntry.action).in_(worded)))
    if since:
        query = query.where(AuditEntry.at >= dt.datetime.combine(since, dt.time.min, dt.timezone.utc))
    return list(session.exec(select(AuditEntry).where(col(AuditEntry.id).in_(query.limit(limit))).order_by(*newest)))


@dataclass(frozen=True)
class Change:
    """One field of a record: its value before and after, as text; None on the side where the record did not exist
    (before it was created, after it was deleted)."""

    field: str
    before: str | None
    after: str | None

    def __str__(self) -> str:
        if self.before is None or self.after is None:
            return f"{self.field}: {self.after if self.before is None else self.before}"
        return f"{self.field}: {self.before} → {self.after}"


@dataclass(frozen=True)
class ReadableEntry:
    entry: AuditEntry
    action: str
    record: str
    changes: list[Change]


@functools.cache
def _action_phrases() -> dict[str, str]:
    """Action code → what was done in words, from templates/audit_actions.yaml."""
    return yaml.safe_load((config.TEMPLATES_DIR / ACTIONS_FILE).read_text(encoding="utf-8"))


def action_phrase(code: str) -> str:
    """'statement.silence.start' → 'Started the silence procedure'. A code with no phrase (recorded by an older
    version of the planner) reads as its words: 'Statement silence start'."""
    phrase = _action_phrases().get(code)
    return phrase or code.replace(".", " ").replace("_", " ").capitalize()


@functools.cache
def _enum_values() -> frozenset[str]:
    """Stored states ('no_reply', 'invitations_sent'), to be shown as words."""
    return frozenset(member.value for kind in vars(models).values()
                     if isinstance(kind, type) and issubclass(kind, enum.Enum) for member in kind)


def _shown(field: str, value: Any, delegation_names: Mapping[int, str]) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field == "delegation_id" and value in delegation_names:
        return delegation_names[value]
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_shown(k, v, delegation_names)}" for k, v in value.items())
    if isinstance(value, str) and value in _enum_values():
        return value.replace("_", " ")
    if isinstance(value, str) and ISO_DATE.match(value):
        return _moment(value)
    return str(value)


def _moment(text: str) -> str:
    """A stored date or moment ('2027-03-14', '2026-11-12T22:13:49.84+00:00') as people read it; every moment is
    stored in UTC."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    if len(text) == len("2027-03-14"):
        return f"{moment:%d %b %Y}"
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc)
    return f"{moment:%d %b %Y, %H:%M} UTC"


def _field_label(field: str) -> str:
    """'sent_on' → 'Sent on'; 'delegation_id' → 'Delegation' (its value is shown by name)."""
    return "Delegation" if field == "delegation_id" else field.replace("_", " ").capitalize()


def changes(before: dict | None, after: dict | None, delegation_names: Mapping[int, str]) -> list[Change]:
    """An entry's before and after, field by field, in words: what changed, or what a new (deleted) record held. The
    record's own id is left out: the record is named."""
    fields = [f for f in dict.fromkeys([*(before or {}), *(after or {})]) if f != "id"]
    return [Change(_field_label(f),
                   None if before is None else _shown(f, before.get(f), delegation_names),
                   None if after is None else _shown(f, after.get(f), delegation_names)) for f in fields]


@functools.cache
def _record_kinds() -> dict[str, tuple[type[SQLModel], str]]:
    """Entity → (model, phrase), from templates/audit_records.yaml."""
    raw = yaml.safe_load((config.TEMPLATES_DIR / RECORD_NAMES_FILE).read_text(encoding="utf-8"))
    return {entity: (getattr(models, spec["model"]), spec["name"]) for entity, spec in raw.items()}


def _shortened(value: Any) -> Any:
    """A long text cut after its last whole word that fits in a record's name."""
    if isinstance(value, str) and len(value) > NAME_WIDTH:
        cut = value[:NAME_WIDTH]
        return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"
    return value


def record_name(entity: str, entity_id: str, values: Mapping[str, Any] | None,
                delegation_names: Mapping[int, str]) -> str:
    """'invitation of Austria', 'nomination of Leila Weber': the record named from its values (its row, or what its
    entry kept), or, where they do not suffice, as 'invitation 82'."""
    plain = f"{entity.replace('_', ' ')} {entity_id}".strip()
    kind = _record_kinds().get(entity)
    if kind is None or not values:
        return plain
    fields = {key: _shortened(value) for key, value in values.items()}
    if "delegation_id" in values:
        fields["delegation"] = delegation_names.get(values["delegation_id"], EMPTY)
    try:
        return kind[1].format_map(fields)
    except (KeyError, ValueError, TypeError):
        return plain


def _records(session: Session, found: list[AuditEntry]) -> dict[tuple[str, str], dict]:
    """The current values of every record the entries name: one query per kind of record, not one per entry."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entry in found:
        if entry.entity in _record_kinds() and entry.entity_id.isdigit():
            wanted[entry.entity].add(int(entry.entity_id))
    values = {}
    for entity, ids in wanted.items():
        model = _record_kinds()[entity][0]
        for row in session.exec(select(model).where(col(model.id).in_(ids))):
            values[(entity, str(row.id))] = {key: getattr(row, key) for key in model.model_fields
                                             if key not in UNAUDITED_FIELDS}
    return values


def readable_entries(session: Session, actor: Actor, **filters: Any) -> list[ReadableEntry]:
    """`entries`, each with its record's name and its changes in words."""
    return described(session, actor, entries(session, actor, **filters))


def described(session: Session, actor: Actor, found: list[AuditEntry]) -> list[ReadableEntry]:
    """These entries, each with its record's name and its changes in words (a record deleted since is named from the
    values its entry kept). Wording 2,000 entries takes a quarter of a second, so a page words only those it shows."""
    require(actor, Capability.read_audit)
    delegation_names = dict(session.exec(select(Delegation.id, Delegation.name)).all())
    current = _records(session, found)
    return [ReadableEntry(
        entry,
        action_phrase(entry.action),
        record_name(entry.entity, entry.entity_id,
                    current.get((entry.entity, entry.entity_id)) or entry.before or entry.after, delegation_names),
        changes(entry.before, entry.after, delegation_names),
    ) for entry in found]
