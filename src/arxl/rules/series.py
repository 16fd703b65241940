"""The series the dashboard and the monthly report chart, from the same items and cash
application as the key figures (rules.kpis): the top debtors, the open balance per bucket, and
the last twelve months of invoicing and collections."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.rules.allocation import Allocation
from arxl.rules.kpis import counted, is_open, monthly_sales, status_is
from arxl.settings import Settings
from arxl.vocab import EntryKind, Status, bucket_codes

TOP_DEBTORS = 10
_EPS = 1e-6


def top_debtors(items: pd.DataFrame, aged: pd.DataFrame, n: int = TOP_DEBTORS) -> pd.DataFrame:
    """The n clients with the largest outstanding (rows of rules.aging.aged_by_client, in its
    order) with overdue (their overdue balance) and overdue_share (overdue / total)."""
    top = aged.head(n).copy()
    overdue = status_is(items, Status.OVERDUE)
    client = items["client_key"][overdue]
    balance = pd.Series(items["balance"].to_numpy()[overdue], index=client.index)
    by_client = balance.groupby(client).sum()  # grouped by the key, as a groupby by client
    top["overdue"] = top["client_key"].map(by_client).fillna(0.0).astype(float)
    total = top["total"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > _EPS, top["overdue"].to_numpy() / total, np.nan)
    top["overdue_share"] = share
    return top.reset_index(drop=True)


def bucket_totals(aged: pd.DataFrame, settings: Settings) -> pd.Series:
    """Open balance per bucket code, in bucket order."""
    codes = list(bucket_codes(settings.bucket_bounds))
    return pd.Series([float(aged[c].sum()) for c in codes], index=codes, dtype=float)


def cash_applied(items: pd.DataFrame, allocation: Allocation | None) -> np.ndarray:
    """Per item, the payments (not credit notes) cash application applied to it."""
    if allocation is None or not len(allocation.lines):
        return np.zeros(len(items))
    lines = allocation.lines[(allocation.lines["kind"] == EntryKind.PAYMENT.value).to_numpy()]
    per_row = lines.groupby("invoice_row")["amount"].sum()
    return items["row"].map(per_row).fillna(0.0).to_numpy(dtype=float)


def monthly_summary(
    items: pd.DataFrame,
    as_of: dt.date,
    months: int = 12,
    allocation: Allocation | None = None,
) -> pd.DataFrame:
    """One row per calendar month, the `months` months up to as_of's month, oldest first.

    invoiced: the month's sales (invoices less credit notes); collected, still_open,
    written_off: the invoices dated in the month by their state at as_of (cash received on
    them: their own payment and the payments applied to them; balance of the open ones;
    balance of the written-off ones). collections: the cash received in the month: the
    invoices' own payments by their payment date and the payments (payment rows, Paiements)
    by theirs, applied or not.
    """
    this_month = np.datetime64(as_of, "M")
    first = this_month - (months - 1)
    month_of = items["date"].to_numpy().astype("datetime64[M]")
    back = (this_month - month_of).astype(np.int64)
    inside = (back >= 0) & (back < months)
    k = back[inside]
    written_off = status_is(items, Status.WRITTEN_OFF)
    balance = items["balance"].to_numpy(dtype=float)
    own = items["own_paid"].to_numpy(dtype=float) if "own_paid" in items else items["paid"]
    own = np.nan_to_num(np.asarray(own, dtype=float))
    cash = own + cash_applied(items, allocation)

    def per_month(index: np.ndarray, weights: np.ndarray) -> np.ndarray:
        return np.bincount(index, weights=weights, minlength=months)[::-1]

    def by_date(dates: np.ndarray, amounts: np.ndarray) -> np.ndarray:
        placed = ~np.isnat(dates) & (dates <= np.datetime64(as_of, "ns"))
        pay_back = (this_month - dates[placed].astype("datetime64[M]")).astype(np.int64)
        window = pay_back < months
        return per_month(pay_back[window], amounts[placed][window])

    received = counted(allocation, EntryKind.PAYMENT)
    collections = by_date(items["payment_date"].to_numpy(), own) + by_date(
        received["date"].to_numpy(), received["amount"].to_numpy(dtype=float)
    )
    if allocation is not None and len(allocation.paid_back):  # refunds, bounced cheques:
        back = allocation.refunds()  # the cash came in on the payment's date, went back later
        paid = back["amount"].to_numpy(dtype=float)
        collections += by_date(back["pay_date"].to_numpy(), paid)
        collections -= by_date(back["date"].to_numpy(), paid)
    return pd.DataFrame(
        {
            "month": (first + np.arange(months)).astype("datetime64[ns]"),
            "invoiced": monthly_sales(items, as_of, months, allocation)[::-1],
            "collected": per_month(k, cash[inside]),
            "still_open": per_month(k, (balance * is_open(items))[inside]),
            "written_off": per_month(k, (balance * written_off)[inside]),
            "collections": collections,
        }
    )
