"""Rapporteurs' summaries: after the meeting has started, each session's rapporteur (the user whose name is in the
item's rapporteur field) or an organizer records the discussion and its recommendations; the Chairmanship's report
assembles them in agenda order.

The report is issued once the meeting has started. It annexes the adopted statement; until the statement is adopted
the organizer chooses what the report annexes (StatementAnnex), and an issued report keeps the choice in its title in
the register, so every later export of it annexes the same. The Word file is built by documents/report.py."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from sqlmodel import Session, select

from planner import audit, register
from planner.access import SYSTEM, Actor, Capability, require, runs_the_meeting, signed_in
from planner.dates import long_date
from planner.db import ensure_current
from planner.errors import NotFound, PermissionDenied, PlannerError
from planner.meetings.models import AgendaItem, AgendaItemKind, Meeting
from planner.meetings.planning import get_meeting, today_at
from planner.meetings.timetable import agenda_items
from planner.model_base import Labelled, utc_now
from planner.register import DocumentKind, IssuedDocument
from planner.statement import silence
from planner.statement.models import RapporteurSummary
from planner.statement.versions import circulated_versions
from planner.text import multiline_problem

REPORTED_KINDS = (AgendaItemKind.opening, AgendaItemKind.session, AgendaItemKind.closing)
MAX_SUMMARY_LENGTH = 8000


@dataclass(frozen=True)
class ReportedItem:
    item: AgendaItem
    summary: RapporteurSummary | None


def _plain_name(name: str) -> str:
    """'Anna Huber (Delegation of Austria)' and 'anna  huber' match: no bracketed function, case or spacing."""
    name = re.sub(r"\([^)]*\)", " ", unicodedata.normalize("NFC", name))
    return " ".join(name.casefold().split())


def is_rapporteur(actor: Actor, item: AgendaItem) -> bool:
    return (bool(signed_in(actor).name.strip()) and bool(item.rapporteur.strip())
            and _plain_name(actor.name) == _plain_name(item.rapporteur))


def may_write(actor: Actor, item: AgendaItem) -> bool:
    return signed_in(actor).can(Capability.manage_meetings) or is_rapporteur(actor, item)


def reported_items(session: Session, actor: Actor, meeting_id: int) -> list[ReportedItem]:
    """Opening, sessions and closing in agenda order, each with its summary if one was written: all of them for those
    who run the meeting and, once the report is issued, for everyone who reads it; before that, for anyone else only
    the items they are the rapporteur of."""
    meeting = get_meeting(session, actor, meeting_id)
    everything = runs_the_meeting(actor) or register.latest(session, actor, meeting.id, DocumentKind.report) is not None
    items = [item for item in agenda_items(session, SYSTEM, meeting.id)
             if item.kind in REPORTED_KINDS and (everything or is_rapporteur(actor, item))]
    summaries = {s.agenda_item_id: s for s in session.exec(select(RapporteurSummary).where(RapporteurSummary.meeting_id == meeting.id))}
    return [ReportedItem(item, summaries.get(item.id)) for item in items]


def _checked(label: str, text: str) -> str:
    problem = multiline_problem(text, MAX_SUMMARY_LENGTH)
    if problem:
        raise PlannerError(f"The {label} {problem}.")
    return text.replace("\r\n", "\n").strip()


def record_summary(session: Session, actor: Actor, agenda_item_id: int, *, summary: str, recommendations: str,
                   expected_version: int | None = None, today: dt.date | None = None) -> RapporteurSummary:
    """Write or rewrite an item's summary. `today` defaults to the date in the meeting's time zone."""
    item = session.get(AgendaItem, agenda_item_id)
    if item is None or item.kind not in REPORTED_KINDS:
        raise NotFound("This agenda item has no rapporteur's summary (it was removed, or it is a break).")
    meeting: Meeting = get_meeting(session, actor, item.meeting_id)
    if not may_write(actor, item):
        raise PermissionDenied(f"Only the rapporteur of '{item.title}' ({item.rapporteur or 'not named yet'}) or an "
                               "organizer can write its summary.")
    if (today or today_at(meeting)) < meeting.start_date:
        raise PlannerError(f"Summaries are written once the meeting has started ({long_date(meeting.start_date)}).")
    values = {"summary": _checked("summary", summary), "recommendations": _checked("recommendations", recommendations)}
    if not values["summary"]:
        raise PlannerError("Write a summary of the discussion.")
    row = session.exec(select(RapporteurSummary).where(RapporteurSummary.agenda_item_id == item.id)).first()
    before = audit.snapshot(row)
    if row is None:
        row = RapporteurSummary(agenda_item_id=item.id, meeting_id=meeting.id, written_by=actor.email, **values)
        session.add(row)
    else:
        ensure_current(row, expected_version, "This summary")
        row.summary, row.recommendations = values["summary"], values["recommendations"]
        row.written_by, row.updated_at = actor.email, utc_now()
    session.flush()
    audit._record(session, actor, "report.summary", "rapporteur_summary", row.id, before, audit.snapshot(row), meeting.id)
    return row


class StatementAnnex(Labelled):
    """What the report annexes while the statement has not been adopted: the organizer says which."""

    latest_version = "latest_version"
    none = "none"


    @property
    def in_title(self) -> str:
        """What the register's title adds, so that the issued report is exported again as it was issued."""
        return {"latest_version": ", with the draft statement under negotiation annexed",
                "none": ", without the statement"}[self.value]


def report_title(meeting: Meeting) -> str:
    return f"Report of the Chairmanship on the {meeting.title}"


def _annex(session: Session, actor: Actor, meeting: Meeting, chosen: StatementAnnex | None) -> StatementAnnex | None:
    """None when the adopted statement is annexed; otherwise the organizer's choice, which must be made as soon as a
    version has been circulated (before that, the report can only go without the statement)."""
    if silence.adopted(session, actor, meeting.id) is not None:
        return None
    circulated = bool(circulated_versions(session, actor, meeting.id))
    if chosen == StatementAnnex.latest_version and not circulated:
        raise PlannerError("The statement has not been circulated yet: the report can only go without it.")
    if chosen is None and circulated:
        raise PlannerError("The statement has not been adopted yet: choose whether the report annexes the latest "
                           "circulated version, marked as a draft under negotiation, or goes without the statement.")
    return chosen or StatementAnnex.none


def issue_report(session: Session, actor: Actor, meeting_id: int, issued_on: dt.date | None = None,
                 annex: StatementAnnex | None = None) -> IssuedDocument:
    """Give the report as it stands its symbol: a number the first time, the next revision (/Rev.n) after that.
    Only from the meeting's first day (`issued_on` defaults to today where the meeting is held); until then it is
    exported with the DRAFT mark. `annex` is the organizer's choice while nothing is adopted."""
    require(actor, Capability.issue_documents)
    meeting = get_meeting(session, actor, meeting_id)
    if (issued_on or today_at(meeting)) < meeting.start_date:
        raise PlannerError(f"The report is issued once the meeting has started, on {long_date(meeting.start_date)}; "
                           "until then it can be prepared as a draft.")
    chosen = _annex(session, actor, meeting, annex)
    return register.issue_revisable(session, actor, meeting=meeting, kind=DocumentKind.report,
                                    title=report_title(meeting) + (chosen.in_title if chosen else ""), issued_on=issued_on)


def issued_report(session: Session, actor: Actor, meeting_id: int) -> IssuedDocument | None:
    """The report's latest issue, which everyone who reads the meeting may read; None while it is a draft."""
    get_meeting(session, actor, meeting_id)
    return register.latest(session, actor, meeting_id, DocumentKind.report)

