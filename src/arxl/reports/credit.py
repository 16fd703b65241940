"""The Crédit clients (Customer credit) sheet: exposure, limit, headroom and payer profile per
client, with the grading rule written under the table."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.rules.credit import (
    IMPROVING,
    OVER_LIMIT,
    STABLE,
    TOO_LATE,
    TOO_OLD,
    WORSENING,
)
from arxl.settings import Settings
from arxl.sheets.spec import Column, Kind, SheetSpec, Tone
from arxl.vocab import Lang, sheet_name, t

# The row's colour is the grade's, on the same scale as lateness elsewhere.
GRADE_TONES = {"A": Tone.PAID, "B": Tone.LATE_1, "C": Tone.LATE_2, "D": Tone.LATE_3}


def trend_label(word: str, lang: Lang) -> str:
    """The words of rules.credit.assess's trend."""
    labels = {
        IMPROVING: t("En amélioration", "Improving", lang),
        WORSENING: t("En dégradation", "Worsening", lang),
        STABLE: t("Stable", "Stable", lang),
    }
    return labels.get(word, "")


def hold_label(holds: list[str], lang: Lang) -> str:
    """ "Oui (retard, âge)": on hold, and why in a word each (the Blocages sheet says more)."""
    if not holds:
        return ""
    words = {
        OVER_LIMIT: t("limite", "limit", lang),
        TOO_LATE: t("retard", "overdue", lang),
        TOO_OLD: t("âge", "age", lang),
    }
    return t("Oui", "Yes", lang) + " (" + ", ".join(words[h] for h in holds) + ")"


def grade_rule(settings: Settings, lang: Lang) -> str:
    """The grading, colour and trend rule (rules.credit.assess) in one line under the table
    (short enough to print on the page's width; the README gives it in full)."""
    a, b, c = settings.grade_bounds
    k = settings.trend_days
    return t(
        f"Note : retard moyen pondéré des 6 derniers mois (sinon tout l'historique) : A ≤ {a} j, "
        f"B ≤ {b} j, C ≤ {c} j, sinon D ; D si bloqué pour retard ou âge. Couleur = note. "
        f"Tendance : ± {k} j contre les 6 mois d'avant, pas d'amélioration si bloqué.",
        f"Grade: amount-weighted days late over the last 6 months (else all history): "
        f"A ≤ {a} d, B ≤ {b} d, C ≤ {c} d, else D; D when on hold for lateness or age. "
        f"Colour = grade. Trend: ± {k} d against the 6 months before, never improving when on "
        "hold.",
        lang,
    )


def build(
    table: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    lang: Lang,
    formats: Formats = FR_FORMATS,
) -> SheetSpec:
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
        Column(t("6 mois d'avant (j)", "6 months before (d)", lang), Kind.NUMBER, 11, center=True),
        Column(t("6 derniers mois (j)", "Last 6 months (d)", lang), Kind.NUMBER, 11, center=True),
        Column(t("Tendance", "Trend", lang), Kind.TEXT, 15, center=True),
        Column(t("Note", "Grade", lang), Kind.TEXT, 7, center=True),
        Column(t("Bloqué", "On hold", lang), Kind.TEXT, 16, center=True),
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
        one("earlier_days_late"),
        one("recent_days_late"),
        [trend_label(w, lang) for w in table["trend_word"].tolist()],
        table["grade"].tolist(),
        [hold_label(h, lang) for h in table["holds"]],
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
        print_title=f"{name} – {formats.date_text(as_of)}",
        tab_color="2F5597",
        formats=formats,
    )
