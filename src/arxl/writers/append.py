"""Append rows under the last row of one of the owner's sheets (the reminder log).

Only that sheet's part and styles.xml change; every other part is copied unchanged, and the
sheet's existing rows are kept as they are. The file is written atomically like a refresh.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from lxml import etree

from arxl.errors import MissingSheet
from arxl.reports.sheet import Kind
from arxl.writers.graft import M, Package, _tostring, _write_zip, _xml
from arxl.writers.sheetxml import _EPOCH, _ILLEGAL_XML, MAX_CELL_TEXT, col_letter
from arxl.writers.styles import CellStyle, StyleBook

Cell = tuple[int, Kind, object]  # 0-based column, kind, value


def append_rows(src: Path, dst: Path, sheet_name: str, rows: list[list[Cell]]) -> None:
    """Write a copy of src as dst (atomically; dst may be src) with rows added to sheet_name."""
    pkg = Package(src)
    sheet = next((s for s in pkg.sheets() if s.name == sheet_name), None)
    if sheet is None:
        raise MissingSheet(f"{src.name}: no sheet named '{sheet_name}' to append to.")
    styles = StyleBook(pkg.parts[pkg.styles_part]) if pkg.styles_part else None
    root = _xml(pkg.parts[sheet.part])
    data = root.find(M + "sheetData")
    last = max((int(r.get("r", "0")) for r in data.iter(M + "row")), default=0)
    max_col = 0
    for k, cells in enumerate(rows):
        number = last + 1 + k
        row_el = etree.SubElement(data, M + "row", r=str(number))
        for col, kind, value in sorted(cells, key=lambda c: c[0]):
            max_col = max(max_col, col)
            _cell(row_el, f"{col_letter(col)}{number}", kind, value, styles, pkg.date1904)
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
    _write_zip(pkg, dst, {sheet.part: _tostring(root)}, index_parts, set())


def _cell(
    row: etree._Element,
    ref: str,
    kind: Kind,
    value: object,
    styles: StyleBook | None,
    date1904: bool,
) -> None:
    if value is None or value == "":
        return
    c = etree.SubElement(row, M + "c", r=ref)
    if styles is not None and kind is not Kind.TEXT:
        c.set("s", str(styles.xf(CellStyle(kind=kind))))
    if kind is Kind.TEXT or isinstance(value, str):
        c.set("t", "inlineStr")
        is_el = etree.SubElement(c, M + "is")
        etree.SubElement(is_el, M + "t").text = _ILLEGAL_XML.sub("", str(value))[:MAX_CELL_TEXT]
        return
    if kind is Kind.DATE:
        day = np.datetime64(value if isinstance(value, dt.date) else value, "D")
        number = str(int((day - _EPOCH[date1904]).astype(np.int64)))
    elif kind is Kind.INT:
        number = str(int(value))  # type: ignore[call-overload]
    else:
        number = repr(round(float(value), 2) + 0.0)  # type: ignore[arg-type]
    etree.SubElement(c, M + "v").text = number
