"""A credit note or a payment numbered like the invoices ("Avoir #1" beside "Facture #1", the
seed guide's own numbering) names no invoice by its own number: it goes to the oldest due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import make_workbook

from arxl.api import analyse

D = dt.date
TX_HEADER = ["Date", "ID Client", "Description", "Montant", "Statut", "Remarques", "Échéance"]


@pytest.mark.parametrize("credit", ["Avoir #1", "Avoir n°1", "Avoir #001", "Règlement #1"])
def test_a_credit_numbered_like_an_invoice_goes_to_the_oldest_due(
    tmp_path: Path, credit: str
) -> None:
    number = "#001" if "001" in credit else "#1"
    tx = [
        [D(2026, 10, 1), 1, f"Facture {number}", 1000, "En attente", "", D(2026, 10, 31)],
        [D(2026, 7, 1), 1, "Facture #2", 1000, "En attente", "", D(2026, 7, 31)],
        [D(2026, 9, 15), 1, credit, -1000, "", "", None],
    ]
    path = make_workbook(tmp_path / "b.xlsx", transactions=tx, tx_header=TX_HEADER)
    a = analyse(path, as_of=D(2026, 10, 31))
    balance = dict(zip(a.items["invoice"], a.items["balance"], strict=True))
    assert balance["Facture #2"] == 0  # the oldest due, 92 days late, settled
    assert balance[f"Facture {number}"] == 1000  # due today: current
    days = dict(zip(a.items["invoice"], a.items["days_overdue"], strict=True))
    assert days["Facture #2"] == 0  # nothing late: no overdue reminder, at most the pre-due one
    assert [list(x) for x in a.reminders["invoices"]] == [[f"Facture {number}"]]
    assert a.reminders["max_days_overdue"].tolist() == [0]


def test_a_credit_that_names_the_invoice_still_goes_to_it(tmp_path: Path) -> None:
    tx = [
        [D(2026, 10, 1), 1, "Facture #1", 1000, "En attente", "", D(2026, 10, 31)],
        [D(2026, 7, 1), 1, "Facture #2", 1000, "En attente", "", D(2026, 7, 31)],
        [D(2026, 9, 15), 1, "Avoir #3 sur facture #1", -1000, "", "", None],
    ]
    path = make_workbook(tmp_path / "b.xlsx", transactions=tx, tx_header=TX_HEADER)
    a = analyse(path, as_of=D(2026, 10, 31))
    balance = dict(zip(a.items["invoice"], a.items["balance"], strict=True))
    assert balance == {"Facture #1": 0, "Facture #2": 1000}


def test_a_reference_to_another_clients_invoice_is_said(tmp_path: Path) -> None:
    """Client 3 pays naming Q-9, client 4's invoice (a mis-keyed id?): applied to client 3's
    own oldest invoice as the rule says, and said in Anomalies so the owner can check."""
    tx = [
        [D(2026, 8, 1), 3, "P-1", 500, "", "", D(2026, 8, 31)],
        [D(2026, 8, 2), 4, "Q-9", 500, "", "", D(2026, 9, 1)],
        [D(2026, 9, 15), 3, "Règlement", -500, "", "Virement facture Q-9", None],
    ]
    clients = [[3, "Trois", "", "", ""], [4, "Quatre", "", "", ""]]
    path = make_workbook(tmp_path / "b.xlsx", clients=clients, transactions=tx, tx_header=TX_HEADER)
    a = analyse(path, as_of=D(2026, 10, 31))
    balance = dict(zip(a.items["invoice"], a.items["balance"], strict=True))
    assert balance == {"P-1": 0, "Q-9": 500}
    said = [i for i in a.issues if "another client's invoice" in i.message_en]
    assert [i.message_en for i in said] == [
        "Payment naming another client's invoice (Q-9 (4)): applied to its own client's "
        "invoices; check the row's client id"
    ]
    # the cell to check: the row's client id
    assert [(i.row, i.column, i.value) for i in said] == [(4, "ID Client", "3")]


@pytest.mark.parametrize(
    ("label", "amount", "said"),
    [
        ("Règlement factures U-1 et U-2", -1100, True),  # pays U-2, 800 more: U-1 twice?
        ("Règlement facture U-1", -800, True),
        ("Règlement factures U-1 et U-2", -300, False),  # pays U-2 only: nothing counted twice
        ("Règlement facture U-2", -1100, False),  # names no invoice already paid
        ("Avoir sur facture U-1", -800, False),  # a credit note on a paid invoice: a credit
    ],
)
def test_a_payment_naming_an_invoice_the_status_says_paid_is_said(
    tmp_path: Path, label: str, amount: int, said: bool
) -> None:
    """The owner typed U-1 "Payé" and also keyed the payment that names it: the payment
    finds U-1 settled and leaves 800 as the client's credit, as the rule says; Anomalies
    says the payment may be counted twice, under its amount."""
    tx = [
        [D(2026, 5, 1), 5, "U-1", 800, "Payé", "", D(2026, 5, 31)],
        [D(2026, 5, 2), 5, "U-2", 300, "En attente", "", D(2026, 6, 1)],
        [D(2026, 6, 10), 5, label, amount, "", "", None],
    ]
    clients = [[5, "Cinq", "", "", ""]]
    path = make_workbook(tmp_path / "b.xlsx", clients=clients, transactions=tx, tx_header=TX_HEADER)
    a = analyse(path, as_of=D(2026, 6, 30))
    found = [i for i in a.issues if "already paid by its status" in i.message_en]
    if not said:
        assert found == []
        return
    money = {-1100: "1\xa0100,00 €", -800: "800,00 €"}[amount]
    assert [(i.row, i.column, i.value) for i in found] == [(4, "Montant", money)]
    assert found[0].message_en.startswith("Payment naming U-1, already paid by its status")
    balance = dict(zip(a.items["invoice"], a.items["balance"], strict=True))
    assert balance["U-1"] == 0  # the literal rule: the status settles it
