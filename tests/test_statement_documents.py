"""The statement and the report as Word files: OSCE header, numbering by numPr, page numbers, any admitted text."""
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from planner import db, meetings
from planner.documents.statement import statement_document
from planner.models import ParagraphKind
from planner.statement import drafting, versions
from planner.text import multiline_problem

NUM_PR = qn("w:numPr")


def numbering_of(paragraph):
    num_pr = paragraph._p.find(qn("w:pPr") + "/" + NUM_PR) if paragraph._p.pPr is not None else None
    return None if num_pr is None else num_pr.find(qn("w:numId")).get(qn("w:val"))


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting(title="Second Meeting of the Chiefs of Police of the OSCE Participating States",
                              city="Bratislava")
    with db.transaction() as session:
        meetings.set_priorities(session, organizer, meeting_id, ["organized_crime", "cyber_crime"])
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
    assert titles == ["Second Meeting of the Chiefs of Police of the OSCE Participating States", "Statement"]
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
