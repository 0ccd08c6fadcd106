"""`python -m planner …`: the same services the pages use. Bad input exits 1 with a message, never a traceback.

Each command imports what it needs when it runs: a listing answers at once, without loading the Word builders,
spreadsheets and pandas that an export needs (tests/test_cli.py checks which modules a listing loads)."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from planner import db, register
from planner.access import Role
from planner.cli import amendments, exports, mail, translations
from planner.cli.files import cli_actor, read_input, require_output, write_output
from planner.errors import PlannerError, ValidationFailed
from planner.text.words import plural

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
    """The register with the SHA-256 of each kept file; `verify` and `download SYMBOL` work on the kept files."""
    if args.meeting in ("verify", "download"):
        return _verify(args) if args.meeting == "verify" else _download(args)
    if args.symbol is not None or args.out is not None:
        raise PlannerError("A symbol and --out belong to `documents download SYMBOL --out F`.")
    from planner import archive, register
    from planner.meetings import planning

    try:
        meeting_id = None if args.meeting is None else int(args.meeting)
    except ValueError:
        raise PlannerError(f"`documents {args.meeting}`: give a meeting's number, `verify` or `download`.") from None
    with db.transaction() as session:
        rows = register.documents(session, cli_actor(), meeting_id)
        titles = {m.id: m.title for m in planning.list_meetings(session, cli_actor())}
        hashes = archive.kept_hashes(session, cli_actor())
    if not rows:
        print("No documents have been issued yet." if meeting_id is None else
              f"No documents have been issued for meeting {meeting_id} yet.")
    for d in rows:
        print(f"{d.symbol}\t{d.issued_on.isoformat()}\t{d.title}\t{titles.get(d.meeting_id, '')}\t{d.issued_by}"
              f"\t{hashes.get(d.id, 'not archived')}")
    return 0


def _verify(args) -> int:
    from planner import archive

    if args.symbol is not None or args.out is not None:
        raise PlannerError("`documents verify` takes no symbol and no --out: it checks every kept file.")
    with db.transaction() as session:
        checked, mismatches = archive.verify(session, cli_actor())
    for mismatch in mismatches:
        language = f" ({mismatch.language} version)" if mismatch.language else ""
        print(f"MISMATCH {mismatch.symbol}{language}: stored {mismatch.stored}, the file's bytes give "
              f"{mismatch.computed}", file=sys.stderr)
    print(f"{plural(checked, 'kept file')} checked: " + (f"{len(mismatches)} do not match their SHA-256."
                                                        if mismatches else "every one matches its SHA-256."))
    return 1 if mismatches else 0


def _download(args) -> int:
    from planner import archive
    from planner.documents.issued import issued_file

    if args.symbol is None or args.out is None:
        raise PlannerError("Give the document's symbol and the file to write: "
                           "`documents download CIO.GAL/12/26 --out F.docx`.")
    require_output(args.out, ".docx")
    with db.transaction() as session:
        issued = issued_file(session, cli_actor(), archive.find(session, cli_actor(), args.symbol))
    write_output(args.out, issued.content)
    if not issued.archived:
        print(f"{args.symbol} is not archived (issued before the archive existed): wrote the file rebuilt from "
              "today's records, marked as not the issued original.", file=sys.stderr)
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


def _participants_import(args) -> int:
    from planner.delegations import spreadsheets

    content = read_input(args.file)
    with db.transaction() as session:
        count = spreadsheets.import_participants(session, cli_actor(), args.meeting, content, Path(args.file).name)
    print(f"Imported {plural(count, 'participant')} into meeting {args.meeting}.")
    return 0


def _participants_export(args) -> int:
    from planner.delegations import spreadsheets

    require_output(args.out, ".csv", ".xlsx")
    with db.transaction() as session:
        content = spreadsheets.export_participants(session, cli_actor(), args.meeting, args.out)
    write_output(args.out, content)
    return 0


def _backup(args) -> int:
    from planner.operations import backup

    require_output(args.out, ".json")
    with db.transaction() as session:
        content = backup.create_backup(session, cli_actor())
    write_output(args.out, content)
    return 0


def _restore(args) -> int:
    from planner.operations import backup

    content = read_input(args.file)
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

    documents = commands.add_parser("documents", help="the document register: symbol, date, title, meeting, issued by, "
                                                      "SHA-256 of the kept file; `verify`; `download SYMBOL --out F`")
    documents.add_argument("meeting", nargs="?", metavar="MEETING | verify | download",
                           help="only this meeting's documents; `verify` recomputes every kept file's SHA-256 (exit 1 "
                                "on a mismatch); `download SYMBOL --out F` writes the file kept at issue")
    documents.add_argument("symbol", nargs="?", help="download: the document's symbol, e.g. CIO.GAL/12/26/Rev.1")
    documents.add_argument("--out", help="download: the .docx file to write")
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

    exports.add_commands(commands)

    back_up = commands.add_parser("backup", help="the whole database as one JSON file")
    back_up.add_argument("--out", required=True)
    back_up.set_defaults(run=_backup)
    restore = commands.add_parser("restore", help="load a backup into an empty database (or, with --replace, any)")
    restore.add_argument("file")
    restore.add_argument("--replace", action="store_true", help="delete everything in the database first")
    restore.set_defaults(run=_restore)
    translations.add_commands(commands)
    mail.add_commands(commands)
    amendments.add_commands(commands)
    return top


def _load_document_builders() -> None:
    from planner.documents.archive import register_builders

    register_builders()


def main(argv: list[str] | None = None) -> int:
    register.load_builders_when_needed(_load_document_builders)
    args = parser().parse_args(translations.spelled_out(sys.argv[1:] if argv is None else argv))
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
