"""Time from a click until the app is idle again, in headless Chromium over a Streamlit server of the app, on the
meetings of benchmarks/pages.py (1x and 10x): opening every page of the organizer's navigation, opening and saving a
paragraph of the statement's draft, proposing an amendment (Austria's delegate) and accepting one (the organizer),
adding a comment, generating the timetable. A figure is the median of `--runs` clicks, in milliseconds.

"Idle" is the moment the page has received the end of the run the click started (Streamlit's `script_finished`,
after any rerun the run asked for) and drawn the next two frames: what a person waits for, without the running
indicator's own fade-out. Both ends are read on the page's own clock, so the time Playwright takes to hand the
page's messages to this script is not counted. Prints JSON; skips, saying why, where Chromium or Playwright is
missing.

    benchmarks/browser.py [--runs N] [--port PORT] [--database URL]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import pages  # noqa: E402
from benchmarks.common import database_option, fresh_database  # noqa: E402
from planner import db  # noqa: E402
from planner.access import SYSTEM  # noqa: E402
from planner.meetings import planning  # noqa: E402
from planner.operations import demo  # noqa: E402
from planner.statement import versions  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
PORT = 8604
RUNS = 3
GOAL_MS = {"1x": 500, "10x": 1000}
ORGANIZER, DELEGATE = "organizer@demo.osce", "delegate.austria@demo.osce"
# The organizer's navigation, from a page other than the one signing in lands on, back to it.
PAGE_TITLES = ["Meeting builder", "Timetable", "Agenda review", "Invitations", "Participants", "Replies dashboard",
               "Statement", "Negotiation", "Report", "Documents", "Audit log", "Meetings"]
PRIORITIES = ["organized_crime", "terrorism", "cyber_crime"]
# On the page's clock: the last click, and when the page last became idle after a run (two frames drawn since).
CLOCK = """(() => {
  const clock = window.plannerClock = {clicked: 0, idle: 0};
  addEventListener("click", () => { clock.clicked = performance.now(); clock.idle = 0; }, true);
  new MutationObserver(changes => {
    if (changes.some(change => change.target.getAttribute("data-test-script-state") === "notRunning")) {
      requestAnimationFrame(() => requestAnimationFrame(() => { clock.idle = performance.now(); }));
    }
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-test-script-state"]});
})();"""
IDLE = ("() => plannerClock.idle > plannerClock.clicked && document.querySelector(\"[data-testid='stApp']\")"
        ".getAttribute('data-test-script-state') === 'notRunning'")
CLICK_TIMEOUT_MS = 60_000


def missing() -> str | None:
    """Why the browser cannot be driven here, if it cannot."""
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (Debian package 'chromium')"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed"
    return None


@contextmanager
def served(port: int) -> Iterator[str]:
    """The app in a Streamlit server of its own on the database the environment names."""
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"The Streamlit server did not start on port {port}") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def run_finished(payload: bytes | str) -> bool:
    """Whether a message from the server ends a run of the page (not one cut short by a rerun it asked for)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if isinstance(payload, str):
        return False
    message = ForwardMsg.FromString(payload)
    return message.WhichOneof("type") == "script_finished" and message.script_finished in (
        ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class Tab:
    """A browser tab signed in to the app, with a clock from a click until the app is idle again."""

    def __init__(self, browser, url: str, email: str) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.set_default_timeout(CLICK_TIMEOUT_MS)
        self.page.add_init_script(CLOCK)
        self.page.on("websocket", lambda socket: setattr(self, "socket", socket))
        self.page.goto(url)
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_role("textbox", name="Password").fill(demo.DEMO_PASSWORD)
        self.timed(lambda: self.page.get_by_role("button", name="Sign in").click())

    def timed(self, click: Callable[[], None]) -> float:
        """Milliseconds from `click` until the run it starts has finished and the browser has drawn it."""
        with self.socket.expect_event("framereceived", predicate=run_finished, timeout=CLICK_TIMEOUT_MS):
            click()
        self.page.wait_for_function(IDLE)
        return round(self.page.evaluate("() => plannerClock.idle - plannerClock.clicked"), 1)

    def open(self, title: str) -> float:
        return self.timed(lambda: self.page.locator("[data-testid='stSidebarNav']").get_by_role(
            "link", name=title, exact=True).click())

    def button(self, name: str):
        return self.page.get_by_role("button", name=name, exact=True).first


class Measurements:
    """Each step's times, and the steps that could not be taken, with why."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.failed: dict[str, str] = {}

    def take(self, name: str, step: Callable[[], float]) -> None:
        taken = self.group(name, step)
        if taken is not None:
            self.times.setdefault(name, []).append(taken)

    def group(self, name: str, steps: Callable[[], float | None]) -> float | None:
        """What `steps` returns; None, with the reason kept under `name`, when the browser could not take them."""
        from playwright.sync_api import Error

        try:
            return steps()
        except Error as error:
            self.failed[name] = str(error).splitlines()[0]
            return None

    def medians(self) -> dict[str, float]:
        return {name: round(statistics.median(times), 1) for name, times in self.times.items()}


def open_every_page(organizer: Tab, seen: Measurements, runs: int) -> None:
    for _ in range(runs):
        for title in PAGE_TITLES:
            seen.take(f"open {title}", lambda: organizer.open(title))


def edit_paragraphs(organizer: Tab, seen: Measurements, keys: list[str]) -> None:
    """The pencil of a paragraph on the draft's first page, then *Save* with the text changed."""
    organizer.open("Statement")
    for key in keys:
        seen.take("open a paragraph", lambda: organizer.timed(
            lambda: organizer.page.locator(f".st-key-edit_{key} button").first.click()))

        def save() -> float:
            text = organizer.page.get_by_label("Text of the paragraph")
            text.fill(text.input_value() + " Amended in the browser.")
            return organizer.timed(lambda: organizer.button("Save").click())

        seen.take("save a paragraph", save)


def amend(organizer: Tab, delegate: Tab, seen: Measurements, runs: int) -> None:
    """Austria proposes and comments on the Negotiation page; the organizer accepts the first amendment to decide."""
    delegate.open("Negotiation")
    for number in range(runs):
        def propose() -> float:
            delegate.page.get_by_label("Text (the paragraph as your delegation proposes it; empty for a deletion)").fill(
                f"Recalling the Charter for European Security, as amended in the browser ({number});")
            delegate.page.get_by_label("Reason").fill("Shorter.")
            return delegate.timed(lambda: delegate.button("Propose").click())

        seen.take("propose an amendment", propose)
    organizer.open("Negotiation")
    for _ in range(runs):
        seen.take("accept an amendment", lambda: organizer.timed(
            lambda: organizer.page.get_by_role("button", name="Accept").first.click()))
    delegate.timed(lambda: delegate.page.get_by_role("tab", name="Comments").click())
    for number in range(runs):
        def comment() -> float:
            delegate.page.get_by_label("Your delegation's comment").fill(f"Please keep this paragraph short ({number}).")
            return delegate.timed(lambda: delegate.button("Send the comment").click())

        seen.take("add a comment", comment)


def generate(organizer: Tab, seen: Measurements, runs: int) -> None:
    """*Generate timetable* over the timetable there is, timed from the *Yes* of the question it asks first until the
    Timetable page it leads to is drawn."""
    for _ in range(runs):
        organizer.open("Meeting builder")
        organizer.timed(lambda: organizer.button("Generate timetable").click())
        seen.take("generate the timetable",
                  lambda: organizer.timed(lambda: organizer.button("Yes, generate timetable").click()))


def measure_meeting(meeting_id: int, runs: int, port: int) -> Measurements:
    """Every step on this meeting, with an organizer and Austria's delegate signed in, each in a tab of their own."""
    from playwright.sync_api import sync_playwright

    with db.transaction() as session:
        planning.set_priorities(session, SYSTEM, meeting_id, PRIORITIES)
        keys = [p.key for p in versions.draft_text(session, SYSTEM, meeting_id).paragraphs[:runs]]
    seen = Measurements()
    with served(port) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox", "--disable-background-networking"])
        try:
            organizer, delegate = Tab(browser, url, ORGANIZER), Tab(browser, url, DELEGATE)
            seen.group("open every page", lambda: open_every_page(organizer, seen, runs))
            seen.group("edit paragraphs", lambda: edit_paragraphs(organizer, seen, keys))
            seen.group("amend and comment", lambda: amend(organizer, delegate, seen, runs))
            seen.group("generate the timetable", lambda: generate(organizer, seen, runs))
        finally:
            browser.close()
    return seen


def measure(runs: int = RUNS, url: str | None = None, size: pages.Size = pages.Size(), port: int = PORT) -> dict:
    """The medians at 1x and 10x, the slowest step at each, and whether each scale meets its goal; or why not run."""
    why_not = missing()
    if why_not:
        return {"skipped": why_not}
    figures: dict = {}
    for factor in (1, 10):
        scale = f"{factor}x"
        with fresh_database(url, delegations=size.times(factor).delegations):
            seen = measure_meeting(pages.meeting_of(size.times(factor)), runs, port)
        medians = seen.medians()
        slowest = max(medians, key=medians.get) if medians else None
        figures[scale] = {"ms": medians, "slowest": [slowest, medians.get(slowest)], "failed": seen.failed,
                          "goal_met": bool(medians) and not seen.failed and max(medians.values()) < GOAL_MS[scale]}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--port", type=int, default=PORT)
    arguments = database_option(parser).parse_args()
    print(json.dumps(measure(arguments.runs, arguments.database, port=arguments.port)))


if __name__ == "__main__":
    main()
