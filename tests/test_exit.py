"""The program's exit (arxl.cli.run): the exit handlers run, the output is whole and the exit
code is the command's, although the modules are not unloaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import python_calamine
from click.testing import CliRunner
from conftest import SEED_TRANSACTIONS, make_workbook

from arxl.cli import main

AS_OF = ["--as-of", "2023-03-31"]

# The program as `python -m arxl` runs it, with an exit handler of its own registered first
# (as coverage or a site's customisation would): it must still run, and see the output flushed.
PROGRAM = """
import atexit, pathlib, sys
mark = pathlib.Path(sys.argv.pop(1))
atexit.register(mark.write_text, "ran")
import runpy
sys.argv[0] = "arxl"
runpy.run_module("arxl", run_name="__main__")
"""


def _program(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[bytes], str]:
    mark = tmp_path / "handler.txt"
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(mark), *args],
        capture_output=True,
        timeout=300,
    )
    return done, mark.read_text() if mark.exists() else ""


def test_a_long_output_is_whole_and_the_exit_handlers_run(tmp_path: Path) -> None:
    txs = [[SEED_TRANSACTIONS[1][0], 2, f"F{i}", 100 + i, "En attente"] for i in range(1, 3000)]
    book = make_workbook(tmp_path / "book.xlsx", transactions=txs)
    args = ["aging", str(book), "--format", "csv", *AS_OF]
    done, handler = _program(tmp_path, *args)
    expected = CliRunner().invoke(main, args)
    assert expected.exit_code == 0, expected.output
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == expected.output
    assert len(done.stdout.splitlines()) == 3000  # the header and 2 999 invoices, none lost
    assert handler == "ran"


def test_an_error_exits_1_with_its_line_and_the_handlers_run(tmp_path: Path) -> None:
    done, handler = _program(tmp_path, "refresh", str(tmp_path / "missing.xlsx"))
    assert done.returncode == 1
    assert done.stderr.decode().startswith("arxl: error: ")
    assert handler == "ran"


def test_a_usage_error_keeps_click_s_code_2(tmp_path: Path) -> None:
    done, handler = _program(tmp_path, "refresh")
    assert done.returncode == 2
    assert b"Missing argument" in done.stderr
    assert handler == "ran"


def test_a_refresh_through_the_program_writes_the_book(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "book.xlsx")
    done, handler = _program(tmp_path, "refresh", str(book), *AS_OF)
    assert done.returncode == 0, done.stderr
    names = python_calamine.CalamineWorkbook.from_path(str(book)).sheet_names
    assert {"Clients", "Transactions", "Suivi"} <= set(names), names
    assert not list(tmp_path.glob("*.tmp*")), list(tmp_path.iterdir())  # nothing left behind
    assert handler == "ran"
