"""Delivering the outbox through the mail server of PLANNER_SMTP_URL: each message once, even with two senders at
work. A sender claims due messages in a short transaction (on PostgreSQL the rows it looks at are locked, FOR UPDATE
SKIP LOCKED, so another sender takes others; on SQLite the single writer does the same) by moving their next attempt
past the lease, sends them, and records the outcome: sent; a temporary refusal (4xx) tried again later, a little
later each time; a permanent one (5xx), or the last of the retries, failed with the server's answer. A server that
cannot be reached leaves every message waiting as it was."""
from __future__ import annotations

import datetime as dt
import html
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa
from sqlmodel import Session, col, select

from planner import config, db
from planner.access import Actor, Capability, require
from planner.errors import PlannerError, StaleEdit
from planner.mail import notices
from planner.mail.models import MessageState, OutboxMessage
from planner.mail.outbox import one_line
from planner.model_base import utc_now

LEASE = dt.timedelta(minutes=10)
RETRY_AFTER = [dt.timedelta(minutes=m) for m in (1, 5, 30, 120)]  # then failed: five attempts in about 2.5 hours
TIMEOUT_SECONDS = 30
LINK = re.compile(r"https?://[^\s<>\"]+")

Attachment = tuple[str, str, bytes]  # file name, media type (with parameters), content
AttachmentBuilder = Callable[[Session, str], list[Attachment]]


@dataclass(frozen=True)
class MailServer:
    """Where and how to deliver: smtp:// (plain, for a relay on the same host), smtp+starttls:// or smtps://."""

    scheme: str
    host: str
    port: int
    user: str
    password: str
    sender: str

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def mail_server() -> MailServer | None:
    """The configured server, or None when PLANNER_SMTP_URL is not set; a malformed address is an error."""
    url = config.smtp_url()
    if not url:
        return None
    parts = urlsplit(url)
    ports = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
    if parts.scheme not in ports or not parts.hostname:
        raise PlannerError("PLANNER_SMTP_URL must look like smtp+starttls://user@mail.example.org:587 (or smtps://, "
                           "or smtp:// for a relay on this machine).")
    return MailServer(parts.scheme, parts.hostname, parts.port or ports[parts.scheme], unquote(parts.username or ""),
                      config.smtp_password() or unquote(parts.password or ""), config.mail_from())


def _address(name: str, email: str) -> Address:
    """A header address built by the email package, the name on one line: a name cannot add a header."""
    user, _, domain = email.partition("@")
    return Address(display_name=one_line(name), username=user, domain=domain)


def as_html(text: str) -> str:
    """The HTML alternative: the text escaped, paragraphs kept, links made links; no image, no tracking."""
    paragraphs = []
    for block in text.split("\n\n"):
        escaped = html.escape(block)
        linked = LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        paragraphs.append(f"<p>{linked.replace(chr(10), '<br>')}</p>")
    return f'<!DOCTYPE html><html><body style="font-family: sans-serif">{"".join(paragraphs)}</body></html>'


def email_message(message: OutboxMessage, sender: str, attachments: list[Attachment]) -> EmailMessage:
    mail = EmailMessage()
    name, address = parseaddr(sender)
    mail["From"] = _address(name, address)
    mail["To"] = _address(message.recipient_name, message.recipient)
    mail["Subject"] = one_line(message.subject)
    mail["Date"] = format_datetime(utc_now())
    mail["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain=address.partition("@")[2] or "localhost")
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(message.text)
    mail.add_alternative(as_html(message.text), subtype="html")
    for file_name, media_type, content in attachments:
        kind, _, rest = media_type.partition(";")
        maintype, subtype = kind.strip().split("/")
        params = dict(p.strip().split("=", 1) for p in rest.split(";") if "=" in p)
        mail.add_attachment(content, maintype=maintype, subtype=subtype, filename=file_name, params=params)
    return mail


@dataclass
class Pass:
    """What one pass of the sender did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    unreachable: str = ""
    waiting: int = 0
    failures: list[str] = field(default_factory=list)


def _claim(session: Session, now: dt.datetime, limit: int) -> list[int]:
    """Due messages this sender takes: locked against other senders while claimed, then leased."""
    candidates = session.exec(select(OutboxMessage.id).where(
        OutboxMessage.state == MessageState.pending, OutboxMessage.next_attempt_at <= now)
        .order_by(col(OutboxMessage.id)).limit(limit).with_for_update(skip_locked=True)).all()
    claimed = []
    for message_id in candidates:
        taken = session.execute(sa.update(OutboxMessage).where(
            OutboxMessage.id == message_id, OutboxMessage.state == MessageState.pending,
            OutboxMessage.next_attempt_at <= now).values(next_attempt_at=now + LEASE))
        if taken.rowcount == 1:
            claimed.append(message_id)
    return claimed


def _connect(server: MailServer) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if server.scheme == "smtps":
        connection = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT_SECONDS, context=context)
    else:
        connection = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_SECONDS)
        if server.scheme == "smtp+starttls":
            connection.starttls(context=context)
    if server.user:
        connection.login(server.user, server.password)
    return connection


def _outcome(message: OutboxMessage, error: smtplib.SMTPResponseException | None, now: dt.datetime, done: Pass) -> None:
    if error is None:
        message.state, message.sent_at, message.last_error = MessageState.sent, now, ""
        done.sent += 1
        return
    answer = f"{error.smtp_code} {error.smtp_error.decode(errors='replace') if isinstance(error.smtp_error, bytes) else error.smtp_error}"
    message.attempts += 1
    message.last_error = answer[:1000]
    if 400 <= error.smtp_code < 500 and message.attempts <= len(RETRY_AFTER):
        message.next_attempt_at = now + RETRY_AFTER[message.attempts - 1]
        done.retried += 1
    else:
        message.state = MessageState.failed
        done.failed += 1
        done.failures.append(f"{message.recipient}: {answer}")


def find_due(actor: Actor, now: dt.datetime | None = None) -> None:
    """The notices the clock has made due, into the outbox (each once, whoever finds it first)."""
    require(actor, Capability.deliver_mail)
    try:
        with db.transaction() as session:
            notices.find_due(session, now or utc_now())
    except StaleEdit:
        pass  # another sender wrote the same notices at the same moment: they are in the outbox once


def waiting(actor: Actor) -> int:
    require(actor, Capability.deliver_mail)
    with db.transaction() as session:
        return len(session.exec(select(OutboxMessage.id).where(OutboxMessage.state == MessageState.pending)).all())


def send_due(actor: Actor, server: MailServer, attachments_for: AttachmentBuilder, *, now: dt.datetime | None = None,
             limit: int = 200) -> Pass:
    """One pass: the notices now due written, then every due message tried once."""
    require(actor, Capability.deliver_mail)
    find_due(actor, now)
    now = now or utc_now()  # after the notices just written, so that they go in this pass
    done = Pass()
    with db.transaction() as session:
        claimed = _claim(session, now, limit)
    if claimed:
        try:
            connection = _connect(server)
        except (OSError, smtplib.SMTPException) as error:
            _give_back(claimed, now)
            done.unreachable = f"the mail server at {server.address} cannot be reached ({error})"
            claimed = []
        else:
            _deliver(connection, server, claimed, attachments_for, now, done)
    done.waiting = waiting(actor)
    return done


def _deliver(connection: smtplib.SMTP, server: MailServer, claimed: list[int], attachments_for: AttachmentBuilder,
             now: dt.datetime, done: Pass) -> None:
    """Each claimed message over one connection; if the server goes away, the rest wait as they were."""
    rest: list[int] = []
    with connection:
        for index, message_id in enumerate(claimed):
            with db.transaction() as session:
                message = session.get(OutboxMessage, message_id)
                try:
                    mail = email_message(message, server.sender, attachments_for(session, message))
                except Exception as error:  # noqa: BLE001 - one message that cannot be built must not stop the rest
                    message.state, message.last_error = MessageState.failed, (
                        f"The planner could not put the message together ({type(error).__name__}: {error})")[:1000]
                    done.failed += 1
                    done.failures.append(f"{message.recipient}: {message.last_error}")
                    continue
                try:
                    connection.send_message(mail)
                    _outcome(message, None, utc_now(), done)
                except smtplib.SMTPRecipientsRefused as refused:
                    code, answer = next(iter(refused.recipients.values()))
                    _outcome(message, smtplib.SMTPResponseException(code, answer), now, done)
                except smtplib.SMTPResponseException as error:
                    _outcome(message, error, now, done)
                except (OSError, smtplib.SMTPServerDisconnected) as error:
                    done.unreachable = f"the mail server at {server.address} went away ({error})"
                    rest = claimed[index:]
                    break
    if rest:
        _give_back(rest, now)


def _give_back(message_ids: list[int], now: dt.datetime) -> None:
    """Claimed messages that could not be tried wait as before, due now."""
    with db.transaction() as session:
        session.execute(sa.update(OutboxMessage).where(col(OutboxMessage.id).in_(message_ids))
                        .values(next_attempt_at=now))
