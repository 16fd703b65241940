"""The monthly report workbook: its figures, reproducibility, LibreOffice reading it back."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_workbook, sheet_values

import arxl
from arxl.cli import main
from tests.helpers.libreoffice import convert, needs_soffice, pdf_text

d = dt.date
D = d(2025, 12, 15)
MONTH_LABELS = {f"{m} {y}" for y in (2024, 2025) for m in ("janv.", "févr.", "mars", "avr.", "mai",
                "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")}  # fmt: skip
CLIENTS = [[1, "Dupont SARL", "", "", "", 30], [2, "Martin & Fils", "", "", "", 30]]
# November 2025 (see tests/rules/test_monthly.py for the same month as frames)
TRANSACTIONS = [
    [d(2025, 10, 5), 1, "A", 1000, "Payé", "", None, d(2025, 11, 10)],
    [d(2025, 10, 20), 2, "B", 500, "En attente"],
    [d(2025, 11, 5), 1, "C", 800, "Partiellement payé", "", None, d(2025, 11, 25), 300],
    [d(2025, 11, 15), 2, "D", 200, "Irrécouvrable"],
    [d(2025, 9, 1), 1, "E", 700, "Payé", "", None, d(2025, 10, 15)],
    [d(2025, 8, 1), 2, "H", 300, "Litige"],
    [d(2025, 12, 2), 1, "F", 9000, "En attente"],
]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workbook(
        tmp_path_factory.mktemp("report") / "factures.xlsx",
        clients=CLIENTS,
        transactions=TRANSACTIONS,
    )


@pytest.fixture(scope="module")
def report(book: Path):
    return arxl.monthly_report(book, "2025-11", out=book.with_name("nov.xlsx"), as_of=D)


def _row(rows: list[list[object]], label: str) -> list[object]:
    """The row of figures named `label` (the first: a definition of it may follow below)."""
    found = [r for r in rows if r and r[0] == label]
    assert found, label
    return found[0]


def _definition(rows: list[list[object]], label: str) -> str:
    """The text of `label` in the definitions block (the last row named so)."""
    found = [r for r in rows if r and r[0] == label]
    assert len(found) == 2, label
    return str(found[-1][1])


def test_sheets_and_summary(report):
    path = report.path
    names = arxl_sheet_names(path)
    assert names == [
        "Synthèse",
        "Balance âgée",
        "Factures ouvertes",
        "Factures du mois",
        "Encaissements du mois",
        "DSO et CEI",
        "Tableau D441-6",
    ]
    summary = sheet_values(path, "Synthèse")
    assert summary[0][0] == "Rapport mensuel – nov. 2025"
    header = _row(summary, "Indicateur")
    assert header[1:4] == ["2025-11-30", "2025-10-31", "2024-11-30"]
    # a year earlier the ledger had no document yet: n/d, not zeros
    assert _row(summary, "Encours total")[1:4] == [pytest.approx(1300), pytest.approx(1800), "n/d"]
    assert _definition(summary, "Encours total").startswith("Encours net : solde")
    assert _row(summary, "Montant en litige")[1:3] == pytest.approx([300, 300])
    # roll-forward: 1 800 + 1 000 - 1 300 - 200 = 1 300
    assert _row(summary, "Créances à l'ouverture (2025-10-31)")[1] == pytest.approx(1800)
    assert _row(summary, "+ Facturé dans le mois")[1] == pytest.approx(1000)
    assert _row(summary, "− Encaissé dans le mois")[1] == pytest.approx(1300)
    assert _row(summary, "− Passé en irrécouvrable")[1] == pytest.approx(200)
    assert _row(summary, "Créances à la clôture (2025-11-30)")[1] == pytest.approx(1300)
    assert _row(summary, "Écart (calculé − clôture)")[1] == pytest.approx(0)
    assert _row(summary, "Contrôle")[1] == "Équilibré"


def arxl_sheet_names(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).sheet_names


def test_lists_of_the_month(report):
    invoices = sheet_values(report.path, "Factures du mois")
    assert [r[0] for r in invoices[1:]] == ["C", "D", "Total (dont 200,00 € irrécouvrables)"]
    payments = sheet_values(report.path, "Encaissements du mois")
    assert [(r[1], r[6]) for r in payments[1:-1]] == [("A", 1000.0), ("C", 300.0)]
    open_invoices = sheet_values(report.path, "Factures ouvertes")
    assert sorted(r[0] for r in open_invoices[1:-1]) == ["B", "C", "H"]  # then the total


def test_d441_6_and_cei(report):
    table = sheet_values(report.path, "Tableau D441-6")
    header = [r for r in table if r[1] == "0 jour (indicatif)"][0]
    assert header[1:] == ["0 jour (indicatif)", "1 à 30 jours", "31 à 60 jours", "61 à 90 jours",
                          "91 jours et plus", "Total (1 jour et plus)"]  # fmt: skip
    assert _row(table, "Nombre de factures concernées")[1:] == [1, 1, 0, 0, 0, 1]
    amounts = _row(table, "Montant total des factures concernées TTC (restant dû)")
    assert amounts[1:] == pytest.approx([500, 500, 0, 0, 0, 500])
    # shares of the turnover TTC of the financial year (01/01/2025 - 30/11/2025): A to H
    share = [r for r in table if str(r[0]).startswith("Pourcentage du chiffre d'affaires")][0]
    assert share[2] == pytest.approx(500 / 3500) and "3\u00a0500,00 €" in share[0]
    assert any("Exercice : du 2025-01-01 au 2025-11-30" in str(r[0]) for r in table)
    assert _row(table, "Nombre des factures exclues")[1:] == [0, 0, 0, 0, 1, 1]
    series = sheet_values(report.path, "DSO et CEI")
    nov = _row(series, "nov. 2025")
    assert nov[1:6] == pytest.approx([1800, 1000, 1300, 500, 1500 / 2300 * 100])


def test_same_inputs_same_bytes(book: Path, report, tmp_path: Path) -> None:
    again = arxl.monthly_report(book, "2025-11", out=tmp_path / "again.xlsx", as_of=D)
    assert again.path.read_bytes() == report.path.read_bytes()


def test_month_in_progress_stops_at_the_as_of_date(book: Path, tmp_path: Path) -> None:
    result = arxl.monthly_report(book, "2025-12", out=tmp_path / "dec.xlsx", as_of=D)
    assert result.figures.end == D
    summary = sheet_values(result.path, "Synthèse")
    assert _row(summary, "Indicateur")[1] == "2025-12-15"
    assert _row(summary, "+ Facturé dans le mois")[1] == pytest.approx(9000)


def test_month_after_the_as_of_date_is_refused(book: Path, tmp_path: Path) -> None:
    with pytest.raises(arxl.ArxlError, match="after the as-of date"):
        arxl.monthly_report(book, "2026-01", out=tmp_path / "jan.xlsx", as_of=D)
    assert not (tmp_path / "jan.xlsx").exists()


def test_cli_pdf_without_libreoffice_says_so(book: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(
        main, ["report", str(book), "--month", "2025-11", "--as-of", "2025-12-15", "-o", str(out),
               "--pdf"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "LibreOffice is not installed" in result.stderr
    assert out.exists(), "the workbook is written even when the PDF cannot be"


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_reads_back_what_arxl_computed(report, tmp_path: Path) -> None:
    resaved = convert(report.path, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    summary = sheet_values(resaved, "Synthèse")
    for key, label in (("outstanding", "Encours total"), ("overdue", "Montant échu"),
                       ("disputed", "Montant en litige")):  # fmt: skip
        got = _row(summary, label)[1:4]
        want = [getattr(report.figures.figures[c], key) if report.figures.figures[c] else "n/d"
                for c in ("end", "month_before", "year_before")]  # fmt: skip
        assert got == [w if w == "n/d" else pytest.approx(w) for w in want], label
    roll = report.figures.roll
    assert _row(summary, "− Encaissé dans le mois")[1] == pytest.approx(roll.collected)
    table = sheet_values(resaved, "Tableau D441-6")
    amounts = _row(table, "Montant total des factures concernées TTC (restant dû)")[1:]
    assert amounts == pytest.approx(report.figures.d441.loc["amount"].tolist())
    series = sheet_values(resaved, "DSO et CEI")
    months = [f"{m:%m/%Y}" for m in report.figures.series["month"]]
    rows = [r for r in series if r and r[0] in MONTH_LABELS]
    assert len(rows) == len(months) == 12
    for row, cei, dso in zip(rows, report.figures.series["cei"],
                             report.figures.series["dso_accounting_90d"], strict=True):  # fmt: skip
        # None: no history for it; NaN: not computable
        assert row[5] == ("n/d" if cei is None or cei != cei else pytest.approx(cei))
        assert row[6] == ("n/d" if dso is None or dso != dso else pytest.approx(dso))

    pdf = convert(report.path, "pdf", tmp_path / "pdf")
    text = pdf_text(pdf)
    if text is not None:
        for words in ("Rapport mensuel – nov. 2025", "Balance âgée au 2025-11-30", "DSO (jours)",
                      "CEI (%)", "article D441-6"):  # fmt: skip
            assert words in text, words


# November 2025 with a credit note row and a Paiements sheet (terms 30 days)
CASH_TX = [
    [d(2025, 10, 5), 1, "FA-101", 1000, "En attente"],
    [d(2025, 10, 20), 2, "FA-102", 500, "En attente"],
    [d(2025, 11, 5), 1, "FA-103", 800, "En attente"],
    [d(2025, 11, 9), 2, "Avoir sur FA-102", -100, ""],
]
CASH_PAIEMENTS = [
    ["Date", "ID Client", "Montant", "Référence"],
    [d(2025, 11, 10), 1, 1000, "FA-101"],
    [d(2025, 11, 25), 1, 300, "FA-103"],
    [d(2025, 11, 28), 2, 700, ""],  # FA-102's 400 left, then 300 unapplied
]


def test_report_with_payment_rows_and_a_payments_sheet(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "cash.xlsx",
        clients=CLIENTS,
        transactions=CASH_TX,
        extra_sheets={"Paiements": CASH_PAIEMENTS},
    )
    result = arxl.monthly_report(book, "2025-11", out=tmp_path / "nov.xlsx", as_of=d(2025, 11, 30))
    payments = sheet_values(result.path, "Encaissements du mois")
    got = [(r[0], r[1], r[2], r[5], r[6]) for r in payments[1:-1]]
    assert got == [
        (d(2025, 11, 10), "FA-101", "1", 1000, 1000),
        (d(2025, 11, 25), "FA-103", "1", 800, 300),
        (d(2025, 11, 28), "FA-102", "2", 500, 400),
        (d(2025, 11, 28), "(non imputé)", "2", "", 300),
    ]
    assert payments[-1][6] == pytest.approx(2000)
    summary = sheet_values(result.path, "Synthèse")
    # opening 1 000 + 500; sales 800 - 100; cash 1 000 + 300 + 700; closing FA-103's 500
    # less client 2's unapplied 300
    lines = {
        "+ Facturé dans le mois": 700,
        "− Encaissé dans le mois": 2000,
        "− Passé en irrécouvrable": 0,
        "Écart (calculé − clôture)": 0,
    }
    for label, value in lines.items():
        assert _row(summary, label)[1] == pytest.approx(value), label
    assert [r for r in summary if str(r[0]).startswith("Créances à l'ouverture")][0][1] == 1500
    assert [r for r in summary if str(r[0]).startswith("Créances à la clôture")][0][1] == 200
    assert _row(summary, "Contrôle")[1] == "Équilibré"
    # count-back: 200 of November's 700 of sales: 200 / 700 x 30 days
    assert _row(summary, "Encours total")[1] == pytest.approx(200)
    assert _row(summary, "DSO par épuisement (count-back)")[1] == pytest.approx(200 / 700 * 30)
    series = sheet_values(result.path, "DSO et CEI")
    nov = _row(series, "nov. 2025")
    # CEI: (1 500 + 700 - 200) / (1 500 + 700 - 500 current: FA-103 due 05/12) x 100
    assert nov[1:6] == pytest.approx([1500, 700, 200, 500, 2000 / 1700 * 100])


def _october_gap(tmp_path: Path) -> Path:
    """Invoices in September and November, none in October."""
    return make_workbook(
        tmp_path / "gap.xlsx",
        clients=CLIENTS,
        transactions=[
            [d(2025, 9, 10), 1, "FA-1", 500, "En attente"],
            [d(2025, 11, 5), 1, "FA-2", 800, "En attente"],
        ],
    )


def test_report_says_where_the_countback_stopped(tmp_path: Path) -> None:
    # October has no invoice: at 30/11 the walk uses November's 800 for 1 300 open and stops
    book = _october_gap(tmp_path)
    result = arxl.monthly_report(book, "2025-11", out=tmp_path / "nov.xlsx", as_of=d(2025, 11, 30))
    summary = sheet_values(result.path, "Synthèse")
    row = _row(summary, "DSO par épuisement (count-back)")
    assert row[1] == pytest.approx(30)
    assert _definition(summary, "DSO par épuisement (count-back)").endswith(
        "Arrêté en oct. 2025 : facturé du mois nul ou négatif ; valeur minimale."
    )
    series = sheet_values(result.path, "DSO et CEI")
    # in the definitions block: no term, the note across the page from column C
    notes = [r[2] for r in series if len(r) > 2 and "count-back" in str(r[2])]
    # at 31/10 October has no invoice: stop at once, no value (the table says n/d, not a
    # floor); at 30/11 November's 800 leaves 500 and the walk stops in October
    assert notes == [
        "oct. 2025 : pas de DSO count-back (facturé du mois nul ou négatif).",
        "nov. 2025 : DSO count-back arrêté en oct. 2025 (facturé du mois nul ou négatif) : "
        "valeur minimale.",
    ]
    oct_row = _row(series, "oct. 2025")
    assert "n/d" in oct_row or None in oct_row or "" in oct_row


def test_d441_6_year_from_the_parametres_row(tmp_path: Path) -> None:
    """A financial year starting on 1 October (typed 01/10, which Excel keeps as a date):
    the shares are of the turnover from 01/10/2025 to 30/11/2025: A, B, C and D (2 500)."""
    book = make_workbook(
        tmp_path / "factures.xlsx",
        clients=CLIENTS,
        transactions=TRANSACTIONS,
        extra_sheets={
            "Paramètres": [["Paramètre", "Valeur"], ["Début de l'exercice", d(2025, 10, 1)]]
        },
    )
    result = arxl.monthly_report(book, "2025-11", out=tmp_path / "nov.xlsx", as_of=D)
    assert result.figures.year_start == d(2025, 10, 1)
    assert result.figures.turnover == pytest.approx(2500)
    table = sheet_values(result.path, "Tableau D441-6")
    share = [r for r in table if str(r[0]).startswith("Pourcentage du chiffre d'affaires")][0]
    assert share[2] == pytest.approx(500 / 2500) and "2\u00a0500,00 €" in share[0]
    assert any("Exercice : du 2025-10-01 au 2025-11-30" in str(r[0]) for r in table)


def test_a_report_never_replaces_a_workbook_of_the_owners(tmp_path: Path) -> None:
    """-o onto a workbook arxl did not write as a report is refused, the file as it was; a
    report written before is replaced (the same month again)."""
    import openpyxl

    from arxl.errors import ArxlError

    book = make_workbook(tmp_path / "book.xlsx", clients=CLIENTS, transactions=TRANSACTIONS)
    mine = tmp_path / "compta.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "mes comptes"
    wb.save(mine)
    before = mine.read_bytes()
    with pytest.raises(ArxlError, match="exists and is not a report arxl wrote"):
        arxl.monthly_report(book, "2025-11", out=mine, as_of=d(2025, 11, 30))
    assert mine.read_bytes() == before
    out = tmp_path / "rapport.xlsx"
    arxl.monthly_report(book, "2025-11", out=out, as_of=d(2025, 11, 30))
    arxl.monthly_report(book, "2025-11", out=out, as_of=d(2025, 11, 30))  # replaced: ours
    assert out.exists()


def test_a_countback_stopped_in_its_own_month_has_no_floor(tmp_path: Path) -> None:
    """October has no invoice: at 31/10 the walk stops at once; the definition says there is
    no value (the table's n/d), not "valeur minimale"."""
    book = _october_gap(tmp_path)
    result = arxl.monthly_report(book, "2025-10", out=tmp_path / "oct.xlsx", as_of=d(2025, 10, 31))
    summary = sheet_values(result.path, "Synthèse")
    assert _row(summary, "DSO par épuisement (count-back)")[1] == "n/d"
    text = _definition(summary, "DSO par épuisement (count-back)")
    assert text.endswith("Pas de valeur : le facturé de oct. 2025 est nul ou négatif.")
