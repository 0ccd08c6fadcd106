"""The Invitations page: reopening a declined invitation, and the notes verbales as they go out."""
import datetime as dt
import io
import zipfile

from docx import Document
from sqlmodel import select

from planner import db
from planner.access import SYSTEM
from planner.agenda_review import versions
from planner.dates import long_date
from planner.delegations import invitations, participants, reference
from planner.meetings import planning, timetable
from planner.models import AuditEntry, InvitationState, MeetingStatus
from planner.ui.common import md
from tests.conftest import invite_and_send_to
from tests.test_pages import downloads, labelled, open_page, people, prepare_and_download, texts  # noqa: F401 - fixtures


def invitation_of(meeting_id: int, name: str):
    with db.transaction() as session:
        return invitations.invitation_for(session, SYSTEM, meeting_id, reference.find_delegation(session, name).id)


def test_a_declined_invitation_is_reopened_with_a_reason_once_confirmed(database_url, people, make_meeting):
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.change_status(session, SYSTEM, meeting_id, MeetingStatus.planned)
        invite_and_send_to(session, SYSTEM, meeting_id, "Austria", "Malta")
        participants.add_participant(session, SYSTEM, meeting_id, participants.Nomination(
            delegation="Austria", first_name="Eva", last_name="Berger", email="eva@bmi.example"))
    with db.transaction() as session:
        invitations.decline(session, SYSTEM, invitation_of(meeting_id, "Austria").id)
    app = open_page("invitations", people["organizer"], meeting_id)
    austria = list(app.dataframe[0].value["Delegation"]).index("Austria")
    app.session_state[f"invitations_{meeting_id}_[]_[]_0"] = {"selection": {"rows": [austria], "columns": []}}
    app.run()
    assert labelled(app.selectbox, "Invitation status").options == ["Declined (current)"], "reopened below, not here"
    assert "A declined invitation is reopened below, with the reason." in texts(app)
    which = labelled(app.selectbox, "Delegation that declined")
    assert which.format_func(which.value).startswith("Austria (declined ")
    assert labelled(app.button, "Reopen the invitation").disabled, "not without a reason"
    reason = "Its note verbale of today: Austria will attend after all"
    labelled(app.text_input, "Reason").input(reason).run()
    labelled(app.button, "Reopen the invitation").click().run()
    assert md("The invitation of Austria becomes 'Acknowledged' again: the delegation can nominate its participants "
              "and reminders reach it. Its nomination, cancelled when it declined, stays cancelled") in app.warning[0].value
    assert invitation_of(meeting_id, "Austria").state == InvitationState.declined, "asked first, nothing done yet"
    app.button(key=f"yes_reopen_{meeting_id}").click().run()
    assert not app.exception and md("The invitation of Austria is open again.") in app.success[0].value
    assert invitation_of(meeting_id, "Austria").state == InvitationState.acknowledged
    assert "Reopen a declined invitation" not in texts(app), "nobody has declined any more"
    with db.transaction() as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "invitation.reopen")).one()
    assert (entry.actor_email, entry.after["reason"]) == ("organizer@demo.osce", reason)


def test_a_reason_that_cannot_be_stored_is_refused_and_kept_to_be_corrected(database_url, people, make_meeting):
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.change_status(session, SYSTEM, meeting_id, MeetingStatus.planned)
        invite_and_send_to(session, SYSTEM, meeting_id, "Malta")
    with db.transaction() as session:
        invitations.decline(session, SYSTEM, invitation_of(meeting_id, "Malta").id)
    app = open_page("invitations", people["organizer"], meeting_id)
    labelled(app.text_input, "Reason").input("Changed its mind \u202eevil").run()
    labelled(app.button, "Reopen the invitation").click().run()
    app.button(key=f"yes_reopen_{meeting_id}").click().run()
    assert not app.exception and md("The reason contains an invisible right-to-left override") in app.error[0].value
    assert labelled(app.text_input, "Reason").value == "Changed its mind \u202eevil", "kept, to be corrected"
    assert invitation_of(meeting_id, "Malta").state == InvitationState.declined


def test_notes_verbales_are_named_by_symbol_and_delegation_and_cite_the_circulated_agenda(database_url, people,
                                                                                           make_meeting, downloads):
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.set_priorities(session, SYSTEM, meeting_id, ["organized_crime"])
        timetable.generate_timetable(session, SYSTEM, meeting_id, "two-day")
        planning.change_status(session, SYSTEM, meeting_id, MeetingStatus.planned)
        agenda = versions.circulate(session, SYSTEM, meeting_id).symbol
        invite_and_send_to(session, SYSTEM, meeting_id, "Austria")
        invitations.invite(session, SYSTEM, meeting_id, [reference.find_delegation(session, "Türkiye").id])
    note = invitation_of(meeting_id, "Austria").reference
    app = open_page("invitations", people["organizer"], meeting_id)
    archive = zipfile.ZipFile(io.BytesIO(prepare_and_download(app, "all notes verbales", downloads)))
    assert sorted(archive.namelist()) == sorted([f"{note.replace('/', '_')} Austria.docx",
                                                 "DRAFT-note-verbale Turkiye.docx"])
    austria = Document(io.BytesIO(archive.read(f"{note.replace('/', '_')} Austria.docx")))
    assert any(f"The draft agenda was circulated as {agenda};" in p.text for p in austria.paragraphs)


def test_ticking_every_row_sends_every_note_verbale_but_the_hosts(database_url, people, make_meeting):
    """'All participating States' enters the Chairmanship's State as the host: ticking every row and sending must not
    be stopped by it."""
    meeting_id = make_meeting()
    with db.transaction() as session:
        invitations.invite_group(session, SYSTEM, meeting_id, "All participating States")
    app = open_page("invitations", people["organizer"], meeting_id)
    every_row = list(range(len(app.dataframe[0].value)))
    app.session_state[f"invitations_{meeting_id}_[]_[]_0"] = {"selection": {"rows": every_row, "columns": []}}
    app.run()
    assert md("Slovakia hosts the meeting: it is left out of the change, as it gets no note verbale.") in texts(app)
    labelled(app.selectbox, "Invitation status").set_value(InvitationState.sent).run()
    labelled(app.button, "Apply to selected").click().run()
    assert md(f"This records 56 notes verbales as sent on {long_date(dt.date.today())}: each takes the next document "
              "symbol of the register, which is not given back.") in app.warning[0].value
    assert invitation_of(meeting_id, "Austria").state == InvitationState.draft, "asked first, nothing done yet"
    labelled(app.button, "Yes, apply to selected").click().run()
    assert not app.exception and not app.error
    assert md("56 invitations: sent") in app.success[0].value
    assert invitation_of(meeting_id, "Slovakia").state == InvitationState.host
    assert invitation_of(meeting_id, "Austria").state == InvitationState.sent
