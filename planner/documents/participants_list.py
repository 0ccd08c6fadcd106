"""The list of participants: the host (the Chairmanship's own State), participating States, Partners, organizations;
delegations in the one list order (reference.sort_key); in each delegation the head first. It carries the symbol of the
meeting's latest list in the register, DRAFT until issued, and says 'as of <date>' until the registration deadline,
'list closed' after it."""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from docx.shared import Cm
from sqlmodel import Session

from planner import register
from planner.access import Actor, Capability, require
from planner.dates import date_range, long_date
from planner.delegations.models import Delegation, DelegationKind, RegistrationStatus
from planner.delegations.participants import ParticipantView, list_participants
from planner.delegations.reference import sort_key
from planner.documents.issued import issued_file
from planner.documents.layout import file_name, heading, new_document, osce_header, paragraph, title, to_bytes
from planner.documents.note_verbale import author
from planner.documents.pages import running_header
from planner.documents.tables import add_row, group_table
from planner.meetings.models import Meeting
from planner.meetings.planning import get_meeting, today_at
from planner.register import DocumentKind, IssuedDocument
from planner.text.words import plural

GROUP_TITLES = {
    DelegationKind.host.value: "Host",
    DelegationKind.participating_state.value: "Participating States",
    DelegationKind.partner_mediterranean.value: "Mediterranean Partners for Co-operation",
    DelegationKind.partner_asian.value: "Asian Partners for Co-operation",
    DelegationKind.organization.value: "Partner organizations",
}
GROUP_ORDER = list(GROUP_TITLES)
COLUMN_HEADINGS, COLUMN_WIDTHS = ("Name", "Function and agency"), (Cm(7.5), Cm(8.5))


def person(view: ParticipantView) -> str:
    name = " ".join(part for part in (view.salutation, view.first_name, view.last_name.upper()) if part)
    return name + ("\nHead of Delegation" if view.head_of_delegation else "")


def role(view: ParticipantView) -> str:
    return "\n".join(part for part in (view.rank, view.function, view.agency) if part)


def group_of(view: ParticipantView, host: str) -> str:
    """The group a delegation is listed in: the Chairmanship's own State as the host, first; the others by kind."""
    return DelegationKind.host.value if view.delegation == host else view.delegation_kind


def list_order(view: ParticipantView, host: str = "") -> tuple:
    """Group, delegation as people read it, head of delegation first, then surname and first name."""
    return (GROUP_ORDER.index(group_of(view, host)), sort_key(view.delegation), not view.head_of_delegation,
            sort_key(view.last_name), sort_key(view.first_name))


def standing(meeting: Meeting, on: dt.date) -> str:
    """'as of 16 November 2026' until the registration deadline; 'list closed on …' once it has passed."""
    if meeting.registration_deadline is not None and on > meeting.registration_deadline:
        return f"List closed on {long_date(meeting.registration_deadline)}"
    return f"As of {long_date(on)}"


def issue_participants_list(session: Session, actor: Actor, meeting_id: int,
                            issued_on: dt.date | None = None) -> IssuedDocument:
    """Give the list as it stands its symbol: a number the first time, the next revision (/Rev.n) after that."""
    meeting = get_meeting(session, actor, meeting_id)
    return register.issue_revisable(session, actor, meeting=meeting, kind=DocumentKind.participants_list,
                                    title=f"List of participants of the {meeting.title}", issued_on=issued_on)


def participants_list_document(session: Session, actor: Actor, meeting_id: int) -> bytes:
    """The latest issued list as it was issued (the file kept then); before the first issue, the list built now from
    the registrations, marked DRAFT."""
    require(actor, Capability.export_documents)
    meeting = get_meeting(session, actor, meeting_id)
    issued = register.latest(session, actor, meeting.id, DocumentKind.participants_list)
    if issued is not None:
        return issued_file(session, actor, issued).content
    return build_participants_list(session, actor, meeting, None)


def build_participants_list(session: Session, actor: Actor, meeting: Meeting, issued: IssuedDocument | None) -> bytes:
    """The list under the symbol and date of `issued` (DRAFT and today while None), from the registrations as they
    stand."""
    require(actor, Capability.export_documents)
    chair = session.get(Delegation, meeting.chairmanship_id)
    on = issued.issued_on if issued else today_at(meeting)
    views = sorted((v for v in list_participants(session, actor, meeting.id)
                    if v.registration_status != RegistrationStatus.cancelled.value),
                   key=lambda view: list_order(view, chair.name))
    document = new_document(title=issued.title if issued else f"List of participants of the {meeting.title}",
                            author=author(chair), issued_at=issued.issued_at if issued else None,
                            symbol=issued.symbol if issued else None)
    osce_header(document, symbol=issued.symbol if issued else None, issued_on=on, issuing_body=f"Chairmanship: {chair.name}")
    running_header(document, issued.symbol if issued else None)
    title(document, meeting.title, f"{meeting.city}, {date_range(meeting.start_date, meeting.end_date)}")
    delegations = len({v.delegation for v in views})
    title(document, "List of participants", f"{standing(meeting, on)}: {plural(len(views), 'participant')} "
                                            f"from {plural(delegations, 'delegation')}")
    if not views:
        paragraph(document, "No participants have been nominated yet.", "Note")
    for kind, group in groupby(views, key=lambda view: group_of(view, chair.name)):
        heading(document, GROUP_TITLES[kind])
        for number, (delegation, members) in enumerate(groupby(group, key=lambda v: v.delegation)):
            grid = group_table(document, delegation, COLUMN_WIDTHS, () if number else COLUMN_HEADINGS)
            for member in members:
                add_row(grid, (person(member), role(member)))
    return to_bytes(document)


def participants_list_file_name(session: Session, actor: Actor | None, meeting_id: int) -> str:
    get_meeting(session, actor, meeting_id)
    issued = register.latest(session, actor, meeting_id, DocumentKind.participants_list)
    return file_name(issued.symbol if issued else None, f"list-of-participants-meeting-{meeting_id}")
