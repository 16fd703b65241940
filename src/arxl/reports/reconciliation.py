"""The Rapprochement (Bank matching) sheet: one row per bank credit, the proposed client and
invoices, the score and why, and a Valider column where the owner types x (or changes the
invoice numbers first). `arxl bank` reads the sheet back, so its headers and state words are
defined here once, in both languages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.sheets.spec import Column, Kind, SheetSpec, Tone
from arxl.vocab import Lang, fold, t

KEY = "rapprochement"
NAMES = ("Rapprochement", "Bank matching")


class RowState(StrEnum):
    SURE = "sure"  # exact reference and amount
    PROPOSED = "proposed"
    IDENTIFY = "identify"
    REJECTED = "rejected"  # the owner said no: to identify
    POSTED = "posted"  # validated, written to Paiements


STATE_TEXT: dict[RowState, tuple[str, str]] = {
    RowState.SURE: ("Sûr : à valider", "Sure: to confirm"),
    RowState.PROPOSED: ("Proposé : à valider", "Proposed: to confirm"),
    RowState.IDENTIFY: ("À identifier", "To identify"),
    RowState.REJECTED: ("Rejeté : à identifier", "Rejected: to identify"),
    RowState.POSTED: ("Validé → Paiements", "Confirmed → Payments"),
}
_TONES = {
    RowState.SURE: Tone.CURRENT,
    RowState.PROPOSED: Tone.CURRENT,
    RowState.IDENTIFY: Tone.LATE_3,
    RowState.REJECTED: Tone.LATE_2,
    RowState.POSTED: Tone.PAID,
}


@dataclass(frozen=True)
class Col:
    key: str
    fr: str
    en: str
    kind: Kind = Kind.TEXT
    width: float = 12.0
    center: bool = False


COLUMNS: tuple[Col, ...] = (
    Col("date", "Date", "Date", Kind.DATE, 11.5),
    Col("label", "Libellé", "Label", Kind.TEXT, 46),
    Col("amount", "Montant", "Amount", Kind.MONEY, 13),
    Col("client_id", "ID Client", "Client ID", Kind.TEXT, 10, True),
    Col("client_name", "Client", "Client", Kind.TEXT, 24),
    Col("invoices", "Factures", "Invoices", Kind.TEXT, 22),
    Col("applied", "Montant imputé", "Amount applied", Kind.MONEY, 13),
    Col("unapplied", "Non affecté", "Unapplied", Kind.MONEY, 12),
    Col("score", "Score", "Score", Kind.INT, 7, True),
    Col("why", "Pourquoi", "Why", Kind.TEXT, 48),
    Col("confirm", "Valider", "Confirm", Kind.TEXT, 8, True),
    Col("state", "Statut", "Status", Kind.TEXT, 20),
    Col("posted", "Reporté le", "Posted on", Kind.DATE, 11.5),
    Col("guesses", "Pistes", "Leads", Kind.TEXT, 36),
    Col("payer", "Payeur", "Payer", Kind.TEXT, 22),
    Col("iban", "IBAN payeur", "Payer IBAN", Kind.TEXT, 28),
    Col("key", "Réf. banque", "Bank ref.", Kind.TEXT, 18),
    Col("source", "Source", "Source", Kind.TEXT, 22),
)
ROW_COLUMNS = tuple(c.key for c in COLUMNS)
# The column of Paiements that keeps the bank line a payment came from (arxl bank's memory of
# what was imported, should a Rapprochement row be deleted).
BANK_REF = ("Réf. banque", "Bank ref.")
HEADERS: dict[str, tuple[str, str]] = {c.key: (c.fr, c.en) for c in COLUMNS}

# What the owner may type in Valider: yes, or no (the row then stays to identify).
YES = frozenset(["x", "oui", "o", "yes", "y", "ok", "v", "1", "valide", "confirme", "auto"])
NO = frozenset(["non", "n", "no", "rejet", "rejete", "rejeter", "reject", "0"])


def state_of(text: object) -> RowState | None:
    """The state a Statut cell says, in either language."""
    key = fold(text)
    for state, words in STATE_TEXT.items():
        if key in (fold(words[0]), fold(words[1])):
            return state
    return None


def sheet_title(lang: Lang) -> str:
    return NAMES[lang is Lang.EN]


def build(rows: pd.DataFrame, as_of: dt.date, lang: Lang, fm: Formats = FR_FORMATS) -> SheetSpec:
    """The sheet from one row per bank credit (ROW_COLUMNS; state a RowState value), in the
    book's money and date formats `fm`."""
    labels = {s.value: t(*STATE_TEXT[s], lang) for s in RowState}
    data: list[Sequence[object]] = []
    for col in COLUMNS:
        values = rows[col.key] if col.key in rows else pd.Series([None] * len(rows))
        if col.key == "state":
            data.append([labels.get(v, "") for v in values.tolist()])
        elif col.kind is Kind.DATE:
            data.append(pd.to_datetime(values).to_numpy(dtype="datetime64[ns]"))
        elif col.kind in (Kind.MONEY, Kind.INT):
            data.append(pd.to_numeric(values, errors="coerce").to_numpy(dtype=float))
        else:
            data.append(["" if v is None or v is np.nan else str(v) for v in values.tolist()])
    tones = [_TONES.get(RowState(s), Tone.PLAIN) if s else Tone.PLAIN for s in rows["state"]]
    name = sheet_title(lang)
    return SheetSpec(
        key=KEY,
        name=name,
        columns=[Column(t(c.fr, c.en, lang), c.kind, c.width, c.center) for c in COLUMNS],
        data=data,
        tones=tones,
        print_title=f"{name} – {fm.date_text(as_of)}",
        tab_color="1F4E78",
        formats=fm,
    )


def paiements_spec(lang: Lang, fm: Formats = FR_FORMATS) -> SheetSpec:
    """A new Paiements sheet (the owner's from then on): its header, no rows yet."""
    columns = [
        Column(t("Date", "Date", lang), Kind.DATE, 11.5),
        Column(t("ID Client", "Client ID", lang), Kind.TEXT, 10, center=True),
        Column(t("Client", "Customer", lang), Kind.TEXT, 24),
        Column(t("Montant", "Amount", lang), Kind.MONEY, 13),
        Column(t("Factures", "Invoices", lang), Kind.TEXT, 22),
        Column(t("Libellé", "Label", lang), Kind.TEXT, 46),
        Column(t(*BANK_REF, lang), Kind.TEXT, 18),
    ]
    return SheetSpec(
        key="paiements",
        name=t("Paiements", "Payments", lang),
        columns=columns,
        data=[[] for _ in columns],
        tab_color="375623",
        formats=fm,
    )
