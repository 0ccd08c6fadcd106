"""The Negotiation page through Streamlit's AppTest: a delegate proposes, comments and reads the news, the organizer
decides, answers and starts silence, a delegate breaks it; typed text is shown as typed."""
import datetime as dt
import io
import re

from docx import Document

from planner import db
from planner.meetings import planning, timetable
from planner.models import AmendmentState, CommentAudience, CommentStatus, MeetingStatus, ParagraphKind
from planner.statement import amendments, comments, drafting, silence, versions
from planner.ui.common import md
from tests.conftest import invite_and_send_to
from tests.test_agenda_review_pages import plain
from tests.test_pages import (  # noqa: F401 - fixtures
    download_in_one_click, downloads, labelled, on_tab, open_page, people, texts,
)

# Notes verbales sent the year before take numbers of that year's series: the statement's symbols stay as they were.
LAST_YEAR = dt.date(dt.date.today().year - 1, 12, 1)


def circulated_meeting(make_meeting, organizer):
    meeting_id = make_meeting(start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 10))
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism", "cyber_crime"])
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        invite_and_send_to(session, organizer, meeting_id, "Austria", "Türkiye", on=LAST_YEAR)
        drafting.draft_from_priorities(session, organizer, meeting_id)
        versions.circulate(session, organizer, meeting_id)
    return meeting_id


def test_a_delegate_proposes_the_organizer_accepts_and_the_delegate_reads_the_news(database_url, people, make_meeting):
    organizer, austria = people["organizer"], people["delegate.austria"]
    meeting_id = circulated_meeting(make_meeting, organizer)
    app = open_page("negotiation", austria, meeting_id)
    assert not app.exception and "Version 1 was circulated" in texts(app)
    with db.transaction() as session:
        key = next(p.key for p in versions.circulated_text(session, austria, meeting_id).paragraphs
                   if p.kind == ParagraphKind.operative)
    labelled(app.selectbox, "Paragraph").select(key).run()
    labelled(app.text_area, "Text (the paragraph as your delegation proposes it; empty for a deletion)").input(
        "Agree to *co-operate* [closely] — сотрудничество, تعاون 👮;")
    labelled(app.text_area, "Reason").input("Clearer.")
    labelled(app.button, "Propose").click().run()
    assert not app.exception and "Amendment proposed" in texts(app)
    shown = "".join(str(h.proto.body) for h in app.get("html"))
    assert "*co-operate* [closely] — сотрудничество, تعاون 👮;</ins>" in shown and "<em>" not in shown  # as typed
    labelled(app.button, "Mark as read").click().run()
    assert "Nothing new since you last marked the statement read." in texts(app)

    board = open_page("negotiation", organizer, meeting_id)
    labelled(board.button, "Accept into the draft").click().run()
    assert not board.exception and "Amendment accepted" in texts(board)
    with db.transaction() as session:
        [view] = amendments.amendments(session, organizer, meeting_id)
    assert view.amendment.state == AmendmentState.accepted

    again = open_page("negotiation", austria, meeting_id)
    assert "amendment on operative paragraph 1 of CIO\\.GAL/" in texts(again) and "was accepted" in texts(again)


def test_the_organizer_starts_silence_and_a_delegate_breaks_it(database_url, people, make_meeting):
    organizer, turkiye = people["organizer"], people["delegate.turkiye"]
    meeting_id = circulated_meeting(make_meeting, organizer)
    with db.transaction() as session:
        symbol = versions.circulated_versions(session, organizer, meeting_id)[-1].symbol
    app = on_tab(open_page("negotiation", organizer, meeting_id), "Silence procedure")
    assert {d.proto.format for d in app.date_input} == {"DD.MM.YYYY"} and app.time_input[0].proto.format == "24h"
    labelled(app.button, "Start the silence procedure").click().run()
    assert md(f"This puts {symbol} under silence until ") in texts(app)
    assert "unless one of the 2 delegations taking part breaks it by then, the statement is adopted" in texts(app)
    with db.transaction() as session:
        assert silence.current(session, organizer, meeting_id) is None, "nothing starts before the organizer says yes"
    labelled(app.button, "Yes, start the silence procedure").click().run()
    assert not app.exception and "Silence procedure started" in texts(app) and "Under silence" in texts(app)
    delegate = on_tab(open_page("negotiation", turkiye, meeting_id), "Silence procedure")
    labelled(delegate.text_area, "Your delegation's objection").input("Paragraph 2 needs more work.")
    labelled(delegate.button, "Break silence").click().run()
    assert md(f"This sends your delegation's objection to the Chairmanship and breaks silence on {symbol}: the "
              "statement is not adopted when silence expires") in texts(delegate)
    labelled(delegate.button, "Cancel").click().run()
    with db.transaction() as session:
        assert silence.current(session, organizer, meeting_id).state == silence.SilenceState.running
    assert labelled(delegate.text_area, "Your delegation's objection").value == "Paragraph 2 needs more work."
    labelled(delegate.button, "Break silence").click().run()
    labelled(delegate.button, "Yes, break silence").click().run()
    assert not delegate.exception and "Silence broken\\: not adopted" in texts(delegate)
    with db.transaction() as session:
        assert silence.current(session, organizer, meeting_id).state == silence.SilenceState.broken


def test_the_demo_shows_a_comparison_under_the_delegations_names_and_the_adopted_statement(database_url, people,
                                                                                          demo_meeting, downloads):
    app = on_tab(open_page("negotiation", people["delegate.austria"], demo_meeting), "Compare versions")
    assert not app.exception
    labelled(app.selectbox, "Earlier version").select(1).run()
    html = "".join(str(h.proto.body) for h in app.get("html"))
    assert "<ins" in html and "(Austria)" in html and "(Türkiye)" in html
    assert re.search(r"Comparison of \S+ with \S+ — for information", texts(app).replace("\\", ""))
    on_tab(app, "Adoption")
    adopted = Document(io.BytesIO(download_in_one_click(app, "the adopted statement (Word)", downloads)))
    assert any("Türkiye" in p.text for p in adopted.paragraphs)
    assert "By the delegation of Türkiye:" in texts(app)


def test_a_delegate_comments_for_the_organizers_only_and_the_organizer_answers(database_url, people, make_meeting):
    organizer, austria, turkiye = people["organizer"], people["delegate.austria"], people["delegate.turkiye"]
    meeting_id = circulated_meeting(make_meeting, organizer)
    with db.transaction() as session:
        second = [p for p in versions.circulated_text(session, austria, meeting_id).paragraphs
                  if p.kind == ParagraphKind.operative][1]
    typed = "Only for the *Chairmanship*: [see](http://x.example) — сотрудничество, تعاون 👮"
    app = on_tab(open_page("negotiation", austria, meeting_id), "Comments")
    labelled(app.selectbox, "Paragraph").select(second.key)
    labelled(app.text_area, "Your delegation's comment").input(typed)
    labelled(app.radio, "Who may read it").set_value(CommentAudience.organizers)
    labelled(app.button, "Send the comment").click().run()
    assert not app.exception and "Comment sent to the Chairmanship" in texts(app)
    assert md(typed) in texts(app) and "**Austria** (in CIO\\.GAL/" in texts(app)
    assert "for the organizers, open):" in texts(app) and f"**2.** {md(second.text)}" in texts(app)

    other = on_tab(open_page("negotiation", turkiye, meeting_id), "Comments")
    assert not other.exception and "Only for the" not in plain(other) and "No comments yet." in texts(other)

    board = on_tab(open_page("negotiation", organizer, meeting_id), "Comments")
    assert md(typed) in texts(board)
    labelled(board.text_area, "Answer").input("We will *consider* it.")
    labelled(board.button, "Answer and resolve").click().run()
    assert not board.exception and "Answered and resolved" in texts(board) and "No open comments." in texts(board)
    with db.transaction() as session:
        [view] = comments.comments(session, organizer, meeting_id)
    assert view.comment.status == CommentStatus.resolved and view.comment.audience == CommentAudience.organizers

    again = on_tab(open_page("negotiation", austria, meeting_id), "Comments")
    assert "The Chairmanship answered your delegation's comment on paragraph 2: We will *consider* it." in plain(again)
    assert md("We will *consider* it.") in texts(again)


def test_the_demo_comments_are_read_by_their_audience_and_closed_after_adoption(database_url, people, demo_meeting):
    turkiye = on_tab(open_page("negotiation", people["delegate.turkiye"], demo_meeting), "Comments")
    shown = plain(turkiye)
    assert not turkiye.exception and "Germany supports the paragraph as it stands" in shown
    assert "Austria could accept the words in brackets" not in shown
    assert "takes no more comments" in shown and "Send the comment" not in [b.label for b in turkiye.button]
    austria = on_tab(open_page("negotiation", people["delegate.austria"], demo_meeting), "Comments")
    assert "Austria could accept the words in brackets" in plain(austria)
    assert "**Answer:** Thank you: the Chairmanship will consult Türkiye" in plain(austria)
    board = on_tab(open_page("negotiation", people["organizer"], demo_meeting), "Comments")
    assert "Austria could accept the words in brackets" in plain(board)
    assert [w.label for w in board.text_area].count("Answer") == 2, "both still open after adoption"


def test_the_secretariat_reads_the_negotiation_and_downloads_the_adopted_statement(database_url, people, demo_meeting,
                                                                                  downloads):
    app = on_tab(open_page("negotiation", people["secretariat"], demo_meeting), "Adoption")
    assert not app.exception and "Adopted as CIO.GAL/" in plain(app)
    assert "Propose" not in [b.label for b in app.button] and "Accept into the draft" not in [b.label for b in app.button]
    adopted = Document(io.BytesIO(download_in_one_click(app, "the adopted statement (Word)", downloads)))
    assert any("Türkiye" in p.text for p in adopted.paragraphs)


def test_delegates_and_organizers_find_the_word_upload_and_organizers_choose_the_delegation(database_url, people,
                                                                                            make_meeting):
    organizer, austria = people["organizer"], people["delegate.austria"]
    meeting_id = circulated_meeting(make_meeting, organizer)
    app = open_page("negotiation", austria, meeting_id)
    assert not app.exception and "marked up in Word or LibreOffice" in texts(app)
    assert not [box for box in app.selectbox if box.label == "On behalf of the delegation"]
    board = open_page("negotiation", organizer, meeting_id)
    chooser = labelled(board.selectbox, "On behalf of the delegation")
    assert not board.exception and set(chooser.options) == {"Austria", "Türkiye"} and chooser.value is None
