"""What `arxl excel run` does for each button, without a spreadsheet: arxl's sheets go to a copy
in the work folder (never into the book, which the spreadsheet has open), with the plan of
which sheet replaces which; failures are one line in the result file."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from click.testing import CliRunner
from conftest import make_workbook, sheet_values

from arxl.api import add_buttons
from arxl.api.buttons import default_month, escape, result_text, run_button
from arxl.cli import main
from arxl.errors import ArxlError
from arxl.libreoffice.arxl_buttons import parse_result, unescape
from tests.helpers.smtpserver import smtp_server

TRANSACTIONS = [
    [dt.date(2023, 2, 1), 1, "Facture #001", 1000, "Payé"],
    [dt.date(2023, 2, 5), 2, "Facture #002", 500, "En attente"],
    [dt.date(2023, 1, 5), 2, "Facture #003", 300, "En attente"],
]
TODAY = dt.date(2023, 4, 1)


@pytest.fixture
def book(tmp_path):
    owner = make_workbook(tmp_path / "owner.xlsx", transactions=TRANSACTIONS)
    out = tmp_path / "comptes.xlsm"
    add_buttons(owner, out)
    return out


def test_refresh_writes_a_copy_and_plans_the_replacement(book, tmp_path):
    before = book.read_bytes()
    first = run_button(book, "refresh", tmp_path / "work", today=TODAY)
    assert book.read_bytes() == before  # the open book is not written
    assert first.copy == tmp_path / "work" / "arxl-comptes.xlsm" and first.copy.is_file()
    assert ("Suivi", "") in first.sheets  # new: goes last
    # once the owner's book has arxl's sheets, each replaces its predecessor
    first.copy.replace(book)
    second = run_button(book, "refresh", tmp_path / "work", today=TODAY)
    assert ("Suivi", "Suivi") in second.sheets
    assert all(old == name for name, old in second.sheets)


def test_an_owners_sheet_of_that_name_is_left_alone(tmp_path):
    owner = make_workbook(
        tmp_path / "owner.xlsx", transactions=TRANSACTIONS, extra_sheets={"Suivi": [["mes notes"]]}
    )
    book = tmp_path / "comptes.xlsm"
    add_buttons(owner, book)
    result = run_button(book, "refresh", tmp_path / "work", today=TODAY)
    names = [name for name, _ in result.sheets]
    assert "Suivi" not in names and "Suivi (arxl)" in names


def test_reminders_write_drafts_beside_the_book(book, tmp_path):
    result = run_button(book, "reminders", tmp_path / "work", today=TODAY)
    assert result.activate == "Relances"
    assert result.folder is not None and result.folder.parent == book.parent
    assert list(result.folder.glob("*.eml")) and "brouillon" in result.message
    again = run_button(book, "drafts", tmp_path / "work", today=TODAY)
    assert again.folder == result.folder and again.copy is None


def test_report_writes_the_workbook_to_open(book, tmp_path):
    result = run_button(book, "report", tmp_path / "work", month="2023-02", today=TODAY)
    assert result.open_path == book.with_name("comptes - rapport 2023-02.xlsx")
    assert zipfile.is_zipfile(result.open_path) and result.copy is None


@pytest.mark.parametrize(
    ("action", "kwargs", "words"),
    [
        ("drafts", {}, "Préparer les relances"),
        ("report", {}, "needs a month"),
        ("jump", {}, "unknown action"),
    ],
)
def test_what_cannot_be_done_is_said(book, tmp_path, action, kwargs, words):
    with pytest.raises(ArxlError, match=words):
        run_button(book, action, tmp_path / "work", today=TODAY, **kwargs)


def test_the_result_file_reads_back_in_the_macro(book, tmp_path):
    result = run_button(book, "refresh", tmp_path / "wörk", today=TODAY)
    text = result_text(result)
    text.encode("ascii")  # VBA reads it without a UTF-8 decoder
    answer = parse_result(text)
    assert answer["status"] == "ok" and answer["copy"] == str(result.copy)
    assert answer["sheet"] == result.sheets
    assert "Balance \\u00e2g\\u00e9e" in text


@pytest.mark.parametrize("value", ["Balance âgée", "C:\\Users\\Hélène\\x.xlsm", "😀\ttab", ""])
def test_escape_round_trips(value):
    assert unescape(escape(value)) == value


def test_excel_run_command_writes_the_error_and_exits_1(tmp_path):
    result_file = tmp_path / "result.txt"
    args = ["excel", "run", "refresh", str(tmp_path / "missing.xlsm")]
    done = CliRunner().invoke(main, [*args, "--work", str(tmp_path), "--result", str(result_file)])
    assert done.exit_code == 1 and done.output == ""
    answer = parse_result(result_file.read_text(encoding="ascii"))
    assert answer["status"] == "error" and "no such workbook" in answer["message"]


def test_the_report_button_proposes_the_previous_month():
    assert default_month(dt.date(2024, 1, 15)) == "2023-12"


def smtp(port: int) -> dict[str, str]:
    return {
        "ARXL_SMTP_HOST": "127.0.0.1",
        "ARXL_SMTP_PORT": str(port),
        "ARXL_SMTP_SECURITY": "none",
        "ARXL_SMTP_FROM": "factures@owner.example",
    }


def test_without_smtp_the_reminders_button_makes_drafts(book, tmp_path):
    result = run_button(book, "remind-plan", tmp_path / "work", today=TODAY, environ={})
    assert not result.confirm and result.copy is not None
    assert result.folder is not None and list(result.folder.glob("*.eml"))


def test_with_smtp_it_asks_first_and_changes_nothing(book, tmp_path):
    before = book.read_bytes()
    with smtp_server() as (server, port):
        asked = run_button(book, "remind-plan", tmp_path / "work", today=TODAY, environ=smtp(port))
    assert server.received == []
    assert asked.copy is None and asked.sheets == [] and asked.then == "remind-send"
    assert asked.confirm.startswith("Envoyer 1 relance(s) par e-mail")
    assert "Martin & Fils <martin@example.com>" in asked.confirm
    assert "factures@owner.example" in asked.confirm
    assert book.read_bytes() == before and not list(tmp_path.glob("comptes-relances-*"))
    answer = parse_result(result_text(asked))
    assert (answer["confirm"], answer["then"], answer["plan"]) == (
        asked.confirm,
        "remind-send",
        asked.token,
    )


def test_on_yes_it_sends_and_logs_into_the_copy(book, tmp_path):
    before = book.read_bytes()
    work = tmp_path / "work"
    with smtp_server() as (server, port):
        env = smtp(port)
        asked = run_button(book, "remind-plan", work, today=TODAY, environ=env)
        done = run_button(book, "remind-send", work, plan=asked.token, today=TODAY, environ=env)
    assert [r.rcpt_tos for r in server.received] == [["martin@example.com"]]
    assert book.read_bytes() == before  # the open book is not written
    assert ("Journal des relances", "") in done.sheets
    assert done.activate == "Relances" and "1 relance(s) envoyée(s)" in done.message
    log = sheet_values(done.copy, "Journal des relances")
    assert [row[1] for row in log[1:]] == ["2"]
    assert log[1][-1] == server.received[0].message["Message-ID"]
    # the copy's Relances already knows the client was reminded today
    again = run_button(done.copy, "remind-plan", work, today=TODAY, environ=env)
    assert not again.confirm


def test_a_plan_that_changed_sends_nothing(book, tmp_path):
    with smtp_server() as (server, port):
        env = smtp(port)
        with pytest.raises(ArxlError, match="nothing was sent"):
            run_button(book, "remind-send", tmp_path / "w", plan="0" * 16, today=TODAY, environ=env)
    assert server.received == []
    assert not list(tmp_path.glob("comptes-relances-*"))


def test_a_refused_message_is_said_and_not_logged(book, tmp_path):
    work = tmp_path / "work"
    with smtp_server(fail_after=0) as (server, port):
        env = smtp(port)
        asked = run_button(book, "remind-plan", work, today=TODAY, environ=env)
        done = run_button(book, "remind-send", work, plan=asked.token, today=TODAY, environ=env)
    assert server.received == []
    assert done.message.startswith("0 relance(s) envoyée(s), 0 ligne(s)")
    assert "1 non envoyée(s) (Martin & Fils : 554" in done.message
    assert "Journal des relances" not in [name for name, _ in done.sheets]


def test_a_server_needing_a_password_is_said_before_asking(book, tmp_path):
    env = {"ARXL_SMTP_HOST": "127.0.0.1", "ARXL_SMTP_USER": "moi@owner.example"}
    with pytest.raises(ArxlError, match="no password for SMTP user moi@owner.example"):
        run_button(book, "remind-plan", tmp_path / "work", today=TODAY, environ=env)
