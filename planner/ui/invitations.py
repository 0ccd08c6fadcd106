"""Invitations: invite by group or one by one, record replies, reopen a declined one, send notes verbales and
reminders."""
import datetime as dt

import pandas as pd
import streamlit as st

from planner.access import Capability
from planner.dates import long_date
from planner.delegations import invitations, reference
from planner.delegations.models import DelegationKind, Invitation, InvitationState
from planner.documents.note_verbale import delegation_note, notes_verbales_zip
from planner.mail import preferences
from planner.meetings import planning
from planner.meetings.models import MeetingStatus
from planner.text.words import plural
from planner.ui import common, downloads

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"

actor = common.actor()
meeting = common.chosen_meeting()
common.page_header("Invitations", f"{meeting.title} · registration deadline "
                   + (long_date(meeting.registration_deadline) if meeting.registration_deadline else "not set"))
rows = common.read(lambda s: invitations.list_invitations(s, actor, meeting.id))

if not actor.can(Capability.manage_invitations):
    if not rows:
        st.info("Your delegation has not been invited to this meeting (yet).")
        st.stop()
    mine = rows[0]
    st.metric("Your delegation's invitation", mine.invitation.state.label)
    st.markdown(f"**{common.md(mine.delegation.name)}** · note verbale "
                + common.md(mine.invitation.reference or "(not sent yet)")
                + (f" of {long_date(mine.invitation.sent_on)}" if mine.invitation.sent_on else ""))
    if mine.invitation.note_id:
        name, content = common.read(lambda s: delegation_note(s, actor, mine.invitation.id))
        st.download_button("Download the note verbale (Word)", content, file_name=name, mime=DOCX,
                           icon=":material/description:")
    st.caption("Nominate your delegation's participants on the **Participants** page; the Chairmanship records the other replies.")
    st.stop()


with st.expander("Invite delegations", expanded=not rows):
    draft = meeting.status == MeetingStatus.draft
    planned_now = " The meeting is now planned." if draft else ""
    st.caption("States that joined the OSCE after the meeting's date are left out. Inviting again changes nothing."
               + (" The meeting is still a draft: inviting makes it planned, so that the delegations invited can see it."
                  if draft else ""))
    columns = st.columns(len(invitations.GROUPS))
    for column, group in zip(columns, invitations.GROUPS):
        if column.button(group.replace(" for Co-operation", ""), key=f"invite_{group}", width="stretch", help=group):
            made = common.attempt(lambda s: invitations.invite_group(s, actor, meeting.id, group))
            if made is not None:
                common.flash(f"{group}: {plural(len(made), 'new invitation')} drafted.{planned_now if made else ''}")
                st.rerun()
    invited_ids = {row.delegation.id for row in rows}
    others = [d for d in common.read(reference.delegations) if d.id not in invited_ids and d.kind != DelegationKind.host]
    picked = st.multiselect("Or one by one", [d.id for d in others], format_func=lambda i: next(d.name for d in others if d.id == i))
    if st.button("Invite the chosen delegations", disabled=not picked):
        if common.attempt(lambda s: invitations.invite(s, actor, meeting.id, picked), f"Invited.{planned_now}") is not None:
            st.rerun()

if not rows:
    st.info("Nobody is invited yet. Start with **All participating States** above.")
    st.stop()

kind_labels = {k.value: k.label for k in DelegationKind}
table = pd.DataFrame([
    {"Delegation": r.delegation.name, "Group": kind_labels[r.delegation.kind.value], "Status": r.invitation.state.label,
     "Note verbale": r.invitation.reference or "", "Sent": r.invitation.sent_on, "Reminders": r.invitation.reminder_count,
     "Participants": r.participants, "id": r.invitation.id, "version": r.invitation.version}
    for r in rows
])
table["Sent"] = pd.to_datetime(table["Sent"])
left, right = st.columns(2)
state_filter = left.multiselect("Show invitation status", [s.label for s in InvitationState])
group_filter = right.multiselect("Show groups", sorted(table["Group"].unique()))
shown = table[table["Status"].isin(state_filter or table["Status"]) & table["Group"].isin(group_filter or table["Group"])]
st.session_state.setdefault("invitation_round", 0)
table_key = f"invitations_{meeting.id}_{state_filter}_{group_filter}_{st.session_state.invitation_round}"
selection = st.dataframe(
    shown, hide_index=True, width="stretch", placeholder="", on_select="rerun", selection_mode="multi-row", key=table_key,
    column_config={"id": None, "version": None, "Sent": st.column_config.DateColumn(format="D MMM YYYY")},
)
# Ticks are positions in the table as the user saw it when ticking: keep that table's ids and versions, so that a
# colleague's change in between is refused as stale instead of landing on another delegation.
shown_now = [(int(i), int(v)) for i, v in zip(shown["id"], shown["version"])]
seen_before = st.session_state.get(f"seen_{table_key}", shown_now)
chosen = dict(seen_before[i] for i in selection.selection.rows if i < len(seen_before))
chosen_ids = list(chosen)
st.session_state[f"seen_{table_key}"] = shown_now
st.caption(f"{len(shown)} shown of {len(table)} · {len(chosen_ids)} selected — tick rows to act on them.")

st.header("Record a change")
by_id = {r.invitation.id: r for r in rows}
# The host gets no note verbale and records no reply: ticking every row must not stop the change for the others.
hosts = [by_id[i] for i in chosen_ids if i in by_id and by_id[i].invitation.state == InvitationState.host]
ticked = [by_id[i] for i in chosen_ids if i in by_id and by_id[i] not in hosts]
chosen_ids = [row.invitation.id for row in ticked]
if hosts:
    st.caption(common.md(f"{hosts[0].delegation.name} hosts the meeting: it is left out of the change, as it gets "
                          "no note verbale."))
now = {r.invitation.state for r in ticked}
current = now.pop() if len(now) == 1 else None
# A declined invitation moves on only by being reopened, with a reason (below).
possible = set.union(set(), *(Invitation.next_states(r.invitation.state) for r in ticked
                              if r.invitation.state != InvitationState.declined))
options = ([current] if current is not None else []) + [s for s in InvitationState if s in possible]


def change_label(state: InvitationState | None) -> str:
    if state is None:
        return "—"
    if state == current:
        return f"{state.label} (current)"
    return "Send the note verbale" if state == InvitationState.sent else state.label


def dated(state: InvitationState | None) -> dt.date:
    """The date the ticked invitation reached its status, while that is the status shown; today for a change."""
    if state is not None and state == current and len(ticked) == 1:
        invitation = ticked[0].invitation
        return getattr(invitation, f"{state.value}_on", None) or invitation.created_on
    return dt.date.today()


left, middle, right = st.columns([2, 1, 1], vertical_alignment="bottom")
action = left.selectbox("Invitation status", options or [None], format_func=change_label,
                        key=f"change_{meeting.id}_{chosen_ids}")
on = middle.date_input("Dated", dated(action), format=common.DATE_INPUT, disabled=action == current,
                       key=f"dated_{meeting.id}_{chosen_ids}_{action}")
question = st.container()
with right:
    if action == InvitationState.sent:
        notes = plural(len(chosen_ids), "note verbale", "notes verbales")
        applied = common.confirmed(
            "Apply to selected", f"send_notes_{meeting.id}_{chosen_ids}",
            f"This records {notes} as sent on {long_date(on)}: each takes the next document symbol of the register, "
            "which is not given back.", question, type="primary", disabled=action == current)
    else:
        applied = st.button("Apply to selected", type="primary", disabled=action in (None, current))
if applied:
    if common.attempt(lambda s: invitations.apply_to_many(s, actor, chosen_ids, action, on, expected_versions=chosen),
                      f"{plural(len(chosen_ids), 'invitation')}: {action.label.lower()}") is not None:
        st.session_state.invitation_round += 1
        st.rerun()
if any(r.invitation.state == InvitationState.declined for r in ticked):
    st.caption("A declined invitation is reopened below, with the reason.")

declined = [i for i, row in by_id.items() if row.invitation.state == InvitationState.declined]
if declined:
    st.header("Reopen a declined invitation")
    st.caption("When a delegation that declined changes its mind, its invitation becomes *Acknowledged* again: it "
               "means to come and nominates its participants. The reason goes into the audit log.")
    left, right = st.columns([1, 2])
    reopened = left.selectbox(
        "Delegation that declined", declined, key=f"reopen_of_{meeting.id}_{chosen_ids}",
        index=declined.index(ticked[0].invitation.id) if len(ticked) == 1 and ticked[0].invitation.id in declined else 0,
        format_func=lambda i: f"{by_id[i].delegation.name} (declined {long_date(by_id[i].invitation.declined_on)})")
    reason = right.text_input("Reason", max_chars=invitations.REASON_LENGTH,
                              key=f"reopen_reason_{meeting.id}_{st.session_state.invitation_round}",
                              placeholder="e.g. its note verbale of 12 March: the delegation will attend after all")
    row = by_id[reopened]
    cancelled = ""
    if row.participants == 1:
        cancelled = (" Its nomination, cancelled when it declined, stays cancelled: restore it on the Participants page "
                     "if that person comes.")
    elif row.participants:
        cancelled = (f" Its {row.participants} nominations, cancelled when it declined, stay cancelled: restore those "
                     "who come on the Participants page.")
    if common.confirmed("Reopen the invitation", f"reopen_{meeting.id}",
                        f"The invitation of {row.delegation.name} becomes 'Acknowledged' again: the delegation can "
                        f"nominate its participants and reminders reach it.{cancelled}", disabled=not reason.strip()):
        if common.attempt(lambda s: invitations.reopen(s, actor, reopened, reason,
                                                       expected_version=row.invitation.version),
                          f"The invitation of {row.delegation.name} is open again.") is not None:
            st.session_state.invitation_round += 1
            st.rerun()

st.header("Notes verbales")
st.caption("One Word file per invited delegation, with the symbol and date recorded when it was sent. The host "
           "(the Chairmanship's own State) is not invited and gets none.")
left, right = st.columns([2, 1], vertical_alignment="bottom")
noted = [i for i, row in by_id.items() if row.invitation.state != InvitationState.host]
one = left.selectbox("One delegation's note verbale", noted, format_func=lambda i: by_id[i].delegation.name,
                     index=noted.index(ticked[0].invitation.id) if len(ticked) == 1 and ticked[0].invitation.id in noted
                     else None,
                     placeholder="Choose a delegation", key=f"note_of_{meeting.id}_{chosen_ids}")
if one is not None:
    name, content = common.read(lambda s: delegation_note(s, actor, one))
    right.download_button(common.md(f"Note verbale to {by_id[one].delegation.name} (Word)"), content, file_name=name,
                          mime=DOCX, icon=":material/description:")
downloads.prepared("all notes verbales", "notes-verbales",
                   lambda s, progress: notes_verbales_zip(s, actor, meeting.id, progress=progress),
                   f"notes-verbales-meeting-{meeting.id}.zip", ZIP)
with st.form("official_address", clear_on_submit=False, border=False):
    st.caption("A note verbale recorded as sent is mailed, with the Word file and the meeting's calendar, to the "
               "delegation's delegates and to its official address (its mission's), where one is given here.")
    left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
    addressed = left.selectbox("Delegation", noted, format_func=lambda i: by_id[i].delegation.name, index=None,
                               placeholder="Choose a delegation", key=f"address_of_{meeting.id}")
    address = middle.text_input("Official e-mail address", placeholder="e.g. mission@example.org", max_chars=254,
                                help="Leave empty for none. Shown now: "
                                     + ", ".join(f"{by_id[i].delegation.name}: {by_id[i].delegation.official_email}"
                                                 for i in noted if by_id[i].delegation.official_email)[:500])
    if right.form_submit_button("Save the address") and addressed is not None:
        if common.attempt(lambda s: preferences.set_official_address(s, actor, by_id[addressed].delegation.id, address),
                          f"Official address of {by_id[addressed].delegation.name} saved.") is not None:
            st.rerun()

st.header("Reminders")
days = st.number_input("Remind delegations that have not nominated anyone when the deadline is this many days away",
                       0, 365, 14)
due = common.attempt(lambda s: invitations.reminders_due(s, actor, meeting.id, int(days)))
if due is not None:
    if not due:
        days_left = (meeting.registration_deadline - planning.today_at(meeting)).days
        if days_left < 0:
            st.write(f"The registration deadline passed on {long_date(meeting.registration_deadline)}: no reminders are due. "
                     "Change the deadline on the Meeting builder page to chase late nominations.")
        elif days_left > days:
            st.write(f"No reminder is due yet: the deadline is {plural(days_left, 'day')} away.")
        else:
            st.write("Every delegation has answered.")
    else:
        st.dataframe(pd.DataFrame([{"Delegation": r.delegation.name, "Status": r.invitation.state.label,
                                    "Reminders so far": r.invitation.reminder_count} for r in due]), hide_index=True,
                     placeholder="")
        due_ids = [r.invitation.id for r in due]
        st.caption("Reminders prepared before you record them as sent are DRAFT files. Once *Record these reminders as "
                   "sent* is done, each reminder carries its symbol: the symbol of the first note with /Add.1, /Add.2, …")
        downloads.prepared(plural(len(due), "reminder note"), "reminders",
                           lambda s, progress: notes_verbales_zip(s, actor, meeting.id, invitation_ids=due_ids,
                                                                  reminder=True, progress=progress),
                           f"reminders-meeting-{meeting.id}.zip", ZIP)
        if st.button("Record these reminders as sent"):
            if common.attempt(lambda s: invitations.record_reminders(s, actor, due_ids), "Reminders recorded") is not None:
                st.rerun()
