"""Read the owner's Clients and Transactions sheets into a Ledger (python-calamine, no openpyxl)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from arxl.cells import plain_text
from arxl.errors import MissingColumns, UnknownField, WorkbookNotFound
from arxl.memory import give_back
from arxl.model import Issue, Ledger
from arxl.readers import values as V
from arxl.readers.bounds import Bounds, year_window
from arxl.readers.cellformats import invoice_formats
from arxl.readers.clients import (
    read_clients,
    resolve_clients,
    unmatched_clients,
    with_payment_clients,
)
from arxl.readers.layout import CLIENTS, INVOICES, Layout, parse_map, parse_status_map
from arxl.readers.payments import read_payments_table, resolve_payment_clients, split_transactions
from arxl.readers.statuses import status_meanings
from arxl.readers.tables import as_of_cell, check_mapped, choose
from arxl.readers.transactions import read_transactions
from arxl.readers.workbook import SheetSource, find_sheet
from arxl.settings import setting_for_label
from arxl.vocab import (
    CLIENT_SHEET_NAMES,
    PAYMENT_SHEET_NAMES,
    SETTINGS_SHEET_NAMES,
    TRANSACTION_SHEET_NAMES,
    Field,
    Lang,
    fold,
)

Progress = Callable[[str, float], None]


def read_settings_sheet(book: SheetSource, name: str) -> list[tuple[int, str, object]]:
    """Rows (excel row, label, value) of the settings sheet: label in column A, value in B."""
    rows, first_row, first_col = book.rows(name)
    out = []
    for i, row in enumerate(rows):
        cells = [None] * (first_col - 1) + list(row)
        if len(cells) >= 1 and isinstance(cells[0], str) and cells[0].strip():
            value = cells[1] if len(cells) > 1 else ""
            out.append((first_row + i, cells[0], value))
    return out


def layout_from_settings(rows: list[tuple[int, str, object]], folder: Path | None = None) -> Layout:
    """The Paramètres rows that say where the tables are (invoice sheet, clients sheet or
    workbook, columns, status values); a relative clients workbook is in `folder`."""
    values: dict[str, str] = {}
    labels: dict[str, str] = {}
    for _, label, value in rows:
        setting = setting_for_label(label)
        if setting is not None and not V.is_blank(value):
            values[setting.key] = plain_text(value).strip()
            labels[setting.key] = str(label).strip()
    clients_book = Path(values["clients_book"]) if values.get("clients_book") else None
    if clients_book is not None and not clients_book.is_absolute() and folder is not None:
        clients_book = folder / clients_book

    def parsed(key: str, parse: Callable[[list[str]], tuple]) -> tuple:
        try:
            return parse([values[key]]) if values.get(key) else ()
        except UnknownField as exc:  # say which row to correct
            raise UnknownField(f"Paramètres, row '{labels[key]}': {exc}") from None

    return Layout(
        sheet=values.get("invoice_sheet") or None,
        clients_sheet=values.get("clients_sheet") or None,
        clients_book=clients_book,
        columns=parsed("column_map", parse_map),
        statuses=parsed("status_map", parse_status_map),
    )


def read_ledger(
    path: Path,
    progress: Progress | None = None,
    source: SheetSource | None = None,
    layout: Layout | None = None,
) -> Ledger:
    """Read the invoices, the clients (when there is a list of them) and Paramètres."""
    book = source if source is not None else SheetSource(path)
    names = book.sheet_names
    info = book.info
    if progress:
        progress("read", 0.0)
    settings_name = find_sheet(names, SETTINGS_SHEET_NAMES)
    settings_rows = read_settings_sheet(book, settings_name) if settings_name else []
    asked = layout.columns if layout is not None else ()  # the command's --map
    layout = (layout or Layout()).merged(layout_from_settings(settings_rows, path.parent))

    others = [n for n in names if n not in info.owned and n != settings_name]
    clients_named = find_sheet(others, CLIENT_SHEET_NAMES)
    payments_named = find_sheet(others, PAYMENT_SHEET_NAMES)
    if payments_named and payments_named != layout.sheet:
        others = [n for n in others if n != payments_named]
    tx_table = choose(
        book,
        path.name,
        INVOICES,
        layout,
        TRANSACTION_SHEET_NAMES,
        [n for n in others if n != clients_named and n != layout.clients_sheet],
        layout.sheet,
    )
    assert tx_table is not None
    cl_source, cl_book = book, path
    if layout.clients_book is not None:
        cl_book = Path(layout.clients_book)
        if not cl_book.is_file():
            raise WorkbookNotFound(
                f"{path.name}: the clients workbook {cl_book} (Paramètres: 'Classeur des "
                "clients') does not exist; correct the row or clear it."
            )
        cl_source = SheetSource(cl_book)
    if cl_source is book:
        cl_others = [
            n
            for n in others
            if n != tx_table.sheet and ("client" in fold(n) or "customer" in fold(n))
        ]
    else:  # the owner said the clients are there: any sheet of that workbook may hold them
        cl_others = list(cl_source.sheet_names)
    cl_table = choose(
        cl_source,
        cl_book.name,
        CLIENTS,
        layout,
        CLIENT_SHEET_NAMES if cl_source is not book or clients_named else (),
        cl_others,
        layout.clients_sheet,
    )
    if cl_table is None and cl_source is not book:
        raise MissingColumns(
            f"{cl_book.name}: no list of clients found (a header with ID Client or Nom); "
            f"sheets found: {', '.join(cl_source.sheet_names)}."
        )
    check_mapped(path.name, asked, [t for t in (tx_table, cl_table) if t is not None])
    if progress:
        progress("read", 0.5)
    tx_formulas = book.formulas(tx_table.sheet)
    bounds = bounds_of(settings_rows)
    transactions, tx_issues = read_transactions(
        tx_table, tx_formulas, info.date1904, status_meanings(layout), bounds
    )
    clients = None
    cl_issues: list[Issue] = []
    if cl_table is not None:
        clients, cl_issues = read_clients(cl_table, cl_source.formulas(cl_table.sheet))
    transactions, cash = split_transactions(transactions, tx_table.sheet)
    listed = clients
    transactions, clients = resolve_clients(
        transactions, clients, cl_table is not None and Field.CLIENT_ID in cl_table.columns
    )
    if cl_table is not None and listed is not None:
        cl_issues += unmatched_clients(cl_table, listed, transactions)
    pay_issues: list[Issue] = []
    if payments_named:
        sheet_cash, pay_issues = read_payments_table(
            book, payments_named, info.date1904, bounds, tx_table.month_first
        )
        cash = pd.concat([cash, sheet_cash], ignore_index=True) if len(sheet_cash) else cash
    payments = resolve_payment_clients(cash, clients)
    if cl_table is None:  # no list of clients: a client is whoever the rows name
        clients = with_payment_clients(clients, cash, payments)
    langs = tx_table.langs + (cl_table.langs if cl_table is not None else [])
    lang = Lang.EN if langs.count(Lang.EN) > langs.count(Lang.FR) else Lang.FR
    as_of_found = as_of_cell(tx_table)
    cols = tx_table.columns
    cell_formats = invoice_formats(  # the owner's own money and date formats (arxl.formats)
        path,
        info.sheet_parts.get(tx_table.sheet),
        tx_table.first_row,
        tx_table.first_col + cols[Field.AMOUNT] if Field.AMOUNT in cols else None,
        tx_table.first_col + cols[Field.DATE] if Field.DATE in cols else None,
    )
    today_cells = tx_formulas.today
    from arxl.readers.reminder_log import read_log  # found by the same table finder (tables)

    log, log_layout, log_issues = read_log(book, names, bounds)
    for table in (tx_table, cl_table):  # the frames hold what is needed: the raw rows can go
        if table is not None:
            table.rows, table.cache = [], {}
    state = previous_state(book.release(), info.owned_keys.get("state"))
    give_back()
    ledger = Ledger(
        clients=clients,
        transactions=transactions,
        issues=cl_issues + tx_issues + log_issues + pay_issues,
        payments=payments,
        payments_sheet=payments_named or "",
        lang=lang,
        clients_sheet=cl_table.sheet if cl_table is not None else "",
        transactions_sheet=tx_table.sheet,
        settings_values={
            "rows": settings_rows,
            "previous_state": state,
            "tx_headers": {f.value: h for f, h in tx_table.headers.items()},
            "layout": layout,  # what the owner said, options and Paramètres together
            "cell_formats": cell_formats,  # (amount format code, date format code) or None
            "as_of_cell": (
                None
                if as_of_found is None
                else (*as_of_found, (as_of_found[0], as_of_found[1]) in today_cells)
            ),
        },
        settings_sheet=settings_name,
        has_clients_sheet=cl_table is not None,
        log=log,
        log_layout=log_layout,
    )
    if progress:
        progress("read", 1.0)
    return ledger


def bounds_of(rows: list[tuple[int, str, object]]) -> Bounds:
    """The plausible years the Paramètres rows set (the default when none or unreadable: the
    settings reader reports an unreadable value)."""
    for _, label, value in rows:
        setting = setting_for_label(label)
        if setting is not None and setting.key == "date_window":
            years = year_window(value)
            if years is not None:
                return Bounds(years=years)
    return Bounds()


def previous_state(book: SheetSource, sheet: str | None) -> pd.DataFrame | None:
    """arxl's hidden summary of its previous run (`sheet`: the one marked as arxl's "state",
    whatever its name) as raw columns (header -> values), None on a first run. Read in batches
    into Arrow strings: a million-row summary as Python rows would take half a gigabyte."""
    if sheet is None:
        return None
    rows = book.book.get_sheet_by_name(sheet).iter_rows()
    header = [str(x) for x in next(rows, [])]
    if not header:
        return None
    batches: list[pd.DataFrame] = []
    while batch := list(itertools.islice(rows, 50_000)):
        columns = {
            h: _state_column([r[c] if c < len(r) else None for r in batch], h)
            for c, h in enumerate(header)
            if h and h not in header[:c]  # a repeated header: the first column
        }
        batches.append(pd.DataFrame(columns))
    return pd.concat(batches, ignore_index=True) if batches else None


def _state_column(values: list[object], header: str) -> pd.Series:
    """One batch of a summary column: numbers as floats (NaN where unreadable), else text."""
    if header in ("paid", "level"):
        return pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").astype(float)
    return pd.Series(values, dtype="str")


def excel_date(value: object) -> dt.date | None:
    """One settings value as a date (real date or text), or None."""
    parsed, bad = V.parse_dates([value])
    if bad[0] or np.isnat(parsed[0]):
        return None
    return parsed[0].astype(dt.date)
