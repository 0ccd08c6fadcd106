"""Delegations' comments on paragraphs of the circulated statement, through the services: who reads which comment,
own delegation only, answers and stale resolutions, comments following their paragraph from version to version,
nothing after adoption, and text in any script."""
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from sqlmodel import select

from planner import db
from planner.errors import InvalidTransition, NotFound, PermissionDenied, PlannerError, StaleEdit
from planner.models import AuditEntry, CommentAudience, CommentStatus
from planner.statement import comments, drafting, news, silence, versions
from tests.conftest import delegate_of
from tests.test_amendments import (  # noqa: F401 - meeting_id, austria and turkiye are fixtures
    ANY_SCRIPT, START, as_kept, austria, made_unless_refused, meeting_id, operative_keys, turkiye,
)


def comment(actor, meeting_id, key, text="Could the paragraph name INTERPOL?", audience=CommentAudience.organizers,
            **extra):
    with db.transaction() as session:
        return comments.add_comment(session, actor, meeting_id, key, text, audience, **extra)


def seen_by(actor, meeting_id, **extra):
    with db.transaction() as session:
        return [(view.delegation, view.comment.text) for view in comments.comments(session, actor, meeting_id, **extra)]


def versions_symbol(actor, meeting_id):
    with db.transaction() as session:
        return versions.circulated_text(session, actor, meeting_id).version.symbol


def test_an_organizers_only_comment_is_read_by_its_delegation_and_the_organizers_alone(meeting_id, organizer,
                                                                                     secretariat, austria, turkiye):
    first, second = operative_keys(organizer, meeting_id)[:2]
    comment(austria, meeting_id, second, "For the organizers: we could live with this paragraph.")
    comment(austria, meeting_id, first, "For everyone: please *name* INTERPOL.", CommentAudience.all_delegations)
    comment(turkiye, meeting_id, first, "Türkiye, for the organizers only.")
    everything = [("Austria", "For everyone: please *name* INTERPOL."), ("Türkiye", "Türkiye, for the organizers only."),
                  ("Austria", "For the organizers: we could live with this paragraph.")]
    assert seen_by(organizer, meeting_id) == everything, "in the order of the paragraphs, oldest first within one"
    assert seen_by(secretariat, meeting_id) == everything
    assert seen_by(austria, meeting_id) == [everything[0], everything[2]]
    assert seen_by(turkiye, meeting_id) == [everything[0], everything[1]], "Austria's comment for the organizers is not"
    assert seen_by(delegate_of("Germany"), meeting_id) == [everything[0]]
    with db.transaction() as session:
        views = comments.comments(session, organizer, meeting_id)
        entries = session.exec(select(AuditEntry).where(AuditEntry.action == "statement.comment")).all()
    assert [view.about for view in views] == ["paragraph 1", "paragraph 1", "paragraph 2"]
    assert {view.on for view in views} == {versions_symbol(organizer, meeting_id)}
    assert sorted(e.actor_email for e in entries) == sorted([austria.email, austria.email, turkiye.email])


def test_a_delegate_comments_only_for_their_own_delegation_on_a_paragraph_of_the_latest_version(meeting_id, organizer,
                                                                                               austria):
    key = operative_keys(organizer, meeting_id)[0]
    made = comment(austria, meeting_id, key)
    assert (made.delegation_id, made.author_email, made.status) == (austria.delegation_id, austria.email,
                                                                    CommentStatus.open)
    with pytest.raises(PermissionDenied):
        comment(organizer, meeting_id, key)
    with pytest.raises(PlannerError, match="write something"):
        comment(austria, meeting_id, key, " \n ")
    with pytest.raises(NotFound, match="no such paragraph"):
        comment(austria, meeting_id, "no-such-key")
    with db.transaction() as session:
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 8))
    with pytest.raises(PlannerError, match="superseded"):
        comment(austria, meeting_id, key, version_number=1)
    assert comment(austria, meeting_id, key, version_number=2).statement_version_id != made.statement_version_id


def test_organizers_answer_and_resolve_and_a_stale_resolution_is_refused(meeting_id, organizer, austria, turkiye):
    key = operative_keys(organizer, meeting_id)[0]
    made = comment(austria, meeting_id, key)
    with pytest.raises(PermissionDenied), db.transaction() as session:
        comments.answer(session, turkiye, made.id, "We answer for the Chairmanship.")
    with pytest.raises(PermissionDenied), db.transaction() as session:
        comments.resolve(session, austria, made.id)
    with pytest.raises(PlannerError, match="write something"), db.transaction() as session:
        comments.answer(session, organizer, made.id, "  ")
    with db.transaction() as session:
        answered = comments.answer(session, organizer, made.id, "Yes: INTERPOL will be named.",
                                   expected_version=made.version)
        assert (answered.status, answered.answered_by) == (CommentStatus.answered, organizer.email)
    with pytest.raises(StaleEdit), db.transaction() as session:
        comments.resolve(session, organizer, made.id, expected_version=made.version)
    with db.transaction() as session:
        comments.resolve(session, organizer, made.id, expected_version=answered.version)
    with pytest.raises(InvalidTransition), db.transaction() as session:
        comments.resolve(session, organizer, made.id)
    assert seen_by(organizer, meeting_id, open_only=True) == []
    with db.transaction() as session:
        [view] = comments.comments(session, austria, meeting_id)
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity_id == str(made.id),
                                                               AuditEntry.entity == "statement_comment")).all()
    assert view.comment.answer == "Yes: INTERPOL will be named." and view.comment.status == CommentStatus.resolved
    assert sorted(actions) == ["statement.answer_comment", "statement.comment", "statement.resolve_comment"]


def test_an_answer_is_news_to_the_commenting_delegation_only(meeting_id, organizer, austria, turkiye):
    key = operative_keys(organizer, meeting_id)[0]
    made = comment(austria, meeting_id, key, audience=CommentAudience.all_delegations)
    with db.transaction() as session:
        for delegate in (austria, turkiye):
            news.mark_read(session, delegate, meeting_id)
        comments.answer(session, organizer, made.id, "Yes: INTERPOL will be named.")
    with db.transaction() as session:
        told = [item.message for item in news.since_last_visit(session, austria, meeting_id)]
        assert news.since_last_visit(session, turkiye, meeting_id) == []
    assert told == ["The Chairmanship answered your delegation's comment on paragraph 1: Yes: INTERPOL will be named."]


def test_a_comment_follows_its_paragraph_and_says_when_the_paragraph_is_gone(meeting_id, organizer, austria):
    first, second = operative_keys(organizer, meeting_id)[:2]
    comment(austria, meeting_id, first, "On the first.")
    comment(austria, meeting_id, second, "On the second.")
    with db.transaction() as session:
        draft = versions.draft_text(session, organizer, meeting_id).paragraphs
        drafting.delete_paragraph(session, organizer, next(p.id for p in draft if p.key == first))
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 8))
    with db.transaction() as session:
        views = comments.comments(session, austria, meeting_id)
    assert [(v.comment.text, v.about) for v in views] == [("On the second.", "paragraph 1"),
                                                         ("On the first.", comments.GONE)]


def test_a_comment_under_silence_does_not_break_it_and_none_is_taken_after_adoption(meeting_id, organizer, austria):
    key = operative_keys(organizer, meeting_id)[0]
    expiry = START + dt.timedelta(days=2)
    with db.transaction() as session:
        silence.start(session, organizer, meeting_id, expires_at=expiry, now=START)
    made = comment(austria, meeting_id, key, now=START + dt.timedelta(hours=1))
    with db.transaction() as session:
        assert silence.current(session, austria, meeting_id, expiry).state == silence.SilenceState.adopted
    with pytest.raises(PlannerError, match="adopted as"):
        comment(austria, meeting_id, key, now=expiry)
    with db.transaction() as session:  # the organizers still owe the delegation an answer
        assert comments.answer(session, organizer, made.id, "Noted for the next meeting.", resolve=True).answer


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=ANY_SCRIPT)
def test_comment_text_in_any_script_is_kept_as_typed_or_refused_by_the_text_rule(meeting_id, organizer, austria,
                                                                                  words):
    key = operative_keys(organizer, meeting_id)[0]
    made = made_unless_refused(words, lambda text: comment(austria, meeting_id, key, text))
    if made is None:
        return
    with db.transaction() as session:
        texts = [view.comment.text for view in comments.comments(session, organizer, meeting_id)]
    assert texts[-1] == made.text == as_kept(words)
