"""What a confirmed Rapprochement row becomes in Paiements: the bank's label as its Libellé
(never "nan"), and a deposit of several clients' cheques one row per client."""

from __future__ import annotations

import datetime as dt

import openpyxl
from click.testing import CliRunner
from conftest import make_workbook, sheet_values
from helpers.bankstatements import Move, camt053, csv_debit_credit

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


def _deposit(tmp_path, moves, invoices, client=""):
    """The statement imported, the owner's invoices typed on the deposit's row, and x."""
    book = _book(tmp_path)
    statement = csv_debit_credit(tmp_path / "releve.csv", moves)
    _cli("bank", book, statement)
    row = next(i for i, r in enumerate(moves) if r is CHEQUES)
    _type(book, row, invoices=invoices, client_id=client, confirm="x")
    return book, statement


def _anomalies(book):
    return [r for r in sheet_values(book, "Anomalies") if "Rapprochement" in map(str, r)]


def test_a_deposit_of_two_clients_cheques_is_one_payment_per_client(tmp_path):
    """The trial's cheque deposit of 2 030,00: F2026-011 (client 7, 450,00), F2026-012 and
    F2026-018 (client 8, 1 200,00 + 380,00), typed with no client, was refused as "validated
    without a client or invoices"."""
    book, statement = _deposit(tmp_path, [DUPONT, CHEQUES], "F2026-011, F2026-012, F2026-018")
    said = _cli("refresh", book).splitlines()[1]
    assert said.startswith("Rapprochement : 1 ligne(s) validée(s) reportée(s) dans Paiements")
    _cli("bank", book, statement)  # again, with the statement: nothing posted twice
    _cli("refresh", book)
    paid = [(p["ID Client"], p["Montant"], p["Factures"], p["Libellé"]) for p in _payments(book)]
    assert paid == [
        ("7", 450.0, "F2026-011", CHEQUES.label),
        ("8", 1580.0, "F2026-012, F2026-018", CHEQUES.label),
    ]
    assert not _anomalies(book)
    row = [r for r in sheet_values(book, "Rapprochement") if r[2] == 2030.0][0]
    assert "7, 8" in row and "Validé → Paiements" in row
    values = sheet_values(book, "Lettrage")
    settled = {(r[7], r[9]) for r in values[1:] if r[7]}
    assert {("F2026-011", 450.0), ("F2026-012", 1200.0), ("F2026-018", 380.0)} <= settled


def test_a_deposit_whose_invoices_do_not_add_up_is_not_posted_and_said(tmp_path):
    book, statement = _deposit(tmp_path, [DUPONT, CHEQUES], "F2026-011, F2026-012")
    _cli("bank", book, statement)
    _cli("refresh", book)
    assert "Paiements" not in openpyxl.load_workbook(book).sheetnames
    (found,) = _anomalies(book)
    assert 3 in found  # the Excel row of the deposit in Rapprochement
    assert (
        "Ligne validée sans client, ses factures (client 7 : F2026-011 = 450,00 € ; client 8 : "
        "F2026-012 = 1 200,00 €) font 1 650,00 €, pas 2 030,00 € : corrigez les factures ou "
        "indiquez le client (non reportée)"
    ) in [str(c).replace("\u00a0", " ") for c in found]


def test_a_deposit_of_one_clients_cheques_is_posted_for_that_client(tmp_path):
    cheques = Move(CHEQUES.date, 1580.0, CHEQUES.label)
    book = _book(tmp_path)
    _cli("bank", book, csv_debit_credit(tmp_path / "releve.csv", [cheques]))
    _type(book, 0, invoices="F2026-012, F2026-018", confirm="x")
    _cli("refresh", book)
    paid = [(p["ID Client"], p["Montant"], p["Factures"]) for p in _payments(book)]
    assert paid == [("8", 1580.0, "F2026-012, F2026-018")]


def test_a_client_typed_with_invoices_of_two_clients_is_not_posted(tmp_path):
    book, _ = _deposit(tmp_path, [CHEQUES], "F2026-011, F2026-012, F2026-018", client="7")
    _cli("refresh", book)
    assert "Paiements" not in openpyxl.load_workbook(book).sheetnames
    (found,) = _anomalies(book)
    assert any("pas toutes de 7 : corrigez le client" in str(c) for c in found)


def test_a_payment_naming_invoices_already_settled_is_not_posted_again(tmp_path):
    """The same transfer in a second statement the duplicate check does not recognise, typed
    with the invoice the first one paid and confirmed: it was posted again and, the invoice
    being paid, went to the client's next invoice (a real debt silently cancelled). It waits,
    said in Anomalies; the first one is posted once."""
    book = _book(tmp_path)
    first = camt053(tmp_path / "releve.xml", [DUPONT])
    _cli("bank", book, first)
    _type(book, 0, confirm="x")
    _cli("bank", book, first)
    again = Move(DUPONT.date, 1200.0, "VIREMENT RECU DUPONT")  # another label: a new credit
    second = csv_debit_credit(tmp_path / "export.csv", [again])
    _cli("bank", book, second)
    rows = sheet_values(book, "Rapprochement")
    new = next(k for k, r in enumerate(rows[1:]) if r[1] == again.label)
    _type(book, new, client_id="1", invoices="F2026-001", confirm="x")
    _cli("refresh", book)
    assert [(p["Montant"], p["Factures"]) for p in _payments(book)] == [(1200.0, "F2026-001")]
    (found,) = _anomalies(book)
    assert "F2026-001" in found
    assert any(str(c).startswith("Factures déjà réglées : ce paiement a-t-il déjà") for c in found)
