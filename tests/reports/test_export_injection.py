"""Text that leaves arxl never becomes a formula: CSV and JSON neutralise it, xlsx keeps text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import make_workbook
from helpers.libreoffice import convert, needs_soffice

from arxl.cli import main
from arxl.reports.export import neutralised

NAMES = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)"]


def _book(tmp_path: Path) -> Path:
    clients = [
        [i + 1, name, "1 rue A", "0102030405", f"c{i}@example.com"] for i, name in enumerate(NAMES)
    ]
    tx = [
        [dt.date(2023, 2, 1), i + 1, f"=FAC{i}", 100 + i, "En attente"] for i in range(len(NAMES))
    ]
    tx.append([dt.date(2023, 2, 2), 1, "Avoir", -50, "En attente"])
    path = make_workbook(tmp_path / "book.xlsx", clients=clients, transactions=tx)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:  # openpyxl takes a text starting with = for a formula: make it text
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    wb.save(path)
    return path


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_neutralised_gives_null_for_a_non_finite_number() -> None:
    assert neutralised({"avg_days_late": float("nan"), "x": [float("inf"), -1.5]}) == {
        "avg_days_late": None,
        "x": [None, -1.5],
    }


def test_neutralised_walks_json_records() -> None:
    data = {"a": ["=1", 2, -3.5, None, "ok"], "b": ("-x",), "c": {"d": "@e"}}
    assert neutralised(data) == {
        "a": ["'=1", 2, -3.5, None, "ok"],
        "b": ("'-x",),
        "c": {"d": "'@e"},
    }


@pytest.mark.parametrize("by", ["invoice", "client"])
def test_aging_csv_quotes_formula_like_text(tmp_path: Path, by: str) -> None:
    out = _run(
        "aging", str(_book(tmp_path)), "--as-of", "2023-03-31", "--by", by, "--format", "csv"
    )
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in out
    rows = list(csv.DictReader(io.StringIO(out)))
    names = {r["client_name"] for r in rows}
    assert {"'" + n for n in NAMES} <= names
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not value.startswith("-") or float(value) < 0  # only numbers start with -
    if by == "invoice":
        assert {r["invoice"] for r in rows} >= {f"'=FAC{i}" for i in range(len(NAMES))}
        assert all(float(r["amount"]) > 0 for r in rows)  # amounts stay numbers


def test_aging_and_kpis_json_neutralise_text(tmp_path: Path) -> None:
    book = _book(tmp_path)
    aging = json.loads(_run("aging", str(book), "--as-of", "2023-03-31", "--format", "json"))
    names = {r["client_name"] for r in aging["rows"]}
    assert {"'" + n for n in NAMES} == names
    assert all(isinstance(r["amount"], float) for r in aging["rows"])
    kpis = json.loads(_run("kpis", str(book), "--as-of", "2023-03-31", "--format", "json"))
    for debtor in kpis["top_debtors"]:
        assert debtor["client_name"].startswith("'")
        assert isinstance(debtor["outstanding"], float)


def test_refreshed_workbook_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    book = _book(tmp_path)
    _run("refresh", str(book), "--as-of", "2023-03-31")
    wb = openpyxl.load_workbook(book)
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in NAMES:
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    seen += 1
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
    assert seen > len(NAMES)  # in Clients and in arxl's own sheets


@pytest.mark.libreoffice
@needs_soffice
def test_csv_opened_by_libreoffice_shows_no_formula(tmp_path: Path) -> None:
    out = _run("aging", str(_book(tmp_path)), "--as-of", "2023-03-31", "--format", "csv")
    csv_path = tmp_path / "aging.csv"
    csv_path.write_text(out, encoding="utf-8")
    xlsx = convert(csv_path, "xlsx", tmp_path / "lo")
    ws = openpyxl.load_workbook(xlsx).active
    texts = []
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                texts.append(cell.value)
    assert any("HYPERLINK" in t for t in texts)
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)
