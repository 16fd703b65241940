"""Append rows under the last row of one of the owner's sheets (the reminder log), or set
the text of some of its cells (the Paramètres rows a refresh with layout options updates).

Only that sheet's part and styles.xml change; every other part is copied unchanged, and the
sheet's existing rows are kept as they are. The file is written atomically like a refresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from lxml import etree

from arxl.errors import MissingSheet
from arxl.formats import Formats
from arxl.ooxml.opc import tostring, xml
from arxl.ooxml.workbook import M
from arxl.sheets.spec import Kind
from arxl.writers.cellxml import ILLEGAL_XML, MAX_CELL_TEXT, col_letter, excel_serials
from arxl.writers.package import Package, write_zip
from arxl.writers.styles import CellStyle, StyleBook

Cell = tuple[int, Kind, object]  # 0-based column, kind, value


def append_rows(
    src: Path, dst: Path, sheet_name: str, rows: list[list[Cell]], formats: Formats | None = None
) -> None:
    """Write a copy of src as dst (atomically; dst may be src) with rows added to sheet_name,
    their amounts and dates in `formats` (the book's; else arxl's French ones)."""
    set_cells(src, dst, sheet_name, {}, rows, formats)


def set_cells(
    src: Path,
    dst: Path,
    sheet_name: str,
    texts: dict[tuple[int, int], str],
    rows: Sequence[list[Cell]] = (),
    formats: Formats | None = None,
) -> None:
    """Write a copy of src as dst (atomically; dst may be src) where the cells of sheet_name
    at (Excel row, 0-based column) hold `texts` (their style kept) and `rows` follow its last
    row. Every other cell, row and part is kept as it is."""
    pkg = Package(src)
    sheet = next((s for s in pkg.sheets() if s.name == sheet_name), None)
    if sheet is None:
        raise MissingSheet(f"{src.name}: no sheet named '{sheet_name}' to write to.")
    styles = StyleBook(pkg.parts[pkg.styles_part]) if pkg.styles_part and rows else None
    root = xml(pkg.parts[sheet.part])
    data = root.find(M + "sheetData")
    by_number = dict(_numbered(data, "row", lambda r: int(r.get("r", "0")) or None))
    for (number, col), text in sorted(texts.items()):
        row_el = by_number.get(number)
        if row_el is None:  # a row the sheet does not have: placed in row order
            row_el = etree.Element(M + "row", r=str(number))
            before = [n for n in by_number if n < number]
            if before:
                by_number[max(before)].addnext(row_el)
            else:
                data.insert(0, row_el)
            by_number[number] = row_el
        if row_el.get("r") is None:
            row_el.set("r", str(number))
        _set_text(row_el, number, col, text)
    last = max(by_number, default=0)
    max_col = 0
    for k, cells in enumerate(rows):
        number = last + 1 + k
        row_el = etree.SubElement(data, M + "row", r=str(number))
        for col, kind, value in sorted(cells, key=lambda c: c[0]):
            max_col = max(max_col, col)
            _cell(row_el, f"{col_letter(col)}{number}", kind, value, styles, pkg.date1904, formats)
    dimension = root.find(M + "dimension")
    if dimension is not None and rows:
        first, _, end = dimension.get("ref", "A1").partition(":")
        end_col = "".join(ch for ch in (end or first) if ch.isalpha())
        if len(col_letter(max_col)) > len(end_col) or (
            len(col_letter(max_col)) == len(end_col) and col_letter(max_col) > end_col
        ):
            end_col = col_letter(max_col)
        dimension.set("ref", f"{first}:{end_col}{last + len(rows)}")
    index_parts = {}
    if styles is not None:
        index_parts[pkg.styles_part] = styles.to_bytes()
    write_zip(pkg, dst, {sheet.part: tostring(root)}, index_parts, set())


def _numbered(
    parent: etree._Element, tag: str, number: Callable[[etree._Element], int | None]
) -> list[tuple[int, etree._Element]]:
    """The children with their 1-based number, explicit or following the previous one's."""
    out, n = [], 0
    for el in parent.findall(M + tag):
        n = number(el) or n + 1
        out.append((n, el))
    return out


def _col_of(ref: str | None) -> int | None:
    letters = "".join(ch for ch in ref or "" if ch.isalpha())
    if not letters:
        return None
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _set_text(row_el: etree._Element, number: int, col: int, text: str) -> None:
    """One cell of the row holds `text` as an inline string (its style kept)."""
    ref = f"{col_letter(col)}{number}"
    cells = _numbered(row_el, "c", lambda c: _col_of(c.get("r")))
    cell = next((c for n, c in cells if n == col + 1), None)
    if cell is None:
        for n, c in cells:  # explicit references, so that a new cell cannot shift the others
            c.set("r", f"{col_letter(n - 1)}{number}")
        row_el.attrib.pop("spans", None)  # a hint that would no longer cover the row
        cell = etree.Element(M + "c", r=ref)
        later = [c for n, c in cells if n > col + 1]
        if later:
            later[0].addprevious(cell)
        else:
            row_el.append(cell)
    for child in list(cell):
        cell.remove(child)
    cell.set("t", "inlineStr")
    etree.SubElement(etree.SubElement(cell, M + "is"), M + "t").text = ILLEGAL_XML.sub("", text)[
        :MAX_CELL_TEXT
    ]


def _cell(
    row: etree._Element,
    ref: str,
    kind: Kind,
    value: object,
    styles: StyleBook | None,
    date1904: bool,
    formats: Formats | None = None,
) -> None:
    if value is None or value == "":
        return
    c = etree.SubElement(row, M + "c", r=ref)
    if styles is not None and kind is not Kind.TEXT:
        style = CellStyle(kind=kind) if formats is None else CellStyle(kind=kind, formats=formats)
        c.set("s", str(styles.xf(style)))
    if kind is Kind.TEXT or isinstance(value, str):
        c.set("t", "inlineStr")
        is_el = etree.SubElement(c, M + "is")
        etree.SubElement(is_el, M + "t").text = ILLEGAL_XML.sub("", str(value))[:MAX_CELL_TEXT]
        return
    if kind is Kind.DATE:
        day = np.datetime64(value if isinstance(value, dt.date) else value, "D")
        number = str(int(excel_serials(np.array([day]), date1904)[0][0]))
    elif kind is Kind.INT:
        number = str(int(value))  # type: ignore[call-overload]
    else:
        number = repr(round(float(value), 2) + 0.0)  # type: ignore[arg-type]
    etree.SubElement(c, M + "v").text = number
