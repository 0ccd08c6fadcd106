"""A throw-away database for a benchmark: SQLite in a temp folder unless PLANNER_DATABASE_URL is set."""
from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from planner import config, db, invitations, meetings, reference
from planner.access import SYSTEM


def fresh_database(extra_organizations: int = 0) -> Path:
    """Point the planner at a new database with reference data (plus synthetic organizations); returns the temp folder."""
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    os.environ.setdefault("PLANNER_DATABASE_URL", f"sqlite:///{folder / 'bench.db'}")
    data = folder / "data"
    shutil.copytree(config.DATA_DIR, data)
    if extra_organizations:
        with open(data / "delegations.csv", "a", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            for number in range(1, extra_organizations + 1):
                writer.writerow(["organization", f"Benchmark Organization {number}", f"the Benchmark Organization {number}",
                                 f"BO{number}", "", ""])
    db.upgrade()
    with db.transaction() as session:
        reference.load_reference_data(session, SYSTEM, data)
    return folder


@contextmanager
def own_schema(url: str | None) -> Iterator[None]:
    """Run against `url` (or PLANNER_DATABASE_URL): on PostgreSQL in a schema of its own, dropped afterwards, so the
    figures never depend on what the database already holds."""
    url = url or os.environ.get("PLANNER_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        if url:
            os.environ["PLANNER_DATABASE_URL"] = url
        yield
        return
    schema = f"planner_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    os.environ["PLANNER_DATABASE_URL"] = f"{url}{separator}options=-csearch_path%3D{schema}"
    try:
        yield
    finally:
        db.engine().dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def meeting_with_everyone_invited() -> int:
    with db.transaction() as session:
        meeting = meetings.create_meeting(session, SYSTEM, meetings.MeetingDetails(
            title="Benchmark meeting", chairmanship="Austria", chairmanship_year=2027, city="Vienna",
            start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 11), registration_deadline=dt.date(2027, 4, 20)))
        for group in invitations.GROUPS:
            invitations.invite_group(session, SYSTEM, meeting.id, group)
        for row in invitations.list_invitations(session, SYSTEM, meeting.id):
            invitations.send(session, SYSTEM, row.invitation.id)
        return meeting.id


@contextmanager
def stopwatch(results: dict, name: str):
    start = time.perf_counter()
    yield
    results[name] = round(time.perf_counter() - start, 3)
