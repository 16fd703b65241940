"""The receivables at earlier dates of a ledger with cash application (payment rows, credit
notes, a Paiements sheet), as numbers: the month-end series of the dashboard and of the monthly
report (rules.monthly.month_series) without a whole picture per month end.

A picture of a day (rules.monthly.Ledgers.picture) derives the ledger, applies the payments
dated by then and derives it again: frames of every invoice and every payment, twice a day.
The series reads four things of it: the net receivable, the part not yet due, and the credit
notes' dates and amounts (the sales are the invoices' own dates and amounts, read off any later
picture, monthends). Here the rows are read once, at the last date; each day then works out, as
arrays, what the rows themselves say was paid by then (rules.aging.own_paid_at), the cash
application of the payments dated by then (the same rule and code: rules.fifo's arrays for the
clients paid oldest first, rules.allocation.walk for the others), what is left on each invoice
(rules.aging.with_applied) and where it stands (rules.aging.State). tests/rules/test_cashnumbers.py
holds every figure to the full picture's, to the last bit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pandas as pd

from arxl.model import PAID_BACK
from arxl.rules import kpis
from arxl.rules.aging import (
    State,
    derive,
    instead_of_status,
    own_paid_at,
    typed_is,
    with_applied,
)
from arxl.rules.allocation import (
    BY_REFERENCE_PAID,
    client_of,
    open_balances,
    status_paid_cents,
    walk,
)
from arxl.rules.fifo import oldest_first
from arxl.rules.invoice_index import InvoiceIndex, KeyBook
from arxl.rules.refunds import as_paid_then
from arxl.settings import Settings
from arxl.vocab import EntryKind, TypedStatus


class CashNumbers:
    """The ledger's rows read at `end` (the last date asked), and its payments in the order
    cash application takes them (by date, then as given). `at(day)` for any day up to end."""

    def __init__(
        self,
        transactions: pd.DataFrame,
        clients: pd.DataFrame,
        settings: Settings,
        payments: pd.DataFrame,
        key_book: KeyBook,
        end: dt.date,
    ) -> None:
        items = derive(transactions, clients, settings, end)
        self.items, self.key_book = items, key_book
        # derive(day) maps what cash application added by invoice row: positions stand for
        # rows only when each row is one item
        self.usable = bool(items["row"].is_unique)
        typed = items["typed_status"]

        self.date = items["date"].to_numpy()
        self.amount = items["amount"].to_numpy(dtype=float)
        self.amount_paid = items["amount_paid"].to_numpy(dtype=float)
        self.pay_date = items["payment_date"].to_numpy()
        self.due = items["due"].to_numpy()
        self.says_paid = typed_is(typed, TypedStatus.PAID)
        self.written_off = typed_is(typed, TypedStatus.WRITTEN_OFF)
        self.unapplied = typed_is(typed, TypedStatus.UNAPPLIED)
        self.disputed = typed_is(typed, TypedStatus.DISPUTED)
        self.client = items["client_key"].to_numpy(dtype=object)
        # rules.allocation's FIFO order (due date, date, row) of the rows at end: a day's is
        # the same order of the rows dated by then (the sort is stable)
        self.fifo = np.lexsort((items["row"].to_numpy(), self.date, self.due))
        self.listed = set(clients["client_key"])
        self.documents = kpis.Documents.of(items)
        order = np.argsort(payments["date"].to_numpy(), kind="mergesort")  # as allocate does
        self.payments = payments.iloc[order].reset_index(drop=True)
        self.pay_dates = self.payments["date"].to_numpy()
        self.pay_client = self.payments["client_key"].tolist()
        self.pay_text = [str(t) for t in self.payments["text"].tolist()]
        self.closed = (
            self.payments["closed"].fillna(False).to_numpy(dtype=bool)
            if "closed" in self.payments
            else np.zeros(len(self.payments), dtype=bool)
        )
        self.is_note = (self.payments["kind"] == EntryKind.CREDIT.value).to_numpy(dtype=bool)
        self._oldest_first: np.ndarray | None = None
        self._nothing: np.ndarray | None = None
        codes, self.client_codes = pd.factorize(
            pd.Index(np.concatenate([self.client, np.asarray(self.pay_client, dtype=object)]))
        )
        self.item_code, self.pay_code = codes[: len(self.client)], codes[len(self.client) :]

    def oldest_first_only(self) -> np.ndarray:
        """Per payment: its own client's, not a used-up credit note, naming none of its
        client's invoices of any date (rules.fifo.oldest_first_lines' test; no date in it)."""
        if self._oldest_first is None:
            nothing = self.names_nothing()
            self._oldest_first = nothing & ~self.closed
        return self._oldest_first

    def names_nothing(self) -> np.ndarray:
        """Per payment with a client of its own: whether its text names none of that client's
        invoices of any date (KeyBook.names_nothing); False for one without a client."""
        if self._nothing is None:
            names_nothing = self.key_book.names_nothing
            self._nothing = np.array(
                [
                    bool(c) and names_nothing(c, t)
                    for c, t in zip(self.pay_client, self.pay_text, strict=True)
                ],
                dtype=bool,
            )
        return self._nothing

    def at(self, day: dt.date) -> tuple[float, float, kpis.Documents]:
        """(net receivable, open balance not yet due, the documents) at day <= end: what
        kpis.outstanding, monthends.current_balance and kpis.Documents.of give of the picture
        of that day."""
        d = np.datetime64(day, "ns")
        mine = np.flatnonzero(self.date <= d)  # the items of day, in sheet order
        amount, due = self.amount[mine], self.due[mine]
        own = own_paid_at(
            amount, self.amount_paid[mine], self.pay_date[mine], self.says_paid[mine], d
        )
        written_off, unapplied, disputed = (
            self.written_off[mine],
            self.unapplied[mine],
            self.disputed[mine],
        )
        before = State.of(amount - own, amount, written_off, unapplied, disputed, due, d)
        open_cents = open_balances(before.is_open, amount - own)
        rank = np.full(len(self.date), -1, dtype=np.int64)
        rank[mine] = np.arange(len(mine))
        fifo = rank[self.fifo]
        fifo = fifo[fifo >= 0]
        dated = self.key_book.on(day, len(mine))
        if dated is None:  # the items of day are not the transactions dated by then
            raise ValueError("CashNumbers: the rows read are not the transactions")
        clients = self.client[mine]
        book = InvoiceIndex(clients, fifo, (open_cents > 0) & ~before.disputed, dated)
        n = int((self.pay_dates <= d).sum())  # payments by date: those of day come first
        cents = self._amounts(d, n)
        presumed = status_paid_cents(
            self.says_paid[mine], self.amount_paid[mine], self.pay_date[mine], own
        )
        paid_cents, instead, left, reason, client = self._apply(
            cents, book, clients, mine, open_cents, presumed
        )
        extra = paid_cents / 100
        own = instead_of_status(own, instead / 100)
        balance = with_applied(amount, own, extra)[1]
        after = State.of(balance, amount, written_off, unapplied, disputed, due, d)
        credits = 0.0
        counted = reason == ""
        used_up = np.where(self.closed[: len(left)] & counted, left, 0)
        unapplied_cents = np.where(counted, left - used_up, 0)
        has_credit = counted & (unapplied_cents > 0)
        if has_credit.any():  # rules.allocation._assemble's Allocation.unapplied, summed
            per = pd.DataFrame(
                {
                    "client_key": np.asarray(client, dtype=object)[has_credit],
                    "unapplied": unapplied_cents[has_credit] / 100,
                }
            )
            amounts = per.groupby("client_key", sort=True)["unapplied"].sum().round(2)
            credits = float(amounts.sum())
        closing = float(balance[after.is_open].sum()) - credits
        current = float(balance[after.current].sum())
        return closing, current, self._documents(cents)

    def _apply(
        self,
        cents: np.ndarray,
        book: InvoiceIndex,
        clients: np.ndarray,
        mine: np.ndarray,
        open_cents: np.ndarray,
        presumed: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[object]]:
        """Cash application at day, as rules.allocation.allocate(hints=False) with the key book
        applies it to the payments of day (their amounts then, in cents): (cents applied per
        item, of them the cents paid instead of the status (`presumed`: what only the status
        says paid), cents left per payment, why each is to identify ("" when it is not), each
        one's client)."""
        n = len(cents)
        known = self.listed | set(pd.unique(clients).tolist())
        whose = [
            client_of(self.pay_client[k], self.pay_text[k], book, clients, known) for k in range(n)
        ]
        client = [c for c, _ in whose]
        reason = np.array([why for _, why in whose], dtype=object)
        counted = reason == ""
        fifo_only = self.oldest_first_only()[:n] & counted
        # clients every one of whose payments goes oldest first: applied with arrays
        others = {client[k] for k in np.flatnonzero(counted & ~fifo_only).tolist()}
        bulk = fifo_only.copy()
        if others:
            bulk &= np.array([c not in others for c in client], dtype=bool)
        paid = np.zeros(len(mine), dtype=np.int64)
        left = cents.copy()
        if bulk.any():
            chosen = np.zeros(len(self.client_codes), dtype=bool)
            chosen[self.pay_code[:n][bulk]] = True
            code = self.item_code[mine]
            fo = book.fifo_order
            fo = fo[book.queued[fo] & chosen[code[fo]]]
            at = np.flatnonzero(bulk)
            k, pos, taken = oldest_first(self.pay_code[at], cents[at], fo, code[fo], open_cents[fo])
            paid += np.bincount(pos, weights=taken, minlength=len(mine)).astype(np.int64)
            left[at] -= np.bincount(k, weights=taken, minlength=len(at)).astype(np.int64)
        remaining = open_cents.tolist()
        by_status = presumed.tolist()
        cursor: dict[object, int] = defaultdict(int)
        lines: list[tuple[object, ...]] = []
        names_nothing, nothing = self.key_book.names_nothing, self.names_nothing()
        for k in np.flatnonzero(counted & ~bulk).tolist():
            c, text = client[k], self.pay_text[k]
            # its own client's: read once; one found by its text: asked of that client
            reads = not (nothing[k] if self.pay_client[k] else names_nothing(c, text))
            left[k] = walk(
                k,
                c,
                text,
                int(left[k]),
                bool(self.closed[k]),
                reads,
                book,
                remaining,
                cursor,
                lines,
                None if self.is_note[k] else by_status,
            )[0]
        instead = np.zeros(len(mine), dtype=np.int64)
        for _, pos, take, how in lines:
            paid[pos] += take
            if how == BY_REFERENCE_PAID:
                instead[pos] += take
        return paid, instead, left, reason, client

    def _amounts(self, d: np.datetime64, n: int) -> np.ndarray:
        """The first n payments' amounts at d, in cents (a refund dated after d not yet taken
        off: rules.refunds)."""
        amount = self.payments["amount"].to_numpy(dtype=float)[:n]
        if PAID_BACK in self.payments:
            amount = as_paid_then(self.payments.iloc[:n], d)[0]["amount"].to_numpy(dtype=float)
        return np.rint(amount * 100).astype(np.int64)

    def _documents(self, cents: np.ndarray) -> kpis.Documents:
        """The items' dates and sales (those of end: day's are the ones dated by then) and the
        credit notes counted at day (the first len(cents) payments, their amounts then, to the
        cent, as rules.allocation counts them)."""
        notes = self.is_note[: len(cents)]
        return kpis.Documents(
            self.documents.date,
            self.documents.sold,
            self.pay_dates[: len(cents)][notes],
            cents[notes] / 100,
        )
