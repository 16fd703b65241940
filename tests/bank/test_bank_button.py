"""The Rapprochement bancaire button's job (`arxl excel run bank BOOK --statement F...`) and
the refresh button once the owner validated rows: which sheets come into the open book."""

from __future__ import annotations

import shutil

import openpyxl
from click.testing import CliRunner
from helpers.bankstatements import write
from test_bank_import import MOVES, TODAY, _book, _rows, _type

from arxl.api.buttons import run_button
from arxl.cli import main


def test_bank_button_then_refresh_button(tmp_path):
    book = _book(tmp_path, [["Date d'analyse", "31/03/2024"]])
    statement = write("camt053", tmp_path, MOVES)
    work = tmp_path / "work"
    done = run_button(book, "bank", work, statements=[statement], today=TODAY)
    assert done.activate == "Rapprochement" and ("Rapprochement", "") in done.sheets
    assert done.message.startswith("Relevés : 7 lignes, 6 crédits nouveaux (2 sûrs")
    # the book itself is not written: the macro brings the sheets in
    assert "Rapprochement" not in openpyxl.load_workbook(book).sheetnames
    shutil.copyfile(done.copy, book)  # as the macro leaves the open book, saved by the owner
    _type(book, {(0, "confirm"): "x"})
    refreshed = run_button(book, "refresh", work, today=TODAY)
    assert ("Rapprochement", "Rapprochement") in refreshed.sheets
    assert ("Paiements", "") in refreshed.sheets  # created by the posting, brought in
    assert [r["Statut"] for r in _rows(refreshed.copy)][0] == "Validé → Paiements"


def test_excel_run_bank_writes_the_result_file(tmp_path):
    book = _book(tmp_path, [["Date d'analyse", "31/03/2024"]])
    statement = write("ofx", tmp_path, MOVES)
    result = tmp_path / "result.txt"
    run = CliRunner().invoke(
        main,
        ["excel", "run", "bank", str(book), "--work", str(tmp_path / "w")]
        + ["--result", str(result), "--statement", str(statement)],
    )
    assert run.exit_code == 0, run.output
    lines = result.read_text(encoding="ascii").splitlines()
    assert "status\tok" in lines and "activate\tRapprochement" in lines
    assert "sheet\tRapprochement\t" in lines
