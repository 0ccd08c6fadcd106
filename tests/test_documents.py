import datetime as dt
import io
import zipfile

import pytest
from docx import Document

from planner import db
from planner.access import SYSTEM
from planner.delegations import invitations, reference
from planner.delegations.models import Delegation, DelegationKind
from planner.delegations.participants import Nomination, add_participant
from planner.agenda_review import versions
from planner.documents.agenda import agenda_document
from planner.documents.note_verbale import delegation_note, notes_verbales_zip
from planner.documents.participants_list import participants_list_document
from planner.errors import PermissionDenied, PlannerError, ValidationFailed
from planner.meetings import planning, timetable
from planner.text import writable
from tests.conftest import delegate_of


def text_of(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def symbol_file(meeting_id, delegation_name) -> str:
    with db.transaction() as session:
        row = next(r for r in invitations.list_invitations(session, SYSTEM, meeting_id) if r.delegation.name == delegation_name)
    stem = row.invitation.reference.replace("/", "_") if row.invitation.reference else "DRAFT-note-verbale"
    return f"{stem} {row.delegation.name}.docx"


def footer_has_page_field(document) -> bool:
    """The first page's number at its foot (a document with a running header numbers later pages at the top)."""
    section = document.sections[0]
    footer = section.first_page_footer if section.different_first_page_header_footer else section.footer
    return "PAGE" in footer.paragraphs[0]._p.xml



@pytest.fixture(autouse=True)
def spring_2027(monkeypatch):
    """Replies in these tests are dated in spring 2027, which must not count as the future."""
    monkeypatch.setattr(invitations, "today_at", lambda meeting: dt.date(2027, 5, 1))

@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting(title="Second Meeting of the Chiefs of Police of the OSCE participating States")
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime", "cyber_crime"])
        invitations.invite_group(session, organizer, meeting_id, "All participating States")
        invitations.invite_group(session, organizer, meeting_id, "Partner organizations")
        rows = invitations.list_invitations(session, organizer, meeting_id)
        for row in rows[:5]:
            invitations.send(session, organizer, row.invitation.id, on=dt.date(2027, 3, 1))
    return meeting_id


def test_every_invited_delegation_gets_a_note_verbale(meeting_id, organizer):
    with db.transaction() as session:
        archive = zipfile.ZipFile(io.BytesIO(notes_verbales_zip(session, organizer, meeting_id)))
        count = len(invitations.list_invitations(session, organizer, meeting_id))
    assert len(archive.namelist()) == count - 1 == 66, "every invited delegation but the host (Slovakia)"
    assert not any("-SK" in name or "Slovakia" in name for name in archive.namelist())
    assert "DRAFT-note-verbale Turkiye.docx" in archive.namelist(), "named by delegation, accents dropped"
    austria = Document(io.BytesIO(archive.read(symbol_file(meeting_id, "Austria"))))
    text = text_of(austria)
    paragraphs = [p.text for p in austria.paragraphs]
    assert paragraphs[0].startswith("CIO.GAL/") and paragraphs[1] == "1 March 2027" and paragraphs[2] == "Original: ENGLISH"
    assert austria.paragraphs[0].style.name == "Header Line" and austria.paragraphs[0].style.paragraph_format.alignment == 2
    title = next(p for p in austria.paragraphs if p.style.name == "Title")
    assert title.text == "Note verbale" and title.style.font.all_caps, "printed NOTE VERBALE by the Title style"
    assert Document(io.BytesIO(archive.read(symbol_file(meeting_id, "Austria")))).core_properties.title == \
        "Note verbale to Austria"
    assert "presents its compliments to the Delegation of Austria to the OSCE" in text
    assert "renew to the Delegation of Austria to the OSCE the assurances of its highest consideration" in text
    assert "Organized crime" in text and "Cyber-crime" in text
    assert "no later than 20 April 2027" in text and "from 10 to 11 May 2027" in text
    assert paragraphs[-2] == "Vienna, 1 March 2027"
    assert footer_has_page_field(austria)
    unodc = Document(io.BytesIO(archive.read("DRAFT-note-verbale United Nations Office on Drugs and Crime (UNODC).docx")))
    assert unodc.paragraphs[0].text == "DRAFT", "a note not yet sent carries the DRAFT mark, no symbol"
    assert "compliments to the United Nations Office on Drugs and Crime (UNODC)" in text_of(unodc)


def test_netherlands_reads_with_its_article(meeting_id, organizer):
    with db.transaction() as session:
        archive = zipfile.ZipFile(io.BytesIO(notes_verbales_zip(session, organizer, meeting_id)))
    text = text_of(Document(io.BytesIO(archive.read(symbol_file(meeting_id, "The Netherlands")))))
    assert "the Delegation of the Netherlands to the OSCE" in text


def test_reminders_are_addenda_to_the_first_note(meeting_id, organizer):
    with db.transaction() as session:
        sent = [r for r in invitations.list_invitations(session, organizer, meeting_id) if r.invitation.reference][0]
        draft = zipfile.ZipFile(io.BytesIO(notes_verbales_zip(session, organizer, meeting_id,
                                                              invitation_ids=[sent.invitation.id], reminder=True)))
        assert draft.namelist() == [f"DRAFT-reminder {sent.delegation.name}.docx"]
        for day in (dt.date(2027, 4, 1), dt.date(2027, 4, 10)):
            invitations.record_reminders(session, organizer, [sent.invitation.id], on=day)
        archive = zipfile.ZipFile(io.BytesIO(notes_verbales_zip(session, organizer, meeting_id,
                                                                invitation_ids=[sent.invitation.id], reminder=True)))
    assert archive.namelist() == [f"{sent.invitation.reference.replace('/', '_')}_Add.2 {sent.delegation.name}.docx"]
    document = Document(io.BytesIO(archive.read(archive.namelist()[0])))
    note = sent.invitation.reference
    assert f"with reference to its note verbale {note} and its reminder {note}/Add.1, has the honour" in text_of(document)
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == f"{note}/Add.2" and paragraphs[1] == "10 April 2027"
    assert document.core_properties.title == f"Reminder to {sent.delegation.in_sentence}"


def test_the_note_says_as_what_the_draft_agenda_was_circulated_once_it_was(meeting_id, organizer):
    """A note issued before the agenda went out keeps saying it will follow; one issued (or drafted) after names the
    latest version then circulated."""
    def registration(name: str) -> str:
        with db.transaction() as session:
            rows = {r.delegation.name: r.invitation for r in invitations.list_invitations(session, organizer, meeting_id)}
            note = Document(io.BytesIO(delegation_note(session, organizer, rows[name].id)[1]))
        return next(p.text for p in note.paragraphs if "would be grateful to receive" in p.text)

    assert registration("Austria").endswith("The draft agenda and practical information will be circulated in due course.")
    with db.transaction() as session:
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        first = versions.circulate(session, organizer, meeting_id).symbol
    with db.transaction() as session:
        belgium = next(r for r in invitations.list_invitations(session, organizer, meeting_id) if r.delegation.name == "Belgium")
        invitations.send(session, organizer, belgium.invitation.id, on=dt.date(2027, 4, 2))
        revised = versions.circulate(session, organizer, meeting_id).symbol
    assert revised == f"{first}/Rev.1"
    assert registration("Austria").endswith("will be circulated in due course."), "sent before: as it went out"
    assert registration("Belgium").endswith(f"The draft agenda was circulated as {first}; practical information will be "
                                            "circulated in due course.")
    assert f"circulated as {revised};" in registration("Bulgaria"), "a draft names the latest version"


def test_delegates_cannot_export_the_notes(meeting_id, austria_delegate):
    with pytest.raises(PermissionDenied):
        with db.transaction() as session:
            notes_verbales_zip(session, austria_delegate, meeting_id)


def test_one_delegations_note_for_organizers_and_for_its_own_delegate_once_sent(meeting_id, organizer, austria_delegate):
    belgian = delegate_of("Belgium")
    with db.transaction() as session:
        rows = {r.delegation.name: r.invitation for r in invitations.list_invitations(session, organizer, meeting_id)}
        name, content = delegation_note(session, austria_delegate, rows["Austria"].id)
        assert name == symbol_file(meeting_id, "Austria") == f"{rows['Austria'].reference.replace('/', '_')} Austria.docx"
        note = Document(io.BytesIO(content))
        assert note.paragraphs[0].text == rows["Austria"].reference
        assert "compliments to the Delegation of Austria to the OSCE" in text_of(note)
        with pytest.raises(PermissionDenied, match="your own delegation's invitation"):
            delegation_note(session, austria_delegate, rows["Belgium"].id)
        draft_name, draft = delegation_note(session, organizer, rows["Belgium"].id)
        assert draft_name == "DRAFT-note-verbale Belgium.docx" and Document(io.BytesIO(draft)).paragraphs[0].text == "DRAFT"
        with pytest.raises(PlannerError, match="The note verbale to Belgium has not been sent yet"):
            delegation_note(session, belgian, rows["Belgium"].id)


def test_list_of_participants_groups_and_puts_heads_first(meeting_id, organizer):
    with db.transaction() as session:
        for name in ("Belgium", "UNODC"):
            invitation = invitations.invitation_for(session, organizer, meeting_id, reference.find_delegation(session, name).id)
            invitations.send(session, organizer, invitation.id, on=dt.date(2027, 3, 1))
        for delegation, first, last, head in [("Austria", "Karl", "Zeller", False), ("Austria", "Anna", "Huber", True),
                                              ("UNODC", "Maria", "Rossi", False), ("Belgium", "Jan", "Peeters", True)]:
            add_participant(session, organizer, meeting_id, Nomination(
                delegation=delegation, first_name=first, last_name=last, email=f"{first}@x.example",
                salutation="Ms." if first in ("Anna", "Maria") else "Mr.", function="Chief of Police",
                agency="Police", head_of_delegation=head))
        document = Document(io.BytesIO(participants_list_document(session, organizer, meeting_id)))
    paragraphs = [p.text for p in document.paragraphs]
    assert "List of participants" in paragraphs and document.styles["Title"].font.all_caps
    assert paragraphs.index("Participating States") < paragraphs.index("Partner organizations")
    austria, belgium, unodc = ([row.cells[0].text for row in table.rows] for table in document.tables)
    assert austria == ["Name", "Austria", "Ms. Anna HUBER\nHead of Delegation", "Mr. Karl ZELLER"]
    assert belgium == ["Belgium", "Mr. Jan PEETERS\nHead of Delegation"], "the column headings head each group once"
    assert document.tables[0].rows[2].cells[1].text == "Chief of Police\nPolice"
    assert unodc == ["Name", "United Nations Office on Drugs and Crime (UNODC)", "Ms. Maria ROSSI"]
    assert footer_has_page_field(document)


def test_agenda_document_has_a_table_per_day(make_meeting, organizer):
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism", "cyber_crime"])
        timetable.generate_timetable(session, organizer, meeting_id, "two-day")
        document = Document(io.BytesIO(agenda_document(session, SYSTEM, meeting_id)))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Draft agenda" in paragraphs and "Monday, 10 May 2027" in paragraphs and "Tuesday, 11 May 2027" in paragraphs
    assert len(document.tables) == 2
    assert [c.text for c in document.tables[0].rows[0].cells] == ["Time (CEST)", "Item", "Moderator and speakers"]
    assert document.tables[0].rows[1].cells[0].text == "09:00–09:45"


@pytest.mark.parametrize("text", ["שלום עולם", "مرحبا بالعالم", "Police 🚓👮‍♀️", "Tab\tand\nnew line"])
def test_any_text_makes_a_valid_word_file(make_meeting, organizer, text):
    visible = writable(text)
    single_line = " ".join(visible.split())
    meeting_id = make_meeting(title=f"Meeting {single_line}", venue=single_line)
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"])
        timetable.generate_timetable(session, organizer, meeting_id, "two-day")
        rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, SYSTEM, meeting_id)]
        rows[0].description, rows[0].speakers = text, single_line
        timetable.save_timetable(session, organizer, meeting_id, rows)
        austria = invitations.invite(session, organizer, meeting_id, [reference.find_delegation(session, "Austria").id])[0]
        note = invitations.send(session, organizer, austria.id).reference
        add_participant(session, organizer, meeting_id, Nomination(
            delegation="Austria", first_name="Anna", last_name="Huber", email="a@x.example", agency=single_line))
        documents = [agenda_document(session, SYSTEM, meeting_id), participants_list_document(session, organizer, meeting_id)]
        archive = zipfile.ZipFile(io.BytesIO(notes_verbales_zip(session, organizer, meeting_id)))
        documents.append(archive.read(f"{note.replace('/', '_')} Austria.docx"))
    texts = [text_of(Document(io.BytesIO(content))) for content in documents]
    assert visible.split("\n")[0] in texts[0]
    assert single_line in texts[1]
    assert f"Meeting {single_line}" in texts[1]
    assert f"({single_line})" in texts[2]


@pytest.mark.parametrize("name, shown", [
    ("Réseau Côte d’Azur", "Reseau Cote d'Azur"), ("Lao People’s Democratic Republic", "Lao People's Democratic Republic"),
    ('Police "Nord/Süd": A|B <C>? *D\\E.', "Police Nord Sud A B C D E"), ("Straße" * 30, ("Strasse" * 30)[:80]),
    ("Полиция", "RU"),
])
def test_files_in_a_zip_are_named_safely_by_delegation_whatever_its_name(meeting_id, organizer, name, shown):
    """Windows and macOS take every name: accents dropped, no reserved character, no trailing dot, not too long; a
    name with no letter a file name can hold is named by its code."""
    with db.transaction() as session:
        delegation = Delegation(kind=DelegationKind.organization, name=name, in_sentence=name, iso_code="RU")
        session.add(delegation)
        session.flush()
        invited = invitations.invite(session, organizer, meeting_id, [delegation.id])[0]
        invitations.send(session, organizer, invited.id, on=dt.date(2027, 3, 2))
        archive = zipfile.ZipFile(io.BytesIO(notes_verbales_zip(session, organizer, meeting_id,
                                                                invitation_ids=[invited.id])))
    assert archive.namelist() == [f"{invited.reference.replace('/', '_')} {shown}.docx"]
    assert archive.namelist()[0].isascii()


def test_text_that_cannot_be_stored_is_refused_not_crashed(make_meeting, organizer):
    with pytest.raises(ValidationFailed, match="cannot be stored"):
        make_meeting(title="broken \ud800 title")
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"])
        timetable.generate_timetable(session, organizer, meeting_id, "two-day")
        rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, SYSTEM, meeting_id)]
    rows[0].description = "null \x00 byte"
    stored = r"- 'Opening session' \(Mon 10 May, 09:00–09:45\): the description .*cannot be stored"
    with pytest.raises(ValidationFailed, match=stored):
        with db.transaction() as session:
            timetable.save_timetable(session, organizer, meeting_id, rows)
