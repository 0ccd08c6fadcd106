"""Notifications: each user chooses which messages the planner mails them, at once or in a daily digest, and the time
zone their mail gives times in besides the meeting's."""
import streamlit as st

from planner.mail import preferences
from planner.mail.models import Delivery
from planner.meetings.planning import time_zones
from planner.ui import common

MEETINGS_OWN = "Only the meeting's own time"

actor = common.actor()
common.page_header("Notifications", f"What the planner mails to {actor.email}, and when")
current = common.attempt(lambda s: preferences.choices(s, actor))
if current is None:
    st.stop()
zones = [MEETINGS_OWN, *time_zones()]
with st.form("mail_choices"):
    zone = st.selectbox("Your time zone", zones, index=zones.index(current.time_zone) if current.time_zone in zones else 0,
                        help="Every time in your mail is given in the meeting's time; choose yours to read it in your "
                             "own time as well.")
    chosen = {kind: st.radio(kind.label, list(Delivery), index=list(Delivery).index(delivery), horizontal=True,
                             format_func=lambda option: option.label, key=f"mail_{kind.value}")
              for kind, delivery in current.deliveries.items()}
    st.caption("Always sent at once, whatever you choose: silence procedures (a delegation that does not object in "
               "time joins the consensus), notes verbales and reminders, and messages about your own account.")
    saved = st.form_submit_button("Save my choices", type="primary")
if saved:
    def save(session) -> bool:
        preferences.choose_time_zone(session, actor, "" if zone == MEETINGS_OWN else zone)
        for kind, delivery in chosen.items():
            if delivery != current.deliveries[kind]:
                preferences.choose(session, actor, kind, delivery)
        return True
    if common.attempt(save, success="Your choices are saved.") is None:
        st.stop()
    st.rerun()
