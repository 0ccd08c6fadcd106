"""The timetable: generation from a format and the chosen priorities, editing and validation."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlmodel import Session, select

from planner import audit
from planner.access import Actor, Capability, require, runs_the_meeting
from planner.dates import date_range, long_date, time_span, weekday
from planner.db import ensure_current
from planner.delegations.models import Priority
from planner.errors import PermissionDenied, PlannerError, Problem, StaleEdit, ValidationFailed
from planner.meetings.formats import MeetingFormat, SessionOutline, Slot, meeting_formats, session_outlines
from planner.meetings.models import AgendaItem, AgendaItemKind, Meeting
from planner.meetings.planning import chosen_priorities, get_meeting, set_priorities
from planner.model_base import column_length
from planner.text import multiline_problem, one_line_problem
from planner.text.words import plural

EDITABLE_FIELDS = (
    "day", "start", "end", "kind", "title", "description", "room",
    "moderator", "rapporteur", "speakers", "interpretation", "priority_id",
)
TEXT_FIELDS = ("title", "description", "room", "moderator", "rapporteur", "speakers", "interpretation")
MULTILINE_FIELDS = ("description",)
CLOCK = "^([01]?[0-9]|2[0-3]):([0-5][0-9])$"  # a time typed on the 24-hour clock; a JavaScript pattern too


def agenda_items(session: Session, actor: Actor | None, meeting_id: int) -> list[AgendaItem]:
    """The working timetable: the Chairmanship's work in progress. Delegates read the agenda as circulated."""
    if not runs_the_meeting(actor):
        raise PermissionDenied("The timetable is the Chairmanship's work in progress: delegations read the agenda as "
                               "circulated to them.")
    get_meeting(session, actor, meeting_id)
    return _timetable(session, meeting_id)


def _timetable(session: Session, meeting_id: int) -> list[AgendaItem]:
    """The working timetable in order, for services that have checked what of it the actor may read."""
    query = (
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.day, AgendaItem.start, AgendaItem.position, AgendaItem.id)
    )
    return list(session.exec(query))


def _items_from_format(meeting: Meeting, meeting_format: MeetingFormat, priorities: list[Priority]) -> list[AgendaItem]:
    if len(meeting_format.days) > len(meeting.days):
        raise PlannerError(
            f"The format '{meeting_format.name_for()}' needs {plural(len(meeting_format.days), 'day')}; "
            f"the meeting lasts {plural(len(meeting.days), 'day')}. Change the meeting's dates or choose another format."
        )
    if meeting_format.priority_slots and not priorities:
        raise PlannerError("Choose the meeting's priorities first: this format builds its sessions from them.")
    if len(priorities) > meeting_format.priority_slots and meeting_format.priority_slots:
        raise PlannerError(
            f"The format '{meeting_format.name_for()}' has room for {plural(meeting_format.priority_slots, 'priority session')}; "
            f"you chose {plural(len(priorities), 'priority', 'priorities')}. Choose fewer, or the one-day format, whose "
            "sessions cover several."
        )
    outlines = session_outlines()
    waiting = list(priorities)
    chosen_codes = {p.code: p for p in priorities}
    items: list[AgendaItem] = []
    for day, slots in zip(meeting.days, meeting_format.days):
        day_items: list[tuple[Slot, AgendaItem | None]] = []
        for slot in slots:
            priority = None
            title, description = slot.title, slot.description
            if slot.fill == "priority":
                if not waiting:
                    day_items.append((slot, None))
                    continue
                priority = waiting.pop(0)
                outline = outlines.get(priority.code, SessionOutline(priority.title, priority.description))
                title, description = outline.title, outline.as_description()
            elif slot.covers:
                priority = next((chosen_codes[c] for c in slot.covers if c in chosen_codes), None)
            day_items.append((slot, AgendaItem(
                meeting_id=meeting.id, day=day, start=slot.start, end=slot.end, kind=slot.kind,
                title=title, description=description, room=slot.room,
                priority_id=priority.id if priority else None,
            )))
        items.extend(_closed_up(day_items))
    for position, item in enumerate(items, start=1):
        item.position = position
    numbered = 0
    for item in items:
        if item.kind == AgendaItemKind.session and item.priority_id and not item.title.lower().startswith("session"):
            numbered += 1
            item.title = f"Session {numbered}: {item.title}"
        elif item.kind == AgendaItemKind.session:
            numbered += 1
    return items


def _closed_up(day: list[tuple[Slot, AgendaItem | None]]) -> list[AgendaItem]:
    """Leave out the unused priority slots (None) and the breaks that no longer separate anything, and move what
    follows up by the time they took: a day with fewer sessions ends earlier instead of keeping a hole."""
    pauses = (AgendaItemKind.break_, AgendaItemKind.lunch)
    kept: list[AgendaItem] = []
    left_out = dt.timedelta(0)
    for slot, item in day:
        if item is None or (item.kind in pauses and (not kept or kept[-1].kind in pauses)):
            left_out += dt.datetime.combine(dt.date.min, slot.end) - dt.datetime.combine(dt.date.min, slot.start)
            continue
        item.start, item.end = ((dt.datetime.combine(dt.date.min, t) - left_out).time() for t in (item.start, item.end))
        kept.append(item)
    while kept and kept[-1].kind in pauses:
        kept.pop()
    return kept


def timetable_versions(session: Session, actor: Actor | None, meeting_id: int) -> dict[int, int]:
    """The timetable as someone opened it: each item's id and version. Saving or replacing it later checks these."""
    return {item.id: item.version for item in agenda_items(session, actor, meeting_id)}


def generate_timetable(session: Session, actor: Actor, meeting_id: int, format_key: str,
                       opened: dict[int, int] | None = None, expected_version: int | None = None,
                       priorities: list[str] | None = None) -> list[AgendaItem]:
    """Replace the timetable with one built from the format and the meeting's priorities, in their order.

    `opened` is the timetable as the page showed it (`timetable_versions`) and `expected_version` the meeting's version:
    a colleague's later change to either is never replaced unseen. Only a caller that read the timetable in the same
    transaction may leave them out. `priorities` are the priority codes as picked on the page: picked but not saved,
    they are saved with the timetable (audited as a change of priorities), or neither is if the timetable is refused."""
    require(actor, Capability.manage_meetings)
    meeting = get_meeting(session, actor, meeting_id)
    ensure_current(meeting, expected_version, "This meeting")
    formats = meeting_formats()
    if format_key not in formats:
        raise PlannerError(f"Unknown meeting format '{format_key}'. Known: {', '.join(formats)}.")
    current = agenda_items(session, actor, meeting.id)
    if opened is not None and {item.id: item.version for item in current} != opened:
        raise StaleEdit("Someone else changed the timetable after you opened this page. Nothing was replaced; reload "
                        "the page to see their change, then generate again if you still want to.")
    chosen = chosen_priorities(session, actor, meeting.id)
    if priorities is not None and priorities != [p.code for p in chosen]:
        chosen = set_priorities(session, actor, meeting.id, priorities)
    new_items = _items_from_format(meeting, formats[format_key], chosen)
    removed = len(current)
    for item in current:
        session.delete(item)
    session.flush()
    session.add_all(new_items)
    before_format = meeting.format_key
    meeting.format_key = format_key
    session.flush()
    audit._record(
        session, actor, "agenda.generate", "meeting", meeting.id,
        {"format": before_format, "items": removed}, {"format": format_key, "items": len(new_items)}, meeting.id,
    )
    return new_items


@dataclass
class TimetableRow:
    """One row of the timetable editor; `id` and `version` are None for a new row. A time may come as typed, "14:30":
    checking it makes it a time or says why it is none."""

    day: dt.date | None
    start: dt.time | str | None
    end: dt.time | str | None
    kind: AgendaItemKind | str | None
    title: str = ""
    description: str = ""
    room: str = ""
    moderator: str = ""
    rapporteur: str = ""
    speakers: str = ""
    interpretation: str = ""
    priority_id: int | None = None
    id: int | None = None
    version: int | None = None

    @classmethod
    def of(cls, item: AgendaItem) -> TimetableRow:
        return cls(**{name: getattr(item, name) for name in (*EDITABLE_FIELDS, "id", "version")})

    def label(self) -> str:
        """The item as people find it in the table, which has no row numbers: "'Session 2' (Tue 30 Mar, 11:45–13:15)"."""
        when = [weekday(self.day)] if isinstance(self.day, dt.date) else []
        if isinstance(self.start, dt.time) and isinstance(self.end, dt.time):
            when.append(time_span(self.start, self.end))
        title = f"'{self.title.strip()}'" if (self.title or "").strip() else "An untitled item"
        return f"{title} ({', '.join(when)})" if when else title


def people(row: TimetableRow) -> set[str]:
    """Everyone with a part in the item: moderator, rapporteur and speakers (separated by ';')."""
    names = [row.moderator, row.rapporteur, *row.speakers.split(";")]
    return {" ".join(n.split()).casefold() for n in names if n and n.strip()}


def clock_time(text: str) -> dt.time | None:
    """'14:30' or '9:05' on the 24-hour clock, whatever the language of the browser it was typed in; None otherwise."""
    match = re.fullmatch(CLOCK, text.strip())
    return dt.time(int(match[1]), int(match[2])) if match else None


def _overlap(a: TimetableRow, b: TimetableRow) -> bool:
    return a.day == b.day and a.start < b.end and b.start < a.end


def _checked_rows(meeting: Meeting, rows: list[TimetableRow]) -> tuple[list[Problem], list[tuple[int, TimetableRow]]]:
    """The problems of each row on its own, and the rows without any, numbered from 1 as shown."""
    problems: list[Problem] = []
    complete: list[tuple[int, TimetableRow]] = []
    for number, row in enumerate(rows, start=1):
        def refuse(column: str, reason: str) -> None:
            problems.append(Problem(number, column, reason, row.label()))

        before = len(problems)
        for name in ("day", "start", "end", "kind"):
            if getattr(row, name) in (None, ""):
                refuse(name, f"the {name} is empty")
        for name in ("start", "end"):
            typed = getattr(row, name)
            if isinstance(typed, str) and typed:
                setattr(row, name, clock_time(typed))
                if getattr(row, name) is None:
                    refuse(name, f"the {name} '{typed}' is not a time on the 24-hour clock, such as 14:30")
        if not (row.title or "").strip():
            refuse("title", "the item needs a title")
        for name in TEXT_FIELDS:
            check = multiline_problem if name in MULTILINE_FIELDS else one_line_problem
            reason = check(getattr(row, name) or "", max_length=column_length(AgendaItem, name))
            if reason:
                refuse(name, f"the {name} {reason}")
        if row.kind not in (None, ""):
            try:
                row.kind = AgendaItemKind(row.kind)
            except ValueError:
                refuse("kind", f"unknown kind '{row.kind}'")
        if row.start and row.end and row.end <= row.start:
            refuse("end", f"ends at {row.end:%H:%M}, before it starts at {row.start:%H:%M}")
        if row.day and row.day not in meeting.days:
            refuse("day", f"{long_date(row.day)} is outside the meeting's days "
                          f"({date_range(meeting.start_date, meeting.end_date)})")
        if len(problems) == before:
            complete.append((number, row))
    return problems, complete


def _clashes(complete: list[tuple[int, TimetableRow]]) -> Iterator[tuple[int, int, str, str]]:
    """Two items at the same time in one room, or with a person in both: (row, earlier row, column, reason)."""
    for i, (number, row) in enumerate(complete):
        for other_number, other in complete[:i]:
            if not _overlap(row, other):
                continue
            room = (row.room or "").strip()
            if room and room.casefold() == (other.room or "").strip().casefold():
                yield number, other_number, "room", f"room '{room}' is already used at that time by {other.label()}"
            shared = people(row) & people(other)
            if shared:
                yield (number, other_number, "speakers",
                       f"{', '.join(sorted(shared))} also takes part in {other.label()}, which runs at the same time")


def _clash_problems(clashing: list[tuple[int, int, str, str]],
                    complete: list[tuple[int, TimetableRow]]) -> list[Problem]:
    labels = {number: row.label() for number, row in complete}
    return [Problem(number, column, reason, labels[number]) for number, _, column, reason in clashing]


def check_timetable(meeting: Meeting, rows: list[TimetableRow]) -> list[Problem]:
    """Every reason the timetable cannot stand, each naming its item by title and time (and its row, numbered from 1)."""
    problems, complete = _checked_rows(meeting, rows)
    return problems + _clash_problems(list(_clashes(complete)), complete)


@dataclass(frozen=True)
class Clashes:
    """What the chart marks: the rows (numbered from 1) on both sides of a clash, and the clashes said in words, as
    check_timetable words them."""

    rows: set[int]
    problems: list[Problem]


def clashes(meeting: Meeting, rows: list[TimetableRow]) -> Clashes:
    _, complete = _checked_rows(meeting, rows)
    clashing = list(_clashes(complete))
    return Clashes({number for clash in clashing for number in clash[:2]}, _clash_problems(clashing, complete))


def clashing_rows(meeting: Meeting, rows: list[TimetableRow]) -> set[int]:
    """The rows (numbered from 1) that share a room or a person with another row at the same time, both sides."""
    return clashes(meeting, rows).rows


def save_timetable(session: Session, actor: Actor, meeting_id: int, rows: list[TimetableRow],
                   opened: dict[int, int] | None = None) -> list[AgendaItem]:
    """Save the edited table as a whole: new rows added, missing rows removed, all checked first; nothing saved on a problem.

    `opened` is the timetable as the editor was opened (`timetable_versions`): an item someone else added since is
    never removed unseen, nor one they changed since. Only a caller that read the timetable in the same transaction
    may leave it out."""
    require(actor, Capability.manage_meetings)
    meeting = get_meeting(session, actor, meeting_id)
    problems = check_timetable(meeting, rows)
    if problems:
        raise ValidationFailed(problems, "The timetable was not saved:")
    existing = {item.id: item for item in agenda_items(session, actor, meeting.id)}
    kept_ids = {row.id for row in rows if row.id is not None}
    vanished = kept_ids - existing.keys()
    if opened is not None and existing.keys() - opened.keys():
        raise StaleEdit("Someone else added items to the timetable after you opened it. Reload it to see them, then make "
                        "your change again.")
    if vanished:
        raise StaleEdit("Some items you edited were deleted by someone else meanwhile. Reload the timetable and edit again.")
    for row in rows:
        if row.id is not None and row.version is not None and existing[row.id].version != row.version:
            raise StaleEdit(f"'{existing[row.id].title}' was changed by someone else after you opened the timetable. "
                            "Reload it to see their change, then make yours again.")
    removed = [item for item_id, item in existing.items() if item_id not in kept_ids]
    for item in removed:
        if opened is not None and item.version != opened[item.id]:
            raise StaleEdit(f"'{item.title}' was changed by someone else after you opened the timetable, so it was not "
                            "removed. Reload it to see their change, then decide again.")
    for item in removed:
        audit._record(session, actor, "agenda.remove", "agenda_item", item.id, audit.snapshot(item), None, meeting.id)
        session.delete(item)
    ordered = sorted(rows, key=lambda r: (r.day, r.start, r.end))
    for position, row in enumerate(ordered, start=1):
        values = {name: getattr(row, name) for name in EDITABLE_FIELDS}
        values.update({name: (values[name] or "").strip() for name in TEXT_FIELDS})
        if row.id is None:
            item = AgendaItem(meeting_id=meeting.id, position=position, **values)
            session.add(item)
            session.flush()
            audit._record(session, actor, "agenda.add", "agenda_item", item.id, None, audit.snapshot(item), meeting.id)
            continue
        item = existing[row.id]
        before = audit.snapshot(item)
        if any(getattr(item, name) != value for name, value in values.items()) or item.position != position:
            for name, value in values.items():
                setattr(item, name, value)
            item.position = position
            session.flush()
            audit._record(session, actor, "agenda.update", "agenda_item", item.id, before, audit.snapshot(item), meeting.id)
    session.flush()
    return agenda_items(session, actor, meeting.id)


def timetable_problems(session: Session, actor: Actor | None, meeting_id: int) -> list[Problem]:
    meeting = get_meeting(session, actor, meeting_id)
    return check_timetable(meeting, [TimetableRow.of(item) for item in agenda_items(session, actor, meeting_id)])


__all__ = [
    "AgendaItem", "Clashes", "MeetingFormat", "SessionOutline", "TimetableRow", "agenda_items", "check_timetable", "clashes",
    "clashing_rows", "clock_time", "generate_timetable", "meeting_formats", "save_timetable", "session_outlines",
    "timetable_problems", "timetable_versions",
]
