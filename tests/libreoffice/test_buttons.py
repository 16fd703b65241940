"""The workbook's buttons pressed in a real LibreOffice Calc (headless), as a click runs them:
the Accueil sheet's button event -> the VBA of macros/arxl.bas -> the Python macro that
`arxl excel setup --libreoffice` installed -> `python -m arxl excel run` -> the sheets brought
into the open document. What the document then shows is what `arxl refresh` writes; a failing
run leaves it as it was and says one thing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from arxl.api.analysis import analyse
from arxl.cli import main
from arxl.rules.allocation import OPEN
from arxl.sheets.home import buttons
from arxl.vocab import Lang
from tests.helpers.bankstatements import Move, camt053
from tests.helpers.calc import REPORT_MONTH, Calc, needs_calc

pytestmark = [needs_calc, pytest.mark.libreoffice]

REFRESH, REMINDERS, REPORT, BANK, DRAFTS = (b.caption for b in buttons(Lang.FR))


@pytest.fixture(scope="module")
def calc(tmp_path_factory):
    session = Calc(tmp_path_factory.mktemp("calc"))
    yield session
    session.stop()


@pytest.fixture
def book(template, tmp_path, calc) -> Path:
    path = tmp_path / "comptes.xlsm"
    shutil.copy(template, path)
    calc.messages()  # forget what earlier tests were told
    yield path
    calc.close(path)


def refreshed_by_cli(calc: Calc, book: Path, folder: Path) -> dict:
    """The book as `arxl refresh` writes it, opened in the same LibreOffice."""
    copy = folder / "cli" / book.name
    copy.parent.mkdir()
    shutil.copy(book, copy)
    done = CliRunner().invoke(main, ["refresh", str(copy)])
    assert done.exit_code == 0, done.output
    calc.open(copy)
    try:
        return calc.dump(copy)
    finally:
        calc.close(copy)


def shown(dump: dict) -> list[tuple[str, bool]]:
    return [(sheet["name"], sheet["visible"]) for sheet in dump["sheets"]]


def test_each_button_runs_its_macro_of_the_loaded_vba(calc, book):
    calc.open(book)
    bound = calc.call("buttons", book)
    assert bound == {
        b.caption: f"vnd.sun.star.script:VBAProject.arxl.{b.macro}?language=Basic&location=document"
        for b in buttons(Lang.FR)
    }


def test_refresh_shows_what_arxl_refresh_writes(calc, book, tmp_path):
    calc.open(book)
    before = calc.dump(book)
    calc.click(book, REFRESH)
    assert calc.messages() == []
    after = calc.dump(book)
    # the click stored the document first: the file is what arxl read
    expected = refreshed_by_cli(calc, book, tmp_path)
    assert shown(after) == shown(expected) == shown(before)
    for got, want in zip(after["sheets"], expected["sheets"], strict=True):
        assert got["values"] == want["values"], got["name"]
    assert after["active"] == before["active"]  # the owner stays where they were


def test_a_second_click_replaces_in_place(calc, book):
    calc.open(book)
    calc.click(book, REFRESH)
    first = calc.dump(book)
    calc.click(book, REFRESH)
    assert calc.messages() == []
    second = calc.dump(book)
    assert shown(second) == shown(first)  # no "Suivi (arxl)", no "Suivi_2": arxl knows its own
    assert not any(name.startswith("arxl-") for name, _ in shown(second))


def test_reminders_write_drafts_and_open_relances(calc, book):
    calc.open(book)
    calc.click(book, REMINDERS)
    (said,) = calc.messages()
    assert said[0] == "info" and "brouillon(s) de relance" in said[1]
    drafts = sorted(book.parent.glob("comptes-relances-*"))
    assert len(drafts) == 1 and list(drafts[0].glob("*.eml"))
    assert calc.dump(book)["active"] == "Relances"
    calc.click(book, DRAFTS)
    assert [kind for kind, _ in calc.messages()] in ([], ["info"])  # no file browser here


def test_report_is_written_and_opened(calc, book):
    calc.open(book)
    calc.click(book, REPORT)
    assert calc.messages() == []
    report = book.with_name(f"comptes - rapport {REPORT_MONTH}.xlsx")
    assert report.is_file()
    opened = calc.dump(report)  # the report is open in LibreOffice
    calc.close(report)
    assert opened["sheets"] and opened["sheets"][0]["values"]


def sheet(dump: dict, name: str) -> list[list]:
    return next(s["values"] for s in dump["sheets"] if s["name"] == name)


def test_bank_matching_then_refresh_posts_the_validated_row(calc, book):
    a = analyse(book)
    names = dict(zip(a.ledger.clients["client_id"], a.ledger.clients["name"], strict=False))
    owed = a.items[a.items["status"].isin(OPEN) & (a.items["balance"] > 0)].head(2)
    moves = [
        Move(a.as_of, r.balance, f"VIR SEPA RECU /DE {names[r.client_id]} /MOTIF {r.invoice}")
        for r in owed.itertuples()
    ]
    camt053(calc.statement, moves)  # the file the button's question is answered with
    calc.open(book)
    calc.click(book, BANK)
    (asked, (kind, text)) = calc.messages()
    assert asked == ("files", str(calc.statement))
    assert kind == "info" and text.startswith("Relevés : 2 lignes, 2 crédits nouveaux"), text
    after = calc.dump(book)
    assert after["active"] == "Rapprochement"
    rows = sheet(after, "Rapprochement")
    header = rows[0]
    assert [r[header.index("Factures")] for r in rows[1:]] == list(owed["invoice"])
    confirm = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[header.index("Valider")]
    calc.call("set", book, "Rapprochement", f"{confirm}2", "x")  # the owner validates one
    calc.click(book, REFRESH)
    assert calc.messages() == []
    done = calc.dump(book)
    rows = sheet(done, "Rapprochement")
    assert rows[1][header.index("Statut")] == "Validé → Paiements"
    payments = sheet(done, "Paiements")  # created by the refresh, brought into the document
    assert [p[4] for p in payments[1:]] == [owed["invoice"].iloc[0]]
    assert not any(name.startswith("arxl-") for name, _ in shown(done))


def test_drafts_before_any_reminder_says_so(calc, book):
    calc.open(book)
    before = calc.dump(book)
    calc.click(book, DRAFTS)
    ((kind, text),) = calc.messages()
    assert kind == "error" and "Préparer les relances" in text
    assert calc.dump(book)["sheets"] == before["sheets"]


def unchanged_after_failing_click(calc: Calc, book: Path) -> str:
    """Click Refresh on a run that must fail; the document's sheets are as they were. The one
    message shown."""
    before = calc.dump(book)
    calc.click(book, REFRESH)
    ((kind, text),) = calc.messages()
    assert kind == "error"
    after = calc.dump(book)
    assert after["sheets"] == before["sheets"]
    assert after["active"] == before["active"]
    return text


def test_a_bad_book_leaves_the_document_unchanged(calc, book, tmp_path):
    calc.open(book)
    calc.call("set", book, "Transactions", "A1", "Nothing")
    text = unchanged_after_failing_click(calc, book)
    assert "Transactions" in text


def test_a_book_locked_by_someone_else_leaves_the_document_unchanged(calc, book):
    lock = book.with_name(f".~lock.{book.name}#")  # LibreOffice's lock, another user's
    lock.write_text("Quelqu'un,autrepc,autrepc,06.12.2026 09:00,file:///home/x/.lo;")
    assert calc.open(book)["readonly"]  # LibreOffice opens it read-only
    text = unchanged_after_failing_click(calc, book)
    assert "lecture seule" in text and "read-only" in text


def test_arxl_missing_leaves_the_document_unchanged(calc, book):
    config = calc.config / "arxl" / "buttons.txt"
    kept = config.read_bytes()
    config.write_bytes(b"arxl-config\t1\r\npython\t/nowhere/python3\r\n")
    try:
        calc.open(book)
        text = unchanged_after_failing_click(calc, book)
    finally:
        config.write_bytes(kept)
    assert "arxl excel setup --libreoffice" in text
