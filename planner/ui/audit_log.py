"""Audit log: every change, who made it and when, what was done in words, the record named as people know it and what
changed in it; filter and export."""
import datetime as dt
import json

import pandas as pd
import streamlit as st

from planner.operations import audit_log
from planner.text.words import plural
from planner.ui import common, downloads

ENTRIES_A_PAGE = 500

actor = common.actor()
meeting = common.chosen_meeting(required=False)
common.page_header("Audit log", "Every change made through the planner, newest first")
left, middle, right, far = st.columns(4)
only_meeting = left.toggle("Only the chosen meeting", value=meeting is not None, disabled=meeting is None)
who = middle.text_input("Who (name or address contains)", placeholder="e.g. Dupont, @demo.osce, command line",
                        help="The command line's changes are recorded as cli: and the system user's name.")
what = right.text_input("Action contains", placeholder="e.g. note verbale, silence")
since = far.date_input("Since", value=None, format=common.DATE_INPUT)
found = common.attempt(lambda s: audit_log.entries(
    s, actor, meeting_id=meeting.id if only_meeting and meeting else None, who=who,
    action_contains=what.strip() or None, since=since))
if found is None:
    st.stop()
if not found:
    st.info("No entries match these filters.")
    st.stop()


def table_of(lines: list[audit_log.ReadableEntry]) -> pd.DataFrame:
    return pd.DataFrame([
        {"When (UTC)": line.entry.at.replace(tzinfo=None) if line.entry.at else None, "Who": line.entry.actor_email,
         "Role": line.entry.actor_role, "Action": line.action, "Record": line.record,
         "Changes": " · ".join(str(change) for change in line.changes)}
        for line in lines
    ], columns=["When (UTC)", "Who", "Role", "Action", "Record", "Changes"])


def export_of(lines: list[audit_log.ReadableEntry]) -> bytes:
    """The table with each entry's action code and its before and after as stored, for a spreadsheet."""
    return table_of(lines).assign(**{
        "Action code": [line.entry.action for line in lines],
        "Before (JSON)": [json.dumps(line.entry.before, ensure_ascii=False) if line.entry.before else "" for line in lines],
        "After (JSON)": [json.dumps(line.entry.after, ensure_ascii=False) if line.entry.after else "" for line in lines],
    }).to_csv(index=False).encode("utf-8-sig")


window = common.page_of(len(found), "audit_page", "entries", size=ENTRIES_A_PAGE)
lines = common.read(lambda s: audit_log.described(s, actor, found[window]))
frame = table_of(lines)
picked = st.dataframe(frame, hide_index=True, width="stretch", on_select="rerun", selection_mode=common.CLICKABLE,
                      key=f"audit_entries_{only_meeting}_{who}_{what}_{since}" + (f"_{window.start}" if window.start else ""),
                      column_config={"When (UTC)": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm:ss"),
                                     "Who": st.column_config.TextColumn(width="medium"),
                                     "Record": st.column_config.TextColumn(width="large"),
                                     "Changes": st.column_config.TextColumn(width="large")})
st.caption(f"{plural(len(found), 'entry', 'entries')} match (the newest 2,000 at most) · click an entry to see every "
           "field it changed")
clicked = common.clicked_row(picked)
if clicked is not None:
    line = lines[clicked]
    st.markdown(f"**{common.md(line.action)}** · {common.md(line.record)}")
    if not line.changes:
        st.caption("This entry records that it happened; it changed no field.")
    elif line.entry.before is None or line.entry.after is None:
        st.table(pd.DataFrame([{"Field": common.md(c.field), "Value": common.md(c.after or c.before)}
                               for c in line.changes]), hide_index=True)
    else:
        st.table(pd.DataFrame([{"Field": common.md(c.field), "Before": common.md(c.before), "After": common.md(c.after)}
                               for c in line.changes]), hide_index=True)
downloads.one_click("these entries as CSV", "audit_csv", lambda s, who: export_of(audit_log.described(s, who, found)),
                    f"audit-log-{dt.date.today():%Y%m%d}.csv", "text/csv")
