"""End to end in headless Chromium: the README's first steps as a new organizer takes them."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
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
def app_url(tmp_path_factory):
    database = tmp_path_factory.mktemp("browser") / "planner.db"
    env = {**os.environ, "PLANNER_DATABASE_URL": f"sqlite:///{database}"}
    subprocess.run([sys.executable, "-m", "planner", "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
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
    for name in ("3. Terrorism", "6. Cyber-crime", "2. Organized crime"):
        priorities.click()
        priorities.fill(name[3:])
        page.get_by_role("option", name=name, exact=True).click()
        settle(page)
        page.locator("[data-testid='stMultiSelectTagsContainer']", has_text=name).wait_for()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Save priorities").click()
    page.get_by_text("Priorities saved").wait_for()
    page.get_by_text("Two days — six thematic sessions").click()
    page.get_by_role("button", name="Generate timetable").click()
    page.get_by_role("heading", name="Day by room").wait_for()
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for()
    assert_no_error(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the agenda (Word)").click()
    saved = tmp_path / "agenda.docx"
    download.value.save_as(saved)
    from docx import Document

    assert "DRAFT AGENDA" in [p.text for p in Document(saved).paragraphs]
    page.screenshot(path=str(tmp_path / "timetable.png"), full_page=True)


def test_delegate_sees_their_nominations_and_no_dashboard(page):
    sign_in(page, "delegate.austria@demo.osce")
    assert page.get_by_role("link", name="Replies dashboard").count() == 0
    page.get_by_role("link", name="Participants").click()
    page.get_by_text("You manage the nominations of").wait_for()
    assert_no_error(page)
