"""`python -m planner export …`: the Word documents, the notes verbales and the calendar, in English or, with
--language, as a language version."""
from __future__ import annotations

import argparse
from pathlib import Path

from planner import db
from planner.cli.files import cli_actor, require_output, write_output
from planner.errors import PlannerError

ANNEX_CHOICES = {"draft": "latest_version", "none": "none"}  # --annex: what the report annexes (StatementAnnex)


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
    from planner.documents.statement import adopted_file, file_name as statement_file_name, statement_document
    from planner.statement import silence
    from planner.statement.versions import circulated_text, draft_text

    actor = cli_actor()
    adopted = None if args.version is not None or args.draft else silence.adopted(session, actor, args.meeting)
    if adopted is not None:
        issued = adopted_file(session, actor, adopted)
        return issued.content, issued.file_name
    text = (draft_text(session, actor, args.meeting) if args.draft
            else circulated_text(session, actor, args.meeting, args.version))
    return statement_document(session, actor, text), statement_file_name(text)


def export_document(args) -> int:
    from planner.documents.calendar import calendar_file
    from planner.documents.comparison import comparison_document as statement_comparison_document
    from planner.documents.language_version import language_export
    from planner.documents.note_verbale import notes_verbales_zip
    from planner.documents.participants_list import participants_list_document
    from planner.documents.report import report_document, report_file_name
    from planner.meetings import planning
    from planner.statement.comparison import comparison as statement_comparison
    from planner.statement.report import StatementAnnex

    suffix = {"invitations": ".zip", "calendar": ".ics"}.get(args.document, ".docx")
    named = ("statement", "report", "agenda") if args.language else ("statement", "report")
    into_folder = args.document in named and args.compare_to is None and Path(args.out).is_dir()
    if not into_folder:
        require_output(args.out, suffix)
    for option in ("version", "compare_to", "language"):
        if args.document not in ("statement", "agenda") and getattr(args, option) is not None:
            raise PlannerError(f"--{option.replace('_', '-')} belongs to `export statement` and `export agenda`.")
    if args.document != "statement" and args.draft and not args.language:
        raise PlannerError("--draft belongs to `export statement`, or with --language to `export agenda`.")
    if args.language and args.compare_to is not None:
        raise PlannerError("--compare-to compares English versions: leave out --language.")
    if args.document != "calendar" and args.delegation is not None:
        raise PlannerError("--delegation belongs to `export calendar`.")
    if args.document != "report" and args.annex is not None:
        raise PlannerError("--annex belongs to `export report`.")
    if args.version is not None and args.draft and not args.language:
        raise PlannerError("Choose either --version N (a circulated version) or --draft (the working draft).")
    if args.compare_to is not None and args.draft:
        raise PlannerError("--compare-to compares circulated versions: leave out --draft.")
    name = None
    with db.transaction() as session:
        planning.get_meeting(session, cli_actor(), args.meeting)
        if args.language:
            content, name = language_export(session, cli_actor(), args.meeting, args.document, args.language,
                                            draft=args.draft, version_number=args.version)
        elif args.document == "statement" and args.compare_to is not None:
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
    write_output(str(Path(args.out) / name) if into_folder else args.out, content)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help="Word documents and the calendar")
    export.add_argument("document", choices=["agenda", "invitations", "participants", "statement", "report", "calendar"])
    export.add_argument("meeting", type=int)
    export.add_argument("--out", required=True,
                        help="the file to write; for a statement or report (or with --language an agenda) also a "
                             "folder, where the file is named after the document's symbol (and language)")
    export.add_argument("--version", type=int,
                        help="statement, agenda: the circulated version N (default: the latest; for the statement, "
                             "the adopted text once there is one)")
    export.add_argument("--compare-to", type=int, metavar="M",
                        help="statement, agenda: version N (default: the latest) with the changes since version M "
                             "as Word tracked changes")
    export.add_argument("--delegation", help="calendar: only the sessions this delegation attends")
    export.add_argument("--language", metavar="CODE",
                        help="statement, agenda: the language version in this language (ru, fr, de, it, es, en), "
                             "refused until every unit is translated")
    export.add_argument("--draft", action="store_true", help="statement: the working draft, marked DRAFT; with "
                        "--language, statement or agenda: the draft translation, English in brackets where missing")
    export.add_argument("--annex", choices=list(ANNEX_CHOICES),
                        help="report, while the statement is not adopted: annex the latest circulated version marked "
                             "as a draft under negotiation (draft), or go without the statement (none)")
    export.set_defaults(run=export_document)
