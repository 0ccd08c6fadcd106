"""The statement and the report as Word files: OSCE header, numbering by numPr, page numbers, any admitted text; the
DRAFT mark on every version before adoption, the adopted text with its attachments, the report's annex, wording and
readers."""
import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from planner import db
from planner.dates import long_date
from planner.documents.report import report_document
from planner.documents.statement import (
    adopted_document, adopted_file_name, file_name as statement_file_name, statement_document,
)
from planner.errors import PermissionDenied, PlannerError
from planner.meetings import planning, timetable
from planner.models import MeetingStatus, ParagraphKind
from planner.statement import brackets, drafting, interpretative, silence, versions
from planner.statement.report import StatementAnnex, issue_report, reported_items
from planner.text import multiline_problem
from tests.conftest import delegate_of, invite_and_send_to

NUM_PR = qn("w:numPr")


def numbering_of(paragraph):
    num_pr = paragraph._p.find(qn("w:pPr") + "/" + NUM_PR) if paragraph._p.pPr is not None else None
    return None if num_pr is None else num_pr.find(qn("w:numId")).get(qn("w:val"))


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting(title="Second Meeting of the Chiefs of Police of the OSCE Participating States",
                              city="Bratislava")
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime", "cyber_crime"])
        drafting.draft_from_priorities(session, organizer, meeting_id)
    return meeting_id


def draft_docx(organizer, meeting_id):
    with db.transaction() as session:
        text = versions.draft_text(session, organizer, meeting_id)
        return text, Document(io.BytesIO(statement_document(session, organizer, text)))


def test_the_draft_looks_like_an_osce_statement_marked_draft(meeting_id, organizer):
    text, document = draft_docx(organizer, meeting_id)
    lines = [p.text for p in document.paragraphs]
    assert lines[0] == "DRAFT" and lines[2] == "Original: ENGLISH"
    assert [document.paragraphs[i].style.name for i in range(3)] == ["Draft Mark", "Header Line", "Header Line"]
    assert document.styles["Header Line"].paragraph_format.alignment == 2  # right-aligned
    assert "Organization for Security and Co-operation in Europe" in lines
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == ["Second Meeting of the Chiefs of Police of the OSCE Participating States", "Draft statement"]
    assert document.styles["Title"].font.all_caps  # in capitals, by the style
    assert "Chairmanship: Slovakia" in lines
    assert any(line.startswith("We, the Chiefs of Police of the OSCE participating States, meeting in Bratislava") for line in lines)
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer


def test_operative_paragraphs_are_numbered_by_word_and_preamble_clauses_are_not(meeting_id, organizer):
    text, document = draft_docx(organizer, meeting_id)
    by_text = {p.text: p for p in document.paragraphs}
    preamble = [p for p in text.paragraphs if p.kind == ParagraphKind.preamble]
    numbered = [p for p in text.paragraphs if p.kind != ParagraphKind.preamble]
    assert all(numbering_of(by_text[p.text]) is None for p in preamble)
    ids = {numbering_of(by_text[p.text]) for p in numbered}
    assert len(ids) == 1 and None not in ids
    assert not any(p.text[:3].rstrip(".").isdigit() for p in numbered)  # no typed numbers
    numbering = document.part.numbering_part.element
    num_id = ids.pop()
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    assert num.find(qn("w:lvlOverride") + "/" + qn("w:startOverride")).get(qn("w:val")) == "1"
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    level = abstract.find(qn("w:lvl"))
    assert level.find(qn("w:numFmt")).get(qn("w:val")) == "decimal"
    assert level.find(qn("w:lvlText")).get(qn("w:val")) == "%1."


ADMITTED = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=120)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=ADMITTED)
def test_any_text_the_text_rule_admits_ends_up_in_a_word_file_that_opens(meeting_id, organizer, typed):
    assume(multiline_problem(typed) is None and typed.strip())
    with db.transaction() as session:
        added = drafting.add_paragraph(session, organizer, meeting_id, kind="operative", text=typed)
    try:
        _, document = draft_docx(organizer, meeting_id)
        stored = added.text
        assert any(p.text == stored for p in document.paragraphs)
    finally:
        with db.transaction() as session:
            drafting.delete_paragraph(session, organizer, added.id)


HELD = dt.date(2026, 5, 11)
EXPIRY = dt.datetime(2026, 6, 1, 10, tzinfo=dt.timezone.utc)


def lines_of(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def titles_of(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Title"]


def page_breaks_in_runs(document) -> int:
    """Page breaks typed as a character (w:br type=page): a paragraph of its own holding one makes a blank page when
    the page before it is full."""
    return sum(1 for br in document.element.body.iter(qn("w:br")) if br.get(qn("w:type")) == "page")


@pytest.fixture
def negotiated(make_meeting, organizer):
    """A meeting held on 11 May 2026. Version 1 of its statement went out before it with words in brackets held by
    Türkiye, version 2 after it without; version 2 was adopted when silence expired on 1 June 2026, and Türkiye and
    Austria made interpretative statements."""
    meeting_id = make_meeting(title="Second Meeting of the Chiefs of Police of the OSCE Participating States",
                              start_date=HELD, end_date=HELD, registration_deadline=HELD - dt.timedelta(days=20),
                              chairmanship_year=2026)
    turkiye, austria = delegate_of("Türkiye"), delegate_of("Austria")
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime", "cyber_crime"])
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        invite_and_send_to(session, organizer, meeting_id, "Austria", "Türkiye", on=HELD - dt.timedelta(days=40))
        drafting.draft_from_priorities(session, organizer, meeting_id)
        key = next(p.key for p in versions.draft_text(session, organizer, meeting_id).paragraphs
                   if p.kind == ParagraphKind.operative)
        held = brackets.place(session, organizer, meeting_id, key, turkiye.delegation_id)
        versions.circulate(session, organizer, meeting_id, issued_on=HELD - dt.timedelta(days=7))
        brackets.lift(session, turkiye, held.id)
        versions.circulate(session, organizer, meeting_id, issued_on=HELD + dt.timedelta(days=3))
        silence.start(session, organizer, meeting_id, expires_at=EXPIRY, now=EXPIRY - dt.timedelta(days=7))
    with db.transaction() as session:
        for delegate, text in ((turkiye, "Türkiye joined the consensus.\n\nIt reads paragraph 1 as follows."),
                               (austria, "Austria reads paragraph 2 as follows.")):
            interpretative.submit(session, delegate, meeting_id, text, now=EXPIRY + dt.timedelta(days=1))
    return meeting_id


def version_docx(actor, meeting_id, number):
    with db.transaction() as session:
        text = versions.circulated_text(session, actor, meeting_id, number)
        return text, Document(io.BytesIO(statement_document(session, actor, text)))


def adopted_docx(actor, meeting_id):
    with db.transaction() as session:
        adopted = silence.adopted(session, actor, meeting_id)
        content = adopted_document(session, actor, adopted, interpretative.attached(session, actor, meeting_id))
        return adopted, Document(io.BytesIO(content))


def test_every_circulated_version_is_a_draft_with_its_symbol(negotiated, organizer):
    austria = delegate_of("Austria")
    for number, bracketed in ((1, True), (2, False)):
        text, document = version_docx(austria, negotiated, number)
        version = text.version
        lines = lines_of(document)
        assert lines[:4] == ["DRAFT", version.symbol, long_date(version.issued_on), "Original: ENGLISH"]
        assert [p.style.name for p in document.paragraphs[:2]] == ["Draft Mark", "Header Line"]
        assert titles_of(document)[-1] == "Draft statement" and document.styles["Title"].font.all_caps
        assert document.core_properties.title.startswith("Draft statement: ")
        assert any("[" in line for line in lines) is bracketed
        assert statement_file_name(text) == version.symbol.replace("/", "_") + ".docx"


def test_the_adopted_statement_has_its_own_symbol_no_draft_mark_and_numbered_attachments(negotiated, organizer):
    adopted, document = adopted_docx(delegate_of("Germany"), negotiated)
    symbol, date = adopted.adopted_document.symbol, long_date(adopted.adopted_document.issued_on)
    lines = lines_of(document)
    assert lines[:3] == [symbol, "1 June 2026", "Original: ENGLISH"] and date == "1 June 2026"
    assert symbol != adopted.version.symbol and "/Rev." not in symbol
    assert "DRAFT" not in lines and not any("[" in line or "]" in line for line in lines)
    assert titles_of(document)[1] == "Statement"
    assert ("The statement is accompanied by 2 interpretative statements: by the delegation of Türkiye (attachment 1); "
            "by the delegation of Austria (attachment 2).") in lines
    assert page_breaks_in_runs(document) == 0, "no page break in a paragraph of its own: no blank page"
    starts = [p for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert [p.text for p in starts] == [symbol, symbol]
    for number, (start, delegation, first_line) in enumerate(
            zip([i for i, p in enumerate(document.paragraphs) if p.paragraph_format.page_break_before],
                ["Türkiye", "Austria"], ["Türkiye joined the consensus.", "Austria reads paragraph 2 as follows."]),
            start=1):
        assert lines[start:start + 7] == [symbol, date, f"Attachment {number}", "Original: ENGLISH",
                                          "Interpretative statement " + interpretative.RULE,
                                          f"By the delegation of {delegation}:", first_line]
        assert [p.style.name for p in document.paragraphs[start:start + 5]] == ["Header Line"] * 4 + ["Title"]
    assert "It reads paragraph 1 as follows." in lines
    assert adopted_file_name(adopted) == symbol.replace("/", "_") + ".docx"


def report_lines(actor, meeting_id, **options) -> tuple[list[str], object]:
    with db.transaction() as session:
        document = Document(io.BytesIO(report_document(session, actor, meeting_id, **options)))
    return lines_of(document), document


def opening_of(lines: list[str]) -> str:
    return next(line for line in lines if line.startswith("The Second Meeting"))


def test_the_report_is_issued_once_the_meeting_has_started_and_its_draft_speaks_of_the_future(make_meeting, organizer):
    meeting_id = make_meeting(title="Second Meeting of the Chiefs of Police")  # 10 May 2027
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"])
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
    with pytest.raises(PlannerError, match="once the meeting has started, on 10 May 2027"), db.transaction() as session:
        issue_report(session, organizer, meeting_id)
    with pytest.raises(PlannerError, match="on 10 May 2027"), db.transaction() as session:
        issue_report(session, organizer, meeting_id, issued_on=dt.date(2027, 5, 9))
    before, document = report_lines(organizer, meeting_id, today=dt.date(2027, 4, 1))
    assert before[0] == "DRAFT" and "1 April 2027" in before
    assert opening_of(before).startswith("The Second Meeting of the Chiefs of Police will take place in Vienna (Hofburg)")
    assert "The rapporteur's summary will follow the discussion." in before
    assert "No summary has been recorded for this item." not in before and "Annex" not in before
    during, _ = report_lines(organizer, meeting_id, today=dt.date(2027, 5, 11))
    assert " is taking place in Vienna" in opening_of(during)
    after, _ = report_lines(organizer, meeting_id, today=dt.date(2027, 5, 20))
    assert " took place in Vienna" in opening_of(after) and "No summary has been recorded for this item." in after
    with db.transaction() as session:
        issued = issue_report(session, organizer, meeting_id, issued_on=dt.date(2027, 5, 10))
    assert issued.symbol.startswith("CIO.GAL/") and issued.title.endswith(", without the statement")


def test_the_report_annexes_the_adopted_statement_with_its_attachments(negotiated, organizer):
    with db.transaction() as session:
        issued = issue_report(session, organizer, negotiated, issued_on=dt.date(2026, 6, 5))
        adopted = silence.adopted(session, organizer, negotiated)
    symbol = adopted.adopted_document.symbol
    lines, document = report_lines(delegate_of("Germany"), negotiated)
    assert lines[:3] == [issued.symbol, "5 June 2026", "Original: ENGLISH"] and "DRAFT" not in lines
    assert opening_of(lines).endswith(f"took place in Vienna (Hofburg) on 11 May 2026, convened by the Chairmanship of "
                                      f"Slovakia in 2026. This report gives, item by item of the agenda, the rapporteurs' "
                                      f"summaries of the discussion and their recommendations. The statement adopted "
                                      f"under the silence procedure, {symbol}, is annexed with 2 interpretative "
                                      f"statements attached.")
    annex = lines.index("Annex")
    assert document.paragraphs[annex].paragraph_format.page_break_before
    assert lines[annex + 1:annex + 4] == [symbol, "1 June 2026", "Original: ENGLISH"]
    assert titles_of(document)[-4:] == ["Second Meeting of the Chiefs of Police of the OSCE Participating States",
                                        "Statement"] + ["Interpretative statement " + interpretative.RULE] * 2
    assert "Attachment 1" in lines and "Attachment 2" in lines and not any("[" in line for line in lines)
    assert page_breaks_in_runs(document) == 0
    assert [p.text for p in document.paragraphs if p.paragraph_format.page_break_before] == ["Annex", symbol, symbol]


def test_until_the_statement_is_adopted_the_organizer_chooses_the_annex_and_the_issued_report_keeps_it(
        make_meeting, organizer):
    meeting_id = make_meeting(title="Second Meeting of the Chiefs of Police", start_date=HELD, end_date=HELD,
                              registration_deadline=HELD, chairmanship_year=2026)
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"])
        drafting.draft_from_priorities(session, organizer, meeting_id)
        version = versions.circulate(session, organizer, meeting_id, issued_on=HELD)
    with pytest.raises(PlannerError, match="choose whether the report annexes"), db.transaction() as session:
        report_document(session, organizer, meeting_id)
    with pytest.raises(PlannerError, match="choose whether the report annexes"), db.transaction() as session:
        issue_report(session, organizer, meeting_id, issued_on=HELD)
    draft, document = report_lines(organizer, meeting_id, annex=StatementAnnex.latest_version)
    annex = draft.index("Annex")
    assert draft[annex + 1:annex + 4] == ["Draft under negotiation: not adopted", "DRAFT", version.symbol]
    assert "Draft statement" in titles_of(document)
    with db.transaction() as session:
        issued = issue_report(session, organizer, meeting_id, issued_on=HELD, annex=StatementAnnex.none)
        silence.start(session, organizer, meeting_id, expires_at=EXPIRY, now=EXPIRY - dt.timedelta(days=7))
    assert issued.title == "Report of the Chairmanship on the Second Meeting of the Chiefs of Police, without the statement"
    kept, _ = report_lines(organizer, meeting_id, annex=StatementAnnex.latest_version)
    assert kept[0] == issued.symbol and "Annex" not in kept and version.symbol not in "\n".join(kept)
    assert opening_of(kept).endswith("The statement of the meeting is not annexed: it has not been adopted yet.")
    with db.transaction() as session:
        revised = issue_report(session, organizer, meeting_id, issued_on=dt.date(2026, 6, 2))
        adopted = silence.adopted(session, organizer, meeting_id).adopted_document.symbol
    now, _ = report_lines(organizer, meeting_id)
    assert now[0] == revised.symbol == issued.symbol + "/Rev.1" and now[now.index("Annex") + 1] == adopted


def test_delegates_read_the_report_once_issued_and_see_only_the_items_they_report_on(negotiated, organizer):
    anna = delegate_of("Austria")
    anna = type(anna)(**{**anna.__dict__, "name": "Anna Huber (Delegation of Austria)"})
    turkiye = delegate_of("Türkiye")
    with db.transaction() as session:
        rows = [timetable.TimetableRow.of(item)
                for item in timetable.generate_timetable(session, organizer, negotiated, "brussels-2006")]
        rows[1].rapporteur = "Anna Huber"
        timetable.save_timetable(session, organizer, negotiated, rows)
        assert [r.item.title for r in reported_items(session, anna, negotiated)] == [rows[1].title]
        assert reported_items(session, turkiye, negotiated) == []
        assert len(reported_items(session, organizer, negotiated)) > 1
    for delegate in (anna, turkiye):
        with pytest.raises(PermissionDenied, match="not been issued yet"), db.transaction() as session:
            report_document(session, delegate, negotiated)
    with db.transaction() as session:
        issued = issue_report(session, organizer, negotiated, issued_on=dt.date(2026, 6, 5))
    read, _ = report_lines(turkiye, negotiated)
    assert read == report_lines(organizer, negotiated)[0] and read[0] == issued.symbol
    assert rows[0].title in read and rows[1].title in read
    with db.transaction() as session:
        assert len(reported_items(session, turkiye, negotiated)) == len(reported_items(session, organizer, negotiated))
