"""Downloads that cannot hurt and take few clicks: no table's own toolbar exports cells raw; prepared files end with the
sign-in, and stay downloadable side by side until the user leaves the page; a quick file downloads in one click."""
import datetime as dt
import tomllib
from unittest import mock

import pytest
from streamlit import config as streamlit_config
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from planner import db
from planner.accounts import sign_in, users
from planner.delegations import invitations, reference
from planner.errors import PermissionDenied
from planner.operations import demo
from planner.ui import common, downloads as offered
from tests.test_pages import (  # noqa: F401 - `people` and `downloads` are fixtures
    ROOT, TOKEN_KEY, download_in_one_click, downloads, labelled, open_page, people,
)


def test_no_table_offers_its_raw_cells_for_download(monkeypatch):
    """A participant named `=1+1` must not become a live formula through the table toolbar's "Download as CSV"
    (st.dataframe and st.data_editor export cells as they are); the planner's own exports neutralise such cells."""
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert settings["client"]["disableDataExport"] is True
    monkeypatch.chdir(ROOT)
    streamlit_config.get_config_options(force_reparse=True)
    try:
        assert streamlit_config.get_option("client.disableDataExport") is True
    finally:
        streamlit_config.get_config_options(force_reparse=True)


@pytest.fixture
def media_files(monkeypatch) -> MediaFileManager:
    """The server's store of files for download, as Streamlit keeps it, with no page session holding any yet."""
    monkeypatch.setattr(common, "_SIGNED_IN_PAGES", {})
    return MediaFileManager(MemoryMediaFileStorage("/media"))


def prepared_file(files: MediaFileManager, page: str, token: str, content: bytes) -> str:
    """A page of `token`'s sign-in prepares a file, as a download button does; its `/media/…` address."""
    common._SIGNED_IN_PAGES[page] = token
    with mock.patch("streamlit.runtime.media_file_manager._get_session_id", return_value=page):
        return files.add(content, "text/csv", f"{page}.download", file_name="participants.csv",
                         is_for_static_download=True)


def served(files: MediaFileManager, address: str) -> bytes | None:
    """What `/media/…` answers for this address, cookie or none."""
    found = files.read_file(address.removeprefix("/media/").split(".")[0])
    return None if found is None else found.content


def signed_in_token(email: str, address: str = "192.0.2.1") -> str:
    with db.transaction() as session:
        return sign_in.sign_in(session, email, demo.DEMO_PASSWORD, address).token


def test_prepared_files_end_with_the_sign_in(demo_users, admin, media_files):
    """Signing out, deactivation and a password reset each take the files of that account's pages, and only those."""
    organizer, secretariat, delegate = (signed_in_token(email) for email in (
        "organizer@demo.osce", "secretariat@demo.osce", "delegate.austria@demo.osce"))
    files = {page: prepared_file(media_files, page, token, f"{page} list".encode())
             for page, token in (("organizer-page", organizer), ("secretariat-page", secretariat),
                                 ("delegate-page", delegate), ("delegate-second-page", delegate))}
    common.end_downloads_of_ended_sign_ins(media_files)
    assert all(served(media_files, address) for address in files.values()), "every sign-in is still open"
    with db.transaction() as session:
        sign_in.sign_out(session, organizer)
    with db.transaction() as session:
        austria = users.find_account(session, admin, "delegate.austria@demo.osce")
        users.set_active(session, admin, austria.id, False, None)
    common.end_downloads_of_ended_sign_ins(media_files)
    assert served(media_files, files["organizer-page"]) is None
    assert served(media_files, files["delegate-page"]) is None and served(media_files, files["delegate-second-page"]) is None
    assert served(media_files, files["secretariat-page"]) == b"secretariat-page list"
    with db.transaction() as session:
        account = users.find_account(session, admin, "secretariat@demo.osce")
        users.reset_password(session, admin, account.id, "a fresh passphrase for her", None)
    common.end_downloads_of_ended_sign_ins(media_files)
    assert served(media_files, files["secretariat-page"]) is None
    assert common._SIGNED_IN_PAGES == {}


def test_signing_out_takes_the_files_of_every_page_of_that_sign_in_at_once(demo_users, media_files):
    """Signing out in one tab ends the sign-in of the user's other tabs too: their files go then, not at the sweep."""
    delegate, organizer = (signed_in_token(email) for email in ("delegate.austria@demo.osce", "organizer@demo.osce"))
    files = {page: prepared_file(media_files, page, token, f"{page} list".encode())
             for page, token in (("first-tab", delegate), ("second-tab", delegate), ("organizer-tab", organizer))}
    common.end_downloads_of_sign_in(media_files, delegate)
    assert served(media_files, files["first-tab"]) is None and served(media_files, files["second-tab"]) is None
    assert served(media_files, files["organizer-tab"]) == b"organizer-tab list"
    assert common._SIGNED_IN_PAGES == {"organizer-tab": organizer}


def meeting_with_a_reminder_due(make_meeting, organizer) -> int:
    """Malta was sent its note verbale and has nominated no one ten days before the deadline."""
    today = dt.date.today()
    start = today + dt.timedelta(days=20)
    meeting_id = make_meeting(chairmanship_year=start.year, start_date=start, end_date=start + dt.timedelta(days=1),
                              registration_deadline=today + dt.timedelta(days=10))
    with db.transaction() as session:
        made = invitations.invite(session, organizer, meeting_id, [reference.find_delegation(session, "Malta").id])
        invitations.send(session, organizer, made[0].id, on=today)
    return meeting_id


def offered_files(app) -> dict[str, str]:
    return {button.label: button.proto.url for button in app.get("download_button")}


def test_files_prepared_on_a_page_stay_downloadable_until_the_user_leaves_it(people, make_meeting):
    app = open_page("invitations", people["organizer"], meeting_with_a_reminder_due(make_meeting, people["organizer"]))
    labelled(app.button, "Prepare all notes verbales").click().run()
    labelled(app.button, "Prepare 1 reminder note").click().run()
    app.run()
    ready = offered_files(app)
    assert ready["Download all notes verbales"] and ready["Download 1 reminder note"]
    assert ready["Download all notes verbales"] != ready["Download 1 reminder note"]
    app.switch_page("planner/ui/participants.py").run()
    app.switch_page("planner/ui/invitations.py").run()
    assert not app.exception and not [label for label in offered_files(app) if "note" in label and "Austria" not in label]


def test_prepared_files_past_the_bound_let_the_first_prepared_go(people, make_meeting, monkeypatch):
    monkeypatch.setattr(offered, "MAX_PREPARED_BYTES", 1)
    app = open_page("invitations", people["organizer"], meeting_with_a_reminder_due(make_meeting, people["organizer"]))
    labelled(app.button, "Prepare all notes verbales").click().run()
    labelled(app.button, "Prepare 1 reminder note").click().run()
    app.run()
    assert "Download 1 reminder note" in offered_files(app) and "Download all notes verbales" not in offered_files(app)


def test_a_quick_file_is_built_when_clicked_and_not_for_an_ended_sign_in(people, demo_meeting, downloads):
    app = open_page("participants", people["organizer"], demo_meeting)
    rows = download_in_one_click(app, "participants as CSV", downloads).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("delegation,")
    with db.transaction() as session:
        sign_in.sign_out(session, app.session_state[TOKEN_KEY])
    with pytest.raises(PermissionDenied, match="session has ended"):
        download_in_one_click(app, "participants as CSV", downloads)
