"""The date and amount columns of a text export typed a whole column at a time, with Arrow
and numpy, before the shared parsers (`readers.values`) see them.

A column is typed only when every one of its non-blank values has the one shape read here
(dates dd/mm/yyyy, amounts such as `-1 234,56 €`), is a real day or number, and is inside the
plausible bounds: the values are then what `values.parse_dates` / `parse_amounts` would make of
the text (a date object, a float), and the parsers take them without reading text. Any other
column stays text and is parsed value by value, with its problems reported as before.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from arxl.readers import values as V
from arxl.readers.bounds import Bounds, absurd_amounts, outside_years
from arxl.readers.columns import column
from arxl.readers.tables import Found
from arxl.vocab import Field

DATE_FIELDS = (Field.DATE, Field.DUE_DATE, Field.PAYMENT_DATE)
AMOUNT_FIELDS = (Field.AMOUNT, Field.AMOUNT_PAID, Field.BALANCE)
MIN_ROWS = 2000  # below it, typing the columns saves less than it costs
# one shape only, read the same whatever the column's decimal mark: no "1,234" or "1.234"
_AMOUNT = (
    r"^-?(?:[0-9]{1,3}(?:[ \x{a0}\x{202f}][0-9]{3})+|[0-9]+)(?:,(?:[0-9]{1,2}|[0-9]{4,}))? ?€?$"
)
_DIGITS = [0, 1, 3, 4, 6, 7, 8, 9]
_SLASH = ord("/") - 48
_AMOUNT_NOISE = r"[ \x{a0}\x{202f}€]"


def _slashed(values: list[object]) -> np.ndarray | None:
    """The digits of dd/mm/yyyy texts as an (n, 10) array (the slashes too), or None when
    some value has another shape."""
    if not all(type(v) is str and len(v) == 10 for v in values):
        return None
    try:
        raw = np.array(values, dtype="S10")
    except UnicodeEncodeError:
        return None
    b = raw.view(np.uint8).reshape(-1, 10).astype(np.int64) - 48
    if not ((b[:, _DIGITS] >= 0) & (b[:, _DIGITS] <= 9)).all():
        return None
    if not ((b[:, 2] == _SLASH) & (b[:, 5] == _SLASH)).all():
        return None
    return b


def date_order(values: list[object]) -> tuple[bool, bool]:
    """values.date_order (some date can only be day first, some only month first), with the
    dd/mm/yyyy texts read together and the others one by one."""
    fixed = [v for v in values if type(v) is str and len(v) == 10 and v[2] == v[5] == "/"]
    b = _slashed(fixed) if fixed else None
    if b is None:
        return V.date_order(values)
    a, m = b[:, 0] * 10 + b[:, 1], b[:, 3] * 10 + b[:, 4]
    day_seen = bool(((a > 12) & (m <= 12)).any())
    month_seen = bool(((m > 12) & (a <= 12)).any())
    if len(fixed) < len(values):
        others = V.date_order(
            v for v in values if not (type(v) is str and len(v) == 10 and v[2] == v[5] == "/")
        )
        day_seen, month_seen = day_seen or others[0], month_seen or others[1]
    return day_seen, month_seen


def _typed_dates(texts: list[object], month_first: bool | None) -> list[object] | None:
    """dd/mm/yyyy (or mm/dd/yyyy, as the column or the file says) to date objects; None
    unless every non-blank value is such a date."""
    filled = np.fromiter((v != "" for v in texts), dtype=bool, count=len(texts))
    values = [v for v in texts if v != ""]
    b = _slashed(values) if values else None
    if b is None:
        return None
    a, m = b[:, 0] * 10 + b[:, 1], b[:, 3] * 10 + b[:, 4]
    year = b[:, 6] * 1000 + b[:, 7] * 100 + b[:, 8] * 10 + b[:, 9]
    if month_first is None:  # as parse_dates decides a column: day first unless it cannot be
        day_seen = bool(((a > 12) & (m <= 12)).any())
        month_seen = bool(((m > 12) & (a <= 12)).any())
        month_first = month_seen and not day_seen
    day, month = (m, a) if month_first else (a, m)
    if not ((month >= 1) & (month <= 12) & (day >= 1) & (year >= 1)).all():
        return None
    first = (year - 1970) * 12 + (month - 1)
    days = first.astype("datetime64[M]").astype("datetime64[D]") + (day - 1)
    if (days.astype("datetime64[M]") != first.astype("datetime64[M]")).any():
        return None  # 31/02: not a day
    if outside_years(days, Bounds().years).any():
        return None
    out: list[object] = list(texts)
    objects = days.astype(object).tolist()
    for i, d in zip(np.flatnonzero(filled).tolist(), objects, strict=True):
        out[i] = d
    return out


def _typed_amounts(texts: list[object]) -> list[object] | None:
    """`-1 234,56 €` to floats; None unless every non-blank value has that shape."""
    if not all(type(v) is str for v in texts):
        return None
    arr = pa.array(texts, type=pa.string())
    filled = pc.not_equal(arr, "")
    shaped = pc.match_substring_regex(arr, _AMOUNT)
    if not pc.all(pc.or_(shaped, pc.invert(filled))).as_py():
        return None
    clean = pc.replace_substring_regex(arr, _AMOUNT_NOISE, "")
    clean = pc.replace_substring(clean, ",", ".")
    numbers = pc.cast(pc.if_else(filled, clean, pa.scalar(None, pa.string())), pa.float64())
    floats = numbers.to_numpy(zero_copy_only=False)
    if absurd_amounts(floats, Bounds().amount_limit).any():
        return None
    return [v if v == v else "" for v in floats.tolist()]


def type_columns(found: Found) -> None:
    """Put the typed date and amount columns in the table's column cache (see above)."""
    if len(found.rows) < MIN_ROWS:
        return
    uses: dict[int, int] = {}
    for c in found.columns.values():
        uses[c] = uses.get(c, 0) + 1
    for field in (*DATE_FIELDS, *AMOUNT_FIELDS):
        c = found.columns.get(field)
        if c is None or uses[c] > 1:
            continue
        texts = column(found, field)
        assert texts is not None
        if field in DATE_FIELDS:
            typed = _typed_dates(texts, found.month_first)
        else:
            typed = _typed_amounts(texts)
        if typed is not None:
            found.cache[c] = typed
