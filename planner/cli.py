"""`python -m planner …`: the same services the pages use. Bad input exits 1 with a message, never a traceback.

Each command imports what it needs when it runs: a listing answers at once, without loading the Word builders,
spreadsheets and pandas that an export needs (tests/test_cli.py checks which modules a listing loads)."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from planner import config, db
from planner.access import Actor, Role
from planner.errors import PlannerError, ValidationFailed
from planner.text.words import plural

ANNEX_CHOICES = {"draft": "latest_version", "none": "none"}  # --annex: what the report annexes (StatementAnnex)


def cli_actor() -> Actor:
    """The command line runs on the server, with the administrator's rights, audited under the system user's name."""
    return Actor(email=f"cli:{getpass.getuser()}", role=Role.admin, name="Command line")


def _prepare() -> dict[str, dict[str, int]]:
    """The schema at its newest and the reference data loaded; what was loaded."""
    from planner.delegations import reference

    db.upgrade()
    with db.transaction() as session:
        return reference.load_reference_data(session, cli_actor())


def _init(_args) -> int:
    for label, counts in _prepare().items():
        print(f"{label}: {counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged")
    print("Database ready.")
    return 0


def _demo(_args) -> int:
    """Prepares the database as `init` does, without repeating its report (scripts/start runs `init` first)."""
    from planner.operations import demo

    _prepare()
    with db.transaction() as session:
        meeting_id = demo.create_demo_meeting(session, cli_actor())
    print("Demo users (password 'demo'): " + ", ".join(f"{u.email} ({u.role.value})" for u in demo.DEMO_USERS))
    print(meeting_id)
    return 0


def _meetings(_args) -> int:
    from planner.meetings import planning

    with db.transaction() as session:
        rows = planning.list_meetings(session, cli_actor())
    if not rows:
        print("No meetings yet. `python -m planner demo` creates a sample one.")
    for m in rows:
        print(f"{m.id}\t{m.title}\t{m.start_date.isoformat()}\t{m.end_date.isoformat()}\t{m.status.value}")
    return 0


def _documents(args) -> int:
    from planner import register
    from planner.meetings import planning

    with db.transaction() as session:
        rows = register.documents(session, cli_actor(), args.meeting)
        titles = {m.id: m.title for m in planning.list_meetings(session, cli_actor())}
    if not rows:
        print("No documents have been issued yet." if args.meeting is None else
              f"No documents have been issued for meeting {args.meeting} yet.")
    for d in rows:
        print(f"{d.symbol}\t{d.issued_on.isoformat()}\t{d.title}\t{titles.get(d.meeting_id, '')}\t{d.issued_by}")
    return 0


def _password() -> str:
    return sys.stdin.readline().rstrip("\r\n") if not sys.stdin.isatty() else getpass.getpass("Password: ")


def _users_add(args) -> int:
    from planner.accounts import users

    password = _password()
    with db.transaction() as session:
        user = users.add_user(session, cli_actor(), args.email, args.role, password, args.name or "", args.delegation)
    print(f"Added {user.email} as {user.role.value}.")
    return 0


def _users_list(_args) -> int:
    from planner.accounts import users

    with db.transaction() as session:
        accounts = users.list_accounts(session, cli_actor())
    for a in accounts:
        print(f"{a.email}\t{a.role.value}\t{a.delegation or ''}\t{'active' if a.active else 'deactivated'}\t{a.name}")
    return 0


def _users_change(args) -> int:
    from planner.accounts import users

    with db.transaction() as session:
        user = users.change_role(session, cli_actor(), users.find_account(session, cli_actor(), args.email).id,
                                 args.role, args.delegation, None)
    print(f"{user.email} is now {user.role.value}.")
    return 0


def _users_set_active(args) -> int:
    from planner.accounts import users

    active = args.action == "reactivate"
    with db.transaction() as session:
        user = users.set_active(session, cli_actor(), users.find_account(session, cli_actor(), args.email).id, active,
                                None)
    print(f"Reactivated {user.email}." if active else f"Deactivated {user.email}; its sign-ins have ended.")
    return 0


def _users_reset_password(args) -> int:
    from planner.accounts import users

    password = _password()
    with db.transaction() as session:
        user = users.reset_password(session, cli_actor(), users.find_account(session, cli_actor(), args.email).id,
                                    password, None)
    print(f"Set a new password for {user.email}; its sign-ins have ended.")
    return 0


def _read(path: str) -> bytes:
    file = Path(path)
    if not file.is_file():
        raise PlannerError(f"There is no file '{path}'.")
    if file.stat().st_size > config.MAX_UPLOAD_BYTES:
        raise PlannerError(f"'{path}' is larger than {config.MAX_UPLOAD_MB} MB; split it into several files.")
    try:
        return file.read_bytes()
    except OSError as error:
        raise PlannerError(f"Could not read '{path}': {error.strerror or error}.") from None


def _write(path: str, content: bytes) -> None:
    target = Path(path)
    try:
        target.write_bytes(content)
    except OSError as error:
        raise PlannerError(f"Could not write '{path}': {error.strerror or error}.") from None
    print(f"Wrote {target} ({len(content):,} bytes).")


def _require_output(path: str, *suffixes: str) -> None:
    """Check `--out` before any work: a file name with the right ending, in a folder that exists."""
    target = Path(path)
    if target.is_dir():
        raise PlannerError(f"'{path}' is a folder; give a file name in it, e.g. {target / ('export' + suffixes[0])}.")
    if target.suffix.lower() not in suffixes:
        raise PlannerError(f"'{path}': the file name must end in {' or '.join(suffixes)}.")
    if not target.parent.is_dir():
        raise PlannerError(f"The folder '{target.parent}' does not exist.")


def _participants_import(args) -> int:
    from planner.delegations import spreadsheets

    content = _read(args.file)
    with db.transaction() as session:
        count = spreadsheets.import_participants(session, cli_actor(), args.meeting, content, Path(args.file).name)
    print(f"Imported {plural(count, 'participant')} into meeting {args.meeting}.")
    return 0


def _participants_export(args) -> int:
    from planner.delegations import spreadsheets

    _require_output(args.out, ".csv", ".xlsx")
    with db.transaction() as session:
        content = spreadsheets.export_participants(session, cli_actor(), args.meeting, args.out)
    _write(args.out, content)
    return 0


def _agenda(session, args) -> bytes:
    """The latest circulated version (or version N), compared with M when asked; before any circulation, the
    working timetable marked DRAFT."""
    from planner.agenda_review import comparison as agenda_comparison, versions as agenda_versions
    from planner.documents.agenda import agenda_document
    from planner.documents.comparison import agenda_comparison_document

    actor = cli_actor()
    if args.compare_to is not None:
        newer = agenda_versions.get_version(session, actor, args.meeting, args.version)
        return agenda_comparison_document(session, actor, agenda_comparison.compare_versions(session, actor, args.meeting, args.compare_to,
                                                                         newer.number))
    if args.version is None and not agenda_versions.issued_versions(session, actor, args.meeting):
        return agenda_document(session, actor, args.meeting)
    return agenda_document(session, actor, args.meeting, agenda_versions.get_version(session, actor, args.meeting, args.version))


def _statement(session, args) -> tuple[bytes, str]:
    """The adopted text once there is one (the default), circulated version N, or the working draft; with its file
    name, which carries the symbol."""
    from planner.documents.statement import (
        adopted_document, adopted_file_name, file_name as statement_file_name, statement_document,
    )
    from planner.statement import interpretative, silence
    from planner.statement.versions import circulated_text, draft_text

    actor = cli_actor()
    adopted = None if args.version is not None or args.draft else silence.adopted(session, actor, args.meeting)
    if adopted is not None:
        return (adopted_document(session, actor, adopted, interpretative.attached(session, actor, args.meeting)),
                adopted_file_name(adopted))
    text = (draft_text(session, actor, args.meeting) if args.draft
            else circulated_text(session, actor, args.meeting, args.version))
    return statement_document(session, actor, text), statement_file_name(text)


def _export(args) -> int:
    from planner.documents.calendar import calendar_file
    from planner.documents.comparison import comparison_document as statement_comparison_document
    from planner.documents.note_verbale import notes_verbales_zip
    from planner.documents.participants_list import participants_list_document
    from planner.documents.report import report_document, report_file_name
    from planner.meetings import planning
    from planner.statement.comparison import comparison as statement_comparison
    from planner.statement.report import StatementAnnex

    suffix = {"invitations": ".zip", "calendar": ".ics"}.get(args.document, ".docx")
    into_folder = args.document in ("statement", "report") and args.compare_to is None and Path(args.out).is_dir()
    if not into_folder:
        _require_output(args.out, suffix)
    if args.document not in ("statement", "agenda") and args.version is not None:
        raise PlannerError("--version belongs to `export statement` and `export agenda`.")
    if args.document != "statement" and args.draft:
        raise PlannerError("--draft belongs to `export statement`.")
    if args.document not in ("statement", "agenda") and args.compare_to is not None:
        raise PlannerError("--compare-to belongs to `export statement` and `export agenda`.")
    if args.document != "calendar" and args.delegation is not None:
        raise PlannerError("--delegation belongs to `export calendar`.")
    if args.document != "report" and args.annex is not None:
        raise PlannerError("--annex belongs to `export report`.")
    if args.version is not None and args.draft:
        raise PlannerError("Choose either --version N (a circulated version) or --draft (the working draft).")
    if args.compare_to is not None and args.draft:
        raise PlannerError("--compare-to compares circulated versions: leave out --draft.")
    name = None
    with db.transaction() as session:
        planning.get_meeting(session, cli_actor(), args.meeting)
        if args.document == "statement" and args.compare_to is not None:
            content = statement_comparison_document(session, cli_actor(), statement_comparison(
                session, cli_actor(), args.meeting, args.compare_to, args.version))
        elif args.document == "statement":
            content, name = _statement(session, args)
        elif args.document == "report":
            annex = StatementAnnex(ANNEX_CHOICES[args.annex]) if args.annex else None
            content = report_document(session, cli_actor(), args.meeting, annex=annex)
            name = report_file_name(session, cli_actor(), args.meeting)
        elif args.document == "agenda":
            content = _agenda(session, args)
        elif args.document == "calendar":
            content = calendar_file(session, cli_actor(), args.meeting, delegation=args.delegation)
        elif args.document == "invitations":
            content = notes_verbales_zip(session, cli_actor(), args.meeting)
        else:
            content = participants_list_document(session, cli_actor(), args.meeting)
    _write(str(Path(args.out) / name) if into_folder else args.out, content)
    return 0


def _backup(args) -> int:
    from planner.operations import backup

    _require_output(args.out, ".json")
    with db.transaction() as session:
        content = backup.create_backup(session, cli_actor())
    _write(args.out, content)
    return 0


def _restore(args) -> int:
    from planner.operations import backup

    content = _read(args.file)
    with db.transaction() as session:
        restored = backup.restore_backup(session, cli_actor(), content, replace=args.replace)
        accounts = backup.accounts_by_role(session, cli_actor())
    print(f"Restored {plural(sum(restored.values()), 'row')} in {plural(len(restored), 'table')} from {args.file}.")
    print("Accounts in the restored database:")
    for role, emails in accounts.items():
        print(f"  {role.value} ({len(emails)}): {', '.join(emails)}")
    return 0


class Parser(argparse.ArgumentParser):
    """A usage error is bad input like any other: the usage, the message, and status 1."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: error: {message}\n")


def parser() -> argparse.ArgumentParser:
    top = Parser(prog="python -m planner", description="The Chiefs of Police meeting planner.")
    commands = top.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create or upgrade the database and load reference data").set_defaults(run=_init)
    commands.add_parser("demo", help="create a sample meeting in the Brussels 2006 format; prints its id").set_defaults(run=_demo)
    commands.add_parser("meetings", help="list meetings: id, title, dates, status").set_defaults(run=_meetings)

    documents = commands.add_parser("documents", help="the document register: symbol, date, title, meeting, issued by")
    documents.add_argument("meeting", type=int, nargs="?", help="only this meeting's documents")
    documents.set_defaults(run=_documents)

    user_commands = commands.add_parser("users", help="user accounts").add_subparsers(dest="action", required=True)
    add = user_commands.add_parser("add", help="add an account; the password is read from standard input")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--delegation", help="the delegation a delegate speaks for")
    add.add_argument("--name", help="the person's name as shown in the app")
    add.set_defaults(run=_users_add)
    user_commands.add_parser("list", help="every account: email, role, delegation, state, name").set_defaults(
        run=_users_list)
    change = user_commands.add_parser("change", help="give an account another role (and delegation)")
    change.add_argument("email")
    change.add_argument("--role", required=True, choices=[r.value for r in Role])
    change.add_argument("--delegation", help="the delegation a delegate speaks for")
    change.set_defaults(run=_users_change)
    for action, text in (("deactivate", "end an account's sign-ins and refuse new ones"),
                         ("reactivate", "let a deactivated account sign in again")):
        command = user_commands.add_parser(action, help=text)
        command.add_argument("email")
        command.set_defaults(run=_users_set_active)
    reset = user_commands.add_parser("reset-password", help="set a new password, read from standard input")
    reset.add_argument("email")
    reset.set_defaults(run=_users_reset_password)

    participant_commands = commands.add_parser("participants", help="import or export participants").add_subparsers(
        dest="action", required=True)
    imp = participant_commands.add_parser("import", help="CSV or XLSX; all rows or none")
    imp.add_argument("meeting", type=int)
    imp.add_argument("file")
    imp.set_defaults(run=_participants_import)
    exp = participant_commands.add_parser("export", help="CSV or XLSX by the file's ending")
    exp.add_argument("meeting", type=int)
    exp.add_argument("--out", required=True)
    exp.set_defaults(run=_participants_export)

    export = commands.add_parser("export", help="Word documents and the calendar")
    export.add_argument("document", choices=["agenda", "invitations", "participants", "statement", "report", "calendar"])
    export.add_argument("meeting", type=int)
    export.add_argument("--out", required=True,
                        help="the file to write; for a statement or report also a folder, where the file is named "
                             "after the document's symbol")
    export.add_argument("--version", type=int,
                        help="statement, agenda: the circulated version N (default: the latest; for the statement, "
                             "the adopted text once there is one)")
    export.add_argument("--compare-to", type=int, metavar="M",
                        help="statement, agenda: version N (default: the latest) with the changes since version M "
                             "as Word tracked changes")
    export.add_argument("--delegation", help="calendar: only the sessions this delegation attends")
    export.add_argument("--draft", action="store_true", help="statement: the working draft, marked DRAFT")
    export.add_argument("--annex", choices=list(ANNEX_CHOICES),
                        help="report, while the statement is not adopted: annex the latest circulated version marked "
                             "as a draft under negotiation (draft), or go without the statement (none)")
    export.set_defaults(run=_export)

    back_up = commands.add_parser("backup", help="the whole database as one JSON file")
    back_up.add_argument("--out", required=True)
    back_up.set_defaults(run=_backup)
    restore = commands.add_parser("restore", help="load a backup into an empty database (or, with --replace, any)")
    restore.add_argument("file")
    restore.add_argument("--replace", action="store_true", help="delete everything in the database first")
    restore.set_defaults(run=_restore)
    from planner.cli_mail import add_commands as add_mail_commands

    add_mail_commands(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command not in ("init", "demo"):
            db.upgrade()
        return args.run(args)
    except ValidationFailed as error:
        print(error.summary, file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except PlannerError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader stopped early (`planner documents | head`): what it read is all it wanted.
        sys.stderr.close()
        return 0
    except DBAPIError as error:
        print(f"Error: the database could not be used ({db.reason(error)}). Nothing was saved.", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the last line of defence: a message, never a traceback
        # Only the kind of error: its text may hold an SQL statement and its parameters.
        print(f"Error: the command failed unexpectedly ({type(error).__name__}). Nothing was saved.", file=sys.stderr)
        return 2
