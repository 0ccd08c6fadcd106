"""The Word agenda under its version's symbol, the comparison of two versions as Word tracked changes, and the
agenda and calendar exports of the command line."""
import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from icalendar import Calendar

from planner import db
from planner.access import SYSTEM
from planner.agenda_review import comparison, versions
from planner.cli import main
from planner.documents.agenda import agenda_document
from planner.documents.comparison import agenda_comparison_document, agenda_comparison_file_name
from planner.meetings import planning, timetable
from planner.models import AgendaItemKind, MeetingStatus
from tests.revisions import resolved, resolved_rows


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting(start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 10), time_zone="Europe/Brussels")
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime", "terrorism", "cyber_crime"])
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 1))
        rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, SYSTEM, meeting_id)]
        talk = next(r for r in rows if r.kind == AgendaItemKind.session)
        talk.title, talk.speakers = "Session 1: Threats and risks", "Representative of Europol"
        timetable.save_timetable(session, organizer, meeting_id, rows)
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


def documents(session, organizer, meeting_id, older, newer):
    """The comparison of two versions, and the Word agenda of each."""
    compared = comparison.compare_versions(session, organizer, meeting_id, older, newer)
    return [Document(io.BytesIO(content)) for content in (
        agenda_comparison_document(session, SYSTEM, compared), agenda_document(session, SYSTEM, meeting_id, compared.older),
        agenda_document(session, SYSTEM, meeting_id, compared.newer))]


def inserted_text(paragraphs) -> str:
    return "".join(t.text for p in paragraphs for e in p.iter(qn("w:ins")) for t in e.iter(qn("w:t")))


def cell_texts(document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def test_the_comparison_keeps_the_agendas_table_and_tracks_changes_inside_its_cells(meeting_id, organizer):
    with db.transaction() as session:
        document, older, newer = documents(session, organizer, meeting_id, 1, 2)
    tables = [t._tbl for t in document.tables]
    assert [resolved_rows(t, accept=True) for t in tables] == cell_texts(newer)
    assert [resolved_rows(t, accept=False) for t in tables] == cell_texts(older)
    marks = [e for t in tables for e in t.iter(qn("w:ins"), qn("w:del"))]
    assert marks and all(any(a.tag == qn("w:tc") for a in e.iterancestors()) for e in marks)
    assert {e.get(qn("w:author")) for e in marks} == {"Chairmanship of Slovakia"}
    assert not [e for p in document.paragraphs for e in p._p.iter(qn("w:ins"), qn("w:del"))]
    row = next(r for r in document.tables[0].rows if "Threats and risks" in inserted_text(r.cells[1]._tc.findall(qn("w:p"))))
    assert "Threats and risks" in resolved(row.cells[1]._tc.findall(qn("w:p")), accept=True)[0]
    assert [c.text for c in document.tables[0].rows[0].cells] == ["Time (CEST)", "Item", "Moderator and speakers"]
    assert any("retitled, speakers changed" in p.text for p in document.paragraphs)
    last_row = document.tables[-1].rows[-1]
    assert all(p.paragraph_format.keep_with_next for c in last_row.cells for p in c.paragraphs)
    assert document.paragraphs[-1].text.startswith("Working language") and document.paragraphs[-1].style.name == "Note"


def test_the_comparison_is_a_working_file_that_names_both_versions_and_has_no_symbol(meeting_id, organizer):
    with db.transaction() as session:
        compared = comparison.compare_versions(session, organizer, meeting_id, 1, 2)
        document = Document(io.BytesIO(agenda_comparison_document(session, SYSTEM, compared)))
        name = agenda_comparison_file_name(compared)
    line = "Comparison of CIO.GAL/1/27 with CIO.GAL/1/27/Rev.1 — for information"
    assert [p.text for p in document.paragraphs[:2]] == [line, "8 April 2027"]
    assert [p.text for p in document.sections[0].header.paragraphs] == [line, "– 1 –"]
    assert not any(p.text in ("CIO.GAL/1/27", "CIO.GAL/1/27/Rev.1", "DRAFT") for p in document.paragraphs)
    assert document.core_properties.identifier == ""
    assert name == "Comparison-of-CIO.GAL_1_27-with-CIO.GAL_1_27_Rev.1.docx"


def row_title(row, accept: bool) -> str:
    return resolved(row.cells[1]._tc.findall(qn("w:p")), accept=accept)[0]


def test_a_swap_a_removed_item_and_a_new_description_read_as_the_agenda_shows_them(meeting_id, organizer):
    with db.transaction() as session:
        rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, SYSTEM, meeting_id)]
        first, second, third = [r for r in rows if r.kind == AgendaItemKind.session][:3]
        first.start, first.end, second.start, second.end = second.start, second.end, first.start, first.end
        third.description = "Trends in organized crime across the region."
        closing = next(r for r in rows if r.kind == AgendaItemKind.closing)
        rows.remove(closing)
        timetable.save_timetable(session, organizer, meeting_id, rows)
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 15))
        document, older, newer = documents(session, organizer, meeting_id, 2, 3)
        compared = comparison.compare_versions(session, organizer, meeting_id, 2, 3)
        changed = {item.title: item.changes for item in compared.changed}
        older_items = versions.items_of(session, organizer, compared.older)
    assert set(changed) == {first.title, second.title, third.title, closing.title}
    table = document.tables[0]
    unmarked = [r.cells[1].text.split("\n")[0] for r in table.rows[1:] if not list(r._tr.iter(qn("w:ins"), qn("w:del")))]
    assert "Lunch" in unmarked and "Coffee break" in unmarked and not set(unmarked) & set(changed)
    deleted = [row_title(r, accept=False) for r in table.rows if r._tr.trPr.find(qn("w:del")) is not None]
    inserted = [row_title(r, accept=True) for r in table.rows if r._tr.trPr.find(qn("w:ins")) is not None]
    assert sorted(deleted) == sorted([closing.title, first.title, second.title])
    assert sorted(inserted) == sorted([first.title, second.title])
    described = next(r for r in table.rows if third.title in r.cells[1].text).cells[1]._tc.findall(qn("w:p"))
    old_description = next(item.description for item in older_items if item.title == third.title)
    assert old_description and "Trends in organized crime" in inserted_text(described)
    assert resolved(described, accept=True)[1] == "Trends in organized crime across the region."
    assert resolved(described, accept=False)[1] == old_description
    assert [resolved_rows(t._tbl, accept=True) for t in document.tables] == cell_texts(newer)
    assert [resolved_rows(t._tbl, accept=False) for t in document.tables] == cell_texts(older)


def test_a_changed_time_reads_as_the_old_time_struck_over_the_new_one(meeting_id, organizer):
    def later(moment):
        return (dt.datetime.combine(dt.date(2027, 5, 10), moment) + dt.timedelta(minutes=15)).time()
    with db.transaction() as session:
        rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, SYSTEM, meeting_id)]
        closing = next(r for r in rows if r.kind == AgendaItemKind.closing)
        closing.start, closing.end = later(closing.start), later(closing.end)
        timetable.save_timetable(session, organizer, meeting_id, rows)
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 15))
        document, older, newer = documents(session, organizer, meeting_id, 2, 3)
    [before], [after] = ([row[0] for row in cell_texts(d)[0] if row[1].startswith(closing.title)] for d in (older, newer))
    row = next(r for r in document.tables[0].rows if r.cells[1].text.startswith(closing.title))
    time = row.cells[0]._tc.findall(qn("w:p"))
    assert [[(e.tag, "".join(t.text for t in e.iter(qn("w:t"), qn("w:delText")))) for e in p.iter(qn("w:ins"), qn("w:del"))
             if e.getparent().tag == qn("w:p")] for p in time] == [[(qn("w:del"), before)], [(qn("w:ins"), after)]]
    assert resolved(time, accept=True) == [after] and resolved(time, accept=False) == [before]
    assert "Closing session" in next(p.text for p in document.paragraphs if "retimed" in p.text)


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
