"""A workbook `arxl convert` made, opened in LibreOffice Calc, a note typed and saved: the next
conversion into that folder would lose the note, so it is refused and the file kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from arxl.cli import main
from tests.helpers.calc import Calc, needs_calc

pytestmark = [needs_calc, pytest.mark.libreoffice]


@pytest.fixture(scope="module")
def calc(tmp_path_factory):
    session = Calc(tmp_path_factory.mktemp("calc"))
    yield session
    session.stop()


def _convert(src: Path, out: Path) -> tuple[int, str]:
    done = CliRunner().invoke(main, ["convert", str(src), "-o", str(out), "--as-of", "2026-10-31"])
    return done.exit_code, done.output


def test_a_converted_workbook_saved_with_a_note_in_calc_is_kept(calc, tmp_path):
    src = tmp_path / "ventes.csv"
    src.write_text("N° facture;Date;Client;Montant TTC\nF1;01/08/2026;Azur;100,00\n", "utf-8")
    out = tmp_path / "out"
    code, said = _convert(src, out)
    assert code == 0, said
    book = out / "ventes.xlsx"
    calc.open(book)
    try:
        calc.call("save", book)  # saved without a change: LibreOffice keeps the dates
    finally:
        calc.close(book)
    code, said = _convert(src, out)  # so it may be replaced
    assert code == 0, said
    calc.open(book)
    try:
        calc.call("set", book, "Transactions", "F2", "rappeler lundi")
        calc.call("save", book)
    finally:
        calc.close(book)
    before = book.read_bytes()
    code, said = _convert(src, out)
    assert code == 1
    assert "was saved by another program after arxl convert made it" in said
    assert book.read_bytes() == before
