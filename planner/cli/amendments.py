"""`python -m planner amendments …`: a delegation's marked-up Word file of the circulated statement made into its
amendments (`import`, or only what it would propose with `--dry-run`), and the meeting's amendments (`list`).
Registered by planner.cli, which handles their errors as it does its own: any refusal exits with status 1."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner import db
from planner.cli.files import cli_actor, read_input
from planner.text.words import plural


def _import(args) -> int:
    from planner.delegations import reference
    from planner.errors import PlannerError
    from planner.statement import marked_up
    from planner.statement.models import AmendmentKind

    content = read_input(args.file)
    with db.transaction() as session:
        delegation = reference.find_delegation(session, args.delegation)
        if delegation is None:
            raise PlannerError(f"There is no delegation '{args.delegation}': give its name as the planner lists it, "
                               "e.g. Austria.")
        try:
            found = marked_up.preview(session, cli_actor(), args.meeting, content, delegation_id=delegation.id)
        except marked_up.NoTrackedChanges as refusal:
            for name, circulated, in_file in refusal.differences:
                print(f"{name}\n  as circulated: {circulated}\n  in the file:   {in_file}", file=sys.stderr)
            raise
        print(f"{plural(len(found.changes), 'change')} found in {args.file} for {found.delegation} on {found.symbol}:")
        for change in found.changes:
            print(f"  {change.number}. {change.summary}")
            if change.kind == AmendmentKind.insert_after:
                print(f"     {change.text}")
            if change.reason:
                print(f"     reason: {change.reason}")
        for line in found.ignored:
            print(f"  not proposed: {line}")
        if args.dry_run or not found.changes:
            print("Dry run: nothing was proposed." if args.dry_run else "Nothing to propose.")
            return 0
        made = marked_up.confirm(session, cli_actor(), args.meeting, content, [c.number for c in found.changes],
                                 delegation_id=delegation.id, file_name=Path(args.file).name)
    print(f"Proposed {plural(len(made), 'amendment')} for {found.delegation}: {', '.join(str(a.id) for a in made)}.")
    return 0


def _list(args) -> int:
    from planner.statement import amendments

    with db.transaction() as session:
        views = amendments.amendments(session, cli_actor(), args.meeting)
    if not views:
        print(f"Meeting {args.meeting} has no amendments yet.")
    for view in views:
        print(f"{view.amendment.id}\t{view.delegation}\t{view.paragraph}\t{view.amendment.kind.value}\t"
              f"{view.amendment.state.value}")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    actions = commands.add_parser("amendments", help="amendments to the circulated statement").add_subparsers(
        dest="action", required=True)
    imp = actions.add_parser("import", help="a delegation's Word file of the latest circulated version, marked up "
                                            "with Track Changes: one amendment per change")
    imp.add_argument("meeting", type=int)
    imp.add_argument("file")
    imp.add_argument("--delegation", required=True, help="the delegation that sent the file, e.g. Austria")
    imp.add_argument("--dry-run", action="store_true", help="print the changes found and propose nothing")
    imp.set_defaults(run=_import)
    listing = actions.add_parser("list", help="the meeting's amendments: id, delegation, paragraph, kind, state")
    listing.add_argument("meeting", type=int)
    listing.set_defaults(run=_list)
