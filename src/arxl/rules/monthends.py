"""The receivables at earlier dates read off one later picture, for a ledger without cash
application (no payment rows, credit notes or Paiements): the month-end series of the dashboard
and the monthly report without a full rules.aging.derive per month end.

Without cash application an item's state at a date depends only on its own row: what it says
was paid counts from its payment date on. So the items dated by `day` are those of the later
picture dated by `day`, each with the balance the later picture gives it, or its whole amount
when its own payment is dated after `day`; open, credit and late are then decided by
rules.aging.State, as derive decides them (tests/rules/test_monthends.py holds the two to the same
figures).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from arxl.rules import kpis
from arxl.rules.aging import State, typed_is
from arxl.rules.allocation import Allocation
from arxl.rules.cashnumbers import CashNumbers
from arxl.vocab import TypedStatus

Picture = Callable[[dt.date], tuple[pd.DataFrame, Allocation | None]]


class AtDay(NamedTuple):
    """The receivables at a day as month_series reads them: items and allocation (those of
    the day, or of a later picture when only their dates and amounts are read: then allocation
    is None), outstanding (net of open credits), current (current_balance), the count-back's
    monthly sales (None: worked out from items and allocation) and the sales documents."""

    items: pd.DataFrame
    allocation: Allocation | None
    outstanding: float
    current: float
    sales: np.ndarray | None
    documents: kpis.Documents


def current_balance(items: pd.DataFrame) -> float:
    """Open balance not yet due (due on the date included), disputes included."""
    mask = kpis.is_open(items) & (items["days_overdue"].to_numpy() <= 0)
    return float(items["balance"].to_numpy()[mask].sum())


def receivables(
    picture: Picture,
    end: dt.date,
    with_cash: bool,
    numbers: Callable[[], CashNumbers | None] | None = None,
) -> Callable[[dt.date], AtDay]:
    """day -> AtDay at day <= end, a month end or end, from `picture` (monthly.Ledgers.picture).
    Without cash application (with_cash False and no allocation at end) every day is read off
    the picture at end, whose items then stand for those of day in kpis.invoiced,
    monthly_sales, countback and dso_accounting (given the outstanding, they read the items'
    dates and amounts only, up to day). With it, `numbers` (monthly.Ledgers.cash_numbers) gives
    the figures of each day without its picture (rules.cashnumbers), when it can; else each
    day's picture is worked out."""
    items, allocation = picture(end)
    if with_cash or allocation is not None:
        cash = numbers() if numbers is not None else None
        if cash is not None:

            def counted(day: dt.date) -> AtDay:
                closing, current, documents = cash.at(day)
                sales = documents.monthly_sales(day)
                return AtDay(items, None, closing, current, sales, documents)

            return counted

        def full(day: dt.date) -> AtDay:
            found, alloc = picture(day)
            owed, docs = kpis.outstanding(found, alloc), kpis.Documents.of(found, alloc)
            return AtDay(found, alloc, owed, current_balance(found), None, docs)

        return full
    later: Later = Later(items)
    seen: dict[dt.date, Open] = {}
    documents = kpis.Documents.of(items)

    def read_off(day: dt.date) -> AtDay:
        if day not in seen:
            seen[day] = later.at(day)
        found = seen[day]
        return AtDay(items, None, found.outstanding, found.current, later.sales(day), documents)

    return read_off


@dataclass(frozen=True)
class Open:
    """At one date: outstanding (the open balances; no open credits without cash application)
    and current (the open balance not yet due, disputes included: current_balance)."""

    outstanding: float
    current: float


class Later:
    """The items of a picture at `end` (rules.aging.derive without `applied`), read at any
    date up to `end`."""

    def __init__(self, items: pd.DataFrame) -> None:
        typed = items["typed_status"]

        self._date = items["date"].to_numpy()
        self._amount = items["amount"].to_numpy(dtype=float)
        self._balance = items["balance"].to_numpy(dtype=float)
        self._due = items["due"].to_numpy()
        self._pay_date = items["payment_date"].to_numpy()
        self._written_off = typed_is(typed, TypedStatus.WRITTEN_OFF)
        self._unapplied = typed_is(typed, TypedStatus.UNAPPLIED)
        # sales per calendar month, summed in item order as kpis.monthly_sales sums them
        self._month = self._date.astype("datetime64[M]").astype(np.int64)
        self._first = int(self._month.min()) if len(self._month) else 0
        self._sold = kpis.sold(items)
        self._sales = np.bincount(self._month - self._first, weights=self._sold)

    def sales(self, day: dt.date, months: int = kpis.COUNTBACK_MONTHS) -> np.ndarray:
        """kpis.monthly_sales(items of day, day, months) without credit notes: index 0 =
        day's month up to day, 1 = the month before, ..."""
        this = int(np.datetime64(day, "M").astype(np.int64)) - self._first
        back = this - np.arange(months)
        inside = (back >= 0) & (back < len(self._sales))
        out = np.zeros(months)
        out[inside] = self._sales[back[inside]]
        if 0 <= this < len(self._sales):  # day's month up to day only, when it goes on
            mine = self._month - self._first == this
            after = mine & (self._date > np.datetime64(day, "ns"))
            if after.any():
                keep = mine & ~after
                out[0] = np.bincount(np.zeros(int(keep.sum()), np.int64), self._sold[keep], 1)[0]
        return out

    def at(self, day: dt.date) -> Open:
        d = np.datetime64(day, "ns")
        dated = self._date <= d
        later_paid = ~np.isnat(self._pay_date) & (self._pay_date > d)
        balance = np.where(later_paid, self._amount, self._balance)[dated]
        # open is disputed or not alike here: no disputes told apart
        undisputed = np.zeros(len(balance), dtype=bool)
        state = State.of(
            balance,
            self._amount[dated],
            self._written_off[dated],
            self._unapplied[dated],
            undisputed,
            self._due[dated],
            d,
        )
        return Open(float(balance[state.is_open].sum()), float(balance[state.current].sum()))
