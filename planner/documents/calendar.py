"""The agenda as a calendar (.ics): one event per item of the latest circulated version, in the meeting's time zone
(with its VTIMEZONE), the room and venue as location, the moderator and speakers in the description.

A calendar program recognises an event again by its UID and takes the copy with the higher SEQUENCE: the UID comes
from the item's stable key and the meeting, and SEQUENCE counts the circulated versions in which the item changed,
so importing a later export updates the events instead of adding them twice. An item dropped from the agenda is
sent once more as cancelled, so calendars remove it.

A delegation's own calendar holds the sessions it attends: every item that runs alone (a plenary: the opening,
the sessions, the closing), and of items running in parallel only those whose moderator, speakers or rapporteur
name the delegation. Breaks and lunch are left out of it."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlmodel import Session

from planner.access import Actor
from planner.agenda_review.models import AgendaVersionItem
from planner.agenda_review.versions import get_version, issued_versions, items_of
from planner.delegations.models import Delegation
from planner.delegations.reference import find_delegation
from planner.documents.agenda import PAUSES, _who
from planner.errors import NotFound
from planner.meetings.models import Meeting
from planner.meetings.planning import get_meeting

CONTENT = ("day", "start", "end", "kind", "title", "description", "room", "moderator", "speakers", "rapporteur")
PRODUCT = "-//OSCE Chairmanship//Chiefs of Police meeting planner//EN"


def uid(meeting: Meeting, key: str) -> str:
    return f"{key}-meeting-{meeting.id}@chiefs-of-police.osce.org"


def _content(item: AgendaVersionItem) -> tuple:
    return tuple(getattr(item, name) for name in CONTENT)


def _history(session: Session, actor: Actor, meeting_id: int) -> tuple[dict[str, int], dict[str, AgendaVersionItem]]:
    """For each item key, how many circulated versions changed, dropped or brought back the item after it first
    appeared; and each item's last circulated form (for an item since dropped: as it was before)."""
    sequence: dict[str, int] = {}
    last: dict[str, AgendaVersionItem] = {}
    present: set[str] = set()
    for version in issued_versions(session, actor, meeting_id):
        items = {item.key: item for item in items_of(session, actor, version)}
        for key, item in items.items():
            if key in last and (key not in present or _content(last[key]) != _content(item)):
                sequence[key] += 1
            sequence.setdefault(key, 0)
            last[key] = item
        for key in present - items.keys():
            sequence[key] += 1
        present = set(items)
    return sequence, last


def _runs_alone(item: AgendaVersionItem, items: list[AgendaVersionItem]) -> bool:
    return not any(other is not item and other.day == item.day and other.start < item.end and item.start < other.end
                   for other in items)


def attends(delegation: Delegation, item: AgendaVersionItem, items: list[AgendaVersionItem]) -> bool:
    if item.kind in PAUSES:
        return False
    if _runs_alone(item, items):
        return True
    people = " ".join((item.moderator, item.speakers, item.rapporteur)).casefold()
    return any(name.casefold() in people for name in (*delegation.all_names, delegation.in_sentence))


def _event(meeting: Meeting, item: AgendaVersionItem, zone: ZoneInfo, sequence: int, stamp: dt.datetime,
           cancelled: bool) -> Event:
    location = ", ".join(part for part in (item.room, meeting.venue, meeting.city) if part)
    description = "\n\n".join(part for part in (item.description, _who(item)) if part)
    event = Event.new(uid=uid(meeting, item.key), summary=item.title, location=location, description=description or None,
                      start=dt.datetime.combine(item.day, item.start, zone), end=dt.datetime.combine(item.day, item.end, zone),
                      sequence=sequence, stamp=stamp)
    if cancelled:
        event.add("status", "CANCELLED")
    return event


def calendar_file(session: Session, actor: Actor, meeting_id: int, *, delegation: str | Delegation | None = None,
                  method: str | None = None, organizer: str | None = None) -> bytes:
    """The latest circulated agenda as an .ics file; for `delegation` (a name or a delegation), only what it attends.
    With `method` it is an iTIP message (RFC 5546) for mail: REQUEST carries the items on the agenda, CANCEL those
    dropped from it, each with the `organizer` that calendar programs answer to; without, both in one file."""
    meeting = get_meeting(session, actor, meeting_id)
    version = get_version(session, actor, meeting.id)
    if isinstance(delegation, str):
        found = find_delegation(session, delegation)
        if found is None:
            raise NotFound(f"There is no delegation '{delegation}'.")
        delegation = found
    items = items_of(session, actor, version)
    sequence, last = _history(session, actor, meeting.id)
    zone = ZoneInfo(version.time_zone)
    stamp = version.circulated_at if version.circulated_at.tzinfo else version.circulated_at.replace(tzinfo=dt.timezone.utc)
    calendar = Calendar.new(prodid=PRODUCT, name=f"{meeting.title} ({version.symbol})",
                            uid=f"meeting-{meeting.id}@chiefs-of-police.osce.org")
    if method:
        calendar.add("method", method)
    current = {item.key for item in items}
    events = []
    if method != "CANCEL":
        events += [_event(meeting, item, zone, sequence[item.key], stamp, cancelled=False) for item in items
                   if delegation is None or attends(delegation, item, items)]
    if delegation is None and method != "REQUEST":
        events += [_event(meeting, item, zone, sequence[key], stamp, cancelled=True) for key, item in last.items()
                   if key not in current]
    for event in events:
        if organizer:
            event.add("organizer", f"mailto:{organizer}")
        calendar.add_component(event)
    calendar.add_missing_timezones(first_date=dt.date(meeting.start_date.year, 1, 1),
                                   last_date=dt.date(meeting.end_date.year + 1, 1, 1))
    return calendar.to_ical()


def calendar_file_name(meeting: Meeting, delegation: Delegation | None = None) -> str:
    suffix = f"-{delegation.iso_code or delegation.id}" if delegation else ""
    return f"agenda-meeting-{meeting.id}{suffix}.ics"


def meeting_request(meeting: Meeting, organizer: str) -> bytes:
    """Before any agenda is circulated: the meeting's days as one entry (iTIP REQUEST), which the agenda's sessions
    follow once it is."""
    calendar = Calendar.new(prodid=PRODUCT, name=meeting.title, uid=f"meeting-{meeting.id}@chiefs-of-police.osce.org")
    calendar.add("method", "REQUEST")
    event = Event.new(uid=uid(meeting, "meeting"), summary=meeting.title,
                      location=", ".join(part for part in (meeting.venue, meeting.city) if part),
                      start=meeting.start_date, end=meeting.end_date + dt.timedelta(days=1), sequence=0,
                      stamp=meeting.created_at if meeting.created_at.tzinfo
                      else meeting.created_at.replace(tzinfo=dt.timezone.utc))
    event.add("organizer", f"mailto:{organizer}")
    calendar.add_component(event)
    return calendar.to_ical()
