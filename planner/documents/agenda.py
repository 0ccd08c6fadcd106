"""The agenda: the OSCE header, then day by day a table of time, item and who speaks or moderates. A circulated
version carries its symbol from the register (the first issue, then its revisions); the organizers' working
timetable is marked DRAFT. Times are the meeting's local time, named as people read it (CEST)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from itertools import groupby

from docx.document import Document as DocxDocument
from docx.shared import Cm
from docx.table import Table
from sqlmodel import Session

from planner import languages
from planner.access import Actor
from planner.agenda_review.models import AgendaVersion, AgendaVersionItem, AgendaVersionStatus
from planner.agenda_review.versions import items_of
from planner.dates import date_range, long_date
from planner.delegations.models import Delegation
from planner.documents.issued import issued_file
from planner.documents.layout import file_name, heading, new_document, osce_header, paragraph, title, to_bytes
from planner.documents.note_verbale import author
from planner.documents.tables import add_row, table
from planner.languages import Language
from planner.meetings.models import AgendaItem, AgendaItemKind, Meeting
from planner.meetings.planning import get_meeting, today_at
from planner.meetings.timetable import agenda_items
from planner.register import IssuedDocument
from planner.time_zones import abbreviations
from planner.translation.units import agenda_note

PAUSES = (AgendaItemKind.break_, AgendaItemKind.lunch)
COLUMNS = (Cm(2.4), Cm(8.6), Cm(5.0))
Item = AgendaItem | AgendaVersionItem
Shown = Callable[[str], str]  # a language version's text of a unit, by its key ('item:<key>:title')


def cell_lines(item: Item, language: Language | None = None,
               shown: Shown | None = None) -> tuple[list[tuple[str, str, str | None]], ...]:
    """The lines of the item's three cells (time; title, description and room; who speaks), each line as (what it
    says, its text, the style of a line that stands out: the title of a session in bold). A language version
    labels who speaks in its `language` and prints the translation of title, description and room; names stay."""
    words = language or languages.by_code(languages.ENGLISH)

    def text(part: str, original: str) -> str:
        return shown(f"item:{item.key}:{part}") if shown else original
    time = [("time", f"{item.start:%H:%M}–{item.end:%H:%M}", None)]
    what = [("title", text("title", item.title), None if item.kind in PAUSES else "Table Item")]
    if item.description and item.kind not in PAUSES:
        what.append(("description", text("description", item.description), None))
    if item.room and item.kind not in PAUSES:
        what.append(("room", f"({text('room', item.room)})", None))
    who = []
    if item.moderator:
        who.append(("moderator", f"{words.phrase('moderator')}: {item.moderator}", None))
    speakers = [s.strip() for s in item.speakers.split(";") if s.strip()]
    if speakers:
        label = words.phrase("speaker" if len(speakers) == 1 else "speakers")
        who.append(("speakers", f"{label}: " + "; ".join(speakers), None))
    if item.rapporteur:
        who.append(("rapporteur", f"{words.phrase('rapporteur')}: {item.rapporteur}", None))
    return time, what, who


def _who(item: Item) -> str:
    """Who moderates, speaks and reports, one line each (the calendar's event description too)."""
    return "\n".join(text for _, text, _ in cell_lines(item)[2])


def agenda_name(version: AgendaVersion | None, language: Language | None = None) -> str:
    """'Draft agenda', 'Revised draft agenda' once circulated again, 'Agenda' when final; in `language` if given."""
    words = language or languages.by_code(languages.ENGLISH)
    if version is None or version.status == AgendaVersionStatus.draft:
        return words.phrase("draft_agenda")
    if version.status == AgendaVersionStatus.final:
        return words.phrase("agenda")
    return words.phrase("revised_draft_agenda" if version.number > 1 else "draft_agenda")


def _start(session: Session, meeting: Meeting, version: AgendaVersion | None, name: str) -> DocxDocument:
    """The header, with the version's symbol and date (DRAFT and today for work in progress), and the title."""
    chair = session.get(Delegation, meeting.chairmanship_id)
    issued = version is not None and version.symbol is not None
    document = new_document(title=f"{name} of the {meeting.title}", author=author(chair),
                            issued_at=version.circulated_at if issued else None, symbol=version.symbol if issued else None)
    osce_header(document, symbol=version.symbol if issued else None,
                issued_on=version.issued_on if issued else today_at(meeting), issuing_body=f"Chairmanship: {chair.name}")
    title(document, meeting.title, f"{meeting.city}, {date_range(meeting.start_date, meeting.end_date)}")
    title(document, name)
    return document


def day_heading(day: dt.date, language: Language | None = None) -> str:
    return language.day_heading(day) if language else f"{day:%A}, {long_date(day)}"


def column_headings(meeting: Meeting, zone: str, language: Language | None = None) -> tuple[str, str, str]:
    words = language or languages.by_code(languages.ENGLISH)
    return (f"{words.phrase('time')} ({abbreviations(zone, meeting.days)})", words.phrase("item"),
            words.phrase("moderator_and_speakers"))


def agenda_document(session: Session, actor: Actor | None, meeting_id: int, version: AgendaVersion | None = None) -> bytes:
    """A circulated version as it was issued (the file kept at its circulation); a draft version, or without one the
    working timetable as it stands, built now and marked DRAFT, for those who run the meeting only. The agenda
    review services decide who may read which version."""
    if version is not None and version.document_id is not None:
        get_meeting(session, actor, meeting_id)
        return issued_file(session, actor, session.get(IssuedDocument, version.document_id)).content
    return build_agenda(session, actor, meeting_id, version)


def build_agenda(session: Session, actor: Actor | None, meeting_id: int, version: AgendaVersion | None = None) -> bytes:
    """The version (or the working timetable) built from the records as they stand."""
    meeting = get_meeting(session, actor, meeting_id)
    items: Sequence[Item] = items_of(session, actor, version) if version else agenda_items(session, actor, meeting.id)
    zone = version.time_zone if version else meeting.time_zone
    document = _start(session, meeting, version, agenda_name(version))
    if not items:
        paragraph(document, "The timetable has not been drawn up yet.", "Note")
    write_days(document, meeting, items, zone)
    paragraph(document, agenda_note(meeting, zone), "Note")
    return to_bytes(document)


def write_days(document: DocxDocument, meeting: Meeting, items: Sequence[Item], zone: str,
               language: Language | None = None, shown: Shown | None = None) -> None:
    """Day by day a heading and a table of time, item and who speaks; the last row kept with the note after it."""
    for day, day_items in groupby(items, key=lambda i: i.day):
        heading(document, day_heading(day, language), level=2)
        grid = table(document, day_heading(day, language), column_headings(meeting, zone, language), COLUMNS)
        for item in day_items:
            cells = cell_lines(item, language, shown)
            add_row(grid, ["\n".join(text for _, text, _ in lines) for lines in cells],
                    first_line_styles=[lines[0][2] if lines else None for lines in cells])
    if items:
        keep_with_note(grid)


def agenda_file_name(meeting_id: int, version: AgendaVersion | None = None) -> str:
    """'CIO.GAL_3_27_Rev.1.docx' for a circulated version, 'DRAFT-agenda-meeting-N.docx' for work in progress."""
    return file_name(version.symbol if version else None, f"agenda-meeting-{meeting_id}")


def keep_with_note(grid: Table) -> None:
    """The table's last row stays on the page of the note after it, so the note never stands alone on a page."""
    for cell in grid.rows[-1].cells:
        for para in cell.paragraphs:
            para.paragraph_format.keep_with_next = True
