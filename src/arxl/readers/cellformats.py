"""The number formats of a few cells of the owner's invoice sheet (calamine gives values, not
formats): the style index of each cell, read from the first rows of the sheet's XML only, and
its format code, read from the styles part. arxl writes amounts and dates the way the owner's
own invoices show them (arxl.formats)."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from arxl.ooxml.opc import rels_name, resolve, xml
from arxl.ooxml.zipcopy import inflated

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)([0-9]+)"[^>]*?>')
_STYLE = re.compile(rb'\bs="([0-9]+)"')
_STYLES_TYPE = "/styles"
SCAN_BYTES = 4 << 20  # the first rows are in the first megabytes of any sheet
ROWS = 30  # data rows looked at


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def column_styles(
    path: Path, part: str, first_row: int, columns: dict[str, int]
) -> dict[str, int | None]:
    """The most used style index of each column (name -> Excel column number) over the first
    ROWS rows from `first_row`; None where those cells have none."""
    wanted = {c: name for name, c in columns.items()}
    seen: dict[str, Counter[int]] = {name: Counter() for name in columns}
    last = first_row + ROWS
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(part)
    except (KeyError, OSError, zipfile.BadZipFile):
        return {name: None for name in columns}
    data, done, read = b"", False, 0
    for chunk in inflated(path, info):
        data += chunk
        read += len(chunk)
        end = 0
        for m in _CELL.finditer(data):  # complete opening tags only: the rest waits
            end = m.end()
            row = int(m.group(2))
            if row > last:
                done = True
                break
            name = wanted.get(_col_number(m.group(1)))
            if name is not None and row >= first_row:
                style = _STYLE.search(m.group(0))
                seen[name][int(style.group(1)) if style else 0] += 1
        if done or read > SCAN_BYTES:
            break
        data = data[end:]
    return {name: (c.most_common(1)[0][0] if c else None) for name, c in seen.items()}


def format_codes(path: Path, styles: dict[str, int | None]) -> dict[str, str | None]:
    """The number format code of each style index (None: no style, a built-in format whose
    look depends on the machine's locale, or an unreadable styles part)."""
    out: dict[str, str | None] = {name: None for name in styles}
    try:
        with zipfile.ZipFile(path) as zf:
            rels = xml(zf.read(rels_name("xl/workbook.xml")))
            target = next(
                (r.get("Target") for r in rels if (r.get("Type") or "").endswith(_STYLES_TYPE)),
                None,
            )
            part = resolve("xl/workbook.xml", target) if target else "xl/styles.xml"
            root = xml(zf.read(part))
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return out
    codes = {n.get("numFmtId"): n.get("formatCode") for n in root.iter(_NS + "numFmt")}
    xfs = root.find(_NS + "cellXfs")
    entries = [x for x in xfs if isinstance(x.tag, str)] if xfs is not None else []
    for name, index in styles.items():
        if index is None or index >= len(entries):
            continue
        out[name] = codes.get(entries[index].get("numFmtId", "0"))
    return out


def invoice_formats(
    path: Path, part: str | None, first_row: int, amount_col: int | None, date_col: int | None
) -> tuple[str | None, str | None]:
    """(format code of the amounts, of the dates) of the invoice sheet's first data rows."""
    columns = {k: c for k, c in (("amount", amount_col), ("date", date_col)) if c is not None}
    if part is None or not columns:
        return None, None
    codes = format_codes(path, column_styles(path, part, first_row, columns))
    return codes.get("amount"), codes.get("date")
