"""The Prévision encaissements (Collections forecast) sheet: expected cash-in per ISO week
(Monday to Sunday), the table and its chart."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.reports.dashboard import BLUE, GREY, VERMILION
from arxl.reports.dashboard_blocks import week_label
from arxl.sheets.spec import Block, Chart, ChartKind, Column, Kind, LayoutSpec, Tone
from arxl.vocab import Lang, sheet_name, t

WIDTHS = (14, 14, 14, 18, 10, 18)
CHART_COLUMN = 7


def build(
    weeks: pd.DataFrame,
    portfolio: float,
    as_of: dt.date,
    lang: Lang,
    formats: Formats = FR_FORMATS,
) -> LayoutSpec:
    day = formats.date_text(as_of)
    columns = [
        Column(t("Semaine ISO", "ISO week", lang), Kind.TEXT, center=True),
        Column(t("Du", "From", lang), Kind.DATE, center=True),
        Column(t("Au", "To", lang), Kind.DATE, center=True),
        Column(t("Encaissement attendu", "Expected cash-in", lang), Kind.MONEY),
        Column(t("Factures", "Invoices", lang), Kind.INT, center=True),
        Column(t("Cumul", "Cumulative", lang), Kind.MONEY),
    ]
    labels = [
        week_label(p, w, lang, year=True)
        for p, w in zip(weeks["period"], weeks["iso_week"], strict=True)
    ]
    table = Block(
        3,
        0,
        columns,
        [
            labels,
            weeks["start"].to_numpy(),
            weeks["end"].to_numpy(),
            weeks["amount"].to_numpy(),
            weeks["count"].to_numpy(),
            weeks["cumulative"].to_numpy(),
        ],
        tones=[
            Tone.LATE_2 if p == "late" else Tone.WRITTEN_OFF if p == "later" else Tone.PLAIN
            for p in weeks["period"]
        ],
        total=[
            t("Total", "Total", lang),
            None,
            None,
            float(weeks["amount"].sum()),
            int(weeks["count"].sum()),
            None,
        ],
    )
    n = len(weeks)
    chart = Chart(
        ChartKind.COLUMN,
        t("Encaissements attendus par semaine", "Expected cash-in per week", lang),
        block=0,
        categories=0,
        series=(3,),
        row=3,
        col=CHART_COLUMN,
        width=620,
        height=360,
        point_colors=(VERMILION, *([BLUE] * max(n - 2, 0)), GREY) if n >= 2 else (),
        legend=False,
        x_title=t("Semaine ISO (du lundi au dimanche)", "ISO week (Monday – Sunday)", lang),
        y_title=t("Montant TTC", "Amount incl. VAT", lang),
    )
    name = sheet_name("forecast", lang)
    return LayoutSpec(
        key="forecast",
        name=name,
        blocks=[table],
        charts=[chart],
        widths=(*WIDTHS, 3),
        title=t(
            f"Prévision d'encaissements au {day}",
            f"Cash-in forecast as of {day}",
            lang,
        ),
        subtitle=t(
            "Date attendue = échéance + retard moyen du client (sinon du portefeuille : "
            f"{portfolio:.1f} j). Litiges exclus. Semaines ISO, du lundi au dimanche ; la "
            f"première commence le {day}.".replace(
                f"{portfolio:.1f}", f"{portfolio:.1f}".replace(".", ",")
            ),
            "Expected date = due date + the client's average days late (else the portfolio's: "
            f"{portfolio:.1f} d). Disputes left out. ISO weeks, Monday to Sunday; the first "
            f"starts on {day}.",
            lang,
        ),
        print_title=f"{name} – {day}",
        formats=formats,
        tab_color="548235",
        landscape=True,
        freeze_rows=4,
        repeat_rows=(3, 3),
    )
