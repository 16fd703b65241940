"""The Pénalités sheet's formulas, recalculated by LibreOffice, give the values arxl computed."""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import zipfile

import pytest
from conftest import make_workbook, sheet_values

import arxl
from tests.helpers.libreoffice import needs_soffice

D = dt.date
TRANSACTIONS = [
    # the DOMAIN.md worked example: 12 000 € due 15/05/2025 paid 20/08/2025 -> 402.59 + 40
    [D(2025, 4, 15), 1, "F-1", 12000, "Payé", "", D(2025, 5, 15), D(2025, 8, 20)],
    [D(2024, 11, 1), 2, "F-2", 3500, "En attente", "", D(2024, 12, 1), None],
    [D(2025, 12, 1), 2, "F-3", 800, "Litige", "", D(2025, 12, 31), None],
]
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false"
HEADER = ["Date", "ID Client", "Description", "Montant", "Statut", "Remarques", "Échéance"]
FRENCH_LAW = {"Paramètres": [["Paramètre", "Valeur"], ["Pays", "FR"]]}


@pytest.fixture
def refreshed(tmp_path):
    path = make_workbook(
        tmp_path / "b.xlsx",
        transactions=TRANSACTIONS,
        tx_header=[*HEADER, "Date de paiement"],
        extra_sheets=FRENCH_LAW,
    )
    arxl.refresh_workbook(path, as_of=D(2026, 3, 31))
    return path


def test_worked_example_row(refreshed):
    rows = sheet_values(refreshed, "Pénalités")
    header, first = rows[0], rows[1]
    got = dict(zip(header, first, strict=True))
    assert got["Facture"] == "F-1" and got["Jours de retard"] == 97
    assert got["Intérêts"] == pytest.approx(402.59)
    assert got["Indemnité forfaitaire"] == 40 and got["Total"] == pytest.approx(442.59)
    assert [r[0] for r in rows[1:] if r[0]] == ["F-1", "F-2", "Total"]  # not the disputed one
    # the rates sit in a table beside the rows, one line per half-year
    assert rate_table(rows)["2025-S1"] == pytest.approx(0.1315)
    assert rate_table(rows)["2025-S2"] == pytest.approx(0.1215)
    assert len(header) == header.index("Semestre") + 4  # Semestre, Du, Au, Taux: fixed


def rate_table(rows: list[list[object]]) -> dict[str, object]:
    """Half-year -> rate, from the table beside the Pénalités rows."""
    at = rows[0].index("Semestre")
    return {r[at]: r[at + 3] for r in rows[1:] if r[at]}


@needs_soffice
def test_formulas_recalculate_to_the_same_values(refreshed, tmp_path):
    lo_rows = recalculated_penalties(refreshed, tmp_path)
    ours = sheet_values(refreshed, "Pénalités")
    header = ours[0]
    for col in ("Jours de retard", "Intérêts", "Total"):
        c = header.index(col)
        for mine, theirs in zip(ours[1:], lo_rows[1:], strict=True):
            if mine[c] == "":  # the total row has no days
                continue
            assert float(theirs[c].replace(",", "")) == pytest.approx(mine[c]), col


def recalculated_penalties(refreshed, tmp_path) -> list[list[str]]:
    """The Pénalités sheet as LibreOffice computes it: the cached values of the formula cells
    dropped, the book converted to CSV (that sheet), read back as rows of text."""
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(refreshed) as src, zipfile.ZipFile(bare, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1", data)
            dst.writestr(info, data)
    sheet_index = _sheet_names(refreshed).index("Pénalités") + 1
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            f"{CSV_FILTER},{sheet_index}",  # the last option: which sheet
            "--outdir",
            str(tmp_path),
            str(bare),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (out,) = tmp_path.glob("bare*.csv")
    return list(csv.reader(out.open(encoding="utf-8")))


def _sheet_names(path):
    import python_calamine

    return python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names


def test_each_row_shows_the_days_its_interest_is_counted_on(tmp_path):
    """DOMAIN's worked example paid in two halves: 12 000 late from 15/05 to 30/06 (46 days at
    13.15 % = 198.87), then 6 000 to 20/08 (51 days at 12.15 % = 101.86): each row's amount x
    rate x its days counted gives its interest (the lateness column says 97 for the second)."""
    import datetime as dt

    from conftest import make_workbook, sheet_values

    import arxl

    d = dt.date
    path = make_workbook(
        tmp_path / "b.xlsx",
        clients=[[2, "Pro2", "", "", "b@x.fr"]],
        transactions=[[d(2025, 4, 15), 2, "W-2", 12000, "", "", d(2025, 5, 15)]],
        tx_header=[
            "Date",
            "ID Client",
            "Description",
            "Montant",
            "Statut",
            "Remarques",
            "Échéance",
        ],
        extra_sheets={
            "Paiements": [
                ["Date", "ID Client", "Montant", "Référence"],
                [d(2025, 6, 30), 2, 6000, "W-2"],
                [d(2025, 8, 20), 2, 6000, "W-2"],
            ],
            "Paramètres": [["Paramètre", "Valeur"], ["Pays", "FR"]],
        },
    )
    out = tmp_path / "out.xlsx"
    arxl.refresh_workbook(path, out=out, as_of=d(2025, 10, 31))
    rows = sheet_values(out, "Pénalités")
    header = rows[0]
    got = [dict(zip(header, r, strict=False)) for r in rows[1:3]]
    assert [(g["Montant en retard"], g["Jours comptés"], g["Intérêts"]) for g in got] == [
        (12000, 46, 198.87),
        (6000, 51, 101.86),
    ]
    assert [g["Jours de retard"] for g in got] == [46, 97]
    # each row from its first day of interest to its last, inclusive: 16/05-30/06, 01/07-20/08
    assert [(g["Intérêts à partir du"], g["Fin du retard"]) for g in got] == [
        (d(2025, 5, 16), d(2025, 6, 30)),
        (d(2025, 7, 1), d(2025, 8, 20)),
    ]
