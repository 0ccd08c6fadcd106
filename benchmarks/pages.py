"""Time to render every page through Streamlit's AppTest for a meeting of the usual size (1x: 100 delegations, 400
participants, 15 agenda items, 60 statement paragraphs, 200 amendments) and ten times larger (10x). Each page is
opened once, then run again several times (as every click reruns it): the figure is the median of those reruns.
Prints JSON: every page's median in milliseconds, and the slowest page at each scale.

    benchmarks/pages.py [--runs N] [--database URL]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from benchmarks.common import database_option, fresh_database, meeting_with_everyone_invited, seconds  # noqa: E402
from benchmarks.import_participants import spreadsheet  # noqa: E402
from benchmarks.statement_export import paragraph_text, statement_with  # noqa: E402
from planner import db
from planner.access import SYSTEM, Actor  # noqa: E402
from planner.accounts import sign_in
from planner.agenda_review import comments, versions as agenda_versions  # noqa: E402
from planner.delegations import invitations, spreadsheets
from planner.meetings import planning, timetable
from planner.models import (  # noqa: E402
    AgendaItemKind, AmendmentKind, CommentAudience, DelegationKind, MeetingStatus, Role,
)
from planner.operations import demo
from planner.statement import amendments, report, versions  # noqa: E402
from planner.ui.common import MEETING_KEY, TOKEN_KEY  # noqa: E402

# AppTest, run outside a server, has Streamlit warn on every page run that the main thread has no script context
# (a filter, as Streamlit sets its loggers' levels again whenever its configuration changes).
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    lambda record: "missing ScriptRunContext" not in record.getMessage())
RUNS = 5
ITEMS_PER_DAY = 15
ITEM_MINUTES = 40
AMENDMENT_KINDS = [AmendmentKind.replace, AmendmentKind.insert_after, AmendmentKind.replace, AmendmentKind.delete]
# The pages each role reaches from the navigation, and the role that sees the most on them.
PAGES = {
    "organizer@demo.osce": ["meetings", "meeting_builder", "timetable", "agenda_review", "invitations", "participants",
                            "dashboard", "statement", "negotiation", "report", "documents", "audit_log"],
    "admin@demo.osce": ["backup"],
    "delegate.austria@demo.osce": ["agenda_review", "invitations", "participants", "statement", "negotiation"],
}


@dataclass(frozen=True)
class Size:
    delegations: int = 100
    participants: int = 400
    agenda_items: int = 15
    paragraphs: int = 60
    amendments: int = 200

    def times(self, factor: int) -> Size:
        return Size(**{name: value * factor for name, value in asdict(self).items()})


def timetable_rows(meeting_id: int, count: int) -> list[timetable.TimetableRow]:
    """`count` items, ITEMS_PER_DAY a day from 08:00, one after the other; the first of the meeting opens it."""
    with db.transaction() as session:
        first_day = planning.get_meeting(session, SYSTEM, meeting_id).start_date
    rows = []
    for number in range(count):
        day = first_day + dt.timedelta(days=number // ITEMS_PER_DAY)
        start = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=ITEM_MINUTES * (number % ITEMS_PER_DAY))
        end = start + dt.timedelta(minutes=ITEM_MINUTES - 5)
        rows.append(timetable.TimetableRow(
            day=day, start=start.time(), end=end.time(),
            kind=AgendaItemKind.opening if number == 0 else AgendaItemKind.session, title=f"Session {number + 1}",
            description="Threats, obstacles to co-operation and good practice.", room="Plenary hall",
            moderator=f"Moderator {number + 1}", rapporteur=f"Rapporteur {number + 1}",
            speakers=f"Speaker {number + 1}a; Speaker {number + 1}b", interpretation="English, French, Russian"))
    return rows


def delegate_of(delegation_id: int) -> Actor:
    return Actor(email=f"delegate.{delegation_id}@bench.example", role=Role.delegate, delegation_id=delegation_id)


def meeting_of(size: Size) -> int:
    """The meeting, begun today, of `size`: everyone invited, the participants imported, the timetable with half of
    its summaries written, the agenda circulated and commented on, the statement circulated, amended and circulated
    again (a quarter of the amendments rejected, a few accepted, two thirds still to decide)."""
    days = -(-size.agenda_items // ITEMS_PER_DAY)
    meeting_id = meeting_with_everyone_invited(start=dt.date.today(), days=days)
    with db.transaction() as session:
        demo.ensure_demo_users(session, SYSTEM)
        planning.change_status(session, SYSTEM, meeting_id, MeetingStatus.invitations_sent)
        timetable.save_timetable(session, SYSTEM, meeting_id, timetable_rows(meeting_id, size.agenda_items))
        invited = invitations.list_invitations(session, SYSTEM, meeting_id)
        names = [row.delegation.name for row in invited]
        spreadsheets.import_participants(session, SYSTEM, meeting_id, spreadsheet(names, size.participants), "bench.csv")
        for reported in report.reported_items(session, SYSTEM, meeting_id)[::2]:
            report.record_summary(session, SYSTEM, reported.item.id, summary="The session discussed co-operation.",
                                  recommendations="Share threat assessments\nTrain together")
        circulated = agenda_versions.circulate(session, SYSTEM, meeting_id)
        item_keys = [item.key for item in agenda_versions.items_of(session, SYSTEM, circulated)]
        states = [delegate_of(row.delegation.id) for row in invited if row.delegation.kind == DelegationKind.participating_state]
        for number, author in enumerate(states[: max(1, size.delegations // 10)]):
            comments.add_comment(session, author, meeting_id, item_keys[number % len(item_keys)],
                                 "Please allow more time for this session.", CommentAudience.all_delegations)
    statement_with(meeting_id, size.paragraphs)
    with db.transaction() as session:
        versions.circulate(session, SYSTEM, meeting_id)
        keys = [p.key for p in versions.circulated_text(session, SYSTEM, meeting_id).paragraphs]
        authors = [delegate_of(row.delegation.id) for row in invited]
        for number in range(size.amendments):
            kind = AMENDMENT_KINDS[number % len(AMENDMENT_KINDS)]
            proposed = amendments.propose(session, authors[number % len(authors)], meeting_id,
                                          paragraph_key=keys[number % len(keys)], kind=kind,
                                          text=paragraph_text(number), reason="Clearer wording.")
            if number < len(keys) and number % 4 == 0:
                amendments.accept(session, SYSTEM, proposed.id)
            elif number % 4 == 1:
                amendments.reject(session, SYSTEM, proposed.id, "Most delegations prefer the text as it stands.")
        versions.circulate(session, SYSTEM, meeting_id)
    return meeting_id


def page_seconds(page: str, token: str, meeting_id: int, runs: int) -> tuple[float, float]:
    """The medians of `runs` reruns of the page, opened through the app's navigation as the signed-in user: wall
    seconds, and the CPU seconds of this process (which other work on a shared machine bends less)."""
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
    app.session_state[TOKEN_KEY] = token
    app.session_state[MEETING_KEY] = meeting_id
    app.run()
    app.switch_page(f"planner/ui/{page}.py").run()
    wall, cpu = [], []
    for _ in range(runs):
        started = time.process_time()
        wall.append(seconds(app.run))
        cpu.append(time.process_time() - started)
    if app.exception:
        raise RuntimeError(f"The {page} page failed: {app.exception[0].message}")
    return statistics.median(wall), statistics.median(cpu)


def render_times(meeting_id: int, runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Every page for the role that sees the most on it, as 'page (role)': the medians in milliseconds, wall and CPU."""
    wall, cpu = {}, {}
    for email, pages in PAGES.items():
        with db.transaction() as session:
            signed_in = sign_in.sign_in(session, email, demo.DEMO_PASSWORD, "benchmark")
        for page in pages:
            name = f"{page} ({signed_in.actor.role.value})"
            wall[name], cpu[name] = (round(median * 1000, 1)
                                     for median in page_seconds(page, signed_in.token, meeting_id, runs))
    return wall, cpu


def at_scale(size: Size, runs: int = RUNS, url: str | None = None, then: Callable[[], dict] | None = None) -> dict:
    """Every page for a meeting of `size`, in a database of its own; `then` measures more in the same database."""
    with fresh_database(url, delegations=size.delegations):
        wall, cpu = render_times(meeting_of(size), runs)
        more = then() if then else {}
    slowest = max(wall, key=wall.get)
    return {"size": asdict(size), "slowest_page": slowest, "slowest_ms": wall[slowest], "pages_ms": wall,
            "slowest_cpu_ms": max(cpu.values()), "pages_cpu_ms": cpu, **more}


def measure(runs: int = RUNS, url: str | None = None, size: Size = Size()) -> dict:
    return {f"{factor}x": at_scale(size.times(factor), runs, url) for factor in (1, 10)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=RUNS)
    arguments = database_option(parser).parse_args()
    print(json.dumps(measure(arguments.runs, arguments.database)))


if __name__ == "__main__":
    main()
