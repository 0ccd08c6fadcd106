"""The agenda: the OSCE header, then day by day a table of time, item and who speaks or moderates. It carries the
symbol of the meeting's latest agenda in the register (the first issue, then its revisions), DRAFT until issued."""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from docx.shared import Cm
from sqlmodel import Session

from planner import register
from planner.access import Actor
from planner.agenda import agenda_items
from planner.dates import date_range, long_date
from planner.documents.layout import add_row, file_name, heading, new_document, osce_header, paragraph, table, title, to_bytes
from planner.documents.note_verbale import author
from planner.meetings import get_meeting, today_at
from planner.models import AgendaItem, AgendaItemKind, Delegation, DocumentKind, IssuedDocument, MeetingStatus
from planner.time_zones import describe_days
from planner.words import and_list

PAUSES = (AgendaItemKind.break_, AgendaItemKind.lunch)


def _who(item: AgendaItem) -> str:
    lines = []
    if item.moderator:
        lines.append(f"Moderator: {item.moderator}")
    speakers = [s.strip() for s in item.speakers.split(";") if s.strip()]
    if speakers:
        lines.append(("Speaker: " if len(speakers) == 1 else "Speakers: ") + "; ".join(speakers))
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


def issue_agenda(session: Session, actor: Actor, meeting_id: int, issued_on: dt.date | None = None) -> IssuedDocument:
    """Give the agenda as it stands its symbol: a number the first time, the next revision (/Rev.n) after that."""
    meeting = get_meeting(session, meeting_id)
    return register.issue_revisable(session, actor, meeting=meeting, kind=DocumentKind.agenda,
                                    title=f"Agenda of the {meeting.title}", issued_on=issued_on)


def agenda_document(session: Session, meeting_id: int) -> bytes:
    """Readable by every role: the agenda is what delegations are sent to comment on."""
    meeting = get_meeting(session, meeting_id)
    chair = session.get(Delegation, meeting.chairmanship_id)
    issued = register.latest(session, meeting.id, DocumentKind.agenda)
    draft = meeting.status in (MeetingStatus.draft, MeetingStatus.planned)
    name = "Draft agenda" if draft else "Agenda"
    document = new_document(title=issued.title if issued else f"{name} of the {meeting.title}", author=author(chair),
                            issued_at=issued.issued_at if issued else None, symbol=issued.symbol if issued else None)
    osce_header(document, symbol=issued.symbol if issued else None,
                issued_on=issued.issued_on if issued else today_at(meeting), issuing_body=f"Chairmanship: {chair.name}")
    title(document, meeting.title, f"{meeting.city}, {date_range(meeting.start_date, meeting.end_date)}")
    title(document, name)
    items = agenda_items(session, meeting.id)
    if not items:
        paragraph(document, "The timetable has not been drawn up yet.", "Note")
    for day, day_items in groupby(items, key=lambda i: i.day):
        heading(document, f"{day:%A}, {long_date(day)}", level=2)
        grid = table(document, ("Time", "Item", "Moderator and speakers"), (Cm(2.4), Cm(8.6), Cm(5.0)))
        for item in day_items:
            add_row(grid, (f"{item.start:%H:%M}–{item.end:%H:%M}", _what(item), _who(item)),
                    first_line_styles=(None, None if item.kind in PAUSES else "Table Item", None))
    languages = [lang.strip() for lang in meeting.languages.split(",") if lang.strip()]
    paragraph(document, f"Working {'language' if len(languages) == 1 else 'languages'}: {and_list(languages)}. "
                        f"All times are {describe_days(meeting.time_zone, meeting.days)}.", "Note")
    return to_bytes(document)


def agenda_file_name(session: Session, meeting_id: int) -> str:
    """'CIO.GAL_3_27_Rev.1.docx' once issued, 'DRAFT-agenda-meeting-N.docx' before."""
    issued = register.latest(session, meeting_id, DocumentKind.agenda)
    return file_name(issued.symbol if issued else None, f"agenda-meeting-{meeting_id}")
