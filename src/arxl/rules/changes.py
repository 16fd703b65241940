"""What changed since the previous refresh: a summary of each run, and the difference of two.

The summary is a plain table (kept by arxl in a hidden sheet of the workbook): one row per
invoice, per client, per payment row, and one for the as-of date.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.rules.aging import NO_LEVEL
from arxl.rules.allocation import Allocation
from arxl.vocab import Status

STATE_COLUMNS = ("kind", "key", "client_key", "invoice", "status", "bucket", "paid", "level")

# Change categories, in the order they are listed.
NEW_INVOICE = "new_invoice"
PAYMENT = "payment"
BECAME_OVERDUE = "overdue"
BUCKET = "bucket"
REMINDER = "reminder"
NEW_HOLD = "hold"
CATEGORIES = (NEW_INVOICE, PAYMENT, BECAME_OVERDUE, BUCKET, REMINDER, NEW_HOLD)


def _invoice_keys(items: pd.DataFrame) -> list[str]:
    return [
        f"{c}|{inv}" if inv else f"row|{r}"
        for c, inv, r in zip(items["client_key"], items["invoice"], items["row"], strict=True)
    ]


def summary(
    items: pd.DataFrame,
    allocation: Allocation | None,
    reminders: pd.DataFrame,
    credit: pd.DataFrame,
    as_of: dt.date,
) -> pd.DataFrame:
    """This run's summary (STATE_COLUMNS; paid is what the invoice's own row says was paid)."""
    inv = pd.DataFrame(
        {
            "kind": "invoice",
            "key": _invoice_keys(items),
            "client_key": items["client_key"].to_numpy(dtype=object),
            "invoice": items["invoice"].to_numpy(dtype=object),
            "status": items["status"].to_numpy(dtype=object),
            "bucket": items["bucket"].to_numpy(dtype=object),
            "paid": np.round(items["own_paid"].to_numpy(dtype=float), 2),
            "level": 0,
        }
    )
    levels = reminders.set_index("client_key")["level"] if len(reminders) else pd.Series()
    held = {k for k, h in zip(credit["client_key"], credit["holds"], strict=True) if h}
    keys = credit["client_key"].tolist()
    cl = pd.DataFrame(
        {
            "kind": "client",
            "key": keys,
            "client_key": keys,
            "invoice": "",
            "status": ["hold" if k in held else "" for k in keys],
            "bucket": "",
            "paid": 0.0,
            "level": [int(levels.get(k, NO_LEVEL)) for k in keys],
        }
    )
    frames = [inv, cl]
    if allocation is not None and len(allocation.payments):
        p = allocation.payments
        frames.append(
            pd.DataFrame(
                {
                    "kind": "payment",
                    "key": [
                        f"{s}|{r}|{pd.Timestamp(d):%Y-%m-%d}|{a:.2f}"
                        for s, r, d, a in zip(
                            p["sheet"], p["row"], p["date"], p["amount"], strict=True
                        )
                    ],
                    "client_key": p["client_key"].to_numpy(dtype=object),
                    "invoice": p["label"].to_numpy(dtype=object),
                    "status": p["kind"].to_numpy(dtype=object),
                    "bucket": "",
                    "paid": p["amount"].to_numpy(dtype=float),
                    "level": 0,
                }
            )
        )
    meta = pd.DataFrame(
        [["as_of", as_of.isoformat(), "", "", "", "", 0.0, 0]], columns=STATE_COLUMNS
    )
    return pd.concat([meta, *frames], ignore_index=True)[list(STATE_COLUMNS)]


def read_summary(rows: list[list[object]]) -> pd.DataFrame | None:
    """The summary written by a previous run (None when there is none or it is unreadable)."""
    if len(rows) < 2 or [str(x) for x in rows[0][: len(STATE_COLUMNS)]] != list(STATE_COLUMNS):
        return None
    body = [list(r[: len(STATE_COLUMNS)]) + [""] * (len(STATE_COLUMNS) - len(r)) for r in rows[1:]]
    frame = pd.DataFrame(body, columns=STATE_COLUMNS)
    for col in ("kind", "key", "client_key", "invoice", "status", "bucket"):
        frame[col] = frame[col].map(lambda v: "" if v is None else str(v))
    frame["paid"] = pd.to_numeric(frame["paid"], errors="coerce").fillna(0.0)
    frame["level"] = pd.to_numeric(frame["level"], errors="coerce").fillna(NO_LEVEL).astype(int)
    return frame


def previous_as_of(previous: pd.DataFrame) -> dt.date | None:
    meta = previous[previous["kind"] == "as_of"]
    try:
        return dt.date.fromisoformat(str(meta["key"].iat[0])) if len(meta) else None
    except ValueError:
        return None


def changes(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """What differs: category (CATEGORIES), client_key, invoice (or payment label), before,
    after, amount. New invoices; payments received (new payment rows, and invoices whose own
    row says more was paid); invoices that became overdue or else changed bucket; clients whose
    reminder level rose; new holds."""
    out: list[tuple[str, str, str, object, object, float]] = []

    def part(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
        return frame[frame["kind"] == kind].drop_duplicates("key").set_index("key")

    before, now = part(previous, "invoice"), part(current, "invoice")
    for key, r in now.iterrows():
        if key not in before.index:
            out.append((NEW_INVOICE, r.client_key, r.invoice, "", r.status, np.nan))
            continue
        b = before.loc[key]
        if r.paid > b.paid + 0.005:
            out.append((PAYMENT, r.client_key, r.invoice, b.paid, r.paid, r.paid - b.paid))
        if r.status == Status.OVERDUE.value and b.status != Status.OVERDUE.value:
            out.append((BECAME_OVERDUE, r.client_key, r.invoice, b.status, r.status, np.nan))
        elif r.bucket and b.bucket and r.bucket != b.bucket:
            out.append((BUCKET, r.client_key, r.invoice, b.bucket, r.bucket, np.nan))
    before_pay, now_pay = part(previous, "payment"), part(current, "payment")
    for key, r in now_pay.iterrows():
        if key not in before_pay.index:
            out.append((PAYMENT, r.client_key, r.invoice, "", r.status, float(r.paid)))
    before_cl, now_cl = part(previous, "client"), part(current, "client")
    for key, r in now_cl.iterrows():
        was = before_cl.loc[key] if key in before_cl.index else None
        old_level = int(was.level) if was is not None else NO_LEVEL
        if r.level > old_level:
            out.append((REMINDER, key, "", old_level, int(r.level), np.nan))
        if r.status == "hold" and (was is None or was.status != "hold"):
            out.append((NEW_HOLD, key, "", "", "hold", np.nan))
    frame = pd.DataFrame(
        out, columns=["category", "client_key", "invoice", "before", "after", "amount"]
    )
    order = {c: i for i, c in enumerate(CATEGORIES)}
    frame["order"] = frame["category"].map(order)
    return frame.sort_values("order", kind="mergesort").drop(columns="order").reset_index(drop=True)
