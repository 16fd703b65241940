"""The stretches an invoice's late-payment interest runs over: from when (the due date, or a
consumer's first formal notice), until when and on how much (the unpaid balance between dated
payments), and how many of their days fall in each half-year. Pure: no clock, no rates.

The delay is cut into slices of constant unpaid balance at each dated payment: the invoice row's
own payment date and amount paid, and the payments cash application matched to it, with their
dates. A payment counts on its own date: that day is still late on the amount before it. What was
paid on or before the day interest starts lowers the amount from the start, and so does a credit
note whatever its date: the part of the invoice it cancels was never owed.
When the invoice's amount paid is not all dated (a total paid without a date), the reading of
before dated payments is kept: one slice on the balance still open (or the whole amount of an
invoice paid late), for the whole delay."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arxl.model import PAID_TOLERANCE, half_year_start
from arxl.rules.lookup import positions
from arxl.vocab import EntryKind

FORMAL_NOTICE_LEVEL = 3  # vocab.REMINDER_LABELS: Mise en demeure (4, collection, counts too)


def days_in(periods: list[int], start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """days[i, j]: the days of (start[i], end[i]] inside half-year periods[j], a half-year at a
    time (no 2-D temporaries beyond the result: a million invoices over ten half-years)."""
    p_start = np.array([half_year_start(p) for p in periods], dtype="datetime64[D]")
    p_end = np.array([half_year_start(p + 1) for p in periods], dtype="datetime64[D]") - 1
    days = np.zeros((len(start), len(periods)), dtype=np.int64)
    for j in range(len(periods)):
        span = np.minimum(end, p_end[j]) - np.maximum(start, p_start[j] - 1)
        days[:, j] = np.maximum(span.astype(np.int64), 0)
    return days


def first_notice(
    keys: pd.Series,
    due: np.ndarray,
    consumer: np.ndarray,
    log: pd.DataFrame | None,
    as_of: np.datetime64,
) -> np.ndarray:
    """Per item, the date of the client's first formal notice dated after the item's due date
    and on or before as_of (NaT when none): a notice sent before an invoice was late cannot
    have demanded it."""
    out = np.full(len(due), np.datetime64("NaT"), dtype="datetime64[D]")
    if log is None or log.empty:
        return out
    dates = log["date"].to_numpy().astype("datetime64[D]")
    notices = log.loc[
        (log["level"].to_numpy() >= FORMAL_NOTICE_LEVEL) & ~np.isnat(dates) & (dates <= as_of),
        ["client_key", "date"],
    ]
    by_client = {
        k: np.sort(g.to_numpy().astype("datetime64[D]"))
        for k, g in notices.groupby("client_key")["date"]
    }
    key_values = keys.to_numpy(dtype=object)
    for i in np.flatnonzero(consumer):
        sent = by_client.get(key_values[i])
        if sent is None:
            continue
        after = sent[sent > due[i]]
        if len(after):
            out[i] = after[0]
    return out


def unpaid_slices(
    items: pd.DataFrame,
    keep: np.ndarray,
    payments: pd.DataFrame | None,
    amount: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    base: np.ndarray,
    as_of: np.datetime64,
) -> pd.DataFrame:
    """The stretches of constant unpaid balance of the kept items (item, row, base, start, end,
    days), cut at their dated payments: the row's own payment (payment_date, own_paid) and the
    lines of `payments`. An item whose amount paid is not all dated keeps one slice (start, end]
    on `base`, as before payments were dated."""
    n = len(amount)
    at = np.flatnonzero(keep)  # item i is items row at[i]
    rows = items["row"].to_numpy()[at]
    paid_col = items["paid"] if "paid" in items else items["amount"] - items["balance"]
    paid_total = paid_col.to_numpy(dtype=float)[at]
    own_col = items.get("own_paid", paid_col)
    own = own_col.to_numpy(dtype=float)[at]
    own_date = items["payment_date"].to_numpy().astype("datetime64[D]")[at]
    own_ok = ~np.isnat(own_date) & (own_date <= as_of) & (own > 0)
    ev_item = [np.flatnonzero(own_ok)]
    ev_date = [own_date[own_ok]]
    ev_amount = [own[own_ok]]
    ev_credit = [np.zeros(int(own_ok.sum()), dtype=bool)]
    index = pd.Index(rows)
    if payments is not None and len(payments) and index.is_unique:
        where = positions(index, payments["invoice_row"])
        dates = payments["pay_date"].to_numpy().astype("datetime64[D]")
        ok = (where >= 0) & ~np.isnat(dates) & (dates <= as_of)
        ev_item.append(where[ok])
        ev_date.append(dates[ok])
        ev_amount.append(payments["amount"].to_numpy(dtype=float)[ok])
        ev_credit.append(_is_credit(payments)[ok])
    e_item = np.concatenate(ev_item).astype(np.int64)
    e_date = np.concatenate(ev_date).astype("datetime64[D]")
    e_amount = np.concatenate(ev_amount)
    e_credit = np.concatenate(ev_credit)
    dated = np.bincount(e_item, e_amount, minlength=n)
    # every amount paid has its date: the slices follow the payments
    follow = np.abs(dated - paid_total) <= PAID_TOLERANCE
    pick = follow[e_item]
    e_item, e_date, e_amount, e_credit = e_item[pick], e_date[pick], e_amount[pick], e_credit[pick]
    order = np.lexsort((e_date, e_item))
    e_item, e_date, e_amount, e_credit = (
        e_item[order],
        e_date[order],
        e_amount[order],
        e_credit[order],
    )
    # paid by the day interest starts, or cancelled by a credit note: never late
    before = (e_date <= start[e_item]) | e_credit
    inside = ~before & (e_date < end[e_item])  # a payment on the end day ends the last slice
    opening = amount - np.bincount(e_item[before], e_amount[before], minlength=n)
    i_item, i_date, i_amount = e_item[inside], e_date[inside], e_amount[inside]
    # per payment inside the delay: the balance before it and the previous cut of its item
    paid_before = np.cumsum(i_amount) - i_amount
    first_of_item = np.r_[True, i_item[1:] != i_item[:-1]] if len(i_item) else np.zeros(0, bool)
    group_start = np.maximum.accumulate(np.where(first_of_item, np.arange(len(i_item)), 0))
    paid_before -= paid_before[group_start] if len(i_item) else 0
    prev = np.where(first_of_item, start[i_item], np.r_[i_date[:1], i_date[:-1]])
    # the last slice of each item: from its last cut to the end, on what is left
    last_cut = start.copy()
    np.maximum.at(last_cut, i_item, i_date)  # each item's last payment inside the delay
    left = opening - np.bincount(i_item, i_amount, minlength=n)
    item = np.r_[i_item, np.arange(n)]
    s_start = np.r_[prev, last_cut]
    s_end = np.r_[i_date, end]
    s_base = np.r_[opening[i_item] - paid_before, np.where(follow, left, base)]
    cut = pd.DataFrame(
        {
            "item": item,
            "row": rows[item] if n else np.zeros(0, dtype=rows.dtype),
            "base": np.round(np.maximum(s_base, 0.0), 2),
            "start": s_start.astype("datetime64[ns]"),
            "end": s_end.astype("datetime64[ns]"),
        }
    )
    cut["days"] = (s_end - s_start).astype(np.int64)
    live = (cut["base"].to_numpy() > PAID_TOLERANCE) & (cut["days"].to_numpy() > 0)
    # every invoice keeps a row (its indemnity is shown on it), its last one if none runs
    live[len(i_item) :] |= np.bincount(item[live], minlength=n) == 0
    order = np.lexsort((s_start, item))
    cut = cut.iloc[order[live[order]]].reset_index(drop=True)
    return cut


def _is_credit(payments: pd.DataFrame) -> np.ndarray:
    """Which allocation lines are credit notes (kind "credit"); all payments without a kind."""
    if "kind" not in payments:
        return np.zeros(len(payments), dtype=bool)
    return (payments["kind"].to_numpy(dtype=object) == EntryKind.CREDIT.value).astype(bool)


def credit_notes(
    items: pd.DataFrame,
    payments: pd.DataFrame | None,
    last: np.ndarray,
    as_of: np.datetime64,
) -> tuple[np.ndarray, np.ndarray]:
    """Per item: (what the credit notes cash application matched to it cancelled, dated on or
    before as_of; its last payment without them). `last` is the last payment or credit note
    (datetime64[D]); for an item with a credit note it becomes the last real payment: its own
    row's, or a matched payment's (NaT when none)."""
    n = len(items)
    credited = np.zeros(n)
    rows = pd.Index(items["row"].to_numpy())
    if payments is None or not len(payments) or not rows.is_unique:
        return credited, last
    where = positions(rows, payments["invoice_row"])
    dates = payments["pay_date"].to_numpy().astype("datetime64[D]")
    ok = (where >= 0) & ~np.isnat(dates) & (dates <= as_of)
    credit = ok & _is_credit(payments)
    if not credit.any():
        return credited, last
    amounts = payments["amount"].to_numpy(dtype=float)
    credited = np.bincount(where[credit], amounts[credit], minlength=n)
    paid_col = items["paid"] if "paid" in items else items["amount"] - items["balance"]
    own = items.get("own_paid", paid_col).to_numpy(dtype=float)
    own_date = items["payment_date"].to_numpy().astype("datetime64[D]")
    own_ok = ~np.isnat(own_date) & (own_date <= as_of) & (own > 0)
    # NaT is the smallest int64: a maximum over the int64 days skips it
    real = np.where(own_ok, own_date, np.datetime64("NaT")).astype("datetime64[D]").view(np.int64)
    real = real.copy()
    paying = ok & ~credit
    np.maximum.at(real, where[paying], dates[paying].view(np.int64))
    last = np.where(credited > 0, real.view("datetime64[D]"), last.astype("datetime64[D]"))
    return credited, last
