"""The list of participants: participating States, Partners, organizations; in each delegation the head first."""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from sqlmodel import Session

from planner.access import Actor, Capability, require
from planner.dates import date_range, long_date
from planner.documents.layout import (
    new_document, osce_header, paragraph, repeat_header_row, set_cell, set_column_widths, settings, title, to_bytes,
)
from planner.meetings import get_meeting
from planner.models import Delegation, DelegationKind, RegistrationStatus
from planner.participants import ParticipantView, list_participants

GROUP_TITLES = {
    DelegationKind.participating_state.value: "PARTICIPATING STATES",
    DelegationKind.partner_mediterranean.value: "MEDITERRANEAN PARTNERS FOR CO-OPERATION",
    DelegationKind.partner_asian.value: "ASIAN PARTNERS FOR CO-OPERATION",
    DelegationKind.organization.value: "PARTNER ORGANIZATIONS",
    DelegationKind.host.value: "HOST AND OSCE STRUCTURES",
}
GROUP_ORDER = list(GROUP_TITLES)


def person(view: ParticipantView) -> str:
    name = " ".join(part for part in (view.salutation, view.first_name, view.last_name.upper()) if part)
    return name + ("\nHead of Delegation" if view.head_of_delegation else "")


def role(view: ParticipantView) -> str:
    return "\n".join(part for part in (view.rank, view.function, view.agency) if part)


def participants_list_document(session: Session, actor: Actor, meeting_id: int, issued_on: dt.date | None = None) -> bytes:
    require(actor, Capability.export_documents)
    meeting = get_meeting(session, actor, meeting_id)
    chair = session.get(Delegation, meeting.chairmanship_id)
    views = [v for v in list_participants(session, actor, meeting.id) if v.registration_status != RegistrationStatus.cancelled.value]
    views.sort(key=lambda v: (GROUP_ORDER.index(v.delegation_kind), v.delegation.casefold(), not v.head_of_delegation,
                              v.last_name.casefold(), v.first_name.casefold()))
    document = new_document()
    osce_header(document, symbol=f"{meeting.symbol_prefix}/LOP", issued_on=issued_on or dt.date.today(),
                issuing_body=f"Chairmanship: {chair.name}")
    title(document, meeting.title, f"{meeting.city}, {date_range(meeting.start_date, meeting.end_date)}")
    title(document, "List of participants")
    if not views:
        paragraph(document, "No participants have been nominated yet.", italic=True)
    small = settings()["small_font_size_pt"]
    for kind, group in groupby(views, key=lambda v: v.delegation_kind):
        paragraph(document, GROUP_TITLES[kind], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6, keep_with_next=True)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        widths = (Cm(7.5), Cm(8.5))
        header = table.rows[0].cells
        set_cell(header[0], "Name", bold=True, size=small)
        set_cell(header[1], "Function and agency", bold=True, size=small)
        repeat_header_row(table.rows[0])
        for delegation, members in groupby(group, key=lambda v: v.delegation):
            cells = table.add_row().cells
            merged = cells[0].merge(cells[1])
            set_cell(merged, delegation.upper(), bold=True, size=small)
            for member in members:
                cells = table.add_row().cells
                set_cell(cells[0], person(member), size=small)
                set_cell(cells[1], role(member), size=small)
        set_column_widths(table, widths)
        paragraph(document)
    total = len(views)
    delegations = len({v.delegation for v in views})
    paragraph(document, f"{total} participant(s) from {delegations} delegation(s); list closed on {long_date(issued_on or dt.date.today())}.",
              italic=True, size=small)
    return to_bytes(document)
