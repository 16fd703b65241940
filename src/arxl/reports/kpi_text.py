"""The label and one-line definition of each KPI, in French and English, and how it is shown."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from arxl.formats import EN_FORMATS, FR_FORMATS, Formats
from arxl.rules.kpis import COUNTBACK_MONTHS, STOP_CAP, Kpis
from arxl.sheets.spec import Kind
from arxl.vocab import Lang, t

NOT_AVAILABLE = "n/a"


def not_available(lang: Lang) -> str:
    """What stands for a figure that cannot be worked out (no history, nothing to divide by):
    "n/d" (non disponible) in French, "n/a" in English."""
    return t("n/d", NOT_AVAILABLE, lang)


# key -> (kind, French label, English label, French definition, English definition)
KPI_TEXT: dict[str, tuple[Kind, str, str, str, str]] = {
    "outstanding": (
        Kind.MONEY,
        "Encours total",
        "Total outstanding",
        "Encours net : solde des factures ouvertes (en attente, en retard, en litige) à la date, "
        "moins les crédits des clients non imputés (avoirs, paiements non lettrés).",
        "Net receivables: open balance of the pending, overdue and disputed invoices on the "
        "date, less the clients' credits not applied yet (credit notes, unapplied payments).",
    ),
    "overdue": (
        Kind.MONEY,
        "Montant échu",
        "Overdue amount",
        "Solde des factures en retard (échéance dépassée), litiges exclus.",
        "Balance of the overdue invoices (past their due date), disputes excluded.",
    ),
    "overdue_share": (
        Kind.PERCENT,
        "Part échue",
        "Overdue share",
        "Montant échu / factures ouvertes (avant les crédits non imputés).",
        "Overdue amount / open invoices (before the unapplied credits).",
    ),
    "disputed": (
        Kind.MONEY,
        "Montant en litige",
        "Disputed amount",
        "Solde des factures en litige (compris dans l'encours).",
        "Balance of the disputed invoices (part of the outstanding).",
    ),
    "overdue_invoices": (
        Kind.INT,
        "Factures en retard",
        "Overdue invoices",
        "Nombre de factures en retard, litiges exclus.",
        "Number of overdue invoices, disputes excluded.",
    ),
    "clients_to_remind": (
        Kind.INT,
        "Clients à relancer",
        "Clients to remind",
        "Clients de la feuille Relances (retard, ou échéance dans les jours du rappel), "
        "hors clients en « Pas de relance ».",
        "Clients on the Reminders sheet (overdue, or falling due within the pre-due days), "
        'less those marked "No reminder".',
    ),
    "dso_accounting_90d": (
        Kind.DAYS,
        "DSO méthode comptable (90 j)",
        "DSO, accounting method (90 d)",
        "Encours net à la date / ventes à crédit sur ]date − 90 j ; date] (factures moins "
        "avoirs, jamais les paiements) × 90 (jours).",
        "Net outstanding on the date / credit sales in (date − 90 d, date] (invoices less credit "
        "notes, never payments) × 90 (days).",
    ),
    "dso_countback": (
        Kind.DAYS,
        "DSO par épuisement (count-back)",
        "DSO, count-back method",
        "Mois par mois en remontant (le mois en cours du 1er à la date), les ventes de chaque "
        "mois (factures moins avoirs) épuisent l'encours net ; somme des jours consommés. "
        "S'arrête à un mois dont le facturé est nul ou négatif, et après 24 mois : la valeur "
        "est alors un minimum.",
        "Month by month backwards (the current month from its 1st to the date), each month's "
        "sales (invoices less credit notes) consume the net outstanding; sum of the days "
        "consumed. Stops at a month whose invoicing is zero or negative, and after 24 months: "
        "the figure is then a floor.",
    ),
    "avg_days_to_pay": (
        Kind.DAYS,
        "Délai moyen de paiement",
        "Average days to pay",
        "Paiements reçus sur les 12 derniers mois et imputés à une facture (règlement inscrit "
        "sur la facture soldée, paiements lettrés des lignes de paiement ou de la feuille "
        "Paiements) : date de paiement − date de facture, moyenne pondérée par le montant.",
        "Payments received over the last 12 months and applied to an invoice (the payment "
        "written on an invoice paid in full, the payments applied from payment rows or the "
        "Payments sheet): payment date − invoice date, weighted by amount.",
    ),
    "avg_days_late": (
        Kind.DAYS,
        "Retard moyen de paiement",
        "Average days late",
        "Mêmes paiements : date de paiement − échéance (0 si payé avant), pondéré par le montant.",
        "Same payments: payment date − due date (0 when paid early), weighted by amount.",
    ),
}


MONTHS_FR = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
             "nov.", "déc.")  # fmt: skip
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(month: dt.date, lang: Lang) -> str:
    """ "oct. 2026" / "Oct 2026"."""
    names = MONTHS_EN if lang is Lang.EN else MONTHS_FR
    return f"{names[month.month - 1]} {month.year}"


# The DSO charts' scale leaves out the few highest month ends (at most OFF_SCALE_MOST) that are
# more than OFF_SCALE_GAP times the next one and above OFF_SCALE_DAYS: 90 days of tiny sales make
# one month end's DSO thousands of days, which flattens all the others into the axis.
OFF_SCALE_MOST, OFF_SCALE_GAP, OFF_SCALE_DAYS = 3, 2.0, 365


def dso_scale(series: pd.DataFrame, lang: Lang) -> tuple[float | None, str]:
    """The DSO charts' value axis maximum (None: the chart's own) and what the title says of
    the month ends above it: " – hors échelle : mai 2026 (5 805 j)". `series`: the monthly
    series (month, dso_accounting_90d, dso_countback)."""
    values = np.nan_to_num(
        series[["dso_accounting_90d", "dso_countback"]].to_numpy(dtype=float), nan=0.0
    )
    worst = values.max(axis=1) if len(values) else values
    ranked = np.sort(worst[worst > 0])[::-1]
    cut = 0
    for k in range(1, min(OFF_SCALE_MOST, len(ranked) - 3) + 1):
        if ranked[k - 1] > OFF_SCALE_DAYS and ranked[k - 1] > OFF_SCALE_GAP * ranked[k]:
            cut = k
    if not cut:
        return None, ""
    top = float(np.ceil(ranked[cut] * 1.2 / 30) * 30)
    above = sorted(
        ((float(v), m) for v, m in zip(worst, series["month"], strict=True) if v > top),
        reverse=True,
    )
    sep = "\u202f" if lang is Lang.FR else ","  # 5 805 j / 5,805 d
    said = ", ".join(
        f"{month_label(pd.Timestamp(m).date(), lang)} "
        f"({f'{v:,.0f}'.replace(',', sep)} {t('j', 'd', lang)})"
        for v, m in above
    )
    return top, t(f" – hors échelle : {said}", f" – off scale: {said}", lang)


def kind(key: str) -> Kind:
    return KPI_TEXT[key][0]


def label(key: str, lang: Lang) -> str:
    _, fr, en, _, _ = KPI_TEXT[key]
    return t(fr, en, lang)


def definition(key: str, lang: Lang, figures: Kpis | None = None) -> str:
    """The definition, followed by the figure's note when `figures` has one (note)."""
    _, _, _, fr, en = KPI_TEXT[key]
    text = t(fr, en, lang)
    extra = note(key, figures, lang) if figures is not None else ""
    return f"{text} {extra}" if extra else text


def note(key: str, figures: Kpis, lang: Lang) -> str:
    """What the reader must know about this figure on this date ("" when nothing): where the
    count-back stopped before using up the outstanding."""
    if key != "dso_countback" or not figures.dso_countback_stop:
        return ""
    year, month = (int(x) for x in figures.dso_countback_month.split("-"))
    when = month_label(dt.date(year, month, 1), lang)
    if figures.dso_countback_stop == STOP_CAP:
        return t(
            f"Arrêté après {COUNTBACK_MONTHS} mois (jusqu'à {when}) : valeur minimale.",
            f"Stopped after {COUNTBACK_MONTHS} months (back to {when}): a floor.",
            lang,
        )
    if figures.dso_countback is None:  # stopped in its own month: nothing counted back
        return t(
            f"Pas de valeur : le facturé de {when} est nul ou négatif.",
            f"No value: the invoicing of {when} is zero or negative.",
            lang,
        )
    return t(
        f"Arrêté en {when} : facturé du mois nul ou négatif ; valeur minimale.",
        f"Stopped at {when}: that month's invoicing is zero or negative; a floor.",
        lang,
    )


def shown(key: str, value: object, lang: Lang, formats: Formats | None = None) -> str:
    """The value as text for a terminal (French or English number style); an amount in the
    book's currency (`formats`, else the language's: € in French, $ in English)."""
    if value is None:
        return not_available(lang)
    k = kind(key)
    if k is Kind.MONEY:
        return (formats or (FR_FORMATS if lang is Lang.FR else EN_FORMATS)).money_text(value)
    if k is Kind.PERCENT:
        text = f"{value * 100:.1f} %"
    elif k is Kind.DAYS:
        text = f"{value:.1f} " + t("j", "d", lang)
    else:
        text = str(value)
    if lang is Lang.FR:
        text = text.replace(",", " ").replace(".", ",")
    return text


def debtor_records(top: pd.DataFrame) -> list[dict[str, object]]:
    """The top debtors (rules.series.top_debtors) as JSON-ready records."""
    return [
        {
            "client_id": cid,
            "client_name": name,
            "outstanding": round(float(total), 2) + 0.0,
            "overdue": round(float(overdue), 2) + 0.0,
            "overdue_share": None if math.isnan(share) else round(float(share), 6),
        }
        for cid, name, total, overdue, share in zip(
            top["client_id"],
            top["client_name"],
            top["total"],
            top["overdue"],
            top["overdue_share"],
            strict=True,
        )
    ]
