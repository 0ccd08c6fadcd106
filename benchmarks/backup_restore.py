"""Time to back up the database of a meeting of the usual size (see benchmarks/pages.py) and to restore that backup
into an empty database of the same kind. Prints JSON (medians of several runs, seconds)."""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import database_option, empty_database, fresh_database, median_seconds, seconds  # noqa: E402
from benchmarks.pages import Size, meeting_of  # noqa: E402
from planner import db
from planner.access import SYSTEM  # noqa: E402
from planner.operations import backup

RUNS = 5


def take_backup() -> bytes:
    with db.transaction() as session:
        return backup.create_backup(session, SYSTEM)


def restore(content: bytes) -> dict[str, int]:
    with db.transaction() as session:
        return backup.restore_backup(session, SYSTEM, content)


def measure_current(runs: int = RUNS, url: str | None = None) -> dict:
    """The backup of the database the planner is pointed at, and its restore, each time into a new empty database."""
    backup_seconds = median_seconds(take_backup, runs)
    content = take_backup()
    restores = []
    for _ in range(runs):
        with empty_database(url):
            restores.append(seconds(lambda: restore(content)))
    return {"backup_seconds": round(backup_seconds, 4), "restore_seconds": round(statistics.median(restores), 4),
            "backup_bytes": len(content), "backup_rows": sum(len(t["rows"]) for t in json.loads(content)["tables"].values())}


def measure(runs: int = RUNS, url: str | None = None, size: Size = Size()) -> dict:
    with fresh_database(url, delegations=size.delegations):
        meeting_of(size)
        return {"database": db.engine().dialect.name, **measure_current(runs, url)}


def main() -> None:
    arguments = database_option(argparse.ArgumentParser(description=__doc__)).parse_args()
    print(json.dumps(measure(url=arguments.database)))


if __name__ == "__main__":
    main()
