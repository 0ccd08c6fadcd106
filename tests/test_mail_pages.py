"""The mail pages as their users see them: each user's Notifications, the administrator's Outbox with a message the
server refused and its answer."""

from sqlmodel import select

from planner import db
from planner.mail.models import Delivery, MailKind, MailPreference, MessageState, OutboxMessage
from planner.mail.outbox import Recipient, post
from tests.test_pages import labelled, open_page, open_page_directly, people, texts  # noqa: F401


def test_a_delegate_chooses_a_daily_digest_and_their_time_zone(people):
    app = open_page("notifications", people["delegate.austria"])
    assert [t.value for t in app.title] == ["Notifications"]
    assert "Always sent at once" in texts(app)
    labelled(app.selectbox, "Your time zone").select("Europe/Vienna")
    labelled(app.radio, MailKind.statement_circulated.label).set_value(Delivery.digest)
    app.button[0].click().run()
    assert not app.exception and "Your choices are saved" in texts(app)
    with db.transaction() as session:
        chosen = session.exec(select(MailPreference)).all()
    assert [(c.kind, c.delivery) for c in chosen] == [(MailKind.statement_circulated, Delivery.digest)]
    assert labelled(app.selectbox, "Your time zone").value == "Europe/Vienna"


def test_the_administrator_reads_a_refused_message_with_the_servers_answer_and_sends_it_again(people, monkeypatch):
    monkeypatch.delenv("PLANNER_SMTP_URL", raising=False)
    with db.transaction() as session:
        message = post(session, MailKind.account, "account_created", None,
                       [Recipient("nobody@example.org", "No Body <script>")], {"role": "delegate"}, page="")[0]
        message.state, message.attempts, message.last_error = MessageState.failed, 1, "550 5.1.1 No such user here"
    app = open_page("outbox", people["admin"])
    assert "No mail server is set" in texts(app)
    assert labelled(app.selectbox, "Show") is not None
    frame = app.dataframe[0].value
    assert "550 5.1.1 No such user here" in frame["Server's answer"].tolist()
    app.session_state["outbox_None"] = {"selection": {"rows": [int(frame.index[frame["To"] == "nobody@example.org"][0])],
                                                        "columns": [], "cells": []}}
    app.run()
    assert "No such user here" in "\n".join(e.value for e in app.error)
    assert "No Body \\<script\\>" in texts(app)
    next(b for b in app.button if b.label.startswith("Send it again")).click().run()
    with db.transaction() as session:
        assert session.get(OutboxMessage, message.id).state == MessageState.pending


def test_only_the_administrator_opens_the_outbox(people):
    for role in ("organizer", "secretariat", "delegate.austria"):
        app = open_page_directly("outbox", people[role])
        assert app.error and "Outbox" not in [t.value for t in app.title][1:], role
        assert "nobody@example.org" not in texts(app)
