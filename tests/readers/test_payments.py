"""Payments and credit notes in real workbooks: rows of Transactions, a Paiements sheet, a Type
column; refreshed, then the written sheets checked value by value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import make_workbook, sheet_values

import arxl

D = dt.date
AS_OF = D(2026, 3, 31)

TX = [
    [D(2026, 1, 5), 1, "Facture #001", 1000, "En attente"],
    [D(2026, 1, 10), 1, "Facture #002", 500, "En attente"],
    [D(2026, 1, 12), 2, "Facture #003", 300, "Partiellement payé", "", "", "", 100],
    [D(2026, 2, 1), 1, "Règlement Facture #002", -500, ""],
    [D(2026, 2, 3), 1, "Virement reçu", -1200, ""],
    [D(2026, 2, 4), 2, "Avoir sur Facture #003", -50, ""],
    [D(2026, 4, 2), 2, "Virement Facture #003", -150, ""],  # after the as-of date
]
PAIEMENTS = [
    ["Date", "ID Client", "Montant", "Référence"],
    [D(2026, 3, 1), 2, 100, "Facture #003"],
    [D(2026, 3, 2), "", 75, "inconnu"],
    [D(2026, 3, 3), "", 25, "Facture #001"],  # no client: its invoice says whose it is
]


def _book(tmp_path: Path, **kw) -> Path:
    return make_workbook(tmp_path / "cash.xlsx", transactions=TX, **kw)


def test_payment_rows_and_payments_sheet_refreshed(tmp_path: Path) -> None:
    book = _book(tmp_path, extra_sheets={"Paiements": PAIEMENTS})
    result = arxl.refresh_workbook(book, as_of=AS_OF)
    assert result.sheets["lettrage"] == "Lettrage"

    suivi = sheet_values(book, "Suivi")
    assert suivi[0] == [
        "Facture",
        "Date",
        "ID Client",
        "Client",
        "Montant",
        "Échéance",
        "Payé",
        "Solde",
        "Statut",
        "Jours de retard",
        "Tranche",
        "Niveau de relance",
        "Dernier paiement",
        "Partiel",
        "Réglée par",
        "Ligne source",
    ]
    rows = {r[0]: r for r in suivi[1:-1]}  # the total row last
    assert set(rows) == {"Facture #001", "Facture #002", "Facture #003"}  # payments are not rows
    assert rows["Facture #001"][6:9] == [1000.0, 0.0, "Payé"]
    assert rows["Facture #001"][12] == D(2026, 2, 3)
    assert rows["Facture #002"][6:9] == [500.0, 0.0, "Payé"]
    # the date as the owner's invoice cells show it (openpyxl's yyyy-mm-dd)
    assert rows["Facture #002"][14] == "Paiement 2026-02-01 500,00 € (Transactions 5)"
    # 100 on its own row + 50 credit note + 100 from Paiements: 50 left, partial
    assert rows["Facture #003"][6:9] == [250.0, 50.0, "En retard"]
    assert rows["Facture #003"][13] == "Oui"
    assert rows["Facture #003"][14] == (
        "Avoir 2026-02-04 50,00 € (Transactions 7); Paiement 2026-03-01 100,00 € (Paiements 2)"
    )

    lettrage = sheet_values(book, "Lettrage")
    body = [[r[0], r[3], r[6], r[7], r[9], r[11], r[12]] for r in lettrage[1:]]
    assert body == [
        [1.0, "1", 500.0, "Facture #002", 500.0, "", "Lettré"],
        [2.0, "1", 1200.0, "Facture #001", 1000.0, "", "Lettré"],
        [2.0, "1", 1200.0, "", "", 200.0, "Crédit non affecté"],
        [3.0, "2", 50.0, "Facture #003", 50.0, "", "Lettré"],
        [4.0, "2", 100.0, "Facture #003", 100.0, "", "Lettré"],
        [5.0, "", 75.0, "", "", 75.0, "À identifier"],
        [6.0, "1", 25.0, "", "", 25.0, "Crédit non affecté"],
        ["", "1", "", "", "", 225.0, "Crédit non affecté (total client)"],
    ]
    assert lettrage[2][10] == "Plus ancienne facture" and lettrage[1][10] == "Référence"

    aged = sheet_values(book, "Balance âgée")
    # client 1 owes nothing and has 225 of credit: on the aged balance at a net -225
    assert [r[0] for r in aged[1:-1]] == ["2", "1"]
    # (an empty column is a blank cell; the total row shows its 0)
    assert [r[-3:] for r in aged[1:]] == [[50, "", 50], ["", -225, -225], [50, -225, -175]]
    problems = [r[4] for r in sheet_values(book, "Anomalies")[1:]]
    assert problems == ["Paiement de 75,00 € sans client reconnu : à identifier (Lettrage)"]


def test_seed_layout_writes_no_cash_sheet(seed_book: Path) -> None:
    result = arxl.refresh_workbook(seed_book, as_of=AS_OF)
    assert "lettrage" not in result.sheets
    assert len(sheet_values(seed_book, "Suivi")[0]) == 13


def test_type_column_and_description_beside_invoice_number(tmp_path: Path) -> None:
    header = ["Date", "Code client", "N° facture", "Libellé", "Type", "Montant", "Statut"]
    tx = [
        [D(2026, 1, 5), "C1", "F-01", "Maintenance", "Facture", 400, "En attente"],
        [D(2026, 1, 6), "C1", "F-02", "Pièces", "Facture", 600, "En attente"],
        [D(2026, 2, 1), "C1", "", "Chèque F-02", "Règlement", 600, ""],  # positive, typed
        [D(2026, 2, 2), "C1", "AV-1", "geste commercial", "Avoir", -40, ""],
    ]
    book = make_workbook(
        tmp_path / "typed.xlsx",
        clients=[["C1", "Client Un"]],
        client_header=["ID Client", "Nom"],
        transactions=tx,
        tx_header=header,
    )
    a = arxl.analyse(book, as_of=AS_OF)
    assert a.items["invoice"].tolist() == ["F-01", "F-02"]
    assert a.items["balance"].tolist() == [360.0, 0.0]
    assert [i.message_en for i in a.issues] == []


def _paid_book(tmp_path: Path, payments: list[list[object]], header=None) -> Path:
    d = dt.date
    tx = [
        [d(2026, 8, 1), 1, "C-1", 1000, ""],
        [d(2026, 8, 1), 2, "R-1", 1200, ""],
    ]
    return make_workbook(
        tmp_path / "p.xlsx",
        clients=[[1, "Cinq SARL", "", "", "a@x.fr"], [2, "Rebond SAS", "", "", "b@x.fr"]],
        transactions=tx,
        tx_header=["Date", "ID Client", "Description", "Montant", "Statut"],
        extra_sheets={
            "Paiements": [header or ["Date", "ID Client", "Montant", "Référence", "Libellé"]]
            + payments
        },
    )


def _open(a) -> dict[str, tuple[float, int]]:
    return {r.invoice: (round(r.balance, 2), int(r.days_overdue)) for r in a.items.itertuples()}


def test_a_refund_and_a_bounced_cheque_take_money_back(tmp_path: Path) -> None:
    """Cinq overpays 1 300 on 1 000 and gets 300 back: nothing owed either way. Rebond's cheque
    of 1 200 bounces: R-1 is open again, 61 days late, and Rebond is chased."""
    d = dt.date
    path = _paid_book(
        tmp_path,
        [
            [d(2026, 9, 1), 1, 1300, "C-1", ""],
            [d(2026, 9, 15), 1, -300, "", "Remboursement trop-perçu"],
            [d(2026, 9, 20), 2, 1200, "R-1", "Chèque n° 1234567"],
            [d(2026, 9, 28), 2, -1200, "R-1", "Rejet chèque impayé n° 1234567"],
        ],
    )
    a = arxl.analyse(path, as_of=d(2026, 10, 31))
    assert _open(a) == {"C-1": (0.0, 0), "R-1": (1200.0, 61)}
    total = dict(zip(a.aged["client_id"], a.aged["total"], strict=True))
    assert total == {"2": 1200.0}
    said = [(i.row, i.message_fr) for i in a.issues if "Remboursement ou rejet" in i.message_fr]
    assert said == [
        (3, "Remboursement ou rejet : déduit du paiement de la ligne 2"),
        (5, "Remboursement ou rejet : déduit du paiement de la ligne 4"),
    ]


def test_a_refund_counts_from_its_own_date(tmp_path: Path) -> None:
    """Cinq overpays 1 300 on 1 000 on 01/09 and gets 300 back on 15/10; Rebond's cheque of
    1 200 of 20/09 bounces on 05/10. At 30/09 neither had happened: Cinq has a 300 credit,
    R-1 is paid. At 31/10 both had: nothing of Cinq's, R-1 open again. September collected
    1 300 + 1 200; October -300 - 1 200; the roll-forward of each month balances."""
    from arxl.rules import kpis, monthly

    d = dt.date
    path = _paid_book(
        tmp_path,
        [
            [d(2026, 9, 1), 1, 1300, "C-1", ""],
            [d(2026, 10, 15), 1, -300, "", "Remboursement trop-perçu"],
            [d(2026, 9, 20), 2, 1200, "R-1", "Chèque n° 1234567"],
            [d(2026, 10, 5), 2, -1200, "R-1", "Rejet chèque impayé n° 1234567"],
        ],
    )
    sept = arxl.analyse(path, as_of=d(2026, 9, 30))
    assert _open(sept) == {"C-1": (0.0, 0), "R-1": (0.0, 0)}
    assert sept.kpis.outstanding == -300.0 and kpis.open_credits(sept.allocation) == 300.0
    octo = arxl.analyse(path, as_of=d(2026, 10, 31))
    assert _open(octo) == {"C-1": (0.0, 0), "R-1": (1200.0, 61)}
    assert octo.kpis.outstanding == 1200.0
    months = octo.months.set_index(octo.months["month"].dt.strftime("%Y-%m"))["collections"]
    assert (months["2026-09"], months["2026-10"]) == (2500.0, -1500.0)
    lg = octo.ledger
    ledgers = monthly.Ledgers(lg.transactions, lg.clients, octo.settings, lg.payments)
    for start, end, collected in (
        (d(2026, 9, 1), d(2026, 9, 30), 2500.0),
        (d(2026, 10, 1), d(2026, 10, 31), -1500.0),
    ):
        before, b_alloc = ledgers.picture(start - dt.timedelta(days=1))
        after, a_alloc = ledgers.picture(end)
        r = monthly.roll_forward(before, after, start, end, b_alloc, a_alloc)
        assert r.collected == collected
        assert r.balances and r.difference == 0.0


def test_receipts_all_written_negative_are_receipts(tmp_path: Path) -> None:
    """A sheet that writes every receipt with a minus (the ledger's credit side): the sign is
    the sheet's convention, not a refund; a positive row typed as a refund is one."""
    d = dt.date
    path = _paid_book(
        tmp_path,
        [
            [d(2026, 9, 1), 1, -1000, "C-1", "Virement", ""],
            [d(2026, 9, 2), 2, -1200, "R-1", "Virement", ""],
            [d(2026, 9, 20), 2, 200, "", "Remboursement", "trop-perçu"],
        ],
        header=["Date", "ID Client", "Montant", "Référence", "Type", "Libellé"],
    )
    a = arxl.analyse(path, as_of=d(2026, 10, 31))
    assert _open(a) == {"C-1": (0.0, 0), "R-1": (200.0, 61)}


def test_a_refund_with_no_payment_before_it_is_said_and_left_out(tmp_path: Path) -> None:
    d = dt.date
    path = _paid_book(
        tmp_path,
        [
            [d(2026, 9, 1), 1, 1000, "C-1", ""],
            [d(2026, 9, 15), 2, -50, "", "Remboursement"],
        ],
    )
    a = arxl.analyse(path, as_of=d(2026, 10, 31))
    assert _open(a) == {"C-1": (0.0, 0), "R-1": (1200.0, 61)}
    said = [i.message_en for i in a.issues if "Refund or reversal" in i.message_en]
    assert said == [
        "Refund or reversal of 50.00 with no earlier payment of the client to undo "
        "(row left out for that amount)"
    ]


def test_a_receipt_naming_an_unpaid_invoice_is_a_receipt(tmp_path: Path) -> None:
    """'Règlement facture impayée C-1' brings money: only a rejected cheque or debit, or a
    refund, takes it back."""
    d = dt.date
    path = _paid_book(tmp_path, [[d(2026, 9, 1), 1, 1000, "C-1", "Règlement facture impayée"]])
    a = arxl.analyse(path, as_of=d(2026, 10, 31))
    assert _open(a) == {"C-1": (0.0, 0), "R-1": (1200.0, 61)}


def test_a_receipt_whose_label_says_remboursement_is_a_receipt(tmp_path: Path) -> None:
    """A bank label of money received ('VIR REMBOURSEMENT AVANCE DUPONT'), as a validated bank
    line writes it: positive, no Type: a receipt."""
    d = dt.date
    path = _paid_book(tmp_path, [[d(2026, 9, 1), 1, 1000, "C-1", "VIR REMBOURSEMENT AVANCE"]])
    a = arxl.analyse(path, as_of=d(2026, 10, 31))
    assert _open(a) == {"C-1": (0.0, 0), "R-1": (1200.0, 61)}
