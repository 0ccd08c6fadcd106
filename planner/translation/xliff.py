"""XLIFF 1.2 for the language services: one document in one language goes out as a file their translation tools
open, and comes back into the planner whole or not at all.

A unit's id is its key, so a file finds its units again in any later version; a unit whose original changed since it
was translated goes out with its old translation marked for review, the earlier original beside it (a note for the
translator, an alt-trans for the return). A file is read without its DTD, entities or network, within the upload
bound, and refused as a whole with the units at fault named."""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from sqlmodel import Session

from planner import config
from planner.access import Actor, Capability, require
from planner.errors import PlannerError, Problem, ValidationFailed
from planner.translation import translations
from planner.translation.models import TranslatedDocument, UnitState
from planner.translation.translations import ImportedUnit, LanguageVersion

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
LANG, SPACE = f"{{{XML_NS}}}lang", f"{{{XML_NS}}}space"
FOR_REVIEW = "needs-review-translation"
ORIGINAL = re.compile(r"meeting-(\d+)/(statement|agenda)")
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def _original_of(meeting_id: int, document: TranslatedDocument) -> str:
    """What a file says it translates: 'meeting-7/statement'."""
    return f"meeting-{meeting_id}/{TranslatedDocument(document).value}"


def _add(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _tag(name), attributes)
    element.text = text
    return element


def _trans_unit(body: etree._Element, view: translations.UnitView, source: str, target: str) -> None:
    unit = _add(body, "trans-unit", id=view.unit.key, resname=view.unit.label)
    unit.set(SPACE, "preserve")
    _add(unit, "source", view.unit.original).set(LANG, source)
    if view.state == UnitState.missing:
        return
    state = "translated" if view.state == UnitState.current else FOR_REVIEW
    _add(unit, "target", view.translation.text, state=state).set(LANG, target)
    if view.state == UnitState.needs_update:
        _add(unit, "note", f"The translation was made from an earlier original: {view.earlier_original}",
             annotates="source", **{"from": "planner"})
        earlier = _add(unit, "alt-trans", origin="earlier original")
        _add(earlier, "source", view.earlier_original).set(LANG, source)
        _add(earlier, "target", view.translation.text).set(LANG, target)


def export_xliff(session: Session, actor: Actor, meeting_id: int, document: TranslatedDocument,
                 language: str) -> bytes:
    """Every unit of the document's latest text, with its translation into `language` where there is one."""
    version = translations.language_version(session, actor, meeting_id, document, language)
    text = version.text
    source, target = text.meeting.original_language, version.language.code
    root = etree.Element(_tag("xliff"), {"version": "1.2"}, nsmap={None: NS})
    file = _add(root, "file", original=_original_of(text.meeting.id, text.document), datatype="plaintext",
                **{"source-language": source, "target-language": target})
    header = _add(file, "header")
    _add(header, "note", f"{text.symbol}: {text.name} of the {text.meeting.title}, issued "
         f"{text.issued_on.isoformat()}", **{"from": "planner"})
    body = _add(file, "body")
    for view in version.units:
        _trans_unit(body, view, source, target)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass(frozen=True)
class ParsedXliff:
    """What a returned file says: whose document it translates, between which languages, and its units."""

    meeting_id: int
    document: TranslatedDocument
    source_language: str
    target_language: str
    units: list[ImportedUnit]


def _refusal(reason: str) -> PlannerError:
    return PlannerError(f"The XLIFF file was not imported: {reason}.")


def _language(value: str | None) -> str:
    """'ru', also from 'ru-RU' or 'RU_ru' as tools write it."""
    return re.split(r"[-_]", (value or "").strip())[0].lower()


def _text(element: etree._Element | None, name: str, subject: str, problems: list[Problem]) -> str:
    """The plain text of a <source> or <target>: inline markup has nothing to stand for in plain text."""
    if element is None:
        return ""
    if len(element):
        problems.append(Problem(None, None, f"its {name} holds markup (<{etree.QName(element[0]).localname}>); "
                                "the planner takes plain text only", subject=subject))
        return ""
    return element.text or ""


def _unit(element: etree._Element, number: int, languages: tuple[str, str],
          problems: list[Problem]) -> ImportedUnit | None:
    """The unit as imported; a target still for review stays the translation of the earlier original it was made
    from, so its unit keeps needing an update."""
    key = (element.get("id") or "").strip()
    subject = f"Unit '{key}'" if key else f"Trans-unit {number} (without an id)"
    if not key:
        problems.append(Problem(None, None, "has no id: its id names the unit it translates", subject=subject))
        return None
    source, target = element.find(_tag("source")), element.find(_tag("target"))
    for name, part, language in (("source", source, languages[0]), ("target", target, languages[1])):
        if part is not None and part.get(LANG) and _language(part.get(LANG)) != language:
            problems.append(Problem(None, None, f"its {name} is in '{part.get(LANG)}', the file's {name} language is "
                                    f"'{language}'", subject=subject))
    if source is None:
        problems.append(Problem(None, None, "has no source", subject=subject))
    if target is not None and target.get("state") == FOR_REVIEW:
        earlier = element.find(f"{_tag('alt-trans')}/{_tag('source')}")
        if earlier is None:
            problems.append(Problem(None, None, f"its target is still marked {FOR_REVIEW}, and the earlier original "
                                    "it was made from is no longer in the file: review it and mark it translated",
                                    subject=subject))
            return None
        source = earlier
    return ImportedUnit(key, _text(source, "source", subject, problems), _text(target, "target", subject, problems))


def _parsed(data: bytes) -> etree._Element:
    if len(data) > config.MAX_UPLOAD_BYTES:
        raise _refusal(f"the file is larger than {config.MAX_UPLOAD_MB} MB")
    if DECLARATION.search(data):
        raise _refusal("it declares a DOCTYPE or entities, which an XLIFF file has no need of")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        tree = etree.fromstring(data, parser).getroottree()
    except etree.XMLSyntaxError as error:
        raise _refusal(f"it is not well-formed XML ({error.msg}, line {error.lineno})") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _refusal("it declares a DOCTYPE or entities, which an XLIFF file has no need of")
    return tree.getroot()


def read_xliff(data: bytes) -> ParsedXliff:
    """The file as the planner exported it and a translation tool returned it, or a refusal naming what is wrong."""
    root = _parsed(data)
    if root.tag != _tag("xliff"):
        raise _refusal(f"it is not XLIFF 1.2: its root is <{etree.QName(root).localname}> in "
                       f"'{etree.QName(root).namespace or 'no namespace'}', not <xliff> in '{NS}'")
    if root.get("version") != "1.2":
        raise _refusal(f"it is XLIFF version '{root.get('version')}'; the planner reads version 1.2")
    files = root.findall(_tag("file"))
    if len(files) != 1:
        raise _refusal(f"it holds {len(files)} <file> elements; the planner reads one document per file")
    file = files[0]
    found = ORIGINAL.fullmatch(file.get("original") or "")
    if not found:
        raise _refusal(f"its <file original='{file.get('original') or ''}'> does not name a meeting's "
                       "document as the planner exports it (e.g. 'meeting-7/statement')")
    languages = (_language(file.get("source-language")), _language(file.get("target-language")))
    if not all(languages):
        raise _refusal("its <file> names no source-language or no target-language")
    problems: list[Problem] = []
    units = [unit for number, element in enumerate(file.iter(_tag("trans-unit")), 1)
             if (unit := _unit(element, number, languages, problems)) is not None]
    if problems:
        raise ValidationFailed(problems, "The XLIFF file was not imported; nothing was changed:")
    return ParsedXliff(int(found.group(1)), TranslatedDocument(found.group(2)), *languages, units)


def import_xliff(session: Session, actor: Actor, meeting_id: int, data: bytes) -> LanguageVersion:
    """A returned file's translations, all of them or none, into the document and language it was exported for."""
    require(actor, Capability.translate_documents)
    parsed = read_xliff(data)
    if parsed.meeting_id != meeting_id:
        raise _refusal(f"it translates a document of meeting {parsed.meeting_id}, not of meeting {meeting_id}")
    version = translations.language_version(session, actor, meeting_id, parsed.document, parsed.target_language)
    original = version.text.meeting.original_language
    if parsed.source_language != original:
        raise _refusal(f"it translates from '{parsed.source_language}'; the meeting's documents are written in "
                       f"'{original}'")
    return translations.import_units(session, actor, meeting_id, parsed.document, parsed.target_language, parsed.units)
