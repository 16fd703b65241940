"""A credit note is not a payment: the part of an invoice it cancels was never owed, so it
carries no late-payment interest and, when it cancels the whole invoice, no indemnity either.
The part paid late by a real payment keeps its interest and the invoice its indemnity.
Figures by hand: amount × rate × days / 365, 2026-S2 at 2.15 + 10 = 12.15 % (Paramètres)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_workbook, sheet_values

import arxl

D = dt.date
AS_OF = D(2026, 11, 30)
CLIENTS = [[1, "Un SARL", "1 rue A", "", "un@x.test", 30]]
PARAMS = [
    ["Paramètre", "Valeur"],
    ["Pays", "FR"],
    ["Taux de référence par semestre (%)", "2026-S2=2,15"],
]
# 2 400 € dated 01/08/2026, 30 days: due 31/08/2026
INVOICE = [D(2026, 8, 1), 1, "Facture #010", 2400, "En attente"]


def book_with(tmp_path, *rows, payments=None):
    sheets = {"Paramètres": PARAMS}
    if payments:
        sheets["Paiements"] = [["Date", "ID Client", "Montant", "Référence"], *payments]
    return make_workbook(
        tmp_path / "b.xlsx", clients=CLIENTS, transactions=[INVOICE, *rows], extra_sheets=sheets
    )


def test_an_invoice_cancelled_by_a_credit_note_owes_no_penalty(tmp_path):
    # the trial's #010: credited in full on 15/10/2026, 45 days after its due date; it was
    # shown as paid late (45 days, 35.95 € of interest, 40 € indemnity)
    book = book_with(tmp_path, [D(2026, 10, 15), 1, "Avoir annulant la facture #010", -2400])
    a = arxl.analyse(book, as_of=AS_OF)
    assert a.items.set_index("invoice").at["Facture #010", "status"] == "paid"
    assert a.penalties.frame.empty
    arxl.refresh_workbook(book, as_of=AS_OF)
    assert not [r for r in sheet_values(book, "Pénalités") if r[0] == "Facture #010"]


def test_a_credit_note_in_the_payments_sheet_is_no_payment_either(tmp_path):
    # a Paiements row whose Type says Avoir
    paid = [["Date", "ID Client", "Montant", "Référence", "Type"]]
    paid.append([D(2026, 10, 15), 1, 2400, "Facture #010", "Avoir"])
    sheets = {"Paramètres": PARAMS, "Paiements": paid}
    book = make_workbook(
        tmp_path / "b.xlsx", clients=CLIENTS, transactions=[INVOICE], extra_sheets=sheets
    )
    a = arxl.analyse(book, as_of=AS_OF)
    lines = a.allocation.lines
    assert lines["kind"].tolist() == ["credit"]  # what the rule goes by
    assert a.penalties.frame.empty


def test_the_rest_paid_late_carries_interest_on_itself_only(tmp_path):
    # 1 000 credited on 15/09, the other 1 400 paid on 15/10: 1 400 late for the 45 days
    # 01/09-15/10, 1 400 × 12.15 × 45 / 36 500 = 20.971 -> 20.97; the invoice was paid late:
    # the 40 € indemnity stays. Before: 2 400 for 15 days, then 1 400 for 30 days (25.97).
    book = book_with(
        tmp_path,
        [D(2026, 9, 15), 1, "Avoir partiel facture #010", -1000],
        payments=[[D(2026, 10, 15), 1, 1400, "Facture #010"]],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    frame = a.penalties.frame
    assert frame["invoice"].tolist() == ["Facture #010"]
    got = frame.iloc[0]
    assert bool(got["paid_late"])
    assert got["base"] == 1400.0
    assert got["end"] == dt.datetime(2026, 10, 15)
    assert got["interest"] == pytest.approx(20.97)
    assert got["indemnity"] == 40.0
    assert a.penalties.slices["base"].tolist() == [1400.0]
    assert a.penalties.slices["days"].tolist() == [45]


def test_a_credit_note_after_the_real_payment_does_not_prolong_the_delay(tmp_path):
    # 1 400 paid 15/10 (45 days late), the 1 000 credited only on 10/11: the delay ends with the
    # payment, on 1 400: 20.97 €, not 2 400 then 1 000 until 10/11
    book = book_with(
        tmp_path,
        [D(2026, 11, 10), 1, "Avoir partiel facture #010", -1000],
        payments=[[D(2026, 10, 15), 1, 1400, "Facture #010"]],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    got = a.penalties.frame.iloc[0]
    assert got["end"] == dt.datetime(2026, 10, 15)
    assert (got["base"], got["interest"], got["indemnity"]) == (1400.0, pytest.approx(20.97), 40)


def test_a_rest_paid_on_time_owes_nothing_whatever_the_credit_notes_date(tmp_path):
    # 1 400 paid on the due date, the other 1 000 credited a month later: nothing was late
    book = book_with(
        tmp_path,
        [D(2026, 9, 30), 1, "Avoir partiel facture #010", -1000],
        payments=[[D(2026, 8, 31), 1, 1400, "Facture #010"]],
    )
    assert arxl.analyse(book, as_of=AS_OF).penalties.frame.empty


def test_an_open_invoice_partly_credited_owes_interest_on_the_rest_from_its_due_date(tmp_path):
    # 1 000 credited on 15/10, 1 400 still open on 30/11: 1 400 for the 91 days 01/09-30/11,
    # 1 400 × 12.15 × 91 / 36 500 = 42.408 -> 42.41 (before: 2 400 for 45 days, 1 400 for 46)
    book = book_with(tmp_path, [D(2026, 10, 15), 1, "Avoir partiel facture #010", -1000])
    a = arxl.analyse(book, as_of=AS_OF)
    got = a.penalties.frame.iloc[0]
    assert not bool(got["paid_late"])
    assert (got["base"], got["days"]) == (1400.0, 91)
    assert got["interest"] == pytest.approx(42.41)
    assert a.penalties.slices["base"].tolist() == [1400.0]


def test_uk_compensation_goes_by_the_debt_a_credit_note_leaves(tmp_path):
    # £1 200 less £300 credited: a £900 debt paid late owes £40 (under £1 000), not £70
    params = [
        ["Setting", "Value"],
        ["Country", "GB"],
        ["Reference rate by half-year (%)", "2026-S2=4"],
    ]
    book = make_workbook(
        tmp_path / "uk.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 8, 1), 1, "INV-1", 1200, "Pending"],
            [D(2026, 9, 10), 1, "Credit note for INV-1", -300],
        ],
        extra_sheets={
            "Settings": params,
            "Payments": [
                ["Date", "Client ID", "Amount", "Reference"],
                [D(2026, 10, 1), 1, 900, "INV-1"],
            ],
        },
    )
    a = arxl.analyse(book, as_of=AS_OF)
    got = a.penalties.frame.iloc[0]
    assert a.penalties.profile.value == "uk"
    assert (got["base"], got["indemnity"]) == (900.0, 40.0)
    # £900 × (4 + 8) % × 31 days (01/09-01/10) / 365 = 9.172 -> 9.17
    assert got["interest"] == pytest.approx(9.17)


def test_a_credit_note_is_no_late_payment_in_the_clients_history(tmp_path):
    """Crédit clients and the forecast read the same history: an invoice cancelled in full
    45 days after its due date does not make its client a late payer; one cancelled in part
    and paid late for the rest weighs its rest, dated by the real payment."""
    book = book_with(tmp_path, [D(2026, 10, 15), 1, "Avoir annulant la facture #010", -2400])
    a = arxl.analyse(book, as_of=AS_OF)
    assert a.lateness.empty
    row = a.credit.set_index("client_id").loc["1"]
    assert row["days_late"] != row["days_late"]  # NaN: no payment history
    assert row["grade"] == ""
    book = book_with(
        tmp_path,
        [D(2026, 9, 1), 1, "Avoir sur la facture #010", -400],
        payments=[[D(2026, 9, 20), 1, 2000, "Facture #010"]],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    history = a.lateness
    assert history["weight"].tolist() == [2000.0]
    assert history["days_late"].tolist() == [20.0]  # due 31/08, paid 20/09
