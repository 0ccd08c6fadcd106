"""Notes verbales: the invitation (and the reminders) the Chairmanship sends each invited delegation; all of them as
one zip. A sent note carries the symbol the register gave it, a reminder its addendum (…/Add.n); a note not yet
issued carries the DRAFT mark."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from functools import cache

import yaml
from docx.document import Document as DocxDocument
from sqlmodel import Session, select

from planner import config, register
from planner.access import SYSTEM, Actor, Capability, require
from planner.agenda_review.models import AgendaVersion
from planner.agenda_review.versions import issued_versions
from planner.dates import date_span, long_date
from planner.delegations import invitations
from planner.delegations.models import Delegation, Invitation, InvitationState, Priority
from planner.documents.issued import issued_file
from planner.documents.layout import (
    bullet_list, file_name, file_safe, new_document, osce_header, paragraph, to_bytes,
)
from planner.errors import PermissionDenied, PlannerError
from planner.meetings.models import Meeting
from planner.meetings.planning import chosen_priorities, get_meeting, today_at
from planner.register import DocumentKind, DocumentSuffix, IssuedDocument


@cache
def wording() -> dict:
    return yaml.safe_load((config.TEMPLATES_DIR / "note_verbale.yaml").read_text(encoding="utf-8"))


def author(chair: Delegation) -> str:
    """Who issues the Chairmanship's documents, as their metadata name it."""
    return f"Chairmanship of the OSCE ({chair.name})"


def _fields(meeting: Meeting, chair: Delegation, delegation: Delegation, references: list[str],
            agenda: str | None) -> dict[str, str]:
    kind = {key: text.format(in_sentence=delegation.in_sentence)
            for key, text in wording()["addressees"][delegation.kind.value].items()}
    return {
        "addressee": kind["name"],
        "invitee": kind["invitee"],
        "requested": kind["requested"],
        "missing": kind["missing"],
        "chairmanship": chair.name,
        "meeting": meeting.title,
        "city": meeting.city,
        "venue": f" ({meeting.venue})" if meeting.venue else "",
        "dates": date_span(meeting.start_date, meeting.end_date),
        "deadline": long_date(meeting.registration_deadline) if meeting.registration_deadline else "the date to be announced",
        "reference": cited(references),
        "agenda": (wording()["agenda"]["circulated"].format(symbol=agenda) if agenda
                   else wording()["agenda"]["to_come"]),
    }


def cited(references: list[str]) -> str:
    """The note and every earlier reminder by symbol: 'note verbale CIO.GAL/5/26 and its reminders …/Add.1 and …/Add.2'."""
    note, *reminders = references
    texts = wording()["references"]
    if not reminders:
        return texts["note"].format(note=note)
    listed = reminders[0] if len(reminders) == 1 else f"{', '.join(reminders[:-1])} and {reminders[-1]}"
    return texts["note_and_reminders" if len(reminders) > 1 else "note_and_reminder"].format(note=note, reminders=listed)


def note_verbale(meeting: Meeting, chair: Delegation, delegation: Delegation, priorities: list[Priority], *,
                 document: IssuedDocument | None, reminder: bool = False, references: list[str] | None = None,
                 draft_date: dt.date | None = None, agenda: str | None = None) -> DocxDocument:
    """One note: symbol (or DRAFT) and date top right, the compliments formula, the body, the closing formula, place
    and date. `document` is the note's (or the reminder's) line in the register, None while it is a draft; a
    reminder cites `references`, the symbols of the note and of every reminder before it; an invitation says the
    draft agenda was circulated as `agenda`, the symbol of its latest version then, or that it will be."""
    texts = wording()["reminder" if reminder else "invitation"]
    values = _fields(meeting, chair, delegation, references or [""], agenda)
    issued_on = document.issued_on if document else (draft_date or today_at(meeting))
    word = new_document(title=document.title if document else invitations.title_of(delegation, reminder=reminder), author=author(chair),
                        issued_at=document.issued_at if document else None, symbol=document.symbol if document else None)
    osce_header(word, symbol=document.symbol if document else None, issued_on=issued_on,
                issuing_body=f"Chairmanship: {chair.name}")
    paragraph(word, wording()["heading"], "Title")
    paragraph(word, texts["opening"].format(**values), "Body Text")
    if not reminder and priorities:
        paragraph(word, texts["priorities_intro"], "Body Text").paragraph_format.keep_with_next = True
        bullet_list(word, [priority.title for priority in priorities])
    paragraph(word, texts["registration"].format(**values), "Body Text")
    paragraph(word, texts["closing"].format(**values), "Body Text")
    paragraph(word, f"{wording()['place_of_issue']}, {long_date(issued_on)}", "Place and Date")
    addressee = values["addressee"]
    paragraph(word, f"To: {addressee[0].upper()}{addressee[1:]}", "Addressee")
    return word


def _agenda_then(agendas: list[AgendaVersion], note: IssuedDocument | None) -> str | None:
    """The symbol of the latest agenda version circulated before the note was issued (the register numbers documents
    in the order of issue), so that a note reads as it went out; for a note not yet issued, the latest of all."""
    earlier = [version.symbol for version in agendas if note is None or version.document_id < note.id]
    return earlier[-1] if earlier else None


def _addressee(delegation: Delegation) -> str:
    return file_safe(delegation.name) or delegation.iso_code or f"delegation {delegation.id}"


def _note_file(session: Session, actor: Actor, meeting: Meeting, chair: Delegation, delegation: Delegation,
               invitation: Invitation, priorities: list[Priority], agendas: list[AgendaVersion],
               reminder: bool) -> tuple[str, bytes]:
    """One delegation's note (or its latest reminder) as a Word file, named by its symbol and by the delegation:
    once issued, the file kept when it went out; while not issued, a DRAFT built now."""
    note = session.get(IssuedDocument, invitation.note_id) if invitation.note_id else None
    document = note
    if reminder:
        addenda = register.suffixes_of(session, actor, note, DocumentSuffix.addendum) if note else []
        document = addenda[-1] if addenda else None
    if document is not None:
        issued = issued_file(session, actor, document)
        return issued.file_name, issued.content
    word = note_verbale(meeting, chair, delegation, priorities, document=None, reminder=reminder,
                        references=[invitation.reference or ""] if reminder else [], agenda=_agenda_then(agendas, note))
    return file_name(None, "reminder" if reminder else "note-verbale", _addressee(delegation)), to_bytes(word)


def _issued_note(session: Session, document: IssuedDocument) -> tuple[str, bytes]:
    """A note verbale or reminder as issued, from the records of the moment it is issued: for the archive. A reminder
    cites the note and every reminder before it."""
    note = session.get(IssuedDocument, document.base_id) if document.base_id else document
    invitation = session.exec(select(Invitation).where(Invitation.note_id == note.id)).one()
    meeting = session.get(Meeting, invitation.meeting_id)
    chair = session.get(Delegation, meeting.chairmanship_id)
    delegation = session.get(Delegation, invitation.delegation_id)
    reminder = document.kind == DocumentKind.reminder
    references = [note.symbol, *(addendum.symbol for addendum in register.suffixes_of(
        session, SYSTEM, note, DocumentSuffix.addendum) if addendum.suffix_number < document.suffix_number)]
    word = note_verbale(meeting, chair, delegation, chosen_priorities(session, SYSTEM, meeting.id), document=document,
                        reminder=reminder, references=references if reminder else None,
                        agenda=_agenda_then(issued_versions(session, SYSTEM, meeting.id), note))
    return file_name(document.symbol, "reminder" if reminder else "note-verbale", _addressee(delegation)), to_bytes(word)


def notes_verbales_zip(session: Session, actor: Actor, meeting_id: int, *, invitation_ids: list[int] | None = None,
                       reminder: bool = False, progress: Callable[[int, int], None] | None = None) -> bytes:
    """One .docx per invited delegation (or per chosen invitation), zipped, each named by its symbol and delegation;
    the host gets none. A reminder is the latest addendum issued to the delegation's note; where none is issued yet, a DRAFT."""
    require(actor, Capability.export_documents)
    meeting = get_meeting(session, actor, meeting_id)
    chair = session.get(Delegation, meeting.chairmanship_id)
    priorities = chosen_priorities(session, actor, meeting.id)
    agendas = issued_versions(session, actor, meeting.id)
    rows = [row for row in invitations.list_invitations(session, actor, meeting.id)
            if row.invitation.state != InvitationState.host]
    if invitation_ids is not None:
        wanted = set(invitation_ids)
        rows = [row for row in rows if row.invitation.id in wanted]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, row in enumerate(rows, start=1):
            archive.writestr(*_note_file(session, actor, meeting, chair, row.delegation, row.invitation, priorities,
                                         agendas, reminder))
            if progress:
                progress(index, len(rows))
    return buffer.getvalue()


def delegation_note(session: Session, actor: Actor, invitation_id: int, *, reminder: bool = False) -> tuple[str, bytes]:
    """One delegation's note verbale (or its latest reminder) as a Word file, with its file name: any delegation's
    for those who export documents (DRAFT until it is sent); a delegate's own delegation's once it has been sent, as
    it went out."""
    invitation = invitations.get_invitation(session, actor, invitation_id)
    if not actor.can(Capability.export_documents) and actor.delegation_id != invitation.delegation_id:
        raise PermissionDenied("You can only download your own delegation's note verbale.")
    delegation = session.get(Delegation, invitation.delegation_id)
    if invitation.state == InvitationState.host:
        raise PlannerError(f"{delegation.name} hosts the meeting: it is not invited and gets no note verbale.")
    if not actor.can(Capability.export_documents) and invitation.note_id is None:
        raise PlannerError(f"The note verbale to {delegation.name} has not been sent yet.")
    meeting = get_meeting(session, actor, invitation.meeting_id)
    return _note_file(session, actor, meeting, session.get(Delegation, meeting.chairmanship_id), delegation, invitation,
                      chosen_priorities(session, actor, meeting.id), issued_versions(session, actor, meeting.id),
                      reminder=reminder)
