"""CSV, TSV and TXT exports of invoice lists (French Excel, Odoo, Xero, Invoice Ninja, IBM...).

The header row is found among the first lines (title rows above it are skipped) and its columns
are named through the same synonyms as a workbook's (`vocab`, `--map`); the rows then go
through the workbook reader's `read_transactions`, so every rule and every Anomalies line is
shared. What this module adds is what text files need: line numbers, one day/month order
for the whole file, documents that are not invoices (drafts, cancelled), and exports with one
row per invoice line (Xero) folded into one invoice.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd

from arxl.errors import MissingColumns
from arxl.model import PAID_TOLERANCE, Issue, Ledger, Tally
from arxl.readers.clients import read_clients, resolve_clients, with_payment_clients
from arxl.readers.columns import column, is_total_row
from arxl.readers.currency import written_currency
from arxl.readers.layout import CLIENTS, INVOICES, Kind, Layout, letters_to_col, match_headers
from arxl.readers.options import ReadOptions
from arxl.readers.payments import resolve_payment_clients, split_transactions
from arxl.readers.statuses import status_meanings
from arxl.readers.tables import HEADER_SEARCH_ROWS, Found, check_mapped, describe
from arxl.readers.text import read_text_rows
from arxl.readers.transactions import read_transactions
from arxl.readers.typedcolumns import table_month_first, type_columns
from arxl.vocab import (
    CANCELLED_STATUSES,
    LINE_ITEM_HEADERS,
    Field,
    Lang,
    TypedStatus,
    fold,
    fold_words,
)

DATE_FIELDS = (Field.DATE, Field.DUE_DATE, Field.PAYMENT_DATE)


def find_header(
    rows: list[list[str]], kind: Kind, layout: Layout, name: str
) -> tuple[int, dict[Field, int], dict[Field, str], list[Lang]]:
    """The first row (among the first HEADER_SEARCH_ROWS) naming the fields `kind` needs; the
    error lists the columns of the best row seen and the fields still missing."""
    if not any(c.strip() for row in rows for c in row):
        raise MissingColumns(
            f"{name}: the file is empty (no text in it): export the {kind.name_en} again from "
            "the accounting software, or leave the file out."
        )
    best: tuple[list[Field], list[str]] | None = None
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns, headers, langs = match_headers(row, kind, layout, 1)
        missing = kind.missing(columns)
        if Field.AMOUNT in missing and (Field.DEBIT in columns or Field.CREDIT in columns):
            missing.remove(Field.AMOUNT)
        if not missing:
            return r, columns, headers, langs
        texts = [c.strip() for c in row if c.strip()]
        if best is None or (len(missing), -len(texts)) < (len(best[0]), -len(best[1])):
            best = (missing, texts)
    missing, texts = best or (kind.missing({}), [])
    seen = {fold(c) for row in rows[:HEADER_SEARCH_ROWS] for c in row}
    unread = "".join(
        f' --map "{col}={f.value}": no column headed "{col}" in these lines.'
        for col, f in layout.columns
        if letters_to_col(col) is None and fold(col) not in seen
    )
    raise MissingColumns(
        f"{name}: no header row with the {kind.name_en} columns in the first "
        f"{HEADER_SEARCH_ROWS} lines. Columns found: {', '.join(texts) or 'none'}. Still "
        f"missing: {', '.join(describe(f, kind) for f in missing)}.{unread} Say which column "
        f'is which with --map "HEADER=field" (fields: {", ".join(f.value for f in kind.headers)}).'
    )


def table_from_rows(
    rows: list[list[str]], lines: list[int], name: str, kind: Kind, layout: Layout
) -> Found:
    r, columns, headers, langs = find_header(rows, kind, layout, name)
    first = lines[r + 1] if r + 1 < len(lines) else r + 2
    found = Found(
        name, columns, headers, rows[r + 1 :], first, 1, langs, rows[:r], row_numbers=lines[r + 1 :]
    )
    found.month_first = table_month_first(found)
    found.header_cells = list(rows[r])
    return found


_STATE_MAX_VALUES = 12  # a document-state column has few distinct words
_STATE_SAMPLE = 5000


def _state_columns(found: Found) -> list[tuple[int, str]]:
    """The status column, then any other column arxl does not read whose words say a document
    is a draft or cancelled (an ERP's "Statut" beside its "État du paiement", which is the one
    read as the status): (index, header)."""
    out = []
    c = found.columns.get(Field.STATUS)
    if c is not None:
        out.append((c, found.headers[Field.STATUS]))
    used = set(found.columns.values())
    for k, cell in enumerate(found.header_cells):
        if k in used or not isinstance(cell, str) or not cell.strip():
            continue
        words = {fold_words(row[k]) for row in found.rows[:_STATE_SAMPLE] if k < len(row)}
        words.discard("")
        if 0 < len(words) <= _STATE_MAX_VALUES and words & CANCELLED_STATUSES:
            out.append((k, cell.strip()))
    return out


def _drop_cancelled(found: Found) -> list[Issue]:
    """Drafts, cancelled and reversed documents are not invoices: out, each in Anomalies,
    whichever of the status column or another document-state column says so."""
    columns = _state_columns(found)
    if not columns:
        return []
    assert found.row_numbers is not None
    issues, keep_rows, keep_lines = [], [], []
    cancelled: dict[str, bool] = {}
    for row, line in zip(found.rows, found.row_numbers, strict=True):
        said = None
        for c, header in columns:
            value = row[c] if c < len(row) else ""
            hit = cancelled.get(value)
            if hit is None:
                hit = cancelled[value] = fold_words(value) in CANCELLED_STATUSES
            if hit:
                said = (header, value)
                break
        if said is not None:
            issues.append(
                Issue(
                    found.sheet,
                    line,
                    said[0],
                    said[1],
                    "Brouillon ou document annulé : pas une facture (ligne ignorée)",
                    "Draft or cancelled document: not an invoice (row left out)",
                )
            )
        else:
            keep_rows.append(row)
            keep_lines.append(line)
    if issues:
        found.rows, found.row_numbers = keep_rows, keep_lines
        found.cache.clear()
    return issues


def ragged_rows(found: Found) -> list[Issue]:
    """Rows with values beyond the header's last column: a separator inside a value that
    needed quotes, most often, which shifts the values after it."""
    assert found.row_numbers is not None
    header = list(found.header_cells or [])
    while header and not str(header[-1]).strip():
        header.pop()
    width = len(header)
    out = []
    for row, line in zip(found.rows, found.row_numbers, strict=True):
        if len(row) <= width or not any(c.strip() for c in row[width:]):
            continue
        n = len(row) - sum(1 for _ in itertools.takewhile(lambda c: not c.strip(), reversed(row)))
        out.append(
            Issue(
                found.sheet,
                line,
                "",
                " | ".join(c.strip() for c in row[width:] if c.strip())[:200],
                f"{n} valeurs pour {width} colonnes : une valeur contenant le séparateur doit "
                "être entre guillemets (valeurs en trop ignorées)",
                f"{n} values for {width} columns: a value holding the separator must be quoted "
                "(extra values ignored)",
            )
        )
    return out


def _fold_invoice_lines(tx: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Exports with one row per invoice line (Xero) repeat the invoice's number, client, date
    and total on each line: keep the first row of each such invoice."""
    named = tx["invoice"] != ""
    key = ["invoice", "client_id", "client_name_text", "date", "amount"]
    repeat = (named & tx.duplicated(key, keep="first")).to_numpy()
    return tx[~repeat].reset_index(drop=True), int(repeat.sum())


def _open_credits(tx: pd.DataFrame) -> None:
    """A credit (negative amount) of which the export says some is left (its amount paid or
    what is left to pay) is a credit not used up yet: it stays open (TypedStatus.UNAPPLIED)."""
    amount, paid = tx["amount"].to_numpy(), tx["amount_paid"].to_numpy()
    typed = tx["typed_status"].to_numpy(dtype=object)
    left = amount - paid
    mask = (
        (amount < 0)
        & ~np.isnan(paid)
        & (left < -PAID_TOLERANCE)
        & np.isin(typed, ["blank", "pending", "overdue", "unknown", "partial"])
    )
    if mask.any():
        tx.loc[mask, "typed_status"] = TypedStatus.UNAPPLIED.value


def account_for_rows(
    found: Found, kept: set[int], issues: list[Issue]
) -> tuple[Tally, list[Issue]]:
    """Give every data row a fate: transaction (or folded into one: `kept`), in Anomalies,
    or blank/total (skipped). A row with data in none of the recognised columns gets its own
    Anomalies line, so that no row disappears silently."""
    assert found.row_numbers is not None
    flagged = {i.row for i in issues}
    tally = Tally(rows=len(found.rows))
    extra: list[Issue] = []
    for line, row in zip(found.row_numbers, found.rows, strict=True):
        if line in kept:
            continue
        if line in flagged:
            tally.anomalies += 1
        elif all(not c.strip() for c in row) or is_total_row(row):
            tally.skipped += 1
        else:
            tally.anomalies += 1
            extra.append(
                Issue(
                    found.sheet,
                    line,
                    "",
                    " | ".join(c.strip() for c in row if c.strip())[:200],
                    "Aucune colonne reconnue n'est remplie (ligne ignorée)",
                    "None of the recognised columns is filled in (row left out)",
                )
            )
    return tally, extra


def left_out_rows(
    found: Found, kept: set[int], issues: list[Issue]
) -> list[tuple[int, list[str], str, str]]:
    """The data rows no transaction came from, as written, with why (the Anomalies lines of
    that row, French and English): (line, cells, reason_fr, reason_en). Blank and total rows
    are not data."""
    assert found.row_numbers is not None
    why: dict[int, list[Issue]] = {}
    for i in issues:
        if i.row is not None:
            why.setdefault(i.row, []).append(i)
    out = []
    for line, row in zip(found.row_numbers, found.rows, strict=True):
        if line in kept or line not in why:
            continue
        said = why[line]
        out.append(
            (
                line,
                list(row),
                "; ".join(i.message_fr for i in said),
                "; ".join(i.message_en for i in said),
            )
        )
    return out


def read(path: Path, options: ReadOptions) -> Ledger:
    """Read an invoice list exported as text."""
    text = read_text_rows(path, options.encoding)
    found = table_from_rows(text.rows, text.lines, path.name, INVOICES, options.layout)
    check_mapped(path.name, options.layout.columns, [found])  # no --map header left unread
    every_row, every_line = found.rows, list(found.row_numbers or [])
    issues = [
        Issue(path.name, p.line, "", p.value, p.message_fr, p.message_en) for p in text.problems
    ]
    issues += ragged_rows(found)
    issues += _drop_cancelled(found)
    # the currency the amounts write, read before their columns are typed (numbers write none)
    amounts = [column(found, f) for f in (Field.AMOUNT, Field.DEBIT, Field.CREDIT)]
    currency = written_currency([v for col in amounts if col for v in col[:2000]])
    type_columns(found)
    tx, tx_issues = read_transactions(found, statuses=status_meanings(options.layout))
    issues += tx_issues
    rows_read = set(tx["row"].tolist())
    merged = 0
    header_row = text.rows[len(found.above)]
    if any(fold(h) in LINE_ITEM_HEADERS for h in header_row):
        tx, merged = _fold_invoice_lines(tx)
    found.rows, found.row_numbers = every_row, every_line
    tally, extra = account_for_rows(found, rows_read, issues)
    left_out = left_out_rows(found, rows_read, issues + extra)
    tally.transactions, tally.merged = len(tx), merged
    # the rows as text are done with: let the steps below reuse their memory
    del every_row, every_line
    text.rows.clear()
    found.rows, found.row_numbers = [], []
    found.cache.clear()
    # negative rows (credit notes, advances, payments) go to cash application
    tx, cash = split_transactions(tx, path.name)
    tx, clients = resolve_clients(tx, None, False)
    payments = resolve_payment_clients(cash, clients)
    clients = with_payment_clients(clients, cash, payments)
    lang = Lang.EN if found.langs.count(Lang.EN) > found.langs.count(Lang.FR) else Lang.FR
    return Ledger(
        clients=clients,
        transactions=tx,
        payments=payments,
        issues=sorted(issues + extra, key=lambda i: i.row or 0),
        lang=lang,
        clients_sheet=path.name,
        transactions_sheet=path.name,
        settings_values={
            "tx_headers": {f.value: h for f, h in found.headers.items()},
            "currency": currency,
            # the rows no transaction came from, for the sheet that keeps them (api.convert)
            "left_out_files": [(path.name, list(header_row), left_out)] if left_out else [],
        },
        has_clients_sheet=False,
        tally=tally,
    )


def read_client_list(path: Path, options: ReadOptions) -> tuple[pd.DataFrame, list[Issue]]:
    """A clients file (id or name, terms, email...) given as text."""
    text = read_text_rows(path, options.encoding)
    found = table_from_rows(text.rows, text.lines, path.name, CLIENTS, options.layout)
    return read_clients(found)
