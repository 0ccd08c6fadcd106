"""`python -m planner translations …`: the language services' XLIFF files out and back, and how far each language
version has come. Registered by planner.cli, which handles their errors as it does its own."""
from __future__ import annotations

import argparse

from planner import db
from planner.cli.files import cli_actor, read_input, require_output, write_output
from planner.text.words import plural

DOCUMENTS = ["statement", "agenda"]


def spelled_out(argv: list[str]) -> list[str]:
    """`translations MEETING` is short for `translations status MEETING`."""
    if len(argv) >= 2 and argv[0] == "translations" and argv[1].isdigit():
        return [argv[0], "status", *argv[1:]]
    return argv


def _status(args) -> int:
    from planner.errors import NotFound
    from planner.meetings import planning
    from planner.translation import translations

    with db.transaction() as session:
        meeting = planning.get_meeting(session, cli_actor(), args.meeting)
        if not translations.target_languages(meeting):
            print(f"Meeting {meeting.id} has no languages of translation: its working languages are "
                  f"{meeting.languages}.")
            return 0
        for document in DOCUMENTS:
            try:
                versions = translations.progress(session, cli_actor(), meeting.id, document)
            except NotFound as error:
                print(f"{document.capitalize()}: {error}")
                continue
            print(f"{versions[0].text.name} ({versions[0].text.symbol})")
            for version in versions:
                print(f"  {version.language.name} ({version.language.code}): {version.summary()}")
    return 0


def _export(args) -> int:
    from planner.translation import xliff

    require_output(args.out, ".xlf", ".xliff")
    with db.transaction() as session:
        content = xliff.export_xliff(session, cli_actor(), args.meeting, args.document, args.language)
    write_output(args.out, content)
    return 0


def _import(args) -> int:
    from planner.translation import xliff
    from planner.translation.models import UnitState

    content = read_input(args.file)
    with db.transaction() as session:
        version = xliff.import_xliff(session, cli_actor(), args.meeting, content)
    needing = len(version.units) - version.count(UnitState.current)
    print(f"Imported {plural(len(version.units), 'unit')} into the {version.language.name} version of "
          f"{version.text.name} ({version.text.symbol}): {version.count(UnitState.current)} current, "
          f"{needing or 'none'} still needing update.")
    if needing:
        print(f"Still needing update: {version.not_current()}.")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    translations = commands.add_parser(
        "translations", help="XLIFF files for the language services, and each language version's progress")
    actions = translations.add_subparsers(dest="action", required=True)
    status = actions.add_parser("status", help="each document's units current, needing update and missing, per "
                                               "language (also `translations MEETING`)")
    status.add_argument("meeting", type=int)
    status.set_defaults(run=_status)
    export = actions.add_parser("export", help="one document in one language as XLIFF 1.2")
    export.add_argument("meeting", type=int)
    export.add_argument("--document", required=True, choices=DOCUMENTS)
    export.add_argument("--language", required=True, help="the language's code, e.g. ru")
    export.add_argument("--out", required=True, help="the file to write, ending in .xlf or .xliff")
    export.set_defaults(run=_export)
    imp = actions.add_parser("import", help="a returned XLIFF file: all its units or none")
    imp.add_argument("meeting", type=int)
    imp.add_argument("file")
    imp.set_defaults(run=_import)
