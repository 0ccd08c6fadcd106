"""Circulated versions: symbols from the register, frozen for good, readable by every role; the rapporteurs'
summaries and the report."""
import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from planner import db
from planner.documents.report import report_document
from planner.documents.statement import statement_document
from planner.errors import ImmutableVersion, NotFound, PermissionDenied, PlannerError, StaleEdit
from planner.meetings import planning, timetable
from planner.models import AgendaItemKind, MeetingStatus, Paragraph
from planner.statement import drafting, report, versions
from planner.statement.report import StatementAnnex
from tests.conftest import delegate_of


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting(title="Meeting of the Chiefs of Police", start_date=dt.date(2027, 5, 10),
                              end_date=dt.date(2027, 5, 10), registration_deadline=dt.date(2027, 4, 20))
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime", "terrorism", "cyber_crime"])
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        drafting.draft_from_priorities(session, organizer, meeting_id)
    return meeting_id


def circulate(organizer, meeting_id, on):
    with db.transaction() as session:
        return versions.circulate(session, organizer, meeting_id, issued_on=on)


def test_the_first_circulation_takes_a_number_and_later_ones_a_revision(meeting_id, organizer):
    first = circulate(organizer, meeting_id, dt.date(2027, 4, 1))
    with db.transaction() as session:
        drafting.add_paragraph(session, organizer, meeting_id, kind="operative", text="Agree to meet in working groups;")
    second = circulate(organizer, meeting_id, dt.date(2027, 4, 8))
    assert (first.number, second.number) == (1, 2)
    assert first.symbol.startswith("CIO.GAL/") and first.symbol.endswith("/27")
    assert second.symbol == f"{first.symbol}/Rev.1" and second.issued_on == dt.date(2027, 4, 8)
    with db.transaction() as session:
        one = versions.circulated_text(session, organizer, meeting_id, 1)
        two = versions.circulated_text(session, organizer, meeting_id)
        draft = versions.draft_text(session, organizer, meeting_id)
    assert len(two.paragraphs) == len(one.paragraphs) + 1
    assert [p.key for p in one.paragraphs] == [p.key for p in two.paragraphs if p.key in {q.key for q in one.paragraphs}]
    assert [p.key for p in draft.paragraphs] == [p.key for p in two.paragraphs]  # the key is carried from version to version


def test_a_circulated_version_never_changes(meeting_id, organizer):
    circulate(organizer, meeting_id, dt.date(2027, 4, 1))
    with db.transaction() as session:
        frozen = versions.circulated_text(session, organizer, meeting_id, 1).paragraphs
    for change in (lambda s: drafting.edit_paragraph(s, organizer, frozen[0].id, "Recalling nothing;"),
                   lambda s: drafting.delete_paragraph(s, organizer, frozen[0].id),
                   lambda s: drafting.move_paragraph(s, organizer, frozen[0].id, 1)):
        with pytest.raises(ImmutableVersion, match="circulated"), db.transaction() as session:
            change(session)
    with pytest.raises(ImmutableVersion), db.transaction() as session:  # even past the services
        session.get(Paragraph, frozen[0].id).text = "Rewritten behind the services' back;"
    with pytest.raises(ImmutableVersion), db.transaction() as session:
        session.delete(session.get(Paragraph, frozen[0].id))
    with db.transaction() as session:  # the draft goes on changing, the version does not
        draft = versions.draft_text(session, organizer, meeting_id).paragraphs
        drafting.edit_paragraph(session, organizer, draft[0].id, "Recalling our own history;")
        assert versions.circulated_text(session, organizer, meeting_id, 1).paragraphs[0].text == frozen[0].text


def test_circulating_a_draft_someone_changed_since_is_refused(meeting_id, organizer):
    with db.transaction() as session:
        seen = drafting.working_draft(session, organizer, meeting_id).version
        drafting.add_clause(session, organizer, meeting_id, "closing-polis")
    with pytest.raises(PlannerError, match="changed by someone else"), db.transaction() as session:
        versions.circulate(session, organizer, meeting_id, expected_draft_version=seen)


def test_delegates_and_the_secretariat_read_circulated_versions_only(meeting_id, organizer, secretariat, austria_delegate):
    for reader in (secretariat, austria_delegate):
        with db.transaction() as session:
            assert versions.circulated_versions(session, reader, meeting_id) == []
        with pytest.raises(PermissionDenied), db.transaction() as session:
            versions.draft_text(session, reader, meeting_id)
        with pytest.raises(PermissionDenied), db.transaction() as session:
            versions.circulate(session, reader, meeting_id)
    circulate(organizer, meeting_id, dt.date(2027, 4, 1))
    for reader in (secretariat, austria_delegate):
        with db.transaction() as session:
            text = versions.circulated_text(session, reader, meeting_id)
            assert text.version.number == 1 and Document(io.BytesIO(statement_document(session, reader, text))).paragraphs
    with pytest.raises(NotFound, match="no version 3; circulated versions: 1"), db.transaction() as session:
        versions.circulated_text(session, austria_delegate, meeting_id, 3)


def test_the_circulated_statement_carries_its_symbol_and_date(meeting_id, organizer):
    version = circulate(organizer, meeting_id, dt.date(2027, 4, 1))
    with db.transaction() as session:
        text = versions.circulated_text(session, organizer, meeting_id)
        document = Document(io.BytesIO(statement_document(session, organizer, text)))
    assert [p.text for p in document.paragraphs[:4]] == ["DRAFT", version.symbol, "1 April 2027", "Original: ENGLISH"]


def items_of(organizer, meeting_id):
    with db.transaction() as session:
        return report.reported_items(session, organizer, meeting_id)


def test_summaries_after_the_start_by_the_named_rapporteur_or_an_organizer(meeting_id, organizer, austria_delegate):
    items = items_of(organizer, meeting_id)
    assert [r.item.kind for r in items] == [AgendaItemKind.opening] + [AgendaItemKind.session] * 3 + [AgendaItemKind.closing]
    session_item = items[1].item
    with db.transaction() as session:
        session.get(type(session_item), session_item.id).rapporteur = "Anna Huber"
    anna = austria_delegate.__class__(**{**austria_delegate.__dict__, "name": "Anna Huber (Delegation of Austria)"})
    someone = delegate_of("Türkiye")
    with pytest.raises(PlannerError, match="once the meeting has started"), db.transaction() as session:
        report.record_summary(session, anna, session_item.id, summary="Early.", recommendations="", today=dt.date(2027, 5, 9))
    with pytest.raises(PermissionDenied, match="Only the rapporteur"), db.transaction() as session:
        report.record_summary(session, someone, session_item.id, summary="Not mine.", recommendations="", today=dt.date(2027, 5, 10))
    with db.transaction() as session:
        written = report.record_summary(session, anna, session_item.id, summary="We discussed threats.\nAt length.",
                                        recommendations="Share assessments\nTrain analysts", today=dt.date(2027, 5, 10))
    with pytest.raises(PermissionDenied), db.transaction() as session:  # Anna is rapporteur of this item only
        report.record_summary(session, anna, items[2].item.id, summary="x", recommendations="", today=dt.date(2027, 5, 10))
    with db.transaction() as session:
        report.record_summary(session, organizer, session_item.id, summary="Rewritten by the Chairmanship.",
                              recommendations="", expected_version=written.version, today=dt.date(2027, 5, 10))
    with pytest.raises(StaleEdit), db.transaction() as session:
        report.record_summary(session, anna, session_item.id, summary="On an old copy.", recommendations="",
                              expected_version=written.version, today=dt.date(2027, 5, 10))


def test_the_report_lists_items_in_agenda_order_and_annexes_the_statement(meeting_id, organizer):
    items = items_of(organizer, meeting_id)
    with db.transaction() as session:
        for number, reported in enumerate(items, start=1):
            report.record_summary(session, organizer, reported.item.id, summary=f"Summary number {number}.",
                                  recommendations=f"Recommendation {number}" if number % 2 else "", today=dt.date(2027, 5, 10))
    version = circulate(organizer, meeting_id, dt.date(2027, 4, 1))
    with db.transaction() as session:
        document = Document(io.BytesIO(report_document(session, organizer, meeting_id, today=dt.date(2027, 5, 20),
                                                        annex=StatementAnnex.latest_version)))
    lines = [p.text for p in document.paragraphs]
    positions = [lines.index(r.item.title) for r in items]
    assert positions == sorted(positions)
    assert [lines.index(f"Summary number {n}.") for n in range(1, len(items) + 1)] == sorted(
        lines.index(f"Summary number {n}.") for n in range(1, len(items) + 1))
    assert "Recommendation 1" in lines and "Recommendation 2" not in lines
    annex = lines.index("Annex")
    assert annex > positions[-1] and lines[annex + 2:annex + 4] == ["DRAFT", version.symbol]
    assert "Draft statement" in lines[annex:]
    numbered = [p for p in document.paragraphs[annex:] if p._p.pPr is not None and p._p.pPr.find(qn("w:numPr")) is not None]
    assert numbered and "PAGE" in document.sections[0].footer.paragraphs[0]._p.xml
