"""Report: the rapporteurs' summaries of each agenda item, written after the meeting has started, and the
Chairmanship's report (with the statement annexed) as a Word file."""
import streamlit as st

from planner.access import Capability
from planner.dates import long_date, time_span
from planner.documents.report import issue_report, report_document, report_file_name
from planner.meetings import today_at
from planner.statement import report
from planner.time_zones import abbreviations
from planner.ui import common
from planner.words import plural

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

actor = common.actor()
meeting = common.chosen_meeting()
common.page_header("Report", f"{meeting.title} · rapporteurs' summaries and the Chairmanship's report")
items = common.read(lambda s: report.reported_items(s, actor, meeting.id))
if not items:
    st.info("There is no timetable yet: the report follows the agenda items. Draw up the timetable first.")
    st.stop()

started = today_at(meeting) >= meeting.start_date
written = sum(1 for i in items if i.summary)
st.caption(f"Summaries written: {written} of {plural(len(items), 'agenda item')}. The report lists opening, sessions "
           "and closing in agenda order, and annexes the latest circulated statement.")
download, issue = st.columns(2)
with download:
    common.prepared_download("the report (Word)", "report", lambda s, _: report_document(s, actor, meeting.id),
                             lambda: common.read(lambda s: report_file_name(s, actor, meeting.id)), DOCX)
if common.can(Capability.issue_documents):
    with issue.popover("Issue the report as it stands", icon=":material/approval:"):
        st.caption("The report takes a document symbol and today's date: a number the first time, the next revision "
                   "(/Rev.n) each later time. Until then it carries the DRAFT mark.")
        if st.button("Issue now", type="primary"):
            issued = common.attempt(lambda s: issue_report(s, actor, meeting.id))
            if issued is not None:
                common.flash(f"Issued the report as {issued.symbol}.")
                st.rerun()
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
