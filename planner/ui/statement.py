"""Statement: organizers draft from the priorities, edit, add library clauses or their own, reorder, circulate;
everyone who may read the meeting reads and downloads the circulated versions."""
import streamlit as st

from planner.access import Capability
from planner.dates import long_date
from planner.delegations.models import Delegation
from planner.documents.statement import file_name, statement_document
from planner.statement import brackets, drafting, silence, versions
from planner.statement.clauses import ClauseKind, library, meeting_values
from planner.statement.models import ParagraphKind
from planner.ui import common, downloads

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

actor = common.actor()
meeting = common.chosen_meeting()
common.page_header("Statement", f"{meeting.title} · the outcome document of the meeting")
editor = actor.can(Capability.draft_statement)
circulated = common.read(lambda s: versions.circulated_versions(s, actor, meeting.id))


def show_version(version) -> None:
    text = common.read(lambda s: versions.circulated_text(s, actor, meeting.id, version.number))
    downloads.one_click(f"version {version.number} (Word)", f"version_{version.number}",
                        lambda s, who: statement_document(s, who, text), file_name(text), DOCX)
    standing = common.read(lambda s: brackets.in_version(s, actor, text.version))
    shown = []
    for number, paragraph in drafting.numbered(text.paragraphs):
        words = common.md(brackets.shown(paragraph.text, [b for b in standing if b.paragraph_key == paragraph.key]))
        shown.append(f"**{number}.** {words}" if number else f"*{words}*")
    st.markdown("\n\n".join(shown))


def versions_view() -> None:
    if not circulated:
        st.info("No version of the statement has been circulated yet."
                + (" Circulate the working draft when it is ready." if editor else
                   " The Chairmanship circulates the draft to delegations when it is ready."))
        return
    chosen = st.selectbox("Version", [v.number for v in reversed(circulated)],
                          format_func=lambda n: next(f"Version {v.number} · {v.symbol} · {long_date(v.issued_on)}"
                                                     for v in circulated if v.number == n))
    show_version(next(v for v in circulated if v.number == chosen))


if not editor:
    versions_view()
    st.stop()

draft_tab, versions_tab = st.tabs(["Working draft", f"Circulated versions ({len(circulated)})"])
with versions_tab:
    versions_view()

SEEN_DRAFT = f"statement_seen_draft_{meeting.id}"
SEEN_PARAGRAPHS = f"statement_seen_paragraphs_{meeting.id}"
EDITING = f"statement_editing_{meeting.id}"
THEIRS = f"statement_theirs_{meeting.id}"

draft = common.read(lambda s: drafting.working_draft(s, actor, meeting.id))
paragraphs = common.read(lambda s: drafting.paragraphs_of(s, actor, draft)) if draft else []
seen_draft = st.session_state.get(SEEN_DRAFT, draft.version if draft else None)
seen_paragraphs = st.session_state.get(SEEN_PARAGRAPHS, {p.key: p.version for p in paragraphs})
st.session_state[SEEN_DRAFT] = draft.version if draft else None
st.session_state[SEEN_PARAGRAPHS] = {p.key: p.version for p in paragraphs}


def done(result, message: str) -> None:
    """After a change: forget what was seen (the rerun shows the new state) and say what happened."""
    if result is not None:
        st.session_state.pop(SEEN_DRAFT, None)
        st.session_state.pop(SEEN_PARAGRAPHS, None)
        common.flash(message)
        st.rerun()


def typed(paragraph) -> str:
    """The session key of the text typed into one paragraph's form."""
    return f"statement_typed_{meeting.id}_{paragraph.key}"


def stop_editing(paragraph) -> None:
    for key in (EDITING, typed(paragraph), THEIRS):
        st.session_state.pop(key, None)


def edit_form(place, paragraph) -> None:
    """The paragraph's text to edit. What was typed stays in the form whatever happens; when a colleague changed the
    paragraph meanwhile, their text is shown beside it, so the editor merges instead of typing again."""
    with place.form(f"edit_{paragraph.key}"):
        new_text = st.text_area("Text of the paragraph", key=typed(paragraph), height=120)
        save, cancel = st.columns(2)
        if save.form_submit_button("Save", type="primary"):
            expected = seen_paragraphs.get(paragraph.key, paragraph.version)
            if common.attempt(lambda s: drafting.edit_paragraph(s, actor, paragraph.id, new_text, expected)):
                stop_editing(paragraph)
                done(True, "Paragraph saved")
            elif expected != paragraph.version:
                st.session_state[THEIRS] = paragraph.text
        if cancel.form_submit_button("Cancel"):
            stop_editing(paragraph)
            st.rerun()
    theirs = st.session_state.get(THEIRS)
    if theirs is not None:
        place.warning("A colleague changed this paragraph while you were editing it. Your text is kept in the form: "
                      "merge what should stay, then save again to replace their text.")
        mine, other = place.columns(2)
        mine.caption("Your text")
        mine.text(st.session_state.get(typed(paragraph), ""))
        other.caption("Their text")
        other.text(theirs)


with draft_tab:
    adopted = common.read(lambda s: silence.adopted(s, actor, meeting.id))
    if adopted:
        st.success(common.md(f"The statement was adopted under the silence procedure and issued as "
                             f"{adopted.adopted_document.symbol}. It can no longer change: the Negotiation page has the "
                             f"adopted text and the interpretative statements."))
        st.stop()
    if draft is None or not paragraphs:
        st.info("There is no draft yet. Start one from the meeting's thematic priorities: a preamble recalling the "
                "normative basis, operative paragraphs grouped by priority in the order of the sessions, and a closing.")
        if st.button("Draft from the priorities", type="primary", icon=":material/edit_note:"):
            done(common.attempt(lambda s: drafting.draft_from_priorities(
                s, actor, meeting.id, replace=bool(draft), expected_draft_version=seen_draft)), "Draft written from the priorities")
        st.stop()
    if draft and seen_draft != draft.version:
        st.warning("Someone else changed the draft since you last looked: the page now shows their version.")

    text = common.read(lambda s: versions.draft_text(s, actor, meeting.id))
    actions = st.columns([1, 1, 1])
    with actions[0]:
        downloads.one_click("the draft (Word)", "draft", lambda s, who: statement_document(s, who, text), file_name(text),
                            DOCX)
    with actions[1].popover(f"Circulate as version {len(circulated) + 1}", icon=":material/send:"):
        st.caption("The draft is frozen as it stands, registered with a document symbol "
                   + ("(a new number)" if not circulated else f"(the next revision of {common.md(circulated[0].symbol)})")
                   + " and dated today. Delegations and the Secretariat can then read it. You keep editing the draft.")
        if st.button("Circulate now", type="primary"):
            made = common.attempt(lambda s: versions.circulate(s, actor, meeting.id, expected_draft_version=seen_draft))
            if made:
                done(made, f"Version {made.number} circulated as {made.symbol}")
    with actions[2].popover("Start again from the priorities", icon=":material/restart_alt:"):
        st.caption("Replaces every paragraph of the working draft. Circulated versions stay as they are.")
        if st.button("Replace the draft"):
            done(common.attempt(lambda s: drafting.draft_from_priorities(
                s, actor, meeting.id, replace=True, expected_draft_version=seen_draft)), "Draft written again from the priorities")

    chair = common.read(lambda s: s.get(Delegation, meeting.chairmanship_id))
    st.caption(common.md(library().chapeau.format(**meeting_values(meeting, chair))))
    numbered = drafting.numbered(paragraphs)
    parts = {kind: [p.key for _, p in numbered if p.kind == kind] for kind in ParagraphKind}
    current_kind = None
    for number, paragraph in numbered[common.page_of(len(numbered), f"statement_page_{meeting.id}", "paragraphs")]:
        if paragraph.kind != current_kind:
            current_kind = paragraph.kind
            st.subheader(paragraph.kind.label)
        row = st.columns([0.6, 8, 0.5, 0.5, 0.5, 0.5], vertical_alignment="top")
        row[0].markdown(f"**{number}.**" if number else "")
        if st.session_state.get(EDITING) == paragraph.key:
            edit_form(row[1], paragraph)
        else:
            source = "own text" if paragraph.source_clause is None else f"library: {paragraph.source_clause}"
            row[1].markdown(f"{common.md(paragraph.text)}  \n:gray[{common.md(source)}]")
        same_part = parts[paragraph.kind]
        index = same_part.index(paragraph.key)
        if row[2].button("", key=f"up_{paragraph.key}", icon=":material/arrow_upward:", help="Move up", disabled=index == 0):
            done(common.attempt(lambda s: drafting.move_paragraph(s, actor, paragraph.id, -1, seen_draft) or True), "Moved up")
        if row[3].button("", key=f"down_{paragraph.key}", icon=":material/arrow_downward:", help="Move down",
                         disabled=index == len(same_part) - 1):
            done(common.attempt(lambda s: drafting.move_paragraph(s, actor, paragraph.id, 1, seen_draft) or True), "Moved down")
        if row[4].button("", key=f"edit_{paragraph.key}", icon=":material/edit:", help="Edit"):
            st.session_state[EDITING] = paragraph.key
            st.session_state.pop(THEIRS, None)
            st.session_state[typed(paragraph)] = paragraph.text
            st.rerun()
        if row[5].button("", key=f"delete_{paragraph.key}", icon=":material/delete:", help="Delete"):
            expected = seen_paragraphs.get(paragraph.key, paragraph.version)
            done(common.attempt(lambda s: drafting.delete_paragraph(s, actor, paragraph.id, expected) or True),
                 "Paragraph deleted")

    st.subheader("Add a paragraph")
    from_library, own = st.tabs(["From the clause library", "Write your own"])
    with from_library:
        lib = library()
        topics = {None: "Any priority or theme"}
        topics.update({c.priority: c.priority.replace("_", " ").capitalize() for c in lib.clauses if c.priority})
        topics.update({code: f"Theme: {title}" for code, title in lib.themes.items()})
        filters = st.columns(3)
        kind = filters[0].selectbox("Kind", [None, *ClauseKind], format_func=lambda k: "Any kind" if k is None else k.label)
        topic = filters[1].selectbox("Priority or theme", list(topics), format_func=topics.get)
        words = filters[2].text_input("Words", placeholder="e.g. evidence")
        used = {p.source_clause for p in paragraphs}
        found = lib.search(kind=kind, topic=topic, words=words)
        st.caption(f"{len(found)} {'clause' if len(found) == 1 else 'clauses'} found"
                   + (", the first 20 shown" if len(found) > 20 else "") + "; those already in the draft are marked ✔.")
        for clause in found[:20]:
            line = st.columns([8, 1], vertical_alignment="center")
            line[0].markdown(f"{'✔ ' if clause.key in used else ''}{common.md(clause.text)}  \n"
                             f":gray[{common.md(clause.kind.label)}]")
            if line[1].button("Add", key=f"add_{clause.key}"):
                done(common.attempt(lambda s: drafting.add_clause(s, actor, meeting.id, clause.key, seen_draft)),
                     f"Clause added to the {clause.kind.paragraph_kind.label.lower()} part")
    with own:
        with st.form("own_paragraph", clear_on_submit=False):
            kind = st.radio("Part of the statement", list(ParagraphKind), format_func=lambda k: k.label, horizontal=True,
                            index=1)
            new_text = st.text_area("Text", placeholder="Preamble clauses open with a participle and end with ';' "
                                    "(Recognizing …;). Operative paragraphs open with a verb (Agree to …;).")
            if st.form_submit_button("Add the paragraph", type="primary"):
                done(common.attempt(lambda s: drafting.add_paragraph(s, actor, meeting.id, kind=kind, text=new_text,
                                                                      expected_draft_version=seen_draft)),
                     "Paragraph added")
