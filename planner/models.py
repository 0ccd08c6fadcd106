"""Every concept's tables and states in one namespace, for alembic and the backup (which need them all) and for
tests. The planner's own modules import from the concept that owns a table, never from here."""
from __future__ import annotations

from planner.access import Role
from planner.accounts.models import FailedSignIn, SignInSession, User
from planner.agenda_review.models import (
    AgendaComment, AgendaOpening, AgendaVersion, AgendaVersionItem, AgendaVersionStatus,
)
from planner.audit import AuditEntry
from planner.comment_threads import CommentAudience, CommentStatus, DelegationComment
from planner.delegations.models import (
    Delegation, DelegationKind, Gender, Invitation, InvitationState, NormativeDocument, Participant, Priority,
    RegistrationStatus,
)
from planner.meetings.models import AgendaItem, AgendaItemKind, Meeting, MeetingPriority, MeetingStatus
from planner.model_base import Versioned, column_length, enum_type, new_key, utc_now
from planner.register import ArchivedFile, DocumentKind, DocumentSuffix, IssuedDocument
from planner.statement.models import (
    Amendment, AmendmentKind, AmendmentState, Bracket, InterpretativeStatement, LastVisit, Paragraph, ParagraphChange,
    ParagraphKind, RapporteurSummary, SilenceObjection, SilenceProcedure, Statement, StatementComment, StatementVersion,
    VersionStatus,
)
from planner.translation.models import TranslatedDocument, Translation, UnitState
from planner.mail.models import Delivery, MailKind, MailPreference, MessageState, OutboxMessage

__all__ = [
    "Delivery",
    "MailKind",
    "MailPreference",
    "MessageState",
    "OutboxMessage",
    "TranslatedDocument",
    "Translation",
    "UnitState",
    "enum_type",
    "column_length",
    "utc_now",
    "Versioned",
    "new_key",
    "Role",
    "DelegationKind",
    "InvitationState",
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
    "AgendaItemKind",
    "Meeting",
    "MeetingPriority",
    "AgendaItem",
    "DocumentSuffix",
    "DocumentKind",
    "IssuedDocument",
    "ArchivedFile",
    "ParagraphKind",
    "VersionStatus",
    "Statement",
    "StatementVersion",
    "Paragraph",
    "RapporteurSummary",
    "AmendmentKind",
    "AmendmentState",
    "Amendment",
    "ParagraphChange",
    "Bracket",
    "SilenceProcedure",
    "SilenceObjection",
    "InterpretativeStatement",
    "LastVisit",
    "StatementComment",
    "AgendaVersionStatus",
    "AgendaVersion",
    "AgendaVersionItem",
    "AgendaOpening",
    "AgendaComment",
    "CommentAudience",
    "CommentStatus",
    "DelegationComment",
]
