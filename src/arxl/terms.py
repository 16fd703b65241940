"""Payment terms as owners and exports write them ("60", "Net 60", "45 jours", "60 j", "Due on
receipt", "45 jours fin de mois", "fin de mois + 45 jours"): the days from the invoice date to
its due date, and whether the due date then moves to a month's end.

End of month (Code de commerce L441-10 I allows "45 jours fin de mois" when agreed, counted
either way): "N jours fin de mois" is read as the invoice date + N days, then the end of that
month; "fin de mois + N jours" / "fin de mois N jours" as the end of the invoice's month, then N
days. A wording arxl cannot count for sure ("fin de mois le 10") is unread."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from arxl.vocab import fold_words

NO_EOM, THEN_EOM, EOM_THEN = 0, 1, 2  # terms_eom: none; days then month end; month end then days

_DAYS = r"(\d+)(?: 0+)? ?(?:j|jrs?|jours?|days?|d)?"  # "30,0": fold_words makes it "30 0"
_PLAIN = re.compile(rf"^(?:net ?)?{_DAYS}(?: ?nets?)?$")
_EOM = r"(?:fin de mois|fdm|fm|end of month|eom)"
_THEN_EOM = re.compile(rf"^(?:net ?)?{_DAYS} ?(?:le |a )?{_EOM}$")
_EOM_THEN = re.compile(rf"^{_EOM} ?(?:plus )?{_DAYS}$")
_NOW = frozenset(
    fold_words(w)
    for w in (
        "Due on receipt",
        "On receipt",
        "Upon receipt",
        "Immediate",
        "Cash",
        "À réception",
        "Dès réception",
        "À réception de facture",
        "Comptant",
        "Paiement comptant",
        "Paiement à réception",
    )
)


def parse_terms(text: str) -> tuple[float, int] | None:
    """(days, terms_eom) of one written term, None when not understood."""
    words = fold_words(text)
    if words in _NOW:
        return 0.0, NO_EOM
    for pattern, eom in ((_PLAIN, NO_EOM), (_THEN_EOM, THEN_EOM), (_EOM_THEN, EOM_THEN)):
        m = pattern.match(words)
        if m:
            return float(m.group(1)), eom
    if words in ("fin de mois", "fdm", "end of month", "eom"):
        return 0.0, THEN_EOM
    return None


def terms_days(values: Sequence[object]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(days as floats, NaN where blank or unread; terms_eom codes; the unread mask). The days
    are not bounded here: the readers hold them to their Bounds (bounds.outside_terms)."""
    n = len(values)
    days = np.full(n, np.nan)
    eom = np.zeros(n, dtype=np.int8)
    unread = np.zeros(n, dtype=bool)
    seen: dict[str, tuple[float, int] | None] = {}
    for i, v in enumerate(values):
        if v is None or isinstance(v, bool):
            continue
        if isinstance(v, int | float):
            days[i] = v  # NaN stays blank
            continue
        text = str(v)
        got = seen[text] if text in seen else seen.setdefault(text, parse_terms(text))
        if got is not None:
            days[i], eom[i] = got
        elif text.strip():
            unread[i] = True
    return days, eom, unread


def _month_end(d: np.ndarray) -> np.ndarray:
    """The last day of each date's month (datetime64[ns]; NaT stays NaT)."""
    months = d.astype("datetime64[M]")
    return ((months + 1).astype("datetime64[D]") - np.timedelta64(1, "D")).astype(d.dtype)


def due_dates(dates: np.ndarray, days: np.ndarray, eom: np.ndarray | None) -> np.ndarray:
    """Invoice dates (datetime64[ns]) + terms: days, then the month's end where terms_eom says
    so (NaN days give NaT)."""
    step = (np.nan_to_num(days) * 86400e9).astype("timedelta64[ns]")
    due = dates + step
    if eom is not None and eom.any():
        due = np.where(eom == THEN_EOM, _month_end(due), due)
        due = np.where(eom == EOM_THEN, _month_end(dates) + step, due)
    return np.where(np.isnan(days), np.datetime64("NaT"), due).astype(dates.dtype)


def terms_text(days: float, eom: int, english: bool) -> object:
    """How a converted workbook writes a client's terms, read back the same by parse_terms: a
    number of days, or the end-of-month wording."""
    if eom == NO_EOM or days != days:
        return days
    n = int(days) if float(days).is_integer() else days
    if eom == THEN_EOM:
        return f"{n} days end of month" if english else f"{n} jours fin de mois"
    return f"end of month + {n} days" if english else f"fin de mois + {n} jours"
