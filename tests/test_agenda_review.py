"""Agenda review: circulated versions frozen for good, who reads which version and which comments, openings, and
the comparison of two versions."""
import datetime as dt

import pytest
from sqlmodel import select

from planner import audit, db
from planner.access import SYSTEM
from planner.agenda_review import comments, comparison, versions
from planner.delegations import invitations
from planner.delegations.reference import find_delegation
from planner.errors import ImmutableVersion, InvalidTransition, NotFound, PermissionDenied, PlannerError, StaleEdit
from planner.meetings import planning, timetable
from planner.models import (
    AgendaItemKind, AgendaVersionItem, AgendaVersionStatus, CommentAudience, CommentStatus, MeetingStatus,
)
from planner.operations import audit_log
from tests.conftest import delegate_of

ItemChange = comparison.ItemChange


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting(start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 10))
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime", "terrorism", "cyber_crime"])
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        for name in ("Austria", "Türkiye"):
            invitation = invitations.invite(session, organizer, meeting_id, [find_delegation(session, name).id])[0]
            invitations.send(session, organizer, invitation.id, on=dt.date.today())
    return meeting_id


def circulate(organizer, meeting_id, on=dt.date(2027, 4, 1)):
    with db.transaction() as session:
        return versions.circulate(session, organizer, meeting_id, issued_on=on)


def edit_timetable(organizer, meeting_id, change):
    """Apply `change(rows)` to the timetable as the editor would and save it."""
    with db.transaction() as session:
        rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, SYSTEM, meeting_id)]
        change(rows)
        timetable.save_timetable(session, organizer, meeting_id, rows)


def sessions(rows):
    return [row for row in rows if row.kind == AgendaItemKind.session]


def test_circulation_takes_a_number_then_revisions_and_freezes_the_items(meeting_id, organizer):
    first = circulate(organizer, meeting_id)
    edit_timetable(organizer, meeting_id, lambda rows: setattr(sessions(rows)[0], "title", "Session 1: Threats"))
    second = circulate(organizer, meeting_id, dt.date(2027, 4, 8))
    assert (first.number, first.symbol, first.status) == (1, "CIO.GAL/1/27", AgendaVersionStatus.circulated)
    assert (second.number, second.symbol, second.issued_on) == (2, "CIO.GAL/1/27/Rev.1", dt.date(2027, 4, 8))
    with db.transaction() as session:
        old = versions.items_of(session, organizer, versions.get_version(session, organizer, meeting_id, 1))
        new = versions.items_of(session, organizer, versions.get_version(session, organizer, meeting_id, 2))
        keys = [item.key for item in timetable.agenda_items(session, SYSTEM, meeting_id)]
        assert [i.key for i in old] == [i.key for i in new] == keys
        assert "Session 1: Threats" in [i.title for i in new] and "Session 1: Threats" not in [i.title for i in old]
        assert [e.action for e in audit_log.entries(session, organizer, meeting_id=meeting_id)][:2] == [
            "agenda.circulate", "document.issue"]
    with pytest.raises(ImmutableVersion), db.transaction() as session:
        session.exec(select(AgendaVersionItem)).first().title = "Rewritten"
        session.flush()
    with pytest.raises(ImmutableVersion), db.transaction() as session:
        session.delete(session.exec(select(AgendaVersionItem)).first())
        session.flush()


def test_status_moves_draft_circulated_final_and_no_further(meeting_id, organizer):
    with db.transaction() as session:
        draft = versions.prepare(session, organizer, meeting_id)
        assert draft.status == AgendaVersionStatus.draft and draft.symbol is None
        with pytest.raises(PlannerError, match="already waiting"):
            versions.prepare(session, organizer, meeting_id)
        with pytest.raises(InvalidTransition):
            draft.move_to(AgendaVersionStatus.final)
    circulate(organizer, meeting_id)
    with db.transaction() as session:
        final = versions.make_final(session, organizer, meeting_id)
        assert final.status == AgendaVersionStatus.final
        with pytest.raises(PlannerError, match="final"):
            versions.prepare(session, organizer, meeting_id)


def test_a_discarded_draft_leaves_no_trace_but_the_audit(meeting_id, organizer):
    with db.transaction() as session:
        versions.prepare(session, organizer, meeting_id)
        versions.discard(session, organizer, meeting_id)
        assert versions.versions(session, organizer, meeting_id) == []
        assert session.exec(select(AgendaVersionItem)).all() == []


def test_delegates_read_only_circulated_versions_and_organizers_see_who_opened_them(meeting_id, organizer, secretariat):
    austria, turkiye = delegate_of("Austria"), delegate_of("Türkiye")
    with db.transaction() as session:
        versions.prepare(session, organizer, meeting_id)
        with pytest.raises(NotFound, match="not been circulated"):
            versions.get_version(session, austria, meeting_id)
        with pytest.raises(PermissionDenied):
            versions.prepare(session, austria, meeting_id)
    circulate(organizer, meeting_id)
    with db.transaction() as session:
        versions.prepare(session, organizer, meeting_id)
        assert [v.number for v in versions.versions(session, austria, meeting_id)] == [1]
        assert [v.number for v in versions.versions(session, secretariat, meeting_id)] == [1, 2]
        with pytest.raises(NotFound):
            versions.get_version(session, austria, meeting_id, 2)
        latest = versions.get_version(session, austria, meeting_id)
        assert versions.record_opening(session, austria, latest) is True
        assert versions.record_opening(session, austria, latest) is False
        assert versions.record_opening(session, organizer, latest) is False
        opened = versions.openings(session, organizer, meeting_id, 1)
        assert [d.name for d, _ in opened] == ["Austria"]
        with pytest.raises(PermissionDenied):
            versions.openings(session, turkiye, meeting_id, 1)


def test_comments_are_seen_by_their_audience_and_answered_by_organizers(meeting_id, organizer):
    austria, turkiye = delegate_of("Austria"), delegate_of("Türkiye")
    circulate(organizer, meeting_id)
    with db.transaction() as session:
        first, second = [i.key for i in versions.items_of(session, austria, versions.get_version(session, austria, meeting_id))
                         if i.kind == AgendaItemKind.session][:2]
        private = comments.add_comment(session, austria, meeting_id, first, "Could INTERPOL speak first?",
                                       CommentAudience.organizers)
        public = comments.add_comment(session, austria, meeting_id, second, "We propose a *speaker* on cybercrime.",
                                      CommentAudience.all_delegations)
        with pytest.raises(PlannerError, match="write something"):
            comments.add_comment(session, turkiye, meeting_id, first, "  ", CommentAudience.organizers)
        with pytest.raises(NotFound):
            comments.add_comment(session, turkiye, meeting_id, "nosuchkey", "Hello", CommentAudience.organizers)
        with pytest.raises(PermissionDenied):
            comments.add_comment(session, organizer, meeting_id, first, "Hello", CommentAudience.organizers)
        with pytest.raises(PermissionDenied, match="not been invited"):
            comments.add_comment(session, delegate_of("Norway"), meeting_id, first, "Hello", CommentAudience.organizers)
        ids = (private.id, public.id, private.version)
    with db.transaction() as session:
        assert [v.comment.id for v in comments.comments(session, organizer, meeting_id)] == [ids[0], ids[1]]
        assert [v.comment.id for v in comments.comments(session, austria, meeting_id)] == [ids[0], ids[1]]
        seen_by_turkiye = comments.comments(session, turkiye, meeting_id)
        assert [(v.comment.id, v.delegation) for v in seen_by_turkiye] == [(ids[1], "Austria")]
        with pytest.raises(PermissionDenied):
            comments.answer(session, turkiye, ids[0], "No")
        answered = comments.answer(session, organizer, ids[0], "Yes, INTERPOL opens the session.",
                                   expected_version=ids[2])
        assert answered.status == CommentStatus.answered and answered.answered_by == organizer.email
    with pytest.raises(StaleEdit), db.transaction() as session:
        comments.resolve(session, organizer, ids[0], expected_version=ids[2])
    with db.transaction() as session:
        comments.resolve(session, organizer, ids[0])
        assert [v.comment.id for v in comments.comments(session, organizer, meeting_id, open_only=True)] == [ids[1]]
        with pytest.raises(InvalidTransition):
            comments.resolve(session, organizer, ids[0])
        assert [v.comment.id for v in comments.answered_since(session, austria, meeting_id, None)] == [ids[0]]


def test_comparison_names_each_change_of_each_item(meeting_id, organizer):
    circulate(organizer, meeting_id)

    def change(rows):
        talks = sessions(rows)
        talks[0].start = (dt.datetime.combine(talks[0].day, talks[0].start) + dt.timedelta(minutes=15)).time()
        talks[1].title = "Session 2: Cross-border co-operation"
        talks[2].speakers = "Representative of Europol"
        closing = next(r for r in rows if r.kind == AgendaItemKind.closing)
        rows.remove(closing)
        rows.append(timetable.TimetableRow(day=closing.day, start=closing.start, end=closing.end, kind="closing",
                                        title="Closing and adoption", room=closing.room))
    edit_timetable(organizer, meeting_id, change)
    circulate(organizer, meeting_id, dt.date(2027, 4, 8))
    with db.transaction() as session:
        compared = comparison.compare_versions(session, delegate_of("Austria"), meeting_id, 1, 2)
        changed = {item.title: item.changes for item in compared.changed}
        talks = [item for item in compared.items if item.newer and item.newer.kind == AgendaItemKind.session]
    assert ItemChange.retimed in talks[0].changes
    assert changed["Session 2: Cross-border co-operation"] == (ItemChange.retitled,)
    assert talks[2].changes == (ItemChange.speakers_changed,)
    assert changed["Closing and adoption"] == (ItemChange.added,)
    removed = [item for item in compared.items if item.changes == (ItemChange.removed,)]
    assert len(removed) == 1 and removed[0].older.kind == AgendaItemKind.closing
    assert compared.items.index(removed[0]) == len(compared.items) - 2


def item(key, start, day=dt.date(2027, 5, 10)):
    return AgendaVersionItem(agenda_version_id=0, key=key, position=0, day=day,
                             start=dt.time(start), end=dt.time(start + 1), kind="session", title=key)


def test_an_item_moved_out_of_order_counts_as_moved():
    older = [item("a", 9), item("b", 10), item("c", 11)]
    newer = [item("b", 9), item("c", 10), item("a", 11)]
    changes = {c.key: c.changes for c in comparison.compare_items(older, newer)}
    assert changes == {"a": (ItemChange.moved, ItemChange.retimed), "b": (ItemChange.retimed,), "c": (ItemChange.retimed,)}


def test_swapping_two_sessions_leaves_what_keeps_its_time_unchanged():
    older = [item("a", 9), item("break", 10), item("b", 11), item("lunch", 12), item("c", 13, dt.date(2027, 5, 11))]
    newer = [item("b", 9), item("break", 10), item("a", 11), item("lunch", 12), item("c", 13, dt.date(2027, 5, 12))]
    changes = {c.key: c.changes for c in comparison.compare_items(older, newer)}
    assert changes["break"] == changes["lunch"] == ()
    assert all(ItemChange.retimed in changes[key] for key in "ab")
    assert changes["c"] == (ItemChange.moved,)


def test_a_second_calendar_export_updates_the_events_of_the_first(meeting_id, organizer):
    from icalendar import Calendar

    from planner.documents.calendar import calendar_file

    def events(content):
        parsed = Calendar.from_ical(content)
        return {str(e["UID"]): e for e in parsed.walk("VEVENT")}, parsed

    circulate(organizer, meeting_id)
    with db.transaction() as session:
        first, parsed = events(calendar_file(session, organizer, meeting_id))
        items = versions.items_of(session, organizer, versions.get_version(session, organizer, meeting_id))
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Vienna"]
    assert len(first) == len(items) and all(int(e["SEQUENCE"]) == 0 for e in first.values())
    opening = next(e for e in first.values() if "Opening" in str(e["SUMMARY"]))
    assert opening.decoded("DTSTART").tzinfo.key == "Europe/Vienna"
    assert opening.decoded("DTSTART").utcoffset() == dt.timedelta(hours=2)
    talk = next(i for i in items if i.kind == AgendaItemKind.session)
    event = next(e for e in first.values() if str(e["SUMMARY"]) == talk.title)
    assert talk.room in str(event["LOCATION"]) and "Hofburg, Vienna" in str(event["LOCATION"])

    def change(rows):
        sessions(rows)[0].speakers = "Representative of Europol"
        rows.remove(next(r for r in rows if r.kind == AgendaItemKind.closing))
    edit_timetable(organizer, meeting_id, change)
    circulate(organizer, meeting_id, dt.date(2027, 4, 8))
    with db.transaction() as session:
        second, _ = events(calendar_file(session, organizer, meeting_id))
    assert second.keys() == first.keys()
    changed = {uid for uid in second if int(second[uid]["SEQUENCE"]) > int(first[uid]["SEQUENCE"])}
    assert len(changed) == 2
    assert {str(second[uid].get("STATUS", "")) for uid in changed} == {"", "CANCELLED"}
    assert "Representative of Europol" in str(next(second[u]["DESCRIPTION"] for u in changed
                                                    if "STATUS" not in second[u]))


def test_a_delegation_calendar_holds_plenaries_and_its_own_parallel_sessions(meeting_id, organizer):
    from icalendar import Calendar

    from planner.documents.calendar import calendar_file

    def parallel(rows):
        talk = sessions(rows)[0]
        rows.append(timetable.TimetableRow(day=talk.day, start=talk.start, end=talk.end, kind="session",
                                        title="Side session on border policing", room="Room B",
                                        speakers="Head of the Border Police of Austria"))
        rows.append(timetable.TimetableRow(day=talk.day, start=talk.start, end=talk.end, kind="session",
                                        title="Side session on cybercrime", room="Room C", speakers="Expert of Norway"))
    edit_timetable(organizer, meeting_id, parallel)
    circulate(organizer, meeting_id)
    with db.transaction() as session:
        every = Calendar.from_ical(calendar_file(session, organizer, meeting_id)).walk("VEVENT")
        austria = Calendar.from_ical(calendar_file(session, delegate_of("Austria"), meeting_id,
                                                   delegation="Austria")).walk("VEVENT")
    titles = {str(e["SUMMARY"]) for e in austria}
    assert "Side session on border policing" in titles and "Side session on cybercrime" not in titles
    plenary = {str(e["SUMMARY"]) for e in every if str(e["SUMMARY"]).startswith("Session")}
    assert len(plenary) == 3 and len(titles & plenary) == 2
    assert not any(str(e["SUMMARY"]) in ("Coffee break", "Lunch") for e in austria)
    assert len(austria) < len(every)


def test_the_migration_gives_existing_items_keys_and_keeps_their_summaries(database_url, demo_meeting):
    import sqlalchemy as sa
    from alembic import command

    def counts():
        with db.engine_for(database_url).connect() as connection:
            return (tuple(connection.execute(sa.text("SELECT count(*), count(DISTINCT key) FROM agendaitem")).one()),
                    connection.execute(sa.text("SELECT count(*) FROM rapporteursummary")).scalar())

    before = counts()
    config = db.alembic_config(database_url)
    with db.engine_for(database_url).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    db.upgrade(database_url)
    assert counts() == before and before[0][0] == before[0][1] > 0 and before[1] > 0
