"""Local accounts: argon2 password hashes, roles, and the delegation a delegate speaks for."""
from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from planner import audit
from planner.access import Actor, Capability, require
from planner.errors import NotFound, PlannerError
from planner.models import Role, User, column_length
from planner.reference import find_delegation
from planner.text import one_line_problem

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 4
MAX_PASSWORD_LENGTH = 1024
_hasher = PasswordHasher()
_UNKNOWN_ACCOUNT_HASH = _hasher.hash("no account has this password")


def actor_for(user: User) -> Actor:
    return Actor(email=user.email, role=user.role, name=user.name, delegation_id=user.delegation_id, user_id=user.id)


def add_user(
    session: Session,
    actor: Actor,
    email: str,
    role: Role | str,
    password: str,
    name: str = "",
    delegation: str | None = None,
) -> User:
    """Create an account; a delegate must speak for a delegation, the other roles for none."""
    require(actor, Capability.manage_users)
    email = email.strip().lower()
    for label, text, column in (("The email address", email, "email"), ("The name", name, "name")):
        reason = one_line_problem(text, max_length=column_length(User, column))
        if reason:
            raise PlannerError(f"{label} {reason}.")
    if not EMAIL_PATTERN.match(email):
        raise PlannerError(f"'{email}' is not an email address.")
    try:
        role = Role(role)
    except ValueError:
        raise PlannerError(f"Unknown role '{role}'. Choose one of: {', '.join(r.value for r in Role)}.") from None
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PlannerError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PlannerError(f"The password may have at most {MAX_PASSWORD_LENGTH} characters.")
    if session.exec(select(User).where(User.email == email)).first():
        raise PlannerError(f"There is already an account for {email}.")
    delegation_id = None
    if role == Role.delegate:
        if not delegation:
            raise PlannerError("A delegate account needs a delegation (--delegation NAME).")
        found = find_delegation(session, delegation)
        if found is None:
            raise NotFound(f"No delegation is called '{delegation}'.")
        delegation_id = found.id
    elif delegation:
        raise PlannerError("Only delegates speak for a delegation; leave the delegation out for this role.")
    user = User(email=email, name=name.strip(), role=role, delegation_id=delegation_id, password_hash=_hasher.hash(password))
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.add", "user", user.id, after=audit.snapshot(user))
    return user


def authenticate(session: Session, email: str, password: str) -> Actor | None:
    """The actor for these credentials, or None; never says which of the two was wrong. An unknown or inactive
    account costs the same argon2 work as a known one, so the time taken does not tell whether it exists."""
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    try:
        _hasher.verify(user.password_hash if user is not None else _UNKNOWN_ACCOUNT_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return actor_for(user) if user is not None and user.active else None

