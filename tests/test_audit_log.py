"""The audit log read back: records named as people know them, changes as fields in words, found in bulk; the
filter on who did it; the page."""
import ast
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event

import planner
from planner import audit, db
from planner.agenda_review import comments as agenda_comments
from planner.access import Actor
from planner.accounts import users
from planner.cli import cli_actor
from planner.delegations import invitations, participants, reference
from planner.delegations.participants import Nomination
from planner.meetings import planning
from planner.models import MeetingStatus, Role
from planner.operations import audit_log
from planner.operations.audit_log import Change
from planner.statement import comments as statement_comments
from tests.test_pages import labelled, open_page, people  # noqa: F401 - people is a fixture

ENTRIES_A_PAGE = 500


def test_changes_are_fields_in_words():
    assert audit_log.changes({"state": "draft", "sent_on": None}, {"state": "sent", "sent_on": "2027-01-03"}, {}) == [
        Change("State", "draft", "sent"), Change("Sent on", "—", "03 Jan 2027")]
    created = audit_log.changes(None, {"id": 7, "delegation_id": 5, "head_of_delegation": True, "state": "no_reply",
                                   "languages": ["English", "French"], "at": "2026-11-12T22:13:49.84+01:00"},
                            {5: "Austria"})
    assert created == [Change("Delegation", None, "Austria"), Change("Head of delegation", None, "yes"),
                       Change("State", None, "no reply"), Change("Languages", None, "English, French"),
                       Change("At", None, "12 Nov 2026, 21:13 UTC")]
    assert [str(c) for c in audit_log.changes({"city": "Vienna"}, {"city": "Graz"}, {})] == ["City: Vienna → Graz"]
    assert [str(c) for c in created[:2]] == ["Delegation: Austria", "Head of delegation: yes"]
    assert audit_log.changes(None, None, {}) == []


# Action codes a service builds as it goes, by the source of the f-string that builds them: what each can be.
COMMENT_AREAS = (agenda_comments.THREAD.area, statement_comments.THREAD.area)
BUILT_CODES = {
    "f'invitation.{new_state.value}'": [f"invitation.{state.value}" for state in invitations.TRANSITIONS],
    **{f"f'{{thread.area}}.{verb}'": [f"{area}.{verb}" for area in COMMENT_AREAS]
       for verb in ("comment", "answer_comment", "resolve_comment")},
}


def codes_of(node: ast.expr, where: str) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return codes_of(node.body, where) + codes_of(node.orelse, where)
    source = ast.unparse(node)
    assert source in BUILT_CODES, f"{where}: the action {source} is built as the service runs: add what it can be to BUILT_CODES"
    return BUILT_CODES[source]


def recorded_codes() -> set[str]:
    """Every action code the services record: the action of each audit._record and _record_many call in planner/."""
    codes = set()
    for path in Path(planner.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("_record", "_record_many"):
                action = next((k.value for k in node.keywords if k.arg == "action"), None) or node.args[2]
                codes.update(codes_of(action, f"{path.name}:{node.lineno}"))
    return codes


def test_every_recorded_action_has_a_phrase_and_every_phrase_an_action():
    codes = recorded_codes()
    assert {"statement.silence.start", "invitation.declined", "agenda.resolve_comment", "user.deactivate"} <= codes
    phrases = audit_log._action_phrases()
    assert sorted(codes - set(phrases)) == [], "give these actions a phrase in templates/audit_actions.yaml"
    assert sorted(set(phrases) - codes) == [], "no service records these any more"
    assert len(set(phrases.values())) == len(phrases), "two actions read alike"
    assert audit_log.action_phrase("statement.silence.start") == "Started the silence procedure"
    assert audit_log.action_phrase("statement.old_code") == "Statement old code"


def test_the_filter_on_what_was_done_matches_words_and_codes(make_meeting, organizer):
    meeting_id = make_meeting()
    with db.transaction() as session:
        austria = reference.find_delegation(session, "Austria").id
        invitation = invitations.invite(session, organizer, meeting_id, [austria])[0]
        invitations.send(session, organizer, invitation.id)
        by_words = audit_log.entries(session, organizer, meeting_id=meeting_id, action_contains="Note Verbale")
        by_code = audit_log.entries(session, organizer, meeting_id=meeting_id, action_contains="invitation.")
        described = audit_log.described(session, organizer, by_words)
    assert [entry.action for entry in by_words] == ["invitation.sent"]
    assert [entry.action for entry in by_code] == ["invitation.sent", "invitation.create"]
    assert [(line.action, line.record) for line in described] == [("Sent the note verbale", "invitation of Austria")]


def test_records_are_named_as_people_know_them():
    names = {5: "Austria"}
    assert audit_log.record_name("invitation", "82", {"delegation_id": 5}, names) == "invitation of Austria"
    assert audit_log.record_name("participant", "9", {"first_name": "Leila", "last_name": "Weber"}, names) == \
        "nomination of Leila Weber"
    assert audit_log.record_name("agenda_item", "3", {"title": "Opening session " * 5}, names) == \
        "agenda item “Opening session Opening session Opening session…”"
    assert audit_log.record_name("invitation", "82", {"state": "sent"}, names) == "invitation 82"
    assert audit_log.record_name("invitation", "82", None, names) == "invitation 82"
    assert audit_log.record_name("database", "", {"tables": 3}, names) == "database"


@contextmanager
def counted_statements():
    """How many SQL statements the block sends."""
    sent = []

    def count(*_args):
        sent.append(1)

    engine = db.engine()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)


def invited_with_nominees(organizer, meeting_id: int, names: list[str]) -> list[int]:
    """Invite and send to these delegations, and nominate one person each; the nominees' ids."""
    with db.transaction() as session:
        ids = [reference.find_delegation(session, name).id for name in names]
        for invitation in invitations.invite(session, organizer, meeting_id, ids):
            invitations.send(session, organizer, invitation.id)
        return [participants.add_participant(session, organizer, meeting_id, Nomination(
            delegation=name, first_name="Leila", last_name=f"Weber {name}", email=f"leila@{name.lower()}.example")).id
            for name in names]


def test_the_log_names_records_in_bulk_and_deleted_ones_from_their_entry(make_meeting, organizer):
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
    nominees = invited_with_nominees(organizer, meeting_id, ["Austria", "Belgium"])
    with db.transaction() as session:
        participants.remove_participant(session, organizer, nominees[1], None)
    with db.transaction() as session:
        with counted_statements() as few:
            lines = audit_log.readable_entries(session, organizer, meeting_id=meeting_id)
    records = {(line.entry.action, line.record) for line in lines}
    assert {("invitation.sent", "invitation of Austria"), ("invitation.create", "invitation of Belgium"),
            ("participant.add", "nomination of Leila Weber Austria"), ("participant.remove", "nomination of Leila Weber Belgium"),
            ("meeting.status", "meeting in Vienna, 10 May 2027")} <= records
    sent = next(line for line in lines if line.entry.action == "invitation.sent")
    assert Change("State", "draft", "sent") in sent.changes

    invited_with_nominees(organizer, meeting_id, ["Croatia", "Denmark", "Estonia", "Finland", "France", "Greece"])
    with db.transaction() as session:
        with counted_statements() as many:
            more = audit_log.readable_entries(session, organizer, meeting_id=meeting_id)
    assert len(more) > 2 * len(lines)
    assert len(many) == len(few), "one query per kind of record, whatever the number of entries"


@pytest.mark.parametrize("typed", ["command line", "CLI:", "Line"])
def test_the_filter_on_who_finds_the_command_line(database_url, organizer, typed):
    with db.transaction() as session:
        users.add_user(session, cli_actor(), "typed@example.org", "organizer", "a secret long enough", "Typed By Hand")
        users.add_user(session, Actor(email="Admin.Person@Example.org", role=Role.admin), "other@example.org",
                       "organizer", "a secret long enough")
    with db.transaction() as session:
        found = audit_log.entries(session, organizer, who=typed)
    assert [e.actor_email for e in found] == [cli_actor().email]


def test_the_filter_on_who_matches_names_and_addresses_in_any_case(demo_users, organizer):
    with db.transaction() as session:
        added = users.add_user(session, users.actor_for(users.find_account(session, cli_actor(), "admin@demo.osce")),
                               "x@example.org", "organizer", "a secret long enough")
    with db.transaction() as session:
        by_name = audit_log.entries(session, organizer, who="planner ADMIN")
        by_address = audit_log.entries(session, organizer, who="ADMIN@demo")
        nobody = audit_log.entries(session, organizer, who="%")
    assert [e.entity_id for e in by_name] == [e.entity_id for e in by_address] == [str(added.id)]
    assert nobody == []


def test_audit_page_shows_names_and_changes_and_details(demo_meeting, people):
    app = open_page("audit_log", people["organizer"], demo_meeting)
    assert not app.exception
    table = app.dataframe[0].value
    assert "invitation of Austria" in set(table["Record"])
    assert any(record.startswith("nomination of ") for record in table["Record"])
    assert not any(record.startswith("invitation ") and record.split()[-1].isdigit() for record in table["Record"])
    assert any(changes.startswith("State: draft → sent · ") for changes in table["Changes"])
    assert not any("{" in changes for changes in table["Changes"]), "no raw JSON"
    row = next(i for i, action in enumerate(table["Action"]) if action == "Sent the note verbale")
    app.session_state["audit_entries_True___None"] = {"selection": {"rows": [], "columns": [], "cells": [[row, "Record"]]}}
    app.run()
    assert not app.exception
    assert any(m.value.startswith("**Sent the note verbale** · invitation of ") for m in app.markdown)
    detail = app.table[0].value
    assert list(detail.columns) == ["Field", "Before", "After"] and "sent" in set(detail["After"])
    with db.transaction() as session:
        users.add_user(session, cli_actor(), "typed@example.org", "organizer", "a secret long enough")
    labelled(app.toggle, "Only the chosen meeting").set_value(False)
    labelled(app.text_input, "Who (name or address contains)").input("command line").run()
    assert list(app.dataframe[0].value["Record"]) == ["account of typed@example.org"]


def test_a_long_log_is_worded_and_shown_a_page_at_a_time(demo_meeting, people):
    organizer = people["organizer"]
    with db.transaction() as session:
        for _ in range(30):
            planning.set_priorities(session, organizer, demo_meeting, ["terrorism", "cyber_crime"])
        total = len(audit_log.entries(session, organizer, meeting_id=demo_meeting))
    assert total > ENTRIES_A_PAGE, "the log is longer than a page"
    app = open_page("audit_log", organizer, demo_meeting)
    assert not app.exception and len(app.dataframe[0].value) == ENTRIES_A_PAGE
    assert f"{total:,} entries match" in app.caption[-1].value
    labelled(app.selectbox, "Show entries").select(1).run()
    assert not app.exception and len(app.dataframe[0].value) == total - ENTRIES_A_PAGE
    assert "invitation of Austria" in set(app.dataframe[0].value["Record"]), "the oldest entries are on the last page"
