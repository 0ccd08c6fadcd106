"""The Chairmanship's report as a Word file: the OSCE header, the meeting, then opening, sessions and closing in agenda
order with their rapporteurs' summaries and recommendations, and the statement annexed (the annex repeats the header,
and its paragraphs are numbered from 1 again).

The report is prepared as a draft at any time and issued (statement/report.py) once the meeting has started; its
wording follows the date it carries. It annexes the adopted statement under the adopted text's own symbol, with its
interpretative statements attached, or what the organizer chose while none was adopted."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from planner.access import Actor, runs_the_meeting
from planner.dates import date_span, long_date
from planner.delegations.models import Delegation
from planner.documents.issued import issued_file
from planner.documents.layout import (
    bullet_list, file_name, heading, new_document, osce_header, paragraph, title, to_bytes,
)
from planner.documents.note_verbale import author
from planner.documents.statement import write_adopted, write_statement
from planner.errors import PermissionDenied
from planner.meetings.models import Meeting
from planner.meetings.planning import get_meeting, today_at
from planner.register import IssuedDocument
from planner.statement import interpretative, silence
from planner.statement.report import StatementAnnex, _annex, issued_report, report_title, reported_items
from planner.statement.versions import circulated_text
from planner.text.words import plural


def _lines(text: str) -> list[str]:
    """The non-empty lines, without the dashes or bullets people type before list items."""
    return [line.strip().lstrip("-•*").strip() for line in text.split("\n") if line.strip().lstrip("-•*").strip()]


def _issued_annex(issued: IssuedDocument) -> StatementAnnex | None:
    return next((annex for annex in StatementAnnex if issued.title.endswith(annex.in_title)), None)


def report_file_name(session: Session, actor: Actor, meeting_id: int) -> str:
    issued = issued_report(session, actor, meeting_id)
    return file_name(issued.symbol if issued else None, f"report-meeting-{meeting_id}")


def _opening(meeting: Meeting, chair: Delegation, on: dt.date) -> str:
    """The first sentence in the tense the date calls for: the meeting will take place, is taking place, took place."""
    tense = ("will take place" if on < meeting.start_date else "took place" if on > meeting.end_date
             else "is taking place")
    return (f"The {meeting.title} {tense} in {meeting.city}{' (' + meeting.venue + ')' if meeting.venue else ''} "
            f"{date_span(meeting.start_date, meeting.end_date)}, convened by the Chairmanship of {chair.name} in "
            f"{meeting.chairmanship_year}. This report gives, item by item of the agenda, the rapporteurs' summaries "
            "of the discussion and their recommendations.")


def report_document(session: Session, actor: Actor, meeting_id: int, today: dt.date | None = None,
                    annex: StatementAnnex | None = None) -> bytes:
    """The report's latest issue as it was issued (the file kept then); before it is issued, the draft built now
    with the DRAFT mark and today's date, for those who run the meeting only, annexing the adopted statement or,
    while there is none, what `annex` says."""
    meeting = get_meeting(session, actor, meeting_id)
    issued = issued_report(session, actor, meeting.id)
    if issued is not None:
        return issued_file(session, actor, issued).content
    return build_report(session, actor, meeting, None, today, annex)


def build_report(session: Session, actor: Actor, meeting: Meeting, issued: IssuedDocument | None,
                 today: dt.date | None = None, annex: StatementAnnex | None = None) -> bytes:
    """The report under the symbol and date of `issued`, annexing what it was issued with, or the draft, built from
    the records as they stand."""
    if issued is None and not runs_the_meeting(actor):
        raise PermissionDenied("The report has not been issued yet: delegations read it once the Chairmanship "
                               "issues it.")
    chosen = _issued_annex(issued) if issued else _annex(session, actor, meeting, annex)
    adopted = silence.adopted(session, actor, meeting.id) if chosen is None else None
    items = reported_items(session, actor, meeting.id)
    chair = session.get(Delegation, meeting.chairmanship_id)
    on = issued.issued_on if issued else (today or today_at(meeting))
    document = new_document(title=report_title(meeting), author=author(chair),
                            issued_at=issued.issued_at if issued else None, symbol=issued.symbol if issued else None)
    osce_header(document, symbol=issued.symbol if issued else None, issued_on=on,
                issuing_body=f"Chairmanship: {chair.name}")
    title(document, "Report of the Chairmanship", f"on the {meeting.title}")
    attachments = interpretative.attached(session, actor, meeting.id) if adopted else []
    draft = circulated_text(session, actor, meeting.id) if chosen == StatementAnnex.latest_version else None
    if adopted:
        annexed = (f"The statement adopted under the silence procedure, {adopted.adopted_document.symbol}, is "
                   "annexed" + (f" with {plural(len(attachments), 'interpretative statement')} attached."
                                if attachments else "."))
    elif draft:
        annexed = (f"The latest circulated version of the draft statement, {draft.version.symbol}, is annexed as a "
                   "draft: it is still under negotiation.")
    else:
        annexed = "The statement of the meeting is not annexed: it has not been adopted yet."
    paragraph(document, f"{_opening(meeting, chair, on)} {annexed}", "Body Text")
    if not items:
        paragraph(document, "The timetable has not been drawn up yet.", "Note")
    for reported in items:
        item = reported.item
        heading(document, item.title, level=2)
        who = [f"{label}: {name}" for label, name in (("Moderator", item.moderator), ("Rapporteur", item.rapporteur)) if name]
        paragraph(document, f"{long_date(item.day)}, {item.start:%H:%M}–{item.end:%H:%M}" + (" · " + " · ".join(who) if who else ""),
                  "Note")
        if reported.summary is None:
            paragraph(document, "No summary has been recorded for this item." if on >= item.day else
                      "The rapporteur's summary will follow the discussion.", "Body Text")
            continue
        for line in _lines(reported.summary.summary):
            paragraph(document, line, "Body Text")
        recommendations = _lines(reported.summary.recommendations)
        if recommendations:
            paragraph(document, "Recommendations:", "Body Text")
            bullet_list(document, recommendations)
    if adopted or draft:
        paragraph(document, "Annex", "Header Line").paragraph_format.page_break_before = True
    if adopted:
        write_adopted(document, session, actor, adopted, attachments)
    elif draft:
        paragraph(document, "Draft under negotiation: not adopted", "Note")
        write_statement(document, session, actor, draft, issued_on=draft.version.issued_on)
    return to_bytes(document)
