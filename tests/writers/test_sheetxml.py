"""Sheet XML: the Arrow path renders exactly what the Python path renders; shared formulas."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from arxl.sheets.spec import Column, Kind, SheetSpec, Tone
from arxl.writers import sheetxml
from arxl.writers.styles import StyleBook

pytest.importorskip("pyarrow")

STYLES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>
</styleSheet>"""

TEXTS = [
    "Facture 1",
    "",
    None,
    "A & B <SARL>",
    " leading space",
    "trailing\u00a0",
    "bell\x07 removed",
    "\u3000ideographic",
    "é" * 40_000,  # longer than a cell holds: cut at 32 767 characters
    "tab\tinside",
    "x > y",
    "Ünïcödé 🙂",
]


def _spec(n: int) -> SheetSpec:
    rng = np.random.default_rng(7)
    money = np.round(rng.uniform(-5000, 25000, n), 2)
    money[::5] = np.nan
    money[3] = 1234.0  # integral: written "1234.0"
    money[4] = -0.001  # rounds to -0.0: written "0.0"
    dates = np.datetime64("2024-01-01") + rng.integers(0, 900, n).astype("timedelta64[D]")
    dates = dates.astype("datetime64[ns]")
    dates[::7] = np.datetime64("NaT")
    ints = rng.integers(-10, 400, n).astype(float)
    ints[::6] = np.nan
    share = rng.uniform(0, 0.3, n)
    share[::9] = np.nan
    texts = [TEXTS[i % len(TEXTS)] for i in range(n)]
    names = [f"Client {i % 37}" for i in range(n)]
    tones = [list(Tone)[i % 5] for i in range(n)]
    columns = [
        Column("Facture", Kind.TEXT, 12),
        Column("Client", Kind.TEXT, 12),
        Column("Date", Kind.DATE, 11, key="date"),
        Column("Montant", Kind.MONEY, 12, key="amount"),
        Column("Jours", Kind.INT, 8, key="days"),
        Column("Part", Kind.PERCENT, 8, key="share"),
        Column("Bool", Kind.NUMBER, 8),
        Column("Calcul", Kind.MONEY, 12, formula="=ROUND({amount}*{share},2)"),
        Column("Date+", Kind.INT, 8, formula="={date}+{days}"),
    ]
    data = [
        texts,
        names,
        dates,
        money,
        ints,
        share,
        np.arange(n) % 2 == 0,
        np.round(np.nan_to_num(money) * np.nan_to_num(share), 2),
        rng.integers(0, 50000, n),
    ]
    total: list[object] = ["Total", None, None, float(np.nansum(money))] + [None] * 5
    return SheetSpec("test", "Test", columns, data, tones=tones, total=total)


def _render(
    spec: SheetSpec, arrow: bool, monkeypatch: pytest.MonkeyPatch, styles: StyleBook | None = None
) -> bytes:
    monkeypatch.setattr(sheetxml, "ARROW_MIN_ROWS", 1 if arrow else 10**9)
    monkeypatch.setattr(sheetxml, "CHUNK_ROWS", 700)  # several chunks, the first with masters
    return sheetxml.render(spec, styles or StyleBook(STYLES))


def test_arrow_rows_are_the_python_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _spec(2_500)
    python = _render(spec, False, monkeypatch)
    arrow = _render(spec, True, monkeypatch)
    assert arrow == python
    assert python.count(b't="shared"') == 2 * 2_500  # every formula cell, in both columns
    assert b'xml:space="preserve"> leading space' in python
    assert b"A &amp; B &lt;SARL&gt;" in python and b"\x07" not in python
    assert python.count(b"\xc3\xa9" * 32_767 + b"</t>") > 0
    assert python.count(b"\xc3\xa9" * 32_768) == 0


def test_text_in_a_number_column_falls_back_to_python(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _spec(50)
    spec.data[3] = list(spec.data[3])
    spec.data[3][2] = "à voir"
    python = _render(spec, False, monkeypatch)
    assert _render(spec, True, monkeypatch) == python
    assert b"\xc3\xa0 voir" in python


def test_far_numbers_are_the_same_values(monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrow may spell doubles far from money amounts differently: the values are the same."""
    far = [1.5e-05, 1e-7, 123456789012345.67, 1e15, 99999999999999.98, 0.1 + 0.2]
    for values in (np.array(far), np.array([1e10, 2.0, 12345678901.0, -3e11])):
        spec = SheetSpec("n", "N", [Column("x", Kind.NUMBER)], [values])
        found = {}
        for arrow in (False, True):
            xml = _render(spec, arrow, monkeypatch).decode()
            found[arrow] = [float(v) for v in re.findall(r"<v>([^<]*)</v>", xml)]
        assert found[True] == found[False] == values.tolist()


def _book(tmp_path: Path, xml: bytes, styles: StyleBook) -> Path:
    """A workbook whose one sheet, "Test", is `xml`."""
    book = tmp_path / "f.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Test"
    wb.save(book)
    with zipfile.ZipFile(book) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = xml
    parts["xl/styles.xml"] = styles.to_bytes()
    with zipfile.ZipFile(book, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return book


def test_shared_formulas_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl expands the shared formulas to each row's own formula."""
    spec = _spec(30)
    styles = StyleBook(STYLES)
    book = _book(tmp_path, _render(spec, True, monkeypatch, styles), styles)
    ws = openpyxl.load_workbook(book)["Test"]
    assert ws["H2"].value == "=ROUND(D2*F2,2)"
    assert ws["H17"].value == "=ROUND(D17*F17,2)"
    assert ws["I31"].value == "=C31+E31"


def test_cells_without_references_read_back_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data cells are written without their optional reference (formula cells keep theirs):
    openpyxl and calamine put every value in its column, blank leading cells included."""
    python_calamine = pytest.importorskip("python_calamine")
    n = 2_500
    spec = _spec(n)
    styles = StyleBook(STYLES)
    xml = _render(spec, True, monkeypatch, styles)
    rows = re.findall(rb"<row [^>]*>.*?</row>", xml)
    assert len(rows) == n + 2  # header, data, total
    for row in rows[1:-1]:
        assert re.findall(rb'<c r="([A-Z]+)\d+"', row) == [b"H", b"I"]
        assert row.count(b"<c ") == len(spec.columns)
    book = _book(tmp_path, xml, styles)

    ws = openpyxl.load_workbook(book)["Test"]
    assert ws.max_column == len(spec.columns) and ws.max_row == n + 2
    calamine_book = python_calamine.CalamineWorkbook.from_path(book)
    calamine_rows = calamine_book.get_sheet_by_name("Test").to_python(skip_empty_area=False)
    assert all(len(r) == len(spec.columns) for r in calamine_rows)
    for i in (0, 1, 2, 3, 7, 1234, n - 1):  # rows 1 and 2 start with a blank text cell
        r = i + 2
        text = TEXTS[i % len(TEXTS)] or None
        assert ws[f"A{r}"].value == (text[:32_767] if text else None)
        assert ws[f"B{r}"].value == calamine_rows[r - 1][1] == f"Client {i % 37}"
        money = spec.data[3][i]
        assert ws[f"D{r}"].value == (None if np.isnan(money) else money)
        assert calamine_rows[r - 1][3] == ("" if np.isnan(money) else money)
        days = spec.data[4][i]
        assert ws[f"E{r}"].value == (None if np.isnan(days) else int(days))
        assert ws[f"G{r}"].value == bool(spec.data[6][i])
        assert ws[f"H{r}"].value == f"=ROUND(D{r}*F{r},2)"
        assert calamine_rows[r - 1][7] == spec.data[7][i]
        assert ws[f"I{r}"].value == f"=C{r}+E{r}"


def test_arrow_text_columns_render_as_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports may hand a text column as the Arrow array behind a pandas str column."""
    import pyarrow as pa

    spec = _spec(1_200)
    python = _render(spec, False, monkeypatch)
    for c in (0, 1):
        spec.data[c] = pa.array(spec.data[c], pa.string())
    assert _render(spec, True, monkeypatch) == python
    assert _render(spec, False, monkeypatch) == python


def test_chunked_text_columns_render_as_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pandas str column built by concatenation sits on several Arrow chunks (text_data
    hands it as it is): the same XML, and never a Python string per cell on the way."""
    import pandas as pd
    import pyarrow as pa

    from arxl.sheets.spec import text_data

    spec = _spec(1_500)
    python = _render(spec, False, monkeypatch)
    column = pd.Series(spec.data[1], dtype="str")
    spec.data[1] = text_data(pd.concat([column[:700], column[700:]], ignore_index=True))
    assert spec.data[1].num_chunks == 2
    converted = []
    real_array = pa.array

    def array(values, *args, **kwargs):  # type: ignore[no-untyped-def]
        converted.append(type(values))
        return real_array(values, *args, **kwargs)

    monkeypatch.setattr(pa, "array", array)
    assert _render(spec, True, monkeypatch) == python
    assert pa.ChunkedArray not in converted
    assert _render(spec, False, monkeypatch) == python


def test_columns_of_few_values_render_as_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates, days and rates with few distinct values are rendered once per value (blanks,
    NaT and a -0.0 among them): the same XML as the Python path."""
    spec = _spec(2_000)
    rng = np.random.default_rng(11)
    few_dates = np.datetime64("2026-01-01") + rng.integers(0, 30, 2_000).astype("timedelta64[D]")
    few_dates = few_dates.astype("datetime64[ns]")
    few_dates[::11] = np.datetime64("NaT")
    days = rng.integers(0, 20, 2_000).astype(float)
    days[::13] = np.nan
    rates = rng.choice([0.1215, 0.145, np.nan], 2_000)
    signed = rng.choice([0.0, 1.0, 2.5], 2_000)
    signed[17] = -0.0
    spec.data[2], spec.data[4], spec.data[5], spec.data[6] = few_dates, days, rates, signed
    spec.data[8] = rng.integers(0, 5, 2_000)  # the formula column "={date}+{days}"
    python = _render(spec, False, monkeypatch)
    assert _render(spec, True, monkeypatch) == python
    assert b"<v>-0.0</v>" in python and b"<v>0.1215</v>" in python


def test_side_table_beside_the_rows(tmp_path: Path) -> None:
    """A side table sits one column after the table from row 1, longer than it or not; a
    formula names its columns `{@key}` as absolute ranges."""
    from arxl.sheets.spec import SideTable

    side = SideTable(
        [Column("Du", Kind.TEXT, key="from"), Column("Taux", Kind.PERCENT, key="rate")],
        [["a", "b", "c", "d"], np.array([0.1, 0.2, np.nan, 0.4])],
    )
    spec = SheetSpec(
        "t",
        "Test",
        [
            Column("N", Kind.NUMBER, key="n"),
            Column("X", Kind.NUMBER, formula="={n}*SUMPRODUCT({@rate})"),
        ],
        [np.array([1.0, 2.0]), np.array([1.0, 2.0])],
        total=["", 3.0],
        side=side,
    )
    styles = StyleBook(STYLES)
    book = _book(tmp_path, sheetxml.render(spec, styles), styles)
    ws = openpyxl.load_workbook(book)["Test"]
    assert ws["B2"].value == "=A2*SUMPRODUCT($E$2:$E$5)"
    assert [ws.cell(r, 4).value for r in range(1, 6)] == ["Du", "a", "b", "c", "d"]
    assert ws["E3"].value == 0.2 and ws["E4"].value is None and ws["E5"].value == 0.4
    assert ws["B4"].value == "=SUM(B2:B3)"  # the total row, with the side table's row 4


def test_wrapped_rows_get_their_height_and_widths_their_content() -> None:
    """A wrapped column keeps its width and its rows grow; other columns fit their values."""
    spec = SheetSpec(
        "t",
        "Test",
        [
            Column("Note", Kind.TEXT, 20, wrap=True),
            Column("Id", Kind.TEXT, 5, center=True),
            Column("Montant", Kind.MONEY, 5),
        ],
        [["court", "un texte bien plus long que la colonne " * 2], ["N-3F2A9C01B7", "x"],
         np.array([1.0, 987_654_321_012.34])],
    )  # fmt: skip
    styles = StyleBook(STYLES)
    xml = sheetxml.render(spec, styles).decode()
    widths = [float(w) for w in re.findall(r'<col [^>]*width="([\d.]+)"', xml)]
    assert widths[0] == 20 and widths[1] >= 12 * 1.1 and widths[2] >= 20 * 1.1
    assert '<row r="3" ht="' in xml and '<row r="2" ht="' not in xml
    assert 'wrapText="1"' in styles.to_bytes().decode()
