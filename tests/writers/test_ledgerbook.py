"""The streamed ledger workbook holds, cell for cell, what XlsxWriter writes from its columns."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import python_calamine

from arxl.settings import Settings
from arxl.vocab import Field, Lang
from arxl.writers import ledgerbook
from arxl.writers.ledgerbook import _as_dates, write_streamed
from arxl.writers.template import write_input_columns

AS_OF = dt.date(2026, 6, 30)
TEXTS = [
    "plain",
    " leading space",
    "trailing space ",
    "a & <b> > c",
    "=SUM(A1:A2)",
    "15/03/2026",
    "_x0041_ stays as typed",
    "control \x01 char",
    "tab\tand\nnewline",
    "Cœur & Œuvre ’ €",
    "",
    None,
]
NUMBERS = [0.1 + 0.2, 1e20, -0.0, 123456789.123456789, float("nan"), float("inf"), 3, 1234.56]


def dump(path: Path) -> dict[str, object]:
    """Every cell's value as calamine reads it (as arxl and Excel do: openpyxl leaves the
    _xHHHH_ escapes of inline text as they are), its format and the sheet settings, as
    openpyxl reads them."""
    wb = openpyxl.load_workbook(path)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    out: dict[str, object] = {"names": sorted(wb.defined_names)}
    for ws in wb.worksheets:
        formats = [
            (c.coordinate, c.number_format, c.alignment.horizontal, c.font.b)
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        ]
        out[ws.title] = {
            "values": book.get_sheet_by_name(ws.title).to_python(skip_empty_area=False),
            "formats": formats,
            "widths": {k: (d.width, d.min, d.max) for k, d in ws.column_dimensions.items()},
            "styles": {k: d.style for k, d in ws.column_dimensions.items()},
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "print_titles": ws.print_title_rows,
            "dv": [(d.type, d.formula1, str(d.sqref)) for d in ws.data_validations.dataValidation],
            "dimension": ws.calculate_dimension(),
        }
    return out


def columns(n: int, rng: np.random.Generator) -> tuple[tuple[dict, int], tuple[dict, int]]:
    pick = lambda pool: [pool[k] for k in rng.integers(0, len(pool), n)]  # noqa: E731
    days = pd.Series(
        pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D")
    )
    days[rng.random(n) < 0.2] = pd.NaT
    clients = {
        Field.CLIENT_ID: [f"C{k:03d}" for k in range(n)],
        Field.NAME: pick(TEXTS),
        Field.ADDRESS: [""] * n,
        Field.PHONE: pick(["+33 1 23 45 67 89", "", None]),
        Field.EMAIL: pick(["a@b.fr", ""]),
        Field.TERMS: pick([30, 45.0, float("nan"), None]),
        Field.CREDIT_LIMIT: pick(NUMBERS),
    }
    transactions = {
        Field.DATE: days,
        Field.CLIENT_ID: pick(["00042", "00043", "X"]),
        Field.INVOICE: pick(TEXTS),
        Field.AMOUNT: pick(NUMBERS),
        Field.STATUS: pick(["Payé", "Litige", "", True]),
        Field.REMARKS: pick(TEXTS),
        Field.DUE_DATE: days.shift(1),
        Field.PAYMENT_DATE: pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]"),
        Field.AMOUNT_PAID: pick(NUMBERS),
    }
    return (clients, n), (transactions, n)


@pytest.mark.parametrize(("n", "lang"), [(0, Lang.FR), (1, Lang.EN), (7, Lang.FR), (5200, Lang.FR)])
def test_streamed_rows_are_xlsxwriters_cells(tmp_path: Path, n: int, lang: Lang) -> None:
    clients, transactions = columns(n, np.random.default_rng(n))
    settings = Settings(default_terms=45)
    streamed, reference = tmp_path / "s.xlsx", tmp_path / "x.xlsx"
    write_streamed(streamed, lang, clients, transactions, settings, AS_OF)
    write_input_columns(
        reference,
        lang=lang,
        clients=(_as_dates(clients[0]), n),
        transactions=(_as_dates(transactions[0]), n),
        settings=settings,
        as_of=AS_OF,
    )
    assert dump(streamed) == dump(reference)


def test_the_export_converted_is_said_alike_by_the_stream_and_by_xlsxwriter(
    tmp_path: Path,
) -> None:
    """The custom properties: convert's mark, and the export the book comes from (its text
    escaped), the same whichever way the book was written."""
    import zipfile

    clients, transactions = columns(3, np.random.default_rng(3))
    source = "clients & co/<export>.csv"
    streamed, reference = tmp_path / "s.xlsx", tmp_path / "x.xlsx"
    write_streamed(streamed, Lang.FR, clients, transactions, None, AS_OF, source)
    write_input_columns(
        reference,
        lang=Lang.FR,
        clients=(_as_dates(clients[0]), 3),
        transactions=(_as_dates(transactions[0]), 3),
        as_of=AS_OF,
        converted=True,
        source=source,
    )
    custom = [zipfile.ZipFile(p).read("docProps/custom.xml") for p in (streamed, reference)]
    assert custom[0] == custom[1]
    assert b'name="arxl source"><vt:lpwstr>clients &amp; co/&lt;export&gt;.csv<' in custom[0]


def test_what_the_stream_cannot_say_goes_through_xlsxwriter(tmp_path: Path) -> None:
    """A date before March 1900 or a very long text: XlsxWriter writes the whole book."""
    for value in (pd.Timestamp("1899-12-31"), None, dt.date(2024, 1, 1), pd.Timestamp(2024, 1, 1)):
        (clients, n), (tx, _) = columns(3, np.random.default_rng(1))
        if value is None:
            tx[Field.REMARKS] = ["x" * 20_000, "", None]
        elif value.year > 2000:  # a date object among a text column's values
            tx[Field.REMARKS] = ["", value, 12.5]
        else:
            tx[Field.DATE] = pd.Series([value, pd.NaT, pd.Timestamp("2024-01-01")])
        with pytest.raises(ledgerbook.Unstreamable):
            write_streamed(tmp_path / "s.xlsx", Lang.FR, (clients, n), (tx, n), None, AS_OF)


def test_the_frame_is_built_once_per_language_settings_and_date() -> None:
    ledgerbook.frame.cache_clear()
    a = ledgerbook.frame(Lang.FR, Settings(), AS_OF)
    assert ledgerbook.frame(Lang.FR, Settings(), AS_OF) is a
    assert ledgerbook.frame(Lang.FR, Settings(), dt.date(2026, 7, 1)) is not a
    assert ledgerbook.frame.cache_info().hits == 1


@pytest.mark.parametrize("streamable", [True, False])
def test_a_book_made_in_memory_is_the_file_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamable: bool
) -> None:
    """`arxl convert` makes the input sheets in memory and grafts into them: the same bytes as
    the file, also when XlsxWriter has to write them (a date before March 1900)."""
    (clients, n), (tx, _) = columns(7, np.random.default_rng(7))
    if not streamable:
        tx[Field.DATE] = pd.Series([pd.Timestamp("1899-12-31"), *[pd.NaT] * 6])
    monkeypatch.setattr(ledgerbook, "ledger_columns", lambda *_: ((clients, n), (tx, n)))
    path, stream = tmp_path / "b.xlsx", io.BytesIO()
    ledgerbook.write_ledger_workbook(path, None, Lang.FR, Settings(), AS_OF)  # type: ignore[arg-type]
    ledgerbook.write_ledger_workbook(stream, None, Lang.FR, Settings(), AS_OF)  # type: ignore[arg-type]
    assert stream.getvalue() == path.read_bytes()
