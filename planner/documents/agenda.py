"""The agenda: the OSCE header, then day by day a table of time, item and who speaks or moderates. A circulated
version carries its symbol from the register (the first issue, then its revisions); the organizers' working
timetable is marked DRAFT. Times are the meeting's local time, named as people read it (CEST)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby

from docx.document import Document as DocxDocument
from docx.shared import Cm
from sqlmodel import Session

from planner.access import Actor
from planner.agenda import agenda_items
from planner.agenda_review.comparison import Comparison
from planner.agenda_review.versions import items_of
from planner.dates import date_range, long_date
from planner.documents.layout import (
    add_row, bullet_list, file_name, heading, new_document, osce_header, paragraph, table, title, to_bytes,
)
from planner.documents.note_verbale import author
from planner.documents.tracked_changes import KeyedText, compare, write_comparison
from planner.meetings import get_meeting, today_at
from planner.models import AgendaItem, AgendaItemKind, AgendaVersion, AgendaVersionItem, AgendaVersionStatus, Delegation, Meeting
from planner.time_zones import abbreviations, describe_days
from planner.words import and_list

PAUSES = (AgendaItemKind.break_, AgendaItemKind.lunch)
Item = AgendaItem | AgendaVersionItem


def _who(item: Item) -> str:
    lines = []
    if item.moderator:
        lines.append(f"Moderator: {item.moderator}")
    speakers = [s.strip() for s in item.speakers.split(";") if s.strip()]
    if speakers:
        lines.append(("Speaker: " if len(speakers) == 1 else "Speakers: ") + "; ".join(speakers))
    if item.rapporteur:
        lines.append(f"Rapporteur: {item.rapporteur}")
    return "\n".join(lines)


def _what(item: Item) -> str:
    text = item.title
    if item.description and item.kind not in PAUSES:
        text += "\n" + item.description
    if item.room and item.kind not in PAUSES:
        text += f"\n({item.room})"
    return text


def _name(version: AgendaVersion | None) -> str:
    if version is None or version.status == AgendaVersionStatus.draft:
        return "Draft agenda"
    if version.status == AgendaVersionStatus.final:
        return "Agenda"
    return "Revised draft agenda" if version.number > 1 else "Draft agenda"


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


def _time_note(meeting: Meeting, zone: str) -> str:
    languages = [lang.strip() for lang in meeting.languages.split(",") if lang.strip()]
    return (f"Working {'language' if len(languages) == 1 else 'languages'}: {and_list(languages)}. "
            f"All times are {describe_days(zone, meeting.days)}.")


def agenda_document(session: Session, actor: Actor | None, meeting_id: int, version: AgendaVersion | None = None) -> bytes:
    """A circulated (or draft) version, or without one the working timetable as it stands, marked DRAFT, for those
    who run the meeting only. The agenda review services decide who may read which version."""
    meeting = get_meeting(session, actor, meeting_id)
    items: Sequence[Item] = items_of(session, actor, version) if version else agenda_items(session, actor, meeting.id)
    zone = version.time_zone if version else meeting.time_zone
    document = _start(session, meeting, version, _name(version))
    if not items:
        paragraph(document, "The timetable has not been drawn up yet.", "Note")
    time_heading = f"Time ({abbreviations(zone, meeting.days)})"
    for day, day_items in groupby(items, key=lambda i: i.day):
        heading(document, f"{day:%A}, {long_date(day)}", level=2)
        grid = table(document, (time_heading, "Item", "Moderator and speakers"), (Cm(2.4), Cm(8.6), Cm(5.0)))
        for item in day_items:
            add_row(grid, (f"{item.start:%H:%M}–{item.end:%H:%M}", _what(item), _who(item)),
                    first_line_styles=(None, None if item.kind in PAUSES else "Table Item", None))
    paragraph(document, _time_note(meeting, zone), "Note")
    return to_bytes(document)


def _keyed(items: Sequence[Item], zone: str) -> list[KeyedText]:
    """Each day a heading, each item one paragraph: time, title, room, then who speaks."""
    paragraphs = []
    for day, day_items in groupby(items, key=lambda i: i.day):
        paragraphs.append(KeyedText(f"day-{day.isoformat()}", f"{day:%A}, {long_date(day)}", "Heading2"))
        for item in day_items:
            text = f"{item.start:%H:%M}–{item.end:%H:%M} {abbreviations(zone, [day])}\t{item.title}"
            if item.room and item.kind not in PAUSES:
                text += f" ({item.room})"
            who = _who(item)
            paragraphs.append(KeyedText(item.key, text + (f"\n{who}" if who else "")))
    return paragraphs


def comparison_document(session: Session, actor: Actor | None, compared: Comparison) -> bytes:
    """The newer version under its own symbol, its changes from the older listed, then the whole agenda with every
    change as a Word tracked change by whoever circulated the newer version."""
    meeting = get_meeting(session, actor, compared.newer.meeting_id)
    document = _start(session, meeting, compared.newer, _name(compared.newer))
    older_name = compared.older.symbol or f"version {compared.older.number}"
    paragraph(document, f"Changes from {older_name}, marked as tracked changes.", "Note")
    bullet_list(document, [f"{item.title}: {', '.join(c.value for c in item.changes)}" for item in compared.changed]
                or ["No item changed."])
    compared_paragraphs = compare(_keyed(items_of(session, actor, compared.older), compared.older.time_zone),
                                  _keyed(items_of(session, actor, compared.newer), compared.newer.time_zone),
                                  authors={}, default_author=compared.newer.circulated_by or compared.newer.prepared_by)
    moment = compared.newer.circulated_at or compared.newer.prepared_at
    write_comparison(document, compared_paragraphs,
                     date=moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc))
    paragraph(document, _time_note(meeting, compared.newer.time_zone), "Note")
    return to_bytes(document)


def agenda_file_name(meeting_id: int, version: AgendaVersion | None = None, compared_to: AgendaVersion | None = None) -> str:
    """'CIO.GAL_3_27_Rev.1.docx' for a circulated version, 'DRAFT-agenda-meeting-N.docx' for work in progress;
    a comparison adds what it compares with."""
    name = file_name(version.symbol if version else None, f"agenda-meeting-{meeting_id}")
    if compared_to is None:
        return name
    return name.removesuffix(".docx") + f"-compared-with-{(compared_to.symbol or str(compared_to.number)).replace('/', '_')}.docx"
