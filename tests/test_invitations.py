import datetime as dt
import io
import zipfile

import pytest
from docx import Document
from sqlmodel import select

from planner import db
from planner.access import SYSTEM
from planner.delegations import invitations, reference
from planner.errors import InvalidTransition, PermissionDenied, PlannerError, StaleEdit
from planner.meetings import planning
from planner.models import AuditEntry, DelegationKind, Invitation, InvitationState, MeetingStatus


@pytest.fixture(autouse=True)
def spring_2027(monkeypatch):
    """Replies in these tests are dated in spring 2027, which must not count as the future."""
    monkeypatch.setattr(invitations, "today_at", lambda meeting: dt.date(2027, 5, 1))

@pytest.fixture
def meeting_id(make_meeting):
    return make_meeting()


def invite_states(meeting_id, actor):
    with db.transaction() as session:
        return invitations.invite_group(session, actor, meeting_id, "All participating States")


def test_invite_by_group_once_per_delegation(meeting_id, organizer):
    assert len(invite_states(meeting_id, organizer)) == 57
    assert invite_states(meeting_id, organizer) == [], "inviting again creates nothing"
    with db.transaction() as session:
        assert len(invitations.invite_group(session, organizer, meeting_id, "Asian Partners for Co-operation")) == 5
        rows = invitations.list_invitations(session, organizer, meeting_id)
        assert len(rows) == 62 and {r.delegation.name for r in rows if r.invitation.state != InvitationState.draft} == {
            "Slovakia"}, "the Chairmanship's own State is entered as the host, not invited"


def test_the_chairmanships_own_state_is_the_host_and_gets_no_note_verbale(meeting_id, organizer):
    """Slovakia chairs the test meeting: it is listed as the host, nominates its delegation like any other, and is
    never sent a note verbale, reminded or counted among the invitations awaiting a reply."""
    from planner.delegations import replies
    from planner.delegations.participants import Nomination, add_participant
    from planner.documents.note_verbale import delegation_note, notes_verbales_zip
    from planner.documents.participants_list import participants_list_document
    from tests.conftest import delegate_of, invite_and_send

    with db.transaction() as session:
        invite_and_send(session, organizer, meeting_id, "All participating States", on=dt.date(2027, 3, 1))
        rows = {r.delegation.name: r.invitation for r in invitations.list_invitations(session, organizer, meeting_id)}
        host = rows["Slovakia"]
        assert host.state == InvitationState.host and host.note_id is None and host.reference is None
        with pytest.raises(PlannerError, match="Slovakia holds the Chairmanship and hosts the meeting: it is not "
                                               "invited and gets no note verbale"):
            invitations.send(session, organizer, host.id)
        with pytest.raises(PlannerError, match="Slovakia hosts the meeting"):
            delegation_note(session, organizer, host.id)
        with pytest.raises(PlannerError, match="needs no reminder"):
            invitations.record_reminders(session, organizer, [host.id], on=dt.date(2027, 4, 10))
        assert "Slovakia" not in {r.delegation.name for r in invitations.reminders_due(
            session, organizer, meeting_id, 30, today=dt.date(2027, 4, 10))}
        add_participant(session, delegate_of("Slovakia"), meeting_id, Nomination(
            delegation="Slovakia", first_name="Peter", last_name="Novák", email="peter@minv.example",
            function="Police President", agency="Police Force", head_of_delegation="yes"))
        add_participant(session, organizer, meeting_id, Nomination(
            delegation="Austria", first_name="Anna", last_name="Huber", email="anna@bmi.example",
            function="Director General", agency="Public Security"))
        assert session.get(Invitation, host.id).state == InvitationState.host, "nominating leaves the host the host"
        archive = notes_verbales_zip(session, organizer, meeting_id)
        summary = replies.reply_summary(session, organizer, meeting_id)
        listed = Document(io.BytesIO(participants_list_document(session, organizer, meeting_id)))
    assert len(zipfile.ZipFile(io.BytesIO(archive)).namelist()) == 56
    assert summary.host == "Slovakia" and summary.invited == summary.sent == 56 and summary.participants == 2
    assert all(row["State"] != "Host" for row in summary.by_state_and_group)
    headings = [p.text for p in listed.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Host", "Participating States"]
    assert [row.cells[0].text for row in listed.tables[0].rows] == ["Name", "Slovakia", "Peter NOVÁK\nHead of Delegation"]
    assert listed.tables[1].rows[1].cells[0].text == "Austria"


def test_a_meeting_whose_only_invitation_is_the_hosts_can_go_back_to_draft(meeting_id, organizer):
    with db.transaction() as session:
        slovakia = invitations.invite(session, organizer, meeting_id, [reference.find_delegation(session, "Slovakia").id])
        assert [i.state for i in slovakia] == [InvitationState.host]
        assert planning.change_status(session, organizer, meeting_id, MeetingStatus.draft).status == MeetingStatus.draft


def test_a_2006_meeting_does_not_invite_mongolia(make_meeting, organizer):
    meeting_id = make_meeting(start_date=dt.date(2006, 11, 24), end_date=dt.date(2006, 11, 24),
                              registration_deadline=dt.date(2006, 11, 10), chairmanship="Belgium", chairmanship_year=2006)
    invited = invite_states(meeting_id, organizer)
    assert len(invited) == 56
    with db.transaction() as session:
        names = {r.delegation.name for r in invitations.list_invitations(session, organizer, meeting_id)}
    assert "Mongolia" not in names


def test_the_database_refuses_a_second_invitation_for_one_delegation(meeting_id, organizer):
    invite_states(meeting_id, organizer)
    with pytest.raises(Exception):
        with db.transaction() as session:
            first = session.exec(select(Invitation)).first()
            session.add(Invitation(meeting_id=meeting_id, delegation_id=first.delegation_id))
            session.flush()


def first_invitation(meeting_id, actor, name="Austria"):
    with db.transaction() as session:
        return next(r.invitation for r in invitations.list_invitations(session, actor, meeting_id) if r.delegation.name == name)


def test_sending_records_symbol_and_date_and_each_step_is_dated(meeting_id, organizer):
    invite_states(meeting_id, organizer)
    invitation = first_invitation(meeting_id, organizer)
    with db.transaction() as session:
        sent = invitations.send(session, organizer, invitation.id, on=dt.date(2027, 3, 1))
        assert sent.reference == "CIO.GAL/1/27" and sent.sent_on == dt.date(2027, 3, 1)
        invitations.acknowledge(session, organizer, invitation.id, on=dt.date(2027, 3, 3))
        invitations.record_nomination(session, organizer, invitation.id, on=dt.date(2027, 3, 5))
        done = invitations.confirm(session, organizer, invitation.id, on=dt.date(2027, 3, 8))
        assert (done.state, done.acknowledged_on, done.nominated_on, done.confirmed_on) == (
            InvitationState.confirmed, dt.date(2027, 3, 3), dt.date(2027, 3, 5), dt.date(2027, 3, 8))
        actions = [e.action for e in session.exec(select(AuditEntry).where(AuditEntry.entity == "invitation",
                                                                          AuditEntry.entity_id == str(invitation.id)))]
        assert actions == ["invitation.create", "invitation.sent", "invitation.acknowledged", "invitation.nominated",
                           "invitation.confirmed"]


@pytest.mark.parametrize("path, refused, message", [
    ([], InvitationState.confirmed, "'Draft' cannot become 'Confirmed'"),
    ([InvitationState.sent, InvitationState.declined], InvitationState.nominated, "declined: reopen its invitation"),
    ([InvitationState.sent, InvitationState.declined], InvitationState.acknowledged, "declined: reopen its invitation"),
    ([InvitationState.sent, InvitationState.no_reply], InvitationState.confirmed, "'No reply' cannot become 'Confirmed'"),
    ([InvitationState.sent], InvitationState.sent, "'Sent' cannot become 'Sent'"),
])
def test_transitions_that_make_no_sense_are_refused_and_change_nothing(meeting_id, organizer, path, refused, message):
    invite_states(meeting_id, organizer)
    invitation = first_invitation(meeting_id, organizer)
    with db.transaction() as session:
        for state in path:
            invitations.TRANSITIONS[state](session, organizer, invitation.id)
    before = first_invitation(meeting_id, organizer)
    with pytest.raises(InvalidTransition, match=message):
        with db.transaction() as session:
            invitations.TRANSITIONS[refused](session, organizer, invitation.id)
    after = first_invitation(meeting_id, organizer)
    assert (after.state, after.version) == (before.state, before.version)


def test_apply_to_many_is_all_or_nothing(meeting_id, organizer):
    invite_states(meeting_id, organizer)
    austria, belgium = first_invitation(meeting_id, organizer), first_invitation(meeting_id, organizer, "Belgium")
    with db.transaction() as session:
        invitations.send(session, organizer, austria.id)
    with pytest.raises(InvalidTransition):
        with db.transaction() as session:
            invitations.apply_to_many(session, organizer, [belgium.id, austria.id], InvitationState.sent)
    assert first_invitation(meeting_id, organizer, "Belgium").state == InvitationState.draft


def test_stale_invitation_change_is_refused(meeting_id, organizer):
    invite_states(meeting_id, organizer)
    invitation = first_invitation(meeting_id, organizer)
    with db.transaction() as session:
        invitations.send(session, organizer, invitation.id)
    with pytest.raises(StaleEdit):
        with db.transaction() as session:
            invitations.decline(session, organizer, invitation.id, expected_version=invitation.version)


def test_delegates_cannot_invite_or_record_replies_and_see_only_their_own(meeting_id, organizer, austria_delegate):
    with pytest.raises(PermissionDenied):
        invite_states(meeting_id, austria_delegate)
    with db.transaction() as session:
        with pytest.raises(PermissionDenied, match="still being drafted"):
            invitations.list_invitations(session, austria_delegate, meeting_id)
    invite_states(meeting_id, organizer)
    invitation = first_invitation(meeting_id, organizer, "Belgium")
    with pytest.raises(PermissionDenied):
        with db.transaction() as session:
            invitations.send(session, austria_delegate, invitation.id)
    with db.transaction() as session:
        own = invitations.list_invitations(session, austria_delegate, meeting_id)
    assert [r.delegation.name for r in own] == ["Austria"]


def meeting_status(meeting_id):
    with db.transaction() as session:
        return planning.get_meeting(session, SYSTEM, meeting_id).status


def test_inviting_plans_a_draft_meeting_so_the_invited_see_it(meeting_id, organizer, austria_delegate):
    assert meeting_status(meeting_id) == MeetingStatus.draft
    invite_states(meeting_id, organizer)
    assert meeting_status(meeting_id) == MeetingStatus.planned
    with db.transaction() as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.meeting_id == meeting_id)
                               .order_by(AuditEntry.id)).all()
        assert [e.action for e in entries[:3]] == ["meeting.create", "meeting.status", "invitation.create"]
        assert (entries[1].actor_email, entries[1].before, entries[1].after) == (
            organizer.email, {"status": "draft"}, {"status": "planned"})
        assert planning.get_meeting(session, austria_delegate, meeting_id).id == meeting_id


def test_the_secretariat_cannot_plan_a_meeting_by_inviting(meeting_id, organizer, secretariat):
    with pytest.raises(PermissionDenied, match="still a draft: inviting delegations makes it planned"):
        invite_states(meeting_id, secretariat)
    assert meeting_status(meeting_id) == MeetingStatus.draft
    with db.transaction() as session:
        assert invitations.list_invitations(session, secretariat, meeting_id) == []
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
    assert len(invite_states(meeting_id, secretariat)) == 57


def test_a_meeting_goes_back_to_draft_only_while_no_note_verbale_has_gone_out(meeting_id, organizer):
    invite_states(meeting_id, organizer)
    with db.transaction() as session:
        planning.change_status(session, organizer, meeting_id, MeetingStatus.draft)
    invitation = first_invitation(meeting_id, organizer)
    with pytest.raises(PlannerError, match="still a draft: mark it as planned before notes verbales go out"):
        with db.transaction() as session:
            invitations.send(session, organizer, invitation.id)
    with db.transaction() as session:
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        invitations.send(session, organizer, invitation.id)
    with pytest.raises(PlannerError, match="cannot go back to draft"):
        with db.transaction() as session:
            planning.change_status(session, organizer, meeting_id, MeetingStatus.draft)
    assert meeting_status(meeting_id) == MeetingStatus.planned


def test_reminders_list_who_has_not_answered_near_the_deadline(meeting_id, organizer):
    invite_states(meeting_id, organizer)
    with db.transaction() as session:
        rows = invitations.list_invitations(session, organizer, meeting_id)
        for row in rows[:10]:
            invitations.send(session, organizer, row.invitation.id, on=dt.date(2027, 3, 1))
        invitations.acknowledge(session, organizer, rows[0].invitation.id)
        invitations.decline(session, organizer, rows[1].invitation.id)
        invitations.record_nomination(session, organizer, rows[2].invitation.id)
        assert invitations.reminders_due(session, organizer, meeting_id, 14, today=dt.date(2027, 3, 1)) == []
        due = invitations.reminders_due(session, organizer, meeting_id, 14, today=dt.date(2027, 4, 10))
        assert len(due) == 8 and rows[1].delegation.name not in {r.delegation.name for r in due}
        invitations.record_reminders(session, organizer, [r.invitation.id for r in due], on=dt.date(2027, 4, 10))
        again = invitations.reminders_due(session, organizer, meeting_id, 14, today=dt.date(2027, 4, 10))
        assert {r.invitation.reminder_count for r in again} == {1}


def test_groups_cover_every_kind_but_the_host():
    kinds = {kind for group in invitations.GROUPS.values() for kind in group}
    assert kinds == set(DelegationKind) - {DelegationKind.host}


def test_a_late_nomination_moves_a_no_reply_on(meeting_id, organizer):
    from planner.delegations.participants import Nomination, add_participant

    invite_states(meeting_id, organizer)
    invitation = first_invitation(meeting_id, organizer)
    with db.transaction() as session:
        invitations.send(session, organizer, invitation.id)
        invitations.mark_no_reply(session, organizer, invitation.id)
        add_participant(session, organizer, meeting_id, Nomination(delegation="Austria", first_name="A", last_name="B",
                                                                   email="a@x.example"))
    assert first_invitation(meeting_id, organizer).state == InvitationState.nominated


def test_declining_cancels_the_delegations_nominations(meeting_id, organizer):
    from planner.delegations.participants import Nomination, add_participant
    from planner.models import Participant, RegistrationStatus

    invite_states(meeting_id, organizer)
    invitation = first_invitation(meeting_id, organizer)
    with db.transaction() as session:
        invitations.send(session, organizer, invitation.id)
        add_participant(session, organizer, meeting_id, Nomination(delegation="Austria", first_name="A", last_name="B",
                                                                   email="a@x.example"))
        invitations.confirm(session, organizer, invitation.id)
        invitations.decline(session, organizer, invitation.id)
        participant = session.exec(select(Participant)).one()
        assert participant.registration_status == RegistrationStatus.cancelled
        assert session.exec(select(AuditEntry).where(AuditEntry.action == "participant.cancel")).first() is not None


def test_a_declined_invitation_is_reopened_with_a_reason_and_the_log_keeps_it(meeting_id, organizer):
    """Back to acknowledged (it means to come; names follow), its note's date kept, and its nominations, cancelled on
    declining, left cancelled until someone restores them."""
    from planner.delegations.participants import Nomination, add_participant
    from planner.models import Participant, RegistrationStatus
    from planner.operations import audit_log

    invite_states(meeting_id, organizer)
    invitation = first_invitation(meeting_id, organizer)
    reason = "Note verbale of 12 March 2027: Austria will attend after all"
    with db.transaction() as session:
        invitations.send(session, organizer, invitation.id, on=dt.date(2027, 3, 1))
        add_participant(session, organizer, meeting_id, Nomination(delegation="Austria", first_name="A", last_name="B",
                                                                   email="a@x.example"))
        invitations.decline(session, organizer, invitation.id, on=dt.date(2027, 3, 10))
    for refused, message in [
        (lambda s: invitations.acknowledge(s, organizer, invitation.id), "reopen its invitation, saying why"),
        (lambda s: invitations.reopen(s, organizer, invitation.id, "  "), "The reason is missing"),
        (lambda s: invitations.reopen(s, organizer, invitation.id, "x" * 501), "too long"),
        (lambda s: invitations.reopen(s, organizer, invitation.id, "a\tb"), "control characters"),
        (lambda s: invitations.reopen(s, organizer, invitation.id, reason, on=dt.date(2027, 3, 9)),
         "before the delegation declined"),
    ]:
        with pytest.raises(PlannerError, match=message):
            with db.transaction() as session:
                refused(session)
        assert first_invitation(meeting_id, organizer).state == InvitationState.declined
    with db.transaction() as session:
        reopened = invitations.reopen(session, organizer, invitation.id, f" {reason} ", on=dt.date(2027, 3, 12))
        assert (reopened.state, reopened.acknowledged_on) == (InvitationState.acknowledged, dt.date(2027, 3, 12))
        assert (reopened.sent_on, reopened.declined_on) == (dt.date(2027, 3, 1), dt.date(2027, 3, 10))
        assert session.exec(select(Participant)).one().registration_status == RegistrationStatus.cancelled
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "invitation.reopen")).one()
        assert (entry.before["state"], entry.after["state"], entry.after["reason"]) == ("declined", "acknowledged", reason)
        [line] = audit_log.described(session, organizer, [entry])
        assert line.action == "Reopened a declined invitation" and line.record == "invitation of Austria"
        assert f"Reason: — → {reason}" in [str(change) for change in line.changes]
        with pytest.raises(PlannerError, match="Only a declined invitation can be reopened; Austria's is 'Acknowledged'"):
            invitations.reopen(session, organizer, invitation.id, reason)
        add_participant(session, organizer, meeting_id, Nomination(delegation="Austria", first_name="C", last_name="D",
                                                                   email="c@x.example"))
        assert reopened.state == InvitationState.nominated, "its first nomination moves it on as usual"


def test_no_reminders_once_the_deadline_has_passed(meeting_id, organizer):
    invite_states(meeting_id, organizer)
    with db.transaction() as session:
        row = invitations.list_invitations(session, organizer, meeting_id)[0]
        invitations.send(session, organizer, row.invitation.id)
        assert len(invitations.reminders_due(session, organizer, meeting_id, 30, today=dt.date(2027, 4, 20))) == 1
        assert invitations.reminders_due(session, organizer, meeting_id, 30, today=dt.date(2027, 4, 21)) == []


def test_replies_cannot_be_dated_before_the_note_or_in_the_future(meeting_id, organizer):
    invite_states(meeting_id, organizer)
    invitation = first_invitation(meeting_id, organizer)
    with db.transaction() as session:
        invitations.send(session, organizer, invitation.id, on=dt.date(2027, 3, 1))
        with pytest.raises(PlannerError, match="before the note verbale was sent"):
            invitations.acknowledge(session, organizer, invitation.id, on=dt.date(2027, 2, 1))
        with pytest.raises(PlannerError, match="in the future"):
            invitations.acknowledge(session, organizer, invitation.id, on=dt.date(2027, 6, 1))


def test_a_refusal_in_a_mixed_selection_names_the_delegation(meeting_id, organizer):
    invite_states(meeting_id, organizer)
    austria, belgium = first_invitation(meeting_id, organizer), first_invitation(meeting_id, organizer, "Belgium")
    with db.transaction() as session:
        invitations.send(session, organizer, austria.id)
    with pytest.raises(InvalidTransition, match="^Belgium: An invitation that is 'Draft' cannot become 'Acknowledged'"):
        with db.transaction() as session:
            invitations.apply_to_many(session, organizer, [austria.id, belgium.id], InvitationState.acknowledged)


def test_a_reminder_is_recorded_once_a_day(meeting_id, organizer):
    invite_states(meeting_id, organizer)
    invitation = first_invitation(meeting_id, organizer)
    with db.transaction() as session:
        invitations.send(session, organizer, invitation.id)
        assert len(invitations.record_reminders(session, organizer, [invitation.id])) == 1
        with pytest.raises(PlannerError, match="already recorded"):
            invitations.record_reminders(session, organizer, [invitation.id])
