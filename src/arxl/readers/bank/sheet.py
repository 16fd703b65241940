"""arxl's own sheets the owner writes into, read back: the Rapprochement sheet (what the owner
confirmed, changed or rejected). The bank rows of Paramètres are read with the others
(readers.settings_sheet).

The headers come from the caller (reports.reconciliation defines them), so the sheet is read
by column name in either language, wherever the owner moved or added columns.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.cells import plain_text
from arxl.readers import values as V
from arxl.readers.workbook import SheetSource
from arxl.vocab import fold

HEADER_ROWS = 5


def read_table(
    source: SheetSource, sheet: str, headers: dict[str, tuple[str, str]], kinds: dict[str, str]
) -> tuple[pd.DataFrame, list[int]]:
    """(one column per key of `headers` found, the Excel row of each data row). `kinds` says
    which keys hold dates ("date") or numbers ("number"); the others are read as text."""
    rows, first_row, _first_col = source.rows(sheet)
    wanted = {fold(w): key for key, words in headers.items() for w in words}
    found = _header(rows, wanted, max(1, len(headers) // 2))
    if found is None:
        return pd.DataFrame(columns=list(headers)), []
    h, where = found
    body = [r for r in rows[h + 1 :]]
    keep = [i for i, r in enumerate(body) if any(not V.is_blank(v) for v in r)]
    body = [body[i] for i in keep]
    out: dict[str, object] = {}
    for key in headers:
        c = where.get(key)
        cells = [r[c] if c is not None and c < len(r) else "" for r in body]
        kind = kinds.get(key)
        if kind == "date":
            days, _ = V.parse_dates(cells)
            out[key] = pd.Series(days.astype("datetime64[ns]"))
        elif kind == "number":
            numbers, _ = V.parse_amounts(cells)
            out[key] = pd.Series(numbers, dtype=float)
        else:
            out[key] = pd.Series([plain_text(v).strip() for v in cells], dtype=object)
    return pd.DataFrame(out), [first_row + h + 1 + i for i in keep]


def _header(
    rows: list[list[object]], wanted: dict[str, str], least: int
) -> tuple[int, dict[str, int]] | None:
    """(index of the header row, key -> column) among the first rows."""
    for h, row in enumerate(rows[:HEADER_ROWS]):
        where: dict[str, int] = {}
        for c, cell in enumerate(row):
            key = wanted.get(fold(cell)) if isinstance(cell, str) else None
            if key is not None and key not in where:
                where[key] = c
        if len(where) >= least:
            return h, where
    return None


def as_date(value: object) -> dt.date | None:
    if isinstance(value, np.datetime64) and not np.isnat(value):
        return dt.date.fromisoformat(str(value.astype("datetime64[D]")))
    if isinstance(value, pd.Timestamp) and not pd.isna(value):
        return value.date()
    return None
