"""A throw-away database for a benchmark: SQLite in a temp folder unless PLANNER_DATABASE_URL is set."""
from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

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
