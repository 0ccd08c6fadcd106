"""Statement: organizers draft from the priorities, edit, add library clauses or their own, reorder, circulate;
everyone who may read the meeting reads and downloads the circulated versions.

The working draft is long and worked on far from the top of the page, so what a click does is said where the user
looks: a refusal or a question beside its control, a change to a paragraph in a toast (which moves nothing on the
page); the tab in use stays open, and the paragraph editor opens where the paragraph is."""
import streamlit as st

from planner.access import Capability
from planner.dates import long_date
from planner.delegations.models import Delegation
from planner.documents.statement import file_name, statement_document
from planner.statement import brackets, drafting, silence, versions
from planner.statement.clauses import MAX_PARAGRAPH_LENGTH, ClauseKind, library, meeting_values
from planner.statement.models import ParagraphKind
from planner.text.words import plural
from planner.ui import common, downloads

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OWN_TEXT_HINT = ("Preamble clauses open with a participle and end with ';' (Recognizing …;). Operative paragraphs "
                 "open with a verb (Agree to …;).")

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
TOAST = f"statement_toast_{meeting.id}"
OWN_TEXT = f"statement_own_text_{meeting.id}"
OWN_ADDED = f"statement_own_added_{meeting.id}"
CIRCULATE = f"circulate_{meeting.id}"
START_AGAIN = f"start_again_{meeting.id}"

draft = common.read(lambda s: drafting.working_draft(s, actor, meeting.id))
paragraphs = common.read(lambda s: drafting.paragraphs_of(s, actor, draft)) if draft else []
seen_draft = st.session_state.get(SEEN_DRAFT, draft.version if draft else None)
seen_paragraphs = st.session_state.get(SEEN_PARAGRAPHS, {p.key: p.version for p in paragraphs})
st.session_state[SEEN_DRAFT] = draft.version if draft else None
st.session_state[SEEN_PARAGRAPHS] = {p.key: p.version for p in paragraphs}
if TOAST in st.session_state:
    st.toast(common.md(st.session_state.pop(TOAST)), icon=":material/check_circle:")


def done(result, message: str, toast: bool = False) -> None:
    """After a change: forget what was seen (the rerun shows the new state) and say what happened, at the top of the
    page or, for a change made further down, in a toast. A message shown in the page would go again on the next
    click, and the paragraphs after it would move."""
    if result is not None:
        st.session_state.pop(SEEN_DRAFT, None)
        st.session_state.pop(SEEN_PARAGRAPHS, None)
        if toast:
            st.session_state[TOAST] = message
        else:
            common.flash(message)
        st.rerun()


def name_of(key: str) -> str:
    """How delegations name the paragraph now ("operative paragraph 4"), after a change of the draft."""
    return drafting.paragraph_names(common.read(lambda s: drafting.paragraphs_of(s, actor, draft)))[key]


def typed(paragraph) -> str:
    """The session key of the text typed into one paragraph's editor."""
    return f"statement_typed_{meeting.id}_{paragraph.key}"


def start_editing(paragraph) -> None:
    """Before the run the pencil starts: the editor opens in that one run, with the paragraph's text."""
    st.session_state[EDITING] = paragraph.key
    st.session_state.pop(THEIRS, None)
    st.session_state[typed(paragraph)] = paragraph.text


def stop_editing(paragraph) -> None:
    for key in (EDITING, typed(paragraph), THEIRS):
        st.session_state.pop(key, None)


def edit_form(paragraph) -> None:
    """The paragraph's text to edit, where the paragraph is. What was typed stays whatever happens; when a colleague
    changed the paragraph meanwhile, their text is shown beside it, so the editor merges instead of typing again."""
    new_text = common.counted_text_area("Text of the paragraph", MAX_PARAGRAPH_LENGTH, typed(paragraph), height=160)
    save, cancel = st.columns(2)
    if save.button("Save", key=f"save_{paragraph.key}", type="primary"):
        expected = seen_paragraphs.get(paragraph.key, paragraph.version)
        if common.attempt(lambda s: drafting.edit_paragraph(s, actor, paragraph.id, new_text, expected)):
            stop_editing(paragraph)
            done(True, f"{name_of(paragraph.key).capitalize()} saved", toast=True)
        elif expected != paragraph.version:
            st.session_state[THEIRS] = paragraph.text
    if cancel.button("Cancel", key=f"cancel_{paragraph.key}"):
        stop_editing(paragraph)
        st.rerun()
    theirs = st.session_state.get(THEIRS)
    if theirs is not None:
        st.warning("A colleague changed this paragraph while you were editing it. Your text is kept in the form: "
                   "merge what should stay, then save again to replace their text.")
        mine, other = st.columns(2)
        mine.caption("Your text")
        mine.text(st.session_state.get(typed(paragraph), ""))
        other.caption("Their text")
        other.text(theirs)


def origin(paragraph, values: dict[str, str]) -> str:
    """Library wording is named as such only while the paragraph still reads as the clause does in this meeting."""
    if paragraph.source_clause is None:
        return "own text"
    if drafting.unchanged_clause(paragraph, values):
        return f"library: {paragraph.source_clause}"
    return f"changed from library: {paragraph.source_clause}"


def paragraph_row(number, paragraph, names: dict[str, str], same_part: list[str], values: dict[str, str]) -> None:
    """One paragraph with its buttons; a refusal and the question before deleting appear in its row."""
    row = st.columns([0.6, 8, 0.5, 0.5, 0.5, 0.5], vertical_alignment="top")
    row[0].markdown(f"**{number}.**" if number else "")
    with row[1]:
        if st.session_state.get(EDITING) == paragraph.key:
            edit_form(paragraph)
        else:
            st.markdown(f"{common.md(paragraph.text)}  \n:gray[{common.md(origin(paragraph, values))}]")
    index = same_part.index(paragraph.key)
    name = names[paragraph.key]
    if common.icon_button(row[2], f"Move {name} up", ":material/arrow_upward:", f"up_{paragraph.key}",
                          disabled=index == 0):
        done(common.attempt(lambda s: drafting.move_paragraph(s, actor, paragraph.id, -1, seen_draft) or True),
             "Moved up", toast=True)
    if common.icon_button(row[3], f"Move {name} down", ":material/arrow_downward:", f"down_{paragraph.key}",
                          disabled=index == len(same_part) - 1):
        done(common.attempt(lambda s: drafting.move_paragraph(s, actor, paragraph.id, 1, seen_draft) or True),
             "Moved down", toast=True)
    common.icon_button(row[4], f"Edit {name}", ":material/edit:", f"edit_{paragraph.key}", on_click=start_editing,
                       args=(paragraph,))
    deleting = f"delete_{paragraph.key}"
    asking = common.asking(deleting)
    with row[1] if asking else row[5].container(key=f"{common.ICON_ONLY}{deleting}"):
        kept = " The circulated versions keep it." if circulated else ""
        if common.confirmed(f"Delete {name}", deleting, f"This removes {name}, “{opening(paragraph.text)}”, from the "
                            f"working draft; the paragraphs after it move up and are numbered again.{kept}",
                            icon=":material/delete:", help=f"Delete {name}"):
            expected = seen_paragraphs.get(paragraph.key, paragraph.version)
            done(common.attempt(lambda s: drafting.delete_paragraph(s, actor, paragraph.id, expected) or True),
                 f"{name.capitalize()} deleted", toast=True)


def opening(text: str, words: int = 12) -> str:
    """The first words of a paragraph, enough to recognize it."""
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def circulation_consequence() -> str:
    preview = common.read(lambda s: versions.circulation_preview(s, actor, meeting.id))
    readers = (f"the {plural(preview.delegations, 'delegation')} taking part and the Secretariat" if preview.delegations
               else "the Secretariat (no delegation has been invited yet)")
    return (f"This gives the draft the symbol {preview.symbol} as version {preview.number} of the statement, dated "
            f"{long_date(preview.issued_on)}, and makes it visible to {readers}. You keep editing the draft for the "
            "next version.")


def draft_actions() -> None:
    """Download, circulate, start again; a question before an irreversible one is asked across the page, below."""
    actions = st.columns([1, 1, 1])
    below = st.container()
    text = common.read(lambda s: versions.draft_text(s, actor, meeting.id))
    with actions[0]:
        downloads.one_click("the draft (Word)", "draft", lambda s, who: statement_document(s, who, text), file_name(text),
                            DOCX)
    with below if common.asking(CIRCULATE) else actions[1]:
        if common.confirmed(f"Circulate as version {len(circulated) + 1}", CIRCULATE,
                            circulation_consequence() if common.asking(CIRCULATE) else "", icon=":material/send:"):
            made = common.attempt(lambda s: versions.circulate(s, actor, meeting.id, expected_draft_version=seen_draft))
            if made:
                done(made, f"Version {made.number} circulated as {made.symbol}")
    with below if common.asking(START_AGAIN) else actions[2]:
        if common.confirmed("Start again from the priorities", START_AGAIN,
                            f"This replaces the {len(paragraphs)} paragraphs of the working draft, with every change "
                            "made to them, by a new draft from the meeting's priorities. Circulated versions stay as "
                            "they are.", icon=":material/restart_alt:"):
            done(common.attempt(lambda s: drafting.draft_from_priorities(
                s, actor, meeting.id, replace=True, expected_draft_version=seen_draft)),
                 "Draft written again from the priorities")


def clause_library(values: dict[str, str]) -> None:
    """The library's clauses as they will read in this meeting; one already in the draft is added only *again*."""
    lib = library()
    topics = {None: "Any priority or theme"}
    topics.update({c.priority: c.priority.replace("_", " ").capitalize() for c in lib.clauses if c.priority})
    topics.update({code: f"Theme: {title}" for code, title in lib.themes.items()})
    filters = st.columns(3)
    kind = filters[0].selectbox("Kind", [None, *ClauseKind], format_func=lambda k: "Any kind" if k is None else k.label)
    topic = filters[1].selectbox("Priority or theme", list(topics), format_func=topics.get)
    words = filters[2].text_input("Words", placeholder="e.g. evidence")
    used = {p.source_clause for p in paragraphs}
    found = lib.search(kind=kind, topic=topic, words=words, values=values)
    st.caption(f"{plural(len(found), 'clause')} found"
               + (", the first 20 shown" if len(found) > 20 else "") + "; those already in the draft are marked ✔.")
    for clause in found[:20]:
        with st.container(key=f"clause_{clause.key}"):
            line = st.columns([8, 1], vertical_alignment="center")
            line[0].markdown(f"{'✔ ' if clause.key in used else ''}{common.md(clause.filled(values))}  \n"
                             f":gray[{common.md(clause.kind.label)}]")
            if line[1].button("Add again" if clause.key in used else "Add", key=f"add_{clause.key}"):
                made = common.attempt(lambda s: drafting.add_clause(s, actor, meeting.id, clause.key, seen_draft))
                if made:
                    done(made, f"Clause added as {name_of(made.key)}", toast=True)


def own_paragraph() -> None:
    """A paragraph written here; once added, the text field is emptied so that a second click adds nothing twice."""
    if st.session_state.pop(OWN_ADDED, False):
        st.session_state[OWN_TEXT] = ""
    kind = st.radio("Part of the statement", list(ParagraphKind), format_func=lambda k: k.label, horizontal=True,
                    index=1, key=f"statement_own_kind_{meeting.id}")
    new_text = common.counted_text_area("Text", MAX_PARAGRAPH_LENGTH, OWN_TEXT, placeholder=OWN_TEXT_HINT)
    if st.button("Add the paragraph", type="primary"):
        made = common.attempt(lambda s: drafting.add_paragraph(s, actor, meeting.id, kind=kind, text=new_text,
                                                                expected_draft_version=seen_draft))
        if made:
            st.session_state[OWN_ADDED] = True
            done(made, f"Paragraph added as {name_of(made.key)}", toast=True)


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
    changed = st.empty()
    if seen_draft != draft.version:
        changed.warning("Someone else changed the draft since you last looked: the page now shows their version.")

    draft_actions()
    chair = common.read(lambda s: s.get(Delegation, meeting.chairmanship_id))
    values = meeting_values(meeting, chair)
    st.caption(common.md(library().chapeau.format(**values)))
    numbered = drafting.numbered(paragraphs)
    names = drafting.paragraph_names(paragraphs)
    parts = {kind: [p.key for _, p in numbered if p.kind == kind] for kind in ParagraphKind}
    current_kind = None
    for number, paragraph in numbered[common.page_of(len(numbered), f"statement_page_{meeting.id}", "paragraphs")]:
        if paragraph.kind != current_kind:
            current_kind = paragraph.kind
            st.header(paragraph.kind.label)
        with st.container(key=f"paragraph_{paragraph.key}"):
            paragraph_row(number, paragraph, names, parts[paragraph.kind], values)

    st.header("Add a paragraph")
    from_library, own = st.tabs(["From the clause library", "Write your own"], key=f"statement_add_{meeting.id}",
                                on_change="rerun")
    if from_library.open:
        with from_library:
            clause_library(values)
    if own.open:
        with own:
            own_paragraph()
