"""Calendar arithmetic the KPIs and the penalties share: month ends, months back, a year back,
half-years (no clock here)."""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np


def month_end(day: dt.date) -> dt.date:
    """The last day of day's month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_before(day: dt.date, n: int) -> dt.date:
    """The same day n months earlier, clipped to the month's length (31/03 - 1 -> 28/02)."""
    index = day.year * 12 + day.month - 1 - n
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def previous_month_end(day: dt.date) -> dt.date:
    """The last day of the month before day's month."""
    return month_start(day) - dt.timedelta(days=1)


def month_ends(day: dt.date, n: int) -> list[dt.date]:
    """The ends of the n months up to day's month, oldest first; day itself stands for the end
    of its own month (a month in progress stops at day)."""
    ends = [day]
    for _ in range(n - 1):
        ends.append(previous_month_end(ends[-1]))
    return ends[::-1]


def parse_month(text: str) -> dt.date:
    """'2026-10' -> 2026-10-01; ValueError otherwise."""
    year, _, month = text.strip().partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12):
        raise ValueError(f"{text!r} is not a month in the form YYYY-MM")
    return dt.date(int(year), int(month), 1)


def half_year(d: dt.date) -> int:
    """Index of the half-year holding d: year × 2 + (0 for January-June, 1 for July-December)."""
    return d.year * 2 + (d.month > 6)


def half_years(days: np.ndarray) -> np.ndarray:
    """half_year of each datetime64[D] of an array."""
    months = days.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    return (months // 12 + 1970) * 2 + (months % 12 >= 6)
