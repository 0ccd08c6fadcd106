"""The planner's entry: prepare the database, sign in, then the pages the user's role may open."""
import streamlit as st

from planner.access import Capability
from planner.ui import common

st.set_page_config(page_title="Chiefs of Police meeting planner", page_icon="🛡️", layout="wide")
common.prepare_database()

UI = "planner/ui"
signed_in = st.session_state.get(common.ACTOR_KEY)
if signed_in is None:
    page = st.navigation([st.Page(f"{UI}/sign_in.py", title="Sign in", icon=":material/login:")], position="hidden")
else:
    planning = [
        st.Page(f"{UI}/meetings.py", title="Meetings", icon=":material/event:", default=True),
        st.Page(f"{UI}/meeting_builder.py", title="Meeting builder", icon=":material/tune:"),
        st.Page(f"{UI}/timetable.py", title="Timetable", icon=":material/calendar_view_day:"),
    ]
    delegations = [
        st.Page(f"{UI}/invitations.py", title="Invitations", icon=":material/mail:"),
        st.Page(f"{UI}/participants.py", title="Participants", icon=":material/groups:"),
    ]
    if signed_in.can(Capability.manage_invitations):
        delegations.append(st.Page(f"{UI}/dashboard.py", title="Replies dashboard", icon=":material/monitoring:"))
    outcome = [
        st.Page(f"{UI}/statement.py", title="Statement", icon=":material/article:"),
        st.Page(f"{UI}/negotiation.py", title="Negotiation", icon=":material/handshake:"),
        st.Page(f"{UI}/report.py", title="Report", icon=":material/summarize:"),
    ]
    sections = {"Planning": planning, "Delegations": delegations, "Outcome": outcome}
    records = []
    if signed_in.can(Capability.issue_documents):
        records.append(st.Page(f"{UI}/documents.py", title="Documents", icon=":material/description:"))
    if signed_in.can(Capability.read_audit):
        records.append(st.Page(f"{UI}/audit_log.py", title="Audit log", icon=":material/history:"))
    if records:
        sections["Records"] = records
    page = st.navigation(sections)
    with st.sidebar:
        st.markdown(f"**{signed_in.name or signed_in.email}**  \n{signed_in.email} · *{signed_in.role.value}*")
        if st.button("Sign out", icon=":material/logout:"):
            st.session_state.clear()
            st.rerun()
page.run()
