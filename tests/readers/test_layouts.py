"""Workbooks in the shapes owners really have (tests/helpers/layouts.py), read value by value.

Expected values are worked out by hand from the definitions: due = typed due date else invoice
date + terms (default 30); paid from "amount paid", else amount - "left to pay", else the whole
amount when the status says paid or a payment date is given; days overdue = as-of - due.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import book_issues
from helpers import layouts as L
from helpers.zipparts import zip_parts

from arxl import analyse, refresh_workbook
from arxl.cli import main
from arxl.errors import AmbiguousLayout, MissingColumns, UnknownField
from arxl.readers.layout import (
    CLIENTS,
    INVOICES,
    Layout,
    header_keys,
    match_headers,
    parse_map,
    parse_status_map,
    status_word,
)
from arxl.vocab import Field

AS_OF = dt.date(2026, 10, 31)


def nid(name_key: str) -> str:
    """The derived id, recomputed independently: N- and 10 hex digits of SHA-1 of the key."""
    return "N-" + hashlib.sha1(name_key.encode()).hexdigest()[:10].upper()


def by_invoice(analysis) -> dict[str, dict]:
    items = analysis.items
    out = {}
    for r in items.itertuples():
        out[r.invoice] = {
            "client": r.client_id,
            "name": r.client_name,
            "date": r.date.date(),
            "due": r.due.date(),
            "amount": round(r.amount, 2),
            "paid": round(r.paid, 2),
            "balance": round(r.balance, 2),
            "status": r.status,
            "days": int(r.days_overdue),
            "bucket": r.bucket,
        }
    return out


def test_excel_table_under_a_title_with_client_names(tmp_path: Path) -> None:
    book = L.excel_table_tracker(tmp_path / "tracker.xlsx")
    a = analyse(book, today=dt.date(2030, 1, 1))  # the "Date d'analyse" cell wins over today
    assert a.as_of == AS_OF
    got = by_invoice(a)
    dupont, martin, lefevre = nid("dupont sarl"), nid("martin & fils"), nid("ets lefevre")
    D = dt.date
    assert got == {
        "F-001": dict(
            client=dupont,
            name="Dupont SARL",
            date=D(2026, 8, 1),
            due=D(2026, 8, 31),
            amount=1000,
            paid=1000,
            balance=0,
            status="paid",
            days=0,
            bucket="",
        ),
        "F-002": dict(
            client=dupont,
            name="Dupont SARL",
            date=D(2026, 9, 1),
            due=D(2026, 10, 1),
            amount=1500,
            paid=0,
            balance=1500,
            status="overdue",
            days=30,
            bucket="1-30",
        ),
        "F-004": dict(
            client=lefevre,
            name="Éts Lefèvre",
            date=D(2026, 7, 1),
            due=D(2026, 7, 31),
            amount=800,
            paid=500,
            balance=300,
            status="overdue",
            days=92,
            bucket="91+",
        ),
        "F-005": dict(
            client=lefevre,
            name="Éts Lefèvre",
            date=D(2026, 10, 20),
            due=D(2026, 11, 19),
            amount=450.5,
            paid=0,
            balance=450.5,
            status="pending",
            days=0,
            bucket="current",
        ),
        "F-006": dict(
            client=martin,
            name="Martin & Fils",
            date=D(2026, 9, 15),
            due=D(2026, 10, 15),
            amount=2000,
            paid=2000,
            balance=0,
            status="paid",
            days=0,
            bucket="",
        ),
    }
    assert book_issues(a) == []
    assert a.ledger.transactions_sheet == "Suivi factures 2026"
    assert not a.ledger.has_clients_sheet
    # F-003 "(200,00)" is a credit note: F-006 was paid, so it is Martin's open credit
    aged = {r.client_id: (r.gross, r.credits, r.total) for r in a.aged.itertuples()}
    assert aged == {dupont: (1500, 0, 1500), lefevre: (750.5, 0, 750.5), martin: (0, -200, -200)}
    assert set(a.reminders["client_id"]) <= {dupont, lefevre}


def test_derived_ids_are_stable_whatever_the_row_order(tmp_path: Path) -> None:
    first = analyse(L.excel_table_tracker(tmp_path / "a.xlsx"))
    ids = dict(zip(first.items["invoice"], first.items["client_id"], strict=True))
    import xlsxwriter  # the same names, in another order, in another workbook

    wb = xlsxwriter.Workbook(tmp_path / "b.xlsx")
    ws = wb.add_worksheet("Invoices")
    ws.write_row(0, 0, ["Date", "Customer", "Invoice number", "Amount"])
    ws.write_row(1, 0, ["2026-10-01", "MARTIN   & fils", "X1", 10])
    ws.write_row(2, 0, ["2026-10-01", "dupont sarl", "X2", 10])
    wb.close()
    second = analyse(tmp_path / "b.xlsx", as_of=AS_OF)
    got = dict(zip(second.items["invoice"], second.items["client_id"], strict=True))
    assert got == {"X1": ids["F-006"], "X2": ids["F-001"]}


@pytest.mark.parametrize("date1904", [False, True])
def test_header_off_a1_totals_hidden_duplicate_and_formula(tmp_path: Path, date1904: bool) -> None:
    book = L.header_off_a1(tmp_path / "plain.xlsx", date1904=date1904)
    a = analyse(book, as_of=AS_OF)
    got = by_invoice(a)
    D = dt.date
    assert {
        k: (v["date"], v["due"], v["amount"], v["status"], v["days"], v["bucket"])
        for k, v in got.items()
    } == {
        "A1": (D(2026, 9, 1), D(2026, 9, 30), 100, "overdue", 31, "31-60"),
        "A2": (D(2026, 9, 12), D(2026, 10, 13), 250.5, "overdue", 18, "1-30"),
        "A3": (D(2026, 10, 2), D(2026, 11, 1), 300, "pending", 0, "current"),
    }
    assert got["A1"]["client"] == got["A3"]["client"] == nid("alpha")
    # the formula without a stored value is reported where the owner sees it; the totals
    # rows (above the header and below the data) are not invoices and not anomalies
    assert [(i.sheet, i.row, i.column) for i in book_issues(a)] == [("Feuil1", 10, "Montant")]
    assert "Formule sans valeur" in book_issues(a)[0].message_fr


def test_english_tracker_month_first_text_dates_and_currency_text(tmp_path: Path) -> None:
    a = analyse(L.english_tracker(tmp_path / "en.xlsx"), as_of=AS_OF)
    got = by_invoice(a)
    D = dt.date
    assert {
        k: (v["date"], v["due"], v["amount"], v["paid"], v["status"], v["days"])
        for k, v in got.items()
    } == {
        "INV-1": (D(2026, 9, 15), D(2026, 10, 15), 1200, 200, "overdue", 16),
        "INV-3": (D(2026, 10, 2), D(2026, 11, 1), 980, 980, "paid", 0),
    }
    # INV-2 (-$50.00) is a credit note of Globex, who owes nothing else: an open credit
    assert a.allocation is not None
    assert a.allocation.unapplied[["client_id", "amount"]].to_dict("records") == [
        {"client_id": nid("globex"), "amount": 50.0}
    ]
    assert a.lang.value == "en"
    assert book_issues(a) == []


@pytest.mark.parametrize("with_ids", [True, False])
def test_invoices_by_name_joined_to_a_clients_sheet(tmp_path: Path, with_ids: bool) -> None:
    book = L.names_and_clients_sheet(tmp_path / "n.xlsx", with_ids=with_ids)
    a = analyse(book, as_of=AS_OF)
    got = by_invoice(a)
    dupont = "C001" if with_ids else nid("dupont sarl")
    martin = "C002" if with_ids else nid("martin & fils")
    D = dt.date
    assert {k: (v["client"], v["name"], v["due"], v["days"]) for k, v in got.items()} == {
        "F1": (dupont, "Dupont SARL", D(2026, 10, 16), 15),  # the clients sheet's 45 days
        "F2": (martin, "Martin & Fils", D(2026, 10, 31), 0),  # 60 days: due on the as-of day
        "F3": (nid("inconnu sa"), "Inconnu SA", D(2026, 10, 1), 30),  # not in the sheet
    }
    assert a.ledger.clients_sheet == "Liste clients"


def test_clients_in_another_workbook(tmp_path: Path) -> None:
    invoices, clients = L.clients_elsewhere(tmp_path)
    a = analyse(invoices, as_of=AS_OF, layout=Layout(clients_book=clients))
    got = by_invoice(a)
    assert got["F1"]["client"] == "0042" and got["F1"]["name"] == "Quarante-Deux SAS"
    assert got["F1"]["due"] == dt.date(2026, 9, 11)  # terms 10 from the other workbook
    assert [(i.row, i.value) for i in book_issues(a)] == [(3, "0043")]  # unknown id reported
    code = CliRunner().invoke(
        main,
        [
            "aging",
            str(invoices),
            "--clients",
            str(clients),
            "--as-of",
            "2026-10-31",
            "--format",
            "csv",
        ],
    )
    assert code.exit_code == 0 and "0042,Quarante-Deux SAS,2026-09-01,2026-09-11" in code.output


def test_unknown_headers_stop_with_what_was_seen_and_what_to_add(tmp_path: Path) -> None:
    book = L.unusual_headers(tmp_path / "u.xlsx")
    with pytest.raises(MissingColumns) as err:
        analyse(book)
    msg = str(err.value)
    assert "headers found: Quand, Qui, Pièce n°, Combien, Payable le" in msg
    assert "--map" in msg and "Correspondance des colonnes" in msg
    result = CliRunner().invoke(main, ["refresh", str(book)])
    assert result.exit_code == 1 and result.output.count("\n") == 1


MAP = ("Quand=date", "Qui=name", "Pièce n°=invoice", "Combien=amount", "Payable le=due_date")


def test_map_option_and_settings_row_say_which_column_is_which(tmp_path: Path) -> None:
    book = L.unusual_headers(tmp_path / "u.xlsx")
    out = tmp_path / "out.xlsx"
    args = ["refresh", str(book), "-o", str(out), "--as-of", "2026-10-31"]
    result = CliRunner().invoke(main, [*args, *(x for m in MAP for x in ("--map", m))])
    assert result.exit_code == 0, result.output
    a = analyse(book, as_of=AS_OF, layout=Layout(columns=parse_map(MAP)))
    assert by_invoice(a)["V1"]["due"] == dt.date(2026, 9, 10)
    in_sheet = L.unusual_headers(tmp_path / "p.xlsx", settings_map="; ".join(MAP))
    assert by_invoice(analyse(in_sheet, as_of=AS_OF)) == by_invoice(a)


def test_map_by_column_letter_and_field_synonym() -> None:
    assert parse_map(["D=Échéance", "Qui=client name"]) == (
        ("D", Field.DUE_DATE),
        ("Qui", Field.NAME),
    )
    with pytest.raises(UnknownField, match="unknown field 'when'"):
        parse_map(["Quand=when"])
    with pytest.raises(UnknownField, match="not COLUMN=field"):
        parse_map(["Quand"])


def test_two_invoice_sheets_ask_which_one(tmp_path: Path) -> None:
    book = L.two_invoice_sheets(tmp_path / "two.xlsx")
    with pytest.raises(AmbiguousLayout) as err:
        analyse(book)
    assert "'Ventes 2025'" in str(err.value) and "'Ventes 2026'" in str(err.value)
    assert "--sheet NAME" in str(err.value) and "Feuille des factures" in str(err.value)
    a = analyse(book, as_of=AS_OF, layout=Layout(sheet="ventes 2026"))
    assert list(a.items["amount"]) == [20]


def test_declared_size_far_beyond_the_data(tmp_path: Path) -> None:
    book = L.excel_table_tracker(tmp_path / "t.xlsx")
    huge = L.huge_dimension(book, tmp_path / "huge.xlsx")
    assert by_invoice(analyse(huge)) == by_invoice(analyse(book))


def test_refresh_keeps_the_table_textbox_and_other_parts(tmp_path: Path) -> None:
    book = L.excel_table_tracker(tmp_path / "t.xlsx")
    out = tmp_path / "out.xlsx"
    result = refresh_workbook(book, out=out)
    before, after = zip_parts(book), zip_parts(out)
    index_parts = {
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "docProps/app.xml",
    }
    for name, data in before.items():
        if name not in index_parts:
            assert after[name] == data, name
    assert any(n.startswith("xl/tables/") for n in after)
    assert any(n.startswith("xl/drawings/") for n in after)
    assert result.analysis.as_of == AS_OF
    # a second refresh finds the same table (arxl's own sheets are not candidates)
    again = refresh_workbook(out, out=tmp_path / "again.xlsx")
    assert by_invoice(again.analysis) == by_invoice(result.analysis)


def test_today_formula_is_not_an_as_of_date(tmp_path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(tmp_path / "t.xlsx")
    ws = wb.add_worksheet("Factures")
    ws.write("A1", "Date du jour")
    ws.write_formula("B1", "=TODAY()", None, 40000)  # a stale stored value
    ws.write_row(2, 0, ["Date", "Client", "N° facture", "Montant"])
    ws.write_row(3, 0, ["2026-01-05", "A", "F1", 10])
    wb.close()
    a = analyse(tmp_path / "t.xlsx", today=dt.date(2026, 11, 22))
    assert a.as_of == dt.date(2026, 11, 22)


def test_anomaly_rows_are_the_rows_the_owner_sees(tmp_path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(tmp_path / "t.xlsx")
    ws = wb.add_worksheet("Factures")
    ws.write_row(4, 3, ["Date", "Client", "N° facture", "Montant"])
    ws.write_row(5, 3, ["2026-01-05", "A", "F1", "douze"])
    ws.write_row(6, 3, ["bientôt", "B", "F2", 10])
    wb.close()
    a = analyse(tmp_path / "t.xlsx", as_of=AS_OF)
    assert [(i.row, i.column, i.value) for i in book_issues(a)] == [
        (6, "Montant", "douze"),
        (7, "Date", "bientôt"),
    ]


def test_xlsm_tracker_in_a_table_keeps_its_type(tmp_path: Path) -> None:
    book = L.excel_table_tracker(tmp_path / "t.xlsx")
    xlsm = tmp_path / "t.xlsm"
    shutil.copy(book, xlsm)
    with zipfile.ZipFile(xlsm) as zf:
        assert "xl/tables/table1.xml" in zf.namelist()
    a = analyse(xlsm)
    assert len(a.items) == 5  # and the credit note F-003
    assert a.allocation is not None and len(a.allocation.payments) == 1


def test_clients_workbook_with_any_sheet_name_or_none_usable(tmp_path: Path) -> None:
    import xlsxwriter

    invoices, _ = L.clients_elsewhere(tmp_path)
    wb = xlsxwriter.Workbook(tmp_path / "autres.xlsx")
    ws = wb.add_worksheet("Feuil1")
    ws.write_row(0, 0, ["ID Client", "Nom"])
    ws.write_string(1, 0, "0042")
    ws.write(1, 1, "Quarante-Deux SAS")
    wb.add_worksheet("Vide")
    wb.close()
    a = analyse(invoices, as_of=AS_OF, layout=Layout(clients_book=tmp_path / "autres.xlsx"))
    assert by_invoice(a)["F1"]["name"] == "Quarante-Deux SAS"
    wb = xlsxwriter.Workbook(tmp_path / "rien.xlsx")
    wb.add_worksheet("Notes").write(0, 0, "rien")
    wb.close()
    with pytest.raises(MissingColumns, match="rien.xlsx: no list of clients found"):
        analyse(invoices, layout=Layout(clients_book=tmp_path / "rien.xlsx"))


# --- headers as words, "Amount Due", Today's Date, status words ---------------------------


def test_header_keys_split_snake_and_camel_case_and_try_both_orders() -> None:
    assert header_keys("client_nom") == ["clientnom", "nomclient"]
    assert header_keys("etatFacture") == ["etatfacture", "factureetat"]
    assert header_keys("Date d'émission") == ["datedemission", "dateemission", "emissiondate"]
    assert header_keys("InvoiceAmountDue") == ["invoiceamountdue"]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            ["date_emission", "client_nom", "num", "Final Invoiced Amount", "etatFacture"],
            {
                Field.DATE: 0,
                Field.NAME: 1,
                Field.INVOICE: 2,
                Field.AMOUNT: 3,
                Field.STATUS: 4,
            },
        ),
        (
            ["Transaction Date", "clientLogin", "Invoice #", "Invoice Total", "État facture"],
            {
                Field.DATE: 0,
                Field.CLIENT_ID: 1,
                Field.INVOICE: 2,
                Field.AMOUNT: 3,
                Field.STATUS: 4,
            },
        ),
        (
            ["Issue Date", "Customer Login", "Invoice", "Montant facturé", "Etat de la facture"],
            {
                Field.DATE: 0,
                Field.CLIENT_ID: 1,
                Field.INVOICE: 2,
                Field.AMOUNT: 3,
                Field.STATUS: 4,
            },
        ),
        (  # "Amount Due" alone is what the invoice asks for
            ["Invoice Date", "Client Name", "Invoice No", "Amount Due"],
            {Field.DATE: 0, Field.NAME: 1, Field.INVOICE: 2, Field.AMOUNT: 3},
        ),
        (  # beside an amount column it is the balance
            ["Invoice Date", "Client Name", "Invoice No", "Total", "Amount Due"],
            {Field.DATE: 0, Field.NAME: 1, Field.INVOICE: 2, Field.AMOUNT: 3, Field.BALANCE: 4},
        ),
        (
            ["Date d'émission", "nom_client", "N° facture", "Total"],
            {Field.DATE: 0, Field.NAME: 1, Field.INVOICE: 2, Field.AMOUNT: 3},
        ),
    ],
)
def test_template_headers_are_recognised(cells: list[str], expected: dict) -> None:
    columns, _headers, _langs = match_headers(cells, INVOICES, Layout(), 1)
    assert columns == expected


@pytest.mark.parametrize(
    ("amounts", "chosen"),
    [
        (["amount_ttc"], 0),
        (["Amount incl. VAT"], 0),
        (["total_incl_tax"], 0),
        (["Montant TVAC"], 0),
        (["amount_ht", "vat", "amount_ttc"], 2),  # before tax, the tax, what the client owes
        (["Amount excl. VAT", "VAT", "Gross total"], 2),
        (["Montant HT", "TVA", "Montant TTC"], 2),
        (["amount_ht"], 0),  # alone, the amount there is
    ],
)
def test_the_amount_with_tax_included_wins_over_the_one_before_tax(
    amounts: list[str], chosen: int
) -> None:
    cells = ["invoice_number", "client_name", "invoice_date", *amounts]
    columns, _, _ = match_headers(cells, INVOICES, Layout(), 1)
    assert columns[Field.AMOUNT] == 3 + chosen


@pytest.mark.parametrize(
    "header", ["client_mail", "E-mail address", "Email client", "clientMail", "Adresse e-mail"]
)
def test_client_email_headers(header: str) -> None:
    columns, _, _ = match_headers(["clientLogin", "client_nom", header], CLIENTS, Layout(), 1)
    assert columns == {Field.CLIENT_ID: 0, Field.NAME: 1, Field.EMAIL: 2}


def test_amount_due_mapped_as_balance_stays_the_balance() -> None:
    layout = Layout(columns=(("Amount Due", Field.BALANCE),))
    cells = ["Invoice Date", "Client", "Invoice No", "Amount Due"]
    columns, _, _ = match_headers(cells, INVOICES, layout, 1)
    assert columns[Field.BALANCE] == 3 and Field.AMOUNT not in columns


@pytest.mark.parametrize(
    "label", ["Today's Date", "Date of today", "Date du jour", "TODAY'S DATE:"]
)
def test_todays_date_is_the_as_of_cell(tmp_path: Path, label: str) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Invoices"
    ws.append([label, dt.datetime(2026, 10, 31)])
    ws.append([])
    ws.append(["Invoice Date", "Customer", "Invoice No", "Final Invoiced Amount", "Due Date"])
    ws.append([dt.datetime(2026, 9, 1), "Zeta", "Z1", 120, dt.datetime(2026, 10, 1)])
    wb.save(tmp_path / "t.xlsx")
    a = analyse(tmp_path / "t.xlsx", today=dt.date(2030, 1, 1))
    assert a.as_of == AS_OF and by_invoice(a)["Z1"]["days"] == 30


def test_status_words_french_or_english() -> None:
    words = {
        "paid": "paid",
        "Payé": "paid",
        "En attente": "pending",
        "pending": "pending",
        "En retard": "overdue",
        "partiel": "partial",
        "disputed": "disputed",
        "Litige": "disputed",
        "written_off": "written_off",
        "Irrécouvrable": "written_off",
        "Non lettré": "unapplied",
        "draft": "draft",
        "Brouillon": "draft",
        "devis": "draft",
        "cancelled": "cancelled",
        "Annulée": "cancelled",
    }
    assert {w: status_word(w) for w in words} == words
    with pytest.raises(UnknownField, match="unknown status 'peut-être'"):
        status_word("peut-être")


def test_parse_status_map() -> None:
    assert parse_status_map(["payed=Payé; unpayed=En attente", "Non  réglé=unpaid\nX=draft"]) == (
        ("payed", "Payé"),
        ("unpayed", "En attente"),
        ("non regle", "unpaid"),
        ("x", "draft"),
    )
    with pytest.raises(UnknownField) as err:
        parse_status_map(["payed=paid; unpayed=maybe"])
    assert str(err.value).startswith("'unpayed=maybe': unknown status 'maybe'; use a status")
    with pytest.raises(UnknownField, match="'payed' is not VALUE=status"):
        parse_status_map(["payed"])
    with pytest.raises(UnknownField, match="'=paid' is not VALUE=status"):
        parse_status_map(["=paid"])


def test_layout_merged_keeps_the_first_status_for_a_value() -> None:
    said = Layout(statuses=(("payed", "paid"),))
    sheet = Layout(sheet="S", statuses=(("payed", "pending"), ("unpayed", "En attente")))
    assert said.merged(sheet) == Layout(
        sheet="S", statuses=(("payed", "paid"), ("unpayed", "En attente"))
    )
    assert Layout().is_empty and not said.is_empty


def test_clients_workbook_ids_are_adopted_by_name(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ventes"
    ws.append(["Date", "Client", "N° facture", "Montant"])
    ws.append([dt.datetime(2026, 9, 1), "dupont  sarl", "F1", 100])
    ws.append([dt.datetime(2026, 9, 2), "Inconnu", "F2", 50])
    wb.save(tmp_path / "f.xlsx")
    cl = openpyxl.Workbook()
    ws = cl.active
    ws.append(["clientLogin", "Raison sociale", "client_mail"])
    ws.append(["DUP-7", "Dupont SARL", "compta@dupont.example"])
    cl.save(tmp_path / "c.xlsx")
    a = analyse(tmp_path / "f.xlsx", as_of=AS_OF, layout=Layout(clients_book=tmp_path / "c.xlsx"))
    got = by_invoice(a)
    assert (got["F1"]["client"], got["F1"]["name"]) == ("DUP-7", "Dupont SARL")
    assert got["F2"]["client"] == nid("inconnu")
    emails = dict(zip(a.ledger.clients["client_id"], a.ledger.clients["email"], strict=True))
    assert emails == {"DUP-7": "compta@dupont.example", nid("inconnu"): ""}


def test_a_customer_ledger_with_debit_and_credit_columns(tmp_path: Path) -> None:
    """A "grand livre clients" kept in Excel: Débit for invoices, Crédit for what was received,
    no Montant column. Durand's transfer settles F-1; Morel owes 500, 57 days late."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Grand livre clients"
    ws.append(["Date", "Client", "Pièce", "Libellé", "Débit", "Crédit"])
    ws.append([dt.date(2026, 8, 1), "Durand", "F-1", "Facture F-1", 1000, None])
    ws.append([dt.date(2026, 9, 1), "Durand", "VIR-1", "Virement Durand F-1", None, 1000])
    ws.append([dt.date(2026, 8, 5), "Morel", "F-2", "Facture F-2", 500, None])
    wb.save(tmp_path / "gl.xlsx")
    a = analyse(tmp_path / "gl.xlsx", as_of=dt.date(2026, 10, 31))
    got = {r.invoice: (r.balance, int(r.days_overdue)) for r in a.items.itertuples()}
    assert got["F-1"] == (0.0, 0) and got["F-2"] == (500.0, 57)
    assert float(a.aged["total"].sum()) == 500.0
