"""The Prévision encaissements (Collections forecast) sheet: expected cash-in per week.

The chart of these weeks is left to the chart-capable writer (not in this writer yet)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from arxl.sheets.spec import Column, Kind, SheetSpec, Tone
from arxl.vocab import Lang, sheet_name, t


def build(weeks: pd.DataFrame, portfolio: float, as_of: dt.date, lang: Lang) -> SheetSpec:
    def period(p: str) -> str:
        if p == "late":
            return t("Attendu avant cette date, non reçu", "Expected earlier, not received", lang)
        if p == "later":
            return t("Au-delà", "Later", lang)
        return t(f"Semaine {p}", f"Week {p}", lang)

    columns = [
        Column(t("Période", "Period", lang), Kind.TEXT, 34),
        Column(t("Du", "From", lang), Kind.DATE, 11.5),
        Column(t("Au", "To", lang), Kind.DATE, 11.5),
        Column(t("Encaissement attendu", "Expected cash-in", lang), Kind.MONEY, 16),
        Column(t("Factures", "Invoices", lang), Kind.INT, 9, center=True),
        Column(t("Cumul", "Cumulative", lang), Kind.MONEY, 16),
    ]
    data = [
        [period(p) for p in weeks["period"]],
        weeks["start"].to_numpy(),
        weeks["end"].to_numpy(),
        weeks["amount"].to_numpy(),
        weeks["count"].to_numpy(),
        weeks["cumulative"].to_numpy(),
    ]
    tones = [
        Tone.LATE_2 if p == "late" else Tone.WRITTEN_OFF if p == "later" else Tone.PLAIN
        for p in weeks["period"]
    ]
    total: list[object] = [""] * len(columns)
    total[0] = t(
        "Date attendue = échéance + retard moyen du client (sinon du portefeuille : "
        f"{portfolio:.1f} j). Litiges exclus.",
        "Expected date = due date + the client's average days late (else the portfolio's: "
        f"{portfolio:.1f} d). Disputes left out.",
        lang,
    )
    name = sheet_name("forecast", lang)
    return SheetSpec(
        key="forecast",
        name=name,
        columns=columns,
        data=data,
        tones=tones,
        total=total,
        autofilter=False,
        print_title=f"{name} – {as_of:%d/%m/%Y}",
        tab_color="548235",
        landscape=False,
    )
