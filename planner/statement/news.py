"""What changed on the statement since a delegate last marked it read: new versions, decisions on their
delegation's amendments, answers to their delegation's comments, a silence procedure with its expiry, its outcome."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, select

from planner import audit, comment_threads
from planner.access import Actor, require_delegation
from planner.dates import as_utc
from planner.meetings.planning import get_meeting
from planner.model_base import utc_now
from planner.statement import amendments, comments, silence, versions
from planner.statement.models import AmendmentState, LastVisit
from planner.time_zones import local_moment


@dataclass(frozen=True)
class News:
    at: dt.datetime
    message: str


def last_visit(session: Session, actor: Actor, meeting_id: int) -> LastVisit | None:
    """When this delegate last marked the meeting's statement read."""
    require_delegation(actor)
    get_meeting(session, actor, meeting_id)
    return session.exec(select(LastVisit).where(LastVisit.user_email == actor.email,
                                                LastVisit.meeting_id == meeting_id)).first()


def since_last_visit(session: Session, actor: Actor, meeting_id: int, now: dt.datetime | None = None) -> list[News]:
    """Newest first; everything, the first time."""
    require_delegation(actor)
    meeting = get_meeting(session, actor, meeting_id)
    visit = last_visit(session, actor, meeting.id)
    seen = as_utc(visit.seen_at) if visit else dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    news = [News(as_utc(v.circulated_at), f"Version {v.number} was circulated as {v.symbol}.")
            for v in versions.circulated_versions(session, actor, meeting.id)
            if v.circulated_at and as_utc(v.circulated_at) > seen]
    for view in amendments.amendments(session, actor, meeting.id):
        amendment = view.amendment
        if amendment.state in (AmendmentState.accepted, AmendmentState.rejected) and as_utc(amendment.decided_at) > seen:
            why = f" Reason: {amendment.decision_reason}" if amendment.decision_reason else ""
            changed = " with changes" if amendment.applied_text else ""
            news.append(News(as_utc(amendment.decided_at),
                             f"Your delegation's amendment on {view.paragraph} of {view.version_symbol} was "
                             f"{amendment.state.value}"
                             f"{changed if amendment.state == AmendmentState.accepted else ''}.{why}"))
        elif view.needs_decision and view.conflicts_with and as_utc(amendment.proposed_at) > seen:
            news.append(News(as_utc(amendment.proposed_at), f"Your delegation's amendment on {view.paragraph} of "
                             f"{view.version_symbol} conflicts with another amendment on {view.paragraph_name}."))
    for view in comment_threads.answered_since(comments.comments(session, actor, meeting.id), seen):
        if view.comment.delegation_id == actor.delegation_id:
            news.append(News(as_utc(view.comment.answered_at), f"The Chairmanship answered your delegation's comment "
                             f"on {view.about}: {view.comment.answer}"))
    for procedure in silence.procedures(session, actor, meeting.id, now):
        started = as_utc(procedure.procedure.started_at)
        if started > seen:
            news.append(News(started, f"{procedure.version.symbol} was put under silence until "
                             f"{local_moment(procedure.procedure.expires_at, meeting.time_zone)}."))
        if procedure.state == silence.SilenceState.adopted and as_utc(procedure.procedure.expires_at) > seen:
            news.append(News(as_utc(procedure.procedure.expires_at), f"{procedure.version.symbol} was adopted as "
                             f"{procedure.adopted_document.symbol}."))
        elif procedure.state == silence.SilenceState.broken and as_utc(procedure.objections[0].made_at) > seen:
            news.append(News(as_utc(procedure.objections[0].made_at),
                             f"Silence on {procedure.version.symbol} was broken: it is not adopted."))
    return sorted(news, key=lambda item: item.at, reverse=True)


def mark_read(session: Session, actor: Actor, meeting_id: int, now: dt.datetime | None = None) -> LastVisit:
    require_delegation(actor)
    get_meeting(session, actor, meeting_id)
    visit = last_visit(session, actor, meeting_id)
    before = audit.snapshot(visit)
    if visit is None:
        visit = LastVisit(user_email=actor.email, meeting_id=meeting_id, seen_at=now or utc_now())
        session.add(visit)
    else:
        visit.seen_at = now or utc_now()
    session.flush()
    audit._record(session, actor, "statement.news.read", "last_visit", visit.id, before, audit.snapshot(visit), meeting_id)
    return visit
