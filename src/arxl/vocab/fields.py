"""The logical columns of the input sheets (Field), whatever their header says, and how a table of
header synonyms is read: header_index (folded header -> field and language) and written_header
(the header arxl writes for a field).

A header table maps each field to (French headers, English headers), folded with fold() when read;
the first French and English entries are also the headers arxl writes (init, demo)."""

from __future__ import annotations

from enum import StrEnum

from arxl.vocab.text import Lang, fold


class Field(StrEnum):
    """Logical columns of the input sheets, whatever their header says."""

    # clients
    CLIENT_ID = "client_id"
    NAME = "name"
    ADDRESS = "address"
    PHONE = "phone"
    EMAIL = "email"
    TERMS = "terms"
    CREDIT_LIMIT = "credit_limit"
    LANG = "lang"
    NO_REMINDER = "no_reminder"
    CLIENT_TYPE = "client_type"
    # transactions
    DATE = "date"
    INVOICE = "invoice"
    AMOUNT = "amount"
    STATUS = "status"
    REMARKS = "remarks"
    DUE_DATE = "due_date"
    PAYMENT_DATE = "payment_date"
    AMOUNT_PAID = "amount_paid"
    BALANCE = "balance"  # what is left to pay, as written (read only: paid = amount - balance)
    TYPE = "type"  # invoice, payment or credit note, as written
    REFERENCE = "reference"  # the invoice numbers a payment or credit note names
    DESCRIPTION = "description"  # a label beside the invoice number (searched for payment words)
    DISPUTED = "disputed"  # a yes/no dispute flag (read only: yes makes the status disputed)
    DEBIT = "debit"  # exports of ledger lines: amount = debit - credit (read only)
    CREDIT = "credit"
    CURRENCY = "currency"  # the currency of each row, as written (read only: mixed is said)


def header_index(
    table: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]],
) -> dict[str, tuple[Field, Lang]]:
    """Folded header -> (field, language it is written in)."""
    out: dict[str, tuple[Field, Lang]] = {}
    for field, (fr, en) in table.items():
        for lang, words in ((Lang.FR, fr), (Lang.EN, en)):
            for w in words:
                out.setdefault(fold(w), (field, lang))
    return out


def written_header(
    table: dict[Field, tuple[tuple[str, ...], tuple[str, ...]]], field: Field, lang: Lang
) -> str:
    fr, en = table[field]
    return en[0] if lang is Lang.EN else fr[0]
