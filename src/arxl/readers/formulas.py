"""The formula cells of a sheet that calamine does not describe: those without a stored value
(a script wrote the formula, nothing computed it), the TODAY()/NOW() cells, and merged ranges,
found by streaming the sheet's XML."""

from __future__ import annotations

import itertools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from arxl.ooxml.zipcopy import inflated

_CELL = re.compile(rb"<c\b([^>]*?)(/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_VALUE = re.compile(rb"<v>[^<]+</v>|<is>")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


@dataclass
class Formulas:
    """Formula cells of a sheet that matter to the reader (1-based row, column)."""

    missing: set[tuple[int, int]] = field(default_factory=set)  # no value stored
    today: set[tuple[int, int]] = field(default_factory=set)  # =TODAY() or =NOW()
    # merged ranges (first row, first column, last row, last column), read where formulas are
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def scan_formulas(path: Path, part: str) -> Formulas:
    """Find the formula cells without a stored value, and TODAY()/NOW() cells, in one sheet.

    Streams the part; only chunks holding a formula are searched cell by cell.
    """
    out = Formulas()
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(part)
    except (KeyError, OSError, zipfile.BadZipFile):
        return out
    carry = b""
    for chunk in itertools.chain((p for p in inflated(path, info) if p), (b"",)):
        data = carry + chunk if carry else chunk
        end = data.rfind(b"</c>")
        cut = len(data) if not chunk else (end + 4 if end >= 0 else 0)
        if data.find(b"<f", 0, cut) >= 0:
            _scan_block(data[:cut], out)
        if data.find(b"<mergeCell ", 0, cut) >= 0:
            out.merged += _merged_ranges(data[:cut])
        carry = data[cut:]
    return out


_MERGE = re.compile(rb'<mergeCell\s+ref="\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)"')


def _merged_ranges(block: bytes) -> list[tuple[int, int, int, int]]:
    return [
        (int(m.group(2)), _col_number(m.group(1)), int(m.group(4)), _col_number(m.group(3)))
        for m in _MERGE.finditer(block)
    ]


def _scan_block(block: bytes, out: Formulas) -> None:
    for m in _CELL.finditer(block):
        body = m.group(3)
        if not body or b"<f" not in body:
            continue
        ref = _REF.search(m.group(1))
        if ref is None:
            continue
        cell = (int(ref.group(2)), _col_number(ref.group(1)))
        formula = _FORMULA.search(body)
        text = (formula.group(1) or b"") if formula else b""
        if re.search(rb"\b(TODAY|NOW|AUJOURDHUI|MAINTENANT)\(", text.upper()):
            out.today.add(cell)
        # Excel stores an empty text result as t="str" with <v></v>; a script leaves no <v>
        # (openpyxl) or an empty one (XlsxWriter without a value)
        has_value = _VALUE.search(body) or (b't="str"' in m.group(1) and b"<v" in body)
        if not has_value:
            out.missing.add(cell)
