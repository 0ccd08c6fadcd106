"""The Word agenda under its version's symbol, the comparison of two versions as Word tracked changes, and the
agenda and calendar exports of the command line."""
import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from icalendar import Calendar

from planner.access import SYSTEM
from planner import agenda, db, meetings
from planner.agenda_review import comparison, versions
from planner.cli import main
from planner.documents.agenda import agenda_document, comparison_document
from planner.models import AgendaItemKind, MeetingStatus
from tests.revisions import authors, resolved


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting(start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 10), time_zone="Europe/Brussels")
    with db.transaction() as session:
        meetings.set_priorities(session, organizer, meeting_id, ["organized_crime", "terrorism", "cyber_crime"])
        agenda.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        meetings.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 1))
        rows = [agenda.TimetableRow.of(item) for item in agenda.agenda_items(session, SYSTEM, meeting_id)]
        talk = next(r for r in rows if r.kind == AgendaItemKind.session)
        talk.title, talk.speakers = "Session 1: Threats and risks", "Representative of Europol"
        agenda.save_timetable(session, organizer, meeting_id, rows)
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 8))
    return meeting_id


def test_the_word_agenda_carries_its_version_symbol_date_and_time_zone(meeting_id, organizer):
    with db.transaction() as session:
        first = versions.get_version(session, organizer, meeting_id, 1)
        document = Document(io.BytesIO(agenda_document(session, SYSTEM, meeting_id, first)))
        revised = Document(io.BytesIO(agenda_document(session, SYSTEM, meeting_id, versions.get_version(session, organizer,
                                                                                                 meeting_id, 2))))
        working = Document(io.BytesIO(agenda_document(session, SYSTEM, meeting_id)))
    assert [p.text for p in document.paragraphs[:2]] == ["CIO.GAL/1/27", "1 April 2027"]
    assert "Draft agenda" in [p.text for p in document.paragraphs]
    assert [p.text for p in revised.paragraphs[:2]] == ["CIO.GAL/1/27/Rev.1", "8 April 2027"]
    assert "Revised draft agenda" in [p.text for p in revised.paragraphs]
    assert working.paragraphs[0].text == "DRAFT"
    assert revised.core_properties.title.startswith("Revised draft agenda")
    assert [c.text for c in revised.tables[0].rows[0].cells] == ["Time (CEST)", "Item", "Moderator and speakers"]
    cells = "\n".join(c.text for row in revised.tables[0].rows for c in row.cells)
    assert "Session 1: Threats and risks" in cells and "Representative of Europol" in cells
    assert "Session 1: Threats and risks" not in "\n".join(c.text for row in document.tables[0].rows for c in row.cells)
    assert "All times are Central European Summer Time (CEST, UTC+2)." in revised.paragraphs[-1].text


def test_the_comparison_marks_each_change_as_a_tracked_change(meeting_id, organizer):
    with db.transaction() as session:
        compared = comparison.compare_versions(session, organizer, meeting_id, 1, 2)
        document = Document(io.BytesIO(comparison_document(session, SYSTEM, compared)))
        older = [p.text for p in Document(io.BytesIO(agenda_document(session, SYSTEM, meeting_id, compared.older))).paragraphs]
    body = document.element.body
    assert body.findall(".//" + qn("w:ins")) and body.findall(".//" + qn("w:del"))
    paragraphs = [p._p for p in document.paragraphs]
    assert authors(paragraphs) == {organizer.email}
    accepted, rejected = "\n".join(resolved(paragraphs, accept=True)), "\n".join(resolved(paragraphs, accept=False))
    assert "\tSession 1: Threats and risks (" in accepted and "\tSession 1: Threats and risks (" not in rejected
    assert "Representative of Europol" in accepted and "Representative of Europol" not in rejected
    assert document.paragraphs[0].text == "CIO.GAL/1/27/Rev.1"
    assert "Changes from CIO.GAL/1/27, marked as tracked changes." in [p.text for p in document.paragraphs]
    assert any("retitled, speakers changed" in p.text for p in document.paragraphs)
    assert older[0] == "CIO.GAL/1/27"


def test_the_command_line_exports_versions_comparisons_and_the_calendar(meeting_id, tmp_path, capsys):
    assert main(["export", "agenda", str(meeting_id), "--out", str(tmp_path / "a.docx"), "--version", "1"]) == 0
    assert Document(tmp_path / "a.docx").paragraphs[0].text == "CIO.GAL/1/27"
    assert main(["export", "agenda", str(meeting_id), "--out", str(tmp_path / "latest.docx")]) == 0
    assert Document(tmp_path / "latest.docx").paragraphs[0].text == "CIO.GAL/1/27/Rev.1"
    assert main(["export", "agenda", str(meeting_id), "--out", str(tmp_path / "c.docx"), "--compare-to", "1"]) == 0
    assert Document(tmp_path / "c.docx").element.body.findall(".//" + qn("w:ins"))
    assert main(["export", "calendar", str(meeting_id), "--out", str(tmp_path / "m.ics")]) == 0
    assert len(Calendar.from_ical((tmp_path / "m.ics").read_bytes()).walk("VEVENT")) > 5
    assert main(["export", "agenda", str(meeting_id), "--out", str(tmp_path / "x.docx"), "--version", "7"]) == 1
    assert "no version 7" in capsys.readouterr().err
    assert main(["export", "calendar", str(meeting_id), "--out", str(tmp_path / "m.docx")]) == 1
    assert main(["export", "calendar", str(meeting_id), "--out", str(tmp_path / "d.ics"), "--delegation", "Atlantis"]) == 1
    assert "no delegation 'Atlantis'" in capsys.readouterr().err
