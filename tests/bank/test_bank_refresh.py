"""The next refresh posts what the owner validated in Rapprochement (issue 23): `arxl refresh`
and so the refresh button, not only `arxl bank`."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner
from conftest import make_workbook, sheet_values
from helpers.bankstatements import write
from test_bank_import import (
    AS_OF,
    CLIENTS,
    INVOICES,
    MOVES,
    TODAY,
    D,
    _book,
    _rows,
    _type,
)

from arxl.api.bank import bank_import
from arxl.api.refresh import refresh_workbook
from arxl.cli import main


def _imported(tmp_path, settings=None):
    book = _book(tmp_path, settings)
    bank_import(book, [write("camt053", tmp_path, MOVES)], as_of=AS_OF, today=TODAY)
    return book


def test_refresh_posts_the_rows_the_owner_validated(tmp_path):
    book = _imported(tmp_path)
    _type(
        book,
        {
            (0, "confirm"): "x",
            (3, "invoices"): "F2024-131",
            (3, "confirm"): "x",
            (5, "confirm"): "non",
        },
    )
    result = refresh_workbook(book, as_of=AS_OF, today=TODAY)
    assert result.posting is not None and result.posting.changed
    assert (len(result.posting.to_post), result.posting.rejected) == (2, 1)
    assert result.owner_sheets == ["Paiements"] and result.path == book
    payments = sheet_values(book, "Paiements")
    assert [(p[1], p[3], p[4]) for p in payments[1:]] == [
        ("1", 1200.0, "F2024-111, F2024-112"),
        ("4", 1500.0, "F2024-131"),  # the owner's change is respected
    ]
    states = [r["Statut"] for r in _rows(book)]
    assert states[0] == states[3] == "Validé → Paiements"
    assert states[5] == "Rejeté : à identifier"
    assert _rows(book)[0]["Reporté le"] is not None
    settled = {(r[7], r[9]) for r in sheet_values(book, "Lettrage")[1:] if r[7]}
    assert ("F2024-131", 450.0) in settled and ("F2024-111", 700.0) in settled

    again = refresh_workbook(book, as_of=AS_OF, today=TODAY)  # nothing decided since
    assert again.posting is not None and not again.posting.changed
    assert sheet_values(book, "Paiements") == payments
    # arxl bank afterwards finds them posted: nothing twice
    done = bank_import(book, [], as_of=AS_OF, today=TODAY)
    assert done.tally.posted == 0 and len(sheet_values(book, "Paiements")) == 3


def test_refresh_validates_sure_rows_when_parametres_says_so(tmp_path):
    book = _imported(tmp_path, [["Validation automatique du rapprochement", "non"]])
    wb = openpyxl.load_workbook(book)
    wb["Paramètres"]["B2"] = "oui"  # the owner turns it on after the import
    wb.save(book)
    result = refresh_workbook(book, as_of=AS_OF, today=TODAY)
    assert len(result.posting.to_post) == 2
    assert [p[4] for p in sheet_values(book, "Paiements")[1:]] == [
        "F2024-111, F2024-112",
        "F2024-113",
    ]
    assert [r["Valider"] for r in _rows(book)][:2] == ["auto", "auto"]


def test_a_row_whose_invoices_are_another_clients_goes_to_anomalies(tmp_path):
    book = _imported(tmp_path)
    _type(book, {(1, "invoices"): "F2024-150", (1, "confirm"): "x"})  # Dupont's row, Moreau's
    result = refresh_workbook(book, as_of=AS_OF, today=TODAY)
    assert not result.posting.changed and "Paiements" not in result.owner_sheets
    found = [r for r in sheet_values(book, "Anomalies") if "Rapprochement" in map(str, r)]
    assert len(found) == 1 and "pas de 2" in " ".join(map(str, found[0]))
    assert 3 in found[0]  # the Excel row of the Rapprochement line


def test_cli_refresh_says_what_it_posted(tmp_path):
    book = _imported(tmp_path)
    _type(book, {(0, "confirm"): "x"})
    out = CliRunner().invoke(main, ["refresh", str(book), "--as-of", "2024-03-31"])
    assert out.exit_code == 0, out.output
    assert "Rapprochement : 1 ligne(s) validée(s) reportée(s) dans Paiements" in out.output


def test_a_book_without_rapprochement_is_refreshed_as_before(tmp_path):
    book = _book(tmp_path)
    result = refresh_workbook(book, as_of=AS_OF, today=TODAY)
    assert result.posting is None and result.owner_sheets == []


def test_rapprochement_and_paiements_in_the_books_formats(tmp_path):
    book = _book(tmp_path, [["Pays", "US"]])  # a $ book: $ and m/d/yyyy
    wb = openpyxl.load_workbook(book)
    for row in wb["Transactions"].iter_rows(min_row=2):
        row[0].number_format = "m/d/yyyy"  # as the owner's cells are
    wb.save(book)
    bank_import(book, [write("camt053", tmp_path, MOVES)], as_of=AS_OF, today=TODAY)
    wb = openpyxl.load_workbook(book)
    ws = wb["Rapprochement"]
    header = [c.value for c in ws[1]]
    moreau = {h: ws.cell(6, i + 1) for i, h in enumerate(header)}
    assert "$" in moreau["Montant"].number_format and "€" not in moreau["Montant"].number_format
    assert moreau["Date"].number_format == "m/d/yyyy"
    assert "écart de 3,50 $" in moreau["Pourquoi"].value  # as the French book writes $
    _type(book, {(0, "confirm"): "x"})
    refresh_workbook(book, as_of=AS_OF, today=TODAY)
    row = openpyxl.load_workbook(book)["Paiements"][2]
    assert row[0].number_format == "m/d/yyyy" and "$" in row[3].number_format


def test_unreadable_statement_lines_are_listed_in_anomalies(tmp_path):
    book = _book(tmp_path)
    statement = tmp_path / "releve.csv"
    statement.write_text(
        "Date;Libellé;Montant\n05/03/2024;VIR DUPONT SARL F2024-113;1000,00\n"
        "??;VIR B;12,00\n06/03/2024;VIR C;douze\n",
        encoding="utf-8",
    )
    result = bank_import(book, [statement], as_of=AS_OF, today=TODAY)
    assert result.tally.unreadable == 2 and result.tally.credits == 1
    found = [r[:5] for r in sheet_values(book, "Anomalies") if "releve.csv" in map(str, r)]
    assert found == [
        ["releve.csv", 3, "Date", "??", "« VIR B » : date illisible (ligne ignorée)"],
        ["releve.csv", 4, "Montant", "douze", "« VIR C » : montant illisible (ligne ignorée)"],
    ]


def test_refresh_posts_below_the_owners_own_paiements_rows(tmp_path):
    paiements = [["Date", "ID Client", "Montant", "Factures"], [D, 5, 100, "F2024-150"]]
    book = make_workbook(
        tmp_path / "book.xlsx",
        clients=CLIENTS,
        transactions=INVOICES,
        extra_sheets={"Paiements": paiements},
    )
    bank_import(book, [write("camt053", tmp_path, MOVES)], as_of=AS_OF, today=TODAY)
    _type(book, {(1, "confirm"): "x"})
    result = refresh_workbook(book, as_of=AS_OF, today=TODAY)  # no SheetSource given
    assert result.owner_sheets == ["Paiements"]
    rows = sheet_values(book, "Paiements")
    assert [(r[1], r[2], r[3]) for r in rows[1:]] == [
        (5, 100, "F2024-150"),
        ("2", 1000.0, "F2024-113"),
    ]
