"""The buttons' Python side (arxl.excel.run) against an in-memory open workbook: what the owner
sees in "Excel" after a click is what `arxl refresh` writes, errors are one-line messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import make_workbook

import arxl
from arxl import api, excel
from arxl.api import add_buttons
from tests.helpers.memorybook import MemoryWorkbook, sheet_values

ARXL = ["Tableau de bord", "Suivi", "Balance âgée", "Tableau croisé", "Relances"]
ARXL += ["Pénalités", "Anomalies"]
TRANSACTIONS = [
    [dt.date(2023, 2, 1), 1, "Facture #001", 1000, "Payé"],
    [dt.date(2023, 2, 5), 2, "Facture #002", 500, "En attente"],
    [dt.date(2023, 1, 5), 2, "Facture #003", 300, "En attente"],
]


@pytest.fixture
def book(tmp_path) -> Path:
    owner = make_workbook(tmp_path / "owner.xlsx", transactions=TRANSACTIONS)
    out = tmp_path / "comptes.xlsm"
    add_buttons(owner, out)
    return out


def test_refresh_shows_what_the_cli_writes(book, tmp_path):
    open_book = MemoryWorkbook(book)
    excel.run("refresh", open_book)
    assert open_book.messages == []

    cli = arxl.refresh_workbook(book, out=tmp_path / "cli.xlsm")
    expected = ["Accueil", "Clients", "Transactions", "Paramètres", *ARXL]
    assert open_book.sheet_names() == expected
    for name in expected:
        assert open_book.values(name) == sheet_values(cli.path, name), name
    assert open_book.active is None  # Refresh leaves the owner where they were


def test_second_click_replaces_arxl_sheets_in_place(book):
    open_book = MemoryWorkbook(book)
    excel.run("refresh", open_book)
    # the owner saves (the macro does) and moves Relances first; a click keeps it there
    arxl.refresh_workbook(book)
    open_book = MemoryWorkbook(book)
    open_book.sheets.insert(0, open_book.sheets.pop(open_book.sheet_names().index("Relances")))
    open_book.calls.clear()
    excel.run("refresh", open_book)
    assert open_book.sheet_names()[0] == "Relances"
    assert open_book.sheet_names().count("Suivi") == 1
    # the new sheets are copied in first, the old ones removed after (a failure leaves them)
    kinds = [c[0] for c in open_book.calls]
    assert kinds == ["copy"] * len(ARXL) + ["delete"] * len(ARXL) + ["rename"] * len(ARXL)
    assert ("copy", "Relances", "Relances") in open_book.calls
    assert ("rename", "Balance âgée (2)", "Balance âgée") in open_book.calls


@pytest.mark.parametrize(
    ("action", "sheet"), [("reminders", "Relances"), ("report", "Balance âgée")]
)
def test_reminders_and_report_open_their_sheet(book, action, sheet):
    open_book = MemoryWorkbook(book)
    excel.run(action, open_book)
    assert open_book.active == sheet


def test_progress_in_the_status_bar_then_a_summary(book):
    open_book = MemoryWorkbook(book)
    excel.run("refresh", open_book)
    shown = [s for s in open_book.statuses if s]
    assert shown[0].startswith("arxl — Lecture / reading")
    assert any("Copie des feuilles" in s for s in shown)
    assert "3 transactions" in open_book.status_text


def test_an_unusable_workbook_is_a_one_line_message(tmp_path):
    owner = make_workbook(
        tmp_path / "owner.xlsx", tx_header=["Date", "ID Client", "Description", "Remarques"]
    )  # no amount column: nothing to compute
    book = tmp_path / "comptes.xlsm"
    add_buttons(owner, book)
    open_book = MemoryWorkbook(book)
    before = open_book.sheet_names()
    excel.run("refresh", open_book)
    assert len(open_book.messages) == 1
    message = open_book.messages[0]
    assert message.startswith("arxl : ") and "Transactions" in message
    assert "\n" not in message and "Traceback" not in message
    assert open_book.status_text is None and open_book.sheet_names() == before


def test_an_unexpected_failure_is_a_message_too(book, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(api, "refresh_open_workbook", boom)
    open_book = MemoryWorkbook(book)
    excel.run("refresh", open_book)
    assert open_book.messages == ["arxl : RuntimeError: disk full"]


def test_unknown_action_is_refused(book):
    open_book = MemoryWorkbook(book)
    excel.run("dance", open_book)
    assert "unknown action 'dance'" in open_book.messages[0]


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self.book, self.name = book, name

    def copy(self, before=None, after=None):
        target = before or after
        names = target.book.names
        name = self.name if self.name not in names else f"{self.name} (2)"
        names.insert(names.index(target.name) + (after is not None), name)
        return FakeSheet(target.book, name)

    def delete(self):
        self.book.names.remove(self.name)

    def activate(self):
        self.book.active = self.name


class FakeBook:
    """Just enough of an xlwings Book for XlwingsWorkbook's calls."""

    def __init__(self, names, app=None, fullname="C:/comptes.xlsm") -> None:
        self.names, self.fullname, self.active = list(names), fullname, None
        self.app = app or FakeApp()
        self.closed = False

    @property
    def sheets(self):
        book = self

        class Sheets(list):
            def __getitem__(self, key):
                return FakeSheet(book, book.names[key] if isinstance(key, int) else key)

            def __iter__(self):
                return iter(FakeSheet(book, n) for n in book.names)

        return Sheets()

    def close(self):
        self.closed = True


class FakeApp:
    def __init__(self) -> None:
        self.display_alerts = self.screen_updating = True
        self.status_bar = False
        self.alerts: list[tuple[str, str]] = []
        self.opened: list[FakeBook] = []
        self.books = self

    def open(self, path, update_links=None, read_only=None):
        source = FakeBook(["Suivi", "Relances"], self, path)
        self.opened.append(source)
        return source

    def alert(self, text, title=""):
        self.alerts.append((text, title))


def test_xlwings_workbook_calls():
    app = FakeApp()
    wb = excel.XlwingsWorkbook(FakeBook(["Accueil", "Clients"], app))
    assert wb.path == Path("C:/comptes.xlsm") and wb.sheet_names() == ["Accueil", "Clients"]
    copies = wb.copy_sheets_in(Path("tmp.xlsm"), [("Suivi", None), ("Relances", "Clients")])
    assert copies == ["Suivi", "Relances"]
    assert wb.sheet_names() == ["Accueil", "Relances", "Clients", "Suivi"]
    assert app.opened[0].closed and app.display_alerts and app.screen_updating
    wb.delete_sheet("Suivi")
    wb.activate("Relances")
    wb.status("arxl — 50 %")
    assert app.status_bar == "arxl — 50 %"
    wb.status(None)
    assert app.status_bar is False
    wb.message("arxl : fermez le classeur")
    assert app.alerts == [("arxl : fermez le classeur", "arxl")]
    assert wb.sheet_names() == ["Accueil", "Relances", "Clients"]


def test_excel_init_speaks_the_language_of_the_books_headers(tmp_path: Path) -> None:
    """An English book gets English buttons and an English Home sheet without --lang, as every
    other command follows the headers; --lang still decides when given."""
    from click.testing import CliRunner

    from arxl.cli import main

    book = make_workbook(
        tmp_path / "invoices.xlsx",
        client_header=["Customer ID", "Name", "Address", "Phone", "Email"],
        tx_header=["Date", "Customer ID", "Invoice #", "Amount", "Status"],
        transactions=[[dt.date(2026, 9, 1), 1, "INV-1", 100, "Unpaid"]],
    )
    run = CliRunner().invoke(main, ["excel", "init", str(book)])
    assert run.exit_code == 0, run.output
    assert "with the Home sheet and its buttons" in run.output
    assert "Home" in sheet_names_of(tmp_path / "invoices.xlsm")
    run = CliRunner().invoke(
        main, ["excel", "init", str(book), "-o", str(tmp_path / "fr.xlsm"), "--lang", "fr"]
    )
    assert run.exit_code == 0 and "Accueil" in sheet_names_of(tmp_path / "fr.xlsm")


def sheet_names_of(path: Path) -> list[str]:  # as the package lists them
    from arxl.writers.graft import Package

    return [s.name for s in Package(path).sheets()]
