"""Delegations' comments on the statement: a delegate writes for their delegation on one paragraph of the latest
circulated version, for the organizers only or for all delegations; the organizers answer and mark each comment
resolved.

A comment belongs to the paragraph's stable key, so it stays with the paragraph in later versions whatever its number.
As with amendments, nothing is said on a superseded version, on a version whose silence has expired, or after
adoption; unlike an amendment, a comment made under silence does not break it. Organizers may still answer and resolve
comments after adoption, so that no delegation's question is left without a reply. What comments have in common with
those on the agenda is in `planner.comment_threads`."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from planner import comment_threads as threads
from planner.access import Actor, Capability
from planner.comment_threads import CommentAudience, CommentStatus, CommentView
from planner.delegations.invitations import require_invited
from planner.delegations.models import Delegation
from planner.mail import events as mail_events
from planner.meetings.planning import get_meeting
from planner.model_base import utc_now
from planner.statement import silence
from planner.statement.drafting import latest_circulated, numbered, paragraph_names, paragraphs_of, statement_of
from planner.statement.models import Paragraph, Statement, StatementComment, StatementVersion

THREAD = threads.Thread(StatementComment, "statement", writers=Capability.speak_for_delegation,
                        answerers=Capability.draft_statement,
                        meeting_of=lambda session, comment: session.get(Statement, comment.statement_id).meeting_id)
GONE = "a paragraph no longer in the statement"


def add_comment(session: Session, actor: Actor, meeting_id: int, paragraph_key: str, text: str,
                audience: CommentAudience, *, version_number: int | None = None,
                now: dt.datetime | None = None) -> StatementComment:
    """For the delegate's own delegation, on a paragraph of the latest circulated version (`version_number`, when
    given, must be it)."""
    delegation_id = require_invited(session, actor, meeting_id)
    text = threads.checked(text, "comment")
    version = silence.open_paragraph(session, actor, meeting_id, paragraph_key, version_number=version_number,
                                     now=now)[0]
    return threads.post(session, actor, THREAD, StatementComment(
        statement_id=version.statement_id, statement_version_id=version.id, paragraph_key=paragraph_key,
        delegation_id=delegation_id, author_email=actor.email, text=text, audience=CommentAudience(audience),
        created_at=now or utc_now()), meeting_id)


def answer(session: Session, actor: Actor, comment_id: int, text: str, *, resolve: bool = False,
           expected_version: int | None = None) -> StatementComment:
    """The organizers' answer, seen by whoever sees the comment; `resolve` closes the comment too."""
    comment = threads.answer(session, actor, THREAD, comment_id, text, resolve=resolve,
                             expected_version=expected_version)
    version = session.get(StatementVersion, comment.statement_version_id)
    names = paragraph_names(paragraphs_of(session, actor, version))
    mail_events.comment_answered(
        session, get_meeting(session, actor, session.get(Statement, comment.statement_id).meeting_id),
        delegation_id=comment.delegation_id, author_email=comment.author_email,
        about=names.get(comment.paragraph_key, GONE), document=f"draft statement ({version.symbol})",
        answer=comment.answer, page="negotiation", page_title="Negotiation")
    return comment


def resolve(session: Session, actor: Actor, comment_id: int, *, expected_version: int | None = None) -> StatementComment:
    return threads.resolve(session, actor, THREAD, comment_id, expected_version)


def _about(number: int | None, paragraph: Paragraph) -> str:
    if number is not None:
        return f"paragraph {number}"
    words = paragraph.text.split()
    return f"the preamble paragraph “{' '.join(words[:6])}{'…' if len(words) > 6 else ''}”"


def comments(session: Session, actor: Actor, meeting_id: int, *, open_only: bool = False) -> list[CommentView]:
    """Organizers and the Secretariat see every comment; a delegate their own delegation's and those written for all
    delegations. In the order of the latest circulated version's paragraphs, oldest first within a paragraph; comments
    on paragraphs since deleted come last. `on` is the version the comment was made on."""
    meeting = get_meeting(session, actor, meeting_id)
    statement = statement_of(session, actor, meeting.id)
    if statement is None:
        return []
    query = threads.readable(select(StatementComment, Delegation.name, StatementVersion.symbol)
                             .join(Delegation, Delegation.id == StatementComment.delegation_id)
                             .join(StatementVersion, StatementVersion.id == StatementComment.statement_version_id)
                             .where(StatementComment.statement_id == statement.id), THREAD, actor)
    if open_only:
        query = query.where(StatementComment.status != CommentStatus.resolved)
    rows = session.exec(query.order_by(col(StatementComment.created_at), col(StatementComment.id))).all()
    latest = latest_circulated(session, actor, statement.id)
    order = {paragraph.key: (index, _about(number, paragraph)) for index, (number, paragraph)
             in enumerate(numbered(paragraphs_of(session, actor, latest)))} if latest else {}
    views = [CommentView(comment, name, order.get(comment.paragraph_key, (len(order), GONE))[1], symbol)
             for comment, name, symbol in rows]
    return sorted(views, key=lambda v: order.get(v.comment.paragraph_key, (len(order), ""))[0])
