"""Word files that read aloud: every kind of document the planner writes, from the demo meeting, has its titles and
headings in heading styles in order (Word's navigation pane, a screen reader's list of headings), its data tables'
heading rows marked, a title and language in its properties, and alt text on any image."""
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from planner import db
from planner.agenda_review import comparison as agenda_comparison, versions as agenda_versions
from planner.delegations import invitations
from planner.documents.agenda import agenda_document
from planner.documents.comparison import agenda_comparison_document, comparison_document
from planner.documents.note_verbale import delegation_note
from planner.documents.participants_list import participants_list_document
from planner.documents.report import report_document
from planner.documents.statement import adopted_document, statement_document
from planner.documents.styles import settings
from planner.statement import comparison as statement_comparison, interpretative, silence
from planner.statement.versions import circulated_text, draft_text

WP_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


@pytest.fixture
def word_files(demo_meeting, organizer) -> dict[str, Document]:
    """Each kind of Word file, as the demo meeting's organizer downloads it."""
    with db.transaction() as session:
        agendas = agenda_versions.issued_versions(session, organizer, demo_meeting)
        adopted = silence.adopted(session, organizer, demo_meeting)
        invitation = next(row.invitation for row in invitations.list_invitations(session, organizer, demo_meeting)
                          if row.invitation.note_id)
        files = {
            "working timetable": agenda_document(session, organizer, demo_meeting),
            "agenda": agenda_document(session, organizer, demo_meeting, agendas[-1]),
            "agenda comparison": agenda_comparison_document(session, organizer, agenda_comparison.compare_versions(
                session, organizer, demo_meeting, agendas[0].number, agendas[-1].number)),
            "draft statement": statement_document(session, organizer, draft_text(session, organizer, demo_meeting)),
            "circulated statement": statement_document(session, organizer,
                                                       circulated_text(session, organizer, demo_meeting)),
            "adopted statement": adopted_document(session, organizer, adopted,
                                                  interpretative.attached(session, organizer, demo_meeting)),
            "statement comparison": comparison_document(session, organizer, statement_comparison.comparison(
                session, organizer, demo_meeting, 1)),
            "report": report_document(session, organizer, demo_meeting),
            "list of participants": participants_list_document(session, organizer, demo_meeting),
            "note verbale": delegation_note(session, organizer, invitation.id)[1],
        }
    return {name: Document(io.BytesIO(content)) for name, content in files.items()}


def outline_level(style) -> int | None:
    """The level (1 = top) at which the style's paragraphs appear in the navigation pane, through its base styles."""
    while style is not None:
        ppr = style.element.pPr
        level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if level is not None:
            return int(level.get(qn("w:val"))) + 1
        style = style.base_style
    return None


def headings(document) -> list[tuple[str, int | None, str]]:
    """(style, level, text) of every paragraph in a Title or Heading style, or with an outline level."""
    found = []
    for para in document.paragraphs:
        level = outline_level(para.style)
        if level is not None or para.style.name == "Title" or para.style.name.startswith("Heading"):
            found.append((para.style.name, level, para.text))
    return found


def test_titles_and_headings_are_in_heading_styles_in_order(word_files):
    for name, document in word_files.items():
        found = headings(document)
        assert found and found[0][0] == "Title", f"{name} starts without a title: {found[:1]}"
        for style, level, text in found:
            assert style == "Title" or style.startswith("Heading "), f"{name}: '{text}' is a heading in {style}"
            assert level == (1 if style == "Title" else int(style.split()[-1])), f"{name}: {style} at level {level}"
        levels = [level for _, level, _ in found]
        jumps = [(before, after) for before, after in zip(levels, levels[1:]) if after > before + 1]
        assert not jumps, f"{name} jumps from heading level {jumps[0][0]} to {jumps[0][1]}"
    styles = {name: [style for style, _, _ in headings(document)] for name, document in word_files.items()}
    assert styles["agenda"][:3] == ["Title", "Title", "Heading 2"], "the meeting, the agenda, its first day"
    assert styles["report"][:2] == ["Title", "Heading 2"] and styles["report"].count("Heading 2") == 5
    assert styles["list of participants"] == ["Title", "Title"] + ["Heading 1"] * 5, "the five groups"
    assert styles["adopted statement"] == ["Title"] * 3, "the meeting, the statement, its attachment"


def test_data_tables_mark_their_heading_row_and_say_what_they_hold(word_files):
    tables = 0
    for name, document in word_files.items():
        for grid in document.tables:
            properties = grid._tbl.tblPr
            caption = properties.find(qn("w:tblCaption"))
            marked = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in grid.rows]
            if caption is not None:
                tables += 1
                assert caption.get(qn("w:val")).strip(), f"{name}: a table with an empty caption"
                assert marked[0], f"{name}: the table '{caption.get(qn('w:val'))}' has no heading row"
                assert marked == sorted(marked, reverse=True), f"{name}: a heading row after a body row"
            else:
                look = properties.find(qn("w:tblLook"))
                assert not any(marked), f"{name}: a layout table has a heading row"
                assert look is not None and look.get(qn("w:firstRow")) == "0", f"{name}: a layout table reads as data"
    assert tables >= 40, "the agendas, comparisons and the list of participants have data tables"

    def captions(document):
        return [grid._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) for grid in document.tables]
    agenda = word_files["agenda"]
    assert captions(agenda) == [text for style, _, text in headings(agenda) if style == "Heading 2"], "each day's"
    participants = word_files["list of participants"]
    assert captions(participants)[0] == participants.tables[0].rows[1].cells[0].text, "a delegation's, its name"


def test_every_file_has_its_title_and_language_in_its_properties_and_alt_text_on_any_image(word_files):
    for name, document in word_files.items():
        properties = document.core_properties
        assert properties.title.strip(), f"{name} has no title"
        assert properties.language == settings()["language"], f"{name} is in {properties.language!r}"
        parts = [document.part, *(section.header.part for section in document.sections),
                 *(section.footer.part for section in document.sections)]
        for part in parts:
            for image in part.element.iter(WP_DOC_PR):
                assert image.get("descr", "").strip(), f"{name}: image '{image.get('name')}' has no alt text"
