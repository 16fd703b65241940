"""Due dates, real status, days overdue, buckets and reminder levels, as of a date (vectorised)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from arxl.model import PAID_TOLERANCE
from arxl.rules.lookup import as_dict, positions
from arxl.settings import Settings
from arxl.terms import NO_EOM, due_dates
from arxl.vocab import Status, TypedStatus, bucket_codes

_EPS = 1e-9
NO_LEVEL = -1  # reminder_level when the item gets no reminder


def derive(
    transactions: pd.DataFrame,
    clients: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    applied: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The transactions dated on or before as_of, in sheet order, with the derived columns.

    Adds: client_name, due (datetime64), paid, balance, status (Status value), days_overdue,
    bucket (code, "" when none), reminder_level (NO_LEVEL when none), own_paid (what the row
    itself says was paid), last_payment (datetime64, NaT when unknown), partial (bool).
    `applied` (rules.allocation.Allocation.by_invoice: index invoice row, columns applied,
    last_date and instead) adds what payment rows and credit notes settled to the row's own
    payment (of which `instead` had been counted by the status alone).
    """
    d = np.datetime64(as_of, "ns")
    tx = transactions[transactions["date"].to_numpy() <= d].reset_index(drop=True)
    by_key = clients.set_index("client_key")
    # each row's client in the list, found once for its terms and its name (as map finds it)
    at = positions(by_key.index, tx["client_key"])
    known = at >= 0
    terms = np.full(len(at), np.nan)
    terms[known] = by_key["terms"].to_numpy(dtype=float)[at[known]]
    eom = np.zeros(len(at), dtype=np.int8)
    if "terms_eom" in by_key:  # the client's "45 jours fin de mois" (its days, if it has some)
        eom[known] = by_key["terms_eom"].to_numpy(dtype=np.int8)[at[known]]
        eom[np.isnan(terms)] = NO_EOM
    terms = np.where(np.isnan(terms), settings.default_terms, terms)
    names = pd.Series(by_key["name"].array.take(at, allow_fill=True)).fillna("").array

    date = tx["date"].to_numpy()
    typed_due = tx["due_date"].to_numpy()
    computed_due = due_dates(date, terms, eom)
    due = np.where(np.isnat(typed_due), computed_due, typed_due)

    typed_status = tx["typed_status"]

    amount = tx["amount"].to_numpy(dtype=float)
    pay_date = tx["payment_date"].to_numpy()
    paid = own_paid_at(
        amount,
        tx["amount_paid"].to_numpy(dtype=float),
        pay_date,
        typed_is(typed_status, TypedStatus.PAID),
        d,
    )
    own_paid = paid
    pay_known = ~np.isnat(pay_date)
    own_date = np.where(pay_known & (pay_date <= d) & (paid > 0), pay_date, np.datetime64("NaT"))
    last_payment = own_date.astype("datetime64[ns]")
    if applied is not None and len(applied):
        extra = tx["row"].map(applied["applied"]).fillna(0.0).to_numpy(dtype=float)
        if "instead" in applied:  # a payment paid what only the status said paid
            instead = tx["row"].map(applied["instead"]).fillna(0.0).to_numpy(dtype=float)
            own_paid = instead_of_status(own_paid, instead)
        extra_date = tx["row"].map(applied["last_date"]).to_numpy(dtype="datetime64[ns]")
        later = ~np.isnat(extra_date) & (np.isnat(last_payment) | (extra_date > last_payment))
        last_payment = np.where(later, extra_date, last_payment)
        paid, balance = with_applied(amount, own_paid, extra)
    else:
        balance = amount - paid

    written_off = typed_is(typed_status, TypedStatus.WRITTEN_OFF)
    state = State.of(
        balance,
        amount,
        written_off,
        typed_is(typed_status, TypedStatus.UNAPPLIED),
        typed_is(typed_status, TypedStatus.DISPUTED),
        due,
        d,
    )
    open_credit, is_paid, overdue = state.open_credit, state.is_paid, state.overdue
    status_code = np.select(
        [written_off, is_paid, state.disputed, overdue], [0, 1, 2, 3], default=4
    )
    statuses = (Status.WRITTEN_OFF, Status.PAID, Status.DISPUTED, Status.OVERDUE, Status.PENDING)
    is_open, late_days = state.is_open, state.late_days
    days_overdue = np.where(is_open & ~open_credit, np.maximum(late_days, 0), 0)

    a, b, c = settings.bucket_bounds
    codes = bucket_codes(settings.bucket_bounds)
    bucket = np.select(
        [~is_open, days_overdue <= 0, days_overdue <= a, days_overdue <= b, days_overdue <= c],
        [0, 1, 2, 3, 4],
        default=5,
    )

    thresholds = np.asarray(settings.reminder_thresholds)
    reached = (days_overdue[:, None] >= thresholds[None, :]).sum(axis=1)
    until_due = -late_days
    pre_due = (
        (status_code == 4)  # pending
        & ~open_credit
        & (until_due >= 0)
        & (until_due <= settings.pre_due_days)
    )
    level = np.where(overdue & (reached >= 1), reached, np.where(pre_due, 0, NO_LEVEL)).astype(
        np.int64
    )

    out = tx  # a new frame already (filtered): no second copy of every column
    out["client_name"] = names
    out["due"] = due
    out["paid"] = paid
    out["balance"] = balance
    out["status"] = _texts([s.value for s in statuses], status_code)
    out["days_overdue"] = days_overdue.astype(np.int64)
    out["bucket"] = _texts(["", *codes], bucket)
    out["reminder_level"] = level
    out["own_paid"] = own_paid
    out["last_payment"] = last_payment
    out["partial"] = is_open & (paid > PAID_TOLERANCE)
    return out


def typed_is(typed_status: pd.Series, status: TypedStatus) -> np.ndarray:
    """Which rows' typed status (readers: what the Statut cell means) is `status`; a blank
    one is none."""
    return (typed_status == status.value).fillna(False).to_numpy(dtype=bool)


def own_paid_at(
    amount: np.ndarray,
    amount_paid: np.ndarray,
    pay_date: np.ndarray,
    says_paid: np.ndarray,
    d: np.datetime64,
) -> np.ndarray:
    """What each row itself says was paid by d: its paid amount, else its whole amount when it
    says it is paid or has a payment date; nothing while that payment date is after d."""
    pay_known = ~np.isnat(pay_date)
    return np.where(
        pay_known & (pay_date > d),
        0.0,
        np.where(~np.isnan(amount_paid), amount_paid, np.where(says_paid | pay_known, amount, 0.0)),
    )


def instead_of_status(own_paid: np.ndarray, instead: np.ndarray) -> np.ndarray:
    """What each row itself says was paid, less what the payments that name it paid instead
    of its status (rules.allocation.BY_REFERENCE_PAID; 0 where none): that payment is the
    one the status meant, counted once."""
    return np.where(instead > 0, np.round(own_paid - instead, 2), own_paid)


def with_applied(
    amount: np.ndarray, own_paid: np.ndarray, extra: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(paid, balance) once cash application added `extra` (0 where none) to the rows' own
    payments (rounded to the cent where it changed them)."""
    paid = np.where(extra > 0, np.round(own_paid + extra, 2), own_paid)
    return paid, np.where(paid != own_paid, np.round(amount - paid, 2), amount - paid)


@dataclass(frozen=True)
class State:
    """Where each row stands at d given its balance: an open credit (status "Non lettré", a
    payment or credit note not matched to an invoice yet, stays open while some of it is left:
    it lowers its client's balance and is never late; any other negative amount is settled at
    once), paid, disputed, the rest (pending or overdue), overdue, and its days past due."""

    open_credit: np.ndarray
    is_paid: np.ndarray
    disputed: np.ndarray
    rest: np.ndarray
    overdue: np.ndarray
    late_days: np.ndarray

    @classmethod
    def of(
        cls,
        balance: np.ndarray,
        amount: np.ndarray,
        written_off: np.ndarray,
        typed_unapplied: np.ndarray,
        typed_disputed: np.ndarray,
        due: np.ndarray,
        d: np.datetime64,
    ) -> State:
        open_credit = typed_unapplied & (amount < 0) & (balance < -(PAID_TOLERANCE + _EPS))
        is_paid = ~written_off & ~open_credit & (balance <= PAID_TOLERANCE + _EPS)
        disputed = ~written_off & ~is_paid & typed_disputed
        rest = ~written_off & ~is_paid & ~disputed
        overdue = rest & ~open_credit & (d > due)
        late_days = ((d - due) // np.timedelta64(1, "D")).astype(np.int64)
        return cls(open_credit, is_paid, disputed, rest, overdue, late_days)

    @property
    def is_open(self) -> np.ndarray:
        """Pending, overdue or disputed (rules.allocation.OPEN)."""
        return self.disputed | self.rest

    @property
    def current(self) -> np.ndarray:
        """Open and not past due (an open credit is never late): monthends.current_balance."""
        return self.is_open & (self.open_credit | (self.late_days <= 0))


def _texts(words: list[str], codes: np.ndarray) -> pd.Series:
    """words[code] for each code, as a str column (taken in Arrow: no Python string per row)."""
    return pd.Series(pa.array(words, pa.large_string()).take(pa.array(codes)), dtype="str")


def aged_by_client(
    items: pd.DataFrame,
    clients: pd.DataFrame,
    settings: Settings,
    unapplied: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per client with an open balance or an open credit: client_id, client_name, one
    column per bucket code, gross (the open invoices), credits (the client's unapplied credits,
    negative: rules.allocation.Allocation.unapplied) and total, the net balance (gross +
    credits); sorted by total (largest first), then client id."""
    codes = list(bucket_codes(settings.bucket_bounds))
    cols = ["client_key", "client_id", "client_name", *codes, "gross", "credits", "total"]
    open_items = items.loc[items["bucket"] != "", ["client_key", "client_id", "bucket", "balance"]]
    credit = (
        unapplied.set_index("client_key")["amount"].astype(float)
        if unapplied is not None and len(unapplied)
        else pd.Series(dtype=float)
    )
    credit = credit[credit > 0]
    if open_items.empty and credit.empty:
        empty = {c: pd.Series(dtype=object) for c in ("client_key", "client_id", "client_name")}
        empty.update({c: pd.Series(dtype=float) for c in (*codes, "gross", "credits", "total")})
        return pd.DataFrame(empty)
    # each client's balance per bucket: grouped by (client, bucket) with both sorted and the
    # rows of no client left out, as the pivot table grouped them (pandas sums rows sorted by
    # group otherwise than others: the same groups in the same order give the same sums)
    client, keys = pd.factorize(open_items["client_key"], sort=True)
    bucket, buckets = pd.factorize(open_items["bucket"], sort=True)
    cell = np.where(client >= 0, client * len(buckets) + bucket, np.nan)
    sums = open_items["balance"].groupby(cell).sum()
    found = sums.index.to_numpy(dtype=np.int64)
    column = pd.Index(codes).get_indexer(buckets)[found % len(buckets)]
    grid = np.zeros((len(keys), len(codes)))
    kept = column >= 0
    grid[found[kept] // len(buckets), column[kept]] = sums.to_numpy(dtype=float)[kept]
    columns = pd.Index(codes, name="bucket")  # the pivot table's name for them, kept
    table = pd.DataFrame(grid, index=keys, columns=columns)
    table = table.reindex(table.index.union(credit.index, sort=False), fill_value=0.0)
    table["gross"] = table[codes].sum(axis=1)
    table["credits"] = -credit.reindex(table.index).fillna(0.0) + 0.0
    has_credit = table["credits"].to_numpy() != 0
    net = table["gross"] + table["credits"]
    table["total"] = np.where(has_credit, net.round(2), table["gross"])
    keyed = np.flatnonzero(client >= 0)
    _, first = np.unique(client[keyed], return_index=True)  # each client's first open item
    first_ids = open_items["client_id"].to_numpy(dtype=object)[keyed[first]]
    firsts = dict(zip(keys, first_ids, strict=True))
    by_key = clients.set_index("client_key")
    ids, names = as_dict(by_key["client_id"]), as_dict(by_key["name"])
    if unapplied is not None and "client_id" in unapplied:
        for k, cid in zip(unapplied["client_key"], unapplied["client_id"], strict=True):
            firsts.setdefault(k, cid)
    keys = table.index.tolist()
    table["client_id"] = [ids.get(k, firsts.get(k, k)) for k in keys]
    table["client_name"] = [names.get(k, "") for k in keys]
    table.index.name = "client_key"
    table = table.reset_index()
    table = table.sort_values(["total", "client_id"], ascending=[False, True], kind="mergesort")
    return table[cols].reset_index(drop=True)


def net_balances(items: pd.DataFrame, unapplied: pd.DataFrame | None) -> pd.Series:
    """Per client key: open invoices (balances of pending, overdue and disputed items) minus the
    client's open credits (rules.allocation.Allocation.unapplied)."""
    is_open = items["bucket"].to_numpy() != ""
    net = items.loc[is_open].groupby("client_key", sort=False)["balance"].sum()
    if unapplied is not None and len(unapplied):
        credit = unapplied.groupby("client_key", sort=False)["amount"].sum()
        net = net.reindex(net.index.union(credit.index, sort=False), fill_value=0.0)
        net = net - credit.reindex(net.index).fillna(0.0)
    return net.round(2)


def clear_levels_when_nothing_owed(items: pd.DataFrame, net: pd.Series) -> pd.DataFrame:
    """No reminder (not even the pre-due one) for the invoices of a client whose net balance is
    zero or negative: a client who owes nothing is never chased."""
    owed = items["client_key"].map(net).fillna(0.0).to_numpy(dtype=float)
    clear = (owed <= PAID_TOLERANCE) & (items["reminder_level"].to_numpy() != NO_LEVEL)
    if clear.any():
        items["reminder_level"] = np.where(clear, NO_LEVEL, items["reminder_level"].to_numpy())
    return items
