"""Inputs as they go wrong: unbalanced quotes, ragged rows, long cells, merged cells, files that
are not what their name says."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from click.testing import CliRunner

from arxl.cli import main
from arxl.readers import csvfile
from arxl.readers.options import ReadOptions
from arxl.readers.text import split_rows_checked

D = dt.date
HEADER = "N° facture;Date;Code client;Client;Montant TTC\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_an_unbalanced_quote_swallows_no_line() -> None:
    text = HEADER + '1;05/01/2024;42;"Dupont;100,00\n2;06/01/2024;43;Martin;200,00\n'
    rows, lines, problems = split_rows_checked(text, ";")
    assert lines == [1, 2, 3]
    assert rows[2] == ["2", "06/01/2024", "43", "Martin", "200,00"]
    assert [p.line for p in problems] == [2]
    assert "guillemet" in problems[0].message_fr.lower() and "quote" in problems[0].message_en


def test_a_quoted_field_over_two_lines_is_still_one_cell() -> None:
    text = HEADER + '1;05/01/2024;42;"Dupont\nSARL";100,00\n2;06/01/2024;43;Martin;200,00\n'
    rows, lines, problems = split_rows_checked(text, ";")
    assert lines == [1, 2, 4] and rows[1][3] == "Dupont\nSARL" and not problems


def test_convert_reports_the_quote_and_counts_every_line(tmp_path: Path) -> None:
    src = tmp_path / "f.csv"
    src.write_text(
        HEADER
        + '1;05/01/2024;42;"Dupont;100,00\n'
        + "2;06/01/2024;43;Martin;200,00\n"
        + "3;07/01/2024;44;Durand;300,00\n",
        encoding="utf-8",
    )
    code, stdout, err = run("convert", str(src), "-o", str(tmp_path), "--as-of", "2024-03-31")
    assert code == 0, err
    assert "3 lignes = 3 transactions" in stdout
    ledger = csvfile.read(src, ReadOptions(as_of=D(2024, 3, 31)))
    assert [(i.row, "quote" in i.message_en) for i in ledger.issues] == [(2, True)]
    assert ledger.tally is not None and ledger.tally.rows == 3 and ledger.tally.adds_up()


def test_a_ragged_row_is_reported_with_its_line(tmp_path: Path) -> None:
    src = tmp_path / "f.csv"
    src.write_text(
        HEADER + "1;05/01/2024;42;Dupont;100,00;oops;more\n2;06/01/2024;43;Martin;200,00\n",
        encoding="utf-8",
    )
    ledger = csvfile.read(src, ReadOptions(as_of=D(2024, 3, 31)))
    found = [i for i in ledger.issues if i.row == 2]
    assert found and "oops" in str(found[0].value) and "7" in found[0].message_en
    assert ledger.tally is not None and ledger.tally.rows == 2 and ledger.tally.adds_up()


def test_a_cell_longer_than_excel_holds_is_reported(tmp_path: Path) -> None:
    from conftest import make_workbook

    from arxl.readers.xlsx import read_ledger

    made = make_workbook(  # openpyxl cuts at 32 767: longer text is put in afterwards
        tmp_path / "made.xlsx",
        transactions=[
            [D(2024, 1, 5), 1, "Facture #001", 100, "En attente", "x" * 32767],
            [D(2024, 1, 6), 2, "Facture #002", 300, "En attente"],
        ],
    )
    book = tmp_path / "b.xlsx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(book, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            out.writestr(name, data.replace(b"x" * 32767, b"x" * 50_000))
    ledger = read_ledger(book)
    found = [i for i in ledger.issues if i.row == 2 and i.column == "Remarques"]
    assert found and "32 767" in found[0].message_fr and "50000" in found[0].message_en
    assert len(ledger.transactions) == 2


def test_a_long_cell_in_a_csv_is_reported(tmp_path: Path) -> None:
    src = tmp_path / "f.csv"
    src.write_text(HEADER + f"1;05/01/2024;42;{'D' * 40_000};100,00\n", encoding="utf-8")
    ledger = csvfile.read(src, ReadOptions(as_of=D(2024, 3, 31)))
    assert [(i.row, i.column) for i in ledger.issues] == [(2, "Client")]


def _refresh_error(path: Path) -> str:
    code, _, err = run("refresh", str(path))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


CSV_TEXT = HEADER + "1;05/01/2024;42;Dupont;100,00\n2;06/01/2024;43;Martin;200,00\n"


def test_a_csv_given_to_refresh_is_pointed_to_convert(tmp_path: Path) -> None:
    src = tmp_path / "factures.csv"
    src.write_text(CSV_TEXT, encoding="utf-8")
    line = _refresh_error(src)
    assert "arxl convert factures.csv" in line and "text" in line


def test_a_csv_renamed_xlsx_says_it_is_text(tmp_path: Path) -> None:
    src = tmp_path / "factures.xlsx"
    src.write_text(CSV_TEXT, encoding="cp1252")
    line = _refresh_error(src)
    assert "text file" in line and "arxl convert" in line


def test_plain_text_renamed_xlsx_says_it_is_text(tmp_path: Path) -> None:
    src = tmp_path / "notes.xlsx"
    src.write_text("Bonjour,\nvoici mes notes.\n", encoding="utf-8")
    line = _refresh_error(src)
    assert "text file" in line and "convert" not in line


def test_a_truncated_workbook_is_described_as_damaged(tmp_path: Path) -> None:
    from conftest import make_workbook

    book = make_workbook(tmp_path / "full.xlsx")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(book.read_bytes()[:3000])
    line = _refresh_error(cut)
    assert "damaged" in line and "backup" in line


def test_an_empty_file_says_so(tmp_path: Path) -> None:
    src = tmp_path / "book.xlsx"
    src.write_bytes(b"")
    assert "empty" in _refresh_error(src)


def test_merged_cells_in_the_invoice_table_read_as_excel_shows_them(tmp_path: Path) -> None:
    import openpyxl
    from conftest import make_workbook

    from arxl.readers.xlsx import read_ledger

    book = make_workbook(
        tmp_path / "b.xlsx",
        transactions=[
            [D(2024, 1, 5), 1, "Facture #001", 100, "En attente"],
            [D(2024, 1, 6), None, "Facture #002", 200, "En attente"],
            [D(2024, 1, 7), None, "Facture #003", 300, None],
            [D(2024, 1, 8), 2, "Facture #004", 400, "En attente", "note"],
        ],
    )
    wb = openpyxl.load_workbook(book)
    ws = wb["Transactions"]
    ws.merge_cells("B2:B4")  # one client for three invoices
    ws.merge_cells("E3:E4")  # one status for two
    ws.merge_cells("E5:F5")  # a status over the Remarques column: reported, not copied
    wb.save(book)
    ledger = read_ledger(book)
    tx = ledger.transactions.set_index("invoice")
    assert len(tx) == 4
    assert list(tx["client_id"]) == ["1", "1", "1", "2"]
    assert tx.loc["Facture #003", "status_text"] == "En attente"
    assert tx.loc["Facture #004", "remarks"] == ""
    merged = [i for i in ledger.issues if "E5:F5" in i.message_en]
    assert len(merged) == 1 and merged[0].row == 5


def _rezipped(src: Path, dst: Path, change: dict[str, tuple[bytes, bytes]]) -> Path:
    """A copy of a workbook, stored uncompressed, with bytes replaced in some parts."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as out:
        for name in zin.namelist():
            data = zin.read(name)
            if name in change:
                data = data.replace(*change[name])
            out.writestr(name, data)
    return dst


def test_a_sheet_with_bad_xml_is_described_as_damaged(tmp_path: Path) -> None:
    from conftest import make_workbook

    book = make_workbook(tmp_path / "full.xlsx")
    bad = _rezipped(
        book,
        tmp_path / "bad.xlsx",
        {"xl/worksheets/sheet2.xml": (b"Facture #001", b"\xff\xfe#001")},
    )
    before = bad.read_bytes()
    line = _refresh_error(bad)
    assert "damaged" in line and "'Transactions'" in line and "backup" in line
    assert bad.read_bytes() == before


def test_a_part_failing_its_checksum_is_described_as_damaged(tmp_path: Path) -> None:
    from conftest import make_workbook

    book = _rezipped(make_workbook(tmp_path / "full.xlsx"), tmp_path / "stored.xlsx", {})
    data = book.read_bytes()
    at = data.index(b"<a:theme")  # the theme part's bytes, stored: flip one of them
    book.write_bytes(data[:at] + b"<b" + data[at + 2 :])
    line = _refresh_error(book)
    assert "damaged" in line and "theme1.xml" in line


def test_a_quote_left_open_on_the_last_line_is_reported() -> None:
    text = HEADER + "1;05/01/2024;42;Dupont;100,00\n" + '2;06/01/2024;43;"Martin;200,00\n'
    rows, lines, problems = split_rows_checked(text, ";")
    assert rows[2] == ["2", "06/01/2024", "43", '"Martin', "200,00"]
    assert [p.line for p in problems] == [3] and "the line was read" in problems[0].message_en


def test_damaged_utf16_text_is_one_line(tmp_path: Path) -> None:
    from arxl.readers.text import UnreadableText, decode

    data = "\ufeffN° facture;Montant\n1;100\n".encode("utf-16-le")
    data = data[:10] + b"\x00\xdc" + data[12:]  # a lone low surrogate
    try:
        decode(data, name="f.csv")
    except UnreadableText as exc:
        assert "damaged UTF-16" in str(exc) and "\n" not in str(exc)
    else:
        raise AssertionError("decoded")


def test_a_zip_of_an_unknown_version_is_damaged(tmp_path: Path) -> None:
    from conftest import make_workbook

    data = bytearray(make_workbook(tmp_path / "full.xlsx").read_bytes())
    at = data.rindex(b"PK\x01\x02")  # the last central directory entry: "made by" a future zip
    data[at + 6 : at + 8] = (232).to_bytes(2, "little")
    data[at + 4 : at + 6] = (232).to_bytes(2, "little")
    book = tmp_path / "b.xlsx"
    book.write_bytes(bytes(data))
    assert "damaged" in _refresh_error(book)


def test_convert_names_the_damaged_utf16_file(tmp_path: Path) -> None:
    data = ("\ufeff" + CSV_TEXT).encode("utf-16-le")
    src = tmp_path / "f.csv"
    src.write_bytes(data[:10] + b"\x00\xdc" + data[12:])
    code, stdout, err = run("convert", str(src), "-o", str(tmp_path), "--as-of", "2024-03-31")
    assert code == 1
    assert "f.csv: damaged UTF-16 text" in stdout + err
