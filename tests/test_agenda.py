import datetime as dt

import pytest
from sqlmodel import col, select

from planner import db
from planner.access import SYSTEM
from planner.errors import PermissionDenied, PlannerError, StaleEdit, ValidationFailed
from planner.meetings import planning, timetable
from planner.meetings.timetable import TimetableRow
from planner.models import AgendaItemKind, AuditEntry

ALL = ["general_police_development", "organized_crime", "terrorism", "illicit_drugs", "trafficking_in_human_beings",
       "cyber_crime", "cooperation_participating_states", "cooperation_partner_organizations"]


def generated(meeting_id, organizer, codes, format_key):
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, codes)
        return timetable.generate_timetable(session, organizer, meeting_id, format_key)


def test_brussels_format_has_three_sessions_in_one_day(database_url, make_meeting, organizer):
    meeting_id = make_meeting(start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 10))
    items = generated(meeting_id, organizer, ALL, "brussels-2006")
    kinds = [i.kind for i in items]
    assert kinds[0] == AgendaItemKind.opening and kinds[-1] == AgendaItemKind.closing
    assert kinds.count(AgendaItemKind.session) == 3
    assert AgendaItemKind.lunch in kinds and AgendaItemKind.break_ in kinds
    assert [i.title.split(":")[0] for i in items if i.kind == AgendaItemKind.session] == ["Session 1", "Session 2", "Session 3"]
    assert all(i.day == dt.date(2027, 5, 10) for i in items)
    with db.transaction() as session:
        assert timetable.timetable_problems(session, SYSTEM, meeting_id) == []


def test_two_day_format_builds_one_session_per_chosen_priority(database_url, make_meeting, organizer):
    meeting_id = make_meeting()
    items = generated(meeting_id, organizer, ["cyber_crime", "terrorism", "organized_crime"], "two-day")
    sessions = [i for i in items if i.kind == AgendaItemKind.session and i.priority_id]
    outlines = timetable.session_outlines()
    assert [s.title for s in sessions][:3] == [f"Session {n}: {outlines[c].title}" for n, c in
                                               enumerate(["cyber_crime", "terrorism", "organized_crime"], start=1)]
    assert "Guiding questions" in sessions[0].description
    assert {i.day for i in items} == {dt.date(2027, 5, 10), dt.date(2027, 5, 11)}
    day_two = [i for i in items if i.day == dt.date(2027, 5, 11)]
    assert day_two[0].kind not in (AgendaItemKind.break_, AgendaItemKind.lunch), "no idle break opens a day"


def test_a_left_out_slot_leaves_no_hole_what_follows_moves_up(database_url, make_meeting, organizer):
    """Five priorities in a format with room for six: the afternoon of day two closes up behind lunch."""
    meeting_id = make_meeting()
    items = generated(meeting_id, organizer, ["terrorism", "cyber_crime", "organized_crime", "trafficking_in_human_beings",
                                              "illicit_drugs"], "two-day")
    day_two = [(i.kind, i.start.strftime("%H:%M"), i.end.strftime("%H:%M")) for i in items if i.day == dt.date(2027, 5, 11)]
    assert day_two == [
        (AgendaItemKind.session, "09:00", "10:30"), (AgendaItemKind.break_, "10:30", "11:00"),
        (AgendaItemKind.session, "11:00", "12:30"), (AgendaItemKind.lunch, "12:30", "14:00"),
        (AgendaItemKind.session, "14:00", "15:00"), (AgendaItemKind.closing, "15:00", "15:30"),
    ]


def test_generation_refuses_what_does_not_fit(database_url, make_meeting, organizer):
    one_day = make_meeting(start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 10))
    with pytest.raises(PlannerError, match="needs 2 day"):
        generated(one_day, organizer, ["terrorism"], "two-day")
    two_days = make_meeting()
    with pytest.raises(PlannerError, match="room for 6 priority sessions; you chose 8"):
        generated(two_days, organizer, ALL, "two-day")
    with pytest.raises(PlannerError, match="Unknown meeting format"):
        generated(two_days, organizer, ["terrorism"], "three-week")


def test_generation_saves_the_priorities_picked_with_it_or_neither(database_url, make_meeting, organizer):
    """The Meeting builder generates from the priorities on screen, saved or not: one transaction, one audit entry
    for the priorities; a refused timetable leaves the saved priorities as they were."""
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"])
    with pytest.raises(PlannerError, match="room for 6 priority sessions; you chose 8"):
        with db.transaction() as session:
            timetable.generate_timetable(session, organizer, meeting_id, "two-day", priorities=ALL)
    with db.transaction() as session:
        assert [p.code for p in planning.chosen_priorities(session, organizer, meeting_id)] == ["terrorism"]
        items = timetable.generate_timetable(session, organizer, meeting_id, "two-day",
                                             priorities=["cyber_crime", "organized_crime"])
        saved = [p.code for p in planning.chosen_priorities(session, organizer, meeting_id)]
        logged = session.exec(select(AuditEntry.action).where(AuditEntry.meeting_id == meeting_id)
                              .order_by(col(AuditEntry.id))).all()
    assert saved == ["cyber_crime", "organized_crime"]
    assert [i.title for i in items if i.priority_id][:2] == [
        f"Session {n}: {timetable.session_outlines()[code].title}" for n, code in enumerate(saved, start=1)]
    assert logged[-2:] == ["meeting.priorities", "agenda.generate"]


def test_a_format_is_named_by_the_sessions_the_priorities_chosen_fill(database_url):
    two_days = timetable.meeting_formats()["two-day"]
    assert two_days.name_for(5) == "Two days — five thematic sessions"
    assert two_days.name_for(9) == two_days.name_for() == "Two days — six thematic sessions", "at most its slots"
    assert "with one thematic session on" in two_days.description_for(1)
    assert "with five thematic sessions on" in two_days.description_for(5)
    assert all("{" not in f.name_for(3) + f.description_for(3) for f in timetable.meeting_formats().values())


def test_times_are_typed_on_the_24_hour_clock(timetable_meeting, organizer):
    rows = rows_of(timetable_meeting)
    rows[1].start, rows[1].end = "11:45", "9:5"
    with pytest.raises(ValidationFailed) as refused:
        save(timetable_meeting, organizer, rows)
    assert [str(p) for p in refused.value.problems] == [
        f"'{rows[1].title}' (Mon 10 May): the end '9:5' is not a time on the 24-hour clock, such as 14:30"]
    rows = rows_of(timetable_meeting)
    rows[1].end, rows[-1].end = "11:10", "17:45"
    saved = save(timetable_meeting, organizer, rows)
    assert (saved[1].end, saved[-1].end) == (dt.time(11, 10), dt.time(17, 45))
    assert [timetable.clock_time(t) for t in ("9:05", "00:00", "24:00", "11:45 PM", "1145")] == [
        dt.time(9, 5), dt.time(0, 0), None, None, None]


def rows_of(meeting_id):
    with db.transaction() as session:
        return [TimetableRow.of(i) for i in timetable.agenda_items(session, SYSTEM, meeting_id)]


@pytest.fixture
def timetable_meeting(database_url, make_meeting, organizer):
    meeting_id = make_meeting()
    generated(meeting_id, organizer, ["cyber_crime", "terrorism", "organized_crime"], "two-day")
    return meeting_id


def save(meeting_id, actor, rows):
    with db.transaction() as session:
        return timetable.save_timetable(session, actor, meeting_id, rows)


def test_end_before_start_is_refused_naming_the_row(timetable_meeting, organizer):
    rows = rows_of(timetable_meeting)
    rows[1].end = dt.time(8, 0)
    with pytest.raises(ValidationFailed) as refused:
        save(timetable_meeting, organizer, rows)
    problem = refused.value.problems[0]
    assert problem.row == 2 and problem.column == "end" and "before it starts" in problem.reason
    assert rows_of(timetable_meeting)[1].end != dt.time(8, 0), "nothing was saved"


def test_day_outside_the_meeting_is_refused(timetable_meeting, organizer):
    rows = rows_of(timetable_meeting)
    rows[0].day = dt.date(2027, 5, 12)
    with pytest.raises(ValidationFailed, match="outside the meeting's days"):
        save(timetable_meeting, organizer, rows)


def test_two_items_in_one_room_at_once_are_refused_naming_both_by_title_and_time(timetable_meeting, organizer):
    rows = rows_of(timetable_meeting)
    rows.append(TimetableRow(day=rows[1].day, start=rows[1].start, end=rows[1].end, kind="session",
                             title="Side event", room="plenary HALL"))
    with pytest.raises(ValidationFailed) as refused:
        save(timetable_meeting, organizer, rows)
    assert refused.value.problems[0].row == len(rows)
    assert [str(p) for p in refused.value.problems] == [
        "'Side event' (Mon 10 May, 09:45–11:15): room 'plenary HALL' is already used at that time by "
        f"'{rows[1].title}' (Mon 10 May, 09:45–11:15)"]
    assert "Row" not in str(refused.value), "the table has no row numbers"


def test_clashing_rows_are_both_sides_of_every_clash(timetable_meeting):
    rows = rows_of(timetable_meeting)
    rows.append(TimetableRow(day=rows[1].day, start=rows[1].start, end=rows[1].end, kind="session",
                             title="Side event", room="Room B", moderator=rows[3].moderator or "Eva Lind"))
    rows[1].moderator = rows[-1].moderator
    rows.append(TimetableRow(day=rows[3].day, start=rows[3].start, end=rows[3].end, kind="session",
                             title="Working group", room=rows[3].room))
    with db.transaction() as session:
        meeting = planning.get_meeting(session, SYSTEM, timetable_meeting)
    assert timetable.clashing_rows(meeting, rows) == {2, 4, len(rows) - 1, len(rows)}
    assert timetable.clashing_rows(meeting, rows_of(timetable_meeting)) == set()


def test_one_person_in_two_parallel_items_is_refused(timetable_meeting, organizer):
    rows = rows_of(timetable_meeting)
    rows[1].speakers = "Dr. Eva Lind; Mr. Karl Berg"
    rows.append(TimetableRow(day=rows[1].day, start=rows[1].start, end=rows[1].end, kind="session",
                             title="Working group", room="Room B", moderator="eva  lind"))
    rows[1].speakers = "Eva Lind; Mr. Karl Berg"
    with pytest.raises(ValidationFailed, match="eva lind also takes part in"):
        save(timetable_meeting, organizer, rows)


def test_fixing_the_clash_saves_adds_and_removes(timetable_meeting, organizer):
    rows = rows_of(timetable_meeting)
    rows.append(TimetableRow(day=rows[1].day, start=rows[1].start, end=rows[1].end, kind="session",
                             title="Side event", room="Plenary hall"))
    with pytest.raises(ValidationFailed):
        save(timetable_meeting, organizer, rows)
    rows[-1].room = "Room B"
    removed = rows.pop(2)
    saved = save(timetable_meeting, organizer, rows)
    assert "Side event" in [i.title for i in saved]
    assert removed.id not in [i.id for i in saved]


def test_stale_timetable_edit_is_refused(timetable_meeting, organizer):
    mine = rows_of(timetable_meeting)
    theirs = rows_of(timetable_meeting)
    theirs[0].room = "Room C"
    save(timetable_meeting, organizer, theirs)
    mine[0].moderator = "Someone"
    with pytest.raises(StaleEdit, match="changed by someone else"):
        save(timetable_meeting, organizer, mine)


def test_delegate_cannot_edit_the_timetable(timetable_meeting, austria_delegate):
    with pytest.raises(PermissionDenied):
        save(timetable_meeting, austria_delegate, rows_of(timetable_meeting))


def test_an_item_someone_else_added_is_not_removed_unseen(timetable_meeting, organizer):
    mine = rows_of(timetable_meeting)
    loaded = {row.id: row.version for row in mine}
    theirs = rows_of(timetable_meeting)
    theirs.append(TimetableRow(day=theirs[0].day, start=dt.time(18, 0), end=dt.time(19, 0), kind="session",
                               title="Reception", room="Foyer"))
    save(timetable_meeting, organizer, theirs)
    mine[0].moderator = "Someone"
    with pytest.raises(StaleEdit, match="added items"):
        with db.transaction() as session:
            timetable.save_timetable(session, organizer, timetable_meeting, mine, opened=loaded)
    assert "Reception" in [row.title for row in rows_of(timetable_meeting)]


def test_a_rapporteur_in_two_parallel_items_is_a_clash_but_a_comma_in_a_name_is_not(timetable_meeting, organizer):
    rows = rows_of(timetable_meeting)
    rows.append(TimetableRow(day=rows[1].day, start=rows[1].start, end=rows[1].end, kind="session",
                             title="Working group", room="Room B", speakers="Smith, Jane", rapporteur="Lea Roth"))
    rows[1].speakers = "Smith, John"
    save(timetable_meeting, organizer, rows)
    rows = rows_of(timetable_meeting)
    rows[1].speakers = "Smith, John; Lea Roth"
    with pytest.raises(ValidationFailed, match="lea roth also takes part in"):
        save(timetable_meeting, organizer, rows)
