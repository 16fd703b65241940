"""Payments and credit notes: the Paiements (Payments) sheet's header synonyms, the columns of the
invoice sheet that matter for payment and credit-note rows, what kind of entry a row is
(EntryKind, from its Type cell or from the words of its label) and whether a payment is an
advance."""

from __future__ import annotations

import re
from enum import StrEnum

from arxl.vocab.clients import CLIENT_HEADERS
from arxl.vocab.fields import Field
from arxl.vocab.text import Lang, fold_words

# Columns that matter for payment and credit-note rows only (never required, never listed in
# the missing-column message).
TRANSACTION_CASH_HEADERS: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Field.TYPE: (
        ("Type", "Type d'opération", "Type de pièce", "Nature", "Type de ligne"),
        (
            "Transaction type",
            "Entry type",
            "Document type",
            "Kind",
            "SOP Type",
            "Doc type",
            "Invoice type",
            "Move type",
        ),
    ),
    Field.REFERENCE: (
        (
            "Référence paiement",
            "Réf paiement",
            "Référence du règlement",
            "Factures réglées",
            "Facture réglée",
            "Factures concernées",
            "Lettrage",
        ),
        ("Payment reference", "Applied to", "Invoices paid", "Paid invoices", "Invoice paid"),
    ),
}


# The Paiements (Payments) sheet: one payment per row.
PAYMENT_HEADERS: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Field.DATE: (
        (
            "Date",
            "Date de paiement",
            "Date du paiement",
            "Date de règlement",
            "Date d'encaissement",
        ),
        ("Payment date", "Date paid", "Date received", "Date"),
    ),
    Field.CLIENT_ID: CLIENT_HEADERS[Field.CLIENT_ID],
    Field.NAME: (
        ("Client", "Nom", "Nom du client", "Raison sociale", "Tiers", "Payeur"),
        ("Customer", "Name", "Client name", "Customer name", "Payer", "Client"),
    ),
    Field.AMOUNT: (
        ("Montant", "Montant payé", "Montant reçu", "Montant encaissé", "Montant réglé"),
        ("Amount", "Amount paid", "Amount received"),
    ),
    Field.REFERENCE: (
        (
            "Référence",
            "Réf",
            "Factures",
            "Facture",
            "Factures réglées",
            "N° facture",
            "Numéro de facture",
        ),
        ("Reference", "Ref", "Invoices", "Invoice", "Applied to", "Invoice number"),
    ),
    Field.DESCRIPTION: (
        ("Libellé", "Description", "Mode de paiement", "Commentaire", "Remarques"),
        ("Label", "Description", "Payment method", "Memo", "Comment", "Remarks"),
    ),
    Field.TYPE: TRANSACTION_CASH_HEADERS[Field.TYPE],
}


class EntryKind(StrEnum):
    """What a row of the invoice sheet is: an invoice, a payment or a credit note."""

    INVOICE = "invoice"
    PAYMENT = "payment"
    CREDIT = "credit"

    def label(self, lang: Lang) -> str:
        return ENTRY_LABELS[self][lang is Lang.EN]


ENTRY_LABELS: dict[EntryKind, tuple[str, str]] = {
    EntryKind.INVOICE: ("Facture", "Invoice"),
    EntryKind.PAYMENT: ("Paiement", "Payment"),
    EntryKind.CREDIT: ("Avoir", "Credit note"),
}

# Folded words (fold_words) that make a row a payment or a credit note.
PAYMENT_WORDS = (
    "paiement",
    "paiements",
    "reglement",
    "reglements",
    "virement",
    "virements",
    "encaissement",
    "cheque",
    "prelevement",
    "versement",
    "acompte",
    "payment",
    "payments",
    "transfer",
    "remittance",
    "receipt",
    "received",
    "wire",
    "deposit",
    "advance",
    "advances",
    "avance",
    "avances",
    "prepayment",
    "unapplied payment",
)
CREDIT_WORDS = (
    "avoir",
    "avoirs",
    "credit note",
    "credit memo",
    "note de credit",
    "creditnote",
    "return",
    "returns",
    "retour",
    "retours",
)
INVOICE_TYPE_WORDS = ("facture", "factures", "invoice", "invoices", "fa", "inv")


def _has_words(text: str, words: tuple[str, ...]) -> bool:
    padded = f" {text} "
    return any(f" {w} " in padded for w in words)


def entry_kind_of_type(text: object) -> EntryKind | None:
    """The kind a Type cell says ("Paiement", "Avoir", "Facture"...), None when blank or unknown."""
    key = fold_words(text) if text is not None else ""
    if not key:
        return None
    if _has_words(key, CREDIT_WORDS) or key in ("credit", "credit note", "refund", "out refund"):
        return EntryKind.CREDIT
    if _has_words(key, PAYMENT_WORDS) or key in ("regle", "recu", "encaisse", "paid"):
        return EntryKind.PAYMENT
    if _has_words(key, INVOICE_TYPE_WORDS) or key in ("vente", "sale", "debit"):
        return EntryKind.INVOICE
    return None


# What a status cell starts with when the row is a credit note ("Avoir", "Avoir client",
# "Note de crédit", "Credit memo", "Refund"): such a row is a credit whatever the sign of its
# amount. A status that only mentions one ("Payé par avoir") says nothing of the kind.
CREDIT_NOTE_STATUSES = (
    "avoir",
    "avoirs",
    "note de credit",
    "notes de credit",
    "credit note",
    "credit notes",
    "creditnote",
    "credit memo",
    "credit memos",
    "refund",
    "out refund",
    "customer refund",
)


def _starts_with_words(key: str, words: tuple[str, ...]) -> bool:
    """Whether folded words `key` are one of `words` or start with one of them."""
    return any(key == w or key.startswith(f"{w} ") for w in words)


def is_credit_note_status(text: object) -> bool:
    """Whether a status cell says its row is a credit note (see CREDIT_NOTE_STATUSES)."""
    key = fold_words(text) if text is not None else ""
    return _starts_with_words(key, CREDIT_NOTE_STATUSES)


ADVANCE_WORDS = ("acompte", "acomptes", "avance", "advance", "advances", "deposit", "prepayment")
ADVANCE_WORDS += ("arrhes", "avance client", "customer advance", "down payment")


def is_advance(text: object) -> bool:
    """Whether a payment's label says it is an advance (paid before the invoice, on purpose)."""
    key = fold_words(text) if text is not None else ""
    return _has_words(key, ADVANCE_WORDS)


def entry_kind_of_words(text: object) -> EntryKind | None:
    """The kind a negative row's description says: a credit note word, else a payment word,
    or a label starting as a bank's does (LEADING_PAYMENT_WORDS: "VIR SEPA ...", "CHQ 1234",
    "PRLV ...", "RGLT F21": a payment, not a credit note)."""
    key = fold_words(text) if text is not None else ""
    if _has_words(key, CREDIT_WORDS):
        return EntryKind.CREDIT
    if _has_words(key, PAYMENT_WORDS) or _starts_with_words(key, LEADING_PAYMENT_WORDS):
        return EntryKind.PAYMENT
    return None


# The words a payment's or a credit note's label starts with ("Règlement fact. 104", "Paiement
# F-104", "Virement reçu facture 2026-014", "Avoir n°7 sur facture #105", "Credit note CN-5
# for INV-21"): such a row typed with a positive amount, naming another invoice of the book,
# is that payment or credit note without its sign (readers.entries). Only the first words
# count: "Facture d'acompte" or "Prestation réglée par chèque" are invoices. Advances
# (Acompte, Deposit) are left out: a "facture d'acompte" is often labelled "Acompte ...".
LEADING_PAYMENT_WORDS = (
    "paiement",
    "reglement",
    "regl",
    "reglt",
    "rglt",
    "rgt",
    "virement",
    "vir",
    "encaissement",
    "cheque",
    "chq",
    "prelevement",
    "prlv",
    "versement",
    "payment",
    "pmt",
    "remittance",
    "receipt",
    "received",
    "wire",
    "transfer",
)
LEADING_CREDIT_WORDS = (
    "avoir",
    "note de credit",
    "credit note",
    "credit memo",
    "creditnote",
    "retour",
    "return",
)


# the first letters the words above may start with, and a text's first letter or digit
FIRST_LETTERS = frozenset(w[0] for w in (*LEADING_PAYMENT_WORDS, *LEADING_CREDIT_WORDS))
_FIRST_ALNUM = re.compile(r"[^\W_]")


def leading_entry_kind(text: object) -> EntryKind | None:
    """The kind the first words of a label say (LEADING_PAYMENT_WORDS, LEADING_CREDIT_WORDS),
    punctuation before them ignored; None when it starts otherwise."""
    if text is None:
        return None
    # most labels are invoice numbers and plain descriptions: their first letter or digit,
    # folded, already says no (a character folding to nothing, "œ", goes the whole way)
    first = _FIRST_ALNUM.search(str(text))
    if first is None:
        return None
    char = first.group()
    letter = char.lower() if char.isascii() else fold_words(char)[:1]
    if letter and letter not in FIRST_LETTERS:
        return None
    key = fold_words(text)
    if not key:
        return None
    if _starts_with_words(key, LEADING_CREDIT_WORDS):
        return EntryKind.CREDIT
    return EntryKind.PAYMENT if _starts_with_words(key, LEADING_PAYMENT_WORDS) else None


# Words that may stand before a short invoice number ("facture 12", "n° 7"): the cash
# application reads references after them, and so does the bank matcher.
INVOICE_NUMBER_WORDS = frozenset(
    [
        "facture",
        "factures",
        "fact",
        "fac",
        "fa",
        "invoice",
        "invoices",
        "inv",
        "no",
        "n",
        "num",
        "numero",
        "number",
        "ref",
        "reference",
    ]
)
