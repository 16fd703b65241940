"""What a read value may plausibly be: the years and amounts an invoice's dates and amounts
fall in, payment terms, the length of a cell's text, and what to tell the owner when a value
is outside them (`Bounds`, set from the Paramètres row 'Années plausibles')."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from arxl.cells import plain_text
from arxl.settings import Settings


@dataclass(frozen=True)
class Bounds:
    """What an invoice's dates and amounts may be: a date outside `years` (first and last year,
    both included) or an amount whose size reaches `amount_limit` is a typing error, not data."""

    years: tuple[int, int] = Settings.date_window
    amount_limit: float = 1e12
    max_terms: int = 3650  # payment terms, in days

    def terms_message(self) -> tuple[str, str]:
        return (
            f"Délai de paiement hors bornes (0 à {self.max_terms} jours) : corrigez la cellule "
            "(délai par défaut utilisé)",
            f"Payment terms out of bounds (0 to {self.max_terms} days): correct the cell "
            "(default terms used)",
        )

    def date_message(self, what_fr: str, what_en: str, outcome: tuple[str, str]) -> tuple[str, str]:
        lo, hi = self.years
        return (
            f"{what_fr} hors des années plausibles ({lo}–{hi}) : corrigez l'année, ou la ligne "
            f"« Années plausibles » de Paramètres ({outcome[0]})",
            f"{what_en} outside the plausible years ({lo}–{hi}): correct the year, or the "
            f"Settings row 'Plausible years' ({outcome[1]})",
        )

    def amount_message(
        self, what_fr: str, what_en: str, outcome: tuple[str, str]
    ) -> tuple[str, str]:
        limit = f"{self.amount_limit:,.0f}"
        return (
            f"{what_fr} absurde (infini ou au moins {limit.replace(',', ' ')} en valeur "
            f"absolue) : corrigez la cellule ({outcome[0]})",
            f"Absurd {what_en.lower()} (infinite, or at least {limit} in size): correct the "
            f"cell ({outcome[1]})",
        )


# The most characters an Excel cell holds; arxl's writers cut longer text there.
EXCEL_CELL_CHARS = 32767

LEFT_OUT = ("ligne ignorée", "row left out")


IGNORED = ("ignorée", "ignored")
IGNORED_M = ("ignoré", "ignored")


def outside_years(days: np.ndarray, years: tuple[int, int]) -> np.ndarray:
    """Mask of the dates (datetime64[D], NaT allowed) outside the years, both included."""
    lo = np.datetime64(f"{years[0]:04d}-01-01", "D")
    hi = np.datetime64(f"{years[1] + 1:04d}-01-01", "D")
    return ~np.isnat(days) & ((days < lo) | (days >= hi))


def outside_terms(days: np.ndarray, most: int) -> np.ndarray:
    """Mask of the payment terms that are negative, infinite or above `most` (NaN is blank)."""
    with np.errstate(invalid="ignore"):
        return ~np.isnan(days) & ~((days >= 0) & (days <= most))


def absurd_amounts(values: np.ndarray, limit: float) -> np.ndarray:
    """Mask of the amounts that are infinite or whose size reaches `limit` (NaN is blank)."""
    with np.errstate(invalid="ignore"):
        return np.isinf(values) | (np.abs(np.nan_to_num(values, posinf=0.0, neginf=0.0)) >= limit)


def sub_cent(amounts: np.ndarray) -> np.ndarray:
    """Mask of the amounts with a part below the cent."""
    with np.errstate(invalid="ignore"):
        return ~np.isnan(amounts) & ~np.isclose(
            amounts, np.round(amounts, 2), rtol=1e-12, atol=1e-9
        )


def sub_cent_texts(amounts: np.ndarray, raw: Sequence[object]) -> np.ndarray:
    """Mask of the amounts written as text with a part below the cent: "1,234" read with a
    decimal comma is 1,234 €, where the writer may have meant 1 234 (a thousands separator)."""
    odd = sub_cent(amounts)
    out = np.zeros(len(amounts), dtype=bool)
    for i in np.flatnonzero(odd).tolist():
        out[i] = type(raw[i]) is str
    return out


SUB_CENT_FR = (
    "Montant à plus de deux décimales, lu tel quel : vérifiez le séparateur (virgule "
    "décimale ou séparateur des milliers ?)"
)
SUB_CENT_EN = (
    "Amount with more than two decimals, read as written: check the separator (decimal or "
    "thousands?)"
)


def long_texts(values: Sequence[object]) -> list[int]:
    """Positions of the text values longer than an Excel cell holds (a column of text only,
    the usual case, is measured in one pass of len)."""
    try:
        if max(map(len, values), default=0) <= EXCEL_CELL_CHARS:  # type: ignore[arg-type]
            return []
    except TypeError:  # numbers or dates among the texts
        pass
    return [i for i, v in enumerate(values) if type(v) is str and len(v) > EXCEL_CELL_CHARS]


def long_text_message(length: int) -> tuple[str, str]:
    limit = f"{EXCEL_CELL_CHARS:,}"
    return (
        f"Texte de {length} caractères : Excel n'en garde que {limit.replace(',', ' ')}, la "
        "suite est coupée dans les feuilles d'arxl ; raccourcissez la cellule",
        f"Text of {length} characters: Excel keeps {limit}, the rest is cut in arxl's sheets; "
        "shorten the cell",
    )


def year_window(value: object) -> tuple[int, int] | None:
    """'1990;2100' (or '1990-2100', '1990 2100') -> (1990, 2100); None when unreadable or
    outside 1900..2200 (Excel has no day before 1900; pandas none after 2262)."""
    years = [int(y) for y in re.findall(r"\d+", plain_text(value))]
    if len(years) != 2 or not 1900 <= years[0] <= years[1] <= 2200:
        return None
    return years[0], years[1]
