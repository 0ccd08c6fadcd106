"""Races in the negotiation, with real threads and sessions of their own: a silence objection made in time but
committed late against a reader just after expiry, and an amendment accepted over a paragraph changed meanwhile."""
import datetime as dt
import threading
import time

import pytest

from planner import db, register
from planner.errors import PlannerError
from planner.models import AmendmentKind, AmendmentState
from planner.statement import amendments, drafting, silence, versions
from tests.test_amendments import START, austria, meeting_id, turkiye  # noqa: F401 - fixtures

HELD = 1.0  # seconds a transaction stays open after taking the lock, long enough for the other thread to queue


def in_thread(work) -> tuple[threading.Thread, dict]:
    """Run `work` in a thread of its own; its result or error lands in the returned dict."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except PlannerError as error:
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def adopted_statements(organizer, meeting_id):
    with db.transaction() as session:
        return [d.symbol for d in register.documents(session, organizer, meeting_id) if "(adopted)" in d.title]


@pytest.fixture
def expiry(meeting_id, organizer):
    expiry = START + dt.timedelta(days=2)
    with db.transaction() as session:
        silence.start(session, organizer, meeting_id, expires_at=expiry, now=START)
    return expiry


def test_an_objection_made_in_time_and_committed_late_wins_over_a_reader_after_expiry(meeting_id, organizer, austria,
                                                                                     turkiye, expiry):
    objected = threading.Event()

    def object_then_linger():
        with db.transaction() as session:
            silence.break_silence(session, turkiye, meeting_id, "We object.", now=expiry - dt.timedelta(milliseconds=1))
            objected.set()
            time.sleep(HELD)

    def read_after_expiry():
        objected.wait()
        with db.transaction() as session:
            found = silence.current(session, austria, meeting_id, expiry + dt.timedelta(milliseconds=1))
            return found.state, found.adopted_document

    objector, _ = in_thread(object_then_linger)
    reader, read = in_thread(read_after_expiry)
    objector.join()
    reader.join()
    assert read["result"] == (silence.SilenceState.broken, None)
    with db.transaction() as session:
        assert silence.adopted(session, organizer, meeting_id, expiry + dt.timedelta(days=1)) is None
        assert silence.current(session, organizer, meeting_id).state == silence.SilenceState.broken
    assert adopted_statements(organizer, meeting_id) == []


def test_an_objection_queued_behind_the_adoption_is_refused_with_the_symbol(meeting_id, organizer, austria, turkiye,
                                                                           expiry):
    adopting = threading.Event()

    def adopt_then_linger():
        with db.transaction() as session:
            found = silence.current(session, austria, meeting_id, expiry + dt.timedelta(milliseconds=1))
            adopting.set()
            time.sleep(HELD)
            return found.state, found.adopted_document.symbol

    def object_in_time():
        adopting.wait()
        with db.transaction() as session:
            return silence.break_silence(session, turkiye, meeting_id, "We object.",
                                         now=expiry - dt.timedelta(milliseconds=1))

    reader, read = in_thread(adopt_then_linger)
    objector, objection = in_thread(object_in_time)
    reader.join()
    objector.join()
    state, symbol = read["result"]
    assert state == silence.SilenceState.adopted
    assert "result" not in objection
    assert str(objection["error"]) == (f"Silence has expired; the statement was adopted as {symbol}: there is no "
                                       "silence to break.")
    with db.transaction() as session:
        assert silence.adopted(session, organizer, meeting_id).adopted_document.symbol == symbol
        assert silence.current(session, turkiye, meeting_id).objections == []
    assert adopted_statements(organizer, meeting_id) == [symbol]


def test_an_amendment_accepted_while_a_colleague_changes_its_paragraph_writes_over_nothing(meeting_id, organizer,
                                                                                          austria):
    with db.transaction() as session:
        paragraph = [p for p in versions.draft_text(session, organizer, meeting_id).paragraphs
                     if p.kind.value == "operative"][0]
    with db.transaction() as session:
        amendment = amendments.propose(session, austria, meeting_id, paragraph_key=paragraph.key,
                                       kind=AmendmentKind.replace, text="Agree to co-operate closely;")
    edited = threading.Event()

    def edit_then_linger():
        with db.transaction() as session:
            drafting.edit_paragraph(session, organizer, paragraph.id, "Agree, as the organizer wrote;", paragraph.version)
            edited.set()
            time.sleep(HELD)

    def accept_meanwhile():
        edited.wait()
        with db.transaction() as session:
            return amendments.accept(session, organizer, amendment.id)

    editor, _ = in_thread(edit_then_linger)
    decider, decision = in_thread(accept_meanwhile)
    editor.join()
    decider.join()
    assert "result" not in decision and isinstance(decision["error"], PlannerError)
    with db.transaction() as session:
        draft = {p.key: p.text for p in versions.draft_text(session, organizer, meeting_id).paragraphs}
        [view] = amendments.amendments(session, organizer, meeting_id)
    assert draft[paragraph.key] == "Agree, as the organizer wrote;"
    assert view.amendment.state == AmendmentState.proposed and view.changed_in_draft
    assert (view.circulated, view.current) == (paragraph.text, "Agree, as the organizer wrote;")
