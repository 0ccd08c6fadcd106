"""Choosing the meeting: a click in the Meetings list opens it, and the sidebar shows the choice on every page."""
import datetime as dt

from planner import db
from planner.meetings import planning
from planner.models import MeetingStatus
from tests.test_pages import labelled, open_page, people  # noqa: F401 - people is a fixture


def two_meetings(make_meeting, organizer) -> tuple[int, int]:
    """The newer (chosen by default) and the older meeting, both planned."""
    newer = make_meeting(city="Vienna", start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 11))
    older = make_meeting(city="Ghent", start_date=dt.date(2027, 3, 1), end_date=dt.date(2027, 3, 2),
                         registration_deadline=dt.date(2027, 2, 1))
    with db.transaction() as session:
        for meeting_id in (newer, older):
            planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
    return newer, older


def test_a_click_in_the_list_opens_the_meeting(make_meeting, organizer, people):
    newer, older = two_meetings(make_meeting, organizer)
    app = open_page("meetings", people["organizer"])
    assert labelled(app.sidebar.selectbox, "Meeting").value == newer
    row = list(app.dataframe[0].value["Id"]).index(older)
    app.session_state["meetings_list"] = {"selection": {"rows": [], "columns": [], "cells": [[row, "City"]]}}
    app.run()
    assert not app.exception and app.title[0].value == "Meeting builder"
    assert app.session_state["meeting_id"] == older
    assert labelled(app.sidebar.selectbox, "Meeting").value == older
    assert labelled(app.text_input, "City").value == "Ghent"


def test_the_meeting_choice_is_in_the_sidebar_of_every_page(make_meeting, organizer, people):
    newer, older = two_meetings(make_meeting, organizer)
    for name, who in (("meetings", "organizer"), ("documents", "organizer"), ("participants", "delegate.austria"),
                      ("backup", "admin"), ("accounts", "admin")):
        app = open_page(name, people[who])
        assert not app.exception, name
        assert labelled(app.sidebar.selectbox, "Meeting").value == newer, name
    labelled(app.sidebar.selectbox, "Meeting").select(older).run()
    app.switch_page("planner/ui/backup.py").run()
    assert labelled(app.sidebar.selectbox, "Meeting").value == older
    app.switch_page("planner/ui/meeting_builder.py").run()
    assert labelled(app.text_input, "City").value == "Ghent"
