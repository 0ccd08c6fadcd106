"""The timetable as a chart: a band per day, a lane per room (and a numbered second lane where a room is booked twice
at once), pauses shaded across the day, clashing items outlined in a dashed line and labelled "⚠ clash", so that a
clash does not rest on colour alone (colours in chart_colours).

Bar labels are wrapped onto two lines and cut only where a bar is too short even for that: the time axis has a fixed
width, so the room each label has is known here. Times are minutes after midnight on a plain number scale, so the
browser's own time zone cannot shift them."""
from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from planner.dates import time_span, weekday
from planner.text.words import and_list, plural
from planner.ui.chart_colours import BAR_TEXT, CLASH_COLOUR, KIND_COLOURS, PAUSE_OUTLINE, PAUSE_TEXT
from planner.meetings.models import AgendaItemKind
from planner.meetings.timetable import TimetableRow

AXIS_WIDTH = 780
LANE_HEIGHT = 44
LABEL_SIZE = 11
LINE_HEIGHT = 13
PADDING = 3
NARROW, WIDE, CAPITAL, OTHER = 0.3, 0.85, 0.65, 0.5
PAUSES = (AgendaItemKind.break_.value, AgendaItemKind.lunch.value)
CLASH = "⚠ clash"
NO_ROOM = "Room not set"
CLOCK = "format(floor(datum.value / 60), '02d') + ':' + format(datum.value % 60, '02d')"


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def text_width(text: str) -> float:
    """A generous estimate of the text's width in pixels at the label size: narrow letters, wide ones, the rest."""
    def em(character: str) -> float:
        if character in "ijlftrI.,:;'!|() ":
            return NARROW
        if character in "mwMW—":
            return WIDE
        return CAPITAL if character.isupper() or character.isdigit() else OTHER
    return sum(em(c) for c in text) * LABEL_SIZE


def _cut(text: str, room: float) -> str:
    while text and text_width(text + "…") > room:
        text = text[:-1].rstrip()
    return text + "…" if text else ""


def bar_label(title: str, width: float, clash: bool = False) -> str:
    """The item's short title (before any ':') wrapped onto at most two lines of a bar `width` pixels wide; a word too
    long for the bar, or a third line, is cut with '…'. A clashing item's first line says so, its title taking one."""
    room = width - 2 * PADDING
    lines = [CLASH if text_width(CLASH) <= room else _cut(CLASH, room)] if clash else []
    marked = len(lines)
    for word in title.split(":")[0].split():
        joined = f"{lines[-1]} {word}" if len(lines) > marked else word
        if len(lines) > marked and text_width(joined) <= room:
            lines[-1] = joined
        elif len(lines) < 2 and text_width(word) <= room:
            lines.append(word)
        elif len(lines) < 2:
            lines.append(_cut(word, room))
            break
        else:
            lines[-1] = _cut(f"{lines[-1]} {word}", room)
            break
    return "\n".join(line for line in lines if line)


def _hours(frame: pd.DataFrame) -> tuple[int, int]:
    """The whole hours the chart spans: from the hour of the earliest start to the hour after the latest end."""
    first = int(frame["Start"].min()) // 60
    last = -(-int(frame["End"].max()) // 60)
    return first, max(last, first + 1)


def _lanes(rows: list[TimetableRow]) -> list[str]:
    """Each item's lane: its room, or a numbered second lane of the room when it overlaps an item already there."""
    lanes = [""] * len(rows)
    busy: dict[tuple, list[int]] = {}
    for n in sorted(range(len(rows)), key=lambda i: (rows[i].day, rows[i].start)):
        row = rows[n]
        room = (row.room or "").strip() or NO_ROOM
        tracks = busy.setdefault((row.day, room.casefold()), [])
        track = next((t for t, end in enumerate(tracks) if end <= _minutes(row.start)), len(tracks))
        tracks[track:track + 1] = [_minutes(row.end)]
        lanes[n] = room if track == 0 else f"{room} ({track + 1})"
    return lanes


def chart_frame(rows: list[TimetableRow], clashing: set[int]) -> pd.DataFrame:
    """What the chart draws, an item a row: `rows` are complete (day, start, end, kind); `clashing` holds their
    positions (from 0). It is the chart's table too, for whoever cannot see the chart."""
    frame = pd.DataFrame([{
        "Day": weekday(r.day), "Time": time_span(r.start, r.end), "Room": (r.room or "").strip() or NO_ROOM,
        "Item": r.title, "Kind": str(getattr(r.kind, "value", r.kind)), "Clash": n in clashing,
        "Lane": lane, "Start": _minutes(r.start), "End": _minutes(r.end), "Moderator": r.moderator or "",
        "Note": f"{CLASH} with another item" if n in clashing else "", "Order": (r.day, _minutes(r.start)),
    } for n, (r, lane) in enumerate(zip(rows, _lanes(rows)))])
    frame["Pause"] = frame["Kind"].isin(PAUSES)
    frame["Said"] = [f"{day} {time}, {'' if pause else room + ', '}{kind}: {item}{'. ' + note if note else ''}"
                     for day, time, room, kind, item, note, pause in
                     frame[["Day", "Time", "Room", "Kind", "Item", "Note", "Pause"]].itertuples(index=False)]
    first, last = _hours(frame)
    pixels_per_minute = AXIS_WIDTH / ((last - first) * 60)
    frame["Label"] = [bar_label(item, (end - start) * pixels_per_minute, clash)
                      for item, start, end, clash in zip(frame["Item"], frame["Start"], frame["End"], frame["Clash"])]
    frame["Lines"] = frame["Label"].str.count("\n") + 1
    return frame.sort_values("Order", kind="stable").drop(columns="Order").reset_index(drop=True)


def in_words(frame: pd.DataFrame) -> str:
    """The chart in a sentence: how many items, days and rooms, and which clash."""
    rooms = set(frame.loc[~frame["Pause"], "Room"]) - {NO_ROOM}
    said = (f"The chart shows {plural(len(frame), 'item')} over {plural(frame['Day'].nunique(), 'day')} "
            f"in {plural(len(rooms), 'room')}, breaks and lunch shaded across the day.")
    clashing = frame.loc[frame["Clash"], "Item"]
    return said + (f" {plural(len(clashing), 'item')} clash, marked {CLASH}: {and_list(list(clashing))}."
                   if len(clashing) else "")


def day_by_room(frame: pd.DataFrame, zone: str) -> alt.FacetChart:
    """`frame` from chart_frame; `zone` is the abbreviation the times are in."""
    first, last = _hours(frame)
    days = list(dict.fromkeys(frame["Day"]))
    lanes = sorted(set(frame.loc[~frame["Pause"], "Lane"]), key=lambda lane: (lane.startswith(NO_ROOM), lane))
    kinds = [k.value for k in AgendaItemKind if k.value in set(frame["Kind"])]
    x = alt.X("Start:Q", scale=alt.Scale(domain=[first * 60, last * 60], nice=False),
              axis=alt.Axis(title=f"Time ({zone})", values=[hour * 60 for hour in range(first, last + 1)],
                            labelExpr=CLOCK, labelFlush=False, grid=True,
                            description=f"Time ({zone}) from {first:02d}:00 to {last:02d}:00"))
    colour = alt.Color("Kind:N", scale=alt.Scale(domain=kinds, range=[KIND_COLOURS[k] for k in kinds]),
                       legend=alt.Legend(orient="bottom", title=None))
    tooltip = ["Day", "Time", "Item", "Room", "Moderator", "Note"]
    pauses = alt.Chart().transform_filter("datum.Pause").encode(x=x)
    items = alt.Chart().transform_filter("!datum.Pause").encode(x=x, y=alt.Y("Lane:N", sort=lanes, title=None))

    def labels(chart: alt.Chart, colour_of_text: str) -> list[alt.Chart]:
        """One layer per line count, each raised by half its extra lines, so every label sits centred in its bar; a
        screen reader reads the bar's description instead."""
        return [chart.transform_filter(f"datum.Lines == {count}")
                .mark_text(aria=False, align="left", dx=PADDING, dy=-(count - 1) * LINE_HEIGHT / 2, color=colour_of_text,
                           fontSize=LABEL_SIZE, lineHeight=LINE_HEIGHT, lineBreak="\n")
                .encode(text="Label:N") for count in (1, 2)]

    layers = [pauses.mark_rect(stroke=PAUSE_OUTLINE, strokeWidth=1).encode(
                  x2="End:Q", color=colour, tooltip=[t for t in tooltip if t != "Room"], description="Said:N"),
              *labels(pauses, PAUSE_TEXT)]
    if lanes:
        layers += [items.mark_bar(cornerRadius=3).encode(
                       x2="End:Q", color=colour, tooltip=tooltip, description="Said:N",
                       stroke=alt.condition("datum.Clash", alt.value(CLASH_COLOUR), alt.value("white")),
                       strokeWidth=alt.condition("datum.Clash", alt.value(3), alt.value(1)),
                       strokeDash=alt.condition("datum.Clash", alt.value([5, 3]), alt.value([1, 0]))),
                   *labels(items, BAR_TEXT)]
    return (alt.layer(*layers, data=frame)
            .properties(width=AXIS_WIDTH, height=alt.Step(LANE_HEIGHT) if lanes else LANE_HEIGHT)
            .facet(row=alt.Row("Day:N", sort=days, title=None,
                               header=alt.Header(labelAngle=0, labelOrient="top", labelAnchor="start",
                                                 labelFontWeight="bold", labelFontSize=12)))
            .properties(description=in_words(frame)))
