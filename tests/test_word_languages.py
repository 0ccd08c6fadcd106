"""The statement and the agenda as language versions in Word: the OSCE header in the language (symbol, date as the
language writes it, the language in English capitals, 'Original: ENGLISH'), the organization and the Chairmanship
in the language, Word told the text's language, a draft translation marked and showing the English it lacks, and
the command line refusing an incomplete version."""
import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from planner import db
from planner.access import SYSTEM
from planner.agenda_review import versions as agenda_versions
from planner.cli import main
from planner.documents.language_version import (
    language_agenda_document, language_export, language_file_name, language_statement_document,
)
from planner.errors import PlannerError
from planner.meetings import planning, timetable
from planner.models import MeetingStatus, ParagraphKind
from planner.statement import drafting, interpretative, silence, versions
from planner.translation import translations
from planner.translation.units import document_text
from tests.conftest import delegate_of, invite_and_send_to

ISSUED = dt.date(2026, 11, 1)
RUSSIAN = {"meeting": "Совещание начальников полиции", "city": "Вена", "chairmanship": "Словакия",
           "title": "Проект заявления", "chapeau": "Мы, начальники полиции государств – участников ОБСЕ,"}


@pytest.fixture
def meeting_id(make_meeting, organizer):
    """Held on 10–11 May 2027 in English, Russian and French; statement and agenda circulated on 1 November 2026."""
    meeting_id = make_meeting(languages=["English", "Russian", "French"])
    with db.transaction() as session:
        planning.set_priorities(session, organizer, meeting_id, ["organized_crime", "cyber_crime"])
        timetable.generate_timetable(session, organizer, meeting_id, "brussels-2006")
        planning.change_status(session, organizer, meeting_id, MeetingStatus.planned)
        invite_and_send_to(session, organizer, meeting_id, "Austria", on=ISSUED - dt.timedelta(days=30))
        drafting.draft_from_priorities(session, organizer, meeting_id)
        versions.circulate(session, organizer, meeting_id, issued_on=ISSUED)
        agenda_versions.circulate(session, organizer, meeting_id, issued_on=ISSUED)
    return meeting_id


def translated(meeting_id, document: str, language: str, known: dict[str, str] | None = None) -> None:
    """Every unit translated, by the language services' import: the words in `known`, the rest marked 'Перевод:'."""
    with db.transaction() as session:
        units = document_text(session, SYSTEM, meeting_id, document).units
        translations.import_units(session, SYSTEM, meeting_id, document, language, [
            translations.ImportedUnit(u.key, u.original, (known or {}).get(u.key, f"Перевод: {u.original}"))
            for u in units])


def opened(content: bytes):
    return Document(io.BytesIO(content))


def lines_of(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def word_language(document) -> set[str]:
    """The w:lang of the document defaults and the Normal style, and the theme fonts' language."""
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    normal = document.styles["Normal"].element.find(qn("w:rPr"))
    found = {rpr.find(qn("w:lang")).get(qn("w:val")) for rpr in (defaults, normal)}
    return found | {document.settings.element.find(qn("w:themeFontLang")).get(qn("w:val"))}


def issued(meeting_id, document: str, language: str, actor=SYSTEM) -> tuple[bytes, str]:
    with db.transaction() as session:
        return language_export(session, actor, meeting_id, document, language, draft=False)


def test_the_russian_statement_has_the_osce_header_in_russian_and_word_reads_it_as_russian(meeting_id):
    translated(meeting_id, "statement", "ru", RUSSIAN)
    content, name = issued(meeting_id, "statement", "ru", delegate_of("Austria"))
    document = opened(content)
    with db.transaction() as session:
        text = versions.circulated_text(session, SYSTEM, meeting_id)
        symbol = text.version.symbol
        operative = sum(1 for number, _ in drafting.numbered(text.paragraphs) if number is not None)
    lines = lines_of(document)
    assert lines[:5] == ["DRAFT", symbol, "1 ноября 2026 года", "RUSSIAN", "Original: ENGLISH"]
    assert lines[5:10] == ["Организация по безопасности и сотрудничеству в Европе", "Председательство: Словакия",
                           "Совещание начальников полиции", "Вена, 10–11 мая 2027 года", "Проект заявления"]
    assert [p.style.name for p in document.paragraphs[:5]] == ["Draft Mark"] + ["Header Line"] * 4
    assert lines[10] == RUSSIAN["chapeau"]
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert len(numbered) == operative and all(p.text.startswith("Перевод: ") for p in numbered)
    assert not any("[" in line for line in lines)
    assert word_language(document) == {"ru-RU"} and document.core_properties.language == "ru-RU"
    fonts = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(
        qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    assert name == symbol.replace("/", "_") + "_ru.docx"


def test_the_french_version_writes_the_first_of_the_month_as_french_does(meeting_id):
    translated(meeting_id, "statement", "fr")
    document = opened(issued(meeting_id, "statement", "fr")[0])
    lines = lines_of(document)
    assert lines[2:5] == ["1er novembre 2026", "FRENCH", "Original: ENGLISH"]
    assert lines[5] == "Organisation pour la sécurité et la coopération en Europe"
    assert lines[6].startswith("Présidence: ") and lines[8].endswith(", 10–11 mai 2027")
    assert word_language(document) == {"fr-FR"}


def test_a_draft_translation_is_marked_and_shows_the_english_it_still_lacks(meeting_id, organizer):
    with db.transaction() as session:
        translations.translate(session, organizer, meeting_id, "statement", "ru", "title", "Проект заявления")
    with db.transaction() as session:
        version = translations.language_version(session, organizer, meeting_id, "statement", "ru")
        document = opened(language_statement_document(session, organizer, version, draft=True))
        chapeau = version.text.original("chapeau")
        with pytest.raises(PlannerError, match="cannot be issued"):
            language_statement_document(session, organizer, version, draft=False)
    lines = lines_of(document)
    assert lines[:3] == ["DRAFT TRANSLATION", "DRAFT", version.text.symbol]
    assert [p.style.name for p in document.paragraphs[:2]] == ["Draft Mark", "Draft Mark"]
    assert "Проект заявления" in lines and f"[{chapeau}]" in lines
    assert lines[6] == "Организация по безопасности и сотрудничеству в Европе"


def test_the_russian_agenda_speaks_russian_around_the_english_names(meeting_id, organizer):
    with db.transaction() as session:
        rows = [timetable.TimetableRow.of(item) for item in timetable.agenda_items(session, SYSTEM, meeting_id)]
        talk = next(r for r in rows if r.kind.value == "session")
        talk.moderator, talk.speakers = "Anna Huber", "Representative of Europol"
        timetable.save_timetable(session, organizer, meeting_id, rows)
        agenda_versions.circulate(session, organizer, meeting_id, issued_on=ISSUED + dt.timedelta(days=1))
    translated(meeting_id, "agenda", "ru", {"meeting": RUSSIAN["meeting"]})
    with db.transaction() as session:
        version = translations.issued_language_version(session, SYSTEM, meeting_id, "agenda", "ru")
        document = opened(language_agenda_document(session, SYSTEM, version, draft=False))
    lines = lines_of(document)
    assert lines[:4] == [version.text.symbol, "2 ноября 2026 года", "RUSSIAN", "Original: ENGLISH"]
    assert "Пересмотренный проект повестки дня" in lines and "понедельник, 10 мая 2027 года" in lines
    assert [c.text for c in document.tables[0].rows[0].cells] == ["Время (CEST)", "Пункт", "Модератор и выступающие"]
    cells = "\n".join(c.text for row in document.tables[0].rows for c in row.cells)
    assert "Модератор: Anna Huber" in cells and "Выступающий: Representative of Europol" in cells
    assert lines[-1].startswith("Перевод: Working languages")
    assert language_file_name(version).endswith("_Rev.1_ru.docx")


def test_the_adopted_russian_statement_attaches_the_interpretative_statements(meeting_id, organizer):
    now = dt.datetime.now(dt.timezone.utc)
    with db.transaction() as session:
        silence.start(session, organizer, meeting_id, expires_at=now - dt.timedelta(hours=1),
                      now=now - dt.timedelta(days=2))
    with db.transaction() as session:
        interpretative.submit(session, delegate_of("Austria"), meeting_id, "Austria reads paragraph 1 so.")
    translated(meeting_id, "statement", "ru")
    content, _ = issued(meeting_id, "statement", "ru")
    lines = lines_of(opened(content))
    assert "DRAFT" not in lines
    start = lines.index("Добавление 1")
    assert lines[start + 1:start + 4] == ["RUSSIAN", "Original: ENGLISH", "Интерпретирующее заявление в соответствии "
                                          "с пунктом IV.1(A)6 Правил процедуры Организации по безопасности и "
                                          "сотрудничеству в Европе"]
    assert lines[start + 5] == "Перевод: Austria reads paragraph 1 so."


def test_the_command_line_refuses_an_incomplete_version_and_names_the_file_after_the_language(
        meeting_id, organizer, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    with db.transaction() as session:
        translations.translate(session, organizer, meeting_id, "statement", "ru", "title", "Проект заявления")
    assert main(["export", "statement", str(meeting_id), "--language", "ru", "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert "cannot be issued" in error and "chapeau (missing)" in error and "operative paragraph 1 (missing)" in error
    assert list(out.iterdir()) == []
    assert main(["export", "statement", str(meeting_id), "--language", "ru", "--draft", "--out", str(out)]) == 0
    assert main(["export", "agenda", str(meeting_id), "--language", "ru", "--draft", "--out", str(out)]) == 0
    written = sorted(path.name for path in out.iterdir())
    assert all(name.endswith("_ru_DRAFT-TRANSLATION.docx") for name in written) and len(written) == 2
    assert lines_of(Document(str(out / written[0])))[0] == "DRAFT TRANSLATION"
    assert main(["export", "participants", str(meeting_id), "--language", "ru", "--out",
                 str(tmp_path / "p.docx")]) == 1
    assert "--language belongs to" in capsys.readouterr().err
    assert main(["export", "statement", str(meeting_id), "--language", "xx", "--out", str(out)]) == 1
    assert "not an OSCE language" in capsys.readouterr().err


def test_the_operative_paragraphs_keep_their_numbering_in_every_language(meeting_id):
    translated(meeting_id, "statement", "fr")
    with db.transaction() as session:
        text = versions.circulated_text(session, SYSTEM, meeting_id)
        kinds = [p.kind for p in text.paragraphs]
    document = opened(issued(meeting_id, "statement", "fr")[0])
    styles = [p.style.name for p in document.paragraphs if p.style.name in ("Body Text", "List Number")][1:]
    assert styles == ["List Number" if kind != ParagraphKind.preamble else "Body Text" for kind in kinds]
