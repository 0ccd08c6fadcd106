"""Outbox: the administrator reads what the planner mails, what waits, what went and what failed with the server's
answer, and sends a failed message again. Without a mail server (PLANNER_SMTP_URL) this is where the mail stays."""

import pandas as pd
import streamlit as st

from planner.dates import as_utc
from planner.errors import PlannerError
from planner.mail import preferences, sender
from planner.mail.models import MessageState
from planner.ui import common

actor = common.actor()
common.page_header("Outbox", "Every message the planner mails, newest first")
counts = common.attempt(lambda s: preferences.counts(s, actor))
if counts is None:
    st.stop()
try:
    server = sender.mail_server()
except PlannerError as error:
    common.show_error(error)
    server = None
if server is None:
    st.info("No mail server is set (PLANNER_SMTP_URL): messages wait here, and `python -m planner mail send` "
            "delivers them once one is.")
else:
    st.caption(f"Delivered through {server.address} by `python -m planner mail worker`.")
st.markdown(" · ".join(f"**{state.label}** {count}" for state, count in counts.items()))
state = st.selectbox("Show", [None, *MessageState], format_func=lambda s: "All messages" if s is None else s.label)
found = common.read(lambda s: preferences.outbox(s, actor, state))
if not found:
    st.info("No messages.")
    st.stop()
frame = pd.DataFrame([{
    "Written (UTC)": as_utc(m.created_at).replace(tzinfo=None), "State": m.state.label, "To": m.recipient,
    "Subject": m.subject, "Attempts": m.attempts, "Server's answer": m.last_error,
    "Sent (UTC)": as_utc(m.sent_at).replace(tzinfo=None) if m.sent_at else None} for m in found])
picked = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun", selection_mode=common.CLICKABLE,
                      key=f"outbox_{state}",
                      column_config={"Written (UTC)": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
                                     "Sent (UTC)": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
                                     "Subject": st.column_config.TextColumn(width="large")})
st.caption(f"The newest {len(found)} · click a message to read it")
clicked = common.clicked_row(picked)
if clicked is not None:
    message = found[clicked]
    st.subheader(common.md(message.subject))
    st.caption(common.md(f"To {message.recipient_name} <{message.recipient}> · {message.kind.label}"
                         + (f" · attached: {', '.join(message.attachments)}" if message.attachments else "")))
    st.text(message.text)
    if message.state == MessageState.failed:
        st.error(f"The server refused it: {common.md(message.last_error)}")
        if st.button("Send it again on the next pass", key=f"retry_{message.id}"):
            if common.attempt(lambda s: preferences.retry(s, actor, message.id),
                              success=f"Message to {message.recipient} will be sent again.") is not None:
                st.rerun()
