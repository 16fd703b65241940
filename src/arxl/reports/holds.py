"""The Blocages (Credit holds) sheet: the clients to stop delivering on credit, and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import numpy as np
import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.rules.credit import OVER_LIMIT, TOO_LATE, TOO_OLD
from arxl.settings import Settings
from arxl.sheets.spec import Column, Kind, SheetSpec, Tone
from arxl.vocab import Lang, sheet_name, t
from arxl.vocab.clients import shown_names


def reason_labels(settings: Settings, lang: Lang) -> dict[str, str]:
    n, m = settings.hold_days_overdue, settings.hold_average_age
    return {
        OVER_LIMIT: t("Encours au-delà de la limite de crédit", "Exposure over credit limit", lang),
        TOO_LATE: t(f"Facture à plus de {n} j de retard", f"Invoice over {n} days overdue", lang),
        TOO_OLD: t(
            f"Âge moyen des factures ouvertes > {m} j",
            f"Open invoices average over {m} days old",
            lang,
        ),
    }


def on_hold(table: pd.DataFrame) -> pd.DataFrame:
    """The clients of rules.credit.client_credit with at least one hold reason."""
    mask = np.array([bool(h) for h in table["holds"]], dtype=bool)  # [] would pick no column
    return table[mask].reset_index(drop=True)


def build(
    table: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    lang: Lang,
    formats: Formats = FR_FORMATS,
    known: Collection[object] | None = None,
) -> SheetSpec:
    holds = on_hold(table)
    labels = reason_labels(settings, lang)
    columns = [
        Column(t("ID Client", "Client ID", lang), Kind.TEXT, 10, center=True),
        Column(t("Client", "Client", lang), Kind.TEXT, 26),
        Column(t("Encours", "Exposure", lang), Kind.MONEY, 13),
        Column(t("Limite de crédit", "Credit limit", lang), Kind.MONEY, 13),
        Column(t("Dépassement", "Over limit by", lang), Kind.MONEY, 13),
        Column(t("Retard max (j)", "Max days overdue", lang), Kind.INT, 10, center=True),
        Column(t("Âge moyen (j)", "Average age (d)", lang), Kind.NUMBER, 10, center=True),
        Column(t("Note", "Grade", lang), Kind.TEXT, 7, center=True),
        Column(t("Motif du blocage", "Reason for the hold", lang), Kind.TEXT, 100),
    ]
    over = (holds["exposure"] - holds["credit_limit"]).clip(lower=0)
    data = [
        holds["client_id"].tolist(),
        shown_names(holds["client_key"].tolist(), holds["client_name"].tolist(), known, lang),
        holds["exposure"].to_numpy(),
        holds["credit_limit"].to_numpy(),
        over.where(over > 0).to_numpy(),
        holds["max_days_overdue"].to_numpy(),
        holds["average_age"].round(1).to_numpy(),
        holds["grade"].tolist(),
        ["; ".join(labels[r] for r in reasons) for reasons in holds["holds"]],
    ]
    total: list[object] = [""] * len(columns)
    total[1] = t(
        "Règle : encours > limite, ou une facture à plus de "
        f"{settings.hold_days_overdue} j de retard, ou âge moyen > {settings.hold_average_age} j "
        "(Paramètres : « Blocage : jours de retard », « Blocage : âge moyen (jours) »).",
        "Rule: exposure > limit, or an invoice more than "
        f"{settings.hold_days_overdue} days overdue, or average age > "
        f"{settings.hold_average_age} days (Settings: 'Hold: days overdue', "
        "'Hold: average age (days)').",
        lang,
    )
    name = sheet_name("holds", lang)
    return SheetSpec(
        key="holds",
        name=name,
        columns=columns,
        data=data,
        tones=[Tone.LATE_3] * len(holds),
        total=total,
        print_title=f"{name} – {formats.date_text(as_of)}",
        tab_color="C00000",
        formats=formats,
    )
