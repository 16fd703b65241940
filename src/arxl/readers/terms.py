"""An invoice's own payment terms as exports write them ("Net 60", "30 jours", "Due on
receipt"): the days from the invoice date to its due date. A wording arxl cannot turn into a
number of days for sure ("45 jours fin de mois": the end of which month?) is unread."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from arxl.vocab import fold_words

_DAYS = re.compile(r"^(?:net ?)?(\d+) ?(?:j|jours?|days?|d)?(?: ?net)?$")
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


def terms_days(values: Sequence[object]) -> tuple[np.ndarray, np.ndarray]:
    """(days as floats, NaN where blank or unread; the unread mask). The days are not bounded
    here: the reader holds them to its Bounds as the clients' terms are (bounds.outside_terms)."""
    n = len(values)
    days = np.full(n, np.nan)
    unread = np.zeros(n, dtype=bool)
    seen: dict[str, float | None] = {}
    for i, v in enumerate(values):
        if v is None or isinstance(v, bool):
            continue
        if isinstance(v, int | float):
            days[i] = v  # NaN stays blank
            continue
        text = str(v)
        got = seen[text] if text in seen else seen.setdefault(text, _days(text))
        if got is not None:
            days[i] = got
        elif text.strip():
            unread[i] = True
    return days, unread


def _days(text: str) -> float | None:
    words = fold_words(text)
    if words in _NOW:
        return 0.0
    m = _DAYS.match(words)
    return float(m.group(1)) if m else None
