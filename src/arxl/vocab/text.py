"""The two languages and the text every word list rests on: fold and fold_words (how a header or a
cell is compared: case, accents and punctuation ignored), t() to pick the French or English text,
and amounts written as the owner reads them (number_text, money_text)."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _unaccented(text: object) -> str:
    """The text without its accents (NFKD, combining marks dropped; plain ASCII as it is)."""
    s = str(text)
    if s.isascii():  # NFKD leaves ASCII as it is: no need to decompose it
        return s
    s = unicodedata.normalize("NFKD", s)
    if all(unicodedata.combining(c) for c in _NOT_ASCII.findall(s)):  # accents only
        return s.encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in s if not unicodedata.combining(c))


def fold(text: object) -> str:
    """Lower-case, strip accents, keep only letters and digits ("Délai (j)" -> "delaij")."""
    return _NOT_ALNUM.sub("", _unaccented(text).lower())


def fold_words(text: object) -> str:
    """Like fold, but keeps single spaces between words ("Payé  partiel " -> "paye partiel")."""
    return " ".join(_NOT_ALNUM.sub(" ", _unaccented(text).lower()).split())


class Lang(StrEnum):
    FR = "fr"
    EN = "en"


def number_text(amount: float, lang: Lang) -> str:
    """Two decimals as the owner reads them: 10 500,00 in French, 10,500.00 in English."""
    text = f"{amount:,.2f}"
    return text.replace(",", "\u00a0").replace(".", ",") if lang is Lang.FR else text


def money_text(amount: float, lang: Lang) -> str:
    """An amount in a sentence as the owner reads it: 10 500,00 € in French, €10,500.00 in
    English."""
    if lang is Lang.EN:
        return f"€{number_text(amount, lang)}"
    return f"{number_text(amount, lang)} €"


def t(fr: str, en: str, lang: Lang) -> str:
    """Pick the French or English text."""
    return en if lang is Lang.EN else fr
