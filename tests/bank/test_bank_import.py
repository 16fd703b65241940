"""`arxl bank` end to end: a book, statements, the owner's x in Valider, Paiements, refresh."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import make_workbook, sheet_values
from helpers.bankstatements import Move, write

import arxl
from arxl.api.bank import bank_import
from arxl.cli import main
from arxl.reports.reconciliation import HEADERS

D = dt.date(2024, 3, 5)
AS_OF = dt.date(2024, 3, 31)
TODAY = dt.date(2024, 4, 2)
PILGRIMS_IBAN = "FR7612345000010000000000185"
CLIENTS = [
    [1, "Pilgrims SAS", "1 rue A", "0", "p@example.com"],
    [2, "Dupont SARL", "2 rue B", "0", "d@example.com"],
    [3, "Martin & Fils", "3 rue C", "0", "m@example.com"],
    [4, "Bernard Industries", "4 rue D", "0", "b@example.com"],
    [5, "Garage Moreau", "5 rue E", "0", "g@example.com"],
]
INVOICES = [
    [dt.date(2024, 1, 10), 1, "F2024-111", 700, "En attente"],
    [dt.date(2024, 1, 12), 1, "F2024-112", 500, "En attente"],
    [dt.date(2024, 1, 15), 2, "F2024-113", 1000, "En attente"],
    [dt.date(2024, 1, 20), 3, "F2024-120", 800, "En attente"],
    [dt.date(2024, 1, 21), 3, "F2024-121", 200, "En attente"],
    [dt.date(2024, 1, 22), 4, "F2024-130", 3000, "En attente"],
    [dt.date(2024, 1, 23), 4, "F2024-131", 450, "En attente"],
    [dt.date(2024, 1, 24), 5, "F2024-150", 321.09, "En attente"],
]
MOVES = [
    Move(
        D,
        1200.0,
        "VIR SEPA RECU /DE PILGRIMS SAS /MOTIF FACT 2024-111 ET 112",
        "PILGRIMS SAS",
        PILGRIMS_IBAN,
    ),
    Move(D, 1000.0, "VIR DUPONT SARL", "DUPONT SARL", "", "FACTURE F 2024 113"),
    Move(D, 1000.0, "VIR MARTIN ET FILS", "MARTIN ET FILS"),
    Move(D, 1500.0, "VIR BERNARD", "BERNARD", "", "ACOMPTE F2024-130"),
    Move(D, 317.59, "VIR GARAGE MOREAU", "GARAGE MOREAU", "", "2024-150"),
    Move(D, 77.70, "VIR SEPA RECU /DE SOMEONE ELSE", "SOMEONE ELSE"),
    Move(D, -45.10, "PRLV SEPA EDF"),
]


def _book(tmp_path, settings=None):
    extra = {"Paramètres": [["Paramètre", "Valeur"], *settings]} if settings else None
    return make_workbook(
        tmp_path / "book.xlsx", clients=CLIENTS, transactions=INVOICES, extra_sheets=extra
    )


def _rows(path):
    values = sheet_values(path, "Rapprochement")
    return [dict(zip(values[0], r, strict=True)) for r in values[1:]]


def _type(path, edits):
    """The owner's keystrokes in Rapprochement: {(row index, column key): text}."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Rapprochement"]
    header = [c.value for c in ws[1]]
    for (i, key), text in edits.items():
        ws.cell(i + 2, header.index(HEADERS[key][0]) + 1, text)
    wb.save(path)


def test_import_confirm_and_import_again(tmp_path):
    book = _book(tmp_path)
    statement = write("camt053", tmp_path, MOVES)
    first = bank_import(book, [statement], as_of=AS_OF, today=TODAY)
    n = first.tally
    assert (n.lines, n.credits, n.debits, n.duplicates) == (7, 6, 1, 0)
    assert (n.sure, n.proposed, n.identify) == (2, 3, 1) and n.adds_up()
    rows = _rows(book)
    assert [r["Factures"] for r in rows] == [
        "F2024-111, F2024-112",
        "F2024-113",
        "F2024-120, F2024-121",
        "F2024-130",
        "F2024-150",
        "",
    ]
    assert (
        rows[2]["Pourquoi"] == "payeur ≈ Martin & Fils (3) (100 %); somme de 2 factures du client"
    )
    assert rows[4]["Pourquoi"].endswith("écart de 3,50 € (frais bancaires ?)")
    assert rows[5]["Statut"] == "À identifier"
    assert "Paiements" not in openpyxl.load_workbook(book).sheetnames  # nothing confirmed yet

    again = bank_import(book, [statement], as_of=AS_OF, today=TODAY)
    assert (again.tally.duplicates, again.tally.credits) == (6, 0)
    assert _rows(book) == rows  # importing the same statement twice changes nothing

    _type(
        book,
        {
            (0, "confirm"): "x",
            (1, "confirm"): "x",
            (2, "confirm"): "X",
            (3, "invoices"): "F2024-131",
            (3, "confirm"): "x",
            (5, "confirm"): "non",
        },
    )
    done = bank_import(book, [], as_of=AS_OF, today=TODAY)
    assert (done.tally.posted, done.tally.rejected) == (4, 1)
    assert done.conservation_holds is True
    payments = sheet_values(book, "Paiements")
    assert payments[0] == [
        "Date",
        "ID Client",
        "Client",
        "Montant",
        "Factures",
        "Libellé",
        "Réf. banque",
    ]
    assert [(p[1], p[3], p[4]) for p in payments[1:]] == [
        ("1", 1200.0, "F2024-111, F2024-112"),
        ("2", 1000.0, "F2024-113"),
        ("3", 1000.0, "F2024-120, F2024-121"),
        ("4", 1500.0, "F2024-131"),  # the owner's change is respected
    ]
    states = [r["Statut"] for r in _rows(book)]
    assert states == ["Validé → Paiements"] * 4 + ["Proposé : à valider", "Rejeté : à identifier"]
    settled = {(r[7], r[9]) for r in sheet_values(book, "Lettrage")[1:] if r[7]}
    assert ("F2024-131", 450.0) in settled and ("F2024-113", 1000.0) in settled

    # the next statement: Pilgrims pays from the same account under another name
    later = [Move(dt.date(2024, 3, 20), 640.0, "VIREMENT", "PG HOLDING", PILGRIMS_IBAN)]
    wb = openpyxl.load_workbook(book)
    wb["Transactions"].append([dt.date(2024, 2, 1), 1, "F2024-160", 640, "En attente"])
    wb.save(book)
    nxt = bank_import(
        book,
        [write("ofx", tmp_path, later), write("mt940", tmp_path, later)],
        as_of=AS_OF,
        today=TODAY,
    )
    last = _rows(book)[-1]
    assert (last["ID Client"], last["Factures"]) == ("1", "F2024-160")
    assert "IBAN déjà confirmé pour Pilgrims SAS (1)" in last["Pourquoi"]
    assert nxt.tally.credits == 2  # the OFX line carries no IBAN: to identify


def test_sure_matches_validated_automatically_when_parametres_says_so(tmp_path):
    book = _book(
        tmp_path,
        [["Validation automatique du rapprochement", "oui"], ["Tolérance frais bancaires (€)", 2]],
    )
    result = bank_import(
        book, [write("csv_debit_credit", tmp_path, MOVES)], as_of=AS_OF, today=TODAY
    )
    assert result.tally.auto == 2 and result.conservation_holds is True
    assert [p[4] for p in sheet_values(book, "Paiements")[1:]] == [
        "F2024-111, F2024-112",
        "F2024-113",
    ]
    moreau = _rows(book)[4]  # 3,50 € short is beyond a 2 € tolerance: a partial payment
    assert "paiement partiel" in moreau["Pourquoi"]


@pytest.mark.parametrize("fmt", ["csv_signed", "xlsx", "camt054"])
def test_other_formats_end_to_end(tmp_path, fmt):
    book = _book(tmp_path)
    result = bank_import(book, [write(fmt, tmp_path, MOVES)], as_of=AS_OF, today=TODAY)
    assert (result.tally.credits, result.tally.debits) == (6, 1)
    assert _rows(book)[0]["Factures"] == "F2024-111, F2024-112"


def test_cli_prints_where_every_line_went(tmp_path):
    book = _book(tmp_path)
    statement = write("mt940", tmp_path, MOVES)
    run = CliRunner().invoke(main, ["bank", str(book), str(statement), "--as-of", "2024-03-31"])
    assert run.exit_code == 0, run.output
    assert run.output.splitlines()[0] == (
        "Relevés : 7 lignes ; 6 crédits nouveaux (2 sûrs, 3 proposés, 1 à identifier), "
        "1 débits ignorés, 0 déjà importés, 0 postérieurs à la date d'analyse"
    )
    bad = CliRunner().invoke(main, ["bank", str(book), str(statement), "--as-of", "31-03"])
    assert bad.exit_code == 2
    broken = tmp_path / "broken.xml"
    broken.write_text("<Document><BkToCstmrStmt>", encoding="utf-8")
    failed = CliRunner().invoke(main, ["bank", str(book), str(broken)])
    assert failed.exit_code == 1
    assert failed.output.startswith("arxl: error: broken.xml: not a readable CAMT XML file")


def test_a_row_to_identify_posted_with_what_the_owner_typed(tmp_path):
    book = _book(tmp_path)
    bank_import(book, [write("camt053", tmp_path, MOVES)], as_of=AS_OF, today=TODAY)
    _type(book, {(5, "client_id"): "5", (5, "confirm"): "x", (2, "confirm"): "x"})
    _type(book, {(4, "confirm"): "oui"})
    result = bank_import(book, [], as_of=AS_OF, today=TODAY)
    assert result.tally.posted == 3 and result.conservation_holds is True
    rows = sheet_values(book, "Paiements")[1:]
    assert [(r[1], r[3], r[4]) for r in rows] == [
        ("3", 1000.0, "F2024-120, F2024-121"),
        ("5", 317.59, "F2024-150"),
        ("5", 3.50, "F2024-150"),  # 321.09 less 317.59: the bank's fee, within the tolerance
        ("5", 77.70, ""),  # the owner's client, no invoice: the cash application decides
    ]


def test_a_credit_short_of_its_invoice_by_a_bank_fee_settles_it(tmp_path):
    """317.59 for F2024-150 (321.09): 3.50 short, within the 5 of tolerance. Validated, the
    invoice is paid (the 3.50 posted beside as the bank's fee, named so), not chased."""
    book = _book(tmp_path)
    bank_import(book, [write("camt053", tmp_path, MOVES)], as_of=AS_OF, today=TODAY)
    moreau = next(i for i, r in enumerate(_rows(book)) if r["Factures"] == "F2024-150")
    _type(book, {(moreau, "confirm"): "x"})
    result = bank_import(book, [], as_of=AS_OF, today=TODAY)
    assert result.conservation_holds is True
    rows = sheet_values(book, "Paiements")
    fee = [r for r in rows[1:] if r[3] == 3.5]
    assert len(fee) == 1 and "Frais bancaires (écart toléré)" in [str(c) for c in fee[0]]
    a = arxl.analyse(book, as_of=AS_OF)
    got = dict(zip(a.items["invoice"], a.items["balance"], strict=True))
    assert got["F2024-150"] == 0


def test_english_book(tmp_path):
    book = make_workbook(
        tmp_path / "book.xlsx",
        clients=CLIENTS,
        transactions=[r[:4] + ["Pending"] for r in INVOICES],
        client_header=["Client ID", "Name", "Address", "Phone", "Email"],
        tx_header=["Date", "Client ID", "Description", "Amount", "Status"],
    )
    result = bank_import(book, [write("ofx", tmp_path, MOVES)], as_of=AS_OF, today=TODAY)
    assert result.sheet == "Bank matching"
    values = sheet_values(book, "Bank matching")
    assert values[0][:6] == ["Date", "Label", "Amount", "Client ID", "Client", "Invoices"]
    assert values[1][9].startswith("reference F2024-111, F2024-112 in the label")
    assert values[1][11] == "Sure: to confirm"


def test_a_posted_row_deleted_from_rapprochement_is_not_imported_again(tmp_path):
    book = _book(tmp_path)
    statement = write("mt940", tmp_path, MOVES)
    bank_import(book, [statement], as_of=AS_OF, today=TODAY)
    _type(book, {(0, "confirm"): "x"})
    bank_import(book, [], as_of=AS_OF, today=TODAY)
    wb = openpyxl.load_workbook(book)
    wb["Rapprochement"].delete_rows(2)  # the owner tidies the sheet
    wb.save(book)
    again = bank_import(book, [statement], as_of=AS_OF, today=TODAY)
    assert (again.tally.duplicates, again.tally.credits) == (6, 0)
    assert len(sheet_values(book, "Paiements")) == 2


def test_a_paiements_excel_table_is_not_written_past_its_end(tmp_path):
    from openpyxl.worksheet.table import Table

    book = _book(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("Paiements")
    ws.append(["Date", "ID Client", "Montant", "Référence"])
    ws.append([dt.date(2024, 2, 1), 2, 10.0, "F2024-113"])
    ws.add_table(Table(displayName="TPaiements", ref="A1:D2"))
    wb.save(book)
    bank_import(book, [write("camt053", tmp_path, MOVES)], as_of=AS_OF, today=TODAY)
    _type(book, {(0, "confirm"): "x"})
    result = bank_import(book, [], as_of=AS_OF, today=TODAY)
    assert result.tally.posted == 0
    assert [i.value for i in result.issues] == ["TPaiements"]
    assert len(sheet_values(book, "Paiements")) == 2
    assert _rows(book)[0]["Valider"] == "x"  # the confirmation waits


@pytest.mark.parametrize("second", ["ofx", "camt053"])
def test_the_same_movements_from_another_format_are_not_imported_twice(tmp_path, second):
    """The account's CSV imported, then its OFX (or CAMT) export over the same days: the bank's
    references differ from the CSV's keys, the day, amount and text are the same: already
    imported, not proposed a second time."""
    book = _book(tmp_path)
    first = bank_import(
        book, [write("csv_debit_credit", tmp_path, MOVES)], as_of=AS_OF, today=TODAY
    )
    assert first.tally.credits == 6
    again = bank_import(book, [write(second, tmp_path, MOVES)], as_of=AS_OF, today=TODAY)
    assert (again.tally.duplicates, again.tally.credits) == (6, 0)
    assert len(_rows(book)) == 6
