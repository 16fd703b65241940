"""The data blocks of the Tableau de bord: the tables behind its charts (below the printed
page), and the clients on hold (on it)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arxl.reports import kpi_text
from arxl.reports.kpi_text import not_available
from arxl.settings import Settings
from arxl.sheets.spec import Block, Column, Kind
from arxl.vocab import Lang, bucket_codes, bucket_labels, t
from arxl.vocab.clients import client_label

HOLDS_SHOWN = 8


def buckets_block(
    buckets: pd.Series, settings: Settings, row: int, lang: Lang, col: int = 0
) -> Block:
    total = float(buckets.sum())
    shares = [x / total if total > 0 else not_available(lang) for x in buckets.tolist()]
    return Block(
        row,
        col,
        [
            Column(t("Tranche de retard", "Lateness bucket", lang)),
            Column(t("Montant ouvert", "Open amount", lang), Kind.MONEY),
            Column(t("Part", "Share", lang), Kind.PERCENT),
        ],
        [list(bucket_labels(settings.bucket_bounds, lang)), buckets.to_numpy(), shares],
        title=t("Balance âgée par tranche", "Aged balance by bucket", lang),
        total=[t("Total", "Total", lang), total, 1.0 if total > 0 else not_available(lang)],
    )


def debtors_block(
    top: pd.DataFrame,
    settings: Settings,
    row: int,
    lang: Lang,
    listed: frozenset[str] | None = None,
) -> Block:
    codes = list(bucket_codes(settings.bucket_bounds))
    labels = bucket_labels(settings.bucket_bounds, lang)
    share = top["overdue_share"].to_numpy(dtype=float)
    names = [
        _short(client_label(i, n, lang, listed is not None and k in listed))
        for k, i, n in zip(top["client_key"], top["client_id"], top["client_name"], strict=True)
    ]
    return Block(
        row,
        0,
        [
            Column(t("Client", "Client", lang)),
            Column(t("ID Client", "Client ID", lang)),
            Column(t("Encours", "Outstanding", lang), Kind.MONEY),
            *(Column(label, Kind.MONEY) for label in labels),
            Column(t("Montant échu", "Overdue", lang), Kind.MONEY),
            Column(t("Part échue", "Overdue share", lang), Kind.PERCENT),
        ],
        [
            names,
            [str(i) for i in top["client_id"]],
            top["total"].to_numpy(),
            *(top[c].to_numpy() for c in codes),
            top["overdue"].to_numpy(),
            [not_available(lang) if np.isnan(x) else x for x in share],
        ],
        title=t("Les 10 plus gros débiteurs", "The ten largest debtors", lang),
    )


def _short(name: str, limit: int = 20) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


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
                t("Avoirs et paiements non lettrés", "Credit notes and payments not applied",
                  lang),
            ],
            [round(gross, 2), round(credits, 2)],
        ],
        title=t("Encours net", "Net receivables", lang),
        total=[t("Encours net", "Net receivables", lang), round(gross + credits, 2)],
    )  # fmt: skip


def months_block(months: pd.DataFrame, trend: pd.DataFrame, row: int, lang: Lang) -> Block:
    """The twelve months: invoicing and collections, DSO at each month end, CEI."""

    def known(column: str, scale: float = 1.0) -> list[object]:
        # blank, not "n/d": a chart draws a blank as a gap, a text as zero
        return [None if v is None or pd.isna(v) else float(v) / scale for v in trend[column]]

    cols = ("invoiced", "collected", "still_open", "written_off", "collections")
    return Block(
        row,
        0,
        [
            Column(t("Mois", "Month", lang)),
            Column(t("Facturé", "Invoiced", lang), Kind.MONEY),
            Column(t("Encaissé (factures du mois)", "Collected (month's invoices)", lang),
                   Kind.MONEY),
            Column(t("Encore ouvert", "Still open", lang), Kind.MONEY),
            Column(t("Irrécouvrable", "Written off", lang), Kind.MONEY),
            Column(t("Encaissements", "Collections", lang), Kind.MONEY),
            Column(t("DSO comptable (90 j)", "DSO, accounting (90 d)", lang), Kind.DAYS),
            Column(t("DSO par épuisement", "DSO, count-back", lang), Kind.DAYS),
            Column(t("CEI", "CEI", lang), Kind.PERCENT),
        ],
        [
            [kpi_text.month_label(m.date(), lang) for m in months["month"]],
            *(months[c].to_numpy() for c in cols),
            known("dso_accounting_90d"),
            known("dso_countback"),
            known("cei", 100.0),
        ],
        title=t("Les 12 derniers mois", "The last 12 months", lang),
    )  # fmt: skip


def forecast_block(weeks: pd.DataFrame, row: int, lang: Lang) -> Block:
    return Block(
        row,
        0,
        [
            Column(t("Semaine", "Week", lang)),
            Column(t("Du", "From", lang), Kind.DATE),
            Column(t("Encaissement attendu", "Expected cash-in", lang), Kind.MONEY),
        ],
        [
            [
                week_label(p, w, lang)
                for p, w in zip(weeks["period"], weeks["iso_week"], strict=True)
            ],
            weeks["start"].to_numpy(),
            weeks["amount"].to_numpy(),
        ],
        title=t("Prévision d'encaissements (13 semaines)", "Cash-in forecast (13 weeks)", lang),
    )


def week_label(period: str, iso: str, lang: Lang, year: bool = False) -> str:
    """A forecast row's short name: "S45" / "W45" ("S45 2026" with the year), "En retard" /
    "Overdue", "Après" / "Later"."""
    if period == "late":
        return t("En retard", "Late", lang)
    if period == "later":
        return t("Après", "Later", lang)
    number, _, week = iso.partition("-W")
    return t("S", "W", lang) + week + (f" {number}" if year else "")


def holds_block(
    holds: pd.DataFrame,
    settings: Settings,
    row: int,
    col: int,
    lang: Lang,
    sheet: bool = True,
    listed: frozenset[str] | None = None,
) -> Block:
    """The clients on hold, the first HOLDS_SHOWN of them; the others are in the Blocages
    sheet when the book has it (`sheet`)."""
    shown = holds.head(HOLDS_SHOWN)
    words = {
        "limit": t("limite", "limit", lang),
        "overdue": t(f"retard > {settings.hold_days_overdue} j",
                     f"> {settings.hold_days_overdue} d late", lang),
        "age": t(f"âge > {settings.hold_average_age} j", f"age > {settings.hold_average_age} d",
                 lang),
    }  # fmt: skip
    names = [
        _short(client_label(i, n, lang, listed is not None and k in listed), 26)
        for k, i, n in zip(
            shown["client_key"], shown["client_id"], shown["client_name"], strict=True
        )
    ]
    reasons = [", ".join(words.get(r, r) for r in rs) for rs in shown["holds"]]
    if len(holds) > HOLDS_SHOWN:
        more = len(holds) - HOLDS_SHOWN
        fr, en = (" (feuille Blocages)", " (Holds sheet)") if sheet else ("", "")
        others = "autre" if more == 1 else "autres"
        names.append(t(f"… et {more} {others}{fr}", f"… and {more} more{en}", lang))
        reasons.append("")
    exposure = [*shown["exposure"].tolist(), *([None] * (len(names) - len(shown)))]
    if not names:
        names, exposure, reasons = (
            [t("Aucun client bloqué", "No client on hold", lang)],
            [None],
            [""],
        )
    return Block(
        row,
        col,
        [
            Column(t("Client", "Client", lang)),
            Column(t("Encours", "Exposure", lang), Kind.MONEY),
            Column(t("Motif", "Reason", lang)),
        ],
        [names, exposure, reasons],
        title=t(f"Clients bloqués ({len(holds)})", f"Clients on hold ({len(holds)})", lang),
    )
