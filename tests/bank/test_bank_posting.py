"""What a confirmed Rapprochement row becomes in Paiements: the bank's label as its Libellé
(never "nan"), and a deposit of several clients' cheques one row per client."""

from __future__ import annotations

import datetime as dt

import openpyxl
from click.testing import CliRunner
from conftest import make_workbook, sheet_values
from helpers.bankstatements import Move, camt053

from arxl.cli import main
from arxl.reports.reconciliation import HEADERS

AS_OF = "2026-03-31"
CLIENTS = [
    [1, "Dupont SARL", "12 rue A", "0", "compta@dupont.fr"],
    [7, "Café du Commerce", "3 rue G", "0", "cafe@commerce.fr"],
    [8, "Atelier Rousseau", "9 rue H", "0", "atelier@rousseau.fr"],
]
INVOICES = [
    [dt.date(2026, 1, 5), 1, "F2026-001", 1200, "En attente"],
    [dt.date(2026, 2, 5), 7, "F2026-011", 450, "En attente"],
    [dt.date(2026, 2, 6), 8, "F2026-012", 1200, "En attente"],
    [dt.date(2026, 2, 9), 7, "F2026-013", 500, "En attente"],
    [dt.date(2026, 2, 18), 8, "F2026-018", 380, "En attente"],
]
DUPONT = Move(
    dt.date(2026, 3, 3),
    1200.0,
    "VIR SEPA RECU /DE SARL DUPONT /MOTIF FACTURE F2026-001",
    "SARL DUPONT",
    "FR7630004000031234567890143",
)
CHEQUES = Move(dt.date(2026, 3, 11), 2030.0, "REMISE CHEQUES N 4471203 3 CHQ")


def _book(tmp_path):
    return make_workbook(tmp_path / "book.xlsx", clients=CLIENTS, transactions=INVOICES)


def _cli(*args):
    run = CliRunner().invoke(main, [*map(str, args), "--as-of", AS_OF])
    assert run.exit_code == 0, run.output
    return run.output


def _type(book, row, **cells):
    """The owner's keystrokes on one Rapprochement row (0 = the first row under the header)."""
    wb = openpyxl.load_workbook(book)
    ws = wb["Rapprochement"]
    header = [c.value for c in ws[1]]
    for key, text in cells.items():
        ws.cell(row + 2, header.index(HEADERS[key][0]) + 1, text)
    wb.save(book)


def _payments(book):
    values = sheet_values(book, "Paiements")
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


def test_the_bank_label_is_the_payments_libelle_never_nan(tmp_path):
    """Every posted row's Libellé was the text "nan" (an empty description read as a float),
    and Lettrage showed "Facture F2026-001 nan"."""
    book = _book(tmp_path)
    statement = camt053(tmp_path / "releve.xml", [DUPONT])
    _cli("bank", book, statement)
    _type(book, 0, confirm="x")
    _cli("bank", book, statement)
    _cli("bank", book, statement)  # again: nothing posted twice
    (paid,) = _payments(book)
    assert (paid["Montant"], paid["Factures"]) == (1200.0, "F2026-001")
    assert paid["Libellé"] == "VIR SEPA RECU /DE SARL DUPONT /MOTIF FACTURE F2026-001"
    for name in ("Lettrage", "Paiements", "Rapprochement"):
        cells = [str(c) for r in sheet_values(book, name) for c in r]
        assert not [c for c in cells if c == "nan" or c.endswith(" nan")], name
