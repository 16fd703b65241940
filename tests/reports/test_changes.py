"""Quoi de neuf (What changed): arxl remembers a summary of each refresh inside the workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import python_calamine
from conftest import converted_export, make_workbook, sheet_values

import arxl
from tests.helpers.zipparts import zip_parts

D = dt.date
TX = [
    [D(2026, 1, 5), 1, "Facture #001", 1000, "En attente"],
    [D(2026, 1, 10), 2, "Facture #002", 500, "En attente"],
    [D(2026, 2, 20), 1, "Facture #003", 300, "En attente"],
    [D(2026, 2, 25), 2, "Virement Facture #002", -500, ""],
]


def test_changes_between_two_refreshes(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "b.xlsx", transactions=TX)
    arxl.refresh_workbook(book, as_of=D(2026, 2, 1))
    first = sheet_values(book, "Quoi de neuf")
    assert first[1][0].startswith("Première analyse")
    assert 'state="hidden"' in zip_parts(book)["xl/workbook.xml"].decode()

    arxl.refresh_workbook(book, as_of=D(2026, 4, 15))
    # an amount on every row, as a number (the note under the table says which)
    assert sheet_values(book, "Quoi de neuf")[1:-1] == [
        ["Nouvelle facture", "1", "Dupont SARL", "Facture #003", "", "En retard", 300.0],
        ["Paiement reçu", "2", "Martin & Fils", "Virement Facture #002", "", "Paiement", 500.0],
        ["Passée en retard", "1", "Dupont SARL", "Facture #001", "En attente", "En retard", 1000.0],
        [
            "Niveau de relance en hausse",
            "1",
            "Dupont SARL",
            "",
            "Rappel avant échéance",
            "Relance courtoise",  # what arxl remind sends: level 1 first (issue 18)
            1300.0,  # the amount reminded: #001 and #003
        ],
        ["Nouveau blocage", "1", "Dupont SARL", "", "", "Bloqué", 1300.0],  # the exposure
    ]
    assert sheet_values(book, "Quoi de neuf")[-1][0].startswith("Montant : la facture")
    arxl.refresh_workbook(book, as_of=D(2026, 4, 15))
    assert sheet_values(book, "Quoi de neuf")[1][0] == "Aucun changement depuis le 2026-04-15."
    names = python_calamine.CalamineWorkbook.from_path(str(book)).sheet_names
    assert names.count("arxl_etat") == 1 and names.count("Quoi de neuf") == 1


def test_a_payment_on_the_invoice_row_says_statuses_and_the_sum_as_a_number(
    tmp_path: Path,
) -> None:
    book = make_workbook(tmp_path / "b.xlsx", transactions=TX)
    arxl.refresh_workbook(book, as_of=D(2026, 4, 15))
    wb = openpyxl.load_workbook(book)
    ws = wb["Transactions"]
    ws.cell(row=1, column=6, value="Date de paiement")
    ws.cell(row=1, column=7, value="Montant payé")
    ws.cell(row=2, column=6, value=dt.datetime(2026, 4, 18))  # #001: 312 paid on 18/04
    ws.cell(row=2, column=7, value=312)
    wb.save(book)
    arxl.refresh_workbook(book, as_of=D(2026, 4, 20))
    rows = sheet_values(book, "Quoi de neuf")
    paid = [r for r in rows if r[0] == "Paiement reçu"]
    assert paid == [["Paiement reçu", "1", "Dupont SARL", "Facture #001", "En retard",
                     "En retard", 312.0]]  # fmt: skip
    for r in rows[1:-1]:
        assert isinstance(r[6], float), r  # every row's amount is a number
        assert not any(isinstance(v, str) and v.replace(".", "").isdigit() for v in r[4:6])


def test_a_credit_note_is_not_a_payment_received(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "b.xlsx", transactions=TX)
    arxl.refresh_workbook(book, as_of=D(2026, 4, 15))
    wb = openpyxl.load_workbook(book)
    wb["Transactions"].append([dt.datetime(2026, 4, 16), 1, "Avoir sur Facture #003", -100, ""])
    wb.save(book)
    arxl.refresh_workbook(book, as_of=D(2026, 4, 20))
    assert sheet_values(book, "Quoi de neuf")[1] == [
        "Nouvel avoir", "1", "Dupont SARL", "Avoir sur Facture #003", "", "Avoir", 100.0
    ]  # fmt: skip


def test_a_converted_books_first_refresh_calls_nothing_new(tmp_path: Path) -> None:
    """A converted workbook's summary keys a credit note or a payment by its export's line; the
    first refresh reads it from a Transactions row: the same entry, not a new one."""
    book = converted_export(
        tmp_path / "ventes.csv",
        "Date;Client;Facture;Montant;Échéance;Statut\n"
        "05/01/2026;Boulangerie Dupont;F001;1 234,56 €;04/02/2026;En attente\n"
        "12/02/2026;Garage Martin;F002;2 500,00 €;14/03/2026;En attente\n"
        "15/04/2026;Garage Martin;F005;-500,00 €;15/04/2026;Avoir\n"
        "20/04/2026;Garage Martin;Virement F002;-1 000,00 €;;Payé\n",
        D(2026, 6, 30),
    )
    arxl.refresh_workbook(book, as_of=D(2026, 6, 30))
    assert sheet_values(book, "Quoi de neuf")[1:-1] == []
    # a payment dated and of an amount no earlier entry has is still new
    wb = openpyxl.load_workbook(book)
    wb["Transactions"].append([dt.datetime(2026, 7, 2), None, "Virement F001", -1234.56, ""])
    row = wb["Transactions"].max_row
    wb["Transactions"].cell(row, 2).value = wb["Transactions"].cell(2, 2).value  # F001's client
    wb.save(book)
    arxl.refresh_workbook(book, as_of=D(2026, 7, 5))
    found = [r[0] for r in sheet_values(book, "Quoi de neuf")[1:-1]]
    assert found.count("Paiement reçu") == 1, found
    assert "Nouvel avoir" not in found


def test_a_row_inserted_above_a_payment_does_not_make_it_new(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "b.xlsx", transactions=TX)
    arxl.refresh_workbook(book, as_of=D(2026, 3, 1))
    wb = openpyxl.load_workbook(book)
    wb["Transactions"].insert_rows(2)  # the owner adds an invoice at the top
    for col, v in enumerate([dt.datetime(2026, 2, 27), 2, "Facture #004", 80, ""], start=1):
        wb["Transactions"].cell(2, col).value = v
    wb.save(book)
    arxl.refresh_workbook(book, as_of=D(2026, 3, 2))
    found = [r[:4] for r in sheet_values(book, "Quoi de neuf")[1:-1]]
    assert found == [["Nouvelle facture", "2", "Martin & Fils", "Facture #004"]], found
