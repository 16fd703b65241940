"""Read the owner's Clients and Transactions sheets into a Ledger (python-calamine, no openpyxl)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

import numpy as np
import pandas as pd

from arxl.errors import MissingColumns, MissingSheet
from arxl.model import Issue, Ledger
from arxl.readers import values as V
from arxl.readers.workbook import SheetSource
from arxl.vocab import (
    CLIENT_HEADERS,
    CLIENT_REQUIRED,
    CLIENT_SHEET_NAMES,
    CONSUMER_WORDS,
    SETTINGS_SHEET_NAMES,
    TRANSACTION_HEADERS,
    TRANSACTION_REQUIRED,
    TRANSACTION_SHEET_NAMES,
    YES_WORDS,
    ClientType,
    Field,
    Lang,
    fold,
    typed_status,
)

HEADER_SEARCH_ROWS = 10

Progress = Callable[[str, float], None]


@dataclass
class SheetTable:
    """A sheet's data below its detected header row."""

    name: str
    columns: dict[Field, int]  # field -> index in each row
    headers: dict[Field, str]  # field -> header text as written
    rows: list[list[object]]  # data rows (raw cell values)
    first_row: int  # Excel row number of rows[0]
    langs: list[Lang]  # language of each recognised header
    cache: dict[int, list[object]] = dataclass_field(default_factory=dict)


def _lang_table(
    table: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]],
) -> dict[str, tuple[Field, set[Lang]]]:
    out: dict[str, tuple[Field, set[Lang]]] = {}
    for field, (fr, en) in table.items():
        for lang, words in ((Lang.FR, fr), (Lang.EN, en)):
            for w in words:
                key = fold(w)
                if key in out and out[key][0] is not field:
                    continue
                out.setdefault(key, (field, set()))[1].add(lang)
    return out


_CLIENT_INDEX = _lang_table(CLIENT_HEADERS)
_TRANSACTION_INDEX = _lang_table(TRANSACTION_HEADERS)


def find_sheet(sheet_names: Sequence[str], wanted: Sequence[str]) -> str | None:
    folded = {fold(n): n for n in reversed(sheet_names)}
    for w in wanted:
        if fold(w) in folded:
            return folded[fold(w)]
    return None


def _locate_table(
    name: str,
    raw: list[list[object]],
    first_row: int,
    headers_table: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]],
    index: dict[str, tuple[Field, set[Lang]]],
    required: Sequence[Field],
) -> SheetTable:
    best: tuple[int, list[str]] = (-1, [])
    for r, row in enumerate(raw[:HEADER_SEARCH_ROWS]):
        columns: dict[Field, int] = {}
        headers: dict[Field, str] = {}
        langs: list[Lang] = []
        for c, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            hit = index.get(fold(cell))
            if hit is None or hit[0] in columns:
                continue
            columns[hit[0]] = c
            headers[hit[0]] = cell.strip()
            if len(hit[1]) == 1:
                langs.extend(hit[1])
        if all(f in columns for f in required):
            return SheetTable(name, columns, headers, raw[r + 1 :], first_row + r + 1, langs)
        score = sum(f in columns for f in required)
        if score > best[0]:
            best = (score, [V.plain_text(x) for x in row if not V.is_blank(x)])
    found_best = best[1]
    found_folded = {fold(h) for h in found_best}
    missing = [
        f"{headers_table[f][0][0]} ({headers_table[f][1][0]})"
        for f in required
        if not any(fold(s) in found_folded for s in (*headers_table[f][0], *headers_table[f][1]))
    ]
    found = ", ".join(found_best) if found_best else "none"
    raise MissingColumns(
        f"sheet '{name}': missing required column(s) {', '.join(missing)} in the first "
        f"{HEADER_SEARCH_ROWS} rows; headers found: {found}."
    )


def _sheet_rows(source: SheetSource, name: str) -> tuple[list[list[object]], int, int]:
    return source.rows(name)


def _column(table: SheetTable, field: Field) -> list[object] | None:
    c = table.columns.get(field)
    if c is None:
        return None
    cached = table.cache.get(c)
    if cached is None:
        try:
            cached = [row[c] for row in table.rows]
        except IndexError:  # a ragged sheet
            cached = [row[c] if c < len(row) else "" for row in table.rows]
        table.cache[c] = cached
    return cached


def _nonblank_mask(table: SheetTable) -> np.ndarray:
    """Rows with something in at least one recognised column (blank rows are skipped)."""
    mask = np.zeros(len(table.rows), dtype=bool)
    for field in table.columns:
        mask |= np.asarray(_column(table, field), dtype=object) != ""
    # rare: cells holding only spaces look blank to the owner (a real row has a date or an id
    # that is not text, or some text that is not blank)
    first = _column(table, next(iter(table.columns)))
    assert first is not None
    textual = np.fromiter((type(v) is str for v in first), dtype=bool, count=len(first))
    for i in np.flatnonzero(mask & textual).tolist():
        row = table.rows[i]
        cells = [row[c] for c in table.columns.values() if c < len(row)]
        if all(type(v) is str and not v.strip() for v in cells):  # type: ignore[union-attr]
            mask[i] = False
    return mask


class _IssueSink:
    def __init__(self, sheet: str, table: SheetTable) -> None:
        self.sheet, self.table, self.items = sheet, table, []  # type: list[Issue]

    def add(self, positions: np.ndarray, field: Field, raw: list[object], fr: str, en: str) -> None:
        header = self.table.headers.get(field, "")
        for i in np.flatnonzero(positions):
            self.items.append(
                Issue(self.sheet, self.table.first_row + int(i), header, raw[i], fr, en)
            )


def read_clients(table: SheetTable) -> tuple[pd.DataFrame, list[Issue]]:
    sink = _IssueSink(table.name, table)
    keep = _nonblank_mask(table)
    n = len(table.rows)
    ids_raw = _column(table, Field.CLIENT_ID) or [""] * n
    ids = V.id_texts(ids_raw)
    missing_id = np.array([not s for s in ids], dtype=bool) & keep
    sink.add(missing_id, Field.CLIENT_ID, ids_raw, "ID client manquant", "Missing client id")
    keep &= ~missing_id
    frame = pd.DataFrame({"row": np.arange(table.first_row, table.first_row + n), "client_id": ids})
    for field in (Field.NAME, Field.ADDRESS, Field.PHONE, Field.EMAIL):
        col = _column(table, field)
        frame[field.value] = V.plain_texts(col) if col is not None else ""
    _reminder_columns(table, frame, sink, keep)
    for field, fr, en in (
        (Field.TERMS, "Délai de paiement illisible", "Unreadable payment terms"),
        (Field.CREDIT_LIMIT, "Limite de crédit illisible", "Unreadable credit limit"),
    ):
        col = _column(table, field)
        if col is None:
            frame[field.value] = np.nan
            continue
        nums, bad = V.parse_amounts(col)
        sink.add(bad & keep, field, col, fr, en)
        frame[field.value] = nums
    frame = frame[keep].reset_index(drop=True)
    frame["client_key"] = frame["client_id"]
    dup = frame["client_key"].duplicated(keep="first").to_numpy()
    for i in np.flatnonzero(dup):
        sink.items.append(
            Issue(
                table.name,
                int(frame["row"].iat[i]),
                table.headers[Field.CLIENT_ID],
                frame["client_id"].iat[i],
                "ID client en double (la première ligne est utilisée)",
                "Duplicate client id (the first row is used)",
            )
        )
    frame = frame[~dup].reset_index(drop=True)
    return frame, sink.items


def _reminder_columns(
    table: SheetTable, frame: pd.DataFrame, sink: _IssueSink, keep: np.ndarray
) -> None:
    """lang ("fr", "en" or "" for the workbook's), no_reminder (bool), client_type."""
    n = len(frame)
    col = _column(table, Field.LANG)
    folded = [fold(v) for v in col] if col is not None else [""] * n
    langs = [LANG_WORDS.get(f, "") for f in folded]
    if col is not None:
        unknown = np.array([bool(f) and not g for f, g in zip(folded, langs, strict=True)], bool)
        sink.add(unknown & keep, Field.LANG, col, "Langue inconnue (fr ou en)", "Unknown language")
    frame["lang"] = langs
    col = _column(table, Field.NO_REMINDER)
    frame["no_reminder"] = [fold(v) in YES_WORDS or v is True for v in col] if col else False
    col = _column(table, Field.CLIENT_TYPE)
    frame["client_type"] = [
        ClientType.CONSUMER.value if fold(v) in CONSUMER_WORDS else ClientType.BUSINESS.value
        for v in (col if col is not None else [""] * n)
    ]


LANG_WORDS = {"fr": "fr", "francais": "fr", "french": "fr", "en": "en", "anglais": "en"}
LANG_WORDS.update({"english": "en", "uk": "en", "gb": "en"})


def read_transactions(table: SheetTable) -> tuple[pd.DataFrame, list[Issue]]:
    sink = _IssueSink(table.name, table)
    n = len(table.rows)
    keep = _nonblank_mask(table)
    rows = np.arange(table.first_row, table.first_row + n)

    date_raw = _column(table, Field.DATE) or [""] * n
    dates, bad_date = V.parse_dates(date_raw)
    amount_raw = _column(table, Field.AMOUNT) or [""] * n
    amounts, bad_amount = V.parse_amounts(amount_raw)
    blank_date = np.isnat(dates) & ~bad_date & keep
    blank_amount = np.isnan(amounts) & ~bad_amount & keep
    sink.add(
        bad_date & keep,
        Field.DATE,
        date_raw,
        "Date illisible (ligne ignorée)",
        "Unreadable date (row left out)",
    )
    sink.add(
        blank_date,
        Field.DATE,
        date_raw,
        "Valeur obligatoire manquante : date (ligne ignorée)",
        "Missing required value: date (row left out)",
    )
    sink.add(
        bad_amount & keep,
        Field.AMOUNT,
        amount_raw,
        "Montant illisible (ligne ignorée)",
        "Unreadable amount (row left out)",
    )
    sink.add(
        blank_amount,
        Field.AMOUNT,
        amount_raw,
        "Valeur obligatoire manquante : montant (ligne ignorée)",
        "Missing required value: amount (row left out)",
    )

    ids_raw = _column(table, Field.CLIENT_ID) or [""] * n
    ids = V.id_texts(ids_raw)
    inv_raw = _column(table, Field.INVOICE) or [""] * n
    invoices = V.plain_texts(inv_raw)
    valid = keep & ~np.isnat(dates) & ~np.isnan(amounts)
    sink.add(
        valid & np.array([not s for s in ids], dtype=bool),
        Field.CLIENT_ID,
        ids_raw,
        "Valeur obligatoire manquante : ID client",
        "Missing required value: client id",
    )
    sink.add(
        valid & np.array([not s for s in invoices], dtype=bool),
        Field.INVOICE,
        inv_raw,
        "Valeur obligatoire manquante : numéro de facture",
        "Missing required value: invoice number",
    )

    optional_dates = {}
    for field, fr, en in (
        (Field.DUE_DATE, "Échéance illisible (ignorée)", "Unreadable due date (ignored)"),
        (
            Field.PAYMENT_DATE,
            "Date de paiement illisible (ignorée)",
            "Unreadable payment date (ignored)",
        ),
    ):
        col = _column(table, field)
        if col is None:
            optional_dates[field] = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
            continue
        parsed, bad = V.parse_dates(col)
        sink.add(bad & valid, field, col, fr, en)
        optional_dates[field] = parsed
    paid_raw = _column(table, Field.AMOUNT_PAID)
    if paid_raw is None:
        amount_paid = np.full(n, np.nan)
    else:
        amount_paid, bad_paid = V.parse_amounts(paid_raw)
        sink.add(
            bad_paid & valid,
            Field.AMOUNT_PAID,
            paid_raw,
            "Montant payé illisible (ignoré)",
            "Unreadable amount paid (ignored)",
        )

    status_raw = _column(table, Field.STATUS)
    if status_raw is None:
        statuses = ["blank"] * n
    else:
        cache: dict[str, str] = {}
        statuses = []
        for v in status_raw:
            key = v if isinstance(v, str) else V.plain_text(v)
            s = cache.get(key)
            if s is None:
                s = cache[key] = typed_status(key).value
            statuses.append(s)
        unknown = np.array([s == "unknown" for s in statuses], dtype=bool) & valid
        sink.add(
            unknown,
            Field.STATUS,
            status_raw,
            "Statut non reconnu (recalculé)",
            "Unknown status (recomputed)",
        )
    remarks_raw = _column(table, Field.REMARKS)

    frame = pd.DataFrame(
        {
            "row": rows,
            "date": V.to_datetime64(dates),
            "client_id": ids,
            "invoice": invoices,
            "amount": amounts,
            "typed_status": statuses,
            "status_text": V.plain_texts(status_raw) if status_raw else "",
            "remarks": V.plain_texts(remarks_raw) if remarks_raw else "",
            "due_date": V.to_datetime64(optional_dates[Field.DUE_DATE]),
            "payment_date": V.to_datetime64(optional_dates[Field.PAYMENT_DATE]),
            "amount_paid": amount_paid,
        }
    )
    frame = frame[valid].reset_index(drop=True)
    frame["client_key"] = frame["client_id"]
    return frame, sink.items


def read_settings_sheet(book: SheetSource, name: str) -> list[tuple[int, str, object]]:
    """Rows (excel row, label, value) of the settings sheet: label in column A, value in B."""
    rows, first_row, first_col = _sheet_rows(book, name)
    out = []
    for i, row in enumerate(rows):
        cells = [None] * (first_col - 1) + list(row)
        if len(cells) >= 1 and isinstance(cells[0], str) and cells[0].strip():
            value = cells[1] if len(cells) > 1 else ""
            out.append((first_row + i, cells[0], value))
    return out


def read_ledger(
    path: Path, progress: Progress | None = None, source: SheetSource | None = None
) -> Ledger:
    """Read Clients, Transactions and (when present) Paramètres from an .xlsx/.xlsm file."""
    book = source if source is not None else SheetSource(path)
    names = book.sheet_names
    tx_name = find_sheet(names, TRANSACTION_SHEET_NAMES)
    if tx_name is None:
        raise MissingSheet(
            f"{path.name}: no transactions sheet (named Transactions, Factures or Invoices); "
            f"sheets found: {', '.join(names) or 'none'}."
        )
    cl_name = find_sheet(names, CLIENT_SHEET_NAMES)
    if cl_name is None:
        raise MissingSheet(
            f"{path.name}: no clients sheet (named Clients or Customers); "
            f"sheets found: {', '.join(names)}."
        )
    if progress:
        progress("read", 0.0)
    tx_rows, tx_first, _ = _sheet_rows(book, tx_name)
    tx_table = _locate_table(
        tx_name, tx_rows, tx_first, TRANSACTION_HEADERS, _TRANSACTION_INDEX, TRANSACTION_REQUIRED
    )
    cl_rows, cl_first, _ = _sheet_rows(book, cl_name)
    cl_table = _locate_table(
        cl_name, cl_rows, cl_first, CLIENT_HEADERS, _CLIENT_INDEX, CLIENT_REQUIRED
    )
    if progress:
        progress("read", 0.5)
    clients, cl_issues = read_clients(cl_table)
    transactions, tx_issues = read_transactions(tx_table)
    langs = tx_table.langs + cl_table.langs
    lang = Lang.EN if langs.count(Lang.EN) > langs.count(Lang.FR) else Lang.FR
    settings_rows: list[tuple[int, str, object]] = []
    settings_name = find_sheet(names, SETTINGS_SHEET_NAMES)
    if settings_name is not None:
        settings_rows = read_settings_sheet(book, settings_name)
    from arxl.readers.reminder_log import read_log  # it builds on this module's table finder

    log, log_layout, log_issues = read_log(book, names)
    ledger = Ledger(
        clients=clients,
        transactions=transactions,
        issues=cl_issues + tx_issues + log_issues,
        lang=lang,
        clients_sheet=cl_name,
        transactions_sheet=tx_name,
        settings_values={
            "rows": settings_rows,
            "tx_headers": {f.value: h for f, h in tx_table.headers.items()},
        },
        settings_sheet=settings_name,
        log=log,
        log_layout=log_layout,
    )
    if progress:
        progress("read", 1.0)
    return ledger


def excel_date(value: object) -> dt.date | None:
    """One settings value as a date (real date or text), or None."""
    parsed, bad = V.parse_dates([value])
    if bad[0] or np.isnat(parsed[0]):
        return None
    return parsed[0].astype(dt.date)
