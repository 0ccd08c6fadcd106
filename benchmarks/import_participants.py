"""Time to preview and import 4,000 participants in one all-or-nothing file, against the floor: the same participant and
audit rows written by the database's fastest plain means (COPY on PostgreSQL, one executemany on SQLite). Also the
refusal of a file with one bad row, and the export. Medians of five runs, in one database. Prints JSON.

    benchmarks/import_participants.py [--database URL]     a PostgreSQL address; default: a temporary SQLite file
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import statistics
import sys
import time
from enum import Enum
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import database_option, fresh_database, meeting_with_everyone_invited, seconds  # noqa: E402
from planner import db
from planner.access import SYSTEM  # noqa: E402
from planner.delegations import invitations, spreadsheets
from planner.delegations.participants import COLUMNS
from planner.errors import ValidationFailed  # noqa: E402
from planner.meetings import planning
from planner.models import AuditEntry, Participant  # noqa: E402

ROWS = 4000
RUNS = 5
KEYS = ("preview", "preview_cpu", "refuse", "import", "import_cpu", "floor", "ratio")
GOAL_RATIO = 15
GOAL_PREVIEW_SECONDS = 1 / 3


def spreadsheet(delegations: list[str], rows: int, bad_last_row: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for number in range(rows):
        delegation = delegations[number % len(delegations)]
        head = "yes" if number < len(delegations) else "no"
        email = "broken-address" if bad_last_row and number == rows - 1 else f"person{number}@police.example"
        writer.writerow([delegation, "Ms." if number % 2 else "Mr.", f"First{number}", f"Last{number}", "Police officer",
                         "National Police", email, "female" if number % 2 else "male", head])
    return buffer.getvalue().encode("utf-8")


def bare_meeting() -> int:
    with db.transaction() as session:
        return planning.create_meeting(session, SYSTEM, planning.MeetingDetails(
            title="Floor meeting", chairmanship="Austria", chairmanship_year=2027, city="Vienna",
            start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 11))).id


def plain(value):
    """A value as the database driver takes it without SQLAlchemy's help."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return json.dumps(value)
    if isinstance(value, dt.datetime) and db.engine().dialect.name == "sqlite":
        return value.isoformat(" ")
    return value


def rows_of(table: sa.Table, where, meeting_id: int) -> tuple[list[str], list[tuple]]:
    """The rows the import wrote, ready for the driver, moved to another meeting (so no unique constraint stops them)."""
    columns = [c.name for c in table.columns if not c.primary_key]
    with db.engine().connect() as connection:
        found = connection.execute(sa.select(*(table.c[c] for c in columns)).where(where).order_by(table.c.id)).all()
    position = columns.index("meeting_id")
    return columns, [tuple(meeting_id if i == position else plain(v) for i, v in enumerate(row)) for row in found]


def write_floor(tables: list[tuple[str, list[str], list[tuple]]]) -> float:
    """Seconds to write and commit the rows by COPY (PostgreSQL) or one executemany per table (SQLite)."""
    connection = db.engine().raw_connection()
    try:
        start = time.perf_counter()
        cursor = connection.cursor()
        for name, columns, rows in tables:
            if db.engine().dialect.name == "postgresql":
                with cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", rows)
        connection.commit()
        return time.perf_counter() - start
    finally:
        connection.close()


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def cpu_timed(action) -> tuple[float, float, object]:
    """Wall seconds and this process's CPU seconds (without the database server's), which a busy machine bends less."""
    cpu = time.process_time()
    wall, result = timed(action)
    return wall, time.process_time() - cpu, result


def one_run(good_file: bytes, refused_file: bytes) -> dict:
    meeting_id = meeting_with_everyone_invited()

    def preview():
        with db.transaction() as session:
            return spreadsheets.preview_import(session, SYSTEM, meeting_id, good_file, "bench.csv")

    def refuse():
        try:
            with db.transaction() as session:
                spreadsheets.import_participants(session, SYSTEM, meeting_id, refused_file, "bench.csv")
        except ValidationFailed as refused:
            return len(refused.problems)

    def import_file():
        with db.transaction() as session:
            return spreadsheets.import_participants(session, SYSTEM, meeting_id, good_file, "bench.csv")

    run = {}
    run["preview"], run["preview_cpu"], checked = cpu_timed(preview)
    assert checked.ok, checked.problems[:3]
    run["refuse"], run["refusal_problems"] = timed(refuse)
    run["import"], run["import_cpu"], run["imported"] = cpu_timed(import_file)
    floor_meeting = bare_meeting()
    participants = Participant.__table__
    audit = AuditEntry.__table__
    run["floor"] = write_floor([
        ("participant", *rows_of(participants, participants.c.meeting_id == meeting_id, floor_meeting)),
        ("auditentry", *rows_of(audit, (audit.c.meeting_id == meeting_id) & (audit.c.action == "participant.add"),
                                floor_meeting)),
    ])
    with db.transaction() as session:
        run["floor_participants"] = len(session.exec(sa.select(participants.c.id).where(
            participants.c.meeting_id == floor_meeting)).all())
    run["ratio"] = run["import"] / run["floor"]
    return run


def measure(runs: int = RUNS, url: str | None = None, rows: int = ROWS) -> dict:
    """Medians of `runs` runs in a database of its own, and the export of the imported file."""
    load_before = os.getloadavg()[0]
    with fresh_database(url):
        export_meeting = meeting_with_everyone_invited()
        with db.transaction() as session:
            names = [row.delegation.name for row in invitations.list_invitations(session, SYSTEM, export_meeting)]
        good_file, refused_file = spreadsheet(names, rows), spreadsheet(names, rows, bad_last_row=True)
        each = [one_run(good_file, refused_file) for _ in range(runs)]
        median = {key: statistics.median(run[key] for run in each) for key in KEYS}
        results = {
            "database": db.engine().dialect.name, "rows": rows, "delegations": len(names), "runs": runs,
            "imported": each[-1]["imported"], "floor_participants": each[-1]["floor_participants"],
            "refusal_problems": each[-1]["refusal_problems"],
            "load_average_before": round(load_before, 1), "load_average_after": round(os.getloadavg()[0], 1),
            "preview_seconds": round(median["preview"], 4),
            "preview_cpu_seconds": round(median["preview_cpu"], 4),
            "refuse_with_one_bad_row_seconds": round(median["refuse"], 4),
            "import_seconds": round(median["import"], 4),
            "import_cpu_seconds": round(median["import_cpu"], 4),
            "floor_seconds": round(median["floor"], 4),
            "import_to_floor_ratio": round(median["ratio"], 1),
            "import_to_floor_ratio_goal": GOAL_RATIO,
            "preview_goal_seconds": round(GOAL_PREVIEW_SECONDS, 3),
            "each_run": {key: [round(run[key], 4) for run in each] for key in KEYS},
        }
        with db.transaction() as session:
            spreadsheets.import_participants(session, SYSTEM, export_meeting, good_file, "bench.csv")
        results["export_xlsx_seconds"] = round(seconds(lambda: exported(export_meeting)), 3)
        return results


def exported(meeting_id: int) -> bytes:
    with db.transaction() as session:
        return spreadsheets.export_participants(session, SYSTEM, meeting_id, "bench.xlsx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    print(json.dumps(measure(url=database_option(parser).parse_args().database)))


if __name__ == "__main__":
    main()
