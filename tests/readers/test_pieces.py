"""A big sheet parsed in pieces gives exactly the rows of a whole parse."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import python_calamine
import xlsxwriter

from arxl.readers import pieces
from arxl.readers.workbook import SheetSource, workbook_info


def _whole(path: Path, name: str) -> pieces.Rows:
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name)
    start = sheet.start or (0, 0)
    return sheet.to_python(), start[0] + 1, start[1] + 1


def _varied_book(path: Path) -> Path:
    """Rows of every kind, a gap of empty rows, a stretch of one column, a wider last row,
    shared strings (XlsxWriter's default), dates, formulas with their values, other sheets."""
    book = xlsxwriter.Workbook(str(path))
    first = book.add_worksheet("Clients")
    first.write_row(0, 0, ["ID Client", "Nom"])
    tx = book.add_worksheet("Transactions")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    tx.write(1, 1, "Suivi des factures")  # a title in B2
    tx.write_row(3, 1, ["Date", "ID Client", "Description", "Montant", "Statut"])
    row = 4
    for i in range(600):
        tx.write_datetime(row, 1, dt.datetime(2026, 1, 1) + dt.timedelta(days=i % 97), date)
        tx.write(row, 2, f"C{i % 13:03d}")
        tx.write(row, 3, f"Facture n°{i} & <co> !")  # "!" as in "<!--": not a comment
        tx.write_number(row, 4, round(i * 1.37, 2))
        if i % 5:
            tx.write(row, 5, "Payé" if i % 2 else "En attente")
        if i % 7 == 0:
            tx.write_formula(row, 6, f"=E{row + 1}*2", None, i * 2.74)
        row += 3 if i % 4 == 3 else 1  # short gaps, for cuts to fall on
    row += 40  # a gap of empty rows
    for i in range(300):  # one column only
        tx.write(row, 3, f"note {i}")
        row += 1
    for i in range(200):  # blank but formatted cells between values
        tx.write_blank(row, 2, None, date)
        tx.write(row, 4, i)
        row += 1
    tx.write(row + 3, 12, "fin")  # a last row wider than the others
    third = book.add_worksheet("Autre")
    third.write(0, 0, 1)
    book.close()
    return path


@pytest.fixture
def small_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pieces, "MIN_SIZE", 0)


@pytest.mark.parametrize("count", [2, 3, 5, 11, 40])
def test_pieces_give_the_whole_parse(tmp_path: Path, small_enough: None, count: int) -> None:
    book = _varied_book(tmp_path / "book.xlsx")
    part = workbook_info(book).sheet_parts["Transactions"]
    got = pieces.sheet_rows(book, part, "Transactions", count)
    assert got is not None
    assert got == _whole(book, "Transactions")


def test_pieces_join_across_gaps_and_columns() -> None:
    got = pieces._joined(
        [
            ([["a", 1]], (4, 2), 2),  # row 5, columns C:D
            ([], None, 0),  # a piece of empty rows
            ([[2.5]], (7, 1), 1),  # row 8, column B
            ([["z", "", "", ""]], (8, 3), 4),  # row 9, columns D:G
        ]
    )
    assert got == (
        [
            ["", "a", 1, "", "", ""],
            ["", "", "", "", "", ""],
            ["", "", "", "", "", ""],
            [2.5, "", "", "", "", ""],
            ["", "", "z", "", "", ""],
        ],
        5,
        2,
    )
    assert pieces._joined([([], None, 0)]) == ([], 1, 1)


def test_sheet_source_reads_a_big_sheet_in_pieces(
    tmp_path: Path, small_enough: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _varied_book(tmp_path / "book.xlsx")
    calls: list[int] = []
    parse = pieces._parse
    monkeypatch.setattr(
        pieces, "_parse", lambda books, name: calls.append(len(books)) or parse(books, name)
    )
    monkeypatch.setattr(pieces, "piece_count", lambda: 3)
    source = SheetSource(book).prefetch([("transactions",)])
    assert source.rows("Transactions") == _whole(book, "Transactions")
    assert calls == [3]
    assert source.release().rows("Transactions") == _whole(book, "Transactions")  # read again


def test_small_sheets_are_parsed_whole(tmp_path: Path) -> None:
    book = _varied_book(tmp_path / "book.xlsx")
    part = workbook_info(book).sheet_parts["Transactions"]
    assert pieces.sheet_rows(book, part, "Transactions", 2) is None  # under MIN_SIZE


def _rewrite_sheet(path: Path, part: str, edit: object) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    parts[part] = edit(parts[part])  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda xml: xml.replace(b"<row r=", b"<row x="), id="rows-without-numbers"),
        pytest.param(lambda xml: xml.replace(b"</row>", b"</row><!-- -->", 1), id="comment"),
        pytest.param(
            lambda xml: xml.replace(b"<sheetData>", b"<x:sheetData>"), id="prefixed-elements"
        ),
    ],
)
def test_unusual_sheets_are_parsed_whole(tmp_path: Path, small_enough: None, edit: object) -> None:
    book = _varied_book(tmp_path / "book.xlsx")
    part = workbook_info(book).sheet_parts["Transactions"]
    _rewrite_sheet(book, part, edit)
    assert pieces.sheet_rows(book, part, "Transactions", 3) is None


def test_a_failed_piece_means_a_whole_parse(
    tmp_path: Path, small_enough: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = _varied_book(tmp_path / "book.xlsx")
    part = workbook_info(book).sheet_parts["Transactions"]
    real = python_calamine.CalamineWorkbook.from_path

    def flaky(path: str) -> python_calamine.CalamineWorkbook:
        if path.endswith("piece1.xlsx"):
            raise python_calamine.CalamineError("broken piece")
        return real(path)

    monkeypatch.setattr(pieces.python_calamine.CalamineWorkbook, "from_path", flaky)
    assert pieces.sheet_rows(book, part, "Transactions", 3) is None


def test_a_damaged_sheet_is_left_to_the_whole_parse(tmp_path: Path, small_enough: None) -> None:
    book = _varied_book(tmp_path / "book.xlsx")
    part = workbook_info(book).sheet_parts["Transactions"]
    with zipfile.ZipFile(book) as zf:
        entry = zf.getinfo(part)
    data = bytearray(book.read_bytes())
    start = entry.header_offset + 30 + len(entry.filename.encode())
    data[start : start + 64] = b"\xff" * 64  # an invalid deflate block: inflating raises
    book.write_bytes(bytes(data))
    assert pieces.sheet_rows(book, part, "Transactions", 3) is None
