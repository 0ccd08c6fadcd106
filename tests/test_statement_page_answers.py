"""The Statement page answers where it was asked (issue 21): a refusal beside its control in the tab that stays open,
a counter under paragraph text, the text emptied once added, questions before deleting, circulating and starting
again that say what will happen, and the clause library as it will read in this meeting."""
from sqlmodel import select

from planner import db
from planner.meetings import planning
from planner.models import AmendmentKind, IssuedDocument, MeetingStatus, ParagraphKind
from planner.statement import amendments, drafting, versions
from planner.statement.clauses import library
from tests.conftest import invite_and_send_to
from tests.test_negotiation_pages import LAST_YEAR
from planner.ui.common import md
from tests.test_pages import labelled, open_page, people, texts  # noqa: F401 - fixtures


def planned_draft(make_meeting, organizer, *invited: str) -> int:
    """A planned meeting in Vienna on terrorism, these delegations invited last year, its statement drafted."""
    meeting_id = make_meeting()
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism"])
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        if invited:
            invite_and_send_to(session, organizer, meeting_id, *invited, on=LAST_YEAR)
        drafting.draft_from_priorities(session, organizer, meeting_id)
    return meeting_id


def draft_paragraphs(organizer, meeting_id):
    with db.transaction() as session:
        return versions.draft_text(session, organizer, meeting_id).paragraphs


def open_own_tab(app, meeting_id):
    app.session_state[f"statement_add_{meeting_id}"] = "Write your own"
    return app.run()


def toasts(app) -> list[str]:
    return [toast.value for toast in app.toast]


def test_a_paragraph_too_long_is_refused_beside_its_button_in_the_tab_that_stays_open(database_url, people,
                                                                                       make_meeting):
    organizer = people["organizer"]
    meeting_id = planned_draft(make_meeting, organizer)
    before = len(draft_paragraphs(organizer, meeting_id))
    operative = sum(p.kind == ParagraphKind.operative for p in draft_paragraphs(organizer, meeting_id))
    app = open_own_tab(open_page("statement", organizer, meeting_id), meeting_id)
    pasted = "Agree " + "a" * 4994
    labelled(app.text_area, "Text").input(pasted)
    labelled(app.button, "Add the paragraph").click().run()
    own = next(tab for tab in app.tabs if tab.label == "Write your own")
    assert not app.exception and app.session_state[f"statement_add_{meeting_id}"] == "Write your own"
    assert [e.value for e in own.error] == [md("The paragraph is too long (5,000 characters; at most 4,000).")]
    assert [e.value for e in app.error] == [own.error[0].value], "nowhere else"
    assert [c.value for c in own.caption] == [":red[5,000 characters: 1,000 over the limit of 4,000]"]
    assert labelled(app.text_area, "Text").value == pasted, "the whole text stays, to be cut where its writer chooses"
    assert len(draft_paragraphs(organizer, meeting_id)) == before

    labelled(app.text_area, "Text").input("Agree to meet again within a year;")
    labelled(app.button, "Add the paragraph").click().run()
    assert not app.exception and toasts(app) == [f"Paragraph added as operative paragraph {operative + 1}"]
    assert labelled(app.text_area, "Text").value == "", "emptied, so that nothing is added twice"
    assert "0 of 4,000 characters" in [c.value for c in app.caption]
    assert app.session_state[f"statement_add_{meeting_id}"] == "Write your own"
    labelled(app.button, "Add the paragraph").click().run()
    assert "A paragraph needs some text" in app.error[0].value
    added = [p.text for p in draft_paragraphs(organizer, meeting_id)]
    assert added.count("Agree to meet again within a year;") == 1 and len(added) == before + 1


def test_a_refused_edit_is_said_in_the_paragraphs_row(database_url, people, make_meeting):
    organizer = people["organizer"]
    meeting_id = planned_draft(make_meeting, organizer)
    paragraph = next(p for p in draft_paragraphs(organizer, meeting_id) if p.kind == ParagraphKind.operative)
    app = open_page("statement", organizer, meeting_id)
    app.button(key=f"edit_{paragraph.key}").click().run()
    row = app.get_by_key(f"paragraph_{paragraph.key}")
    assert [c.value for c in row.caption] == [f"{len(paragraph.text)} of 4,000 characters"]
    labelled(row.text_area, "Text of the paragraph").input("Agree " * 700)
    labelled(row.button, "Save").click().run()
    row = app.get_by_key(f"paragraph_{paragraph.key}")
    assert [e.value for e in row.error] == [md("The paragraph is too long (4,200 characters; at most 4,000).")]
    assert [e.value for e in app.error] == [row.error[0].value]
    assert ":red[4,200 characters: 200 over the limit of 4,000]" in [c.value for c in row.caption]


def test_deleting_a_paragraph_asks_first_in_its_row_and_names_it(database_url, people, make_meeting):
    organizer = people["organizer"]
    meeting_id = planned_draft(make_meeting, organizer)
    first, second = [p for p in draft_paragraphs(organizer, meeting_id) if p.kind == ParagraphKind.operative][:2]
    app = open_page("statement", organizer, meeting_id)
    app.button(key=f"delete_{first.key}").click().run()
    question = app.get_by_key(f"paragraph_{first.key}").warning
    assert len(question) == 1 and question[0].value.startswith(md(
        "This removes operative paragraph 1, “" + " ".join(first.text.split()[:12]) + " …”, from the working draft"))
    assert "circulated versions" not in question[0].value, "none was circulated"
    labelled(app.button, "Cancel").click().run()
    assert not app.warning and first.key in [p.key for p in draft_paragraphs(organizer, meeting_id)]
    app.button(key=f"delete_{first.key}").click().run()
    labelled(app.button, "Yes, delete operative paragraph 1").click().run()
    assert not app.exception and toasts(app) == ["Operative paragraph 1 deleted"]
    assert [p.key for p in draft_paragraphs(organizer, meeting_id) if p.kind == ParagraphKind.operative][0] == second.key


def test_circulating_says_the_symbol_and_the_delegations_before_it_is_done(database_url, people, make_meeting):
    organizer = people["organizer"]
    meeting_id = planned_draft(make_meeting, organizer, "Austria", "Türkiye")
    app = open_page("statement", organizer, meeting_id)
    labelled(app.button, "Circulate as version 1").click().run()
    with db.transaction() as session:
        issued = {d.symbol for d in session.exec(select(IssuedDocument))}
    [question] = app.warning
    assert "delegations taking part" in question.value and not versions_circulated(organizer, meeting_id)
    symbol = question.value.split("the symbol ", 1)[1].split(" ", 1)[0]
    assert symbol not in issued and question.value.startswith(
        f"This gives the draft the symbol {symbol} as version 1 of the statement, dated ")
    assert question.value.endswith("and makes it visible to the 2 delegations taking part and the Secretariat\\. You keep "
                                   "editing the draft for the next version\\.")
    labelled(app.button, "Yes, circulate as version 1").click().run()
    assert not app.exception and versions_circulated(organizer, meeting_id) == [symbol.replace("\\", "")]
    labelled(app.button, "Circulate as version 2").click().run()
    assert f"the symbol {symbol}/Rev\\.1 as version 2" in app.warning[0].value


def versions_circulated(organizer, meeting_id) -> list[str]:
    with db.transaction() as session:
        return [v.symbol for v in versions.circulated_versions(session, organizer, meeting_id)]


def test_starting_again_asks_first_and_counts_what_it_replaces(database_url, people, make_meeting):
    organizer = people["organizer"]
    meeting_id = planned_draft(make_meeting, organizer)
    count = len(draft_paragraphs(organizer, meeting_id))
    with db.transaction() as session:
        drafting.add_paragraph(session, organizer, meeting_id, kind=ParagraphKind.operative, text="Agree to my own;")
    app = open_page("statement", organizer, meeting_id)
    labelled(app.button, "Start again from the priorities").click().run()
    assert app.warning[0].value.startswith(f"This replaces the {count + 1} paragraphs of the working draft")
    assert "Agree to my own;" in [p.text for p in draft_paragraphs(organizer, meeting_id)]
    labelled(app.button, "Yes, start again from the priorities").click().run()
    assert not app.exception and "Draft written again from the priorities" in texts(app)
    assert "Agree to my own;" not in [p.text for p in draft_paragraphs(organizer, meeting_id)]


def test_the_library_reads_as_in_this_meeting_and_a_changed_clause_loses_its_label(database_url, people,
                                                                                   make_meeting):
    organizer, austria = people["organizer"], people["delegate.austria"]
    meeting_id = planned_draft(make_meeting, organizer, "Austria")
    app = open_page("statement", organizer, meeting_id)
    welcoming = app.get_by_key("clause_welcoming-chairmanship-initiative").markdown[0].value
    assert welcoming.startswith("✔ Welcoming the initiative of the Chairmanship of Slovakia in 2027 to convene the "
                                "Meeting of the Chiefs of Police in Vienna")
    shown = [m.value for block in app.container if (block.key or "").startswith("clause_") for m in block.markdown]
    assert len(shown) == 20 and not [m for m in shown if "{" in m or "}" in m]
    preamble = sum(p.kind == ParagraphKind.preamble for p in draft_paragraphs(organizer, meeting_id))
    assert app.button(key="add_noting-first-meeting").label == "Add"
    app.button(key="add_noting-first-meeting").click().run()
    assert toasts(app) == [f"Clause added as preambular paragraph {preamble + 1}"]
    assert app.button(key="add_noting-first-meeting").label == "Add again", "a second one only on purpose"
    labelled(app.text_input, "Words").input("Slovakia").run()
    assert [b.key for b in app.container if (b.key or "").startswith("clause_")] == [
        "clause_welcoming-chairmanship-initiative", "clause_closing-thanks-host"], "found as they read"

    paragraphs = draft_paragraphs(organizer, meeting_id)
    clause = next(p for p in paragraphs if p.source_clause == "terrorism-prevention")
    untouched = next(p for p in paragraphs if p.source_clause == "closing-thanks-host")
    with db.transaction() as session:
        versions.circulate(session, organizer, meeting_id)
        proposed = amendments.propose(session, austria, meeting_id, paragraph_key=clause.key,
                                      kind=AmendmentKind.replace, text=clause.text.replace("Commit", "Agree"))
        amendments.accept(session, organizer, proposed.id)
    app.run()
    assert app.get_by_key(f"paragraph_{clause.key}").markdown[-1].value.endswith(
        f":gray[{md('changed from library: terrorism-prevention')}]")
    assert app.get_by_key(f"paragraph_{untouched.key}").markdown[-1].value.endswith(
        f":gray[{md('library: closing-thanks-host')}]")
    assert library().get("terrorism-prevention").text.startswith("Commit"), "the amendment must change the text"
