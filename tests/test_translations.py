"""Translations through the services: a unit goes out of date when an accepted amendment changes its paragraph and
is current again once translated anew, while the earlier version keeps its language version; issuing is refused,
unit by unit, until every unit is current; what a translator saves or imports is checked at the door, all or
nothing; only the meeting's languages of translation are offered; the audit log records every translation; and the
demo carries a complete French statement and a Russian one with one paragraph to update."""
import datetime as dt
import re

import pytest
from sqlmodel import func, select

from planner import db, languages
from planner.access import SYSTEM
from planner.errors import PlannerError, StaleEdit, ValidationFailed
from planner.meetings import planning, timetable
from planner.models import AmendmentKind, AuditEntry, DocumentKind, IssuedDocument, MeetingStatus
from planner.operations import demo
from planner.statement.models import ParagraphKind
from planner.statement import amendments, drafting, silence, versions
from planner.translation import translations
from planner.translation.models import TranslatedDocument, Translation, UnitState
from planner.translation.units import statement_text
from tests.conftest import delegate_of, invite_and_send_to

STATEMENT = TranslatedDocument.statement
TRANSLATED_AT = dt.datetime(2027, 4, 5, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def meeting_id(make_meeting, organizer):
    """A meeting in English, French and Russian whose first version of the statement has been circulated."""
    meeting_id = make_meeting(start_date=dt.date(2027, 5, 10), end_date=dt.date(2027, 5, 10),
                              languages=["English", "French", "Russian"])
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime"])
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        invite_and_send_to(session, organizer, meeting_id, "Austria")
        drafting.draft_from_priorities(session, organizer, meeting_id)
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 1))
    return meeting_id


def translated(text: str, language: str) -> str:
    return f"[{language}] {text}"


def everything(organizer, meeting_id: int, language: str) -> list[translations.ImportedUnit]:
    """A file translating every unit of the latest text from its original."""
    with db.transaction() as session:
        units = statement_text(session, organizer, meeting_id).units
    return [translations.ImportedUnit(unit.key, unit.original, translated(unit.original, language)) for unit in units]


def import_everything(organizer, meeting_id: int, language: str) -> translations.LanguageVersion:
    with db.transaction() as session:
        return translations.import_units(session, organizer, meeting_id, STATEMENT, language,
                                         everything(organizer, meeting_id, language), now=TRANSLATED_AT)


def amend_and_circulate(organizer, meeting_id: int, number: int = 0) -> str:
    """Austria's wording of operative paragraph `number` + 1, accepted and circulated as the next version: its key."""
    austria = delegate_of("Austria")
    with db.transaction() as session:
        key = [p.key for p in versions.circulated_text(session, organizer, meeting_id).paragraphs
               if p.kind == ParagraphKind.operative][number]
        proposed = amendments.propose(session, austria, meeting_id, paragraph_key=key, kind=AmendmentKind.replace,
                                      text="Agree to share criminal intelligence without delay;",
                                      reason="Clearer.")
        amendments.accept(session, organizer, proposed.id)
        versions.circulate(session, organizer, meeting_id, issued_on=dt.date(2027, 4, 8))
    return f"p:{key}"


def view_of(version: translations.LanguageVersion, key: str) -> translations.UnitView:
    return next(view for view in version.units if view.unit.key == key)


def stored(session) -> tuple[list[tuple], int]:
    """Every translation as it stands, and how many translation entries the audit log has: to show nothing changed."""
    rows = session.exec(select(Translation).order_by(Translation.id)).all()
    entries = session.exec(select(func.count()).select_from(AuditEntry)
                           .where(AuditEntry.action.like("translation.%"))).one()
    return [(r.unit_key, r.language, r.source_digest, r.text, r.version) for r in rows], entries


def test_a_unit_goes_out_of_date_with_an_amendment_and_back_while_the_old_version_stays_complete(meeting_id, organizer):
    assert import_everything(organizer, meeting_id, "fr").complete
    key = amend_and_circulate(organizer, meeting_id)
    with db.transaction() as session:
        earlier = statement_text(session, organizer, meeting_id, 1).original(key)
        latest = translations.language_version(session, organizer, meeting_id, STATEMENT, "fr")
        outdated = view_of(latest, key)
        assert outdated.state == UnitState.needs_update and outdated.earlier_original == earlier
        assert outdated.translation.text == translated(earlier, "fr")
        assert latest.shown(key) == f"[{outdated.unit.original}]", "a draft translation shows the new original"
        assert [v.unit.key for v in latest.units if v.state != UnitState.current] == [key]
        assert latest.not_current() == "operative paragraph 1 (needs update)"
        translations.translate(session, organizer, meeting_id, STATEMENT, "fr", key, "Conviennent d'échanger…",
                               expected_version=0)
    with db.transaction() as session:
        latest = translations.language_version(session, organizer, meeting_id, STATEMENT, "fr")
        first = translations.language_version(session, organizer, meeting_id, STATEMENT, "fr", version_number=1)
    assert latest.complete and latest.shown(key) == "Conviennent d'échanger…"
    assert first.complete and first.shown(key) == translated(earlier, "fr"), "translations are kept per original"


def test_issuing_is_refused_listing_the_units_not_current_by_paragraph(meeting_id, organizer):
    import_everything(organizer, meeting_id, "fr")
    with db.transaction() as session:
        assert translations.issued_language_version(session, SYSTEM, meeting_id, STATEMENT, "fr").complete
        total = len(statement_text(session, organizer, meeting_id).units)
        with pytest.raises(PlannerError, match=r"The Russian version of .* cannot be issued: "
                                               rf"{total} of {total} units are not current: meeting title \(missing\)"):
            translations.issued_language_version(session, SYSTEM, meeting_id, STATEMENT, "ru")
    amend_and_circulate(organizer, meeting_id)
    with db.transaction() as session:
        with pytest.raises(PlannerError) as refused:
            translations.issued_language_version(session, SYSTEM, meeting_id, STATEMENT, "fr")
        assert str(refused.value).endswith(f"1 of {total} units is not current: operative paragraph 1 (needs update).")
        assert translations.issued_language_version(session, SYSTEM, meeting_id, STATEMENT, "fr", 1).complete


@pytest.mark.parametrize("text, reason", [
    ("", "is empty"), ("  \n ", "is empty"), ("Convenons\x07", "control character"),
    ("Con\u202evenons", "right-to-left override"), ("x" * (translations.MAX_LENGTH + 1), "too long"),
])
def test_translate_refuses_what_the_door_refuses_and_changes_nothing(meeting_id, organizer, text, reason):
    with db.transaction() as session:
        before = stored(session)
        with pytest.raises(PlannerError, match=f"The translation of title: .*{reason}"):
            translations.translate(session, organizer, meeting_id, STATEMENT, "fr", "title", text)
    with db.transaction() as session:
        assert stored(session) == before == ([], 0)


def test_a_translation_saved_meanwhile_is_not_overwritten(meeting_id, organizer, secretariat):
    with db.transaction() as session:
        saved = translations.translate(session, secretariat, meeting_id, STATEMENT, "fr", "title",
                                       "Projet de déclaration", expected_version=0)
        assert saved.version == 1
    with db.transaction() as session:
        before = stored(session)
        with pytest.raises(StaleEdit, match="Someone saved a translation of title meanwhile: nothing was changed"):
            translations.translate(session, organizer, meeting_id, STATEMENT, "fr", "title", "Projet",
                                   expected_version=0)
    with db.transaction() as session:
        assert stored(session) == before
        translations.translate(session, organizer, meeting_id, STATEMENT, "fr", "title", "Projet", expected_version=1)
    with db.transaction() as session:
        assert view_of(translations.language_version(session, organizer, meeting_id, STATEMENT, "fr"),
                       "title").translation.text == "Projet"


def test_an_import_is_all_or_nothing_and_names_every_unit_at_fault(meeting_id, organizer):
    units = everything(organizer, meeting_id, "ru")
    first, second, third = units[0], units[1], units[2]
    broken = ([translations.ImportedUnit("p:not-a-paragraph", "Text", "Текст"), first, first,
               translations.ImportedUnit(second.key, second.source, " "),
               translations.ImportedUnit(third.key, "", third.target)] + units[4:])
    with db.transaction() as session, pytest.raises(ValidationFailed) as refused:
        translations.import_units(session, organizer, meeting_id, STATEMENT, "ru", broken)
    problems = [str(problem) for problem in refused.value.problems]
    assert str(refused.value).startswith("The translations were not imported; nothing was changed:")
    assert problems == [
        "Unit 'p:not-a-paragraph': is not a unit of the statement, version 1",
        f"Unit '{first.key}': comes twice",
        f"Unit '{second.key}' (place of the meeting): its target is empty",
        f"Unit '{third.key}' (name of the Chairmanship): its source is empty",
        f"Unit '{units[3].key}' (title): is missing from the file",
    ]
    with db.transaction() as session:
        assert stored(session) == ([], 0)
    with db.transaction() as session:
        done = translations.import_units(session, organizer, meeting_id, STATEMENT, "ru", units)
    assert done.complete and done.count(UnitState.current) == len(units)


def test_a_language_not_among_the_meetings_languages_of_translation_is_refused(meeting_id, organizer):
    with db.transaction() as session:
        for code, refusal in (("de", "German is not a language this meeting's documents are translated into; its "
                                     "languages of translation: French (fr), Russian (ru)"),
                              ("en", "English is not a language this meeting's documents are translated into"),
                              ("xx", "'xx' is not an OSCE language")):
            with pytest.raises(PlannerError, match=re.escape(refusal)):
                translations.translate(session, organizer, meeting_id, STATEMENT, code, "title", "Titel")
            with pytest.raises(PlannerError, match=re.escape(refusal)):
                translations.import_units(session, organizer, meeting_id, STATEMENT, code, [])
        assert stored(session) == ([], 0)


def test_with_french_as_the_original_language_english_is_a_language_of_translation(meeting_id, organizer):
    with db.transaction() as session:
        meeting = planning.get_meeting(session, organizer, meeting_id)
        details = planning.details_of(session, organizer, meeting_id)
        details.original_language = "French"
        planning.update_meeting(session, organizer, meeting_id, details, meeting.version)
    with db.transaction() as session:
        meeting = planning.get_meeting(session, organizer, meeting_id)
        assert translations.original_language(meeting).code == "fr"
        assert [language.code for language in translations.target_languages(meeting)] == ["en", "ru"]
        progress = translations.progress(session, organizer, meeting_id, STATEMENT)
        assert [version.language.code for version in progress] == ["en", "ru"]
        translations.translate(session, organizer, meeting_id, STATEMENT, "en", "title", "Draft statement")
        with pytest.raises(PlannerError, match="French is not a language this meeting's documents are translated into"):
            translations.translate(session, organizer, meeting_id, STATEMENT, "fr", "title", "Projet de déclaration")


def test_the_audit_log_records_each_translation_saved_and_imported(meeting_id, organizer, secretariat):
    with db.transaction() as session:
        saved = translations.translate(session, secretariat, meeting_id, STATEMENT, "fr", "title",
                                       "Projet de déclaration")
    units = import_everything(organizer, meeting_id, "ru").units
    with db.transaction() as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.action.like("translation.%"))
                               .order_by(AuditEntry.id)).all()
    save, imported = entries[0], entries[1:]
    assert (save.action, save.actor_email, save.entity_id, save.meeting_id) == (
        "translation.save", secretariat.email, str(saved.id), meeting_id)
    assert save.before is None and save.after["text"] == "Projet de déclaration" and save.after["language"] == "fr"
    assert {entry.action for entry in imported} == {"translation.import"} and len(imported) == len(units)
    assert {entry.after["unit_key"] for entry in imported} == {view.unit.key for view in units}
    assert all(entry.actor_email == organizer.email and entry.after["language"] == "ru" for entry in imported)


def test_the_demo_has_a_complete_french_version_and_a_russian_one_with_one_unit_to_update(demo_meeting):
    with db.transaction() as session:
        french, russian = translations.progress(session, SYSTEM, demo_meeting, STATEMENT)
        adopted = silence.adopted(session, SYSTEM, demo_meeting)
        before_amendment = versions.circulated_text(session, SYSTEM, demo_meeting, 3)
        report = session.exec(select(IssuedDocument).where(IssuedDocument.kind == DocumentKind.report)).one()
        made = session.exec(select(Translation)).all()
        imports = session.exec(select(AuditEntry).where(AuditEntry.action == "translation.import")).all()
        assert translations.issued_language_version(session, SYSTEM, demo_meeting, STATEMENT, "fr").complete
    assert (french.language.code, russian.language.code) == ("fr", "ru") and french.text.adopted
    assert french.complete and any(unit.key.startswith("interpretative:") for unit in (v.unit for v in french.units))
    assert russian.count(UnitState.needs_update) == 1 and russian.count(UnitState.missing) == 0
    outdated = next(view for view in russian.units if view.state == UnitState.needs_update)
    assert outdated.unit.label == "operative paragraph 3" and outdated.unit.original.endswith(
        ", in full respect of national legislation;")
    key = outdated.unit.key.removeprefix("p:")
    assert outdated.earlier_original == next(p.text for p in before_amendment.paragraphs if p.key == key)
    assert french.shown("chapeau").endswith("réunis à Bruxelles le 2 novembre 2026,")
    assert russian.shown("chapeau").endswith("собравшиеся в Брюсселе 2 ноября 2026 года,")
    assert adopted.version.number == 4 and len(imports) == len(made) == len(french.units) + len(russian.units)
    assert {entry.actor_email for entry in imports} == {"secretariat@demo.osce"}
    days = {row.translated_at.date() for row in made}
    adopted_on = adopted.adopted_document.issued_on
    assert adopted_on < min(days) and max(days) < report.issued_on, "between adoption and the report"


def test_every_demo_translation_translates_a_unit_of_the_demo(demo_meeting):
    """A change to the demo's wording shows here, not as an unused or missing translation in the data file."""
    with db.transaction() as session:
        sources = {row.source_text for row in session.exec(select(Translation))}
        meeting = planning.get_meeting(session, SYSTEM, demo_meeting)
    values = {"date": languages.by_code("en").long_date(meeting.start_date), "year": str(meeting.chairmanship_year)}
    assert {entry["en"].format(**values) for entry in demo._translations()} == sources
