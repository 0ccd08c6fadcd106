"""Time to produce 100 notes verbales (one .docx each, zipped) and the list of participants. Prints JSON."""
from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import fresh_database, meeting_with_everyone_invited, stopwatch  # noqa: E402
from planner import db, invitations  # noqa: E402
from planner.access import SYSTEM  # noqa: E402
from planner.documents.note_verbale import notes_verbales_zip  # noqa: E402

NOTES = 100


def main() -> None:
    fresh_database(extra_organizations=NOTES - 78)
    meeting_id = meeting_with_everyone_invited()
    results: dict = {"database": db.engine().dialect.name}
    with db.transaction() as session:
        results["invitations"] = len(invitations.list_invitations(session, SYSTEM, meeting_id))
    with stopwatch(results, "notes_verbales_100_seconds"):
        with db.transaction() as session:
            content = notes_verbales_zip(session, SYSTEM, meeting_id)
    results["files_in_zip"] = len(zipfile.ZipFile(io.BytesIO(content)).namelist())
    results["zip_bytes"] = len(content)
    results["seconds_per_note"] = round(results["notes_verbales_100_seconds"] / results["files_in_zip"], 4)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
