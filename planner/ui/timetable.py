"""Timetable: edit the items in a table, check them, see them as a day-by-room chart, download the agenda."""
import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from planner import agenda, reference
from planner.access import Capability
from planner.agenda_review import versions
from planner.documents.agenda import agenda_document, agenda_file_name
from planner.models import AgendaItemKind
from planner.dates import long_date
from planner.ui import common

actor = common.actor()
meeting = common.chosen_meeting()
editable = actor.can(Capability.manage_meetings)
common.page_header("Timetable", f"{meeting.title} · {long_date(meeting.start_date)}"
                   + (f" to {long_date(meeting.end_date)}" if meeting.end_date != meeting.start_date else ""))

if not versions.sees_work_in_progress(actor):
    st.info("The timetable is the Chairmanship's work in progress. The agenda as circulated to delegations is on the "
            "**Agenda review** page, where your delegation can comment on it.")
    st.page_link("planner/ui/agenda_review.py", label="Open the agenda review", icon=":material/rate_review:")
    st.stop()

items = common.read(lambda s: agenda.agenda_items(s, actor, meeting.id))
if not items:
    st.info("There is no timetable yet. On the **Meeting builder** page, pick the priorities and a format, then *Generate timetable*.")
    st.stop()

priorities = {p.id: f"{p.number}. {p.title}" for p in common.read(reference.priorities)}
priority_ids = {title: pid for pid, title in priorities.items()}
KINDS = [k.value for k in AgendaItemKind]
COLUMNS = ["day", "start", "end", "kind", "title", "room", "moderator", "speakers", "rapporteur", "interpretation",
           "priority", "description", "id", "version"]


def to_frame(rows: list[agenda.AgendaItem]) -> pd.DataFrame:
    return pd.DataFrame(
        [{**{name: getattr(item, name) for name in COLUMNS if name != "priority"},
          "kind": item.kind.value, "priority": priorities.get(item.priority_id)} for item in rows],
        columns=COLUMNS,
    )


def chart_label(row: agenda.TimetableRow) -> str:
    """The bar's caption, cut to what fits: about one character per three minutes on the chart's scale."""
    minutes = (dt.datetime.combine(dt.date.min, row.end) - dt.datetime.combine(dt.date.min, row.start)).seconds // 60
    text = row.title.split(":")[0]
    room = max(0, minutes // 3 - 1)
    return text if len(text) <= room else (text[: room - 1] + "…" if room > 3 else "")


def present(value):
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def to_rows(frame: pd.DataFrame) -> list[agenda.TimetableRow]:
    rows = []
    for record in frame.to_dict("records"):
        values = {name: present(record.get(name)) for name in COLUMNS}
        day = values["day"]
        rows.append(agenda.TimetableRow(
            day=day.date() if isinstance(day, (dt.datetime, pd.Timestamp)) else day,
            start=values["start"], end=values["end"], kind=values["kind"],
            **{name: values[name] or "" for name in ("title", "description", "room", "moderator", "rapporteur",
                                                      "speakers", "interpretation")},
            priority_id=priority_ids.get(values["priority"]),
            id=int(values["id"]) if values["id"] is not None else None,
            version=int(values["version"]) if values["version"] is not None else None,
        ))
    return rows


generation_key = f"timetable_generation_{meeting.id}"
st.session_state.setdefault(generation_key, 0)
opened_key = f"timetable_opened_{meeting.id}_{st.session_state[generation_key]}"
if opened_key not in st.session_state:
    st.session_state[opened_key] = (to_frame(items), {item.id: item.version for item in items})
opened_frame, opened_versions = st.session_state[opened_key]
edited = st.data_editor(
    opened_frame,
    key=f"timetable_{meeting.id}_{st.session_state[generation_key]}",
    num_rows="dynamic" if editable else "fixed",
    disabled=not editable,
    hide_index=True,
    width="stretch",
    column_config={
        "day": st.column_config.DateColumn("Day", format="ddd D MMM", min_value=meeting.start_date,
                                           max_value=meeting.end_date, required=True),
        "start": st.column_config.TimeColumn("Start", format="HH:mm", step=300, required=True),
        "end": st.column_config.TimeColumn("End", format="HH:mm", step=300, required=True),
        "kind": st.column_config.SelectboxColumn("Kind", options=KINDS, required=True),
        "title": st.column_config.TextColumn("Title", width="large", max_chars=300, required=True),
        "room": st.column_config.TextColumn("Room", max_chars=100),
        "moderator": st.column_config.TextColumn("Moderator", max_chars=200),
        "speakers": st.column_config.TextColumn("Speakers", help="Separate names with ';'", max_chars=2000),
        "rapporteur": st.column_config.TextColumn("Rapporteur", max_chars=200),
        "interpretation": st.column_config.TextColumn("Interpretation", help="e.g. English, French, Russian", max_chars=200),
        "priority": st.column_config.SelectboxColumn("Priority", options=list(priorities.values())),
        "description": st.column_config.TextColumn("Description", max_chars=4000),
        "id": None,
        "version": None,
    },
)
rows = to_rows(edited)
problems = agenda.check_timetable(meeting, [agenda.TimetableRow(**vars(r)) for r in rows])
if problems:
    st.warning("**The timetable has problems to fix before it can be saved:**\n\n" + "\n".join(f"- {common.md(p)}" for p in problems))
if editable:
    left, right = st.columns([1, 4])
    if left.button("Save timetable", type="primary"):
        if common.attempt(lambda s: agenda.save_timetable(s, actor, meeting.id, rows, opened_versions), "Timetable saved") is not None:
            st.session_state[generation_key] += 1
            st.session_state.pop(f"timetable_seen_{meeting.id}", None)  # the Meeting builder's copy: this change is ours
            st.rerun()
    if right.button("Discard my changes and reload"):
        st.session_state[generation_key] += 1
        st.rerun()

st.subheader("Day by room")
chart_rows = [r for r in rows if r.day and r.start and r.end and r.kind]
if chart_rows:
    chart_data = pd.DataFrame([
        {"Day": f"{r.day:%a %d %b}", "Room": r.room or "(no room)", "Item": r.title, "Label": chart_label(r), "Kind": str(getattr(r.kind, "value", r.kind)),
         "Start": dt.datetime.combine(dt.date(2000, 1, 1), r.start), "End": dt.datetime.combine(dt.date(2000, 1, 1), r.end),
         "Time": f"{r.start:%H:%M}–{r.end:%H:%M}", "Moderator": r.moderator}
        for r in chart_rows
    ])
    base = alt.Chart()
    bars = base.mark_bar(cornerRadius=3, stroke="white").encode(
        x=alt.X("Start:T", axis=alt.Axis(format="%H:%M", title=None)),
        x2="End:T",
        y=alt.Y("Room:N", title=None),
        color=alt.Color("Kind:N", scale=alt.Scale(domain=KINDS, range=["#1f4e79", "#4f81bd", "#c9d3df", "#e2c799", "#2e7d32"]), legend=alt.Legend(orient="bottom")),
        tooltip=["Day", "Time", "Item", "Room", "Moderator"],
    )
    labels = base.mark_text(align="left", dx=4, color="white", fontSize=11).encode(
        x="Start:T", y="Room:N", text="Label:N",
    ).transform_filter("datum.Kind != 'break' && datum.Kind != 'lunch'")
    chart = alt.layer(bars, labels, data=chart_data).properties(height=70, width=760).facet(row=alt.Row("Day:N", title=None))
    st.altair_chart(chart, width="stretch")

st.subheader("Agenda document")
st.caption("The timetable as it stands, marked DRAFT. Circulated versions are on the Agenda review page.")
st.download_button("Download the working agenda (Word)", data=lambda: common.read(lambda s: agenda_document(s, actor, meeting.id)),
                   file_name=agenda_file_name(meeting.id), icon=":material/description:",
                   mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
