"""Comparisons written as Word's tracked changes: accepting every revision gives the newer text, rejecting every one
the older, whatever the scripts; each change carries its author."""
import datetime as dt
import io

from docx import Document
from docx.oxml.ns import qn
from hypothesis import given, settings, strategies as st

from planner.documents.layout import new_document, to_bytes
from planner.documents.tracked_changes import Revisions, mark_row, write_cell, write_comparison
from planner.text import multiline_problem
from planner.text.diff import Change, KeyedText, compare
from tests.revisions import authors, resolved

WHEN = dt.datetime(2027, 4, 8, 9, 30, tzinfo=dt.timezone.utc)
WORDS = st.sampled_from(["Agree", "to", "co-operate", "полиция", "сотрудничество", "الشرطة", "تعاون", "👮", "🇦🇹",
                         "e\u0301", "Ba\u0308der", "\t", "\n", "  ", ";", "[bracket]", "[", "]", "<&>", "\"quoted\""])
TEXT = st.lists(WORDS, max_size=12).map(" ".join).filter(lambda t: multiline_problem(t, 4000) is None)
FREE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"), max_size=40).filter(
    lambda t: multiline_problem(t, 4000) is None)


def bracketed(text: str, start: int, length: int) -> str:
    """Square brackets placed around part of a text, or lifted from it where it has them."""
    if "[" in text or "]" in text:
        return text.replace("[", "").replace("]", "")
    start = min(start, len(text))
    return f"{text[:start]}[{text[start:start + length]}]{text[start + length:]}"


@st.composite
def versions(draw):
    """An older list of keyed paragraphs and a newer one made from it by edits, insertions, deletions and moves."""
    older = [KeyedText(f"k{i}", draw(TEXT | FREE_TEXT)) for i in range(draw(st.integers(0, 6)))]
    newer = []
    for paragraph in older:
        action = draw(st.sampled_from(["keep", "edit", "bracket", "delete"]))
        if action == "keep":
            newer.append(paragraph)
        elif action == "edit":
            newer.append(KeyedText(paragraph.key, draw(TEXT | FREE_TEXT)))
        elif action == "bracket":
            newer.append(KeyedText(paragraph.key, bracketed(paragraph.text, draw(st.integers(0, 40)),
                                                            draw(st.integers(0, 40)))))
    for index in range(draw(st.integers(0, 3))):
        newer.insert(draw(st.integers(0, len(newer))), KeyedText(f"new{index}", draw(TEXT)))
    if len(newer) > 1 and draw(st.booleans()):
        newer.append(newer.pop(draw(st.integers(0, len(newer) - 2))))
    return older, newer


def written(older, newer, authors_by_key=None):
    document = new_document(title="Comparison", author="Chairmanship")
    compared = compare(older, newer, authors=authors_by_key or {}, default_author="Chairmanship")
    write_comparison(document, compared, revisions=Revisions(WHEN))
    reopened = Document(io.BytesIO(to_bytes(document)))
    return [p._p for p in reopened.paragraphs]


@settings(max_examples=150, deadline=None)
@given(versions())
def test_accepting_all_gives_the_newer_text_and_rejecting_all_the_older(pair):
    older, newer = pair
    paragraphs = written(older, newer)
    assert resolved(paragraphs, accept=True) == [p.text for p in newer]
    assert resolved(paragraphs, accept=False) == [p.text for p in older]


def test_each_change_is_dated_and_attributed_to_the_author_of_its_paragraph():
    older = [KeyedText("a", "Agree to co-operate closely;"), KeyedText("b", "Decide to meet again;")]
    newer = [KeyedText("a", "Agree to co-operate more closely;"), KeyedText("c", "Task the Secretariat;")]
    paragraphs = written(older, newer, {"a": "Delegation of Austria", "c": "Delegation of Türkiye"})
    assert authors(paragraphs) == {"Delegation of Austria", "Delegation of Türkiye", "Chairmanship"}
    marks = [e for p in paragraphs for e in p.iter(qn("w:ins"), qn("w:del"))]
    assert {e.get(qn("w:date")) for e in marks} == {"2027-04-08T09:30:00Z"}
    ids = [e.get(qn("w:id")) for e in marks]
    assert len(ids) == len(set(ids))
    inserted_words = [e for e in paragraphs[0].iter(qn("w:ins"))]
    assert [t.text for e in inserted_words for t in e.iter(qn("w:t"))] == ["more "]


def test_word_level_pieces_name_what_changed():
    [compared] = compare([KeyedText("a", "Agree to co-operate;")], [KeyedText("a", "Agree to work together;")],
                         authors={}, default_author="Chairmanship")
    assert compared.change == Change.changed
    assert [(p.change, p.text) for p in compared.pieces] == [
        (Change.same, "Agree to "), (Change.deleted, "co-operate"), (Change.inserted, "work together"), (Change.same, ";")]


def test_placing_or_lifting_a_bracket_changes_only_the_bracket_and_is_the_chairmanships():
    older = [KeyedText("a", "Resolve to [follow] the plan;"), KeyedText("b", "Agree to meet;")]
    newer = [KeyedText("a", "Resolve to follow the plan;"), KeyedText("b", "Agree to [meet];")]
    compared = compare(older, newer, authors={"a": "Austria", "b": "Türkiye"}, default_author="Chairmanship of Malta")
    assert [[(p.change, p.text) for p in c.pieces] for c in compared] == [
        [(Change.same, "Resolve to "), (Change.deleted, "["), (Change.same, "follow"), (Change.deleted, "]"),
         (Change.same, " the plan;")],
        [(Change.same, "Agree to "), (Change.inserted, "["), (Change.same, "meet"), (Change.inserted, "]"),
         (Change.same, ";")]]
    assert [c.authors for c in compared] == [["Chairmanship of Malta"]] * 2
    paragraphs = written(older, newer, {"a": "Austria"})
    assert authors(paragraphs) == {"Chairmanship"}
    assert [t.text for t in paragraphs[0].iter(qn("w:delText"))] == ["[", "]"]
    assert [t.text for t in paragraphs[1].iter(qn("w:t")) if t.getparent().getparent().tag == qn("w:ins")] == ["[", "]"]


def test_a_reworded_phrase_reads_as_one_deletion_and_one_insertion():
    [compared] = compare([KeyedText("a", "Agree to co-operate on all matters;")],
                         [KeyedText("a", "Agree to work together in every field;")],
                         authors={}, default_author="Chairmanship")
    assert [(p.change, p.text) for p in compared.pieces] == [
        (Change.same, "Agree to "), (Change.deleted, "co-operate on all matters"),
        (Change.inserted, "work together in every field"), (Change.same, ";")]


def test_rows_and_cells_carry_their_own_tracked_changes():
    document = new_document(title="Comparison", author="Chairmanship")
    grid = document.add_table(rows=2, cols=1)
    revisions = Revisions(WHEN)
    write_cell(grid.rows[0].cells[0], compare([KeyedText("t", "Lunch")], [KeyedText("t", "Working lunch")],
                                              authors={}, default_author="Chairmanship of Malta"),
               revisions=revisions, empty_style_id="Normal")
    write_cell(grid.rows[1].cells[0], [], revisions=revisions, empty_style_id="Normal")
    mark_row(grid.rows[1], Change.deleted, "Chairmanship of Malta", revisions)
    reopened = Document(io.BytesIO(to_bytes(document))).tables[0]
    first = reopened.rows[0].cells[0]._tc
    assert resolved(first.findall(qn("w:p")), accept=True) == ["Working lunch"]
    assert resolved(first.findall(qn("w:p")), accept=False) == ["Lunch"]
    [deleted_row] = reopened.rows[1]._tr.trPr.findall(qn("w:del"))
    assert deleted_row.get(qn("w:author")) == "Chairmanship of Malta"
    assert [p.text for p in reopened.rows[1].cells[0].paragraphs] == [""]
    ids = [e.get(qn("w:id")) for e in reopened._tbl.iter(qn("w:ins"), qn("w:del"))]
    assert len(ids) == 3 and len(set(ids)) == 3
