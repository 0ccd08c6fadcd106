"""Meetings: the list (a click opens a meeting), and a new meeting for organizers."""
import pandas as pd
import streamlit as st

from planner.access import Capability
from planner.meetings import planning
from planner.ui import common
from planner.ui.forms import meeting_form

actor = common.actor()
common.page_header("Meetings", "Chiefs of Police meetings planned by the Chairmanship")
rows = common.read(lambda s: planning.list_meetings(s, actor))
if rows:
    table = pd.DataFrame(
        [{"Id": m.id, "Title": m.title, "City": m.city, "From": m.start_date, "To": m.end_date, "Status": m.status.label}
         for m in rows]
    )
    picked = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode=common.CLICKABLE,
                          key="meetings_list",
                          column_config={"From": st.column_config.DateColumn(format="D MMM YYYY"),
                                         "To": st.column_config.DateColumn(format="D MMM YYYY")})
    st.caption("Click a meeting to open it. The meeting chosen in the sidebar is the one every page shows.")
    clicked = common.clicked_row(picked)
    if clicked is not None:
        st.session_state[common.MEETING_KEY] = rows[clicked].id
        st.switch_page("planner/ui/meeting_builder.py")
else:
    st.info("No meeting has been planned yet." + (" Create the first one below." if common.can(Capability.manage_meetings) else ""))

if common.can(Capability.manage_meetings):
    st.header("New meeting")
    details = meeting_form("new_meeting", None, "Create meeting")
    if details:
        created = common.attempt(lambda s: planning.create_meeting(s, actor, details), "Meeting created")
        if created:
            st.session_state[common.MEETING_KEY] = created.id
            st.switch_page("planner/ui/meeting_builder.py")
else:
    st.caption("Meetings are created by the Chairmanship's organizers.")
