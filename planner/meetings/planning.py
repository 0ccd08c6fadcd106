"""Meetings: details, status, chosen priorities."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, col, select

from planner import audit, languages
from planner.access import Actor, Capability, require, signed_in
from planner.dates import long_date
from planner.db import ensure_current
from planner.delegations.models import Delegation, DelegationKind, Invitation, InvitationState, Priority
from planner.errors import NotFound, PermissionDenied, PlannerError, Problem, ValidationFailed
from planner.meetings.models import Meeting, MeetingPriority, MeetingStatus
from planner.model_base import column_length
from planner.text import one_line_problem

OFFICIAL_LANGUAGES = languages.names()
MAX_MEETING_DAYS = 14


@dataclass
class MeetingDetails:
    """What an organizer types in the meeting form."""

    title: str
    chairmanship: str
    chairmanship_year: int
    city: str
    start_date: dt.date
    end_date: dt.date
    venue: str = ""
    time_zone: str = "Europe/Vienna"
    languages: list[str] = field(default_factory=lambda: ["English"])
    original_language: str = "English"
    registration_deadline: dt.date | None = None
    symbol_prefix: str = "CIO.GAL"


def chairmanship_holder(session: Session, year: int, exclude_meeting: int | None = None) -> Delegation | None:
    """The State that already holds the Chairmanship in `year` according to another meeting, if any."""
    query = select(Delegation).join(Meeting, Meeting.chairmanship_id == Delegation.id).where(Meeting.chairmanship_year == year)
    if exclude_meeting is not None:
        query = query.where(Meeting.id != exclude_meeting)
    return session.exec(query).first()


def _validated(session: Session, details: MeetingDetails, exclude_meeting: int | None = None) -> dict:
    problems: list[Problem] = []

    def refuse(column: str, reason: str) -> None:
        problems.append(Problem(None, column, reason))

    for column in ("title", "city", "venue", "symbol_prefix"):
        problem = one_line_problem(getattr(details, column), max_length=column_length(Meeting, column))
        if problem:
            refuse(column.replace("_", " "), problem)
    if problems:
        raise ValidationFailed(problems, "The meeting was not saved:")
    title, city = details.title.strip(), details.city.strip()
    if not title:
        refuse("title", "a meeting needs a title")
    if not city:
        refuse("city", "say where the meeting takes place")
    chair = session.exec(select(Delegation).where(Delegation.name == details.chairmanship)).first()
    if not details.chairmanship:
        refuse("chairmanship", "choose the participating State that holds the Chairmanship")
    elif chair is None or chair.kind != DelegationKind.participating_state:
        refuse("chairmanship", f"'{details.chairmanship}' is not a participating State")
    elif (holder := chairmanship_holder(session, details.chairmanship_year, exclude_meeting)) and holder.id != chair.id:
        refuse("chairmanship", f"{holder.name} holds the OSCE Chairmanship in {details.chairmanship_year}: "
                               "the OSCE has one Chairmanship a year")
    if details.end_date < details.start_date:
        refuse("end date", "the meeting ends before it starts")
    elif (details.end_date - details.start_date).days >= MAX_MEETING_DAYS:
        refuse("end date", f"a meeting lasts at most {MAX_MEETING_DAYS} days")
    if details.registration_deadline and details.registration_deadline > details.start_date:
        refuse("registration deadline", "the registration deadline falls after the meeting starts")
    if not 1975 <= details.chairmanship_year <= 2100:
        refuse("chairmanship year", "give the year of the Chairmanship, e.g. 2027")
    if details.time_zone not in known_time_zones():
        refuse("time zone", f"'{details.time_zone}' is not a time zone (e.g. Europe/Vienna)")
    unknown = [lang for lang in details.languages if lang not in OFFICIAL_LANGUAGES]
    if unknown or not details.languages:
        refuse("languages", f"choose among the OSCE official languages: {', '.join(OFFICIAL_LANGUAGES)}")
    elif details.original_language not in details.languages:
        refuse("original language", f"the documents' original language, {details.original_language}, is not one of "
                                    "the working languages")
    if not details.symbol_prefix.strip():
        refuse("symbol prefix", "give the document symbol prefix, e.g. CIO.GAL")
    if problems:
        raise ValidationFailed(problems, "The meeting was not saved:")
    values = asdict(details)
    values.update(
        title=title,
        city=city,
        venue=details.venue.strip(),
        chairmanship_id=chair.id,
        languages=", ".join(details.languages),
        original_language=languages.by_name(details.original_language).code
        if details.original_language in OFFICIAL_LANGUAGES else languages.ENGLISH,
        symbol_prefix=details.symbol_prefix.strip(),
    )
    del values["chairmanship"]
    return values


@cache
def known_time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def time_zones() -> list[str]:
    return sorted(known_time_zones())


def sees_drafts(actor: Actor | None) -> bool:
    """A meeting still in draft is the Chairmanship's own business until it is planned."""
    return signed_in(actor).can(Capability.manage_meetings) or actor.can(Capability.manage_invitations)


def list_meetings(session: Session, actor: Actor | None) -> list[Meeting]:
    """Newest first; drafts only for those who see them."""
    query = select(Meeting).order_by(col(Meeting.start_date).desc(), col(Meeting.id).desc())
    if not sees_drafts(actor):
        query = query.where(Meeting.status != MeetingStatus.draft)
    return list(session.exec(query))


def get_meeting(session: Session, actor: Actor | None, meeting_id: int) -> Meeting:
    """The meeting, if this user may read it."""
    signed_in(actor)
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"There is no meeting {meeting_id}. `python -m planner meetings` lists them.")
    if meeting.status == MeetingStatus.draft and not sees_drafts(actor):
        raise PermissionDenied("This meeting is still being drafted by the Chairmanship; it opens once it is planned.")
    return meeting


def details_of(session: Session, actor: Actor | None, meeting_id: int) -> MeetingDetails:
    meeting = get_meeting(session, actor, meeting_id)
    chair = session.get(Delegation, meeting.chairmanship_id)
    return MeetingDetails(
        title=meeting.title,
        chairmanship=chair.name,
        chairmanship_year=meeting.chairmanship_year,
        city=meeting.city,
        start_date=meeting.start_date,
        end_date=meeting.end_date,
        venue=meeting.venue,
        time_zone=meeting.time_zone,
        languages=meeting.language_names,
        original_language=languages.by_code(meeting.original_language).name,
        registration_deadline=meeting.registration_deadline,
        symbol_prefix=meeting.symbol_prefix,
    )


def create_meeting(session: Session, actor: Actor, details: MeetingDetails) -> Meeting:
    require(actor, Capability.manage_meetings)
    meeting = Meeting(**_validated(session, details))
    session.add(meeting)
    session.flush()
    audit._record(session, actor, "meeting.create", "meeting", meeting.id, after=audit.snapshot(meeting), meeting_id=meeting.id)
    return meeting


def update_meeting(
    session: Session, actor: Actor, meeting_id: int, details: MeetingDetails, expected_version: int | None
) -> Meeting:
    require(actor, Capability.manage_meetings)
    meeting = get_meeting(session, actor, meeting_id)
    ensure_current(meeting, expected_version, "This meeting")
    before = audit.snapshot(meeting)
    for key, value in _validated(session, details, meeting.id).items():
        setattr(meeting, key, value)
    session.flush()
    audit._record(session, actor, "meeting.update", "meeting", meeting.id, before, audit.snapshot(meeting), meeting.id)
    return meeting


def change_status(
    session: Session, actor: Actor, meeting_id: int, new_status: MeetingStatus, expected_version: int | None = None
) -> Meeting:
    """The one way a meeting's status changes (inviting a draft meeting's first delegations comes here too)."""
    require(actor, Capability.manage_meetings)
    meeting = get_meeting(session, actor, meeting_id)
    ensure_current(meeting, expected_version, "This meeting")
    before = audit.snapshot(meeting)
    meeting.move_to(MeetingStatus(new_status))
    if meeting.status == MeetingStatus.held and today_at(meeting) < meeting.start_date:
        raise PlannerError(f"The meeting starts on {long_date(meeting.start_date)}: "
                           "it can be marked as held from that day.")
    if meeting.status == MeetingStatus.draft and session.exec(select(Invitation.id).where(
            Invitation.meeting_id == meeting.id,
            col(Invitation.state).not_in((InvitationState.draft, InvitationState.host)))).first():
        raise PlannerError("Notes verbales have gone out for this meeting: it cannot go back to draft, which would "
                           "hide it from the delegations invited.")
    session.flush()
    audit._record(session, actor, "meeting.status", "meeting", meeting.id, before, audit.snapshot(meeting), meeting.id)
    return meeting


def chosen_priorities(session: Session, actor: Actor | None, meeting_id: int) -> list[Priority]:
    get_meeting(session, actor, meeting_id)
    query = (
        select(Priority)
        .join(MeetingPriority, MeetingPriority.priority_id == Priority.id)
        .where(MeetingPriority.meeting_id == meeting_id)
        .order_by(MeetingPriority.position)
    )
    return list(session.exec(query))


def set_priorities(session: Session, actor: Actor, meeting_id: int, codes: list[str],
                   expected_version: int | None = None) -> list[Priority]:
    """Replace the meeting's priorities with `codes`, in that order; a change of priorities is a change of the meeting."""
    require(actor, Capability.manage_meetings)
    meeting = get_meeting(session, actor, meeting_id)
    ensure_current(meeting, expected_version, "This meeting")
    flag_modified(meeting, "title")
    by_code = {p.code: p for p in session.exec(select(Priority))}
    unknown = [code for code in codes if code not in by_code]
    if unknown:
        raise PlannerError(f"Unknown priority: {', '.join(unknown)}.")
    if len(set(codes)) != len(codes):
        raise PlannerError("A priority can be chosen only once.")
    before = [p.code for p in chosen_priorities(session, actor, meeting.id)]
    for link in session.exec(select(MeetingPriority).where(MeetingPriority.meeting_id == meeting.id)):
        session.delete(link)
    session.flush()
    for position, code in enumerate(codes, start=1):
        session.add(MeetingPriority(meeting_id=meeting.id, priority_id=by_code[code].id, position=position))
    session.flush()
    audit._record(session, actor, "meeting.priorities", "meeting", meeting.id, {"priorities": before}, {"priorities": codes}, meeting.id)
    return [by_code[code] for code in codes]


def today_at(meeting: Meeting) -> dt.date:
    """Today in the meeting's time zone: deadlines end at midnight there."""
    return dt.datetime.now(ZoneInfo(meeting.time_zone)).date()

