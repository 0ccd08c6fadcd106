"""The document register: every symbol the Chairmanship issues comes from here.

A base document takes the next number of its series (the meeting's Chairmanship series, e.g. CIO.GAL) in the calendar
year of issue, whatever meeting it belongs to: `CIO.GAL/12/26` is the twelfth document issued in 2026. A revision,
addendum or corrigendum hangs off its base and counts its own suffix: `CIO.GAL/12/26/Rev.1`, `…/Add.2`.

Allocation reads the highest number and inserts the next one inside a savepoint; the unique index on the symbol
refuses a number that a parallel allocation took first, and the savepoint lets this one try the next number without
losing the rest of the transaction.

What carries a symbol never changes: every document issued is kept as the Word file that went out, in the same
transaction as its line in the register (`ArchivedFile`). The register cannot build the file (the documents layer
does, and concepts do not import it), so it collects the documents a session issues (`session.info`) and, once the
service's changes are all in the session, just before commit, builds each one with the builder the documents layer
registered for its kind (planner/documents/archive.py, loaded by every entry point that issues). A kind without a
builder refuses the issue: a document is never issued without its file. Whoever reads a file in the same
transaction gets it built at once (`_keep_issued`). Each builder starts from the record the issue names (the version,
the invitation, the n-th addendum), so several issues in one transaction each get their own file."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from enum import Enum

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, Session, SQLModel, col, func, select

from planner import audit
from planner.access import Actor, Capability, require
from planner.dates import long_date
from planner.delegations.models import Invitation
from planner.errors import PlannerError
from planner.meetings.models import Meeting
from planner.meetings.planning import get_meeting, today_at
from planner.model_base import Labelled, enum_type, utc_now
from planner.text import one_line_problem


class DocumentKind(Labelled):
    note_verbale = "note_verbale"
    reminder = "reminder"
    agenda = "agenda"
    participants_list = "participants_list"
    statement = "statement"
    report = "report"
    interpretative_statement = "interpretative_statement"


class DocumentSuffix(str, Enum):
    """What a document issued under another's number is: a revision, an addendum or a corrigendum."""

    revision = "Rev"
    addendum = "Add"
    corrigendum = "Corr"


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
        return _symbol(self.series, self.year, self.number, self.suffix, self.suffix_number)

    @property
    def file_stem(self) -> str:
        """The symbol as a file name: 'CIO.GAL_12_26', 'CIO.GAL_12_26_Rev.1'."""
        return self.symbol.replace("/", "_")


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ORIGINAL = ""  # the language of the issued file itself; a language version stores its ISO code


class ArchivedFile(SQLModel, table=True):
    """The file of an issued document as it went out, byte for byte, with its SHA-256: the issued original
    (`language` empty), and each language version at its first complete export, under the same symbol."""

    __tablename__ = "archived_file"
    __table_args__ = (sa.UniqueConstraint("document_id", "language", name="uq_archived_file_document_language"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="issued_document.id", index=True)
    language: str = Field(default=ORIGINAL, max_length=8)
    content: bytes = Field(sa_type=sa.LargeBinary)
    sha256: str = Field(max_length=64)
    size: int
    media_type: str = Field(max_length=120)
    file_name: str = Field(max_length=300)
    archived_at: dt.datetime = Field(default_factory=utc_now, sa_type=sa.DateTime(timezone=True))


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def archived(document: IssuedDocument, file_name: str, content: bytes, *, language: str = ORIGINAL,
             media_type: str = DOCX) -> ArchivedFile:
    return ArchivedFile(document_id=document.id, language=language, content=content, sha256=sha256(content),
                        size=len(content), media_type=media_type, file_name=file_name)


Builder = Callable[[Session, IssuedDocument], tuple[str, bytes]]  # (file name, Word file) as the document is issued
_BUILDERS: dict[DocumentKind, Builder] = {}
_LOADERS: list[Callable[[], None]] = []
_ISSUED = "planner.register.issued"  # session.info: the documents issued in the session and not yet archived


def add_builder(kind: DocumentKind, builder: Builder) -> None:
    """The documents layer says how a document of this kind is built (planner/documents/archive.py)."""
    _BUILDERS[DocumentKind(kind)] = builder


def load_builders_when_needed(loader: Callable[[], None]) -> None:
    """For an entry point that loads the builders only once a document is issued or read (the command line: a
    listing must answer without loading the Word builders)."""
    _LOADERS.append(loader)


def builder_for(kind: DocumentKind) -> Builder:
    while DocumentKind(kind) not in _BUILDERS and _LOADERS:
        _LOADERS.pop(0)()
    builder = _BUILDERS.get(DocumentKind(kind))
    if builder is None:
        raise PlannerError(f"No builder is registered for {DocumentKind(kind).label.lower()} documents: the entry "
                           "point must call planner.documents.archive.register_builders(). Nothing was issued.")
    return builder


def _keep_issued(session: Session) -> None:
    """Build and keep the file of every document issued in this session and not yet kept. A document whose issue was
    rolled back (a savepoint) is no longer in the session and has nothing to keep."""
    while session.info.get(_ISSUED):
        document = session.info[_ISSUED].pop(0)
        if not sa.inspect(document).persistent:
            continue
        name, content = builder_for(document.kind)(session, document)
        session.add(archived(document, name, content))
        session.flush()


@event.listens_for(OrmSession, "before_commit")
def _archive_before_commit(session: OrmSession) -> None:
    _keep_issued(session)


@event.listens_for(OrmSession, "after_soft_rollback")
def _forget_rolled_back(session: OrmSession, _previous) -> None:
    if session.info.get(_ISSUED):
        session.info[_ISSUED] = [document for document in session.info[_ISSUED] if sa.inspect(document).persistent]


def _symbol(series: str, year: int, number: int, suffix: DocumentSuffix | None = None, suffix_number: int = 0) -> str:
    base = f"{series}/{number}/{year % 100:02d}"
    return f"{base}/{suffix.value}.{suffix_number}" if suffix else base


ATTEMPTS = 20
ADDRESSED = frozenset({DocumentKind.note_verbale, DocumentKind.reminder})
REGISTER_LOCK = 0x0C10_6A1  # any fixed number: the advisory lock that queues allocations of symbols


def _checked_title(title: str) -> str:
    problem = one_line_problem(title)
    if problem or not title.strip():
        raise PlannerError(f"The document's title: {problem or 'give the document a title'}.")
    return title.strip()


def _hold_register(session: Session) -> None:
    """Make reading the highest number and inserting the next one a single step, so that parallel issues queue
    instead of colliding. SQLite: take the database's write lock (SQLite has one writer at a time); it also opens the
    transaction, so that the savepoint below nests in it instead of committing on release (the pysqlite driver starts
    transactions only at the first write). PostgreSQL: a transaction-level advisory lock on the register, released
    at commit or rollback."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.exec(sa.text("UPDATE issued_document SET number = number WHERE 1 = 0"))
    elif dialect == "postgresql":
        session.exec(sa.text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=REGISTER_LOCK))


def _allocate(session: Session, actor: Actor, next_number: Callable[[], int],
              build: Callable[[int], IssuedDocument]) -> IssuedDocument:
    """Insert `build(next_number())` in a savepoint; on a unique violation (a parallel allocation took the number)
    roll back only the savepoint and take the next number again."""
    _hold_register(session)
    for _ in range(ATTEMPTS):
        document = build(next_number())
        try:
            with session.begin_nested():
                session.add(document)
                session.flush()
        except IntegrityError:
            continue
        audit._record(session, actor, "document.issue", "issued_document", document.id, None,
                      {**audit.snapshot(document), "symbol": document.symbol}, document.meeting_id)
        builder_for(document.kind)
        session.info.setdefault(_ISSUED, []).append(document)
        return document
    raise PlannerError("The document register is busy: no symbol could be allocated. Nothing was saved; try again.")


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _issue_date(meeting: Meeting | None, issued_on: dt.date | None) -> dt.date:
    if issued_on is not None:
        return issued_on
    return today_at(meeting) if meeting is not None else dt.date.today()


def _next_number(session: Session, series: str, year: int) -> int:
    highest = session.exec(select(func.max(IssuedDocument.number)).where(
        IssuedDocument.series == series, IssuedDocument.year == year, col(IssuedDocument.suffix).is_(None))).one()
    return (highest or 0) + 1


def _next_suffix_number(session: Session, base: IssuedDocument, suffix: DocumentSuffix) -> int:
    highest = session.exec(select(func.max(IssuedDocument.suffix_number)).where(
        IssuedDocument.base_id == base.id, IssuedDocument.suffix == suffix)).one()
    return (highest or 0) + 1


def issue_document(session: Session, actor: Actor, *, meeting: Meeting, kind: DocumentKind, title: str,
                   issued_on: dt.date | None = None) -> IssuedDocument:
    """Give a new document the next number of the meeting's series in the year it is issued (the date it carries)."""
    require(actor, Capability.issue_documents)
    title = _checked_title(title)
    on = _issue_date(meeting, issued_on)
    series = meeting.symbol_prefix
    return _allocate(session, actor, lambda: _next_number(session, series, on.year), lambda number: IssuedDocument(
        series=series, year=on.year, number=number, suffix=None, suffix_number=0, kind=DocumentKind(kind),
        title=title, meeting_id=meeting.id, issued_on=on, issued_by=actor.label))


def issue_suffix(session: Session, actor: Actor, *, base: IssuedDocument, suffix: DocumentSuffix, title: str,
                 issued_on: dt.date | None = None, kind: DocumentKind | None = None) -> IssuedDocument:
    """A revision, addendum or corrigendum of `base`: the base's symbol with the next `/Rev.n`, `/Add.n` or `/Corr.n`.
    It is of the base's kind unless `kind` says otherwise (a reminder is an addendum to a note verbale)."""
    require(actor, Capability.issue_documents)
    if base.suffix is not None:
        raise PlannerError(f"{base.symbol} is itself {_a(base.suffix.name)}: {_a(DocumentSuffix(suffix).name)} "
                           f"hangs off the base document {base.symbol.rsplit('/', 1)[0]}.")
    title = _checked_title(title)
    suffix = DocumentSuffix(suffix)
    meeting = session.get(Meeting, base.meeting_id) if base.meeting_id else None
    on = _issue_date(meeting, issued_on)
    if on < base.issued_on:
        raise PlannerError(f"{base.symbol} was issued on {long_date(base.issued_on)}: its {suffix.name} cannot be dated before.")
    return _allocate(session, actor, lambda: _next_suffix_number(session, base, suffix), lambda number: IssuedDocument(
        series=base.series, year=base.year, number=base.number, suffix=suffix, suffix_number=number,
        kind=DocumentKind(kind or base.kind), title=title, meeting_id=base.meeting_id, base_id=base.id, issued_on=on,
        issued_by=actor.label))


def documents(session: Session, actor: Actor, meeting_id: int | None = None) -> list[IssuedDocument]:
    """The register, newest first (a base's revisions and addenda follow it in issue order), for one meeting or all."""
    require(actor, Capability.issue_documents)
    query = select(IssuedDocument)
    if meeting_id is not None:
        get_meeting(session, actor, meeting_id)
        query = query.where(IssuedDocument.meeting_id == meeting_id)
    query = query.order_by(col(IssuedDocument.series), col(IssuedDocument.year).desc(), col(IssuedDocument.number).desc(),
                           sa.case((col(IssuedDocument.suffix).is_(None), 0), else_=1), col(IssuedDocument.suffix),
                           col(IssuedDocument.suffix_number))
    return list(session.exec(query))


def latest(session: Session, actor: Actor, meeting_id: int, kind: DocumentKind) -> IssuedDocument | None:
    """The meeting's most recent document of this kind (a revision after its base), or None while in draft: its
    symbol is printed on the document, so whoever may read the meeting sees it. A note verbale and its reminders are
    addressed to one delegation: a delegate learns only of those sent to their own."""
    get_meeting(session, actor, meeting_id)
    query = select(IssuedDocument).where(IssuedDocument.meeting_id == meeting_id, IssuedDocument.kind == kind)
    if kind in ADDRESSED and not actor.can(Capability.issue_documents):
        own_note = select(Invitation.note_id).where(Invitation.meeting_id == meeting_id,
                                                    Invitation.delegation_id == actor.delegation_id)
        query = query.where(col(IssuedDocument.id).in_(own_note) | col(IssuedDocument.base_id).in_(own_note))
    return session.exec(query.order_by(col(IssuedDocument.issued_at).desc(), col(IssuedDocument.id).desc())).first()


def suffixes_of(session: Session, actor: Actor, base: IssuedDocument, suffix: DocumentSuffix) -> list[IssuedDocument]:
    require(actor, Capability.issue_documents)
    return list(session.exec(select(IssuedDocument).where(IssuedDocument.base_id == base.id, IssuedDocument.suffix == suffix)
                             .order_by(col(IssuedDocument.suffix_number))))


def _first_issue(session: Session, meeting: Meeting, kind: DocumentKind) -> IssuedDocument | None:
    return session.exec(select(IssuedDocument).where(
        IssuedDocument.meeting_id == meeting.id, IssuedDocument.kind == kind, col(IssuedDocument.suffix).is_(None))
        .order_by(col(IssuedDocument.id))).first()


def next_revisable_symbol(session: Session, actor: Actor, *, meeting: Meeting, kind: DocumentKind,
                          issued_on: dt.date | None = None) -> str:
    """The symbol `issue_revisable` would give now, allocating nothing: to say before an issue what it will be
    called. A parallel issue can still take it first, and then the next one is given."""
    require(actor, Capability.issue_documents)
    first = _first_issue(session, meeting, kind)
    if first is None:
        year = _issue_date(meeting, issued_on).year
        return _symbol(meeting.symbol_prefix, year, _next_number(session, meeting.symbol_prefix, year))
    revision = DocumentSuffix.revision
    return _symbol(first.series, first.year, first.number, revision, _next_suffix_number(session, first, revision))


def issue_revisable(session: Session, actor: Actor, *, meeting: Meeting, kind: DocumentKind, title: str,
                    issued_on: dt.date | None = None) -> IssuedDocument:
    """A document a meeting has once and issues again when it changes (agenda, list of participants): the first
    issue takes a number, each later one is the next revision of it."""
    first = _first_issue(session, meeting, kind)
    if first is None:
        return issue_document(session, actor, meeting=meeting, kind=kind, title=title, issued_on=issued_on)
    return issue_suffix(session, actor, base=first, suffix=DocumentSuffix.revision, title=title, issued_on=issued_on)
