"""The Amendments tab's upload of a marked-up Word file: the circulated version, changed in Word or LibreOffice with
Track Changes on, read into a list of proposed changes, each ticked (all at first), the ignored ones with their
reason; confirming makes one amendment per ticked change. Organizers choose the delegation that sent the file.
Also the marking of changed words the Negotiation page shares."""
from __future__ import annotations

import html

import streamlit as st

from planner import config
from planner.delegations import invitations
from planner.documents.statement import file_name, statement_document
from planner.errors import PlannerError
from planner.models import InvitationState
from planner.statement import marked_up, versions
from planner.statement.marked_up import NoTrackedChanges
from planner.text.diff import Change, word_changes
from planner.text.words import plural
from planner.ui import common, downloads

ROUND = "word_upload_round"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pieces_html(pieces) -> str:
    spans = []
    for piece in pieces:
        text = html.escape(piece.text)
        if piece.change == Change.inserted:
            spans.append(f'<ins style="color:#1a7f37">{text}</ins>')
        elif piece.change == Change.deleted:
            spans.append(f'<del style="color:#b42318">{text}</del>')
        else:
            spans.append(text)
    return "".join(spans)


def marked(older: str, newer: str) -> str:
    """The newer text with the words changed from the older one marked, every word escaped."""
    return pieces_html(word_changes(older, newer))


def upload_view(actor, meeting, latest, organizer: bool) -> None:
    st.session_state.setdefault(ROUND, 0)
    with st.container(border=True):
        st.markdown(f"**Upload {common.md(latest.symbol)} marked up in Word or LibreOffice**")
        st.caption("Make your changes in the Word file of the circulated version with Track Changes on (Word: "
                   "Review, Track Changes; LibreOffice: Edit, Track Changes, Record) and upload it. Each change "
                   "becomes an amendment of the delegation; a comment in a changed paragraph becomes its reason. "
                   "Nothing is proposed before you confirm.")
        downloads.one_click(f"{latest.symbol} to mark up (Word)", "word_upload_circulated",
                            lambda s, who: statement_document(s, who, versions.circulated_text(s, who, meeting.id)),
                            file_name(versions.StatementText(meeting, latest, [])), DOCX)
        delegation_id = None
        if organizer:
            rows = common.read(lambda s: invitations.list_invitations(s, actor, meeting.id))
            names = {row.delegation.id: row.delegation.name for row in rows
                     if row.invitation.state != InvitationState.draft}
            delegation_id = st.selectbox("On behalf of the delegation", list(names), format_func=names.get,
                                         index=None, placeholder="The delegation that sent the file")
        upload = st.file_uploader(f"Marked-up Word file (.docx, at most {config.MAX_UPLOAD_MB} MB)", type=["docx"],
                                  max_upload_size=config.MAX_UPLOAD_MB, key=f"{ROUND}_{st.session_state[ROUND]}")
        if upload is None or (organizer and delegation_id is None):
            return
        content = upload.getvalue()
        try:
            found = common.read(lambda s: marked_up.preview(s, actor, meeting.id, content, delegation_id=delegation_id))
        except NoTrackedChanges as refusal:
            st.error(common.md(refusal))
            for name, circulated, in_file in refusal.differences:
                st.markdown(f"**{common.md(name.capitalize())}** as in your file, compared with {latest.symbol}:")
                st.html(f"<p>{marked(circulated, in_file)}</p>")
            return
        except PlannerError as refusal:
            common.show_error(refusal)
            return
        preview_view(actor, meeting, found, content, upload.name, delegation_id)


def preview_view(actor, meeting, found, content: bytes, file_name: str, delegation_id: int | None) -> None:
    st.markdown(f"**{plural(len(found.changes), 'change')} found for {common.md(found.delegation)}**: untick what "
                f"{'the delegation does' if delegation_id else 'your delegation does'} not mean.")
    chosen = []
    for change in found.changes:
        if st.checkbox(common.md(change.summary), value=True, key=f"word_change_{st.session_state[ROUND]}_{change.number}"):
            chosen.append(change.number)
        with st.container(border=False):
            st.html('<div style="margin:-0.5rem 0 0.5rem 2rem;font-size:0.9rem">'
                    f"{marked(change.circulated, change.text)}</div>")
            if change.reason:
                st.caption(f"Reason (the comment in the file): {common.md(change.reason)}")
    if found.ignored:
        st.markdown("**Not proposed**")
        st.markdown("\n".join(f"- {common.md(line)}" for line in found.ignored))
    if not found.changes:
        st.info("The file holds no change of words to propose.")
        return
    if st.button(f"Propose {plural(len(chosen), 'amendment')}", type="primary", disabled=not chosen):
        made = common.attempt(lambda s: marked_up.confirm(s, actor, meeting.id, content, chosen,
                                                          delegation_id=delegation_id, file_name=file_name),
                              f"{plural(len(chosen), 'amendment')} proposed for {found.delegation}")
        if made is not None:
            st.session_state[ROUND] += 1
            st.rerun()
