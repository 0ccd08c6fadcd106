"""Accounts: users, their sign-in sessions (a browser's revocable token) and failed sign-ins for throttling."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from planner.access import Role
from planner.model_base import enum_type, utc_now


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(default="", max_length=200)
    role: Role = Field(sa_type=enum_type(Role))
    delegation_id: int | None = Field(default=None, foreign_key="delegation.id")
    password_hash: str = Field(max_length=200)
    active: bool = True
    time_zone: str = Field(default="", max_length=60, description="Where the user reads their mail; empty: the meeting's.")
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))


class SignInSession(SQLModel, table=True):
    """A browser signed in as a user: the cookie holds a random token, the table only its hash, so a copy of the
    database cannot sign anyone in. Ends at sign-out (revoked), after idle time, or at its absolute expiry."""

    __tablename__ = "sign_in_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    last_seen_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    expires_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True))
    revoked_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))


class FailedSignIn(SQLModel, table=True):
    """One refused sign-in, counted per account and per browser session to slow down guessing (kept in the
    database so that every server process sees the same count)."""

    __tablename__ = "failed_sign_in"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, index=True)
    at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True), index=True)