"""Report: the rapporteurs' summaries of each agenda item, written after the meeting has started, and the
Chairmanship's report (with the statement annexed) as a Word file. Delegates read the report once it is issued, and
see the items they are rapporteur of; the working timetable stays with those who run the meeting."""
import streamlit as st

from planner.access import Capability, runs_the_meeting
from planner.dates import long_date, time_span
from planner.documents.report import report_document, report_file_name
from planner.meetings.planning import today_at
from planner.register import DocumentKind
from planner.statement import report, silence
from planner.statement.report import StatementAnnex, issue_report, issued_report
from planner.statement.versions import circulated_versions
from planner.text.words import plural
from planner.time_zones import abbreviations
from planner.ui import common, downloads

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

actor = common.actor()
meeting = common.chosen_meeting()
common.page_header("Report", f"{meeting.title} · rapporteurs' summaries and the Chairmanship's report")
items = common.read(lambda s: report.reported_items(s, actor, meeting.id))
issued = common.read(lambda s: issued_report(s, actor, meeting.id))
started = today_at(meeting) >= meeting.start_date


def offer_download(annex: StatementAnnex | None = None, not_yet: str | None = None) -> None:
    downloads.one_click("the report (Word)", "report", lambda s, who: report_document(s, who, meeting.id, annex=annex),
                        common.read(lambda s: report_file_name(s, actor, meeting.id)), DOCX, not_yet=not_yet)


if not runs_the_meeting(actor):
    items = [reported for reported in items if report.may_write(actor, reported.item)]
    if issued:
        st.success(common.md(f"The Chairmanship issued its report as {issued.symbol} on {long_date(issued.issued_on)}."))
        offer_download()
    else:
        st.info("The Chairmanship's report has not been issued yet: you will read it here once it is.")
    if not items:
        st.stop()
    st.caption(f"You are the rapporteur of {plural(len(items), 'agenda item')}.")
elif not items:
    st.info("There is no timetable yet: the report follows the agenda items. Draw up the timetable first.")
    st.stop()
else:
    written = sum(1 for i in items if i.summary)
    adopted = common.read(lambda s: silence.adopted(s, actor, meeting.id))
    circulated = common.read(lambda s: circulated_versions(s, actor, meeting.id))
    st.caption(f"Summaries written: {written} of {plural(len(items), 'agenda item')}. The report lists opening, sessions "
               "and closing in agenda order, and annexes the adopted statement with its interpretative statements.")
    if issued:
        st.caption(common.md(f"Issued as {issued.symbol} on {long_date(issued.issued_on)}: downloads give the issued "
                             "report until it is issued again."))
    annex = None
    if adopted is None and circulated:
        annex = st.radio("The statement has not been adopted yet. The report should", list(StatementAnnex), index=None,
                         format_func=lambda choice: choice.label)
    download, issue = st.columns(2)
    question = st.container()
    with download:
        offer_download(annex, "Choose above what the report annexes first." if adopted is None and circulated
                       and annex is None and not issued else None)
    if common.can(Capability.issue_documents):
        waiting = None  # why the report cannot be issued yet, said beside the button rather than after a click
        if not started:
            waiting = (f"The report is issued once the meeting has started ({long_date(meeting.start_date)}); until "
                       "then it is a draft with the DRAFT mark.")
        elif adopted is None and circulated and annex is None:
            waiting = "Choose above what the report annexes first."
        with issue:
            if common.confirmed("Issue the report", "issue_report", common.issuing(meeting, "the report as it stands",
                                DocumentKind.report) + " Issuing it again later gives it the next revision (/Rev.n).",
                                question, icon=":material/approval:", disabled=waiting is not None, help=waiting):
                made = common.attempt(lambda s: issue_report(s, actor, meeting.id, annex=annex))
                if made is not None:
                    common.flash(f"Issued the report as {made.symbol}.")
                    st.rerun()
            if waiting:
                st.caption(waiting)
if not started:
    st.info(f"Rapporteurs write their summaries once the meeting has started ({long_date(meeting.start_date)}).")

for reported in items[common.page_of(len(items), f"report_page_{meeting.id}", "agenda items")]:
    item, summary = reported.item, reported.summary
    mine = report.may_write(actor, item)
    heading = f"{item.title} · {'summary written' if summary else 'no summary yet'}"
    with st.expander(common.md(heading), expanded=mine and summary is None and started):
        st.caption(common.md(f"{long_date(item.day)}, {time_span(item.start, item.end)} "
                             f"{abbreviations(meeting.time_zone, [item.day])} · rapporteur: "
                             f"{item.rapporteur or 'not named'}"))
        if not (mine and started):
            if summary:
                st.markdown("**Summary of the discussion**  \n" + common.md(summary.summary))
                if summary.recommendations:
                    st.markdown("**Recommendations**  \n" + common.md(summary.recommendations))
            else:
                st.caption("No summary has been recorded for this item.")
            continue
        seen_key = f"summary_seen_{item.id}"
        st.session_state.setdefault(seen_key, summary.version if summary else None)
        with st.form(f"summary_{item.id}"):
            text = st.text_area("Summary of the discussion", summary.summary if summary else "", height=160)
            recommendations = st.text_area("Recommendations, one a line", summary.recommendations if summary else "",
                                           height=120)
            if st.form_submit_button("Save the summary", type="primary"):
                if common.attempt(lambda s: report.record_summary(
                        s, actor, item.id, summary=text, recommendations=recommendations,
                        expected_version=st.session_state[seen_key]), "Summary saved"):
                    st.session_state.pop(seen_key)
                    st.rerun()
