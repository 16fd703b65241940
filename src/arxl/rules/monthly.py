"""The monthly report's rules: the picture at several dates, the roll-forward of receivables,
the CEI, DSO month by month and the D441-6 statutory table (pure, vectorised).

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
from arxl.rules.monthends import receivables
from arxl.rules.periods import month_end, month_ends, previous_month_end
from arxl.rules.reminders import clients_to_remind
from arxl.settings import Settings
from arxl.vocab import Status, bucket_codes

_CENT = 0.005


PICTURES_KEPT = 2  # pictures of past days a Ledgers keeps (see Ledgers.picture)


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
    # invoice number -> naming.invoice_keys, shared by the cash application of every day
    _number_keys: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def picture(self, day: dt.date) -> tuple[pd.DataFrame, Allocation | None]:
        """The items of `day` and the cash application of that day (None without payments).
        Callers read them, never change them. The last PICTURES_KEPT days worked out are kept
        (a series asks each month end twice in a row, a report a few of them again), not all
        of them: each is a whole ledger's derived items."""
        if day in self._seeded:
            return self._seeded[day]
        found = self._pictures.pop(day, None)
        if found is None:
            found = self._work_out(day)
        self._pictures[day] = found  # the most recent last
        while len(self._pictures) > PICTURES_KEPT:
            del self._pictures[next(iter(self._pictures))]
        return found

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
        allocation = allocate(items, self.payments, known, day, self._number_keys, hints=False)
        items = derive(self.transactions, self.clients, self.settings, day, allocation.by_invoice)
        items = clear_levels_when_nothing_owed(items, net_balances(items, allocation.unapplied))
        return items, allocation

    def at(self, day: dt.date) -> pd.DataFrame:
        return self.picture(day)[0]


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
        return self.opening + self.invoiced - self.collected - self.written_off - self.closing

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
    return (
        float(amounts[is_pay].sum()),
        float(amounts[~is_pay].sum()),
        (int((used > _CENT).sum()), float(used.sum())),
    )


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
    at = receivables(ledgers.picture, end, with_cash)
    rows = []
    # without cash application every day reads the same picture: its documents are read once
    read: pd.DataFrame | None = None
    documents: kpis.Documents | None = None
    for day in ends:
        opening = at(previous_month_end(day))[2]
        items, alloc, closing, current, sales = at(day)
        if items is not read or documents is None:
            read, documents = items, kpis.Documents.of(items, alloc)
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
