"""What kind of entry each row of the invoice sheet is (invoice, payment or credit note), and
the rows whose figures say more than their kind: a credit note or a payment typed with a
positive amount, an invoice its own row says was paid beyond its amount (the excess is the
client's credit: readers.payments.split_transactions moves it to cash application)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from arxl.cells import plain_text, plain_texts
from arxl.model import PAID_TOLERANCE
from arxl.naming import invoice_keys, named_invoices
from arxl.readers.columns import IssueSink, column
from arxl.readers.statuses import Distinct, per_distinct
from arxl.readers.tables import Found
from arxl.vocab import (
    EntryKind,
    Field,
    Lang,
    entry_kind_of_type,
    entry_kind_of_words,
    fold,
    fold_words,
    leading_entry_kind,
    number_text,
)
from arxl.vocab.payments import FIRST_LETTERS, is_credit_note_status


class Kinds(NamedTuple):
    """What entry_kinds found, per row."""

    kinds: np.ndarray  # EntryKind values
    references: list[str]
    descriptions: list[str]
    positive_credit: np.ndarray  # positive, read as a credit note by its status
    positive_said: np.ndarray  # positive, read as a payment or credit note by its label
    naming_none: np.ndarray  # positive, labelled as a payment or credit note, naming no invoice


def entry_kinds(
    table: Found,
    invoices: list[str],
    amounts: np.ndarray,
    mapped: dict[str, str],
    status: Distinct | None = None,
) -> Kinds:
    """Per row: invoice, payment or credit note (EntryKind values), with the reference and
    description texts, and the rows of a positive amount read as a credit. A Type cell decides
    when it names a kind (Avoir, Retour/Return are credit notes); a negative amount is never an
    invoice: a payment when the Type or its text says so (Règlement, Virement, Advance...),
    else a credit note (an avoir is a negative invoice). A positive amount whose Type names no
    kind is a credit typed without its sign when its status says credit note ("Avoir",
    "Credit note", "Refund": is_credit_note_status, unless the owner said what that status word
    means: `mapped`), or when its label starts with a payment or credit-note word and names
    another invoice of the sheet (`said_without_sign`). `status`: the status column's texts
    when the caller has them (else read here)."""
    n = len(invoices)
    kinds = np.full(n, EntryKind.INVOICE.value, dtype=object)
    ref_raw = column(table, Field.REFERENCE)
    desc_raw = column(table, Field.DESCRIPTION)
    references = plain_texts(ref_raw) if ref_raw is not None else [""] * n
    descriptions = plain_texts(desc_raw) if desc_raw is not None else [""] * n
    type_raw = column(table, Field.TYPE)
    typed: list[EntryKind | None] = [None] * n
    untyped = np.ones(n, dtype=bool)
    if type_raw is not None:
        cache: dict[str, EntryKind | None] = {}
        for i, v in enumerate(plain_texts(type_raw)):
            if v not in cache:
                cache[v] = entry_kind_of_type(v)
            typed[i] = cache[v]
        untyped = np.array([k is None for k in typed], dtype=bool)
        for i in np.flatnonzero(~untyped).tolist():
            kinds[i] = typed[i].value  # type: ignore[union-attr]
    negative = np.flatnonzero(amounts < 0).tolist()
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
        words = status if status is not None else Distinct.of(plain_texts(status_raw))

        def says_credit(text: str) -> bool:
            owner_said = fold_words(text) in mapped or fold(text) in mapped
            return not owner_said and is_credit_note_status(text)

        credit_status = per_distinct(words, says_credit).astype(bool)
        positive_credit = credit_status & untyped & (amounts > 0)
        kinds[positive_credit] = EntryKind.CREDIT.value
    said, naming_none = said_without_sign(
        invoices, descriptions, kinds, untyped & ~positive_credit & (amounts > 0)
    )
    return Kinds(kinds, references, descriptions, positive_credit, said, naming_none)


# What a label leading_entry_kind may say something of starts with, past ASCII punctuation: one
# of its words' first letters, or a character beyond ASCII (accents, ligatures: asked in full).
# A superset read in Arrow for a whole column: most labels are invoice numbers ("F0000123").
_MAY_LEAD = (
    "^[\\x00-\\x2F\\x3A-\\x40\\x5B-\\x60\\x7B-\\x7F]*(?:["
    + "".join(sorted({c for w in FIRST_LETTERS for c in (w, w.upper())}))
    + "]|[^\\x00-\\x7F])"
)


def _may_lead(texts: list[str]) -> np.ndarray:
    """Per text, whether leading_entry_kind may find a word at its start (never False where
    it would)."""
    if not any(texts):  # no such column (blanks): nothing to ask Arrow
        return np.zeros(len(texts), dtype=bool)
    try:
        arr = pa.array(texts, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return np.ones(len(texts), dtype=bool)
    found = pc.fill_null(pc.match_substring_regex(arr, _MAY_LEAD), False)
    return found.to_numpy(zero_copy_only=False)


def said_without_sign(
    invoices: list[str], descriptions: list[str], kinds: np.ndarray, candidates: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(rows read as a payment or a credit note, rows left invoices that looked like one)
    among the `candidates` (positive rows no Type decided): a row whose number or
    description starts with a payment or credit-note word ("Règlement facture #104", "Avoir
    n°7 sur facture #105") and names an invoice of the sheet other than itself is that
    payment or credit note typed without its sign; `kinds` is set in place. Starting with the
    word is not enough: "Acompte commande 55" or "Règlement intérieur" may be invoices, so one
    naming no invoice is left an invoice (and flagged by positive_said_issues)."""
    n = len(invoices)
    said, naming_none = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    leading: dict[int, str] = {}
    at = np.flatnonzero(candidates & (_may_lead(invoices) | _may_lead(descriptions))).tolist()
    # once per distinct text: a column repeats its labels ("Prestation livraison")
    by_number = per_distinct([invoices[i] for i in at], leading_entry_kind)
    by_label = per_distinct([descriptions[i] for i in at], leading_entry_kind)
    for i, number_says, label_says in zip(at, by_number, by_label, strict=True):
        kind = number_says or label_says
        if kind is not None:
            leading[i] = kind.value
    if not leading:
        return said, naming_none
    keys: dict[str, int] = {}
    for pos, (number, kind) in enumerate(zip(invoices, kinds, strict=True)):
        if number and kind == EntryKind.INVOICE.value and pos not in leading:
            for key in invoice_keys(number):
                if key:
                    keys.setdefault(key, pos)
    for i, kind in leading.items():
        if named_invoices(f"{invoices[i]} {descriptions[i]}", keys):
            kinds[i], said[i] = kind, True
        else:
            naming_none[i] = True
    return said, naming_none


def positive_credit_issues(
    sink: IssueSink,
    amount_raw: list[object],
    amounts: np.ndarray,
    status_texts: list[str],
    rows: np.ndarray,
) -> None:
    """One Anomalies line per credit note typed with a positive amount (read as negative)."""
    for i in np.flatnonzero(rows).tolist():
        fr_amount, en_amount = number_text(-amounts[i], Lang.FR), number_text(-amounts[i], Lang.EN)
        sink.at(
            i,
            Field.AMOUNT,
            amount_raw[i],
            f"Montant positif sur une ligne au statut « {status_texts[i]} » : lu comme un "
            f"avoir, soit {fr_amount} (un avoir diminue ce que doit le client)",
            f'Positive amount on a row whose status is "{status_texts[i]}": read as a '
            f"credit note, that is {en_amount} (a credit note lowers what the client owes)",
        )


def positive_said_issues(
    sink: IssueSink,
    amount_raw: list[object],
    amounts: np.ndarray,
    kinds: Kinds,
    invoices: list[str],
    valid: np.ndarray,
) -> None:
    """One Anomalies line per payment or credit note its label says, typed with a positive
    amount (read as a credit), and per row labelled so but naming no invoice (left an
    invoice: the owner says which it is)."""
    for i in np.flatnonzero(kinds.positive_said & valid).tolist():
        label = _label(invoices[i], kinds.descriptions[i])
        kind = EntryKind(kinds.kinds[i])
        fr_amount, en_amount = number_text(amounts[i], Lang.FR), number_text(amounts[i], Lang.EN)
        fr_word, fr_as, en_word, en_as = (
            ("Avoir", "un avoir", "Credit note", "a credit note")
            if kind is EntryKind.CREDIT
            else ("Règlement", "un paiement", "Payment", "a payment")
        )
        sink.at(
            i,
            Field.AMOUNT,
            amount_raw[i],
            f"{fr_word} saisi en positif (« {label} ») : lu comme {fr_as} de {fr_amount}, "
            "qui diminue ce que doit le client (saisissez-le en négatif)",
            f'{en_word} typed as a positive amount ("{label}"): read as {en_as} of '
            f"{en_amount}, which lowers what the client owes (type it negative)",
        )
    for i in np.flatnonzero(kinds.naming_none & valid).tolist():
        label = _label(invoices[i], kinds.descriptions[i])
        sink.at(
            i,
            Field.AMOUNT,
            amount_raw[i],
            f"« {label} » ressemble à un paiement ou un avoir, mais son montant est positif "
            "et il ne nomme aucune facture du classeur : gardé comme une facture (si c'est "
            "un paiement ou un avoir, saisissez-le en négatif)",
            f'"{label}" looks like a payment or a credit note, but its amount is positive '
            "and it names no invoice of the book: kept as an invoice (if it is a payment "
            "or a credit note, type it negative)",
        )


def _label(number: str, description: str) -> str:
    return " ".join(x for x in (number, description) if x)


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
        sink.at(
            i,
            field,
            raws[field][i],
            f"{number} payée au-delà de son montant : trop-perçu de {fr}, compté "
            "comme un crédit du client (imputé sur ses autres factures ouvertes, sinon le "
            "client est créditeur) ; la facture est soldée",
            f"{number_en} overpaid by {en}: the excess is treated as a credit of the "
            "client (set against its other open invoices, else the client is in credit); "
            "the invoice is paid",
        )


def overpaid_excess(amount: np.ndarray, amount_paid: np.ndarray) -> np.ndarray:
    """What each invoice row's own payment exceeds its amount by (0 where it does not, or by
    no more than the paid tolerance): money of the client that this invoice does not need."""
    excess = np.nan_to_num(np.asarray(amount_paid, dtype=float)) - np.asarray(amount, dtype=float)
    over = (np.asarray(amount, dtype=float) >= 0) & (excess > PAID_TOLERANCE)
    return np.where(over, np.round(excess, 2), 0.0)
