"""The date and amount columns of a text export typed a whole column at a time, with Arrow
and numpy, before the shared parsers (`readers.values`) see them.

A column is typed only when every one of its non-blank values has one of the shapes read here
(dates dd/mm/yyyy, d/m/yyyy or m/d/yyyy, yyyy-mm-dd; amounts such as `-1 234,56 €`, or
`$1,234.56` and `($1,234.56)` with two decimals), is a real day or number, and is inside the
plausible bounds: the values are then what `values.parse_dates` / `parse_amounts` would make of
the text (a date object, a float), and the parsers take them without reading text. Any other
column stays text and is parsed value by value, with its problems reported as before.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from arxl.readers import values as V
from arxl.readers.bounds import Bounds, absurd_amounts, outside_years, sub_cent
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
# two decimals: the one reading whatever the column's decimal mark ("1,234" is not this shape)
_DOLLAR_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\.[0-9]{2}"
_DOLLARS = rf"^(?:(?:-?\$?|\$-){_DOLLAR_NUMBER}|\(\$?{_DOLLAR_NUMBER}\))$"
_SLASHED = r"^[0-9]{2}/[0-9]{2}/[0-9]{4}$"
_AMOUNT_NOISE = r"[ \x{a0}\x{202f}€]"
# dates of other shapes than dd/mm/yyyy, as (first, second, year) in writing order
_LOOSE_SLASHED = r"^(?P<a>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})$"
_ISO = r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<a>[0-9]{2})$"


def _texts(values: list[object]) -> pa.StringArray | None:
    """The values as an Arrow text array; None when some value is not text."""
    if not values:
        return None
    try:
        return pa.array(values, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _digits(texts: pa.StringArray) -> np.ndarray:
    """(n, 10) integers: the characters of n dd/mm/yyyy texts, less '0'."""
    texts = pa.concat_arrays([texts])  # its own buffers, from the first byte
    data = np.frombuffer(texts.buffers()[2], dtype=np.uint8, count=len(texts) * 10)
    return data.reshape(-1, 10).astype(np.int64) - 48


def _slashed(texts: pa.StringArray) -> np.ndarray | None:
    """The digits of dd/mm/yyyy texts (see _digits), or None when some text has another
    shape (or is missing)."""
    shaped = pc.match_substring_regex(texts, _SLASHED)
    if not pc.all(shaped, skip_nulls=False).as_py():
        return None
    return _digits(texts)


def _seen(a: np.ndarray, m: np.ndarray) -> tuple[bool, bool]:
    """(some date can only be day first, some only month first): the first and second
    numbers of d/m/yyyy texts."""
    return bool(((a > 12) & (m <= 12)).any()), bool(((m > 12) & (a <= 12)).any())


def _first_second(b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first and second numbers of dd/mm/yyyy texts' digits (see _digits)."""
    return b[:, 0] * 10 + b[:, 1], b[:, 3] * 10 + b[:, 4]


def _distinct(values: list[object]) -> list[object]:
    """The distinct values (what the order depends on: a column repeats its dates)."""
    try:
        return list(set(values))
    except TypeError:  # not hashable: no cell value, but tolerated
        return list(values)


def date_order(values: list[object]) -> tuple[bool, bool]:
    """values.date_order (some date can only be day first, some only month first), with the
    dd/mm/yyyy texts read together and the others one by one."""
    values = [v for v in _distinct(values) if type(v) is str and v]  # texts tell, blanks not
    if not values:  # a workbook's date cells
        return False, False
    texts = _texts(values)
    if texts is None:
        return V.date_order(values)
    shaped = pc.fill_null(pc.match_substring_regex(texts, _SLASHED), False)
    mask = shaped.to_numpy(zero_copy_only=False)
    day_seen, month_seen = (
        _seen(*_first_second(_digits(pc.filter(texts, shaped)))) if mask.any() else (0, 0)
    )
    if not mask.all():
        others = V.date_order([values[i] for i in np.flatnonzero(~mask).tolist()])
        day_seen, month_seen = day_seen or others[0], month_seen or others[1]
    return bool(day_seen), bool(month_seen)


def table_month_first(found: Found) -> bool | None:
    """Day/month order of a table when its date columns agree (or only some of them can
    tell): True month first, False day first; None leaves each column to decide from its own
    values. An English book's "03/15/2026" in one column settles "04/10/2026" in another."""
    day = month = False
    for f in DATE_FIELDS:
        if f not in found.columns:
            continue
        texts = column(found, f)
        assert texts is not None
        d, m = date_order(texts)
        day, month = day or (d and not m), month or (m and not d)
    if day == month:
        return None if day else _by_due_dates(found)
    return month


def _by_due_dates(found: Found) -> bool | None:
    """When no date of the table can tell the order (every day and month up to 12): the order
    in which fewer invoices fall due, or are paid, before their date ("1/2/2026" due
    "2/1/2026" is January 2nd due February 1st, month first); None when both orders read as
    well: each column then decides (day first)."""
    later = [f for f in (Field.DUE_DATE, Field.PAYMENT_DATE) if f in found.columns]
    dates = column(found, Field.DATE) if Field.DATE in found.columns else None
    if not later or not dates or not any(type(v) is str and v for v in dates):
        return None  # no text date: date cells have no order to decide
    columns = [dates, *(column(found, f) or [] for f in later)]
    if not any(V.day_month_texts(_distinct(c)) for c in columns):
        return None  # yyyy-mm-dd and the like: both orders read the same dates
    before = []
    for month_first in (False, True):
        d = V.parse_dates(dates, month_first=month_first)[0]
        wrong = 0
        for f in later:
            e = V.parse_dates(column(found, f) or [], month_first=month_first)[0]
            wrong += int((e < d).sum())  # NaT (blank, not a date) compares False
        before.append(wrong)
    if before[0] == before[1]:
        return None
    return before[1] < before[0]


def _loose(texts: pa.StringArray) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool] | None:
    """(first, second, year, ISO) of d/m/yyyy or m/d/yyyy texts, or of yyyy-mm-dd ones (first:
    the day); None unless every text has the one shape."""
    for pattern, iso in ((_LOOSE_SLASHED, False), (_ISO, True)):
        parts = pc.extract_regex(texts, pattern)
        if parts.null_count == 0:
            a, m, y = (pc.cast(parts.field(k), pa.int64()).to_numpy() for k in "amy")
            return a, m, y, iso
    return None


def _typed_dates(texts: list[object], month_first: bool | None) -> list[object] | None:
    """dd/mm/yyyy (or mm/dd/yyyy, as the column or the file says; also without the leading
    zeros) and yyyy-mm-dd to date objects; None unless every non-blank value is such a date
    of the one shape."""
    arr = _texts(texts)
    if arr is None:
        return None
    filled = pc.not_equal(arr, "")
    dates = pc.filter(arr, filled)
    if not len(dates):
        return None
    b = _slashed(dates)
    if b is not None:
        a, m = _first_second(b)
        year = b[:, 6] * 1000 + b[:, 7] * 100 + b[:, 8] * 10 + b[:, 9]
        iso = False
    else:
        loose = _loose(dates)
        if loose is None:
            return None
        a, m, year, iso = loose
    if iso:
        day, month = a, m
    else:
        if month_first is None:  # as parse_dates decides a column: day first unless it cannot be
            day_seen, month_seen = _seen(a, m)
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
    out = np.array(texts, dtype=object)
    out[filled.to_numpy(zero_copy_only=False)] = days.astype(object)
    return out.tolist()


def _typed_amounts(texts: list[object]) -> list[object] | None:
    """`-1 234,56 €` (or `$1,234.56`, `($1,234.56)`) to floats; None unless every non-blank
    value has the one shape."""
    if not all(type(v) is str for v in texts):
        return None
    arr = pa.array(texts, type=pa.string())
    filled = pc.not_equal(arr, "")
    blank = pc.invert(filled)
    if pc.all(pc.or_(pc.match_substring_regex(arr, _AMOUNT), blank)).as_py():
        clean = pc.replace_substring_regex(arr, _AMOUNT_NOISE, "")
        clean = pc.replace_substring(clean, ",", ".")
        negative = None
    elif pc.all(pc.or_(pc.match_substring_regex(arr, _DOLLARS), blank)).as_py():
        clean = pc.replace_substring_regex(arr, r"[$,()]", "")
        negative = pc.starts_with(arr, "(")  # "-" stays in the text
    else:
        return None
    numbers = pc.cast(pc.if_else(filled, clean, pa.scalar(None, pa.string())), pa.float64())
    if negative is not None:
        numbers = pc.if_else(negative, pc.negate(numbers), numbers)
    floats = numbers.to_numpy(zero_copy_only=False)
    # an absurd amount, or one below the cent, is reported with its text (readers.transactions)
    if absurd_amounts(floats, Bounds().amount_limit).any() or sub_cent(floats).any():
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
