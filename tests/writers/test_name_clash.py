"""An owner's sheet named like one of arxl's: arxl writes its own beside it, never over it.

The workbook is an English template (so arxl writes English sheet names) whose own `Dashboard`
is used by a formula of another sheet and by a defined name. arxl writes `Dashboard (arxl)`,
says so once in Issues, and keeps that name on every later refresh.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

import arxl
from arxl import excel
from arxl.api import add_buttons, build_sheets, sheet_keys
from arxl.api.demo import DEMO_AS_OF, sample_dir
from arxl.cli import main
from arxl.readers.workbook import workbook_info
from arxl.vocab import Lang
from arxl.writers.graft import write_sheets
from arxl.writers.names import MAX_LENGTH, choose_names, variants
from arxl.writers.template import load_sample, write_input_workbook
from tests.helpers.libreoffice import convert, needs_soffice
from tests.helpers.memorybook import MemoryWorkbook
from tests.helpers.zipparts import sheet_parts, zip_parts

AS_OF = dt.date(2026, 6, 30)
OWNER_SHEETS = ["Clients", "Transactions", "Dashboard", "Summary"]
ENGLISH = ["Dashboard (arxl)", "Follow-up", "Aged balance", "PivotTable", "Reminders"]
ENGLISH += ["Penalties", "Issues"]
NOTE_EN = 'The sheet "Dashboard" is yours: arxl writes its own as "Dashboard (arxl)"'
NOTE_FR = "La feuille « Dashboard » est à vous : arxl écrit la sienne sous « Dashboard (arxl) »"


def english_book(
    path: Path,
    *,
    dashboard: str | None = "Dashboard",
    invoices: str = "",
    extra: dict[str, list[list[object]]] | None = None,
) -> Path:
    """Customers and invoices with English headers, the owner's `dashboard` sheet (a formula
    in it, another sheet's formula and a defined name pointing at it); the invoices in a sheet
    named `invoices` (default Transactions); `extra` sheets of rows."""
    wb = xlsxwriter.Workbook(path)
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    clients = wb.add_worksheet("Clients")
    clients.write_row(0, 0, ["Customer ID", "Name", "Address", "Phone", "Email"])
    clients.write_row(1, 0, [1, "Acme Ltd", "1 Main St", "0123", "acme@example.com"])
    clients.write_row(2, 0, [2, "Globex", "2 Main St", "0456", "globex@example.com"])
    tx = wb.add_worksheet(invoices or "Transactions")
    tx.write_row(0, 0, ["Date", "Customer ID", "Description", "Amount", "Status"])
    rows = [
        (dt.datetime(2026, 1, 5), 1, "Invoice #1", 1200, "Pending"),
        (dt.datetime(2026, 2, 5), 2, "Invoice #2", 500, "Paid"),
        (dt.datetime(2026, 5, 20), 2, "Invoice #3", 300, "Pending"),
    ]
    for r, (day, *rest) in enumerate(rows, start=1):
        tx.write_datetime(r, 0, day, date)
        tx.write_row(r, 1, rest)
    if dashboard is not None:
        own = wb.add_worksheet(dashboard)
        own.write_string(0, 0, "Owner's dashboard")
        own.write_number(1, 0, 42)
        own.write_formula(2, 0, "=A2*2", None, 84)
        summary = wb.add_worksheet("Summary")
        ref = dashboard if dashboard.isalnum() else "'" + dashboard.replace("'", "''") + "'"
        summary.write_formula(0, 0, f"={ref}!A2", None, 42)
        wb.define_name("Headline", f"={ref}!$A$2")
    for name, rows in (extra or {}).items():
        sheet = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    wb.close()
    return path


def cells(path: Path, sheet: str) -> list[tuple[str, object]]:
    """Every non-empty cell of a sheet as openpyxl reads it (formulas as their text)."""
    ws = openpyxl.load_workbook(path)[sheet]
    return [(c.coordinate, c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def values(path: Path, sheet: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def notes(path: Path, issues_sheet: str = "Issues") -> list[list[object]]:
    return [r for r in values(path, issues_sheet)[1:] if "arxl" in str(r[-1])]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return english_book(tmp_path / "template.xlsx")


def test_arxl_writes_its_dashboard_beside_the_owners(book, tmp_path):
    before = zip_parts(book)
    owner_cells = {name: cells(book, name) for name in ("Dashboard", "Summary")}

    result = arxl.refresh_workbook(book, as_of=AS_OF)

    assert result.sheets["dashboard"] == "Dashboard (arxl)"
    assert openpyxl.load_workbook(book).sheetnames == [*OWNER_SHEETS, *ENGLISH, "Settings"]
    # the owner's sheets, their formulas and the defined name are as they were
    for name, expected in owner_cells.items():
        assert cells(book, name) == expected, name
    assert cells(book, "Summary") == [("A1", "=Dashboard!A2")]
    assert openpyxl.load_workbook(book).defined_names["Headline"].attr_text == "Dashboard!$A$2"
    after = zip_parts(book)
    for name in OWNER_SHEETS:
        part = sheet_parts(before)[name]
        assert sheet_parts(after)[name] == part and after[part] == before[part], name
    # arxl's dashboard is the one it writes in a workbook without the owner's
    plain = english_book(tmp_path / "plain.xlsx", dashboard=None)
    arxl.refresh_workbook(plain, as_of=AS_OF)
    assert values(book, "Dashboard (arxl)") == values(plain, "Dashboard")
    # said once, in the Issues sheet
    assert notes(book) == [
        ["Dashboard", "", "", "Dashboard (arxl)", f"{NOTE_EN} and will keep that name"]
    ]
    assert result.analysis.naming_issues[0].message_fr == f"{NOTE_FR} et gardera ce nom"
    info = workbook_info(book)
    assert "Dashboard (arxl)" in info.owned and "Dashboard" not in info.owned
    # arxl's charts plot arxl's dashboard, not the owner's
    refs = {
        ref.split("!")[0]
        for name, data in after.items()
        if name.startswith("xl/charts/chart")
        for ref in re.findall(r"<c:f>([^<]*)</c:f>", data.decode())
    }
    assert refs == {"'Dashboard (arxl)'"}


def test_a_second_refresh_keeps_the_name_and_says_nothing_more(book):
    arxl.refresh_workbook(book, as_of=AS_OF)
    names = openpyxl.load_workbook(book).sheetnames
    owner_cells = cells(book, "Dashboard")

    result = arxl.refresh_workbook(book, as_of=AS_OF + dt.timedelta(days=31))

    assert openpyxl.load_workbook(book).sheetnames == names
    assert not any("(arxl 2)" in name for name in names)
    assert result.sheets["dashboard"] == "Dashboard (arxl)"
    assert cells(book, "Dashboard") == owner_cells
    assert notes(book) == [] and result.analysis.naming_issues == []


def test_the_cli_refreshes_and_names_the_sheet(book):
    runner = CliRunner()
    first = runner.invoke(main, ["refresh", str(book), "--as-of", "2026-06-30"])
    assert first.exit_code == 0, first.output
    assert first.output.count(NOTE_EN) == 1
    assert len(notes(book)) == 1
    names = openpyxl.load_workbook(book).sheetnames
    second = runner.invoke(main, ["refresh", str(book), "--as-of", "2026-07-31"])
    assert second.exit_code == 0, second.output
    assert openpyxl.load_workbook(book).sheetnames == names
    assert len(notes(book)) == 0 and NOTE_EN not in second.output
    assert "Dashboard (arxl)" in second.output  # in the list of the sheets written
    assert cells(book, "Dashboard")[0] == ("A1", "Owner's dashboard")


def test_any_case_and_a_taken_free_name(tmp_path):
    book = english_book(tmp_path / "book.xlsx", dashboard="DASHBOARD")
    result = arxl.refresh_workbook(book, as_of=AS_OF)
    assert result.sheets["dashboard"] == "Dashboard (arxl)"
    assert notes(book)[0][0] == "DASHBOARD"

    # the owner also has a sheet of the free name arxl would take: the next one
    names = choose_names(["dashboard", "DASHBOARD (ARXL)"], {}, {"dashboard": "Dashboard"})
    assert names.names == {"dashboard": "Dashboard (arxl 2)"}
    assert names.moved == {"dashboard": ("dashboard", "Dashboard (arxl 2)")}


def test_free_names_fit_excel_s_31_characters():
    long = "Prévision encaissements"  # 23 characters
    taken = [long, f"{long} (arxl)"]
    got = choose_names(taken, {}, {"forecast": long}).names["forecast"]
    assert got == "Prévision encaissement (arxl 2)" and len(got) == MAX_LENGTH
    assert all(len(v) <= MAX_LENGTH for v, _ in zip(variants("x" * 40), range(20), strict=False))


def test_arxl_s_own_sheet_keeps_its_free_name_and_the_language_changes_it():
    owned = {"dashboard": "Dashboard (arxl)"}
    sheets = ["Dashboard", "Dashboard (arxl)"]
    again = choose_names(sheets, owned, {"dashboard": "Dashboard"})
    assert again.names == {"dashboard": "Dashboard (arxl)"} and again.moved == {}
    # the owner's Dashboard gone, arxl keeps the name the owner's formulas may now use
    assert choose_names(["Dashboard (arxl)"], owned, {"dashboard": "Dashboard"}).names == {
        "dashboard": "Dashboard (arxl)"
    }
    # the workbook now in French: arxl's usual French name
    french = choose_names(sheets, owned, {"dashboard": "Tableau de bord"})
    assert french.names == {"dashboard": "Tableau de bord"} and french.moved == {}


def test_an_owner_invoice_sheet_named_like_arxl_s_is_still_read(tmp_path):
    """Invoices in a sheet the owner calls Follow-up: arxl reads it and writes its own Follow-up
    (arxl) beside it; the next refresh reads the owner's sheet again, not arxl's (whose headers
    look like an invoice table too)."""
    book = english_book(tmp_path / "book.xlsx", dashboard=None, invoices="Follow-up")
    first = arxl.refresh_workbook(book, as_of=AS_OF)
    assert first.analysis.ledger.transactions_sheet == "Follow-up"
    assert first.sheets["followup"] == "Follow-up (arxl)"
    owner_cells = cells(book, "Follow-up")
    aged = values(book, "Aged balance")

    second = arxl.refresh_workbook(book, as_of=AS_OF)

    assert second.analysis.ledger.transactions_sheet == "Follow-up"
    assert len(second.analysis.items) == len(first.analysis.items) == 3
    assert values(book, "Aged balance") == aged
    assert cells(book, "Follow-up") == owner_cells
    assert "Follow-up (arxl 2)" not in openpyxl.load_workbook(book).sheetnames


def test_an_owner_s_own_settings_sheet_is_read_as_arxl_s_settings_and_left_alone(tmp_path):
    """A `Settings` sheet is where arxl reads its settings (and creates its own only when there
    is none): an owner's `Settings` of unrelated rows is read, its unknown rows ignored, and it
    is neither written to nor doubled by a `Settings (arxl)`."""
    rows = [["Theme", "Dark"], ["Currency", "USD"], ["Fiscal year start", "April"]]
    book = english_book(tmp_path / "book.xlsx", extra={"Settings": rows})
    before = zip_parts(book)

    result = arxl.refresh_workbook(book, as_of=AS_OF)

    assert result.analysis.ledger.settings_sheet == "Settings"
    assert result.analysis.settings_issues == []
    assert "settings" not in result.sheets
    assert not any("Settings (" in name for name in openpyxl.load_workbook(book).sheetnames)
    part = sheet_parts(before)["Settings"]
    assert zip_parts(book)[part] == before[part]


def sample_book(path: Path, owner_sheet: str) -> Path:
    """The bundled sample in English (payments, credit control: every sheet arxl writes), with
    a sheet of the owner's named `owner_sheet`."""
    clients, transactions = load_sample(sample_dir())
    write_input_workbook(
        path, lang=Lang.EN, clients=clients, transactions=transactions, as_of=DEMO_AS_OF
    )
    wb = openpyxl.load_workbook(path)
    wb.create_sheet(owner_sheet)["A1"] = "my notes"
    wb.save(path)
    return path


@pytest.mark.parametrize("owner_sheet", ["What changed", "arxl_state"])
def test_what_changed_still_compares_with_the_previous_refresh(tmp_path, owner_sheet):
    """The hidden summary arxl keeps (arxl_state) is found by its marker, whatever its name."""
    book = sample_book(tmp_path / "sample.xlsx", owner_sheet)
    first = arxl.refresh_workbook(book, as_of=DEMO_AS_OF)
    key = "changes" if owner_sheet == "What changed" else "state"
    assert first.sheets[key] == f"{owner_sheet} (arxl)"
    names = openpyxl.load_workbook(book).sheetnames

    second = arxl.refresh_workbook(book, as_of=DEMO_AS_OF + dt.timedelta(days=30))

    assert openpyxl.load_workbook(book).sheetnames == names
    assert second.sheets == first.sheets
    assert values(book, owner_sheet) == [["my notes"]]
    changes = values(book, second.sheets["changes"])
    assert len(changes) > 1 and changes[1][0] == "Became overdue"


def test_the_writer_alone_never_refuses(book, tmp_path):
    """convert and other callers of write_sheets that plan no names: the writer finds a free one
    itself and reports it."""
    analysis = arxl.analyse(book, as_of=AS_OF)
    out = tmp_path / "out.xlsx"
    written = write_sheets(book, out, build_sheets(analysis))
    assert written.sheets["dashboard"] == "Dashboard (arxl)"
    assert written.moved == {"dashboard": ("Dashboard", "Dashboard (arxl)")}
    assert cells(out, "Dashboard") == cells(book, "Dashboard")


def test_sheet_keys_are_those_built(book, tmp_path):
    analysis = arxl.analyse(book, as_of=AS_OF)
    assert sheet_keys(analysis) == [s.key for s in build_sheets(analysis)]


# --- the Excel buttons ---------------------------------------------------------------------


def test_the_buttons_use_the_same_names(book, tmp_path):
    xlsm = tmp_path / "template.xlsm"
    add_buttons(book, xlsm, lang="en")
    open_book = MemoryWorkbook(xlsm)
    owner = open_book.values("Dashboard")

    excel.run("refresh", open_book)

    assert open_book.messages == []
    names = open_book.sheet_names()
    assert names.count("Dashboard") == 1 and names.count("Dashboard (arxl)") == 1
    assert open_book.values("Dashboard") == owner
    cli = arxl.refresh_workbook(xlsm, out=tmp_path / "cli.xlsm")
    assert open_book.values("Dashboard (arxl)") == values(cli.path, "Dashboard (arxl)")

    # the macro saves, the owner clicks again: arxl's sheet replaced, the owner's left alone
    arxl.refresh_workbook(xlsm)
    open_book = MemoryWorkbook(xlsm)
    excel.run("refresh", open_book)
    assert open_book.sheet_names() == names
    assert ("delete", "Dashboard (arxl)") in open_book.calls
    assert ("delete", "Dashboard") not in open_book.calls
    assert open_book.values("Dashboard") == owner


# --- LibreOffice ---------------------------------------------------------------------------


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_opens_it_and_a_refresh_after_its_save_keeps_the_names(book, tmp_path):
    arxl.refresh_workbook(book, as_of=AS_OF)
    names = openpyxl.load_workbook(book).sheetnames
    resaved = convert(book, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    assert CalamineWorkbook.from_path(str(resaved)).sheet_names == names
    assert values(resaved, "Summary") == [[42.0]]

    result = arxl.refresh_workbook(resaved, as_of=AS_OF)

    assert result.sheets["dashboard"] == "Dashboard (arxl)"
    assert openpyxl.load_workbook(resaved).sheetnames == names
    assert values(resaved, "Dashboard")[0][0] == "Owner's dashboard"
