"""Read the owner's Clients and Transactions sheets into a Ledger (python-calamine, no openpyxl)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from arxl.cells import plain_text, plain_texts
from arxl.errors import MissingColumns, UnknownField, WorkbookNotFound
from arxl.memory import give_back
from arxl.model import Issue, Ledger
from arxl.readers import values as V
from arxl.readers.layout import (
    CANCELLED,
    CLIENTS,
    DRAFT,
    INVOICES,
    Found,
    Layout,
    as_of_cell,
    choose,
    parse_map,
    parse_status_map,
    status_word,
)
from arxl.readers.workbook import Formulas, SheetSource, find_sheet
from arxl.settings import setting_for_label
from arxl.vocab import (
    CANCELLED_STATUSES,
    CLIENT_SHEET_NAMES,
    CONSUMER_WORDS,
    NOT_RECEIVABLE_STATUSES,
    PAYMENT_SHEET_NAMES,
    SETTINGS_SHEET_NAMES,
    TRANSACTION_SHEET_NAMES,
    YES_WORDS,
    ClientType,
    EntryKind,
    Field,
    Lang,
    TypedStatus,
    entry_kind_of_type,
    entry_kind_of_words,
    fold,
    fold_words,
    mentions_dispute,
    typed_status,
)

Progress = Callable[[str, float], None]

# A row whose label says "Total" and that has no date is a totals row, not an invoice.
_TOTAL_WORDS = ("total", "totaux", "soustotal", "grandtotal", "somme", "sum", "subtotal")

_FORMULA_FR = "Formule sans valeur enregistrée : ouvrez et enregistrez le fichier dans Excel"
_FORMULA_EN = "Formula without a stored value: open and save the file in Excel"


def _column(table: Found, field: Field) -> list[object] | None:
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


def _nonblank_mask(table: Found) -> np.ndarray:
    """Rows with something in at least one recognised column (blank rows are skipped)."""
    fields = [f for f in table.columns if f not in _CASH_FIELDS]  # a label alone is no row
    if not fields:
        return np.zeros(len(table.rows), dtype=bool)
    mask = np.asarray(_column(table, fields[0]), dtype=object) != ""
    for field in fields[1:]:  # the other columns only where the first one is blank
        rest = np.flatnonzero(~mask)
        if not len(rest):
            break
        col = _column(table, field)
        assert col is not None
        mask[rest] = np.asarray([col[i] for i in rest.tolist()], dtype=object) != ""
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


def row_numbers(table: Found) -> np.ndarray:
    """The sheet row (or file line) number of each data row."""
    if table.row_numbers is not None:
        return np.asarray(table.row_numbers, dtype=np.int64)
    return np.arange(table.first_row, table.first_row + len(table.rows), dtype=np.int64)


class _IssueSink:
    def __init__(self, sheet: str, table: Found) -> None:
        self.sheet, self.table, self.items = sheet, table, []  # type: list[Issue]
        self.rows = row_numbers(table)

    def add(self, positions: np.ndarray, field: Field, raw: list[object], fr: str, en: str) -> None:
        header = self.table.headers.get(field, "")
        for i in np.flatnonzero(positions):
            self.items.append(Issue(self.sheet, int(self.rows[i]), header, raw[i], fr, en))


_NOT_TEXT = frozenset(
    (
        Field.DATE,
        Field.DUE_DATE,
        Field.PAYMENT_DATE,
        Field.AMOUNT,
        Field.AMOUNT_PAID,
        Field.BALANCE,
        Field.DEBIT,
        Field.CREDIT,
        Field.TERMS,
        Field.CREDIT_LIMIT,
    )
)


def long_cells(table: Found) -> list[Issue]:
    """The cells of the recognised text columns longer than Excel holds (cut when written;
    such text in a date or amount column is reported as unreadable)."""
    out = []
    rows = row_numbers(table)
    for field in table.columns:
        if field in _NOT_TEXT:
            continue
        col = _column(table, field)
        for i in V.long_texts(col or []):
            text = str(col[i])  # type: ignore[index]
            out.append(
                Issue(
                    table.sheet,
                    int(rows[i]),
                    table.headers.get(field, ""),
                    text[:100] + "…",
                    *V.long_text_message(len(text)),
                )
            )
    return out


def fill_merged(table: Found, merged: Sequence[tuple[int, int, int, int]]) -> list[Issue]:
    """Read merged cells as Excel shows them: a range over several rows of one recognised
    column gives its value to each of them; a range over several recognised columns is
    reported (its value is read in its first column only)."""
    issues: list[Issue] = []
    if not merged:
        return issues
    by_col = {table.first_col + c: f for f, c in table.columns.items()}
    n = len(table.rows)
    for r1, c1, r2, c2 in merged:
        i1, i2 = max(r1 - table.first_row, 0), min(r2 - table.first_row, n - 1)
        if i1 > i2 or r1 < table.first_row - 1:
            continue
        fields = [by_col[c] for c in range(c1, c2 + 1) if c in by_col]
        if not fields:
            continue
        ref = f"{_letters(c1)}{r1}:{_letters(c2)}{r2}"
        if len(fields) > 1:
            issues.append(
                Issue(
                    table.sheet,
                    r1,
                    table.headers.get(fields[0], ""),
                    ref,
                    f"Cellules fusionnées {ref} sur plusieurs colonnes : valeur lue dans la "
                    "première seulement ; défusionnez-les (Accueil > Fusionner)",
                    f"Merged cells {ref} over several columns: value read in the first one "
                    "only; unmerge them (Home > Merge)",
                )
            )
        c = c1 - table.first_col
        if r2 == r1 or r1 < table.first_row or by_col.get(c1) is None:
            continue
        top = table.rows[i1]
        value = top[c] if c < len(top) else ""
        for i in range(i1 + 1, i2 + 1):
            row = table.rows[i]
            if c >= len(row):
                row.extend([""] * (c + 1 - len(row)))
            row[c] = value
    table.cache.clear()
    return issues


def _letters(col: int) -> str:
    s = ""
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def _formula_masks(table: Found, formulas: Formulas) -> dict[Field, np.ndarray]:
    """Per field: the data rows whose cell is a formula without a stored value."""
    out: dict[Field, np.ndarray] = {}
    if not formulas.missing:
        return out
    by_col = {table.first_col + c: f for f, c in table.columns.items()}
    n = len(table.rows)
    for row, col in formulas.missing:
        f = by_col.get(col)
        i = row - table.first_row
        if f is not None and 0 <= i < n:
            out.setdefault(f, np.zeros(n, dtype=bool))[i] = True
    return out


def name_key(name: str) -> str:
    """A client name compared without case, accents and extra spaces."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().split())


def derived_id(key: str) -> str:
    """The stable id of a client known only by its name (the same name always gets it)."""
    return "N-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10].upper()


def read_clients(
    table: Found, formulas: Formulas | None = None
) -> tuple[pd.DataFrame, list[Issue]]:
    """One row per client; ids derived from the name when the sheet has no id column."""
    sink = _IssueSink(table.sheet, table)
    sink.items.extend(fill_merged(table, formulas.merged if formulas else []))
    sink.items.extend(long_cells(table))
    keep = _nonblank_mask(table)
    n = len(table.rows)
    for f, mask in _formula_masks(table, formulas or Formulas()).items():
        sink.add(mask & keep, f, [""] * n, _FORMULA_FR, _FORMULA_EN)
    names_raw = _column(table, Field.NAME)
    names = plain_texts(names_raw) if names_raw is not None else [""] * n
    ids_raw = _column(table, Field.CLIENT_ID)
    if ids_raw is not None:
        ids = V.id_texts(ids_raw)
        missing_id = np.array([not s for s in ids], dtype=bool) & keep
        sink.add(missing_id, Field.CLIENT_ID, ids_raw, "ID client manquant", "Missing client id")
    else:
        ids = [derived_id(name_key(x)) if x else "" for x in names]
        missing_id = np.array([not s for s in ids], dtype=bool) & keep
        sink.add(missing_id, Field.NAME, names, "Nom du client manquant", "Missing client name")
    keep &= ~missing_id
    frame = pd.DataFrame({"row": row_numbers(table), "client_id": ids, "name": names})
    for field in (Field.ADDRESS, Field.PHONE, Field.EMAIL):
        col = _column(table, field)
        frame[field.value] = plain_texts(col) if col is not None else ""
    _reminder_columns(table, frame, sink, keep)
    bounds = V.Bounds()
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
        if field is Field.TERMS:
            odd = V.outside_terms(nums, bounds.max_terms)
            sink.add(odd & keep, field, col, *bounds.terms_message())
        else:
            odd = V.absurd_amounts(nums, bounds.amount_limit)
            message = bounds.amount_message("Limite de crédit", "Credit limit", V.IGNORED)
            sink.add(odd & keep, field, col, *message)
        nums[odd] = np.nan
        frame[field.value] = nums
    frame = frame[keep].reset_index(drop=True)
    frame["client_key"] = frame["client_id"]
    dup = frame["client_key"].duplicated(keep="first").to_numpy()
    id_field = Field.CLIENT_ID if ids_raw is not None else Field.NAME
    for i in np.flatnonzero(dup):
        sink.items.append(
            Issue(
                table.sheet,
                int(frame["row"].iat[i]),
                table.headers[id_field],
                frame["client_id" if ids_raw is not None else "name"].iat[i],
                "Client en double (la première ligne est utilisée)",
                "Duplicate client (the first row is used)",
            )
        )
    frame = frame[~dup].reset_index(drop=True)
    frame["derived"] = False
    return frame, sink.items


def _reminder_columns(
    table: Found, frame: pd.DataFrame, sink: _IssueSink, keep: np.ndarray
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


def is_total_row(row: Sequence[object]) -> bool:
    """A row carrying a "Total" label (checked on rows without a date: totals, not invoices)."""
    return any(isinstance(cell, str) and fold(cell).startswith(_TOTAL_WORDS) for cell in row)


def _total_rows(table: Found, candidates: np.ndarray) -> np.ndarray:
    """Rows among `candidates` (no date) that carry a "Total" label: totals, not invoices."""
    out = np.zeros(len(table.rows), dtype=bool)
    for i in np.flatnonzero(candidates).tolist():
        out[i] = is_total_row(table.rows[i])
    return out


def read_transactions(
    table: Found,
    formulas: Formulas | None = None,
    date1904: bool = False,
    statuses: dict[str, str] | None = None,
    bounds: V.Bounds | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    """One row per readable invoice line, with the problems found (rows left out or values
    ignored). Clients are matched later (`resolve_clients`). `statuses` is what the owner said
    their status words mean (folded words -> a TypedStatus value, or "draft"/"cancelled");
    `bounds` the plausible years and amounts (a value outside them is an anomaly)."""
    bounds = bounds or V.Bounds()
    sink = _IssueSink(table.sheet, table)
    sink.items.extend(fill_merged(table, formulas.merged if formulas else []))
    sink.items.extend(status_like_columns(table, statuses or {}))
    sink.items.extend(long_cells(table))
    n = len(table.rows)
    keep = _nonblank_mask(table)
    rows = sink.rows
    no_value = _formula_masks(table, formulas or Formulas())
    none = np.zeros(n, dtype=bool)
    for f, mask in no_value.items():
        sink.add(mask & keep, f, [""] * n, _FORMULA_FR, _FORMULA_EN)

    date_raw = _column(table, Field.DATE) or [""] * n
    dates, bad_date = V.parse_dates(date_raw, date1904=date1904, month_first=table.month_first)
    amount_raw = _column(table, Field.AMOUNT)
    if amount_raw is None and (Field.DEBIT in table.columns or Field.CREDIT in table.columns):
        amount_raw, amounts, bad_amount = _debit_minus_credit(table, n)
        table.headers.setdefault(Field.AMOUNT, table.headers.get(Field.DEBIT, "Debit"))
    else:
        amount_raw = amount_raw or [""] * n
        amounts, bad_amount = V.parse_amounts(amount_raw)
    date_formula, amount_formula = no_value.get(Field.DATE, none), no_value.get(Field.AMOUNT, none)
    keep &= ~_total_rows(table, keep & (np.isnat(dates) | bad_date) & ~date_formula)
    odd_date = V.outside_years(dates, bounds.years)
    odd_amount = V.absurd_amounts(amounts, bounds.amount_limit)
    sink.add(
        odd_date & keep, Field.DATE, date_raw, *bounds.date_message("Date", "Date", V.LEFT_OUT)
    )
    sink.add(
        odd_amount & keep,
        Field.AMOUNT,
        amount_raw,
        *bounds.amount_message("Montant", "Amount", V.LEFT_OUT),
    )
    dates[odd_date], amounts[odd_amount] = np.datetime64("NaT"), np.nan
    bad_date, bad_amount = bad_date | odd_date, bad_amount | odd_amount
    blank_date = np.isnat(dates) & ~bad_date & keep & ~date_formula
    blank_amount = np.isnan(amounts) & ~bad_amount & keep & ~amount_formula
    sink.add(
        bad_date & ~odd_date & keep,
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
        bad_amount & ~odd_amount & keep,
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

    ids_raw = _column(table, Field.CLIENT_ID)
    ids = V.id_texts(ids_raw) if ids_raw is not None else [""] * n
    names_raw = _column(table, Field.NAME)
    names = plain_texts(names_raw) if names_raw is not None else [""] * n
    inv_raw = _column(table, Field.INVOICE) or [""] * n
    invoices = plain_texts(inv_raw)
    valid = keep & ~np.isnat(dates) & ~np.isnan(amounts)
    kinds, references, descriptions = _entry_kinds(table, invoices, amounts)
    is_invoice = kinds == EntryKind.INVOICE.value
    no_client = np.array([not a and not b for a, b in zip(ids, names, strict=True)], dtype=bool)
    # an invoice of nobody is owed by nobody: out of balances, reminders and KPIs (a payment
    # or credit without a client stays: cash application looks for its client)
    sink.add(
        valid & no_client & is_invoice,
        Field.CLIENT_ID if ids_raw is not None else Field.NAME,
        ids_raw if ids_raw is not None else names,
        "Valeur obligatoire manquante : client (ligne ignorée)",
        "Missing required value: client (row left out)",
    )
    valid &= ~(no_client & is_invoice)
    sink.add(
        valid & np.array([not s for s in invoices], dtype=bool) & is_invoice,
        Field.INVOICE,
        inv_raw,
        "Valeur obligatoire manquante : numéro de facture",
        "Missing required value: invoice number",
    )

    optional_dates = {}
    for field, fr, en, what in (
        (
            Field.DUE_DATE,
            "Échéance illisible (ignorée)",
            "Unreadable due date (ignored)",
            ("Échéance", "Due date"),
        ),
        (
            Field.PAYMENT_DATE,
            "Date de paiement illisible (ignorée)",
            "Unreadable payment date (ignored)",
            ("Date de paiement", "Payment date"),
        ),
    ):
        col = _column(table, field)
        if col is None:
            optional_dates[field] = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
            continue
        parsed, bad = V.parse_dates(col, date1904=date1904, month_first=table.month_first)
        sink.add(bad & valid, field, col, fr, en)
        odd = V.outside_years(parsed, bounds.years)
        sink.add(odd & valid, field, col, *bounds.date_message(*what, V.IGNORED))
        parsed[odd] = np.datetime64("NaT")
        optional_dates[field] = parsed
    optional_amounts = {}
    for field, fr, en, what in (
        (
            Field.AMOUNT_PAID,
            "Montant payé illisible (ignoré)",
            "Unreadable amount paid (ignored)",
            ("Montant payé", "Amount paid"),
        ),
        (
            Field.BALANCE,
            "Reste à payer illisible (ignoré)",
            "Unreadable balance (ignored)",
            ("Reste à payer", "Balance"),
        ),
    ):
        col = _column(table, field)
        if col is None:
            optional_amounts[field] = np.full(n, np.nan)
            continue
        parsed_amounts, bad = V.parse_amounts(col)
        sink.add(bad & valid, field, col, fr, en)
        odd = V.absurd_amounts(parsed_amounts, bounds.amount_limit)
        sink.add(odd & valid, field, col, *bounds.amount_message(*what, V.IGNORED_M))
        parsed_amounts[odd] = np.nan
        optional_amounts[field] = parsed_amounts
    # a "left to pay" column says how much was paid when no "amount paid" column does
    balance = optional_amounts[Field.BALANCE]
    amount_paid = optional_amounts[Field.AMOUNT_PAID]
    from_balance = np.isnan(amount_paid) & ~np.isnan(balance)
    amount_paid = np.where(from_balance, amounts - balance, amount_paid)

    status_raw = _column(table, Field.STATUS)
    status_texts = plain_texts(status_raw) if status_raw is not None else [""] * n
    statuses = _typed_statuses(status_texts, statuses or {})
    type_texts = plain_texts(t) if (t := _column(table, Field.TYPE)) is not None else None
    left_out = _not_receivable(statuses, status_texts, type_texts) & valid
    header = table.headers.get(Field.STATUS) or table.headers.get(Field.TYPE, "")
    for i in np.flatnonzero(left_out).tolist():
        sink.items.append(
            Issue(
                table.sheet,
                int(rows[i]),
                header,
                status_texts[i] or (type_texts[i] if type_texts else ""),
                "Brouillon, pro forma, devis ou document annulé : pas une créance (ligne ignorée)",
                "Draft, pro forma, quote or cancelled document: not a receivable (row left out)",
            )
        )
    valid &= ~left_out
    if status_raw is not None:
        sink.items.extend(_unknown_statuses(table, statuses, status_texts, rows, valid))
    overridable = {"blank", "pending", "overdue", "unknown", "partial"}
    flags = _column(table, Field.DISPUTED)
    if flags is not None:
        statuses = [
            TypedStatus.DISPUTED.value if s in overridable and fold(f) in YES_WORDS else s
            for s, f in zip(statuses, flags, strict=True)
        ]
    remarks_raw = _column(table, Field.REMARKS)
    remark_texts = plain_texts(remarks_raw) if remarks_raw else [""] * n
    st_word, rm_word = _dispute_words(status_texts), _dispute_words(remark_texts)
    typed = np.asarray(statuses, dtype=object)
    candidates = np.isin(typed, list(overridable)) & valid & is_invoice
    candidates &= (st_word != "") | (rm_word != "")
    for i in np.flatnonzero(candidates).tolist():
        word, where = st_word[i], Field.STATUS
        if not word:
            word, where = rm_word[i], Field.REMARKS
        statuses[i] = TypedStatus.DISPUTED.value
        sink.items.append(
            Issue(
                table.sheet,
                int(rows[i]),
                table.headers.get(where, ""),
                status_texts[i] if where is Field.STATUS else remark_texts[i],
                f"« {word} » : facture traitée comme contestée (ni relance ni pénalités)",
                f'"{word}": invoice treated as disputed (no reminders, no penalties)',
            )
        )

    frame = pd.DataFrame(
        {
            "row": rows,
            "date": V.to_datetime64(dates),
            "client_id": ids,
            "client_name_text": names,
            "invoice": invoices,
            "amount": amounts,
            "typed_status": statuses,
            "status_text": status_texts,
            "remarks": remark_texts,
            "due_date": V.to_datetime64(optional_dates[Field.DUE_DATE]),
            "payment_date": V.to_datetime64(optional_dates[Field.PAYMENT_DATE]),
            "amount_paid": amount_paid,
        }
    )
    if not is_invoice.all():  # payment and credit-note rows (read_ledger moves them out)
        frame["kind"] = kinds
        frame["reference"] = references
        frame["description"] = descriptions
    frame = frame[valid].reset_index(drop=True)
    return frame, sink.items


def status_meanings(layout: Layout) -> dict[str, str]:
    """The owner's status words (folded) -> what they mean (`_typed_statuses`)."""
    return {raw: status_word(word) for raw, word in layout.statuses}


def per_distinct(texts: list[str], meaning: Callable[[str], object]) -> np.ndarray:
    """meaning(text) for each text, worked out once per distinct text (a column of a million
    cells holds a handful of status words or remarks): an object array."""
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object), use_na_sentinel=False)
    values = np.empty(len(uniques), dtype=object)
    values[:] = [meaning(u) for u in uniques.tolist()]
    return values[codes]


def _typed_statuses(texts: list[str], mapped: dict[str, str]) -> list[str]:
    """TypedStatus values (or DRAFT/CANCELLED) of the status cells: what the owner said the
    word means (Paramètres: Correspondance des statuts, or --status) first, else arxl's words."""

    def meaning(text: str) -> str:
        key = fold_words(text)
        got = mapped.get(key) or mapped.get(fold(text))
        if got is not None:
            return got
        if key in NOT_RECEIVABLE_STATUSES:
            return DRAFT
        if key in CANCELLED_STATUSES:
            return CANCELLED
        return typed_status(text).value

    return per_distinct(texts, meaning).tolist()


_STATUS_LIKE_MAX_VALUES = 12  # a status column has few distinct words
_STATUS_LIKE_SAMPLE = 5000


def status_like_columns(table: Found, mapped: dict[str, str]) -> list[Issue]:
    """Columns arxl did not recognise whose values look like statuses (few distinct words, at
    least half of them status words: Payé, unpaid, brouillon...). When the table has no status
    column, the first such column is taken as the status (and said so); any other is reported,
    with how to say what it is."""
    used = set(table.columns.values())
    out: list[Issue] = []
    for c, cell in enumerate(table.header_cells):
        if c in used or not isinstance(cell, str) or not cell.strip():
            continue
        values: dict[str, int] = {}
        for row in table.rows[:_STATUS_LIKE_SAMPLE]:
            v = row[c] if c < len(row) else ""
            if isinstance(v, str) and v.strip():
                values[v.strip()] = values.get(v.strip(), 0) + 1
                if len(values) > _STATUS_LIKE_MAX_VALUES:
                    break
        if not values or len(values) > _STATUS_LIKE_MAX_VALUES:
            continue
        known = [v for v in values if _is_status_word(v, mapped)]
        if len(known) * 2 < len(values) or not known:
            continue
        header, sample = cell.strip(), ", ".join(list(values)[:6])
        if Field.STATUS not in table.columns:
            table.columns[Field.STATUS], table.headers[Field.STATUS] = c, header
            table.cache.pop(c, None)
            fr = (
                f"Colonne « {header} » lue comme le statut des factures (valeurs : {sample}) ; "
                f'si ce n\'est pas le cas, dites-le avec --map "{header}=remarks"'
            )
            en = (
                f'Column "{header}" read as the invoices\' status (values: {sample}); if it is '
                f'not, say so with --map "{header}=remarks"'
            )
        else:
            fr = (
                f"Colonne « {header} » non lue alors que ses valeurs ressemblent à des statuts "
                f"({sample}) ; le statut est lu dans « {table.headers[Field.STATUS]} ». Si c'est "
                f'elle, dites-le avec --map "{header}=status" (Paramètres : Correspondance des '
                "colonnes)"
            )
            en = (
                f'Column "{header}" not read although its values look like statuses ({sample}); '
                f'the status is read from "{table.headers[Field.STATUS]}". If it is this one, say '
                f'so with --map "{header}=status" (Settings: Column mapping)'
            )
        out.append(Issue(table.sheet, table.first_row - 1, header, sample, fr, en))
    return out


def _is_status_word(text: str, mapped: dict[str, str]) -> bool:
    key = fold_words(text)
    return (
        key in mapped
        or key in NOT_RECEIVABLE_STATUSES
        or key in CANCELLED_STATUSES
        or typed_status(text) not in (TypedStatus.UNKNOWN, TypedStatus.BLANK)
    )


def _dispute_words(texts: list[str]) -> np.ndarray:
    """The dispute word each text mentions ("" for none)."""
    return per_distinct(texts, lambda u: mentions_dispute(u) if u else "")


def _not_receivable(
    statuses: list[str], status_texts: list[str], type_texts: list[str] | None
) -> np.ndarray:
    """Rows that are drafts, pro-formas, quotes or cancelled documents (by status or Type)."""
    out = np.array([s in (DRAFT, CANCELLED) for s in statuses], dtype=bool)
    if type_texts is not None:
        words = NOT_RECEIVABLE_STATUSES | CANCELLED_STATUSES
        out |= per_distinct(type_texts, lambda u: bool(u) and fold_words(u) in words).astype(bool)
    return out


_MAX_LISTED_ROWS = 20


def _unknown_statuses(
    table: Found, statuses: list[str], texts: list[str], rows: np.ndarray, valid: np.ndarray
) -> list[Issue]:
    """One Anomalies line per status word arxl does not know: the word, how many rows and
    which, and how to say what it means. The status of those rows is worked out from dates
    and amounts."""
    found: dict[str, list[int]] = {}
    unknown = (np.asarray(statuses, dtype=object) == TypedStatus.UNKNOWN.value) & valid
    for i in np.flatnonzero(unknown).tolist():
        found.setdefault(texts[i], []).append(int(rows[i]))
    out = []
    header = table.headers.get(Field.STATUS, "")
    for text, where in found.items():
        listed = ", ".join(map(str, where[:_MAX_LISTED_ROWS]))
        more = "…" if len(where) > _MAX_LISTED_ROWS else ""
        out.append(
            Issue(
                table.sheet,
                where[0],
                header,
                text,
                f"Statut non reconnu « {text} » sur {len(where)} ligne(s) ({listed}{more}) : "
                "statut recalculé d'après les dates et montants. Dites ce qu'il signifie dans "
                f"Paramètres, Correspondance des statuts (par exemple « {text}=Payé ») ou avec "
                f'--status "{text}=paid"',
                f'Unknown status "{text}" on {len(where)} row(s) ({listed}{more}): status worked '
                "out from dates and amounts. Say what it means in Settings, Status mapping (for "
                f'example "{text}=Paid") or with --status "{text}=paid"',
            )
        )
    return out


_CASH_FIELDS = (Field.TYPE, Field.REFERENCE, Field.DESCRIPTION)


def _entry_kinds(
    table: Found, invoices: list[str], amounts: np.ndarray
) -> tuple[np.ndarray, list[str], list[str]]:
    """Per row: invoice, payment or credit note (EntryKind values), with the reference and
    description texts. A Type cell decides when it names a kind (Avoir, Retour/Return are
    credit notes); a negative amount is never an invoice: a payment when the Type or its text
    says so (Règlement, Virement, Advance...), else a credit note (an avoir is a negative
    invoice)."""
    n = len(invoices)
    kinds = np.full(n, EntryKind.INVOICE.value, dtype=object)
    ref_raw = _column(table, Field.REFERENCE)
    desc_raw = _column(table, Field.DESCRIPTION)
    references = plain_texts(ref_raw) if ref_raw is not None else [""] * n
    descriptions = plain_texts(desc_raw) if desc_raw is not None else [""] * n
    type_raw = _column(table, Field.TYPE)
    typed: list[EntryKind | None] = [None] * n
    if type_raw is not None:
        cache: dict[str, EntryKind | None] = {}
        for i, v in enumerate(plain_texts(type_raw)):
            if v not in cache:
                cache[v] = entry_kind_of_type(v)
            typed[i] = cache[v]
    negative = np.flatnonzero(amounts < 0).tolist()
    for i in {i for i, k in enumerate(typed) if k is not None}:
        kinds[i] = typed[i].value  # type: ignore[union-attr]
    for i in negative:
        kind = typed[i]
        if kind is None or kind is EntryKind.INVOICE:
            kind = entry_kind_of_words(f"{invoices[i]} {descriptions[i]}") or EntryKind.CREDIT
        kinds[i] = kind.value
    return kinds, references, descriptions


def _debit_minus_credit(table: Found, n: int) -> tuple[list[object], np.ndarray, np.ndarray]:
    """Ledger-line exports: amount = debit - credit (a blank side counts as 0)."""
    parts = []
    for f in (Field.DEBIT, Field.CREDIT):
        raw = _column(table, f) or [""] * n
        values, bad = V.parse_amounts(raw)
        parts.append((raw, values, bad))
    (draw, debit, dbad), (craw, credit, cbad) = parts
    blank = np.isnan(debit) & np.isnan(credit)
    amounts = np.where(blank, np.nan, np.nan_to_num(debit) - np.nan_to_num(credit))
    bad = dbad | cbad
    raw = [d if d != "" else c for d, c in zip(draw, craw, strict=True)]
    return raw, amounts, bad


def resolve_clients(
    transactions: pd.DataFrame, clients: pd.DataFrame | None, sheet_has_ids: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every transaction its client: by id when it has one, else by name (the clients
    sheet's id for that name, or an id derived from the name). Clients known only from the
    invoices are added (`derived`); an id absent from a clients sheet stays unknown."""
    ids = transactions["client_id"].to_numpy(dtype=object).copy()
    names = transactions["client_name_text"].to_numpy(dtype=object)
    by_name: dict[str, str] = {}
    if clients is not None:
        for cid, name in zip(clients["client_id"], clients["name"], strict=True):
            if name:
                by_name.setdefault(name_key(name), cid)
    from_name = np.array([not i and bool(nm) for i, nm in zip(ids, names, strict=True)], bool)
    for i in np.flatnonzero(from_name).tolist():
        key = name_key(names[i])
        ids[i] = by_name.get(key) or derived_id(key)
    tx = transactions.drop(columns=["client_name_text"])
    tx["client_id"] = ids
    tx["client_key"] = ids
    known = set(clients["client_key"]) if clients is not None else set()
    # new clients: every client of a workbook without a clients sheet, and the clients of
    # a clients sheet's workbook known only by a name that is not in it
    new_mask = np.array([k != "" and k not in known for k in ids], dtype=bool)
    if clients is not None and sheet_has_ids:
        new_mask &= from_name
    first = pd.DataFrame({"client_key": ids, "name": names, "row": transactions["row"]})[new_mask]
    first = first.drop_duplicates("client_key")
    added = derived_clients(
        first["client_key"].tolist(), first["name"].tolist(), first["row"].tolist()
    )
    if clients is None:
        return tx, added.reset_index(drop=True)
    if added.empty:
        return tx, clients
    return tx, pd.concat([clients, added], ignore_index=True)


def unmatched_clients(
    table: Found, listed: pd.DataFrame, transactions: pd.DataFrame
) -> list[Issue]:
    """A list of clients of which no invoice names any client: its emails and terms would be
    silently unused (ids written differently, another column holding the id...)."""
    if listed.empty or transactions.empty:
        return []
    known = set(listed["client_key"])
    if transactions["client_key"].isin(known).any():  # vectorised: the usual case
        return []
    used = set(transactions["client_key"])
    ours = ", ".join(sorted(map(str, known))[:5])
    theirs = ", ".join(sorted(map(str, used - {""}))[:5])
    header = table.headers.get(Field.CLIENT_ID) or table.headers.get(Field.NAME, "")
    return [
        Issue(
            table.sheet,
            table.first_row - 1,
            header,
            ours,
            f"Aucun client de cette liste ne correspond aux factures (liste : {ours}… ; "
            f"factures : {theirs}…) : ses emails et délais ne sont pas utilisés. Vérifiez la "
            f"colonne « {header} » ou indiquez la bonne avec --map",
            f"No client of this list matches the invoices (list: {ours}…; invoices: "
            f'{theirs}…): its emails and terms are not used. Check the "{header}" column or '
            "name the right one with --map",
        )
    ]


def derived_clients(keys: list[str], names: list[str], rows: list[int]) -> pd.DataFrame:
    """Clients known only from the rows that name them (no clients list, or a name not in it):
    the clients frame's columns, with blanks and defaults."""
    return pd.DataFrame(
        {
            "row": np.asarray(rows, dtype=np.int64),
            "client_id": keys,
            "name": names,
            "address": "",
            "phone": "",
            "email": "",
            "terms": np.nan,
            "credit_limit": np.nan,
            "client_key": keys,
            "derived": True,
            "lang": "",
            "no_reminder": False,
            "client_type": ClientType.BUSINESS.value,
        }
    )


def with_payment_clients(
    clients: pd.DataFrame, cash: pd.DataFrame, payments: pd.DataFrame
) -> pd.DataFrame:
    """The clients, plus those only a credit note or payment row names (a client owed a
    credit and owing nothing is still a client: its net balance is negative)."""
    known = set(clients["client_key"])
    names = cash["client_name_text"].tolist() if "client_name_text" in cash else []
    new: dict[str, tuple[int, str]] = {}
    for key, row, name in zip(payments["client_key"], cash["row"], names, strict=False):
        if key and key not in known and key not in new:
            new[key] = (int(row), name)
    if not new:
        return clients
    added = derived_clients(list(new), [n for _, n in new.values()], [r for r, _ in new.values()])
    return pd.concat([clients, added], ignore_index=True)


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
    from arxl.readers.payments import (
        read_payments_table,
        resolve_payment_clients,
        split_transactions,
    )

    transactions, cash = split_transactions(transactions, tx_table.sheet)
    listed = clients
    transactions, clients = resolve_clients(
        transactions, clients, cl_table is not None and Field.CLIENT_ID in cl_table.columns
    )
    if cl_table is not None and listed is not None:
        cl_issues += unmatched_clients(cl_table, listed, transactions)
    pay_issues: list[Issue] = []
    if payments_named:
        sheet_cash, pay_issues = read_payments_table(book, payments_named, info.date1904, bounds)
        cash = pd.concat([cash, sheet_cash], ignore_index=True) if len(sheet_cash) else cash
    payments = resolve_payment_clients(cash, clients)
    if cl_table is None:  # no list of clients: a client is whoever the rows name
        clients = with_payment_clients(clients, cash, payments)
    langs = tx_table.langs + (cl_table.langs if cl_table is not None else [])
    lang = Lang.EN if langs.count(Lang.EN) > langs.count(Lang.FR) else Lang.FR
    as_of_found = as_of_cell(tx_table)
    today_cells = tx_formulas.today
    from arxl.readers.reminder_log import read_log  # it builds on this module's table finder

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


def bounds_of(rows: list[tuple[int, str, object]]) -> V.Bounds:
    """The plausible years the Paramètres rows set (the default when none or unreadable: the
    settings reader reports an unreadable value)."""
    for _, label, value in rows:
        setting = setting_for_label(label)
        if setting is not None and setting.key == "date_window":
            years = V.year_window(value)
            if years is not None:
                return V.Bounds(years=years)
    return V.Bounds()


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
