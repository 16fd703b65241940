"""Cell values as owners really type them, parsed a whole column at a time.

Each parser takes the raw cell values of one column (what python-calamine gives: float, int,
bool, str, date, datetime, or "" for empty) and returns parsed values plus a mask of the cells
that held something unreadable. Blank cells are neither values nor errors.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from arxl.vocab import fold

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200a\u200b']+")
_CURRENCY = re.compile(r"(?i)(€|eur(?:os?)?|\$|usd|£|gbp|chf|ttc|ht)")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EXCEL_EPOCH_1904 = dt.datetime(1904, 1, 1)

# Serial numbers accepted as dates when a date column holds a plain number (1954..2173).
_SERIAL_MIN, _SERIAL_MAX = 20000, 100000


def excel_serial_date(serial: float, date1904: bool = False) -> dt.date | None:
    """The day an Excel serial number stands for, as Excel shows it: in the 1900 system, 1 is
    01/01/1900 and 60 the 29/02/1900 that never was (None), as is anything after 31/12/9999."""
    days = int(serial)
    if (
        days < (0 if date1904 else 1)
        or days > _LAST_SERIAL[date1904]
        or (days == 60 and not date1904)
    ):
        return None
    if date1904:
        return (_EXCEL_EPOCH_1904 + dt.timedelta(days=days)).date()
    return (_EXCEL_EPOCH + dt.timedelta(days=days + (1 if days < 60 else 0))).date()


_LAST_SERIAL = {False: 2958465, True: 2957003}  # 31/12/9999


def is_blank(v: object) -> bool:
    return (
        v is None
        or (isinstance(v, str) and not v.strip())
        or (isinstance(v, float) and np.isnan(v))
    )


def parse_amounts(
    values: Sequence[object], decimal: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Numbers or French/English text amounts -> (float array with NaN for blank, bad mask).

    `decimal` ("," or "."; None: decide from the column's own text, see `decimal_mark`) settles
    the one ambiguous shape, a single separator before three digits ("1,234", "1.234")."""
    n = len(values)
    out = np.full(n, np.nan)
    bad = np.zeros(n, dtype=bool)
    text_idx: list[int] = []
    for i, v in enumerate(values):
        if type(v) is float or type(v) is int:
            out[i] = v
        elif isinstance(v, str):
            if v.strip():
                text_idx.append(i)
        elif isinstance(v, (bool, dt.date, dt.datetime)):
            bad[i] = True
        elif isinstance(v, (int, float)):
            out[i] = float(v)
        elif v is not None:
            bad[i] = True
    if text_idx:
        if decimal is None:
            decimal = decimal_mark(values[i] for i in text_idx)  # type: ignore[misc]
        cache: dict[str, float | None] = {}
        for i in text_idx:
            s = values[i]
            assert isinstance(s, str)
            if s in cache:
                r = cache[s]
            else:
                r = cache[s] = parse_amount_text(s, decimal)
            if r is None:
                bad[i] = True
            else:
                out[i] = r
    return out, bad


_DRCR = re.compile(r"(?i)(cr|dr|db)$")
_SEPARATORS = re.compile(r"[.,]")


def decimal_mark(texts: Iterable[str], sample: int = 2000) -> str | None:
    """The decimal separator a column of text amounts uses, from the values that can only be
    read one way ("12,5", "1.234,56", "1,234,567"); None when they say nothing or disagree."""
    seen: set[str] = set()
    for k, text in enumerate(texts):
        if k >= sample and seen:
            break
        s = _SPACES.sub("", text)
        marks = _SEPARATORS.findall(s)
        if not marks:
            continue
        last = marks[-1]
        if len(set(marks)) == 2:
            seen.add(last)
        elif len(marks) > 1:
            seen.add("." if last == "," else ",")
        else:
            digits = re.search(r"[.,](\d*)", s)
            if digits is not None and len(digits.group(1)) != 3:
                seen.add(last)
        if len(seen) > 1:
            return None
    return seen.pop() if len(seen) == 1 else None


def parse_amount_text(text: str, decimal: str | None = None) -> float | None:
    """'1 234,56 €', '(1.234,56)', '1,234.56', '-12', '12-', '1234.5', '12.00 CR' -> float;
    else None. `decimal` decides '1,234' / '1.234' (a single separator before 3 digits)."""
    s = _CURRENCY.sub("", text)
    s = _SPACES.sub("", s)
    if not s:
        return None
    neg = False
    drcr = _DRCR.search(s)
    if drcr is not None and len(s) > 2:
        neg, s = drcr.group(1).lower() == "cr", s[: drcr.start()]
    if s.startswith("(") and s.endswith(")"):
        neg, s = not neg, s[1:-1]
    if s.endswith("-"):
        neg, s = not neg, s[:-1]
    elif s.startswith("-"):
        neg, s = not neg, s[1:]
    elif s.startswith("+"):
        s = s[1:]
    if not s or not re.fullmatch(r"[0-9.,]+", s) or not re.search(r"\d", s):
        return None
    comma, dot = s.rfind(","), s.rfind(".")
    if comma >= 0 and dot >= 0:
        dec = "," if comma > dot else "."
        thou = "." if dec == "," else ","
        if s.count(dec) > 1:
            return None
        s = s.replace(thou, "").replace(dec, ".")
    elif comma >= 0:
        if s.count(",") > 1 or (decimal == "." and re.fullmatch(r"\d{1,3},\d{3}", s)):
            if not re.fullmatch(r"\d{1,3}(,\d{3})+", s):  # 1,234,567 : thousands
                return None
            s = s.replace(",", "")
        else:
            s = s.replace(",", ".")
    elif s.count(".") > 1 or (decimal == "," and re.fullmatch(r"\d{1,3}\.\d{3}", s)):
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
            return None
        s = s.replace(".", "")
    try:
        value = float(s)
    except ValueError:
        return None
    return -value if neg else value


_ORDINAL_1970 = dt.date(1970, 1, 1).toordinal()
_NO_DAY = np.iinfo(np.int64).min

_DMY = re.compile(
    r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)
_YMD = re.compile(
    r"^\s*(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$"
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_dates(
    values: Sequence[object], *, date1904: bool = False, month_first: bool | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Excel dates, serial numbers (also as text), or text dd/mm/yyyy, m/d/yyyy, yyyy-mm-dd,
    yyyymmdd, 15 janv. 2024 -> (datetime64[D], bad mask).

    Text with the day and month in either order is decided for the whole column: day first
    (French) unless some value can only be month first; `month_first` imposes the order (a
    reader that knows it from the file's other date columns).
    """
    n = len(values)
    # fast path: real dates (what calamine gives for date cells) as day numbers
    days = np.fromiter(
        (
            v.toordinal() - _ORDINAL_1970
            if type(v) is dt.date or type(v) is dt.datetime
            else _NO_DAY
            for v in values
        ),
        dtype=np.int64,
        count=n,
    )
    out = days.astype("datetime64[D]")
    rest = days == _NO_DAY
    out[rest] = np.datetime64("NaT")
    bad = np.zeros(n, dtype=bool)
    text: list[tuple[int, re.Match[str] | None, str]] = []
    epoch = _EXCEL_EPOCH_1904 if date1904 else _EXCEL_EPOCH
    for i in np.flatnonzero(rest).tolist():
        v = values[i]
        if v == "":
            continue
        if isinstance(v, dt.datetime):
            out[i] = np.datetime64(v.date())
        elif isinstance(v, dt.date):
            out[i] = np.datetime64(v)
        elif isinstance(v, str):
            if v.strip():
                text.append((i, _DMY.match(v), v))
        elif isinstance(v, bool):
            bad[i] = True
        elif isinstance(v, (int, float)):
            if _SERIAL_MIN <= v < _SERIAL_MAX:
                out[i] = np.datetime64(excel_serial_date(v, date1904))
            else:
                bad[i] = True
        elif v is not None:
            bad[i] = True
    if text and _all_iso(out, text):
        return out, bad
    if text:
        if month_first is None:
            month_first = _column_is_month_first(m for _, m, _ in text)
        for i, m, s in text:
            d = _parse_date_text(s, m, month_first, epoch)
            if d is None:
                bad[i] = True
            else:
                out[i] = np.datetime64(d)
    return out, bad


def date_order(values: Iterable[object]) -> tuple[bool, bool]:
    """(some text date can only be day first, some can only be month first) in a column."""
    return _date_order(_DMY.match(v) for v in values if isinstance(v, str))


def day_month_texts(values: Iterable[object]) -> bool:
    """Whether some text is a date written with its day and month (d/m/y or m/d/y): the only
    dates whose reading depends on the order of the two."""
    return any(_DMY.match(v) for v in values if isinstance(v, str))


def _date_order(matches: Iterable[re.Match[str] | None]) -> tuple[bool, bool]:
    day_first_seen = month_first_seen = False
    for m in matches:
        if m is None:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 and b <= 12:
            day_first_seen = True
        elif b > 12 and a <= 12:
            month_first_seen = True
    return day_first_seen, month_first_seen


def _column_is_month_first(matches: Iterable[re.Match[str] | None]) -> bool:
    day_first_seen, month_first_seen = _date_order(matches)
    return month_first_seen and not day_first_seen


_SERIAL_TEXT = re.compile(r"^\s*(\d{5})(?:\.\d+)?\s*$")
# "1er septembre 2026", "1ᵉʳ mars 26", "2nd March 2026", "March 1st, 2026": an ordinal's letters
_ORDINAL = r"(?:er|ᵉʳ|re|st|nd|rd|th)?"
_NAMED = re.compile(
    rf"^\s*(\d{{1,2}}){_ORDINAL}[\s.\-/]*([^\W\d_]+)\.?[\s.\-/,]*(\d{{4}}|\d{{2}})\s*$"
)
_NAMED_MDY = re.compile(rf"^\s*([^\W\d_]+)\.?\s+(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}})\s*$")
MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        ("jan", "janv", "january", "janvier"),
        ("feb", "fev", "fevr", "february", "fevrier"),
        ("mar", "mars", "march"),
        ("apr", "avr", "april", "avril"),
        ("may", "mai"),
        ("jun", "juin", "june"),
        ("jul", "juil", "july", "juillet"),
        ("aug", "aou", "aout", "august"),
        ("sep", "sept", "september", "septembre"),
        ("oct", "october", "octobre"),
        ("nov", "november", "novembre"),
        ("dec", "december", "decembre"),
    ),
    start=1,
):
    for _w in _names:
        MONTHS[_w] = _n


def _month(word: str) -> int | None:
    return MONTHS.get(fold(word))


def _all_iso(out: np.ndarray, text: list[tuple[int, re.Match[str] | None, str]]) -> bool:
    """Whether every text date is yyyy-mm-dd and a real day: then they are read at once into
    `out` (what _parse_date_text reads of each: an export of ISO dates, 200 000 rows)."""
    texts = [s for _, _, s in text]
    form = pc.match_substring_regex(pa.array(texts, pa.string()), r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    if not pc.all(form).as_py():
        return False
    try:
        days = np.array(texts, dtype="datetime64[D]")
    except ValueError:  # a day that does not exist: each read on its own, said bad
        return False
    if (days < np.datetime64("0001-01-01")).any():  # year 0: no date in Python either
        return False
    out[np.array([i for i, _, _ in text], dtype=np.int64)] = days
    return True


def _parse_date_text(
    s: str, dmy: re.Match[str] | None, month_first: bool, epoch: dt.datetime = _EXCEL_EPOCH
) -> dt.date | None:
    try:
        if dmy is not None:
            a, b, y = int(dmy.group(1)), int(dmy.group(2)), dmy.group(3)
            year = int(y) + (2000 if len(y) == 2 else 0)
            day, month = (b, a) if month_first else (a, b)
            return dt.date(year, month, day)
        m = _YMD.match(s) or _COMPACT.match(s)
        if m is not None:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _SERIAL_TEXT.match(s)
        if m is not None and _SERIAL_MIN <= int(m.group(1)) < _SERIAL_MAX:
            return excel_serial_date(int(m.group(1)), epoch == _EXCEL_EPOCH_1904)
        m = _NAMED.match(s)
        if m is not None and (month := _month(m.group(2))) is not None:
            y = m.group(3)
            return dt.date(int(y) + (2000 if len(y) == 2 else 0), month, int(m.group(1)))
        m = _NAMED_MDY.match(s)
        if m is not None and (month := _month(m.group(1))) is not None:
            return dt.date(int(m.group(3)), month, int(m.group(2)))
    except ValueError:
        return None
    return None


def id_text(v: object) -> str:
    """A client id as the owner wrote it, without '.0' or surrounding spaces."""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        if np.isnan(v):
            return ""
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    s = str(v).strip()
    if re.fullmatch(r"[+-]?\d+\.0+", s):
        s = s[: s.index(".")]
    return s


def id_texts(values: Sequence[object]) -> list[str]:
    cache: dict[object, str] = {}
    out = []
    for v in values:
        key = (type(v), v)
        r = cache.get(key)
        if r is None:
            r = cache[key] = id_text(v)
        out.append(r)
    return out


_NS_MIN, _NS_MAX = np.datetime64("1678-01-01", "D"), np.datetime64("2262-04-11", "D")


def to_datetime64(arr: np.ndarray) -> pd.Series:
    """Days as pandas timestamps; a day pandas cannot hold is missing (never wrapped around:
    9999-12-31 would become 1816-03-29)."""
    days = np.asarray(arr, dtype="datetime64[D]")
    outside = ~np.isnat(days) & ((days < _NS_MIN) | (days > _NS_MAX))
    if outside.any():
        days = np.where(outside, np.datetime64("NaT"), days)
    return pd.Series(days.astype("datetime64[ns]"))
