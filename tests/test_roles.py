"""Every public service function against every role, from one table: the services enforce the roles themselves.

The test finds the public functions of every module in SERVICE_MODULES by inspection, so a new public function without
an entry in RULES fails `test_every_public_service_function_has_a_rule`. To add a rule:

- a function that reads or changes data for someone: add `"module.function": [Case(call, allowed)]`, where
  `call(session, actor, world)` makes one typical call about Austria's things in the world below (more cases for
  different situations, e.g. a draft and a planned meeting), and `allowed` names the roles that must succeed; every
  other role, and a call without a user, must be refused with PermissionDenied;
- a function that touches no data (no `session` parameter): add it to PURE;
- a function that by nature runs before anyone is signed in, or serves public reference data: add it to OPEN with the
  reason; it must not take an `actor`.

A new service module goes into SERVICE_MODULES."""
from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlmodel import Session, select

from planner import (
    agenda, audit, dashboard, db, invitations, meetings, participants, reference, sessions, spreadsheets, users,
)
from planner.access import SYSTEM, Actor
from planner.agenda_review import comparison as agenda_comparison
from planner.agenda_review import versions as agenda_versions
from planner.documents import agenda as agenda_document
from planner.documents import note_verbale, participants_list
from planner.errors import PermissionDenied, ValidationFailed
from planner.models import InvitationState, MeetingStatus, Participant, RegistrationStatus, Role, User
from planner.participants import Nomination

SERVICE_MODULES = [meetings, invitations, participants, agenda, users, audit, dashboard, reference, spreadsheets, sessions,
                   agenda_document, note_verbale, participants_list]

ORGANIZERS = frozenset({"organizer", "admin"})
MANAGERS = ORGANIZERS | {"secretariat"}
OWN_DELEGATION = MANAGERS | {"delegate of Austria"}
SIGNED_IN = OWN_DELEGATION | {"delegate of Türkiye"}
ADMIN = frozenset({"admin"})
ROLES = ["organizer", "secretariat", "admin", "delegate of Austria", "delegate of Türkiye", "no user"]


@dataclass
class World:
    """A planned meeting (Austria, Türkiye and Germany invited; Austria and Germany have nominated one participant
    each, Türkiye has not answered) and a meeting still in draft."""

    planned: int
    draft: int
    austria: int
    germany: int
    austria_invitation: int
    germany_invitation: int
    turkiye_invitation: int
    draft_invitation: int
    austrian: int
    german: int


@dataclass(frozen=True)
class Case:
    call: Callable[[Session, Actor | None, World], object]
    allowed: frozenset[str]


def nominee(delegation: str = "Austria", email: str = "new@bmi.example") -> Nomination:
    return Nomination(delegation=delegation, first_name="Eva", last_name="Berger", email=email)


def austrian_row(email: str = "row@bmi.example") -> bytes:
    return (",".join(participants.COLUMNS) + f"\nAustria,Ms.,Lea,Graf,Adviser,Police,{email},female,no\n").encode()


def imported(call: Callable[[], object]) -> object:
    """A file is checked row by row: a row for another delegation is refused as a problem of that row, named like
    the PermissionDenied a form gets; here it counts as that refusal."""
    try:
        result = call()
    except ValidationFailed as refusal:
        denied = [p for p in refusal.problems if "your own delegation" in p.reason]
        if denied:
            raise PermissionDenied(denied[0].reason) from refusal
        raise
    denied = [p for p in getattr(result, "problems", []) if "your own delegation" in p.reason]
    if denied:
        raise PermissionDenied(denied[0].reason)
    return result


def planned_meeting(session: Session, w: World):
    return session.get(meetings.Meeting, w.planned)


def two_agenda_versions_compared(session: Session, w: World):
    """The planned meeting's timetable circulated twice, the second time retimed, and the two versions compared."""
    agenda.generate_timetable(session, SYSTEM, w.planned, "brussels-2006")
    agenda_versions.circulate(session, SYSTEM, w.planned)
    rows = [agenda.TimetableRow.of(item) for item in agenda.agenda_items(session, SYSTEM, w.planned)]
    rows[-1].title = "Closing of the meeting"
    agenda.save_timetable(session, SYSTEM, w.planned, rows)
    agenda_versions.circulate(session, SYSTEM, w.planned)
    return agenda_comparison.compare_versions(session, SYSTEM, w.planned, 1, 2)


PURE = {
    "meetings.known_time_zones", "meetings.time_zones", "meetings.today_at",
    "invitations.eligible", "invitations.visible_to",
    "participants.check_nomination", "participants.nomination_of", "participants.parse_yes_no",
    "participants.participant_values", "participants.registration_open",
    "agenda.check_timetable", "agenda.meeting_formats", "agenda.people", "agenda.session_outlines",
    "users.actor_for", "audit.changed_only", "audit.snapshot", "audit.snapshot_of",
    "reference.kind_rank", "reference.name_index", "reference.normalize_name", "reference.delegation_order",
    "reference.sort_key",
    "spreadsheets.neutralise", "spreadsheets.read_table",
    "documents.note_verbale.author", "documents.note_verbale.note_verbale", "documents.note_verbale.wording",
    "documents.participants_list.person", "documents.participants_list.role", "documents.participants_list.list_order",
    "documents.participants_list.standing", "documents.agenda.agenda_file_name",
}
OPEN = {
    "users.authenticate": "checks a password: nobody is signed in yet",
    "sessions.sign_in": "signs in: nobody is signed in yet",
    "sessions.actor_for_token": "finds who a browser's token signs in",
    "sessions.sign_out": "ends the session its token names",
    "reference.delegations": "the OSCE's participating States, Partners and organizations are public",
    "meetings.chairmanship_holder": "which State holds the OSCE Chairmanship in a year is public",
    "reference.find_delegation": "the OSCE's participating States, Partners and organizations are public",
    "reference.priorities": "the Strategic Framework's priorities are public",
    "reference.normative_documents": "the normative basis is public",
}
RULES: dict[str, list[Case]] = {
    "meetings.sees_drafts": [Case(lambda s, a, w: meetings.sees_drafts(a), SIGNED_IN)],
    "meetings.list_meetings": [Case(lambda s, a, w: meetings.list_meetings(s, a), SIGNED_IN)],
    "meetings.get_meeting": [Case(lambda s, a, w: meetings.get_meeting(s, a, w.planned), SIGNED_IN),
                             Case(lambda s, a, w: meetings.get_meeting(s, a, w.draft), MANAGERS)],
    "meetings.details_of": [Case(lambda s, a, w: meetings.details_of(s, a, w.planned), SIGNED_IN),
                            Case(lambda s, a, w: meetings.details_of(s, a, w.draft), MANAGERS)],
    "meetings.chosen_priorities": [Case(lambda s, a, w: meetings.chosen_priorities(s, a, w.planned), SIGNED_IN),
                                   Case(lambda s, a, w: meetings.chosen_priorities(s, a, w.draft), MANAGERS)],
    "meetings.create_meeting": [Case(lambda s, a, w: meetings.create_meeting(
        s, a, meetings.details_of(s, SYSTEM, w.planned)), ORGANIZERS)],
    "meetings.update_meeting": [Case(lambda s, a, w: meetings.update_meeting(
        s, a, w.planned, meetings.details_of(s, SYSTEM, w.planned), None), ORGANIZERS)],
    "meetings.change_status": [Case(lambda s, a, w: meetings.change_status(s, a, w.draft, MeetingStatus.planned),
                                    ORGANIZERS)],
    "meetings.set_priorities": [Case(lambda s, a, w: meetings.set_priorities(s, a, w.draft, ["terrorism"]), ORGANIZERS)],

    "invitations.list_invitations": [Case(lambda s, a, w: invitations.list_invitations(s, a, w.planned), SIGNED_IN),
                                     Case(lambda s, a, w: invitations.list_invitations(s, a, w.draft), MANAGERS)],
    "invitations.invite": [Case(lambda s, a, w: invitations.invite(
        s, a, w.planned, [reference.find_delegation(s, "Belgium").id]), MANAGERS)],
    "invitations.invite_group": [Case(lambda s, a, w: invitations.invite_group(
        s, a, w.planned, "Asian Partners for Co-operation"), MANAGERS)],
    "invitations.get_invitation": [Case(lambda s, a, w: invitations.get_invitation(s, a, w.austria_invitation),
                                        OWN_DELEGATION),
                                   Case(lambda s, a, w: invitations.get_invitation(s, a, w.draft_invitation), MANAGERS)],
    "invitations.invitation_for": [Case(lambda s, a, w: invitations.invitation_for(s, a, w.planned, w.austria),
                                        OWN_DELEGATION),
                                   Case(lambda s, a, w: invitations.invitation_for(s, a, w.draft, w.austria), MANAGERS)],
    "invitations.send": [Case(lambda s, a, w: invitations.send(s, a, w.draft_invitation), MANAGERS)],
    "invitations.acknowledge": [Case(lambda s, a, w: invitations.acknowledge(s, a, w.turkiye_invitation), MANAGERS)],
    "invitations.record_nomination": [Case(lambda s, a, w: invitations.record_nomination(s, a, w.turkiye_invitation),
                                           MANAGERS)],
    "invitations.confirm": [Case(lambda s, a, w: invitations.confirm(s, a, w.germany_invitation), MANAGERS)],
    "invitations.decline": [Case(lambda s, a, w: invitations.decline(s, a, w.austria_invitation), MANAGERS)],
    "invitations.mark_no_reply": [Case(lambda s, a, w: invitations.mark_no_reply(s, a, w.turkiye_invitation), MANAGERS)],
    "invitations.apply_to_many": [Case(lambda s, a, w: invitations.apply_to_many(
        s, a, [w.turkiye_invitation], InvitationState.acknowledged), MANAGERS),
                                  Case(lambda s, a, w: invitations.apply_to_many(s, a, [], InvitationState.declined),
                                       MANAGERS)],
    "invitations.note_nomination": [Case(lambda s, a, w: invitations.note_nomination(s, a, w.planned, w.austria),
                                         OWN_DELEGATION),
                                    Case(lambda s, a, w: invitations.note_nomination(s, a, w.draft, w.austria),
                                         MANAGERS)],
    "invitations.note_nominations": [
        Case(lambda s, a, w: invitations.note_nominations(s, a, w.planned, {w.austria}), OWN_DELEGATION),
        Case(lambda s, a, w: invitations.note_nominations(s, a, w.planned, {w.austria, w.germany}), MANAGERS),
        Case(lambda s, a, w: invitations.note_nominations(s, a, w.draft, {w.austria}), MANAGERS)],
    "invitations.reminders_due": [Case(lambda s, a, w: invitations.reminders_due(s, a, w.planned, 60), MANAGERS)],
    "invitations.record_reminders": [Case(lambda s, a, w: invitations.record_reminders(s, a, [w.turkiye_invitation]),
                                          MANAGERS)],

    "participants.email_taken": [Case(lambda s, a, w: participants.email_taken(a, "x@bmi.example"), SIGNED_IN)],
    "participants.require_may_manage": [Case(lambda s, a, w: participants.require_may_manage(
        a, planned_meeting(s, w), w.austria), OWN_DELEGATION)],
    "participants.invited_delegations": [
        Case(lambda s, a, w: participants.invited_delegations(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: participants.invited_delegations(s, a, w.draft), MANAGERS)],
    "participants.list_participants": [Case(lambda s, a, w: participants.list_participants(s, a, w.planned), SIGNED_IN),
                                       Case(lambda s, a, w: participants.list_participants(s, a, w.draft), MANAGERS)],
    "participants.emails_in_use": [Case(lambda s, a, w: participants.emails_in_use(s, a, w.planned), SIGNED_IN),
                                   Case(lambda s, a, w: participants.emails_in_use(s, a, w.draft), MANAGERS)],
    "participants.add_participant": [Case(lambda s, a, w: participants.add_participant(s, a, w.planned, nominee()),
                                          OWN_DELEGATION),
                                     Case(lambda s, a, w: participants.add_participant(s, a, w.draft, nominee()),
                                          MANAGERS)],
    "participants.get_participant": [Case(lambda s, a, w: participants.get_participant(s, a, w.austrian),
                                          OWN_DELEGATION),
                                     Case(lambda s, a, w: participants.get_participant(s, a, w.german), MANAGERS)],
    "participants.update_participant": [Case(lambda s, a, w: participants.update_participant(
        s, a, w.austrian, nominee(email="changed@bmi.example"), None), OWN_DELEGATION)],
    "participants.set_registration": [Case(lambda s, a, w: participants.set_registration(
        s, a, w.austrian, RegistrationStatus.registered, True, None), MANAGERS)],
    "participants.remove_participant": [Case(lambda s, a, w: participants.remove_participant(s, a, w.austrian, None),
                                             OWN_DELEGATION)],

    "agenda.agenda_items": [Case(lambda s, a, w: agenda.agenda_items(s, a, w.planned), SIGNED_IN),
                            Case(lambda s, a, w: agenda.agenda_items(s, a, w.draft), MANAGERS)],
    "agenda.timetable_problems": [Case(lambda s, a, w: agenda.timetable_problems(s, a, w.planned), SIGNED_IN),
                                  Case(lambda s, a, w: agenda.timetable_problems(s, a, w.draft), MANAGERS)],
    "agenda.timetable_versions": [Case(lambda s, a, w: agenda.timetable_versions(s, a, w.planned), SIGNED_IN),
                                  Case(lambda s, a, w: agenda.timetable_versions(s, a, w.draft), MANAGERS)],
    "agenda.generate_timetable": [Case(lambda s, a, w: agenda.generate_timetable(s, a, w.planned, "brussels-2006"),
                                       ORGANIZERS)],
    "agenda.save_timetable": [Case(lambda s, a, w: agenda.save_timetable(s, a, w.planned, []), ORGANIZERS)],

    "users.add_user": [Case(lambda s, a, w: users.add_user(s, a, "new@test.osce", Role.secretariat, "secret"), ADMIN)],
    "audit.record": [Case(lambda s, a, w: audit.record(s, a, "test.note", "meeting", w.planned), SIGNED_IN)],
    "audit.record_many": [Case(lambda s, a, w: audit.record_many(
        s, a, "test.note", "meeting", [(w.planned, None, {"title": "Planned meeting"})], w.planned), SIGNED_IN)],
    "audit.entries": [Case(lambda s, a, w: audit.entries(s, a), MANAGERS)],
    "dashboard.reply_summary": [Case(lambda s, a, w: dashboard.reply_summary(s, a, w.planned), MANAGERS)],
    "reference.load_reference_data": [Case(lambda s, a, w: reference.load_reference_data(s, a), ADMIN)],

    "spreadsheets.preview_import": [Case(lambda s, a, w: imported(lambda: spreadsheets.preview_import(
        s, a, w.planned, austrian_row(), "p.csv")), OWN_DELEGATION)],
    "spreadsheets.import_participants": [Case(lambda s, a, w: imported(lambda: spreadsheets.import_participants(
        s, a, w.planned, austrian_row(), "p.csv")), OWN_DELEGATION),
                                         Case(lambda s, a, w: imported(lambda: spreadsheets.import_participants(
        s, a, w.draft, austrian_row(), "p.csv")), MANAGERS)],
    "spreadsheets.export_rows": [Case(lambda s, a, w: spreadsheets.export_rows(s, a, w.planned), SIGNED_IN)],
    "spreadsheets.export_participants": [Case(lambda s, a, w: spreadsheets.export_participants(
        s, a, w.planned, "p.xlsx"), SIGNED_IN),
                                         Case(lambda s, a, w: spreadsheets.export_participants(
        s, a, w.draft, "p.csv"), MANAGERS)],

    "documents.agenda.agenda_document": [
        Case(lambda s, a, w: agenda_document.agenda_document(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: agenda_document.agenda_document(s, a, w.draft), MANAGERS)],
    "documents.agenda.comparison_document": [
        Case(lambda s, a, w: agenda_document.comparison_document(s, a, two_agenda_versions_compared(s, w)), SIGNED_IN)],
    "documents.participants_list.issue_participants_list": [
        Case(lambda s, a, w: participants_list.issue_participants_list(s, a, w.planned), MANAGERS)],
    "documents.participants_list.participants_list_file_name": [
        Case(lambda s, a, w: participants_list.participants_list_file_name(s, a, w.planned), SIGNED_IN),
        Case(lambda s, a, w: participants_list.participants_list_file_name(s, a, w.draft), MANAGERS)],
    "documents.note_verbale.notes_verbales_zip": [Case(lambda s, a, w: note_verbale.notes_verbales_zip(s, a, w.planned), MANAGERS)],
    "documents.participants_list.participants_list_document": [
        Case(lambda s, a, w: participants_list.participants_list_document(s, a, w.planned), MANAGERS)],
}


def short_name(module) -> str:
    return module.__name__.removeprefix("planner.")


def public_functions() -> dict[str, Callable]:
    """Every function a service module defines for others to call (cached functions included)."""
    found = {}
    for module in SERVICE_MODULES:
        for name, member in vars(module).items():
            if (not name.startswith("_") and callable(member) and not inspect.isclass(member)
                    and getattr(member, "__module__", None) == module.__name__):
                found[f"{short_name(module)}.{name}"] = member
    return found


def test_every_public_service_function_has_a_rule():
    functions = public_functions()
    without_rule = sorted(set(functions) - set(RULES) - PURE - set(OPEN))
    assert not without_rule, f"Add a rule to tests/test_roles.py for: {', '.join(without_rule)}"
    assert not sorted((set(RULES) | PURE | set(OPEN)) - set(functions)), "rules for functions that no longer exist"
    for name in PURE:
        assert "session" not in inspect.signature(functions[name]).parameters, f"{name} reads data: give it a rule"
    for name in OPEN:
        assert "actor" not in inspect.signature(functions[name]).parameters, f"{name} acts for a user: give it a rule"


@pytest.fixture
def world(database_url, demo_users, organizer) -> World:
    today = dt.date.today()
    with db.transaction() as session:
        def meeting(title: str) -> int:
            return meetings.create_meeting(session, organizer, meetings.MeetingDetails(
                title=title, chairmanship="Austria", chairmanship_year=today.year + 1, city="Vienna",
                start_date=today + dt.timedelta(days=60), end_date=today + dt.timedelta(days=60),
                registration_deadline=today + dt.timedelta(days=30))).id

        planned, draft = meeting("Planned meeting"), meeting("Draft meeting")
        meetings.change_status(session, organizer, planned, MeetingStatus.planned)
        austria, turkiye, germany = (reference.find_delegation(session, n).id for n in ("Austria", "Türkiye", "Germany"))
        made = {i.delegation_id: i.id for i in invitations.invite(session, organizer, planned, [austria, turkiye, germany])}
        for invitation_id in made.values():
            invitations.send(session, organizer, invitation_id)
        draft_invitation = invitations.invite(session, organizer, draft, [austria])[0].id
        austrian = participants.add_participant(session, organizer, planned, nominee(email="anna@bmi.example")).id
        german = participants.add_participant(session, organizer, planned, nominee("Germany", "jonas@bka.example")).id
        return World(planned, draft, austria, germany, made[austria], made[germany], made[turkiye], draft_invitation,
                     austrian, german)


def actor_of(role: str) -> Actor | None:
    emails = {"organizer": "organizer@demo.osce", "secretariat": "secretariat@demo.osce", "admin": "admin@demo.osce",
              "delegate of Austria": "delegate.austria@demo.osce", "delegate of Türkiye": "delegate.turkiye@demo.osce"}
    if role == "no user":
        return None
    with db.transaction() as session:
        return users.actor_for(session.exec(select(User).where(User.email == emails[role])).one())


@pytest.mark.parametrize("role", ROLES)
def test_every_service_function_allows_exactly_the_roles_in_its_rule(world, role):
    actor = actor_of(role)
    wrong = []
    for name, cases in RULES.items():
        for number, case in enumerate(cases, start=1):
            with Session(db.engine(), expire_on_commit=False) as session:
                try:
                    case.call(session, actor, world)
                    outcome = "allowed"
                except PermissionDenied:
                    outcome = "refused"
                except Exception as error:  # noqa: BLE001 - any other failure is reported with the others
                    outcome = f"{type(error).__name__}: {error}"
                finally:
                    session.rollback()
            expected = "allowed" if role in case.allowed else "refused"
            if outcome != expected:
                wrong.append(f"{name} (case {number}): expected {expected}, got {outcome}")
    assert not wrong, f"As {role}:\n" + "\n".join(wrong)


def test_the_reported_holes_are_closed(world):
    """The calls a delegate of Austria could make directly before the services checked roles themselves."""
    austria, turkiye = actor_of("delegate of Austria"), actor_of("delegate of Türkiye")
    with db.transaction() as session:
        turkiye_id = reference.find_delegation(session, "Türkiye").id
        for refused in (
            lambda: meetings.get_meeting(session, austria, world.draft),
            lambda: agenda.agenda_items(session, austria, world.draft),
            lambda: participants.list_participants(session, austria, world.draft),
            lambda: invitations.list_invitations(session, austria, world.draft),
            lambda: participants.add_participant(session, austria, world.draft, nominee()),
            lambda: invitations.invitation_for(session, austria, world.planned, world.germany),
            lambda: invitations.note_nomination(session, austria, world.planned, turkiye_id),
            lambda: participants.get_participant(session, austria, world.german),
            lambda: meetings.list_meetings(session, None),
            lambda: participants.list_participants(session, None, world.planned),
        ):
            with pytest.raises(PermissionDenied):
                refused()
        seen = participants.invited_delegations(session, austria, world.planned)
        assert set(seen) == {world.austria}, "a delegate learns only their own delegation's invitation state"
        assert participants.emails_in_use(session, austria, world.planned) == {"anna@bmi.example"}
    with db.transaction() as session:
        participants.add_participant(session, austria, world.planned, nominee(email="jonas@bka.example"))
    with db.transaction() as session:
        addresses = session.exec(select(Participant.email).where(Participant.meeting_id == world.planned)).all()
        assert sorted(addresses).count("jonas@bka.example") == 2, "Germany's address tells Austria nothing"
        assert invitations.invitation_for(session, turkiye, world.planned, turkiye_id).state == InvitationState.sent
