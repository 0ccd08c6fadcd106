"""`python -m planner mail …`: deliver the outbox once (`send`), keep delivering (`worker`, for systemd), or list it
(`outbox`). Registered by planner.cli, which handles their errors as it does its own."""
from __future__ import annotations

import argparse
import time

from planner import db
from planner.cli.files import cli_actor
from planner.text.words import plural


def _send_once() -> int:
    from planner.documents.mail_attachments import attachments_for
    from planner.mail import sender

    actor = cli_actor()
    server = sender.mail_server()
    if server is None:
        sender.find_due(actor)
        print(f"No mail server is set (PLANNER_SMTP_URL): {plural(sender.waiting(actor), 'message')} wait in the "
              "outbox; an administrator reads them on the Outbox page.")
        return 0
    done = sender.send_due(actor, server, attachments_for)
    print(f"Sent {done.sent}, to be retried {done.retried}, failed {done.failed}; "
          f"{plural(done.waiting, 'message')} waiting.")
    for failure in done.failures:
        print(f"  failed: {failure}")
    if done.unreachable:
        print(f"Not delivered now: {done.unreachable}. The messages wait and are tried on the next pass.")
    return 0


def _send(_args) -> int:
    return _send_once()


def _worker(args) -> int:
    """Passes every `--every` seconds until stopped (systemd stops it with SIGTERM)."""
    try:
        while True:
            _send_once()
            time.sleep(args.every)
    except KeyboardInterrupt:
        return 0


def _outbox(args) -> int:
    from planner.dates import as_utc
    from planner.mail import preferences

    with db.transaction() as session:
        messages = preferences.outbox(session, cli_actor(), args.state, limit=args.limit)
        counts = preferences.counts(session, cli_actor())
    print(", ".join(f"{state.label}: {count}" for state, count in counts.items()))
    for message in messages:
        at = as_utc(message.sent_at or message.created_at)
        line = f"{message.id:>6}  {message.state.value:<9} {at:%Y-%m-%d %H:%M} UTC  {message.recipient:<40} {message.subject}"
        print(line + (f"\n        {message.last_error}" if message.last_error else ""))
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    mail = commands.add_parser("mail", help="deliver and read the outbox").add_subparsers(dest="action", required=True)
    mail.add_parser("send", help="one pass: deliver every message due, through PLANNER_SMTP_URL").set_defaults(run=_send)
    worker = mail.add_parser("worker", help="deliver every minute until stopped (a systemd service)")
    worker.add_argument("--every", type=int, default=60, help="seconds between passes (default 60)")
    worker.set_defaults(run=_worker)
    outbox = mail.add_parser("outbox", help="the newest messages, with their state")
    outbox.add_argument("--state", choices=["pending", "held", "sent", "failed", "digested"])
    outbox.add_argument("--limit", type=int, default=50)
    outbox.set_defaults(run=_outbox)
