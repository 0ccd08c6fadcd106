"""Forms used on more than one page."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import ModuleType

import streamlit as st
from sqlmodel import Session

from planner.comment_threads import MAX_LENGTH, CommentAudience, CommentStatus, CommentView
from planner.delegations import reference
from planner.delegations.models import DelegationKind
from planner.meetings import planning
from planner.meetings.planning import MeetingDetails
from planner.ui import common


REQUIRED = " *"  # marked in text: a lone asterisk stays an asterisk in Markdown, and in what a screen reader reads out
REQUIRED_NOTE = "Fields marked * are required."


def meeting_form(key: str, current: MeetingDetails | None, submit_label: str) -> MeetingDetails | None:
    """The meeting's details; returns what was submitted, or None."""
    states = common.read(lambda s: [d.name for d in reference.delegations(s, [DelegationKind.participating_state])])
    zones = planning.time_zones()
    today = dt.date.today()
    holder = None if current else common.read(lambda s: planning.chairmanship_holder(s, today.year + 1))
    current = current or MeetingDetails(
        title="Meeting of the Chiefs of Police of the OSCE participating States",
        chairmanship=holder.name if holder else "", chairmanship_year=today.year + 1, city="",
        start_date=today + dt.timedelta(days=120), end_date=today + dt.timedelta(days=121),
        registration_deadline=today + dt.timedelta(days=90),
    )
    with st.form(key):
        title = st.text_input("Title" + REQUIRED, current.title, max_chars=300)
        left, right = st.columns(2)
        chairmanship = left.selectbox("Chairmanship (participating State)" + REQUIRED, states,
                                      index=states.index(current.chairmanship) if current.chairmanship in states else None,
                                      placeholder="Choose the State holding the Chairmanship")
        year = right.number_input("Chairmanship year", 1975, 2100, current.chairmanship_year)
        city = left.text_input("City" + REQUIRED, current.city, max_chars=100)
        venue = right.text_input("Venue", current.venue, max_chars=200)
        start = left.date_input("First day", current.start_date, format=common.DATE_INPUT)
        end = right.date_input("Last day", current.end_date, format=common.DATE_INPUT)
        deadline = left.date_input("Registration deadline", current.registration_deadline, format=common.DATE_INPUT)
        zone = right.selectbox("Time zone", zones, index=zones.index(current.time_zone) if current.time_zone in zones else 0)
        languages = left.multiselect("Working languages" + REQUIRED, planning.OFFICIAL_LANGUAGES, current.languages)
        original = right.selectbox("Original language of the documents", planning.OFFICIAL_LANGUAGES,
                                   index=planning.OFFICIAL_LANGUAGES.index(current.original_language),
                                   help="The language the agenda and the statement are written in; the other working "
                                        "languages are translated from it.")
        prefix = left.text_input("Document symbol prefix" + REQUIRED, current.symbol_prefix, max_chars=40,
                                  help="Documents are numbered PREFIX/number/year, e.g. CIO.GAL/12/27.")
        st.caption(REQUIRED_NOTE)
        submitted = st.form_submit_button(submit_label, type="primary")
    if not submitted:
        return None
    return MeetingDetails(
        title=title, chairmanship=chairmanship or "", chairmanship_year=int(year), city=city, venue=venue,
        start_date=start, end_date=end, time_zone=zone, languages=languages, original_language=original,
        registration_deadline=deadline, symbol_prefix=prefix,
    )


def field(name: str) -> str:
    """The key of a form field that `emptied` can empty: a new key is a new, empty widget in the browser too (the
    browser keeps what it holds for a key it has seen)."""
    return f"{name}_{st.session_state.get(f'{name}__emptied', 0)}"


def emptied(*names: str) -> None:
    """Empty these fields after their form succeeded. Forms are not cleared on submit: a refused entry keeps what was
    typed, so nothing has to be typed again."""
    for name in names:
        st.session_state[f"{name}__emptied"] = st.session_state.get(f"{name}__emptied", 0) + 1


def new_comment(choices: dict[str, str], what: str, send: Callable[[Session, str, str, CommentAudience], object]) -> None:
    """A delegate's comment on one of `choices` (key: label), called `what`; `send(session, key, text, audience)`."""
    with st.form("new_comment"):
        key = st.selectbox(what, list(choices), format_func=choices.get)
        text = st.text_area("Your delegation's comment", max_chars=MAX_LENGTH, key=field("new_comment_text"))
        audience = st.radio("Who may read it", list(CommentAudience), format_func=lambda a: a.label, horizontal=True)
        if st.form_submit_button("Send the comment", type="primary"):
            sent = "all delegations" if audience == CommentAudience.all_delegations else "the Chairmanship"
            if common.attempt(lambda s: send(s, key, text, audience), f"Comment sent to {sent}") is not None:
                emptied("new_comment_text")
                st.rerun()


def show_comment(view: CommentView, thread: ModuleType, answerable: bool, *, under_its_subject: bool = False) -> None:
    """A delegation's comment and the organizers' answer; where `answerable`, the form to answer or resolve it through
    `thread`, the comments module of the page. `under_its_subject`: shown below its item or paragraph, so not named."""
    actor = common.actor()
    comment = view.comment
    audience = "for all delegations" if comment.audience == CommentAudience.all_delegations else "for the organizers"
    subject = "" if under_its_subject else f" on *{common.md(view.about)}*"
    details = ([f"in {common.md(view.on)}"] if view.on else []) + [audience, comment.status.label.lower()]
    st.markdown(f"**{common.md(view.delegation)}**{subject} ({', '.join(details)}):  \n{common.md(comment.text)}")
    if comment.answer:
        st.markdown(f"> **Answer:** {common.md(comment.answer)}")
    if answerable and comment.status != CommentStatus.resolved:
        with st.form(f"answer_{comment.id}"):
            text = st.text_area("Answer", key=field(f"answer_text_{comment.id}"), max_chars=MAX_LENGTH)
            left, middle, right = st.columns(3)
            if left.form_submit_button("Answer"):
                done = common.attempt(lambda s: thread.answer(s, actor, comment.id, text, expected_version=comment.version),
                                      "Answer sent")
            elif middle.form_submit_button("Answer and resolve"):
                done = common.attempt(lambda s: thread.answer(s, actor, comment.id, text, resolve=True,
                                                              expected_version=comment.version), "Answered and resolved")
            elif right.form_submit_button("Resolve without answer"):
                done = common.attempt(lambda s: thread.resolve(s, actor, comment.id, expected_version=comment.version),
                                      "Comment resolved")
            else:
                done = None
            if done is not None:
                emptied(f"answer_text_{comment.id}")
                st.rerun()
