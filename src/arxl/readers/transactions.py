"""The invoice sheet's rows as typed columns: dates, amounts (or debit minus credit),
clients named, invoice numbers, statuses, and the kind of each row (invoice, payment or
credit note), with the problems found in them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arxl.cells import plain_texts
from arxl.model import Issue
from arxl.readers import values as V
from arxl.readers.balances import (
    MORE_EN,
    MORE_FR,
    OTHER_EN,
    OTHER_FR,
    impossible_balances,
    running_balance,
    running_balance_issue,
    unsigned_credit_balances,
)
from arxl.readers.bounds import (
    IGNORED,
    IGNORED_M,
    LEFT_OUT,
    SUB_CENT_EN,
    SUB_CENT_FR,
    Bounds,
    absurd_amounts,
    outside_terms,
    outside_years,
    sub_cent_texts,
)
from arxl.readers.columns import (
    FORMULA_EN,
    FORMULA_FR,
    IssueSink,
    column,
    fill_merged,
    formula_masks,
    long_cells,
    nonblank_mask,
    total_rows,
)
from arxl.readers.currency import mixed_currencies
from arxl.readers.entries import (
    entry_kinds,
    overpaid_issues,
    positive_credit_issues,
    positive_said_issues,
)
from arxl.readers.statuses import (
    Distinct,
    dispute_words,
    not_receivable,
    per_distinct,
    status_like_columns,
    typed_statuses,
    unknown_statuses,
)
from arxl.readers.tables import Found
from arxl.readers.typedcolumns import table_month_first
from arxl.readers.workbook import Formulas
from arxl.terms import due_dates, terms_days
from arxl.vocab import (
    YES_WORDS,
    EntryKind,
    Field,
    TypedStatus,
    entry_kind_of_words,
    fold,
)
from arxl.vocab.payments import is_credit_note_status


def read_transactions(
    table: Found,
    formulas: Formulas | None = None,
    date1904: bool = False,
    statuses: dict[str, str] | None = None,
    bounds: Bounds | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    """One row per readable invoice line, with the problems found (rows left out or values
    ignored). Clients are matched later (`resolve_clients`). `statuses` is what the owner said
    their status words mean (folded words -> a TypedStatus value, or "draft"/"cancelled");
    `bounds` the plausible years and amounts (a value outside them is an anomaly)."""
    bounds = bounds or Bounds()
    sink = IssueSink(table.sheet, table)
    sink.items.extend(fill_merged(table, formulas.merged if formulas else []))
    sink.items.extend(status_like_columns(table, statuses or {}))
    sink.items.extend(long_cells(table))
    n = len(table.rows)
    keep = nonblank_mask(table)
    rows = sink.rows
    no_value = formula_masks(table, formulas or Formulas())
    none = np.zeros(n, dtype=bool)
    for f, mask in no_value.items():
        sink.add(mask & keep, f, [""] * n, FORMULA_FR, FORMULA_EN)

    if table.month_first is None:  # one order for the sheet when its date columns agree
        table.month_first = table_month_first(table)
    date_raw = column(table, Field.DATE) or [""] * n
    dates, bad_date = V.parse_dates(date_raw, date1904=date1904, month_first=table.month_first)
    amount_raw = column(table, Field.AMOUNT)
    if amount_raw is None and (Field.DEBIT in table.columns or Field.CREDIT in table.columns):
        amount_raw, amounts, bad_amount = _debit_minus_credit(table, n)
        table.headers.setdefault(Field.AMOUNT, table.headers.get(Field.DEBIT, "Debit"))
    else:
        amount_raw = amount_raw or [""] * n
        amounts, bad_amount = V.parse_amounts(amount_raw)
    date_formula, amount_formula = no_value.get(Field.DATE, none), no_value.get(Field.AMOUNT, none)
    keep &= ~total_rows(table, keep & (np.isnat(dates) | bad_date) & ~date_formula)
    odd_date = outside_years(dates, bounds.years)
    odd_amount = absurd_amounts(amounts, bounds.amount_limit)
    sink.add(odd_date & keep, Field.DATE, date_raw, *bounds.date_message("Date", "Date", LEFT_OUT))
    sink.add(
        odd_amount & keep,
        Field.AMOUNT,
        amount_raw,
        *bounds.amount_message("Montant", "Amount", LEFT_OUT),
    )
    dates[odd_date], amounts[odd_amount] = np.datetime64("NaT"), np.nan
    sink.add(
        sub_cent_texts(amounts, amount_raw) & keep,
        Field.AMOUNT,
        amount_raw,
        SUB_CENT_FR,
        SUB_CENT_EN,
    )
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

    ids_raw = column(table, Field.CLIENT_ID)
    ids = V.id_texts(ids_raw) if ids_raw is not None else [""] * n
    names_raw = column(table, Field.NAME)
    names = plain_texts(names_raw) if names_raw is not None else [""] * n
    inv_raw = column(table, Field.INVOICE) or [""] * n
    invoices = plain_texts(inv_raw)
    valid = keep & ~np.isnat(dates) & ~np.isnan(amounts)
    status_raw = column(table, Field.STATUS)
    status_texts = plain_texts(status_raw) if status_raw is not None else [""] * n
    status_found = Distinct.of(status_texts)  # asked four questions, once per distinct word
    found = entry_kinds(
        table, invoices, amounts, statuses or {}, status_found if status_raw is not None else None
    )
    kinds, references, descriptions = found.kinds, found.references, found.descriptions
    positive_credit = found.positive_credit
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
        col = column(table, field)
        if col is None:
            optional_dates[field] = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
            continue
        parsed, bad = V.parse_dates(col, date1904=date1904, month_first=table.month_first)
        sink.add(bad & valid, field, col, fr, en)
        odd = outside_years(parsed, bounds.years)
        sink.add(odd & valid, field, col, *bounds.date_message(*what, IGNORED))
        parsed[odd] = np.datetime64("NaT")
        optional_dates[field] = parsed
    _due_from_terms(table, dates, optional_dates[Field.DUE_DATE], valid, sink, bounds)
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
        col = column(table, field)
        if col is None:
            optional_amounts[field] = np.full(n, np.nan)
            continue
        parsed_amounts, bad = V.parse_amounts(col)
        sink.add(bad & valid, field, col, fr, en)
        odd = absurd_amounts(parsed_amounts, bounds.amount_limit)
        sink.add(odd & valid, field, col, *bounds.amount_message(*what, IGNORED_M))
        parsed_amounts[odd] = np.nan
        optional_amounts[field] = parsed_amounts
    # a "left to pay" column says how much was paid when no "amount paid" column does
    balance = optional_amounts[Field.BALANCE]
    if Field.BALANCE in table.columns and running_balance(
        balance, amounts, [i or nm for i, nm in zip(ids, names, strict=True)], valid
    ):
        header = table.headers[Field.BALANCE]
        sink.items.append(running_balance_issue(table.sheet, table.first_row - 1, header))
        balance = np.full(n, np.nan)
    amount_paid = optional_amounts[Field.AMOUNT_PAID]
    from_balance = np.isnan(amount_paid) & ~np.isnan(balance)
    balance = np.where(from_balance, unsigned_credit_balances(balance, amounts), balance)
    more, other = impossible_balances(balance, amounts, from_balance & valid)
    if more.any() or other.any():
        balance_raw = column(table, Field.BALANCE) or [""] * n
        sink.add(more, Field.BALANCE, balance_raw, MORE_FR, MORE_EN)
        sink.add(other, Field.BALANCE, balance_raw, OTHER_FR, OTHER_EN)
        balance = np.where(more, amounts, np.where(other, 0.0, balance))
    amount_paid = np.where(from_balance, amounts - balance, amount_paid)

    statuses = typed_statuses(status_found, statuses or {})
    type_texts = plain_texts(t) if (t := column(table, Field.TYPE)) is not None else None
    left_out = not_receivable(statuses, status_texts, type_texts) & valid
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
    positive_credit_issues(sink, amount_raw, amounts, status_texts, positive_credit & valid)
    positive_said_issues(sink, amount_raw, amounts, found, invoices, valid)
    overpaid_issues(table, sink, invoices, amounts, amount_paid, from_balance, valid & is_invoice)
    st_word = dispute_words(status_found)
    if status_raw is not None:
        # a payment or credit-note row whose status says what it is ("Acompte", "Avoir",
        # "Deposit", "Refund") was understood: its word is no unknown status; nor is an
        # invoice's that names a dispute ("Litige client": disputed, said below)
        says_kind = per_distinct(
            status_found, lambda t: entry_kind_of_words(t) is not None or is_credit_note_status(t)
        ).astype(bool)
        said = (np.asarray(kinds, dtype=object) != EntryKind.INVOICE.value) & says_kind
        said |= is_invoice & (st_word != "")
        sink.items.extend(unknown_statuses(table, statuses, status_texts, rows, valid & ~said))
    sink.items.extend(mixed_currencies(table, rows, valid))
    overridable = {"blank", "pending", "overdue", "unknown", "partial"}
    flags = column(table, Field.DISPUTED)
    if flags is not None:
        statuses = [
            TypedStatus.DISPUTED.value if s in overridable and fold(f) in YES_WORDS else s
            for s, f in zip(statuses, flags, strict=True)
        ]
    remarks_raw = column(table, Field.REMARKS)
    remark_texts = plain_texts(remarks_raw) if remarks_raw else [""] * n
    rm_word = dispute_words(remark_texts)
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
            "amount": np.where(positive_credit | found.positive_said, -amounts, amounts),
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


def _due_from_terms(
    table: Found,
    dates: np.ndarray,
    due: np.ndarray,
    valid: np.ndarray,
    sink: IssueSink,
    bounds: Bounds,
) -> None:
    """An invoice's own terms ("Net 60", "30 jours", "Due on receipt") give its due date where
    the export writes none (in place); terms arxl cannot count in days, or out of the bounds
    the clients' terms are held to, are flagged, and such an invoice falls due as its
    client's terms say."""
    raw = column(table, Field.TERMS)
    if raw is None:
        return
    days, eom, unread = terms_days(raw)
    odd = outside_terms(days, bounds.max_terms)
    sink.add(odd & valid & np.isnat(due), Field.TERMS, raw, *bounds.terms_message())
    days[odd] = np.nan
    fill = np.isnat(due) & ~np.isnan(days) & ~np.isnat(dates)
    due[fill] = due_dates(dates[fill], days[fill], eom[fill])
    sink.add(
        unread & valid & np.isnat(due),
        Field.TERMS,
        raw,
        "Délai de paiement non compris : échéance selon le délai du client (ou celui par défaut)",
        "Payment terms not understood: due date from the client's terms (or the default)",
    )


def _debit_minus_credit(table: Found, n: int) -> tuple[list[object], np.ndarray, np.ndarray]:
    """Ledger-line exports: amount = debit - credit (a blank side counts as 0)."""
    parts = []
    for f in (Field.DEBIT, Field.CREDIT):
        raw = column(table, f) or [""] * n
        values, bad = V.parse_amounts(raw)
        parts.append((raw, values, bad))
    (draw, debit, dbad), (craw, credit, cbad) = parts
    blank = np.isnan(debit) & np.isnan(credit)
    amounts = np.where(blank, np.nan, np.nan_to_num(debit) - np.nan_to_num(credit))
    bad = dbad | cbad
    raw = [d if d != "" else c for d, c in zip(draw, craw, strict=True)]
    return raw, amounts, bad
