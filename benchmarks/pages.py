"""Time to render each page for an organizer on a meeting ten times the usual size (4,000 participants). Prints JSON."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.common import fresh_database, meeting_with_everyone_invited  # noqa: E402
from benchmarks.import_participants import spreadsheet  # noqa: E402
from planner import agenda, db, invitations, meetings, sessions, spreadsheets  # noqa: E402
from planner.access import SYSTEM  # noqa: E402
from planner.demo import ensure_demo_users  # noqa: E402
from planner.ui.common import TOKEN_KEY  # noqa: E402

PAGES = ["meetings", "meeting_builder", "timetable", "invitations", "participants", "dashboard", "audit_log"]


def main() -> None:
    fresh_database()
    meeting_id = meeting_with_everyone_invited()
    with db.transaction() as session:
        ensure_demo_users(session, SYSTEM)
        meetings.set_priorities(session, SYSTEM, meeting_id, ["terrorism", "cyber_crime", "organized_crime"])
        agenda.generate_timetable(session, SYSTEM, meeting_id, "two-day")
        names = [row.delegation.name for row in invitations.list_invitations(session, SYSTEM, meeting_id)]
        spreadsheets.import_participants(session, SYSTEM, meeting_id, spreadsheet(names, 4000), "bench.csv")
        token = sessions.sign_in(session, "organizer@demo.osce", "demo", "benchmark").token
    results: dict = {"participants": 4000, "database": db.engine().dialect.name}
    for page in PAGES:
        app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
        app.session_state[TOKEN_KEY] = token
        app.session_state["meeting_id"] = meeting_id
        app.run()
        start = time.perf_counter()
        app.switch_page(f"planner/ui/{page}.py").run()
        results[f"{page}_seconds"] = round(time.perf_counter() - start, 3)
        if app.exception:
            results[f"{page}_exception"] = str(app.exception[0].message)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
