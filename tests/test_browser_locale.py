"""In headless Chromium set to en-US, whose time fields run on a 12-hour clock: a time typed into the Timetable is the
time on the 24-hour clock, as the agenda writes it (11:45 typed into a 13:15 cell once became 23:45)."""
import datetime as dt
import re

from tests.test_browser import (  # noqa: F401 - `app_database` and `app_url` are fixtures, `pytestmark` marks these
    CHROMIUM, app_database, app_url, assert_no_error, pytestmark, settle, sign_in,
)

ROW_HEIGHT = 35  # px, of the data editor's heading and of each row
START_COLUMN_MIDDLE = 185  # px from the editor's left: after the row markers (35) and the day (100)


def lunch_of_the_demo() -> tuple[int, int, dt.time]:
    """The demo meeting's id, the position of its lunch in the timetable and the lunch's start."""
    from planner import db
    from planner.access import SYSTEM
    from planner.meetings import planning, timetable

    with db.transaction() as session:
        [meeting] = [m for m in planning.list_meetings(session, SYSTEM) if m.city == "Brussels"]
        items = timetable.agenda_items(session, SYSTEM, meeting.id)
    [position] = [n for n, item in enumerate(items) if item.kind.value == "lunch"]
    return meeting.id, position, items[position].start


def test_a_time_typed_in_an_en_us_browser_is_kept_on_the_24_hour_clock(app_database, app_url, monkeypatch):
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("PLANNER_DATABASE_URL", app_database)
    meeting_id, lunch, before = lunch_of_the_demo()
    assert before.hour >= 12, "the cell holds an afternoon time, as in the walk"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        page = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000}).new_page()
        page.set_default_timeout(30_000)
        page.goto(app_url)
        assert page.evaluate("navigator.language") == "en-US"
        sign_in(page, "organizer@demo.osce")
        page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").click()
        page.get_by_role("option").filter(has_text="Brussels").click()
        settle(page)
        page.get_by_role("link", name="Timetable").click()
        page.get_by_text("Everything shown is saved.").wait_for()
        settle(page)
        grid = page.locator("[data-testid='stDataFrame']").first.bounding_box()
        page.mouse.dblclick(grid["x"] + START_COLUMN_MIDDLE, grid["y"] + ROW_HEIGHT * (lunch + 1.5))
        editor = page.locator("#portal textarea, #portal input").first
        expect(editor).to_have_value(re.compile(f"^{before:%H:%M}"))  # the lunch's start, open to edit
        editor.press("Control+a")
        page.keyboard.type("11:45")  # key by key, as a person types it
        expect(editor).to_have_value("11:45")
        page.wait_for_timeout(300)  # a person's pause: Enter at once after typing can commit the cell's old text
        page.keyboard.press("Enter")
        page.get_by_text("You have changes that are not saved yet.").wait_for()
        settle(page)
        expect(page.locator(f"[data-testid='stDataFrame'] td#glide-cell-2-{lunch}")).to_have_text("11:45")
        page.get_by_role("button", name="Save timetable").click()
        page.get_by_text("Timetable saved").wait_for()
        assert_no_error(page)
        browser.close()
    from planner import db
    from planner.access import SYSTEM
    from planner.meetings import timetable

    with db.transaction() as session:
        starts = {item.title: item.start for item in timetable.agenda_items(session, SYSTEM, meeting_id)}
    assert starts["Lunch"] == dt.time(11, 45)
