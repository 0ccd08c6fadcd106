"""The agenda: the OSCE header, then day by day a table of time, item and who speaks or moderates."""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from docx.shared import Cm
from sqlmodel import Session

from planner.access import Actor
from planner.agenda import agenda_items
from planner.dates import date_range, long_date
from planner.documents.layout import (
    new_document, osce_header, paragraph, repeat_header_row, set_cell, set_column_widths, settings, title, to_bytes,
)
from planner.meetings import get_meeting
from planner.models import AgendaItem, AgendaItemKind, Delegation, MeetingStatus

PAUSES = (AgendaItemKind.break_, AgendaItemKind.lunch)


def _who(item: AgendaItem) -> str:
    lines = []
    if item.moderator:
        lines.append(f"Moderator: {item.moderator}")
    speakers = [s.strip() for s in item.speakers.split(";") if s.strip()]
    if speakers:
        lines.append("Speakers: " + "; ".join(speakers))
    if item.rapporteur:
        lines.append(f"Rapporteur: {item.rapporteur}")
    return "\n".join(lines)


def _what(item: AgendaItem) -> str:
    text = item.title
    if item.description and item.kind not in PAUSES:
        text += "\n" + item.description
    if item.room and item.kind not in PAUSES:
        text += f"\n({item.room})"
    return text


def agenda_document(session: Session, actor: Actor | None, meeting_id: int, issued_on: dt.date | None = None) -> bytes:
    """Readable by every role that may read the meeting: the agenda is what delegations are sent to comment on."""
    meeting = get_meeting(session, actor, meeting_id)
    chair = session.get(Delegation, meeting.chairmanship_id)
    document = new_document()
    osce_header(document, symbol=f"{meeting.symbol_prefix}/AGENDA", issued_on=issued_on or dt.date.today(),
                issuing_body=f"Chairmanship: {chair.name}")
    title(document, meeting.title, f"{meeting.city}, {date_range(meeting.start_date, meeting.end_date)}")
    draft = meeting.status in (MeetingStatus.draft, MeetingStatus.planned)
    title(document, "Draft agenda" if draft else "Agenda")
    items = agenda_items(session, actor, meeting.id)
    if not items:
        paragraph(document, "The timetable has not been drawn up yet.", italic=True)
    small = settings()["small_font_size_pt"]
    for day, day_items in groupby(items, key=lambda i: i.day):
        paragraph(document, f"{day:%A}, {long_date(day)}", bold=True, keep_with_next=True, space_after=6)
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Time", "Item", "Moderator and speakers")):
            set_cell(cell, text, bold=True, size=small)
        repeat_header_row(table.rows[0])
        for item in day_items:
            cells = table.add_row().cells
            set_cell(cells[0], f"{item.start:%H:%M}–{item.end:%H:%M}", size=small)
            set_cell(cells[1], _what(item), bold_first_line=item.kind not in PAUSES, size=small)
            set_cell(cells[2], _who(item), size=small)
        set_column_widths(table, (Cm(2.4), Cm(8.6), Cm(5.0)))
        paragraph(document)
    languages = meeting.languages
    paragraph(document, f"Working language(s): {languages}. Time zone: {meeting.time_zone}.", italic=True, size=small)
    return to_bytes(document)
