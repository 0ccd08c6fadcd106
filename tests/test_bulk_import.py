"""The import writes participants and audit entries in bulk: the log must read as if each had been added by hand, and a
duplicate saved by someone else in the meantime must still end as a message with nothing saved."""
import csv
import io

import pytest
from sqlmodel import select

from planner import audit, db
from planner.delegations import participants, spreadsheets
from planner.delegations.participants import COLUMNS, OPTIONAL_COLUMNS, Nomination
from planner.errors import StaleEdit
from planner.models import AuditEntry, Participant
from tests.conftest import invite_and_send

PEOPLE = [
    Nomination(delegation="Austria", salutation="Ms.", first_name="Anna", last_name="Huber", email="Anna@Police.example",
               function="Chief of Police", agency="Federal Police", gender="female", head_of_delegation="yes",
               rank="General"),
    Nomination(delegation="turkey", first_name="Emre", last_name="Yılmaz", email="emre@emniyet.example", gender="Male",
               head_of_delegation="1"),
    Nomination(delegation="Czech Republic", salutation="Mr.", first_name=" Jan ", last_name="Novák",
               email="jan@policie.example", function="=SUM(A1)", head_of_delegation=""),
    Nomination(delegation="Austria", first_name="Eva", last_name="Gruber", email="eva@police.example", gender="other",
               head_of_delegation="no", agency="Cobra"),
]


def invited_meeting(make_meeting, organizer) -> int:
    meeting_id = make_meeting()
    with db.transaction() as session:
        invite_and_send(session, organizer, meeting_id, "All participating States")
    return meeting_id


@pytest.fixture
def meeting_id(make_meeting, organizer):
    return invited_meeting(make_meeting, organizer)


def as_file(people: list[Nomination]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*COLUMNS, *OPTIONAL_COLUMNS])
    for person in people:
        writer.writerow([spreadsheets.neutralise(getattr(person, column)) for column in (*COLUMNS, *OPTIONAL_COLUMNS)])
    return buffer.getvalue().encode()


def logged(meeting_id: int, action: str) -> list[AuditEntry]:
    with db.transaction() as session:
        return session.exec(select(AuditEntry).where(AuditEntry.meeting_id == meeting_id, AuditEntry.action == action)
                            .order_by(AuditEntry.id)).all()


def content(entry: AuditEntry) -> tuple:
    """Everything an entry says, in its order, but the ids the database gave (they differ by design) and the meeting."""
    assert entry.after.get("meeting_id", entry.meeting_id) == entry.meeting_id
    before = [(key, value) for key, value in (entry.before or {}).items() if key not in ("id", "meeting_id")]
    after = [(key, value) for key, value in entry.after.items() if key not in ("id", "meeting_id")]
    return entry.actor_email, entry.actor_role, entry.action, entry.entity, before, after


def test_the_audit_entries_of_an_import_equal_those_of_adding_one_by_one(meeting_id, make_meeting, organizer):
    with db.transaction() as session:
        assert spreadsheets.import_participants(session, organizer, meeting_id, as_file(PEOPLE), "people.csv") == 4
    other_meeting = invited_meeting(make_meeting, organizer)
    for person in PEOPLE:
        with db.transaction() as session:
            participants.add_participant(session, organizer, other_meeting, person)

    imported, by_hand = logged(meeting_id, "participant.add"), logged(other_meeting, "participant.add")
    assert [content(entry) for entry in imported] == [content(entry) for entry in by_hand]
    with db.transaction() as session:
        stored = session.exec(select(Participant).where(Participant.meeting_id == meeting_id).order_by(Participant.id)).all()
        assert [entry.after for entry in imported] == [audit.snapshot(participant) for participant in stored]
    assert [entry.entity_id for entry in imported] == [str(entry.after["id"]) for entry in imported]
    assert imported[2].after["first_name"] == "Jan" and imported[2].after["function"] == "=SUM(A1)"
    assert imported[0].after["email"] == "anna@police.example" and imported[1].after["gender"] == "male"

    nominated_by_import = logged(meeting_id, "invitation.nominated")
    nominated_by_hand = logged(other_meeting, "invitation.nominated")
    assert len(nominated_by_import) == 3
    assert sorted(content(entry) for entry in nominated_by_import) == sorted(content(entry) for entry in nominated_by_hand)
    summary = logged(meeting_id, "participant.import")
    assert [(entry.entity, entry.after) for entry in summary] == [("meeting", {"file": "people.csv", "participants": 4})]


@pytest.mark.parametrize("row", [0, len(PEOPLE) - 1], ids=["first row", "last row"])
def test_a_duplicate_saved_meanwhile_by_someone_else_is_a_message_and_nothing_is_saved(meeting_id, organizer,
                                                                                          monkeypatch, row):
    checked_first = spreadsheets.preview_import

    def someone_adds_the_same_address_meanwhile(*args, **kwargs):
        preview = checked_first(*args, **kwargs)
        with db.transaction() as other_session:
            participants.add_participant(other_session, organizer, meeting_id, Nomination(
                delegation=PEOPLE[row].delegation, first_name="Anna", last_name="Other", email=PEOPLE[row].email))
        return preview

    monkeypatch.setattr(spreadsheets, "preview_import", someone_adds_the_same_address_meanwhile)
    with pytest.raises(StaleEdit, match="Someone else saved a conflicting record"):
        with db.transaction() as session:
            spreadsheets.import_participants(session, organizer, meeting_id, as_file(PEOPLE), "people.csv")
    with db.transaction() as session:
        stored = session.exec(select(Participant.last_name).where(Participant.meeting_id == meeting_id)).all()
    assert stored == ["Other"]
    assert logged(meeting_id, "participant.import") == []
    assert len(logged(meeting_id, "participant.add")) == 1
