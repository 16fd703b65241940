"""A converted Ledger as an input workbook (Clients, Transactions, Paramètres): what `arxl
refresh` reads back into the same Ledger.

The frame of the workbook (styles, Paramètres, the header rows, column formats, filters, the
status dropdown, print setup) is XlsxWriter's, written once per process for a language,
settings and as-of date (writers/template.py); the rows of Clients and Transactions are
streamed into it as sheet XML, column by column. Each cell is what XlsxWriter's `write_*`
would store: numbers as `%.16G`, dates as their serial number, text inline (its constant-memory
mode) with its escapes. What the stream cannot say as XlsxWriter would (a date before March
1900, a text over 16 383 characters, more rows than a sheet holds) goes through XlsxWriter.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from arxl.model import Ledger
from arxl.ooxml.zipcopy import Deflated, RawZipWriter, deflate
from arxl.settings import Settings
from arxl.terms import terms_text
from arxl.vocab import STATUS_LABELS, UNAPPLIED_LABEL, Field, Lang, Status, TypedStatus
from arxl.vocab import typed_status as typed_status_of
from arxl.vocab.sheet_names import CONVERTED, SOURCE
from arxl.writers.cellxml import col_letter, xml_text
from arxl.writers.inputcells import DATE_FIELDS, column_width
from arxl.writers.inputxml import BlankColumn, Column, DateColumn, Unstreamable, ValueColumn
from arxl.writers.template import (
    WIDTH_SAMPLE,
    Columns,
    add_input_columns,
    client_headers,
    new_workbook,
    transaction_headers,
    write_input_columns,
)

MAX_ROWS = 1_048_576
# Row counts the frame is written with, found again in its XML and replaced by the real ones.
SENTINEL = {"clients": 977_776, "transactions": 988_887}
CHUNK_ROWS = 8192
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class SheetFrame:
    """One input sheet of the frame: its XML up to the end of the header row, after it, the
    column styles (xf index or 0) and the columns' letters."""

    head: str
    tail: str
    styles: tuple[int, ...]
    letters: tuple[str, ...]


@dataclass(frozen=True)
class Frame:
    """The frame workbook's parts, and where the input sheets go."""

    parts: tuple[tuple[str, bytes], ...]
    sheets: dict[str, str]  # key -> part name
    frames: dict[str, SheetFrame]
    workbook_part: str
    constant: dict[str, Deflated]  # the parts every book has as they are, deflated once


def _split_sheet(xml: str, n_cols: int) -> SheetFrame:
    end = xml.index("</sheetData>")
    styles = [0] * n_cols
    for m in re.finditer(r"<col ([^>]*)/>", xml):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        for c in range(int(attrs["min"]) - 1, min(int(attrs["max"]), n_cols)):
            styles[c] = int(attrs.get("style", 0))
    return SheetFrame(
        xml[:end], xml[end:], tuple(styles), tuple(col_letter(c) for c in range(n_cols))
    )


@functools.lru_cache(maxsize=8)
def frame(lang: Lang, settings: Settings | None, as_of: dt.date | None) -> Frame:
    """The frame of a ledger workbook, written by XlsxWriter in memory (cached)."""
    buffer = io.BytesIO()
    wb = new_workbook(buffer)
    wb.set_custom_property(*CONVERTED)  # the frame is convert's only
    add_input_columns(
        wb,
        lang,
        clients=({}, SENTINEL["clients"]),
        transactions=({}, SENTINEL["transactions"]),
        settings=settings,
        as_of=as_of,
    )
    wb.close()
    headers = {"clients": client_headers(lang), "transactions": transaction_headers(lang)}
    with zipfile.ZipFile(buffer) as zf:
        parts = tuple((info.filename, zf.read(info)) for info in zf.infolist())
    # XlsxWriter writes the sheets in the order they were added: Clients, Transactions
    sheets = {"clients": "xl/worksheets/sheet1.xml", "transactions": "xl/worksheets/sheet2.xml"}
    found = dict(parts)
    frames = {
        key: _split_sheet(found[part].decode("utf-8"), len(headers[key]))
        for key, part in sheets.items()
    }
    varying = {*sheets.values(), "xl/workbook.xml"}
    constant = {name: deflate(data) for name, data in parts if name not in varying}
    return Frame(parts, sheets, frames, "xl/workbook.xml", constant)


def _pixels(width: float) -> int:
    """XlsxWriter's set_column: a width of at least one character in pixels."""
    return int(width * 7 + 0.5) + 5


def _excel_width(width: float) -> str:
    """The width XlsxWriter stores for set_column(width) (its pixel round trip)."""
    return f"{(_pixels(width) * 256 // 7) / 256.0:.16g}"


def _cols(widths: Sequence[float], styles: Sequence[int]) -> str:
    """<cols>, adjacent columns alike merged into one <col> as XlsxWriter does."""
    out, c = [], 0
    while c < len(widths):
        last = c
        while (
            last + 1 < len(widths)
            and _pixels(widths[last + 1]) == _pixels(widths[c])
            and styles[last + 1] == styles[c]
        ):
            last += 1
        style = f' style="{styles[c]}"' if styles[c] else ""
        out.append(
            f'<col min="{c + 1}" max="{last + 1}" width="{_excel_width(widths[c])}"'
            f'{style} customWidth="1"/>'
        )
        c = last + 1
    return "<cols>" + "".join(out) + "</cols>"


def _rows(columns: list[Column], sheet: SheetFrame, n: int) -> Iterator[str]:
    """The data rows, rows 2..n+1, in chunks; a row with no value is left out."""
    # each cell: <c r="{letter}{row}" s="{style}"{inside}</c>
    before = [f'<c r="{letter}' for letter in sheet.letters]
    after = [f'" s="{s}"' if s else '"' for s in sheet.styles]
    for start in range(0, n, CHUNK_ROWS):
        stop = min(n, start + CHUNK_ROWS)
        out = []
        for r, row in enumerate(
            zip(*(col.cells(start, stop) for col in columns), strict=True), start + 2
        ):
            cells = [
                f"{b}{r}{a}{inner}</c>"
                for b, a, inner in zip(before, after, row, strict=True)
                if inner is not None
            ]
            if cells:
                out.append(f'<row r="{r}">{"".join(cells)}</row>')
        yield "".join(out)


def _last_row(columns: list[Column], n: int) -> int:
    for k in range(n - 1, -1, -1):
        if any(col.cells(k, k + 1)[0] is not None for col in columns):
            return k + 2
    return 1


def _sheet_chunks(
    sheet: SheetFrame, key: str, columns: list[Column], widths: list[float], n: int
) -> Iterator[str]:
    last = col_letter(len(sheet.letters) - 1)
    head = re.sub(
        r'<dimension ref="[^"]*"/>',
        f'<dimension ref="A1:{last}{_last_row(columns, n)}"/>',
        sheet.head,
        count=1,
    )
    head = re.sub(r"<cols>.*?</cols>", lambda _: _cols(widths, sheet.styles), head, count=1)
    sentinel = str(SENTINEL[key] + 1)
    tail = sheet.tail.replace(f':{last}{sentinel}"', f':{last}{max(n, 1) + 1}"', 1)
    tail = tail.replace(f'{sentinel}"', f'{max(5000, n + 1)}"')  # the status dropdown
    if sentinel in head or sentinel in tail:
        raise Unstreamable("the frame's row count is not where it was expected")
    yield head
    yield from _rows(columns, sheet, n)
    yield tail


def _workbook_xml(xml: str, n_clients: int, n_transactions: int) -> str:
    for key, n in (("clients", n_clients), ("transactions", n_transactions)):
        xml = xml.replace(f"${SENTINEL[key] + 1}<", f"${max(n, 1) + 1}<")
    return xml


CUSTOM_PART = "docProps/custom.xml"


def _with_source(custom: bytes, source: str) -> bytes:
    """The frame's custom properties with the SOURCE one after them, as XlsxWriter writes a
    second text property."""
    prop = (
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="3" name="{SOURCE}">'
        f"<vt:lpwstr>{xml_text(source)}</vt:lpwstr></property>"
    )
    return custom.replace(b"</Properties>", prop.encode("utf-8") + b"</Properties>", 1)


def write_streamed(
    target: Path | BinaryIO,
    lang: Lang,
    clients: tuple[Columns, int],
    transactions: tuple[Columns, int],
    settings: Settings | None,
    as_of: dt.date | None,
    source: str = "",
) -> None:
    """The workbook write_input_columns writes, with the rows streamed into the frame (into a
    file, or an empty seekable stream); `source`: the export it comes from (SOURCE)."""
    fr = frame(lang, settings, as_of)
    sheets = {
        "clients": (client_headers(lang), clients),
        "transactions": (transaction_headers(lang), transactions),
    }
    rendered: dict[str, tuple[list[Column], list[float], int]] = {}
    for key, (headers, (columns, n)) in sheets.items():
        if n + 1 > MAX_ROWS:
            raise Unstreamable("too many rows")
        cells: list[Column] = []
        widths: list[float] = []
        for field, header in headers:
            values = columns.get(field)
            if values is None:
                cells.append(BlankColumn())
                widths.append(column_width(header, field, []))
                continue
            is_date = field in DATE_FIELDS and isinstance(values, pd.Series)
            if is_date and values.dtype.kind != "M":
                raise Unstreamable("dates that are not datetime64")
            sample = values[:WIDTH_SAMPLE]
            if is_date:
                sample = [None if pd.isna(x) else x.date() for x in sample]
            widths.append(column_width(header, field, list(sample)))
            cells.append(DateColumn(values) if is_date else ValueColumn(values))
        rendered[key] = (cells, widths, n)
    by_part = {part: key for key, part in fr.sheets.items()}
    with opened_for_writing(target) as fh:
        writer = RawZipWriter(fh)
        for name, data in fr.parts:
            key = by_part.get(name)
            if key is not None:
                cells, widths, n = rendered[key]
                chunks = _sheet_chunks(fr.frames[key], key, cells, widths, n)
                writer.add_stream(name, chunks, FIXED_TIME, 0o600 << 16, 1 if n > 5000 else 6)
            elif name == CUSTOM_PART and source:
                writer.add(name, _with_source(data, source), FIXED_TIME, 0o600 << 16, 6)
            elif name in fr.constant:
                writer.add_deflated(name, fr.constant[name], FIXED_TIME, 0o600 << 16)
            else:
                if name == fr.workbook_part:
                    text = _workbook_xml(data.decode("utf-8"), clients[1], transactions[1])
                    data = text.encode("utf-8")
                writer.add(name, data, FIXED_TIME, 0o600 << 16, 6)
        writer.close()


def ledger_columns(ledger: Ledger, lang: Lang) -> tuple[tuple[Columns, int], tuple[Columns, int]]:
    """The Clients and Transactions columns of a Ledger, as the workbook says them. Statuses
    are written as the export said (a dispute flag as Litige/Disputed); amounts paid and
    payment dates only when the export gave or implied them. Dates stay Series (datetime64)."""
    cl, tx = ledger.clients, ledger.transactions
    # the typed statuses the export implied without saying them in words are written out
    implied = {
        TypedStatus.DISPUTED.value: STATUS_LABELS[Status.DISPUTED][lang is Lang.EN],
        TypedStatus.UNAPPLIED.value: UNAPPLIED_LABEL[lang is Lang.EN],
    }
    status = [
        implied[typed] if typed in implied and typed_status_of(text).value != typed else text
        for text, typed in zip(tx["status_text"].tolist(), tx["typed_status"].tolist(), strict=True)
    ]
    clients: Columns = {
        Field.CLIENT_ID: cl["client_id"].tolist(),
        Field.NAME: cl["name"].tolist(),
        Field.ADDRESS: cl["address"].tolist(),
        Field.PHONE: cl["phone"].tolist(),
        Field.EMAIL: cl["email"].tolist(),
        Field.TERMS: _terms(cl, lang),
        Field.CREDIT_LIMIT: cl["credit_limit"].tolist(),
    }
    transactions: Columns = {
        Field.DATE: tx["date"].reset_index(drop=True),
        Field.CLIENT_ID: tx["client_id"].tolist(),
        Field.INVOICE: tx["invoice"].tolist(),
        Field.AMOUNT: tx["amount"].tolist(),
        Field.STATUS: status,
        Field.REMARKS: tx["remarks"].tolist() if "remarks" in tx else [""] * len(tx),
        Field.DUE_DATE: tx["due_date"].reset_index(drop=True),
        Field.PAYMENT_DATE: tx["payment_date"].reset_index(drop=True),
        Field.AMOUNT_PAID: tx["amount_paid"].to_numpy(dtype=float).tolist(),
    }
    return (clients, len(cl)), (transactions, len(tx))


def _terms(cl: pd.DataFrame, lang: Lang) -> list[object]:
    """Each client's terms as a number of days, or in words when they end at a month's end
    ("45 jours fin de mois"), which the reader reads back the same."""
    if "terms_eom" not in cl or not cl["terms_eom"].any():
        return cl["terms"].tolist()
    english = lang is Lang.EN
    return [
        terms_text(d, int(e), english)
        for d, e in zip(cl["terms"].tolist(), cl["terms_eom"].tolist(), strict=True)
    ]


def _as_dates(columns: Columns) -> Columns:
    return {
        f: [None if pd.isna(x) else x.date() for x in v] if isinstance(v, pd.Series) else v
        for f, v in columns.items()
    }


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


@contextlib.contextmanager
def opened_for_writing(target: Path | BinaryIO) -> Iterator[BinaryIO]:
    """The file opened for writing, or the stream as it is (left open)."""
    if isinstance(target, Path):
        with target.open("wb") as fh:
            yield fh
    else:
        yield target


def write_ledger_workbook(
    target: str | Path | BinaryIO,
    ledger: Ledger,
    lang: Lang,
    settings: Settings | None = None,
    as_of: dt.date | None = None,
    source: str = "",
) -> None:
    """A Clients / Transactions / Paramètres workbook holding a Ledger (see ledger_columns),
    into a file or an empty seekable stream (a book the caller keeps working on in memory);
    `source`: the export it comes from (SOURCE)."""
    if isinstance(target, str):
        target = Path(target)
    clients, transactions = ledger_columns(ledger, lang)
    try:
        if not _hashable(settings):
            raise Unstreamable("settings that cannot key the frame cache")
        write_streamed(target, lang, clients, transactions, settings, as_of, source)
    except Unstreamable:
        # through XlsxWriter, for what the stream cannot say as it would
        unstreamed = functools.partial(
            write_input_columns,
            lang=lang,
            clients=(_as_dates(clients[0]), clients[1]),
            transactions=(_as_dates(transactions[0]), transactions[1]),
            settings=settings,
            as_of=as_of,
            constant_memory=transactions[1] > 20_000,
            converted=True,
            source=source,
        )
        if isinstance(target, Path):
            unstreamed(target)
            return
        # XlsxWriter writes a stream with other zip dates and all in memory: a file it is
        fd, name = tempfile.mkstemp(prefix=".arxl-", suffix=".xlsx")
        os.close(fd)
        try:
            unstreamed(Path(name))
            target.seek(0)
            target.truncate()
            with open(name, "rb") as fh:
                shutil.copyfileobj(fh, target, 1 << 20)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(name)
