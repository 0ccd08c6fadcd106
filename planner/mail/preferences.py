"""Each user's own choices (per kind of event: immediately, in a daily digest, or not at all; the time zone their
mail gives times in) and the administrator's view of the outbox."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from planner import audit
from planner.access import Actor, Capability, require, signed_in
from planner.accounts.models import User
from planner.accounts.users import EMAIL_PATTERN
from planner.delegations.models import Delegation
from planner.errors import NotFound, PermissionDenied, PlannerError
from planner.mail.models import ALWAYS_IMMEDIATE, Delivery, MailKind, MailPreference, MessageState, OutboxMessage
from planner.meetings.planning import known_time_zones
from planner.model_base import column_length, utc_now
from planner.text import one_line_problem

CHOOSABLE = [kind for kind in MailKind if kind not in ALWAYS_IMMEDIATE]


@dataclass(frozen=True)
class Choices:
    time_zone: str
    deliveries: dict[MailKind, Delivery]


def _own_account(session: Session, actor: Actor) -> User:
    actor = signed_in(actor)
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise PermissionDenied("Only a user account has mail choices (the command line has none).")
    return user


def choices(session: Session, actor: Actor) -> Choices:
    """The signed-in user's own; a kind never chosen is sent immediately."""
    user = _own_account(session, actor)
    rows = session.exec(select(MailPreference).where(MailPreference.user_id == user.id))
    chosen = {row.kind: row.delivery for row in rows}
    return Choices(user.time_zone, {kind: chosen.get(kind, Delivery.immediate) for kind in CHOOSABLE})


def choose(session: Session, actor: Actor, kind: MailKind, delivery: Delivery) -> None:
    user = _own_account(session, actor)
    kind, delivery = MailKind(kind), Delivery(delivery)
    if kind in ALWAYS_IMMEDIATE:
        raise PlannerError(f"{kind.label} messages are always sent at once: they cannot be put off or turned off.")
    row = session.exec(select(MailPreference).where(MailPreference.user_id == user.id,
                                                    MailPreference.kind == kind)).first()
    before = audit.snapshot(row)
    row = row or MailPreference(user_id=user.id, kind=kind, delivery=delivery)
    row.delivery = delivery
    session.add(row)
    session.flush()
    audit._record(session, actor, "mail.choose", "mail_preference", row.id, before, audit.snapshot(row))


def choose_time_zone(session: Session, actor: Actor, zone: str) -> None:
    """'' gives times in each meeting's own time zone only."""
    user = _own_account(session, actor)
    if zone and zone not in known_time_zones():
        raise PlannerError(f"'{zone}' is not a time zone (e.g. Europe/Istanbul).")
    before = audit.snapshot(user)
    user.time_zone = zone
    session.add(user)
    session.flush()
    audit._record(session, actor, "mail.time_zone", "user", user.id, before, audit.snapshot(user))


def set_official_address(session: Session, actor: Actor, delegation_id: int, email: str) -> Delegation:
    """The address a delegation's notes verbales and notices are mailed to (its mission's), besides its delegates'
    own; '' for none."""
    require(actor, Capability.manage_invitations)
    delegation = session.get(Delegation, delegation_id)
    if delegation is None:
        raise NotFound(f"There is no delegation {delegation_id}.")
    email = email.strip().lower()
    problem = one_line_problem(email, max_length=column_length(Delegation, "official_email"))
    if problem or (email and not EMAIL_PATTERN.match(email)):
        raise PlannerError(f"The official address of {delegation.name}: {problem or f'{email} is not an email address'}.")
    before = audit.snapshot(delegation)
    delegation.official_email = email
    session.add(delegation)
    session.flush()
    audit._record(session, actor, "mail.official_address", "delegation", delegation.id, before,
                  audit.snapshot(delegation))
    return delegation


def outbox(session: Session, actor: Actor, state: MessageState | None = None, limit: int = 500) -> list[OutboxMessage]:
    """The newest messages first, for the administrator: what waits, what went, what failed and why."""
    require(actor, Capability.deliver_mail)
    query = select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(limit)
    if state is not None:
        query = query.where(OutboxMessage.state == MessageState(state))
    return list(session.exec(query))


def counts(session: Session, actor: Actor) -> dict[MessageState, int]:
    require(actor, Capability.deliver_mail)
    found = {state: 0 for state in MessageState}
    for state, number in session.exec(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)):
        found[MessageState(state)] = number
    return found


def retry(session: Session, actor: Actor, message_id: int) -> OutboxMessage:
    """A failed message sent again on the next pass (after the address was corrected at the recipient's end)."""
    require(actor, Capability.deliver_mail)
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound(f"There is no message {message_id} in the outbox.")
    if message.state != MessageState.failed:
        raise PlannerError(f"Message {message_id} is {message.state.label.lower()}: only a failed message is retried.")
    before = audit.snapshot(message)
    message.state, message.attempts, message.next_attempt_at = MessageState.pending, 0, utc_now()
    session.add(message)
    session.flush()
    audit._record(session, actor, "mail.retry", "outbox_message", message.id, before, audit.snapshot(message),
                  message.meeting_id)
    return message
