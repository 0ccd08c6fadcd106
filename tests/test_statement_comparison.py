"""Comparing two circulated versions: in Word as tracked changes under the delegations' names and the Chairmanship's,
brackets included, as a working file for information with no symbol of its own, and from the command line; accepting
every revision gives the newer version as circulated, rejecting every one the older."""
import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from planner import db
from planner.errors import NotFound, PlannerError
from planner.documents.comparison import comparison_document, comparison_file_name
from planner.models import AmendmentKind
from planner.statement import amendments, brackets, comparison, drafting, versions
from tests.revisions import authors, resolved
from tests.test_amendments import austria, meeting_id, operative_keys, propose, turkiye  # noqa: F401 - fixtures
from tests.test_cli import planner


@pytest.fixture
def revised(meeting_id, organizer, austria, turkiye):  # noqa: F811
    """Version 2: Austria's replacement and Türkiye's insertion accepted, a deletion by the Chairmanship."""
    first, second, third = operative_keys(organizer, meeting_id)[:3]
    replace = propose(austria, meeting_id, first, text="Agree to intensify police co-operation across borders;")
    insert = propose(turkiye, meeting_id, second, AmendmentKind.insert_after, "Encourage joint training;")
    with db.transaction() as session:
        amendments.accept(session, organizer, replace.id)
        amendments.accept(session, organizer, insert.id)
        drafting.delete_paragraph(session, organizer, next(
            p.id for p in versions.draft_text(session, organizer, meeting_id).paragraphs if p.key == third))
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 8))
    return meeting_id


def body(content: bytes):
    return [p._p for p in Document(io.BytesIO(content)).paragraphs]


def test_the_comparison_names_each_delegation_and_resolves_to_either_version(revised, organizer):
    with db.transaction() as session:
        compared = comparison.comparison(session, organizer, revised, 1, 2)
        content = comparison_document(session, organizer, compared)
    paragraphs = body(content)
    assert authors(paragraphs) == {"Austria", "Türkiye", "Chairmanship of Slovakia"}
    newer, older = ([p.text for p in t.paragraphs] for t in (compared.newer, compared.older))
    assert resolved(paragraphs, accept=True)[-len(newer):] == newer
    assert resolved(paragraphs, accept=False)[-len(older):] == older
    [austria_change] = [p for p in compared.paragraphs() if p.author == "Austria"]
    assert austria_change.newer_text == "Agree to intensify police co-operation across borders;"
    changed = [p for p in compared.paragraphs() if p.change.value != "same"]
    assert [(p.author, p.change.value) for p in changed if p.author.startswith("Chairmanship")] == [
        ("Chairmanship of Slovakia", "deleted")]


def test_comparing_a_version_with_itself_or_a_later_one_is_refused(revised, organizer):
    with pytest.raises(PlannerError, match="earlier"), db.transaction() as session:
        comparison.comparison(session, organizer, revised, 2, 1)
    with pytest.raises(NotFound, match="no version 7"), db.transaction() as session:
        comparison.comparison(session, organizer, revised, 7)


def test_export_compare_to_writes_the_tracked_file_and_a_missing_version_exits_1(revised, tmp_path):
    out = tmp_path / "compared.docx"
    done = planner("export", "statement", str(revised), "--out", str(out), "--compare-to", "1", "--version", "2")
    assert done.returncode == 0, done.stderr
    assert authors(body(out.read_bytes())) == {"Austria", "Türkiye", "Chairmanship of Slovakia"}
    missing = planner("export", "statement", str(revised), "--out", str(out), "--compare-to", "5")
    assert missing.returncode == 1 and "no version 5" in missing.stderr and "Traceback" not in missing.stderr


def test_the_comparison_is_a_working_file_with_no_symbol_of_its_own(revised, organizer):
    with db.transaction() as session:
        compared = comparison.comparison(session, organizer, revised, 1, 2)
        document = Document(io.BytesIO(comparison_document(session, organizer, compared)))
        name = comparison_file_name(compared)
    older, newer = compared.older.version.symbol, compared.newer.version.symbol
    line = f"Comparison of {older} with {newer} — for information"
    assert [p.text for p in document.paragraphs[:2]] == [line, "8 April 2027"]
    assert document.paragraphs[0].style.name == "Header Line"
    assert [p.text for p in document.paragraphs if p.style.name == "Title"][-1] == "Draft statement"  # as both texts
    section = document.sections[0]
    assert [p.text for p in section.header.paragraphs] == [line, "– 1 –"]  # pages after the first, with the number
    assert " PAGE " in section.header._element.xml
    assert section.different_first_page_header_footer and [p.text for p in section.first_page_header.paragraphs] == [""]
    assert " PAGE " in section.first_page_footer._element.xml
    everything = [p.text for p in document.paragraphs] + [p.text for p in document.sections[0].header.paragraphs]
    assert not any(text in (older, newer) for text in everything)
    assert document.core_properties.identifier == ""
    assert document.core_properties.title.startswith(f"Comparison of {older} with {newer}: ")
    assert name == f"Comparison-of-{older.replace('/', '_')}-with-{newer.replace('/', '_')}.docx"


def circulate(organizer, meeting_id, on):
    with db.transaction() as session:
        versions.circulate(session, organizer, meeting_id, issued_on=on)


def test_brackets_show_in_both_texts_and_placing_or_lifting_one_is_a_tracked_change(revised, organizer, austria):
    first = operative_keys(organizer, revised)[0]
    with db.transaction() as session:
        words = next(p for p in versions.draft_text(session, organizer, revised).paragraphs if p.key == first).text
        span = words.split()[1]
        bracket = brackets.place(session, organizer, revised, first, austria.delegation_id, span)
    circulate(organizer, revised, dt.date(2027, 4, 9))
    with db.transaction() as session:
        brackets.lift(session, austria, bracket.id)
    circulate(organizer, revised, dt.date(2027, 4, 10))
    with db.transaction() as session:
        placed = comparison.comparison(session, organizer, revised, 2, 3)
        lifted = comparison.comparison(session, organizer, revised, 3, 4)
        placed_file, lifted_file = (body(comparison_document(session, organizer, c)) for c in (placed, lifted))
        texts = {n: versions.circulated_text(session, organizer, revised, n) for n in (3, 4)}
    assert [p.text for p in texts[3].paragraphs] == [p.text for p in texts[4].paragraphs]  # only the bracket went
    bracketed = words.replace(span, f"[{span}]", 1)
    for compared, file, (before, after), mark in ((placed, placed_file, (words, bracketed), qn("w:ins")),
                                                 (lifted, lifted_file, (bracketed, words), qn("w:del"))):
        [changed] = [p for p in compared.paragraphs() if p.change.value != "same"]
        assert (changed.older_text, changed.newer_text) == (before, after)
        assert [p.text for p in changed.pieces if p.change.value != "same"] == ["[", "]"]
        assert changed.authors == ["Chairmanship of Slovakia"]
        assert [t.text for e in (x for p in file for x in p.iter(mark)) for t in e.iter(qn("w:t"), qn("w:delText"))] \
            == ["[", "]"]
        assert authors(file) == {"Chairmanship of Slovakia"}
        assert bracketed in resolved(file, accept=mark == qn("w:ins"))
        assert words in resolved(file, accept=mark == qn("w:del"))
