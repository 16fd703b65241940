"""The XML of one cell, shared by the two row renderers (sheetxml in Python, arrowrows with
Arrow): column letters, a data cell's opening tag, text made safe for XML, Excel's serial
numbers of days."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from arxl.sheets.spec import Column, Kind, as_list

MAX_CELL_TEXT = 32767
# characters XML 1.0 cannot hold (removed), and those that must be escaped besides
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EPOCH = {False: np.datetime64("1899-12-30", "D"), True: np.datetime64("1904-01-01", "D")}
# Excel's 1900 system counts a 29/02/1900 that never was (Lotus's bug): serials from 61 on are
# days since 30/12/1899, the ones before 01/03/1900 one less. Its first and last days:
_LEAP_BUG_END = np.datetime64("1900-03-01", "D")
_FIRST_DAY = {False: np.datetime64("1900-01-01", "D"), True: np.datetime64("1904-01-01", "D")}
_LAST_DAY = np.datetime64("9999-12-31", "D")


def excel_serials(days: np.ndarray, date1904: bool) -> tuple[np.ndarray, np.ndarray]:
    """(serial numbers, mask of the days Excel cannot show: NaT, before its first or after its
    last day) of datetime64[D] days, as Excel counts them."""
    blank = np.isnat(days) | (days < _FIRST_DAY[date1904]) | (days > _LAST_DAY)
    serial = (np.where(blank, EPOCH[date1904], days) - EPOCH[date1904]).astype(np.int64)
    if not date1904:
        serial -= days < _LEAP_BUG_END
    return serial, blank


def opening(letter: str, col: Column) -> str:
    """A data cell's opening tag, up to its attributes; `{0}` stands for the row number."""
    return f'<c r="{letter}{{0}}"' if col.formula else "<c"


def col_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(65 + rem) + s
    return s


def xml_text(value: str) -> str:
    if len(value) > MAX_CELL_TEXT:
        value = value[:MAX_CELL_TEXT]
    if NEEDS_ESCAPE.search(value) is None:
        return value
    value = ILLEGAL_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell_texts(col: Column, values: Sequence[object], date1904: bool) -> list[str | None]:
    """The <v> text of each value (None for blank, '\\x00' + text for strings)."""
    if col.kind is Kind.DATE:
        serial, blank = excel_serials(np.asarray(values, dtype="datetime64[D]"), date1904)
        out: list[str | None] = serial.astype(str).tolist()
        for i in np.flatnonzero(blank).tolist():
            out[i] = None
        return out
    if col.kind is Kind.TEXT:
        return [None if v is None or v == "" else "\x00" + str(v) for v in as_list(values)]
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        arr = values.astype(float)
        nan = ~np.isfinite(arr)  # NaN and infinities are written blank: Excel has no inf
        if col.kind is Kind.INT:
            out = np.where(nan, 0, arr).astype(np.int64).astype(str).tolist()
        else:
            if col.kind is Kind.MONEY:
                arr = np.round(arr, 2) + 0.0
            out = [repr(x) for x in arr.tolist()]
        for i in np.flatnonzero(nan).tolist():
            out[i] = None
        return out
    out = []
    for v in values:
        if v is None or v == "" or (isinstance(v, float) and not math.isfinite(v)):
            out.append(None)
        elif isinstance(v, str):
            out.append("\x00" + v)
        elif col.kind is Kind.INT:
            out.append(str(int(v)))  # type: ignore[call-overload]
        else:
            f = round(float(v), 2) if col.kind is Kind.MONEY else float(v)  # type: ignore[arg-type]
            out.append(repr(f + 0.0))
    return out


def sum_cached(col: Column, values: Sequence[object] | np.ndarray) -> str:
    """A SUM's cached value as a spreadsheet recalculates it: the cells' cached values summed
    exactly rounded (LibreOffice's KahanSum), in full."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":  # as cell_texts has them
        arr = values.astype(float)
        arr = arr[np.isfinite(arr)]
        if col.kind is Kind.INT:
            arr = arr.astype(np.int64).astype(float)
        elif col.kind is Kind.MONEY:
            arr = np.round(arr, 2) + 0.0
        return repr(math.fsum(arr.tolist()) + 0.0)
    cells = [x for x in cell_texts(col, values, False) if x is not None and x[:1] != "\x00"]
    return repr(math.fsum(map(float, cells)) + 0.0)
