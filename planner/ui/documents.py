"""Documents: the register as the archive. Every issued document with the file kept when it went out and its
SHA-256, found by meeting, kind, year and text; each downloaded, or a selection as one zip. Delegates see what was
circulated to all delegations and what was addressed to their own."""
import pandas as pd
import streamlit as st

from planner import archive
from planner.access import Capability
from planner.agenda_review import versions
from planner.dates import long_date
from planner.documents.issued import REBUILT_SUFFIX, document_file, issued_files_zip
from planner.documents.participants_list import issue_participants_list
from planner.meetings import planning
from planner.register import DOCX, DocumentKind
from planner.ui import common, downloads

actor = common.actor()
meeting = common.chosen_meeting(required=False)
common.page_header("Documents", "The archive: every issued document as it went out. What carries a symbol never "
                                "changes; a correction is issued as /Corr.n, a new text as /Rev.n.")

if meeting is not None and common.can(Capability.issue_documents):
    left, right = st.columns(2)
    if left.button("Circulate the agenda as it stands", disabled=not common.can(Capability.manage_meetings),
                   help="The first circulation takes a number; later ones are revisions (/Rev.n). "
                        "The Agenda review page shows each version and the delegations' comments."):
        issued = common.attempt(lambda s: versions.circulate(s, actor, meeting.id))
        if issued is not None:
            common.flash(f"Circulated the agenda as {issued.symbol}.")
            st.rerun()
    if right.button("Issue the list of participants as it stands"):
        issued = common.attempt(lambda s: issue_participants_list(s, actor, meeting.id))
        if issued is not None:
            common.flash(f"Issued the list of participants as {issued.symbol}.")
            st.rerun()

meetings = common.read(lambda s: planning.list_meetings(s, actor))
titles = {m.id: m.title for m in meetings}
years = common.read(lambda s: archive.years(s, actor))
where, kind_column, year_column, words = st.columns([3, 2, 1, 2])
chosen_meeting = where.selectbox("Meeting", [None, *titles], format_func=lambda key: "All meetings" if key is None
                                 else titles[key], index=1 + list(titles).index(meeting.id) if meeting else 0)
kind = kind_column.selectbox("Kind", [None, *DocumentKind], format_func=lambda k: "All kinds" if k is None else k.label)
year = year_column.selectbox("Year", [None, *years], format_func=lambda y: "All years" if y is None else str(y))
text = words.text_input("Symbol or title contains")
rows = common.attempt(lambda s: archive.entries(s, actor, meeting_id=chosen_meeting, kind=kind, year=year, text=text))
if rows is None:
    st.stop()
if not rows:
    st.info("No issued document matches." if text or kind or year else
            "No documents have been issued yet. Sending a note verbale on the Invitations page issues the first.")
    st.stop()

missing = sum(1 for entry in rows if entry.file is None)
st.caption(f"{len(rows):,} documents" + (f"; {missing:,} issued before the archive existed are not archived: their "
                                         "download is rebuilt from today's records and marked as not the issued "
                                         "original." if missing else "."))
chosen = st.dataframe(pd.DataFrame([{
    "Symbol": e.document.symbol, "Date": e.document.issued_on, "Title": e.document.title, "Kind": e.document.kind.label,
    "Meeting": titles.get(e.document.meeting_id, ""), "Issued by": e.document.issued_by,
    "Size": f"{e.file.size / 1024:,.0f} KB" if e.file else "", "SHA-256": e.file.sha256 if e.file else "not archived",
} for e in rows]), hide_index=True, width="stretch", placeholder="", on_select="rerun", selection_mode="multi-row",
    key=f"archive_rows_{chosen_meeting}_{kind}_{year}_{text}", column_config={"Date": st.column_config.DateColumn(format="D MMM YYYY")})
selected = [rows[index] for index in chosen.selection.rows if index < len(rows)]
if not selected:
    st.caption("Select documents in the table to download them, one by one or together as a zip.")
    st.stop()
for entry in selected[:10]:
    document = entry.document
    name = (f"{document.file_stem}{REBUILT_SUFFIX}.docx" if entry.file is None else entry.file.file_name)
    downloads.one_click(common.md(f"{document.symbol}, {long_date(document.issued_on)}") +
                        ("" if entry.file else " (rebuilt, not the issued original)"), f"archive_{document.id}",
                        lambda s, who, document_id=document.id: document_file(s, who, document_id).content, name,
                        entry.file.media_type if entry.file else DOCX,
                        help=f"SHA-256 {entry.file.sha256}" if entry.file else "Not archived: issued before the "
                             "archive existed. Rebuilt from today's records, marked so on its first line.")
if len(selected) > 10:
    st.caption(f"{len(selected) - 10:,} more selected: download them in the zip.")
if len(selected) > 1:
    ids = [entry.document.id for entry in selected]
    downloads.one_click(f"the {len(selected)} selected as a zip", "archive_zip",
                        lambda s, who: issued_files_zip(s, who, ids), "documents.zip", "application/zip",
                        icon=":material/folder_zip:", help="Each file named by its symbol.")
