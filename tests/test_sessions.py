"""Signing in: throttled failures, no hint whether an account exists, sessions that expire, end and follow the account."""
import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from planner import config, db, demo, sessions, users
from planner.models import FailedSignIn, Role, SignInSession, User
from planner.sessions import SignInRefused
from planner.ui.common import TOKEN_KEY
from tests.test_pages import ROOT, labelled

START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.timezone.utc)
ORGANIZER = "organizer@demo.osce"


def attempt(email: str, password: str, browser: str = "browser-1", at: dt.datetime = START):
    with db.transaction() as session:
        return sessions.sign_in(session, email, password, browser, now=at)


def refusal(email: str, password: str, browser: str = "browser-1", at: dt.datetime = START) -> str:
    with pytest.raises(SignInRefused) as refused:
        attempt(email, password, browser, at)
    return str(refused.value)


def who(token: str, at: dt.datetime):
    with db.transaction() as session:
        return sessions.actor_for_token(session, token, now=at)


def test_failed_sign_ins_slow_down_then_lock_the_account(demo_users):
    for _ in range(sessions.FREE_ATTEMPTS):
        assert "not right" in refusal(ORGANIZER, "guess")
    assert "Wait 2 seconds" in refusal(ORGANIZER, "demo", "another browser"), "even the right password waits"
    later = START + dt.timedelta(seconds=2)
    assert "not right" in refusal(ORGANIZER, "guess", at=later)
    assert "Wait 4 seconds" in refusal(ORGANIZER, "demo", at=later)
    at = later
    for _ in range(sessions.LOCK_AFTER - sessions.FREE_ATTEMPTS - 1):
        at += sessions.MAX_DELAY
        assert "not right" in refusal(ORGANIZER, "guess", at=at)
    assert "locked for 15 minutes" in refusal(ORGANIZER, "demo", "another browser", at=at)
    unlocked = at + sessions.LOCK_FOR
    assert attempt(ORGANIZER, "demo", "another browser", unlocked).actor.email == ORGANIZER
    with db.transaction() as session:
        assert not session.exec(select(FailedSignIn).where(FailedSignIn.key == f"account:{ORGANIZER}")).all()


def test_one_browser_trying_many_accounts_is_slowed_down_too(demo_users):
    for email in ("a@demo.osce", "b@demo.osce", "secretariat@demo.osce"):
        assert "not right" in refusal(email, "guess")
    assert "Wait" in refusal(ORGANIZER, "demo")
    assert attempt(ORGANIZER, "demo", "browser-2").actor.email == ORGANIZER


def test_unknown_accounts_answer_like_known_ones_and_cost_the_same_work(demo_users, monkeypatch):
    checked = []

    class CountingHasher:
        def verify(self, hashed, password):
            checked.append(hashed)
            return real.verify(hashed, password)

    real = users._hasher
    monkeypatch.setattr(users, "_hasher", CountingHasher())
    unknown = [refusal("nobody@demo.osce", "demo", browser=f"b{n}") for n in range(sessions.FREE_ATTEMPTS + 1)]
    known = [refusal(ORGANIZER, "wrong", browser=f"c{n}") for n in range(sessions.FREE_ATTEMPTS + 1)]
    assert unknown == known, "the same messages, and the same slowing down"
    assert len(checked) == 2 * sessions.FREE_ATTEMPTS, "an unknown address is checked against a password hash too"
    with db.transaction() as session:
        session.exec(select(User).where(User.email == "secretariat@demo.osce")).one().active = False
    assert "not right" in refusal("secretariat@demo.osce", "demo", browser="d")
    assert len(checked) == 2 * sessions.FREE_ATTEMPTS + 1


def test_a_session_ends_at_sign_out_when_idle_and_at_its_lifetime(demo_users, monkeypatch):
    token = attempt(ORGANIZER, "demo").token
    with db.transaction() as session:
        stored = session.exec(select(SignInSession)).one()
        assert stored.token_hash != token and token not in stored.token_hash, "only the token's hash is stored"
    assert who(token, START + dt.timedelta(minutes=29)).email == ORGANIZER
    assert who(token, START + dt.timedelta(minutes=58)).email == ORGANIZER, "each use restarts the idle time"
    assert who(token, START + dt.timedelta(minutes=89)) is None, "idle for 31 minutes"
    assert who(token, START + dt.timedelta(minutes=90)) is None, "and it stays ended"
    monkeypatch.setenv("PLANNER_SESSION_IDLE_MINUTES", "5")
    short = attempt(ORGANIZER, "demo").token
    assert who(short, START + dt.timedelta(minutes=4)) is not None
    assert who(short, START + dt.timedelta(minutes=10)) is None
    monkeypatch.setenv("PLANNER_SESSION_IDLE_MINUTES", "700")
    long_idle = attempt(ORGANIZER, "demo").token
    assert who(long_idle, START + dt.timedelta(hours=11)) is not None
    assert who(long_idle, START + dt.timedelta(hours=12)) is None, "a sign-in lasts at most its lifetime"
    ended = attempt(ORGANIZER, "demo").token
    with db.transaction() as session:
        sessions.sign_out(session, ended)
    assert who(ended, START) is None
    assert who("not-a-token", START) is None


def test_session_settings_refuse_nonsense(monkeypatch):
    monkeypatch.setenv("PLANNER_SESSION_IDLE_MINUTES", "ten")
    with pytest.raises(ValueError, match="PLANNER_SESSION_IDLE_MINUTES must be a whole number of minutes"):
        config.session_idle_minutes()
    monkeypatch.setenv("PLANNER_SESSION_LIFETIME_MINUTES", "0")
    with pytest.raises(ValueError):
        config.session_lifetime_minutes()


def test_a_demoted_or_deactivated_account_loses_its_rights_at_the_next_use(demo_users):
    token = attempt(ORGANIZER, "demo").token
    with db.transaction() as session:
        session.exec(select(User).where(User.email == ORGANIZER)).one().role = Role.secretariat
    assert who(token, START).role == Role.secretariat
    with db.transaction() as session:
        session.exec(select(User).where(User.email == ORGANIZER)).one().active = False
    assert who(token, START) is None


def pages_of(app: AppTest) -> list[str]:
    return [Path(info["script_path"]).stem for info in app._registered_pages.values() if info.get("script_path")]


def test_the_app_follows_the_account_on_every_click(demo_users):
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    labelled(app.text_input, "Email").input(ORGANIZER)
    labelled(app.text_input, "Password").input(demo.DEMO_PASSWORD)
    app.button[0].click().run()
    assert app.session_state[TOKEN_KEY] and any(b.label == "Sign out" for b in app.sidebar.button)
    assert "audit_log" in pages_of(app)
    with db.transaction() as session:
        session.exec(select(User).where(User.email == ORGANIZER)).one().role = Role.delegate
        session.exec(select(User).where(User.email == ORGANIZER)).one().delegation_id = 1
    app.run()
    assert "audit_log" not in pages_of(app)
    with db.transaction() as session:
        session.exec(select(User).where(User.email == ORGANIZER)).one().active = False
    app.run()
    assert "Your session has ended" in app.info[0].value and labelled(app.text_input, "Password")
    assert not any(b.label == "Sign out" for b in app.sidebar.button)


def test_sign_out_revokes_the_session(demo_users):
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    labelled(app.text_input, "Email").input(ORGANIZER)
    labelled(app.text_input, "Password").input(demo.DEMO_PASSWORD)
    app.button[0].click().run()
    token = app.session_state[TOKEN_KEY]
    labelled(app.sidebar.button, "Sign out").click().run()
    assert TOKEN_KEY not in app.session_state and labelled(app.text_input, "Password")
    assert who(token, dt.datetime.now(dt.timezone.utc)) is None


def test_a_password_reset_lifts_the_lock_on_the_account(demo_users, admin):
    at = START
    for _ in range(sessions.LOCK_AFTER):
        refusal(ORGANIZER, "guess", at=at)
        at += sessions.MAX_DELAY
    assert "signing in is locked" in refusal(ORGANIZER, "demo", "another browser", at=at)
    with db.transaction() as session:
        account = session.exec(select(User).where(User.email == ORGANIZER)).one()
        users.reset_password(session, admin, account.id, "brand-new", users.revision(account))
    assert attempt(ORGANIZER, "brand-new", "another browser", at).actor.email == ORGANIZER
