"""Amendments, brackets and the silence procedure through the services: own delegation only, conflicts, brackets
blocking silence, the outcome at the very instant of expiry, nothing after expiry or adoption."""
import datetime as dt
import io
import re

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlmodel import select

from planner import db
from planner.documents.statement import adopted_document
from planner.errors import InvalidTransition, NotFound, PermissionDenied, PlannerError
from planner.meetings import planning, timetable
from planner.models import AmendmentKind, AmendmentState, AuditEntry, MeetingStatus
from planner.statement import amendments, brackets, drafting, interpretative, news, silence, versions
from planner.text import multiline_problem
from tests.conftest import delegate_of, invite_and_send_to

START = dt.datetime(2027, 4, 1, 8, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def meeting_id(make_meeting, organizer):
    meeting_id = make_meeting(title="Meeting of the Chiefs of Police", start_date=dt.date(2027, 5, 10),
                              end_date=dt.date(2027, 5, 10), registration_deadline=dt.date(2027, 4, 20))
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime", "terrorism"])
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        invite_and_send_to(session, organizer, meeting_id, "Austria", "Türkiye")
        drafting.draft_from_priorities(session, organizer, meeting_id)
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 1))
    return meeting_id


@pytest.fixture
def austria(database_url):
    return delegate_of("Austria")


@pytest.fixture
def turkiye(database_url):
    return delegate_of("Türkiye")


def operative_keys(organizer, meeting_id):
    with db.transaction() as session:
        text = versions.circulated_text(session, organizer, meeting_id)
        return [p.key for p in text.paragraphs if p.kind.value == "operative"]


def propose(actor, meeting_id, key, kind=AmendmentKind.replace, text="Agree to co-operate more closely;", **extra):
    with db.transaction() as session:
        return amendments.propose(session, actor, meeting_id, paragraph_key=key, kind=kind, text=text,
                                  reason="Clearer.", **extra)


def draft_texts(organizer, meeting_id):
    with db.transaction() as session:
        return {p.key: p.text for p in versions.draft_text(session, organizer, meeting_id).paragraphs}


def test_a_delegate_proposes_for_their_own_delegation_and_organizers_cannot(meeting_id, organizer, austria):
    key = operative_keys(organizer, meeting_id)[0]
    amendment = propose(austria, meeting_id, key)
    assert amendment.delegation_id == austria.delegation_id and amendment.state == AmendmentState.proposed
    with pytest.raises(PermissionDenied):
        propose(organizer, meeting_id, key)
    with db.transaction() as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "statement.amendment.propose")).one()
    assert entry.actor_email == austria.email


def test_only_the_delegation_withdraws_and_a_decided_amendment_stays_decided(meeting_id, organizer, austria, turkiye):
    key = operative_keys(organizer, meeting_id)[0]
    amendment = propose(austria, meeting_id, key)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        amendments.withdraw(session, turkiye, amendment.id)
    with db.transaction() as session:
        amendments.withdraw(session, austria, amendment.id)
    with pytest.raises(InvalidTransition), db.transaction() as session:
        amendments.accept(session, organizer, amendment.id)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        amendments.reject(session, austria, amendment.id, "No.")


def test_accepting_changes_the_draft_and_records_the_delegation(meeting_id, organizer, austria, turkiye):
    first, second = operative_keys(organizer, meeting_id)[:2]
    replace = propose(austria, meeting_id, first)
    insert = propose(turkiye, meeting_id, second, AmendmentKind.insert_after, "Encourage joint training;")
    delete = propose(turkiye, meeting_id, first, AmendmentKind.delete, "")
    with db.transaction() as session:
        views = {v.amendment.id: v for v in amendments.amendments(session, organizer, meeting_id)}
    assert views[replace.id].conflicts_with == [delete.id] and views[delete.id].conflicts_with == [replace.id]
    assert views[insert.id].conflicts_with == []
    with db.transaction() as session:
        amendments.accept(session, organizer, replace.id)
        amendments.accept(session, organizer, insert.id, text="Encourage joint training of police officers;")
    texts = draft_texts(organizer, meeting_id)
    assert texts[first] == "Agree to co-operate more closely;"
    assert "Encourage joint training of police officers;" in texts.values()
    with db.transaction() as session:
        views = {v.amendment.id: v for v in amendments.amendments(session, organizer, meeting_id)}
        draft_text = versions.draft_text(session, organizer, meeting_id)
        draft = draft_text.paragraphs
        authors = amendments.authors_between(session, organizer, draft_text.version.statement_id, 1, 2)
    assert views[delete.id].conflicts_with == [replace.id]  # accepted after it was proposed: it needs a decision
    keys = [p.key for p in draft]
    inserted = keys[keys.index(second) + 1]
    assert inserted not in operative_keys(organizer, meeting_id)
    assert authors == {first: austria.delegation_id, inserted: turkiye.delegation_id}
    with pytest.raises(PlannerError, match="reason"), db.transaction() as session:
        amendments.reject(session, organizer, delete.id, "  ")
    with db.transaction() as session:
        rejected = amendments.reject(session, organizer, delete.id, "The paragraph stays, as amended.")
    assert rejected.state == AmendmentState.rejected and rejected.decision_reason.startswith("The paragraph stays")


def test_a_delegate_sees_only_their_own_delegations_amendments(meeting_id, organizer, austria, turkiye):
    key = operative_keys(organizer, meeting_id)[0]
    propose(austria, meeting_id, key)
    propose(turkiye, meeting_id, key)
    with db.transaction() as session:
        seen = amendments.amendments(session, austria, meeting_id)
    assert [v.delegation for v in seen] == ["Austria"] and seen[0].conflicts_with


def test_a_long_list_of_amendments_is_read_a_page_at_a_time(meeting_id, organizer, austria, turkiye):
    keys = operative_keys(organizer, meeting_id)
    made = [propose(austria if number % 2 else turkiye, meeting_id, keys[number % len(keys)]) for number in range(7)]
    with db.transaction() as session:
        amendments.reject(session, organizer, made[0].id, "Not needed.")
    with db.transaction() as session:
        everything = amendments.amendments(session, organizer, meeting_id)
        newest = amendments.amendments(session, organizer, meeting_id, newest_first=True, window=slice(0, 3))
        to_decide = amendments.amendments(session, organizer, meeting_id, to_decide=True, newest_first=True,
                                          window=slice(3, 10))
        counts = [amendments.count_amendments(session, organizer, meeting_id),
                  amendments.count_amendments(session, organizer, meeting_id, to_decide=True),
                  amendments.count_amendments(session, austria, meeting_id)]
        austrias_second_page = amendments.amendments(session, austria, meeting_id, newest_first=True, window=slice(2, 4))
    assert [v.amendment.id for v in everything] == [a.id for a in made]
    assert [v.amendment.id for v in newest] == [a.id for a in made[:-4:-1]]
    assert [v.amendment.id for v in to_decide] == [a.id for a in made[3:0:-1]]
    assert counts == [7, 6, 3]
    assert [v.amendment.id for v in austrias_second_page] == [made[1].id]
    by_id = {v.amendment.id: v for v in everything}
    assert all(by_id[v.amendment.id].conflicts_with == v.conflicts_with for v in newest + to_decide)


def test_a_superseded_version_takes_no_amendment(meeting_id, organizer, austria):
    key = operative_keys(organizer, meeting_id)[0]
    with db.transaction() as session:
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 8))
    with pytest.raises(PlannerError, match="superseded"):
        propose(austria, meeting_id, key, version_number=1)
    assert propose(austria, meeting_id, key, version_number=2).id
    with pytest.raises(NotFound):
        propose(austria, meeting_id, "no-such-key")


LETTERS = st.sampled_from(["Полиция ", "сотрудничество ", "الشرطة ", "تعاون ", "👮 ", "🇦🇹 ", "e\u0301 ", "a\u0308",
                           "Agree ", "\n", "\t", "Ǆ "])
# Text as delegates type it: Cyrillic, Arabic, emoji, combining marks, line breaks, or any character at all.
ANY_SCRIPT = (st.lists(LETTERS, min_size=1, max_size=15).map("".join)
              | st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))


def as_kept(words: str) -> str:
    return words.replace("\r\n", "\n").strip()


def made_unless_refused(words: str, make):
    """`make(words)`; None once it is checked that the text rule refused the words."""
    if multiline_problem(words, 4000) or not as_kept(words):
        with pytest.raises(PlannerError):
            make(words)
        return None
    return make(words)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=ANY_SCRIPT)
def test_amendment_text_in_any_script_is_kept_as_typed_or_refused_by_the_text_rule(meeting_id, organizer, austria,
                                                                                     words):
    key = operative_keys(organizer, meeting_id)[0]
    amendment = made_unless_refused(words, lambda text: propose(austria, meeting_id, key, text=text))
    if amendment is None:
        return
    with db.transaction() as session:
        amendments.accept(session, organizer, amendment.id)
    assert draft_texts(organizer, meeting_id)[key] == as_kept(words)
    with db.transaction() as session:  # back to the circulated text, so the next example's amendment overwrites nothing
        circulated = next(p.text for p in versions.circulated_text(session, organizer, meeting_id).paragraphs
                          if p.key == key)
        drafting.edit_paragraph(session, organizer, _draft_id(session, organizer, meeting_id, key), circulated)


def _draft_id(session, organizer, meeting_id, key):
    return next(p.id for p in versions.draft_text(session, organizer, meeting_id).paragraphs if p.key == key)


def test_brackets_block_silence_until_lifted_and_a_revised_version_circulated(meeting_id, organizer, austria, turkiye):
    key = operative_keys(organizer, meeting_id)[0]
    with db.transaction() as session:
        draft = versions.draft_text(session, organizer, meeting_id).paragraphs
        span = next(p for p in draft if p.key == key).text.split()[1]
        bracket = brackets.place(session, organizer, meeting_id, key, austria.delegation_id, span)
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 8))
    with pytest.raises(PlannerError, match="brackets"), db.transaction() as session:
        silence.start(session, organizer, meeting_id, expires_at=START + dt.timedelta(days=2), now=START)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        brackets.lift(session, turkiye, bracket.id)
    with db.transaction() as session:
        two = versions.circulated_text(session, organizer, meeting_id, 2)
        standing = brackets.in_version(session, organizer, two.version)
        shown = brackets.shown(next(p for p in two.paragraphs if p.key == key).text, standing)
        brackets.lift(session, austria, bracket.id)
        assert brackets.in_version(session, organizer, two.version)  # version 2 went out with it
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 9))
        silence.start(session, organizer, meeting_id, expires_at=START + dt.timedelta(days=2), now=START)
    assert f"[{span}]" in shown and "Austria" not in shown


def test_silence_is_adopted_at_the_instant_of_expiry_and_an_objection_then_comes_too_late(meeting_id, organizer,
                                                                                         austria):
    expiry = dt.datetime(2027, 4, 3, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    with db.transaction() as session:
        silence.start(session, organizer, meeting_id, expires_at=expiry, now=START)
    just_before = expiry - dt.timedelta(microseconds=1)
    with db.transaction() as session:
        assert silence.current(session, austria, meeting_id, just_before).state == silence.SilenceState.running
    with pytest.raises(PlannerError, match="no silence to break"), db.transaction() as session:
        silence.break_silence(session, austria, meeting_id, "We object.", now=expiry)
    with db.transaction() as session:
        adopted = silence.current(session, austria, meeting_id, expiry)
        symbol = adopted.adopted_document.symbol
        again = silence.current(session, organizer, meeting_id, expiry + dt.timedelta(days=1))
    assert adopted.state == silence.SilenceState.adopted and again.adopted_document.symbol == symbol
    key = operative_keys(organizer, meeting_id)[0]
    with pytest.raises(PlannerError, match="adopted"):
        propose(austria, meeting_id, key, now=expiry)


def test_an_objection_just_before_expiry_breaks_silence_and_an_amendment_does_too(meeting_id, organizer, austria,
                                                                                   turkiye):
    expiry = START + dt.timedelta(days=2)
    with db.transaction() as session:
        silence.start(session, organizer, meeting_id, expires_at=expiry, now=START)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        silence.break_silence(session, organizer, meeting_id, "We object.", now=START)
    key = operative_keys(organizer, meeting_id)[0]
    propose(turkiye, meeting_id, key, now=expiry - dt.timedelta(seconds=1))
    with db.transaction() as session:
        broken = silence.current(session, austria, meeting_id, expiry)
    assert broken.state == silence.SilenceState.broken and broken.adopted_document is None
    assert [o.delegation_id for o in broken.objections] == [turkiye.delegation_id]
    with pytest.raises(PlannerError, match="expired"):
        propose(austria, meeting_id, key, now=expiry)
    with pytest.raises(PlannerError, match="circulate a revised version"), db.transaction() as session:
        silence.start(session, organizer, meeting_id, expires_at=expiry + dt.timedelta(days=3), now=expiry)


def test_interpretative_statements_come_after_adoption_and_are_attached_to_the_issued_text(meeting_id, organizer,
                                                                                           austria, turkiye):
    expiry = START + dt.timedelta(days=1)
    with pytest.raises(PlannerError, match="not been adopted"), db.transaction() as session:
        interpretative.submit(session, turkiye, meeting_id, "We understand paragraph 2 as follows.", now=START)
    with db.transaction() as session:
        silence.start(session, organizer, meeting_id, expires_at=expiry, now=START)
        interpretative.submit(session, turkiye, meeting_id, "Türkiye understands paragraph 2 as follows.", now=expiry)
    with pytest.raises(PlannerError, match="already"), db.transaction() as session:
        interpretative.submit(session, turkiye, meeting_id, "Again.", now=expiry)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        interpretative.submit(session, organizer, meeting_id, "We too.", now=expiry)
    with db.transaction() as session:
        adopted = silence.adopted(session, austria, meeting_id, expiry)
        content = adopted_document(session, austria, adopted, interpretative.attached(session, austria, meeting_id, expiry))
    lines = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert lines[0] == adopted.adopted_document.symbol != adopted.version.symbol
    assert ("The statement is accompanied by 1 interpretative statement: by the delegation of Türkiye (attachment 1)."
            in lines)
    heading = lines.index("Interpretative statement " + interpretative.RULE)
    assert lines[heading - 4:heading] == [adopted.adopted_document.symbol, lines[1], "Attachment 1", "Original: ENGLISH"]
    assert lines[heading + 1:heading + 3] == ["By the delegation of Türkiye:",
                                               "Türkiye understands paragraph 2 as follows."]


def test_a_delegate_sees_what_changed_since_marking_the_statement_read(meeting_id, organizer, austria):
    key = operative_keys(organizer, meeting_id)[0]
    with db.transaction() as session:
        first = [n.message for n in news.since_last_visit(session, austria, meeting_id, START)]
        news.mark_read(session, austria, meeting_id)
    assert first == [f"Version 1 was circulated as {first[0].split(' as ')[1][:-1]}."]
    amendment = propose(austria, meeting_id, key)
    with db.transaction() as session:
        assert news.since_last_visit(session, austria, meeting_id) == []
        amendments.reject(session, organizer, amendment.id, "The Chairmanship keeps its wording.")
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 8))
        later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)
        silence.start(session, organizer, meeting_id, expires_at=later)
        messages = [n.message for n in news.since_last_visit(session, austria, meeting_id)]
    assert len(messages) == 3
    assert any("amendment" in m and "rejected. Reason: The Chairmanship keeps its wording." in m for m in messages)
    assert any(m.startswith("Version 2 was circulated") for m in messages)
    assert any("under silence until" in m and re.search(r" \d{1,2} \w+ 20\d\d, \d\d:\d\d CES?T\.$", m) for m in messages)
    assert not any("Europe/" in m for m in messages), "the zone as readers know it, not its database name"


def test_after_adoption_nothing_is_circulated_accepted_or_proposed(meeting_id, organizer, austria):
    key = operative_keys(organizer, meeting_id)[0]
    now = dt.datetime.now(dt.timezone.utc)
    pending = propose(austria, meeting_id, key, now=now - dt.timedelta(hours=3))
    with db.transaction() as session:  # proposed before the silence began, the amendment does not break it
        silence.start(session, organizer, meeting_id, expires_at=now - dt.timedelta(hours=1),
                      now=now - dt.timedelta(hours=2))
    for refused in (lambda s: versions.circulate(s, organizer, meeting_id),
                    lambda s: amendments.accept(s, organizer, pending.id)):
        with pytest.raises(PlannerError, match="adopted as"), db.transaction() as session:
            refused(session)


def test_accepting_never_writes_over_a_paragraph_changed_since_the_amendment_was_proposed(meeting_id, organizer,
                                                                                         austria, turkiye):
    """Germany's case of issue 18: an amendment accepted, the organizer edits, a second amendment on the circulated
    text is refused with the three texts; the organizer accepts a merged wording; the others are overtaken."""
    key = operative_keys(organizer, meeting_id)[1]
    with db.transaction() as session:
        circulated = next(p.text for p in versions.circulated_text(session, organizer, meeting_id).paragraphs
                          if p.key == key)
    first = propose(austria, meeting_id, key, text="Agree to co-operate closely;")
    second = propose(turkiye, meeting_id, key, text="Agree to co-operate on cybercrime;")
    third = propose(turkiye, meeting_id, key, AmendmentKind.delete, "")
    with db.transaction() as session:
        amendments.accept(session, organizer, first.id)
    with db.transaction() as session:
        states = {v.amendment.id: v for v in amendments.amendments(session, organizer, meeting_id)}
        drafting.edit_paragraph(session, organizer, _draft_id(session, organizer, meeting_id, key),
                                "Agree to co-operate closely and regularly;")
    assert [states[i].amendment.state for i in (first.id, second.id, third.id)] == [
        AmendmentState.accepted, AmendmentState.overtaken, AmendmentState.overtaken]
    assert states[second.id].amendment.state.label == "Overtaken by an accepted amendment"
    with pytest.raises(amendments.AmendmentOvertaken, match="Operative paragraph 2 has changed") as refused, \
            db.transaction() as session:
        amendments.accept(session, organizer, second.id)
    assert (refused.value.circulated, refused.value.current, refused.value.proposed) == (
        circulated, "Agree to co-operate closely and regularly;", "Agree to co-operate on cybercrime;")
    assert draft_texts(organizer, meeting_id)[key] == "Agree to co-operate closely and regularly;"
    with pytest.raises(amendments.AmendmentOvertaken), db.transaction() as session:
        amendments.accept(session, organizer, second.id, text="Stale merge;", over="Agree to co-operate closely;")
    merged = "Agree to co-operate closely and regularly, including on cybercrime;"
    with db.transaction() as session:
        amendments.accept(session, organizer, second.id, text=merged, over="Agree to co-operate closely and regularly;")
        amendments.reject(session, organizer, third.id, "The paragraph stays, as merged.")
        views = {v.amendment.id: v for v in amendments.amendments(session, organizer, meeting_id)}
    assert draft_texts(organizer, meeting_id)[key] == merged
    assert views[second.id].amendment.applied_text == merged and views[third.id].amendment.state == AmendmentState.rejected
    with db.transaction() as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "statement.amendment.accept",
                                                      AuditEntry.entity_id == str(first.id))).one()
    assert entry.after["overtaken"] == [second.id, third.id] and entry.after["paragraph"] == "operative paragraph 2"


def test_amendments_name_their_paragraph_and_show_the_circulated_text(meeting_id, organizer, austria):
    with db.transaction() as session:
        paragraphs = versions.circulated_text(session, organizer, meeting_id).paragraphs
    preamble = [p for p in paragraphs if p.kind.value == "preamble"]
    operative = [p for p in paragraphs if p.kind.value == "operative"]
    made = [propose(austria, meeting_id, preamble[1].key, text="Recalling the Charter;"),
            propose(austria, meeting_id, operative[3].key, AmendmentKind.insert_after, "Encourage joint training;"),
            propose(austria, meeting_id, operative[3].key, AmendmentKind.delete, "")]
    with db.transaction() as session:
        views = {v.amendment.id: v for v in amendments.amendments(session, austria, meeting_id)}
        amendments.accept(session, organizer, made[1].id)
    assert [views[a.id].paragraph for a in made] == [
        "preambular paragraph 2", "new paragraph after operative paragraph 4", "operative paragraph 4"]
    assert [views[a.id].what for a in made] == ["Replace preambular paragraph 2",
                                                "New paragraph after operative paragraph 4", "Delete operative paragraph 4"]
    assert views[made[0].id].circulated == preamble[1].text and views[made[0].id].current is None, "no draft for delegates"
    with db.transaction() as session:
        told = [n.message for n in news.since_last_visit(session, austria, meeting_id)]
    assert any(m.startswith("Your delegation's amendment on new paragraph after operative paragraph 4 of CIO.GAL/")
               and "was accepted" in m for m in told)
