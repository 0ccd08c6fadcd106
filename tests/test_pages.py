"""Every page, through Streamlit's AppTest, for at least two roles."""
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from planner import db
from planner.access import SYSTEM
from planner.accounts import sign_in
from planner.delegations import invitations, participants, reference, replies
from planner.documents import participants_list
from planner.meetings import planning, timetable
from planner.models import AgendaItem, AgendaItemKind, InvitationState, Meeting, MeetingStatus, RegistrationStatus
from planner.operations import demo
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
        app.session_state[TOKEN_KEY] = sign_in.sign_in(session, actor.email, demo.DEMO_PASSWORD, "test").token
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


REQUIRED = " *"


def on_tab(app: AppTest, label: str, key: str = "negotiation_tab") -> AppTest:
    """The page run again with the tab `label` open, as a click on it does: only the open tab's content runs."""
    app.session_state[key] = label
    return app.run()


def on_every_tab(app: AppTest, shown: Callable[[AppTest], str], key: str = "negotiation_tab") -> str:
    """What `shown` finds on the page with each of its tabs open in turn; each must open without an exception."""
    found = []
    for label in [tab.label for tab in app.tabs]:
        on_tab(app, label, key)
        assert not app.exception, f"the {label} tab: {app.exception}"
        found.append(shown(app))
    return "\n".join(found)


def labelled(widgets, label):
    """The widget with this label, marked as required or not."""
    return next(w for w in widgets if w.label in (label, label + REQUIRED))


class Offered(dict):
    """Every file a page offers for download in this test, by its download name, as the browser would receive it;
    and what each one-click button builds when clicked, by the button's deferred file id."""

    def __init__(self) -> None:
        super().__init__()
        self.when_clicked: dict[str, Callable[[], bytes]] = {}


@pytest.fixture
def downloads(monkeypatch) -> Offered:
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    offered = Offered()
    original = MemoryMediaFileStorage.load_and_get_id
    deferred = MediaFileManager.add_deferred

    def keep(self, path_or_data, mimetype, kind, filename=None):
        offered[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    def keep_for_the_click(self, data_callable, *arguments, **keywords):
        file_id = deferred(self, data_callable, *arguments, **keywords)
        offered.when_clicked[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    monkeypatch.setattr(MediaFileManager, "add_deferred", keep_for_the_click)
    return offered


def prepare_and_download(app: AppTest, what: str, downloads: Offered) -> bytes:
    """Click *Prepare …*, check that *Download …* is then offered, and return the file it offers."""
    downloads.clear()
    labelled(app.button, f"Prepare {what}").click().run()
    assert not app.exception
    assert f"Download {what}" in [b.label for b in app.get("download_button")]
    [content] = downloads.values()
    return content


def download_in_one_click(app: AppTest, what: str, downloads: Offered) -> bytes:
    """*Download …* is offered with nothing built on the page's run: the file its click builds."""
    button = labelled(app.get("download_button"), f"Download {what}")
    assert not button.proto.url and not button.disabled, f"{what} is built on every run of the page, or not offered"
    return downloads.when_clicked[button.proto.deferred_file_id]()


def texts(app: AppTest) -> str:
    parts = [m.value for kind in ("markdown", "info", "warning", "error", "success", "caption", "title", "header")
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
        assert [m.city for m in planning.list_meetings(session, SYSTEM)] == ["Vienna"]
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


SESSION_ORDER = (f"1. Terrorism :gray[· framework priority 3]\n2. {md('Cyber-crime')} :gray[· framework priority 6]\n"
                 "3. Organized crime :gray[· framework priority 2]")


def test_meeting_builder_organizer_picks_priorities_and_generates(database_url, people, make_meeting):
    meeting_id = make_meeting(start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 10))
    app = open_page("meeting_builder", people["organizer"], meeting_id)
    app.multiselect(key=f"priorities_{meeting_id}").set_value(["terrorism", "cyber_crime", "organized_crime"]).run()
    assert app.multiselect(key=f"priorities_{meeting_id}").format_func("cyber_crime") == "Cyber-crime"
    assert SESSION_ORDER in texts(app) and "Sessions in this order (not saved yet):" in texts(app)
    labelled(app.button, "Save priorities").click().run()
    assert SESSION_ORDER in texts(app) and "Sessions in this order:" in texts(app)
    labelled(app.radio, "Meeting format").set_value("brussels-2006").run()
    labelled(app.button, "Generate timetable").click().run()
    assert not app.exception
    with db.transaction() as session:
        assert [p.code for p in planning.chosen_priorities(session, SYSTEM, meeting_id)] == ["terrorism", "cyber_crime", "organized_crime"]
        assert len(timetable.agenda_items(session, SYSTEM, meeting_id)) == 8


def test_meeting_builder_is_a_summary_to_read_for_a_delegate(database_url, people, make_meeting):
    meeting_id = make_meeting()
    draft_hidden = open_page("meeting_builder", people["delegate.austria"], meeting_id)
    assert "No meeting has been announced yet" in draft_hidden.info[0].value
    with db.transaction() as session:
        planning.set_priorities(session, people["organizer"], meeting_id, ["terrorism", "cyber_crime", "organized_crime"])
        planning.change_status(session, people["organizer"], meeting_id, MeetingStatus.planned)
    for reader in ("delegate.austria", "secretariat"):
        app = open_page("meeting_builder", people[reader], meeting_id)
        assert not app.exception and "only the Chairmanship's organizers change it" in texts(app)
        assert [b.label for b in app.main.button] == [] and not app.text_input and not app.multiselect and not app.radio
        shown = texts(app)
        assert "**Chairmanship:** Slovakia \\(2027\\)" in shown and "**Dates:** 10 to 11 May 2027" in shown
        assert "**Times in:** Central European Summer Time \\(CEST, UTC\\+2\\)" in shown
        assert SESSION_ORDER in shown


def test_meeting_builder_shows_a_stale_edit_as_a_message(database_url, people, make_meeting):
    meeting_id = make_meeting()
    app = open_page("meeting_builder", people["organizer"], meeting_id)
    with db.transaction() as session:
        details = planning.details_of(session, SYSTEM, meeting_id)
        details.city = "Graz"
        planning.update_meeting(session, people["organizer"], meeting_id, details, None)
    app.run()
    labelled(app.button, "Save details").click().run()
    assert "changed by someone else" in app.error[0].value
    with db.transaction() as session:
        assert session.get(Meeting, meeting_id).city == "Graz"


def chart_of(app: AppTest, number: int = 0) -> tuple[dict, pd.DataFrame]:
    """A chart's Vega-Lite specification and its data, as the browser receives them."""
    proto = app.get("vega_lite_chart")[number].proto
    return json.loads(proto.spec), dataframe_util.convert_arrow_bytes_to_pandas_df(proto.datasets[0].data.data)


def encodings(spec: dict) -> list[dict]:
    """Every encoding in a chart, its layers and facets included."""
    found = [spec["encoding"]] if "encoding" in spec else []
    for part in (*spec.get("layer", ()), *([spec["spec"]] if "spec" in spec else ())):
        found += encodings(part)
    return found


def displayed(table) -> pd.DataFrame:
    """A table's cells as the reader sees them: Streamlit writes an empty cell as its placeholder, "None" without one."""
    shown = table.value.astype(object).where(table.value.notna(), table.proto.placeholder if table.proto.HasField(
        "placeholder") else "None")
    return shown.astype(str)


def with_timetable(make_meeting, organizer, priorities: list[str], format_key: str = "two-day", **overrides):
    """A meeting with a generated timetable: its id and the items."""
    meeting_id = make_meeting(**overrides)
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, priorities)
        return meeting_id, timetable.generate_timetable(session, organizer, meeting_id, format_key)


def test_timetable_page_shows_problems_and_chart(database_url, people, make_meeting):
    meeting_id = make_meeting()
    empty = open_page("timetable", people["organizer"], meeting_id)
    assert "There is no timetable yet" in empty.info[0].value
    with db.transaction() as session:
        planning.set_priorities(session, people["organizer"], meeting_id, ["terrorism", "cyber_crime"])
        items = timetable.generate_timetable(session, people["organizer"], meeting_id, "two-day")
        clash = items[1]
        session.add(AgendaItem(meeting_id=meeting_id, day=clash.day, start=clash.start, end=clash.end,
                               kind=AgendaItemKind.session, title="Side event", room=clash.room))
    app = open_page("timetable", people["organizer"], meeting_id)
    assert not app.exception
    assert len(app.warning) == 1 and not app.error
    when = f"(Mon 10 May, {clash.start:%H:%M}–{clash.end:%H:%M})"
    assert md(f"'{clash.title}' {when}: room 'Plenary hall' is already used at that time by 'Side event' {when}") \
        in app.warning[0].value
    assert "Row" not in app.warning[0].value
    assert labelled(app.button, "Save timetable").disabled, "a timetable with problems cannot be saved, so never refused"
    assert "All times are Central European Summer Time (CEST, UTC+2)." in texts(app)
    spec, data = chart_of(app)
    assert set(data.loc[data["Clash"], "Item"]) == {"Side event", clash.title}
    assert set(data.loc[~data["Pause"], "Lane"]) == {"Plenary hall", "Plenary hall (2)"}, "no lane for breaks"
    assert set(data.loc[data["Pause"], "Kind"]) == {"break"}, "breaks are shaded across the day, in no lane"
    assert {e["x"]["axis"]["title"] for e in encodings(spec) if "axis" in e.get("x", {})} == {"Time (CEST)"}
    reader = open_page("timetable", people["delegate.austria"], meeting_id)
    assert not reader.exception and "Save timetable" not in [b.label for b in reader.button]


def test_timetable_chart_labels_the_bars_of_the_formats_in_full(database_url, people, make_meeting):
    for format_key, priorities in (("two-day", ["terrorism", "cyber_crime", "organized_crime", "illicit_drugs"]),
                                   ("brussels-2006", ["terrorism"])):
        meeting_id, _ = with_timetable(make_meeting, people["organizer"], priorities, format_key,
                                       title=f"Meeting in the {format_key} format",
                                       end_date=dt.date(2027, 5, 10 if format_key == "brussels-2006" else 11))
        spec, data = chart_of(open_page("timetable", people["organizer"], meeting_id))
        assert (data["Label"].str.replace("\n", " ") == data["Item"].str.split(":").str[0]).all(), data[["Item", "Label"]]
        hours = next(e["x"]["axis"]["values"] for e in encodings(spec) if "axis" in e.get("x", {}))
        assert hours == list(range(hours[0], hours[-1] + 1, 60)), "one time label an hour"


def test_timetable_details_form_changes_the_working_copy_saved_once(database_url, people, make_meeting):
    meeting_id, items = with_timetable(make_meeting, people["organizer"], ["terrorism"])
    app = open_page("timetable", people["organizer"], meeting_id)
    grid = app.data_editor[0].proto
    shown = [c for c in json.loads(grid.columns) if json.loads(grid.columns)[c].get("hidden") is not True]
    assert "speakers" not in shown and "description" not in shown, "the table fits without sideways scrolling"
    labelled(app.selectbox, "Item").select(1).run()
    labelled(app.text_input, "Speakers").input("Eva Lind; Karl Berg")
    labelled(app.text_area, "Description").input("What the session is about.")
    labelled(app.button, "Apply to the timetable").click().run()
    assert not app.exception and "You have changes that are not saved yet." in texts(app)
    with db.transaction() as session:
        assert timetable.agenda_items(session, SYSTEM, meeting_id)[1].speakers == "", "applied, not saved yet"
        session.get(AgendaItem, items[1].id).room = "Room C"
    labelled(app.button, "Save timetable").click().run()
    assert len(app.error) == 1 and not app.warning, "a refused save says why once"
    assert "was changed by someone else" in app.error[0].value
    labelled(app.button, "Discard my changes and reload").click().run()
    labelled(app.selectbox, "Item").select(1).run()
    labelled(app.text_input, "Speakers").input("Eva Lind; Karl Berg")
    labelled(app.button, "Apply to the timetable").click().run()
    labelled(app.button, "Save timetable").click().run()
    assert not app.error and "Timetable saved" in app.success[0].value
    with db.transaction() as session:
        saved = timetable.agenda_items(session, SYSTEM, meeting_id)[1]
    assert (saved.speakers, saved.room) == ("Eva Lind; Karl Berg", "Room C")


def test_invitations_page_organizer_invites_a_group(database_url, people, make_meeting):
    meeting_id = make_meeting()
    app = open_page("invitations", people["organizer"], meeting_id)
    assert "Nobody is invited yet" in app.info[0].value and "inviting makes it planned" in texts(app)
    app.button(key="invite_Asian Partners for Co-operation").click().run()
    assert not app.exception
    assert "5 shown of 5" in texts(app)
    assert md("5 new invitations drafted. The meeting is now planned.") in app.success[0].value
    with db.transaction() as session:
        assert session.get(Meeting, meeting_id).status == MeetingStatus.planned


def test_invitations_page_ticking_a_row_shows_its_status_and_offers_its_note(database_url, people, demo_meeting):
    app = open_page("invitations", people["organizer"], demo_meeting)
    assert labelled(app.multiselect, "Show invitation status")
    labelled(app.multiselect, "Show invitation status").set_value(["Nominated"]).run()
    table = app.dataframe[0].value
    austria = list(table["Delegation"]).index("Austria")
    app.session_state["invitations_%d_['Nominated']_[]_0" % demo_meeting] = {"selection": {"rows": [austria], "columns": []}}
    app.run()
    change = labelled(app.selectbox, "Invitation status")
    assert change.value == InvitationState.nominated and change.format_func(change.value) == "Nominated (current)"
    with db.transaction() as session:
        nominated_on = invitations.invitation_for(session, SYSTEM, demo_meeting,
                                                  reference.find_delegation(session, "Austria").id).nominated_on
    assert labelled(app.date_input, "Dated").value == nominated_on and labelled(app.date_input, "Dated").disabled
    assert labelled(app.button, "Apply to selected").disabled
    assert labelled(app.selectbox, "One delegation's note verbale").format_func(
        labelled(app.selectbox, "One delegation's note verbale").value) == "Austria"
    download = next(b for b in app.get("download_button") if "Austria" in b.label)
    assert download.proto.label == "Note verbale to Austria \\(Word\\)"
    change.select(InvitationState.confirmed).run()
    assert labelled(app.date_input, "Dated").value == dt.date.today() and not labelled(app.button, "Apply to selected").disabled
    labelled(app.button, "Apply to selected").click().run()
    assert not app.exception and md("1 invitation: confirmed") in app.success[0].value
    with db.transaction() as session:
        austria = reference.find_delegation(session, "Austria")
        assert invitations.invitation_for(session, SYSTEM, demo_meeting, austria.id).state == InvitationState.confirmed


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


def test_invitations_page_delegate_sees_their_own_state_and_downloads_their_note(database_url, people, demo_meeting):
    app = open_page("invitations", people["delegate.austria"], demo_meeting)
    assert not app.exception
    assert app.metric[0].value == "Nominated" and "Austria" in texts(app)
    assert [b.label for b in app.get("download_button")] == ["Download the note verbale (Word)"]
    everyone = open_page("invitations", people["organizer"], demo_meeting)
    assert not everyone.exception and "78 shown of 78" in texts(everyone)


def open_for_nominations(make_meeting) -> int:
    """A meeting whose registration is still open (the demo's has closed): Austria, Germany and Türkiye invited, the
    first two with a participant nominated."""
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.change_status(session, SYSTEM, meeting_id, MeetingStatus.planned)
        for name in ("Austria", "Germany", "Türkiye"):
            invitation = invitations.invite(session, SYSTEM, meeting_id, [reference.find_delegation(session, name).id])[0]
            invitations.send(session, SYSTEM, invitation.id)
            if name != "Türkiye":
                participants.add_participant(session, SYSTEM, meeting_id, participants.Nomination(
                    delegation=name, first_name="Eva", last_name="Berger", email=f"eva@{name.lower()}.example"))
    return meeting_id


def test_participants_page_delegate_sees_only_their_contact_data(database_url, people, make_meeting):
    meeting_id = open_for_nominations(make_meeting)
    app = open_page("participants", people["delegate.austria"], meeting_id)
    assert not app.exception
    assert set(app.dataframe[0].value["Delegation"]) == {"Austria"}, "a delegate starts with their own delegation"
    assert labelled(app.selectbox, "Delegation").options == ["Austria"], "the others' only once the list is issued"
    with db.transaction() as session:
        participants_list.issue_participants_list(session, SYSTEM, meeting_id)
    app = open_page("participants", people["delegate.austria"], meeting_id)
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


def test_participants_page_turkiye_lands_on_its_own_empty_delegation(database_url, people, make_meeting):
    app = open_page("participants", people["delegate.turkiye"], open_for_nominations(make_meeting))
    assert not app.exception
    assert labelled(app.selectbox, "Delegation").value == "Türkiye" and app.dataframe[0].value.empty
    assert "No participants yet" in app.info[0].value
    assert labelled(app.text_input, "Delegation").value == "Türkiye"


def test_participants_page_add_form_marks_required_fields_follows_the_list_and_clears(database_url, people, demo_meeting):
    app = open_page("participants", people["organizer"], demo_meeting)
    form_delegation = next(s for s in app.selectbox if s.label == "Delegation" + REQUIRED)
    assert form_delegation.value is None, "no delegation is chosen for the organizer while the list shows them all"
    assert {w.label for w in app.text_input if w.label.endswith(REQUIRED)} == {
        "First name" + REQUIRED, "Last name" + REQUIRED, "Email" + REQUIRED}
    next(s for s in app.selectbox if s.label == "Delegation").select("Türkiye").run()
    assert next(s for s in app.selectbox if s.label == "Delegation" + REQUIRED).value == "Türkiye"
    labelled(app.text_input, "First name").input("Deniz")
    labelled(app.text_input, "Last name").input("Kaya")
    labelled(app.text_input, "Email").input("deniz.kaya@egm.example")
    labelled(app.button, "Add participant").click().run()
    assert not app.exception and "Deniz Kaya added" in app.success[0].value
    assert list(app.dataframe[0].value["Name"]) == ["Deniz Kaya"]
    assert [labelled(app.text_input, name).value for name in ("First name", "Last name", "Email")] == ["", "", ""]
    assert next(s for s in app.selectbox if s.label == "Delegation" + REQUIRED).value == "Türkiye"


def test_participants_page_organizer_sees_all_and_exports(database_url, people, demo_meeting, downloads):
    app = open_page("participants", people["organizer"], demo_meeting)
    assert not app.exception
    shown = app.dataframe[0].value
    assert "—" not in set(shown["Email"])
    assert not downloads  # nothing is built until asked for
    rows = download_in_one_click(app, "participants as CSV", downloads).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("delegation,salutation,first_name") and len(rows) == len(shown) + 1
    workbook = load_workbook(io.BytesIO(download_in_one_click(app, "participants as XLSX", downloads)))
    assert workbook.active.max_row == len(shown) + 1
    document = Document(io.BytesIO(prepare_and_download(app, "the list of participants (Word)", downloads)))
    assert "List of participants" in "\n".join(p.text for p in document.paragraphs)


def test_dashboard_for_organizer_and_refused_for_delegate(database_url, people, demo_meeting):
    app = open_page("dashboard", people["secretariat"], demo_meeting)
    assert not app.exception
    assert labelled(app.metric, "Invited").value == "77", "every delegation of the list but the host"
    assert "Host: Belgium holds the Chairmanship" in "\n".join(c.value for c in app.caption)
    assert len(app.get("vega_lite_chart")) == 2
    assert "dashboard" not in navigation_of(people["delegate.austria"])
    refused = open_page_directly("dashboard", people["delegate.austria"], demo_meeting)
    assert "does not allow you to invite delegations" in refused.error[0].value


def planned_meeting_with_invitations(make_meeting, organizer) -> int:
    """Five Asian Partners invited (drafts), Morocco's note verbale sent."""
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        invitations.invite_group(session, organizer, meeting_id, "Asian Partners for Co-operation")
        made = invitations.invite(session, organizer, meeting_id, [reference.find_delegation(session, "Morocco").id])
        invitations.send(session, organizer, made[0].id)
    return meeting_id


def test_dashboard_leaves_unsent_invitations_out_and_lists_only_present_groups(database_url, people, make_meeting):
    meeting_id = planned_meeting_with_invitations(make_meeting, people["organizer"])
    with db.transaction() as session:
        summary = replies.reply_summary(session, people["organizer"], meeting_id)
    assert (summary.invited, summary.sent, summary.drafts) == (6, 1, 5)
    assert summary.by_state_and_group == [{"State": "Sent", "Group": "Mediterranean Partners for Co-operation",
                                           "Invitations": 1}]
    app = open_page("dashboard", people["organizer"], meeting_id)
    assert not app.exception
    spec, data = chart_of(app)
    assert set(data["State"]) == {"Sent"}, "no Draft bar"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Mediterranean Partners for Co-operation"]
    assert "Counted here: the 1 invitation sent. 5 draft invitations not sent yet are left out." in texts(app)


def test_dashboard_legends_show_whole_names_of_what_is_there(database_url, people, demo_meeting):
    app = open_page("dashboard", people["organizer"], demo_meeting)
    (replies, groups), (genders, people_by_gender) = chart_of(app, 0), chart_of(app, 1)
    assert replies["encoding"]["color"]["scale"]["domain"] == [
        g for g in ("Participating States", "Mediterranean Partners for Co-operation", "Asian Partners for Co-operation",
                    "Partner organizations") if g in set(groups["Group"])]
    assert genders["encoding"]["color"]["scale"]["domain"] == [
        g for g in ("female", "male", "other", "not given") if g in set(people_by_gender["Gender"])]
    legend = replies["encoding"]["color"]["legend"]
    assert legend["columns"] == 1 and legend["labelLimit"] >= 400, "one name a line, none cut"
    assert "Counted here" not in texts(app), "every invitation of the demo was sent"


def test_tables_leave_empty_cells_empty(database_url, people, make_meeting):
    meeting_id = planned_meeting_with_invitations(make_meeting, people["organizer"])
    app = open_page("invitations", people["organizer"], meeting_id)
    assert app.dataframe[0].value["Sent"].isna().sum() == 5, "the drafts have no date"
    assert not (displayed(app.dataframe[0]) == "None").any().any()
    with db.transaction() as session:
        participants.add_participant(session, people["organizer"], meeting_id, participants.Nomination(
            delegation="Morocco", first_name="Lena", last_name="Borg", email="lena.borg@police.example"))
    listed = open_page("participants", people["organizer"], meeting_id)
    assert not (displayed(listed.dataframe[0]) == "None").any().any()
    assert set(listed.dataframe[0].value["Registration"]) == {RegistrationStatus.nominated.label}


def test_registration_is_written_alike_in_the_table_and_the_form(database_url, people, demo_meeting):
    app = open_page("participants", people["organizer"], demo_meeting)
    table = app.dataframe[0]
    assert set(table.value["Registration"]) <= {status.label for status in RegistrationStatus}
    app.session_state[table.key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    form = labelled(app.selectbox, "Registration")
    assert form.options == [status.label for status in RegistrationStatus]
    assert RegistrationStatus(form.value).label == table.value["Registration"][0]


def test_audit_log_for_secretariat_and_refused_for_delegate(database_url, people, demo_meeting, downloads):
    app = open_page("audit_log", people["secretariat"], demo_meeting)
    assert not app.exception
    actions = set(app.dataframe[0].value["Action"])
    assert {"Imported translations", "Sent the note verbale", "Nominated a participant"} <= actions
    assert not any("." in action for action in actions), "words, not codes"
    labelled(app.text_input, "Action contains").input("NOTE VERBALE").run()
    assert set(app.dataframe[0].value["Action"]) == {"Sent the note verbale"}
    exported = download_in_one_click(app, "these entries as CSV", downloads).decode("utf-8-sig").splitlines()
    assert exported[0] == "When (UTC),Who,Role,Action,Record,Changes,Action code,Before (JSON),After (JSON)"
    assert len(exported) == len(app.dataframe[0].value) + 1 and ",Sent the note verbale,invitation of " in exported[1]
    assert ",invitation.sent," in exported[1]
    assert "audit_log" not in navigation_of(people["delegate.turkiye"])
    refused = open_page_directly("audit_log", people["delegate.turkiye"], demo_meeting)
    assert "does not allow you to read the audit log" in refused.error[0].value


def test_pages_without_sign_in_stop_with_a_pointer(database_url):
    for name in ("meetings", "meeting_builder", "timetable", "invitations", "participants", "dashboard", "audit_log"):
        app = open_page_directly(name)
        assert not app.exception and "Please sign in first" in app.warning[0].value


def test_timetable_page_refuses_to_save_over_a_colleagues_new_item(database_url, people, make_meeting):
    meeting_id, items = with_timetable(make_meeting, people["organizer"], ["terrorism"])
    app = open_page("timetable", people["organizer"], meeting_id)
    with db.transaction() as session:
        session.add(AgendaItem(meeting_id=meeting_id, day=items[0].day, start=dt.time(18), end=dt.time(19),
                               kind=AgendaItemKind.session, title="Reception", room="Foyer"))
    labelled(app.button, "Save timetable").click().run()
    assert "added items to the timetable after you opened it" in app.error[0].value
    with db.transaction() as session:
        assert "Reception" in [i.title for i in timetable.agenda_items(session, SYSTEM, meeting_id)]
    labelled(app.button, "Discard my changes and reload").click().run()
    assert not app.error
    labelled(app.button, "Save timetable").click().run()
    assert not app.error and "Timetable saved" in app.success[0].value


def test_documents_page_lists_the_register_and_issues_the_agenda(database_url, people, demo_meeting):
    app = open_page("documents", people["secretariat"], demo_meeting)
    assert not app.exception
    table = app.dataframe[0].value
    assert table["Symbol"].str.match(r"CIO\.GAL/\d+/\d\d(/(Rev|Add)\.\d+)?$").all() and len(table) >= 1
    assert set(table.columns) == {"Symbol", "Date", "Title", "Kind", "Meeting", "Issued by", "Size", "SHA-256"}
    assert table["SHA-256"].str.match(r"[0-9a-f]{64}$").all()
    assert next(b for b in app.button if b.label.startswith("Circulate the agenda")).disabled
    circulating = open_page("documents", people["organizer"], demo_meeting)
    before = len(circulating.dataframe[0].value)
    next(b for b in circulating.button if b.label.startswith("Circulate the agenda")).click().run()
    assert not circulating.exception and "Circulated the agenda as" in circulating.success[0].value
    assert len(circulating.dataframe[0].value) == before + 1
    delegate = open_page("documents", people["delegate.turkiye"], demo_meeting)
    seen = delegate.dataframe[0].value
    assert not delegate.exception and 0 < len(seen) < before
    assert not any(b.label.startswith("Circulate the agenda") for b in delegate.button)
