"""Dates and numbers have bounds: out-of-range values are anomalies with their row, never values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
from click.testing import CliRunner
from conftest import make_workbook, sheet_values

from arxl.cli import main
from arxl.readers.values import parse_dates, to_datetime64
from arxl.readers.xlsx import read_ledger
from arxl.sheets.spec import Column, Kind
from arxl.writers.cellxml import cell_texts as _cell_texts

D = dt.date


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_year_9999_is_never_read_as_1816() -> None:
    parsed, bad = parse_dates(["31/12/9999", D(9999, 12, 31)])
    assert not bad.any()
    as_ns = to_datetime64(parsed)
    assert as_ns.isna().all()  # outside what pandas holds: missing, not 1816


def _issues(book: Path) -> list[tuple[int, str, object, str]]:
    ledger = read_ledger(book)
    return [(i.row, i.column, i.value, i.message_en) for i in ledger.issues]


def test_dates_outside_the_window_are_anomalies(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[
            ["31/12/9999", 1, "Facture #001", 1000, "En attente"],
            [D(1985, 1, 1), 2, "Facture #002", 500, "En attente"],
            [D(2024, 1, 5), 2, "Facture #003", 300, "En attente"],
            [D(2024, 1, 6), 2, "Facture #004", 300, "En attente", "", D(2201, 1, 1)],
        ],
    )
    ledger = read_ledger(book)
    tx = ledger.transactions
    assert list(tx["invoice"]) == ["Facture #003", "Facture #004"] or len(tx) == 2
    assert tx["date"].min() >= np.datetime64("2024-01-01")
    assert tx["due_date"].isna().all()
    found = {(i.row, i.column): i for i in ledger.issues}
    assert "1990" in found[(2, "Date")].message_en and "2100" in found[(2, "Date")].message_fr
    assert found[(2, "Date")].value == "31/12/9999"
    assert (3, "Date") in found
    assert (5, "Échéance") in found


def test_the_window_is_a_setting(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[
            [D(1985, 1, 1), 2, "Facture #002", 500, "En attente"],
            [D(2024, 1, 5), 2, "Facture #003", 300, "En attente"],
        ],
        extra_sheets={"Paramètres": [["Paramètre", "Valeur"], ["Années plausibles", "1980;2100"]]},
    )
    ledger = read_ledger(book)
    assert len(ledger.transactions) == 2
    assert not [i for i in ledger.issues if i.column == "Date"]


def test_absurd_and_non_finite_amounts_are_anomalies(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[
            [D(2024, 1, 5), 1, "Facture #001", 1e308, "En attente"],
            [D(2024, 1, 6), 2, "Facture #002", "1e308", "En attente"],
            [D(2024, 1, 7), 2, "Facture #003", -2e12, "En attente"],
            [D(2024, 1, 8), 2, "Facture #004", 300, "En attente", "", None, None, 1e300],
            [D(2024, 1, 9), 2, "Facture #005", 999_999_999.99, "En attente"],
        ],
    )
    ledger = read_ledger(book)
    tx = ledger.transactions
    assert list(tx["amount"]) == [300, 999_999_999.99]
    assert np.isnan(tx["amount_paid"].iloc[0])
    found = {(i.row, i.column): i for i in ledger.issues}
    assert {(2, "Montant"), (4, "Montant"), (5, "Montant payé")} <= set(found)
    assert "1 000 000 000 000" in found[(2, "Montant")].message_fr


def test_refresh_with_huge_values_writes_a_workbook_openpyxl_opens(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[
            [D(2024, 1, 5), 1, "Facture #001", 1e308, "En attente"],
            ["31/12/9999", 1, "Facture #002", 100, "En attente"],
            [D(2024, 1, 7), 2, "Facture #003", 300, "En attente"],
        ],
    )
    code, _, err = run("refresh", str(book), "--as-of", "2024-03-31")
    assert code == 0, err
    wb = openpyxl.load_workbook(book)  # no <v>inf</v> anywhere
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                assert not (isinstance(v, float) and not np.isfinite(v))
    assert max(ws.max_column for ws in wb.worksheets) < 100  # no 855-column Pénalités
    anomalies = sheet_values(book, "Anomalies")
    assert any("31/12/9999" in map(str, r) for r in anomalies)


def test_convert_csv_with_year_9999(tmp_path: Path) -> None:
    src = tmp_path / "f.csv"
    src.write_text(
        "N° facture;Date;Code client;Client;Montant TTC\n"
        "1;31/12/9999;42;Dupont;100,00\n"
        "2;05/01/2024;42;Dupont;1e308\n"
        "3;05/01/2024;42;Dupont;50,00\n",
        encoding="utf-8",
    )
    code, stdout, err = run("convert", str(src), "-o", str(tmp_path), "--as-of", "2024-03-31")
    assert code == 0, err
    assert "3 lignes = 1 transaction + 2 écartée(s)" in stdout
    anomalies = sheet_values(tmp_path / "f.xlsx", "Anomalies")
    assert any("31/12/9999" in map(str, r) for r in anomalies)


def test_writer_leaves_non_finite_numbers_blank() -> None:
    col = Column("x", Kind.MONEY)
    texts = _cell_texts(col, np.array([1.5, np.inf, -np.inf, np.nan]), False)
    assert texts == ["1.5", None, None, None]
    texts = _cell_texts(col, [1.5, float("inf"), float("nan")], False)
    assert texts == ["1.5", None, None]


def test_serials_around_1900_02_29_follow_excel() -> None:
    col = Column("d", Kind.DATE)
    days = np.array(["1900-01-01", "1900-02-28", "1900-03-01", "1899-12-31", "2024-01-01"])
    texts = _cell_texts(col, days.astype("datetime64[D]"), False)
    # Excel: 1 is 01/01/1900, 59 is 28/02/1900, 60 its phantom 29/02/1900, 61 is 01/03/1900;
    # a day before 1900 is no Excel date (blank)
    assert texts == ["1", "59", "61", None, "45292"]
    assert _cell_texts(col, days[:1].astype("datetime64[D]"), True) == [None]  # before 1904


def test_serial_numbers_read_as_excel_shows_them() -> None:
    from arxl.readers.values import excel_serial_date

    assert excel_serial_date(1) == D(1900, 1, 1)
    assert excel_serial_date(59) == D(1900, 2, 28)
    assert excel_serial_date(60) is None  # 29/02/1900 never existed
    assert excel_serial_date(61) == D(1900, 3, 1)
    assert excel_serial_date(45292) == D(2024, 1, 1)
    assert excel_serial_date(0, date1904=True) == D(1904, 1, 1)
    assert excel_serial_date(2958466) is None  # after 31/12/9999


def test_01_01_1900_is_written_back_as_01_01_1900(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[
            [D(1900, 1, 1), 1, "Facture #001", 100, "En attente"],
            [D(2024, 1, 5), 2, "Facture #002", 300, "En attente"],
        ],
        extra_sheets={"Paramètres": [["Paramètre", "Valeur"], ["Années plausibles", "1900;2100"]]},
    )
    code, _, err = run("refresh", str(book), "--as-of", "2024-03-31")
    assert code == 0, err
    wb = openpyxl.load_workbook(book)
    found = [
        v
        for ws in wb.worksheets
        if ws.title not in ("Transactions", "Clients", "Paramètres")
        for row in ws.iter_rows(values_only=True)
        for v in row
        if isinstance(v, dt.datetime) and v.year < 1990
    ]
    assert dt.datetime(1900, 1, 1) in found  # not 02/01/1900
    assert set(found) <= {dt.datetime(1900, 1, 1), dt.datetime(1900, 1, 31)}  # its due date


def test_absurd_terms_and_credit_limits_are_anomalies(tmp_path: Path) -> None:
    header = ["ID Client", "Nom", "Adresse", "Téléphone", "Email", "Délai de paiement (jours)"]
    book = make_workbook(
        tmp_path / "b.xlsx",
        clients=[
            [1, "Dupont", "a", "b", "c", 1e308],
            [2, "Martin", "a", "b", "c", 99_999_999],
            [3, "Durand", "a", "b", "c", -40],
            [4, "Petit", "a", "b", "c", 45],
        ],
        client_header=header,
        transactions=[[D(2024, 1, 5), k, f"F{k}", 100, "En attente"] for k in (1, 2, 3, 4)],
    )
    ledger = read_ledger(book)
    terms = dict(zip(ledger.clients["client_id"], ledger.clients["terms"], strict=False))
    assert np.isnan(terms["1"]) and np.isnan(terms["2"]) and np.isnan(terms["3"])
    assert terms["4"] == 45
    found = {i.row for i in ledger.issues if i.column == header[-1]}
    assert found == {2, 3, 4}


def test_payments_out_of_bounds_are_anomalies(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[
            [D(2024, 1, 5), 1, "F1", 100, "En attente"],
            [D(2024, 1, 6), 2, "F2", 200, "En attente"],
        ],
        extra_sheets={
            "Paiements": [
                ["Date", "ID Client", "Montant", "Référence"],
                [D(2024, 2, 1), 1, 1e308, "F1"],
                ["31/12/9999", 2, 50, "F2"],
                [D(2024, 2, 2), 2, 20, "F2"],
            ]
        },
    )
    code, _, err = run("refresh", str(book), "--as-of", "2024-03-31")
    assert code == 0, err
    anomalies = [r for r in sheet_values(book, "Anomalies")[1:] if r[0] == "Paiements"]
    assert sorted(int(r[1]) for r in anomalies) == [2, 3]
    assert any("9999" in str(r[3]) for r in anomalies)


def test_a_reminder_log_date_out_of_bounds_is_an_anomaly(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[[D(2024, 1, 5), 1, "F1", 100, "En attente"]],
        extra_sheets={
            "Journal des relances": [
                ["Date", "ID Client", "Client", "Niveau", "Canal", "Notes du gérant"],
                ["31/12/9999", 1, "Dupont SARL", 1, "email", ""],
                [D(2024, 2, 1), 1, "Dupont SARL", 1, "email", ""],
            ]
        },
    )
    ledger = read_ledger(book)
    assert len(ledger.log) == 1
    found = [i for i in ledger.issues if i.sheet == "Journal des relances"]
    assert [i.row for i in found] == [2] and "1990" in found[0].message_en


def test_an_unreadable_window_is_reported_and_the_default_kept(tmp_path: Path) -> None:
    from arxl.readers.bounds import year_window

    assert year_window("1990;2100") == (1990, 2100) and year_window("1980 - 2050") == (1980, 2050)
    assert year_window("1990;9999") is None and year_window("2100;1990") is None
    book = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[[D(1985, 1, 1), 2, "F2", 500, "En attente"]],
        extra_sheets={"Paramètres": [["Paramètre", "Valeur"], ["Années plausibles", "1900;9999"]]},
    )
    code, _, err = run("refresh", str(book), "--as-of", "2024-03-31")
    assert code == 0, err
    problems = [str(r[4]) for r in sheet_values(book, "Anomalies")[1:]]
    assert any("1900 à 2200" in p for p in problems)
    assert any("1990–2100" in p for p in problems)  # the 1985 invoice, by the default window


def test_the_window_holds_for_payments_and_the_reminder_log(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[[D(1985, 1, 5), 1, "F1", 100, "En attente"]],
        extra_sheets={
            "Paiements": [
                ["Date", "ID Client", "Montant", "Référence"],
                [D(1985, 2, 1), 1, 20, "F1"],
            ],
            "Journal des relances": [
                ["Date", "ID Client", "Client", "Niveau", "Canal", "Notes du gérant"],
                [D(1985, 3, 1), 1, "Dupont SARL", 1, "email", ""],
            ],
            "Paramètres": [["Paramètre", "Valeur"], ["Années plausibles", "1980;2100"]],
        },
    )
    ledger = read_ledger(book)
    assert len(ledger.transactions) == 1 and len(ledger.payments) == 1 and len(ledger.log) == 1
    assert not [i for i in ledger.issues if "1980" in i.message_en]


def test_long_texts_among_texts_numbers_and_dates() -> None:
    from arxl.readers.bounds import EXCEL_CELL_CHARS, long_texts

    long = "x" * (EXCEL_CELL_CHARS + 1)
    assert long_texts(["a", "", "x" * EXCEL_CELL_CHARS]) == []
    assert long_texts(["a", long, ""]) == [1]
    assert long_texts([1.5, D(2024, 1, 1), long, None, "b"]) == [2]
    assert long_texts([]) == []
