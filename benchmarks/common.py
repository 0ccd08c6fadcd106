"""What every benchmark shares: a throw-away database, a meeting with everyone invited, medians of timed runs.

A benchmark never writes into a database that holds anything: it works in a new SQLite file in a temporary folder, or,
when given a PostgreSQL address (`--database`, or PLANNER_DATABASE_URL), in a schema of its own, dropped afterwards."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from planner import config, db
from planner.access import SYSTEM
from planner.delegations import invitations, reference
from planner.documents.archive import register_builders
from planner.meetings import planning
from planner.models import InvitationState

register_builders()
REFERENCE_DELEGATIONS = 78  # data/delegations.csv: the participating States, the Partners and the organizations


def postgres_base(url: str | None) -> str | None:
    """The PostgreSQL server to measure on: `url`, else PLANNER_DATABASE_URL when it names one; None means SQLite."""
    url = url or os.environ.get("PLANNER_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


@contextmanager
def empty_database(url: str | None = None) -> Iterator[str]:
    """A new, migrated and empty database, the planner pointed at it for the duration (see the module's docstring)."""
    base, previous = postgres_base(url), os.environ.get("PLANNER_DATABASE_URL")
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT") if base else None
    schema = f"planner_bench_{uuid.uuid4().hex[:10]}"
    if admin is not None:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        own = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    else:
        own = f"sqlite:///{folder / 'bench.db'}"
    os.environ["PLANNER_DATABASE_URL"] = own
    try:
        db.upgrade(own)
        yield own
    finally:
        db.engine_for(own).dispose()
        if admin is not None:
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
            admin.dispose()
        shutil.rmtree(folder, ignore_errors=True)
        if previous is None:
            os.environ.pop("PLANNER_DATABASE_URL", None)
        else:
            os.environ["PLANNER_DATABASE_URL"] = previous


@contextmanager
def fresh_database(url: str | None = None, delegations: int = REFERENCE_DELEGATIONS) -> Iterator[str]:
    """An empty database with the reference data, grown to `delegations` by synthetic organizations."""
    with empty_database(url) as own:
        data = Path(tempfile.mkdtemp(prefix="planner-bench-data-"))
        try:
            shutil.copytree(config.DATA_DIR, data, dirs_exist_ok=True)
            with open(data / "delegations.csv", "a", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                for number in range(1, delegations - REFERENCE_DELEGATIONS + 1):
                    writer.writerow(["organization", f"Benchmark Organization {number}",
                                     f"the Benchmark Organization {number}", f"BO{number}", "", ""])
            with db.transaction() as session:
                reference.load_reference_data(session, SYSTEM, data)
        finally:
            shutil.rmtree(data, ignore_errors=True)
        yield own


def meeting_with_everyone_invited(start: dt.date = dt.date(2027, 5, 10), days: int = 2) -> int:
    with db.transaction() as session:
        meeting = planning.create_meeting(session, SYSTEM, planning.MeetingDetails(
            title="Benchmark meeting", chairmanship="Austria", chairmanship_year=start.year, city="Vienna",
            start_date=start, end_date=start + dt.timedelta(days=days - 1),
            registration_deadline=start - dt.timedelta(days=20)))
        for group in invitations.GROUPS:
            invitations.invite_group(session, SYSTEM, meeting.id, group)
        for row in invitations.list_invitations(session, SYSTEM, meeting.id):
            if row.invitation.state == InvitationState.draft:  # the host gets no note verbale
                invitations.send(session, SYSTEM, row.invitation.id)
        return meeting.id


def seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_seconds(action: Callable[[], object], runs: int) -> float:
    return statistics.median(seconds(action) for _ in range(runs))


def database_option(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--database", help="a PostgreSQL address to measure on, in a schema of its own "
                                           "(default: PLANNER_DATABASE_URL when it is one, else a temporary SQLite file)")
    return parser
