"""Signing in and staying signed in: throttled password checks, and revocable session tokens for the browser's cookie.

A failed sign-in is counted for the account and for the browser session that tried it. The first few cost nothing;
after that each further try must wait a little longer, and after many the account (or browser) is locked for a while.
The same count and the same messages apply to unknown addresses, so the answers do not tell which accounts exist.

A successful sign-in gives a random token. The browser keeps it in a cookie; the database keeps only its SHA-256 hash,
with the user, when it was last used, when it expires and whether it was revoked. The user is read again from the
database on every use, so a deactivated or demoted account loses its rights at its next click."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, delete, func, select

from planner import audit, config, users
from planner.access import Actor
from planner.errors import PlannerError
from planner.models import FailedSignIn, SignInSession, User, utc_now

FREE_ATTEMPTS = 3
LOCK_AFTER = 10
WINDOW = dt.timedelta(minutes=15)
LOCK_FOR = dt.timedelta(minutes=15)
MAX_DELAY = dt.timedelta(seconds=60)
TOUCH_EVERY = dt.timedelta(seconds=60)


class SignInRefused(PlannerError):
    """Wrong credentials, or too many wrong ones lately; the message never says whether the account exists."""


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    token: str
    expires_at: dt.datetime


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every one stored here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _keys(email: str, browser: str) -> list[str]:
    return [users.failed_sign_in_key(email), f"browser:{browser[:200]}"]


def _wait(session: Session, key: str, now: dt.datetime) -> dt.timedelta:
    """How long this account or browser must wait before the next try (zero: it may try now)."""
    failures = session.exec(
        select(func.count(), func.max(FailedSignIn.at)).where(FailedSignIn.key == key, FailedSignIn.at > now - WINDOW)
    ).one()
    count, last = failures
    if count < FREE_ATTEMPTS or last is None:
        return dt.timedelta(0)
    pause = LOCK_FOR if count >= LOCK_AFTER else min(MAX_DELAY, dt.timedelta(seconds=2 ** (count - FREE_ATTEMPTS + 1)))
    return max(dt.timedelta(0), _aware(last) + pause - now)


def _waiting_message(wait: dt.timedelta) -> str:
    seconds = int(wait.total_seconds() + 0.999)
    if seconds > 90:
        minutes = (seconds + 59) // 60
        return (f"Too many failed sign-ins for this account or from this browser: signing in is locked for "
                f"{minutes} minutes. Ask the planner's administrator if you have forgotten your password.")
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many failed sign-ins for this account or from this browser. Wait {seconds} {unit}, then try again."


def sign_in(session: Session, email: str, password: str, browser: str, now: dt.datetime | None = None) -> SignedIn:
    """Check the password (unless this account or browser must wait) and open a session for the browser.

    `browser` names the browser session (the page's own session id), so that one browser trying many addresses is
    slowed down as well as many browsers trying one address."""
    now = now or utc_now()
    keys = _keys(email, browser)
    wait = max(_wait(session, key, now) for key in keys)
    if wait > dt.timedelta(0):
        raise SignInRefused(_waiting_message(wait))
    actor = users.authenticate(session, email, password)
    if actor is None:
        session.add_all(FailedSignIn(key=key, at=now) for key in keys)
        session.commit()  # the refusal below rolls the unit of work back; the count must stay
        raise SignInRefused("The email or password is not right. Ask the planner's administrator if you have no account.")
    session.exec(delete(FailedSignIn).where(col(FailedSignIn.key) == keys[0]))
    session.exec(delete(FailedSignIn).where(col(FailedSignIn.at) < now - WINDOW))
    token = secrets.token_urlsafe(32)
    expires_at = now + dt.timedelta(minutes=config.session_lifetime_minutes())
    session.add(SignInSession(token_hash=_hash(token), user_id=actor.user_id, created_at=now, last_seen_at=now,
                              expires_at=expires_at))
    session.flush()
    audit._record(session, actor, "user.sign_in", "user", actor.user_id)
    return SignedIn(actor, token, expires_at)


def actor_for_token(session: Session, token: str | None, now: dt.datetime | None = None) -> Actor | None:
    """The user this token signs in, as the database knows them now; None once it is revoked, expired, idle too long,
    or its account is deactivated."""
    if not token:
        return None
    now = now or utc_now()
    found = session.exec(
        select(SignInSession, User).join(User, User.id == SignInSession.user_id)
        .where(SignInSession.token_hash == _hash(token))
    ).first()
    if found is None:
        return None
    opened, user = found
    idle_limit = dt.timedelta(minutes=config.session_idle_minutes())
    if (opened.revoked_at is not None or _aware(opened.expires_at) <= now
            or _aware(opened.last_seen_at) + idle_limit <= now or not user.active):
        if opened.revoked_at is None:
            opened.revoked_at = now
        return None
    if now - _aware(opened.last_seen_at) >= TOUCH_EVERY:
        opened.last_seen_at = now
    return users.actor_for(user)


def sign_out(session: Session, token: str | None) -> None:
    """Revoke the session: its cookie, if copied, signs no one in any more."""
    if not token:
        return
    opened = session.exec(select(SignInSession).where(SignInSession.token_hash == _hash(token))).first()
    if opened is not None and opened.revoked_at is None:
        opened.revoked_at = utc_now()
        user = session.get(User, opened.user_id)
        audit._record(session, users.actor_for(user), "user.sign_out", "user", user.id)
