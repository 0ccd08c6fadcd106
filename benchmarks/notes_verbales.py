"""Time to produce 100 notes verbales (one .docx each, zipped). Prints JSON (median of several runs, seconds)."""
from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402
    database_option, fresh_database, median_seconds, meeting_with_everyone_invited,
)
from planner import db
from planner.access import SYSTEM  # noqa: E402
from planner.delegations import invitations
from planner.documents.note_verbale import notes_verbales_zip  # noqa: E402

NOTES = 100
RUNS = 5


def measure(runs: int = RUNS, url: str | None = None, notes: int = NOTES) -> dict:
    with fresh_database(url, delegations=notes):
        meeting_id = meeting_with_everyone_invited()
        results: dict = {"database": db.engine().dialect.name}
        with db.transaction() as session:
            results["invitations"] = len(invitations.list_invitations(session, SYSTEM, meeting_id))

        def zipped() -> bytes:
            with db.transaction() as session:
                return notes_verbales_zip(session, SYSTEM, meeting_id)

        median = median_seconds(zipped, runs)
        content = zipped()
        results["notes_verbales_seconds"] = round(median, 4)
        results["files_in_zip"] = len(zipfile.ZipFile(io.BytesIO(content)).namelist())
        results["zip_bytes"] = len(content)
        results["seconds_per_note"] = round(median / results["files_in_zip"], 4)
        return results


def main() -> None:
    arguments = database_option(argparse.ArgumentParser(description=__doc__)).parse_args()
    print(json.dumps(measure(url=arguments.database)))


if __name__ == "__main__":
    main()
