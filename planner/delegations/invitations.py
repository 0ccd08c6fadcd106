"""Invitations: one per meeting and delegation, moving draft → sent → acknowledged → nominated → confirmed
(or ending declined / no reply; a declined one can be reopened, with a reason). Each transition is one function; the
model refuses the ones that make no sense."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from planner import audit, register
from planner.access import Actor, Capability, found, require, require_delegation, require_speaks_for, signed_in
from planner.dates import long_date
from planner.db import ensure_current
from planner.delegations.models import (
    Delegation, DelegationKind, Invitation, InvitationState, Participant, RegistrationStatus,
)
from planner.delegations.reference import delegation_order
from planner.errors import InvalidTransition, NotFound, PermissionDenied, PlannerError
from planner.mail import events as mail_events
from planner.meetings.models import Meeting, MeetingStatus
from planner.meetings.planning import change_status, get_meeting, today_at
from planner.register import DocumentKind, DocumentSuffix, IssuedDocument
from planner.text import one_line_problem

GROUPS: dict[str, list[DelegationKind]] = {
    "All participating States": [DelegationKind.participating_state],
    "Mediterranean Partners for Co-operation": [DelegationKind.partner_mediterranean],
    "Asian Partners for Co-operation": [DelegationKind.partner_asian],
    "Partner organizations": [DelegationKind.organization],
}
AWAITING_REPLY = (InvitationState.sent, InvitationState.acknowledged)
NOMINATION_ANSWERS = (*AWAITING_REPLY, InvitationState.no_reply)
REASON_LENGTH = 500  # why a declined invitation was reopened


@dataclass(frozen=True)
class InvitationRow:
    invitation: Invitation
    delegation: Delegation
    participants: int


def _rows(session: Session, meeting_id: int, where=None) -> list[InvitationRow]:
    """Invitations with their delegation and participant count, in OSCE group order; callers check who may see them."""
    query = (
        select(Invitation, Delegation)
        .join(Delegation, Delegation.id == Invitation.delegation_id)
        .where(Invitation.meeting_id == meeting_id)
        .order_by(*delegation_order())
    )
    if where is not None:
        query = query.where(where)
    counts = dict(session.exec(select(Participant.delegation_id, sa.func.count()).where(Participant.meeting_id == meeting_id)
                               .group_by(Participant.delegation_id)).all())
    return [InvitationRow(inv, dlg, counts.get(dlg.id, 0)) for inv, dlg in session.exec(query)]


def visible_to(actor: Actor) -> sa.ColumnElement[bool]:
    """Which invitations the actor sees: all of them for organizers and the Secretariat, a delegate only their own,
    anyone else none."""
    if signed_in(actor).can(Capability.manage_invitations):
        return sa.true()
    if actor.delegation_id is None:
        return sa.false()
    return Invitation.delegation_id == actor.delegation_id


def list_invitations(session: Session, actor: Actor, meeting_id: int) -> list[InvitationRow]:
    """Every invitation of the meeting for organizers and the Secretariat; a delegate sees only their own."""
    get_meeting(session, actor, meeting_id)
    return _rows(session, meeting_id, visible_to(actor))


def invited_count(session: Session, actor: Actor, meeting_id: int) -> int:
    """How many delegations have been sent the meeting's note verbale, the host included: those whose delegates
    speak at the meeting and read what the Chairmanship circulates to it, to say so before it does."""
    require(actor, Capability.manage_invitations)
    meeting = get_meeting(session, actor, meeting_id)
    return session.exec(select(sa.func.count()).select_from(Invitation).where(
        Invitation.meeting_id == meeting.id, Invitation.state != InvitationState.draft)).one()


def title_of(delegation: Delegation, *, reminder: bool = False) -> str:
    """'Note verbale to the Holy See', 'Reminder to the Netherlands': the register's and the file's title."""
    return f"{'Reminder' if reminder else 'Note verbale'} to {delegation.in_sentence}"


def eligible(delegation: Delegation, meeting: Meeting) -> bool:
    """A State that joined the OSCE after the meeting cannot be invited to it."""
    return delegation.joined is None or delegation.joined <= meeting.start_date or delegation.kind != DelegationKind.participating_state


def invite(session: Session, actor: Actor, meeting_id: int, delegation_ids: list[int]) -> list[Invitation]:
    """Draft invitations for these delegations; ones already invited are left as they are. The Chairmanship's own
    State is not invited to its own meeting: it is entered as the host, which nominates its delegation like any other
    and gets no note verbale. Inviting a meeting still in draft makes it planned, so that the delegations invited can
    see it."""
    require(actor, Capability.manage_invitations)
    meeting = get_meeting(session, actor, meeting_id)
    already = set(session.exec(select(Invitation.delegation_id).where(Invitation.meeting_id == meeting.id)))
    new = []
    for delegation_id in dict.fromkeys(delegation_ids):
        delegation = session.get(Delegation, delegation_id)
        if delegation is None:
            raise NotFound(f"There is no delegation {delegation_id}.")
        if not eligible(delegation, meeting):
            raise PlannerError(f"{delegation.name} joined the OSCE on {long_date(delegation.joined)}, after this meeting.")
        if delegation.id not in already:
            new.append(delegation)
    if new and meeting.status == MeetingStatus.draft:
        if not actor.can(Capability.manage_meetings):
            raise PermissionDenied("This meeting is still a draft: inviting delegations makes it planned, which the "
                                   "Chairmanship's organizers decide. Ask them to mark it as planned first.")
        change_status(session, actor, meeting.id, MeetingStatus.planned)
    created = [Invitation(meeting_id=meeting.id, delegation_id=delegation.id, created_on=dt.date.today(),
                          state=InvitationState.host if delegation.id == meeting.chairmanship_id else InvitationState.draft)
               for delegation in new]
    session.add_all(created)
    session.flush()
    for invitation in created:
        audit._record(session, actor, "invitation.create", "invitation", invitation.id, None, audit.snapshot(invitation), meeting.id)
    return created


def invite_group(session: Session, actor: Actor, meeting_id: int, group: str) -> list[Invitation]:
    """Invite a whole group (see GROUPS) at once, leaving out States that joined after the meeting."""
    require(actor, Capability.manage_invitations)
    if group not in GROUPS:
        raise PlannerError(f"Unknown group '{group}'. Choose one of: {', '.join(GROUPS)}.")
    meeting = get_meeting(session, actor, meeting_id)
    members = session.exec(select(Delegation).where(col(Delegation.kind).in_(GROUPS[group]))).all()
    return invite(session, actor, meeting.id, [d.id for d in members if eligible(d, meeting)])


def get_invitation(session: Session, actor: Actor | None, invitation_id: int) -> Invitation:
    """An invitation, for those who manage invitations or the delegation it is addressed to."""
    invitation = found(session, actor, Invitation, invitation_id, f"There is no invitation {invitation_id}.")
    get_meeting(session, actor, invitation.meeting_id)
    if not actor.can(Capability.manage_invitations) and actor.delegation_id != invitation.delegation_id:
        raise PermissionDenied("You can only see your own delegation's invitation.")
    return invitation


def _transition(
    session: Session, actor: Actor, invitation_id: int, new_state: InvitationState, on: dt.date | None,
    expected_version: int | None, reopened_because: str | None = None,
) -> Invitation:
    require(actor, Capability.manage_invitations)
    invitation = get_invitation(session, actor, invitation_id)
    ensure_current(invitation, expected_version, "This invitation")
    meeting = get_meeting(session, actor, invitation.meeting_id)
    if invitation.state == InvitationState.host:
        raise PlannerError(f"{session.get(Delegation, invitation.delegation_id).name} holds the Chairmanship and hosts "
                           "the meeting: it is not invited and gets no note verbale.")
    if invitation.state == InvitationState.declined and reopened_because is None:
        raise InvalidTransition("The delegation declined: reopen its invitation, saying why, before recording another "
                                "reply.")
    if new_state == InvitationState.sent and meeting.status == MeetingStatus.draft:
        raise PlannerError("The meeting is still a draft: mark it as planned before notes verbales go out.")
    on = on or today_at(meeting)
    if on > today_at(meeting):
        raise PlannerError(f"A reply cannot be dated in the future ({long_date(on)}).")
    if invitation.sent_on and on < invitation.sent_on:
        raise PlannerError(f"The date {long_date(on)} is before the note verbale was sent "
                           f"({long_date(invitation.sent_on)}).")
    if reopened_because is not None and on < invitation.declined_on:
        raise PlannerError(f"The date {long_date(on)} is before the delegation declined ({long_date(invitation.declined_on)}).")
    before = audit.snapshot(invitation)
    invitation.move_to(new_state, on)
    if new_state == InvitationState.sent:
        delegation = session.get(Delegation, invitation.delegation_id)
        note = register.issue_document(session, actor, meeting=meeting, kind=DocumentKind.note_verbale,
                                       title=title_of(delegation), issued_on=on)
        invitation.note_id, invitation.reference = note.id, note.symbol
        mail_events.note_verbale_sent(session, meeting, invitation_id=invitation.id, delegation_id=delegation.id,
                                      symbol=note.symbol, title=note.title, issued_on=note.issued_on)
    session.flush()
    after = audit.snapshot(invitation) | ({"reason": reopened_because} if reopened_because is not None else {})
    audit._record(session, actor, "invitation.reopen" if reopened_because is not None else f"invitation.{new_state.value}",
                  "invitation", invitation.id, before, after, invitation.meeting_id)
    return invitation


def send(session: Session, actor: Actor, invitation_id: int, on: dt.date | None = None,
         expected_version: int | None = None) -> Invitation:
    """Record that the note verbale went out: it gets the next document symbol and today's date."""
    return _transition(session, actor, invitation_id, InvitationState.sent, on, expected_version)


def acknowledge(session: Session, actor: Actor, invitation_id: int, on: dt.date | None = None,
                expected_version: int | None = None) -> Invitation:
    """The delegation received the note verbale and means to come; names follow."""
    return _transition(session, actor, invitation_id, InvitationState.acknowledged, on, expected_version)


def record_nomination(session: Session, actor: Actor, invitation_id: int, on: dt.date | None = None,
                      expected_version: int | None = None) -> Invitation:
    """The delegation named its participants."""
    return _transition(session, actor, invitation_id, InvitationState.nominated, on, expected_version)


def confirm(session: Session, actor: Actor, invitation_id: int, on: dt.date | None = None,
            expected_version: int | None = None) -> Invitation:
    """The Chairmanship confirmed the delegation's participation."""
    return _transition(session, actor, invitation_id, InvitationState.confirmed, on, expected_version)


def decline(session: Session, actor: Actor, invitation_id: int, on: dt.date | None = None,
            expected_version: int | None = None) -> Invitation:
    """A delegation that declines no longer comes: its nominations are cancelled (kept, for the record)."""
    invitation = _transition(session, actor, invitation_id, InvitationState.declined, on, expected_version)
    nominated = session.exec(select(Participant).where(
        Participant.meeting_id == invitation.meeting_id, Participant.delegation_id == invitation.delegation_id,
        Participant.registration_status != RegistrationStatus.cancelled))
    for participant in nominated:
        before = audit.snapshot(participant)
        participant.registration_status = RegistrationStatus.cancelled
        participant.security_access = False
        session.flush()
        audit._record(session, actor, "participant.cancel", "participant", participant.id, before,
                      audit.snapshot(participant), invitation.meeting_id)
    return invitation


def mark_no_reply(session: Session, actor: Actor, invitation_id: int, on: dt.date | None = None,
                  expected_version: int | None = None) -> Invitation:
    return _transition(session, actor, invitation_id, InvitationState.no_reply, on, expected_version)


def reopen(session: Session, actor: Actor, invitation_id: int, reason: str, on: dt.date | None = None,
           expected_version: int | None = None) -> Invitation:
    """A delegation that declined changed its mind: its invitation becomes acknowledged (the delegation means to come;
    names follow), and the audit log keeps why. Not back to 'sent', whose date is the note verbale's, nor to what it
    was before declining: its nominations, cancelled on declining, stay cancelled, since those people need not be
    the ones coming now; the Chairmanship restores them one by one, or the delegation nominates again."""
    require(actor, Capability.manage_invitations)
    reason = reason.strip()
    problem = one_line_problem(reason, REASON_LENGTH) if reason else "is missing: say why, e.g. the delegation's new note"
    if problem:
        raise PlannerError(f"The reason {problem}.")
    invitation = get_invitation(session, actor, invitation_id)
    if invitation.state != InvitationState.declined:
        raise PlannerError(f"Only a declined invitation can be reopened; "
                           f"{session.get(Delegation, invitation.delegation_id).name}'s is '{invitation.state.label}'.")
    return _transition(session, actor, invitation_id, InvitationState.acknowledged, on, expected_version,
                       reopened_because=reason)


TRANSITIONS = {
    InvitationState.sent: send,
    InvitationState.acknowledged: acknowledge,
    InvitationState.nominated: record_nomination,
    InvitationState.confirmed: confirm,
    InvitationState.declined: decline,
    InvitationState.no_reply: mark_no_reply,
}


def apply_to_many(session: Session, actor: Actor, invitation_ids: list[int], new_state: InvitationState,
                  on: dt.date | None = None, expected_versions: dict[int, int] | None = None) -> list[Invitation]:
    """The same change for several invitations, all or none (one that cannot change, or changed meanwhile, stops the lot).
    They are taken in the order of the list of delegations, so that notes verbales are numbered in that order."""
    require(actor, Capability.manage_invitations)
    versions = expected_versions or {}
    changed = []
    for invitation_id in _in_list_order(session, invitation_ids):
        try:
            changed.append(TRANSITIONS[InvitationState(new_state)](session, actor, invitation_id, on, versions.get(invitation_id)))
        except PlannerError as refusal:
            delegation = session.get(Delegation, get_invitation(session, actor, invitation_id).delegation_id)
            raise type(refusal)(f"{delegation.name}: {refusal} Nothing was changed.") from refusal
    return changed


def _in_list_order(session: Session, invitation_ids: list[int]) -> list[int]:
    """These invitations in the order of the list of delegations; unknown ids last (they fail with a message later)."""
    wanted = list(dict.fromkeys(invitation_ids))
    known = list(session.exec(select(Invitation.id).join(Delegation, Delegation.id == Invitation.delegation_id)
                              .where(col(Invitation.id).in_(wanted)).order_by(*delegation_order())))
    return known + [i for i in wanted if i not in known]


def note_nomination(session: Session, actor: Actor, meeting_id: int, delegation_id: int, on: dt.date | None = None) -> None:
    """A delegation that nominates someone has answered: move its invitation on, quietly, if it can."""
    note_nominations(session, actor, meeting_id, {delegation_id}, on)


def note_nominations(session: Session, actor: Actor, meeting_id: int, delegation_ids: set[int],
                     on: dt.date | None = None) -> None:
    """Delegations that nominate someone have answered: move their invitations on, quietly, where they can."""
    for delegation_id in delegation_ids:
        require_speaks_for(actor, delegation_id)
    get_meeting(session, actor, meeting_id)
    if not delegation_ids:
        return
    waiting = session.exec(
        select(Invitation).where(
            Invitation.meeting_id == meeting_id,
            col(Invitation.delegation_id).in_(sorted(delegation_ids)),
            col(Invitation.state).in_(NOMINATION_ANSWERS),
        ).order_by(Invitation.id)
    ).all()
    befores = [audit.snapshot(invitation) for invitation in waiting]
    for invitation in waiting:
        invitation.move_to(InvitationState.nominated, on or dt.date.today())
    session.flush()
    for invitation, before in zip(waiting, befores):
        audit._record(session, actor, "invitation.nominated", "invitation", invitation.id, before, audit.snapshot(invitation),
                      meeting_id)


def invitation_for(session: Session, actor: Actor | None, meeting_id: int, delegation_id: int) -> Invitation | None:
    """The delegation's invitation, for those who manage invitations or that delegation's own delegate."""
    get_meeting(session, actor, meeting_id)
    if not actor.can(Capability.manage_invitations) and actor.delegation_id != delegation_id:
        raise PermissionDenied("You can only see your own delegation's invitation.")
    return session.exec(
        select(Invitation).where(Invitation.meeting_id == meeting_id, Invitation.delegation_id == delegation_id)
    ).first()


def require_invited(session: Session, actor: Actor | None, meeting_id: int) -> int:
    """The delegation a delegate speaks for at this meeting: only one whose note verbale has gone out comments,
    amends or breaks silence there."""
    delegation_id = require_delegation(actor)
    invitation = invitation_for(session, actor, meeting_id, delegation_id)
    if invitation is None or invitation.state == InvitationState.draft:
        raise PermissionDenied("Your delegation has not been invited to this meeting: only invited delegations speak "
                               "at it.")
    return delegation_id


def reminders_due(session: Session, actor: Actor, meeting_id: int, days_before: int,
                  today: dt.date | None = None) -> list[InvitationRow]:
    """Delegations that have not answered (or not nominated anyone) once the deadline is `days_before` days away or
    closer; none once the deadline has passed (a reminder cannot ask for a date already gone)."""
    require(actor, Capability.manage_invitations)
    meeting = get_meeting(session, actor, meeting_id)
    if meeting.registration_deadline is None:
        raise PlannerError("Set the meeting's registration deadline first: reminders count the days towards it.")
    days_left = (meeting.registration_deadline - (today or today_at(meeting))).days
    if days_left > days_before or days_left < 0:
        return []
    return _rows(session, meeting.id, col(Invitation.state).in_(AWAITING_REPLY))


def record_reminders(session: Session, actor: Actor, invitation_ids: list[int], on: dt.date | None = None) -> list[Invitation]:
    """Count a reminder for each and issue it as the next addendum to the first note (…/Add.1, /Add.2); refused for
    one already answered or already reminded that day."""
    require(actor, Capability.manage_invitations)
    reminded = []
    for invitation_id in _in_list_order(session, invitation_ids):
        invitation = get_invitation(session, actor, invitation_id)
        delegation = session.get(Delegation, invitation.delegation_id)
        on = on or today_at(get_meeting(session, actor, invitation.meeting_id))
        if invitation.state not in AWAITING_REPLY:
            raise PlannerError(f"{delegation.name} is '{invitation.state.label}': it needs no reminder. Nothing was recorded.")
        if invitation.last_reminder_on == on:
            raise PlannerError(f"A reminder to {delegation.name} was already recorded on {long_date(on)}. "
                               "Nothing was recorded.")
        before = audit.snapshot(invitation)
        note = session.get(IssuedDocument, invitation.note_id) if invitation.note_id else None
        if note is None:
            raise PlannerError(f"The note verbale to {delegation.name} is not in the document register: a reminder "
                               "refers to it. Nothing was recorded.")
        reminder = register.issue_suffix(session, actor, base=note, suffix=DocumentSuffix.addendum,
                                         kind=DocumentKind.reminder, title=title_of(delegation, reminder=True), issued_on=on)
        mail_events.note_verbale_sent(session, get_meeting(session, actor, invitation.meeting_id),
                                      invitation_id=invitation.id, delegation_id=delegation.id, symbol=reminder.symbol,
                                      title=reminder.title, issued_on=reminder.issued_on, reminder=True)
        invitation.reminder_count += 1
        invitation.last_reminder_on = on
        session.flush()
        audit._record(session, actor, "invitation.remind", "invitation", invitation.id, before, audit.snapshot(invitation),
                      invitation.meeting_id)
        reminded.append(invitation)
    return reminded

