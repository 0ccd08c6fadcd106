"""Downloads that cannot hurt: no table's own toolbar exports cells raw, and prepared files end with the session."""
import tomllib
from unittest import mock

import pytest
from streamlit import config as streamlit_config
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from planner import db
from planner.accounts import sign_in, users
from planner.operations import demo
from planner.ui import common
from tests.test_pages import ROOT


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
