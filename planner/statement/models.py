"""The statement's tables: versions and their keyed paragraphs, rapporteur summaries, amendments and the changes they
made, brackets, silence procedures, interpretative statements, last visits and comments."""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from planner.comment_threads import DelegationComment
from planner.errors import ImmutableVersion
from planner.model_base import Labelled, StateMachine, Versioned, enum_type, utc_now


class ParagraphKind(Labelled):
    """Where a paragraph stands in the statement: preamble clauses, then numbered operative paragraphs, then the
    closing paragraphs, which continue the numbering."""

    preamble = "preamble"
    operative = "operative"
    closing = "closing"


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


@sa.event.listens_for(Paragraph, "before_update")
@sa.event.listens_for(Paragraph, "before_delete")
def _refuse_changing_a_circulated_paragraph(_mapper, _connection, target: Paragraph) -> None:
    """The last guard behind the services: a paragraph of a circulated version is never rewritten or removed."""
    was_frozen = sa.inspect(target).attrs.frozen.history
    if True in (was_frozen.unchanged or ()) or True in (was_frozen.deleted or ()):
        raise ImmutableVersion("A circulated version of the statement cannot change.")


class AmendmentKind(Labelled):
    """What a delegation asks for one paragraph of a circulated version."""

    replace = "replace"
    insert_after = "insert_after"
    delete = "delete"


class AmendmentState(Labelled):
    proposed = "proposed"
    accepted = "accepted"
    rejected = "rejected"
    withdrawn = "withdrawn"
    overtaken = "overtaken"


class Amendment(StateMachine, Versioned, SQLModel, table=True):
    """A delegation's proposal on one paragraph (by its stable key) of a circulated version. Once decided, it is
    kept as it was decided."""

    states: ClassVar = "amendment"

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