"""Time to deliver the outbox of a meeting that has just sent every note verbale: one message per delegation's
official address, each with its Word note and the meeting's calendar attached, through a real SMTP server (aiosmtpd)
in this process. Prints JSON (one run: delivering empties the outbox; seconds)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from benchmarks.common import database_option, fresh_database  # noqa: E402
from mail_server import MailServer  # noqa: E402
from planner import db  # noqa: E402
from planner.access import SYSTEM  # noqa: E402
from planner.delegations import invitations, reference  # noqa: E402
from planner.documents.mail_attachments import attachments_for  # noqa: E402
from planner.mail import preferences, sender  # noqa: E402
from planner.meetings import planning  # noqa: E402
from planner.models import InvitationState  # noqa: E402

DELEGATIONS = 100


def measure(url: str | None = None, delegations: int = DELEGATIONS) -> dict:
    with fresh_database(url, delegations=delegations):
        with db.transaction() as session:
            meeting = planning.create_meeting(session, SYSTEM, planning.MeetingDetails(
                title="Benchmark meeting", chairmanship="Austria", chairmanship_year=2027, city="Vienna",
                start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 11),
                registration_deadline=dt.date(2027, 4, 20)))
            for delegation in reference.delegations(session):
                preferences.set_official_address(session, SYSTEM, delegation.id,
                                                 f"mission{delegation.id}@bench.example")
            for group in invitations.GROUPS:
                invitations.invite_group(session, SYSTEM, meeting.id, group)
        started = time.perf_counter()
        with db.transaction() as session:
            for row in invitations.list_invitations(session, SYSTEM, meeting.id):
                if row.invitation.state == InvitationState.draft:
                    invitations.send(session, SYSTEM, row.invitation.id)
        sending_notes = time.perf_counter() - started
        with MailServer() as server:
            os.environ["PLANNER_SMTP_URL"] = server.url
            started = time.perf_counter()
            done = sender.send_due(SYSTEM, sender.mail_server(), attachments_for)
            delivering = time.perf_counter() - started
            received = len(server.recorder.received)
        return {"database": db.engine().dialect.name, "notes_verbales_sent_and_mailed": done.sent,
                "received": received, "send_notes_with_outbox_seconds": round(sending_notes, 3),
                "deliver_seconds": round(delivering, 3), "messages_per_second": round(done.sent / delivering, 1)}


def main() -> None:
    arguments = database_option(argparse.ArgumentParser(description=__doc__)).parse_args()
    print(json.dumps(measure(url=arguments.database)))


if __name__ == "__main__":
    main()
