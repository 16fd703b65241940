"""Amounts and dates as the reminders write them: in the client's language, the book's
currency, and the book's day/month order where it is month first."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arxl.formats import DAY_FIRST, Formats
from arxl.vocab import Lang


def money(x: float, currency: str, lang: Lang) -> str:
    """1 234,56 € in French, £1,234.56 in English."""
    if lang is Lang.EN:
        return f"{'-' if x < 0 else ''}{currency}{abs(x):,.2f}"
    text = f"{x:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0{currency}"


def format_date(d: object, lang: Lang, book_date: str = DAY_FIRST) -> str:
    """31/12/2026; in a month-first book (`book_date`, arxl.formats: m/d/yyyy and the like)
    as its sheets write it, 12/31/2026: its readers take 01/05 for January 5th. A book of
    ISO dates (what a workbook made by a script shows) keeps the letters' dd/mm/yyyy."""
    if isinstance(d, (pd.Timestamp, np.datetime64)):
        d = pd.Timestamp(d).date()
    order = book_date if _month_first(book_date) else DAY_FIRST
    return Formats(date=order, lang=lang).date_text(d)  # type: ignore[arg-type]


def _month_first(code: str) -> bool:
    """Whether a date format writes the month, then the day, then the year (m/d/yyyy,
    mm-dd-yy...)."""
    order = [c for c in code.lower() if c in "dmy"]
    first = {c: order.index(c) for c in set(order)}
    if not {"m", "d", "y"} <= first.keys():
        return False
    return first["m"] < first["d"] < first["y"]  # not yyyy-mm-dd: the year first
