"""What kind of entry each row of the invoice sheet is (invoice, payment or credit note), and
the rows whose figures say more than their kind: a credit note typed with a positive amount,
an invoice its own row says was paid beyond its amount (the excess is the client's credit:
readers.payments.split_transactions moves it to cash application)."""

from __future__ import annotations

import numpy as np

from arxl.cells import plain_text, plain_texts
from arxl.model import PAID_TOLERANCE, Issue
from arxl.readers.columns import IssueSink, column
from arxl.readers.statuses import per_distinct
from arxl.readers.tables import Found
from arxl.vocab import (
    EntryKind,
    Field,
    Lang,
    entry_kind_of_type,
    entry_kind_of_words,
    fold,
    fold_words,
    number_text,
)
from arxl.vocab.payments import is_credit_note_status


def entry_kinds(
    table: Found, invoices: list[str], amounts: np.ndarray, mapped: dict[str, str]
) -> tuple[np.ndarray, list[str], list[str], np.ndarray]:
    """Per row: invoice, payment or credit note (EntryKind values), with the reference and
    description texts, and the rows of a positive amount read as a credit note by their
    status. A Type cell decides when it names a kind (Avoir, Retour/Return are credit notes);
    a negative amount is never an invoice: a payment when the Type or its text says so
    (Règlement, Virement, Advance...), else a credit note (an avoir is a negative invoice). A
    positive amount whose Type names no kind and whose status says credit note ("Avoir",
    "Credit note", "Refund": is_credit_note_status) is a credit note typed without its sign,
    unless the owner said what that status word means (`mapped`)."""
    n = len(invoices)
    kinds = np.full(n, EntryKind.INVOICE.value, dtype=object)
    ref_raw = column(table, Field.REFERENCE)
    desc_raw = column(table, Field.DESCRIPTION)
    references = plain_texts(ref_raw) if ref_raw is not None else [""] * n
    descriptions = plain_texts(desc_raw) if desc_raw is not None else [""] * n
    type_raw = column(table, Field.TYPE)
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
    status_raw, remarks_raw = column(table, Field.STATUS), column(table, Field.REMARKS)
    for i in negative:
        kind = typed[i]
        if kind is None or kind is EntryKind.INVOICE:
            # the words of the row: its number and description, else its status, else its
            # remarks ("Acompte", "acompte reçu par virement", "Deposit"...)
            kind = (
                entry_kind_of_words(f"{invoices[i]} {descriptions[i]}")
                or (entry_kind_of_words(plain_text(status_raw[i])) if status_raw else None)
                or (entry_kind_of_words(plain_text(remarks_raw[i])) if remarks_raw else None)
                or EntryKind.CREDIT
            )
        kinds[i] = kind.value
    positive_credit = np.zeros(n, dtype=bool)
    if status_raw is not None:
        status_texts = plain_texts(status_raw)

        def says_credit(text: str) -> bool:
            owner_said = fold_words(text) in mapped or fold(text) in mapped
            return not owner_said and is_credit_note_status(text)

        credit_status = per_distinct(status_texts, says_credit).astype(bool)
        untyped = np.array([k is None for k in typed], dtype=bool)
        positive_credit = credit_status & untyped & (amounts > 0)
        kinds[positive_credit] = EntryKind.CREDIT.value
    return kinds, references, descriptions, positive_credit


def positive_credit_issues(
    table: Found,
    sink: IssueSink,
    amount_raw: list[object],
    amounts: np.ndarray,
    status_texts: list[str],
    rows: np.ndarray,
) -> None:
    """One Anomalies line per credit note typed with a positive amount (read as negative)."""
    header = table.headers.get(Field.AMOUNT, "")
    for i in np.flatnonzero(rows).tolist():
        fr_amount, en_amount = number_text(-amounts[i], Lang.FR), number_text(-amounts[i], Lang.EN)
        sink.items.append(
            Issue(
                table.sheet,
                int(sink.rows[i]),
                header,
                amount_raw[i],
                f"Montant positif sur une ligne au statut « {status_texts[i]} » : lu comme un "
                f"avoir, soit {fr_amount} (un avoir diminue ce que doit le client)",
                f'Positive amount on a row whose status is "{status_texts[i]}": read as a '
                f"credit note, that is {en_amount} (a credit note lowers what the client owes)",
            )
        )


def overpaid_issues(
    table: Found,
    sink: IssueSink,
    invoices: list[str],
    amounts: np.ndarray,
    amount_paid: np.ndarray,
    from_balance: np.ndarray,
    rows: np.ndarray,
) -> None:
    """One Anomalies line per invoice its own row says was paid beyond its amount: the invoice
    is paid, and the excess a credit of the client (readers.payments.split_transactions)."""
    excess = np.where(rows, overpaid_excess(amounts, amount_paid), 0.0)
    if not (excess > 0).any():
        return
    raws = {f: column(table, f) or [""] * len(amounts) for f in (Field.AMOUNT_PAID, Field.BALANCE)}
    for i in np.flatnonzero(excess > 0).tolist():
        field = Field.BALANCE if from_balance[i] else Field.AMOUNT_PAID
        number, number_en = invoices[i] or "Facture", invoices[i] or "Invoice"
        fr, en = number_text(excess[i], Lang.FR), number_text(excess[i], Lang.EN)
        sink.items.append(
            Issue(
                table.sheet,
                int(sink.rows[i]),
                table.headers.get(field, ""),
                raws[field][i],
                f"{number} payée au-delà de son montant : trop-perçu de {fr}, compté "
                "comme un crédit du client (imputé sur ses autres factures ouvertes, sinon le "
                "client est créditeur) ; la facture est soldée",
                f"{number_en} overpaid by {en}: the excess is treated as a credit of the "
                "client (set against its other open invoices, else the client is in credit); "
                "the invoice is paid",
            )
        )


def overpaid_excess(amount: np.ndarray, amount_paid: np.ndarray) -> np.ndarray:
    """What each invoice row's own payment exceeds its amount by (0 where it does not, or by
    no more than the paid tolerance): money of the client that this invoice does not need."""
    excess = np.nan_to_num(np.asarray(amount_paid, dtype=float)) - np.asarray(amount, dtype=float)
    over = (np.asarray(amount, dtype=float) >= 0) & (excess > PAID_TOLERANCE)
    return np.where(over, np.round(excess, 2), 0.0)
