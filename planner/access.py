"""Who may do what. Services call `require`; pages only hide what this refuses anyway."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from sqlmodel import Session

from planner.errors import NotFound, PermissionDenied

T = TypeVar("T")


class Role(str, Enum):
    organizer = "organizer"
    delegate = "delegate"
    secretariat = "secretariat"
    admin = "admin"


class Capability(str, Enum):
    manage_meetings = "manage meetings and their timetable"
    manage_invitations = "invite delegations and record their replies"
    manage_all_participants = "manage every delegation's participants"
    manage_own_participants = "manage your own delegation's participants"
    see_contact_data = "see every delegation's contact data"
    read_audit = "read the audit log"
    manage_users = "manage user accounts"
    export_documents = "export documents"
    draft_statement = "draft, edit and circulate the statement"
    issue_documents = "issue documents and read the document register"
    load_reference_data = "load the reference data"
    back_up_and_restore = "back up and restore the whole database"
    translate_documents = "translate the meeting's documents into its other languages"
    deliver_mail = "read the outbox and deliver its mail"
    comment_on_agenda = "comment on the circulated agenda for your delegation"
    speak_for_delegation = ("propose amendments, break silence and make interpretative statements for your own "
                            "delegation")


GRANTS: dict[Role, set[Capability]] = {
    Role.organizer: {
        Capability.manage_meetings,
        Capability.manage_invitations,
        Capability.manage_all_participants,
        Capability.see_contact_data,
        Capability.read_audit,
        Capability.export_documents,
        Capability.draft_statement,
        Capability.issue_documents,
        Capability.translate_documents,
    },
    Role.secretariat: {
        Capability.manage_invitations,
        Capability.manage_all_participants,
        Capability.see_contact_data,
        Capability.read_audit,
        Capability.export_documents,
        Capability.issue_documents,
        Capability.translate_documents,
    },
    Role.delegate: {Capability.manage_own_participants, Capability.comment_on_agenda, Capability.speak_for_delegation},
    Role.admin: set(Capability),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in person on whose behalf a service runs."""

    email: str
    role: Role
    name: str = ""
    delegation_id: int | None = None
    user_id: int | None = None

    def can(self, capability: Capability) -> bool:
        return capability in GRANTS[self.role]

    @property
    def label(self) -> str:
        return f"{self.name or self.email} ({self.role.value})"


def require_delegation(actor: Actor) -> int:
    """The delegation a delegate speaks for; only a delegate speaks for one."""
    require(actor, Capability.speak_for_delegation)
    if actor.role != Role.delegate or actor.delegation_id is None:
        raise PermissionDenied("Only a delegate speaks for a delegation, and only for their own.")
    return actor.delegation_id


SYSTEM = Actor(email="system", role=Role.admin, name="System")


def signed_in(actor: Actor | None) -> Actor:
    """Every service runs for someone: a call without a user is refused, whatever it asks for."""
    if not isinstance(actor, Actor):
        raise PermissionDenied("Please sign in first.")
    return actor


def found(session: Session, actor: Actor | None, model: type[T], row_id: int, missing: str) -> T:
    """The row, or NotFound with `missing`; someone not signed in is refused first, so that they learn nothing of
    what exists."""
    row = session.get(model, row_id)
    if row is None:
        signed_in(actor)
        raise NotFound(missing)
    return row


def runs_the_meeting(actor: Actor | None) -> bool:
    """Organizers and the Secretariat (and the administrator): they see drafts and every delegation's comments;
    a delegate sees what was circulated and their own delegation's comments, with those written for all."""
    actor = signed_in(actor)
    return actor.can(Capability.manage_meetings) or actor.can(Capability.manage_invitations)


def require(actor: Actor | None, capability: Capability) -> None:
    if not signed_in(actor).can(capability):
        raise PermissionDenied(
            f"Your role ({actor.role.value}) does not allow you to {capability.value}."
        )


def speaks_for(actor: Actor | None, delegation_id: int) -> bool:
    """Managers act for every delegation; a delegate only for their own."""
    if signed_in(actor).can(Capability.manage_all_participants):
        return True
    return actor.can(Capability.manage_own_participants) and actor.delegation_id == delegation_id


def require_speaks_for(actor: Actor | None, delegation_id: int) -> None:
    if not speaks_for(actor, delegation_id):
        raise PermissionDenied("You can only see and manage your own delegation's participants and invitation.")
