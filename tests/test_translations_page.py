"""The Translations page (issue 23): the language services see where each language stands, translate a unit where
it is, are refused a save over a colleague's, and see what changed in an original since its translation."""
from planner import db
from planner.access import SYSTEM
from planner.meetings import planning
from planner.statement import drafting, versions
from planner.translation import translations
from planner.translation.models import TranslatedDocument, UnitState
from tests.test_pages import (  # noqa: F401
    download_in_one_click, downloads, labelled, navigation_of, open_page, open_page_directly, people, texts,
)


def circulated_in_english_and_french(make_meeting, organizer) -> int:
    """A meeting in English and French whose statement, version 1, is circulated: its units all to translate."""
    meeting_id = make_meeting(languages=["English", "French"])
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["terrorism", "cyber_crime"])
        drafting.draft_from_priorities(session, organizer, meeting_id)
        versions.circulate(session, organizer, meeting_id)
    return meeting_id


def french(meeting_id: int) -> translations.LanguageVersion:
    with db.transaction() as session:
        return translations.language_version(session, SYSTEM, meeting_id, "statement", "fr")


def view_of(meeting_id: int, key: str) -> translations.UnitView:
    return next(view for view in french(meeting_id).units if view.unit.key == key)


def test_the_language_services_organizers_and_admin_see_it_delegates_do_not(database_url, people, make_meeting):
    meeting_id = circulated_in_english_and_french(make_meeting, people["organizer"])
    total = len(french(meeting_id).units)
    for role in ("organizer", "secretariat", "admin"):
        assert "translations" in navigation_of(people[role]), role
        app = open_page("translations", people[role], meeting_id)
        assert not app.exception and [t.value for t in app.title] == ["Translations"]
        assert f"**French:** 0 of {total} units current, {total} missing" in texts(app)
        assert [h.value for h in app.header] == ["Progress", "French version"]
        assert labelled(app.radio, "Document").value == "statement"
        assert labelled(app.radio, "Show the units that are").value == UnitState.missing
    assert "translations" not in navigation_of(people["delegate.turkiye"])
    refused = open_page_directly("translations", people["delegate.turkiye"], meeting_id)
    assert not refused.exception and "does not allow you to translate" in refused.error[0].value
    assert not refused.title and not refused.radio


def test_a_meeting_without_another_language_says_where_to_add_one(database_url, people, make_meeting):
    meeting_id = make_meeting()
    app = open_page("translations", people["secretariat"], meeting_id)
    assert not app.exception
    assert "has no language of translation" in app.info[0].value and "**Meeting builder**" in app.info[0].value
    assert "organizers change them" in app.info[0].value


def test_a_document_not_circulated_yet_says_so(database_url, people, make_meeting):
    meeting_id = circulated_in_english_and_french(make_meeting, people["organizer"])
    app = open_page("translations", people["secretariat"], meeting_id)
    labelled(app.radio, "Document").set_value(TranslatedDocument.agenda).run()
    assert not app.exception and "has not been circulated yet" in app.info[0].value


def test_a_unit_translated_on_the_page_becomes_current(database_url, people, make_meeting):
    meeting_id = circulated_in_english_and_french(make_meeting, people["organizer"])
    total = len(french(meeting_id).units)
    app = open_page("translations", people["secretariat"], meeting_id)
    labelled(app.button, "Translate meeting title").click().run()
    editor = labelled(app.text_area, "French translation of meeting title")
    assert editor.value == ""
    editor.input("Réunion des chefs de police")
    labelled(app.button, "Save").click().run()
    assert not app.exception and [t.value for t in app.toast] == ["The French translation of meeting title saved"]
    saved = view_of(meeting_id, "meeting")
    assert saved.state == UnitState.current and saved.translation.text == "Réunion des chefs de police"
    assert saved.translation.translated_by == "secretariat@demo.osce"
    assert f"**French:** 1 of {total} units current, {total - 1} missing" in texts(app)
    labelled(app.radio, "Show the units that are").set_value(UnitState.current).run()
    assert "Réunion des chefs de police" in texts(app)
    labelled(app.button, "Edit the translation of meeting title").click().run()
    assert labelled(app.text_area, "French translation of meeting title").value == "Réunion des chefs de police"


def test_a_save_over_a_colleagues_translation_is_refused_and_shows_theirs(database_url, people, make_meeting):
    meeting_id = circulated_in_english_and_french(make_meeting, people["organizer"])
    app = open_page("translations", people["secretariat"], meeting_id)
    labelled(app.button, "Translate meeting title").click().run()
    labelled(app.text_area, "French translation of meeting title").input("Ma traduction")
    with db.transaction() as session:
        translations.translate(session, SYSTEM, meeting_id, "statement", "fr", "meeting", "La traduction d'un collègue",
                               expected_version=0)
    labelled(app.button, "Save").click().run()
    assert not app.exception
    assert "Someone saved a translation of meeting title meanwhile" in app.error[0].value
    assert "A colleague saved a translation" in app.warning[0].value and "collègue" in texts(app)
    assert labelled(app.text_area, "French translation of meeting title").value == "Ma traduction"
    assert view_of(meeting_id, "meeting").translation.text == "La traduction d'un collègue"
    labelled(app.button, "Save").click().run()
    assert not app.exception and not app.error
    assert view_of(meeting_id, "meeting").translation.text == "Ma traduction"


def test_a_unit_to_update_shows_what_changed_in_the_original(database_url, people, make_meeting):
    organizer = people["organizer"]
    meeting_id = circulated_in_english_and_french(make_meeting, organizer)
    with db.transaction() as session:
        draft = drafting.working_draft(session, organizer, meeting_id)
        paragraph = drafting.paragraphs_of(session, organizer, draft)[-1]
        key, earlier = f"p:{paragraph.key}", paragraph.text
        translations.translate(session, SYSTEM, meeting_id, "statement", "fr", key, "Traduction d'avant")
        drafting.edit_paragraph(session, organizer, paragraph.id, "Reworded closing paragraph")
        versions.circulate(session, organizer, meeting_id)
    label = view_of(meeting_id, key).unit.label
    app = open_page("translations", people["secretariat"], meeting_id)
    assert "1 needs an update" in texts(app)
    labelled(app.radio, "Show the units that are").set_value(UnitState.needs_update).run()
    shown = texts(app)
    assert ":green[**Reworded closing paragraph**]" in shown, "the new original, its added words marked"
    assert f":red[~~{earlier.split()[0]}" in shown, "the old original's words, struck through"
    assert "Traduction d'avant" in shown and "made from the earlier original" in shown
    labelled(app.button, f"Update the translation of {label}").click().run()
    editor = labelled(app.text_area, f"French translation of {label}")
    assert editor.value == "Traduction d'avant"
    editor.input("Paragraphe final reformulé")
    labelled(app.button, "Save").click().run()
    assert not app.exception and view_of(meeting_id, key).state == UnitState.current
    assert "No French unit needs an update." in texts(app)


def test_the_meeting_builders_languages_decide_what_is_translated(database_url, people, make_meeting):
    meeting_id = circulated_in_english_and_french(make_meeting, people["organizer"])
    builder = open_page("meeting_builder", people["organizer"], meeting_id)
    labelled(builder.multiselect, "Working languages").set_value(["English", "French", "Russian"])
    labelled(builder.selectbox, "Original language of the documents").set_value("French")
    labelled(builder.button, "Save details").click().run()
    assert not builder.exception and not builder.error
    app = open_page("translations", people["secretariat"], meeting_id)
    assert "written in French; translated into English and Russian" in texts(app)
    assert labelled(app.selectbox, "Language of translation").options == ["English", "Russian"]


def test_the_word_version_and_the_xliff_file_leave_from_the_page_a_draft_until_every_unit_is_current(
        database_url, people, make_meeting, downloads):
    import io

    from docx import Document
    from lxml import etree


    meeting_id = circulated_in_english_and_french(make_meeting, people["organizer"])
    app = open_page("translations", people["secretariat"], meeting_id)
    draft = Document(io.BytesIO(download_in_one_click(app, "a draft translation (Word)", downloads)))
    lines = [p.text for p in draft.paragraphs]
    assert "DRAFT TRANSLATION" in lines and "FRENCH" in lines
    units = etree.fromstring(download_in_one_click(app, "the French units as XLIFF", downloads))
    assert len(units.findall(".//{urn:oasis:names:tc:xliff:document:1.2}trans-unit")) == len(french(meeting_id).units)
    with db.transaction() as session:
        translations.import_units(session, SYSTEM, meeting_id, "statement", "fr", [
            translations.ImportedUnit(view.unit.key, view.unit.original, f"(fr) {view.unit.original}")
            for view in french(meeting_id).units])
    app = open_page("translations", people["secretariat"], meeting_id)
    issued = Document(io.BytesIO(download_in_one_click(app, "the French version (Word)", downloads)))
    lines = [p.text for p in issued.paragraphs]
    assert "DRAFT TRANSLATION" not in lines and "FRENCH" in lines
    assert "Organisation pour la sécurité et la coopération en Europe" in lines
