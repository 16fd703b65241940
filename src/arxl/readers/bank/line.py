"""The record every bank-statement reader produces: one BankLine per booked movement.

CAMT, OFX, MT940 and the banks' CSV exports say the same few things in different shapes; the
readers bring them to this one record, and `lines_frame` turns a statement into the frame the
matching rules read. Amounts are signed: a credit (money in) is positive, a debit negative.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from arxl.model import Issue

LINE_COLUMNS = (
    "key",
    "date",
    "amount",
    "currency",
    "label",
    "remittance",
    "payer",
    "iban",
    "bank_ref",
    "source",
)


@dataclass(frozen=True)
class BankLine:
    """One movement of a statement as the bank booked it."""

    date: dt.date  # booking date (value date when the format has no booking date)
    amount: float  # signed: > 0 money received, < 0 money paid
    label: str  # the bank's label (libellé), as printed on the statement
    currency: str = "EUR"
    remittance: str = ""  # structured or unstructured remittance information (motif)
    payer: str = ""  # the ordering party's name, when the format gives it apart
    iban: str = ""  # the ordering party's account, compact, when given
    bank_ref: str = ""  # the bank's own reference of the movement (AcctSvcrRef, FITID, ...)
    source: str = ""  # "statement.xml line 12": where the owner finds it

    @property
    def is_credit(self) -> bool:
        return self.amount > 0

    def natural_key(self) -> str:
        """What identifies the movement across imports: the bank's reference, else its date,
        amount and label (a hash keeps the key short)."""
        if self.bank_ref:
            return f"ref:{self.bank_ref}"
        text = " ".join(f"{self.label} {self.remittance}".split()).lower()
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        return f"{self.date:%Y%m%d}:{self.amount:.2f}:{digest}"


@dataclass
class Statement:
    """What one file held: its lines in file order, its format, and the lines left out."""

    path: str
    format: str  # "camt.053", "camt.054", "ofx", "mt940", "csv", "xlsx"
    lines: list[BankLine] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    account: str = ""  # the statement's own account (IBAN) when the file says it


def keyed(lines: Sequence[BankLine]) -> list[str]:
    """The natural key of each line; the n-th repeat of a key within the same lines gets
    `#n`, so two identical movements of one day stay two, and importing the same statement
    again gives the same keys."""
    seen: dict[str, int] = {}
    out = []
    for line in lines:
        k = line.natural_key()
        seen[k] = seen.get(k, 0) + 1
        out.append(k if seen[k] == 1 else f"{k}#{seen[k]}")
    return out


def lines_frame(lines: Sequence[BankLine]) -> pd.DataFrame:
    """The lines as the frame rules.matching reads (LINE_COLUMNS, dates as datetime64)."""
    frame = pd.DataFrame(
        {
            "key": keyed(lines),
            "date": pd.to_datetime([ln.date for ln in lines]).astype("datetime64[ns]"),
            "amount": [round(float(ln.amount), 2) for ln in lines],
            "currency": [ln.currency for ln in lines],
            "label": [ln.label for ln in lines],
            "remittance": [ln.remittance for ln in lines],
            "payer": [ln.payer for ln in lines],
            "iban": [ln.iban for ln in lines],
            "bank_ref": [ln.bank_ref for ln in lines],
            "source": [ln.source for ln in lines],
        },
        columns=list(LINE_COLUMNS),
    )
    frame["amount"] = frame["amount"].astype(float)
    return frame


def compact_iban(text: str) -> str:
    """An IBAN without spaces, upper case ("" when it does not look like one)."""
    s = "".join(text.split()).upper()
    return s if len(s) >= 15 and s[:2].isalpha() and s[2:4].isdigit() else ""
