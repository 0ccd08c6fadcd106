"""The planner's entry: prepare the database, then the page the address asks for, once the browser is signed in.

Every page is registered whether or not anyone is signed in, so that a reload or a link opens the page it names: a
signed-out browser sees the sign-in form in its place, and the page itself after signing in."""
from pathlib import Path

import streamlit as st

from planner.access import Capability
from planner.documents.archive import register_builders
from planner.ui import common, downloads
from planner.ui.sign_in import sign_in_form

register_builders()
st.set_page_config(page_title="Chiefs of Police meeting planner", page_icon="🛡️", layout="wide")
st.html(Path(__file__).parent / "planner" / "ui" / "accessibility.css")
common.prepare_database()

UI = "planner/ui"
signed_in = common.signed_in_actor()
common.write_cookie()
planning = [
    st.Page(f"{UI}/meetings.py", title="Meetings", icon=":material/event:", default=True),
    st.Page(f"{UI}/meeting_builder.py", title="Meeting builder", icon=":material/tune:"),
    st.Page(f"{UI}/timetable.py", title="Timetable", icon=":material/calendar_view_day:"),
    st.Page(f"{UI}/agenda_review.py", title="Agenda review", icon=":material/rate_review:"),
]
delegations = [
    st.Page(f"{UI}/invitations.py", title="Invitations", icon=":material/mail:"),
    st.Page(f"{UI}/participants.py", title="Participants", icon=":material/groups:"),
]
if signed_in is None or signed_in.can(Capability.manage_invitations):
    delegations.append(st.Page(f"{UI}/dashboard.py", title="Replies dashboard", icon=":material/monitoring:"))
outcome = [
    st.Page(f"{UI}/statement.py", title="Statement", icon=":material/article:"),
    st.Page(f"{UI}/negotiation.py", title="Negotiation", icon=":material/handshake:"),
    st.Page(f"{UI}/report.py", title="Report", icon=":material/summarize:"),
    st.Page(f"{UI}/documents.py", title="Documents", icon=":material/description:"),
]
sections = {"Planning": planning, "Delegations": delegations, "Outcome": outcome,
            "You": [st.Page(f"{UI}/notifications.py", title="Notifications", icon=":material/notifications:")]}
# The sections whose pages only some roles may open, each page with the capability it needs.
GATED = {
    "Records": [("translations", "Translations", ":material/translate:", Capability.translate_documents),
                ("audit_log", "Audit log", ":material/history:", Capability.read_audit)],
    "Administration": [("accounts", "Accounts", ":material/manage_accounts:", Capability.manage_users),
                       ("outbox", "Outbox", ":material/outbox:", Capability.deliver_mail),
                       ("backup", "Backup", ":material/backup:", Capability.back_up_and_restore)],
}
for section, gated in GATED.items():
    allowed = [st.Page(f"{UI}/{name}.py", title=title, icon=icon) for name, title, icon, capability in gated
               if signed_in is None or signed_in.can(capability)]
    if allowed:
        sections[section] = allowed
page = st.navigation(sections, position="sidebar" if signed_in else "hidden", expanded=True)
if signed_in is None:
    sign_in_form()
    st.stop()
common.meeting_picker()
downloads.here()
with st.sidebar:
    st.markdown(f"**{common.md(signed_in.name or signed_in.email)}**  \n{common.md(signed_in.email)} · *{signed_in.role.value}*")
    if st.button("Sign out", icon=":material/logout:"):
        common.sign_out()
        st.rerun()
page.run()
