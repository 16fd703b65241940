"""Column widths from what a column holds: its longest value as the sheet shows it (the book's
currency and date format included), its header on two lines, within bounds.

Cheap at any size: numbers and dates are measured by their extremes (numpy), Arrow text by
`utf8_length` in C++, other text over an evenly spread sample of at most SAMPLE values."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from arxl.formats import Formats
from arxl.sheets.spec import Column, Kind

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
