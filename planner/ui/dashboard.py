"""Replies dashboard: who answered, who nominated whom, gender balance, who is still silent."""
import altair as alt
import pandas as pd
import streamlit as st

from planner.delegations.models import InvitationState
from planner.delegations.replies import reply_summary
from planner.text.words import plural
from planner.ui import common
from planner.ui.chart_colours import GENDER_COLOURS, GROUP_COLOURS

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
if summary.host:
    st.caption(f"Host: {common.md(summary.host)} holds the Chairmanship. It is not invited and gets no note verbale; "
               "its participants count with everyone's.")

state_order = [s.label for s in InvitationState]


def colours_of(colours: dict[str, str], present) -> alt.Scale:
    """A colour per value present in the data, in the usual order and always in the same colour: the legend lists
    only what the chart shows. A white line parts touching bars and slices, so each meets the page's white."""
    shown = [value for value in colours if value in set(present)]
    return alt.Scale(domain=shown, range=[colours[value] for value in shown])


LEGEND = alt.Legend(orient="bottom", columns=1, labelLimit=400, title=None)
left, right = st.columns([3, 2])
with left:
    st.header("Replies by state and group")
    replies = pd.DataFrame(summary.by_state_and_group, columns=["State", "Group", "Invitations"])
    if replies.empty:
        st.write("No note verbale has been sent yet: replies are counted here once invitations go out.")
    else:
        st.altair_chart(
            alt.Chart(replies, description=summary.replies_in_words).mark_bar(stroke="white", strokeWidth=1).encode(
                y=alt.Y("State:N", sort=state_order, title=None, axis=alt.Axis(labelOverlap=False)),
                x=alt.X("sum(Invitations):Q", title="Invitations", axis=alt.Axis(format="d", tickMinStep=1)),
                color=alt.Color("Group:N", sort=list(GROUP_COLOURS), scale=colours_of(GROUP_COLOURS, replies["Group"]),
                                legend=LEGEND),
                tooltip=["State", "Group", "Invitations"],
            ).properties(height=alt.Step(28)),
            width="stretch",
        )
        st.caption(summary.replies_in_words + " By group in the table below.")
    if summary.drafts:
        st.caption(f"Counted here: the {plural(summary.sent, 'invitation')} sent. "
                   f"{plural(summary.drafts, 'draft invitation')} not sent yet "
                   f"{'is' if summary.drafts == 1 else 'are'} left out.")
with right:
    st.header("Gender balance")
    genders = pd.DataFrame([{"Gender": g, "Participants": n} for g, n in summary.by_gender.items()])
    if genders.empty:
        st.write("No participants yet.")
    else:
        st.altair_chart(
            alt.Chart(genders, description=summary.gender_balance_in_words).mark_arc(
                innerRadius=50, stroke="white", strokeWidth=1).encode(
                theta="Participants:Q",
                color=alt.Color("Gender:N", sort=list(GENDER_COLOURS), scale=colours_of(GENDER_COLOURS, genders["Gender"]),
                                legend=LEGEND),
                tooltip=["Gender", "Participants"],
            ).properties(height=260),
            width="stretch",
        )
        genders["Share"] = (genders["Participants"] / genders["Participants"].sum()).map("{:.0%}".format)
        st.dataframe(genders, hide_index=True, width="stretch", placeholder="")

if not replies.empty:
    table = replies.pivot_table(index="Group", columns="State", values="Invitations", aggfunc="sum", fill_value=0)
    table = table.reindex(index=[g for g in GROUP_COLOURS if g in table.index],
                          columns=[s for s in state_order if s in set(replies["State"])])
    table.loc["Total"] = table.sum()
    st.dataframe(table.reset_index(), hide_index=True, width="stretch", placeholder="",
                 column_config={"Group": st.column_config.TextColumn(width=280)})

st.header(f"Not answered ({len(summary.silent)})")
if summary.silent:
    st.dataframe(pd.DataFrame(summary.silent), hide_index=True, width="stretch", placeholder="",
                 column_config={"Sent": st.column_config.DateColumn(format="D MMM YYYY")})
else:
    st.write("Every delegation that was written to has answered.")
