"""A credit note or a payment numbered like the invoices ("Avoir #1" beside "Facture #1", the
seed guide's own numbering) names no invoice by its own number: it goes to the oldest due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
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
    ("label", "amount", "own", "balances", "credit"),
    [
        # U-1 typed "Payé", and the payment that paid it keyed too: counted once
        ("Règlement factures U-1 et U-2", -1100, {}, {"U-1": 0, "U-2": 0}, 0),
        ("Règlement facture U-1", -800, {}, {"U-1": 0, "U-2": 300}, 0),
        ("Règlement facture U-1", -500, {}, {"U-1": 0, "U-2": 300}, 0),  # the status: the rest
        ("Règlement facture U-1", -1000, {}, {"U-1": 0, "U-2": 100}, 0),  # 200 more: oldest
        ("Règlement factures U-1 et U-2", -300, {}, {"U-1": 0, "U-2": 0}, 0),  # the open first
        ("Avoir sur facture U-1", -800, {}, {"U-1": 0, "U-2": 0}, 500),  # a credit note: a credit
        # its own row says what was paid: the payment is another, as the rule says
        ("Règlement facture U-1", -800, {"Montant payé": 800}, {"U-1": 0, "U-2": 0}, 500),
        (
            "Règlement facture U-1",
            -800,
            {"Date de paiement": D(2026, 6, 1)},
            {"U-1": 0, "U-2": 0},
            500,
        ),
    ],
)
def test_a_payment_naming_an_invoice_only_its_status_says_paid_is_what_paid_it(
    tmp_path: Path, label: str, amount: int, own: dict, balances: dict, credit: float
) -> None:
    """The owner typed U-1 "Payé" and also keyed the payment that names it: that payment is
    what paid U-1, which absorbs it up to its amount (it used to find U-1 settled and leave
    800 as the client's credit: the same payment counted twice)."""
    header = [*TX_HEADER, "Montant payé", "Date de paiement"]
    paid = [own.get("Montant payé"), own.get("Date de paiement")]
    tx = [
        [D(2026, 5, 1), 5, "U-1", 800, "Payé", "", D(2026, 5, 31), *paid],
        [D(2026, 5, 2), 5, "U-2", 300, "En attente", "", D(2026, 6, 1), None, None],
        [D(2026, 6, 10), 5, label, amount, "", "", None, None, None],
    ]
    clients = [[5, "Cinq", "", "", ""]]
    path = make_workbook(tmp_path / "b.xlsx", clients=clients, transactions=tx, tx_header=header)
    a = analyse(path, as_of=D(2026, 6, 30))
    balance = dict(zip(a.items["invoice"], a.items["balance"], strict=True))
    assert balance == balances
    assert a.allocation.unapplied["amount"].sum() == credit
    assert not [i for i in a.issues if "Contrôle de lettrage" in i.message_fr]  # conserved
    u1 = a.items[a.items["invoice"] == "U-1"].iloc[0]
    assert u1["status"] == "paid"
    if not own and "Avoir" not in label and amount != -300:  # paid by the payment, that day
        assert u1["last_payment"] == pd.Timestamp(2026, 6, 10)
        lines = a.allocation.lines
        assert lines.loc[lines["invoice"] == "U-1", "how"].tolist() == ["reference_paid"]
    assert float(a.aged["total"].sum()) == sum(balances.values()) - credit  # net of credits
