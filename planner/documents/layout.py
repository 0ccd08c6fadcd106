"""The OSCE document layout every Word file shares, on one base built once from templates/word.yaml.

A document is made of: `new_document` (house styles, A4 pages with the page number, metadata), `osce_header` (symbol
or DRAFT mark, date, 'Original: ENGLISH' top right; the organization and issuing body centred), `title`, `heading`,
`paragraph`, `bullet_list` and `numbered_list`; a language version (documents/language_version.py) passes its
`Language` to `new_document` and `osce_header`; tables are in documents/tables.py, the running header of later pages
in documents/pages.py and the styles every paragraph takes its look from in documents/styles.py."""
from __future__ import annotations

import datetime as dt
import io
import re
import secrets
import unicodedata
import uuid
from collections.abc import Iterable
from functools import cache

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from planner.dates import long_date
from planner.documents.pages import set_up_pages
from planner.documents.styles import add_house_styles, child, keep_house_styles_only, set_language, settings
from planner.languages import Language
from planner.text import writable

APPLICATION = "OSCE Chiefs of Police meeting planner"
NAME_WIDTH = 80
# Latin letters that Unicode does not decompose into a plain letter and an accent, and the typographic apostrophe.
UNDECOMPOSED = str.maketrans({"’": "'", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l",
                              "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "Þ": "Th"})
APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           f'<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity></Properties>').encode()


def _metadata(document: DocxDocument, *, title: str, author: str, issued_at: dt.datetime | None, symbol: str | None,
              language: str) -> None:
    """Core properties say what the document is, with none of the template's (its 'python-docx' description)."""
    moment = (issued_at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    core = document.core_properties
    core.title, core.author, core.last_modified_by = writable(title), writable(author), writable(author)
    core.created = core.modified = moment
    core.comments, core.subject, core.category, core.keywords = "", "", "", ""
    core.identifier = symbol or ""
    core.language = language
    core.revision = 1


def _strip_template(document: DocxDocument) -> None:
    """No template thumbnail, no customXml bibliography part, and an app.xml that names this planner, not Word."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:
            del document.part.rels[rel_id]


W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def _word_settings(document: DocxDocument, layout: dict) -> None:
    """Settings of a current Word file: Word 2013+ layout (no Compatibility Mode), proofing marks left to Word (no
    template 'clean' verdict), and the house language for theme fonts."""
    settings_xml = document.settings.element
    proof = settings_xml.find(qn("w:proofState"))
    if proof is not None:
        settings_xml.remove(proof)
    for setting in settings_xml.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    _theme_language(document, layout["language"])


def _theme_language(document: DocxDocument, word: str) -> None:
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    for key in list(theme_language.attrib):
        del theme_language.attrib[key]
    theme_language.set(qn("w:val"), word)


def _own_document_ids(document: DocxDocument) -> None:
    """Each file its own identity (w14:docId, w15:docId), not the one of the base every document is copied from."""
    settings_xml = document.settings.element
    for element in settings_xml.iter(f"{{{W14}}}docId"):
        element.set(f"{{{W14}}}val", f"{secrets.randbits(31) | 1:08X}")
    for element in settings_xml.iter(f"{{{W15}}}docId"):
        element.set(f"{{{W15}}}val", f"{{{str(uuid.uuid4()).upper()}}}")


@cache
def _base() -> bytes:
    """The one base every document starts from, built once per process: house styles, A4 margins, the page number
    in the footer, and none of the template's leftovers."""
    document = Document()
    add_house_styles(document)
    set_up_pages(document)
    _strip_template(document)
    keep_house_styles_only(document)
    _word_settings(document, settings())
    return to_bytes(document)


def new_document(*, title: str, author: str, issued_at: dt.datetime | None = None, symbol: str | None = None,
                 language: Language | None = None) -> DocxDocument:
    """An empty A4 document on the house styles, with metadata for `title` (the document's title), `author` (who
    issues it) and `issued_at` (the moment of issue; now for a draft); a language version's text, styles and theme
    fonts in its `language`."""
    document = Document(io.BytesIO(_base()))
    _own_document_ids(document)
    if language is not None:
        set_language(document, language.word)
        _theme_language(document, language.word)
    _metadata(document, title=title, author=author, issued_at=issued_at, symbol=symbol,
              language=language.word if language else settings()["language"])
    return document


def paragraph(document: DocxDocument, text: str = "", style: str = "Normal"):
    """A paragraph of `text` in a named style (see word.yaml); line breaks in `text` stay line breaks."""
    para = document.add_paragraph(style=style)
    lines = writable(text).split("\n")
    for index, line in enumerate(lines):
        run = para.add_run(line)
        if index < len(lines) - 1:
            run.add_break()
    return para


def osce_header(document: DocxDocument, *, symbol: str | None, issued_on: dt.date, issuing_body: str,
                original: str | None = None, language: Language | None = None) -> None:
    """Symbol, date and original language at top right (a draft carries the DRAFT mark instead of a symbol); the
    organization and the issuing body centred. A language version writes the date and the organization's name in
    its `language` and names itself in English capitals above the original ('RUSSIAN', 'Original: ENGLISH')."""
    if symbol:
        paragraph(document, symbol, "Header Line")
    else:
        paragraph(document, settings()["draft_mark"], "Draft Mark")
    header_lines(document, issued_on, original=original, language=language)
    paragraph(document, language.phrase("organization") if language else settings()["organization"], "Organization")
    paragraph(document, issuing_body, "Issuing Body")


def header_lines(document: DocxDocument, issued_on: dt.date, *, original: str | None = None,
                 language: Language | None = None, attachment: str | None = None) -> None:
    """The lines under the symbol at top right: the date, an attachment's number ('Attachment 1'), a language
    version's language, the original language."""
    lines = [language.long_date(issued_on) if language else long_date(issued_on)]
    lines += [attachment] if attachment else []
    lines += [language.caps] if language else []
    for line in lines + [f"Original: {original or settings()['original_language']}"]:
        paragraph(document, line, "Header Line")


def title(document: DocxDocument, text: str, subtitle: str | None = None) -> None:
    """The title (the Title style sets it in capitals) and an optional line under it, e.g. place and dates."""
    paragraph(document, text, "Title")
    if subtitle:
        paragraph(document, subtitle, "Subtitle")


def heading(document: DocxDocument, text: str, level: int = 1):
    """Heading 1 centred in capitals (a part of the document), Heading 2 on the left (a day, a section)."""
    return paragraph(document, text, f"Heading {level}")


def bullet_list(document: DocxDocument, items: Iterable[str]) -> None:
    for item in items:
        paragraph(document, item, "List Bullet")


def numbered_list(document: DocxDocument, items: Iterable[str], style: str = "List Number") -> None:
    """Paragraphs numbered 1., 2., … by Word (the numbers are not typed), starting again at 1 for each list, such
    as the operative paragraphs of a statement."""
    num_id = restarted_numbering(document, style)
    for item in items:
        para = paragraph(document, item, style)
        num_pr = para._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id


def restarted_numbering(document: DocxDocument, style: str = "List Number") -> int:
    """A numbering instance of the style's list that starts again at 1: the numId for the paragraphs of one list."""
    numbering = document.part.numbering_part.element
    style_num = document.styles[style].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    child(override, "w:startOverride", val=1)
    num.append(override)
    return num.numId


def file_name(symbol: str | None, draft_name: str, addressee: str = "") -> str:
    """'CIO.GAL_12_26.docx' for an issued document, 'DRAFT-<draft_name>.docx' for one not yet issued; a document
    addressed to someone names them after that, 'CIO.GAL_12_26 Austria.docx', so that a folder of them reads."""
    if symbol:
        stem = symbol.replace("/", "_")
    else:
        stem = f"{settings()['draft_mark']}-{re.sub(r'[^A-Za-z0-9.]+', '-', draft_name).strip('-')[:80] or 'document'}"
    named = file_safe(addressee)
    return f"{stem} {named}.docx" if named else f"{stem}.docx"


def file_safe(name: str) -> str:
    """A name as Windows, macOS and every unzip tool take it in a file name: accents dropped ('Türkiye' → 'Turkiye'),
    only letters, digits, spaces and .,'()&- kept (none that Windows reserves), at most NAME_WIDTH characters, no dot
    or space at the end (Windows drops them); "" when nothing is left."""
    plain = unicodedata.normalize("NFKD", name.translate(UNDECOMPOSED)).encode("ascii", "ignore").decode()
    words = re.sub(r"\s+", " ", re.sub(r"[^A-Za-z0-9 .,'()&-]+", " ", plain)).strip(" .")
    return words[:NAME_WIDTH].rstrip(" .")


def to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
