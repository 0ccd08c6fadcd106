"""Every concept's tables and states in one namespace, for alembic and the backup (which need them all) and for
tests. The planner's own modules import from the concept that owns a table, never from here."""
from __future__ import annotations

from planner.access import Role
from planner.accounts.models import FailedSignIn, SignInSession, User
from planner.agenda_review.models import (
    AGENDA_VERSION_TRANSITIONS, AgendaComment, AgendaOpening, AgendaVersion, AgendaVersionItem, AgendaVersionStatus,
)
from planner.audit import AuditEntry
from planner.comment_threads import COMMENT_TRANSITIONS, CommentAudience, CommentStatus, DelegationComment
from planner.delegations.models import (
    INVITATION_TRANSITIONS, Delegation, DelegationKind, Gender, Invitation, InvitationState, NormativeDocument,
    Participant, Priority, RegistrationStatus,
)
from planner.meetings.models import (
    MEETING_TRANSITIONS, AgendaItem, AgendaItemKind, Meeting, MeetingPriority, MeetingStatus,
)
from planner.model_base import Versioned, column_length, enum_type, new_key, utc_now
from planner.register import DocumentKind, DocumentSuffix, IssuedDocument
from planner.statement.models import (
    AMENDMENT_TRANSITIONS, Amendment, AmendmentKind, AmendmentState, Bracket, InterpretativeStatement, LastVisit,
    Paragraph, ParagraphChange, ParagraphKind, RapporteurSummary, SilenceObjection, SilenceProcedure, Statement,
    StatementComment, StatementVersion, VersionStatus,
)

__all__ = [
    "enum_type",
    "column_length",
    "utc_now",
    "Versioned",
    "new_key",
    "Role",
    "DelegationKind",
    "InvitationState",
    "INVITATION_TRANSITIONS",
    "Gender",
    "RegistrationStatus",
    "Delegation",
    "Priority",
    "NormativeDocument",
    "Invitation",
    "Participant",
    "User",
    "SignInSession",
    "FailedSignIn",
    "AuditEntry",
    "MeetingStatus",
    "MEETING_TRANSITIONS",
    "AgendaItemKind",
    "Meeting",
    "MeetingPriority",
    "AgendaItem",
    "DocumentSuffix",
    "DocumentKind",
    "IssuedDocument",
    "ParagraphKind",
    "VersionStatus",
    "Statement",
    "StatementVersion",
    "Paragraph",
    "RapporteurSummary",
    "AmendmentKind",
    "AmendmentState",
    "AMENDMENT_TRANSITIONS",
    "Amendment",
    "ParagraphChange",
    "Bracket",
    "SilenceProcedure",
    "SilenceObjection",
    "InterpretativeStatement",
    "LastVisit",
    "StatementComment",
    "AgendaVersionStatus",
    "AGENDA_VERSION_TRANSITIONS",
    "AgendaVersion",
    "AgendaVersionItem",
    "AgendaOpening",
    "AgendaComment",
    "CommentAudience",
    "CommentStatus",
    "COMMENT_TRANSITIONS",
    "DelegationComment",
]
