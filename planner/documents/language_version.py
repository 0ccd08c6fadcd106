"""The statement and the agenda as language versions in Word, laid out as the OSCE's own: top right the symbol, the
date as the language writes it, the language in English capitals and 'Original: ENGLISH'; the organization's name,
the Chairmanship and all fixed wording in the language (templates/languages.yaml); every other text the translation
of its unit. The layout is the English documents' own (statement.py, agenda.py), given the language.

A language version is issued only complete. A draft translation, for those who translate and check it, is marked
DRAFT TRANSLATION at the top and shows the English original in brackets where a unit has no current translation."""
from __future__ import annotations

import datetime as dt

from docx.document import Document as DocxDocument
from sqlmodel import Session

from planner import archive
from planner.access import Actor, Capability, require
from planner.agenda_review.versions import items_of
from planner.delegations.models import Delegation
from planner.documents.agenda import agenda_name, write_days
from planner.documents.layout import file_name, new_document, osce_header, paragraph, title, to_bytes
from planner.documents.note_verbale import author
from planner.documents.statement import write_attachment, write_paragraphs
from planner.documents.styles import settings
from planner.meetings.planning import get_meeting
from planner.register import DocumentKind, IssuedDocument
from planner.statement import silence
from planner.statement.drafting import numbered, paragraphs_of
from planner.translation.models import TranslatedDocument
from planner.translation.translations import (
    LanguageVersion, issued_language_version, language_version, original_language,
)


def _check(session: Session, actor: Actor, version: LanguageVersion, draft: bool) -> None:
    """A draft translation is the translators' work in progress; an issued version is complete, for whoever may read
    the meeting."""
    if draft:
        require(actor, Capability.translate_documents)
    else:
        version.require_complete()
    get_meeting(session, actor, version.text.meeting.id)


def _start(session: Session, version: LanguageVersion, *, draft: bool, marked: bool, name: str,
           issued_at: dt.datetime | None) -> DocxDocument:
    """The marks (DRAFT TRANSLATION; DRAFT on a text not adopted), the header in the language, and the meeting's
    title with its place and days."""
    text, language, shown = version.text, version.language, version.shown
    meeting = text.meeting
    document = new_document(title=f"{name}: {shown('meeting')}",
                            author=author(session.get(Delegation, meeting.chairmanship_id)),
                            issued_at=issued_at, symbol=text.symbol, language=language)
    if draft:
        paragraph(document, settings()["draft_translation_mark"], "Draft Mark")
    if marked:
        paragraph(document, settings()["draft_mark"], "Draft Mark")
    osce_header(document, symbol=text.symbol, issued_on=text.issued_on,
                issuing_body=f"{language.phrase('chairmanship')}: {shown('chairmanship')}",
                original=original_language(meeting).caps, language=language)
    title(document, shown("meeting"), f"{shown('city')}, {language.date_range(meeting.start_date, meeting.end_date)}")
    return document


def language_statement_document(session: Session, actor: Actor, version: LanguageVersion, *, draft: bool) -> bytes:
    """The statement in the version's language: a circulated version under the DRAFT mark, as in English; the
    adopted one with its interpretative statements attached, each on a page of its own."""
    _check(session, actor, version, draft)
    text, language, shown = version.text, version.language, version.shown
    if draft:
        issued_at = None
    elif text.adopted:
        issued_at = silence.adopted(session, actor, text.meeting.id).adopted_document.issued_at
    else:
        issued_at = text.statement_version.circulated_at
    document = _start(session, version, draft=draft, marked=not text.adopted, name=shown("title"), issued_at=issued_at)
    title(document, shown("title"))
    paragraphs = numbered(paragraphs_of(session, actor, text.statement_version))
    write_paragraphs(document, shown("chapeau"), [(number, shown(f"p:{para.key}")) for number, para in paragraphs])
    if text.attachments:
        document.paragraphs[-1].paragraph_format.keep_with_next = True  # the list of attachments never stands alone
        paragraph(document, shown("attachments"), "Body Text")
    for number, (delegation, _) in enumerate(text.attachments, 1):
        write_attachment(document, text.symbol, text.issued_on, f"{language.phrase('attachment')} {number}",
                         language.phrase("interpretative_heading"), shown(f"by:{delegation.id}"),
                         shown(f"interpretative:{delegation.id}"), language=language,
                         original=original_language(text.meeting).caps)
    return to_bytes(document)


def language_agenda_document(session: Session, actor: Actor, version: LanguageVersion, *, draft: bool) -> bytes:
    """The circulated agenda in the version's language: day headings, column headings and labels in the language,
    titles, descriptions and rooms translated; times and names as in English."""
    _check(session, actor, version, draft)
    agenda = version.text.agenda_version
    name = agenda_name(agenda, version.language)
    document = _start(session, version, draft=draft, marked=False, name=name,
                      issued_at=None if draft else agenda.circulated_at)
    title(document, name)
    write_days(document, version.text.meeting, items_of(session, actor, agenda), agenda.time_zone, version.language,
               version.shown)
    paragraph(document, version.shown("note"), "Note")
    return to_bytes(document)


def language_file_name(version: LanguageVersion, *, draft: bool = False) -> str:
    """The original's symbol with the language code: 'CIO.GAL_81_26_ru.docx'; a draft translation says so after it,
    so that it is never taken for the issued version in a folder."""
    return file_name(f"{version.text.symbol}_{version.language.code}" + ("_DRAFT-TRANSLATION" if draft else ""),
                     version.text.name)


def language_export(session: Session, actor: Actor, meeting_id: int, document: TranslatedDocument, language: str, *,
                    draft: bool, version_number: int | None = None) -> tuple[bytes, str]:
    """The statement (adopted, else the latest circulated, or version `version_number`) or the circulated agenda in
    `language` (an ISO code), with its file name: a draft translation for those who translate, else the issued
    version, refused while any unit is not current."""
    read = language_version if draft else issued_language_version
    version = read(session, actor, meeting_id, TranslatedDocument(document), language, version_number)
    write = (language_statement_document if version.text.document == TranslatedDocument.statement
             else language_agenda_document)
    if draft:
        return write(session, actor, version, draft=True), language_file_name(version, draft=True)
    translated = _translated_document(session, actor, version)
    kept = archive.stored_file(session, actor, translated, version.language.code)
    if kept is None:
        kept = archive.keep_language_version(session, actor, translated, version.language.code,
                                             language_file_name(version), write(session, actor, version, draft=False))
    return kept.content, kept.file_name


def _translated_document(session: Session, actor: Actor, version: LanguageVersion) -> IssuedDocument:
    """The issued document a language version translates, under whose symbol it is kept: the circulated version of
    the agenda or statement, or the adopted statement as last issued (with its interpretative statements)."""
    text = version.text
    if text.adopted:
        adopted = silence.adopted(session, actor, text.meeting.id).adopted_document
        return archive.latest_addendum(session, actor, adopted, DocumentKind.interpretative_statement)
    issued = text.statement_version if text.document == TranslatedDocument.statement else text.agenda_version
    return session.get(IssuedDocument, issued.document_id)
