"""Notes verbales: the invitation (and the reminder) the Chairmanship sends each invited delegation; all of them as one zip."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from functools import cache

import yaml
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from sqlmodel import Session

from planner import config, invitations
from planner.access import Actor, Capability, require
from planner.dates import date_span, long_date
from planner.documents.layout import new_document, osce_header, paragraph, to_bytes
from planner.meetings import chosen_priorities, get_meeting
from planner.models import Delegation, DelegationKind, Invitation, Meeting, Priority


@cache
def wording() -> dict:
    return yaml.safe_load((config.TEMPLATES_DIR / "note_verbale.yaml").read_text(encoding="utf-8"))


def _fields(meeting: Meeting, chair: Delegation, delegation: Delegation, invitation: Invitation) -> dict[str, str]:
    addressee = wording()["addressee"][delegation.kind.value].format(in_sentence=delegation.in_sentence)
    return {
        "addressee": addressee,
        "chairmanship": chair.name,
        "meeting": meeting.title,
        "city": meeting.city,
        "venue": f" ({meeting.venue})" if meeting.venue else "",
        "dates": date_span(meeting.start_date, meeting.end_date),
        "deadline": long_date(meeting.registration_deadline) if meeting.registration_deadline else "the date to be announced",
        "reference": invitation.reference or "",
    }


def note_verbale(meeting: Meeting, chair: Delegation, delegation: Delegation, invitation: Invitation,
                 priorities: list[Priority], *, reminder: bool = False, issued_on: dt.date | None = None) -> DocxDocument:
    """One note: symbol and date top right, the compliments formula, the body, the closing formula, place and date.

    A reminder is dated the day it is prepared and numbered as an addendum to the first note (…/Add.1, /Add.2)."""
    texts = wording()["reminder" if reminder else "invitation"]
    values = _fields(meeting, chair, delegation, invitation)
    if reminder:
        issued_on = issued_on or dt.date.today()
        symbol = f"{invitation.reference}/Add.{invitation.reminder_count + 1}"
    else:
        issued_on = issued_on or invitation.sent_on or dt.date.today()
        symbol = invitation.reference or f"{meeting.symbol_prefix}/(draft)"
    document = new_document()
    osce_header(document, symbol=symbol, issued_on=issued_on, issuing_body=f"Chairmanship: {chair.name}")
    paragraph(document, wording()["heading"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    partner = delegation.kind != DelegationKind.participating_state and not reminder
    opening = texts["partner_opening"] if partner else texts["opening"]
    paragraph(document, opening.format(**values), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if not reminder and priorities:
        paragraph(document, texts["priorities_intro"], align=WD_ALIGN_PARAGRAPH.JUSTIFY, keep_with_next=True)
        for priority in priorities:
            document.add_paragraph(priority.title, style="List Bullet")
    paragraph(document, texts["registration"].format(**values), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph(document, texts["closing"].format(**values), align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=24)
    paragraph(document, f"{wording()['place_of_issue']}, {long_date(issued_on)}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document)
    paragraph(document, f"To: {values['addressee'][0].upper()}{values['addressee'][1:]}", size=10)
    return document


def file_name(delegation: Delegation, reminder: bool = False) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", delegation.iso_code or delegation.name).strip("-")[:60] or f"delegation-{delegation.id}"
    return f"{'reminder' if reminder else 'note-verbale'}-{slug}.docx"


def notes_verbales_zip(session: Session, actor: Actor, meeting_id: int, *, invitation_ids: list[int] | None = None,
                       reminder: bool = False, progress: Callable[[int, int], None] | None = None) -> bytes:
    """One .docx per invited delegation (or per chosen invitation), zipped."""
    require(actor, Capability.export_documents)
    meeting = get_meeting(session, actor, meeting_id)
    chair = session.get(Delegation, meeting.chairmanship_id)
    priorities = chosen_priorities(session, actor, meeting.id)
    rows = invitations.list_invitations(session, actor, meeting.id)
    if invitation_ids is not None:
        wanted = set(invitation_ids)
        rows = [row for row in rows if row.invitation.id in wanted]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, row in enumerate(rows, start=1):
            document = note_verbale(meeting, chair, row.delegation, row.invitation, priorities, reminder=reminder)
            archive.writestr(file_name(row.delegation, reminder), to_bytes(document))
            if progress:
                progress(index, len(rows))
    return buffer.getvalue()
