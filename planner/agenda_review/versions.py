"""Agenda versions: the organizers freeze the timetable as it stands into a version that never changes (a draft they
can check), circulate it with a symbol from the document register (a new number the first time, then /Rev.1,
/Rev.2 …) and at last mark it final. Delegates read only circulated versions, never the timetable being worked on,
and each opening is recorded so organizers see which delegations have read it."""
from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, func, select

from planner import audit, register
from planner.access import Actor, Capability, require, runs_the_meeting
from planner.agenda_review.models import AgendaOpening, AgendaVersion, AgendaVersionItem, AgendaVersionStatus
from planner.delegations.models import Delegation
from planner.errors import NotFound, PermissionDenied, PlannerError, StaleEdit
from planner.mail import events as mail_events
from planner.meetings.models import AgendaItemContent, Meeting, MeetingStatus
from planner.meetings.planning import get_meeting
from planner.meetings.timetable import agenda_items, timetable_problems
from planner.model_base import utc_now
from planner.register import DocumentKind

ISSUED = (AgendaVersionStatus.circulated, AgendaVersionStatus.final)
COPIED = ("key", "position", *AgendaItemContent.model_fields)


def sees_work_in_progress(actor: Actor) -> bool:
    """Organizers and the Secretariat see drafts; delegates only what was circulated to them."""
    return runs_the_meeting(actor)


def _readable_meeting(session: Session, actor: Actor, meeting_id: int) -> Meeting:
    meeting = get_meeting(session, actor, meeting_id)
    if meeting.status == MeetingStatus.draft and not sees_work_in_progress(actor):
        raise NotFound("This meeting has not been announced yet.")
    return meeting


def versions(session: Session, actor: Actor, meeting_id: int) -> list[AgendaVersion]:
    """Oldest first: every version for organizers, the circulated and final ones for everyone else."""
    meeting = _readable_meeting(session, actor, meeting_id)
    query = select(AgendaVersion).where(AgendaVersion.meeting_id == meeting.id)
    if not sees_work_in_progress(actor):
        query = query.where(col(AgendaVersion.status).in_(ISSUED))
    return list(session.exec(query.order_by(col(AgendaVersion.number))))


def issued_versions(session: Session, actor: Actor, meeting_id: int) -> list[AgendaVersion]:
    return [v for v in versions(session, actor, meeting_id) if v.status in ISSUED]


def get_version(session: Session, actor: Actor, meeting_id: int, number: int | None = None) -> AgendaVersion:
    """Version `number` as this actor may read it, or the latest circulated one."""
    readable = versions(session, actor, meeting_id)
    if number is None:
        issued = [v for v in readable if v.status in ISSUED]
        if not issued:
            raise NotFound("The agenda of this meeting has not been circulated yet.")
        return issued[-1]
    chosen = next((v for v in readable if v.number == number), None)
    if chosen is None:
        raise NotFound(f"The agenda has no version {number}"
                       + (f"; versions: {', '.join(str(v.number) for v in readable)}." if readable else "."))
    return chosen


def items_of(session: Session, actor: Actor, version: AgendaVersion) -> list[AgendaVersionItem]:
    """A circulated version's items for whoever may read the meeting; a draft version's for the organizers."""
    _readable_meeting(session, actor, version.meeting_id)
    if version.status not in ISSUED and not sees_work_in_progress(actor):
        raise PermissionDenied("This version of the agenda has not been circulated.")
    return list(session.exec(select(AgendaVersionItem).where(AgendaVersionItem.agenda_version_id == version.id)
                             .order_by(col(AgendaVersionItem.day), col(AgendaVersionItem.start),
                                       col(AgendaVersionItem.position))))


def draft_version(session: Session, actor: Actor, meeting_id: int) -> AgendaVersion | None:
    require(actor, Capability.manage_meetings)
    return session.exec(select(AgendaVersion).where(AgendaVersion.meeting_id == meeting_id,
                                                    AgendaVersion.status == AgendaVersionStatus.draft)).first()


def prepare(session: Session, actor: Actor, meeting_id: int) -> AgendaVersion:
    """Freeze the timetable as it stands into the next version, in draft: the organizers check it (and compare it with
    the last circulated one) before it goes out."""
    require(actor, Capability.manage_meetings)
    meeting = get_meeting(session, actor, meeting_id)
    if draft_version(session, actor, meeting.id) is not None:
        raise PlannerError("A draft version is already waiting: circulate it or discard it first.")
    if any(v.status == AgendaVersionStatus.final for v in versions(session, actor, meeting.id)):
        raise PlannerError("The agenda is final: no further version can be made.")
    items = agenda_items(session, actor, meeting.id)
    if not items:
        raise PlannerError("There is no timetable yet: generate it on the Meeting builder page first.")
    problems = timetable_problems(session, actor, meeting.id)
    if problems:
        raise PlannerError("The timetable has problems to fix before it can be circulated: "
                           + "; ".join(str(p) for p in problems[:3]) + ("…" if len(problems) > 3 else "."))
    number = (session.exec(select(func.max(AgendaVersion.number)).where(
        AgendaVersion.meeting_id == meeting.id)).one() or 0) + 1
    version = AgendaVersion(meeting_id=meeting.id, number=number, time_zone=meeting.time_zone, prepared_by=actor.email)
    session.add(version)
    session.flush()
    session.add_all(AgendaVersionItem(agenda_version_id=version.id, **{name: getattr(item, name) for name in COPIED})
                    for item in items)
    session.flush()
    audit._record(session, actor, "agenda.prepare_version", "agenda_version", version.id, None,
                  {"number": number, "items": len(items)}, meeting.id)
    return version


def discard(session: Session, actor: Actor, meeting_id: int, expected_version: int | None = None) -> None:
    """Throw away the draft version (never circulated), so a fresh one can be taken from the timetable."""
    draft = draft_version(session, actor, meeting_id)
    if draft is None:
        raise NotFound("There is no draft version to discard.")
    if expected_version is not None and draft.version != expected_version:
        raise StaleEdit("The draft version changed after you opened it. Reload the page.")
    for item in items_of(session, actor, draft):
        session.delete(item)
    session.flush()
    audit._record(session, actor, "agenda.discard_version", "agenda_version", draft.id, {"number": draft.number}, None,
                  meeting_id)
    session.delete(draft)
    session.flush()


def circulate(session: Session, actor: Actor, meeting_id: int, *, issued_on: dt.date | None = None,
              expected_version: int | None = None) -> AgendaVersion:
    """Send the draft version (taken now from the timetable if there is none) to delegations, registered as the
    meeting's agenda: the first time under a new number, after that as its next revision."""
    require(actor, Capability.manage_meetings)
    meeting = get_meeting(session, actor, meeting_id)
    if meeting.status == MeetingStatus.draft:
        raise PlannerError("Announce the meeting (status 'Planned') before circulating its agenda to delegations.")
    draft = draft_version(session, actor, meeting.id)
    if draft is None:
        draft = prepare(session, actor, meeting.id)
    elif expected_version is not None and draft.version != expected_version:
        raise StaleEdit("The draft version changed after you opened it. Reload the page before circulating.")
    issued_before = bool(issued_versions(session, actor, meeting.id))
    document = register.issue_revisable(session, actor, meeting=meeting, kind=DocumentKind.agenda,
                                        title=f"{'Revised draft' if issued_before else 'Draft'} agenda of the "
                                              f"{meeting.title}", issued_on=issued_on)
    draft.move_to(AgendaVersionStatus.circulated)
    draft.document_id, draft.symbol, draft.issued_on = document.id, document.symbol, document.issued_on
    draft.circulated_at, draft.circulated_by = utc_now(), actor.email
    session.flush()
    audit._record(session, actor, "agenda.circulate", "agenda_version", draft.id, {"status": "draft"},
                  {"status": draft.status.value, "number": draft.number, "symbol": draft.symbol}, meeting.id)
    mail_events.agenda_circulated(session, meeting, symbol=draft.symbol, issued_on=draft.issued_on,
                                  name="Revised draft agenda" if issued_before else "Draft agenda")
    return draft


def make_final(session: Session, actor: Actor, meeting_id: int) -> AgendaVersion:
    """The latest circulated version becomes the agenda as adopted; no version follows it."""
    require(actor, Capability.manage_meetings)
    latest = get_version(session, actor, meeting_id)
    if draft_version(session, actor, meeting_id) is not None:
        raise PlannerError("A draft version is waiting: circulate or discard it before marking the agenda final.")
    latest.move_to(AgendaVersionStatus.final)
    session.flush()
    audit._record(session, actor, "agenda.make_final", "agenda_version", latest.id, {"status": "circulated"},
                  {"status": latest.status.value}, meeting_id)
    return latest


def record_opening(session: Session, actor: Actor, version: AgendaVersion) -> bool:
    """A delegate has opened this version; True the first time. Organizers' own readings are not counted."""
    _readable_meeting(session, actor, version.meeting_id)
    if actor.delegation_id is None or version.status not in ISSUED:
        return False
    seen = session.exec(select(AgendaOpening).where(AgendaOpening.agenda_version_id == version.id,
                                                    AgendaOpening.user_email == actor.email)).first()
    if seen is not None:
        return False
    opening = AgendaOpening(agenda_version_id=version.id, delegation_id=actor.delegation_id, user_email=actor.email)
    session.add(opening)
    session.flush()
    audit._record(session, actor, "agenda.open", "agenda_version", version.id, None,
                  {"number": version.number, "delegation_id": actor.delegation_id}, version.meeting_id)
    return True


def openings(session: Session, actor: Actor, meeting_id: int, number: int) -> list[tuple[Delegation, dt.datetime]]:
    """Which delegations opened version `number`, and when first, in alphabetical order."""
    if not sees_work_in_progress(actor):
        raise PermissionDenied("Only the organizers see which delegations have opened the agenda.")
    version = get_version(session, actor, meeting_id, number)
    rows = session.exec(select(Delegation, func.min(AgendaOpening.opened_at)).join(
        AgendaOpening, AgendaOpening.delegation_id == Delegation.id).where(
        AgendaOpening.agenda_version_id == version.id).group_by(Delegation.id).order_by(col(Delegation.sort_name)))
    return [(delegation, opened) for delegation, opened in rows]


def last_seen(session: Session, actor: Actor, meeting_id: int, before: AgendaVersion) -> tuple[AgendaVersion | None, dt.datetime | None]:
    """The newest version this user opened before `before`, and the latest moment they opened an earlier version:
    what a delegate has already seen, to show what changed since."""
    _readable_meeting(session, actor, meeting_id)
    opened = session.exec(select(AgendaVersion, AgendaOpening.opened_at).join(
        AgendaOpening, AgendaOpening.agenda_version_id == AgendaVersion.id).where(
        AgendaVersion.meeting_id == meeting_id, AgendaOpening.user_email == actor.email)
        .order_by(col(AgendaVersion.number).desc())).all()
    earlier = next((v for v, _ in opened if v.number < before.number), None)
    previous_visit = max((at for v, at in opened if v.number < before.number), default=None)
    return earlier, previous_visit
