"""The Tableau de bord (Dashboard) sheet: the KPIs with their definitions, the ten largest
debtors, the aged balance by bucket, the last twelve months, and three native charts."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.reports import kpi_text
from arxl.reports.kpi_text import NOT_AVAILABLE
from arxl.rules.kpis import Kpis
from arxl.settings import Settings
from arxl.sheets.spec import Block, Cell, Chart, ChartKind, Column, Kind, LayoutSpec
from arxl.vocab import Lang, bucket_codes, bucket_labels, sheet_name, t

BUCKET_COLORS = ("70AD47", "FFC000", "ED7D31", "C00000", "7B0021")
LINE_COLOR = "1F4E78"
WIDTHS = (34, 16, 14, 14, 14, 14, 14, 14, 12)


def kpi_block(figures: Kpis, row: int, lang: Lang, title: str | None = None) -> Block:
    """Indicator | value | definition, one row per KPI ("n/a" where not computable)."""
    values = figures.to_dict()
    keys = list(kpi_text.KPI_TEXT)
    return Block(
        row,
        0,
        [
            Column(t("Indicateur", "Figure", lang)),
            Column(t("Valeur", "Value", lang), Kind.NUMBER),
            Column(t("Définition", "Definition", lang)),
        ],
        [
            [kpi_text.label(k, lang) for k in keys],
            [figure_cell(k, values[k]) for k in keys],
            [kpi_text.definition(k, lang, figures) for k in keys],
        ],
        title=title,
    )


def figure_cell(key: str, value: object) -> Cell:
    return Cell(NOT_AVAILABLE if value is None else value, kpi_text.kind(key))


def debtors_block(top: pd.DataFrame, settings: Settings, row: int, lang: Lang) -> Block:
    codes = list(bucket_codes(settings.bucket_bounds))
    labels = bucket_labels(settings.bucket_bounds, lang)
    share = top["overdue_share"].to_numpy(dtype=float)
    return Block(
        row,
        0,
        [
            Column(t("Client", "Client", lang)),
            Column(t("Encours", "Outstanding", lang), Kind.MONEY),
            *(Column(label, Kind.MONEY) for label in labels),
            Column(t("Montant échu", "Overdue", lang), Kind.MONEY),
            Column(t("Part échue", "Overdue share", lang), Kind.PERCENT),
        ],
        [
            [
                f"{n} ({i})" if n else str(i)
                for i, n in zip(top["client_id"], top["client_name"], strict=True)
            ],
            top["total"].to_numpy(),
            *(top[c].to_numpy() for c in codes),
            top["overdue"].to_numpy(),
            [NOT_AVAILABLE if np.isnan(x) else x for x in share],
        ],
        title=t(
            "Les 10 plus gros débiteurs (encours, par tranche de retard)",
            "The ten largest debtors (outstanding, by lateness bucket)",
            lang,
        ),
    )


def buckets_block(buckets: pd.Series, settings: Settings, row: int, lang: Lang) -> Block:
    total = float(buckets.sum())
    shares = [x / total if total > 0 else NOT_AVAILABLE for x in buckets.tolist()]
    return Block(
        row,
        0,
        [
            Column(t("Tranche de retard", "Lateness bucket", lang)),
            Column(t("Montant ouvert", "Open amount", lang), Kind.MONEY),
            Column(t("Part", "Share", lang), Kind.PERCENT),
        ],
        [list(bucket_labels(settings.bucket_bounds, lang)), buckets.to_numpy(), shares],
        title=t("Balance âgée par tranche", "Aged balance by bucket", lang),
        total=[t("Total", "Total", lang), total, 1.0 if total > 0 else NOT_AVAILABLE],
    )


def net_block(gross: float, credits: float, row: int, lang: Lang) -> Block:
    """Open invoices, the open credits set against them, and the net receivable."""
    return Block(
        row,
        0,
        [
            Column(t("Encours clients", "Receivables", lang)),
            Column(t("Montant", "Amount", lang), Kind.MONEY),
        ],
        [
            [
                t("Factures ouvertes (brut)", "Open invoices (gross)", lang),
                t(
                    "Avoirs et paiements non lettrés",
                    "Credit notes and payments not applied",
                    lang,
                ),
            ],
            [round(gross, 2), round(credits, 2)],
        ],
        title=t(
            "Encours net : factures ouvertes moins les crédits des clients",
            "Net receivables: open invoices less the clients' credits",
            lang,
        ),
        total=[t("Encours net", "Net receivables", lang), round(gross + credits, 2)],
    )


def months_block(months: pd.DataFrame, row: int, lang: Lang) -> Block:
    cols = ("invoiced", "collected", "still_open", "written_off", "collections")
    return Block(
        row,
        0,
        [
            Column(t("Mois", "Month", lang)),
            Column(t("Facturé", "Invoiced", lang), Kind.MONEY),
            Column(
                t("Encaissé (factures du mois)", "Collected (month's invoices)", lang), Kind.MONEY
            ),
            Column(t("Encore ouvert", "Still open", lang), Kind.MONEY),
            Column(t("Irrécouvrable", "Written off", lang), Kind.MONEY),
            Column(t("Encaissements du mois", "Collections in the month", lang), Kind.MONEY),
        ],
        [
            [kpi_text.month_label(m.date(), lang) for m in months["month"]],
            *(months[c].to_numpy() for c in cols),
        ],
        title=t(
            "Les 12 derniers mois : factures du mois selon leur statut à la date, et encaissements "
            "reçus dans le mois (date de paiement)",
            "The last 12 months: each month's invoices by their status on the date, and the "
            "payments received in the month (payment date)",
            lang,
        ),
        total=[t("Total", "Total", lang), *(float(months[c].sum()) for c in cols)],
    )


def build(
    figures: Kpis,
    top: pd.DataFrame,
    buckets: pd.Series,
    months: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    lang: Lang,
    credits: float = 0.0,
    sources: tuple[str, ...] = ("Clients", "Transactions"),
) -> LayoutSpec:
    """The dashboard; `credits` is the sum of the clients' open credits (negative), `sources`
    the sheets the figures come from (as the owner named them)."""
    name = sheet_name("dashboard", lang)
    kpis_ = kpi_block(figures, 3, lang, t("Indicateurs", "Key figures", lang))
    debtors = debtors_block(top, settings, kpis_.end_row + 1, lang)
    charts_row = debtors.end_row + 1
    buckets_ = buckets_block(buckets, settings, charts_row + 18, lang)
    net_ = net_block(float(buckets.sum()), credits, buckets_.end_row + 1, lang)
    months_ = months_block(months, net_.end_row + 1, lang)
    charts = [
        Chart(
            ChartKind.BAR_STACKED,
            t("Encours par client (top 10), par tranche", "Outstanding by client (top 10)", lang),
            block=1,
            categories=0,
            series=(2, 3, 4, 5, 6),
            row=charts_row,
            col=0,
            width=600,
            height=340,
            colors=BUCKET_COLORS,
        ),
        Chart(
            ChartKind.COLUMN,
            t("Balance âgée par tranche", "Aged balance by bucket", lang),
            block=2,
            categories=0,
            series=(1,),
            row=charts_row,
            col=4,
            width=470,
            height=340,
            point_colors=BUCKET_COLORS,
        ),
        Chart(
            ChartKind.LINE,
            t("Encaissements par mois (12 derniers mois)", "Collections per month (last 12)", lang),
            block=3,
            categories=0,
            series=(5,),
            row=months_.end_row + 1,
            col=0,
            width=760,
            height=300,
            colors=(LINE_COLOR,),
        ),
    ]
    return LayoutSpec(
        key="dashboard",
        name=name,
        blocks=[kpis_, debtors, buckets_, months_, net_],
        charts=charts,
        widths=WIDTHS,
        title=t(
            f"Tableau de bord – situation au {as_of:%d/%m/%Y}",
            f"Dashboard – as of {as_of:%d/%m/%Y}",
            lang,
        ),
        subtitle=_subtitle(sources, lang),
        print_title=f"{name} – {as_of:%d/%m/%Y}",
        tab_color="375623",
        landscape=False,
    )


def _subtitle(sources: tuple[str, ...], lang: Lang) -> str:
    names = [f"« {n} »" if lang is Lang.FR else f'"{n}"' for n in sources if n]
    if not names:
        return t("Calculé par arxl (montants TTC).", "Computed by arxl (amounts incl. VAT).", lang)
    if len(names) == 1:
        return t(
            f"Calculé par arxl à partir de la feuille {names[0]} (montants TTC).",
            f"Computed by arxl from the {names[0]} sheet (amounts incl. VAT).",
            lang,
        )
    listed_fr = ", ".join(names[:-1]) + " et " + names[-1]
    listed_en = ", ".join(names[:-1]) + " and " + names[-1]
    return t(
        f"Calculé par arxl à partir des feuilles {listed_fr} (montants TTC).",
        f"Computed by arxl from the {listed_en} sheets (amounts incl. VAT).",
        lang,
    )
