"""The house look from templates/word.yaml as real Word styles: every paragraph takes its look from a named style and
nothing repeats direct formatting, so a documents officer can change the look in Word in one place."""
from __future__ import annotations

import copy
from functools import cache

import yaml
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from planner import config

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
ALWAYS_KEPT_STYLES = ("Normal", "Default Paragraph Font", "Normal Table", "No List", "Table Grid")
UNREAD_PARTS = ("stylesWithEffects", "webSettings")
AFTER_OUTLINE_LEVEL = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")  # its successors in w:pPr


@cache
def settings() -> dict:
    return yaml.safe_load((config.TEMPLATES_DIR / "word.yaml").read_text(encoding="utf-8"))


def child(parent, tag: str, **attributes):
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
    child(rpr, "w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)
    half_points = int(layout["font_size_pt"] * 2)
    child(rpr, "w:sz", val=half_points)
    child(rpr, "w:szCs", val=half_points)
    _language(rpr, layout["language"])


def _language(rpr, word: str) -> None:
    child(rpr, "w:lang", val=word, eastAsia=word, bidi="ar-SA")


def set_language(document: DocxDocument, word: str) -> None:
    """The language every style inherits (docDefaults and Normal), e.g. 'ru-RU' in a Russian version, so that Word
    checks the spelling in it and a screen reader reads it so."""
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for rpr in (defaults, document.styles["Normal"].element.get_or_add_rPr()):
        _language(rpr, word)


def _line(layout: dict) -> int:
    return round(240 * layout["line_spacing"])


def _defaults(document: DocxDocument, layout: dict) -> None:
    """docDefaults and Normal: the house font, size, language and single spacing that every style inherits."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _base_run_properties(rpr, layout)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    child(ppr, "w:spacing", after=int(layout["space_after_pt"] * 20), line=_line(layout), lineRule="auto")
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
            for kept in list(ppr):
                if kept.tag != qn("w:numPr"):
                    ppr.remove(kept)
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
    if "outline_level" in spec:
        _outline_level(style.element.get_or_add_pPr(), spec["outline_level"])
    return style


def _outline_level(ppr, level: int) -> None:
    """The level at which Word's navigation pane, a screen reader and a tagged PDF (H1, H2) list the style's
    paragraphs; Word counts from 0."""
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level - 1))
    ppr.insert_element_before(element, *AFTER_OUTLINE_LEVEL)


def _table_style(document: DocxDocument, name: str) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Table Grid"]
    style.font.size = Pt(settings()["styles"]["Table Text"]["size"])


def add_house_styles(document: DocxDocument) -> None:
    """The house defaults, every paragraph style of word.yaml and its table style."""
    layout = settings()
    _defaults(document, layout)
    for name, spec in layout["styles"].items():
        _style(document, name, spec)
    _table_style(document, layout["table_style"])


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


def keep_house_styles_only(document: DocxDocument) -> None:
    """Only the styles the house uses (its own, the page header and footer, Word's essentials), each linked character
    style looking like its paragraph style."""
    layout = settings()
    _drop_unused_styles(document, {*layout["styles"], layout["table_style"], "Footer", "Header", *ALWAYS_KEPT_STYLES})
    _linked_character_styles(document)
