"""Signing in: throttled failures, no hint whether an account exists, sessions that expire, end and follow the account."""
import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from planner import config, db
from planner.accounts import sign_in, users
from planner.accounts.sign_in import SignInRefused
from planner.models import FailedSignIn, Role, SignInSession, User
from planner.operations import demo
from planner.ui.common import TOKEN_KEY
from tests.test_pages import ROOT, labelled

START = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.timezone.utc)
ORGANIZER = "organizer@demo.osce"


OUTSIDER = "203.0.113.9"
OFFICE = "198.51.100.7"


def attempt(email: str, password: str, address: str = OFFICE, at: dt.datetime = START):
    with db.transaction() as session:
        return sign_in.sign_in(session, email, password, address, now=at)


def refusal(email: str, password: str, address: str = OFFICE, at: dt.datetime = START) -> str:
    with pytest.raises(SignInRefused) as refused:
        attempt(email, password, address, at)
    return str(refused.value)


def wrong_until(email: str, address: str, failures: int, at: dt.datetime = START) -> dt.datetime:
    """`failures` wrong passwords from `address`, each as soon as the planner lets it try; the time of the last."""
    for _ in range(failures):
        with db.transaction() as session:
            at += max(sign_in._wait(session, key, at) for key in sign_in._keys(email, address))
        assert "not right" in refusal(email, "guess", address, at)
    return at


def who(token: str, at: dt.datetime):
    with db.transaction() as session:
        return sign_in.actor_for_token(session, token, now=at)


def test_wrong_passwords_slow_down_progressively_and_the_right_one_gets_in_after_the_true_wait(demo_users):
    for _ in range(sign_in.FREE_ATTEMPTS):
        assert "not right" in refusal(ORGANIZER, "guess")
    assert "Wait 2 seconds, then" in refusal(ORGANIZER, "demo"), "even the right password waits"
    assert attempt(ORGANIZER, "demo", at=START + dt.timedelta(seconds=2)).actor.email == ORGANIZER
    last = wrong_until(ORGANIZER, OFFICE, 12)
    assert "Wait 5 minutes, then" in refusal(ORGANIZER, "demo", at=last), "the wait grows to MAX_DELAY, no further"
    assert "Wait 1 minute 1 second," in refusal(ORGANIZER, "demo", at=last + dt.timedelta(seconds=239))
    assert "Wait 1 second," in refusal(ORGANIZER, "demo", at=last + sign_in.MAX_DELAY - dt.timedelta(seconds=0.5))
    assert attempt(ORGANIZER, "demo", at=last + sign_in.MAX_DELAY).actor.email == ORGANIZER, "no lock-out"


def test_an_outsider_guessing_cannot_keep_the_administrator_out(demo_users):
    last = wrong_until("admin@demo.osce", OUTSIDER, 30)
    assert "Wait" in refusal("admin@demo.osce", "demo", OUTSIDER, last)
    assert attempt("admin@demo.osce", "demo", OFFICE, last).actor.email == "admin@demo.osce"


def test_one_address_trying_many_accounts_is_slowed_down_too(demo_users):
    for email in ("a@demo.osce", "b@demo.osce", "secretariat@demo.osce"):
        assert "not right" in refusal(email, "guess", OUTSIDER)
    assert "Wait" in refusal(ORGANIZER, "demo", OUTSIDER)
    assert attempt(ORGANIZER, "demo", OFFICE).actor.email == ORGANIZER


def test_a_reload_does_not_forget_the_failed_sign_ins(demo_users):
    """The count is kept by address in the database, not in the browser's page: a fresh page is slowed down too."""
    for email in ("a@demo.osce", "b@demo.osce", "c@demo.osce"):
        app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
        labelled(app.text_input, "Email").input(email)
        labelled(app.text_input, "Password").input("guess")
        app.button[0].click().run()
        assert "not right" in app.error[0].value
    reloaded = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
    labelled(reloaded.text_input, "Email").input(ORGANIZER)
    labelled(reloaded.text_input, "Password").input(demo.DEMO_PASSWORD)
    reloaded.button[0].click().run()
    assert "Wait" in reloaded.error[0].value and TOKEN_KEY not in reloaded.session_state


def test_the_client_address_is_taken_from_a_proxy_only_when_it_is_trusted(monkeypatch):
    spoofed = ["10.9.9.9, 192.0.2.44"]
    assert sign_in.client_address("192.0.2.1", spoofed) == "192.0.2.1", "no proxy is trusted by default"
    assert sign_in.client_address(None, spoofed) == "127.0.0.1"
    monkeypatch.setenv("PLANNER_TRUSTED_PROXIES", "127.0.0.1, ::1")
    assert sign_in.client_address(None, spoofed) == "192.0.2.44", "nginx appends the address it saw, on the right"
    assert sign_in.client_address("192.0.2.1", spoofed) == "192.0.2.1", "only from a trusted proxy"
    assert sign_in.client_address(None, ["not an address, 127.0.0.1"]) == "unknown"
    assert sign_in.client_address(None, []) == "127.0.0.1"


def test_unknown_accounts_answer_like_known_ones_and_cost_the_same_work(demo_users, monkeypatch):
    checked = []

    class CountingHasher:
        def verify(self, hashed, password):
            checked.append(hashed)
            return real.verify(hashed, password)

    real = users._hasher
    monkeypatch.setattr(users, "_hasher", CountingHasher())
    unknown = [refusal("nobody@demo.osce", "demo", "192.0.2.1") for _ in range(sign_in.FREE_ATTEMPTS + 1)]
    known = [refusal(ORGANIZER, "wrong", "192.0.2.2") for _ in range(sign_in.FREE_ATTEMPTS + 1)]
    assert unknown == known, "the same messages, and the same slowing down"
    assert len(checked) == 2 * sign_in.FREE_ATTEMPTS, "an unknown address is checked against a password hash too"
    with db.transaction() as session:
        session.exec(select(User).where(User.email == "secretariat@demo.osce")).one().active = False
    assert "not right" in refusal("secretariat@demo.osce", "demo", "192.0.2.3")
    assert len(checked) == 2 * sign_in.FREE_ATTEMPTS + 1


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
        sign_in.sign_out(session, ended)
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


def test_a_password_reset_forgives_the_accounts_failed_sign_ins_from_every_address(demo_users, admin):
    at = max(wrong_until(ORGANIZER, OFFICE, 6), wrong_until(ORGANIZER, "192.0.2.8", 6))
    assert "Wait" in refusal(ORGANIZER, "demo", OFFICE, at)
    with db.transaction() as session:
        session.add(FailedSignIn(key=users.failed_sign_in_key("organizer@demo.osce_x", OFFICE), at=at))
        account = session.exec(select(User).where(User.email == ORGANIZER)).one()
        users.reset_password(session, admin, account.id, "brand new passphrase", users.revision(account))
    with db.transaction() as session:
        assert session.exec(select(FailedSignIn.key).where(FailedSignIn.key.startswith("account:"))).all() == [
            users.failed_sign_in_key("organizer@demo.osce_x", OFFICE)], "only that account's, '_' is no wildcard"
    assert attempt(ORGANIZER, "brand new passphrase", "192.0.2.99", at).actor.email == ORGANIZER
