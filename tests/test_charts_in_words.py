"""Every chart says what it shows in words too, for screen readers and anyone who cannot tell its colours apart; its
colours stand out from the page (WCAG 2.1: 3:1 for graphics, 4.5:1 for text)."""
from collections import Counter

import pytest
from sqlmodel import select

from planner import db
from planner.access import SYSTEM
from planner.delegations import invitations
from planner.models import AgendaItem, AgendaItemKind, InvitationState, Participant
from planner.ui import chart_colours, timetable_chart
from tests.test_pages import chart_of, encodings, open_page, people, with_timetable  # noqa: F401 - `people` is a fixture


def contrast(one: str, other: str) -> float:
    """WCAG 2.1's contrast ratio of two colours written as #rrggbb."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


WHITE = "#ffffff"


def test_chart_colours_stand_out_from_the_page_and_their_labels_from_the_bars():
    items = {kind: colour for kind, colour in chart_colours.KIND_COLOURS.items()
             if kind not in timetable_chart.PAUSES}
    assert min(contrast(colour, chart_colours.BAR_TEXT) for colour in items.values()) >= 4.5, "labels on the bars"
    pauses = [chart_colours.KIND_COLOURS[kind] for kind in timetable_chart.PAUSES]
    assert min(contrast(chart_colours.PAUSE_TEXT, colour) for colour in pauses) >= 4.5, "labels on the pauses"
    assert contrast(chart_colours.PAUSE_OUTLINE, WHITE) >= 3, "a pause's outline, its shading being faint"
    assert contrast(chart_colours.CLASH_COLOUR, WHITE) >= 3
    for colour in [*chart_colours.GROUP_COLOURS.values(), *chart_colours.GENDER_COLOURS.values()]:
        assert contrast(colour, WHITE) >= 3, colour


def clashing_timetable(make_meeting, organizer):
    """Two days on terrorism, a side event in the plenary hall at the time of the second item."""
    meeting_id, items = with_timetable(make_meeting, organizer, ["terrorism"])
    with db.transaction() as session:
        session.add(AgendaItem(meeting_id=meeting_id, day=items[1].day, start=items[1].start, end=items[1].end,
                               kind=AgendaItemKind.session, title="Side event", room=items[1].room))
    return meeting_id, items


def test_timetable_chart_marks_clashes_beyond_colour_and_says_them_in_words(database_url, people, make_meeting):
    meeting_id, items = clashing_timetable(make_meeting, people["organizer"])
    app = open_page("timetable", people["organizer"], meeting_id)
    assert not app.exception
    spec, data = chart_of(app)
    clashing = data[data["Clash"]]
    assert set(clashing["Item"]) == {items[1].title, "Side event"}
    assert (clashing["Label"].str.split("\n").str[0] == "⚠ clash").all(), "labelled in the bar, not only outlined"
    assert not data.loc[~data["Clash"], "Label"].str.contains("⚠").any()
    assert f"Mon 10 May {items[1].start:%H:%M}–{items[1].end:%H:%M}, Plenary hall, session: Side event. ⚠ clash with another item" \
        in list(data["Said"]), "what a screen reader says of a bar"
    dashes = [e["strokeDash"] for e in encodings(spec) if "strokeDash" in e]
    assert dashes and all(d["condition"]["test"] == "datum.Clash" and d["condition"]["value"] for d in dashes)

    rooms = {item.room for item in items if item.kind not in (AgendaItemKind.break_, AgendaItemKind.lunch)}
    said = (f"The chart shows {len(items) + 1} items over 2 days in {len(rooms)} room"
            f"{'s' if len(rooms) > 1 else ''}, breaks and lunch shaded across the day. 2 items clash, marked ⚠ clash")
    caption = next(c.value for c in app.caption if c.value.startswith("The chart shows")).replace("\\", "")
    assert caption.startswith(said) and spec["description"].startswith(said)
    when = f"(Mon 10 May, {items[1].start:%H:%M}–{items[1].end:%H:%M})"
    assert f"room 'Plenary hall' is already used at that time by 'Side event' {when}" in caption

    [expander] = [e for e in app.expander if e.label == "The chart as a table"]
    table = expander.dataframe[0].value
    assert list(table.columns) == ["Day", "Time", "Room", "Kind", "Note", "Item"]
    assert len(table) == len(items) + 1
    assert set(table.loc[table["Note"] != "", "Item"]) == {items[1].title, "Side event"}


def test_timetable_without_clashes_says_none(database_url, people, make_meeting):
    meeting_id, items = with_timetable(make_meeting, people["organizer"], ["terrorism"])
    app = open_page("timetable", people["organizer"], meeting_id)
    spec, data = chart_of(app)
    assert not data["Clash"].any() and "clash" not in spec["description"]
    assert any(c.value.startswith(f"The chart shows {len(items)} items over 2 days") for c in app.caption)


def test_dashboard_charts_say_their_figures(database_url, people, demo_meeting):
    with db.transaction() as session:
        states = Counter(row.invitation.state for row in invitations.list_invitations(session, SYSTEM, demo_meeting)
                         if row.invitation.state not in (InvitationState.draft, InvitationState.host))
        genders = Counter(p.gender.value if p.gender else "not given" for p in session.exec(
            select(Participant).where(Participant.meeting_id == demo_meeting)))
    app = open_page("dashboard", people["organizer"], demo_meeting)
    assert not app.exception
    replies = ", ".join(f"{states[s]} {s.label.lower()}" for s in InvitationState if states[s])
    said = f"Of the {sum(states.values())} invitations sent: {replies}."
    assert said in [c.value.split(" By group")[0] for c in app.caption]
    assert chart_of(app, 0)[0]["description"] == said
    total = sum(genders.values())
    shares = ", ".join(f"{genders[g]} {g} ({genders[g] / total:.0%})" for g in ("female", "male", "other", "not given")
                       if genders[g])
    assert chart_of(app, 1)[0]["description"] == f"Of the {total} participants: {shares}."
    gender_table = next(t.value for t in app.dataframe if "Share" in t.value.columns)
    assert dict(zip(gender_table["Gender"], gender_table["Participants"])) == dict(genders)


@pytest.mark.parametrize("title, width, expected", [
    ("Opening session", 200, "⚠ clash\nOpening session"),
    ("Opening session of the meeting: its agenda", 90, "⚠ clash\nOpening session…"),
])
def test_a_clashing_bar_says_so_on_its_first_line(title, width, expected):
    assert timetable_chart.bar_label(title, width, clash=True) == expected
