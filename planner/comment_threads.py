"""What a delegation's comment is wherever it is made (on an agenda item, on a statement paragraph): a text written for
the delegation, read by the organizers and the Secretariat and, when its author chose so, by all delegations; answered
and resolved by the organizers. The module of each kind of comment checks where one may be made, then leaves the
rest to this one."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel

from planner import audit
from planner.access import Actor, Capability, Role, require, runs_the_meeting
from planner.dates import as_utc
from planner.errors import NotFound, PermissionDenied, PlannerError, StaleEdit
from planner.model_base import Labelled, StateMachine, enum_type, utc_now
from planner.text import multiline_problem


class CommentAudience(Labelled):
    organizers = "organizers"
    all_delegations = "all_delegations"


class CommentStatus(Labelled):
    open = "open"
    answered = "answered"
    resolved = "resolved"


class DelegationComment(StateMachine, SQLModel):
    """What a delegation's comment has wherever it is made (an agenda item, a statement paragraph): who wrote it for
    which delegation, who may read it, and the organizers' answer."""

    states: ClassVar = "comment"

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


MAX_LENGTH = 4000


@dataclass(frozen=True)
class Thread:
    """One kind of comment: its table, the word its audit entries start with, who writes and who answers, and the
    meeting a comment belongs to."""

    model: type[DelegationComment]
    area: str
    writers: Capability
    answerers: Capability
    meeting_of: Callable[[Session, DelegationComment], int]

    @property
    def entity(self) -> str:
        return self.model.__tablename__


@dataclass(frozen=True)
class CommentView:
    """A comment as a page lists it: with its delegation's name, what it is about (the item or paragraph as the
    latest version has it) and, where the wording changes from version to version (the statement), the symbol of the
    version it was made on."""

    comment: DelegationComment
    delegation: str
    about: str
    on: str = ""


def checked(text: str, what: str) -> str:
    problem = multiline_problem(text or "", MAX_LENGTH)
    if problem or not (text or "").strip():
        raise PlannerError(f"The {what}: {problem or 'write something first'}.")
    return text.replace("\r\n", "\n").strip()


def readable(query, thread: Thread, actor: Actor):
    """`query` narrowed to the comments `actor` may read."""
    if runs_the_meeting(actor):
        return query
    model = thread.model
    return query.where((model.delegation_id == actor.delegation_id) | (model.audience == CommentAudience.all_delegations))


def post(session: Session, actor: Actor, thread: Thread, comment: DelegationComment, meeting_id: int) -> DelegationComment:
    """Store a comment once its own module has checked where it is made: a delegate writes for their own delegation
    only."""
    require(actor, thread.writers)
    if actor.role != Role.delegate or comment.delegation_id != actor.delegation_id:
        raise PermissionDenied("A delegate comments for their own delegation only.")
    session.add(comment)
    session.flush()
    audit._record(session, actor, f"{thread.area}.comment", thread.entity, comment.id, None, audit.snapshot(comment),
                  meeting_id)
    return comment


def _editable(session: Session, actor: Actor, thread: Thread, comment_id: int,
              expected_version: int | None) -> DelegationComment:
    require(actor, thread.answerers)
    if not runs_the_meeting(actor):
        raise PermissionDenied("Only those who run the meeting answer and resolve comments.")
    comment = session.get(thread.model, comment_id)
    if comment is None:
        raise NotFound(f"There is no comment {comment_id}.")
    if expected_version is not None and comment.version != expected_version:
        raise StaleEdit("Someone else answered or resolved this comment after you opened it. Reload the page to see it.")
    return comment


def answer(session: Session, actor: Actor, thread: Thread, comment_id: int, text: str, *, resolve: bool,
           expected_version: int | None) -> DelegationComment:
    """The organizers' answer, seen by whoever sees the comment; `resolve` closes the comment too."""
    comment = _editable(session, actor, thread, comment_id, expected_version)
    before = audit.snapshot(comment)
    comment.move_to(CommentStatus.answered)
    comment.answer, comment.answered_by, comment.answered_at = checked(text, "answer"), actor.email, utc_now()
    if resolve:
        comment.move_to(CommentStatus.resolved)
    session.flush()
    audit._record(session, actor, f"{thread.area}.answer_comment", thread.entity, comment.id, before,
                  audit.snapshot(comment), thread.meeting_of(session, comment))
    return comment


def resolve(session: Session, actor: Actor, thread: Thread, comment_id: int,
            expected_version: int | None) -> DelegationComment:
    comment = _editable(session, actor, thread, comment_id, expected_version)
    before = audit.snapshot(comment)
    comment.move_to(CommentStatus.resolved)
    session.flush()
    audit._record(session, actor, f"{thread.area}.resolve_comment", thread.entity, comment.id, before,
                  audit.snapshot(comment), thread.meeting_of(session, comment))
    return comment


def answered_since(views: list[CommentView], since: dt.datetime | None) -> list[CommentView]:
    """The comments among `views` answered after `since` (a reader's last visit; None: ever)."""
    return [view for view in views if view.comment.answered_at is not None
            and (since is None or as_utc(view.comment.answered_at) > as_utc(since))]
