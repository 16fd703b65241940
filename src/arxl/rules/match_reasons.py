"""Why a bank credit was matched as it was: codes with their values, said in French or English."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from arxl.formats import Formats
from arxl.vocab import Lang, money_text


class Why(StrEnum):
    REFERENCE = "reference"  # invoice numbers in the label
    AMBIGUOUS = "ambiguous"  # a number several clients have
    EXACT = "exact"  # the amount equals the invoice(s)
    SUM = "sum"  # several invoices of the client add up to it
    FEE = "fee"  # a little less than the invoices: a bank fee
    ROUNDING = "rounding"  # a little more: kept as an unapplied credit
    PARTIAL = "partial"  # less than the invoices named
    EXCESS = "excess"  # more than the invoices named
    OLDEST = "oldest"  # applied to the client's oldest invoices
    IBAN = "iban"  # the payer's IBAN was confirmed before
    NAME = "name"  # the payer's name resembles the client's
    OTHER_PAYER = "other_payer"  # the payer looks like another client
    UNIQUE_AMOUNT = "unique_amount"  # the only open invoice of that amount
    NOTHING = "nothing"  # no number, no known payer, no amount
    CURRENCY = "currency"  # a credit in another currency than the book's


_TEXT: dict[Why, tuple[str, str]] = {
    Why.REFERENCE: ("référence {refs} dans le libellé", "reference {refs} in the label"),
    Why.AMBIGUOUS: (
        "la référence existe chez plusieurs clients",
        "several clients have that reference",
    ),
    Why.EXACT: ("montant exact", "exact amount"),
    Why.SUM: ("somme de {n} factures du client", "sum of {n} invoices of the client"),
    Why.FEE: ("écart de {money} (frais bancaires ?)", "{money} short (bank fee?)"),
    Why.ROUNDING: ("{money} de plus (crédit non affecté)", "{money} over (unapplied credit)"),
    Why.PARTIAL: ("paiement partiel, reste dû {money}", "partial payment, {money} still due"),
    Why.EXCESS: ("{money} au-delà des factures citées", "{money} beyond the invoices named"),
    Why.OLDEST: ("imputé sur les plus anciennes factures", "applied to the oldest invoices"),
    Why.IBAN: ("IBAN déjà confirmé pour {client}", "IBAN confirmed before for {client}"),
    Why.NAME: ("payeur ≈ {client} ({pct} %)", "payer ≈ {client} ({pct} %)"),
    Why.OTHER_PAYER: ("le payeur ressemble à {client}", "the payer looks like {client}"),
    Why.UNIQUE_AMOUNT: (
        "seule facture ouverte de ce montant",
        "the only open invoice of that amount",
    ),
    Why.CURRENCY: (
        "montant en {refs}, pas dans la devise du classeur : à rapprocher vous-même, avec le "
        "montant crédité en compte",
        "amount in {refs}, not the workbook's currency: match it yourself, with the amount "
        "credited to the account",
    ),
    Why.NOTHING: (
        "ni référence, ni payeur, ni montant reconnus",
        "no reference, payer or amount recognised",
    ),
}


@dataclass(frozen=True)
class Reason:
    why: Why
    refs: str = ""
    n: int = 0
    money: float = 0.0
    client: str = ""
    pct: int = 0

    def text(self, lang: Lang, formats: Formats | None = None) -> str:
        """In `lang`, amounts as the book writes them (`formats`; else in euros)."""
        fr, en = _TEXT[self.why]
        money = formats.money_text(self.money) if formats else money_text(self.money, lang)
        return (en if lang is Lang.EN else fr).format(
            refs=self.refs,
            n=self.n,
            money=money,
            client=self.client,
            pct=self.pct,
        )


def reasons_text(reasons: tuple[Reason, ...], lang: Lang, formats: Formats | None = None) -> str:
    return "; ".join(r.text(lang, formats) for r in reasons)
