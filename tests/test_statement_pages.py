"""The statement and report pages through Streamlit's AppTest, and their export commands."""
import datetime as dt
import io

from docx import Document

from planner import db
from planner.documents.report import report_document
from planner.meetings import planning, timetable
from planner.models import MeetingStatus, ParagraphKind
from planner.statement import drafting, silence, versions
from planner.statement.report import StatementAnnex, issued_report
from planner.ui.common import PAGE_SIZE
from tests.test_cli import planner
from tests.test_pages import (  # noqa: F401 - fixtures
    download_in_one_click, downloads, labelled, open_page, people, texts,
)


def test_organizer_drafts_edits_adds_moves_and_circulates(database_url, people, make_meeting, downloads):
    organizer = people["organizer"]
    meeting_id = make_meeting(start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 10))
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism", "cyber_crime"])
    app = open_page("statement", organizer, meeting_id)
    assert "There is no draft yet" in texts(app)
    labelled(app.button, "Draft from the priorities").click().run()
    assert not app.exception and "Draft written from the priorities" in texts(app)
    with db.transaction() as session:
        first = versions.draft_text(session, organizer, meeting_id).paragraphs
    operative = [p for p in first if p.kind == ParagraphKind.operative]

    app.button(key=f"edit_{operative[0].key}").click().run()
    labelled(app.text_area, "Text of the paragraph").input("Commit to counter terrorism *together*;")
    labelled(app.button, "Save").click().run()
    app.button(key=f"down_{operative[0].key}").click().run()
    labelled(app.selectbox, "Priority or theme").select("threat_analysis").run()
    labelled(app.text_input, "Words").input("methods").run()
    app.button(key="add_theme-threat-analysis").click().run()
    app.session_state[f"statement_add_{meeting_id}"] = "Write your own"
    app.run()
    labelled(app.text_area, "Text").input("Agree to review progress <b>yearly</b>;")
    labelled(app.button, "Add the paragraph").click().run()
    assert not app.exception and [t.value for t in app.toast] == ["Paragraph added as operative paragraph 6"]
    assert "Commit to counter terrorism \\*together\\*;" in texts(app)  # shown as typed, not as Markdown
    with db.transaction() as session:
        now = versions.draft_text(session, organizer, meeting_id).paragraphs
    moved = [p for p in now if p.kind == ParagraphKind.operative]
    assert moved[1].key == operative[0].key and moved[1].text == "Commit to counter terrorism *together*;"
    assert {"theme-threat-analysis", None} <= {p.source_clause for p in moved}
    assert moved[-1].text == "Agree to review progress <b>yearly</b>;"

    labelled(app.button, "Circulate as version 1").click().run()
    labelled(app.button, "Yes, circulate as version 1").click().run()
    assert not app.exception and "Version 1 circulated as CIO\\.GAL/" in texts(app)
    circulated = Document(io.BytesIO(download_in_one_click(app, "version 1 (Word)", downloads)))
    assert "Commit to counter terrorism *together*;" in [p.text for p in circulated.paragraphs]


def drafted_meeting(make_meeting, organizer) -> int:
    """A meeting on terrorism with a draft statement from its priorities."""
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"])
        drafting.draft_from_priorities(session, organizer, meeting_id)
    return meeting_id


def editable(app) -> list[str]:
    """The keys of the paragraphs the page offers to edit."""
    return [b.key.removeprefix("edit_") for b in app.button if (b.key or "").startswith("edit_")]


def test_a_long_draft_is_edited_a_page_at_a_time(database_url, people, make_meeting):
    organizer = people["organizer"]
    meeting_id = drafted_meeting(make_meeting, organizer)
    with db.transaction() as session:
        for number in range(PAGE_SIZE):
            drafting.add_paragraph(session, organizer, meeting_id, kind=ParagraphKind.operative,
                                   text=f"Agree on measure {number};")
        keys = [p.key for p in versions.draft_text(session, organizer, meeting_id).paragraphs]
    app = open_page("statement", organizer, meeting_id)
    assert editable(app) == keys[:PAGE_SIZE]
    labelled(app.selectbox, "Show paragraphs").select(1).run()
    assert not app.exception and editable(app) == keys[PAGE_SIZE:]
    app.button(key=f"up_{keys[-1]}").click().run()
    assert not app.exception and [t.value for t in app.toast] == ["Moved up"]


def test_a_stale_page_cannot_undo_someone_elses_change(database_url, people, make_meeting):
    organizer = people["organizer"]
    meeting_id = drafted_meeting(make_meeting, organizer)
    app = open_page("statement", organizer, meeting_id)
    with db.transaction() as session:
        first_operative = next(p for p in versions.draft_text(session, organizer, meeting_id).paragraphs
                               if p.kind == ParagraphKind.operative)
    app.button(key=f"delete_{first_operative.key}").click().run()
    with db.transaction() as session:
        drafting.edit_paragraph(session, organizer, first_operative.id, "Agree on a better wording;")
    labelled(app.button, "Yes, delete operative paragraph 1").click().run()
    assert "changed by someone else" in app.error[0].value
    with db.transaction() as session:
        assert first_operative.key in {p.key for p in versions.draft_text(session, organizer, meeting_id).paragraphs}


def drafted_meeting(make_meeting, organizer) -> int:
    """A planned meeting on one priority, its statement drafted and not circulated."""
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"])
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        drafting.draft_from_priorities(session, organizer, meeting_id)
    return meeting_id


def test_delegates_and_the_secretariat_see_circulated_versions_only(database_url, people, make_meeting, downloads):
    organizer = people["organizer"]
    meeting_id = drafted_meeting(make_meeting, organizer)
    for reader in ("delegate.austria", "secretariat"):
        app = open_page("statement", people[reader], meeting_id)
        assert not app.exception and "No version of the statement has been circulated yet" in texts(app) and not app.tabs
    with db.transaction() as session:
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 1))
    app = open_page("statement", people["delegate.austria"], meeting_id)
    assert not app.exception and "Recalling the Lisbon Declaration" in texts(app)
    assert not downloads  # nothing is built until asked for
    version = Document(io.BytesIO(download_in_one_click(app, "version 1 (Word)", downloads)))
    assert any(p.text.startswith("Recalling the Lisbon Declaration") for p in version.paragraphs)
    assert "Draft from the priorities" not in [b.label for b in app.button]


def test_an_adopted_statement_offers_no_more_drafting(database_url, people, make_meeting):
    organizer = people["organizer"]
    meeting_id = drafted_meeting(make_meeting, organizer)
    with db.transaction() as session:
        versions.circulate(session, organizer, meeting_id)
        started = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)
        silence.start(session, organizer, meeting_id, expires_at=started + dt.timedelta(hours=1), now=started)
    app = open_page("statement", organizer, meeting_id)
    assert not app.exception and "adopted under the silence procedure" in texts(app)
    assert not [b for b in app.button if b.label in ("Circulate now", "Draft from the priorities", "Replace the draft")]


def test_report_page_rapporteurs_write_summaries(database_url, people, make_meeting, monkeypatch, downloads):
    organizer = people["organizer"]
    meeting_id = make_meeting(start_date=dt.date(2020, 5, 10), end_date=dt.date(2020, 5, 10),
                              registration_deadline=dt.date(2020, 4, 1))
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"])
        items = timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        session_item = next(i for i in items if i.kind.value == "session")
        session_item.rapporteur = "Anna Huber"
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
    app = open_page("report", people["delegate.austria"], meeting_id)
    assert not app.exception and len(app.get("form")) == 1  # Anna Huber's own session only
    app.text_area[0].input("Participants compared threat assessments.")
    app.text_area[1].input("Share assessments yearly")
    labelled(app.button, "Save the summary").click().run()
    assert not app.exception and "Summary saved" in texts(app)
    reader = open_page("report", people["secretariat"], meeting_id)
    assert not reader.exception and "Participants compared threat assessments\\." in texts(reader)
    assert not reader.get("form")
    report = Document(io.BytesIO(download_in_one_click(reader, "the report (Word)", downloads)))
    assert "Participants compared threat assessments." in [p.text for p in report.paragraphs]
    assert report.paragraphs[0].text == "DRAFT"
    assert Document(io.BytesIO(report_document_bytes(organizer, meeting_id))).paragraphs[0].text == "DRAFT"
    labelled(reader.button, "Issue the report").click().run()
    labelled(reader.button, "Yes, issue the report").click().run()
    assert not reader.exception and "Issued the report as CIO\\.GAL/" in texts(reader)
    issued = Document(io.BytesIO(report_document_bytes(organizer, meeting_id)))
    assert issued.paragraphs[0].text.startswith("CIO.GAL/") and issued.core_properties.title.startswith("Report of")
    labelled(reader.button, "Issue the report").click().run()
    labelled(reader.button, "Yes, issue the report").click().run()
    assert "/Rev\\.1" in texts(reader)
    assert "Issue the report" not in [b.label for b in open_page("report", people["delegate.austria"], meeting_id).button]


def report_document_bytes(actor, meeting_id: int) -> bytes:
    with db.transaction() as session:
        return report_document(session, actor, meeting_id)


def test_export_commands_for_statement_and_report(database_url, demo_meeting, tmp_path):
    adopted = planner("export", "statement", str(demo_meeting), "--out", str(tmp_path / "s.docx"))
    assert adopted.returncode == 0, adopted.stderr
    first = planner("export", "statement", str(demo_meeting), "--out", str(tmp_path / "s1.docx"), "--version", "1")
    assert first.returncode == 0, first.stderr
    latest = planner("export", "statement", str(demo_meeting), "--out", str(tmp_path / "s4.docx"), "--version", "4")
    assert latest.returncode == 0, latest.stderr
    symbol_adopted = Document(tmp_path / "s.docx").paragraphs[0].text
    first_lines = [p.text for p in Document(tmp_path / "s1.docx").paragraphs]
    assert first_lines[0] == "DRAFT" and [p.text for p in Document(tmp_path / "s4.docx").paragraphs][:2] == [
        "DRAFT", first_lines[1] + "/Rev.3"]
    assert symbol_adopted.startswith("CIO.GAL/") and "/Rev." not in symbol_adopted
    missing = planner("export", "statement", str(demo_meeting), "--out", str(tmp_path / "x.docx"), "--version", "9")
    assert missing.returncode == 1 and "no version 9; circulated versions: 1, 2, 3, 4" in missing.stderr
    assert "Traceback" not in missing.stderr
    draft = planner("export", "statement", str(demo_meeting), "--out", str(tmp_path / "d.docx"), "--draft")
    assert draft.returncode == 0 and Document(tmp_path / "d.docx").paragraphs[0].text == "DRAFT"
    wrong = planner("export", "participants", str(demo_meeting), "--out", str(tmp_path / "a.docx"), "--version", "1")
    assert wrong.returncode == 1 and "belongs to `export statement` and `export agenda`" in wrong.stderr
    report = planner("export", "report", str(demo_meeting), "--out", str(tmp_path / "r.docx"))
    assert report.returncode == 0, report.stderr
    lines = [p.text for p in Document(tmp_path / "r.docx").paragraphs]
    assert "Report of the Chairmanship" in lines and "No summary has been recorded for this item." not in lines
    assert symbol_adopted.endswith("/Add.1"), "the adopted text as last issued: with Türkiye's interpretative statement"
    assert lines[lines.index("Annex") + 1] == symbol_adopted.removesuffix("/Add.1"), "the report annexes the adopted text"


def test_report_page_delegates_read_the_issued_report_only(database_url, people, demo_meeting, downloads):
    with db.transaction() as session:
        titles = [item.title for item in timetable.agenda_items(session, people["organizer"], demo_meeting)]
        issued = issued_report(session, people["organizer"], demo_meeting)
    austria = open_page("report", people["delegate.austria"], demo_meeting)
    assert not austria.exception and f"issued its report as {issued.symbol}" in texts(austria).replace("\\", "")
    shown = [e.label for e in austria.expander]
    assert len(shown) == 1 and len(austria.get("form")) == 1, "Anna Huber's own session only"
    assert not [t for t in titles if t not in shown[0] and t in texts(austria)]
    report = Document(io.BytesIO(download_in_one_click(austria, "the report (Word)", downloads)))
    assert report.paragraphs[0].text == issued.symbol and set(titles) & {p.text for p in report.paragraphs}
    turkiye = open_page("report", people["delegate.turkiye"], demo_meeting)
    assert not turkiye.exception and not turkiye.expander and "Issue the report" not in [b.label for b in turkiye.button]


def test_report_page_refuses_to_issue_before_the_meeting_and_asks_what_to_annex(database_url, people, make_meeting,
                                                                                 downloads):
    organizer = people["organizer"]
    meeting_id = drafted_meeting(make_meeting, organizer)  # 10 May 2027
    with db.transaction() as session:
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        versions.circulate(session, organizer, meeting_id)
    app = open_page("report", organizer, meeting_id)
    assert not app.exception
    waiting = labelled(app.get("download_button"), "Download the report (Word)")
    assert waiting.disabled and "Choose above what the report annexes first" in texts(app)
    labelled(app.radio, "The statement has not been adopted yet. The report should").set_value(
        StatementAnnex.latest_version).run()
    draft = Document(io.BytesIO(download_in_one_click(app, "the report (Word)", downloads)))
    lines = [p.text for p in draft.paragraphs]
    assert lines[0] == "DRAFT" and "Draft under negotiation: not adopted" in lines
    assert labelled(app.button, "Issue the report").disabled, "refused beside the button, not after a click"
    assert "The report is issued once the meeting has started (10 May 2027)" in texts(app)
    with db.transaction() as session:
        assert issued_report(session, organizer, meeting_id) is None
    delegate = open_page("report", people["delegate.austria"], meeting_id)
    assert not delegate.exception and "has not been issued yet" in texts(delegate) and not delegate.expander
