"""Agenda review: organizers freeze and circulate the timetable as agenda versions, see who opened them and answer
comments; delegates read the latest circulated version, see what changed since their last visit, comment on items
and download the agenda and the calendar."""
import pandas as pd
import streamlit as st

from planner.access import Capability
from planner.agenda_review import comments, comparison, versions
from planner.dates import long_date, time_span, weekday
from planner.delegations.models import Delegation
from planner.documents.agenda import agenda_document, agenda_file_name
from planner.documents.calendar import calendar_file, calendar_file_name
from planner.documents.comparison import agenda_comparison_document, agenda_comparison_file_name, agenda_heading_line
from planner.errors import NotFound
from planner.register import DocumentKind
from planner.text.words import plural
from planner.time_zones import abbreviations
from planner.ui import common, downloads, forms

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

actor = common.actor()
meeting = common.chosen_meeting()
common.page_header("Agenda review", f"{meeting.title} · circulated versions of the agenda and delegations' comments")
organizer = versions.sees_work_in_progress(actor)
editor = actor.can(Capability.manage_meetings)
all_versions = common.read(lambda s: versions.versions(s, actor, meeting.id))
issued = [v for v in all_versions if v.status in versions.ISSUED]


def version_label(version) -> str:
    return f"Version {version.number} · {version.symbol or 'not circulated'} · {version.status.label}" + (
        f" · {long_date(version.issued_on)}" if version.issued_on else "")


def items_frame(version) -> pd.DataFrame:
    items = common.read(lambda s: versions.items_of(s, actor, version))
    return pd.DataFrame([{"Day": i.day, f"Time ({abbreviations(version.time_zone, meeting.days)})": time_span(i.start, i.end),
                          "Item": i.title, "Room": i.room, "Moderator": i.moderator, "Speakers": i.speakers} for i in items])


def show_changes(compared: comparison.Comparison) -> None:
    if not compared.changed:
        st.info("No item changed between these versions.")
        return
    st.dataframe(pd.DataFrame([{
        "Item": item.title, "What changed": ", ".join(c.value for c in item.changes),
        "Before": f"{weekday(item.older.day)} {time_span(item.older.start, item.older.end)}" if item.older else "",
        "Now": f"{weekday(item.newer.day)} {time_span(item.newer.start, item.newer.end)}" if item.newer else "",
        "Speakers before": item.older.speakers if item.older else "", "Speakers now": item.newer.speakers if item.newer else "",
    } for item in compared.changed]), hide_index=True, width="stretch", placeholder="")


def offer_files(version) -> None:
    left, right = st.columns(2)
    with left:
        downloads.one_click("the agenda (Word)", f"word_{version.number}",
                            lambda s, who: agenda_document(s, who, meeting.id, version),
                            agenda_file_name(meeting.id, version), DOCX, icon=":material/description:")
    own = None
    if actor.delegation_id is not None and right.toggle("Only the sessions my delegation attends", value=True):
        own = common.read(lambda s: s.get(Delegation, actor.delegation_id))
    with right:
        downloads.one_click("the calendar (.ics)", "calendar",
                            lambda s, who: calendar_file(s, who, meeting.id, delegation=own),
                            calendar_file_name(meeting, own), "text/calendar", icon=":material/event:",
                            help="Import it into your calendar; importing a later one updates the events.")


def grouped(views: list, heading, key: str, answerable: bool, under_its_subject: bool = False) -> None:
    """Comments under a heading for each value of `heading` (in the order given), a page at a time."""
    current = None
    for view in views[common.page_of(len(views), key, "comments")]:
        if heading(view) != current:
            current = heading(view)
            st.markdown(f"### {common.md(current)}")
        forms.show_comment(view, comments, answerable, under_its_subject=under_its_subject)


def compare_view() -> None:
    if len(issued) < 2:
        return
    st.header("Compare two versions")
    numbers = [v.number for v in issued]
    left, right = st.columns(2)
    older = left.selectbox("Older", numbers[:-1], index=len(numbers) - 2, key="compare_older",
                           format_func=lambda n: version_label(issued[numbers.index(n)]))
    newer = right.selectbox("Newer", [n for n in numbers if n > older], key="compare_newer",
                            format_func=lambda n: version_label(issued[numbers.index(n)]))
    compared = common.read(lambda s: comparison.compare_versions(s, actor, meeting.id, older, newer))
    st.caption(common.md(agenda_heading_line(compared)))
    show_changes(compared)
    downloads.one_click("the comparison with tracked changes (Word)", f"comparison_{older}_{newer}",
                        lambda s, who: agenda_comparison_document(s, who, compared),
                        agenda_comparison_file_name(compared), DOCX, icon=":material/difference:")


def delegate_view() -> None:
    if not issued:
        st.info("The Chairmanship has not circulated the agenda yet. You will find it here once it has.")
        return
    latest = issued[-1]
    seen, visited = common.read(lambda s: versions.last_seen(s, actor, meeting.id, latest))
    common.attempt(lambda s: versions.record_opening(s, actor, latest))
    st.header(common.md(f"{'Agenda' if latest.status.value == 'final' else 'Draft agenda'} {latest.symbol}"))
    st.caption(f"Circulated on {long_date(latest.issued_on)}")
    if seen is not None:
        with st.container(border=True):
            st.markdown(f"**What changed since your last visit** (you read {common.md(seen.symbol)})")
            show_changes(common.read(lambda s: comparison.compare_versions(s, actor, meeting.id, seen.number,
                                                                           latest.number)))
            for view in common.read(lambda s: comments.answered_since(s, actor, meeting.id, visited)):
                forms.show_comment(view, comments, answerable=False)
    offer_files(latest)
    st.dataframe(items_frame(latest), hide_index=True, width="stretch", placeholder="",
                 column_config={"Day": st.column_config.DateColumn(format="ddd D MMM")})
    st.header("Comments")
    items = common.read(lambda s: versions.items_of(s, actor, latest))
    visible = common.read(lambda s: comments.comments(s, actor, meeting.id))
    for view in visible[common.page_of(len(visible), "comments_page", "comments")]:
        forms.show_comment(view, comments, answerable=False)
    if actor.can(Capability.comment_on_agenda):
        forms.new_comment({i.key: f"{weekday(i.day)} {time_span(i.start, i.end)} · {i.title}" for i in items}, "Agenda item",
                          lambda session, key, text, audience: comments.add_comment(session, actor, meeting.id, key,
                                                                                    text, audience))
    compare_view()


def circulation_panel() -> None:
    draft = next((v for v in all_versions if v.status.value == "draft"), None)
    if any(v.status.value == "final" for v in all_versions):
        st.info("The agenda is **final**: no further version can be made.")
        return
    circulating = common.issuing(meeting, "the agenda", DocumentKind.agenda) + (
        " A circulated version cannot be withdrawn: later changes go out as its next revision.")
    with st.container(border=True):
        if draft is not None:
            st.markdown(f"**Version {draft.number}** was frozen from the timetable and is waiting to be circulated. "
                        "Check it below, then circulate it to delegations.")
            left, right = st.columns(2)
            question = st.container()
            with left:
                if common.confirmed("Circulate it", "circulate_draft", circulating, question, type="primary"):
                    if common.attempt(lambda s: versions.circulate(s, actor, meeting.id, expected_version=draft.version),
                                      f"Version {draft.number} circulated") is not None:
                        st.rerun()
            if right.button("Discard it"):
                if common.attempt(lambda s: versions.discard(s, actor, meeting.id, draft.version), "Draft discarded") is not None:
                    st.rerun()
        else:
            st.markdown("Freeze the timetable as it stands into the next version, check it, then circulate it.")
            left, middle, right = st.columns(3)
            question = st.container()
            if left.button("Freeze a draft version"):
                if common.attempt(lambda s: versions.prepare(s, actor, meeting.id), "Draft version frozen") is not None:
                    st.rerun()
            with middle:
                number = max((v.number for v in all_versions), default=0) + 1
                if common.confirmed("Circulate the timetable now", "circulate_now",
                                    f"The timetable as it stands becomes version {number}. {circulating}",
                                    question, type="primary"):
                    if common.attempt(lambda s: versions.circulate(s, actor, meeting.id), "Agenda circulated") is not None:
                        st.rerun()
            with right:
                if issued and common.confirmed("Mark the latest version final", "make_final",
                                               f"This makes {issued[-1].symbol} the final agenda: no further version "
                                               "can be made or circulated.", question):
                    if common.attempt(lambda s: versions.make_final(s, actor, meeting.id), "The agenda is final") is not None:
                        st.rerun()


def organizer_view() -> None:
    if editor:
        circulation_panel()
    if not all_versions:
        st.info("No version of the agenda has been made yet.")
        return
    open_comments = common.read(lambda s: comments.comments(s, actor, meeting.id, open_only=True))
    versions_tab, comments_tab = st.tabs(["Versions", f"Open comments ({len(open_comments)})"])
    with versions_tab:
        numbers = [v.number for v in all_versions]
        chosen = st.selectbox("Version", list(reversed(numbers)),
                              format_func=lambda n: version_label(all_versions[numbers.index(n)]))
        version = all_versions[numbers.index(chosen)]
        if version.status in versions.ISSUED:
            opened = common.read(lambda s: versions.openings(s, actor, meeting.id, version.number))
            st.markdown(f"**Opened by {plural(len(opened), 'delegation')}**"
                        + (": " + ", ".join(common.md(d.name) for d, _ in opened) if opened else ""))
            offer_files(version)
        st.dataframe(items_frame(version), hide_index=True, width="stretch", placeholder="",
                     column_config={"Day": st.column_config.DateColumn(format="ddd D MMM")})
        if version.status.value == "draft" and issued:
            st.markdown(f"**Changes from {common.md(issued[-1].symbol)}**")
            show_changes(common.read(lambda s: comparison.compare_versions(s, actor, meeting.id, issued[-1].number,
                                                                           version.number)))
        compare_view()
    with comments_tab:
        if not open_comments:
            st.info("No open comments.")
        by_item, by_delegation = st.tabs(["By item", "By delegation"])
        with by_item:
            order = {title: number for number, title in enumerate(dict.fromkeys(v.about for v in open_comments))}
            grouped(sorted(open_comments, key=lambda v: order[v.about]), lambda v: v.about, "by_item_page",
                    answerable=editor, under_its_subject=True)
        with by_delegation:
            grouped(sorted(open_comments, key=lambda v: v.delegation), lambda v: v.delegation, "by_delegation_page",
                    answerable=False)


try:
    if organizer:
        organizer_view()
    else:
        delegate_view()
except NotFound as error:
    st.info(str(error))
