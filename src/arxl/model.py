"""The data that flows from readers to rules to reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

from arxl.vocab import Lang

# a column of the payment frames read from a Paiements sheet with refunds or bounced cheques:
# per payment, the (date, amount) each took off it (its amount is what is left), which it was
# still paid before (rules.allocation); an empty tuple when none did
PAID_BACK = "paid_back"


@dataclass(frozen=True)
class Issue:
    """A problem with one cell (or row) of the owner's input, as the owner sees it in Excel."""

    sheet: str
    row: int | None  # 1-based Excel row number
    column: str  # header text as written by the owner ("" when the whole row is concerned)
    value: object
    message_fr: str
    message_en: str

    def message(self, lang: Lang) -> str:
        return self.message_en if lang is Lang.EN else self.message_fr


@dataclass
class Ledger:
    """What the readers produce: clean frames plus the problems found on the way.

    clients: one row per client, columns client_key, client_id, name, address, phone, email,
        lang ("fr", "en" or ""), no_reminder (bool), client_type (ClientType value),
        terms (float, NaN when blank), credit_limit, row.
    transactions: one row per readable transaction in sheet order, columns row, date,
        client_key, client_id, invoice, amount, typed_status, remarks, due_date, payment_date,
        amount_paid (dates as datetime64[ns], NaT when blank; NaN for blank numbers).
    """

    clients: pd.DataFrame
    transactions: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    lang: Lang = Lang.FR
    clients_sheet: str = "Clients"
    transactions_sheet: str = "Transactions"
    settings_values: dict[str, object] = field(default_factory=dict)
    settings_sheet: str | None = None
    has_clients_sheet: bool = True  # False: clients known only from the invoices
    log: pd.DataFrame | None = None  # readers.reminder_log.LOG_COLUMNS; None: not read
    log_layout: object = None  # readers.reminder_log.LogLayout when the sheet exists
    # payments and credit notes (readers.payments.PAYMENT_COLUMNS): rows of the invoice sheet
    # that are not invoices, then the Paiements sheet's rows; empty in the seed layout
    payments: pd.DataFrame | None = None
    payments_sheet: str = ""  # the Paiements sheet's name, when the workbook has one
    # read from an export (arxl convert): what became of its lines, and for a ledger export
    # (FEC) each client's account balance at the as-of date, which the open items must equal
    tally: Tally | None = None
    control: dict[str, float] | None = None


@dataclass
class Tally:
    """What became of every data row of an input file: the parts add up to `rows`."""

    rows: int = 0  # data rows below the header (title rows above it are not counted)
    transactions: int = 0  # rows that became a transaction (an invoice or a credit)
    merged: int = 0  # rows folded into another row's transaction (invoice lines, payments)
    anomalies: int = 0  # rows left out, each listed in Anomalies with its line number
    skipped: int = 0  # blank rows and total rows
    other: int = 0  # ledger lines outside the receivables (FEC: accounts other than 411)
    after: int = 0  # ledger lines entered after the as-of date (FEC)

    PARTS = ("transactions", "merged", "anomalies", "skipped", "other", "after")

    def accounted(self) -> int:
        return sum(getattr(self, p) for p in self.PARTS)

    def adds_up(self) -> bool:
        return self.accounted() == self.rows

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.rows + other.rows, *(getattr(self, p) + getattr(other, p) for p in self.PARTS)
        )


# The rate table of the penalties: the readers load it, the rules apply it.
def half_year_start(p: int) -> dt.date:
    return dt.date(p // 2, 7 if p % 2 else 1, 1)


def half_year_label(p: int) -> str:
    return f"{p // 2}-S{p % 2 + 1}"


def parse_half_year(label: str) -> int:
    year, half = label.split("-S")
    return int(year) * 2 + int(half) - 1


class RateKind(StrEnum):
    """The columns of the rate table, with what they are called in an anomaly."""

    ECB = "ecb"
    LEGAL = "legal"
    LEGAL_CONSUMER = "legal_consumer"
    BOE = "boe"

    def label(self, lang: Lang) -> str:
        fr, en = {
            RateKind.ECB: ("taux BCE", "ECB main rate"),
            RateKind.LEGAL: (
                "taux d'intérêt légal (professionnels)",
                "French legal interest rate (professionals)",
            ),
            RateKind.LEGAL_CONSUMER: (
                "taux d'intérêt légal (particuliers)",
                "French legal interest rate (consumers)",
            ),
            RateKind.BOE: ("taux de base de la Banque d'Angleterre", "Bank of England base rate"),
        }[self]
        return en if lang is Lang.EN else fr


@dataclass(frozen=True)
class RateTable:
    """Reference rates (%) by half-year index: ECB main rate, French legal rates (professional
    and consumer), BoE base rate for interest starting to run in that half-year."""

    ecb: dict[int, float]
    legal: dict[int, float]
    boe: dict[int, float]
    legal_consumer: dict[int, float] = field(default_factory=dict)

    def column(self, kind: RateKind, periods: list[int], overrides: dict[int, float]) -> np.ndarray:
        """Rates of the given half-years; NaN where neither the overrides nor the table has one."""
        known: dict[int, float] = getattr(self, kind.value)
        return np.array(
            [overrides.get(p, known.get(p, np.nan)) for p in periods], dtype=float
        ).reshape(len(periods))


# A balance within this of zero is settled (rules and readers agree on it).
PAID_TOLERANCE = 0.005
