import datetime as dt

import pytest
from sqlmodel import select

from planner import audit, db
from planner.access import SYSTEM
from planner.errors import InvalidTransition, PermissionDenied, PlannerError, StaleEdit, ValidationFailed
from planner.meetings import planning
from planner.meetings.planning import MeetingDetails
from planner.models import AuditEntry, Meeting, MeetingStatus
from planner.operations import audit_log


def details(**overrides) -> MeetingDetails:
    values = dict(title="Chiefs of Police", chairmanship="Finland", chairmanship_year=2027, city="Helsinki",
                  start_date=dt.date(2027, 6, 1), end_date=dt.date(2027, 6, 2), registration_deadline=dt.date(2027, 5, 1))
    values.update(overrides)
    return MeetingDetails(**values)


def test_organizer_creates_a_meeting_and_it_is_audited(session, organizer):
    meeting = planning.create_meeting(session, organizer, details())
    assert meeting.status == MeetingStatus.draft and meeting.languages == "English"
    assert meeting.days == [dt.date(2027, 6, 1), dt.date(2027, 6, 2)]
    entry = session.exec(select(AuditEntry).where(AuditEntry.action == "meeting.create")).one()
    assert entry.after["city"] == "Helsinki" and entry.meeting_id == meeting.id


def test_delegate_cannot_create_or_change_a_meeting(database_url, make_meeting, austria_delegate):
    meeting_id = make_meeting()
    with pytest.raises(PermissionDenied, match="delegate"):
        with db.transaction() as session:
            planning.create_meeting(session, austria_delegate, details())
    with pytest.raises(PermissionDenied):
        with db.transaction() as session:
            planning.update_meeting(session, austria_delegate, meeting_id, details(city="Nowhere"), None)
    with pytest.raises(PermissionDenied):
        with db.transaction() as session:
            planning.change_status(session, austria_delegate, meeting_id, MeetingStatus.planned)
    with db.transaction() as session:
        assert [m.city for m in planning.list_meetings(session, SYSTEM)] == ["Vienna"]
        assert planning.get_meeting(session, SYSTEM, meeting_id).status == MeetingStatus.draft


@pytest.mark.parametrize("overrides, column", [
    ({"title": "  "}, "title"),
    ({"chairmanship": "Japan"}, "chairmanship"),
    ({"end_date": dt.date(2027, 5, 1)}, "end date"),
    ({"registration_deadline": dt.date(2027, 7, 1)}, "registration deadline"),
    ({"time_zone": "Mars/Olympus"}, "time zone"),
    ({"time_zone": "Europe"}, "time zone"),
    ({"languages": ["Klingon"]}, "languages"),
])
def test_invalid_details_name_the_field(session, organizer, overrides, column):
    with pytest.raises(ValidationFailed) as refused:
        planning.create_meeting(session, organizer, details(**overrides))
    assert [p.column for p in refused.value.problems] == [column]
    assert session.exec(select(Meeting)).all() == []


def test_status_moves_forward_only_through_allowed_steps(database_url, make_meeting, organizer):
    meeting_id = make_meeting()
    with db.transaction() as session:
        with pytest.raises(InvalidTransition, match="cannot go from 'Draft' to 'Held'"):
            planning.change_status(session, organizer, meeting_id, MeetingStatus.held)
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        planning.change_status(session, organizer, meeting_id, MeetingStatus.invitations_sent)
        assert planning.get_meeting(session, SYSTEM, meeting_id).status == MeetingStatus.invitations_sent
        with pytest.raises(PlannerError, match="can be marked as held from that day"):
            planning.change_status(session, organizer, meeting_id, MeetingStatus.held)


def test_a_stale_edit_fails_instead_of_overwriting(database_url, make_meeting, organizer):
    meeting_id = make_meeting()
    with db.transaction() as session:
        opened_version = planning.get_meeting(session, SYSTEM, meeting_id).version
    with db.transaction() as session:
        planning.update_meeting(session, organizer, meeting_id, details(city="Espoo"), opened_version)
    with pytest.raises(StaleEdit, match="changed by someone else"):
        with db.transaction() as session:
            planning.update_meeting(session, organizer, meeting_id, details(city="Turku"), opened_version)
    with db.transaction() as session:
        assert planning.get_meeting(session, SYSTEM, meeting_id).city == "Espoo"


def test_concurrent_sessions_cannot_both_write_the_same_version(database_url, make_meeting, organizer):
    meeting_id = make_meeting()
    with pytest.raises(StaleEdit):
        with db.transaction() as first, db.transaction() as second:
            one = first.get(Meeting, meeting_id)
            two = second.get(Meeting, meeting_id)
            one.city = "First"
            first.commit()
            two.city = "Second"
            second.flush()


def test_priorities_are_kept_in_the_chosen_order(session, organizer):
    meeting = planning.create_meeting(session, organizer, details())
    planning.set_priorities(session, organizer, meeting.id, ["cyber_crime", "terrorism", "organized_crime"])
    assert [p.code for p in planning.chosen_priorities(session, SYSTEM, meeting.id)] == ["cyber_crime", "terrorism", "organized_crime"]
    planning.set_priorities(session, organizer, meeting.id, ["terrorism"])
    assert [p.code for p in planning.chosen_priorities(session, SYSTEM, meeting.id)] == ["terrorism"]
    entries = audit_log.entries(session, organizer, action_contains="priorities")
    assert entries[0].before == {"priorities": ["cyber_crime", "terrorism", "organized_crime"]}


def test_audit_log_is_closed_to_delegates(session, austria_delegate):
    with pytest.raises(PermissionDenied, match="audit"):
        audit_log.entries(session, austria_delegate)


def test_priorities_saved_on_a_stale_copy_are_refused(database_url, make_meeting, organizer):
    meeting_id = make_meeting()
    with db.transaction() as session:
        opened = planning.get_meeting(session, SYSTEM, meeting_id).version
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"], opened)
    with pytest.raises(StaleEdit):
        with db.transaction() as session:
            planning.set_priorities(session, organizer, meeting_id, ["cyber_crime"], opened)
    with db.transaction() as session:
        assert [p.code for p in planning.chosen_priorities(session, SYSTEM, meeting_id)] == ["terrorism"]
