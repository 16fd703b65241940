"""The monthly report workbook (`arxl report`): one free-form sheet per part, French or English.

Summary (the KPIs at month end, a month and a year earlier; the roll-forward with its check;
the aged balance by bucket), the aged balance per client, the open invoices, the month's
invoices and payments, DSO and CEI over twelve months, and the D441-6 table.
"""

from __future__ import annotations

import datetime as dt

from arxl.formats import FR_FORMATS, Formats
from arxl.reports import aged, followup, kpi_text
from arxl.reports.dashboard import BUCKET_COLORS, buckets_block, figure_cell
from arxl.reports.report_tables import d441_sheet, dso_cei_sheet, payments_sheet
from arxl.rules import kpis, series
from arxl.rules.monthly import MonthFigures
from arxl.rules.periods import month_end, previous_month_end
from arxl.rules.rollforward import RollForward, dated_between
from arxl.settings import Settings
from arxl.sheets.board import BoardSpec, Definition
from arxl.sheets.spec import (
    Block,
    Chart,
    ChartKind,
    Column,
    Kind,
    LayoutSpec,
    SheetSpec,
    as_layout,
)
from arxl.vocab import Lang, t

FIGURE_COLUMNS = ("end", "month_before", "year_before")
CHART_ROWS = 14  # rows under a chart of 260 pixels


def title(figures: MonthFigures, lang: Lang) -> str:
    month = kpi_text.month_label(figures.first, lang)
    return t(f"Rapport mensuel – {month}", f"Monthly report – {month}", lang)


def build(
    figures: MonthFigures, settings: Settings, lang: Lang, formats: Formats = FR_FORMATS
) -> list[LayoutSpec]:
    """Every sheet of the report, in order, in the book's money and date formats."""
    f, end, fm = figures, figures.end, formats
    heading = title(f, lang)
    is_open = kpis.is_open(f.items)
    in_month = dated_between(f.items, "date", f.first, end)
    sheets = [
        summary_sheet(f, settings, lang, fm),
        _table(aged.build(f.aged, settings, end, lang, fm), heading),
        _table(
            followup.build(
                f.items[is_open].reset_index(drop=True), settings, end, lang, formats=fm
            ),
            heading,
            t("Factures ouvertes", "Open invoices", lang),
        ),
        _table(
            followup.build(
                f.items[in_month].reset_index(drop=True), settings, end, lang, formats=fm
            ),
            heading,
            t("Factures du mois", "Invoices of the month", lang),
        ),
        _table(payments_sheet(f.items, f.first, end, lang, f.allocation), heading),
        dso_cei_sheet(f.series, heading, lang),
        d441_sheet(f.d441, f.turnover, f.year_start or f.first, settings, end, heading, lang, fm),
    ]
    for sheet in sheets:
        sheet.formats = fm
    return sheets


def _table(spec: SheetSpec, heading: str, name: str | None = None) -> LayoutSpec:
    """A table sheet of the report: header frozen and repeated, the report's title on top."""
    layout = as_layout(spec)
    if name:
        layout.name = name
        layout.key = name
    layout.print_title = f"{heading} – {layout.name}"
    return layout


def summary_sheet(
    f: MonthFigures, settings: Settings, lang: Lang, formats: Formats = FR_FORMATS
) -> BoardSpec:
    heading, day = title(f, lang), formats.date_text
    before = previous_month_end(f.first)
    dates = [f.end, before, month_end(f.first.replace(year=f.first.year - 1))]
    keys = list(kpi_text.KPI_TEXT)
    # a date before the ledger's first document has no figures: n/d, not zeros
    values = {
        c: (found.to_dict() if (found := f.figures[c]) is not None else dict.fromkeys(keys))
        for c in FIGURE_COLUMNS
    }
    compare = Block(
        3,
        0,
        [
            Column(t("Indicateur", "Figure", lang)),
            *(Column(day(d), Kind.NUMBER) for d in dates),
        ],
        [
            [kpi_text.label(k, lang) for k in keys],
            *([figure_cell(k, values[c][k], lang) for k in keys] for c in FIGURE_COLUMNS),
        ],
        title=t(
            "Indicateurs à la fin du mois, un mois plus tôt, un an plus tôt",
            "Key figures at month end, a month earlier, a year earlier",
            lang,
        ),
    )
    roll = roll_block(f.roll, compare.end_row + 1, lang, formats)
    notes = notes_block(f.roll, roll.end_row, lang, formats)
    buckets = buckets_block(
        series.bucket_totals(f.aged, settings), settings, max(notes.end_row, roll.end_row) + 1, lang
    )
    chart = Chart(
        ChartKind.COLUMN,
        t(f"Balance âgée au {day(f.end)}", f"Aged balance at {day(f.end)}", lang),
        block=3,
        categories=0,
        series=(1,),
        row=buckets.row,
        col=3,
        width=520,
        height=260,
        point_colors=BUCKET_COLORS,
        legend=False,
        x_title=t("Retard (jours)", "Days overdue", lang),
        y_title=t("Montant TTC", "Amount incl. VAT", lang),
    )
    widths = (36, 16, 16, 16, 14, 14, 14, 14)
    end = f.figures["end"]
    return BoardSpec(
        key="summary",
        name=t("Synthèse", "Summary", lang),
        blocks=[compare, roll, notes, buckets],
        charts=[chart],
        widths=widths,
        title=heading,
        subtitle=t(
            f"Situation au {day(f.end)}, comparée au {day(before)} et au "
            f"{day(dates[2])}. Montants TTC, calculés par arxl.",
            f"As of {day(f.end)}, compared with {day(before)} and {day(dates[2])}. "
            "Amounts incl. VAT, computed by arxl.",
            lang,
        ),
        print_title=heading,
        repeat_rows=(0, 1),
        landscape=True,
        definitions=[
            Definition(kpi_text.label(k, lang), kpi_text.definition(k, lang, end)) for k in keys
        ]
        + [Definition("n/d" if lang is Lang.FR else "n/a",
                      t("Pas d'historique à cette date (avant la première facture du classeur, "
                        "ou moins de 90 jours pour le DSO).",
                        "No history on that date (before the workbook's first invoice, or less "
                        "than 90 days of it for the DSO).", lang))],
        definitions_title=t("Définitions", "Definitions", lang),
        definitions_row=max(buckets.end_row, buckets.row + CHART_ROWS) + 1,
        width=len(widths),
        term_span=1,
    )  # fmt: skip


def roll_block(r: RollForward, row: int, lang: Lang, formats: Formats = FR_FORMATS) -> Block:
    opening, closing = formats.date_text(r.start - dt.timedelta(days=1)), formats.date_text(r.end)
    computed = r.opening + r.invoiced - r.collected - r.written_off
    check = (
        t("Équilibré", "Balances", lang)
        if r.balances
        else t("Écart : voir l'explication", "Difference: see below", lang)
    )
    lines = [
        (t(f"Créances à l'ouverture ({opening})", f"Opening receivables ({opening})", lang),
         r.opening),
        (t("+ Facturé dans le mois", "+ Invoiced in the month", lang), r.invoiced),
        (t("− Encaissé dans le mois", "− Collected in the month", lang), r.collected),
        (t("− Passé en irrécouvrable", "− Written off", lang), r.written_off),
        (t("= Créances de clôture calculées", "= Closing receivables, computed", lang), computed),
        (t(f"Créances à la clôture ({closing})", f"Closing receivables ({closing})", lang),
         r.closing),
        (t("Écart (calculé − clôture)", "Difference (computed − closing)", lang), r.difference),
    ]  # fmt: skip
    return Block(
        row,
        0,
        [Column(t("Poste", "Line", lang)), Column(t("Montant", "Amount", lang), Kind.MONEY)],
        [[label for label, _ in lines] + [t("Contrôle", "Check", lang)],
         [value for _, value in lines] + [check]],
        title=t("Variation des créances du mois", "Roll-forward of receivables", lang),
    )  # fmt: skip


GAP_TEXT = {
    "credit_note": (
        "avoir(s) déjà utilisé(s) avant le mois, ou rattaché(s) à aucune facture ouverte : ils "
        "réduisent le facturé sans réduire les créances",
        "credit note(s) used up before the month, or matched to no open invoice: they reduce "
        "the amount invoiced, not the receivables",
    ),
    "no_payment_date": (
        "facture(s) payée(s) sans date de paiement : l'encaissement ne peut pas être daté",
        "invoice(s) paid without a payment date: the payment cannot be placed in a month",
    ),
    "overpaid": (
        "facture(s) payée(s) au-delà du montant (trop-perçu)",
        "invoice(s) paid beyond their amount (overpayment)",
    ),
    "other": (
        "autre(s) ligne(s) : date de paiement antérieure au mois ou paiement sur une facture "
        "irrécouvrable",
        "other row(s): payment dated before the month, or on a written-off invoice",
    ),
}


def notes_block(r: RollForward, row: int, lang: Lang, formats: Formats = FR_FORMATS) -> Block:
    """Why the roll-forward does not balance, one line per cause (no rows when it balances)."""
    lines = []
    if not r.balances and r.payment_dates == 0:
        lines.append(
            t(
                "Aucune date de paiement dans le classeur : renseignez la colonne « Date de "
                "paiement » pour dater les encaissements.",
                "No payment date in the workbook: fill in the 'Payment date' column so that "
                "payments can be dated.",
                lang,
            )
        )
    for gap in r.gaps:
        fr, en = GAP_TEXT[gap.reason]
        colon = " :" if lang is Lang.FR else ":"
        lines.append(f"{formats.money_text(gap.amount)}{colon} {gap.count} " + t(fr, en, lang))
    return Block(row, 0, [Column("")], [lines], header=False)
