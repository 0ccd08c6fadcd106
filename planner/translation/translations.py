"""Translating a document's units, and what a language version is missing. A translation is kept for the original
it was made from: where the original of a unit changes (an accepted amendment, an edit, a new circulated version),
no translation matches it any more and the unit needs an update; the translator sees the old original beside the new.

Translators are the Secretariat's language services, the organizers and the administrator. A language version is
issued only when every unit is current; who may read the meeting may then read it."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, col, select

from planner import audit, languages
from planner.access import Actor, Capability, require
from planner.errors import NotFound, PlannerError, Problem, StaleEdit, ValidationFailed
from planner.languages import Language
from planner.meetings.models import Meeting
from planner.model_base import utc_now
from planner.text import multiline_problem
from planner.text.words import plural
from planner.translation.models import TranslatedDocument, Translation, UnitState, digest
from planner.translation.units import DocumentText, Unit, document_text

MAX_LENGTH = 8000


@dataclass(frozen=True)
class UnitView:
    """A unit in one language: its state, the translation that matches its original (current) or the latest one
    made from an earlier original (needs update), or none (missing)."""

    unit: Unit
    state: UnitState
    translation: Translation | None

    @property
    def earlier_original(self) -> str | None:
        """The original the outdated translation was made from: the translator compares it with the unit's own."""
        return self.translation.source_text if self.state == UnitState.needs_update else None

    @property
    def current_version(self) -> int:
        """The version of the current translation, 0 for none: what a translator who saw the unit expects to replace."""
        return self.translation.version if self.state == UnitState.current else 0


@dataclass(frozen=True)
class LanguageVersion:
    text: DocumentText
    language: Language
    units: list[UnitView]

    def count(self, state: UnitState) -> int:
        return sum(1 for view in self.units if view.state == state)

    @property
    def complete(self) -> bool:
        return all(view.state == UnitState.current for view in self.units)

    def summary(self) -> str:
        """'30 of 33 units current, 2 need an update, 1 missing': where the language services stand, in words."""
        parts = [f"{self.count(UnitState.current):,} of {plural(len(self.units), 'unit')} current"]
        if updates := self.count(UnitState.needs_update):
            parts.append(f"{updates:,} {'needs' if updates == 1 else 'need'} an update")
        if missing := self.count(UnitState.missing):
            parts.append(f"{missing:,} missing")
        return ", ".join(parts)

    def shown(self, key: str) -> str:
        """The unit as the language version prints it: its translation, or in a draft translation the original in
        brackets where there is no current one."""
        view = next(view for view in self.units if view.unit.key == key)
        return view.translation.text if view.state == UnitState.current else f"[{view.unit.original}]"

    def require_complete(self) -> None:
        """Only a complete version is issued: refused, listing the units by paragraph number, while any unit is
        missing or out of date."""
        if not self.complete:
            behind = len(self.units) - self.count(UnitState.current)
            raise PlannerError(f"The {self.language.name} version of {self.text.symbol} cannot be issued: "
                               f"{behind} of {len(self.units)} units {'is' if behind == 1 else 'are'} not current: "
                               f"{self.not_current()}.")

    def not_current(self) -> str:
        """'operative paragraph 4 (needs update), title (missing)'."""
        return "; ".join(f"{view.unit.label} ({view.state.label.lower()})" for view in self.units
                         if view.state != UnitState.current)


def original_language(meeting: Meeting) -> Language:
    return languages.by_code(meeting.original_language)


def target_languages(meeting: Meeting) -> list[Language]:
    """The meeting's working languages other than the original: each gets a language version of its documents."""
    original = meeting.original_language
    return [languages.by_name(name) for name in meeting.language_names if languages.by_name(name).code != original]


def _target(meeting: Meeting, code: str) -> Language:
    try:
        language = languages.by_code(code)
    except ValueError as error:
        raise PlannerError(f"{error}.") from error
    if language not in target_languages(meeting):
        offered = ", ".join(f"{l.name} ({l.code})" for l in target_languages(meeting)) or "none"
        raise PlannerError(f"{language.name} is not a language this meeting's documents are translated into; "
                           f"its languages of translation: {offered}. Change the meeting's working languages to add one.")
    return language


def _translations(session: Session, meeting_id: int, document: TranslatedDocument,
                  language: str) -> dict[str, list[Translation]]:
    """Each unit's translations into `language`, the latest first."""
    rows = session.exec(select(Translation).where(
        Translation.meeting_id == meeting_id, Translation.document == document, Translation.language == language)
        .order_by(col(Translation.translated_at).desc(), col(Translation.id).desc()))
    by_unit: dict[str, list[Translation]] = defaultdict(list)
    for row in rows:
        by_unit[row.unit_key].append(row)
    return by_unit


def _view(unit: Unit, made: list[Translation]) -> UnitView:
    wanted = digest(unit.original)
    matching = next((row for row in made if row.source_digest == wanted), None)
    if matching is not None:
        return UnitView(unit, UnitState.current, matching)
    return UnitView(unit, UnitState.needs_update, made[0]) if made else UnitView(unit, UnitState.missing, None)


def _version(session: Session, text: DocumentText, language: Language) -> LanguageVersion:
    made = _translations(session, text.meeting.id, text.document, language.code)
    return LanguageVersion(text, language, [_view(unit, made.get(unit.key, [])) for unit in text.units])


def language_version(session: Session, actor: Actor, meeting_id: int, document: TranslatedDocument, language: str,
                     version_number: int | None = None) -> LanguageVersion:
    """The work of the language services on one document in one language: every unit with its state."""
    require(actor, Capability.translate_documents)
    text = document_text(session, actor, meeting_id, TranslatedDocument(document), version_number)
    return _version(session, text, _target(text.meeting, language))


def issued_language_version(session: Session, actor: Actor, meeting_id: int, document: TranslatedDocument,
                            language: str, version_number: int | None = None) -> LanguageVersion:
    """The language version as it is issued, for whoever may read the document; refused, listing the units by
    paragraph number, while any unit is missing or out of date."""
    text = document_text(session, actor, meeting_id, TranslatedDocument(document), version_number)
    version = _version(session, text, _target(text.meeting, language))
    version.require_complete()
    return version


def progress(session: Session, actor: Actor, meeting_id: int,
             document: TranslatedDocument) -> list[LanguageVersion]:
    """Every language of translation of the document, for the language services' overview."""
    require(actor, Capability.translate_documents)
    text = document_text(session, actor, meeting_id, TranslatedDocument(document))
    return [_version(session, text, language) for language in target_languages(text.meeting)]


def checked_translation(text: str, label: str) -> str:
    """A translation passes the rule every text passes at the door, and says something."""
    problem = multiline_problem(text or "", MAX_LENGTH)
    if problem or not (text or "").strip():
        raise PlannerError(f"The translation of {label}: {problem or 'is empty'}.")
    return text.replace("\r\n", "\n").strip()


def _write(session: Session, actor: Actor, text: DocumentText, language: Language, unit: Unit, translated: str,
           source: str, now: dt.datetime) -> tuple[Translation, dict | None]:
    """The translation of `unit` made from `source`, new or replacing the one made from the same original."""
    row = session.exec(select(Translation).where(
        Translation.meeting_id == text.meeting.id, Translation.document == text.document,
        Translation.unit_key == unit.key, Translation.language == language.code,
        Translation.source_digest == digest(source))).first()
    before = audit.snapshot(row)
    if row is None:
        row = Translation(meeting_id=text.meeting.id, document=text.document, unit_key=unit.key,
                          language=language.code, source_text=source, source_digest=digest(source), text=translated,
                          translated_by=actor.email, translated_at=now)
    else:
        row.text, row.translated_by, row.translated_at = translated, actor.email, now
    session.add(row)
    return row, before


def translate(session: Session, actor: Actor, meeting_id: int, document: TranslatedDocument, language: str,
              unit_key: str, translated: str, *, expected_version: int | None = None,
              now: dt.datetime | None = None) -> Translation:
    """The translation of a unit's original as it reads now. `expected_version` is the version of the current
    translation the translator saw, 0 for none: if someone saved one since, this is refused instead of overwriting it."""
    version = language_version(session, actor, meeting_id, document, language)
    view = next((view for view in version.units if view.unit.key == unit_key), None)
    if view is None:
        raise NotFound(f"The {version.text.name.lower()} has no unit '{unit_key}'.")
    translated = checked_translation(translated, view.unit.label)
    if expected_version is not None and view.current_version != expected_version:
        raise StaleEdit(f"Someone saved a translation of {view.unit.label} meanwhile: nothing was changed. "
                        "Reload to see it.")
    row, before = _write(session, actor, version.text, version.language, view.unit, translated, view.unit.original,
                         now or utc_now())
    session.flush()
    audit._record(session, actor, "translation.save", "translation", row.id, before, audit.snapshot(row), meeting_id)
    return row


@dataclass(frozen=True)
class ImportedUnit:
    """One unit as a translation file brings it back: the original it was translated from and the translation."""

    key: str
    source: str
    target: str


def import_units(session: Session, actor: Actor, meeting_id: int, document: TranslatedDocument, language: str,
                 imported: list[ImportedUnit], now: dt.datetime | None = None) -> LanguageVersion:
    """All the units of a document in one language at once, or nothing: every unit must be there, known, once, and
    translated. Each translation is kept for the original it says it was made from, so a file translated from an
    earlier original leaves its units marked for update."""
    version = language_version(session, actor, meeting_id, document, language)
    units = {view.unit.key: view.unit for view in version.units}
    problems: list[Problem] = []
    seen: set[str] = set()
    for entry in imported:
        if entry.key not in units:
            problems.append(Problem(None, None, f"is not a unit of the {version.text.name.lower()}",
                                    subject=f"Unit '{entry.key}'"))
        elif entry.key in seen:
            problems.append(Problem(None, None, "comes twice", subject=f"Unit '{entry.key}'"))
        else:
            seen.add(entry.key)
            for what, value in (("source", entry.source), ("target", entry.target)):
                problem = multiline_problem(value or "", MAX_LENGTH)
                if problem or not (value or "").strip():
                    problems.append(Problem(None, None, f"its {what} {problem or 'is empty'}",
                                            subject=f"Unit '{entry.key}' ({units[entry.key].label})"))
    problems += [Problem(None, None, "is missing from the file", subject=f"Unit '{key}' ({units[key].label})")
                 for key in units if key not in seen]
    if problems:
        raise ValidationFailed(problems, "The translations were not imported; nothing was changed:")
    at = now or utc_now()
    changes = []
    for entry in imported:
        row, before = _write(session, actor, version.text, version.language, units[entry.key],
                             entry.target.replace("\r\n", "\n").strip(), entry.source.replace("\r\n", "\n").strip(), at)
        changes.append((row, before))
    session.flush()
    audit._record_many(session, actor, "translation.import", "translation",
                       [(row.id, before, audit.snapshot(row)) for row, before in changes], meeting_id)
    return _version(session, version.text, version.language)
