"""Time to import 4,000 participants in one all-or-nothing file, and to refuse one with a single bad row. Prints JSON."""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import fresh_database, meeting_with_everyone_invited, stopwatch  # noqa: E402
from planner import db, invitations, spreadsheets  # noqa: E402
from planner.access import SYSTEM  # noqa: E402
from planner.errors import ValidationFailed  # noqa: E402
from planner.participants import COLUMNS  # noqa: E402

ROWS = 4000


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


def main() -> None:
    fresh_database()
    meeting_id = meeting_with_everyone_invited()
    with db.transaction() as session:
        names = [row.delegation.name for row in invitations.list_invitations(session, SYSTEM, meeting_id)]
    results: dict = {"rows": ROWS, "delegations": len(names), "database": db.engine().dialect.name}
    refused_file = spreadsheet(names, ROWS, bad_last_row=True)
    with stopwatch(results, "refuse_4000_rows_with_one_bad_row_seconds"):
        try:
            with db.transaction() as session:
                spreadsheets.import_participants(session, SYSTEM, meeting_id, refused_file, "bench.csv")
        except ValidationFailed as refused:
            results["refusal_problems"] = len(refused.problems)
    good_file = spreadsheet(names, ROWS)
    with stopwatch(results, "import_4000_rows_seconds"):
        with db.transaction() as session:
            results["imported"] = spreadsheets.import_participants(session, SYSTEM, meeting_id, good_file, "bench.csv")
    with stopwatch(results, "export_4000_rows_xlsx_seconds"):
        with db.transaction() as session:
            spreadsheets.export_participants(session, SYSTEM, meeting_id, "bench.xlsx")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
