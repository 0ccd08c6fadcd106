"""Forms used on more than one page."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from planner import meetings, reference
from planner.meetings import MeetingDetails
from planner.models import DelegationKind
from planner.ui import common


def meeting_form(key: str, current: MeetingDetails | None, submit_label: str) -> MeetingDetails | None:
    """The meeting's details; returns what was submitted, or None."""
    states = common.read(lambda s: [d.name for d in reference.delegations(s, [DelegationKind.participating_state])])
    zones = meetings.time_zones()
    today = dt.date.today()
    holder = None if current else common.read(lambda s: meetings.chairmanship_holder(s, today.year + 1))
    current = current or MeetingDetails(
        title="Meeting of the Chiefs of Police of the OSCE participating States",
        chairmanship=holder.name if holder else "", chairmanship_year=today.year + 1, city="",
        start_date=today + dt.timedelta(days=120), end_date=today + dt.timedelta(days=121),
        registration_deadline=today + dt.timedelta(days=90),
    )
    with st.form(key):
        title = st.text_input("Title", current.title, max_chars=300)
        left, right = st.columns(2)
        chairmanship = left.selectbox("Chairmanship (participating State)", states,
                                      index=states.index(current.chairmanship) if current.chairmanship in states else None,
                                      placeholder="Choose the State holding the Chairmanship")
        year = right.number_input("Chairmanship year", 1975, 2100, current.chairmanship_year)
        city = left.text_input("City", current.city, max_chars=100)
        venue = right.text_input("Venue", current.venue, max_chars=200)
        start = left.date_input("First day", current.start_date, format="DD.MM.YYYY")
        end = right.date_input("Last day", current.end_date, format="DD.MM.YYYY")
        deadline = left.date_input("Registration deadline", current.registration_deadline, format="DD.MM.YYYY")
        zone = right.selectbox("Time zone", zones, index=zones.index(current.time_zone) if current.time_zone in zones else 0)
        languages = left.multiselect("Working languages", meetings.OFFICIAL_LANGUAGES, current.languages)
        prefix = right.text_input("Document symbol prefix", current.symbol_prefix, max_chars=40,
                                  help="Documents are numbered PREFIX/number/year, e.g. CIO.GAL/12/27.")
        submitted = st.form_submit_button(submit_label, type="primary")
    if not submitted:
        return None
    return MeetingDetails(
        title=title, chairmanship=chairmanship or "", chairmanship_year=int(year), city=city, venue=venue,
        start_date=start, end_date=end, time_zone=zone, languages=languages, registration_deadline=deadline,
        symbol_prefix=prefix,
    )
