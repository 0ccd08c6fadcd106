"""The Chairmanship's report: the OSCE header, the meeting, then opening, sessions and closing in agenda order with
their rapporteurs' summaries and recommendations, and the latest circulated statement annexed (the annex repeats
the header, and its paragraphs are numbered from 1 again)."""
from __future__ import annotations

import datetime as dt

from docx.enum.text import WD_BREAK
from sqlmodel import Session

from planner import register
from planner.access import Actor
from planner.dates import date_span, long_date
from planner.documents.layout import (
    bullet_list, file_name, heading, new_document, osce_header, paragraph, title, to_bytes,
)
from planner.documents.note_verbale import author
from planner.documents.statement import write_statement
from planner.errors import NotFound
from planner.meetings import get_meeting
from planner.models import Delegation, DocumentKind, IssuedDocument
from planner.statement.report import reported_items
from planner.statement.versions import circulated_text


def _lines(text: str) -> list[str]:
    """The non-empty lines, without the dashes or bullets people type before list items."""
    return [line.strip().lstrip("-•*").strip() for line in text.split("\n") if line.strip().lstrip("-•*").strip()]


def issue_report(session: Session, actor: Actor, meeting_id: int, issued_on: dt.date | None = None) -> IssuedDocument:
    """Give the report as it stands its symbol: a number the first time, the next revision (/Rev.n) after that.
    Until then it is exported with the DRAFT mark."""
    meeting = get_meeting(session, actor, meeting_id)
    return register.issue_revisable(session, actor, meeting=meeting, kind=DocumentKind.report,
                                    title=f"Report of the Chairmanship on the {meeting.title}", issued_on=issued_on)


def report_file_name(session: Session, actor: Actor, meeting_id: int) -> str:
    get_meeting(session, actor, meeting_id)
    issued = register.latest(session, actor, meeting_id, DocumentKind.report)
    return file_name(issued.symbol if issued else None, f"report-meeting-{meeting_id}")


def report_document(session: Session, actor: Actor, meeting_id: int, today: dt.date | None = None) -> bytes:
    """The report under its latest symbol and date of issue; the DRAFT mark and today's date before it is issued."""
    meeting = get_meeting(session, actor, meeting_id)
    items = reported_items(session, actor, meeting.id)
    chair = session.get(Delegation, meeting.chairmanship_id)
    issued = register.latest(session, actor, meeting.id, DocumentKind.report)
    issued_on = issued.issued_on if issued else (today or dt.date.today())
    document = new_document(title=f"Report of the Chairmanship on the {meeting.title}", author=author(chair),
                            issued_at=issued.issued_at if issued else None, symbol=issued.symbol if issued else None)
    osce_header(document, symbol=issued.symbol if issued else None, issued_on=issued_on,
                issuing_body=f"Chairmanship: {chair.name}")
    title(document, "Report of the Chairmanship", f"on the {meeting.title}")
    paragraph(document, f"The {meeting.title} took place in {meeting.city}"
              f"{' (' + meeting.venue + ')' if meeting.venue else ''} {date_span(meeting.start_date, meeting.end_date)}, "
              f"convened by the Chairmanship of {chair.name} in {meeting.chairmanship_year}. This report gives, "
              "item by item of the agenda, the rapporteurs' summaries of the discussion and their recommendations. "
              "The statement of the meeting is annexed.", "Body Text")
    if not items:
        paragraph(document, "The timetable has not been drawn up yet.", "Note")
    for reported in items:
        item = reported.item
        heading(document, item.title, level=2)
        who = [f"{label}: {name}" for label, name in (("Moderator", item.moderator), ("Rapporteur", item.rapporteur)) if name]
        paragraph(document, f"{long_date(item.day)}, {item.start:%H:%M}–{item.end:%H:%M}" + (" · " + " · ".join(who) if who else ""),
                  "Note")
        if reported.summary is None:
            paragraph(document, "No summary has been recorded for this item.", "Body Text")
            continue
        for line in _lines(reported.summary.summary):
            paragraph(document, line, "Body Text")
        recommendations = _lines(reported.summary.recommendations)
        if recommendations:
            paragraph(document, "Recommendations:", "Body Text")
            bullet_list(document, recommendations)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    paragraph(document, "Annex", "Header Line")
    try:
        statement = circulated_text(session, actor, meeting.id)
    except NotFound:
        paragraph(document, "The statement of the meeting has not been circulated yet.", "Note")
    else:
        write_statement(document, session, actor, statement, issued_on=statement.version.issued_on)
    return to_bytes(document)
