"""Building the meeting as a new Chairmanship does: *Generate timetable* takes the priorities on screen, the summary
names the sessions chosen, times are typed on the 24-hour clock and dates day first whatever the browser's language,
and a comment for all delegations says it went to them."""
import datetime as dt
import json

from sqlmodel import col, select

from planner import db
from planner.access import SYSTEM
from planner.meetings import planning, timetable
from planner.models import AuditEntry, CommentAudience, MeetingStatus
from planner.ui.common import md
from tests.test_negotiation_pages import circulated_meeting
from tests.test_pages import (  # noqa: F401 - `people` is a fixture
    labelled, on_tab, open_page, people, texts, with_timetable,
)

FIVE = ["terrorism", "cyber_crime", "organized_crime", "illicit_drugs", "trafficking_in_human_beings"]


def chosen(meeting_id: int) -> list[str]:
    with db.transaction() as session:
        return [p.code for p in planning.chosen_priorities(session, SYSTEM, meeting_id)]


def items_of(meeting_id: int) -> list[int]:
    with db.transaction() as session:
        return [item.id for item in timetable.agenda_items(session, SYSTEM, meeting_id)]


def test_generate_takes_the_priorities_on_screen_and_saves_them_with_the_timetable(database_url, people, make_meeting):
    meeting_id = make_meeting()
    app = open_page("meeting_builder", people["organizer"], meeting_id)
    labelled(app.button, "Generate timetable").click().run()
    assert "Choose the meeting's priorities first" in app.error[0].value, "none picked on screen"
    app.multiselect(key=f"priorities_{meeting_id}").set_value(FIVE).run()
    assert "Generating saves the priorities as picked above." in texts(app)
    assert labelled(app.radio, "Meeting format").format_func("two-day") == md("Two days — five thematic sessions")
    labelled(app.button, "Generate timetable").click().run()
    assert not app.exception and not app.error
    assert chosen(meeting_id) == FIVE and len(items_of(meeting_id)) == 12
    with db.transaction() as session:
        logged = session.exec(select(AuditEntry.action).where(AuditEntry.meeting_id == meeting_id)
                              .order_by(col(AuditEntry.id))).all()
    assert logged[-2:] == ["meeting.priorities", "agenda.generate"]

    again = open_page("meeting_builder", people["organizer"], meeting_id)
    again.multiselect(key=f"priorities_{meeting_id}").set_value(FIVE[:4]).run()
    before = items_of(meeting_id)
    labelled(again.button, "Generate timetable").click().run()
    assert md("This replaces the 12 items of the current timetable, with their rooms, moderators, speakers and any "
              "other change, by a new one drafted from the format and the priorities as picked above, which it "
              "saves.") in texts(again)
    labelled(again.button, "Cancel").click().run()
    assert items_of(meeting_id) == before and chosen(meeting_id) == FIVE, "Cancel replaces and saves nothing"


def test_the_summary_names_the_sessions_chosen_not_the_most_the_format_holds(database_url, people, make_meeting):
    meeting_id, _ = with_timetable(make_meeting, people["organizer"], FIVE)
    with db.transaction() as session:
        planning.change_status(session, people["organizer"], meeting_id, MeetingStatus.planned)
    app = open_page("meeting_builder", people["delegate.austria"], meeting_id)
    assert f"**Format:** {md('Two days — five thematic sessions')}" in texts(app)
    assert "six" not in texts(app)


def test_the_timetable_takes_days_from_the_meeting_and_times_on_the_24_hour_clock(database_url, people, make_meeting):
    """A date or time cell takes the browser's language (11:45 typed in an en-US browser gave 23:45): the days are
    picked from the meeting's, the times typed as text the page checks."""
    meeting_id, items = with_timetable(make_meeting, people["organizer"], ["terrorism", "cyber_crime"])
    app = open_page("timetable", people["organizer"], meeting_id)
    columns = json.loads(app.data_editor[0].proto.columns)
    assert columns["day"]["type_config"]["options"] == [{"value": "2027-05-10", "label": "Mon 10 May"},
                                                        {"value": "2027-05-11", "label": "Tue 11 May"}]
    assert {columns[name]["type_config"]["type"] for name in ("day", "start", "end")} == {"selectbox", "text"}
    assert columns["start"]["type_config"]["validate"] == columns["end"]["type_config"]["validate"] == timetable.CLOCK
    closing = len(items) - 1
    app.session_state[f"timetable_{meeting_id}_0_0"] = {
        "edited_rows": {closing: {"end": "5:45 PM"}}, "added_rows": [], "deleted_rows": []}
    app.run()
    assert md("the end '5:45 PM' is not a time on the 24-hour clock, such as 14:30") in app.warning[0].value
    assert labelled(app.button, "Save timetable").disabled
    app.session_state[f"timetable_{meeting_id}_0_0"] = {
        "edited_rows": {closing: {"end": "17:45"}}, "added_rows": [], "deleted_rows": []}
    app.run()
    assert not app.warning and "You have changes that are not saved yet." in texts(app)
    labelled(app.button, "Save timetable").click().run()
    assert not app.exception and "Timetable saved" in app.success[0].value
    with db.transaction() as session:
        assert timetable.agenda_items(session, SYSTEM, meeting_id)[-1].end == dt.time(17, 45)


def test_every_date_input_takes_the_day_first(database_url, people, make_meeting):
    meeting_id = circulated_meeting(make_meeting, people["organizer"])
    formats = {}
    for page in ("meetings", "meeting_builder", "invitations", "audit_log", "negotiation"):
        app = open_page(page, people["organizer"], meeting_id)
        if page == "negotiation":
            on_tab(app, "Silence procedure")
        formats.update({f"{page}: {d.label}": d.proto.format for d in app.date_input})
    assert len(formats) >= 8 and set(formats.values()) == {"DD.MM.YYYY"}, formats


def test_a_comment_for_all_delegations_says_it_went_to_them(database_url, people, demo_meeting, make_meeting):
    for page, meeting_id in (("agenda_review", demo_meeting),
                             ("negotiation", circulated_meeting(make_meeting, people["organizer"]))):
        app = open_page(page, people["delegate.austria"], meeting_id)
        if page == "negotiation":
            on_tab(app, "Comments")
        labelled(app.text_area, "Your delegation's comment").input("Could this wait until after lunch?")
        labelled(app.radio, "Who may read it").set_value(CommentAudience.all_delegations)
        labelled(app.button, "Send the comment").click().run()
        assert not app.exception and "Comment sent to all delegations" in texts(app), page
