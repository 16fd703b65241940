"""A `$` book with amounts in the millions (a US template: `[$$-409]#,##0.00`, m/d/yyyy) gets `$`
and m/d/yyyy everywhere arxl writes or prints: the dashboard, the forecast, the PivotTable's
title, Quoi de neuf, the monthly report and its summary line, `arxl kpis` and `arxl aging`; and
no `###` on the dashboard's clients on hold (issue 21)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import sheet_values

import arxl
from arxl.cli import main
from arxl.formats import choose
from arxl.sheets.spec import Block, Cell, Column, Kind, LayoutSpec
from arxl.vocab import Lang
from arxl.writers.widths import fitted_widths

D = dt.date
AS_OF = D(2026, 3, 31)
BEFORE = D(2026, 3, 15)  # the first refresh: Quoi de neuf says "since 3/15/2026"
DAY_FIRST = re.compile(r"\b(1[3-9]|2\d|3[01])/(0?[1-9]|1[0-2])/20\d\d\b")  # 31/03/2026
US_MONEY = "[$$-409]#,##0.00"


def dollar_millions(path: Path) -> Path:
    """Clients over their credit limit (on hold) owing millions, invoices of a US template."""
    wb = openpyxl.Workbook()
    clients = wb.active
    clients.title = "Customers"
    clients.append(["Client ID", "Name", "Address", "Phone", "Email", "Credit limit"])
    clients.append([1, "Acme Corp", "1 Main St", "555-0100", "ap@acme.example.com", 1_000_000])
    clients.append([2, "Globex", "2 Main St", "555-0101", "ap@globex.example.com", 1_000_000])
    tx = wb.create_sheet("Invoices")
    tx.append(["Date", "Client ID", "Description", "Amount", "Status", "Remarks", "Due date",
               "Payment date", "Amount paid"])  # fmt: skip
    rows = [
        [D(2025, 11, 3), 1, "INV-001", 6_050_000.0, "Pending", "", D(2025, 12, 3)],
        [D(2026, 1, 15), 1, "INV-002", 12_400_000.0, "Pending", "", D(2026, 2, 14)],
        [D(2026, 2, 1), 2, "INV-003", 8_800_000.0, "Pending", "", D(2026, 3, 3)],
        [D(2026, 3, 2), 2, "INV-004", 3_300_000.0, "Paid", "", D(2026, 4, 1), D(2026, 3, 20),
         3_300_000.0],
        [D(2026, 3, 20), 1, "INV-005", 26_422_222.61, "Pending", "", D(2026, 4, 19)],
    ]  # fmt: skip
    for r in rows:
        tx.append(r)
        for col in (1, 7, 8):
            tx.cell(tx.max_row, col).number_format = "m/d/yyyy"
        for col in (4, 9):
            tx.cell(tx.max_row, col).number_format = US_MONEY
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = dollar_millions(tmp_path_factory.mktemp("dollars") / "us.xlsx")
    arxl.refresh_workbook(path, as_of=BEFORE)
    arxl.refresh_workbook(path, as_of=AS_OF)
    return path


def _texts(path: Path, sheet: str) -> str:
    return "\n".join(str(v) for row in sheet_values(path, sheet) for v in row if v != "")


def _formats(path: Path, sheet: str) -> set[str]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.number_format for row in ws.iter_rows() for c in row if c.value is not None}


def run(*args: str) -> str:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_dashboard_dates_are_the_books(book: Path) -> None:
    text = _texts(book, "Dashboard")
    assert "Dashboard – as of 3/31/2026" in text
    assert "change since 2/28/2026" in text
    assert "(2/28/2026)" in text  # the definition of the change
    assert not DAY_FIRST.search(text), DAY_FIRST.search(text)
    ws = openpyxl.load_workbook(book)["Dashboard"]
    assert "3/31/2026" in ws.oddHeader.left.text


def test_forecast_pivot_and_changes_dates_are_the_books(book: Path) -> None:
    forecast = _texts(book, "Collections forecast")
    assert "Cash-in forecast as of 3/31/2026" in forecast and "starts on 3/31/2026" in forecast
    assert _texts(book, "PivotTable").startswith("Open balance by client and bucket – 3/31/2026")
    changes = openpyxl.load_workbook(book)["What changed"]
    assert "since 3/15/2026 – 3/31/2026" in changes.oddHeader.left.text
    for sheet in ("Collections forecast", "PivotTable", "What changed"):
        assert not DAY_FIRST.search(_texts(book, sheet)), sheet


def test_the_clients_on_hold_show_their_millions(book: Path) -> None:
    """The exposure column is as wide as its amounts in the book's format (no `###`)."""
    rows = sheet_values(book, "Dashboard")
    hold = next(r for r in rows if "Acme Corp" in r and isinstance(r[r.index("Acme Corp") + 1],
                                                                    float))  # fmt: skip
    col = hold.index("Acme Corp") + 1
    shown = choose(Lang.EN, owner_money=US_MONEY).money_text(hold[col])
    ws = openpyxl.load_workbook(book)["Dashboard"]
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(col + 1)].width
    assert shown == "$44,872,222.61"
    assert width >= len(shown) + 2


def test_the_monthly_report_is_in_dollars_and_month_first(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "march.xlsx"
    line = run("report", str(book), "--month", "2026-03", "-o", str(out))
    assert "outstanding $" in line and "€" not in line
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        formats = _formats(out, ws.title)
        assert not any("€" in f or "dd/mm" in f for f in formats), (ws.title, formats)
        text = _texts(out, ws.title)
        assert "€" not in text and not DAY_FIRST.search(text), ws.title
    assert any('"$"' in f or "$" in f for f in _formats(out, "Summary"))
    summary = _texts(out, "Summary")
    assert "As of 3/31/2026, compared with 2/28/2026 and 3/31/2025" in summary
    assert "Closing receivables (3/31/2026)" in summary


def test_a_day_first_book_keeps_its_report_dates(tmp_path: Path) -> None:
    """The French report is unchanged: dd/mm/yyyy and euros."""
    from conftest import make_workbook

    path = make_workbook(
        tmp_path / "fr.xlsx",
        transactions=[[D(2026, 3, 2), 1, "F-1", 1500, "En attente"]],
    )
    wb = openpyxl.load_workbook(path)
    wb["Transactions"]["A2"].number_format = "dd/mm/yyyy"
    wb.save(path)
    out = tmp_path / "mars.xlsx"
    arxl.monthly_report(path, "2026-03", out=out, as_of=AS_OF)
    summary = _texts(out, "Synthèse")
    assert "Situation au 31/03/2026, comparée au 28/02/2026" in summary
    assert any("€" in f for f in _formats(out, "Synthèse"))


def test_kpis_in_the_books_currency_and_date(book: Path) -> None:
    out = run("kpis", str(book), "--as-of", AS_OF.isoformat())
    assert "as of 3/31/2026" in out
    assert "$53,672,222.61" in out and "€" not in out
    data = run("kpis", str(book), "--as-of", AS_OF.isoformat(), "--format", "json")
    assert '"outstanding": 53672222.61' in data  # JSON: plain numbers


def test_aging_dates_in_the_books_format(book: Path) -> None:
    out = run("aging", str(book), "--as-of", AS_OF.isoformat())
    assert "Aging as of 3/31/2026" in out
    assert "12/3/2025" in out and "2/14/2026" in out  # the due dates
    assert not DAY_FIRST.search(out)
    by_client = run("aging", str(book), "--as-of", AS_OF.isoformat(), "--by", "client")
    assert "Aged balance by client as of 3/31/2026" in by_client


def test_fitted_widths_widen_only_what_would_not_show() -> None:
    """A free-form sheet's money column keeps its width while its amounts fit, and grows to
    the widest amount when they do not (a total row, bold, counts a little wider)."""
    fm = choose(Lang.EN, owner_money=US_MONEY)
    block = Block(0, 0, [Column("Client"), Column("Exposure", Kind.MONEY)],
                  [["a", "b"], [1_000.0, None]], total=["Total", 2_000.0])  # fmt: skip
    spec = LayoutSpec("x", "x", [block], widths=(20, 12), formats=fm)
    assert fitted_widths(spec) == [20, 12]
    block.data[1] = [44_872_222.61, Cell(987_654_321_012.34, Kind.MONEY)]
    widths = fitted_widths(spec)
    assert widths[0] == 20 and widths[1] >= len(fm.money_text(987_654_321_012.34)) + 2
    # below a printed area (the dashboard's chart data), the page's widths stay
    spec.print_area = (0, 0, 0, 1)
    spec.blocks = [Block(5, 0, block.columns, block.data)]
    assert fitted_widths(spec) == [20, 12]


def test_a_big_figure_shrinks_only_when_its_amount_would_not_fit() -> None:
    """The dashboard's big figures keep 18 points, and get smaller for twelve digits (a tile
    is two columns of 13: `###` at 18 points)."""
    from arxl.sheets.board import BoardSpec, Tile
    from arxl.writers.board import VALUE_SIZE, value_size

    for fm in (choose(Lang.FR), choose(Lang.EN, owner_money=US_MONEY)):
        spec = BoardSpec("d", "d", [], widths=(13,) * 12, formats=fm)
        assert value_size(Tile("x", Cell(89_492_650.0, Kind.MONEY)), spec, 26) == VALUE_SIZE
        small = value_size(Tile("x", Cell(987_654_321_012.0, Kind.MONEY)), spec, 26)
        assert 10 <= small < VALUE_SIZE
        assert value_size(Tile("x", Cell(12, Kind.INT)), spec, 26) == VALUE_SIZE


def test_the_issues_speak_the_books_currency(tmp_path: Path) -> None:
    """Anomalies: "Status says paid but $400,000.00 is left to pay", not €."""
    path = dollar_millions(tmp_path / "us.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Invoices"]
    ws.append([D(2026, 3, 3), 2, "INV-006", 900_000.0, "Paid", "", D(2026, 4, 2), None, 500_000.0])
    ws.cell(ws.max_row, 4).number_format = US_MONEY
    wb.save(path)
    arxl.refresh_workbook(path, as_of=AS_OF)
    text = _texts(path, "Issues")
    assert "Status says paid but $400,000.00 is left to pay" in text and "€" not in text


def test_the_reminders_write_the_books_dates(book: Path, tmp_path: Path) -> None:
    """The emails to a month-first book's clients write its dates as its sheets do: an
    American reader takes 03/12/2025 for March 12th (they were dd/mm/yyyy whatever the book)."""
    from email import message_from_bytes, policy

    out = tmp_path / "drafts"
    run("remind", str(book), "--as-of", AS_OF.isoformat(), "--out", str(out))
    texts = [
        message_from_bytes(p.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
        for p in sorted(out.glob("*.eml"))
    ]
    assert texts
    acme = next(t for t in texts if "INV-001" in t)
    assert "INV-001 of 11/3/2025, due 12/3/2025" in acme
    assert not any(DAY_FIRST.search(t) for t in texts)
