"""Tables in the house table style: `table` with a heading row that repeats on every page, `group_table` for a group
(a delegation) whose name repeats on every page it runs onto, and rows that never split across pages. Every table is
a data table: its heading row is marked as such (w:tblHeader) and its caption (w:tblCaption) names it for screen
readers."""
from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table

from planner.documents.layout import paragraph
from planner.documents.styles import child, settings
from planner.text import writable


def _row_properties(row, *, header: bool = False) -> None:
    """Rows never split across pages; the heading row repeats on every page."""
    properties = row._tr.get_or_add_trPr()
    child(properties, "w:cantSplit")
    if header:
        child(properties, "w:tblHeader")


def _fill(cell, text: str, style: str, first_line_style: str | None = None) -> None:
    """A cell's text as one paragraph per line, each in a style (the first line may stand out)."""
    lines = writable(text).split("\n") or [""]
    first = cell.paragraphs[0]
    first.style = cell.part.document.styles[first_line_style or style]
    first.add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line, style=style)


def table(document: DocxDocument, caption: str, headings: Sequence[str], widths: Sequence[Length]) -> Table:
    """A table in the house table style whose heading row repeats on each page; add rows with add_row. `caption`
    is what a screen reader announces it as (a day of the agenda)."""
    grid = _empty_table(document, caption, widths)
    _heading_row(grid, headings)
    return grid


def group_table(document: DocxDocument, group: str, widths: Sequence[Length], headings: Sequence[str] = ()) -> Table:
    """A table of one group (a delegation): its name, under the column headings if given, repeats at the top of every
    page the group runs onto, so that a reader of a later page knows whose members these are. Tables that follow
    each other are kept apart by a small gap (Word would merge them into one)."""
    body = document.element.body
    if len(body) > 1 and body[-2].tag == qn("w:tbl"):  # the last element before the section properties
        paragraph(document, "", "Table Gap")
    grid = _empty_table(document, group, widths)
    if headings:
        _heading_row(grid, headings)
    add_group_row(grid, group, header=True)
    return grid


def _empty_table(document: DocxDocument, caption: str, widths: Sequence[Length]) -> Table:
    grid = document.add_table(rows=0, cols=len(widths))
    grid.style = document.styles[settings()["table_style"]]
    grid.autofit = False
    child(grid._tbl.tblPr, "w:tblCaption", val=writable(caption))  # the last of the table's properties
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
