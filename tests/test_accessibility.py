"""WCAG 2.1 A and AA in the browser (issue 22): axe-core, injected into headless Chromium, checks the sign-in page,
every page in the navigation of the organizer, the Secretariat, the administrator and a delegate, and the main forms
opened on a meeting whose statement is under negotiation. Any violation fails, except those of Streamlit's own markup
listed in EXCLUDED by rule and selector."""
import os
import subprocess
import sys

import pytest

from tests.test_browser import (  # noqa: F401  (app_url is a fixture)
    CHROMIUM, ROOT, app_url, bratislava_meeting_with_a_draft_statement, settle, sign_in,
)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (Debian package 'chromium')"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: `npm ci` (scripts/test runs it where npm is)"),
]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO = "Second Meeting"
NEGOTIATED = "Bratislava"
ROLES = ["organizer", "secretariat", "admin", "delegate.austria"]

STREAMLIT_A11Y = ("no upstream issue found for this finding; the nearest is "
                  "https://github.com/streamlit/streamlit/issues/8399 (basic accessibility web features)")
# Findings in Streamlit's own markup, which the project cannot change: (rule, CSS selector the element matches, why,
# upstream issue). Also in the README, "Accessibility".
EXCLUDED = [
    ("list", "[data-testid='stSidebarNavItems']",
     "st.navigation's sections put a <div> (with the section's <header>) between the <ul> and its <li>", STREAMLIT_A11Y),
    ("listitem", "[data-testid='stSidebarNavItems'] li",
     "the same <div>: each page's <li> has a <div>, not the <ul>, as its parent", STREAMLIT_A11Y),
    ("color-contrast", "[data-testid='stWidgetLabel'][disabled] *",
     "the label of a disabled widget, which Streamlit fades to 40 % of textColor (no theme key sets it); WCAG 1.4.3 "
     "exempts text of an inactive component", "none needed: WCAG 1.4.3 exempts it"),
]


@pytest.fixture(scope="module")
def app_database(tmp_path_factory) -> str:
    """The demo meeting (adopted statement, charts, comments) and a meeting whose statement version 1 is circulated to
    every participating State: amendments and comments are open there."""
    url = f"sqlite:///{tmp_path_factory.mktemp('accessibility') / 'planner.db'}"
    env = {**os.environ, "PLANNER_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "planner", "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANNER_DATABASE_URL", url)
        bratislava_meeting_with_a_draft_statement()
        circulate_the_draft()
    return url


def circulate_the_draft() -> None:
    from sqlmodel import select

    from planner import db
    from planner.access import SYSTEM
    from planner.models import Meeting
    from planner.statement import versions

    with db.transaction() as session:
        meeting = session.exec(select(Meeting).where(Meeting.city == NEGOTIATED)).one()
        versions.circulate(session, SYSTEM, meeting.id)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        yield launched
        launched.close()


@pytest.fixture
def tab(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    opened.set_default_timeout(30_000)
    opened.goto(app_url)
    yield opened
    context.close()


# WCAG 2.0/2.1 A and AA, and headings in order (axe files heading-order under best practices).
AXE_RUN = """async ([tags, excluded]) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                                           rules: {'heading-order': {enabled: true}}});
  return results.violations.map(violation => ({
    rule: violation.id,
    nodes: violation.nodes.map(node => {
      const element = document.querySelector(node.target[0]);
      const why = excluded.find(([rule, selector]) => rule === violation.id && element && element.matches(selector));
      return {target: node.target.join(' '), html: node.html.slice(0, 160), summary: node.failureSummary,
              excluded: why ? why[1] : null};
    }),
  }));
}"""


def findings(page) -> list[dict]:
    """axe's violations on the page as it is now, each node marked with the exclusion it falls under, if any."""
    settle(page)
    page.locator("[data-stale='true']").first.wait_for(state="detached")  # faded while the page reran
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN, [TAGS, [[rule, selector] for rule, selector, _, _ in EXCLUDED]])


class Audit:
    """The findings of every page a test scans, printed page by page and asserted on at the end."""

    def __init__(self, who: str):
        self.who, self.left = who, []

    def scan(self, page, where: str) -> None:
        violations = findings(page)
        every = [(v["rule"], node) for v in violations for node in v["nodes"]]
        left = [(rule, node) for rule, node in every if node["excluded"] is None]
        by_rule = ", ".join(f"{v['rule']} {len(v['nodes'])}" for v in violations) or "none"
        print(f"axe {self.who:<18} {where:<40} all {len(every):>3}  not excluded {len(left):>3}  ({by_rule})")
        self.left += [f"{where}: {rule} at {node['target']}: {node['html']}\n    {node['summary']}" for rule, node in left]

    def check(self) -> None:
        assert not self.left, f"{len(self.left)} WCAG violations as {self.who}:\n" + "\n".join(self.left)


def choose_meeting(page, name: str) -> None:
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").click()
    page.get_by_role("option").filter(has_text=name).click()
    settle(page)


def open_page(page, title: str) -> None:
    """Through the navigation; the scan waits for the page to settle."""
    page.get_by_role("link", name=title, exact=True).click()
    page.get_by_role("heading", name=title).wait_for()


def test_sign_in_page(tab):
    audit = Audit("signed out")
    tab.get_by_role("button", name="Sign in").wait_for()
    audit.scan(tab, "Sign in")
    audit.check()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_the_main_forms(tab, role):
    audit = Audit(role)
    sign_in(tab, f"{role}@demo.osce")
    choose_meeting(tab, DEMO)
    titles = [link.inner_text().splitlines()[-1].strip()
              for link in tab.locator("[data-testid='stSidebarNav'] a").all()]
    assert "Meetings" in titles and "Negotiation" in titles
    for title in titles:
        open_page(tab, title)
        audit.scan(tab, title)
    choose_meeting(tab, NEGOTIATED)
    if role == "organizer":
        open_page(tab, "Statement")
        settle(tab)
        edit = tab.locator("[class*='st-key-paragraph_']").first.get_by_role("button", name="Edit preambular paragraph 1")
        label = edit.locator("[data-testid='stMarkdownContainer']")
        assert label.inner_text() == "Edit preambular paragraph 1" and label.bounding_box()["width"] <= 1, \
            "an icon button's name is read out, not shown"
        edit.click()
        tab.get_by_label("Text of the paragraph").wait_for()
        audit.scan(tab, "Statement: paragraph editor")
        tab.get_by_role("tab", name="Write your own").click()
        audit.scan(tab, "Statement: write your own paragraph")
        tab.get_by_role("button", name="Add the paragraph").click()
        tab.get_by_role("alert").first.wait_for()  # a refusal that screen readers announce
        audit.scan(tab, "Statement: an empty paragraph refused")
    if role.startswith("delegate"):
        open_page(tab, "Negotiation")
        tab.get_by_label("Text (the paragraph as your delegation proposes it; empty for a deletion)").wait_for()
        audit.scan(tab, "Negotiation: propose an amendment")
        tab.get_by_role("tab", name="Comments").click()
        audit.scan(tab, "Negotiation: comment on a paragraph")
        open_page(tab, "Participants")
        audit.scan(tab, "Participants: add a participant")
    audit.check()
