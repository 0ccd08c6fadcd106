"""The README's deployment: several Streamlit processes in front of one PostgreSQL database.

Two app processes on free ports share one database: a meeting created through one is seen through the other, and a
save made on an out-of-date copy in one process is refused after another process saved. Where nginx is installed the
configuration in deploy/ is run in front of both and the app is used through it: signing in and every
page after it needs the websocket through the proxy."""
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlmodel import select

from planner import db
from planner.access import SYSTEM
from planner.delegations import reference
from planner.models import Participant
from planner.operations import demo
from tests.conftest import postgres_schema_of_its_own
from tests.test_browser import CHROMIUM, free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.deployment
STARTUP_SECONDS = 45
NGINX = Path(shutil.which("nginx") or "/usr/sbin/nginx")  # Debian's, also where /usr/sbin is not on the PATH


@pytest.fixture(scope="module")
def shared_database():
    """A PostgreSQL schema of its own with the demo meeting, as PLANNER_DATABASE_URL for this module's tests."""
    with postgres_schema_of_its_own("planner_deploy") as url, pytest.MonkeyPatch.context() as environment:
        environment.setenv("PLANNER_DATABASE_URL", url)
        db.upgrade(url)
        with db.transaction() as session:
            reference.load_reference_data(session, SYSTEM)
            demo.create_demo_meeting(session, SYSTEM, today=dt.date(2026, 11, 30))
        yield url


def wait_until_healthy(url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app process at {url} stopped: {process.stdout.read()}")
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the app process at {url} did not start within {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def app_processes(shared_database):
    """Two Streamlit processes of the app, as the README starts them, on free ports of 127.0.0.1."""
    ports = [free_port(), free_port()]
    processes = [subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port)],
        cwd=ROOT, env={**os.environ, "PLANNER_DATABASE_URL": shared_database},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    ) for port in ports]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        for url, process in zip(urls, processes):
            wait_until_healthy(url, process, deadline)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


class EditingSession:
    """tests/editing_session.py in a process of its own: one person's page in one app process."""

    def __init__(self, url: str):
        self.process = subprocess.Popen([sys.executable, "-m", "tests.editing_session"], cwd=ROOT, text=True,
                                        env={**os.environ, "PLANNER_DATABASE_URL": url},
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        assert answer, self.process.stderr.read()
        return json.loads(answer)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def test_a_stale_save_in_one_process_is_refused_after_another_process_saved(shared_database):
    with db.transaction() as session:
        participant = session.exec(select(Participant).order_by(Participant.id)).first()
    first, second = EditingSession(shared_database), EditingSession(shared_database)
    try:
        loaded_first = first.ask(load=participant.id)
        loaded_second = second.ask(load=participant.id)
        assert loaded_first == loaded_second == {"first_name": participant.first_name, "version": participant.version}
        assert second.ask(rename="Ingrid") == {"saved": participant.version + 1}
        refused = first.ask(rename="Johanna")
        assert refused["refused"] == "StaleEdit" and "changed by someone else" in refused["message"]
        assert first.ask(load=participant.id) == {"first_name": "Ingrid", "version": participant.version + 1}
        assert first.ask(rename="Johanna") == {"saved": participant.version + 2}
    finally:
        first.close()
        second.close()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (Debian package 'chromium')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"])
        yield launched
        launched.close()


def signed_in_tab(browser, url: str, email: str):
    tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    tab.set_default_timeout(30_000)
    tab.goto(url)
    tab.get_by_label("Email").fill(email)
    tab.get_by_role("textbox", name="Password").fill("demo")
    tab.get_by_role("button", name="Sign in").click()
    tab.get_by_role("heading", name="Meetings").wait_for()
    return tab


def test_a_meeting_created_through_one_app_process_is_seen_through_the_other(app_processes, browser):
    first_app, second_app = app_processes
    reader = signed_in_tab(browser, second_app, "secretariat@demo.osce")
    writer = signed_in_tab(browser, first_app, "organizer@demo.osce")
    writer.get_by_label("City").fill("Ghent")
    chairmanship = writer.get_by_label("Chairmanship (participating State)")
    chairmanship.click()
    chairmanship.fill("Belgium")
    writer.get_by_role("option", name="Belgium", exact=True).click()
    writer.get_by_role("button", name="Create meeting").click()
    writer.get_by_role("heading", name="Meeting builder").wait_for()

    reader.get_by_role("link", name="Timetable").click()
    reader.get_by_role("heading", name="Timetable").wait_for()
    reader.get_by_role("combobox", name="Meeting").click()
    expect(reader.get_by_role("option", name=re.compile(r"^Ghent, "))).to_be_visible(timeout=15_000)
    assert reader.locator("[data-testid='stException']").count() == 0


def nginx_config(upstream_ports: list[int], listen: int, prefix: Path) -> str:
    """deploy/nginx.conf with this test's ports, run as an ordinary user in a folder of its own."""
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    servers = "".join(f"    server 127.0.0.1:{port};\n" for port in upstream_ports)
    config = config.replace("    server 127.0.0.1:8501;\n    server 127.0.0.1:8502;\n", servers)
    config = config.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    assert servers in config and f"listen 127.0.0.1:{listen};" in config
    temporary = "".join(f"{kind}_temp_path {prefix}/{kind};\n"
                        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"daemon off;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
            f"events {{}}\nhttp {{\naccess_log {prefix}/access.log;\n{temporary}{config}\n}}\n")


@pytest.mark.skipif(not NGINX.exists(), reason="nginx is not installed (Debian package 'nginx')")
def test_the_app_works_through_the_reverse_proxy_of_the_readme(app_processes, browser, tmp_path):
    listen = free_port()
    (tmp_path / "nginx.conf").write_text(nginx_config([int(url.rsplit(":", 1)[1]) for url in app_processes], listen,
                                                      tmp_path))
    proxy = subprocess.Popen([str(NGINX), "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_healthy(f"http://127.0.0.1:{listen}", proxy, time.monotonic() + 10)
        tab = signed_in_tab(browser, f"http://127.0.0.1:{listen}", "admin@demo.osce")
        tab.get_by_role("link", name="Backup").click()
        tab.get_by_role("button", name="Download a backup").wait_for()
        with tab.expect_download() as download:
            tab.get_by_role("button", name="Download a backup").click()
        assert json.loads(Path(download.value.path()).read_text())["tables"]["meeting"]["rows"]
        assert "GET /_stcore/health" in (tmp_path / "access.log").read_text()
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
