"""The same movement in two statements (two formats of one account): imported once, whether
the two files come in the same run or one after the other, and even when one format adds
the payer's end-to-end id to the text. Two payments that only share their day and amount
stay two."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import make_workbook, sheet_values
from helpers.bankstatements import Move, camt053, csv_debit_credit, csv_signed, ofx

from arxl.cli import main
from arxl.reports.reconciliation import HEADERS

AS_OF = "2026-03-31"
ROUSSEAU_IBAN = "FR7610107001011234567890129"
CLIENTS = [
    [7, "Café du Commerce", "3 rue G", "0", "cafe@commerce.fr"],
    [8, "Atelier Rousseau", "9 rue H", "0", "atelier@rousseau.fr"],
]
INVOICES = [
    [dt.date(2026, 2, 5), 7, "F2026-011", 450, "En attente"],
    [dt.date(2026, 2, 6), 8, "F2026-012", 1200, "En attente"],
    [dt.date(2026, 2, 18), 8, "F2026-018", 380, "En attente"],
    [dt.date(2026, 3, 5), 8, "F2026-023", 990, "En attente"],
]
CHEQUES = Move(dt.date(2026, 3, 11), 2030.0, "REMISE CHEQUES N 4471203 3 CHQ")
ROUSSEAU = Move(
    dt.date(2026, 3, 27),
    990.0,
    "VIR SEPA RECU /DE ATELIER ROUSSEAU /MOTIF FACTURE F2026-023",
    "ATELIER ROUSSEAU",
    ROUSSEAU_IBAN,
    "FACTURE F2026-023",
)


def _book(tmp_path):
    return make_workbook(tmp_path / "book.xlsx", clients=CLIENTS, transactions=INVOICES)


def _bank(book, *statements):
    run = CliRunner().invoke(main, ["bank", str(book), *map(str, statements), "--as-of", AS_OF])
    assert run.exit_code == 0, run.output
    return run.output.splitlines()[0]


def _rows(book):
    values = sheet_values(book, "Rapprochement")
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


def _confirm_all(book):
    wb = openpyxl.load_workbook(book)
    ws = wb["Rapprochement"]
    column = [c.value for c in ws[1]].index(HEADERS["confirm"][0]) + 1
    for row in range(2, ws.max_row + 1):
        ws.cell(row, column, "x")
    wb.save(book)


def _csv_only_label(m: Move) -> Move:
    """The CSV export prints the bank's label alone (no separate remittance column)."""
    return Move(m.date, m.amount, m.label)


@pytest.mark.parametrize("second", ["camt053", "ofx"])
def test_one_movement_in_two_statements_of_one_run_is_imported_once(tmp_path, second):
    """The trial's `arxl bank book releve.csv releve.camt053.xml`: the 27/03 transfer of
    990,00 is in both; it was proposed twice (the second time on another invoice), and
    confirming both posted 990 twice."""
    book = _book(tmp_path)
    csv = csv_debit_credit(tmp_path / "releve.csv", [CHEQUES, _csv_only_label(ROUSSEAU)])
    other = (camt053 if second == "camt053" else ofx)(tmp_path / f"releve.{second}", [ROUSSEAU])
    summary = _bank(book, csv, other)
    assert summary == (
        "Relevés : 3 lignes ; 2 crédits nouveaux (1 sûrs, 0 proposés, 1 à identifier), "
        "0 débits ignorés, 1 déjà importés, 0 postérieurs à la date d'analyse"
    )
    rows = _rows(book)
    assert [(r["Montant"], r["Factures"]) for r in rows] == [(2030.0, ""), (990.0, "F2026-023")]

    again = _bank(book, csv, other)  # the same two files again: nothing new
    assert "0 crédits nouveaux" in again and "3 déjà importés" in again
    assert _rows(book) == rows

    _confirm_all(book)
    _bank(book)
    paid = [p for p in sheet_values(book, "Paiements")[1:] if p[3] == 990.0]
    assert len(paid) == 1 and paid[0][4] == "F2026-023"  # posted once


def test_the_richer_line_is_kept_when_both_files_come_in_one_run(tmp_path):
    """CSV then CAMT on the command line: the CAMT's line (payer, IBAN) is the one kept, so
    the payer's IBAN is remembered once the row is confirmed."""
    book = _book(tmp_path)
    csv = csv_debit_credit(tmp_path / "releve.csv", [_csv_only_label(ROUSSEAU)])
    camt = camt053(tmp_path / "releve.xml", [ROUSSEAU])
    _bank(book, csv, camt)
    (row,) = _rows(book)
    assert (row["IBAN payeur"], row["Payeur"]) == (ROUSSEAU_IBAN, "ATELIER ROUSSEAU")


@pytest.mark.parametrize("one_run", [False, True])
def test_a_camt_that_adds_the_end_to_end_id_is_the_same_movement(tmp_path, one_run):
    """The CAMT carries the payer's EndToEndId, which the reader adds to the remittance text:
    the CSV's label is all in the CAMT's text, day and amount alike: the same movement."""
    book = _book(tmp_path)
    csv = csv_signed(tmp_path / "releve.csv", [_csv_only_label(ROUSSEAU)])
    e2e = Move(**{**ROUSSEAU.__dict__, "e2e": "E2E-ROUSS-0327"})
    camt = camt053(tmp_path / "releve.xml", [e2e])
    if one_run:
        summary = _bank(book, csv, camt)
    else:
        _bank(book, csv)
        summary = _bank(book, camt)
        assert "0 crédits nouveaux" in summary
    assert "1 déjà importés" in summary
    assert len(_rows(book)) == 1
    _bank(book, camt, csv)  # either order, again: still one row
    assert len(_rows(book)) == 1


@pytest.mark.parametrize("one_run", [False, True])
def test_two_payers_paying_the_same_amount_the_same_day_stay_two(tmp_path, one_run):
    """Same day, same amount, different payers (one in each file): two movements."""
    book = _book(tmp_path)
    day = dt.date(2026, 3, 20)
    cafe = Move(day, 450.0, "VIR SEPA RECU /DE CAFE DU COMMERCE /MOTIF FACTURE F2026-011")
    atelier = Move(day, 450.0, "VIR SEPA RECU /DE ATELIER ROUSSEAU /MOTIF ACOMPTE")
    csv = csv_debit_credit(tmp_path / "releve.csv", [cafe])
    camt = camt053(tmp_path / "releve.xml", [atelier])
    if one_run:
        summary = _bank(book, csv, camt)
    else:
        _bank(book, csv)
        summary = _bank(book, camt)
    assert "0 déjà importés" in summary
    assert len(_rows(book)) == 2
