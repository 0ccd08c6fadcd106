"""Comparing two circulated versions: in Word as tracked changes under the delegations' names, and from the
command line; accepting every revision gives the newer version, rejecting every one the older."""
import datetime as dt
import io

import pytest
from docx import Document

from planner import db
from planner.errors import NotFound, PlannerError
from planner.documents.statement import comparison_document
from planner.models import AmendmentKind
from planner.statement import amendments, comparison, drafting, versions
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
    assert authors(paragraphs) == {"Austria", "Türkiye", "Chairmanship"}
    newer, older = ([p.text for p in t.paragraphs] for t in (compared.newer, compared.older))
    assert resolved(paragraphs, accept=True)[-len(newer):] == newer
    assert resolved(paragraphs, accept=False)[-len(older):] == older
    [austria_change] = [p for p in compared.paragraphs() if p.author == "Austria"]
    assert austria_change.newer_text == "Agree to intensify police co-operation across borders;"
    changed = [p for p in compared.paragraphs() if p.change.value != "same"]
    assert [(p.author, p.change.value) for p in changed if p.author == "Chairmanship"] == [("Chairmanship", "deleted")]


def test_comparing_a_version_with_itself_or_a_later_one_is_refused(revised, organizer):
    with pytest.raises(PlannerError, match="earlier"), db.transaction() as session:
        comparison.comparison(session, organizer, revised, 2, 1)
    with pytest.raises(NotFound, match="no version 7"), db.transaction() as session:
        comparison.comparison(session, organizer, revised, 7)


def test_export_compare_to_writes_the_tracked_file_and_a_missing_version_exits_1(revised, tmp_path):
    out = tmp_path / "compared.docx"
    done = planner("export", "statement", str(revised), "--out", str(out), "--compare-to", "1", "--version", "2")
    assert done.returncode == 0, done.stderr
    assert authors(body(out.read_bytes())) == {"Austria", "Türkiye", "Chairmanship"}
    missing = planner("export", "statement", str(revised), "--out", str(out), "--compare-to", "5")
    assert missing.returncode == 1 and "no version 5" in missing.stderr and "Traceback" not in missing.stderr
