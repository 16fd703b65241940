"""Payments and credit notes: rows of the invoice sheet that are not invoices, and the optional
Paiements (Payments) sheet. Both end in one frame, the input of rules.allocation."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from arxl.cells import plain_texts
from arxl.model import PAID_BACK, Issue
from arxl.readers import values as V
from arxl.readers.bounds import Bounds, absurd_amounts, outside_years
from arxl.readers.clients import derived_id, listed_by_name, name_key, written_otherwise
from arxl.readers.columns import IssueSink, column, is_total_row
from arxl.readers.entries import overpaid_excess
from arxl.readers.layout import PAYMENTS, Layout
from arxl.readers.statuses import per_distinct
from arxl.readers.tables import Found, locate
from arxl.readers.workbook import SheetSource
from arxl.vocab import EntryKind, Field, TypedStatus, entry_kind_of_type, fold_words, is_advance

PAYMENT_COLUMNS = (
    "sheet",
    "row",
    "date",
    "client_key",
    "client_id",
    "kind",
    "amount",
    "label",
    "text",
    "closed",  # a credit note its own row says is used up: it settles only what it names
)


def empty_payments() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in PAYMENT_COLUMNS})
    frame["row"] = frame["row"].astype(np.int64)
    frame["date"] = pd.Series(dtype="datetime64[ns]")
    frame["amount"] = frame["amount"].astype(float)
    frame["closed"] = frame["closed"].astype(bool)
    return frame


def split_transactions(transactions: pd.DataFrame, sheet: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(invoice rows, payment and credit-note rows) of the invoice sheet's frame.

    The payment frame keeps client_id and client_name_text: clients are resolved later
    (`resolve_payment_clients`)."""
    if "kind" not in transactions:
        return _overpayments(transactions, sheet, _no_payments())
    is_invoice = (transactions["kind"] == EntryKind.INVOICE.value).to_numpy()
    if is_invoice.all():  # the usual export: invoices only
        invoices = transactions.drop(columns=["kind", "reference", "description"])
        return _overpayments(invoices.reset_index(drop=True), sheet, _no_payments())
    cash = transactions[~is_invoice]
    invoices = transactions[is_invoice].drop(columns=["kind", "reference", "description"])
    label = [
        " ".join(x for x in (inv, desc) if x)
        for inv, desc in zip(cash["invoice"], cash["description"], strict=True)
    ]
    # an advance said only by its status or remarks ("Acompte", "acompte reçu par virement")
    # keeps that word in its label: an advance is paid before its invoice, on purpose
    for col in ("status_text", "remarks"):
        if col in cash:
            saids = cash[col].tolist()
            advance = per_distinct(saids, is_advance)  # a few words, over and over
            label = [
                f"{lab} ({said})" if says and not is_advance(lab) else lab
                for lab, said, says in zip(label, saids, advance.tolist(), strict=True)
            ]
    remarks = cash["remarks"] if "remarks" in cash else pd.Series([""] * len(cash))
    text = [
        f"{r} {lab} {rem}"
        for r, lab, rem in zip(cash["reference"], label, remarks.tolist(), strict=True)
    ]
    amount, closed = _open_part(cash)
    payments = pd.DataFrame(
        {
            "sheet": sheet,
            "row": cash["row"].to_numpy(),
            "date": cash["date"].to_numpy(),
            "client_id": cash["client_id"].to_numpy(dtype=object),
            "client_name_text": cash["client_name_text"].to_numpy(dtype=object),
            "kind": cash["kind"].to_numpy(dtype=object),
            "amount": amount,
            "label": label,
            "text": text,
            "closed": closed,
        }
    )
    return _overpayments(invoices.reset_index(drop=True), sheet, payments)


def _overpayments(
    invoices: pd.DataFrame, sheet: str, payments: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(invoices, payments) once each overpaid invoice's excess is moved out: the invoice is
    paid for its amount, and what was paid beyond it is a payment of the client that names
    the invoice (dated as that payment, else as the invoice), set against its other open
    invoices by cash application like any payment, else left as the client's credit."""
    if "amount_paid" not in invoices or not len(invoices):
        return invoices, payments
    amount = invoices["amount"].to_numpy(dtype=float)
    excess = overpaid_excess(amount, invoices["amount_paid"].to_numpy(dtype=float))
    over = np.flatnonzero(excess > 0)
    if not len(over):
        return invoices, payments
    invoices = invoices.copy()
    paid = invoices["amount_paid"].to_numpy(dtype=float).copy()
    paid[over] = amount[over]
    invoices["amount_paid"] = paid
    rows = invoices.iloc[over]
    paid_on = (rows["payment_date"] if "payment_date" in rows else rows["date"]).to_numpy()
    numbers = rows["invoice"].astype(str).tolist()
    remarks = rows["remarks"].tolist() if "remarks" in rows else [""] * len(rows)
    moved = pd.DataFrame(
        {
            "sheet": sheet,
            "row": rows["row"].to_numpy(),
            "date": np.where(np.isnat(paid_on), rows["date"].to_numpy(), paid_on),
            "client_id": rows["client_id"].to_numpy(dtype=object),
            "client_name_text": rows["client_name_text"].to_numpy(dtype=object),
            "kind": EntryKind.PAYMENT.value,
            "amount": excess[over],
            "label": numbers,
            "text": [f"{n} {r}" for n, r in zip(numbers, remarks, strict=True)],
            "closed": False,
        }
    )
    moved["date"] = moved["date"].astype("datetime64[ns]")
    if not len(payments):
        return invoices, moved
    # in sheet order among the sheet's other payments (cash application's order on a same day)
    both = pd.concat([payments, moved], ignore_index=True)
    return invoices, both.sort_values("row", kind="mergesort").reset_index(drop=True)


_USED_UP = 0.005


def _open_part(cash: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(amount to apply, closed) of each payment or credit-note row of the invoice sheet.

    A payment counts in full. A credit note counts for what its own row says is left of it
    (an ERP's residual, or amount - amount used); one its row says is used up (nothing left,
    or typed Payé/Soldé with no amounts) is `closed`: it still settles the invoices it names
    (that is the lettering the owner wrote in words) but nothing else, since it was already
    used elsewhere."""
    amount = np.abs(cash["amount"].to_numpy(dtype=float))
    used = np.abs(cash["amount_paid"].to_numpy(dtype=float))
    says_paid = (cash["typed_status"] == TypedStatus.PAID.value).to_numpy(dtype=bool)
    credit = (cash["kind"] == EntryKind.CREDIT.value).to_numpy(dtype=bool)
    known = ~np.isnan(used)
    left = np.where(known, np.maximum(amount - used, 0.0), np.where(says_paid, 0.0, amount))
    closed = credit & (left <= _USED_UP)
    out = np.where(credit & ~closed, np.round(left, 2), amount)
    return out, closed


def _no_payments() -> pd.DataFrame:
    """The payments of a sheet without any: a copy of the frame made once per process (a
    frame without rows names no sheet)."""
    return _empty_payments().copy()


@functools.cache
def _empty_payments() -> pd.DataFrame:
    return _raw_payments([], "")


def _raw_payments(rows: list[dict[str, object]], sheet: str) -> pd.DataFrame:
    cols = (
        "row",
        "date",
        "client_id",
        "client_name_text",
        "kind",
        "amount",
        "label",
        "text",
        "closed",
    )
    frame = pd.DataFrame(rows, columns=list(cols))
    frame.insert(0, "sheet", sheet)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["amount"] = frame["amount"].astype(float)
    return frame


def read_payments_sheet(
    table: Found,
    date1904: bool = False,
    bounds: Bounds | None = None,
    month_first: bool | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    """The Paiements sheet: Date, ID Client (or Client), Montant, Référence (invoice numbers),
    optional Libellé and Type (a credit note when it says Avoir). Amounts are taken as
    positive whatever their sign, except a refund or a reversed payment (_reversals), which
    is taken off the client's latest payment before it. Rows without a readable date or
    amount are left out. `month_first`: the book's day/month order (its Transactions'), for
    text dates none of which can tell."""
    sink = IssueSink(table.sheet, table)
    n = len(table.rows)
    date_raw = column(table, Field.DATE) or [""] * n
    if any(V.date_order(date_raw)):
        month_first = None  # the column's own values decide
    dates, bad_date = V.parse_dates(date_raw, date1904=date1904, month_first=month_first)
    amount_raw = column(table, Field.AMOUNT) or [""] * n
    amounts, bad_amount = V.parse_amounts(amount_raw)
    texts = {
        f: plain_texts(c) if (c := column(table, f)) is not None else [""] * n
        for f in (Field.REFERENCE, Field.DESCRIPTION, Field.TYPE, Field.NAME)
    }
    ids_raw = column(table, Field.CLIENT_ID)
    ids = V.id_texts(ids_raw) if ids_raw is not None else [""] * n
    filled = np.array(
        [any(not V.is_blank(v) for v in row) for row in table.rows], dtype=bool
    ) & ~np.array([is_total_row(row) for row in table.rows], dtype=bool)
    bounds, left_out = bounds or Bounds(), ("paiement ignoré", "payment left out")
    odd_date = outside_years(dates, bounds.years) & filled
    odd_amount = absurd_amounts(amounts, bounds.amount_limit) & filled & ~odd_date
    message = bounds.date_message("Date de paiement", "Payment date", left_out)
    sink.add(odd_date, Field.DATE, date_raw, *message)
    sink.add(
        odd_amount, Field.AMOUNT, amount_raw, *bounds.amount_message("Montant", "Amount", left_out)
    )
    filled &= ~odd_date & ~odd_amount
    bad = (bad_date | np.isnat(dates)) & filled
    sink.add(
        bad,
        Field.DATE,
        date_raw,
        "Date de paiement illisible ou manquante (paiement ignoré)",
        "Unreadable or missing payment date (payment left out)",
    )
    bad_amt = (bad_amount | np.isnan(amounts)) & filled & ~bad
    sink.add(
        bad_amt,
        Field.AMOUNT,
        amount_raw,
        "Montant de paiement illisible ou manquant (paiement ignoré)",
        "Unreadable or missing payment amount (payment left out)",
    )
    keep = filled & ~bad & ~bad_amt
    back = _reversals(amounts, keep, texts)
    rows: list[dict[str, object]] = []
    for i in np.flatnonzero(keep & ~back).tolist():
        kind = entry_kind_of_type(texts[Field.TYPE][i])
        ref, desc = texts[Field.REFERENCE][i], texts[Field.DESCRIPTION][i]
        rows.append(
            {
                "row": table.first_row + i,
                "date": dates[i],
                "client_id": ids[i],
                "client_name_text": texts[Field.NAME][i],
                "kind": (EntryKind.CREDIT if kind is EntryKind.CREDIT else EntryKind.PAYMENT).value,
                "amount": abs(float(amounts[i])),
                "label": " ".join(x for x in (ref, desc) if x),
                "text": f"{ref} {desc}",
                "closed": False,
            }
        )
    for i in np.flatnonzero(back).tolist():
        sink.items.append(
            _cancel(rows, i, table, dates[i], ids[i], texts, amount_raw[i], float(amounts[i]))
        )
    # a payment paid back in full stays: it was paid until then (rules.allocation)
    rows = [r for r in rows if r["amount"] > _USED_UP or r.get(PAID_BACK)]
    frame = _raw_payments(rows, table.sheet)
    if any(r.get(PAID_BACK) for r in rows):
        frame[PAID_BACK] = [r.get(PAID_BACK, ()) for r in rows]
    return frame, sink.items


# a payment paid back or reversed: a refund to the client, a bounced cheque, a returned debit
# ("refund" alone is a credit note in ERPs: Odoo's out_refund, as entry_kind_of_type reads it)
_REFUND_WORDS = ("remboursement", "rembourse", "rembt", "chargeback", "reversal", "paid back")
_BOUNCE_WORDS = ("rejet", "rejete", "impaye", "retourne", "bounced", "returned", "unpaid")
_BOUNCED_MEANS = ("cheque", "chq", "prelevement", "prlv", "check", "direct debit", "sepa")


def _says_reversal(words: str) -> bool:
    """A refund, or a cheque or direct debit rejected ("Rejet chèque impayé"); not a receipt
    that merely names an unpaid invoice ("Règlement facture impayée")."""
    if any(w in words for w in _REFUND_WORDS):
        return True
    return any(w in words for w in _BOUNCE_WORDS) and any(m in words for m in _BOUNCED_MEANS)


def _reversals(amounts: np.ndarray, keep: np.ndarray, texts: dict[Field, list[str]]) -> np.ndarray:
    """The rows that take money back from the client instead of bringing it: a row whose Type
    says so (a refund, a rejected cheque), and among the others those of the minority sign (a
    sheet writes its receipts positive, or all with a minus as a ledger's credit side; the
    other sign is money going back; a tie reads receipts as positive). A label alone does not
    decide: a bank's label of money received may say "remboursement" (a loan repaid)."""
    said = keep & np.array([_says_reversal(fold_words(t)) for t in texts[Field.TYPE]], dtype=bool)
    rest = keep & ~said
    with np.errstate(invalid="ignore"):
        negative, positive = rest & (amounts < 0), rest & (amounts > 0)
    receipts_positive = positive.sum() >= negative.sum()
    return said | (negative if receipts_positive else positive)


def _cancel(
    rows: list[dict[str, object]],
    i: int,
    table: Found,
    when: np.datetime64,
    client: str,
    texts: dict[Field, list[str]],
    raw: object,
    amount: float,
) -> Issue:
    """Take reversal row i off the client's payments dated on or before it, the latest first
    (the payment a refund or a bounced cheque undoes; each keeps what was taken off and when,
    PAID_BACK); what no payment covers is left out."""
    row = table.first_row + i
    name = texts[Field.NAME][i]
    left = round(abs(amount), 2)
    taken = []
    for r in sorted(rows, key=lambda r: (r["date"], r["row"]), reverse=True):
        if left <= _USED_UP:
            break
        same = (r["client_id"] == client) if client else (r["client_name_text"] == name)
        if not same or r["date"] > when or r["kind"] != EntryKind.PAYMENT.value:
            continue
        part = min(left, float(r["amount"]))
        r["amount"] = round(float(r["amount"]) - part, 2)
        r[PAID_BACK] = (*r.get(PAID_BACK, ()), (when, part))
        left = round(left - part, 2)
        taken.append(str(r["row"]))
    header = table.headers.get(Field.AMOUNT, "")
    if left > _USED_UP:
        return Issue(
            table.sheet,
            row,
            header,
            raw,
            f"Remboursement ou rejet de {left:.2f} sans paiement antérieur du client à annuler "
            "(ligne ignorée pour ce montant)",
            f"Refund or reversal of {left:.2f} with no earlier payment of the client to undo "
            "(row left out for that amount)",
        )
    lines = ", ".join(taken)
    return Issue(
        table.sheet,
        row,
        header,
        raw,
        f"Remboursement ou rejet : déduit du paiement de la ligne {lines}",
        f"Refund or reversal: taken off the payment of row {lines}",
    )


def read_payments_table(
    book: SheetSource,
    sheet: str,
    date1904: bool,
    bounds: Bounds | None = None,
    month_first: bool | None = None,
) -> tuple[pd.DataFrame, list[Issue]]:
    """The Paiements sheet's payments; a sheet of that name without Date and Montant columns
    is reported and left out (it may be the owner's own notes)."""
    found, attempt = locate(book, sheet, PAYMENTS, Layout())
    if found is None:
        missing = ", ".join(f.value for f in attempt.missing)
        issue = Issue(
            sheet,
            None,
            "",
            "",
            f"Feuille de paiements sans colonne(s) {missing} : paiements non lus",
            f"Payments sheet without column(s) {missing}: payments not read",
        )
        return pd.DataFrame(), [issue]
    return read_payments_sheet(found, date1904, bounds, month_first)


def resolve_payment_clients(payments: pd.DataFrame, clients: pd.DataFrame) -> pd.DataFrame:
    """Give each payment its client key: the id as written, else the client of that name (an
    id derived from the name when it is not in the clients list: allocation then finds it
    unknown). Blank when neither is given; the key of a client nobody knows stays as written."""
    listed = listed_by_name(clients)
    otherwise = written_otherwise(payments["client_id"], clients["client_key"])
    keys = []
    for cid, name in zip(payments["client_id"], payments["client_name_text"], strict=True):
        if cid:
            keys.append(otherwise.get(cid, cid))
        elif name:
            k = name_key(name)
            keys.append(listed(k) or derived_id(k))
        else:
            keys.append("")
    out = payments.drop(columns=["client_name_text"])
    out["client_key"] = keys
    out["client_id"] = [
        otherwise.get(cid, cid) or k for cid, k in zip(out["client_id"], keys, strict=True)
    ]
    kept = [*PAYMENT_COLUMNS, *([PAID_BACK] if PAID_BACK in out else [])]
    return out[kept].reset_index(drop=True)
