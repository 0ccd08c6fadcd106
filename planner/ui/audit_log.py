"""Audit log: every change, who made it and when, with the values before and after; filter and export."""
import datetime as dt
import json

import pandas as pd
import streamlit as st

from planner import audit
from planner.ui import common
from planner.words import plural

actor = common.actor()
meeting = common.chosen_meeting(required=False)
common.page_header("Audit log", "Every change made through the planner, newest first")
left, middle, right, far = st.columns(4)
only_meeting = left.toggle("Only the chosen meeting", value=meeting is not None, disabled=meeting is None)
who = middle.text_input("By (email contains)")
what = right.text_input("Action contains", placeholder="e.g. invitation")
since = far.date_input("Since", value=None, format="DD.MM.YYYY")
entries = common.attempt(lambda s: audit.entries(
    s, actor, meeting_id=meeting.id if only_meeting and meeting else None, actor_email=who.strip().lower() or None,
    action_contains=what.strip() or None, since=since))
if entries is None:
    st.stop()
frame = pd.DataFrame([
    {"When (UTC)": e.at.replace(tzinfo=None) if e.at else None, "Who": e.actor_email, "Role": e.actor_role,
     "Action": e.action, "Record": f"{e.entity} {e.entity_id}".strip(),
     "Before": json.dumps(e.before, ensure_ascii=False) if e.before else "",
     "After": json.dumps(e.after, ensure_ascii=False) if e.after else ""}
    for e in entries
], columns=["When (UTC)", "Who", "Role", "Action", "Record", "Before", "After"])
if frame.empty:
    st.info("No entries match these filters.")
else:
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={"When (UTC)": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm:ss")})
    st.caption(f"{plural(len(frame), 'entry', 'entries')} shown (at most 2,000).")
    common.prepared_download("these entries as CSV", "audit_csv", lambda s, _: frame.to_csv(index=False).encode("utf-8-sig"),
                             f"audit-log-{dt.date.today():%Y%m%d}.csv", "text/csv")
