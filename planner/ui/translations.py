"""Translations: the Secretariat's language services (and the organizers) translate the circulated agenda and the
statement into the meeting's other working languages, unit by unit; where the original changed since a unit was
translated, they see what changed in it and bring the translation up to date.

A unit's editor opens where the unit is, and what happens after a click is said in a toast, as on the Statement page:
the list is long and worked on far from the top."""
import streamlit as st

from planner import config
from planner.access import Capability, require
from planner.documents.language_version import language_export, language_file_name
from planner.errors import NotFound, PermissionDenied
from planner.text.diff import Change, word_changes
from planner.text.words import and_list
from planner.translation import translations
from planner.translation.models import TranslatedDocument, UnitState
from planner.translation.translations import MAX_LENGTH, LanguageVersion, UnitView
from planner.translation.xliff import export_xliff, import_xliff
from planner.ui import common, downloads

STATES = [UnitState.missing, UnitState.needs_update, UnitState.current]
BUTTON = {UnitState.missing: "Translate", UnitState.needs_update: "Update the translation of",
          UnitState.current: "Edit the translation of"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLIFF = "application/x-xliff+xml"
NONE = {UnitState.missing: "is missing", UnitState.needs_update: "needs an update", UnitState.current: "is current yet"}

actor = common.actor()
try:
    require(actor, Capability.translate_documents)
except PermissionDenied as refused:
    common.show_error(refused)
    st.stop()
meeting = common.chosen_meeting()
common.page_header("Translations", f"{meeting.title} · the agenda and the statement in the meeting's other working "
                                   "languages")
original = translations.original_language(meeting)
targets = translations.target_languages(meeting)
if not targets:
    who = "" if actor.can(Capability.manage_meetings) else " (the Chairmanship's organizers change them)"
    st.info(f"This meeting has no language of translation: its documents are written in {original.name}, its only "
            f"working language. To add one, add it to the meeting's working languages on the **Meeting builder** "
            f"page{who}.")
    st.stop()

document = st.radio("Document", list(TranslatedDocument), format_func=lambda d: d.label, horizontal=True,
                    key=f"translations_document_{meeting.id}")
try:
    versions = common.read(lambda s: translations.progress(s, actor, meeting.id, document))
except NotFound as not_yet:
    st.info(common.md(not_yet))
    st.stop()
text = versions[0].text
st.caption(common.md(f"{text.name}, {text.symbol}, written in {original.name}; translated into "
                     f"{and_list([v.language.name for v in versions])}."))

st.header("Progress")
st.markdown("  \n".join(f"**{v.language.name}:** {v.summary()}" for v in versions))

by_code = {v.language.code: v for v in versions}
code = st.selectbox("Language of translation", list(by_code), format_func=lambda c: by_code[c].language.name,
                    key=f"translations_language_{meeting.id}")
version = by_code[code]
language = version.language
PLACE = f"translations_{meeting.id}_{document.value}_{code}"
EDITING = f"{PLACE}_editing"
EXPECTED = f"{PLACE}_expected"
THEIRS = f"{PLACE}_theirs"
TOAST = f"{PLACE}_toast"
if TOAST in st.session_state:
    st.toast(common.md(st.session_state.pop(TOAST)), icon=":material/check_circle:")


def leaving(version: LanguageVersion) -> None:
    """Where the language version leaves the planner: the Word document (issued once complete, a draft translation
    before), and the XLIFF file for the language services' CAT tools, which comes back translated."""
    name = version.language.name
    word = language_file_name(version, draft=not version.complete)
    left, right = st.columns(2)
    with left:
        if version.complete:
            st.caption(f"Every unit of the {name} version is current: it is issued under {version.text.symbol}.")
        else:
            st.caption(common.md(f"The {name} version is issued once every unit is current; not yet: "
                                 f"{version.not_current()}. Until then, a draft translation shows the {original.name} "
                                 "text in brackets where a unit is not current."))
        downloads.one_click(f"the {name} version (Word)" if version.complete else "a draft translation (Word)",
                            f"word_{PLACE}", lambda s, who: language_export(
                                s, who, meeting.id, document, code, draft=not version.complete)[0], word, DOCX,
                            primary=version.complete)
        downloads.one_click(f"the {name} units as XLIFF", f"xliff_{PLACE}",
                            lambda s, who: export_xliff(s, who, meeting.id, document, code),
                            language_file_name(version).replace(".docx", ".xlf"), XLIFF,
                            help="XLIFF 1.2, which Trados, memoQ and Phrase read: one unit per paragraph, current "
                                 "translations as targets, units to update marked for review.")
    with right:
        round_key = f"{PLACE}_upload_round"
        st.session_state.setdefault(round_key, 0)
        upload = st.file_uploader(f"The XLIFF file back from the CAT tool (at most {config.MAX_UPLOAD_MB} MB)",
                                  type=["xlf", "xliff"], max_upload_size=config.MAX_UPLOAD_MB,
                                  key=f"{round_key}_{st.session_state[round_key]}",
                                  help="Every unit must be there and translated: the file goes in whole, or not at all.")
        if upload is not None and st.button("Import the translations", type="primary", key=f"import_{PLACE}"):
            imported = common.attempt(lambda s: import_xliff(s, actor, meeting.id, upload.getvalue()))
            if imported is not None:
                st.session_state[round_key] += 1
                st.session_state[TOAST] = f"Imported: {imported.summary()}"
                st.rerun()


def tracked(older: str, newer: str) -> str:
    """The original as it reads now, with the words changed since `older` marked: deleted ones struck through in red,
    added ones in bold green; every word escaped."""
    shown = []
    for piece in word_changes(older, newer):
        words = piece.text.strip()
        if piece.change == Change.same or not words:
            shown.append(common.md(piece.text))
            continue
        start = piece.text.index(words)
        mark = (f":red[~~{common.md(words)}~~]" if piece.change == Change.deleted
                else f":green[**{common.md(words)}**]")
        shown.append(common.md(piece.text[:start]) + mark + common.md(piece.text[start + len(words):]))
    return "".join(shown)


def typed(view: UnitView) -> str:
    return f"{PLACE}_typed_{view.unit.key}"


def start_editing(view: UnitView) -> None:
    """Before the run the button starts: the editor opens with the translation there is, current or outdated, and
    remembers which current translation it replaces."""
    st.session_state[EDITING] = view.unit.key
    st.session_state[EXPECTED] = view.current_version
    st.session_state[typed(view)] = view.translation.text if view.translation else ""
    st.session_state.pop(THEIRS, None)


def stop_editing(view: UnitView) -> None:
    for key in (EDITING, EXPECTED, THEIRS, typed(view)):
        st.session_state.pop(key, None)


def edit_form(view: UnitView) -> None:
    """What was typed stays whatever happens; when a colleague saved a translation meanwhile, theirs is shown beside
    it and a second Save replaces it."""
    label = view.unit.label
    translated = common.counted_text_area(f"{language.name} translation of {label}", MAX_LENGTH, typed(view),
                                          height=140)
    save, cancel = st.columns(2)
    if save.button("Save", key=f"save_{typed(view)}", type="primary"):
        expected = st.session_state.get(EXPECTED, view.current_version)
        if common.attempt(lambda s: translations.translate(s, actor, meeting.id, document, code, view.unit.key,
                                                           translated, expected_version=expected)):
            stop_editing(view)
            st.session_state[TOAST] = f"The {language.name} translation of {label} saved"
            st.rerun()
        elif expected != view.current_version:
            st.session_state[EXPECTED] = view.current_version
            st.session_state[THEIRS] = view.translation.text
    if cancel.button("Cancel", key=f"cancel_{typed(view)}"):
        stop_editing(view)
        st.rerun()
    theirs = st.session_state.get(THEIRS)
    if theirs is not None:
        st.warning("A colleague saved a translation of this unit while you were editing it. Your text is kept in the "
                   "form: merge what should stay, then save again to replace theirs.")
        st.caption("Their translation")
        st.markdown(common.md(theirs))


def unit_row(view: UnitView) -> None:
    """The original beside the translation; for a unit to update, what changed in the original since."""
    st.markdown(f"**{common.md(view.unit.label.capitalize())}** · {view.state.label.lower()}")
    left, right = st.columns(2)
    if view.state == UnitState.needs_update:
        left.caption(f"{original.name} original, changed since the translation (deleted words struck through, "
                     "added words in bold)")
        left.markdown(tracked(view.earlier_original, view.unit.original))
        with left.expander("The original as translated and as it reads now"):
            st.caption("As translated")
            st.markdown(common.md(view.earlier_original))
            st.caption("Now")
            st.markdown(common.md(view.unit.original))
    else:
        left.caption(f"{original.name} original")
        left.markdown(common.md(view.unit.original))
    with right:
        if st.session_state.get(EDITING) == view.unit.key:
            edit_form(view)
            return
        if view.translation is None:
            st.caption(language.name)
            st.markdown(":gray[Not translated yet]")
        else:
            earlier = "made from the earlier original, " if view.state == UnitState.needs_update else ""
            made = f"by {view.translation.translated_by}, {view.translation.translated_at:%d %b %Y}"
            st.caption(common.md(f"{language.name}, {earlier}{made}"))
            st.markdown(common.md(view.translation.text))
        st.button(f"{BUTTON[view.state]} {view.unit.label}", key=f"edit_{typed(view)}", on_click=start_editing,
                  args=(view,))


st.header(f"{language.name} version")
leaving(version)
SHOWN = f"{PLACE}_shown"
if SHOWN not in st.session_state:
    st.session_state[SHOWN] = next((state for state in STATES if version.count(state)), UnitState.current)
state = st.radio("Show the units that are", STATES, key=SHOWN, horizontal=True, format_func=lambda s: s.label)
# The unit being edited stays where it is when its state changes meanwhile (a colleague translated it).
listed = [view for view in version.units if view.state == state or view.unit.key == st.session_state.get(EDITING)]
if not listed:
    st.caption(f"No {language.name} unit {NONE[state]}.")
for view in listed[common.page_of(len(listed), f"{PLACE}_page_{state.value}", "units")]:
    with st.container(border=True):
        unit_row(view)
