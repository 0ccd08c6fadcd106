"""Signing in and staying signed in: throttled password checks, and revocable session tokens for the browser's cookie.

A refused sign-in is counted, in the database (so a reload or another server process does not forget it), for the
account tried from that client address, and for the address whatever account it tried. The first few cost nothing;
after that each further try waits twice as long as the one before, up to a few minutes. There is no lock: whoever
knows the password gets in after the wait, and someone guessing from elsewhere slows down only their own tries, so
they cannot keep the administrator out. Unknown addresses get the same counts and messages, so the answers do not
tell which accounts exist.

A successful sign-in gives a random token. The browser keeps it in a cookie; the database keeps only its SHA-256 hash,
with the user, when it was last used, when it expires and whether it was revoked. The user is read again from the
database on every use, so a deactivated or demoted account loses its rights at its next click."""
from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, delete, func, select

from planner import audit, config
from planner.access import Actor
from planner.accounts import users
from planner.accounts.models import FailedSignIn, SignInSession, User
from planner.errors import PlannerError
from planner.model_base import utc_now

FREE_ATTEMPTS = 3
WINDOW = dt.timedelta(hours=1)
MAX_DELAY = dt.timedelta(minutes=5)
TOUCH_EVERY = dt.timedelta(seconds=60)
THIS_MACHINE = "127.0.0.1"


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


def _ip(text: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def client_address(peer: str | None, forwarded_for: Iterable[str] = ()) -> str:
    """The address a sign-in comes from. `peer` is the connection's own address (Streamlit gives None for this
    machine). Only when the peer is a proxy named in PLANNER_TRUSTED_PROXIES does X-Forwarded-For count, and then only
    the entries those proxies added: read from the right, the first address that is not a trusted proxy (anything
    further left was sent by the browser and may be made up)."""
    trusted = {_ip(proxy) for proxy in config.trusted_proxies()} - {None}
    address = _ip(peer) or THIS_MACHINE
    hops = [hop for header in forwarded_for for hop in header.split(",")]
    while address in trusted and hops:
        address = _ip(hops.pop()) or "unknown"
    return address


def _keys(email: str, address: str) -> list[str]:
    return [users.failed_sign_in_key(email, address), f"address:{address[:64]}"]


def _wait(session: Session, key: str, now: dt.datetime) -> dt.timedelta:
    """How long the next try must wait (zero: it may try now): nothing for the first FREE_ATTEMPTS refusals within
    the WINDOW, then 2, 4, 8 … seconds after the last one, at most MAX_DELAY."""
    count, last = session.exec(
        select(func.count(), func.max(FailedSignIn.at)).where(FailedSignIn.key == key, FailedSignIn.at > now - WINDOW)
    ).one()
    if count < FREE_ATTEMPTS or last is None:
        return dt.timedelta(0)
    pause = min(MAX_DELAY, dt.timedelta(seconds=2 ** (count - FREE_ATTEMPTS + 1)))
    return max(dt.timedelta(0), _aware(last) + pause - now)


def _waiting_message(wait: dt.timedelta) -> str:
    """The wait as it is, rounded up to the second."""
    seconds = int(-(-wait.total_seconds() // 1))
    minutes, rest = divmod(seconds, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((minutes, "minute"), (rest, "second")) if n]
    return (f"Too many failed sign-ins for this account or from this address. Wait {' '.join(parts)}, then try again. "
            "Ask the planner's administrator if you have forgotten your password.")


def sign_in(session: Session, email: str, password: str, address: str, now: dt.datetime | None = None) -> SignedIn:
    """Check the password (unless this account from this address, or this address, must wait) and open a session.

    `address` is the client's address (`client_address`), so that one address trying many accounts is slowed down,
    and one account tried from elsewhere is slowed down only there."""
    now = now or utc_now()
    keys = _keys(email, address)
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


def _ended(opened: SignInSession, user: User, now: dt.datetime) -> bool:
    """Signed out or revoked (deactivation, password reset), past its lifetime, idle too long, or its account is
    deactivated."""
    idle_limit = dt.timedelta(minutes=config.session_idle_minutes())
    return (opened.revoked_at is not None or _aware(opened.expires_at) <= now
            or _aware(opened.last_seen_at) + idle_limit <= now or not user.active)


def ended_tokens(session: Session, tokens: Iterable[str], now: dt.datetime | None = None) -> set[str]:
    """Which of these tokens sign nobody in any more (checked without counting as a use): the files their pages
    prepared must go with them."""
    now = now or utc_now()
    by_hash = {_hash(token): token for token in tokens}
    found = session.exec(select(SignInSession, User).join(User, User.id == SignInSession.user_id)
                         .where(col(SignInSession.token_hash).in_(by_hash))).all()
    live = {opened.token_hash for opened, user in found if not _ended(opened, user, now)}
    return {token for hashed, token in by_hash.items() if hashed not in live}


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
    if _ended(opened, user, now):
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
