"""What every concept's tables build on: enums stored as their values, column lengths the services check, aware UTC
moments, optimistic versions for rows people edit concurrently, stable keys, and the one state machine helper."""
from __future__ import annotations

import datetime as dt
import functools
import uuid
from enum import Enum
from typing import ClassVar

import sqlalchemy as sa
import yaml
from sqlalchemy.orm import declared_attr
from sqlmodel import SQLModel

from planner import config
from planner.errors import InvalidTransition


@functools.cache
def _machines() -> dict[str, dict]:
    return yaml.safe_load((config.TEMPLATES_DIR / "states.yaml").read_text(encoding="utf-8"))


@functools.cache
def _labels() -> dict[str, dict[str, str]]:
    return yaml.safe_load((config.TEMPLATES_DIR / "labels.yaml").read_text(encoding="utf-8"))


class Labelled(str, Enum):
    """A stored kind or state that people read: `label` is its name in templates/labels.yaml or, where it has none,
    its value in words ('invitations_sent' → 'Invitations sent')."""

    @property
    def label(self) -> str:
        return _labels().get(type(self).__name__, {}).get(self.value) or self.value.replace("_", " ").capitalize()


def enum_type(enum_class: type[Enum]) -> sa.Enum:
    """Store an enum as its value in a plain string column (no native PostgreSQL type to migrate)."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


def column_length(model: type[SQLModel], name: str) -> int:
    """The longest text a column holds: services check it, so that the database never has to refuse it."""
    return model.__table__.c[name].type.length


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Versioned:
    """Rows people edit concurrently: SQLAlchemy refuses an UPDATE whose version no longer matches."""

    @declared_attr
    def __mapper_args__(cls):  # noqa: N805 - SQLAlchemy's declared_attr protocol
        return {"version_id_col": cls.__table__.c.version}


def new_key() -> str:
    return uuid.uuid4().hex


class StateMachine:
    """A record whose state changes only through `move_to`, which refuses every move that templates/states.yaml does
    not allow for its kind of record (`states`, e.g. "meeting"), in the words given there."""

    states: ClassVar[str]

    @classmethod
    def next_states(cls, state: Enum) -> set[Enum]:
        """The states a record of this kind may move to from `state`."""
        return {type(state)(name) for name in _machines()[cls.states]["moves"][state.value]}

    def move_to(self, new: Enum) -> None:
        machine = _machines()[self.states]
        now = getattr(self, machine["field"])
        new = type(now)(new)
        if new not in self.next_states(now):
            raise InvalidTransition(machine["refusal"].format(now=now.label, new=new.label))
        setattr(self, machine["field"], new)
