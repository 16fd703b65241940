"""The invoice keys of a whole ledger read at a date (rules.invoice_index.KeyBook), and the
clients whose payments all go oldest first applied at once (rules.fifo): the cash application of
the month-end pictures (rules.monthly.Ledgers) does both, and must come out exactly as the
payment-by-payment loop over each date's own keys."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from arxl.naming import named_invoices
from arxl.rules.aging import derive
from arxl.rules.allocation import allocate
from arxl.rules.invoice_index import InvoiceIndex, KeyBook
from arxl.rules.monthly import Ledgers
from arxl.settings import Settings
from tests.rules.test_allocation import clients, invoices, payments

D = dt.date
SETTINGS = Settings()
START = D(2025, 1, 1)
# spellings that share keys within and across clients: leading zeros, lists, short numbers,
# the same number twice, one written with a word before it
NUMBERS = [
    "F14",
    "F15",
    "F-14",
    "INV-0100",
    "inv 100",
    "Facture #001",
    "001",
    "2026-014",
    "2026-015",
    "AV-7",
    "",
    "F16",
]
TEXTS = [
    "Règlement F14/F15",
    "Virement inv 100",
    "Paiement facture #1",
    "Avoir sur 2026-014 et 015",
    "Règlement F16",
    "VIR SEPA client",
    "Facture 001",
    "F-14",
    "",
    # a number announced, then more words: runs of it and them are looked for without zeros
    "Facture 100 reçue, merci",
    "Règlement facture F14 avoir AV-7",
    "Paiement facture 0015 et 16",
    "Virement facture INV-00100 reçu",
]
CLIENTS = ["A", "B", "C"]

invoice_row = st.tuples(
    st.sampled_from(CLIENTS),
    st.sampled_from(NUMBERS),
    st.one_of(st.integers(0, 540), st.none()),  # days after START; None: no date
    st.sampled_from([-300, 120, 450, 1000, 2500]),
    st.sampled_from(["pending", "paid", "disputed", "written_off"]),
)
payment_row = st.tuples(
    st.sampled_from([*CLIENTS, "", "Z"]),  # "": no client (found by the invoices it names)
    st.integers(0, 540),
    st.sampled_from([0, 50, 120, 700, 1500, 4000]),
    st.sampled_from(TEXTS),
    st.sampled_from(["payment", "credit_note"]),
    st.booleans(),  # a credit note its own row says is used up
)


def _ledger(inv_rows, pay_rows):
    tx = invoices(
        *[
            (c, n, None if day is None else START + dt.timedelta(days=day), amount, typed)
            for c, n, day, amount, typed in inv_rows
        ]
    )
    pay = payments(
        *[(c, START + dt.timedelta(days=day), a, t, k) for c, day, a, t, k, _ in pay_rows]
    )
    pay["closed"] = [k == "credit_note" and closed for _, _, _, _, k, closed in pay_rows]
    return tx, pay, clients(*CLIENTS)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(invoice_row, min_size=1, max_size=30),
    st.lists(payment_row, min_size=1, max_size=15),
    st.lists(st.integers(0, 560), min_size=1, max_size=4),
    st.booleans(),
)
def test_allocation_with_the_key_book_is_the_allocation_of_the_day(
    inv_rows, pay_rows, days, hints
) -> None:
    tx, pay, cl = _ledger(inv_rows, pay_rows)
    book = KeyBook(tx)  # one book read at every day, as a Ledgers does
    known = set(CLIENTS)
    for offset in days:
        day = START + dt.timedelta(days=offset)
        items = derive(tx, cl, SETTINGS, day)
        alone = allocate(items, pay, known, day, hints=hints)
        read = allocate(items, pay, known, day, book, hints=hints)
        assert_frame_equal(read.payments, alone.payments)
        assert_frame_equal(read.lines, alone.lines)
        assert_frame_equal(read.by_invoice, alone.by_invoice)


def test_a_key_dated_later_is_not_read_and_the_first_dated_one_is() -> None:
    """Key f14 twice for client A: F14 first in the sheet but dated after F-14, so before its
    date the payment names F-14 and after it F14 (the first of the key in the sheet); F15,
    named in a list after F14, only once it is dated."""
    tx = invoices(
        ("A", "F14", D(2026, 3, 1), 1000),
        ("A", "F-14", D(2026, 1, 10), 400),
        ("A", "F15", D(2026, 5, 1), 300),
    )
    pay = payments(("A", D(2026, 2, 1), 1300, "Règlement F14/F15"))
    cl = clients("A")
    book = KeyBook(tx)
    named = []
    for day in (D(2026, 2, 28), D(2026, 4, 30), D(2026, 6, 30)):
        items = derive(tx, cl, SETTINGS, day)
        read = allocate(items, pay, {"A"}, day, book)
        alone = allocate(items, pay, {"A"}, day)
        assert_frame_equal(read.lines, alone.lines)
        named.append(read.payments.at[0, "named"])
    assert named == ["F-14", "F14", "F14, F15"]
    assert book.on(D(2026, 2, 28), 2) is None  # not the items of that day: not read


def test_month_end_pictures_are_those_worked_out_alone(monkeypatch) -> None:
    tx, pay, cl = _ledger(
        [
            ("A", "F14", 10, 1000, "pending"),
            ("A", "F15", 40, 500, "pending"),
            ("B", "INV-0100", 70, 2500, "pending"),
            ("B", "F14", 100, 120, "pending"),
            ("C", "Facture #001", 130, 450, "disputed"),
            ("A", "AV-7", 160, -300, "pending"),
        ],
        [
            ("A", 50, 700, "Règlement F14/F15", "payment", False),
            ("", 120, 1500, "Virement inv 100", "payment", False),
            ("B", 150, 50, "VIR SEPA client", "payment", False),
            ("C", 170, 4000, "Facture 001", "payment", False),
            ("C", 175, 300, "VIR SEPA client", "payment", False),
        ],
    )
    days = [START + dt.timedelta(days=n) for n in (30, 90, 140, 200)]
    shared = Ledgers(tx, cl, SETTINGS, pay)
    pictures = [shared.picture(day) for day in days]

    def fresh(day: dt.date):
        items = derive(tx, cl, SETTINGS, day)
        known = set(CLIENTS) | set(items["client_key"])
        return allocate(items, pay, known, day, hints=False)

    for day, (items, alloc) in zip(days, pictures, strict=True):
        alone = fresh(day)
        assert_frame_equal(alloc.lines, alone.lines)
        assert_frame_equal(alloc.payments, alone.payments)
        expected = derive(tx, cl, SETTINGS, day, alone.by_invoice)
        assert_frame_equal(
            items.drop(columns=["reminder_level"]), expected.drop(columns=["reminder_level"])
        )
    assert pictures[-1][1].lines["amount"].sum() > 0  # something was applied


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(invoice_row, min_size=1, max_size=30),
    st.lists(st.tuples(st.sampled_from(CLIENTS), st.sampled_from(TEXTS)), min_size=1, max_size=8),
    st.lists(st.integers(0, 560), min_size=1, max_size=6),
)
def test_what_a_text_names_is_read_again_only_when_its_keys_changed(inv_rows, asks, days) -> None:
    """DatedBook.named keeps what the matching asked and reuses it while the answers hold: at
    every date, in any order of dates, it names what naming.named_invoices names over the
    client's keys of that date."""
    tx, _, _ = _ledger(inv_rows, [("A", 0, 0, "", "payment", False)])
    book = KeyBook(tx)
    for k, offset in enumerate(days):
        day = START + dt.timedelta(days=offset)
        at = book.at(day)
        assert np.array_equal(at.dated, tx["date"].to_numpy() <= np.datetime64(day, "ns"))
        for client, text in asks:
            if k % 2:  # read over every date first (cash application asks it so)
                every = book.whole()
                nothing = not named_invoices(text, every.keys(client))
                assert book.names_nothing(client, text) == nothing, text
            assert at.named(client, text) == named_invoices(text, at.keys(client)), (day, text)


def test_a_key_dated_between_two_month_ends_is_seen() -> None:
    """F14 of A is dated after the first month end: the text named F-14 then, F14 after (the
    first of the key in the sheet), though the first answer was kept."""
    tx = invoices(
        ("A", "F14", D(2026, 3, 1), 1000),
        ("A", "F-14", D(2026, 1, 10), 400),
    )
    book = KeyBook(tx)
    named = []
    for day in (D(2026, 2, 28), D(2026, 3, 31), D(2026, 2, 28)):
        at = book.at(day)
        named.append(
            tx["invoice"].iat[int(np.flatnonzero(at.dated)[at.named("A", "Règlement F14")[0]])]
        )
    assert named == ["F-14", "F14", "F-14"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["A", "B", "C", "", None, 7]), min_size=1, max_size=40),
    st.randoms(use_true_random=False),
    st.lists(st.booleans(), min_size=40, max_size=40),
)
def test_a_clients_queue_is_its_queued_invoices_in_fifo_order(clients_, rnd, queued_) -> None:
    """InvoiceIndex.queue(client): the client's queued invoices, in the FIFO order (none for
    no client: None is no client's key)."""
    n = len(clients_)
    fifo = list(range(n))
    rnd.shuffle(fifo)
    queued = np.array(queued_[:n], dtype=bool)
    tx = invoices(*[("A", f"F{k}", D(2026, 1, 1), 100) for k in range(n)])
    book = InvoiceIndex(
        np.array(clients_, dtype=object), np.array(fifo), queued, KeyBook(tx).whole()
    )
    for client in ["A", "B", "C", "", None, 7, "Z"]:
        expected = [k for k in fifo if client is not None and clients_[k] == client and queued[k]]
        assert book.queue(client) == expected, client


def test_a_number_read_without_its_zeros_is_kept_for_the_next_dates() -> None:
    """ "facture INV-00100" is no key of A: read without its leading zeros it is INV-0100 or
    inv 100, the first of them in the sheet that is dated by then. Only those two keys are
    asked, so what the text named is kept until one of them changes (reading every key of the
    client kept nothing, and a big ledger's credit notes were read again at each month end)."""
    tx = invoices(
        ("A", "INV-0100", D(2026, 3, 1), 1000),
        ("A", "inv 100", D(2026, 1, 10), 400),
        ("A", "F15", D(2026, 1, 5), 300),
    )
    book = KeyBook(tx)
    text = "Virement facture INV-00100 reçu le 12"
    named = []
    for day in (D(2026, 1, 31), D(2026, 2, 28), D(2026, 6, 30)):
        at = book.at(day)
        assert at.named("A", text) == named_invoices(text, at.keys("A")), day
        named.append([tx["invoice"].to_numpy()[at.dated][p] for p in at.named("A", text)])
        assert ("A", text) in book._named  # kept, not read again while it holds
    assert named == [["inv 100"], ["inv 100"], ["INV-0100"]]
