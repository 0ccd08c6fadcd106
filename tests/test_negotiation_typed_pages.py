"""Issue 18 on the pages: nothing typed is thrown away, an amendment over a changed paragraph is decided against
the three texts, and the delegation holding a bracket lifts it."""
import re

from planner import db
from planner.models import AmendmentKind, AmendmentState, ParagraphKind
from planner.statement import amendments, brackets, drafting, versions
from planner.ui.common import md
from tests.test_agenda_review_pages import plain
from tests.test_negotiation_pages import circulated_meeting
from tests.test_pages import labelled, open_page, people, texts  # noqa: F401 - fixtures
from tests.test_statement_pages import drafted_meeting


def first_operative(actor, meeting_id, draft=False):
    with db.transaction() as session:
        text = versions.draft_text(session, actor, meeting_id) if draft else versions.circulated_text(
            session, actor, meeting_id)
        return next(p for p in text.paragraphs if p.kind == ParagraphKind.operative)


def latest_symbol(actor, meeting_id):
    with db.transaction() as session:
        return versions.circulated_text(session, actor, meeting_id).version.symbol


def test_a_paragraph_edit_refused_by_a_colleagues_change_keeps_your_text_beside_theirs(database_url, people,
                                                                                      make_meeting):
    organizer = people["organizer"]
    meeting_id = drafted_meeting(make_meeting, organizer)
    paragraph = first_operative(organizer, meeting_id, draft=True)
    app = open_page("statement", organizer, meeting_id)
    app.button(key=f"edit_{paragraph.key}").click().run()
    labelled(app.text_area, "Text of the paragraph").input("Agree on my *wording*;")
    with db.transaction() as session:
        drafting.edit_paragraph(session, organizer, paragraph.id, "Agree on their wording;")
    labelled(app.button, "Save").click().run()
    assert not app.exception and "changed by someone else" in app.error[0].value
    assert labelled(app.text_area, "Text of the paragraph").value == "Agree on my *wording*;"
    assert [t.value for t in app.text] == ["Agree on my *wording*;", "Agree on their wording;"]
    assert "Your text" in texts(app) and "Their text" in texts(app)
    labelled(app.text_area, "Text of the paragraph").input("Agree on their wording, and mine;")
    labelled(app.button, "Save").click().run()
    assert not app.exception and [t.value for t in app.toast] == ["Operative paragraph 1 saved"]
    assert first_operative(organizer, meeting_id, draft=True).text == "Agree on their wording, and mine;"


def test_a_refused_amendment_and_comment_keep_what_the_delegate_typed(database_url, people, make_meeting):
    organizer, austria = people["organizer"], people["delegate.austria"]
    meeting_id = circulated_meeting(make_meeting, organizer)
    app = open_page("negotiation", austria, meeting_id)
    wording = "Text (the paragraph as your delegation proposes it; empty for a deletion)"
    hidden = "Agree to co-operate\u202e closely;"  # an invisible right-to-left override: refused at the door
    labelled(app.text_area, wording).input(hidden)
    labelled(app.text_area, "Reason").input("Clearer.")
    labelled(app.button, "Propose").click().run()
    assert not app.exception and "right\\-to\\-left" in app.error[0].value
    assert (labelled(app.text_area, wording).value, labelled(app.text_area, "Reason").value) == (hidden, "Clearer.")
    labelled(app.text_area, wording).input("Agree to co-operate closely;")
    labelled(app.button, "Propose").click().run()
    assert not app.exception and "Amendment proposed" in texts(app)
    assert labelled(app.text_area, "Reason").value == "", "emptied once it went through"
    labelled(app.text_area, "Your delegation's comment").input("We support\u202e it.")
    labelled(app.button, "Send the comment").click().run()
    assert not app.exception and "right\\-to\\-left" in app.error[0].value
    assert labelled(app.text_area, "Your delegation's comment").value == "We support\u202e it."


def test_an_amendment_over_a_changed_paragraph_is_accepted_with_a_merged_wording(database_url, people, make_meeting):
    organizer, austria, turkiye = people["organizer"], people["delegate.austria"], people["delegate.turkiye"]
    meeting_id = circulated_meeting(make_meeting, organizer)
    paragraph = first_operative(organizer, meeting_id)
    with db.transaction() as session:
        first = amendments.propose(session, austria, meeting_id, paragraph_key=paragraph.key,
                                   kind=AmendmentKind.replace, text="Agree to co-operate closely;")
        second = amendments.propose(session, turkiye, meeting_id, paragraph_key=paragraph.key,
                                    kind=AmendmentKind.insert_after, text="Encourage joint training;")
        amendments.propose(session, turkiye, meeting_id, paragraph_key=paragraph.key, kind=AmendmentKind.replace,
                           text="Agree to co-operate on cybercrime;")
        amendments.accept(session, organizer, first.id)
        amendments.accept(session, organizer, second.id)
    board = open_page("negotiation", organizer, meeting_id)
    labelled(board.radio, "Show").set_value(False).run()
    symbol = latest_symbol(organizer, meeting_id)
    cards = [re.sub(r"\\(.)", r"\1", e.label) for e in board.expander]
    assert not board.exception and f"Türkiye · Replace operative paragraph 1 · {symbol} · Overtaken by an accepted " \
        "amendment" in cards and f"Türkiye · New paragraph after operative paragraph 1 · {symbol} · Accepted" in cards
    assert "Operative paragraph 1 has changed in the working draft" in plain(board)
    assert {f"As circulated in {symbol}", "Now in the working draft", "Proposed"} <= set(plain(board).split("\n"))
    merged = "Agree to co-operate closely, including on cybercrime;"
    labelled(board.text_area, "Wording to accept").input(merged)
    labelled(board.button, "Accept with this wording").click().run()
    assert not board.exception and "Amendment accepted" in texts(board)
    assert first_operative(organizer, meeting_id, draft=True).text == merged
    with db.transaction() as session:
        states = [v.amendment.state for v in amendments.amendments(session, organizer, meeting_id)]
    assert states == [AmendmentState.accepted] * 3


def test_the_delegation_holding_a_bracket_lifts_it_and_the_organizers_see_it(database_url, people, make_meeting):
    organizer, turkiye = people["organizer"], people["delegate.turkiye"]
    meeting_id = circulated_meeting(make_meeting, organizer)
    paragraph = first_operative(organizer, meeting_id)
    span = paragraph.text.split()[1]
    with db.transaction() as session:
        brackets.place(session, organizer, meeting_id, paragraph.key, turkiye.delegation_id, span)
    app = open_page("negotiation", turkiye, meeting_id)
    assert f"\\[{span}\\] in operative paragraph 1" in texts(app)
    labelled(app.button, "Lift").click().run()
    assert md(f"accepts [{span}] in operative paragraph 1: only the Chairmanship can put them back") in texts(app)
    with db.transaction() as session:
        assert brackets.in_draft(session, organizer, meeting_id), "not lifted before the delegate says yes"
    labelled(app.button, "Yes, lift").click().run()
    assert not app.exception and "Bracket lifted" in texts(app) and "Your delegation holds no brackets." in texts(app)
    board = open_page("negotiation", organizer, meeting_id)
    assert md(f"by {turkiye.email}: Türkiye's [{span}] in operative paragraph 1 of the working draft") in texts(board)
    with db.transaction() as session:
        assert brackets.in_draft(session, organizer, meeting_id) == []


def test_a_replacement_starts_from_the_paragraph_as_circulated(database_url, people, make_meeting):
    """A delegate changes words instead of retyping the paragraph; sending it back unchanged is refused."""
    organizer, austria = people["organizer"], people["delegate.austria"]
    meeting_id = circulated_meeting(make_meeting, organizer)
    with db.transaction() as session:
        first = versions.circulated_text(session, austria, meeting_id).paragraphs[0]
    wording = "Text (the paragraph as your delegation proposes it; empty for a deletion)"
    app = open_page("negotiation", austria, meeting_id)
    assert labelled(app.selectbox, "Paragraph").value == first.key
    assert labelled(app.text_area, wording).value == first.text
    labelled(app.button, "Propose").click().run()
    assert not app.exception and md(f"The text is the paragraph as circulated in {latest_symbol(austria, meeting_id)}: "
                                    "change the words your delegation proposes.") in app.error[0].value
    labelled(app.radio, "Amendment").set_value(AmendmentKind.delete).run()
    assert labelled(app.text_area, wording).value == "" and labelled(app.text_area, wording).disabled
    labelled(app.radio, "Amendment").set_value(AmendmentKind.replace).run()
    labelled(app.text_area, wording).input(first.text.replace(";", ", as national law allows;"))
    labelled(app.button, "Propose").click().run()
    assert not app.exception and "Amendment proposed" in texts(app)
    with db.transaction() as session:
        proposed = amendments.amendments(session, organizer, meeting_id)
    assert [a.amendment.text for a in proposed] == [first.text.replace(";", ", as national law allows;")]
