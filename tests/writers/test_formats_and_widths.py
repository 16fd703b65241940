"""The book's formats and the columns' widths, end to end: a `$` book gets `$` and m/d/yyyy in
every sheet arxl writes; twelve-digit amounts and twelve-character ids show whole (no `###`)
once LibreOffice renders the book; Pénalités stays small whatever the years it spans."""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import CLIENT_HEADER, TX_HEADER, make_workbook

import arxl
from arxl.readers.workbook import workbook_info
from arxl.settings import Settings
from arxl.vocab import Field, Lang
from arxl.writers.template import write_input_workbook
from tests.helpers.libreoffice import convert, needs_soffice, pdf_text

D = dt.date
EN_CLIENTS = ["Client ID", "Name", "Address", "Phone", "Email"]
EN_TX = ["Date", "Client ID", "Description", "Amount", "Status", "Remarks", "Due date"]


def dollar_book(path: Path) -> Path:
    """An English book whose amounts show as $1,234.00 and dates as 3/31/2026 (a US template)."""
    wb = openpyxl.Workbook()
    clients = wb.active
    clients.title = "Customers"
    clients.append(EN_CLIENTS)
    clients.append([1, "Acme Corp", "1 Main St", "555-0100", "ap@acme.example.com"])
    tx = wb.create_sheet("Invoices")
    tx.append(EN_TX)
    rows = [
        [D(2026, 1, 15), 1, "INV-001", 1200.0, "Pending", "", D(2026, 2, 14)],
        [D(2026, 2, 1), 1, "INV-002", 800.0, "Pending", "", D(2026, 3, 3)],
    ]
    for r in rows:
        tx.append(r)
        for cell, fmt in ((1, "m/d/yyyy"), (4, '"$"#,##0.00'), (7, "m/d/yyyy")):
            tx.cell(tx.max_row, cell).number_format = fmt
    wb.save(path)
    return path


def _formats(path: Path, sheet: str) -> set[str]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.number_format for row in ws.iter_rows(min_row=2) for c in row if c.value is not None}


def test_a_dollar_book_gets_dollars_and_month_first_dates(tmp_path):
    path = dollar_book(tmp_path / "us.xlsx")
    arxl.refresh_workbook(path, as_of=D(2026, 3, 31))
    followup = _formats(path, "Follow-up")
    assert '"$"#,##0.00' in followup and "m/d/yyyy" in followup
    assert not any("€" in f or "dd/mm" in f for f in followup)
    aged = _formats(path, "Aged balance")
    assert '"$"#,##0.00' in aged and not any("€" in f for f in aged)
    ws = openpyxl.load_workbook(path)["Follow-up"]
    assert "3/31/2026" in ws.oddHeader.left.text  # the printed title's date too
    # no country in Paramètres: no statutory penalties, and the sheet says how to choose one
    penalties = openpyxl.load_workbook(path)["Penalties"]
    assert any(
        "no country chosen" in str(c.value).lower() for r in penalties.iter_rows() for c in r
    )


def test_devise_and_format_de_date_from_parametres(tmp_path):
    params = [["Paramètre", "Valeur"], ["Devise", "GBP"], ["Format de date", "aaaa-mm-jj"]]
    path = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[[D(2026, 1, 5), 1, "F-1", 1000, "En attente", "", D(2026, 2, 4)]],
        tx_header=TX_HEADER[:7],
        extra_sheets={"Paramètres": params},
    )
    arxl.refresh_workbook(path, as_of=D(2026, 3, 31))
    followup = _formats(path, "Suivi")
    assert '#,##0.00\\ "£"' in followup and "yyyy-mm-dd" in followup


def test_the_owner_cells_win_over_parametres(tmp_path):
    path = dollar_book(tmp_path / "us.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Settings").append(["Currency", "EUR"])
    wb.save(path)
    arxl.refresh_workbook(path, as_of=D(2026, 3, 31))
    assert '"$"#,##0.00' in _formats(path, "Follow-up")


# --- no ### ----------------------------------------------------------------------------------

BIG = 987_654_321_012.34  # twelve digits before the decimals


def wide_book(path: Path) -> Path:
    """Clients with twelve-character ids, invoices of twelve-digit amounts, French law."""
    ids = ["N-3F2A9C01B7", "N-29F9190EC5", "X-ABCDEFGHIJ"]
    clients = [[i, f"Client {i}", "1 rue A", "0100000000", f"{i.lower()}@example.com"] for i in ids]
    tx = []
    for k, cid in enumerate(ids):
        due = D(2025, 3 + k, 10)
        tx.append([due - dt.timedelta(days=30), cid, f"F-2025-{k:06d}", BIG - k, "En attente", ""])
        tx[-1] += [due]
        tx.append([D(2025, 1, 5), cid, f"F-2024-{k:06d}", BIG / 3, "Payé", "", D(2025, 2, 4)])
        tx[-1] += [D(2025, 9, 30), BIG / 3]
    return make_workbook(
        path,
        clients=clients,
        client_header=CLIENT_HEADER[:5],
        transactions=tx,
        tx_header=TX_HEADER,
        extra_sheets={"Paramètres": [["Paramètre", "Valeur"], ["Pays", "FR"]]},
    )


def render_pdf(book: Path, outdir: Path, lang: str = "fr-FR") -> Path:
    """The book printed by LibreOffice with a French (or other) locale, as an owner sees it."""
    return convert(book, "pdf", outdir, outdir / "profile", locale=lang, timeout=240)


MINE = ("Suivi", "Balance âgée", "Relances", "Pénalités", "Anomalies")


@needs_soffice
@pytest.mark.parametrize("lang", ["fr-FR", "en-US"])
def test_no_hashes_for_twelve_digit_amounts_and_long_ids(tmp_path, lang):
    path = wide_book(tmp_path / "wide.xlsx")
    arxl.refresh_workbook(path, as_of=D(2026, 3, 31))
    text = pdf_text(render_pdf(path, tmp_path, lang))
    if text is None:
        pytest.skip("pdftotext is not installed")
    pages = text.split("\f")
    for page in pages:
        if any(f"{name} –" in page for name in MINE):  # the printed title names the sheet
            assert "###" not in page, page[:2000]
    assert any("N-3F2A9C01B7" in p for p in pages)  # the ids show whole
    assert any("987" in p and "012,34" in p or "012.34" in p for p in pages)


# --- Pénalités grows with the invoices, not with the years -----------------------------------


def test_penalties_sheet_is_under_twice_the_follow_up(tmp_path):
    rnd = random.Random(21)
    clients = [{Field.CLIENT_ID.value: k, Field.NAME.value: f"Client {k}"} for k in range(300)]
    tx = []
    for i in range(30_000):
        date = D(2014, 1, 1) + dt.timedelta(days=rnd.randrange(12 * 365))
        paid = rnd.random() < 0.7
        due = date + dt.timedelta(days=30)
        row = {
            Field.DATE.value: date,
            Field.CLIENT_ID.value: rnd.randrange(300),
            Field.INVOICE.value: f"F-{i:06d}",
            Field.AMOUNT.value: round(rnd.uniform(50, 20_000), 2),
            Field.STATUS.value: "Payé" if paid else "En attente",
            Field.DUE_DATE.value: due,
        }
        if paid:
            row[Field.PAYMENT_DATE.value] = due + dt.timedelta(days=rnd.randrange(-10, 400))
        tx.append(row)
    path = write_input_workbook(
        tmp_path / "big.xlsx",
        lang=Lang.FR,
        clients=clients,
        transactions=tx,
        settings=Settings(country="FR"),
    )
    arxl.refresh_workbook(path, as_of=D(2026, 3, 31))
    parts = workbook_info(path).sheet_parts
    with zipfile.ZipFile(path) as zf:
        penalties = zf.getinfo(parts["Pénalités"]).file_size
        followup = zf.getinfo(parts["Suivi"]).file_size
    print("Pénalités", penalties, "Suivi", followup)
    assert 1000 < penalties < 2 * followup, (penalties, followup)


@pytest.mark.parametrize(
    ("lang", "settings", "money", "date"),
    [
        (Lang.FR, Settings(), '#,##0.00 "€"', "dd/mm/yyyy"),
        (Lang.EN, Settings(), '"$"#,##0.00', "m/d/yyyy"),
        (Lang.EN, Settings(country="FR"), '"€"#,##0.00', "dd/mm/yyyy"),
        (Lang.EN, Settings(country="UK"), '"£"#,##0.00', "dd/mm/yyyy"),
    ],
)
def test_new_workbooks_format_their_cells_as_the_book_will(tmp_path, lang, settings, money, date):
    """The input sheets arxl writes (init, convert, demo) show amounts and dates as the sheets
    arxl derives from them will: the refresh reads these formats back."""
    tx = [{Field.DATE.value: D(2026, 1, 5), Field.CLIENT_ID.value: 1, Field.AMOUNT.value: 10.0}]
    path = write_input_workbook(tmp_path / "b.xlsx", lang=lang, transactions=tx, settings=settings)
    ws = openpyxl.load_workbook(path).worksheets[1]
    formats = {c.number_format for c in ws[2]}
    assert money in formats and date in formats
