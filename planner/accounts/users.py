"""Local accounts: argon2 password hashes, roles, and the delegation a delegate speaks for; the administrator adds,
changes, deactivates and reactivates them and resets their passwords."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, delete, func, select, update

from planner import audit, config
from planner.access import Actor, Capability, Role, require
from planner.accounts.models import FailedSignIn, SignInSession, User
from planner.dates import as_utc
from planner.delegations.models import Delegation
from planner.delegations.reference import find_delegation
from planner.errors import NotFound, PlannerError, StaleEdit
from planner.mail import events as mail_events
from planner.model_base import column_length, utc_now
from planner.text import one_line_problem

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
_hasher = PasswordHasher()
# What an unknown account's password is checked against, so that it costs the argon2 work of a known one. Hashed once,
# here, rather than at every start (a quarter of a second); tests/test_users.py checks it has the hasher's parameters.
UNKNOWN_ACCOUNT_HASH = "$argon2id$v=19$m=65536,t=3,p=4$3gZYpW4H5BJn0qKD5LR1yw$ZA59b5pcvBbsDEmy92mTU7vwmC6D0b6uGbqJSIuzqVw"


@dataclass(frozen=True)
class Account:
    """An account as the administrator sees it: never its password hash."""

    id: int
    email: str
    name: str
    role: Role
    delegation: str | None
    active: bool
    last_sign_in: dt.datetime | None
    revision: str


def actor_for(user: User) -> Actor:
    return Actor(email=user.email, role=user.role, name=user.name, delegation_id=user.delegation_id, user_id=user.id)


def revision(user: User) -> str:
    """What the administrator's page saw of the account: a change made on an older view is refused. (Accounts carry
    no version column; every field an administrator changes, the password hash included, goes into this.)"""
    seen = "\x1f".join(str(v) for v in (user.email, user.name, user.role.value, user.delegation_id, user.active,
                                         user.password_hash))
    return hashlib.sha256(seen.encode()).hexdigest()[:16]


@functools.cache
def _common_passwords() -> frozenset[str]:
    """The passwords guessing tools try first (data/common_passwords.txt), in lower case."""
    lines = (config.DATA_DIR / "common_passwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _password_problem(password: str, email: str) -> str | None:
    """NIST SP 800-63B: long enough, and not one that is tried first (a common one, or the account's own address).
    No rules about digits or symbols: a few unrelated words make a good password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return (f"The password must have at least {MIN_PASSWORD_LENGTH:,} characters. A few unrelated words make a "
                "good one.")
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"The password may have at most {MAX_PASSWORD_LENGTH:,} characters."
    if password.strip().lower() in _common_passwords() | {email.strip().lower()}:
        return ("This password is among the first that anyone guessing would try. Choose another: a few unrelated "
                "words make a good one.")
    return None


def _role_and_delegation(session: Session, role: Role | str, delegation: str | None) -> tuple[Role, int | None]:
    """A delegate speaks for exactly one delegation, the other roles for none."""
    try:
        role = Role(role)
    except ValueError:
        raise PlannerError(f"Unknown role '{role}'. Choose one of: {', '.join(r.value for r in Role)}.") from None
    if role != Role.delegate:
        if delegation:
            raise PlannerError("Only delegates speak for a delegation; leave the delegation out for this role.")
        return role, None
    if not delegation:
        raise PlannerError("A delegate account needs a delegation: the one the delegate speaks for.")
    found = find_delegation(session, delegation)
    if found is None:
        raise NotFound(f"No delegation is called '{delegation}'.")
    return role, found.id


def add_user(
    session: Session,
    actor: Actor,
    email: str,
    role: Role | str,
    password: str,
    name: str = "",
    delegation: str | None = None,
    demo: bool = False,
) -> User:
    """Create an account; a delegate must speak for a delegation, the other roles for none. Only a demo account
    (`demo`, set up by `planner init --demo` for trying the planner out) may have a password everyone knows."""
    require(actor, Capability.manage_users)
    email = email.strip().lower()
    for label, text, column in (("The email address", email, "email"), ("The name", name, "name")):
        reason = one_line_problem(text, max_length=column_length(User, column))
        if reason:
            raise PlannerError(f"{label} {reason}.")
    if not EMAIL_PATTERN.match(email):
        raise PlannerError(f"'{email}' is not an email address.")
    role, delegation_id = _role_and_delegation(session, role, delegation)
    problem = None if demo else _password_problem(password, email)
    if problem:
        raise PlannerError(problem)
    if session.exec(select(User).where(User.email == email)).first():
        raise PlannerError(f"There is already an account for {email}.")
    user = User(email=email, name=name.strip(), role=role, delegation_id=delegation_id, password_hash=_hasher.hash(password))
    session.add(user)
    session.flush()
    audit._record(session, actor, "user.add", "user", user.id, after=audit.snapshot(user))
    if not demo:
        mail_events.account(session, user, "account_created")
    return user


def list_accounts(session: Session, actor: Actor) -> list[Account]:
    """Every account, active ones first, each with its delegation's name and when it last signed in."""
    require(actor, Capability.manage_users)
    last = (select(SignInSession.user_id, func.max(SignInSession.created_at).label("at"))
            .group_by(SignInSession.user_id).subquery())
    rows = session.exec(
        select(User, Delegation.name, last.c.at)
        .outerjoin(Delegation, Delegation.id == User.delegation_id)
        .outerjoin(last, last.c.user_id == User.id)
        .order_by(col(User.active).desc(), User.email)
    ).all()
    return [Account(id=user.id, email=user.email, name=user.name, role=user.role, delegation=delegation,
                    active=user.active, last_sign_in=as_utc(at) if at else None, revision=revision(user)) for user, delegation, at in rows]


def find_account(session: Session, actor: Actor, email: str) -> User:
    """The account of this address (the command line names accounts by address)."""
    require(actor, Capability.manage_users)
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise NotFound(f"There is no account for {email.strip().lower()}.")
    return user


def _locked_account(session: Session, user_id: int, expected_revision: str | None) -> User:
    """The account to change, with every active administrator's account locked with it: two administrators
    demoting each other at once cannot both succeed."""
    rows = session.exec(
        select(User).where(sa.or_(User.id == user_id, sa.and_(User.role == Role.admin, col(User.active).is_(True))))
        .order_by(User.id).with_for_update()
    ).all()
    user = next((row for row in rows if row.id == user_id), None)
    if user is None:
        raise NotFound("This account no longer exists. Reload the page.")
    if expected_revision is not None and revision(user) != expected_revision:
        raise StaleEdit(f"The account of {user.email} was changed by someone else after you opened it. Reload to see "
                        "their change, then make yours again.")
    return user


def _keep_an_administrator(session: Session, user: User) -> None:
    """Refuse a change that would leave no active administrator: nobody could manage accounts any more."""
    if user.role != Role.admin or not user.active:
        return
    others = session.exec(select(func.count()).select_from(User).where(
        User.role == Role.admin, col(User.active).is_(True), User.id != user.id)).one()
    if not others:
        raise PlannerError(f"{user.email} is the only active administrator. Make another account an administrator "
                           "first, so that someone can still manage accounts.")


def failed_sign_in_key(email: str, address: str = "") -> str:
    """How refused sign-ins of an account from one client address are counted (sessions.py counts them); with no
    address, the start every address's key of the account shares (a password reset forgives them all)."""
    return f"account:{email.strip().lower()[:230]}|{address[:64]}"


def _end_sign_ins(session: Session, user_id: int) -> None:
    """Revoke every open sign-in of the account: its browsers must sign in again (or, deactivated, cannot)."""
    session.exec(update(SignInSession).where(SignInSession.user_id == user_id, col(SignInSession.revoked_at).is_(None))
                 .values(revoked_at=utc_now()))


def change_role(session: Session, actor: Actor, user_id: int, role: Role | str, delegation: str | None,
                expected_revision: str | None) -> User:
    """Give the account another role (and, for a delegate, the delegation they speak for); it applies at the
    account's next click."""
    require(actor, Capability.manage_users)
    user = _locked_account(session, user_id, expected_revision)
    role, delegation_id = _role_and_delegation(session, role, delegation)
    if role != Role.admin:
        _keep_an_administrator(session, user)
    before = audit.snapshot(user)
    user.role, user.delegation_id = role, delegation_id
    session.flush()
    audit._record(session, actor, "user.change_role", "user", user.id, before, audit.snapshot(user))
    return user


def set_active(session: Session, actor: Actor, user_id: int, active: bool, expected_revision: str | None) -> User:
    """Deactivate an account (its sign-ins end at once and it cannot sign in again) or reactivate it. Accounts are
    never deleted: the audit log keeps naming who did what."""
    require(actor, Capability.manage_users)
    user = _locked_account(session, user_id, expected_revision)
    if user.active == active:
        raise PlannerError(f"The account of {user.email} is already {'active' if active else 'deactivated'}.")
    if not active:
        _keep_an_administrator(session, user)
        _end_sign_ins(session, user.id)
    before = audit.snapshot(user)
    user.active = active
    session.flush()
    audit._record(session, actor, "user.activate" if active else "user.deactivate", "user", user.id, before,
                  audit.snapshot(user))
    return user


def reset_password(session: Session, actor: Actor, user_id: int, password: str, expected_revision: str | None) -> User:
    """Set a new password (the administrator passes it on); browsers signed in with the old one must sign in again,
    and failed sign-ins counted against the account are forgiven, so the user is not kept waiting by a lock."""
    require(actor, Capability.manage_users)
    user = _locked_account(session, user_id, expected_revision)
    problem = _password_problem(password, user.email)
    if problem:
        raise PlannerError(problem)
    user.password_hash = _hasher.hash(password)
    _end_sign_ins(session, user.id)
    session.exec(delete(FailedSignIn).where(col(FailedSignIn.key).startswith(failed_sign_in_key(user.email),
                                                                              autoescape=True)))
    session.flush()
    audit._record(session, actor, "user.reset_password", "user", user.id)
    mail_events.account(session, user, "password_reset", when=utc_now())
    return user


def authenticate(session: Session, email: str, password: str) -> Actor | None:
    """The actor for these credentials, or None; never says which of the two was wrong. An unknown or inactive
    account costs the same argon2 work as a known one, so the time taken does not tell whether it exists."""
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    try:
        _hasher.verify(user.password_hash if user is not None else UNKNOWN_ACCOUNT_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return actor_for(user) if user is not None and user.active else None
