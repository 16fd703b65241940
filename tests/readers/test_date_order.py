"""Text dates as owners type them in a workbook: ordinal days ("1er septembre 2026") are read,
and a sheet's date columns share one day/month order when some of them can tell (an English
book's "03/15/2026" invoice dates settle its "04/10/2026" payment dates, and its Payments
sheet's), as text exports already did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

import arxl
from arxl.readers import values as V

D = dt.date
AS_OF = D(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1er septembre 2026", D(2026, 9, 1)),
        ("1ᵉʳ mars 26", D(2026, 3, 1)),
        ("2nd March 2026", D(2026, 3, 2)),
        ("March 1st, 2026", D(2026, 3, 1)),
        ("23rd Feb 2026", D(2026, 2, 23)),
        ("15 mars 2026", D(2026, 3, 15)),
    ],
)
def test_ordinal_days_are_read(text: str, day: dt.date) -> None:
    got, bad = V.parse_dates([text])
    assert not bad[0]
    assert got[0] == day


def test_a_word_that_is_no_month_stays_unreadable() -> None:
    _, bad = V.parse_dates(["1er trimestre 2026", "21 st 2026"])
    assert bad.tolist() == [True, True]


def _english_book(path: Path, payments_sheet: bool = False) -> Path:
    wb = openpyxl.Workbook()
    cl = wb.active
    cl.title = "Clients"
    cl.append(["Client ID", "Name", "Email"])
    cl.append([101, "Acme Corp", "ap@acme.example.com"])
    cl.append([102, "Globex LLC", "ap@globex.example.com"])
    tx = wb.create_sheet("Transactions")
    tx.append(["Invoice", "Invoice Date", "Client ID", "Amount", "Status", "Due Date",
               "Payment Date", "Amount Paid"])  # fmt: skip
    # invoice dates typed as text, one of them only month first; every payment date and due
    # date ambiguous on its own
    tx.append(["INV-1001", "03/15/2026", 101, "1,250.00", "Paid", "04/14/2026", "04/10/2026",
               "1,250.00"])  # fmt: skip
    tx.append(["INV-1002", "08/02/2026", 102, "990.00", "Paid", "09/01/2026", "09/01/2026",
               "990.00"])  # fmt: skip
    tx.append(["INV-1003", "10/05/2026", 101, "4,000.00", "Pending", "11/04/2026", "", ""])
    if payments_sheet:
        pay = wb.create_sheet("Payments")
        pay.append(["Date", "Client ID", "Amount", "Reference"])
        pay.append(["11/03/2026", 101, "1,000.00", "INV-1003"])  # 3 November, not 11 March
    wb.save(path)
    return path


def test_the_payment_dates_follow_the_invoice_dates_order(tmp_path: Path) -> None:
    a = arxl.analyse(_english_book(tmp_path / "book.xlsx"), as_of=AS_OF)
    items = a.items.set_index("invoice")
    assert items.at["INV-1001", "payment_date"].date() == D(2026, 4, 10)  # not 4 October
    assert items.at["INV-1002", "payment_date"].date() == D(2026, 9, 1)  # not 9 January
    assert items.at["INV-1002", "due_date"].date() == D(2026, 9, 1)
    assert items.at["INV-1003", "date"].date() == D(2026, 10, 5)  # not 10 May
    # what the KPIs make of it: paid 26 and 30 days after the invoice, weighted by amount
    assert a.kpis.avg_days_to_pay == pytest.approx((1250 * 26 + 990 * 30) / 2240)


def test_the_payments_sheet_follows_the_book_order(tmp_path: Path) -> None:
    a = arxl.analyse(_english_book(tmp_path / "book.xlsx", payments_sheet=True), as_of=AS_OF)
    pay = a.ledger.payments
    sheet = pay[pay["amount"] == 1000.0]
    assert sheet["date"].dt.date.tolist() == [D(2026, 11, 3)]
    assert a.items.set_index("invoice").at["INV-1003", "balance"] == pytest.approx(3000.0)


def test_a_day_first_book_keeps_its_order(tmp_path: Path) -> None:
    """The same rule the other way: "25/03/2026" settles "04/05/2026" as 4 May."""
    wb = openpyxl.Workbook()
    cl = wb.active
    cl.title = "Clients"
    cl.append(["ID Client", "Nom"])
    cl.append(["C1", "Dupont SARL"])
    tx = wb.create_sheet("Transactions")
    tx.append(["Date", "ID Client", "Description", "Montant", "Statut", "Date de paiement"])
    tx.append(["25/03/2026", "C1", "Facture #1", 100.0, "Payé", "04/05/2026"])
    tx.append(["02/04/2026", "C1", "Facture #2", 200.0, "En attente", ""])
    path = tmp_path / "livre.xlsx"
    wb.save(path)
    items = arxl.analyse(path, as_of=AS_OF).items.set_index("invoice")
    assert items.at["Facture #1", "payment_date"].date() == D(2026, 5, 4)
    assert items.at["Facture #2", "date"].date() == D(2026, 4, 2)


def _export(path: Path, rows: list[str], header: str) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _read(path: Path) -> list[tuple[dt.date, dt.date]]:
    from arxl.api.convert import ConvertOptions, read_input

    ledger, _ = read_input(path, ConvertOptions(as_of=D(2026, 6, 30)))
    tx = ledger.transactions
    return [(a.date(), b.date()) for a, b in zip(tx["date"], tx["due_date"], strict=True)]


def test_when_no_date_can_tell_the_due_dates_do(tmp_path: Path) -> None:
    """Every day and month up to 12: the order in which the invoices fall due after their
    date, not before ("1/2/2026" due "2/1/2026" is January 2nd due February 1st)."""
    header = "Invoice No,Invoice Date,Due Date,Customer,Amount,Status"
    us = _export(
        tmp_path / "us.csv",
        [
            "1001,1/2/2026,2/1/2026,Foo Corp,$100.00,Open",
            "1002,3/4/2026,4/3/2026,Foo Corp,$200.00,Open",
            "1003,5/6/2026,6/5/2026,Bar LLC,$300.00,Open",
            "1004,6/7/2026,7/7/2026,Bar LLC,$1000.00,Open",
        ],
        header,
    )
    assert _read(us) == [
        (D(2026, 1, 2), D(2026, 2, 1)),
        (D(2026, 3, 4), D(2026, 4, 3)),
        (D(2026, 5, 6), D(2026, 6, 5)),
        (D(2026, 6, 7), D(2026, 7, 7)),
    ]
    # the same shape day first: read day first
    fr = _export(
        tmp_path / "fr.csv",
        ["F1;05/01/2026;04/02/2026;A;100,00", "F2;06/03/2026;05/04/2026;B;200,00"],
        "N° facture;Date;Échéance;Client;Montant",
    )
    assert _read(fr) == [(D(2026, 1, 5), D(2026, 2, 4)), (D(2026, 3, 6), D(2026, 4, 5))]
    # both orders read as well: day first, as before
    tie = _export(
        tmp_path / "tie.csv",
        ["F1;01/02/2026;03/04/2026;A;100,00"],
        "N° facture;Date;Échéance;Client;Montant",
    )
    assert _read(tie) == [(D(2026, 2, 1), D(2026, 4, 3))]


def test_when_no_date_can_tell_the_payment_dates_do(tmp_path: Path) -> None:
    """A dollar book without due dates, every date ambiguous: read month first, the order in
    which no invoice is paid before its date (read day first, S-5 "4/12/2026" paid "5/11/2026"
    was an invoice of December paid in November, left out of a picture of June)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Invoices"
    ws.append(["Invoice", "Invoice Date", "Customer", "Amount", "Status", "Payment Date"])
    ws.append(["S-1", "1/2/2026", "U1", "$10,000.00", "Paid", "2/3/2026"])
    ws.append(["S-4", "6/1/2026", "U2", "$40,000.00", "Open", ""])
    ws.append(["S-5", "4/12/2026", "U1", "$5,000.00", "Paid", "5/11/2026"])
    wb.save(tmp_path / "us.xlsx")
    a = arxl.analyse(tmp_path / "us.xlsx", as_of=D(2026, 6, 30))
    dates = {r.invoice: r.date.date() for r in a.items.itertuples()}
    assert dates == {"S-1": D(2026, 1, 2), "S-4": D(2026, 6, 1), "S-5": D(2026, 4, 12)}
