"""Key figures as of a date D, from the items `rules.aging.derive` gives for D and the cash
application of D (`rules.allocation.Allocation`), pure and vectorised.

Definitions (the dashboard and `arxl kpis` show them beside each figure):
- outstanding: the net receivable at D: balance of the open items (pending, overdue,
  disputed) less the clients' open credits (payments and credit notes not applied to an
  invoice: Allocation.unapplied);
- overdue: balance of the overdue items (past due, not disputed, after the clients' credits
  were set against their oldest invoices); its share of the open invoices (gross: a client's
  unapplied credit does not make another client's overdue invoices a larger share);
- disputed: balance of the disputed items; overdue invoices: how many items are overdue;
- clients to remind: the clients with an item due a reminder (rules.reminders);
- invoiced (credit sales) in a period: the sales documents dated in it, whatever their status
  at D: the invoices' amounts less the credit notes (payment rows of kind credit), never the
  payments (nor what a ledger export says is owed but not sold: refunds, transfers);
- DSO, accounting method: outstanding / invoiced in (D-90, D] x 90;
- DSO, count-back: walk back calendar months from D's month (which counts from its 1st to D),
  consuming each month's invoiced amount until the outstanding is used up, adding the days
  consumed (a month partly consumed adds its days pro rata). The walk stops at a month whose
  invoicing is zero or negative (it never walks through it) and after 24 months: the figure is
  then the days counted so far, a floor, and the stop is reported (CountBack);
- average days to pay / late: over the amounts received in (D - 12 months, D] and applied to
  an invoice (an invoice's own payment when its row says it is paid in full; each payment row
  or Paiements payment applied to it, on the payment's date), weighted by amount: payment date
  - invoice date, and max(payment date - due date, 0).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from arxl.rules.allocation import Allocation
from arxl.rules.periods import months_before
from arxl.vocab import EntryKind, Status

OPEN_STATUSES = (Status.PENDING.value, Status.OVERDUE.value, Status.DISPUTED.value)
ACCOUNTING_DAYS = 90
COUNTBACK_MONTHS = 24
PAYMENT_MONTHS = 12
_EPS = 1e-6
_DAY = np.timedelta64(1, "D")

# Why the count-back stopped before the outstanding was used up.
STOP_NON_POSITIVE = "non_positive"  # a month whose invoicing is <= 0
STOP_CAP = "cap"  # COUNTBACK_MONTHS walked


@dataclass(frozen=True)
class Kpis:
    """The dashboard's figures as of a date; None where a figure cannot be computed.

    dso_countback_stop and dso_countback_month are notes, not figures: why the count-back
    stopped before using up the outstanding (STOP_NON_POSITIVE, STOP_CAP, "" when it did
    not) and the month it stopped at ("YYYY-MM")."""

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
    dso_countback_stop: str = ""
    dso_countback_month: str = ""

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


NOTE_KEYS = frozenset({"dso_countback_stop", "dso_countback_month"})
KPI_KEYS = tuple(k for k in Kpis.__dataclass_fields__ if k != "as_of" and k not in NOTE_KEYS)
MONEY_KEYS = frozenset({"outstanding", "overdue", "disputed"})


def _ns(day: dt.date) -> np.datetime64:
    return np.datetime64(day, "ns")


def is_open(items: pd.DataFrame) -> np.ndarray:
    return items["status"].isin(OPEN_STATUSES).to_numpy()


def open_credits(allocation: Allocation | None) -> float:
    """The clients' open credits: what cash application left unapplied (positive)."""
    if allocation is None or not len(allocation.unapplied):
        return 0.0
    return float(allocation.unapplied["amount"].sum())


def outstanding(items: pd.DataFrame, allocation: Allocation | None = None) -> float:
    """The net receivable: open balances less the clients' open credits."""
    return float(items["balance"].to_numpy()[is_open(items)].sum()) - open_credits(allocation)


def status_is(items: pd.DataFrame, status: Status) -> np.ndarray:
    return (items["status"] == status.value).to_numpy()


def _balance_where(items: pd.DataFrame, status: Status) -> float:
    return float(items["balance"].to_numpy()[status_is(items, status)].sum())


def counted(allocation: Allocation | None, kind: EntryKind) -> pd.DataFrame:
    """The payment rows of one kind cash application counted (dated <= its as-of date)."""
    if allocation is None or not len(allocation.payments):
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "amount": []})
    pay = allocation.payments
    return pay[(pay["kind"] == kind.value).to_numpy()]


def credit_notes(allocation: Allocation | None) -> pd.DataFrame:
    """The credit notes (payment rows of kind credit) counted at the as-of date: date, amount."""
    return counted(allocation, EntryKind.CREDIT)


def _credit_note_arrays(allocation: Allocation | None) -> tuple[np.ndarray, np.ndarray]:
    """credit_notes' dates and amounts (empty without cash application, no frame built: the
    month-end series asks for them two dozen times)."""
    if allocation is None or not len(allocation.payments):
        return np.empty(0, dtype="datetime64[ns]"), np.empty(0)
    notes = credit_notes(allocation)
    return notes["date"].to_numpy(), notes["amount"].to_numpy(dtype=float)


def sold(items: pd.DataFrame) -> np.ndarray:
    """Each item's amount as a sale: its amount, or 0 for an item a ledger export says is not
    a sale (a `sale` column: a refund paid out to a client, a transfer between clients)."""
    amount = items["amount"].to_numpy(dtype=float)
    if "sale" not in items:
        return amount
    return np.where(items["sale"].fillna(True).to_numpy(dtype=bool), amount, 0.0)


@dataclass(frozen=True)
class Documents:
    """The sales documents of a picture as arrays, read once for the several periods a series
    asks about: the items' dates and amounts as sales (sold), the credit notes' dates and
    amounts (credit_notes)."""

    date: np.ndarray
    sold: np.ndarray
    note_date: np.ndarray
    note_amount: np.ndarray

    @classmethod
    def of(cls, items: pd.DataFrame, allocation: Allocation | None = None) -> Documents:
        return cls(items["date"].to_numpy(), sold(items), *_credit_note_arrays(allocation))

    def invoiced(self, after: dt.date | None, until: dt.date) -> float:
        """kpis.invoiced over these documents."""
        mask = self.date <= _ns(until)
        if after is not None:
            mask &= self.date > _ns(after)
        in_period = self.note_date <= _ns(until)
        if after is not None:
            in_period &= self.note_date > _ns(after)
        sales = float(self.sold[mask].sum())
        return sales - float(self.note_amount[in_period].sum())

    def monthly_sales(self, as_of: dt.date, months: int = COUNTBACK_MONTHS) -> np.ndarray:
        """kpis.monthly_sales over these documents."""
        this_month = np.datetime64(as_of, "M")

        def per_month(dates: np.ndarray, amounts: np.ndarray) -> np.ndarray:
            keep = dates <= _ns(as_of)
            back = (this_month - dates[keep].astype("datetime64[M]")).astype(np.int64)
            inside = back < months
            return np.bincount(back[inside], weights=amounts[keep][inside], minlength=months)

        return per_month(self.date, self.sold) - per_month(self.note_date, self.note_amount)


def invoiced(
    items: pd.DataFrame,
    after: dt.date | None,
    until: dt.date,
    allocation: Allocation | None = None,
) -> float:
    """Sales documents dated in (after, until] (after None: since the first): the items'
    amounts less the credit notes. Payments are never sales."""
    return Documents.of(items, allocation).invoiced(after, until)


def monthly_sales(
    items: pd.DataFrame, as_of: dt.date, months: int, allocation: Allocation | None = None
) -> np.ndarray:
    """Sales (invoices less credit notes) per calendar month, index 0 = as_of's month (from its
    1st to as_of), 1 = the month before, ... `months` months."""
    return Documents.of(items, allocation).monthly_sales(as_of, months)


def dso_accounting(
    items: pd.DataFrame,
    as_of: dt.date,
    days: int = ACCOUNTING_DAYS,
    allocation: Allocation | None = None,
    owed: float | None = None,
    documents: Documents | None = None,
) -> float | None:
    """Outstanding at as_of / invoiced in (as_of - days, as_of] x days; None without sales; 0
    when the clients owe nothing net. owed: the outstanding at as_of when already known (items
    may then be a later picture: only their dates and amounts are read); documents: those of
    items and allocation (Documents.of) when already read."""
    docs = documents if documents is not None else Documents.of(items, allocation)
    sales = docs.invoiced(as_of - dt.timedelta(days=days), as_of)
    if sales <= _EPS:
        return None
    owed = outstanding(items, allocation) if owed is None else owed
    return max(owed, 0.0) / sales * days


@dataclass(frozen=True)
class CountBack:
    """The count-back DSO and how the walk ended: days (None when no month could be used),
    months walked, stop ("" when the outstanding was used up, else STOP_NON_POSITIVE or
    STOP_CAP) and the first day of the month it stopped at."""

    days: float | None
    months: int
    stop: str = ""
    month: dt.date | None = None


def countback(
    items: pd.DataFrame,
    as_of: dt.date,
    allocation: Allocation | None = None,
    cap: int = COUNTBACK_MONTHS,
    owed: float | None = None,
    sales: np.ndarray | None = None,
) -> CountBack:
    """Walk back month by month from as_of's month, each month's sales consuming the net
    outstanding; never through a month whose sales are <= 0, never more than `cap` months.
    owed: as in dso_accounting; sales: monthly_sales(items, as_of, cap, allocation) when
    already known."""
    remaining = outstanding(items, allocation) if owed is None else owed
    if remaining <= _EPS:
        return CountBack(0.0, 0)
    if sales is None:
        sales = monthly_sales(items, as_of, cap, allocation)
    this_month = np.datetime64(as_of, "M")
    total = 0.0
    for k in range(cap):
        month = this_month - k
        start = month.astype("datetime64[D]")
        first = start.astype(dt.date)
        length = as_of.day if k == 0 else int(((month + 1).astype("datetime64[D]") - start) // _DAY)
        s = float(sales[k])
        if s <= _EPS:
            return CountBack(total if k else None, k, STOP_NON_POSITIVE, first)
        if s >= remaining - _EPS:
            return CountBack(total + remaining / s * length, k + 1)
        remaining -= s
        total += length
    first = (this_month - (cap - 1)).astype("datetime64[D]").astype(dt.date)
    return CountBack(total, cap, STOP_CAP, first)


def dso_countback(
    items: pd.DataFrame, as_of: dt.date, allocation: Allocation | None = None
) -> float | None:
    """The count-back DSO (countback(...).days)."""
    return countback(items, as_of, allocation).days


EVENT_COLUMNS = ("pay_date", "invoice_date", "due", "amount")


def payment_events(
    items: pd.DataFrame,
    as_of: dt.date,
    allocation: Allocation | None = None,
    months: int = PAYMENT_MONTHS,
) -> pd.DataFrame:
    """The amounts received in (as_of - months, as_of] and applied to an invoice: pay_date,
    invoice_date, due, amount. An invoice's own payment counts when its row says it is paid
    in full (status paid, a payment date); each payment applied by cash application (a payment
    row or a Paiements payment, not a credit note) counts on the payment's date."""
    columns = _events(items, as_of, allocation, months)
    return pd.DataFrame(dict(zip(EVENT_COLUMNS, columns, strict=True)))


def _events(
    items: pd.DataFrame, as_of: dt.date, allocation: Allocation | None, months: int
) -> tuple[np.ndarray, ...]:
    """payment_events' columns (EVENT_COLUMNS) as arrays: the invoices' own payments, then
    the payments cash application applied."""
    start, end = _ns(months_before(as_of, months)), _ns(as_of)
    pay = items["payment_date"].to_numpy()
    amount = items["amount"].to_numpy(dtype=float)
    own = items["own_paid"].to_numpy(dtype=float) if "own_paid" in items else amount
    own = np.minimum(np.nan_to_num(own), amount)
    mask = (
        status_is(items, Status.PAID)
        & (amount > 0)
        & (own > 0)
        & ~np.isnat(pay)
        & (pay > start)
        & (pay <= end)
    )
    parts = [(pay[mask], items["date"].to_numpy()[mask], items["due"].to_numpy()[mask], own[mask])]
    if allocation is not None and len(allocation.lines):
        lines = allocation.lines
        when = lines["pay_date"].to_numpy()
        keep = (lines["kind"] == EntryKind.PAYMENT.value).to_numpy() & (when > start)
        keep &= when <= end
        due_of = pd.Series(items["due"].to_numpy(), index=items["row"].to_numpy())
        due_of = due_of[~due_of.index.duplicated()]
        picked = lines[keep]
        parts.append(
            (
                picked["pay_date"].to_numpy(),
                picked["invoice_date"].to_numpy(),
                due_of.reindex(picked["invoice_row"].to_numpy()).to_numpy(),
                picked["amount"].to_numpy(dtype=float),
            )
        )
    return tuple(np.concatenate(column) for column in zip(*parts, strict=True))


def payment_delays(
    items: pd.DataFrame, as_of: dt.date, allocation: Allocation | None = None
) -> tuple[float | None, float | None]:
    """(average days to pay, average days late), amount-weighted over payment_events; None
    without payments."""
    pay, invoice_date, due, weight = _events(items, as_of, allocation, PAYMENT_MONTHS)
    if weight.sum() <= _EPS:
        return None, None
    # an advance received before its invoice was paid on the day of the invoice, not before
    to_pay = np.maximum((pay - invoice_date) / _DAY, 0.0)
    late = np.maximum((pay - due) / _DAY, 0.0)
    total = weight.sum()
    return float((weight * to_pay).sum() / total), float((weight * late).sum() / total)


def compute(
    items: pd.DataFrame,
    clients_to_remind: int,
    as_of: dt.date,
    allocation: Allocation | None = None,
) -> Kpis:
    """The figures for as_of; items and allocation must be those of as_of, clients_to_remind
    how many clients the reminders of as_of list."""
    gross = outstanding(items)  # the open invoices: the share is of what is invoiced and open
    total = gross - open_credits(allocation)  # outstanding(items, allocation), read once
    is_overdue = status_is(items, Status.OVERDUE)
    overdue = float(items["balance"].to_numpy()[is_overdue].sum())
    to_pay, late = payment_delays(items, as_of, allocation)
    walk = countback(items, as_of, allocation, owed=total)
    return Kpis(
        as_of=as_of,
        outstanding=total,
        overdue=overdue,
        overdue_share=overdue / gross if gross > _EPS else None,
        disputed=_balance_where(items, Status.DISPUTED),
        overdue_invoices=int(is_overdue.sum()),
        clients_to_remind=clients_to_remind,
        dso_accounting_90d=dso_accounting(items, as_of, allocation=allocation, owed=total),
        dso_countback=walk.days,
        avg_days_to_pay=to_pay,
        avg_days_late=late,
        dso_countback_stop=walk.stop,
        dso_countback_month=f"{walk.month:%Y-%m}" if walk.month else "",
    )
