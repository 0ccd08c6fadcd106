"""Delegations' comments on agenda items: a delegate writes for their delegation on one item of the circulated agenda,
for the organizers only or for all delegations; the organizers answer and mark each comment resolved.

A comment belongs to the item's stable key, so it stays with the item in later versions whatever its time or title.
What comments have in common with those on the statement is in `planner.comment_threads`."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from planner import comment_threads as threads
from planner.access import Actor, Capability, require
from planner.agenda_review.models import AgendaComment, AgendaVersion
from planner.agenda_review.versions import get_version, items_of, versions
from planner.comment_threads import CommentAudience, CommentStatus, CommentView
from planner.delegations.invitations import require_invited
from planner.delegations.models import Delegation
from planner.errors import NotFound
from planner.mail import events as mail_events
from planner.meetings.planning import get_meeting

THREAD = threads.Thread(AgendaComment, "agenda", writers=Capability.comment_on_agenda,
                        answerers=Capability.manage_meetings, meeting_of=lambda _session, comment: comment.meeting_id)


def add_comment(session: Session, actor: Actor, meeting_id: int, item_key: str, text: str,
                audience: CommentAudience) -> AgendaComment:
    """On an item of the latest circulated version, for the author's delegation, once it has been invited."""
    require(actor, Capability.comment_on_agenda)
    delegation_id = require_invited(session, actor, meeting_id)
    text = threads.checked(text, "comment")
    version = get_version(session, actor, meeting_id)
    if item_key not in {item.key for item in items_of(session, actor, version)}:
        raise NotFound(f"The agenda {version.symbol} has no such item: reload the page and choose one of its items.")
    return threads.post(session, actor, THREAD, AgendaComment(
        meeting_id=meeting_id, agenda_version_id=version.id, item_key=item_key, delegation_id=delegation_id,
        author_email=actor.email, text=text, audience=CommentAudience(audience)), meeting_id)


def answer(session: Session, actor: Actor, comment_id: int, text: str, *, resolve: bool = False,
           expected_version: int | None = None) -> AgendaComment:
    """The organizers' answer, seen by whoever sees the comment; `resolve` closes the comment too."""
    comment = threads.answer(session, actor, THREAD, comment_id, text, resolve=resolve,
                             expected_version=expected_version)
    version = session.get(AgendaVersion, comment.agenda_version_id)
    item = next((i for i in items_of(session, actor, version) if i.key == comment.item_key), None)
    mail_events.comment_answered(
        session, get_meeting(session, actor, comment.meeting_id), delegation_id=comment.delegation_id,
        author_email=comment.author_email, about=f"the item “{item.title}”" if item else "an agenda item",
        document=f"agenda ({version.symbol})", answer=comment.answer, page="agenda_review", page_title="Agenda review")
    return comment


def resolve(session: Session, actor: Actor, comment_id: int, *, expected_version: int | None = None) -> AgendaComment:
    return threads.resolve(session, actor, THREAD, comment_id, expected_version)


def comments(session: Session, actor: Actor, meeting_id: int, *, open_only: bool = False) -> list[CommentView]:
    """Organizers see every comment; a delegate their own delegation's and those written for all delegations.
    In the order of the newest version's items, oldest first within an item."""
    readable = versions(session, actor, meeting_id)
    version = readable[-1] if readable else None
    query = threads.readable(select(AgendaComment, Delegation.name).join(
        Delegation, Delegation.id == AgendaComment.delegation_id).where(AgendaComment.meeting_id == meeting_id),
        THREAD, actor)
    if open_only:
        query = query.where(AgendaComment.status != CommentStatus.resolved)
    rows = session.exec(query.order_by(col(AgendaComment.created_at), col(AgendaComment.id))).all()
    order = {item.key: (index, item.title) for index, item in enumerate(items_of(session, actor, version))} if version else {}
    views = [CommentView(comment, name, order.get(comment.item_key, (0, "(no longer on the agenda)"))[1])
             for comment, name in rows]
    return sorted(views, key=lambda v: order.get(v.comment.item_key, (len(order), ""))[0])


def answered_since(session: Session, actor: Actor, meeting_id: int, since: dt.datetime | None) -> list[CommentView]:
    """Comments this actor may read that were answered after `since` (their last visit)."""
    return threads.answered_since(comments(session, actor, meeting_id), since)
