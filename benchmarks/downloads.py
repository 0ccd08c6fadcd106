"""Time to build each file the pages offer for download, on the meetings of benchmarks/pages.py (1x and 10x), as the
organizer: which ones are quick enough to download in one click (ONE_CLICK_MS) rather than prepared first.
Prints JSON: every file's median in milliseconds at each scale.

    benchmarks/downloads.py [--runs N] [--database URL]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session  # noqa: E402

from benchmarks import pages  # noqa: E402
from benchmarks.common import database_option, fresh_database, median_seconds  # noqa: E402
from planner import db  # noqa: E402
from planner.access import SYSTEM  # noqa: E402
from planner.agenda_review import comparison as agenda_comparison, versions as agenda_versions  # noqa: E402
from planner.documents.agenda import agenda_document  # noqa: E402
from planner.documents.calendar import calendar_file  # noqa: E402
from planner.documents.comparison import agenda_comparison_document, comparison_document  # noqa: E402
from planner.documents.note_verbale import delegation_note, notes_verbales_zip  # noqa: E402
from planner.documents.participants_list import participants_list_document  # noqa: E402
from planner.documents.report import report_document  # noqa: E402
from planner.documents.statement import statement_document  # noqa: E402
from planner.delegations import invitations, spreadsheets  # noqa: E402
from planner.operations import audit_log  # noqa: E402
from planner.statement import comparison, versions  # noqa: E402
from planner.statement.report import StatementAnnex  # noqa: E402

RUNS = 3
ONE_CLICK_MS = 1000  # a file built in less than this at 10x is offered in one click


def builders(meeting_id: int) -> dict[str, Callable[[Session], object]]:
    """Each file as its page builds it (the audit log's CSV as its export minus pandas' writing, which is linear)."""
    actor = SYSTEM
    with db.transaction() as session:
        agenda = agenda_versions.get_version(session, actor, meeting_id)
        note = invitations.list_invitations(session, actor, meeting_id)[0].invitation.id
        numbers = [v.number for v in versions.circulated_versions(session, actor, meeting_id)]
    return {
        "working agenda (Word)": lambda s: agenda_document(s, actor, meeting_id),
        "agenda version (Word)": lambda s: agenda_document(s, actor, meeting_id, agenda),
        "calendar (.ics)": lambda s: calendar_file(s, actor, meeting_id),
        "agenda comparison (Word)": lambda s: agenda_comparison_document(
            s, actor, agenda_comparison.compare_versions(s, actor, meeting_id, agenda.number, agenda.number)),
        "note verbale (Word)": lambda s: delegation_note(s, actor, note),
        "all notes verbales (zip)": lambda s: notes_verbales_zip(s, actor, meeting_id),
        "statement draft (Word)": lambda s: statement_document(s, actor, versions.draft_text(s, actor, meeting_id)),
        "statement version (Word)": lambda s: statement_document(
            s, actor, versions.circulated_text(s, actor, meeting_id, numbers[-1])),
        "statement comparison (Word)": lambda s: comparison_document(
            s, actor, comparison.comparison(s, actor, meeting_id, numbers[0], numbers[-1])),
        "report (Word)": lambda s: report_document(s, actor, meeting_id, annex=StatementAnnex.latest_version),
        "participants (CSV)": lambda s: spreadsheets.export_participants(s, actor, meeting_id, "x.csv"),
        "participants (XLSX)": lambda s: spreadsheets.export_participants(s, actor, meeting_id, "x.xlsx"),
        "list of participants (Word)": lambda s: participants_list_document(s, actor, meeting_id),
        "audit log entries (read for CSV)": lambda s: audit_log.described(
            s, actor, audit_log.entries(s, actor, meeting_id=meeting_id)),
    }


def build_times(meeting_id: int, runs: int) -> dict[str, float]:
    """Each file's median build in milliseconds, in a transaction of its own as the page builds it."""
    def once(build: Callable[[Session], object]) -> None:
        with db.transaction() as session:
            build(session)

    return {name: round(median_seconds(lambda: once(build), runs) * 1000, 1)
            for name, build in builders(meeting_id).items()}


def measure(runs: int = RUNS, url: str | None = None, size: pages.Size = pages.Size()) -> dict:
    figures = {}
    for factor in (1, 10):
        with fresh_database(url, delegations=size.times(factor).delegations):
            figures[f"{factor}x"] = build_times(pages.meeting_of(size.times(factor)), runs)
    figures["one_click_at_10x"] = sorted(name for name, ms in figures["10x"].items() if ms < ONE_CLICK_MS)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=RUNS)
    arguments = database_option(parser).parse_args()
    print(json.dumps(measure(arguments.runs, arguments.database), indent=1))


if __name__ == "__main__":
    main()
