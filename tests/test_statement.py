"""The statement: clause library, first draft from the priorities, editing with stale edits refused, roles."""
from pathlib import Path

import pytest
from sqlmodel import select

from planner import db
from planner.access import SYSTEM
from planner.errors import PermissionDenied, PlannerError, StaleEdit
from planner.meetings import planning, timetable
from planner.models import ParagraphKind, Priority
from planner.statement import clauses, drafting
from planner.statement.clauses import ClauseKind, ClauseLibraryError, library

LIBRARY = Path(clauses.__file__).resolve().parents[2] / "templates" / clauses.LIBRARY_FILE


def write_library(tmp_path, clause_text: str, chapeau: str = "We, meeting in {city},") -> Path:
    path = tmp_path / "clauses.yaml"
    path.write_text(
        "placeholders: {city: the city, chairmanship: the Chairmanship}\n"
        f"chapeau: \"{chapeau}\"\nsessions_clause: \"Having discussed {{sessions}};\"\nthemes: {{}}\n"
        f"clauses:\n  - key: one\n    kind: closing\n    text: \"{clause_text}\"\n", encoding="utf-8")
    return path


def test_the_library_loads_with_every_kind_and_every_priority_covered():
    lib = library()
    assert {c.kind for c in lib.clauses} == set(ClauseKind)
    codes = {line.split(",")[0] for line in (LIBRARY.parents[1] / "data" / "priorities.csv").read_text().splitlines()[1:]}
    assert codes <= {c.priority for c in lib.clauses if c.priority}
    assert len({c.theme for c in lib.clauses if c.theme}) == 4
    for clause in lib.search(kind=ClauseKind.preamble):
        assert clause.text.endswith(";") and clause.text.split()[0].endswith("ing")
    assert [c.key for c in lib.search(topic="cyber_crime", words="EVIDENCE")] == ["cyber-capacity"]


def test_an_unknown_placeholder_is_refused_when_the_library_loads(tmp_path):
    assert clauses.load(write_library(tmp_path, "Thank {chairmanship} and {city}.")).clauses[0].key == "one"
    with pytest.raises(ClauseLibraryError, match=r"Clause 1 \(one\): unknown placeholder \{host_city\}"):
        clauses.load(write_library(tmp_path, "Thank the authorities of {host_city}."))
    with pytest.raises(ClauseLibraryError, match="chapeau.*unknown placeholder"):
        clauses.load(write_library(tmp_path, "Thanks.", chapeau="We, meeting in {town},"))
    with pytest.raises(ClauseLibraryError, match="unbalanced braces"):
        clauses.load(write_library(tmp_path, "Thank {city."))


def test_a_preamble_clause_must_open_with_a_participle(tmp_path):
    path = write_library(tmp_path, "x")
    path.write_text(path.read_text().replace("kind: closing", "kind: preamble").replace('"x"', '"We recall things;"'))
    with pytest.raises(ClauseLibraryError, match="participle"):
        clauses.load(path)


@pytest.fixture
def meeting_id(make_meeting, organizer):
    """Priorities chosen in one order, the timetable putting cyber-crime's session first."""
    meeting_id = make_meeting(title="Third Meeting of the Chiefs of Police", city="Vienna")
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime", "terrorism", "cyber_crime"])
        timetable.generate_timetable(session, organizer, meeting_id, "two-day")
        items = timetable.agenda_items(session, SYSTEM, meeting_id)
        by_priority = {i.priority_id: i for i in items if i.priority_id}
        cyber = session.exec(select(Priority).where(Priority.code == "cyber_crime")).one()
        organized = session.exec(select(Priority).where(Priority.code == "organized_crime")).one()
        first, cyber_item = by_priority[organized.id], by_priority[cyber.id]
        first.day, first.start, first.end, cyber_item.day, cyber_item.start, cyber_item.end = (
            cyber_item.day, cyber_item.start, cyber_item.end, first.day, first.start, first.end)
    return meeting_id


def draft(organizer, meeting_id):
    with db.transaction() as session:
        version = drafting.draft_from_priorities(session, organizer, meeting_id)
        return version, drafting.paragraphs_of(session, organizer, version)


def test_the_first_draft_follows_the_priorities_in_session_order(meeting_id, organizer):
    _, paragraphs = draft(organizer, meeting_id)
    kinds = [p.kind for p in paragraphs]
    assert kinds == sorted(kinds, key=drafting.KIND_ORDER.get) and set(kinds) == set(ParagraphKind)
    operative_sources = [p.source_clause for p in paragraphs if p.kind == ParagraphKind.operative]
    by_key = {c.key: c for c in library().clauses}
    topics = [by_key[key].priority or by_key[key].kind.value for key in operative_sources]
    assert topics == ["cyber_crime", "terrorism", "organized_crime", "organized_crime", "partners", "partners"]
    preamble = [p.text for p in paragraphs if p.kind == ParagraphKind.preamble]
    assert any("Chairmanship of Slovakia in 2027 to convene the Third Meeting of the Chiefs of Police in Vienna from 10 to 11 May 2027;"
               in text for text in preamble)
    assert any(text.startswith("Having exchanged views, in the sessions of this meeting, on ") for text in preamble)
    assert all("{" not in p.text for p in paragraphs)
    numbers = [n for n, _ in drafting.numbered(paragraphs)]
    assert numbers[: len(preamble)] == [None] * len(preamble)
    assert numbers[len(preamble):] == list(range(1, len(paragraphs) - len(preamble) + 1))


def test_drafting_again_needs_the_choice_to_replace(meeting_id, organizer):
    version, first = draft(organizer, meeting_id)
    with pytest.raises(PlannerError, match="already has paragraphs"), db.transaction() as session:
        drafting.draft_from_priorities(session, organizer, meeting_id)
    with db.transaction() as session:
        current = drafting.working_draft(session, organizer, meeting_id)
        drafting.draft_from_priorities(session, organizer, meeting_id, replace=True, expected_draft_version=current.version)
        assert len(drafting.paragraphs_of(session, organizer, current)) == len(first)


def test_organizers_add_library_and_own_paragraphs_edit_move_and_delete(meeting_id, organizer):
    version, paragraphs = draft(organizer, meeting_id)
    with db.transaction() as session:
        added = drafting.add_clause(session, organizer, meeting_id, "closing-polis", version.version)
        own = drafting.add_paragraph(session, organizer, meeting_id, kind="operative",
                                     text="Agree to exchange liaison officers — обмен офицерами связи, تبادل 🚓;")
    with db.transaction() as session:
        draft_now = drafting.working_draft(session, organizer, meeting_id)
        drafting.move_paragraph(session, organizer, own.id, -100, draft_now.version)
        order = drafting.paragraphs_of(session, organizer, draft_now)
    operative = [p for p in order if p.kind == ParagraphKind.operative]
    assert operative[0].key == own.key and operative[0].source_clause is None
    assert [p for p in order if p.kind == ParagraphKind.closing][-1].key == added.key
    with db.transaction() as session:
        drafting.edit_paragraph(session, organizer, own.id, "Agree to exchange liaison officers;", operative[0].version)
        drafting.delete_paragraph(session, organizer, paragraphs[0].id, paragraphs[0].version)
        remaining = drafting.paragraphs_of(session, organizer, drafting.working_draft(session, organizer, meeting_id))
    assert paragraphs[0].key not in {p.key for p in remaining}
    assert next(p for p in remaining if p.key == own.key).text == "Agree to exchange liaison officers;"


def test_reorder_keeps_each_paragraph_in_its_part(meeting_id, organizer):
    version, paragraphs = draft(organizer, meeting_id)
    keys = [p.key for p in reversed(paragraphs)]
    with db.transaction() as session:
        drafting.reorder(session, organizer, meeting_id, keys, version.version)
        after = drafting.paragraphs_of(session, organizer, drafting.working_draft(session, organizer, meeting_id))
    assert [p.kind for p in after] == [p.kind for p in paragraphs]
    preamble = [p.key for p in paragraphs if p.kind == ParagraphKind.preamble]
    assert [p.key for p in after if p.kind == ParagraphKind.preamble] == preamble[::-1]
    with pytest.raises(PlannerError, match="has changed"), db.transaction() as session:
        drafting.reorder(session, organizer, meeting_id, keys[1:])


def test_stale_edits_and_deletes_are_refused(meeting_id, organizer):
    version, paragraphs = draft(organizer, meeting_id)
    target = paragraphs[1]
    with db.transaction() as session:
        drafting.edit_paragraph(session, organizer, target.id, "Recalling our earlier work;", target.version)
    with pytest.raises(StaleEdit), db.transaction() as session:
        drafting.edit_paragraph(session, organizer, target.id, "Recalling something else;", target.version)
    with pytest.raises(StaleEdit), db.transaction() as session:
        drafting.delete_paragraph(session, organizer, target.id, target.version)
    with pytest.raises(StaleEdit), db.transaction() as session:
        drafting.add_clause(session, organizer, meeting_id, "closing-polis", version.version - 1)
    with pytest.raises(StaleEdit), db.transaction() as session:
        drafting.move_paragraph(session, organizer, paragraphs[2].id, 1, version.version - 1)


def test_text_is_checked_at_the_door(meeting_id, organizer):
    version, paragraphs = draft(organizer, meeting_id)
    for bad in ("Agree \u202eto", "   ", "x" * 5000):
        with pytest.raises(PlannerError), db.transaction() as session:
            drafting.add_paragraph(session, organizer, meeting_id, kind="operative", text=bad)


def test_only_organizers_see_and_change_the_working_draft(meeting_id, organizer, secretariat, austria_delegate):
    version, paragraphs = draft(organizer, meeting_id)
    for reader in (secretariat, austria_delegate):
        with pytest.raises(PermissionDenied), db.transaction() as session:
            drafting.working_draft(session, reader, meeting_id)
        with pytest.raises(PermissionDenied), db.transaction() as session:
            drafting.edit_paragraph(session, reader, paragraphs[0].id, "Recalling;")
        with pytest.raises(PermissionDenied), db.transaction() as session:
            drafting.draft_from_priorities(session, reader, meeting_id, replace=True)
