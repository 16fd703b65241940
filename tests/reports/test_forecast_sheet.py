"""reports/forecast.py: the Prévision encaissements sheet, its ISO weeks and its chart, as a
refresh writes it into a book with credit control."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from conftest import CLIENT_HEADER, make_workbook, sheet_values

import arxl

d = dt.date
AS_OF = d(2026, 6, 30)  # a Tuesday, in ISO week 27
CLIENTS = [  # a credit limit: credit control on
    [1, "Dupont SARL", "", "", "", 30, 5000],
    [2, "Martin & Fils", "", "", "", 30, 5000],
]
TRANSACTIONS = [
    # Dupont always paid on its due date: its invoices are expected on their due dates
    [d(2026, 1, 2), 1, "F00", 500, "Payé", "", d(2026, 2, 1), d(2026, 2, 1)],
    [d(2026, 6, 5), 1, "F1", 100, "En attente"],  # due 05/07, a Sunday: week 27
    [d(2026, 6, 6), 1, "F2", 200, "En attente"],  # due 06/07, a Monday: week 28
    # Martin pays on time (10 000 on its due date), 400 due 31/05 is 30 days late: expected
    # on 01/06 (its average, 1 day late), before the date: the late row
    [d(2026, 1, 1), 2, "F0", 10000, "Payé", "", d(2026, 1, 31), d(2026, 1, 31)],
    [d(2026, 5, 1), 2, "F3", 400, "En attente"],
]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = make_workbook(
        tmp_path_factory.mktemp("forecast") / "book.xlsx",
        clients=CLIENTS,
        transactions=TRANSACTIONS,
        client_header=[*CLIENT_HEADER, "Limite de crédit"],
    )
    arxl.refresh_workbook(book, as_of=AS_OF)
    return book


def test_iso_weeks_monday_to_sunday(book: Path) -> None:
    rows = sheet_values(book, "Prévision encaissements")
    assert rows[0][0] == "Prévision d'encaissements au 2026-06-30"
    assert "Semaines ISO, du lundi au dimanche" in rows[1][0]
    header = rows[3]
    assert header[:6] == ["Semaine ISO", "Du", "Au", "Encaissement attendu", "Factures", "Cumul"]
    by_week = {r[0]: r for r in rows[4:] if r and r[0]}
    assert by_week["En retard"][3] == pytest.approx(400)
    assert by_week["S27 2026"][1:3] == [d(2026, 6, 30), d(2026, 7, 5)]  # from the as-of date
    assert by_week["S27 2026"][3] == pytest.approx(100)
    assert by_week["S28 2026"][1:4] == [d(2026, 7, 6), d(2026, 7, 12), pytest.approx(200)]
    assert by_week["Total"][3] == pytest.approx(700)


def test_the_sheet_has_its_chart(book: Path) -> None:
    with zipfile.ZipFile(book) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
    titles = [c for c in charts if "Encaissements attendus par semaine" in c]
    assert len(titles) == 1 and "Prévision encaissements" in titles[0]
