"""Tables and state enums. States change only through the `move_to` methods, which enforce the allowed transitions."""
from __future__ import annotations

import datetime as dt
import uuid
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from planner.errors import ImmutableVersion, InvalidTransition


def enum_type(enum_class: type[Enum]) -> sa.Enum:
    """Store an enum as its value in a plain string column (no native PostgreSQL type to migrate)."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


def column_length(model: type[SQLModel], name: str) -> int:
    """The longest text a column holds: services check it, so that the database never has to refuse it."""
    return model.__table__.c[name].type.length


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Versioned:
    """Rows people edit concurrently: SQLAlchemy refuses an UPDATE whose version no longer matches."""

    @declared_attr
    def __mapper_args__(cls):  # noqa: N805 - SQLAlchemy's declared_attr protocol
        return {"version_id_col": cls.__table__.c.version}


class DelegationKind(str, Enum):
    participating_state = "participating_state"
    partner_mediterranean = "partner_mediterranean"
    partner_asian = "partner_asian"
    organization = "organization"
    host = "host"

    @property
    def label(self) -> str:
        return {
            "participating_state": "Participating States",
            "partner_mediterranean": "Mediterranean Partners for Co-operation",
            "partner_asian": "Asian Partners for Co-operation",
            "organization": "Partner organizations",
            "host": "Host and OSCE structures",
        }[self.value]


class Role(str, Enum):
    organizer = "organizer"
    delegate = "delegate"
    secretariat = "secretariat"
    admin = "admin"


class MeetingStatus(str, Enum):
    draft = "draft"
    planned = "planned"
    invitations_sent = "invitations_sent"
    held = "held"
    concluded = "concluded"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


MEETING_TRANSITIONS: dict[MeetingStatus, set[MeetingStatus]] = {
    MeetingStatus.draft: {MeetingStatus.planned},
    MeetingStatus.planned: {MeetingStatus.draft, MeetingStatus.invitations_sent},
    MeetingStatus.invitations_sent: {MeetingStatus.held},
    MeetingStatus.held: {MeetingStatus.concluded},
    MeetingStatus.concluded: set(),
}


class AgendaItemKind(str, Enum):
    opening = "opening"
    session = "session"
    break_ = "break"
    lunch = "lunch"
    closing = "closing"


class InvitationState(str, Enum):
    draft = "draft"
    sent = "sent"
    acknowledged = "acknowledged"
    nominated = "nominated"
    confirmed = "confirmed"
    declined = "declined"
    no_reply = "no_reply"
    host = "host"  # the Chairmanship's own State: it hosts the meeting, is not invited and gets no note verbale

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


INVITATION_TRANSITIONS: dict[InvitationState, set[InvitationState]] = {
    InvitationState.draft: {InvitationState.sent},
    InvitationState.sent: {
        InvitationState.acknowledged,
        InvitationState.nominated,
        InvitationState.declined,
        InvitationState.no_reply,
    },
    InvitationState.acknowledged: {InvitationState.nominated, InvitationState.declined, InvitationState.no_reply},
    InvitationState.nominated: {InvitationState.confirmed, InvitationState.declined},
    InvitationState.confirmed: {InvitationState.declined},
    InvitationState.declined: set(),
    InvitationState.no_reply: {InvitationState.acknowledged, InvitationState.nominated, InvitationState.declined},
    InvitationState.host: set(),
}


class Gender(str, Enum):
    female = "female"
    male = "male"
    other = "other"


class RegistrationStatus(str, Enum):
    nominated = "nominated"
    registered = "registered"
    cancelled = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Delegation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: DelegationKind = Field(sa_type=enum_type(DelegationKind), index=True)
    name: str = Field(max_length=200, unique=True)
    in_sentence: str = Field(max_length=250, description="The name as it reads inside a sentence, e.g. 'the Netherlands'.")
    sort_name: str = Field(default="", max_length=200, index=True,
                           description="The name as people look it up: no leading article, no diacritics (see reference.sort_key).")
    other_names: str = Field(default="", max_length=1000, description="Former names and variants, ';'-separated.")
    iso_code: str | None = Field(default=None, max_length=2)
    joined: dt.date | None = None

    @property
    def all_names(self) -> list[str]:
        return [self.name, *[n.strip() for n in self.other_names.split(";") if n.strip()]]


class Priority(SQLModel, table=True):
    """A thematic priority of the Strategic Framework for Police-Related Activities (PC.DEC/1049)."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=60, unique=True)
    number: int
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)


class NormativeDocument(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    symbol: str = Field(max_length=60, unique=True)
    title: str = Field(max_length=500)
    date: dt.date | None = None
    place: str = Field(default="", max_length=100)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(default="", max_length=200)
    role: Role = Field(sa_type=enum_type(Role))
    delegation_id: int | None = Field(default=None, foreign_key="delegation.id")
    password_hash: str = Field(max_length=200)
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))


class SignInSession(SQLModel, table=True):
    """A browser signed in as a user: the cookie holds a random token, the table only its hash, so a copy of the
    database cannot sign anyone in. Ends at sign-out (revoked), after idle time, or at its absolute expiry."""

    __tablename__ = "sign_in_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    last_seen_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    expires_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True))
    revoked_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))


class FailedSignIn(SQLModel, table=True):
    """One refused sign-in, counted per account and per browser session to slow down guessing (kept in the
    database so that every server process sees the same count)."""

    __tablename__ = "failed_sign_in"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=300, index=True)
    at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True), index=True)


class AuditEntry(SQLModel, table=True):
    """Who changed what, when, with the values before and after."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True), index=True)
    actor_email: str = Field(max_length=254, index=True)
    actor_role: str = Field(max_length=32)
    action: str = Field(max_length=80, index=True)
    entity: str = Field(max_length=60, index=True)
    entity_id: str = Field(default="", max_length=60)
    meeting_id: int | None = Field(default=None, index=True)
    before: dict | None = Field(default=None, sa_type=sa.JSON)
    after: dict | None = Field(default=None, sa_type=sa.JSON)


class Meeting(Versioned, SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    chairmanship_id: int = Field(foreign_key="delegation.id")
    chairmanship_year: int
    city: str = Field(max_length=100)
    venue: str = Field(default="", max_length=200)
    start_date: dt.date
    end_date: dt.date
    time_zone: str = Field(default="Europe/Vienna", max_length=60)
    languages: str = Field(default="English", max_length=200, description="Working languages, ','-separated.")
    registration_deadline: dt.date | None = None
    status: MeetingStatus = Field(default=MeetingStatus.draft, sa_type=enum_type(MeetingStatus))
    symbol_prefix: str = Field(default="CIO.GAL", max_length=40)
    format_key: str | None = Field(default=None, max_length=60)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    version: int = Field(default=1)

    @property
    def days(self) -> list[dt.date]:
        return [self.start_date + dt.timedelta(days=n) for n in range((self.end_date - self.start_date).days + 1)]

    def move_to(self, new_status: MeetingStatus) -> None:
        if new_status not in MEETING_TRANSITIONS[self.status]:
            raise InvalidTransition(
                f"A meeting cannot go from '{self.status.label}' to '{new_status.label}'."
            )
        self.status = new_status


class MeetingPriority(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("meeting_id", "priority_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    priority_id: int = Field(foreign_key="priority.id")
    position: int


def new_key() -> str:
    return uuid.uuid4().hex


class AgendaItem(Versioned, SQLModel, table=True):
    """One item of the organizers' timetable. `key` is the item's identity across circulated agenda versions and
    calendar exports, whatever its time, title or place in the day."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    key: str = Field(default_factory=new_key, max_length=32, index=True)
    day: dt.date
    start: dt.time
    end: dt.time
    kind: AgendaItemKind = Field(sa_type=enum_type(AgendaItemKind))
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=4000)
    priority_id: int | None = Field(default=None, foreign_key="priority.id")
    room: str = Field(default="", max_length=100)
    moderator: str = Field(default="", max_length=200)
    rapporteur: str = Field(default="", max_length=200)
    speakers: str = Field(default="", max_length=2000, description="';'-separated names.")
    interpretation: str = Field(default="", max_length=200, description="','-separated languages.")
    position: int = 0
    version: int = Field(default=1)


class Invitation(Versioned, SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("meeting_id", "delegation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    delegation_id: int = Field(foreign_key="delegation.id")
    state: InvitationState = Field(default=InvitationState.draft, sa_type=enum_type(InvitationState))
    reference: str | None = Field(default=None, max_length=60, description="Symbol of the note verbale.")
    note_id: int | None = Field(default=None, foreign_key="issued_document.id",
                                description="The note verbale in the document register, once sent.")
    created_on: dt.date = Field(default_factory=dt.date.today)
    sent_on: dt.date | None = None
    acknowledged_on: dt.date | None = None
    nominated_on: dt.date | None = None
    confirmed_on: dt.date | None = None
    declined_on: dt.date | None = None
    no_reply_on: dt.date | None = None
    reminder_count: int = 0
    last_reminder_on: dt.date | None = None
    version: int = Field(default=1)

    @property
    def answered(self) -> bool:
        return self.state not in (InvitationState.draft, InvitationState.sent, InvitationState.no_reply)

    def move_to(self, new_state: InvitationState, on: dt.date) -> None:
        """The one place an invitation changes state: refuses nonsense, dates the change."""
        if new_state not in INVITATION_TRANSITIONS[self.state]:
            raise InvalidTransition(
                f"An invitation that is '{self.state.label}' cannot become '{new_state.label}'."
            )
        self.state = new_state
        setattr(self, f"{new_state.value}_on", on)


class Participant(Versioned, SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "delegation_id", "email", name="uq_participant_delegation_email"),
        sa.Index(
            "uq_participant_one_head",
            "meeting_id",
            "delegation_id",
            unique=True,
            sqlite_where=sa.text("head_of_delegation"),
            postgresql_where=sa.text("head_of_delegation"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    delegation_id: int = Field(foreign_key="delegation.id", index=True)
    salutation: str = Field(default="", max_length=40)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    rank: str = Field(default="", max_length=100)
    function: str = Field(default="", max_length=200)
    agency: str = Field(default="", max_length=200)
    email: str = Field(max_length=254)
    gender: Gender | None = Field(default=None, sa_type=enum_type(Gender))
    head_of_delegation: bool = False
    registration_status: RegistrationStatus = Field(
        default=RegistrationStatus.nominated, sa_type=enum_type(RegistrationStatus)
    )
    security_access: bool = False
    version: int = Field(default=1)


class DocumentSuffix(str, Enum):
    """What a document issued under another's number is: a revision, an addendum or a corrigendum."""

    revision = "Rev"
    addendum = "Add"
    corrigendum = "Corr"


class DocumentKind(str, Enum):
    note_verbale = "note_verbale"
    reminder = "reminder"
    agenda = "agenda"
    participants_list = "participants_list"
    statement = "statement"
    report = "report"
    interpretative_statement = "interpretative_statement"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class IssuedDocument(SQLModel, table=True):
    """One line of the document register. A base document takes the next number of its series in the calendar year
    of issue; a revision, addendum or corrigendum keeps its base's series, number and year and counts its own suffix."""

    __tablename__ = "issued_document"
    __table_args__ = (
        sa.UniqueConstraint("series", "year", "number", "suffix", "suffix_number", name="uq_issued_document_symbol"),
        # NULL suffixes are distinct in a unique constraint: base documents get an index of their own.
        sa.Index("uq_issued_document_base", "series", "year", "number", unique=True,
                 sqlite_where=sa.text("suffix IS NULL"), postgresql_where=sa.text("suffix IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    series: str = Field(max_length=40)
    year: int = Field(description="Calendar year of issue (of the base document, for a suffix).")
    number: int
    suffix: DocumentSuffix | None = Field(default=None, sa_type=enum_type(DocumentSuffix))
    suffix_number: int = 0
    kind: DocumentKind = Field(sa_type=enum_type(DocumentKind), index=True)
    title: str = Field(max_length=300)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    base_id: int | None = Field(default=None, foreign_key="issued_document.id", index=True)
    issued_on: dt.date = Field(description="The date the document carries.")
    issued_by: str = Field(max_length=300)
    issued_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))

    @property
    def symbol(self) -> str:
        """'CIO.GAL/12/26', 'CIO.GAL/12/26/Rev.1'."""
        base = f"{self.series}/{self.number}/{self.year % 100:02d}"
        return f"{base}/{self.suffix.value}.{self.suffix_number}" if self.suffix else base

    @property
    def file_stem(self) -> str:
        """The symbol as a file name: 'CIO.GAL_12_26', 'CIO.GAL_12_26_Rev.1'."""
        return self.symbol.replace("/", "_")


class ParagraphKind(str, Enum):
    """Where a paragraph stands in the statement: preamble clauses, then numbered operative paragraphs, then the
    closing paragraphs, which continue the numbering."""

    preamble = "preamble"
    operative = "operative"
    closing = "closing"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class VersionStatus(str, Enum):
    """The organizers' working draft, or a text frozen when it was circulated with a document symbol."""

    working = "working"
    circulated = "circulated"


class Statement(SQLModel, table=True):
    """The meeting's outcome document; one per meeting."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", unique=True)
    title: str = Field(default="Statement", max_length=200)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))


class StatementVersion(Versioned, SQLModel, table=True):
    """One text of the statement. The working draft (number None) is edited; a circulated version never changes.
    The draft's own version column moves with every added, deleted or moved paragraph, so a change of order made on
    an out-of-date page is refused."""

    __table_args__ = (sa.UniqueConstraint("statement_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", index=True)
    number: int | None = Field(default=None, description="1, 2, … in order of circulation; None for the working draft.")
    status: VersionStatus = Field(default=VersionStatus.working, sa_type=enum_type(VersionStatus))
    document_id: int | None = Field(default=None, foreign_key="issued_document.id",
                                    description="The version's line in the document register.")
    symbol: str | None = Field(default=None, max_length=60)
    issued_on: dt.date | None = None
    circulated_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    circulated_by: str | None = Field(default=None, max_length=254)
    version: int = Field(default=1)


class Paragraph(Versioned, SQLModel, table=True):
    """A paragraph of one statement version. `key` is the paragraph's identity across versions: a circulated copy
    keeps the key of the draft paragraph it froze, so an amendment, bracket or comparison can name "this paragraph"
    whatever its number is in a given version."""

    __table_args__ = (sa.UniqueConstraint("statement_version_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    statement_version_id: int = Field(foreign_key="statementversion.id", index=True)
    key: str = Field(max_length=32)
    kind: ParagraphKind = Field(sa_type=enum_type(ParagraphKind))
    position: int
    text: str = Field(max_length=4000)
    source_clause: str | None = Field(default=None, max_length=80,
                                      description="Key of the library clause it came from; None when written by hand.")
    frozen: bool = Field(default=False, description="Part of a circulated version: never updated or deleted.")
    version: int = Field(default=1)


class RapporteurSummary(Versioned, SQLModel, table=True):
    """What the rapporteur of one agenda item reports after the meeting: the discussion and its recommendations."""

    id: int | None = Field(default=None, primary_key=True)
    agenda_item_id: int = Field(foreign_key="agendaitem.id", unique=True, ondelete="CASCADE")
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    summary: str = Field(default="", max_length=8000)
    recommendations: str = Field(default="", max_length=8000)
    written_by: str = Field(max_length=254)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    version: int = Field(default=1)


class AgendaVersionStatus(str, Enum):
    """A frozen copy of the timetable: prepared for the organizers to check, circulated to delegations with a symbol,
    and at last marked final (the agenda as adopted)."""

    draft = "draft"
    circulated = "circulated"
    final = "final"

    @property
    def label(self) -> str:
        return self.value.capitalize()


AGENDA_VERSION_TRANSITIONS: dict[AgendaVersionStatus, set[AgendaVersionStatus]] = {
    AgendaVersionStatus.draft: {AgendaVersionStatus.circulated},
    AgendaVersionStatus.circulated: {AgendaVersionStatus.final},
    AgendaVersionStatus.final: set(),
}


class AgendaVersion(Versioned, SQLModel, table=True):
    """One version of the agenda: numbered 1, 2, … per meeting; its items never change once taken."""

    __tablename__ = "agenda_version"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    number: int
    status: AgendaVersionStatus = Field(default=AgendaVersionStatus.draft, sa_type=enum_type(AgendaVersionStatus))
    time_zone: str = Field(max_length=60, description="The meeting's time zone when the version was taken.")
    document_id: int | None = Field(default=None, foreign_key="issued_document.id")
    symbol: str | None = Field(default=None, max_length=60)
    issued_on: dt.date | None = None
    prepared_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    prepared_by: str = Field(max_length=254)
    circulated_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    circulated_by: str | None = Field(default=None, max_length=254)
    version: int = Field(default=1)

    def move_to(self, new_status: AgendaVersionStatus) -> None:
        if new_status not in AGENDA_VERSION_TRANSITIONS[self.status]:
            raise InvalidTransition(f"An agenda version that is '{self.status.label}' cannot become '{new_status.label}'.")
        self.status = new_status


class AgendaVersionItem(SQLModel, table=True):
    """An agenda item as one version froze it; `key` is the timetable item's key."""

    __tablename__ = "agenda_version_item"
    __table_args__ = (sa.UniqueConstraint("agenda_version_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    agenda_version_id: int = Field(foreign_key="agenda_version.id", index=True)
    key: str = Field(max_length=32)
    position: int
    day: dt.date
    start: dt.time
    end: dt.time
    kind: AgendaItemKind = Field(sa_type=enum_type(AgendaItemKind))
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=4000)
    room: str = Field(default="", max_length=100)
    moderator: str = Field(default="", max_length=200)
    rapporteur: str = Field(default="", max_length=200)
    speakers: str = Field(default="", max_length=2000)
    interpretation: str = Field(default="", max_length=200)


class AgendaOpening(SQLModel, table=True):
    """A delegate opened a circulated agenda version: organizers see which delegations have read it."""

    __tablename__ = "agenda_opening"
    __table_args__ = (sa.UniqueConstraint("agenda_version_id", "user_email"),)

    id: int | None = Field(default=None, primary_key=True)
    agenda_version_id: int = Field(foreign_key="agenda_version.id", index=True)
    delegation_id: int = Field(foreign_key="delegation.id", index=True)
    user_email: str = Field(max_length=254)
    opened_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))


class CommentAudience(str, Enum):
    organizers = "organizers"
    all_delegations = "all_delegations"

    @property
    def label(self) -> str:
        return {"organizers": "The organizers only", "all_delegations": "All delegations"}[self.value]


class CommentStatus(str, Enum):
    open = "open"
    answered = "answered"
    resolved = "resolved"

    @property
    def label(self) -> str:
        return self.value.capitalize()


COMMENT_TRANSITIONS: dict[CommentStatus, set[CommentStatus]] = {
    CommentStatus.open: {CommentStatus.answered, CommentStatus.resolved},
    CommentStatus.answered: {CommentStatus.answered, CommentStatus.resolved},
    CommentStatus.resolved: set(),
}


class DelegationComment(SQLModel):
    """What a delegation's comment has wherever it is made (an agenda item, a statement paragraph): who wrote it for
    which delegation, who may read it, and the organizers' answer."""

    delegation_id: int = Field(foreign_key="delegation.id", index=True)
    author_email: str = Field(max_length=254)
    text: str = Field(max_length=4000)
    audience: CommentAudience = Field(sa_type=enum_type(CommentAudience))
    status: CommentStatus = Field(default=CommentStatus.open, sa_type=enum_type(CommentStatus))
    answer: str = Field(default="", max_length=4000)
    answered_by: str | None = Field(default=None, max_length=254)
    answered_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    version: int = Field(default=1)

    def move_to(self, new_status: CommentStatus) -> None:
        if new_status not in COMMENT_TRANSITIONS[self.status]:
            raise InvalidTransition(f"A comment that is '{self.status.label}' cannot become '{new_status.label}'.")
        self.status = new_status


class AgendaComment(Versioned, DelegationComment, table=True):
    """A delegation's comment on one agenda item (by its key) of a circulated version, and the organizers' answer."""

    __tablename__ = "agenda_comment"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    agenda_version_id: int = Field(foreign_key="agenda_version.id")
    item_key: str = Field(max_length=32, index=True)


@sa.event.listens_for(AgendaVersionItem, "before_update")
def _refuse_changing_an_agenda_version(_mapper, _connection, _target: AgendaVersionItem) -> None:
    """Items of an agenda version are written once, when the version is taken."""
    raise ImmutableVersion("An agenda version cannot change: prepare a new version from the timetable instead.")


@sa.event.listens_for(AgendaVersionItem, "before_delete")
def _refuse_deleting_a_circulated_agenda_item(_mapper, connection, target: AgendaVersionItem) -> None:
    """Only a version still in draft (never circulated) may be discarded with its items."""
    status = connection.execute(sa.select(AgendaVersion.__table__.c.status).where(
        AgendaVersion.__table__.c.id == target.agenda_version_id)).scalar()
    if status not in (None, AgendaVersionStatus.draft.value, AgendaVersionStatus.draft):
        raise ImmutableVersion("A circulated agenda version cannot change.")


@sa.event.listens_for(Paragraph, "before_update")
@sa.event.listens_for(Paragraph, "before_delete")
def _refuse_changing_a_circulated_paragraph(_mapper, _connection, target: Paragraph) -> None:
    """The last guard behind the services: a paragraph of a circulated version is never rewritten or removed."""
    was_frozen = sa.inspect(target).attrs.frozen.history
    if True in (was_frozen.unchanged or ()) or True in (was_frozen.deleted or ()):
        raise ImmutableVersion("A circulated version of the statement cannot change.")


class AmendmentKind(str, Enum):
    """What a delegation asks for one paragraph of a circulated version."""

    replace = "replace"
    insert_after = "insert_after"
    delete = "delete"

    @property
    def label(self) -> str:
        return {"replace": "Replace the paragraph", "insert_after": "Insert a paragraph after it",
                "delete": "Delete the paragraph"}[self.value]


class AmendmentState(str, Enum):
    proposed = "proposed"
    accepted = "accepted"
    rejected = "rejected"
    withdrawn = "withdrawn"
    overtaken = "overtaken"

    @property
    def label(self) -> str:
        return "Overtaken by an accepted amendment" if self == AmendmentState.overtaken else self.value.capitalize()


AMENDMENT_TRANSITIONS: dict[AmendmentState, set[AmendmentState]] = {
    AmendmentState.proposed: {AmendmentState.accepted, AmendmentState.rejected, AmendmentState.withdrawn,
                              AmendmentState.overtaken},
    AmendmentState.overtaken: {AmendmentState.accepted, AmendmentState.rejected, AmendmentState.withdrawn},
    AmendmentState.accepted: set(),
    AmendmentState.rejected: set(),
    AmendmentState.withdrawn: set(),
}


class Amendment(Versioned, SQLModel, table=True):
    """A delegation's proposal on one paragraph (by its stable key) of a circulated version. Once decided, it is
    kept as it was decided."""

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", index=True)
    statement_version_id: int = Field(foreign_key="statementversion.id", index=True,
                                      description="The circulated version it was proposed on.")
    paragraph_key: str = Field(max_length=32, index=True)
    kind: AmendmentKind = Field(sa_type=enum_type(AmendmentKind))
    text: str = Field(default="", max_length=4000, description="The new or inserted paragraph; empty for a deletion.")
    reason: str = Field(default="", max_length=2000)
    delegation_id: int = Field(foreign_key="delegation.id", index=True)
    proposed_by: str = Field(max_length=254)
    proposed_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))
    state: AmendmentState = Field(default=AmendmentState.proposed, sa_type=enum_type(AmendmentState))
    decided_by: str | None = Field(default=None, max_length=254)
    decided_at: dt.datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
    decision_reason: str = Field(default="", max_length=2000)
    applied_text: str | None = Field(default=None, max_length=4000,
                                     description="The text as accepted, when organizers accepted it with changes.")
    version: int = Field(default=1)

    def move_to(self, new: AmendmentState) -> None:
        new = AmendmentState(new)
        if new not in AMENDMENT_TRANSITIONS[self.state]:
            raise InvalidTransition(f"An amendment that is {self.state.value} cannot become {new.value}.")
        self.state = new


class ParagraphChange(SQLModel, table=True):
    """Who made a paragraph of the working draft what it is: the delegation whose accepted amendment changed it.
    `round` is the number the draft will carry when it is circulated, so a comparison of two versions finds the
    changes made between them and names their authors."""

    __tablename__ = "paragraph_change"

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", index=True)
    paragraph_key: str = Field(max_length=32)
    round: int
    amendment_id: int = Field(foreign_key="amendment.id")
    delegation_id: int = Field(foreign_key="delegation.id")
    made_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))


class Bracket(SQLModel, table=True):
    """Text of the working draft that a delegation does not yet accept: a span of one paragraph (or all of it). It
    stands in every version circulated from `placed_round` until the round it was lifted in."""

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", index=True)
    paragraph_key: str = Field(max_length=32)
    span: str = Field(default="", max_length=4000, description="The words in brackets; empty: the whole paragraph.")
    delegation_id: int = Field(foreign_key="delegation.id")
    placed_by: str = Field(max_length=254)
    placed_round: int
    lifted_round: int | None = None
    lifted_by: str | None = Field(default=None, max_length=254)


class SilenceProcedure(SQLModel, table=True):
    """A circulated version put under silence until `expires_at`. Whether it passed is read from the clock and the
    objections, never stored by a background job; `adopted_document_id` is the symbol the adopted text was issued
    under, allocated by the first reader after expiry."""

    __tablename__ = "silence_procedure"

    id: int | None = Field(default=None, primary_key=True)
    statement_version_id: int = Field(foreign_key="statementversion.id", index=True)
    started_by: str = Field(max_length=254)
    started_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True))
    expires_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True))
    adopted_document_id: int | None = Field(default=None, foreign_key="issued_document.id", unique=True)


class SilenceObjection(SQLModel, table=True):
    """A delegation breaking silence before expiry, with its written objection or amendment."""

    __tablename__ = "silence_objection"

    id: int | None = Field(default=None, primary_key=True)
    silence_id: int = Field(foreign_key="silence_procedure.id", index=True)
    delegation_id: int = Field(foreign_key="delegation.id")
    text: str = Field(max_length=4000)
    made_by: str = Field(max_length=254)
    made_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True))


class InterpretativeStatement(SQLModel, table=True):
    """A delegation's statement under paragraph IV.1(A)6 of the Rules of Procedure, attached to the adopted text."""

    __tablename__ = "interpretative_statement"
    __table_args__ = (sa.UniqueConstraint("silence_id", "delegation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    silence_id: int = Field(foreign_key="silence_procedure.id", index=True)
    delegation_id: int = Field(foreign_key="delegation.id")
    text: str = Field(max_length=8000)
    submitted_by: str = Field(max_length=254)
    submitted_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))


class LastVisit(SQLModel, table=True):
    """When a user last looked at a meeting's statement: what changed since is news to them."""

    __tablename__ = "last_visit"
    __table_args__ = (sa.UniqueConstraint("user_email", "meeting_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_email: str = Field(max_length=254)
    meeting_id: int = Field(foreign_key="meeting.id")
    seen_at: dt.datetime = Field(sa_type=sa.DateTime(timezone=True))


class StatementComment(Versioned, DelegationComment, table=True):
    """A delegation's comment on one paragraph (by its stable key) of a circulated version of the statement, and the
    organizers' answer."""

    __tablename__ = "statement_comment"

    id: int | None = Field(default=None, primary_key=True)
    statement_id: int = Field(foreign_key="statement.id", index=True)
    statement_version_id: int = Field(foreign_key="statementversion.id", description="The version it was made on.")
    paragraph_key: str = Field(max_length=32, index=True)
