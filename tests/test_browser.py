"""End to end in headless Chromium: the README's first steps as a new organizer takes them."""
import datetime as dt
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (Debian package 'chromium')"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def app_database(tmp_path_factory) -> str:
    """The demo (held weeks ago, its registration closed) and, newest of the meetings delegates see, one whose
    registration is open: delegates land on it."""
    database = tmp_path_factory.mktemp("browser") / "planner.db"
    url = f"sqlite:///{database}"
    subprocess.run([sys.executable, "-m", "planner", "demo"], cwd=ROOT, env={**os.environ, "PLANNER_DATABASE_URL": url},
                   check=True, capture_output=True)
    before = os.environ.get("PLANNER_DATABASE_URL")
    os.environ["PLANNER_DATABASE_URL"] = url
    try:
        meeting_open_for_nominations()
    finally:
        if before is None:
            del os.environ["PLANNER_DATABASE_URL"]
        else:
            os.environ["PLANNER_DATABASE_URL"] = before
    return url


def planned_meeting(session, subject: str, city: str, days_ahead: int):
    """A one-day meeting of Belgium's Chairmanship on `subject` in `city`, announced (planned)."""
    from planner.access import SYSTEM
    from planner.meetings import planning
    from planner.models import MeetingStatus

    start = dt.date.today() + dt.timedelta(days=days_ahead)
    meeting = planning.create_meeting(session, SYSTEM, planning.MeetingDetails(
        title=f"Meeting of the Chiefs of Police on {subject}", chairmanship="Belgium", chairmanship_year=start.year,
        city=city, start_date=start, end_date=start, time_zone="Europe/Vienna", languages=["English"],
        registration_deadline=start - dt.timedelta(days=21)))
    planning.change_status(session, SYSTEM, meeting.id, MeetingStatus.planned)
    return meeting


def meeting_open_for_nominations() -> None:
    """Vienna in about three months: Austria and Türkiye invited, their notes verbales sent."""
    from planner import db
    from planner.access import SYSTEM
    from planner.delegations import invitations, reference

    with db.transaction() as session:
        meeting = planned_meeting(session, "nominations", "Vienna", 100)
        invited = invitations.invite(session, SYSTEM, meeting.id, [reference.find_delegation(session, name).id
                                                                   for name in ("Austria", "Türkiye")])
        for invitation in invited:
            invitations.send(session, SYSTEM, invitation.id)


@pytest.fixture(scope="module")
def app_url(app_database):
    env = {**os.environ, "PLANNER_DATABASE_URL": app_database}
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("the Streamlit server did not start within 60 s")
    yield url
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture
def page(app_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.set_default_timeout(30_000)
        tab.goto(app_url)
        yield tab
        browser.close()


def sign_in(page, email):
    page.get_by_label("Email").fill(email)
    page.get_by_role("textbox", name="Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Meetings").wait_for()


def settle(page):
    """Wait until Streamlit has finished running the script after the last interaction."""
    page.wait_for_timeout(300)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden")
    page.wait_for_timeout(300)


def assert_no_error(page):
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in page.content()


def test_organizer_builds_a_two_day_meeting_and_sees_the_chart(page, tmp_path):
    sign_in(page, "organizer@demo.osce")
    page.get_by_label("City").fill("Vienna")
    chairmanship = page.get_by_label("Chairmanship (participating State)")
    chairmanship.click()
    chairmanship.fill("Belgium")
    page.get_by_role("option", name="Belgium", exact=True).click()
    page.get_by_role("button", name="Create meeting").click()
    page.get_by_role("heading", name="Meeting builder").wait_for()
    settle(page)
    priorities = page.get_by_label("Priorities, in order")
    for name in ("Terrorism", "Cyber-crime", "Organized crime"):
        priorities.click()
        priorities.fill(name)
        page.get_by_role("option", name=name, exact=True).click()
        settle(page)
        page.locator("[data-testid='stMultiSelectTagsContainer']", has_text=name).wait_for()
    page.keyboard.press("Escape")
    page.get_by_text("Cyber-crime · framework priority 6").wait_for()
    page.get_by_role("button", name="Save priorities").click()
    page.get_by_text("Priorities saved").wait_for()
    page.get_by_text("Two days — three thematic sessions").click()
    page.get_by_role("button", name="Generate timetable").click()
    page.get_by_role("heading", name="Day by room").wait_for()
    page.locator("[data-testid='stVegaLiteChart']").first.scroll_into_view_if_needed()
    chart = page.locator("[role='graphics-document']").first
    assert chart.get_attribute("aria-label").startswith("The chart shows 8 items over 2 days"), "what a screen reader says"
    assert_no_error(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the working agenda (Word)").click()
    saved = tmp_path / "agenda.docx"
    download.value.save_as(saved)
    from docx import Document

    assert "Draft agenda" in [p.text for p in Document(saved).paragraphs if p.style.name == "Title"]
    page.screenshot(path=str(tmp_path / "timetable.png"), full_page=True)


def test_delegate_sees_their_nominations_and_no_dashboard(page):
    sign_in(page, "delegate.austria@demo.osce")
    assert page.get_by_role("link", name="Replies dashboard").count() == 0
    page.get_by_role("link", name="Participants").click()
    page.get_by_text("You manage the nominations of").wait_for()
    assert_no_error(page)


def saved_download(page, button: str, folder: Path) -> bytes:
    """Click the button and return the file the browser saves."""
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    saved = folder / download.value.suggested_filename
    download.value.save_as(saved)
    return saved.read_bytes()


def test_participants_exports_download_in_one_click_or_once_prepared(page, tmp_path):
    """The spreadsheets download in one click; the list of participants, slow for a large meeting, is prepared first."""
    sign_in(page, "organizer@demo.osce")
    page.get_by_role("link", name="Participants").click()
    page.get_by_role("tab", name="Export").click()
    assert saved_download(page, "Download participants as CSV", tmp_path).startswith(b"\xef\xbb\xbfdelegation,")
    assert saved_download(page, "Download participants as XLSX", tmp_path).startswith(b"PK")
    page.get_by_role("button", name="Prepare the list of participants (Word)").click()
    assert saved_download(page, "Download the list of participants (Word)", tmp_path).startswith(b"PK")
    assert_no_error(page)


def open_on_meeting(page, title: str, meeting: str) -> None:
    """Open a page through the navigation, then choose the meeting whose name in the sidebar has `meeting`."""
    page.get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title).wait_for()
    settle(page)
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").click()
    page.get_by_role("option").filter(has_text=meeting).click()
    settle(page)


def test_two_files_prepared_on_a_page_both_stay_downloadable(page, tmp_path):
    """Preparing the reminders keeps the notes verbales prepared before them; each downloads, after the other."""
    sign_in(page, "organizer@demo.osce")
    open_on_meeting(page, "Invitations", "on nominations")
    page.get_by_role("button", name="Prepare all notes verbales").click()
    page.get_by_role("button", name="Download all notes verbales").wait_for()
    days = page.get_by_label("Remind delegations that have not nominated anyone when the deadline is this many days away")
    days.fill("200")
    days.press("Enter")
    page.get_by_role("button", name="Prepare 2 reminder notes").click()
    page.get_by_role("button", name="Download 2 reminder notes").wait_for()
    settle(page)
    reminders = zipfile.ZipFile(io.BytesIO(saved_download(page, "Download 2 reminder notes", tmp_path)))
    notes = zipfile.ZipFile(io.BytesIO(saved_download(page, "Download all notes verbales", tmp_path)))
    assert len(reminders.namelist()) == len(notes.namelist()) == 2 and reminders.namelist() != notes.namelist()
    assert_no_error(page)


def test_a_reload_or_a_link_keeps_the_user_signed_in_on_that_page(page, app_url):
    sign_in(page, "delegate.austria@demo.osce")
    page.get_by_role("link", name="Participants").click()
    page.get_by_text("You manage the nominations of").wait_for()
    cookie = next(c for c in page.context.cookies() if c["name"] == "planner_session")
    assert cookie["sameSite"] == "Strict" and "austria" not in cookie["value"] and len(cookie["value"]) >= 40
    page.reload()
    page.get_by_text("You manage the nominations of").wait_for()
    page.get_by_role("button", name="Sign out").click()
    assert page.url.endswith("/participants")
    page.get_by_role("button", name="Sign in").wait_for()
    page.reload()
    page.get_by_role("button", name="Sign in").wait_for()
    assert page.get_by_role("button", name="Sign out").count() == 0
    page.goto(f"{app_url}/invitations")
    page.get_by_label("Email").fill("delegate.austria@demo.osce")
    page.get_by_role("textbox", name="Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Your delegation's invitation").wait_for()
    assert page.url.endswith("/invitations")
    assert_no_error(page)


def visible(locator) -> str:
    """The text as a reader sees it: without the invisible word joiners that keep addresses from becoming links."""
    return locator.inner_text().replace("\u2060", "").strip()


def issue_the_list_of_participants() -> None:
    """Other delegations read Türkiye's nominees once the list of participants is issued."""
    from sqlmodel import select

    from planner import db
    from planner.access import SYSTEM
    from planner.documents.participants_list import issue_participants_list
    from planner.models import Meeting

    with db.transaction() as session:
        meeting = session.exec(select(Meeting).where(Meeting.title == "Meeting of the Chiefs of Police on nominations")).one()
        issue_participants_list(session, SYSTEM, meeting.id)


def test_a_name_typed_as_markdown_reaches_another_delegation_as_plain_text(page, app_url, app_database, monkeypatch):
    name = ("![i](http://127.0.0.1:9/p.png)", "**bold** :red[x]")
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "127.0.0.1:9/" in request.url else None)
    sign_in(page, "delegate.turkiye@demo.osce")
    page.get_by_role("link", name="Participants").click()
    page.get_by_label("First name").fill(name[0])
    page.get_by_label("Last name").fill(name[1])
    page.get_by_label("Email *", exact=True).fill("pixel@egm.example")
    page.get_by_role("button", name="Add participant").click()
    added = page.get_by_text("added")
    added.wait_for()
    assert visible(added) == f"{name[0]} {name[1]} added"
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for()
    monkeypatch.setenv("PLANNER_DATABASE_URL", app_database)
    issue_the_list_of_participants()
    page.goto(app_url)
    sign_in(page, "delegate.austria@demo.osce")
    page.get_by_role("link", name="Participants").click()
    page.get_by_text("You manage the nominations of").wait_for()
    page.locator("[data-testid=stSelectbox]").filter(has_text="Delegation").first.click()
    page.keyboard.type("Türk")
    page.keyboard.press("Enter")
    settle(page)
    grid = page.locator("[data-testid=stDataFrame]").first.bounding_box()
    page.mouse.click(grid["x"] + 15, grid["y"] + 52)
    notice = page.get_by_text("belongs to Türkiye")
    notice.wait_for()
    assert visible(notice).startswith(f"{name[0]} {name[1]} belongs to Türkiye")
    html = page.content()
    assert "127.0.0.1:9/p.png\"" not in html and "<strong>bold</strong>" not in html
    assert not fetched, "no browser fetched the address in the name"
    assert_no_error(page)


def bratislava_meeting_with_a_draft_statement() -> None:
    """A meeting of its own, every participating State invited and sent its note verbale, its statement drafted and
    not yet circulated."""
    from planner import db
    from planner.access import SYSTEM
    from planner.delegations import invitations
    from planner.meetings import planning, timetable
    from planner.models import InvitationState, MeetingStatus
    from planner.statement import drafting

    start = dt.date.today() + dt.timedelta(days=150)
    with db.transaction() as session:
        meeting = planning.create_meeting(session, SYSTEM, planning.MeetingDetails(
            title="Meeting of the Chiefs of Police on the statement", chairmanship="Belgium",
            chairmanship_year=start.year, city="Bratislava", venue="Castle", start_date=start, end_date=start,
            time_zone="Europe/Bratislava", languages=["English"], registration_deadline=start - dt.timedelta(days=21),
            symbol_prefix="CIO.GAL"))
        planning.set_priorities(session, SYSTEM, meeting.id, ["organized_crime", "terrorism"])
        planning.change_status(session, SYSTEM, meeting.id, MeetingStatus.planned)
        timetable.generate_timetable(session, SYSTEM, meeting.id, "brussels-2006")
        invitations.invite_group(session, SYSTEM, meeting.id, "All participating States")
        for row in invitations.list_invitations(session, SYSTEM, meeting.id):
            if row.invitation.state == InvitationState.draft:  # only invited delegations amend: the host is not
                invitations.send(session, SYSTEM, row.invitation.id)
        drafting.draft_from_priorities(session, SYSTEM, meeting.id)


def circulate(tab, number: int) -> None:
    """Circulate the working draft as version `number`, answering the question it asks first."""
    tab.get_by_role("button", name=f"Circulate as version {number}").click()
    tab.get_by_role("button", name=f"Yes, circulate as version {number}").click()
    tab.get_by_text(f"Version {number} circulated as").wait_for()


def test_three_sessions_negotiate_a_statement_to_a_broken_silence(app_database, app_url, tmp_path, monkeypatch):
    """Organizer, Austria and Türkiye in three browsers: circulate, two conflicting amendments, one rejected and one
    accepted, a second version under silence, Türkiye breaks it; the comparison has the change under Austria's name.
    (Silence passing at its expiry is tested through the services, with the clock set.)"""
    monkeypatch.setenv("PLANNER_DATABASE_URL", app_database)
    bratislava_meeting_with_a_draft_statement()
    from docx import Document
    from docx.oxml.ns import qn
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])

        def signed_in(email):
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            tab.set_default_timeout(30_000)
            tab.goto(app_url)
            sign_in(tab, email)
            return tab

        def open_negotiation(tab):
            tab.get_by_role("link", name="Negotiation").click()
            tab.get_by_role("heading", name="Negotiation").wait_for()
            settle(tab)

        def open_tab(tab, name):
            """Once the rerun has replaced the page's elements (a stale copy can linger for a moment)."""
            expect(tab.get_by_role("tab", name=name)).to_have_count(1)
            tab.get_by_role("tab", name=name).click()
            settle(tab)

        organizer, austria, turkiye = (signed_in(f"{who}@demo.osce") for who in
                                       ("organizer", "delegate.austria", "delegate.turkiye"))
        for tab in (organizer, austria, turkiye):
            open_on_meeting(tab, "Statement", "Bratislava")
        circulate(organizer, 1)
        assert_no_error(organizer)
        for delegate, wording in ((austria, "Recalling the Charter for European Security;"),
                                  (turkiye, "Recalling the Istanbul Charter of 1999;")):
            open_negotiation(delegate)
            delegate.get_by_label("Text (the paragraph as your delegation proposes it; empty for a deletion)").fill(wording)
            delegate.get_by_label("Reason").fill("Shorter.")
            delegate.get_by_role("button", name="Propose").click()
            delegate.get_by_text("Amendment proposed").wait_for()
            assert_no_error(delegate)
        open_negotiation(organizer)
        assert organizer.get_by_text("Conflicts with another amendment").count() == 2
        organizer.get_by_label("Reason (needed to reject)").first.fill("Austria's wording is preferred.")
        organizer.get_by_role("button", name="Reject").first.click()
        organizer.get_by_text("Amendment rejected").wait_for()
        settle(organizer)
        organizer.get_by_role("button", name="Accept into the draft").first.click()
        organizer.get_by_text("Amendment accepted").wait_for()
        organizer.get_by_role("link", name="Statement").click()
        organizer.get_by_role("heading", name="Statement").wait_for()
        settle(organizer)
        circulate(organizer, 2)
        open_negotiation(organizer)
        open_tab(organizer, "Silence procedure")
        organizer.get_by_role("button", name="Start the silence procedure").click()
        organizer.get_by_role("button", name="Yes, start the silence procedure").click()
        organizer.get_by_text("Silence procedure started").wait_for()
        assert_no_error(organizer)

        open_negotiation(turkiye)
        open_tab(turkiye, "Silence procedure")
        turkiye.get_by_label("Your delegation's objection").fill("Türkiye cannot join consensus yet.")
        turkiye.get_by_role("button", name="Break silence").click()
        turkiye.get_by_role("button", name="Yes, break silence").click()
        turkiye.get_by_text("Silence broken").first.wait_for()
        assert_no_error(turkiye)

        open_negotiation(austria)
        austria.get_by_text("Your delegation's amendment on").wait_for()
        open_tab(austria, "Compare versions")
        settle(austria)
        austria.get_by_label("Earlier version").click()
        austria.get_by_role("option", name="1", exact=True).click()
        settle(austria)
        with austria.expect_download() as download:
            austria.get_by_role("button", name="Download the comparison with tracked changes (Word)").click()
        saved = tmp_path / "comparison.docx"
        download.value.save_as(saved)
        austria.screenshot(path=str(tmp_path / "comparison.png"), full_page=True)
        browser.close()
    body = Document(saved).element.body
    assert {mark.get(qn("w:author")) for mark in body.iter(qn("w:ins"), qn("w:del"))} == {"Austria"}


def graz_meeting_with_a_long_draft() -> None:
    """A meeting of its own on four priorities, its statement drafted: longer than the window."""
    from planner import db
    from planner.access import SYSTEM
    from planner.meetings import planning
    from planner.statement import drafting

    with db.transaction() as session:
        meeting = planned_meeting(session, "the paragraph editor", "Graz", 120)
        planning.set_priorities(session, SYSTEM, meeting.id, ["organized_crime", "terrorism", "cyber_crime",
                                                              "illicit_drugs"])
        drafting.draft_from_priorities(session, SYSTEM, meeting.id)


def test_the_paragraph_editor_opens_where_the_paragraph_is_and_the_add_tab_stays_open(page, app_database, monkeypatch):
    """After a change confirmed at the top of the page, the pencil of a paragraph far down opens its editor in place:
    the paragraph stays where it was on screen. A paragraph refused as too long keeps "Write your own" open, the
    refusal in view."""
    monkeypatch.setenv("PLANNER_DATABASE_URL", app_database)
    graz_meeting_with_a_long_draft()
    sign_in(page, "organizer@demo.osce")
    open_on_meeting(page, "Statement", "Graz")
    circulate(page, 1)
    settle(page)

    main = page.locator("[data-testid='stMain']")
    row = page.locator("[class*='st-key-paragraph_']").nth(12)
    row.scroll_into_view_if_needed()
    settle(page)
    scrolled, top = main.evaluate("m => m.scrollTop"), row.bounding_box()["y"]
    assert scrolled > 500, "the paragraph is far down the page"
    row.get_by_role("button", name=re.compile(r"^Edit (preambular|operative) paragraph \d+$")).click()
    editor = row.get_by_label("Text of the paragraph")
    editor.wait_for()
    settle(page)
    # The page stays where it was on screen: the confirmation gone from the top shortens the page above, and the
    # browser scrolls up by as much, so the paragraph does not move.
    assert abs(row.bounding_box()["y"] - top) <= 2
    box, height = editor.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] and box["y"] + box["height"] <= height, "the editor is in view"
    assert_no_error(page)

    page.get_by_role("tab", name="Write your own").click()
    settle(page)
    page.get_by_label("Text", exact=True).fill("Agree " + "a" * 4994)
    page.get_by_role("button", name="Add the paragraph").click()
    refusal = page.get_by_text("The paragraph is too long (5,000 characters; at most 4,000).")
    refusal.wait_for()
    settle(page)
    assert page.get_by_role("tab", selected=True).all_inner_texts() == ["Working draft", "Write your own"]
    assert refusal.is_visible() and 0 <= refusal.bounding_box()["y"] <= page.viewport_size["height"]
    page.get_by_text("5,000 characters: 1,000 over the limit of 4,000").wait_for()
