"""Cash application (rules/allocation.py): which invoice each payment settles, to the cent."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arxl.naming import invoice_keys
from arxl.rules.aging import derive
from arxl.rules.allocation import (
    BY_OLDEST,
    BY_REFERENCE,
    NO_CLIENT,
    UNKNOWN_CLIENT,
    allocate,
    named_invoices,
)
from arxl.rules.conservation import conservation
from arxl.settings import Settings

D = dt.date
AS_OF = D(2026, 6, 30)
SETTINGS = Settings()


def clients(*keys: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "client_key": list(keys),
            "client_id": list(keys),
            "name": [f"Client {k}" for k in keys],
            "terms": np.nan,
            "credit_limit": np.nan,
        }
    )


def invoices(*rows: tuple) -> pd.DataFrame:
    """(client, invoice, date, amount[, typed status[, amount paid]]) -> transactions frame."""
    out = []
    for i, r in enumerate(rows):
        client, number, date, amount = r[:4]
        typed = r[4] if len(r) > 4 else "pending"
        paid = r[5] if len(r) > 5 else np.nan
        out.append(
            {
                "row": i + 2,
                "date": pd.Timestamp(date),
                "client_id": client,
                "client_key": client,
                "invoice": number,
                "amount": float(amount),
                "typed_status": typed,
                "status_text": "",
                "remarks": "",
                "due_date": pd.NaT,
                "payment_date": pd.NaT,
                "amount_paid": float(paid),
            }
        )
    frame = pd.DataFrame(out)
    for c in ("date", "due_date", "payment_date"):
        frame[c] = frame[c].astype("datetime64[ns]")
    return frame


def payments(*rows: tuple) -> pd.DataFrame:
    """(client, date, amount, text[, kind]) -> payments frame (readers.payments columns)."""
    out = []
    for i, r in enumerate(rows):
        client, date, amount, text = r[:4]
        out.append(
            {
                "sheet": "Paiements",
                "row": i + 2,
                "date": pd.Timestamp(date),
                "client_key": client,
                "client_id": client,
                "kind": r[4] if len(r) > 4 else "payment",
                "amount": float(amount),
                "label": text,
                "text": text,
            }
        )
    frame = pd.DataFrame(out)
    frame["date"] = frame["date"].astype("datetime64[ns]")
    return frame


def run(tx: pd.DataFrame, pay: pd.DataFrame, cl: pd.DataFrame, as_of: dt.date = AS_OF):
    base = derive(tx, cl, SETTINGS, as_of)
    alloc = allocate(base, pay, set(cl["client_key"]), as_of)
    items = derive(tx, cl, SETTINGS, as_of, alloc.by_invoice)
    return alloc, items


def applied(alloc) -> list[tuple[int, str, float, str]]:
    return [
        (int(p), str(i), float(a), str(h))
        for p, i, a, h in zip(
            alloc.lines["pay"],
            alloc.lines["invoice"],
            alloc.lines["amount"],
            alloc.lines["how"],
            strict=True,
        )
    ]


TX = invoices(
    ("1", "Facture #001", D(2026, 1, 5), 1000),
    ("1", "Facture #002", D(2026, 2, 5), 500),
    ("1", "Facture #003", D(2026, 3, 5), 250),
    ("2", "Facture #004", D(2026, 1, 20), 800),
)


def test_exact_reference_settles_the_named_invoice() -> None:
    alloc, items = run(
        TX, payments(("1", D(2026, 4, 1), 500, "Règlement Facture #002")), clients("1", "2")
    )
    assert applied(alloc) == [(1, "Facture #002", 500.0, BY_REFERENCE)]
    paid = dict(zip(items["invoice"], items["paid"], strict=True))
    assert paid == {
        "Facture #001": 0.0,
        "Facture #002": 500.0,
        "Facture #003": 0.0,
        "Facture #004": 0.0,
    }
    assert items.set_index("invoice").at["Facture #002", "status"] == "paid"
    assert items.set_index("invoice").at["Facture #002", "last_payment"] == pd.Timestamp(
        D(2026, 4, 1)
    )


def test_several_references_in_the_order_written_then_oldest() -> None:
    pay = payments(("1", D(2026, 4, 1), 1000, "Virement factures #003 et #002 + solde"))
    alloc, _ = run(TX, pay, clients("1", "2"))
    assert applied(alloc) == [
        (1, "Facture #003", 250.0, BY_REFERENCE),
        (1, "Facture #002", 500.0, BY_REFERENCE),
        (1, "Facture #001", 250.0, BY_OLDEST),
    ]


def test_reference_order_decides_when_the_payment_is_short() -> None:
    pay = payments(("1", D(2026, 4, 1), 600, "Facture #003, Facture #001"))
    alloc, items = run(TX, pay, clients("1", "2"))
    assert applied(alloc) == [
        (1, "Facture #003", 250.0, BY_REFERENCE),
        (1, "Facture #001", 350.0, BY_REFERENCE),
    ]
    one = items.set_index("invoice").loc["Facture #001"]
    assert one["balance"] == 650.0 and bool(one["partial"])


def test_fifo_by_due_date_across_payments() -> None:
    tx = invoices(
        ("1", "A-1", D(2026, 1, 5), 100),
        ("1", "A-2", D(2026, 1, 1), 100),  # older invoice date ...
    )
    tx.loc[0, "due_date"] = pd.Timestamp(D(2026, 1, 10))  # ... but A-1 falls due first
    pay = payments(("1", D(2026, 3, 1), 60, "Virement"), ("1", D(2026, 3, 2), 100, "Virement"))
    alloc, _ = run(tx, pay, clients("1"))
    assert applied(alloc) == [
        (1, "A-1", 60.0, BY_OLDEST),
        (2, "A-1", 40.0, BY_OLDEST),
        (2, "A-2", 60.0, BY_OLDEST),
    ]


def test_overpayment_leaves_unapplied_credit_on_the_client() -> None:
    pay = payments(("2", D(2026, 4, 1), 1000, "Paiement Facture #004"))
    alloc, items = run(TX, pay, clients("1", "2"))
    assert applied(alloc) == [(1, "Facture #004", 800.0, BY_REFERENCE)]
    assert alloc.unapplied[["client_key", "amount"]].values.tolist() == [["2", 200.0]]
    assert items["balance"].min() >= 0


def test_unknown_client_and_unmatched_payment_go_to_identify() -> None:
    pay = payments(
        ("99", D(2026, 4, 1), 300, "Virement Facture #001"),
        ("", D(2026, 4, 2), 40, "Virement sans référence"),
        ("", D(2026, 4, 3), 100, "Règlement Facture #004"),  # its invoice says whose it is
    )
    alloc, _ = run(TX, pay, clients("1", "2"))
    who = alloc.payments.set_index("pay")
    assert who.at[1, "to_identify"] == UNKNOWN_CLIENT
    assert who.at[2, "to_identify"] == NO_CLIENT
    assert who.at[3, "to_identify"] == "" and who.at[3, "client_key"] == "2"
    assert applied(alloc) == [(3, "Facture #004", 100.0, BY_REFERENCE)]
    assert alloc.to_identify["amount"].sum() == 340.0
    assert alloc.unapplied.empty


def test_credit_note_reduces_the_named_invoice_else_the_oldest() -> None:
    pay = payments(
        ("1", D(2026, 4, 1), 100, "Avoir sur Facture #002", "credit"),
        ("1", D(2026, 4, 2), 50, "Avoir geste commercial", "credit"),
    )
    alloc, items = run(TX, pay, clients("1", "2"))
    assert applied(alloc) == [
        (1, "Facture #002", 100.0, BY_REFERENCE),
        (2, "Facture #001", 50.0, BY_OLDEST),
    ]
    assert set(alloc.lines["kind"]) == {"credit"}
    assert items.set_index("invoice").at["Facture #002", "balance"] == 400.0


def test_payment_dated_before_its_invoice_is_applied_and_reported() -> None:
    pay = payments(("1", D(2026, 3, 1), 250, "Acompte Facture #003"))  # invoice of 05/03
    alloc, _ = run(TX, pay, clients("1", "2"))
    assert applied(alloc) == [(1, "Facture #003", 250.0, BY_REFERENCE)]
    assert alloc.payments.at[0, "early"] == "Facture #003"


def test_amounts_to_the_cent() -> None:
    tx = invoices(("1", "F1", D(2026, 1, 1), 0.1), ("1", "F2", D(2026, 1, 2), 0.2))
    pay = payments(("1", D(2026, 2, 1), 0.1, "x"), ("1", D(2026, 2, 1), 0.2, "x"))
    alloc, items = run(tx, pay, clients("1"))
    assert items["balance"].tolist() == [0.0, 0.0]
    assert items["status"].tolist() == ["paid", "paid"]
    tx = invoices(("1", "F1", D(2026, 1, 1), 100.005))  # stored with a fraction of a cent
    alloc, items = run(tx, payments(("1", D(2026, 2, 1), 33.333, "F1")), clients("1"))
    assert alloc.lines["amount"].tolist() == [33.33]
    assert items["balance"].tolist() == [66.68]


def test_payments_after_the_as_of_date_do_not_count() -> None:
    pay = payments(("1", D(2026, 7, 15), 500, "Facture #002"))
    alloc, items = run(TX, pay, clients("1", "2"))
    assert alloc.payments.empty and alloc.lines.empty
    assert items.set_index("invoice").at["Facture #002", "balance"] == 500.0


def test_own_row_payment_comes_first_and_is_capped() -> None:
    tx = invoices(
        ("1", "F1", D(2026, 1, 1), 1000, "partial", 600),
        ("1", "F2", D(2026, 1, 2), 300, "paid"),
        ("1", "F3", D(2026, 1, 3), 200, "written_off"),
    )
    pay = payments(("1", D(2026, 2, 1), 500, "F2 F3 F1"))
    alloc, items = run(tx, pay, clients("1"))
    # the open part of F1 first; then F2, which only its status said paid: the payment paid
    # 100 of it (the status the other 200); the written-off F3 takes nothing
    assert applied(alloc) == [(1, "F1", 400.0, BY_REFERENCE), (1, "F2", 100.0, "reference_paid")]
    assert alloc.unapplied.empty
    assert items["own_paid"].tolist() == [600.0, 200.0, 0.0]
    check = conservation(items, alloc)
    row = check.iloc[0]
    assert (row["invoices"], row["own_settled"], row["payments"]) == (1500.0, 800.0, 500.0)
    assert (row["open"], row["written_off"], row["unapplied"], row["difference"]) == (
        0.0,
        200.0,
        0.0,
        0.0,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Règlement Facture #001", [0]),
        ("Paiement F-2026-002 et F-2026-001", [1, 3]),
        ("Factures #001 et #2026-002", [0, 1]),
        ("virement du 12/03 facture 12", [2]),
        ("virement du 12/03", []),
        ("FACTURE  #001 / facture #001", [0]),
        # a document's own number is not a reference to the invoice with the same digits
        ("Advance ADV/2026-002", []),
        ("AV-001 annulant la facture #001", [0]),
        ("Avoir AV2026-001", []),
        ("Payment for 2026-002", [1]),
    ],
)
def test_named_invoices(text: str, expected: list[int]) -> None:
    keys: dict[str, int] = {}
    for pos, number in enumerate(["Facture #001", "F-2026-002", "Facture 12", "F-2026-001"]):
        for k in invoice_keys(number):
            keys.setdefault(k, pos)
    assert named_invoices(text, keys) == expected


# --------------------------------------------------------------------------------------------
# Property: conservation holds on any ledger
# --------------------------------------------------------------------------------------------

TYPED = ["pending", "paid", "partial", "disputed", "written_off", "blank", "overdue"]


@st.composite
def ledgers(draw):
    n_clients = draw(st.integers(1, 4))
    keys = [str(k) for k in range(1, n_clients + 1)]
    n_inv = draw(st.integers(0, 12))
    inv_rows = []
    for i in range(n_inv):
        amount = draw(st.integers(-5000, 500_000)) / 100
        typed = draw(st.sampled_from(TYPED))
        paid = draw(st.one_of(st.none(), st.integers(0, 600_000).map(lambda c: c / 100)))
        inv_rows.append(
            (
                draw(st.sampled_from(keys)),
                f"F-{i:03d}",
                D(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 200))),
                amount,
                typed,
                np.nan if paid is None else paid,
            )
        )
    n_pay = draw(st.integers(0, 10))
    pay_rows = []
    for _ in range(n_pay):
        refs = draw(st.lists(st.integers(0, max(n_inv - 1, 0)), max_size=3)) if n_inv else []
        pay_rows.append(
            (
                draw(st.sampled_from([*keys, "", "99"])),
                D(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 250))),
                draw(st.integers(1, 400_000)) / 100,
                "Virement " + " ".join(f"F-{r:03d}" for r in refs),
                draw(st.sampled_from(["payment", "credit"])),
            )
        )
    return keys, inv_rows, pay_rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
def test_conservation_always_holds(ledger) -> None:
    keys, inv_rows, pay_rows = ledger
    if not inv_rows or not pay_rows:
        return  # the engine reads no allocation then
    tx, pay, cl = invoices(*inv_rows), payments(*pay_rows), clients(*keys)
    alloc, items = run(tx, pay, cl)
    check = conservation(items, alloc)
    assert (check["difference"].abs() < 0.005).all(), check
    # every cent of every payment is applied, unapplied or to identify
    p = alloc.payments
    lines = alloc.lines.groupby("pay")["amount"].sum().reindex(p["pay"]).fillna(0.0).to_numpy()
    to_id = np.where(p["to_identify"] != "", p["amount"], 0.0)
    assert np.allclose(lines + p["unapplied"].to_numpy() + to_id, p["amount"].to_numpy())
    # allocation never takes an invoice below zero, nor leaves cash beside an open undisputed
    # invoice (a disputed one is settled only by a credit that names it)
    base = derive(tx, cl, SETTINGS, AS_OF)
    moved = items["balance"].to_numpy() != base["balance"].to_numpy()
    assert (items["balance"].to_numpy()[moved] >= -0.005).all()
    with_credit = set(alloc.unapplied["client_key"])
    open_left = items[items["status"].isin(["pending", "overdue"])]
    assert not with_credit & set(open_left["client_key"])


def _keys(numbers: list[str]) -> dict[str, int]:
    keys: dict[str, int] = {}
    for k, number in enumerate(numbers):
        for key in invoice_keys(number):
            keys.setdefault(key, k)
    return keys


LIST_INVOICES = ["F13", "F14", "F15", "2026-013", "2026-014", "2026-015", "INV-0100"]


@pytest.mark.parametrize(
    ("label", "named"),
    [
        ("VIR FACT F14/F15", ["F14", "F15"]),
        ("REGLT F 14 ET 15", ["F14", "F15"]),
        ("VIR FACT 2026-014 ET 015", ["2026-014", "2026-015"]),
        ("Règlement F14 et F15", ["F14", "F15"]),
        ("PAYMENT INV 100", ["INV-0100"]),  # the zeros dropped, announced by "inv"
        ("Virement 100 euros", []),  # an amount, not INV-0100
        ("VIR 14/10/2026 F13", ["F13"]),  # a date before it names nothing
        ("F13 payée le 15", ["F13"]),  # a day after it is no list
    ],
)
def test_labels_listing_invoices_as_people_write_them(label: str, named: list[str]) -> None:
    """The Paiements sheet's labels read as the bank statements' are: a list continuing a
    named invoice in the same series, a number without its leading zeros when announced."""
    got = named_invoices(label, _keys(LIST_INVOICES))
    assert [LIST_INVOICES[i] for i in got] == named
