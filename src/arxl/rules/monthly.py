"""The monthly report's rules: the picture at several dates, the roll-forward of receivables
(rules.rollforward), the CEI, DSO month by month and the D441-6 statutory table (pure,
vectorised).

`Ledgers.picture(day)` is the picture of that day: rules.aging.derive, then cash application of
the payments and credit notes dated by then (rules.allocation), as the analysis does: an item is
open at a date when it was open on that date (a payment dated later did not count yet), and the
receivables are net of the clients' open credits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from arxl.rules import kpis
from arxl.rules.aging import aged_by_client, clear_levels_when_nothing_owed, derive, net_balances
from arxl.rules.allocation import Allocation, allocate
from arxl.rules.cashnumbers import CashNumbers
from arxl.rules.invoice_index import KeyBook
from arxl.rules.monthends import receivables
from arxl.rules.periods import month_end, month_ends, previous_month_end
from arxl.rules.reminders import clients_to_remind
from arxl.rules.rollforward import RollForward, roll_forward
from arxl.settings import Settings
from arxl.vocab import Status, bucket_codes

_CENT = 0.005


PICTURES_KEPT = 1  # pictures of past days a Ledgers keeps (see Ledgers.picture)


@dataclass(frozen=True)
class Ledgers:
    """The frames the rules need to derive the picture at any date (payments: the ledger's
    payment rows and credit notes, readers.payments.PAYMENT_COLUMNS; None when it has none)."""

    transactions: pd.DataFrame
    clients: pd.DataFrame
    settings: Settings
    payments: pd.DataFrame | None = None
    # the pictures already worked out (a report asks for the same month ends several times)
    _pictures: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _seeded: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    # the invoice keys of the transactions, shared by the cash application of every day
    _key_book: list = field(default_factory=list, init=False, repr=False, compare=False)

    def picture(self, day: dt.date) -> tuple[pd.DataFrame, Allocation | None]:
        """The items of `day` and the cash application of that day (None without payments).
        Callers read them, never change them. The last PICTURES_KEPT days worked out are kept
        (the dashboard asks the previous month end twice in a row), not all of them: each is a
        whole ledger's derived items (50 MB at 200 000 rows)."""
        if day in self._seeded:
            return self._seeded[day]
        found = self._pictures.pop(day, None)
        if found is None:
            found = self._work_out(day)
        self._pictures[day] = found  # the most recent last
        while len(self._pictures) > PICTURES_KEPT:
            del self._pictures[next(iter(self._pictures))]
        return found

    def key_book(self) -> KeyBook:
        """The invoice keys of the transactions, worked out once for every day."""
        if not self._key_book:
            self._key_book.append(KeyBook(self.transactions))
        return self._key_book[0]

    def cash_numbers(self, end: dt.date) -> CashNumbers | None:
        """The receivables up to `end` as numbers (rules.cashnumbers), None when the rows cannot
        be read that way (one invoice row held by two items) or without payments."""
        if self.payments is None or not len(self.payments):
            return None
        found = CashNumbers(
            self.transactions, self.clients, self.settings, self.payments, self.key_book(), end
        )
        return found if found.usable else None

    def use(self, key_book: KeyBook | None) -> None:
        """Read the invoice keys off `key_book` (the analysis's, of these transactions) instead
        of working them out again."""
        if key_book is not None and key_book.transactions is self.transactions:
            self._key_book[:] = [key_book]

    def seed(self, day: dt.date, items: pd.DataFrame, allocation: Allocation | None) -> None:
        """Take the picture of `day` already worked out the same way (api.Analysis: derive,
        cash application, derive again), so that it is not worked out twice; kept."""
        self._seeded.setdefault(day, (items, allocation))

    def _work_out(self, day: dt.date) -> tuple[pd.DataFrame, Allocation | None]:
        items = derive(self.transactions, self.clients, self.settings, day)
        if self.payments is None or not len(self.payments):
            return items, None
        # the clients of the list and of the invoices (each key once: unique before the set)
        known = set(self.clients["client_key"]) | set(items["client_key"].unique().tolist())
        allocation = allocate(items, self.payments, known, day, self.key_book(), hints=False)
        items = derive(self.transactions, self.clients, self.settings, day, allocation.by_invoice)
        items = clear_levels_when_nothing_owed(items, net_balances(items, allocation.unapplied))
        return items, allocation

    def at(self, day: dt.date) -> pd.DataFrame:
        return self.picture(day)[0]


def cei(opening: float, invoiced: float, closing: float, closing_current: float) -> float | None:
    """(opening + invoiced - closing) / (opening + invoiced - closing current) x 100."""
    denominator = opening + invoiced - closing_current
    if abs(denominator) < _CENT:
        return None
    return (opening + invoiced - closing) / denominator * 100


def history_start(ledgers: Ledgers) -> dt.date | None:
    """The date of the ledger's first document (None when it has none): figures that need the
    months before it are left out (n/d) rather than computed from a history that is missing."""
    dates = ledgers.transactions["date"].dropna()
    return None if dates.empty else pd.Timestamp(dates.min()).date()


def with_history(figures: kpis.Kpis, since: dt.date | None) -> kpis.Kpis:
    """The figures less those whose window starts before the ledger's history: the DSO over
    90 days when the ledger is younger than that, the count-back when it stopped at the empty
    months before the first document."""
    if since is None:
        return figures
    changes: dict[str, object] = {}
    if since > figures.as_of - dt.timedelta(days=kpis.ACCOUNTING_DAYS - 1):
        changes["dso_accounting_90d"] = None
    if figures.dso_countback_stop == kpis.STOP_NON_POSITIVE and figures.dso_countback_month < (
        f"{since:%Y-%m}"
    ):
        changes.update(dso_countback=None, dso_countback_stop="", dso_countback_month="")
    return replace(figures, **changes) if changes else figures


def month_end_figures(ledgers: Ledgers, day: dt.date) -> kpis.Kpis | None:
    """The key figures at `day` (a month end), None before the ledger's first document."""
    since = history_start(ledgers)
    if since is None or since > day:
        return None
    items, alloc = ledgers.picture(day)
    return with_history(
        kpis.compute(items, clients_to_remind(items, ledgers.clients), day, alloc), since
    )


def month_series(ledgers: Ledgers, end: dt.date, months: int = 12) -> pd.DataFrame:
    """One row per month, the `months` months up to end's month (end stands for the end of its
    month), oldest first: month, end, opening, invoiced, closing, closing_current, cei,
    dso_accounting_90d, dso_countback, countback_stop and countback_month (kpis.CountBack: why
    and where the count-back stopped, when it did). Receivables are net of the clients' open
    credits (so the payments applied from payment rows or a Paiements sheet count), invoiced is
    sales. A figure the ledger's history cannot give is None (n/d): the CEI of a month that
    starts before the first document (its opening is unknown, not zero), the DSO and
    count-back as `with_history` says."""
    ends = month_ends(end, months)
    since = history_start(ledgers)
    with_cash = ledgers.payments is not None and len(ledgers.payments) > 0
    at = receivables(ledgers.picture, end, with_cash, lambda: ledgers.cash_numbers(end))
    rows = []
    last: tuple[dt.date, float] | None = None  # the month end before and its receivables
    for day in ends:
        before = previous_month_end(day)
        opening = last[1] if last is not None and last[0] == before else at(before).outstanding
        items, alloc, closing, current, sales, documents = at(day)
        last = (day, closing)
        invoiced = documents.invoiced(previous_month_end(day), day)
        walk = kpis.countback(items, day, alloc, owed=closing, sales=sales)
        known = since is not None and since < day.replace(day=1)
        dso = kpis.dso_accounting(items, day, allocation=alloc, owed=closing, documents=documents)
        stop, month, countback = walk.stop, walk.month, walk.days
        if since is None or since > day - dt.timedelta(days=kpis.ACCOUNTING_DAYS - 1):
            dso = None
        if (since is None or since > day) or (
            stop == kpis.STOP_NON_POSITIVE and month is not None and month < since.replace(day=1)
        ):
            stop, month, countback = "", None, None
        rows.append(
            {
                "month": pd.Timestamp(day.replace(day=1)),
                "end": pd.Timestamp(day),
                "opening": opening,
                "invoiced": invoiced,
                "closing": closing,
                "closing_current": current,
                "cei": cei(opening, invoiced, closing, current) if known else None,
                "dso_accounting_90d": dso,
                "dso_countback": countback,
                "countback_stop": stop,
                "countback_month": month,
            }
        )
    return pd.DataFrame(rows)


# --- D441-6 ---------------------------------------------------------------------------------

D441_ROWS = ("count", "amount", "share", "disputed_count", "disputed_amount")


def year_start(end: dt.date, start: tuple[int, int]) -> dt.date:
    """The first day of the financial year that holds `end`, the year starting on `start`
    (day, month), settings.fiscal_year_start."""
    day, month = start
    first = dt.date(end.year, month, day)
    return first if first <= end else dt.date(end.year - 1, month, day)


def d441_6(items: pd.DataFrame, settings: Settings, turnover: float) -> pd.DataFrame:
    """The Code de commerce D441-6 table of invoices issued and unpaid at the date.

    Columns: the bucket codes (the first, not yet due, is the form's indicative "0 day"
    column) and "total" (1 day late and more). Rows: count, amount (open balance, TTC) and
    share of `turnover` (the financial year's sales TTC, see `month_figures`) of the undisputed
    open invoices; disputed_count and disputed_amount, the disputed ones, excluded from the first
    rows and disclosed on their own (section B of the form).
    """
    codes = list(bucket_codes(settings.bucket_bounds))
    status = items["status"].to_numpy(dtype=object)
    bucket = items["bucket"].to_numpy(dtype=object)
    balance = items["balance"].to_numpy(dtype=float)
    disputed = status == Status.DISPUTED.value
    undisputed = np.isin(status, (Status.PENDING.value, Status.OVERDUE.value))
    table = {}
    for code in [*codes, "total"]:
        in_col = np.isin(bucket, codes[1:]) if code == "total" else bucket == code
        amount = float(balance[undisputed & in_col].sum())
        table[code] = [
            int((undisputed & in_col).sum()),
            amount,
            amount / turnover if turnover > _CENT else np.nan,
            int((disputed & in_col).sum()),
            float(balance[disputed & in_col].sum()),
        ]
    return pd.DataFrame(table, index=list(D441_ROWS))


# --- everything the monthly report shows ----------------------------------------------------


@dataclass
class MonthFigures:
    """The figures of the report for the month starting `first`, as of `end` (its last day, or
    the as-of date when earlier); compared with the end of the previous month and the end of the
    same month a year earlier."""

    first: dt.date
    end: dt.date
    items: pd.DataFrame  # at end
    aged: pd.DataFrame  # at end
    figures: dict[str, kpis.Kpis | None]  # "end", "month_before", "year_before" (None: before
    # the ledger's first document)
    roll: RollForward
    series: pd.DataFrame  # month_series
    d441: pd.DataFrame
    invoiced: float  # sales in [first, end]
    allocation: Allocation | None = None  # cash application at end
    year_start: dt.date | None = None  # first day of the financial year holding end
    turnover: float = 0.0  # sales TTC in [year_start, end]: the D441-6 shares' base


def month_figures(ledgers: Ledgers, first: dt.date, end: dt.date) -> MonthFigures:
    """The D441-6 shares are of the turnover TTC (sales: invoices less credit notes) of the
    financial year up to end: from the start of the year holding end (settings.fiscal_year_start)
    to end, the whole year when end is its closing date, as article D441-6 asks."""
    before = previous_month_end(first)
    year_before = month_end(first.replace(year=first.year - 1))
    items, allocation = ledgers.picture(end)
    figures: dict[str, kpis.Kpis | None] = {}
    since = history_start(ledgers)
    for key, day in (("end", end), ("month_before", before), ("year_before", year_before)):
        if key != "end" and (since is None or since > day):
            figures[key] = None  # before the first document: nothing to compare with
            continue
        picture, alloc = (items, allocation) if day == end else ledgers.picture(day)
        found = kpis.compute(picture, clients_to_remind(picture, ledgers.clients), day, alloc)
        figures[key] = with_history(found, since)
    invoiced = kpis.invoiced(items, before, end, allocation)
    opening = year_start(end, ledgers.settings.fiscal_year_start)
    turnover = kpis.invoiced(items, opening - dt.timedelta(days=1), end, allocation)
    before_items, before_alloc = ledgers.picture(before)
    unapplied = allocation.unapplied if allocation is not None else None
    return MonthFigures(
        first=first,
        end=end,
        items=items,
        aged=aged_by_client(items, ledgers.clients, ledgers.settings, unapplied),
        figures=figures,
        roll=roll_forward(before_items, items, first, end, before_alloc, allocation),
        series=month_series(ledgers, end),
        d441=d441_6(items, ledgers.settings, turnover),
        invoiced=invoiced,
        allocation=allocation,
        year_start=opening,
        turnover=turnover,
    )
