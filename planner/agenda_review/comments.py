"""Delegations' comments on agenda items: a delegate writes for their delegation on one item of the circulated agenda,
for the organizers only or for all delegations; the organizers answer and mark each comment resolved.

A comment belongs to the item's stable key, so it stays with the item in later versions whatever its time or title."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from planner import audit
from planner.access import Actor, Capability, require
from planner.agenda_review.versions import get_version, items_of, sees_work_in_progress, versions
from planner.errors import NotFound, PermissionDenied, PlannerError, StaleEdit
from planner.invitations import invitation_for
from planner.models import AgendaComment, CommentAudience, CommentStatus, Delegation, InvitationState, utc_now
from planner.text import multiline_problem

MAX_LENGTH = 4000


@dataclass(frozen=True)
class CommentView:
    """A comment as a page lists it: with its delegation's name and the item's title in the latest version."""

    comment: AgendaComment
    delegation: str
    item_title: str


def _checked(text: str, what: str) -> str:
    problem = multiline_problem(text or "", MAX_LENGTH)
    if problem or not (text or "").strip():
        raise PlannerError(f"The {what}: {problem or 'write something first'}.")
    return text.strip()


def add_comment(session: Session, actor: Actor, meeting_id: int, item_key: str, text: str,
                audience: CommentAudience) -> AgendaComment:
    """On an item of the latest circulated version, for the author's delegation, once it has been invited."""
    require(actor, Capability.comment_on_agenda)
    if actor.delegation_id is None:
        raise PermissionDenied("Your account speaks for no delegation: ask an administrator to link it to one.")
    invitation = invitation_for(session, actor, meeting_id, actor.delegation_id)
    if invitation is None or invitation.state == InvitationState.draft:
        raise PermissionDenied("Your delegation has not been invited to this meeting: only invited delegations comment "
                               "on its agenda.")
    text = _checked(text, "comment")
    version = get_version(session, actor, meeting_id)
    if item_key not in {item.key for item in items_of(session, actor, version)}:
        raise NotFound(f"The agenda {version.symbol} has no such item: reload the page and choose one of its items.")
    comment = AgendaComment(meeting_id=meeting_id, agenda_version_id=version.id, item_key=item_key,
                            delegation_id=actor.delegation_id, author_email=actor.email, text=text,
                            audience=CommentAudience(audience))
    session.add(comment)
    session.flush()
    audit.record(session, actor, "agenda.comment", "agenda_comment", comment.id, None, audit.snapshot(comment), meeting_id)
    return comment


def _editable(session: Session, actor: Actor, comment_id: int, expected_version: int | None) -> AgendaComment:
    require(actor, Capability.manage_meetings)
    comment = session.get(AgendaComment, comment_id)
    if comment is None:
        raise NotFound(f"There is no comment {comment_id}.")
    if expected_version is not None and comment.version != expected_version:
        raise StaleEdit("Someone else answered or resolved this comment after you opened it. Reload the page to see it.")
    return comment


def answer(session: Session, actor: Actor, comment_id: int, text: str, *, resolve: bool = False,
           expected_version: int | None = None) -> AgendaComment:
    """The organizers' answer, seen by whoever sees the comment; `resolve` closes the comment too."""
    comment = _editable(session, actor, comment_id, expected_version)
    before = audit.snapshot(comment)
    comment.move_to(CommentStatus.answered)
    comment.answer, comment.answered_by, comment.answered_at = _checked(text, "answer"), actor.email, utc_now()
    if resolve:
        comment.move_to(CommentStatus.resolved)
    session.flush()
    audit.record(session, actor, "agenda.answer_comment", "agenda_comment", comment.id, before, audit.snapshot(comment),
                 comment.meeting_id)
    return comment


def resolve(session: Session, actor: Actor, comment_id: int, *, expected_version: int | None = None) -> AgendaComment:
    comment = _editable(session, actor, comment_id, expected_version)
    before = audit.snapshot(comment)
    comment.move_to(CommentStatus.resolved)
    session.flush()
    audit.record(session, actor, "agenda.resolve_comment", "agenda_comment", comment.id, before, audit.snapshot(comment),
                 comment.meeting_id)
    return comment


def comments(session: Session, actor: Actor, meeting_id: int, *, open_only: bool = False) -> list[CommentView]:
    """Organizers see every comment; a delegate their own delegation's and those written for all delegations.
    In the order of the newest version's items, oldest first within an item."""
    readable = versions(session, actor, meeting_id)
    version = readable[-1] if readable else None
    query = select(AgendaComment, Delegation.name).join(Delegation, Delegation.id == AgendaComment.delegation_id).where(
        AgendaComment.meeting_id == meeting_id)
    if not sees_work_in_progress(actor):
        query = query.where((AgendaComment.delegation_id == actor.delegation_id)
                            | (AgendaComment.audience == CommentAudience.all_delegations))
    if open_only:
        query = query.where(AgendaComment.status != CommentStatus.resolved)
    rows = session.exec(query.order_by(col(AgendaComment.created_at), col(AgendaComment.id))).all()
    order = {item.key: (index, item.title) for index, item in enumerate(items_of(session, actor, version))} if version else {}
    views = [CommentView(comment, name, order.get(comment.item_key, (0, "(no longer on the agenda)"))[1])
             for comment, name in rows]
    return sorted(views, key=lambda v: order.get(v.comment.item_key, (len(order), ""))[0])


def answered_since(session: Session, actor: Actor, meeting_id: int, since: dt.datetime | None) -> list[CommentView]:
    """Comments this actor may read that were answered after `since` (their last visit)."""
    return [view for view in comments(session, actor, meeting_id)
            if view.comment.answered_at is not None and (since is None or _aware(view.comment.answered_at) > _aware(since))]


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes (stored in UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
