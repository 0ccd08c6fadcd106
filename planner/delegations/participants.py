"""Participants nominated by delegations: who may change whom, the checks every nomination passes, and who sees what."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from planner import audit, register
from planner.access import Actor, Capability, found, require_speaks_for, signed_in, speaks_for
from planner.dates import long_date
from planner.db import ensure_current
from planner.delegations import invitations
from planner.delegations.models import Delegation, Gender, Invitation, InvitationState, Participant, RegistrationStatus
from planner.delegations.reference import delegation_order, find_delegation, name_index, normalize_name
from planner.errors import PermissionDenied, Problem, ValidationFailed
from planner.meetings.models import Meeting
from planner.meetings.planning import get_meeting, today_at
from planner.register import DocumentKind
from planner.text import one_line_problem

COLUMNS = ("delegation", "salutation", "first_name", "last_name", "function", "agency", "email", "gender", "head_of_delegation")
OPTIONAL_COLUMNS = ("rank",)
REQUIRED_VALUES = ("delegation", "first_name", "last_name", "email")
LIMITS = {"delegation": 200, "salutation": 40, "first_name": 100, "last_name": 100, "rank": 100,
          "function": 200, "agency": 200, "email": 254, "gender": 20, "head_of_delegation": 10}
EMAIL_PATTERN = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
IDENTITY_FIELDS = ("first_name", "last_name", "email")
GENDERS = frozenset(g.value for g in Gender)
YES = {"yes", "true", "1", "y"}
NO = {"no", "false", "0", "n", ""}


@dataclass
class Nomination:
    """A participant as typed in the form or read from one import row (all text, as the person wrote it)."""

    delegation: str
    first_name: str
    last_name: str
    email: str
    salutation: str = ""
    rank: str = ""
    function: str = ""
    agency: str = ""
    gender: str = ""
    head_of_delegation: str | bool = ""


@dataclass(frozen=True)
class ParticipantView:
    """A participant as the signed-in user may see them: contact data only for one's own delegation or for managers."""

    id: int
    version: int
    delegation: str
    delegation_kind: str
    salutation: str
    first_name: str
    last_name: str
    rank: str
    function: str
    agency: str
    email: str
    gender: str
    head_of_delegation: bool
    registration_status: str
    security_access: bool


def parse_yes_no(value: str | bool) -> bool | None:
    if isinstance(value, bool):
        return value
    text = value.strip().casefold()
    return True if text in YES else False if text in NO else None


def check_nomination(values: Nomination) -> list[tuple[str, str]]:
    """Problems with one nomination on its own, as (column, reason)."""
    problems = []
    for column, value in vars(values).items():
        if isinstance(value, bool):
            continue
        problem = one_line_problem(value)
        if problem:
            problems.append((column, problem))
        elif len(value) > LIMITS[column]:
            problems.append((column, f"{len(value):,} characters long; at most {LIMITS[column]:,} are allowed"))
    for column in REQUIRED_VALUES:
        if not str(getattr(values, column)).strip():
            problems.append((column, "required but empty"))
    email = values.email.strip()
    if email and not EMAIL_PATTERN.match(email) and not one_line_problem(email):
        problems.append(("email", f"'{email}' is not a valid email address"))
    if values.gender.strip() and values.gender.strip().casefold() not in GENDERS:
        problems.append(("gender", f"'{values.gender}' is not one of female, male, other (or blank)"))
    if parse_yes_no(values.head_of_delegation) is None:
        problems.append(("head_of_delegation", f"'{values.head_of_delegation}' is not yes/no, true/false or 1/0"))
    return problems


def registration_open(meeting: Meeting) -> bool:
    return meeting.registration_deadline is None or today_at(meeting) <= meeting.registration_deadline


def require_may_manage(actor: Actor, meeting: Meeting, delegation_id: int) -> None:
    """Managers always; a delegate only for their own delegation and only until the registration deadline."""
    if signed_in(actor).can(Capability.manage_all_participants):
        return
    if not speaks_for(actor, delegation_id):
        raise PermissionDenied("You can only manage the participants of your own delegation.")
    if not registration_open(meeting):
        raise PermissionDenied(
            f"Registration closed on {long_date(meeting.registration_deadline)}. Ask the Chairmanship to change your nominations."
        )


def nomination_refusal(delegation: Delegation, state: InvitationState) -> str | None:
    """Why a delegation whose invitation is in this state cannot nominate anyone, or None: nominations answer a note
    verbale that has gone out, and end with a refusal."""
    if state == InvitationState.draft:
        return f"{delegation.name}'s invitation has not been sent yet: it can nominate once the note verbale has gone out"
    if state == InvitationState.declined:
        return f"{delegation.name} declined the invitation"
    return None


def invited_delegations(session: Session, actor: Actor | None, meeting_id: int) -> dict[int, tuple[Delegation, InvitationState]]:
    """The delegations invited and the state of their invitation; a delegate learns only about their own. The
    invitations themselves are not read: the Participants page asks this on every run."""
    get_meeting(session, actor, meeting_id)
    rows = session.exec(select(Delegation, Invitation.state).join(Invitation, Invitation.delegation_id == Delegation.id)
                        .where(Invitation.meeting_id == meeting_id, invitations.visible_to(actor)))
    return {delegation.id: (delegation, state) for delegation, state in rows}


VIEW_COLUMNS = (Participant.id, Participant.version, Delegation.name, Delegation.kind, Participant.salutation,
                Participant.first_name, Participant.last_name, Participant.rank, Participant.function, Participant.agency,
                Participant.email, Participant.gender, Participant.head_of_delegation, Participant.registration_status,
                Participant.security_access, Delegation.id)


def _view(row, show_private: bool) -> ParticipantView:
    """What a list of participants shows anyone; email, gender, registration and security access only to those entitled."""
    (id_, version, delegation, kind, salutation, first_name, last_name, rank, function, agency, email, gender, head,
     registration, security, _) = row
    return ParticipantView(
        id=id_, version=version, delegation=delegation, delegation_kind=kind.value, salutation=salutation,
        first_name=first_name, last_name=last_name, rank=rank, function=function, agency=agency,
        email=email if show_private else "", gender=gender.value if gender and show_private else "",
        head_of_delegation=head, registration_status=registration.value if show_private else "",
        security_access=security and show_private,
    )


def list_participants(session: Session, actor: Actor, meeting_id: int, delegation_id: int | None = None) -> list[ParticipantView]:
    """Participants in list order (group, delegation, head first, name); contact data only where the actor may see it.
    A delegate reads their own delegation's nominations and, once the list of participants is issued, the others'
    as the list shows them. Read as plain rows: a list of thousands is read on every run of the pages that show it."""
    get_meeting(session, actor, meeting_id)
    see_all = actor.can(Capability.see_contact_data)
    query = (
        select(*VIEW_COLUMNS)
        .join(Delegation, Delegation.id == Participant.delegation_id)
        .where(Participant.meeting_id == meeting_id)
        .order_by(*delegation_order(), col(Participant.head_of_delegation).desc(),
                  Participant.last_name, Participant.first_name)
    )
    if delegation_id is not None:
        query = query.where(Participant.delegation_id == delegation_id)
    if not see_all:
        own = Participant.delegation_id == actor.delegation_id
        if register.latest(session, actor, meeting_id, DocumentKind.participants_list) is None:
            query = query.where(own)
        else:
            query = query.where(own | (Participant.registration_status != RegistrationStatus.cancelled))
    return [_view(row, see_all or row[-1] == actor.delegation_id) for row in session.exec(query)]


class DelegationResolver:
    """Matches a delegation as a person typed it against those invited to one meeting (built once per import);
    a delegate's file is matched against their own delegation only, so it tells nothing about the others."""

    def __init__(self, session: Session, actor: Actor, meeting_id: int):
        self._session = session
        self._actor = actor
        self._invited = invited_delegations(session, actor, meeting_id)
        self._index = name_index([d for d, _ in self._invited.values()])
        self._cache: dict[str, tuple[Delegation | None, str | None]] = {}

    def resolve(self, name: str) -> tuple[Delegation | None, str | None]:
        """The delegation, or None and the reason it cannot take part; another delegation's name is returned as it is
        for a delegate, whose permission check then refuses it."""
        if name not in self._cache:
            self._cache[name] = self._lookup(name)
        return self._cache[name]

    def _lookup(self, name: str) -> tuple[Delegation | None, str | None]:
        known = self._index.get(normalize_name(name))
        if known is None:
            exists = find_delegation(self._session, name)
            if exists is None:
                return None, f"'{name}' is not a known delegation"
            if not speaks_for(self._actor, exists.id):
                return exists, None
            return None, f"{exists.name} is not invited to this meeting"
        reason = nomination_refusal(known, self._invited[known.id][1])
        return (None, reason) if reason else (known, None)


def participant_values(values: Nomination, delegation: Delegation) -> dict:
    gender = values.gender.strip().casefold()
    return {
        "delegation_id": delegation.id,
        "salutation": values.salutation.strip(),
        "first_name": values.first_name.strip(),
        "last_name": values.last_name.strip(),
        "rank": values.rank.strip(),
        "function": values.function.strip(),
        "agency": values.agency.strip(),
        "email": values.email.strip().lower(),
        "gender": Gender(gender) if gender else None,
        "head_of_delegation": bool(parse_yes_no(values.head_of_delegation)),
    }


def _refuse(problems: list[tuple[str, str]], summary: str) -> None:
    if problems:
        raise ValidationFailed([Problem(None, column, reason) for column, reason in problems], summary)


def email_taken(actor: Actor | None, email: str) -> str:
    if signed_in(actor).can(Capability.see_contact_data):
        return f"{email} is already registered for this meeting"
    return f"{email} is already nominated for your delegation"


def _same_email(actor: Actor, meeting_id: int, email: str | None = None):
    """Participants whose address counts as taken for this user: managers check the whole meeting; a delegate only
    their own delegation, so that trying an address tells them nothing about other delegations."""
    query = select(Participant).where(Participant.meeting_id == meeting_id)
    if email is not None:
        query = query.where(Participant.email == email)
    if not actor.can(Capability.see_contact_data):
        query = query.where(Participant.delegation_id == actor.delegation_id)
    return query


def emails_in_use(session: Session, actor: Actor | None, meeting_id: int) -> set[str]:
    """The addresses a new nomination by this user may not repeat."""
    get_meeting(session, actor, meeting_id)
    return {participant.email for participant in session.exec(_same_email(actor, meeting_id))}


def _check_against_meeting(session: Session, actor: Actor, meeting_id: int, values: dict,
                           participant_id: int | None) -> list[tuple[str, str]]:
    problems = []
    same_email = session.exec(_same_email(actor, meeting_id, values["email"])).first()
    if same_email is not None and same_email.id != participant_id:
        problems.append(("email", email_taken(actor, values["email"])))
    if values["head_of_delegation"]:
        head = session.exec(
            select(Participant).where(
                Participant.meeting_id == meeting_id,
                Participant.delegation_id == values["delegation_id"],
                col(Participant.head_of_delegation).is_(True),
            )
        ).first()
        if head is not None and head.id != participant_id:
            problems.append(("head_of_delegation", f"{head.first_name} {head.last_name} already heads this delegation"))
    return problems


def _checked_values(session: Session, actor: Actor, meeting: Meeting, nomination: Nomination,
                    participant_id: int | None, summary: str) -> dict:
    """The nomination as column values, once it has passed every check a form entry must pass."""
    _refuse(check_nomination(nomination), summary)
    delegation, reason = DelegationResolver(session, actor, meeting.id).resolve(nomination.delegation)
    _refuse([("delegation", reason)] if reason else [], summary)
    require_may_manage(actor, meeting, delegation.id)
    values = participant_values(nomination, delegation)
    _refuse(_check_against_meeting(session, actor, meeting.id, values, participant_id), summary)
    return values


def add_participant(session: Session, actor: Actor, meeting_id: int, nomination: Nomination) -> Participant:
    meeting = get_meeting(session, actor, meeting_id)
    values = _checked_values(session, actor, meeting, nomination, None, "The participant was not saved:")
    participant = Participant(meeting_id=meeting.id, **values)
    session.add(participant)
    session.flush()
    audit._record(session, actor, "participant.add", "participant", participant.id, None, audit.snapshot(participant), meeting.id)
    invitations.note_nomination(session, actor, meeting.id, participant.delegation_id)
    return participant


def get_participant(session: Session, actor: Actor | None, participant_id: int) -> Participant:
    """A participant with their contact data: for managers, or for the delegate of the participant's own delegation."""
    participant = found(session, actor, Participant, participant_id,
                        f"There is no participant {participant_id}; someone may have removed them.")
    get_meeting(session, actor, participant.meeting_id)
    require_speaks_for(actor, participant.delegation_id)
    return participant


def update_participant(session: Session, actor: Actor, participant_id: int, nomination: Nomination,
                       expected_version: int | None) -> Participant:
    participant = get_participant(session, actor, participant_id)
    meeting = get_meeting(session, actor, participant.meeting_id)
    require_may_manage(actor, meeting, participant.delegation_id)
    ensure_current(participant, expected_version, f"{participant.first_name} {participant.last_name}'s nomination")
    values = _checked_values(session, actor, meeting, nomination, participant.id, "The change was not saved:")
    before = audit.snapshot(participant)
    new_person = any(getattr(participant, key) != values[key] for key in IDENTITY_FIELDS)
    for key, value in values.items():
        setattr(participant, key, value)
    if new_person and not actor.can(Capability.manage_all_participants):
        participant.registration_status = RegistrationStatus.nominated
        participant.security_access = False
    session.flush()
    audit._record(session, actor, "participant.update", "participant", participant.id, before, audit.snapshot(participant), meeting.id)
    return participant


def set_registration(session: Session, actor: Actor, participant_id: int, status: RegistrationStatus,
                     security_access: bool, expected_version: int | None) -> Participant:
    """Registration and security access are the Chairmanship's to record, not the delegation's."""
    if not signed_in(actor).can(Capability.manage_all_participants):
        raise PermissionDenied("Only the Chairmanship and the Secretariat record registration and security access.")
    participant = get_participant(session, actor, participant_id)
    ensure_current(participant, expected_version, f"{participant.first_name} {participant.last_name}'s nomination")
    before = audit.snapshot(participant)
    participant.registration_status = RegistrationStatus(status)
    participant.security_access = security_access
    session.flush()
    audit._record(session, actor, "participant.registration", "participant", participant.id, before,
                  audit.snapshot(participant), participant.meeting_id)
    return participant


def remove_participant(session: Session, actor: Actor, participant_id: int, expected_version: int | None) -> Participant:
    participant = get_participant(session, actor, participant_id)
    meeting = get_meeting(session, actor, participant.meeting_id)
    require_may_manage(actor, meeting, participant.delegation_id)
    ensure_current(participant, expected_version, f"{participant.first_name} {participant.last_name}'s nomination")
    audit._record(session, actor, "participant.remove", "participant", participant.id, audit.snapshot(participant), None, meeting.id)
    session.delete(participant)
    session.flush()
    return participant


def nomination_of(view: ParticipantView) -> Nomination:
    return Nomination(
        delegation=view.delegation, first_name=view.first_name, last_name=view.last_name, email=view.email,
        salutation=view.salutation, rank=view.rank, function=view.function, agency=view.agency,
        gender=view.gender, head_of_delegation="yes" if view.head_of_delegation else "no",
    )
