"""The Quoi de neuf (What changed) sheet, and the hidden sheet where arxl keeps the summary of
this run for the next one."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.rules import changes as C
from arxl.rules.lookup import as_dict
from arxl.settings import Settings
from arxl.sheets.spec import Column, Kind, SheetSpec, Tone, text_data
from arxl.vocab import (
    EntryKind,
    Lang,
    Status,
    bucket_codes,
    bucket_labels,
    reminder_label,
    sheet_name,
    t,
)

TONES = {
    C.NEW_INVOICE: Tone.CURRENT,
    C.PAYMENT: Tone.PAID,
    C.CREDIT_NOTE: Tone.PAID,
    C.BECAME_OVERDUE: Tone.LATE_2,
    C.BUCKET: Tone.LATE_1,
    C.REMINDER: Tone.LATE_2,
    C.NEW_HOLD: Tone.LATE_3,
}


def _labels(lang: Lang) -> dict[str, str]:
    return {
        C.NEW_INVOICE: t("Nouvelle facture", "New invoice", lang),
        C.PAYMENT: t("Paiement reçu", "Payment received", lang),
        C.CREDIT_NOTE: t("Nouvel avoir", "New credit note", lang),
        C.BECAME_OVERDUE: t("Passée en retard", "Became overdue", lang),
        C.BUCKET: t("Changement de tranche", "Changed bucket", lang),
        C.REMINDER: t("Niveau de relance en hausse", "Reminder level rose", lang),
        C.NEW_HOLD: t("Nouveau blocage", "New hold", lang),
    }


def build(
    found: pd.DataFrame | None,
    since: dt.date | None,
    clients: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    lang: Lang,
    formats: Formats = FR_FORMATS,
) -> SheetSpec:
    """`found`: rules.changes.changes (None on the first refresh)."""
    day = formats.date_text
    words: dict[object, str] = {s.value: s.label(lang) for s in Status}
    words.update({k.value: k.label(lang) for k in EntryKind})
    codes = bucket_codes(settings.bucket_bounds)
    words.update(zip(codes, bucket_labels(settings.bucket_bounds, lang), strict=True))
    words["hold"] = t("Bloqué", "On hold", lang)
    names = as_dict(clients.set_index("client_key")["name"])
    ids = as_dict(clients.set_index("client_key")["client_id"])
    labels = _labels(lang)

    def word(category: str, v: object) -> str:
        if category == C.REMINDER and isinstance(v, (int, np.integer)):
            return reminder_label(int(v), lang) if v >= 0 else t("Aucune", "None", lang)
        if v is None or isinstance(v, float):  # a blank: before and after hold words only
            return ""
        return words.get(v, str(v))  # type: ignore[arg-type]

    columns = [
        Column(t("Changement", "Change", lang), Kind.TEXT, 26),
        Column(t("ID Client", "Client ID", lang), Kind.TEXT, 10, center=True),
        Column(t("Client", "Client", lang), Kind.TEXT, 26),
        Column(t("Facture / paiement", "Invoice / payment", lang), Kind.TEXT, 26),
        Column(t("Avant", "Before", lang), Kind.TEXT, 20),
        Column(t("Maintenant", "Now", lang), Kind.TEXT, 20),
        Column(t("Montant", "Amount", lang), Kind.MONEY, 13),
    ]
    if found is None or since is None or found.empty:
        first = (
            t(
                "Première analyse : les changements apparaîtront à la prochaine actualisation.",
                "First refresh: changes will show from the next refresh on.",
                lang,
            )
            if found is None or since is None
            else t(
                f"Aucun changement depuis le {day(since)}.",
                f"No change since {day(since)}.",
                lang,
            )
        )
        data: list[object] = [[first], [""], [""], [""], [""], [""], [np.nan]]
        tones = [Tone.PLAIN]
        total: list[object] | None = None
        title = sheet_name("changes", lang)
    else:
        cat = found["category"].tolist()
        data = [
            [labels[c] for c in cat],
            [ids.get(k, k) for k in found["client_key"]],
            [names.get(k, "") for k in found["client_key"]],
            found["invoice"].tolist(),
            [word(c, v) for c, v in zip(cat, found["before"], strict=True)],
            [word(c, v) for c, v in zip(cat, found["after"], strict=True)],
            found["amount"].to_numpy(dtype=float),
        ]
        tones = [TONES[c] for c in cat]
        total = [""] * len(columns)
        total[0] = t(
            "Montant : la facture ou l'avoir, la somme reçue (paiement), le reste dû "
            "(passée en retard, changement de tranche), le montant relancé (relance), l'encours "
            "(blocage).",
            "Amount: the invoice's or credit note's, the sum received (payment), the balance due "
            "(became overdue, changed bucket), the amount reminded (reminder), the exposure "
            "(hold).",
            lang,
        )
        title = t(
            f"{sheet_name('changes', lang)} depuis le {day(since)}",
            f"{sheet_name('changes', lang)} since {day(since)}",
            lang,
        )
    return SheetSpec(
        key="changes",
        name=sheet_name("changes", lang),
        columns=columns,
        data=data,
        tones=tones,
        total=total,
        print_title=f"{title} – {day(as_of)}",
        tab_color="7030A0",
        formats=formats,
    )


def build_state(state: pd.DataFrame, lang: Lang) -> SheetSpec:
    """The hidden sheet holding this run's summary (rules.changes.STORED_COLUMNS)."""
    kinds = {"paid": Kind.NUMBER, "level": Kind.INT}
    return SheetSpec(
        key="state",
        name=sheet_name("state", lang),
        columns=[Column(c, kinds.get(c, Kind.TEXT), 14) for c in C.STORED_COLUMNS],
        data=[
            state[c].to_numpy(dtype=float) if c in kinds else text_data(state[c].astype(str))
            for c in C.STORED_COLUMNS
        ],
        autofilter=False,
        hidden=True,
    )
