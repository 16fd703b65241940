"""Column widths from what a column holds: its longest value as the sheet shows it (the book's
currency and date format included), its header on two lines, within bounds.

Cheap at any size: numbers and dates are measured by their extremes (numpy), Arrow text by
`utf8_length` in C++, other text over an evenly spread sample of at most SAMPLE values."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from arxl.formats import Formats
from arxl.sheets.spec import Cell, Column, Kind, LayoutSpec, as_list

SAMPLE = 20_000  # text values looked at in a column of Python strings
MAX_TEXT = 60.0  # a text column is never wider (longer texts wrap or spill)
MAX_ID = 24.0  # a short centred text column (ids, statuses)
HEADER_LINES = 2  # the header row shows two lines


def chars_to_width(chars: float) -> float:
    """Excel's width (in widths of "0") for a text of that many characters, with a margin."""
    return round(chars * 1.1 + 2, 1)


def header_width(header: str) -> float:
    """Wide enough for the header on two lines, and for its longest word."""
    words = header.split()
    longest = max((len(w) for w in words), default=0)
    return chars_to_width(max(longest, math.ceil(len(header) / HEADER_LINES)))


def longest_text(values: Sequence[object]) -> int:
    """Characters of the longest value of a text column (over a sample when it is long)."""
    if isinstance(values, pa.ChunkedArray | pa.Array):
        if len(values) == 0:
            return 0
        try:
            got = pc.max(pc.utf8_length(values.cast(pa.large_string()))).as_py()
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            got = None
        if got is not None:
            return int(got)
        values = values.to_pylist()
    n = len(values)
    if n > SAMPLE:
        picks = np.linspace(0, n - 1, SAMPLE).astype(np.int64)
        values = [values[i] for i in picks.tolist()]
    return max((len(str(v)) for v in values if v is not None), default=0)


def biggest_number(values: Sequence[object], extra: Sequence[object] = ()) -> float | None:
    """The largest absolute finite number of a column (and of `extra`, a total cell)."""
    found: list[float] = []
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        finite = values[np.isfinite(values)] if values.dtype.kind == "f" else values
        if len(finite):
            found.append(float(np.abs(finite).max()))
    else:
        arr = values.to_pylist() if isinstance(values, pa.Array | pa.ChunkedArray) else values
        if len(arr) > SAMPLE * 5:
            picks = np.linspace(0, len(arr) - 1, SAMPLE).astype(np.int64)
            arr = [arr[i] for i in picks.tolist()]
        found += [abs(float(v)) for v in arr if _finite(v)]
    found += [abs(float(v)) for v in extra if _finite(v)]  # type: ignore[arg-type]
    return max(found) if found else None


def _longest_typed_text(values: Sequence[object]) -> int:
    """The longest text typed among the values of a date or number column (Paramètres'
    values: 30, 1;15;30;45, a date); 0 for numeric arrays."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiubM":
        return 0
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return 0
    sample = values
    if len(values) > SAMPLE:
        picks = np.linspace(0, len(values) - 1, SAMPLE).astype(np.int64)
        sample = [values[i] for i in picks.tolist()]
    return max((len(v) for v in sample if isinstance(v, str)), default=0)


def _finite(v: object) -> bool:
    return (
        isinstance(v, int | float | np.number)
        and not isinstance(v, bool)
        and math.isfinite(float(v))  # type: ignore[arg-type]
    )


def column_width(
    col: Column, values: Sequence[object], formats: Formats, extra: Sequence[object] = ()
) -> float:
    """The width of a column: its header's, and enough for its widest value as shown;
    `extra` are more cells of the column (its total)."""
    head = header_width(col.header)
    if col.kind is Kind.TEXT:
        longest = longest_text(values)  # not a total row's text: a label, or a note that spills
        cap = MAX_ID if col.center else max(MAX_TEXT, col.width)
        if col.wrap:  # the text goes on several lines: no wider than asked
            cap = col.width
        return min(max(head, chars_to_width(longest)), max(cap, head))
    if col.kind is Kind.DATE:
        return max(head, chars_to_width(formats.date_chars))
    head = max(head, chars_to_width(_longest_typed_text(values)))  # text in a number column
    biggest = biggest_number(values, extra)
    if biggest is None:
        return head
    if col.kind is Kind.MONEY:
        chars = formats.money_chars(biggest)
    elif col.kind is Kind.PERCENT:
        chars = len(f"{biggest * 100:.2f}") + 3
    elif col.kind is Kind.INT:
        chars = len(f"{biggest:,.0f}") + 1
    else:
        chars = len(f"{biggest:,.1f}") + 1
    return max(head, chars_to_width(chars))


# --- free-form sheets (sheets.spec.LayoutSpec): widths given, widened only where a value would
# not show whole ---

NARROW = frozenset(" ,.'\u00a0\u202f")  # separators: about half a digit wide
BOLD = 1.12  # a total row's bold digits are wider
DEFAULT_WIDTH = 8.43  # a column's width when none is set


def _shown_chars(text: str, bold: bool = False) -> float:
    """The width a value takes in a cell, in digits: separators count half, bold a little
    more, plus the indent arxl gives numbers and a little margin."""
    chars = sum(0.5 if ch in NARROW else 1.0 for ch in text)
    return chars * (BOLD if bold else 1.0) + 1.5


def fitted_widths(spec: LayoutSpec) -> list[float | None]:
    """A free-form sheet's column widths: those the spec gives (None: the default), except a
    column whose amounts or dates would not show whole (`###`) at that width: it becomes as
    wide as column_width makes a table's column for them. Cells of a mixed column
    (sheets.spec.Cell) count by their own kind. Only the blocks of the printed area count when
    the sheet has one: the dashboard's page keeps its layout whatever the data below it."""
    widths: list[float | None] = list(spec.widths)
    fm = spec.formats
    last = spec.print_area[2] if spec.print_area is not None else None
    for block in spec.blocks:
        if last is not None and block.row > last:
            continue
        for j, col in enumerate(block.columns):
            total = [block.total[j]] if block.total is not None else []
            needs: list[tuple[float, float]] = []  # (shown, generous)
            for values, bold in ((block.data[j], False), (total, True)):
                money, dated = _money_and_dates(col.kind, values)
                if money is not None:
                    shown = _shown_chars(fm.money_text(money), bold)
                    needs.append((shown, chars_to_width(fm.money_chars(money))))
                if dated:
                    shown = _shown_chars(fm.date_text(dt.date(2026, 12, 31)), bold)
                    needs.append((shown, chars_to_width(fm.date_chars)))
            c = block.col + j
            widths += [None] * (c + 1 - len(widths))
            given = widths[c] if widths[c] is not None else DEFAULT_WIDTH
            for shown, generous in needs:
                if shown > given:
                    given = max(given, generous)
                    widths[c] = given
    return widths


def _money_and_dates(kind: Kind, values: Sequence[object]) -> tuple[float | None, bool]:
    """The largest absolute amount of a block's column (None: no amount), and whether it
    holds a date."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiuM":
        if kind is Kind.MONEY:
            return biggest_number(values), False
        return None, kind is Kind.DATE and bool(len(values))
    amounts: list[object] = []
    dated = False
    for v in as_list(values):
        k = kind
        if isinstance(v, Cell):
            v, k = v.value, v.kind
        if k is Kind.MONEY:
            amounts.append(v)
        elif k is Kind.DATE and v is not None and not (isinstance(v, float) and math.isnan(v)):
            dated = True
    return biggest_number(amounts), dated
