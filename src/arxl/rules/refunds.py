"""Refunds and bounced cheques at a date (rules.allocation): a payment that money went back on
counts whole before the refund's date, less it from then on (model.PAID_BACK)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arxl.model import PAID_BACK


def as_paid_then(pay: pd.DataFrame, d: np.datetime64) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The payments as they stood at d: what a refund or a bounced cheque dated after d took
    off one (model.PAID_BACK) was still paid; and what those dated by then took off
    (Allocation.paid_back; pay: the payment's place in `pay`, from 1). One paid back in full
    stays, for nothing: the cash came in on its date and went back on the refund's."""
    if PAID_BACK not in pay:
        return pay, NONE_PAID_BACK
    later, rows = [], []
    for k, taken in enumerate(pay[PAID_BACK].tolist(), start=1):
        extra = 0.0
        for when, part in taken if isinstance(taken, tuple) else ():
            if when > d:
                extra += part
            else:
                rows.append((k, when, part))
        later.append(extra)
    amount = np.round(pay["amount"].to_numpy(dtype=float) + np.array(later, dtype=float), 2)
    return pay.assign(amount=amount), paid_back_frame(rows)


def paid_back_frame(rows: list[tuple[int, object, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["pay", "date", "amount"])
    frame["pay"] = frame["pay"].astype(np.int64)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["amount"] = frame["amount"].astype(float)
    return frame


NONE_PAID_BACK = paid_back_frame([])  # shared, never changed (made once: a frame costs ~1 ms)
