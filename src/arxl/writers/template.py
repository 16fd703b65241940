"""New input workbooks (Clients, Transactions, Paramètres) written with XlsxWriter.

Used by `arxl init` (an empty workbook to fill in), `arxl demo` (the French sample) and, as the
frame its rows are streamed into, `arxl convert` (writers/ledgerbook.py). Text is
always written with `write_string`, so an owner's "=..." stays text and "15/03/2026" typed as
text stays as typed; only real dates and numbers become Excel dates and numbers. The cells'
formats, widths and values are writers/inputcells.py's; the sample is read by writers/sample.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from arxl import formats as book_formats
from arxl.settings import Settings, sheet_header, sheet_rows
from arxl.vocab import (
    CLIENT_HEADERS,
    STATUS_LABELS,
    TRANSACTION_HEADERS,
    Field,
    Lang,
    sheet_name,
    t,
    written_header,
)
from arxl.vocab.sheet_names import CONVERTED, SOURCE
from arxl.writers.inputcells import PARTIAL_LABELS, Formats, column_width, write_value
from arxl.writers.sample import load_sample as load_sample

# Excel table names (when the sheets are tables): key -> (French, English)
TABLE_NAMES = {
    "clients": ("TableClients", "CustomersTable"),
    "transactions": ("TableFactures", "InvoicesTable"),
}
STATUS_LAST_ROW = 5000  # the status dropdown covers rows 2..5000 (more if there is more data)

# Fixed document properties: two runs give identical bytes (XlsxWriter fixes zip timestamps).
DOC_PROPERTIES = {
    "title": "Comptes clients / Accounts receivable",
    "author": "arxl",
    "created": dt.datetime(2026, 1, 1),
}


def client_headers(lang: Lang) -> list[tuple[Field, str]]:
    """(field, header) of the Clients sheet arxl writes, in column order."""
    return [(f, written_header(CLIENT_HEADERS, f, lang)) for f in CLIENT_HEADERS]


def transaction_headers(lang: Lang) -> list[tuple[Field, str]]:
    """(field, header) of the Transactions sheet arxl writes, in column order."""
    return [(f, written_header(TRANSACTION_HEADERS, f, lang)) for f in TRANSACTION_HEADERS]


def status_choices(lang: Lang) -> list[str]:
    """Labels offered by the status dropdown: the statuses plus "Partiellement payé"."""
    labels = [pair[lang is Lang.EN] for pair in STATUS_LABELS.values()]
    return [*labels, PARTIAL_LABELS[lang is Lang.EN]]


def settings_sheet_rows(
    lang: Lang, settings: Settings | None = None, as_of: dt.date | None = None
) -> list[tuple[str, object, str]]:
    """(label, value, help) of each Paramètres row, in SETTING_ROWS order.

    The as-of value is `as_of` when given, else `settings.as_of` (blank when both are None).
    """
    settings = settings or Settings()
    if as_of is not None:
        settings = settings.replace(as_of=as_of)
    return sheet_rows(settings, lang)


Columns = Mapping[Field, Sequence[object]]


def write_input_workbook(
    path: str | Path,
    *,
    lang: Lang = Lang.FR,
    clients: list[dict] | None = None,
    transactions: list[dict] | None = None,
    settings: Settings | None = None,
    as_of: dt.date | None = None,
) -> Path:
    """Write a Clients / Transactions / Paramètres workbook; row dicts are keyed by Field value.

    A missing key leaves the cell blank. Dates (date objects) become real Excel dates, numbers
    become numbers, text is written as text exactly as given.
    """

    return write_input_columns(
        path,
        lang=lang,
        clients=_columns(clients or [], client_headers(lang)),
        transactions=_columns(transactions or [], transaction_headers(lang)),
        settings=settings,
        as_of=as_of,
    )


def write_input_columns(
    path: str | Path,
    *,
    lang: Lang,
    clients: tuple[Columns, int],
    transactions: tuple[Columns, int],
    settings: Settings | None = None,
    as_of: dt.date | None = None,
    constant_memory: bool = False,
    converted: bool = False,
    source: str = "",
) -> Path:
    """The same workbook from columns (field -> values, and the row count); written row by
    row, so `constant_memory` keeps a large conversion's memory flat. `converted`: marked as
    `arxl convert`'s output (CONVERTED), which a later convert may replace; `source`: the
    export it comes from (SOURCE)."""
    path = Path(path)
    wb = new_workbook(path, constant_memory=constant_memory)
    if converted:
        wb.set_custom_property(*CONVERTED)
    if source:
        wb.set_custom_property(SOURCE, source)
    add_input_columns(
        wb, lang, clients=clients, transactions=transactions, settings=settings, as_of=as_of
    )
    wb.close()
    return path


def new_workbook(
    path: str | Path | BinaryIO, *, constant_memory: bool = False
) -> xlsxwriter.Workbook:
    """An XlsxWriter workbook that writes text as text, with arxl's fixed properties (a
    workbook written into a file object is built in memory, without temporary files)."""
    in_memory = not isinstance(path, str | Path)
    wb = xlsxwriter.Workbook(
        path if in_memory else str(path),
        {
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "constant_memory": constant_memory and not in_memory,
            "in_memory": in_memory,
        },
    )
    wb.set_properties(DOC_PROPERTIES)
    return wb


def add_input_sheets(
    wb: xlsxwriter.Workbook,
    lang: Lang,
    *,
    clients: list[dict] | None = None,
    transactions: list[dict] | None = None,
    settings: Settings | None = None,
    as_of: dt.date | None = None,
    tables: bool = False,
) -> None:
    """Add Clients, Transactions (with the status dropdown) and Paramètres to `wb` from row
    dicts; with `tables`, Clients and Transactions are Excel tables."""
    add_input_columns(
        wb,
        lang,
        clients=_columns(clients or [], client_headers(lang)),
        transactions=_columns(transactions or [], transaction_headers(lang)),
        settings=settings,
        as_of=as_of,
        tables=tables,
    )


def _columns(rows: list[dict], headers: list[tuple[Field, str]]) -> tuple[Columns, int]:
    return {f: [row.get(f.value) for row in rows] for f, _ in headers}, len(rows)


def add_input_columns(
    wb: xlsxwriter.Workbook,
    lang: Lang,
    *,
    clients: tuple[Columns, int],
    transactions: tuple[Columns, int],
    settings: Settings | None = None,
    as_of: dt.date | None = None,
    tables: bool = False,
) -> None:
    """add_input_sheets from columns (field -> values, and the row count). Amounts and dates
    are formatted as Paramètres (Devise, Format de date, Pays) or the language say."""
    s = settings or Settings()
    fmts = Formats(
        wb,
        book_formats.choose(
            lang, currency=s.currency, date_format=s.date_format, country=s.country
        ),
    )
    table = (lambda key: TABLE_NAMES[key][lang is Lang.EN]) if tables else (lambda key: None)
    _write_table(
        wb.add_worksheet(sheet_name("clients", lang)),
        client_headers(lang),
        *clients,
        fmts,
        table("clients"),
    )
    tx_sheet = wb.add_worksheet(sheet_name("transactions", lang))
    tx_headers = transaction_headers(lang)
    tx_columns, tx_count = transactions
    _write_table(tx_sheet, tx_headers, tx_columns, tx_count, fmts, table("transactions"))
    status_col = [f for f, _ in tx_headers].index(Field.STATUS)
    tx_sheet.data_validation(
        1,
        status_col,
        max(STATUS_LAST_ROW, tx_count + 1) - 1,
        status_col,
        {
            "validate": "list",
            "source": status_choices(lang),
            # A warning, not a stop: owners may keep their own words ("Réglé"), arxl reads them.
            "error_type": "warning",
            "error_title": t("Statut", "Status", lang),
            "error_message": t(
                "Choisissez un statut dans la liste.", "Pick a status from the list.", lang
            ),
        },
    )
    _write_settings_sheet(
        wb.add_worksheet(sheet_name("settings", lang)), lang, settings, as_of, fmts
    )


def write_blank_workbook(path: str | Path, lang: Lang = Lang.FR) -> Path:
    """An empty input workbook for `arxl init`: headers, formats, dropdown, default settings."""
    return write_input_workbook(path, lang=lang)


WIDTH_SAMPLE = 5000  # column widths are measured on the first rows only


def _write_table(
    ws: Worksheet,
    headers: list[tuple[Field, str]],
    columns: Columns,
    n_rows: int,
    fmts: Formats,
    table_name: str | None = None,
) -> None:
    filled = []
    for col, (field, header) in enumerate(headers):
        fmt = fmts.for_field(field)
        values = columns.get(field)
        sample = list(values[:WIDTH_SAMPLE]) if values is not None else []
        # The column format also covers the rows the owner types later.
        ws.set_column(col, col, column_width(header, field, sample), fmt)
        if table_name is None:
            ws.write_string(0, col, header, fmts.header)
        if values is not None:
            filled.append((col, values, fmt))
    for r in range(n_rows if filled else 0):  # row by row, as constant_memory mode needs
        for col, values, fmt in filled:
            write_value(ws, r + 1, col, values[r], fmt)
    ws.freeze_panes(1, 0)
    if table_name is None:
        ws.autofilter(0, 0, max(n_rows, 1), len(headers) - 1)
    else:  # the table brings its own header row and filter buttons
        ws.add_table(
            0,
            0,
            max(n_rows, 1),
            len(headers) - 1,
            {
                "name": table_name,
                "style": "Table Style Medium 2",
                "columns": [{"header": h, "header_format": fmts.header} for _, h in headers],
            },
        )
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.hide_gridlines(0)  # gridlines on screen and on paper


def _write_settings_sheet(
    ws: Worksheet,
    lang: Lang,
    settings: Settings | None,
    as_of: dt.date | None,
    fmts: Formats,
) -> None:
    rows = settings_sheet_rows(lang, settings, as_of)
    header = sheet_header(lang)
    for col, text in enumerate(header):
        ws.write_string(0, col, text, fmts.header)
    for r, (label, value, help_text) in enumerate(rows, start=1):
        ws.write_string(r, 0, label)
        is_date = isinstance(value, dt.date)
        fmt = fmts.editable_date if is_date else fmts.editable
        if value is None or value == "":
            ws.write_blank(r, 1, None, fmt)
        else:
            write_value(ws, r, 1, value, fmt)
        ws.write_string(r, 2, help_text, fmts.help)
    label_width = max(len(header[0]), *(len(label) for label, _, _ in rows)) + 2
    help_width = max(len(header[2]), *(len(h) for _, _, h in rows)) + 2
    ws.set_column(0, 0, min(label_width, 50))
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, min(help_width, 100))
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
