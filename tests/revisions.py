"""Accepting or rejecting every tracked change of a Word body, as Word does, to check what a comparison says."""
from __future__ import annotations

from docx.oxml.ns import qn

INSERTED, DELETED = qn("w:ins"), qn("w:del")


def _inside(element, tag: str, paragraph) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _mark(paragraph, tag: str) -> bool:
    properties = paragraph.find(qn("w:pPr"))
    run_properties = properties.find(qn("w:rPr")) if properties is not None else None
    return run_properties is not None and run_properties.find(tag) is not None


def resolved(paragraphs, *, accept: bool) -> list[str]:
    """The paragraph texts after accepting (or rejecting) all revisions: a removed paragraph mark joins the
    paragraph to the next one."""
    dropped, marked = (DELETED, DELETED) if accept else (INSERTED, INSERTED)
    texts: list[str] = []
    carried = ""
    for paragraph in paragraphs:
        text = []
        for element in paragraph.iter(qn("w:t"), qn("w:delText"), qn("w:br"), qn("w:tab")):
            if _inside(element, dropped, paragraph):
                continue
            text.append({qn("w:br"): "\n", qn("w:tab"): "\t"}.get(element.tag, element.text or ""))
        carried += "".join(text)
        if _mark(paragraph, marked):
            continue
        texts.append(carried)
        carried = ""
    if carried:
        texts.append(carried)
    return texts


def authors(paragraphs) -> set[str]:
    return {element.get(qn("w:author")) for paragraph in paragraphs
            for element in paragraph.iter(INSERTED, DELETED) if element.get(qn("w:author"))}


def resolved_rows(table, *, accept: bool) -> list[list[str]]:
    """A table's rows after accepting (or rejecting) all revisions: a row deleted (inserted) as a whole goes, and each
    cell reads as its paragraphs resolved, one line each."""
    dropped = DELETED if accept else INSERTED
    rows = []
    for row in table.iter(qn("w:tr")):
        properties = row.find(qn("w:trPr"))
        if properties is not None and properties.find(dropped) is not None:
            continue
        rows.append(["\n".join(resolved(cell.findall(qn("w:p")), accept=accept)) for cell in row.findall(qn("w:tc"))])
    return rows
