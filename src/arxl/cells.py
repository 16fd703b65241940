"""How any cell value reads as plain text: what the readers compare and the anomaly sheet
shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np


def plain_text(v: object) -> str:
    """Any cell as display text (numbers without a useless '.0', dates as dd/mm/yyyy)."""
    if v is None:
        return ""
    if isinstance(v, float):
        if np.isnan(v):
            return ""
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.strftime("%d/%m/%Y %H:%M") if (v.hour or v.minute) else v.strftime("%d/%m/%Y")
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    return str(v).strip()


def plain_texts(values: Sequence[object]) -> list[str]:
    return [v.strip() if type(v) is str else plain_text(v) for v in values]
