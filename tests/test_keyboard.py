"""Keyboard only, in headless Chromium: signing in, proposing an amendment, commenting on an agenda item and
downloading a document, with Tab, Shift+Tab, Enter, Space and typing, never the mouse; wherever focus stops on the
way, it shows.

What Streamlit does on its own, with the keyboard:
- Tabbing into a table (a canvas drawn by Glide Data Grid) stops on its cells one by one; a table whose cells pick a
  row (the meetings on the Meetings page) picks the row focused. The flows here go round tables, not into them.
- Leaving the Timetable page's editable table with Tab reruns the page a moment later, and in two runs of three
  that rerun took the focus from the button it had reached back to the page's main area: the organizer's download is
  taken here on the Agenda review page, whose button comes before its table.
- A focused sidebar link, radio button or tick box is marked by a faint tint only: planner/ui/accessibility.css
  rings them."""
import datetime as dt
import os
import subprocess
import sys

import pytest

from tests.test_browser import (  # noqa: F401 - `app_url` and `page` are fixtures
    CHROMIUM, ROOT, app_url, assert_no_error, page, settle)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (Debian package 'chromium')"),
]
MEETING = "Meeting of the Chiefs of Police on keyboard use"
NAME = """() => { const e = document.activeElement, labels = e.labels && e.labels.length ? e.labels[0].innerText : '';
    return (e.getAttribute('aria-label') || labels || e.innerText || e.value || '').trim(); }"""
# How the focused element's widget looks focused and then blurred, a property of each of its visible parts: what
# focus changes, so that a test asks of any widget, Streamlit's or ours, that focus shows.
FOCUS_CHANGES = """async () => {
    const element = document.activeElement;
    const widget = element.closest('[data-testid="stElementContainer"], [data-testid="stSidebarNavLink"]') || element;
    const parts = [widget, ...widget.querySelectorAll('*')]
        .filter(e => e.getClientRects().length && getComputedStyle(e).opacity !== '0');
    const look = () => parts.map(e => { const s = getComputedStyle(e);
        return {outline: s.outlineStyle === 'none' ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
                shadow: s.boxShadow, border: `${s.borderTopColor} ${s.borderBottomColor}`}; });
    const transitions = () => new Promise(done => setTimeout(done, 400));
    await transitions();
    const focused = look();
    element.blur();
    await transitions();
    const blurred = look();
    element.focus();
    const changes = [];
    focused.forEach((style, n) => { if (parts[n].isConnected) for (const [name, value] of Object.entries(style))
        if (value !== blurred[n][name]) changes.push(`${parts[n].tagName.toLowerCase()} ${name}: ${value}`); });
    return changes;
}"""


@pytest.fixture(scope="module")
def app_database(tmp_path_factory) -> str:
    """The demo, and a meeting of the coming months whose statement and agenda are circulated to Austria."""
    url = f"sqlite:///{tmp_path_factory.mktemp('keyboard') / 'planner.db'}"
    subprocess.run([sys.executable, "-m", "planner", "demo"], cwd=ROOT, env={**os.environ, "PLANNER_DATABASE_URL": url},
                   check=True, capture_output=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANNER_DATABASE_URL", url)
        circulated_to_austria()
    return url


def circulated_to_austria() -> None:
    from planner import db
    from planner.access import SYSTEM
    from planner.agenda_review import versions as agenda_versions
    from planner.delegations import invitations, reference
    from planner.meetings import planning, timetable
    from planner.models import MeetingStatus
    from planner.statement import drafting, versions

    start = dt.date.today() + dt.timedelta(days=200)
    with db.transaction() as session:
        meeting = planning.create_meeting(session, SYSTEM, planning.MeetingDetails(
            title=MEETING, chairmanship="Belgium", chairmanship_year=start.year, city="Salzburg", start_date=start,
            end_date=start, time_zone="Europe/Vienna", languages=["English"],
            registration_deadline=start - dt.timedelta(days=21), symbol_prefix="CIO.GAL"))
        planning.set_priorities(session, SYSTEM, meeting.id, ["terrorism"])
        planning.change_status(session, SYSTEM, meeting.id, MeetingStatus.planned)
        timetable.generate_timetable(session, SYSTEM, meeting.id, "brussels-2006")
        austria = reference.find_delegation(session, "Austria").id
        for invitation in invitations.invite(session, SYSTEM, meeting.id, [austria]):
            invitations.send(session, SYSTEM, invitation.id)
        drafting.draft_from_priorities(session, SYSTEM, meeting.id)
        versions.circulate(session, SYSTEM, meeting.id)
        agenda_versions.circulate(session, SYSTEM, meeting.id)


def focused_name(page) -> str:
    """The focused element's name: its last line, as a link's icon is written before it."""
    return page.evaluate(NAME).split("\n")[-1].strip()


def tab_to(page, name: str, key: str = "Tab", limit: int = 60) -> None:
    """Press `key` until the element named `name` has focus, and check that its focus shows: a ring, a shadow or a
    border that changes, not a tint alone."""
    passed = []
    for _ in range(limit):
        page.keyboard.press(key)
        focused = focused_name(page)
        if focused == name:
            settle(page)  # a page still running may redraw the element, losing the focus: then tab on
            if focused_name(page) == name:
                assert page.evaluate(FOCUS_CHANGES), f"focus on {name!r} does not show"
                return
        passed.append(focused)
    pytest.fail(f"{name!r} not reached with {key} in {limit} presses; focus passed {passed}")


def fill_in(page, fields: dict[str, str], button: str, key: str = "Enter") -> None:
    """Tab to each field in turn and type its text, then to the button and press `key`."""
    for label, text in fields.items():
        tab_to(page, label)
        page.keyboard.type(text)
    tab_to(page, button)
    page.keyboard.press(key)


def sign_in(page, email: str) -> None:
    page.get_by_role("button", name="Sign in").wait_for()
    settle(page)
    fill_in(page, {"Email": email, "Password": "demo"}, "Sign in")
    page.get_by_role("heading", name="Meetings").wait_for()
    settle(page)


def open_page(page, title: str, key: str = "Tab") -> None:
    tab_to(page, title, key)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=title).wait_for()
    settle(page)


def test_a_delegate_signs_in_proposes_an_amendment_and_comments_on_the_agenda(page):
    sign_in(page, "delegate.austria@demo.osce")
    assert MEETING in page.get_by_role("combobox", name="Meeting").input_value(), "the meeting Austria is invited to"
    open_page(page, "Negotiation")
    tab_to(page, "Paragraph")
    fill_in(page, {"Text (the paragraph as your delegation proposes it; empty for a deletion)":
                   "Recalling the Charter for European Security;", "Reason": "Shorter."}, "Propose", key="Space")
    page.get_by_text("Amendment proposed").wait_for()
    assert_no_error(page)

    settle(page)
    open_page(page, "Agenda review", key="Shift+Tab")
    tab_to(page, "Agenda item")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    fill_in(page, {"Your delegation's comment": "Please leave time for questions from the floor."}, "Send the comment")
    page.get_by_text("Comment sent to").wait_for()
    page.get_by_text("Please leave time for questions from the floor.").wait_for()
    assert_no_error(page)


def test_the_organizer_downloads_the_circulated_agenda(page, tmp_path):
    sign_in(page, "organizer@demo.osce")
    open_page(page, "Agenda review")
    tab_to(page, "Download the agenda (Word)")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".docx" and saved.read_bytes().startswith(b"PK")
    assert_no_error(page)
