import datetime as dt

import pytest
from sqlmodel import select

from planner import db
from planner.delegations import invitations, participants, reference
from planner.delegations.participants import Nomination
from planner.documents import participants_list
from planner.errors import PermissionDenied, StaleEdit, ValidationFailed
from planner.models import InvitationState, Participant
from tests.conftest import delegate_of, invite_and_send


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting()
    with db.transaction() as session:
        invite_and_send(session, organizer, meeting_id, "All participating States")
    return meeting_id


@pytest.fixture
def before_deadline(monkeypatch):
    monkeypatch.setattr(participants, "today_at", lambda meeting: dt.date(2027, 4, 1))


def nominee(delegation="Austria", email="anna.huber@polizei.example", **extra):
    return Nomination(delegation=delegation, first_name="Anna", last_name="Huber", email=email, **extra)


def add(meeting_id, actor, nomination):
    with db.transaction() as session:
        return participants.add_participant(session, actor, meeting_id, nomination)


def count(meeting_id):
    with db.transaction() as session:
        return len(session.exec(select(Participant).where(Participant.meeting_id == meeting_id)).all())


def test_nominating_moves_the_invitation_to_nominated(meeting_id, organizer):
    added = add(meeting_id, organizer, nominee(head_of_delegation="yes", gender="Female"))
    assert added.head_of_delegation and added.gender.value == "female" and added.email == "anna.huber@polizei.example"
    with db.transaction() as session:
        austria = next(r for r in invitations.list_invitations(session, organizer, meeting_id) if r.delegation.name == "Austria")
    assert austria.invitation.state == InvitationState.nominated and austria.participants == 1


def test_one_head_of_delegation_per_delegation(meeting_id, organizer):
    add(meeting_id, organizer, nominee(head_of_delegation=True))
    with pytest.raises(ValidationFailed, match="Anna Huber already heads this delegation"):
        add(meeting_id, organizer, nominee(email="second@polizei.example", head_of_delegation=True))
    add(meeting_id, organizer, nominee(delegation="Belgium", email="b@police.example", head_of_delegation=True))
    assert count(meeting_id) == 2


def test_email_is_unique_per_meeting(meeting_id, organizer):
    add(meeting_id, organizer, nominee())
    with pytest.raises(ValidationFailed, match="already registered"):
        add(meeting_id, organizer, nominee(delegation="Belgium", email="ANNA.HUBER@polizei.example"))
    assert count(meeting_id) == 1


def test_uninvited_or_declined_delegations_cannot_nominate(meeting_id, organizer):
    with pytest.raises(ValidationFailed, match="Japan is not invited"):
        add(meeting_id, organizer, nominee(delegation="Japan"))
    with db.transaction() as session:
        belgium = next(r for r in invitations.list_invitations(session, organizer, meeting_id) if r.delegation.name == "Belgium")
        invitations.decline(session, organizer, belgium.invitation.id)
    with pytest.raises(ValidationFailed, match="Belgium declined"):
        add(meeting_id, organizer, nominee(delegation="Belgium"))


def test_nominations_wait_for_the_note_verbale(meeting_id, organizer):
    with db.transaction() as session:
        japan = invitations.invite(session, organizer, meeting_id, [reference.find_delegation(session, "Japan").id])[0]
    for actor in (organizer, delegate_of("Japan")):
        with pytest.raises(ValidationFailed, match="Japan's invitation has not been sent yet"):
            add(meeting_id, actor, nominee(delegation="Japan"))
    assert count(meeting_id) == 0
    with db.transaction() as session:
        invitations.send(session, organizer, japan.id)
    add(meeting_id, organizer, nominee(delegation="Japan"))
    with db.transaction() as session:
        assert invitations.get_invitation(session, organizer, japan.id).state == InvitationState.nominated


def test_delegate_manages_only_their_own_delegation(meeting_id, austria_delegate, before_deadline):
    add(meeting_id, austria_delegate, nominee())
    with pytest.raises(PermissionDenied, match="your own delegation"):
        add(meeting_id, austria_delegate, nominee(delegation="Belgium", email="x@police.example"))
    assert count(meeting_id) == 1


def test_delegate_cannot_change_nominations_after_the_deadline(meeting_id, organizer, austria_delegate, monkeypatch):
    monkeypatch.setattr(participants, "today_at", lambda meeting: dt.date(2027, 4, 21))
    with pytest.raises(PermissionDenied, match="Registration closed on 20 April 2027"):
        add(meeting_id, austria_delegate, nominee())
    added = add(meeting_id, organizer, nominee())
    with pytest.raises(PermissionDenied, match="Registration closed"):
        with db.transaction() as session:
            participants.remove_participant(session, austria_delegate, added.id, added.version)
    assert count(meeting_id) == 1


def test_a_delegate_reads_other_delegations_nominees_only_on_the_issued_list_and_never_their_contact_data(
        meeting_id, organizer, austria_delegate):
    add(meeting_id, organizer, nominee())
    add(meeting_id, organizer, nominee(delegation="Belgium", email="jan@police.example", function="Chief of Police"))

    def seen_by(actor) -> dict[str, tuple[str, str, str]]:
        with db.transaction() as session:
            return {v.delegation: (v.last_name, v.function, v.email)
                    for v in participants.list_participants(session, actor, meeting_id)}

    assert seen_by(austria_delegate) == {"Austria": ("Huber", "", "anna.huber@polizei.example")}
    with db.transaction() as session:
        participants_list.issue_participants_list(session, organizer, meeting_id)
    assert seen_by(austria_delegate) == {"Austria": ("Huber", "", "anna.huber@polizei.example"),
                                         "Belgium": ("Huber", "Chief of Police", "")}
    assert seen_by(organizer)["Belgium"][2] == "jan@police.example"


def test_updates_are_checked_and_stale_ones_refused(meeting_id, organizer, austria_delegate, before_deadline):
    added = add(meeting_id, organizer, nominee())
    with db.transaction() as session:
        updated = participants.update_participant(session, austria_delegate, added.id,
                                                  nominee(function="Chief of Police"), added.version)
    assert updated.function == "Chief of Police"
    with pytest.raises(StaleEdit):
        with db.transaction() as session:
            participants.update_participant(session, organizer, added.id, nominee(function="Other"), added.version)
    with pytest.raises(ValidationFailed, match="not a valid email"):
        with db.transaction() as session:
            participants.update_participant(session, organizer, added.id, nominee(email="nope"), updated.version)


def test_registration_and_security_access_are_for_the_chairmanship(meeting_id, organizer, austria_delegate):
    added = add(meeting_id, organizer, nominee())
    with pytest.raises(PermissionDenied):
        with db.transaction() as session:
            participants.set_registration(session, austria_delegate, added.id, "registered", True, added.version)
    with db.transaction() as session:
        done = participants.set_registration(session, organizer, added.id, "registered", True, added.version)
    assert done.security_access and done.registration_status.value == "registered"


@pytest.mark.parametrize("field, value, reason", [
    ("first_name", "", "required"),
    ("email", "anna@@example", "not a valid email"),
    ("gender", "x", "not one of female, male, other"),
    ("head_of_delegation", "maybe", "not yes/no"),
    ("function", "F" * 201, "at most 200"),
    ("last_name", "Hu\x07ber", "control characters"),
])
def test_each_field_is_checked(meeting_id, organizer, field, value, reason):
    nomination = nominee()
    setattr(nomination, field, value)
    with pytest.raises(ValidationFailed) as refused:
        add(meeting_id, organizer, nomination)
    assert refused.value.problems[0].column == field and reason in refused.value.problems[0].reason
    assert count(meeting_id) == 0


def test_a_delegate_who_replaces_a_person_loses_the_old_persons_clearance(meeting_id, organizer, austria_delegate,
                                                                          before_deadline):
    added = add(meeting_id, organizer, nominee())
    with db.transaction() as session:
        cleared = participants.set_registration(session, organizer, added.id, "registered", True, added.version)
        changed = participants.update_participant(session, austria_delegate, added.id,
                                                  nominee(email="someone.else@x.example"), cleared.version)
    assert changed.registration_status.value == "nominated" and not changed.security_access


def test_delegates_see_no_private_data_of_others_and_no_whose_email(meeting_id, organizer, austria_delegate,
                                                                    before_deadline):
    belgian = add(meeting_id, organizer, nominee(delegation="Belgium", email="jan@police.example", gender="male"))
    with db.transaction() as session:
        participants.set_registration(session, organizer, belgian.id, "registered", True, belgian.version)
        participants_list.issue_participants_list(session, organizer, meeting_id)
        seen = participants.list_participants(session, austria_delegate, meeting_id)[0]
    assert (seen.email, seen.gender, seen.registration_status, seen.security_access) == ("", "", "", False)
    add(meeting_id, austria_delegate, nominee(email="anna@bmi.example"))
    with pytest.raises(ValidationFailed) as refused:
        add(meeting_id, austria_delegate, nominee(email="anna@bmi.example"))
    assert "already nominated for your delegation" in str(refused.value)
    add(meeting_id, austria_delegate, nominee(email="jan@police.example"))
    with db.transaction() as session:
        assert participants.emails_in_use(session, austria_delegate, meeting_id) == {"anna@bmi.example", "jan@police.example"}


def test_a_simultaneous_duplicate_is_a_message_not_a_crash(meeting_id, organizer):
    from planner.errors import StaleEdit

    add(meeting_id, organizer, nominee())
    with pytest.raises(StaleEdit, match="conflicting record"):
        with db.transaction() as session:
            austria = session.exec(select(Participant)).one().delegation_id
            session.add(Participant(meeting_id=meeting_id, delegation_id=austria, first_name="X", last_name="Y",
                                    email="anna.huber@polizei.example"))
    assert count(meeting_id) == 1
