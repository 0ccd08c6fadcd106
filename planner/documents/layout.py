"""The OSCE document layout every Word file shares, on one base of real Word styles built from templates/word.yaml.

A document is made of: `new_document` (styles, margins, page number, metadata), `osce_header` (symbol or DRAFT mark,
date, 'Original: ENGLISH' top right; the organization and issuing body centred), `title`, `heading`, `paragraph`,
`bullet_list`, `numbered_list`, tables (`table`, `add_row`, `add_group_row`, and `group_table` for a group whose name
repeats on every page it runs onto) and `running_header` (symbol and page number at the top of later pages). Every
paragraph takes its look from a named style; nothing repeats direct formatting, so a documents officer can change the
look in Word in one place."""
from __future__ import annotations

import copy
import datetime as dt
import io
import re
import secrets
import uuid
from collections.abc import Iterable, Sequence
from functools import cache

import yaml
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table

from planner import config
from planner.dates import long_date
from planner.text import writable

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
APPLICATION = "OSCE Chiefs of Police meeting planner"
APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           f'<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity></Properties>').encode()


@cache
def settings() -> dict:
    return yaml.safe_load((config.TEMPLATES_DIR / "word.yaml").read_text(encoding="utf-8"))


def _child(parent, tag: str, **attributes):
    """The element `tag` under `parent`, created (or emptied of attributes) and given these w: attributes."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    for key in list(element.attrib):
        del element.attrib[key]
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def _base_run_properties(rpr, layout: dict) -> None:
    """Font for every script, size for Latin and complex scripts (szCs: Arabic no larger than its neighbours), language."""
    font = layout["font"]
    _child(rpr, "w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)
    half_points = int(layout["font_size_pt"] * 2)
    _child(rpr, "w:sz", val=half_points)
    _child(rpr, "w:szCs", val=half_points)
    _child(rpr, "w:lang", val=layout["language"], eastAsia=layout["language"], bidi="ar-SA")


def _line(layout: dict) -> int:
    return round(240 * layout["line_spacing"])


def _defaults(document: DocxDocument, layout: dict) -> None:
    """docDefaults and Normal: the house font, size, language and single spacing that every style inherits."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _base_run_properties(rpr, layout)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _child(ppr, "w:spacing", after=int(layout["space_after_pt"] * 20), line=_line(layout), lineRule="auto")
    normal = document.styles["Normal"]
    _base_run_properties(normal.element.get_or_add_rPr(), layout)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(layout["space_after_pt"])
    normal.paragraph_format.line_spacing = layout["line_spacing"]


def _style(document: DocxDocument, name: str, spec: dict):
    """A paragraph style from its spec in word.yaml; a built-in one is stripped of the template's look first."""
    styles = document.styles
    if name in [s.name for s in styles]:
        style = styles[name]
        element = style.element
        rpr = element.find(qn("w:rPr"))
        if rpr is not None:
            element.remove(rpr)
        ppr = element.find(qn("w:pPr"))
        if ppr is not None:  # keep a list style's numbering, drop borders, spacing and the rest
            for child in list(ppr):
                if child.tag != qn("w:numPr"):
                    ppr.remove(child)
    else:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[spec.get("based_on", "Normal")]
    style.quick_style = True
    font, layout_ = style.font, style.paragraph_format
    rpr = style.element.get_or_add_rPr()
    for key, attribute in (("bold", "bold"), ("italic", "italic"), ("caps", "all_caps")):
        if key in spec:
            setattr(font, attribute, spec[key])
    if "bold" in spec:
        rpr.get_or_add_bCs().val = spec["bold"]
    if "italic" in spec:
        rpr.get_or_add_iCs().val = spec["italic"]
    if "size" in spec:
        font.size = Pt(spec["size"])
        complex_size = OxmlElement("w:szCs")
        complex_size.set(qn("w:val"), str(int(spec["size"] * 2)))
        rpr.sz.addnext(complex_size)
    if "align" in spec:
        layout_.alignment = ALIGN[spec["align"]]
    for key in ("space_before", "space_after"):
        if key in spec:
            setattr(layout_, key, Pt(spec[key]))
    for key in ("keep_with_next", "keep_together"):
        if spec.get(key):
            setattr(layout_, key, True)
    if "indent_cm" in spec:
        layout_.left_indent = Cm(spec["indent_cm"])
    return style


def _table_style(document: DocxDocument, name: str) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Table Grid"]
    style.font.size = Pt(settings()["styles"]["Table Text"]["size"])


def _page_number(paragraph) -> None:
    """'– 1 –': a PAGE field (begin, instruction, separate, cached value, end), the separators around it."""
    before, _, after = settings()["page_number_format"].partition("{page}")
    if before:
        paragraph.add_run(before)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("value", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "value":
            run.text = text
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    if after:
        paragraph.add_run(after)


def _metadata(document: DocxDocument, *, title: str, author: str, issued_at: dt.datetime | None, symbol: str | None) -> None:
    """Core properties say what the document is, with none of the template's (its 'python-docx' description)."""
    moment = (issued_at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    core = document.core_properties
    core.title, core.author, core.last_modified_by = writable(title), writable(author), writable(author)
    core.created = core.modified = moment
    core.comments, core.subject, core.category, core.keywords = "", "", "", ""
    core.identifier = symbol or ""
    core.language = settings()["language"]
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
    theme_language = settings_xml.find(qn("w:themeFontLang"))
    for key in list(theme_language.attrib):
        del theme_language.attrib[key]
    theme_language.set(qn("w:val"), layout["language"])


def _linked_character_styles(document: DocxDocument) -> None:
    """A character style linked to a paragraph style ('Title Char') looks like its paragraph style, so that text
    formatted with it in Word keeps the house font and colour, not the template's blue theme."""
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    for style in by_id.values():
        link = style.find(qn("w:link"))
        if style.get(qn("w:type")) != "character" or link is None or link.get(qn("w:val")) not in by_id:
            continue
        old = style.find(qn("w:rPr"))
        if old is not None:
            style.remove(old)
        own = by_id[link.get(qn("w:val"))].find(qn("w:rPr"))
        if own is not None:
            style.append(copy.deepcopy(own))


def _own_document_ids(document: DocxDocument) -> None:
    """Each file its own identity (w14:docId, w15:docId), not the one of the base every document is copied from."""
    settings_xml = document.settings.element
    for element in settings_xml.iter(f"{{{W14}}}docId"):
        element.set(f"{{{W14}}}val", f"{secrets.randbits(31) | 1:08X}")
    for element in settings_xml.iter(f"{{{W15}}}docId"):
        element.set(f"{{{W15}}}val", f"{{{str(uuid.uuid4()).upper()}}}")


ALWAYS_KEPT_STYLES = ("Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid")
UNREAD_PARTS = ("stylesWithEffects", "webSettings")


def _drop_unused_styles(document: DocxDocument, used: set[str]) -> None:
    """The template brings 164 styles and their 'latent' list (780 kB of XML); the house uses about twenty. Without the
    rest, and without the parts no reader needs, every document parses and writes a fraction of the XML."""
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    names = {style.find(qn("w:name")).get(qn("w:val")).casefold(): style_id for style_id, style in by_id.items()
             if style.find(qn("w:name")) is not None}  # Word names built-in styles in lower case: "heading 1"
    wanted = [names[name.casefold()] for name in used if name.casefold() in names]
    kept: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in kept or style_id not in by_id:
            continue
        kept.add(style_id)
        for link in ("w:basedOn", "w:link", "w:next"):
            element = by_id[style_id].find(qn(link))
            if element is not None:
                wanted.append(element.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in kept:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(UNREAD_PARTS):
            del document.part.rels[rel_id]


@cache
def _base() -> bytes:
    """The one base every document starts from, built once per process: house styles, A4 margins, the page number
    in the footer, and none of the template's leftovers."""
    layout = settings()
    document = Document()
    _defaults(document, layout)
    for name, spec in layout["styles"].items():
        _style(document, name, spec)
    _table_style(document, layout["table_style"])
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side, size in layout["margins_cm"].items():
        setattr(section, f"{side}_margin", Cm(size))
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    _page_number(footer)
    _strip_template(document)
    _drop_unused_styles(document, {*layout["styles"], layout["table_style"], "Footer", "Header", *ALWAYS_KEPT_STYLES})
    _linked_character_styles(document)
    _word_settings(document, layout)
    return to_bytes(document)


def new_document(*, title: str, author: str, issued_at: dt.datetime | None = None, symbol: str | None = None) -> DocxDocument:
    """An empty A4 document on the house styles, with metadata for `title` (the document's title), `author` (who
    issues it) and `issued_at` (the moment of issue; now for a draft)."""
    document = Document(io.BytesIO(_base()))
    _own_document_ids(document)
    _metadata(document, title=title, author=author, issued_at=issued_at, symbol=symbol)
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
                original: str | None = None) -> None:
    """Symbol, date and original language at top right (a draft carries the DRAFT mark instead of a symbol); the
    organization and the issuing body centred."""
    layout = settings()
    if symbol:
        paragraph(document, symbol, "Header Line")
    else:
        paragraph(document, layout["draft_mark"], "Draft Mark")
    paragraph(document, long_date(issued_on), "Header Line")
    paragraph(document, f"Original: {original or layout['original_language']}", "Header Line")
    paragraph(document, layout["organization"], "Organization")
    paragraph(document, issuing_body, "Issuing Body")


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
    _child(override, "w:startOverride", val=1)
    num.append(override)
    return num.numId


def _row_properties(row, *, header: bool = False) -> None:
    """Rows never split across pages; the heading row repeats on every page."""
    properties = row._tr.get_or_add_trPr()
    _child(properties, "w:cantSplit")
    if header:
        _child(properties, "w:tblHeader")


def _fill(cell, text: str, style: str, first_line_style: str | None = None) -> None:
    """A cell's text as one paragraph per line, each in a style (the first line may stand out)."""
    lines = writable(text).split("\n") or [""]
    first = cell.paragraphs[0]
    first.style = cell.part.document.styles[first_line_style or style]
    first.add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line, style=style)


def table(document: DocxDocument, headings: Sequence[str], widths: Sequence[Length]) -> Table:
    """A table in the house table style whose heading row repeats on each page; add rows with add_row."""
    grid = _empty_table(document, widths)
    _heading_row(grid, headings)
    return grid


def group_table(document: DocxDocument, group: str, widths: Sequence[Length], headings: Sequence[str] = ()) -> Table:
    """A table of one group (a delegation): its name, under the column headings if given, repeats at the top of every
    page the group runs onto, so that a reader of a later page knows whose members these are. Tables that follow
    each other are kept apart by a small gap (Word would merge them into one)."""
    body = document.element.body
    if len(body) > 1 and body[-2].tag == qn("w:tbl"):  # the last element before the section properties
        paragraph(document, "", "Table Gap")
    grid = _empty_table(document, widths)
    if headings:
        _heading_row(grid, headings)
    add_group_row(grid, group, header=True)
    return grid


def _empty_table(document: DocxDocument, widths: Sequence[Length]) -> Table:
    grid = document.add_table(rows=0, cols=len(widths))
    grid.style = document.styles[settings()["table_style"]]
    grid.autofit = False
    grid._osce_widths = tuple(widths)
    for column, width in zip(grid.columns, widths):
        column.width = width
    return grid


def _heading_row(grid: Table, headings: Sequence[str]) -> None:
    row = grid.add_row()
    for cell, text, width in zip(row.cells, headings, grid._osce_widths):
        cell.width = width
        _fill(cell, text, "Table Heading")
    _row_properties(row, header=True)


def add_row(grid: Table, texts: Sequence[str], *, first_line_styles: Sequence[str | None] | None = None) -> None:
    """One row; a cell's first line can take another style (e.g. the item's title in bold)."""
    row = grid.add_row()
    _row_properties(row)
    styles = first_line_styles or [None] * len(texts)
    for cell, text, width, first in zip(row.cells, texts, grid._osce_widths, styles):
        cell.width = width
        _fill(cell, text, "Table Text", first)


def add_group_row(grid: Table, text: str, *, header: bool = False) -> None:
    """A row across the whole table naming a group (a delegation); it stays on the page of the row after it, and the
    merged cell declares the full width of the columns it spans. A header group row repeats on every page."""
    row = grid.add_row()
    _row_properties(row, header=header)
    merged = row.cells[0].merge(row.cells[-1])
    merged.width = sum(grid._osce_widths, Length(0))
    _fill(merged, text, "Table Group")


def running_header(document: DocxDocument, symbol: str | None) -> None:
    """Pages after the first carry the symbol (or the DRAFT mark, or what a working file is, such as a comparison)
    and the page number at the top, as OSCE documents do ('PC.JOUR/1233', '– 2 –'); the first page keeps its header
    block and the page number at the foot."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    first_footer = section.first_page_footer.paragraphs[0]
    first_footer.style = document.styles["Footer"]
    _page_number(first_footer)
    later_footer = section.footer.paragraphs[0]._p
    for run in later_footer.findall(qn("w:r")):
        later_footer.remove(run)
    header = section.header
    mark = header.paragraphs[0]
    mark.style = document.styles["Header Line" if symbol else "Draft Mark"]
    mark.add_run(writable(symbol or settings()["draft_mark"]))
    _page_number(header.add_paragraph(style="Header"))


def file_name(symbol: str | None, draft_name: str) -> str:
    """'CIO.GAL_12_26.docx' for an issued document, 'DRAFT-<draft_name>.docx' for one not yet issued."""
    if symbol:
        return f"{symbol.replace('/', '_')}.docx"
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", draft_name).strip("-")[:80] or "document"
    return f"{settings()['draft_mark']}-{slug}.docx"


def to_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
