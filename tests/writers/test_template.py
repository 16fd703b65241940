"""New input workbooks (arxl init / demo) and the French sample they are filled with."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from arxl.settings import SETTING_ROWS, Settings
from arxl.vocab import (
    CLIENT_HEADERS,
    STATUS_LABELS,
    TRANSACTION_HEADERS,
    Lang,
    sheet_name,
    written_header,
)
from arxl.writers.inputcells import AMOUNT_FORMAT, DATE_FORMAT
from arxl.writers.template import (
    load_sample,
    settings_sheet_rows,
    status_choices,
    write_blank_workbook,
    write_input_workbook,
)
from tests.helpers.libreoffice import convert, needs_soffice, pdf_text

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
REFERENCE_DATE = dt.date(2026, 10, 31)


def headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def column_of(ws, header: str) -> str:
    return openpyxl.utils.get_column_letter(headers(ws).index(header) + 1)


@pytest.fixture(scope="module")
def sample() -> tuple[list[dict], list[dict]]:
    return load_sample(SAMPLE_DIR)


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory, sample) -> Path:
    clients, transactions = sample
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    return write_input_workbook(
        path, clients=clients, transactions=transactions, as_of=REFERENCE_DATE
    )


# --- blank workbook ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", [Lang.FR, Lang.EN])
def test_blank_workbook_has_headers_formats_and_filter(tmp_path, lang):
    path = write_blank_workbook(tmp_path / "blank.xlsx", lang)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        sheet_name("clients", lang),
        sheet_name("transactions", lang),
        sheet_name("settings", lang),
    ]
    clients, transactions = wb[wb.sheetnames[0]], wb[wb.sheetnames[1]]
    assert headers(clients) == [written_header(CLIENT_HEADERS, f, lang) for f in CLIENT_HEADERS]
    assert headers(transactions) == [
        written_header(TRANSACTION_HEADERS, f, lang) for f in TRANSACTION_HEADERS
    ]
    assert clients.max_row == transactions.max_row == 1
    for ws in (clients, transactions):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:")
        assert ws["A1"].font.b
        assert ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")

    def fmt(ws, table, field):
        return ws.column_dimensions[column_of(ws, written_header(table, field, lang))]

    # Whole-column formats, so that rows typed later get them too; an English book without a
    # country in Paramètres: $ and m/d/yyyy (arxl.formats), a French one € and dd/mm/yyyy.
    date, amount = (DATE_FORMAT, AMOUNT_FORMAT) if lang is Lang.FR else ("m/d/yyyy", '"$"#,##0.00')
    for field in ("date", "due_date", "payment_date"):
        assert fmt(transactions, TRANSACTION_HEADERS, field).number_format == date
    for field in ("amount", "amount_paid"):
        assert fmt(transactions, TRANSACTION_HEADERS, field).number_format == amount
    assert fmt(clients, CLIENT_HEADERS, "credit_limit").number_format == amount
    assert "€" in AMOUNT_FORMAT
    # Readable widths even with no data.
    assert all(d.width >= 9 for d in transactions.column_dimensions.values())
    status = fmt(transactions, TRANSACTION_HEADERS, "status")
    assert status.width >= max(len(s) for s in status_choices(lang))


@pytest.mark.parametrize("lang", [Lang.FR, Lang.EN])
def test_blank_workbook_has_status_dropdown(tmp_path, lang):
    ws = openpyxl.load_workbook(write_blank_workbook(tmp_path / "b.xlsx", lang))[
        sheet_name("transactions", lang)
    ]
    (dv,) = ws.data_validations.dataValidation
    col = column_of(ws, written_header(TRANSACTION_HEADERS, "status", lang))
    assert dv.type == "list"
    assert str(dv.sqref) == f"{col}2:{col}5000"
    choices = dv.formula1.strip('"').split(",")
    assert choices == status_choices(lang)
    expected = [pair[lang is Lang.EN] for pair in STATUS_LABELS.values()]
    assert choices[:-1] == expected
    assert choices[-1] == ("Partially paid" if lang is Lang.EN else "Partiellement payé")


@pytest.mark.parametrize("lang", [Lang.FR, Lang.EN])
def test_blank_workbook_settings_sheet(tmp_path, lang):
    ws = openpyxl.load_workbook(write_blank_workbook(tmp_path / "b.xlsx", lang))[
        sheet_name("settings", lang)
    ]
    rows = list(ws.iter_rows(values_only=True))
    expected_header = (
        ("Setting", "Value", "Explanation")
        if lang is Lang.EN
        else ("Paramètre", "Valeur", "Explication")
    )
    assert rows[0] == expected_header
    assert [r[0] for r in rows[1:]] == [row.label(lang) for row in SETTING_ROWS]
    assert [r[2] for r in rows[1:]] == [row.help(lang) for row in SETTING_ROWS]
    values = {row.key: r[1] for row, r in zip(SETTING_ROWS, rows[1:], strict=True)}
    assert values == {
        "as_of": None,
        "default_terms": 30,
        "bucket_bounds": "30;60;90",
        "reminder_thresholds": "1;15;30;45",
        "pre_due_days": 5,
        "lang": None,
        "country": None,
        "currency": None,
        "date_format": None,
        "invoice_sheet": None,
        "clients_sheet": None,
        "column_map": None,
        "reminder_interval": 7,
        "penalty_profile": None,
        "contractual_rate": None,
        "reference_rates": None,
        "sender_name": None,
        "sender_address": None,
        "iban": None,
        "bic": None,
        "smtp_host": None,
        "smtp_port": None,
        "smtp_security": "starttls",
        "smtp_user": None,
        "smtp_from": None,
        "fee_tolerance": 5,
        "auto_validate": "no" if lang is Lang.EN else "non",
    }
    assert ws["B2"].fill.fgColor.rgb.endswith("FFF2CC")  # the editable column stands out


def test_settings_rows_with_as_of_and_custom_settings():
    rows = settings_sheet_rows(Lang.FR, Settings(default_terms=45), REFERENCE_DATE)
    assert [r[0] for r in rows] == [row.label_fr for row in SETTING_ROWS]
    assert rows[0][1] == REFERENCE_DATE
    assert rows[1][1] == 45
    assert settings_sheet_rows(Lang.EN)[0] == (
        "As-of date",
        "",
        SETTING_ROWS[0].help_en,
    )
    # The settings' own as-of date is used when no as_of is given.
    assert settings_sheet_rows(Lang.EN, Settings(as_of=REFERENCE_DATE))[0][1] == REFERENCE_DATE


def test_as_of_is_a_real_date(demo_book):
    ws = openpyxl.load_workbook(demo_book)["Paramètres"]
    assert ws["B2"].value == dt.datetime(2026, 10, 31)
    assert ws["B2"].number_format == DATE_FORMAT


# --- values -----------------------------------------------------------------------------


def test_text_is_never_a_formula(tmp_path):
    tricky = ["=1+1", "+33 6 12 34 56 78", "-5", "@SUM(A1)", "=cmd|' /C calc'!A0"]
    clients = [{"client_id": i, "name": text, "phone": text} for i, text in enumerate(tricky, 1)]
    transactions = [
        {"date": dt.date(2026, 1, 5), "client_id": 1, "invoice": text, "remarks": text}
        for text in tricky
    ]
    path = write_input_workbook(tmp_path / "t.xlsx", clients=clients, transactions=transactions)
    wb = openpyxl.load_workbook(path)
    for ws, cols in ((wb["Clients"], ("B", "D")), (wb["Transactions"], ("C", "F"))):
        for r, text in enumerate(tricky, start=2):
            for col in cols:
                cell = ws[f"{col}{r}"]
                assert cell.data_type == "s", (ws.title, cell.coordinate)
                assert cell.value == text


def test_text_in_date_and_amount_columns_stays_as_typed(tmp_path):
    transactions = [
        {
            "date": "15/03/2026",
            "client_id": "C-001",
            "invoice": "F1",
            "amount": "1 234,56 €",
            "due_date": dt.date(2026, 4, 14),
            "amount_paid": 12.5,
        },
        {"date": dt.date(2026, 3, 16), "client_id": 2, "invoice": "F2"},  # missing keys: blank
    ]
    path = write_input_workbook(tmp_path / "t.xlsx", transactions=transactions)
    ws = openpyxl.load_workbook(path)["Transactions"]
    assert (ws["A2"].data_type, ws["A2"].value) == ("s", "15/03/2026")
    assert (ws["D2"].data_type, ws["D2"].value) == ("s", "1 234,56 €")
    assert ws["B2"].value == "C-001"
    assert ws["G2"].value == dt.datetime(2026, 4, 14)
    assert ws["G2"].number_format == DATE_FORMAT
    assert ws["I2"].value == 12.5
    assert ws["I2"].number_format == AMOUNT_FORMAT
    assert [c.value for c in ws[3]] == [dt.datetime(2026, 3, 16), 2, "F2", *[None] * 6]


def test_writing_twice_gives_identical_bytes(tmp_path, sample):
    clients, transactions = sample
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (a, b):
        write_input_workbook(path, clients=clients, transactions=transactions, as_of=REFERENCE_DATE)
    assert a.read_bytes() == b.read_bytes()
    write_blank_workbook(a, Lang.EN)
    write_blank_workbook(b, Lang.EN)
    assert a.read_bytes() == b.read_bytes()


# --- the sample -------------------------------------------------------------------------


def test_load_sample_types_and_seed_rows(sample):
    clients, transactions = sample
    assert 20 <= len(clients) <= 30
    assert 300 <= len(transactions) <= 400
    assert clients[0] == {
        "client_id": 1,
        "name": "Dupont SARL",
        "address": "123 Rue A",
        "phone": "0123456789",
        "email": "dupont@example.com",
        "terms": 30,
        "credit_limit": 10000.0,
    }
    assert clients[1]["name"] == "Martin & Fils"
    assert clients[1]["phone"] == "0987654321"  # leading zero kept
    first, second = transactions[:2]
    assert (first["invoice"], first["client_id"], first["amount"], first["status"]) == (
        "Facture #001",
        1,
        1000.0,
        "Payé",
    )
    assert (second["invoice"], second["client_id"], second["amount"], second["status"]) == (
        "Facture #002",
        2,
        500.0,
        "En attente",
    )
    assert first["date"].year == second["date"].year == 2025 and first["date"].month == 11


def test_sample_keeps_the_owner_mistakes(sample):
    clients, transactions = sample
    dates = [t["date"] for t in transactions]
    amounts = [t["amount"] for t in transactions]
    assert [d for d in dates if not isinstance(d, dt.date)] == ["31/02/2026"]
    assert [a for a in amounts if not isinstance(a, float)] == ["1 250,00 €"]
    known = {c["client_id"] for c in clients}
    assert {t["client_id"] for t in transactions} - known == {99}
    invoices = [t["invoice"] for t in transactions]
    assert len(invoices) - len(set(invoices)) == 1
    paid_short = [
        t
        for t in transactions
        if t.get("status") == "Payé" and t.get("amount_paid", t["amount"]) < t["amount"]
    ]
    assert len(paid_short) == 1
    # two credit notes (one naming its invoice, one cancelling a whole one) and an advance
    credits = [t for t in transactions if isinstance(t["amount"], float) and t["amount"] < 0]
    assert [t["invoice"].split()[0] for t in credits] == ["Avoir", "Avoir", "Acompte"]
    assert all("status" not in t for t in credits)
    statuses = [t.get("status") for t in transactions]
    assert statuses.count("Litige") in (3, 4)
    assert statuses.count("Irrécouvrable") in (1, 2)
    assert statuses.count("Partiellement payé") >= 3
    assert all(dt.date(2025, 11, 1) <= d <= REFERENCE_DATE for d in dates if isinstance(d, dt.date))
    with_due = sum("due_date" in t for t in transactions)
    assert 0.35 < with_due / len(transactions) < 0.65


def test_sample_csvs_match_the_generator(tmp_path):
    script = SAMPLE_DIR / "make_sample.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, timeout=60)
    for name in ("clients.csv", "transactions.csv"):
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name


def test_sample_round_trips_through_calamine(demo_book, sample):
    clients, transactions = sample
    wb = CalamineWorkbook.from_path(str(demo_book))
    assert wb.sheet_names == ["Clients", "Transactions", "Paramètres"]

    def cells(sheet: str, table, rows: list[dict]) -> None:
        got = wb.get_sheet_by_name(sheet).to_python()
        assert got[0] == [written_header(table, f, Lang.FR) for f in table]
        assert len(got) == len(rows) + 1
        for row, values in zip(rows, got[1:], strict=True):
            for field, value in zip(table, values, strict=True):
                assert value == row.get(field.value, ""), (sheet, row, field)

    cells("Clients", CLIENT_HEADERS, clients)
    cells("Transactions", TRANSACTION_HEADERS, transactions)
    tx = wb.get_sheet_by_name("Transactions").to_python()
    assert isinstance(tx[1][0], dt.date)
    settings = wb.get_sheet_by_name("Paramètres").to_python()
    assert settings[1][1] == REFERENCE_DATE


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_opens_the_demo_workbook(tmp_path, demo_book):
    pdf = convert(demo_book, "pdf", tmp_path)
    assert pdf.stat().st_size > 10_000
    text = pdf_text(pdf)
    if text is not None:
        assert "Facture #001" in text
        assert "03/11/2025" in text  # dd/mm/yyyy dates
        assert "1 250,00 €" in text  # the amount typed as text, as typed
        assert "€" in text.split("Facture #001")[1].splitlines()[0]
