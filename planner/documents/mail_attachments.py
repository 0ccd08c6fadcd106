"""What the sender attaches to a message, built when it is sent from the records the message names, which never
change once issued: a note verbale or reminder as it went out, the agenda's calendar as iTIP messages (REQUEST for
the sessions, CANCEL for those dropped) that update the entries in Outlook and Thunderbird instead of adding them."""
from __future__ import annotations

from email.utils import parseaddr

from sqlmodel import Session

from planner import config
from planner.access import SYSTEM
from planner.agenda_review.versions import issued_versions
from planner.documents.calendar import calendar_file, calendar_file_name, meeting_request
from planner.documents.note_verbale import delegation_note
from planner.mail.models import OutboxMessage
from planner.meetings.planning import get_meeting

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ICS = "text/calendar; charset=utf-8; method={method}"


def _calendars(session: Session, meeting_id: int) -> list[tuple[str, str, bytes]]:
    organizer = parseaddr(config.mail_from())[1]
    meeting = get_meeting(session, SYSTEM, meeting_id)
    if not issued_versions(session, SYSTEM, meeting_id):
        return [("meeting.ics", ICS.format(method="REQUEST"), meeting_request(meeting, organizer))]
    name = calendar_file_name(meeting)
    found = [(name, ICS.format(method="REQUEST"), calendar_file(session, SYSTEM, meeting_id, method="REQUEST",
                                                              organizer=organizer))]
    cancel = calendar_file(session, SYSTEM, meeting_id, method="CANCEL", organizer=organizer)
    if b"BEGIN:VEVENT" in cancel:
        found.append((name.replace(".ics", "-cancelled.ics"), ICS.format(method="CANCEL"), cancel))
    return found


def attachments_for(session: Session, message: OutboxMessage) -> list[tuple[str, str, bytes]]:
    """(file name, media type, content) for every attachment the message names."""
    found = []
    for reference in message.attachments:
        kind, _, rest = reference.partition(":")
        if kind in ("note_verbale", "reminder"):
            name, content = delegation_note(session, SYSTEM, int(rest), reminder=kind == "reminder")
            found.append((name, DOCX, content))
        elif kind == "meeting_calendar":
            found += _calendars(session, int(rest))
    return found
