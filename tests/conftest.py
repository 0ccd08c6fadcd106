"""Every test gets a fresh, migrated database with reference data: SQLite always, PostgreSQL when reachable.

PostgreSQL: PLANNER_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test). Each run works in a
schema of its own, dropped afterwards. Without a reachable server those tests skip with the reason; in CI (CI=true)
they fail instead, so a missing server cannot pass unnoticed."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from planner import db
from planner.access import SYSTEM, Actor
from planner.accounts import users
from planner.delegations import invitations, reference
from planner.documents.archive import register_builders
from planner.meetings import planning
from planner.models import InvitationState, Role
from planner.operations import demo

register_builders()
ALL_TABLES = [t.name for t in SQLModel.metadata.sorted_tables]


def _postgres_base_url() -> str | None:
    return os.environ.get("PLANNER_TEST_POSTGRES_URL", "").strip() or None


def _prepare(url: str) -> None:
    """Migrate and load reference data into `url` without pointing the process at it: a template must never become
    the database the next test writes to."""
    db.upgrade(url)
    with Session(db.engine_for(url)) as session:
        reference.load_reference_data(session, SYSTEM)
        session.commit()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "planner.db"
    _prepare(f"sqlite:///{path}")
    db.engine_for(f"sqlite:///{path}").dispose()
    with sa.create_engine(f"sqlite:///{path}").connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def postgres_schema_url():
    base = _postgres_base_url()
    if base is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the suite against PostgreSQL: set PLANNER_TEST_POSTGRES_URL")
        pytest.skip("PLANNER_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
    try:
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            schema = f"planner_test_{uuid.uuid4().hex[:10]}"
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    except sa.exc.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at PLANNER_TEST_POSTGRES_URL is not reachable in CI: {error}")
        pytest.skip(f"PostgreSQL at PLANNER_TEST_POSTGRES_URL is not reachable: {error}")
    separator = "&" if "?" in base else "?"
    url = f"{base}{separator}options=-csearch_path%3D{schema}"
    _prepare(url)
    yield url
    db.engine_for(url).dispose()
    with admin.connect() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@contextmanager
def postgres_schema_of_its_own(prefix: str) -> Iterator[str]:
    """A fresh, empty schema on the test PostgreSQL server, as a URL; dropped afterwards. Skips without PostgreSQL."""
    base = _postgres_base_url()
    if base is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the suite against PostgreSQL: set PLANNER_TEST_POSTGRES_URL")
        pytest.skip("PLANNER_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        db.engine_for(url).dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, monkeypatch) -> str:
    """A clean database for one test, as PLANNER_DATABASE_URL (so pages and the CLI use it too)."""
    if request.param == "sqlite":
        path = tmp_path / "planner.db"
        monkeypatch.setenv("PLANNER_DATABASE_URL", f"sqlite:///{path}")
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_schema_url")
        monkeypatch.setenv("PLANNER_DATABASE_URL", url)
        tables = ", ".join(f'"{name}"' for name in ALL_TABLES)
        with db.engine_for(url).begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        with db.transaction() as session:
            reference.load_reference_data(session, SYSTEM)
    yield url
    if request.param == "sqlite":
        db.engine_for(url).dispose()


@pytest.fixture
def session(database_url):
    """A unit of work that commits at the end of the test's `with` blocks; tests mostly open their own."""
    with db.transaction() as opened:
        yield opened


def invite_and_send_to(session: Session, actor: Actor, meeting_id: int, *names: str, on: dt.date | None = None) -> None:
    """Invite these delegations and send their notes verbales: only invited delegations speak at a meeting."""
    delegations = [reference.find_delegation(session, name).id for name in names]
    for invited in invitations.invite(session, actor, meeting_id, delegations):
        invitations.send(session, actor, invited.id, on=on)


@pytest.fixture
def organizer() -> Actor:
    return Actor(email="organizer@test.osce", role=Role.organizer, name="Organizer")


@pytest.fixture
def secretariat() -> Actor:
    return Actor(email="secretariat@test.osce", role=Role.secretariat, name="Secretariat")


@pytest.fixture
def admin() -> Actor:
    return Actor(email="admin@test.osce", role=Role.admin, name="Admin")


def delegate_of(name: str) -> Actor:
    with db.transaction() as session:
        delegation = reference.find_delegation(session, name)
    return Actor(email=f"delegate.{delegation.iso_code or delegation.id}@test.osce".lower(), role=Role.delegate,
                 delegation_id=delegation.id)


@pytest.fixture
def austria_delegate(database_url) -> Actor:
    return delegate_of("Austria")


@pytest.fixture
def make_meeting(database_url, organizer):
    """Create a meeting (defaults: two days, 2027, Vienna) and return its id."""

    def make(**overrides) -> int:
        values = dict(
            title="Meeting of the Chiefs of Police", chairmanship="Slovakia", chairmanship_year=2027, city="Vienna",
            start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 11), venue="Hofburg",
            registration_deadline=dt.date(2027, 4, 20), time_zone="Europe/Vienna", languages=["English"],
        )
        values.update(overrides)
        with db.transaction() as session:
            return planning.create_meeting(session, organizer, planning.MeetingDetails(**values)).id

    return make


def invite_and_send(session: Session, actor: Actor, meeting_id: int, *groups: str, on: dt.date | None = None) -> None:
    """Invite these groups and send every note verbale still in draft: delegations nominate in answer to one."""
    for group in groups:
        invitations.invite_group(session, actor, meeting_id, group)
    drafts = [row.invitation.id for row in invitations.list_invitations(session, actor, meeting_id)
              if row.invitation.state == InvitationState.draft]
    invitations.apply_to_many(session, actor, drafts, InvitationState.sent, on=on)


@pytest.fixture
def demo_meeting(database_url) -> int:
    with db.transaction() as session:
        return demo.create_demo_meeting(session, SYSTEM, today=dt.date(2026, 11, 30))


@pytest.fixture
def demo_users(database_url):
    with db.transaction() as session:
        demo.ensure_demo_users(session, SYSTEM)
    return demo.DEMO_USERS


def sign_in_actor(email: str) -> Actor:
    with db.transaction() as session:
        return users.authenticate(session, email, demo.DEMO_PASSWORD)
