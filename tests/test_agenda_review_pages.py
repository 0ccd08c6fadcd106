"""The Agenda review page, through Streamlit's AppTest: delegates read and comment, organizers circulate and answer."""
import io
import re

from docx import Document
from docx.oxml.ns import qn

from planner import db
from planner.agenda_review import comments, versions
from planner.meetings import planning
from planner.models import CommentStatus, Delegation, MeetingStatus
from planner.ui.common import md
from tests.test_pages import (  # noqa: F401 - `people` and `downloads` are fixtures
    download_in_one_click, downloads, labelled, open_page, open_page_directly, people, texts,
)

__all__ = ["people"]


def plain(app) -> str:
    """The page's text with Markdown escapes removed: what a reader sees."""
    return re.sub(r"\\(.)", r"\1", texts(app))


def test_a_delegate_reads_the_latest_version_sees_what_changed_and_comments(database_url, demo_meeting, people):
    austria, turkiye = people["delegate.austria"], people["delegate.turkiye"]
    with db.transaction() as session:
        latest = versions.get_version(session, austria, demo_meeting)
        first = versions.get_version(session, austria, demo_meeting, 1)
    app = open_page("agenda_review", austria, demo_meeting)
    assert not app.exception
    shown = plain(app)
    assert f"Draft agenda {latest.symbol}" in shown
    assert "What changed since your last visit" in shown and "Agreed: INTERPOL will open the session" in shown
    changes = app.dataframe[0].value
    assert "retimed" in " ".join(changes["What changed"]) and "speakers changed" in " ".join(changes["What changed"])
    assert "Could the INTERPOL representative speak before UNODC" in shown
    assert "Please allow more time for this session" in shown
    labelled(app.text_area, "Your delegation's comment").input("A *bold* request: add [a link](http://x)")
    labelled(app.button, "Send the comment").click().run()
    assert not app.exception and "Comment sent" in app.success[0].value
    assert md("A *bold* request: add [a link](http://x)") in texts(app)

    other = open_page("agenda_review", turkiye, demo_meeting)
    seen = plain(other)
    assert "Could the INTERPOL representative speak before UNODC" not in seen
    assert "We propose adding a speaker on joint investigation teams" in seen
    assert "A *bold* request" not in seen
    with db.transaction() as session:
        opened = versions.openings(session, people["organizer"], demo_meeting, latest.number)
        assert {d.name for d, _ in opened} == {"Austria", "Türkiye"}
        assert {d.name for d, _ in versions.openings(session, people["organizer"], demo_meeting, first.number)} == {
            "Austria", "Türkiye"}


def test_the_timetable_is_the_organizers_work_in_progress(database_url, demo_meeting, people):
    app = open_page("timetable", people["delegate.austria"], demo_meeting)
    assert not app.exception and "Chairmanship's work in progress" in app.info[0].value
    assert not app.dataframe and "Save timetable" not in [b.label for b in app.button]


def test_an_organizer_answers_comments_and_circulates_the_next_revision(database_url, demo_meeting, people, downloads):
    organizer = people["organizer"]
    app = open_page("agenda_review", organizer, demo_meeting)
    assert not app.exception
    assert "Open comments (2)" in [t.label for t in app.tabs]
    assert "Opened by 0 delegations" in plain(app)
    labelled(app.selectbox, "Version").set_value(1).run()
    assert "Opened by 2 delegations**: Austria, Türkiye" in plain(app)
    answer = next(w for w in app.text_area if w.label == "Answer")
    answer.input("A speaker from Europol's JIT network will join.")
    next(b for b in app.button if b.label == "Answer and resolve").click().run()
    assert not app.exception
    with db.transaction() as session:
        statuses = [v.comment.status for v in comments.comments(session, organizer, demo_meeting)]
    assert statuses.count(CommentStatus.resolved) == 2
    labelled(app.button, "Freeze a draft version").click().run()
    assert not app.exception and "Draft version frozen" in app.success[0].value
    labelled(app.button, "Circulate it").click().run()
    assert "This gives the agenda the symbol " in plain(app) and "/Rev.2, dated " in plain(app)
    labelled(app.button, "Yes, circulate it").click().run()
    assert not app.exception
    with db.transaction() as session:
        latest = versions.get_version(session, organizer, demo_meeting)
        first, previous = (versions.get_version(session, organizer, demo_meeting, n) for n in (1, 2))
        chair = session.get(Delegation, planning.get_meeting(session, organizer, demo_meeting).chairmanship_id)
    assert latest.number == 3 and latest.symbol.endswith("/Rev.2")
    compared = Document(io.BytesIO(download_in_one_click(app, "the comparison with tracked changes (Word)", downloads)))
    marks = list(compared.element.body.iter(qn("w:ins"), qn("w:del")))
    assert marks and all(any(a.tag == qn("w:tc") for a in mark.iterancestors()) for mark in marks)
    assert {mark.get(qn("w:author")) for mark in marks} == {f"Chairmanship of {chair.in_sentence}"}
    line = compared.paragraphs[0].text
    symbols = re.fullmatch(r"Comparison of (\S+) with (\S+) — for information", line).groups()
    assert set(symbols) <= {first.symbol, previous.symbol, latest.symbol} and line in plain(app)


def test_the_page_without_sign_in_stops_with_a_pointer(database_url):
    app = open_page_directly("agenda_review")
    assert not app.exception and "Please sign in first" in app.warning[0].value


def test_a_delegate_sees_nothing_before_the_first_circulation(database_url, people, make_meeting):
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.change_status(session, people["organizer"], meeting_id, MeetingStatus.planned)
    app = open_page("agenda_review", people["delegate.austria"], meeting_id)
    assert not app.exception and "has not circulated the agenda yet" in app.info[0].value
    assert not app.dataframe
