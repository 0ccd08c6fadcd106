"""Negotiation: delegations propose amendments to the latest circulated version, comment on its paragraphs and follow
what changed; organizers decide the amendments, answer the comments, hold brackets on behalf of delegations, and run
the silence procedure; everyone compares versions word by word and downloads the adopted statement."""
import datetime as dt
import html
from zoneinfo import ZoneInfo

import streamlit as st

from planner.access import Capability, Role
from planner.delegations import invitations
from planner.delegations.models import DelegationKind
from planner.delegations.reference import delegations
from planner.documents.comparison import comparison_document, comparison_file_name, heading_line
from planner.documents.statement import adopted_file
from planner.meetings.planning import known_time_zones
from planner.statement import (
    amendments, brackets, comments, comparison, drafting, interpretative, news, silence, versions,
)
from planner.statement.models import AmendmentKind
from planner.text.diff import Change
from planner.text.words import plural
from planner.time_zones import describe, local_moment
from planner.ui import common, downloads, forms
from planner.ui.word_upload import marked, pieces_html, upload_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

actor = common.actor()
meeting = common.chosen_meeting()
common.page_header("Negotiation", f"{meeting.title} · amendments, silence procedure and adoption of the statement")
organizer = actor.can(Capability.draft_statement)
delegate = actor.role == Role.delegate and actor.delegation_id is not None
circulated = common.read(lambda s: versions.circulated_versions(s, actor, meeting.id))
if not circulated:
    st.info("No version of the statement has been circulated yet: amendments are made on a circulated version.")
    st.stop()
latest = circulated[-1]
procedure = common.read(lambda s: silence.current(s, actor, meeting.id))
adopted = procedure if procedure and procedure.state == silence.SilenceState.adopted else None


def when(moment: dt.datetime) -> str:
    """A moment in the meeting's time zone and, when it differs, in the reader's."""
    text = local_moment(moment, meeting.time_zone)
    reader_zone = st.context.timezone
    if reader_zone in known_time_zones() and reader_zone != meeting.time_zone:
        text += f" · {local_moment(moment, reader_zone)} your time"
    return text


def paragraph_label(number, paragraph) -> str:
    return f"{number}. {paragraph.text[:90]}" if number else f"Preamble: {paragraph.text[:90]}"


def news_view() -> None:
    items = common.read(lambda s: news.since_last_visit(s, actor, meeting.id))
    if not items:
        st.caption("Nothing new since you last marked the statement read.")
        return
    with st.container(border=True):
        st.markdown(f"**{len(items)} {'change' if len(items) == 1 else 'changes'} since your last visit**")
        for item in items:
            st.markdown(f"- {common.md(item.message)}")
        if st.button("Mark as read", icon=":material/done_all:"):
            if common.attempt(lambda s: news.mark_read(s, actor, meeting.id), "Marked as read"):
                st.rerun()


def silence_view() -> None:
    if procedure is None:
        st.caption("No silence procedure has been started.")
    else:
        state = procedure.state
        message = f"{procedure.version.symbol}: {state.label}. Expiry: {when(procedure.procedure.expires_at)}."
        {silence.SilenceState.running: st.info, silence.SilenceState.broken: st.warning,
         silence.SilenceState.adopted: st.success}[state](common.md(message))
        if procedure.objections and organizer:
            names = common.read(lambda session: {d.id: d.name for d in delegations(session)})
            for objection in procedure.objections:
                st.markdown(f"- **{common.md(names.get(objection.delegation_id, ''))}**, "
                            f"{common.md(when(objection.made_at))}: {common.md(objection.text)}")
        if delegate and state == silence.SilenceState.running:
            break_silence_form()
    if organizer and adopted is None and (procedure is None or procedure.state != silence.SilenceState.running):
        start_silence_form()


def break_silence_form() -> None:
    """A delegate's written objection: it ends the procedure for everyone, so the delegate reads what it does first."""
    with st.container(border=True):
        text = st.text_area("Your delegation's objection", key=forms.field("objection"))
        if common.confirmed("Break silence", "break_silence", f"This sends your delegation's objection to the "
                            f"Chairmanship and breaks silence on {procedure.version.symbol}: the statement is not "
                            f"adopted when silence expires ({when(procedure.procedure.expires_at)}), and the "
                            "Chairmanship has to circulate a revised version. An objection cannot be withdrawn.",
                            type="primary"):
            if common.attempt(lambda s: silence.break_silence(s, actor, meeting.id, text), "Silence broken"):
                forms.emptied("objection")
                st.rerun()


def start_silence_form() -> None:
    with st.container(border=True):
        tomorrow = dt.datetime.now(ZoneInfo(meeting.time_zone)).date() + dt.timedelta(days=1)
        st.markdown(f"Put **{common.md(latest.symbol)}** under silence until, in "
                    f"{common.md(describe(meeting.time_zone, tomorrow))}:")
        day, hour = st.columns(2)
        on = day.date_input("Expiry date", tomorrow, format=common.DATE_INPUT)
        at = hour.time_input("Expiry time", dt.time(12, 0), format="24h")
        expiry = dt.datetime.combine(on, at, tzinfo=ZoneInfo(meeting.time_zone))
        invited = common.read(lambda s: invitations.invited_count(s, actor, meeting.id))
        if common.confirmed("Start the silence procedure", "start_silence",
                            f"This puts {latest.symbol} under silence until {when(expiry)}: unless one of the "
                            f"{plural(invited, 'delegation')} taking part breaks it by then, the statement is adopted "
                            "and issued under its own symbol.", type="primary"):
            if common.attempt(lambda s: silence.start(s, actor, meeting.id, expires_at=expiry),
                              "Silence procedure started"):
                st.rerun()


def paragraph_labels(paragraphs) -> dict[str, str]:
    return {p.key: paragraph_label(n, p) for n, p in drafting.numbered(paragraphs)}


PROPOSED_FIELDS = ("propose_text", "propose_reason")


def amendments_view() -> None:
    if delegate and adopted is None:
        text = common.read(lambda s: versions.circulated_text(s, actor, meeting.id))
        labels = paragraph_labels(text.paragraphs)
        circulated = {p.key: p.text for p in text.paragraphs}
        with st.container(border=True):
            st.markdown(f"**Propose an amendment to {common.md(latest.symbol)}**")
            key = st.selectbox("Paragraph", list(labels), format_func=labels.get)
            kind = st.radio("Amendment", list(AmendmentKind), format_func=lambda k: k.label, horizontal=True)
            # A replacement starts from the paragraph as circulated, as in Word: the delegation changes words
            # instead of retyping the paragraph; the key follows the choice, so that changing it starts again.
            wording = st.text_area("Text (the paragraph as your delegation proposes it; empty for a deletion)",
                                   circulated[key] if kind == AmendmentKind.replace else "",
                                   key=f"{forms.field(PROPOSED_FIELDS[0])}_{key}_{kind.value}",
                                   disabled=kind == AmendmentKind.delete)
            reason = st.text_area("Reason", key=forms.field(PROPOSED_FIELDS[1]))
            if st.button("Propose", type="primary"):
                if common.attempt(lambda s: amendments.propose(s, actor, meeting.id, paragraph_key=key, kind=kind,
                                                               text=wording, reason=reason,
                                                               version_number=latest.number), "Amendment proposed"):
                    forms.emptied(*PROPOSED_FIELDS)
                    st.rerun()
    if (delegate or organizer) and adopted is None:
        upload_view(actor, meeting, latest, organizer)
    to_decide = organizer and st.radio("Show", [True, False], horizontal=True, key="amendments_to_decide",
                                       format_func=lambda only: "To decide" if only else "All amendments")
    count = common.read(lambda s: amendments.count_amendments(s, actor, meeting.id, to_decide=to_decide))
    if not count:
        st.caption("No amendments to decide." if to_decide else "No amendments yet.")
        return
    window = common.page_of(count, "amendments_page", "amendments")
    views = common.read(lambda s: amendments.amendments(s, actor, meeting.id, to_decide=to_decide, newest_first=True,
                                                        window=window))
    for view in views:
        amendment = view.amendment
        title = f"{view.delegation} · {view.what} · {view.version_symbol} · {amendment.state.label}"
        with st.expander(common.md(title), expanded=view.needs_decision):
            if view.changed_in_draft:
                st.warning(common.md(f"{view.paragraph_name.capitalize()} has changed in the working draft since the "
                                     "amendment was proposed: accepting it as proposed would write over the change. "
                                     "Accept it with a wording written against the current text, or reject it."))
            elif view.conflicts_with:
                st.warning(common.md(f"Conflicts with another amendment on {view.paragraph_name}: decide them "
                                     "together."))
            texts_side_by_side(view)
            if amendment.reason:
                st.caption(f"Reason: {common.md(amendment.reason)}")
            if amendment.decision_reason:
                st.caption(f"Decision on {common.md(view.paragraph)}: {common.md(amendment.decision_reason)}")
            if amendment.applied_text:
                st.caption(f"Accepted as: {common.md(amendment.applied_text)}")
            if view.needs_decision and organizer:
                decide(view)
            if view.needs_decision and delegate and amendment.delegation_id == actor.delegation_id:
                if common.confirmed("Withdraw", f"withdraw_{amendment.id}", f"This withdraws your delegation's "
                                    f"amendment on {view.paragraph_name} for good; a new amendment can still be "
                                    "proposed."):
                    if common.attempt(lambda s: amendments.withdraw(s, actor, amendment.id, amendment.version),
                                      "Amendment withdrawn"):
                        st.rerun()


# Side by side, each text under its heading, one below the other where the screen is narrow; headings greyed by
# opacity, which reads in a light theme and a dark one alike.
SIDE_BY_SIDE = '<div style="display:flex;flex-wrap:wrap;gap:1rem">{}</div>'
ONE_SIDE = ('<div style="flex:1 1 14rem;min-width:0"><p style="font-size:0.875rem;opacity:0.6;margin:0">{}</p>'
            '<p>{}</p></div>')


def texts_side_by_side(view) -> None:
    """The paragraph as circulated beside the amendment, its changed words marked; with the working draft's text
    between them when the draft has moved on. One element rather than columns of captions: twenty amendments to a
    page, each with its form, are what the browser spends most of a click on."""
    amendment = view.amendment
    proposed = {AmendmentKind.replace: marked(view.circulated, amendment.text),
                AmendmentKind.delete: marked(view.circulated, ""),
                AmendmentKind.insert_after: marked("", amendment.text)}[amendment.kind]
    shown = [(f"As circulated in {view.version_symbol}", html.escape(view.circulated))]
    if view.changed_in_draft:
        shown.append(("Now in the working draft", marked(view.circulated, view.current)))
    shown.append(({AmendmentKind.replace: "Proposed", AmendmentKind.delete: "Proposed: deleted",
                   AmendmentKind.insert_after: f"Proposed: a {view.paragraph}"}[amendment.kind], proposed))
    st.html(SIDE_BY_SIDE.format("".join(ONE_SIDE.format(html.escape(heading), body) for heading, body in shown)))


def decide(view) -> None:
    amendment = view.amendment
    over = view.current if view.changed_in_draft else None
    with st.form(f"decide_{amendment.id}"):
        wording = st.text_area("Wording to accept", amendment.text if over is None else over,
                               disabled=amendment.kind == AmendmentKind.delete)
        reason = st.text_input("Reason (needed to reject)")
        buttons = st.container(horizontal=True)
        label = "Accept into the draft" if over is None else "Accept with this wording"
        if buttons.form_submit_button(label, type="primary"):
            changed = None if amendment.kind == AmendmentKind.delete or wording == amendment.text else wording
            if common.attempt(lambda s: amendments.accept(s, actor, amendment.id, text=changed, reason=reason,
                                                          expected_version=amendment.version, over=over),
                              "Amendment accepted"):
                st.rerun()
        if buttons.form_submit_button("Reject"):
            if common.attempt(lambda s: amendments.reject(s, actor, amendment.id, reason, amendment.version),
                              "Amendment rejected"):
                st.rerun()


def comments_view() -> None:
    numbered = drafting.numbered(common.read(lambda s: versions.circulated_text(s, actor, meeting.id)).paragraphs)
    if delegate and adopted is None:
        forms.new_comment({p.key: paragraph_label(n, p) for n, p in numbered}, "Paragraph",
                          lambda session, key, text, audience: comments.add_comment(
                              session, actor, meeting.id, key, text, audience, version_number=latest.number))
    elif delegate:
        st.caption("The statement has been adopted: it takes no more comments.")
    everything = not organizer or st.toggle("Show resolved comments too")
    shown = common.read(lambda s: comments.comments(s, actor, meeting.id, open_only=not everything))
    if not shown:
        st.caption("No comments yet." if everything else "No open comments.")
    paragraphs = {p.key: (n, p) for n, p in numbered}
    for key in dict.fromkeys(view.comment.paragraph_key for view in shown):
        with st.container(border=True):
            if key in paragraphs:
                number, paragraph = paragraphs[key]
                st.markdown(f"**{number}.** {common.md(paragraph.text)}" if number
                            else f"**Preamble:** {common.md(paragraph.text)}")
            else:
                st.markdown(f"**{common.md(comments.GONE.capitalize())}**")
            for view in (v for v in shown if v.comment.paragraph_key == key):
                forms.show_comment(view, comments, answerable=organizer, under_its_subject=True)


def brackets_view() -> None:
    standing = common.read(lambda s: brackets.in_draft(s, actor, meeting.id))
    draft = common.read(lambda s: versions.draft_text(s, actor, meeting.id))
    labels = paragraph_labels(draft.paragraphs)
    names = common.read(lambda s: {d.id: d.name for d in delegations(s, [DelegationKind.participating_state])})
    for bracket in standing:
        line = st.columns([8, 1], vertical_alignment="center")
        where = labels.get(bracket.paragraph_key, "a deleted paragraph")
        line[0].markdown(f"**{common.md(names.get(bracket.delegation_id, ''))}** holds "
                         f"[{common.md(bracket.span or 'the whole paragraph')}] in {common.md(where)}")
        if line[1].button("Lift", key=f"lift_{bracket.id}"):
            lifted(bracket)
    named = drafting.paragraph_names(draft.paragraphs)
    for bracket in common.read(lambda s: brackets.lifted_since_circulation(s, actor, meeting.id)):
        st.caption(common.md(f"Lifted since {latest.symbol} by {bracket.lifted_by}: "
                             f"{names.get(bracket.delegation_id, '')}'s [{bracket.span or 'the whole paragraph'}] in "
                             f"{named.get(bracket.paragraph_key, 'a deleted paragraph')} of the working draft"))
    with st.form("bracket"):
        st.markdown("**Put text in square brackets on behalf of a delegation**")
        key = st.selectbox("Paragraph of the working draft", list(labels), format_func=labels.get)
        holder = st.selectbox("Delegation", list(names), format_func=names.get)
        span = st.text_input("Words in brackets (empty: the whole paragraph)", key=forms.field("bracket_span"))
        if st.form_submit_button("Place the bracket"):
            if common.attempt(lambda s: brackets.place(s, actor, meeting.id, key, holder, span), "Bracket placed"):
                forms.emptied("bracket_span")
                st.rerun()


def lifted(bracket) -> None:
    if common.attempt(lambda s: brackets.lift(s, actor, bracket.id), "Bracket lifted"):
        st.rerun()


def own_brackets_view() -> None:
    """The brackets the delegate's delegation holds: lifting one says it accepts the words."""
    held = common.read(lambda s: brackets.held_by_own_delegation(s, actor, meeting.id))
    if not held:
        st.caption("Your delegation holds no brackets.")
        return
    names = drafting.paragraph_names(common.read(lambda s: versions.circulated_text(s, actor, meeting.id)).paragraphs)
    st.caption("Your delegation does not yet accept these words. Lift a bracket when it does: the Chairmanship sees "
               "it at once, and the next version shows the words without brackets.")
    for bracket in held:
        line = st.columns([8, 1], vertical_alignment="center")
        where = names.get(bracket.paragraph_key, "a paragraph not yet circulated")
        words = f"[{bracket.span or 'the whole paragraph'}] in {where}"
        line[0].markdown(common.md(words))
        if adopted is None:
            question = st.container()
            with line[1]:
                if common.confirmed("Lift", f"lift_{bracket.id}", f"This tells the Chairmanship that your delegation "
                                    f"accepts {words}: only the Chairmanship can put them back in brackets.", question):
                    lifted(bracket)


def comparison_view() -> None:
    if len(circulated) < 2:
        st.caption("Only one version has been circulated: there is nothing to compare yet.")
        return
    numbers = [v.number for v in circulated]
    left, right = st.columns(2)
    older = left.selectbox("Earlier version", numbers[:-1], index=len(numbers) - 2)
    newer = right.selectbox("Later version", [n for n in numbers if n > older], index=len([n for n in numbers if n > older]) - 1)
    compared = common.read(lambda s: comparison.comparison(s, actor, meeting.id, older, newer))
    st.caption(common.md(heading_line(compared.older.version.symbol, compared.newer.version.symbol)))
    downloads.one_click("the comparison with tracked changes (Word)", f"comparison_{older}_{newer}",
                        lambda s, who: comparison_document(s, who, compared), comparison_file_name(compared), DOCX)
    rows = []
    for item in compared.paragraphs():
        author = "" if item.change == Change.same else (
            f' <small style="color:#555">({html.escape("; ".join(item.authors))})</small>')
        rows.append(f"<p>{pieces_html(item.pieces)}{author}</p>")
    st.html("".join(rows))


def adoption_view() -> None:
    if adopted is None:
        st.caption("The statement has not been adopted yet.")
        return
    attached = common.read(lambda s: interpretative.attached(s, actor, meeting.id))
    st.success(common.md(f"Adopted as {adopted.adopted_document.symbol} when silence expired on "
                         f"{when(adopted.procedure.expires_at)}."))
    issued = common.read(lambda s: adopted_file(s, actor, adopted))
    downloads.one_click("the adopted statement (Word)", "adopted",
                        lambda s, who: adopted_file(s, who, adopted).content, issued.file_name, DOCX,
                        help="The file kept when it was issued: the adopted text, with the interpretative statements "
                             "made until its latest addendum attached." if issued.archived else
                             "Issued before the archive existed: rebuilt from today's records, not the issued original.")
    for delegation, made in attached:
        st.markdown(f"**By the delegation of {common.md(delegation.in_sentence)}:** {common.md(made.text)}")
    if delegate and all(d.id != actor.delegation_id for d, _ in attached):
        with st.container(border=True):
            text = st.text_area(f"Interpretative statement {interpretative.RULE}")
            if common.confirmed("Attach to the adopted statement", "interpretative",
                                f"This attaches your delegation's interpretative statement to "
                                f"{adopted.adopted_document.symbol} for every delegation to read; it cannot be "
                                "changed or withdrawn.", type="primary"):
                if common.attempt(lambda s: interpretative.submit(s, actor, meeting.id, text),
                                  "Interpretative statement attached"):
                    st.rerun()


if delegate:
    news_view()
names = ["Amendments", "Comments", "Silence procedure", "Compare versions", "Adoption"] + (
    ["Brackets"] if organizer or delegate else [])
views = {"Amendments": amendments_view, "Comments": comments_view, "Silence procedure": silence_view,
         "Compare versions": comparison_view, "Adoption": adoption_view,
         "Brackets": brackets_view if organizer else own_brackets_view}
# Only the open tab runs (a change of tab reruns the page, which then stays on its tab after a change): the hidden
# ones would cost every click their queries, word comparisons and elements.
for name, tab in zip(names, st.tabs(names, key="negotiation_tab", on_change="rerun")):
    if tab.open:
        with tab:
            views[name]()
