"""The roll-forward of receivables over a period (the monthly report's Synthèse): opening +
invoiced - collected - written off = closing, each item's part of any difference explained."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from arxl.rules import kpis
from arxl.rules.allocation import Allocation
from arxl.vocab import Status

_CENT = 0.005


def _ns(day: dt.date) -> np.datetime64:
    return np.datetime64(day, "ns")


def dated_between(items: pd.DataFrame, column: str, first: dt.date, last: dt.date) -> np.ndarray:
    """Mask of the items whose `column` date falls in [first, last]."""
    values = items[column].to_numpy()
    return ~np.isnat(values) & (values >= _ns(first)) & (values <= _ns(last))


# --- roll-forward --------------------------------------------------------------------------

GAP_REASONS = ("credit_note", "no_payment_date", "overpaid", "other")


@dataclass(frozen=True)
class Gap:
    reason: str  # one of GAP_REASONS
    count: int
    amount: float  # its share of the difference


@dataclass(frozen=True)
class RollForward:
    """opening + invoiced - collected - written_off = closing, over [start, end]."""

    start: dt.date
    end: dt.date
    opening: float
    invoiced: float
    collected: float
    written_off: float
    closing: float
    gaps: list[Gap] = field(default_factory=list)
    payment_dates: int = 0  # items with a payment date in the whole picture at end

    @property
    def difference(self) -> float:
        """To the cent (sums of cents leave a float's dust, 1.8e-12, where there is none)."""
        gap = self.opening + self.invoiced - self.collected - self.written_off - self.closing
        return round(gap, 2) + 0.0  # + 0.0: never -0.0

    @property
    def balances(self) -> bool:
        return abs(self.difference) < _CENT


def roll_forward(
    before: pd.DataFrame,
    after: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    allocation_before: Allocation | None = None,
    allocation_after: Allocation | None = None,
) -> RollForward:
    """before: the items at start - 1 day; after: the items at end (with their cash
    application, when the ledger has payment rows or credit notes).

    opening, closing: the net receivables (kpis.outstanding); invoiced: the sales of the period
    (invoices less credit notes, kpis.invoiced); collected: the cash received in [start, end]:
    what the invoices' own rows say was paid on a date in the period, and the payments
    (payment rows, Paiements) dated in it; written off: the balance of the written-off items
    dated in [start, end] (the workbook records no write-off date, so a write-off counts from
    its invoice date). Each item's part of any difference is classified: credit notes, amounts
    paid without a payment date, overpayments, other; a credit note whose own row says it was
    used up before counts as a credit note difference.
    """
    opening_by_row = pd.Series(
        before["balance"].to_numpy() * kpis.is_open(before), index=before["row"].to_numpy()
    )
    opening_by_row = opening_by_row[~opening_by_row.index.duplicated()]
    opening = opening_by_row.reindex(after["row"].to_numpy(), fill_value=0.0).to_numpy()
    amount = after["amount"].to_numpy(dtype=float)
    balance = after["balance"].to_numpy(dtype=float)
    own = after["own_paid"] if "own_paid" in after else after["paid"]
    own = np.nan_to_num(own.to_numpy(dtype=float))
    in_period = dated_between(after, "date", start, end)
    invoiced = np.where(in_period, amount, 0.0)
    collected = np.where(dated_between(after, "payment_date", start, end), own, 0.0)
    written_off_mask = (after["status"] == Status.WRITTEN_OFF.value).to_numpy()
    written_off = np.where(in_period & written_off_mask, balance, 0.0)
    closing = balance * kpis.is_open(after)
    # what cash application set against each item during the period is explained below
    moved = _applied(after, allocation_after) - _applied(after, allocation_before)
    residual = opening + invoiced - collected - written_off - closing - moved

    received, notes, used_up = _cash_in_period(allocation_after, start, end)
    no_date = np.isnat(after["payment_date"].to_numpy())
    reasons = np.select(
        [amount < 0, no_date & (np.abs(own) > _CENT), own > amount + _CENT],
        list(GAP_REASONS[:3]),
        default=GAP_REASONS[3],
    )
    off = np.abs(residual) >= _CENT
    gaps = []
    for reason in GAP_REASONS:
        mine = off & (reasons == reason)
        count, part = int(mine.sum()), float(residual[mine].sum())
        if reason == GAP_REASONS[0] and used_up[0]:
            count, part = count + used_up[0], part - used_up[1]
        if count:
            gaps.append(Gap(reason, count, part))
    return RollForward(
        start,
        end,
        float(opening.sum()) - kpis.open_credits(allocation_before),
        float(invoiced.sum()) - notes,
        float(collected.sum()) + received,
        float(written_off.sum()),
        float(closing.sum()) - kpis.open_credits(allocation_after),
        gaps,
        int((~no_date).sum()),
    )


def _applied(items: pd.DataFrame, allocation: Allocation | None) -> np.ndarray:
    """Per item, what cash application set against it (payments and credit notes)."""
    if allocation is None or not len(allocation.by_invoice):
        return np.zeros(len(items))
    return items["row"].map(allocation.by_invoice["applied"]).fillna(0.0).to_numpy(dtype=float)


def _cash_in_period(
    allocation: Allocation | None, start: dt.date, end: dt.date
) -> tuple[float, float, tuple[int, float]]:
    """(payments received, credit notes issued, (count, amount) of credit notes used up
    before) among the payment rows of a known client dated in [start, end]."""
    if allocation is None or not len(allocation.payments):
        return 0.0, 0.0, (0, 0.0)
    pay = allocation.payments
    mine = pay[(pay["to_identify"] == "").to_numpy() & dated_between(pay, "date", start, end)]
    is_pay = (mine["kind"] == "payment").to_numpy()
    amounts = mine["amount"].to_numpy(dtype=float)
    used = mine["used_up"].to_numpy(dtype=float) if "used_up" in mine else np.zeros(len(mine))
    used = np.where(is_pay, 0.0, used)
    # a refund or a bounced cheque: the payment came in on its date, went back on the refund's
    back = allocation.refunds()
    back_in = dated_between(back, "pay_date", start, end) @ back["amount"].to_numpy()
    back_out = dated_between(back, "date", start, end) @ back["amount"].to_numpy()
    return (
        float(amounts[is_pay].sum() + back_in - back_out),
        float(amounts[~is_pay].sum()),
        (int((used > _CENT).sum()), float(used.sum())),
    )
