"""Documents: the register of every symbol issued, and issuing the agenda and the list of participants."""
import pandas as pd
import streamlit as st

from planner import register
from planner.access import Capability
from planner.agenda_review import versions
from planner.documents.participants_list import issue_participants_list
from planner.meetings import planning
from planner.ui import common

actor = common.actor()
meeting = common.chosen_meeting(required=False)
common.page_header("Documents", "The register of document symbols: one count per series and calendar year of issue")

if meeting is not None:
    left, right = st.columns(2)
    if left.button("Circulate the agenda as it stands", disabled=not common.can(Capability.manage_meetings),
                   help="The first circulation takes a number; later ones are revisions (/Rev.n). "
                        "The Agenda review page shows each version and the delegations' comments."):
        issued = common.attempt(lambda s: versions.circulate(s, actor, meeting.id))
        if issued is not None:
            common.flash(f"Circulated the agenda as {issued.symbol}.")
            st.rerun()
    if right.button("Issue the list of participants as it stands"):
        issued = common.attempt(lambda s: issue_participants_list(s, actor, meeting.id))
        if issued is not None:
            common.flash(f"Issued the list of participants as {issued.symbol}.")
            st.rerun()

only_meeting = st.toggle("Only the chosen meeting", value=meeting is not None, disabled=meeting is None)
rows = common.attempt(lambda s: register.documents(s, actor, meeting.id if only_meeting and meeting else None))
if rows is not None:
    if not rows:
        st.info("No documents have been issued yet. Sending a note verbale on the Invitations page issues the first.")
    else:
        titles = {m.id: m.title for m in common.read(lambda s: planning.list_meetings(s, actor))}
        st.dataframe(pd.DataFrame([{"Symbol": d.symbol, "Date": d.issued_on, "Title": d.title, "Kind": d.kind.label,
                                    "Meeting": titles.get(d.meeting_id, ""), "Issued by": d.issued_by} for d in rows]),
                     hide_index=True, width="stretch", placeholder="",
                     column_config={"Date": st.column_config.DateColumn(format="D MMM YYYY")})
