"""The demo meeting as Austria's delegate sees it in the app: the pages a delegate uses show nothing of the working
timetable, of other delegations' nominees before the list of participants is issued, or of what other delegations
wrote for the organizers only (an objection that broke silence, a comment)."""
import pandas as pd
import pytest

from planner import db
from planner.access import SYSTEM
from planner.agenda_review import comments, versions
from planner.documents import participants_list
from planner.meetings import timetable
from planner.models import CommentAudience
from planner.operations import demo
from planner.statement import silence
from tests.test_pages import labelled, on_every_tab, open_page, people, texts  # noqa: F401 - people is a fixture

WORKING_TITLE = "Working title, not circulated"
TURKIYE_OBJECTION = "National legislation governs the exchange of personal data"
GERMAN_COMMENT = "Germany asks the organizers alone about the coffee break"


@pytest.fixture
def meeting_id(people):
    """The demo meeting, whose timetable has since been given a working title, and on whose agenda Germany has
    commented for the organizers only."""
    with db.transaction() as session:
        meeting_id = demo.create_demo_meeting(session, SYSTEM)
        rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, SYSTEM, meeting_id)]
        rows[-1].title = WORKING_TITLE
        timetable.save_timetable(session, SYSTEM, meeting_id, rows)
        latest = versions.get_version(session, SYSTEM, meeting_id)
        comments.add_comment(session, people["delegate.germany"], meeting_id,
                             versions.items_of(session, SYSTEM, latest)[1].key, GERMAN_COMMENT,
                             CommentAudience.organizers)
    return meeting_id


def everything_shown(app) -> str:
    """The page's text, its tables' cells and its choices."""
    tables = [frame.value.to_csv() for frame in app.dataframe if isinstance(frame.value, pd.DataFrame)]
    choices = [str(option) for box in app.selectbox for option in box.options]
    return "\n".join([texts(app), *tables, *choices])


def test_austria_sees_nothing_of_the_working_timetable_nor_what_others_wrote_for_the_organizers(people, meeting_id):
    austria = people["delegate.austria"]
    for page in ("agenda_review", "timetable", "negotiation", "statement", "participants"):
        app = open_page(page, austria, meeting_id)
        shown = on_every_tab(app, everything_shown) if page == "negotiation" else everything_shown(app)
        assert not app.exception, page
        assert WORKING_TITLE not in shown, page
        assert TURKIYE_OBJECTION not in shown, page
        assert GERMAN_COMMENT not in shown, page
    with db.transaction() as session:
        objections = [o.text for s in silence.procedures(session, people["organizer"], meeting_id) for o in s.objections]
    assert any(TURKIYE_OBJECTION in text for text in objections), "Türkiye broke the demo's first silence"


def test_austria_reads_other_delegations_nominees_once_the_list_is_issued_without_their_contact_data(people,
                                                                                                     meeting_id):
    austria = people["delegate.austria"]
    before = open_page("participants", austria, meeting_id)
    assert not before.exception
    assert set(before.dataframe[0].value["Delegation"]) == {"Austria"}
    assert labelled(before.selectbox, "Delegation").options == ["Austria"]
    with db.transaction() as session:
        participants_list.issue_participants_list(session, SYSTEM, meeting_id)
    after = open_page("participants", austria, meeting_id)
    labelled(after.selectbox, "Delegation").select("All delegations").run()
    frame = after.dataframe[0].value
    others = frame[frame["Delegation"] != "Austria"]
    assert len(others) > 0 and set(others["Email"]) == {"—"} and set(others["Gender"]) == {""}
    assert (frame[frame["Delegation"] == "Austria"]["Email"] != "—").all()
