"""Every page, through Streamlit's AppTest, for at least two roles."""
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from planner import agenda, db, demo, invitations, meetings, reference, sessions
from planner.access import SYSTEM
from planner.models import AgendaItem, AgendaItemKind, Meeting, MeetingStatus
from planner.ui.common import TOKEN_KEY, md
from tests.conftest import sign_in_actor

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "planner" / "ui"
RUN_TIMEOUT = 90


def app_test(script: Path) -> AppTest:
    """Every run of a page in these tests may take up to RUN_TIMEOUT seconds: generous, because the suite runs on
    shared, loaded machines where a page that renders in a second can wait far longer for the processor."""
    return AppTest.from_file(str(script), default_timeout=RUN_TIMEOUT)


def signed_in_as(app: AppTest, actor) -> AppTest:
    """Sign `actor` in (with the demo password) as the sign-in form does, and hand the page its session token."""
    with db.transaction() as session:
        app.session_state[TOKEN_KEY] = sessions.sign_in(session, actor.email, demo.DEMO_PASSWORD, "test").token
    return app


def open_page(name: str, actor=None, meeting_id: int | None = None) -> AppTest:
    """Open a page as a user does: through the app's navigation, signed in as `actor`."""
    app = app_test(ROOT / "streamlit_app.py")
    if actor is not None:
        signed_in_as(app, actor)
    if meeting_id is not None:
        app.session_state["meeting_id"] = meeting_id
    app.run()
    if name not in ("app", "sign_in"):
        app.switch_page(f"planner/ui/{name}.py").run()
    return app


def open_page_directly(name: str, actor=None, meeting_id: int | None = None) -> AppTest:
    """Run one page file on its own, as if someone reached it without the role's navigation."""
    app = app_test(UI / f"{name}.py")
    if actor is not None:
        signed_in_as(app, actor)
    if meeting_id is not None:
        app.session_state["meeting_id"] = meeting_id
    return app.run()


def navigation_of(actor) -> list[str]:
    app = signed_in_as(app_test(ROOT / "streamlit_app.py"), actor)
    app.run()
    return [Path(info["script_path"]).stem for info in app._registered_pages.values() if info.get("script_path")]


def labelled(widgets, label):
    return next(w for w in widgets if w.label == label)


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Every file a page offers for download in this test, by its download name, as the browser would receive it."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    offered: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        offered[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return offered


def prepare_and_download(app: AppTest, what: str, downloads: dict[str, bytes]) -> bytes:
    """Click *Prepare …*, check that *Download …* is then offered, and return the file it offers."""
    downloads.clear()
    labelled(app.button, f"Prepare {what}").click().run()
    assert not app.exception
    assert f"Download {what}" in [b.label for b in app.get("download_button")]
    [content] = downloads.values()
    return content


def texts(app: AppTest) -> str:
    parts = [m.value for kind in ("markdown", "info", "warning", "error", "success", "caption", "title", "subheader")
             for m in getattr(app, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def people(demo_users):
    return {u.role.value if u.role.value != "delegate" else u.email.split("@")[0]: sign_in_actor(u.email) for u in demo_users}


def test_sign_in_refuses_a_wrong_password_and_admits_a_right_one(database_url, demo_users):
    app = open_page("sign_in")
    labelled(app.text_input, "Email").input("organizer@demo.osce")
    labelled(app.text_input, "Password").input("wrong")
    app.button[0].click().run()
    assert "not right" in app.error[0].value and TOKEN_KEY not in app.session_state
    labelled(app.text_input, "Password").input("demo")
    app.button[0].click().run()
    assert app.session_state["actor"].email == "organizer@demo.osce" and app.session_state[TOKEN_KEY]


def test_app_shows_sign_in_first_then_the_pages_of_the_role(database_url, people):
    app = open_page("app")
    assert not app.exception and "Chiefs of Police meeting planner" in app.title[0].value
    signed_in = open_page("app", people["organizer"])
    assert not signed_in.exception
    assert any(button.label == "Sign out" for button in signed_in.sidebar.button)
    assert md("organizer@demo.osce") in "".join(m.value for m in signed_in.sidebar.markdown)


def test_meetings_page_organizer_creates_delegate_only_reads(database_url, people):
    app = open_page("meetings", people["organizer"])
    assert "No meeting has been planned yet" in app.info[0].value
    labelled(app.text_input, "City").input("Vienna")
    labelled(app.button, "Create meeting").click().run()
    assert md("Chairmanship: choose the participating State that holds the Chairmanship") in app.error[0].value
    labelled(app.selectbox, "Chairmanship (participating State)").select("Austria")
    labelled(app.button, "Create meeting").click().run()
    assert not app.exception
    with db.transaction() as session:
        assert [m.city for m in meetings.list_meetings(session, SYSTEM)] == ["Vienna"]
    reader = open_page("meetings", people["delegate.austria"])
    assert not reader.exception and "Create meeting" not in [b.label for b in reader.button]
    assert "created by the Chairmanship's organizers" in texts(reader)


def test_new_meeting_form_proposes_the_years_chairmanship(database_url, people, make_meeting):
    next_year = dt.date.today().year + 1
    make_meeting(chairmanship="Belgium", chairmanship_year=next_year, start_date=dt.date(next_year, 3, 1),
                 end_date=dt.date(next_year, 3, 2), registration_deadline=dt.date(next_year, 2, 1))
    app = open_page("meetings", people["organizer"])
    assert labelled(app.selectbox, "Chairmanship (participating State)").value == "Belgium"
    assert labelled(app.number_input, "Chairmanship year").value == next_year


def test_meeting_builder_organizer_picks_priorities_and_generates(database_url, people, make_meeting):
    meeting_id = make_meeting(start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 10))
    app = open_page("meeting_builder", people["organizer"], meeting_id)
    app.multiselect(key=f"priorities_{meeting_id}").set_value(["terrorism", "cyber_crime", "organized_crime"]).run()
    labelled(app.button, "Save priorities").click().run()
    labelled(app.radio, "Meeting format").set_value("brussels-2006").run()
    labelled(app.button, "Generate timetable").click().run()
    assert not app.exception
    with db.transaction() as session:
        assert [p.code for p in meetings.chosen_priorities(session, SYSTEM, meeting_id)] == ["terrorism", "cyber_crime", "organized_crime"]
        assert len(agenda.agenda_items(session, SYSTEM, meeting_id)) == 8


def test_meeting_builder_is_read_only_for_a_delegate(database_url, people, make_meeting):
    meeting_id = make_meeting()
    draft_hidden = open_page("meeting_builder", people["delegate.austria"], meeting_id)
    assert "No meeting has been announced yet" in draft_hidden.info[0].value
    with db.transaction() as session:
        meetings.change_status(session, people["organizer"], meeting_id, MeetingStatus.planned)
    app = open_page("meeting_builder", people["delegate.austria"], meeting_id)
    assert not app.exception and "only the Chairmanship's organizers change it" in texts(app)
    assert labelled(app.button, "Save details").disabled
    assert "Generate timetable" not in [b.label for b in app.button]


def test_meeting_builder_shows_a_stale_edit_as_a_message(database_url, people, make_meeting):
    meeting_id = make_meeting()
    app = open_page("meeting_builder", people["organizer"], meeting_id)
    with db.transaction() as session:
        details = meetings.details_of(session, SYSTEM, meeting_id)
        details.city = "Graz"
        meetings.update_meeting(session, people["organizer"], meeting_id, details, None)
    app.run()
    labelled(app.button, "Save details").click().run()
    assert "changed by someone else" in app.error[0].value
    with db.transaction() as session:
        assert session.get(Meeting, meeting_id).city == "Graz"


def test_timetable_page_shows_problems_and_chart(database_url, people, make_meeting):
    meeting_id = make_meeting()
    empty = open_page("timetable", people["organizer"], meeting_id)
    assert "There is no timetable yet" in empty.info[0].value
    with db.transaction() as session:
        meetings.set_priorities(session, people["organizer"], meeting_id, ["terrorism", "cyber_crime"])
        items = agenda.generate_timetable(session, people["organizer"], meeting_id, "two-day")
        clash = items[1]
        session.add(AgendaItem(meeting_id=meeting_id, day=clash.day, start=clash.start, end=clash.end,
                               kind=AgendaItemKind.session, title="Side event", room=clash.room))
    app = open_page("timetable", people["organizer"], meeting_id)
    assert not app.exception
    assert "is already used at that time" in app.warning[0].value
    assert "Save timetable" in [b.label for b in app.button]
    assert len(app.get("vega_lite_chart")) == 1
    reader = open_page("timetable", people["delegate.austria"], meeting_id)
    assert not reader.exception and "Save timetable" not in [b.label for b in reader.button]


def test_invitations_page_organizer_invites_a_group(database_url, people, make_meeting):
    meeting_id = make_meeting()
    app = open_page("invitations", people["organizer"], meeting_id)
    assert "Nobody is invited yet" in app.info[0].value
    app.button(key="invite_Asian Partners for Co-operation").click().run()
    assert not app.exception
    assert "5 shown of 5" in texts(app)


def test_invitations_page_says_reminders_are_drafts_until_recorded(database_url, people, make_meeting, downloads):
    today = dt.date.today()
    start = today + dt.timedelta(days=20)
    meeting_id = make_meeting(chairmanship_year=start.year, start_date=start, end_date=start + dt.timedelta(days=1),
                              registration_deadline=today + dt.timedelta(days=10))
    with db.transaction() as session:
        made = invitations.invite(session, people["organizer"], meeting_id, [reference.find_delegation(session, "Malta").id])
        invitations.send(session, people["organizer"], made[0].id, on=today)
    app = open_page("invitations", people["organizer"], meeting_id)
    assert not app.exception
    assert "are DRAFT files" in texts(app) and "/Add.1" in texts(app)
    reminders = zipfile.ZipFile(io.BytesIO(prepare_and_download(app, "1 reminder note", downloads)))
    assert [name.startswith("DRAFT") and name.endswith(".docx") for name in reminders.namelist()] == [True]


def test_invitations_page_delegate_sees_their_own_state(database_url, people, demo_meeting):
    app = open_page("invitations", people["delegate.austria"], demo_meeting)
    assert not app.exception
    assert app.metric[0].value == "Nominated" and "Austria" in texts(app)
    everyone = open_page("invitations", people["organizer"], demo_meeting)
    assert not everyone.exception and "78 shown of 78" in texts(everyone)


def test_participants_page_delegate_sees_only_their_contact_data(database_url, people, demo_meeting):
    app = open_page("participants", people["delegate.austria"], demo_meeting)
    assert not app.exception
    assert set(app.dataframe[0].value["Delegation"]) == {"Austria"}, "a delegate starts with their own delegation"
    labelled(app.selectbox, "Delegation").select("All delegations").run()
    table = app.dataframe[0].value
    assert set(table.loc[table["Delegation"] != "Austria", "Email"]) == {"—"}
    assert all("@" in e for e in table.loc[table["Delegation"] == "Austria", "Email"])
    assert "You manage the nominations of **Austria**" in app.success[0].value
    labelled(app.text_input, "First name").input("Lena")
    labelled(app.text_input, "Last name").input("Gruber")
    labelled(app.text_input, "Email").input("lena.gruber@bmi.example")
    labelled(app.button, "Add participant").click().run()
    assert not app.exception
    table = app.dataframe[0].value
    assert "Lena Gruber" in " ".join(table["Name"])


def test_participants_page_organizer_sees_all_and_exports(database_url, people, demo_meeting, downloads):
    app = open_page("participants", people["organizer"], demo_meeting)
    assert not app.exception
    shown = app.dataframe[0].value
    assert "—" not in set(shown["Email"])
    assert not app.get("download_button")  # nothing is built until asked for
    rows = prepare_and_download(app, "participants as CSV", downloads).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("delegation,salutation,first_name") and len(rows) == len(shown) + 1
    workbook = load_workbook(io.BytesIO(prepare_and_download(app, "participants as XLSX", downloads)))
    assert workbook.active.max_row == len(shown) + 1
    document = Document(io.BytesIO(prepare_and_download(app, "the list of participants (Word)", downloads)))
    assert "List of participants" in "\n".join(p.text for p in document.paragraphs)


def test_dashboard_for_organizer_and_refused_for_delegate(database_url, people, demo_meeting):
    app = open_page("dashboard", people["secretariat"], demo_meeting)
    assert not app.exception
    assert labelled(app.metric, "Invited").value == "78"
    assert len(app.get("vega_lite_chart")) == 2
    assert "dashboard" not in navigation_of(people["delegate.austria"])
    refused = open_page_directly("dashboard", people["delegate.austria"], demo_meeting)
    assert "does not allow you to invite delegations" in refused.error[0].value


def test_audit_log_for_secretariat_and_refused_for_delegate(database_url, people, demo_meeting, downloads):
    app = open_page("audit_log", people["secretariat"], demo_meeting)
    assert not app.exception
    actions = set(app.dataframe[0].value["Action"])
    assert {"meeting.create", "invitation.sent", "participant.add"} <= actions
    labelled(app.text_input, "Action contains").input("agenda").run()
    assert {action.split(".")[0] for action in app.dataframe[0].value["Action"]} == {"agenda"}
    exported = prepare_and_download(app, "these entries as CSV", downloads).decode("utf-8-sig").splitlines()
    assert exported[0].startswith("When (UTC),Who,Role,Action") and len(exported) == len(app.dataframe[0].value) + 1
    assert "audit_log" not in navigation_of(people["delegate.turkiye"])
    refused = open_page_directly("audit_log", people["delegate.turkiye"], demo_meeting)
    assert "does not allow you to read the audit log" in refused.error[0].value


def test_pages_without_sign_in_stop_with_a_pointer(database_url):
    for name in ("meetings", "meeting_builder", "timetable", "invitations", "participants", "dashboard", "audit_log"):
        app = open_page_directly(name)
        assert not app.exception and "Please sign in first" in app.warning[0].value


def test_timetable_page_refuses_to_save_over_a_colleagues_new_item(database_url, people, make_meeting):
    meeting_id = make_meeting()
    with db.transaction() as session:
        meetings.set_priorities(session, people["organizer"], meeting_id, ["terrorism"])
        items = agenda.generate_timetable(session, people["organizer"], meeting_id, "two-day")
    app = open_page("timetable", people["organizer"], meeting_id)
    with db.transaction() as session:
        session.add(AgendaItem(meeting_id=meeting_id, day=items[0].day, start=dt.time(18), end=dt.time(19),
                               kind=AgendaItemKind.session, title="Reception", room="Foyer"))
    labelled(app.button, "Save timetable").click().run()
    assert "added items to the timetable after you opened it" in app.error[0].value
    with db.transaction() as session:
        assert "Reception" in [i.title for i in agenda.agenda_items(session, SYSTEM, meeting_id)]
    labelled(app.button, "Discard my changes and reload").click().run()
    assert not app.error
    labelled(app.button, "Save timetable").click().run()
    assert not app.error and "Timetable saved" in app.success[0].value


def test_documents_page_lists_the_register_and_issues_the_agenda(database_url, people, demo_meeting):
    app = open_page("documents", people["secretariat"], demo_meeting)
    assert not app.exception
    table = app.dataframe[0].value
    assert table["Symbol"].str.match(r"CIO\.GAL/\d+/\d\d(/Rev\.\d+)?$").all() and len(table) >= 1
    assert set(table.columns) == {"Symbol", "Date", "Title", "Kind", "Meeting", "Issued by"}
    assert next(b for b in app.button if b.label.startswith("Circulate the agenda")).disabled
    circulating = open_page("documents", people["organizer"], demo_meeting)
    before = len(circulating.dataframe[0].value)
    next(b for b in circulating.button if b.label.startswith("Circulate the agenda")).click().run()
    assert not circulating.exception and "Circulated the agenda as" in circulating.success[0].value
    assert len(circulating.dataframe[0].value) == before + 1
    assert "documents" not in navigation_of(people["delegate.turkiye"])
    refused = open_page_directly("documents", people["delegate.turkiye"], demo_meeting)
    assert "does not allow you to issue documents" in refused.error[0].value
