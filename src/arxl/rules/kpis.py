"""Key figures as of a date D, from the items `rules.aging.derive` gives for D (pure, vectorised).

Definitions (the dashboard and `arxl kpis` show them beside each figure):
- outstanding: balance of the open items (pending, overdue, disputed) at D;
- overdue: balance of the overdue items (past due, not disputed); its share of outstanding;
- disputed: balance of the disputed items; overdue invoices: how many items are overdue;
- clients to remind: the clients of the reminder list (rules.reminders);
- invoiced in a period: the amounts of every item dated in it, whatever its status at D
  (credit notes, negative, included);
- DSO, accounting method: outstanding / invoiced in (D-90, D] x 90;
- DSO, count-back: walk back calendar months from D's month (which counts from its 1st to D),
  consuming each month's invoiced amount until the outstanding is used up, adding the days
  consumed (a month partly consumed adds its days pro rata);
- average days to pay / late: over the items fully paid at D whose payment date falls in
  (D - 12 months, D], weighted by amount: payment date - invoice date, and
  max(payment date - due date, 0).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from arxl.rules.periods import months_before
from arxl.settings import Settings
from arxl.vocab import Status, bucket_codes

OPEN_STATUSES = (Status.PENDING.value, Status.OVERDUE.value, Status.DISPUTED.value)
ACCOUNTING_DAYS = 90
PAYMENT_MONTHS = 12
TOP_DEBTORS = 10
_EPS = 1e-6
_DAY = np.timedelta64(1, "D")


@dataclass(frozen=True)
class Kpis:
    """The dashboard's figures as of a date; None where a figure cannot be computed."""

    as_of: dt.date
    outstanding: float
    overdue: float
    overdue_share: float | None
    disputed: float
    overdue_invoices: int
    clients_to_remind: int
    dso_accounting_90d: float | None
    dso_countback: float | None
    avg_days_to_pay: float | None
    avg_days_late: float | None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: as_of as ISO text, money to the cent, ratios and days to 6 decimals."""
        out: dict[str, object] = {}
        for key, value in asdict(self).items():
            if key == "as_of":
                out[key] = self.as_of.isoformat()
            elif isinstance(value, float):
                out[key] = round(value, 2 if key in MONEY_KEYS else 6) + 0.0
            else:
                out[key] = value
        return out


KPI_KEYS = tuple(k for k in Kpis.__dataclass_fields__ if k != "as_of")
MONEY_KEYS = frozenset({"outstanding", "overdue", "disputed"})


def _ns(day: dt.date) -> np.datetime64:
    return np.datetime64(day, "ns")


def is_open(items: pd.DataFrame) -> np.ndarray:
    return items["status"].isin(OPEN_STATUSES).to_numpy()


def outstanding(items: pd.DataFrame) -> float:
    return float(items["balance"].to_numpy()[is_open(items)].sum())


def _status_is(items: pd.DataFrame, status: Status) -> np.ndarray:
    return (items["status"] == status.value).to_numpy()


def _balance_where(items: pd.DataFrame, status: Status) -> float:
    return float(items["balance"].to_numpy()[_status_is(items, status)].sum())


def invoiced(items: pd.DataFrame, after: dt.date | None, until: dt.date) -> float:
    """Amounts of the items dated in (after, until]; after None: since the first item."""
    date = items["date"].to_numpy()
    mask = date <= _ns(until)
    if after is not None:
        mask &= date > _ns(after)
    return float(items["amount"].to_numpy()[mask].sum())


def dso_accounting(
    items: pd.DataFrame, as_of: dt.date, days: int = ACCOUNTING_DAYS
) -> float | None:
    """Outstanding at as_of / invoiced in (as_of - days, as_of] x days; None without sales."""
    sales = invoiced(items, as_of - dt.timedelta(days=days), as_of)
    if sales <= _EPS:
        return None
    return outstanding(items) / sales * days


def dso_countback(items: pd.DataFrame, as_of: dt.date) -> float | None:
    """Count-back DSO; None when the months invoiced since the first item never use up the
    outstanding (credit notes can make that happen)."""
    remaining = outstanding(items)
    if remaining <= _EPS:
        return 0.0
    date = items["date"].to_numpy()
    keep = date <= _ns(as_of)
    if not keep.any():
        return None
    this_month = np.datetime64(as_of, "M")
    back = (this_month - date[keep].astype("datetime64[M]")).astype(np.int64)  # 0: as_of's month
    sales = np.bincount(back, weights=items["amount"].to_numpy(dtype=float)[keep])
    months = this_month - np.arange(len(sales))
    days = (months + 1).astype("datetime64[D]") - months.astype("datetime64[D]")
    days = days.astype(np.int64).astype(float)
    days[0] = as_of.day
    consumed = np.cumsum(sales)
    hit = np.flatnonzero(consumed >= remaining - _EPS)
    if hit.size == 0:
        return None
    k = int(hit[0])
    before = consumed[k - 1] if k else 0.0
    return float(days[:k].sum() + (remaining - before) / sales[k] * days[k])


def paid_in_window(items: pd.DataFrame, as_of: dt.date, months: int = PAYMENT_MONTHS) -> np.ndarray:
    """Mask of the invoices (amount > 0) fully paid at as_of with a payment date in
    (as_of - months, as_of]."""
    pay = items["payment_date"].to_numpy()
    return (
        _status_is(items, Status.PAID)
        & (items["amount"].to_numpy(dtype=float) > 0)
        & ~np.isnat(pay)
        & (pay > _ns(months_before(as_of, months)))
        & (pay <= _ns(as_of))
    )


def payment_delays(items: pd.DataFrame, as_of: dt.date) -> tuple[float | None, float | None]:
    """(average days to pay, average days late), amount-weighted; None without payment dates."""
    mask = paid_in_window(items, as_of)
    weight = items["amount"].to_numpy(dtype=float)[mask]
    if weight.sum() <= _EPS:
        return None, None
    pay = items["payment_date"].to_numpy()[mask]
    to_pay = (pay - items["date"].to_numpy()[mask]) / _DAY
    late = np.maximum((pay - items["due"].to_numpy()[mask]) / _DAY, 0.0)
    total = weight.sum()
    return float((weight * to_pay).sum() / total), float((weight * late).sum() / total)


def compute(items: pd.DataFrame, reminders: pd.DataFrame, as_of: dt.date) -> Kpis:
    """The figures for as_of; items and reminders must have been derived for as_of."""
    total = outstanding(items)
    overdue = _balance_where(items, Status.OVERDUE)
    to_pay, late = payment_delays(items, as_of)
    return Kpis(
        as_of=as_of,
        outstanding=total,
        overdue=overdue,
        overdue_share=overdue / total if total > _EPS else None,
        disputed=_balance_where(items, Status.DISPUTED),
        overdue_invoices=int(_status_is(items, Status.OVERDUE).sum()),
        clients_to_remind=len(reminders),
        dso_accounting_90d=dso_accounting(items, as_of),
        dso_countback=dso_countback(items, as_of),
        avg_days_to_pay=to_pay,
        avg_days_late=late,
    )


def top_debtors(items: pd.DataFrame, aged: pd.DataFrame, n: int = TOP_DEBTORS) -> pd.DataFrame:
    """The n clients with the largest outstanding (rows of rules.aging.aged_by_client, in its
    order) with overdue (their overdue balance) and overdue_share (overdue / total)."""
    top = aged.head(n).copy()
    by_client = items[_status_is(items, Status.OVERDUE)].groupby("client_key")["balance"].sum()
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


def monthly_summary(items: pd.DataFrame, as_of: dt.date, months: int = 12) -> pd.DataFrame:
    """One row per calendar month, the `months` months up to as_of's month, oldest first.

    invoiced, collected, still_open, written_off: the items dated in the month, by their state
    at as_of (amount; paid; balance of the open ones; balance of the written-off ones).
    collections: what was paid at as_of with a payment date in the month.
    """
    this_month = np.datetime64(as_of, "M")
    first = this_month - (months - 1)
    month_of = items["date"].to_numpy().astype("datetime64[M]")
    back = (this_month - month_of).astype(np.int64)
    inside = (back >= 0) & (back < months)
    k = back[inside]
    written_off = _status_is(items, Status.WRITTEN_OFF)
    balance = items["balance"].to_numpy(dtype=float)
    paid = items["paid"].to_numpy(dtype=float)

    def per_month(index: np.ndarray, weights: np.ndarray) -> np.ndarray:
        return np.bincount(index, weights=weights, minlength=months)[::-1]

    pay = items["payment_date"].to_numpy()
    placed = ~np.isnat(pay) & (pay <= _ns(as_of))
    pay_back = (this_month - pay[placed].astype("datetime64[M]")).astype(np.int64)
    in_window = pay_back < months
    return pd.DataFrame(
        {
            "month": (first + np.arange(months)).astype("datetime64[ns]"),
            "invoiced": per_month(k, items["amount"].to_numpy(dtype=float)[inside]),
            "collected": per_month(k, paid[inside]),
            "still_open": per_month(k, (balance * is_open(items))[inside]),
            "written_off": per_month(k, (balance * written_off)[inside]),
            "collections": per_month(pay_back[in_window], paid[placed][in_window]),
        }
    )
