"""The columns of a found table, as the readers use them: the raw cells of one field, the
rows that count (not blank, not a totals row), merged and over-long cells, formulas without a
stored value, and `IssueSink`, which points each problem at its cell."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from arxl.model import Issue
from arxl.readers.bounds import long_text_message, long_texts
from arxl.readers.tables import Found
from arxl.readers.workbook import Formulas
from arxl.vocab import Field, fold

# A row whose label says "Total" and that has no date is a totals row, not an invoice.
_TOTAL_WORDS = ("total", "totaux", "soustotal", "grandtotal", "somme", "sum", "subtotal")

# What to tell the owner about a cell holding a formula without a stored value.
FORMULA_FR = "Formule sans valeur enregistrée : ouvrez et enregistrez le fichier dans Excel"
FORMULA_EN = "Formula without a stored value: open and save the file in Excel"

_CASH_FIELDS = (Field.TYPE, Field.REFERENCE, Field.DESCRIPTION)


def column(table: Found, field: Field) -> list[object] | None:
    c = table.columns.get(field)
    if c is None:
        return None
    cached = table.cache.get(c)
    if cached is None:
        try:
            cached = [row[c] for row in table.rows]
        except IndexError:  # a ragged sheet
            cached = [row[c] if c < len(row) else "" for row in table.rows]
        table.cache[c] = cached
    return cached


def nonblank_mask(table: Found) -> np.ndarray:
    """Rows with something in at least one recognised column (blank rows are skipped)."""
    fields = [f for f in table.columns if f not in _CASH_FIELDS]  # a label alone is no row
    if not fields:
        return np.zeros(len(table.rows), dtype=bool)
    first_col = column(table, fields[0])
    assert first_col is not None
    # (a type test first: comparing a date or a number with "" is slow in Python)
    mask = np.fromiter(
        (type(v) is not str or v != "" for v in first_col), dtype=bool, count=len(first_col)
    )
    for field in fields[1:]:  # the other columns only where the first one is blank
        rest = np.flatnonzero(~mask)
        if not len(rest):
            break
        col = column(table, field)
        assert col is not None
        mask[rest] = np.asarray([col[i] for i in rest.tolist()], dtype=object) != ""
    # rare: cells holding only spaces look blank to the owner (a real row has a date or an id
    # that is not text, or some text that is not blank)
    first = column(table, next(iter(table.columns)))
    assert first is not None
    # (only where the first column's cell is such a text: then every cell may be)
    blank = np.fromiter(
        (type(v) is str and not v.strip() for v in first), dtype=bool, count=len(first)
    )
    for i in np.flatnonzero(mask & blank).tolist():
        row = table.rows[i]
        cells = [row[c] for c in table.columns.values() if c < len(row)]
        if all(type(v) is str and not v.strip() for v in cells):  # type: ignore[union-attr]
            mask[i] = False
    return mask


def row_numbers(table: Found) -> np.ndarray:
    """The sheet row (or file line) number of each data row."""
    if table.row_numbers is not None:
        return np.asarray(table.row_numbers, dtype=np.int64)
    return np.arange(table.first_row, table.first_row + len(table.rows), dtype=np.int64)


class IssueSink:
    def __init__(self, sheet: str, table: Found) -> None:
        self.sheet, self.table, self.items = sheet, table, []  # type: list[Issue]
        self.rows = row_numbers(table)

    def add(self, positions: np.ndarray, field: Field, raw: list[object], fr: str, en: str) -> None:
        for i in np.flatnonzero(positions):
            self.at(int(i), field, raw[i], fr, en)

    def at(self, i: int, field: Field, value: object, fr: str, en: str) -> None:
        """One problem of data row `i` (its own message), in the `field` column."""
        header = self.table.headers.get(field, "")
        self.items.append(Issue(self.sheet, int(self.rows[i]), header, value, fr, en))


_NOT_TEXT = frozenset(
    (
        Field.DATE,
        Field.DUE_DATE,
        Field.PAYMENT_DATE,
        Field.AMOUNT,
        Field.AMOUNT_PAID,
        Field.BALANCE,
        Field.DEBIT,
        Field.CREDIT,
        Field.TERMS,
        Field.CREDIT_LIMIT,
    )
)


def long_cells(table: Found) -> list[Issue]:
    """The cells of the recognised text columns longer than Excel holds (cut when written;
    such text in a date or amount column is reported as unreadable)."""
    out = []
    rows = row_numbers(table)
    for field in table.columns:
        if field in _NOT_TEXT:
            continue
        col = column(table, field)
        for i in long_texts(col or []):
            text = str(col[i])  # type: ignore[index]
            out.append(
                Issue(
                    table.sheet,
                    int(rows[i]),
                    table.headers.get(field, ""),
                    text[:100] + "…",
                    *long_text_message(len(text)),
                )
            )
    return out


def fill_merged(table: Found, merged: Sequence[tuple[int, int, int, int]]) -> list[Issue]:
    """Read merged cells as Excel shows them: a range over several rows of one recognised
    column gives its value to each of them; a range over several recognised columns is
    reported (its value is read in its first column only)."""
    issues: list[Issue] = []
    if not merged:
        return issues
    by_col = {table.first_col + c: f for f, c in table.columns.items()}
    n = len(table.rows)
    for r1, c1, r2, c2 in merged:
        i1, i2 = max(r1 - table.first_row, 0), min(r2 - table.first_row, n - 1)
        if i1 > i2 or r1 < table.first_row - 1:
            continue
        fields = [by_col[c] for c in range(c1, c2 + 1) if c in by_col]
        if not fields:
            continue
        ref = f"{_letters(c1)}{r1}:{_letters(c2)}{r2}"
        if len(fields) > 1:
            issues.append(
                Issue(
                    table.sheet,
                    r1,
                    table.headers.get(fields[0], ""),
                    ref,
                    f"Cellules fusionnées {ref} sur plusieurs colonnes : valeur lue dans la "
                    "première seulement ; défusionnez-les (Accueil > Fusionner)",
                    f"Merged cells {ref} over several columns: value read in the first one "
                    "only; unmerge them (Home > Merge)",
                )
            )
        c = c1 - table.first_col
        if r2 == r1 or r1 < table.first_row or by_col.get(c1) is None:
            continue
        top = table.rows[i1]
        value = top[c] if c < len(top) else ""
        for i in range(i1 + 1, i2 + 1):
            row = table.rows[i]
            if c >= len(row):
                row.extend([""] * (c + 1 - len(row)))
            row[c] = value
    table.cache.clear()
    return issues


def _letters(col: int) -> str:
    s = ""
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def formula_masks(table: Found, formulas: Formulas) -> dict[Field, np.ndarray]:
    """Per field: the data rows whose cell is a formula without a stored value."""
    out: dict[Field, np.ndarray] = {}
    if not formulas.missing:
        return out
    by_col = {table.first_col + c: f for f, c in table.columns.items()}
    n = len(table.rows)
    for row, col in formulas.missing:
        f = by_col.get(col)
        i = row - table.first_row
        if f is not None and 0 <= i < n:
            out.setdefault(f, np.zeros(n, dtype=bool))[i] = True
    return out


def is_total_row(row: Sequence[object]) -> bool:
    """A row carrying a "Total" label (checked on rows without a date: totals, not invoices)."""
    return any(isinstance(cell, str) and fold(cell).startswith(_TOTAL_WORDS) for cell in row)


def total_rows(table: Found, candidates: np.ndarray) -> np.ndarray:
    """Rows among `candidates` (no date) that carry a "Total" label: totals, not invoices."""
    out = np.zeros(len(table.rows), dtype=bool)
    for i in np.flatnonzero(candidates).tolist():
        out[i] = is_total_row(table.rows[i])
    return out
