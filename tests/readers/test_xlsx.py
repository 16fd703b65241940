"""Reading the owner's sheets: titles above headers, synonyms, ids, blank rows, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import make_workbook

from arxl.errors import MissingColumns
from arxl.readers.xlsx import read_ledger
from arxl.vocab import Lang


def test_title_rows_and_mixed_ids(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        clients=[[12, "Dupont"], ["7", "Martin"]],
        transactions=[
            ["01/02/2023", "12", "F1", "1 000,00 €", "payée "],
            [dt.date(2023, 2, 2), " 12 ", "F2", 10, "En attente"],
            [None, None, None, None, None],
            [dt.date(2023, 2, 3), 7.0, "F3", 5, "LITIGE"],
        ],
        client_header=["ID Client", "Nom"],
        title_rows=[["Suivi des factures 2023"], [], ["Entreprise Dupont"]],
    )
    ledger = read_ledger(book)
    tx = ledger.transactions
    assert list(tx["client_key"]) == ["12", "12", "7"]
    assert list(tx["row"]) == [5, 6, 8]  # header on row 4, blank row 7 skipped
    assert list(tx["typed_status"]) == ["paid", "pending", "disputed"]
    assert tx["amount"].iloc[0] == 1000.0
    assert ledger.issues == []
    assert ledger.lang is Lang.FR


def test_english_headers(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "en.xlsx",
        clients=[[1, "Acme", "1 Main St", "555", "a@example.com", 45]],
        client_header=["Client ID", "Name", "Address", "Phone", "Email", "Payment terms (days)"],
        transactions=[[dt.date(2026, 1, 1), 1, "INV-1", 100, "Paid", "", None, None, None]],
        tx_header=[
            "Date",
            "Client ID",
            "Invoice",
            "Amount",
            "Status",
            "Remarks",
            "Due date",
            "Payment date",
            "Amount paid",
        ],
    )
    ledger = read_ledger(book)
    assert ledger.lang is Lang.EN
    assert ledger.clients["terms"].iloc[0] == 45


def test_bad_rows_become_issues_with_excel_rows(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "bad.xlsx",
        transactions=[
            ["31/02/2023", 1, "F1", 100, "Payé"],
            [dt.date(2023, 2, 1), 1, "F2", "cent euros", "Payé"],
            [dt.date(2023, 2, 1), 1, "F3", None, "Payé"],
            [dt.date(2023, 2, 1), 1, "F4", 100, "Bof"],
        ],
    )
    ledger = read_ledger(book)
    got = [(i.sheet, i.row, i.column, i.value) for i in ledger.issues]
    assert ("Transactions", 2, "Date", "31/02/2023") in got
    assert ("Transactions", 3, "Montant", "cent euros") in got
    assert ("Transactions", 4, "Montant", "") in got
    assert ("Transactions", 5, "Statut", "Bof") in got
    assert list(ledger.transactions["invoice"]) == ["F4"]


def test_missing_column_names_it_and_lists_headers(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "m.xlsx", tx_header=["Date", "ID Client", "Description", "Prix", "Statut"]
    )
    with pytest.raises(MissingColumns) as err:
        read_ledger(book)
    msg = str(err.value)
    assert "Montant" in msg and "headers found: Date, ID Client, Description, Prix, Statut" in msg


def test_missing_sheet(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Feuil1"
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(MissingColumns) as err:
        read_ledger(tmp_path / "x.xlsx")
    assert (
        "sheet 'Feuil1': missing required column(s) Date facture (Invoice date), N° facture"
        in str(err.value)
    )
    assert "headers found: none" in str(err.value)


def test_sheet_names_ignore_case_and_accents(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "CUSTOMERS"
    ws.append(["Client ID", "Name"])
    ws.append([1, "A"])
    tx = wb.create_sheet("factures")
    tx.append(["Date", "Client ID", "Invoice", "Amount"])
    tx.append([dt.date(2026, 1, 1), 1, "F", 1])
    wb.save(tmp_path / "y.xlsx")
    ledger = read_ledger(tmp_path / "y.xlsx")
    assert (ledger.clients_sheet, ledger.transactions_sheet) == ("CUSTOMERS", "factures")


@pytest.mark.parametrize(
    ("tx_header", "client_header", "lang"),
    [
        # Date, Client and Description are English as much as French: they say nothing
        (["Date", "Client", "Description", "Amount", "Status"], ["Client", "Email"], Lang.EN),
        (["Invoice", "Client", "Date", "Amount"], ["Client", "Email"], Lang.EN),
        (["Date", "Client", "Description", "Montant"], ["Client", "Email"], Lang.FR),
        (["Date", "Client", "Description", "Montant", "Statut"], ["Client", "Email"], Lang.FR),
        (["Date", "Client", "Description", "Total"], ["Client", "Email"], Lang.FR),  # French first
    ],
)
def test_the_language_of_a_book_is_that_of_the_headers_of_one_language(
    tmp_path: Path, tx_header: list[str], client_header: list[str], lang: Lang
) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        clients=[["Acme", "a@example.com"]],
        client_header=client_header,
        transactions=[[dt.date(2026, 1, 1), "Acme", "INV-1", 100, "En attente"][: len(tx_header)]],
        tx_header=tx_header,
    )
    assert read_ledger(book).lang is lang
