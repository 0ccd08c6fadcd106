"""Replies dashboard: who answered, who nominated whom, gender balance, who is still silent."""
import altair as alt
import pandas as pd
import streamlit as st

from planner.dashboard import reply_summary
from planner.models import DelegationKind, InvitationState
from planner.ui import common

actor = common.actor()
meeting = common.chosen_meeting()
common.page_header("Replies dashboard", meeting.title)
summary = common.attempt(lambda s: reply_summary(s, actor, meeting.id))
if summary is None:
    st.stop()
if not summary.invited:
    st.info("Nobody is invited yet: invite delegations on the **Invitations** page.")
    st.stop()

a, b, c, d, e = st.columns(5)
a.metric("Invited", summary.invited)
b.metric("Notes verbales sent", summary.sent)
c.metric("Response rate", f"{summary.response_rate:.0%}")
d.metric("Participants", summary.participants)
e.metric("Heads of delegation", summary.heads)

state_order = [s.label for s in InvitationState]
GROUP_ORDER = [kind.label for kind in DelegationKind if kind != DelegationKind.host]
GROUP_COLOURS = ["#1f4e79", "#5b8cc0", "#9dbbdc", "#c9a66b"]
left, right = st.columns([3, 2])
with left:
    st.subheader("Replies by state and group")
    replies = pd.DataFrame(summary.by_state_and_group)
    states_present = [s for s in state_order if s in set(replies["State"])]
    st.altair_chart(
        alt.Chart(replies).mark_bar().encode(
            y=alt.Y("State:N", sort=state_order, title=None, axis=alt.Axis(labelOverlap=False)),
            x=alt.X("sum(Invitations):Q", title="Invitations"),
            color=alt.Color("Group:N", sort=GROUP_ORDER, scale=alt.Scale(domain=GROUP_ORDER, range=GROUP_COLOURS),
                            legend=alt.Legend(orient="bottom", columns=2, labelLimit=260)),
            tooltip=["State", "Group", "Invitations"],
        ).properties(height=alt.Step(28)),
        width="stretch",
    )
    table = replies.pivot_table(index="Group", columns="State", values="Invitations", aggfunc="sum", fill_value=0)
    table = table.reindex(index=[g for g in GROUP_ORDER if g in table.index], columns=states_present)
    table.loc["Total"] = table.sum()
with right:
    st.subheader("Gender balance")
    genders = pd.DataFrame([{"Gender": g, "Participants": n} for g, n in summary.by_gender.items()])
    if genders.empty:
        st.write("No participants yet.")
    else:
        st.altair_chart(
            alt.Chart(genders).mark_arc(innerRadius=50).encode(
                theta="Participants:Q",
                color=alt.Color("Gender:N", scale=alt.Scale(domain=["female", "male", "other", "not given"],
                                                            range=["#c9a66b", "#1f4e79", "#5b8cc0", "#cccccc"]),
                                legend=alt.Legend(orient="bottom")),
                tooltip=["Gender", "Participants"],
            ).properties(height=260),
            width="stretch",
        )
        genders["Share"] = (genders["Participants"] / genders["Participants"].sum()).map("{:.0%}".format)
        st.dataframe(genders, hide_index=True, width="stretch")

st.dataframe(table, width="stretch")

st.subheader(f"Not answered ({len(summary.silent)})")
if summary.silent:
    st.dataframe(pd.DataFrame(summary.silent), hide_index=True, width="stretch",
                 column_config={"Sent": st.column_config.DateColumn(format="D MMM YYYY")})
else:
    st.write("Every delegation that was written to has answered.")
