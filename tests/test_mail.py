"""Mail through a real SMTP server in the test process: who is told of what, in which time zones, with which
attachments; the outbox written in the change's transaction; delivery once, retried on 4xx, failed on 5xx, waiting
while the server is down; choices of digest or none; notices the clock makes due, written once."""
import datetime as dt
import io
import threading

import pytest
from docx import Document
from icalendar import Calendar
from sqlmodel import select

from planner import db
from planner.access import SYSTEM, Actor, Role
from planner.accounts import users
from planner.accounts.models import User
from planner.documents.mail_attachments import attachments_for
from planner.mail import notices, preferences, sender
from planner.mail.models import Delivery, MailKind, MessageState, OutboxMessage
from planner.mail.outbox import Recipient, post
from planner.meetings import planning, timetable
from planner.models import MeetingStatus
from planner.statement import drafting, silence, versions
from planner.delegations import invitations, reference
from planner.errors import PlannerError
from tests.conftest import invite_and_send_to
from tests.mail_server import MailServer

PASSWORD = "Correct horse battery staple 2027"
START = dt.datetime(2027, 4, 1, 8, 0, tzinfo=dt.timezone.utc)


def messages(kind: MailKind | None = None) -> list[OutboxMessage]:
    with db.transaction() as session:
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if kind is not None:
            query = query.where(OutboxMessage.kind == kind)
        return list(session.exec(query))


def add_delegate(session, email: str, delegation: str, time_zone: str = "") -> Actor:
    user = users.add_user(session, SYSTEM, email, "delegate", PASSWORD, name=email.split("@")[0], delegation=delegation)
    user.time_zone = time_zone
    return Actor(email=user.email, role=Role.delegate, delegation_id=user.delegation_id, user_id=user.id)


@pytest.fixture
def meeting_id(make_meeting, organizer):
    """Austria and Türkiye invited (notes verbales sent), Germany declined; a delegate each for Austria (reading in
    Istanbul's time) and Germany; Austria's mission has an official address."""
    meeting_id = make_meeting(start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 10))
    with db.transaction() as session:
        add_delegate(session, "anna@bmi.example", "Austria", "Europe/Istanbul")
        add_delegate(session, "jonas@bka.example", "Germany")
        austria = reference.find_delegation(session, "Austria")
        preferences.set_official_address(session, organizer, austria.id, "Mission.Austria@example.org")
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime", "terrorism"])
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        invite_and_send_to(session, organizer, meeting_id, "Austria", "Türkiye", "Germany")
        germany = invitations.invitation_for(session, organizer, meeting_id, reference.find_delegation(session, "Germany").id)
        invitations.decline(session, organizer, germany.id)
        drafting.draft_from_priorities(session, organizer, meeting_id)
    return meeting_id


def test_a_circulated_statement_tells_the_delegates_and_missions_of_the_delegations_taking_part(meeting_id, organizer):
    with db.transaction() as session:
        version = versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 1))
    told = messages(MailKind.statement_circulated)
    assert {m.recipient for m in told} == {"anna@bmi.example", "mission.austria@example.org"}  # not declined Germany
    assert all(m.subject == f"{version.symbol}: draft statement of the Meeting of the Chiefs of Police" for m in told)
    assert all("http://localhost:8501/negotiation" in m.text and "1 April 2027" in m.text for m in told)
    assert all(m.state == MessageState.pending for m in told)


def test_a_silence_procedure_gives_its_expiry_in_the_meetings_time_and_the_readers_own(meeting_id, organizer):
    with db.transaction() as session:
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 1))
        silence.start(session, organizer, meeting_id, expires_at=START + dt.timedelta(days=2), now=START)
    by_recipient = {m.recipient: m for m in messages(MailKind.silence)}
    anna, mission = by_recipient["anna@bmi.example"], by_recipient["mission.austria@example.org"]
    assert "3 April 2027, 10:00 CEST" in anna.subject
    assert "In your time zone (Europe/Istanbul) that is 3 April 2027, 11:00" in anna.text
    assert "In your time zone" not in mission.text
    assert "joins the consensus" in anna.text


def test_a_change_rolled_back_sends_nothing(meeting_id, organizer):
    before = len(messages())
    with pytest.raises(RuntimeError):
        with db.transaction() as session:
            versions.circulate(session, organizer, meeting_id)
            raise RuntimeError("the page failed after circulating")
    assert len(messages()) == before


def test_the_sender_delivers_each_message_with_its_attachments_through_a_real_server(meeting_id, organizer, monkeypatch):
    with db.transaction() as session:
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 1))
    with MailServer() as server:
        monkeypatch.setenv("PLANNER_SMTP_URL", server.url)
        monkeypatch.setenv("PLANNER_MAIL_FROM", "OSCE Chairmanship <planner@chairmanship.example>")
        done = sender.send_due(SYSTEM, sender.mail_server(), attachments_for)
        received = server.recorder.received
    assert done.sent == len(received) == len([m for m in messages() if m.state == MessageState.sent]) > 0
    assert done.waiting == 0
    note = next(m for m in received if m["To"].addresses[0].addr_spec == "mission.austria@example.org"
                and "note verbale" in m.get_body(("plain",)).get_content())
    assert note["From"].addresses[0].display_name == "OSCE Chairmanship"
    assert note.get_content_type() == "multipart/mixed"
    parts = {part.get_filename(): part for part in note.iter_attachments()}
    word = next(part for name, part in parts.items() if name.endswith("Austria.docx"))
    assert "Austria" in "\n".join(p.text for p in Document(io.BytesIO(word.get_content())).paragraphs)
    calendar_part = next(part for name, part in parts.items() if name.endswith(".ics"))
    assert calendar_part.get_param("method") == "REQUEST"
    assert Calendar.from_ical(calendar_part.get_content())["METHOD"] == "REQUEST"
    assert "<html" in note.get_body(("html",)).get_content() and "<img" not in note.get_body(("html",)).get_content()


def test_a_mail_server_that_is_down_leaves_every_message_waiting_and_the_command_says_so(meeting_id, monkeypatch):
    from tests.mail_server import free_port
    from tests.test_cli import planner

    monkeypatch.setenv("PLANNER_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    waiting = len([m for m in messages() if m.state == MessageState.pending])
    result = planner("mail", "send")
    assert result.returncode == 0, result.stderr
    assert "cannot be reached" in result.stdout and f"{waiting} messages waiting" in result.stdout
    assert all(m.state == MessageState.pending and m.attempts == 0 for m in messages())


def test_without_a_mail_server_the_command_says_where_the_messages_wait(meeting_id, monkeypatch):
    from tests.test_cli import planner

    monkeypatch.delenv("PLANNER_SMTP_URL", raising=False)
    result = planner("mail", "send")
    assert result.returncode == 0 and "No mail server is set" in result.stdout and "Outbox page" in result.stdout


def test_a_temporary_refusal_is_tried_again_later_and_a_permanent_one_fails_with_the_servers_answer(meeting_id, monkeypatch):
    with MailServer() as server:
        monkeypatch.setenv("PLANNER_SMTP_URL", server.url)
        server.recorder.answer = "451 4.3.0 Mailbox busy, try later"
        first = sender.send_due(SYSTEM, sender.mail_server(), attachments_for, now=START)
        assert first.retried == len(messages()) and first.sent == 0
        assert all(m.state == MessageState.pending and m.attempts == 1 and "451" in m.last_error for m in messages())
        again = sender.send_due(SYSTEM, sender.mail_server(), attachments_for, now=START + dt.timedelta(seconds=30))
        assert again.sent == again.retried == 0  # not due before its minute is up
        server.recorder.answer = "550 5.1.1 No such user here"
        final = sender.send_due(SYSTEM, sender.mail_server(), attachments_for, now=START + dt.timedelta(minutes=2))
    assert final.failed == len(messages())
    assert all(m.state == MessageState.failed and "550 5.1.1 No such user here" in m.last_error for m in messages())
    with db.transaction() as session:
        retried = preferences.retry(session, SYSTEM, messages()[0].id)
    assert retried.state == MessageState.pending and retried.attempts == 0


def test_after_five_temporary_refusals_a_message_fails(meeting_id, monkeypatch):
    with MailServer() as server:
        monkeypatch.setenv("PLANNER_SMTP_URL", server.url)
        server.recorder.answer = "452 4.3.1 Insufficient system storage"
        now = START
        for _ in range(len(sender.RETRY_AFTER) + 1):
            sender.send_due(SYSTEM, sender.mail_server(), attachments_for, now=now)
            now += dt.timedelta(hours=3)
    assert all(m.state == MessageState.failed and m.attempts == 5 for m in messages())


def test_a_name_with_a_line_break_cannot_add_a_header(meeting_id, monkeypatch):
    with db.transaction() as session:
        post(session, MailKind.account, "account_created", None,
             [Recipient("anna@bmi.example", "Anna\r\nBcc: spy@evil.example")], {"role": "delegate"}, page="")
    with MailServer() as server:
        monkeypatch.setenv("PLANNER_SMTP_URL", server.url)
        sender.send_due(SYSTEM, sender.mail_server(), attachments_for)
        received = server.recorder.to("anna@bmi.example")
        envelopes = server.recorder.envelopes
    injected = next(m for m in received if m["To"].addresses[0].display_name.startswith("Anna "))
    assert injected["Bcc"] is None
    assert injected["To"].addresses[0].display_name == "Anna Bcc: spy@evil.example"
    assert all("spy@evil.example" not in recipients for _, recipients in envelopes)


def test_two_senders_at_once_deliver_each_message_exactly_once(meeting_id, organizer, monkeypatch):
    with db.transaction() as session:
        post(session, MailKind.account, "account_created", None,
             [Recipient(f"person{n}@example.org") for n in range(40)], {"role": "delegate"}, page="")
    total = len(messages())
    with MailServer() as server:
        monkeypatch.setenv("PLANNER_SMTP_URL", server.url)
        results = []
        workers = [threading.Thread(target=lambda: results.append(
            sender.send_due(SYSTEM, sender.mail_server(), attachments_for))) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        delivered = [str(m["Message-ID"]) for m in server.recorder.received]
    assert len(delivered) == len(set(delivered)) == total == sum(r.sent for r in results)
    assert all(m.state == MessageState.sent for m in messages())


def agenda_calendars(meeting_id) -> list[Calendar]:
    with db.transaction() as session:
        latest = max((m for m in session.exec(select(OutboxMessage).where(
            OutboxMessage.kind == MailKind.agenda_circulated))), key=lambda m: m.id)
        return [Calendar.from_ical(content) for _, _, content in attachments_for(session, latest)]


def test_each_timetable_change_sends_calendar_updates_that_replace_the_entries_and_cancels_a_removed_item(meeting_id,
                                                                                                     organizer):
    from planner.agenda_review import versions as agenda_versions

    def change(edit) -> None:
        with db.transaction() as session:
            rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, organizer, meeting_id)]
            timetable.save_timetable(session, organizer, meeting_id, edit(rows))
            agenda_versions.circulate(session, organizer, meeting_id)

    with db.transaction() as session:
        agenda_versions.circulate(session, organizer, meeting_id)
    sequences = []
    for round_number in range(3):
        if round_number:
            change(lambda rows, n=round_number: [*rows[:-1], rows[-1].__class__(**{**vars(rows[-1]),
                                                                                 "title": f"Closing, change {n}"})])
        request = agenda_calendars(meeting_id)[0]
        assert request["METHOD"] == "REQUEST"
        closing = [e for e in request.walk("VEVENT") if str(e["SUMMARY"]).startswith("Closing")][-1]
        sequences.append((str(closing["UID"]), int(closing["SEQUENCE"]), str(closing["ORGANIZER"])))
    assert len({uid for uid, _, _ in sequences}) == 1
    assert [sequence for _, sequence, _ in sequences] == [0, 1, 2]
    assert sequences[0][2].startswith("mailto:")
    change(lambda rows: rows[1:])
    request, cancel = agenda_calendars(meeting_id)
    assert cancel["METHOD"] == "CANCEL"
    assert [str(e["STATUS"]) for e in cancel.walk("VEVENT")] == ["CANCELLED"]


def test_a_delegate_may_take_news_in_a_daily_digest_or_not_at_all_but_never_silence_off(meeting_id, organizer):
    with db.transaction() as session:
        anna = users.actor_for(session.exec(select(User).where(User.email == "anna@bmi.example")).one())
        preferences.choose(session, anna, MailKind.statement_circulated, Delivery.digest)
        with pytest.raises(PlannerError, match="always sent at once"):
            preferences.choose(session, anna, MailKind.silence, Delivery.off)
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 1))
    held = [m for m in messages(MailKind.statement_circulated) if m.recipient == "anna@bmi.example"]
    assert [m.state for m in held] == [MessageState.held]
    istanbul_seven = dt.datetime(2027, 4, 2, 4, 0, tzinfo=dt.timezone.utc)  # 07:00 in Istanbul: not yet
    with db.transaction() as session:
        notices.digests(session, istanbul_seven)
    assert not messages(MailKind.digest)
    for _ in range(2):
        with db.transaction() as session:
            notices.digests(session, istanbul_seven + dt.timedelta(hours=2))
    digest = messages(MailKind.digest)
    assert len(digest) == 1 and digest[0].recipient == "anna@bmi.example"
    assert held[0].subject in digest[0].text
    assert [m.state for m in messages(MailKind.statement_circulated) if m.recipient == "anna@bmi.example"] == [
        MessageState.digested]
    with db.transaction() as session:
        preferences.choose(session, anna, MailKind.statement_circulated, Delivery.off)
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 2))
    assert len([m for m in messages(MailKind.statement_circulated) if m.recipient == "anna@bmi.example"]) == 1


def test_the_clock_makes_silence_notices_due_and_each_is_written_once(meeting_id, organizer):
    with db.transaction() as session:
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 1))
        silence.start(session, organizer, meeting_id, expires_at=START + dt.timedelta(days=2), now=START)
    for now in (START + dt.timedelta(hours=30), START + dt.timedelta(hours=31)):
        sender.find_due(SYSTEM, now)
    ending = [m for m in messages(MailKind.silence) if m.subject.startswith("Silence on")]
    assert {m.recipient for m in ending} == {"anna@bmi.example", "mission.austria@example.org"} and len(ending) == 2
    for now in (START + dt.timedelta(days=3), START + dt.timedelta(days=4)):
        sender.find_due(SYSTEM, now)
    adopted = [m for m in messages(MailKind.silence) if m.subject.startswith("Statement adopted")]
    assert len(adopted) == 2 and "is adopted and issued as" in adopted[0].text


def test_delegations_that_nominated_nobody_hear_of_the_registration_deadline_once(meeting_id, organizer):
    three_days_before = dt.datetime(2027, 4, 17, 9, 0, tzinfo=dt.timezone.utc)
    for _ in range(2):
        sender.find_due(SYSTEM, three_days_before)
    told = messages(MailKind.registration_deadline)
    assert {m.recipient for m in told} == {"anna@bmi.example", "mission.austria@example.org"}
    assert "20 April 2027" in told[0].subject


def test_an_account_opened_or_reset_is_told_to_its_owner_only(database_url, admin):
    with db.transaction() as session:
        user = users.add_user(session, admin, "new.user@example.org", "secretariat", PASSWORD, name="New User")
        users.reset_password(session, admin, user.id, PASSWORD + "!", users.revision(user))
    told = messages(MailKind.account)
    assert [m.recipient for m in told] == ["new.user@example.org"] * 2
    assert "secretariat" in told[0].text and "reset your password" in told[1].text
    assert PASSWORD not in told[0].text + told[1].text


def test_a_message_whose_attachment_cannot_be_built_fails_with_the_reason_and_the_others_go(meeting_id, monkeypatch):
    def attachments_or_refusal(session, message):
        if message.attachments:
            raise PlannerError("The note verbale to Austria has not been sent yet.")
        return []

    with MailServer() as server:
        monkeypatch.setenv("PLANNER_SMTP_URL", server.url)
        done = sender.send_due(SYSTEM, sender.mail_server(), attachments_or_refusal)
        received = len(server.recorder.received)
    refused = [m for m in messages() if m.attachments]
    assert refused and all(m.state == MessageState.failed and "has not been sent yet" in m.last_error for m in refused)
    assert received == done.sent == len(messages()) - len(refused) > 0
