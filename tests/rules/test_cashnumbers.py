"""The receivables of a ledger with cash application read as numbers at each day
(rules.cashnumbers) are those of the full picture of that day (rules.monthly.Ledgers.picture:
derive, cash application, derive again), to the last bit: the net receivable, the part not yet
due, and the sales documents with the credit notes counted then."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arxl.model import PAID_BACK
from arxl.rules import kpis, monthly
from arxl.rules.cashnumbers import CashNumbers
from arxl.rules.monthends import current_balance, receivables
from arxl.rules.periods import month_ends
from arxl.settings import Settings
from tests.rules.test_allocation import clients, invoices, payments
from tests.rules.test_key_book import CLIENTS, NUMBERS, TEXTS

D = dt.date
SETTINGS = Settings()
START = D(2025, 1, 1)
END = START + dt.timedelta(days=560)

invoice_row = st.tuples(
    st.sampled_from(CLIENTS),
    st.sampled_from(NUMBERS),
    st.one_of(st.integers(0, 540), st.none()),  # days after START; None: no date
    st.sampled_from([-300, 0.004, 120, 450, 1000.01, 2500]),
    st.sampled_from(["pending", "paid", "disputed", "written_off", "unapplied"]),
    st.one_of(st.none(), st.integers(-5, 200)),  # its own payment, days after its date
    st.sampled_from([None, "whole", "half"]),  # its own paid amount
    st.one_of(st.none(), st.integers(-10, 90)),  # a due date typed, days after its date
)
payment_row = st.tuples(
    st.sampled_from([*CLIENTS, "", "Z"]),  # "": no client (found by the invoices it names)
    st.integers(0, 540),
    st.sampled_from([0, 50, 120.5, 700, 1500, 4000]),
    st.sampled_from(TEXTS),
    st.sampled_from(["payment", "credit"]),
    st.booleans(),  # a credit note its own row says is used up
    st.one_of(st.none(), st.integers(0, 120)),  # a refund, days after the payment
)


def _ledger(inv_rows, pay_rows, refunds: bool):
    tx = invoices(
        *[
            (c, n, None if day is None else START + dt.timedelta(days=day), amount, typed)
            for c, n, day, amount, typed, *_ in inv_rows
        ]
    )
    for i, (_, _, day, amount, _, paid_on, paid, due) in enumerate(inv_rows):
        date = START + dt.timedelta(days=day or 0)
        if paid_on is not None:
            tx.loc[i, "payment_date"] = pd.Timestamp(date + dt.timedelta(days=paid_on))
        if paid is not None:
            tx.loc[i, "amount_paid"] = float(amount) if paid == "whole" else round(amount / 2, 2)
        if due is not None:
            tx.loc[i, "due_date"] = pd.Timestamp(date + dt.timedelta(days=due))
    pay = payments(
        *[(c, START + dt.timedelta(days=day), a, t, k) for c, day, a, t, k, *_ in pay_rows]
    )
    pay["closed"] = [k == "credit" and closed for _, _, _, _, k, closed, _ in pay_rows]
    if refunds:  # half of it taken back by then (readers.payments: what is left is its amount)
        back = []
        for i, (_, day, a, _, _, _, after) in enumerate(pay_rows):
            part = round(a / 2, 2)
            if after is None or not part:
                back.append(())
                continue
            when = np.datetime64(START + dt.timedelta(days=day + after), "ns")
            pay.loc[i, "amount"] = round(a - part, 2)
            back.append(((when, part),))
        pay[PAID_BACK] = back
    return tx, pay, clients(*CLIENTS)


def _same(cash: CashNumbers, ledgers: monthly.Ledgers, day: dt.date) -> None:
    closing, current, documents = cash.at(day)
    items, alloc = ledgers.picture(day)
    expected = kpis.Documents.of(items, alloc)
    assert closing == kpis.outstanding(items, alloc), day
    assert current == current_balance(items), day
    assert documents.note_date.tobytes() == expected.note_date.tobytes(), day
    assert documents.note_amount.tobytes() == expected.note_amount.tobytes(), day
    for until in (day, day - dt.timedelta(days=90)):
        assert documents.invoiced(None, until) == expected.invoiced(None, until)
    assert (
        documents.monthly_sales(day).tobytes()
        == kpis.monthly_sales(items, day, 24, alloc).tobytes()
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(invoice_row, min_size=1, max_size=30),
    st.lists(payment_row, min_size=1, max_size=15),
    st.lists(st.integers(0, 560), min_size=1, max_size=4),
    st.booleans(),
)
def test_the_numbers_of_a_day_are_those_of_its_picture(inv_rows, pay_rows, days, refunds):
    tx, pay, cl = _ledger(inv_rows, pay_rows, refunds)
    ledgers = monthly.Ledgers(tx, cl, SETTINGS, pay)
    cash = ledgers.cash_numbers(END)
    assert cash is not None
    for offset in sorted(days):
        _same(cash, ledgers, START + dt.timedelta(days=offset))


def test_a_client_paid_both_ways_and_one_paid_oldest_first():
    """A pays oldest first only (arrays), B names an invoice and has a used-up credit note (the
    loop), a payment without a client names C's invoice, Z is nobody; a refund after a month
    end, an invoice paid on its own row after another: every month end as its picture."""
    tx, pay, cl = _ledger(
        [
            ("A", "F14", 10, 1000, "pending", None, None, None),
            ("A", "F15", 40, 500, "pending", 90, None, None),
            ("A", "F16", 200, 700, "pending", None, None, 5),
            ("B", "INV-0100", 70, 2500, "pending", None, "half", None),
            ("B", "F14", 100, 120, "pending", None, None, None),
            ("C", "Facture #001", 130, 450, "disputed", None, None, None),
            ("C", "2026-014", 140, 450, "pending", None, None, None),
        ],
        [
            ("A", 50, 700, "VIR SEPA client", "payment", False, 100),
            ("A", 150, 4000, "", "payment", False, None),
            ("B", 120, 1500, "Virement inv 100", "payment", False, None),
            ("B", 160, 50, "Règlement F14/F15", "credit", True, None),
            ("", 170, 300, "Avoir sur 2026-014 et 015", "credit", False, None),
            ("Z", 175, 120.5, "VIR SEPA client", "payment", False, None),
        ],
        refunds=True,
    )
    ledgers = monthly.Ledgers(tx, cl, SETTINGS, pay)
    cash = ledgers.cash_numbers(END)
    assert cash is not None
    for day in month_ends(END, 20):
        _same(cash, ledgers, day)
    closing, _, documents = cash.at(END)
    assert closing != 0 and len(documents.note_date) == 2


def test_month_series_is_the_same_with_numbers_or_pictures(monkeypatch):
    tx, pay, cl = _ledger(
        [
            (c, n, (17 * i) % 540, 100 + 37 * i, t, p, None, None)
            for i, (c, n, t, p) in enumerate(
                [
                    (c, n, t, p)
                    for c in CLIENTS
                    for n in NUMBERS[:8]
                    for t, p in (("pending", None), ("paid", 30), ("disputed", None))
                ]
            )
        ],
        [
            (c, (29 * i) % 540, 50 + 111 * i, TEXTS[i % len(TEXTS)], k, False, None)
            for i, (c, k) in enumerate(
                [(c, k) for c in [*CLIENTS, ""] for k in ("payment", "credit", "payment")]
            )
        ],
        refunds=False,
    )
    fast = monthly.month_series(monthly.Ledgers(tx, cl, SETTINGS, pay), END)
    monkeypatch.setattr(
        monthly,
        "receivables",
        lambda picture, end, with_cash, numbers=None: receivables(picture, end, True),
    )
    full = monthly.month_series(monthly.Ledgers(tx, cl, SETTINGS, pay), END)
    assert fast.equals(full)
    assert fast["closing"].abs().sum() > 0 and fast["dso_countback"].notna().any()


def test_one_row_held_by_two_items_is_worked_out_by_pictures():
    tx, pay, cl = _ledger(
        [("A", "F14", 10, 1000, "pending", None, None, None)] * 2,
        [("A", 50, 700, "", "payment", False, None)],
        refunds=False,
    )
    tx["row"] = 2  # two items of one row: what cash application adds is mapped by row
    assert monthly.Ledgers(tx, cl, SETTINGS, pay).cash_numbers(END) is None
