"""Participants: nominations by delegation, the import with a preview of every bad cell, exports and the Word list."""
import pandas as pd
import streamlit as st

from planner import config
from planner.access import Capability
from planner.dates import long_date
from planner.delegations import participants, spreadsheets
from planner.delegations.models import Delegation, Gender, RegistrationStatus
from planner.delegations.participants import Nomination
from planner.documents.participants_list import participants_list_document, participants_list_file_name
from planner.text.words import plural
from planner.ui import common, downloads
from planner.ui.forms import REQUIRED, REQUIRED_NOTE

# A file refused whole shows its first bad rows and problems: colouring cells costs about a millisecond a row, and a
# list of thousands of problems takes the browser seconds to lay out.
SHOWN_BAD_ROWS = 300
SHOWN_PROBLEMS = 100

actor = common.actor()
meeting = common.chosen_meeting()
manager = actor.can(Capability.manage_all_participants)
common.page_header("Participants", meeting.title)
open_for_delegates = participants.registration_open(meeting)
invited = common.read(lambda s: participants.invited_delegations(s, actor, meeting.id))
own = common.read(lambda s: s.get(Delegation, actor.delegation_id)) if actor.delegation_id else None
deadline = long_date(meeting.registration_deadline) if meeting.registration_deadline else "no deadline set"
refusal = participants.nomination_refusal(*invited[own.id]) if own is not None and own.id in invited else None
if manager:
    st.caption(f"Registration deadline: {deadline}. You can manage every delegation's nominations, before and after it.")
elif own is None or own.id not in invited:
    st.info("Your delegation is not invited to this meeting, so there is nothing to nominate.")
    st.stop()
elif refusal:
    st.info(common.md(f"{refusal}."))
elif open_for_delegates:
    st.success(f"You manage the nominations of **{common.md(own.name)}** until {deadline}.")
else:
    st.warning(f"Registration closed on {deadline}. Write to the Chairmanship to change {common.md(own.name)}'s nominations.")
may_edit = manager or (own is not None and open_for_delegates and not refusal)

views = common.read(lambda s: participants.list_participants(s, actor, meeting.id))
st.session_state.setdefault("participant_round", 0)
# Those who may nominate now, in the order of the list of delegations (invitations come in that order).
nominating = [d.name for d, state in invited.values() if participants.nomination_refusal(d, state) is None]


def change_selected(action, message: str) -> None:
    """Change the selected participant; on success forget the version it was opened with and show the result."""
    if common.attempt(action, message) is not None:
        st.session_state.pop("participant_opened", None)
        st.session_state.participant_round += 1
        st.rerun()


def nomination_form(key: str, current: Nomination, label: str) -> Nomination | None:
    """The nomination's fields, required ones marked; a new round (after a save) starts the form afresh."""
    with st.form(f"{key}_{st.session_state.participant_round}"):
        a, b, c = st.columns([2, 1, 1])
        if manager:
            choices = nominating if current.delegation in ("", *nominating) else [current.delegation, *nominating]
            delegation = a.selectbox("Delegation" + REQUIRED, choices, placeholder="Choose the delegation",
                                     index=choices.index(current.delegation) if current.delegation in choices else None)
        else:
            delegation = a.text_input("Delegation", current.delegation, disabled=True)
        salutation = b.text_input("Salutation", current.salutation, max_chars=40, placeholder="Mr. / Ms. / Dr.")
        rank = c.text_input("Rank", current.rank, max_chars=100)
        a, b = st.columns(2)
        first = a.text_input("First name" + REQUIRED, current.first_name, max_chars=100)
        last = b.text_input("Last name" + REQUIRED, current.last_name, max_chars=100)
        function = a.text_input("Function", current.function, max_chars=200)
        agency = b.text_input("Agency", current.agency, max_chars=200)
        email = a.text_input("Email" + REQUIRED, current.email, max_chars=254)
        genders = ["", *[g.value for g in Gender]]
        gender = b.selectbox("Gender", genders, index=genders.index(current.gender) if current.gender in genders else 0)
        head = st.checkbox("Head of delegation", value=participants.parse_yes_no(current.head_of_delegation) or False)
        st.caption(REQUIRED_NOTE)
        if not st.form_submit_button(label, type="primary"):
            return None
    return Nomination(delegation=delegation or "", first_name=first, last_name=last, email=email, salutation=salutation,
                      rank=rank, function=function, agency=agency, gender=gender, head_of_delegation=head)


nominations_tab, import_tab, export_tab = st.tabs(["Nominations", "Import a spreadsheet", "Export"])
with nominations_tab:
    # Every invited delegation and every one with participants, in list order: a delegate learns only of their own
    # until the list of participants is issued, so is offered "All delegations" only then.
    names = list(dict.fromkeys([*(d.name for d, _ in invited.values()), *(v.delegation for v in views)]))
    choices = ["All delegations", *names] if manager or len(names) > 1 else names
    delegation_filter = st.selectbox("Delegation", choices, index=0 if manager else choices.index(own.name))
    shown = [v for v in views if delegation_filter in ("All delegations", v.delegation)]
    frame = pd.DataFrame([
        {"Delegation": v.delegation, "Name": f"{v.salutation} {v.first_name} {v.last_name}".strip(),
         "Head": "✔" if v.head_of_delegation else "", "Function": v.function, "Agency": v.agency,
         "Email": v.email or "—", "Gender": v.gender, "Registration": RegistrationStatus(v.registration_status).label if v.registration_status else "",
         "Security access": "✔" if v.security_access else ""}
        for v in shown
    ], columns=["Delegation", "Name", "Head", "Function", "Agency", "Email", "Gender", "Registration", "Security access"])
    if not shown:
        st.info("No participants yet: add them below, or import a spreadsheet in the next tab." if may_edit
                else "No participants were nominated.")
    selection = st.dataframe(frame, hide_index=True, width="stretch", placeholder="", on_select="rerun",
                             selection_mode="single-row",
                             key=f"participants_{meeting.id}_{delegation_filter}_{st.session_state.participant_round}")
    st.caption(plural(len(shown), "participant") + ("" if manager else " · contact details of other delegations are not shown"))
    selected = shown[selection.selection.rows[0]] if selection.selection.rows else None
    if selected is not None and not (manager or selected.email):
        st.info(common.md(f"{selected.first_name} {selected.last_name} belongs to {selected.delegation}: "
                          "you can change only your own delegation's participants."))
        selected = None
    if selected is None:
        st.session_state.pop("participant_opened", None)
    elif st.session_state.get("participant_opened", (None,))[0] != selected.id:
        st.session_state["participant_opened"] = (selected.id, selected.version)
    opened_version = st.session_state["participant_opened"][1] if selected is not None else None




    if may_edit:
        if selected is None:
            st.header("Add a participant")
            chosen = delegation_filter if delegation_filter in nominating else ""
            new = nomination_form("add_participant", Nomination(
                delegation=chosen if manager else own.name, first_name="", last_name="", email=""), "Add participant")
            if new and common.attempt(lambda s: participants.add_participant(s, actor, meeting.id, new),
                                      f"{new.first_name} {new.last_name} added"):
                st.session_state.participant_round += 1
                st.rerun()
        else:
            st.header(common.md(f"Edit {selected.first_name} {selected.last_name}"))
            changed = nomination_form(f"edit_{selected.id}", participants.nomination_of(selected), "Save changes")
            if changed:
                change_selected(lambda s: participants.update_participant(s, actor, selected.id, changed, opened_version),
                                "Saved")
            left, right = st.columns(2)
            if manager:
                with left.form(f"registration_{selected.id}"):
                    statuses = [r.value for r in RegistrationStatus]
                    status = st.selectbox("Registration", statuses, index=statuses.index(selected.registration_status),
                                          format_func=lambda status: RegistrationStatus(status).label)
                    access = st.checkbox("Security access granted", selected.security_access)
                    if st.form_submit_button("Record registration"):
                        change_selected(lambda s: participants.set_registration(s, actor, selected.id, status, access,
                                                                                opened_version), "Registration recorded")
            if right.button(common.md(f"Remove {selected.first_name} {selected.last_name}"), icon=":material/delete:"):
                change_selected(lambda s: participants.remove_participant(s, actor, selected.id, opened_version),
                                f"{selected.first_name} {selected.last_name} removed")

with import_tab:
    if not may_edit:
        st.info(common.md(f"{refusal}.") if refusal
                else "Registration is closed: imports are no longer possible for your delegation.")
    else:
        st.caption("CSV (comma or semicolon, UTF-8) or Excel .xlsx with the columns: " + ", ".join(participants.COLUMNS)
                   + " (and optionally rank). Every row goes in, or none does.")
        st.session_state.setdefault("upload_round", 0)
        upload = st.file_uploader(
            f"Spreadsheet (at most {config.MAX_UPLOAD_MB} MB)", type=["csv", "xlsx"],
            key=f"participant_upload_{st.session_state.upload_round}", max_upload_size=config.MAX_UPLOAD_MB,
            help=f"Files up to {config.MAX_UPLOAD_MB} MB with at most {spreadsheets.MAX_ROWS:,} participants; "
                 "split a longer list into several files.")
        if upload is not None:
            content = upload.getvalue()
            preview = common.attempt(lambda s: spreadsheets.preview_import(s, actor, meeting.id, content, upload.name))
            if preview is not None:
                table = pd.DataFrame(preview.rows, columns=preview.columns, index=preview.row_numbers)
                table.index.name = "Row"
                bad = preview.bad_cells()
                if bad:
                    bad_rows = sorted({row for row, _ in bad})
                    shown = bad_rows[:SHOWN_BAD_ROWS]
                    st.caption(f"Rows with problems: {len(bad_rows)} of {len(table)}"
                               + (f"; the first {len(shown)} are shown" if len(shown) < len(bad_rows) else ""))
                    table = table.loc[shown].style.apply(
                        lambda column: ["background-color: #f8d7da" if (row, column.name) in bad else "" for row in column.index])
                st.dataframe(table, width="stretch", placeholder="")
                if preview.problems:
                    st.error(f"**{plural(len(preview.problems), 'problem')}; nothing has been imported.** Fix them in your file and upload it again:\n\n"
                             + "\n".join(f"- {common.md(p)}" for p in preview.problems[:SHOWN_PROBLEMS])
                             + (f"\n- … and {len(preview.problems) - SHOWN_PROBLEMS} more"
                                if len(preview.problems) > SHOWN_PROBLEMS else ""))
                elif st.button(f"Import {plural(len(preview.rows), 'participant')}", type="primary"):
                    bar = st.progress(0.0, text="Importing…")
                    count = common.attempt(lambda s: spreadsheets.import_participants(
                        s, actor, meeting.id, content, upload.name, progress=lambda d, t: bar.progress(d / t, text=f"{d} of {t}")))
                    bar.empty()
                    if count is not None:
                        common.flash(f"Imported {plural(count, 'participant')} from {upload.name}.")
                        st.session_state.upload_round += 1
                        st.rerun()

with export_tab:
    left, middle, right = st.columns(3)
    for column, suffix, mime in ((left, "csv", "text/csv"),
                                 (middle, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
        with column:
            downloads.one_click(f"participants as {suffix.upper()}", f"export_{suffix}",
                                lambda s, who, suffix=suffix: spreadsheets.export_participants(s, who, meeting.id,
                                                                                               f"x.{suffix}"),
                                f"participants-meeting-{meeting.id}.{suffix}", mime, icon=":material/table:")
    if actor.can(Capability.export_documents):
        with right:
            downloads.prepared("the list of participants (Word)", "export_docx",
                               lambda s, _: participants_list_document(s, actor, meeting.id),
                               lambda: common.read(lambda s: participants_list_file_name(s, actor, meeting.id)),
                               "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                               icon=":material/description:")
