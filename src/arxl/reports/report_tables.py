"""Sheets of the monthly report that are tables of their own: payments of the month, DSO and
CEI over twelve months (with charts), the D441-6 statutory table."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.reports import kpi_text
from arxl.reports.dashboard import BLUE as LINE_COLOR
from arxl.reports.dashboard import VERMILION as SECOND_COLOR
from arxl.reports.kpi_text import not_available
from arxl.rules.allocation import Allocation
from arxl.rules.kpis import COUNTBACK_MONTHS, STOP_CAP
from arxl.rules.rollforward import dated_between
from arxl.settings import Settings
from arxl.sheets.board import BoardSpec, Definition
from arxl.sheets.spec import (
    Block,
    Cell,
    Chart,
    ChartKind,
    Column,
    Kind,
    LayoutSpec,
    SheetSpec,
    Tone,
)
from arxl.vocab import EntryKind, Lang, t

CEI_COLOR = "009E73"  # Okabe-Ito bluish green
CHART_DATA_COLUMN = 9
CHART_ROWS = 16  # a chart of 300 pixels


def payments_sheet(
    items: pd.DataFrame,
    first: dt.date,
    end: dt.date,
    lang: Lang,
    allocation: Allocation | None = None,
) -> SheetSpec:
    """The payments received in [first, end]: what the invoices' own rows say was paid on a
    date then, and each payment (payment row, Paiements) dated then, one row per invoice it
    was applied to, and its unapplied rest without an invoice. Credit notes are not payments."""
    own = items["own_paid"] if "own_paid" in items else items["paid"]
    mask = dated_between(items, "payment_date", first, end)
    mask &= np.abs(np.nan_to_num(own.to_numpy(dtype=float))) > 0.005
    paid = items[mask]
    by_row = items.drop_duplicates("row").set_index("row")
    frames = [
        pd.DataFrame(
            {
                "date": paid["payment_date"].to_numpy(),
                "invoice": paid["invoice"].to_numpy(dtype=object),
                "client_id": paid["client_id"].to_numpy(dtype=object),
                "client_name": paid["client_name"].to_numpy(dtype=object),
                "invoice_date": paid["date"].to_numpy(),
                "invoice_amount": paid["amount"].to_numpy(dtype=float),
                "received": own[mask].to_numpy(dtype=float),
                "row": paid["row"].to_numpy(),
            }
        )
    ]
    if allocation is not None and len(allocation.payments):
        lines = allocation.lines
        lines = lines[
            (lines["kind"] == EntryKind.PAYMENT.value).to_numpy()
            & dated_between(lines, "pay_date", first, end)
        ]
        rows = lines["invoice_row"].to_numpy()
        frames.append(
            pd.DataFrame(
                {
                    "date": lines["pay_date"].to_numpy(),
                    "invoice": lines["invoice"].to_numpy(dtype=object),
                    "client_id": by_row["client_id"].reindex(rows).to_numpy(dtype=object),
                    "client_name": by_row["client_name"].reindex(rows).to_numpy(dtype=object),
                    "invoice_date": lines["invoice_date"].to_numpy(),
                    "invoice_amount": by_row["amount"].reindex(rows).to_numpy(dtype=float),
                    "received": lines["amount"].to_numpy(dtype=float),
                    "row": lines["pay_row"].to_numpy(),
                }
            )
        )
        pay = allocation.payments
        rest = pay[
            (pay["kind"] == EntryKind.PAYMENT.value).to_numpy()
            & dated_between(pay, "date", first, end)
            & (pay["amount"] - pay["applied"] > 0.005).to_numpy()
        ]
        names = by_row.drop_duplicates("client_key").set_index("client_key")["client_name"]
        frames.append(
            pd.DataFrame(
                {
                    "date": rest["date"].to_numpy(),
                    "invoice": t("(non imputé)", "(unapplied)", lang),
                    "client_id": rest["client_id"].to_numpy(dtype=object),
                    "client_name": names.reindex(rest["client_key"]).fillna("").to_numpy(),
                    "invoice_date": pd.NaT,
                    "invoice_amount": np.nan,
                    "received": (rest["amount"] - rest["applied"]).to_numpy(dtype=float),
                    "row": rest["row"].to_numpy(),
                }
            )
        )
    frames = [f for f in frames if len(f)]
    got = pd.concat(frames, ignore_index=True) if frames else frames_empty()
    got = got.sort_values(["date", "row"], kind="mergesort")
    name = t("Encaissements du mois", "Payments of the month", lang)
    return SheetSpec(
        key="payments",
        name=name,
        columns=[
            Column(t("Date de paiement", "Payment date", lang), Kind.DATE, 13, center=True),
            Column(t("Facture", "Invoice", lang), Kind.TEXT, 19),
            Column(t("ID Client", "Client ID", lang), Kind.TEXT, 11, center=True),
            Column(t("Client", "Client", lang), Kind.TEXT, 28),
            Column(t("Date facture", "Invoice date", lang), Kind.DATE, 12, center=True),
            Column(t("Montant facture", "Invoice amount", lang), Kind.MONEY, 14),
            Column(t("Montant encaissé", "Amount received", lang), Kind.MONEY, 14),
        ],
        data=[
            got["date"].to_numpy(dtype="datetime64[ns]"),
            got["invoice"].tolist(),
            got["client_id"].tolist(),
            got["client_name"].tolist(),
            got["invoice_date"].to_numpy(dtype="datetime64[ns]"),
            got["invoice_amount"].to_numpy(dtype=float),
            got["received"].to_numpy(dtype=float),
        ],
        total=["", t("Total", "Total", lang), "", "", "", "",
               float(got["received"].sum())],
        print_title=name,
    )  # fmt: skip


def frames_empty() -> pd.DataFrame:
    """The payments table with no row."""
    return pd.DataFrame(
        {
            "date": pd.Series(dtype="datetime64[ns]"),
            "invoice": pd.Series(dtype=object),
            "client_id": pd.Series(dtype=object),
            "client_name": pd.Series(dtype=object),
            "invoice_date": pd.Series(dtype="datetime64[ns]"),
            "invoice_amount": pd.Series(dtype=float),
            "received": pd.Series(dtype=float),
            "row": pd.Series(dtype=np.int64),
        }
    )


def _or_na(values: pd.Series, lang: Lang) -> list[object]:
    """The figures, "n/d" ("n/a") where the history cannot give one."""
    return [not_available(lang) if v is None or (isinstance(v, float) and np.isnan(v)) else v
            for v in values.tolist()]  # fmt: skip


def _or_blank(values: pd.Series) -> list[object]:
    """The figures, blank where there is none: a chart draws a gap there (a text, as zero)."""
    return [None if v is None or (isinstance(v, float) and np.isnan(v)) else v
            for v in values.tolist()]  # fmt: skip


def dso_cei_sheet(series: pd.DataFrame, heading: str, lang: Lang) -> LayoutSpec:
    block = Block(
        3,
        0,
        [
            Column(t("Mois", "Month", lang)),
            Column(t("Créances à l'ouverture", "Opening receivables", lang), Kind.MONEY),
            Column(t("Facturé", "Invoiced", lang), Kind.MONEY),
            Column(t("Créances à la clôture", "Closing receivables", lang), Kind.MONEY),
            Column(t("dont non échues", "of which current", lang), Kind.MONEY),
            Column("CEI (%)", Kind.DAYS),
            Column(t("DSO comptable (90 j)", "DSO accounting (90 d)", lang), Kind.DAYS),
            Column(t("DSO count-back", "DSO count-back", lang), Kind.DAYS),
        ],
        [
            [kpi_text.month_label(m.date(), lang) for m in series["month"]],
            series["opening"].to_numpy(),
            series["invoiced"].to_numpy(),
            series["closing"].to_numpy(),
            series["closing_current"].to_numpy(),
            _or_na(series["cei"], lang),
            _or_na(series["dso_accounting_90d"], lang),
            _or_na(series["dso_countback"], lang),
        ],
        title=t("DSO et CEI, mois par mois", "DSO and CEI, month by month", lang),
    )
    row = block.end_row + 1
    notes = countback_notes(series, lang)
    months = [kpi_text.month_label(m.date(), lang) for m in series["month"]]
    chart_data = Block(
        3,
        CHART_DATA_COLUMN,
        [
            Column(t("Mois", "Month", lang)),
            Column(t("DSO comptable (90 j)", "DSO accounting (90 d)", lang), Kind.DAYS),
            Column(t("DSO count-back", "DSO count-back", lang), Kind.DAYS),
            Column("CEI (%)", Kind.DAYS),
        ],
        [
            months,
            _or_blank(series["dso_accounting_90d"]),
            _or_blank(series["dso_countback"]),
            _or_blank(series["cei"]),
        ],
        title=t("Données des graphiques (non imprimées)", "The charts' data (not printed)", lang),
    )
    top_dso, off_scale = kpi_text.dso_scale(series, lang)
    charts = [
        Chart(ChartKind.LINE, t("DSO (jours)", "DSO (days)", lang) + off_scale, block=1,
              categories=0, series=(1, 2), row=row, col=0, width=500,
              colors=(LINE_COLOR, SECOND_COLOR), value_kind=Kind.DAYS,
              x_title=t("Fin de mois", "Month end", lang), y_title=t("Jours", "Days", lang),
              y_max=top_dso),
        Chart(ChartKind.LINE, "CEI (%)", block=1, categories=0, series=(3,), row=row, col=4,
              width=400, colors=(CEI_COLOR,), value_kind=Kind.DAYS,
              x_title=t("Mois", "Month", lang), y_title="%"),
    ]  # fmt: skip
    widths = (22, 16, 16, 16, 16, 12, 14, 14)
    return BoardSpec(
        key="dso_cei",
        name=t("DSO et CEI", "DSO and CEI", lang),
        blocks=[block, chart_data],
        charts=charts,
        widths=(*widths, 4, 12, 12, 12, 12),
        title=heading,
        subtitle=t("Douze derniers mois ; n/d : pas d'historique pour ce calcul.",
                   "Last twelve months; n/a: no history for that figure.", lang),
        print_title=heading,
        repeat_rows=(block.header_row, block.header_row),
        print_area=(0, 0, row + CHART_ROWS + 4 + len(notes), len(widths) - 1),
        landscape=True,
        definitions=[
            Definition("CEI", t(
                "CEI du mois = (créances d'ouverture + facturé − créances de clôture) / "
                "(créances d'ouverture + facturé − créances de clôture non échues) × 100.",
                "CEI of a month = (opening receivables + invoiced − closing receivables) / "
                "(opening receivables + invoiced − closing current receivables) × 100.",
                lang)),
            Definition(kpi_text.label("dso_accounting_90d", lang),
                       kpi_text.definition("dso_accounting_90d", lang)),
            Definition(kpi_text.label("dso_countback", lang),
                       kpi_text.definition("dso_countback", lang)),
            *(Definition("", note) for note in notes),
        ],
        definitions_title=t("Définitions", "Definitions", lang),
        definitions_row=row + CHART_ROWS + 1,
        width=len(widths),
    )  # fmt: skip


def countback_notes(series: pd.DataFrame, lang: Lang) -> list[str]:
    """One line per month whose count-back stopped before using up the receivables."""
    notes = []
    if "countback_stop" not in series:
        return notes
    for month, stop, at, days in zip(
        series["month"],
        series["countback_stop"],
        series["countback_month"],
        series["dso_countback"],
        strict=True,
    ):
        if not stop:
            continue
        label, where = kpi_text.month_label(month.date(), lang), kpi_text.month_label(at, lang)
        if days is None or days != days:  # stopped in its own month: no value at all
            notes.append(
                t(
                    f"{label} : pas de DSO count-back (facturé du mois nul ou négatif).",
                    f"{label}: no count-back DSO (that month's invoicing is zero or negative).",
                    lang,
                )
            )
            continue
        if stop == STOP_CAP:
            why = t(f"après {COUNTBACK_MONTHS} mois", f"after {COUNTBACK_MONTHS} months", lang)
        else:
            why = t(
                "facturé du mois nul ou négatif", "that month's invoicing is zero or negative", lang
            )
        notes.append(
            t(
                f"{label} : DSO count-back arrêté en {where} ({why}) : valeur minimale.",
                f"{label}: count-back DSO stopped at {where} ({why}): a floor.",
                lang,
            )
        )
    return notes


def d441_headers(settings: Settings, lang: Lang) -> list[str]:
    a, b, c = settings.bucket_bounds
    if lang is Lang.EN:
        return [
            "0 days (indicative)",
            f"1 to {a} days",
            f"{a + 1} to {b} days",
            f"{b + 1} to {c} days",
            f"{c + 1} days and more",
            "Total (1 day and more)",
        ]
    return ["0 jour (indicatif)", f"1 à {a} jours", f"{a + 1} à {b} jours", f"{b + 1} à {c} jours",
            f"{c + 1} jours et plus", "Total (1 jour et plus)"]  # fmt: skip


def d441_sheet(
    table: pd.DataFrame,
    turnover: float,
    year_start: dt.date,
    settings: Settings,
    end: dt.date,
    heading: str,
    lang: Lang,
    formats: Formats = FR_FORMATS,
) -> LayoutSpec:
    """The form of article D441-6 I 1° (invoices issued, unpaid at the date, past due); the
    shares are of the turnover TTC of the financial year from year_start to end."""
    turnover_text, day = formats.money_text(turnover), formats.date_text
    labels = [
        t("(A) Tranches de retard de paiement", "(A) Lateness brackets", lang),
        t("Nombre de factures concernées", "Number of invoices", lang),
        t("Montant total des factures concernées TTC (restant dû)",
          "Total amount of the invoices incl. VAT (amount unpaid)", lang),
        t(f"Pourcentage du chiffre d'affaires TTC de l'exercice ({turnover_text})",
          f"Share of the financial year's turnover incl. VAT ({turnover_text})", lang),
        t("(B) Factures exclues du (A) : créances litigieuses", "(B) Invoices excluded from (A): "
          "disputed", lang),
        t("Nombre des factures exclues", "Number of invoices excluded", lang),
        t("Montant total des factures exclues TTC (restant dû)",
          "Total amount of the invoices excluded incl. VAT (amount unpaid)", lang),
        t("(C) Délais de paiement de référence", "(C) Reference payment terms", lang),
        t("Délais contractuels (délai du client ou échéance de la facture), à défaut "
          f"{settings.default_terms} jours", "Contractual terms (the client's terms or the "
          f"invoice's due date), else {settings.default_terms} days", lang),
    ]  # fmt: skip
    data: list[list[object]] = [labels]
    for code in table.columns:
        share = float(table.at["share", code])
        data.append([
            "",
            Cell(int(table.at["count", code]), Kind.INT),
            Cell(float(table.at["amount", code]), Kind.MONEY),
            Cell(not_available(lang) if np.isnan(share) else share, Kind.PERCENT),
            "",
            Cell(int(table.at["disputed_count", code]), Kind.INT),
            Cell(float(table.at["disputed_amount", code]), Kind.MONEY),
            "",
            "",
        ])  # fmt: skip
    sections = {0, 4, 7}  # the form's headings (A), (B), (C)
    block = Block(
        3,
        0,
        [Column("")] + [Column(h, Kind.NUMBER, center=True) for h in d441_headers(settings, lang)],
        data,
        title=t(
            f"Factures émises non réglées au {day(end)} dont le terme est échu "
            "(article D441-6 I du Code de commerce)",
            f"Invoices issued, unpaid at {day(end)} and past due "
            "(French Code de commerce, article D441-6 I)",
            lang,
        ),
        tones=[Tone.TOTAL if k in sections else Tone.PLAIN for k in range(len(labels))],
    )
    start = f"{settings.fiscal_year_start[0]:02d}/{settings.fiscal_year_start[1]:02d}"
    note = Block(
        block.end_row + 1,
        0,
        [Column("")],
        [
            [
                t(
                    f"Exercice : du {day(year_start)} au {day(end)} (Paramètres, « Début "
                    f"de l'exercice » : {start}). Chiffre d'affaires TTC = factures moins avoirs.",
                    f"Financial year: {day(year_start)} to {day(end)} (Settings, 'Start "
                    f"of the financial year': {start}). Turnover incl. VAT = invoices less credit "
                    "notes.",
                    lang,
                )
            ]
        ],
        header=False,
    )
    return LayoutSpec(
        key="d441",
        name=t("Tableau D441-6", "D441-6 table", lang),
        blocks=[block, note],
        widths=(70, 15, 15, 15, 15, 15, 18),
        title=heading,
        subtitle=t(
            "Les factures en litige sont exclues des tranches (A) et indiquées en (B). "
            "La colonne 0 jour (non échues) est indicative.",
            "Disputed invoices are left out of the brackets (A) and shown in (B). The 0 days "
            "column (not yet due) is indicative.",
            lang,
        ),
        print_title=heading,
    )
