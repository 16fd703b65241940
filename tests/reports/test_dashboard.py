"""The Tableau de bord sheet as the owner reads it back, against figures computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import make_workbook, sheet_values

import arxl

d = dt.date
D = d(2025, 12, 31)
CLIENTS = [
    [1, "Dupont SARL", "", "", "", 30],
    [2, "Martin & Fils", "", "", "", 30],
    [3, "Avoirs SA", "", "", "", 30],
]
TRANSACTIONS = [
    # Dupont: 28 500 current (due 14/01), 1 000 overdue 47 days (due 14/11)
    [d(2025, 12, 15), 1, "F1", 28500, "En attente"],
    [d(2025, 10, 15), 1, "F2", 1000, "En attente"],
    # Martin: 500 disputed, overdue 72 days; 30 000 paid 40 days after the invoice, 10 late
    [d(2025, 9, 20), 2, "F3", 500, "Litige"],
    [d(2025, 10, 10), 2, "F4", 30000, "Payé", "", d(2025, 11, 9), d(2025, 11, 19)],
    # Avoirs SA: only a credit note
    [d(2025, 11, 5), 3, "A1", -200, "Payé"],
    # after D: left out
    [d(2026, 1, 2), 1, "F5", 7000, "En attente"],
]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> list[list[object]]:
    book = make_workbook(
        tmp_path_factory.mktemp("dash") / "book.xlsx", clients=CLIENTS, transactions=TRANSACTIONS
    )
    arxl.refresh_workbook(book, as_of=D)
    return sheet_values(book, "Tableau de bord")


def _row(rows: list[list[object]], label: str) -> list[object]:
    found = [r for r in rows if r and r[0] == label]
    assert len(found) == 1, label
    return found[0]


def test_title_and_figures(dashboard):
    assert dashboard[0][0] == "Tableau de bord – situation au 31/12/2025"
    invoiced_90 = 28500 + 1000 + 30000 - 200  # dated in (02/10/2025, 31/12/2025]
    expected = {
        "Encours total": 30000,
        "Montant échu": 1000,
        "Part échue": 1000 / 30000,
        "Montant en litige": 500,
        "Factures en retard": 1,
        "Clients à relancer": 1,
        "DSO méthode comptable (90 j)": 30000 / invoiced_90 * 90,
        # December 28 500 (31 d) leaves 1 500; November's invoicing is -200 (the credit
        # note): the walk stops there (issue 17), 31 days, a floor said in the definition
        "DSO par épuisement (count-back)": 31,
        "Délai moyen de paiement": 40,
        "Retard moyen de paiement": 10,
    }
    for label, value in expected.items():
        row = _row(dashboard, label)
        assert row[1] == pytest.approx(value, abs=1e-5), label
        assert isinstance(row[2], str) and len(row[2]) > 10, f"{label}: no definition beside it"
    note = _row(dashboard, "DSO par épuisement (count-back)")[2]
    assert note.endswith("Arrêté en nov. 2025 : facturé du mois nul ou négatif ; valeur minimale.")


def test_top_debtors_with_overdue_share(dashboard):
    header = _row(dashboard, "Client")
    assert header[:3] == ["Client", "Encours", "Non échu"] and header[-1] == "Part échue"
    dupont = _row(dashboard, "Dupont SARL (1)")
    assert dupont[1:] == pytest.approx([29500, 28500, 0, 1000, 0, 0, 1000, 1000 / 29500])
    martin = _row(dashboard, "Martin & Fils (2)")
    assert martin[1:] == pytest.approx([500, 0, 0, 0, 500, 0, 0, 0])
    assert not [r for r in dashboard if r and str(r[0]).startswith("Avoirs SA")]


def test_buckets_and_months(dashboard):
    assert _row(dashboard, "Non échu")[1:3] == pytest.approx([28500, 28500 / 30000])
    assert _row(dashboard, "31-60 j")[1] == pytest.approx(1000)
    assert _row(dashboard, "61-90 j")[1] == pytest.approx(500)
    # month rows: invoiced, collected (of that month's invoices), still open, written off,
    # collections received in the month (payment date)
    assert _row(dashboard, "déc. 2025")[1:6] == pytest.approx([28500, 0, 28500, 0, 0])
    # November: the credit note is invoicing (-200), not cash collected
    assert _row(dashboard, "nov. 2025")[1:6] == pytest.approx([-200, 0, 0, 0, 30000])
    assert _row(dashboard, "oct. 2025")[1:6] == pytest.approx([31000, 30000, 1000, 0, 0])
    assert _row(dashboard, "sept. 2025")[1:6] == pytest.approx([500, 0, 500, 0, 0])
    assert _row(dashboard, "janv. 2025")[1] == pytest.approx(0)
