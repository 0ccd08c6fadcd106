"""Timetable: when and where in a table, who and what of one item in a form below it, checked as you go, seen as a
day-by-room chart, downloaded as the agenda. Both the table and the form change a working copy; Save keeps it."""
import datetime as dt

import pandas as pd
import streamlit as st

from planner.access import Capability
from planner.agenda_review import versions
from planner.dates import date_range, time_span, weekday
from planner.delegations import reference
from planner.documents.agenda import agenda_document, agenda_file_name
from planner.meetings import timetable
from planner.meetings.models import AgendaItem, AgendaItemKind
from planner.model_base import column_length
from planner.time_zones import abbreviations, describe_days
from planner.ui import common, downloads
from planner.ui.timetable_chart import chart_frame, day_by_room, in_words

actor = common.actor()
meeting = common.chosen_meeting()
editable = actor.can(Capability.manage_meetings)
zone = abbreviations(meeting.time_zone, meeting.days)
common.page_header("Timetable", f"{meeting.title} · {date_range(meeting.start_date, meeting.end_date)}")

if not versions.sees_work_in_progress(actor):
    st.info("The timetable is the Chairmanship's work in progress. The agenda as circulated to delegations is on the "
            "**Agenda review** page, where your delegation can comment on it.")
    st.page_link("planner/ui/agenda_review.py", label="Open the agenda review", icon=":material/rate_review:")
    st.stop()

items = common.read(lambda s: timetable.agenda_items(s, actor, meeting.id))
if not items:
    st.info("There is no timetable yet. On the **Meeting builder** page, pick the priorities and a format, then *Generate timetable*.")
    st.stop()

st.caption(f"All times are {describe_days(meeting.time_zone, meeting.days)}.")
priorities = {p.id: f"{p.number}. {p.title}" for p in common.read(reference.priorities)}
priority_ids = {title: pid for pid, title in priorities.items()}
KINDS = [k.value for k in AgendaItemKind]
GRID = ["day", "start", "end", "kind", "title", "room"]
DETAILS = ["moderator", "rapporteur", "speakers", "interpretation", "priority", "description"]
COLUMNS = [*GRID, *DETAILS, "id", "version"]
DAYS = {day.isoformat(): weekday(day) for day in meeting.days}


def to_frame(rows: list[AgendaItem]) -> pd.DataFrame:
    """Days and times as text, picked and typed the same in every browser: a date or time cell would take the
    browser's language, and in an en-US one 11:45 typed into a 14:30 cell becomes 23:45."""
    return pd.DataFrame(
        [{**{name: getattr(item, name) for name in COLUMNS if name != "priority"},
          "day": item.day.isoformat(), "start": f"{item.start:%H:%M}", "end": f"{item.end:%H:%M}",
          "kind": item.kind.value, "priority": priorities.get(item.priority_id)} for item in rows],
        columns=COLUMNS,
    )


def typed_time(value: str | None) -> dt.time | str | None:
    """The time typed, or the text as typed for the check to say what is wrong with it."""
    return (timetable.clock_time(value) or value) if value else None


def present(value):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def to_rows(frame: pd.DataFrame) -> list[timetable.TimetableRow]:
    rows = []
    for record in frame.to_dict("records"):
        values = {name: present(record.get(name)) for name in COLUMNS}
        rows.append(timetable.TimetableRow(
            day=dt.date.fromisoformat(values["day"]) if values["day"] else None,
            start=typed_time(values["start"]), end=typed_time(values["end"]), kind=values["kind"],
            **{name: values[name] or "" for name in ("title", "description", "room", "moderator", "rapporteur",
                                                      "speakers", "interpretation")},
            priority_id=priority_ids.get(values["priority"]),
            id=int(values["id"]) if values["id"] is not None else None,
            version=int(values["version"]) if values["version"] is not None else None,
        ))
    return rows


def timed(row: timetable.TimetableRow) -> bool:
    return isinstance(row.start, dt.time) and isinstance(row.end, dt.time)


def item_label(row: timetable.TimetableRow) -> str:
    when = " ".join(part for part in (weekday(row.day) if row.day else "",
                                      time_span(row.start, row.end) if timed(row) else "") if part)
    return f"{when} · {row.title or 'Untitled item'}" if when else (row.title or "Untitled item")


generation_key = f"timetable_generation_{meeting.id}"
st.session_state.setdefault(generation_key, 0)
opened_key = f"timetable_opened_{meeting.id}_{st.session_state[generation_key]}"
if opened_key not in st.session_state:
    st.session_state[opened_key] = (to_frame(items), {item.id: item.version for item in items}, 0)
working, opened_versions, edition = st.session_state[opened_key]
edited = st.data_editor(
    working,
    key=f"timetable_{meeting.id}_{st.session_state[generation_key]}_{edition}",
    num_rows="dynamic" if editable else "fixed",
    disabled=not editable,
    hide_index=True,
    width="stretch",
    placeholder="",
    column_config={
        "day": st.column_config.SelectboxColumn("Day", options=list(DAYS), format_func=lambda d: DAYS.get(d, d),
                                                required=True, width=100),
        **{name: st.column_config.TextColumn(f"{label} ({zone})", validate=timetable.CLOCK, required=True, width=100,
                                             help="On the 24-hour clock, such as 14:30")
           for name, label in (("start", "Start"), ("end", "End"))},
        "kind": st.column_config.SelectboxColumn("Kind", options=KINDS, required=True, width=90),
        "title": st.column_config.TextColumn("Title", width=360, max_chars=column_length(AgendaItem, "title"),
                                             required=True),
        "room": st.column_config.TextColumn("Room", max_chars=column_length(AgendaItem, "room"), width=120),
        **{name: None for name in (*DETAILS, "id", "version")},
    },
)
rows = to_rows(edited)
problems = timetable.check_timetable(meeting, [timetable.TimetableRow(**vars(r)) for r in rows])
if problems:
    st.warning("**The timetable has problems to fix before it can be saved:**\n\n" + "\n".join(f"- {common.md(p)}" for p in problems))
if editable:
    unsaved = rows != [timetable.TimetableRow.of(item) for item in items]
    left, middle, right = st.columns([1, 2, 2], vertical_alignment="center")
    if left.button("Save timetable", type="primary", disabled=bool(problems),
                   help="Fix the problems listed above first." if problems else None):
        if common.attempt(lambda s: timetable.save_timetable(s, actor, meeting.id, rows, opened_versions), "Timetable saved") is not None:
            st.session_state[generation_key] += 1
            st.session_state.pop(f"timetable_seen_{meeting.id}", None)  # the Meeting builder's copy: this change is ours
            st.rerun()
    if middle.button("Discard my changes and reload"):
        st.session_state[generation_key] += 1
        st.rerun()
    right.caption("You have changes that are not saved yet." if unsaved else "Everything shown is saved.")

st.header("Details of an item")
details_key = f"timetable_details_{meeting.id}"
positions = list(range(len(rows)))
chosen = st.selectbox("Item", positions, format_func=lambda n: item_label(rows[n]), key=details_key)
if chosen is not None and chosen < len(rows):
    row = rows[chosen]
    with st.form(f"details_{meeting.id}_{st.session_state[generation_key]}_{edition}_{chosen}"):
        left, right = st.columns(2)
        moderator = left.text_input("Moderator", row.moderator, max_chars=column_length(AgendaItem, "moderator"),
                                    disabled=not editable)
        rapporteur = right.text_input("Rapporteur", row.rapporteur, max_chars=column_length(AgendaItem, "rapporteur"),
                                      disabled=not editable)
        speakers = st.text_input("Speakers", row.speakers, help="Separate names with ';'",
                                 max_chars=column_length(AgendaItem, "speakers"), disabled=not editable)
        interpretation = left.text_input("Interpretation", row.interpretation, placeholder="e.g. English, French, Russian",
                                         max_chars=column_length(AgendaItem, "interpretation"), disabled=not editable)
        choices = ["", *priorities.values()]
        current = priorities.get(row.priority_id, "")
        priority = right.selectbox("Priority", choices, index=choices.index(current),
                                   format_func=lambda p: p or "—", disabled=not editable)
        description = st.text_area("Description", row.description, max_chars=column_length(AgendaItem, "description"),
                                   height=160, disabled=not editable)
        if st.form_submit_button("Apply to the timetable", disabled=not editable):
            changed = edited.reset_index(drop=True)
            values = {"moderator": moderator, "rapporteur": rapporteur, "speakers": speakers,
                      "interpretation": interpretation, "priority": priority or None, "description": description}
            for name, value in values.items():
                changed.at[chosen, name] = value
            st.session_state[opened_key] = (changed, opened_versions, edition + 1)
            st.rerun()
    if editable:
        st.caption("Applied details join the table's changes: *Save timetable* keeps them all.")

st.header("Day by room")
complete = [r for r in rows if r.day and timed(r) and r.kind and r.end > r.start]
if complete:
    clashes = timetable.clashes(meeting, [timetable.TimetableRow(**vars(r)) for r in complete])
    frame = chart_frame(complete, {n - 1 for n in clashes.rows})
    st.altair_chart(day_by_room(frame, zone), width="content")
    st.caption(common.md(in_words(frame)) + "".join(f"\n- {common.md(c)}" for c in clashes.problems) + (
        "\n\nA room booked twice at once gets a second lane, numbered (2)." if clashes.problems else ""))
    with st.expander("The chart as a table"):
        table = frame.assign(Room=frame["Room"].where(~frame["Pause"], ""))
        st.dataframe(table[["Day", "Time", "Room", "Kind", "Note", "Item"]], hide_index=True, width="stretch",
                     placeholder="")

st.header("Agenda document")
st.caption("The timetable as it stands, marked DRAFT. Circulated versions are on the Agenda review page.")
downloads.one_click("the working agenda (Word)", "working_agenda", lambda s, who: agenda_document(s, who, meeting.id),
                    agenda_file_name(meeting.id), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    icon=":material/description:")
