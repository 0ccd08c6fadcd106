"""Meeting builder: details and status, the thematic priorities in order, the format that drafts the timetable;
a summary to read for those who do not change the meeting."""
import streamlit as st

from planner.access import Capability
from planner.dates import date_range, long_date
from planner.delegations import reference
from planner.meetings import planning, timetable
from planner.meetings.models import Meeting
from planner.text.words import and_list, plural
from planner.time_zones import describe_days
from planner.ui import common
from planner.ui.forms import meeting_form

actor = common.actor()
meeting = common.chosen_meeting()
editable = actor.can(Capability.manage_meetings)
common.page_header("Meeting builder", f"{meeting.title} · {meeting.city} · status: {meeting.status.label}")
all_priorities = common.read(reference.priorities)
by_code = {p.code: p for p in all_priorities}
chosen = [p.code for p in common.read(lambda s: planning.chosen_priorities(s, actor, meeting.id))]
formats = timetable.meeting_formats()


def session_order(codes: list[str]) -> None:
    """The priorities numbered in the order of the sessions, each with its number in the Strategic Framework."""
    if not codes:
        st.caption("No priority is chosen yet.")
        return
    st.markdown("\n".join(f"{position}. {common.md(by_code[code].title)} :gray[· framework priority "
                           f"{by_code[code].number}]" for position, code in enumerate(codes, start=1)))


if not editable:
    st.info("You can read this meeting; only the Chairmanship's organizers change it.")
    details = common.read(lambda s: planning.details_of(s, actor, meeting.id))
    rows = {
        "Status": meeting.status.label,
        "Title": details.title,
        "Chairmanship": f"{details.chairmanship} ({details.chairmanship_year})",
        "Place": ", ".join(part for part in (details.venue, details.city) if part),
        "Dates": date_range(details.start_date, details.end_date),
        "Times in": describe_days(details.time_zone, meeting.days),
        "Registration deadline": long_date(details.registration_deadline) if details.registration_deadline else "not set",
        "Working languages": f"{and_list(details.languages)} (documents written in {details.original_language})",
        "Format": formats[meeting.format_key].name_for(len(chosen)) if meeting.format_key in formats else "not chosen yet",
    }
    st.header("Details")
    st.markdown("  \n".join(f"**{label}:** {common.md(value)}" for label, value in rows.items()))
    st.header("Thematic priorities, in the order of the sessions")
    session_order(chosen)
    st.stop()

loaded_key = f"meeting_loaded_version_{meeting.id}"
st.session_state.setdefault(loaded_key, meeting.version)
timetable_key = f"timetable_seen_{meeting.id}"
if timetable_key not in st.session_state:
    st.session_state[timetable_key] = common.read(lambda s: timetable.timetable_versions(s, actor, meeting.id))

st.header("Status")
status_columns = st.columns(max(1, len(Meeting.next_states(meeting.status))) + 1)
status_columns[0].metric("Current status", meeting.status.label)
question = st.container()
for column, target in zip(status_columns[1:], sorted(Meeting.next_states(meeting.status), key=lambda s: s.value)):
    label = f"Mark as {target.label.lower()}"
    one_way = meeting.status not in Meeting.next_states(target)
    with column:
        if one_way:
            marked = common.confirmed(label, f"status_{target.value}", f"This marks the meeting as "
                                      f"{target.label.lower()}: it cannot go back to {meeting.status.label.lower()}.",
                                      question)
        else:
            marked = st.button(label, key=f"status_{target.value}")
    if marked:
        if common.attempt(lambda s: planning.change_status(s, actor, meeting.id, target, st.session_state[loaded_key]),
                          f"The meeting is now {target.label.lower()}"):
            st.session_state.pop(loaded_key)
            st.rerun()

st.header("Details")
current = common.read(lambda s: planning.details_of(s, actor, meeting.id))
details = meeting_form(f"edit_meeting_{meeting.id}", current, "Save details")
if details:
    if common.attempt(lambda s: planning.update_meeting(s, actor, meeting.id, details, st.session_state[loaded_key]),
                      "Details saved"):
        st.session_state.pop(loaded_key)
        st.rerun()
timetable_now = common.read(lambda s: timetable.timetable_versions(s, actor, meeting.id))
if st.session_state[loaded_key] != meeting.version or st.session_state[timetable_key] != timetable_now:
    st.warning("Someone else changed this meeting or its timetable since you opened it.")
    if st.button("Reload their version"):
        st.session_state.pop(loaded_key)
        st.session_state.pop(timetable_key)
        st.rerun()

st.header("Thematic priorities")
st.caption("From the Strategic Framework for Police-Related Activities (PC.DEC/1049). The order you pick is the order of the sessions.")
picked = st.multiselect("Priorities, in order", list(by_code), chosen, format_func=lambda c: by_code[c].title,
                        key=f"priorities_{meeting.id}")
st.caption("Sessions in this order" + (" (not saved yet):" if picked != chosen else ":"))
session_order(picked)
with st.expander("What each priority covers"):
    for priority in all_priorities:
        st.markdown(f"**{priority.number}. {common.md(priority.title)}** — {common.md(priority.description)}")
if st.button("Save priorities", disabled=picked == chosen):
    if common.attempt(lambda s: planning.set_priorities(s, actor, meeting.id, picked, st.session_state[loaded_key]),
                      "Priorities saved"):
        st.session_state.pop(loaded_key)
        st.rerun()

st.header("Format and timetable")
keys = list(formats)
fitting = [k for k in keys if len(formats[k].days) == len(meeting.days)] or keys
format_key = st.radio("Meeting format", keys, index=keys.index(meeting.format_key if meeting.format_key in keys else fitting[0]),
                      format_func=lambda k: common.md(formats[k].name_for(len(picked))), horizontal=True)
chosen_format = formats[format_key]
st.caption(common.md(chosen_format.description_for(len(picked))))
if chosen_format.priority_slots and 0 < len(picked) < chosen_format.priority_slots:
    st.info(f"This format has room for {plural(chosen_format.priority_slots, 'priority session')} and you chose "
            f"{len(picked)}: the free slots are left out and what follows moves up, so some days end earlier. "
            "Add priorities, or shorten the meeting.")
if picked != chosen:
    st.caption("Generating saves the priorities as picked above.")
items_now = len(timetable_now)
replacing = (f"This replaces the {plural(items_now, 'item')} of the current timetable, with their rooms, moderators, "
             f"speakers and any other change, by a new one drafted from the format"
             + (" and the priorities as picked above, which it saves." if picked != chosen else "."))
generate = (common.confirmed("Generate timetable", "generate", replacing, type="primary") if items_now
            else st.button("Generate timetable", type="primary"))
if generate:
    made = common.attempt(lambda s: timetable.generate_timetable(
        s, actor, meeting.id, format_key, st.session_state[timetable_key], st.session_state[loaded_key], priorities=picked),
        "Timetable drafted" + (" and priorities saved" if picked != chosen else ""))
    if made:
        st.session_state.pop(loaded_key)
        st.session_state.pop(timetable_key)
        st.switch_page("planner/ui/timetable.py")
