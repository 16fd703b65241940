"""The Crédit clients (Customer credit) sheet: exposure, limit, headroom and payer profile per
client, with the grading rule written under the table."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.reports.sheet import Column, Kind, SheetSpec, Tone
from arxl.settings import Settings
from arxl.vocab import Lang, sheet_name, t

GRADE_TONES = {"A": Tone.PAID, "B": Tone.CURRENT, "C": Tone.LATE_1, "D": Tone.LATE_3}


def trend_label(trend: float, settings: Settings, lang: Lang) -> str:
    """Better, worse or stable: recent lateness against earlier, by settings.trend_days."""
    if np.isnan(trend):
        return ""
    if trend <= -settings.trend_days:
        return t("En amélioration", "Improving", lang)
    if trend >= settings.trend_days:
        return t("En dégradation", "Worsening", lang)
    return t("Stable", "Stable", lang)


def grade_rule(settings: Settings, lang: Lang) -> str:
    a, b, c = settings.grade_bounds
    return t(
        f"Note : retard moyen pondéré par le montant (factures payées : échéance → paiement ; "
        f"factures ouvertes en retard : retard à ce jour). A ≤ {a} j, B ≤ {b} j, C ≤ {c} j, "
        f"D au-delà ; vide sans historique. Tendance : 6 derniers mois contre avant "
        f"(± {settings.trend_days} j).",
        f"Grade: amount-weighted average days late (paid invoices: due date → payment; open "
        f"overdue invoices: lateness to date). A ≤ {a} d, B ≤ {b} d, C ≤ {c} d, D above; "
        f"blank without history. Trend: last 6 months against before (± {settings.trend_days} d).",
        lang,
    )


def build(table: pd.DataFrame, settings: Settings, as_of: dt.date, lang: Lang) -> SheetSpec:
    columns = [
        Column(t("ID Client", "Client ID", lang), Kind.TEXT, 10, center=True),
        Column(t("Client", "Client", lang), Kind.TEXT, 26),
        Column(t("Encours", "Exposure", lang), Kind.MONEY, 13),
        Column(t("Limite de crédit", "Credit limit", lang), Kind.MONEY, 13),
        Column(t("Utilisation (%)", "Utilisation (%)", lang), Kind.NUMBER, 11, center=True),
        Column(t("Marge disponible", "Headroom", lang), Kind.MONEY, 13),
        Column(t("Crédit non affecté", "Unapplied credit", lang), Kind.MONEY, 13),
        Column(t("Factures ouvertes", "Open invoices", lang), Kind.INT, 10, center=True),
        Column(t("Retard max (j)", "Max days overdue", lang), Kind.INT, 10, center=True),
        Column(t("Âge moyen (j)", "Average age (d)", lang), Kind.NUMBER, 10, center=True),
        Column(t("Retard moyen (j)", "Avg days late", lang), Kind.NUMBER, 10, center=True),
        Column(t("6 derniers mois (j)", "Last 6 months (d)", lang), Kind.NUMBER, 11, center=True),
        Column(t("Tendance", "Trend", lang), Kind.TEXT, 15, center=True),
        Column(t("Note", "Grade", lang), Kind.TEXT, 7, center=True),
        Column(t("Bloqué", "On hold", lang), Kind.TEXT, 8, center=True),
    ]
    one = lambda col: np.round(table[col].to_numpy(dtype=float), 1)  # noqa: E731
    data = [
        table["client_id"].tolist(),
        table["client_name"].tolist(),
        table["exposure"].to_numpy(),
        table["credit_limit"].to_numpy(),
        np.round(table["utilisation"].to_numpy(dtype=float) * 100, 1),
        table["headroom"].to_numpy(),
        table["unapplied"].to_numpy(),
        table["open_count"].to_numpy(),
        table["max_days_overdue"].to_numpy(),
        one("average_age"),
        one("days_late"),
        one("recent_days_late"),
        [trend_label(x, settings, lang) for x in table["trend"].tolist()],
        table["grade"].tolist(),
        [t("Oui", "Yes", lang) if h else "" for h in table["holds"]],
    ]
    total: list[object] = [""] * len(columns)
    total[1] = grade_rule(settings, lang)
    name = sheet_name("credit", lang)
    return SheetSpec(
        key="credit",
        name=name,
        columns=columns,
        data=data,
        tones=[GRADE_TONES.get(g, Tone.PLAIN) for g in table["grade"]],
        total=total,
        print_title=f"{name} – {as_of:%d/%m/%Y}",
        tab_color="2F5597",
    )
