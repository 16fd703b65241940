"""The Tableau de bord (Dashboard) sheet, one A4 landscape page: six big figures with their
change since the previous month's end, five charts (aged balance, top debtors, invoicing
against collections, DSO over twelve months, the 13-week forecast), the clients on hold, and
the definitions; the data behind the charts below the printed page. See docs/dashboard.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.reports import kpi_text
from arxl.reports.dashboard_blocks import (
    buckets_block,
    debtors_block,
    forecast_block,
    holds_block,
    months_block,
    net_block,
)
from arxl.reports.kpi_text import not_available
from arxl.rules.kpis import Kpis
from arxl.settings import Settings
from arxl.sheets.board import BoardSpec, Definition, Tile, Trend
from arxl.sheets.spec import Block, Cell, Chart, ChartKind, Kind
from arxl.vocab import Lang, sheet_name, t

# Okabe-Ito: bluish green, orange, vermilion, reddish purple, black (61-90 and 91+ far apart in
# hue and in lightness, for every kind of colour vision)
BUCKET_COLORS = ("009E73", "E69F00", "D55E00", "CC79A7", "000000")
BLUE, SKY, GREY, VERMILION = "0072B2", "56B4E9", "999999", "D55E00"
# 12 columns: tiles two columns wide; charts in three slots of four columns (the last one
# wider, for the clients on hold)
WIDTHS = (13, 13, 13, 13, 13, 13, 13, 13, 24, 12, 24, 2)
SLOTS = ((0, 380), (4, 380), (8, 448))  # (first column, chart width in pixels)
TITLE_ROWS = 3
TILES_ROW = 3
CHARTS_ROW = (8, 22)  # the two rows of charts, 14 rows (280 px) each
CHART_HEIGHT = 272
DEFINITIONS_ROW = 37


@dataclass
class Board:
    """What the dashboard shows, worked out by the rules (api.owned_sheets gathers it).

    previous: the key figures at the previous month's end (None before the ledger's first
    document); trend: rules.monthly.month_series up to the as-of date; months:
    rules.series.monthly_summary; holds: the clients on hold now (rows of
    rules.credit.client_credit with a reason); previous_on_hold: how many were at the previous
    month's end (rules.credit.clients_on_hold; None: unknown);
    weeks: rules.credit.forecast's weeks (None when not worked out); holds_sheet: whether
    the book gets the Blocages sheet (the credit-control sheets), which the words cite."""

    figures: Kpis
    previous: Kpis | None
    previous_day: dt.date
    top: pd.DataFrame
    buckets: pd.Series
    months: pd.DataFrame
    trend: pd.DataFrame
    holds: pd.DataFrame
    previous_on_hold: int | None
    weeks: pd.DataFrame | None
    credits: float = 0.0
    holds_sheet: bool = True  # whether the book gets the Blocages sheet the figures point to
    listed: frozenset[str] | None = None  # the client keys the Clients sheet lists


def figure_cell(key: str, value: object, lang: Lang = Lang.FR) -> Cell:
    return Cell(not_available(lang) if value is None else value, kpi_text.kind(key))


def _change(now: float | None, before: float | None, kind: Kind, lang: Lang) -> Cell:
    if now is None or before is None:
        return Cell(not_available(lang), Kind.TEXT)
    return Cell(round(now - before, 6), kind)


def _trend(now: float | None, before: float | None, higher_is: Trend) -> Trend:
    if now is None or before is None or abs(now - before) < 1e-9:
        return Trend.NEUTRAL
    if higher_is is Trend.NEUTRAL:
        return Trend.NEUTRAL
    up = now > before
    other = Trend.GOOD if higher_is is Trend.BAD else Trend.BAD
    return higher_is if up else other


def _last(trend: pd.DataFrame, column: str, back: int = 0) -> float | None:
    if len(trend) <= back:
        return None
    value = trend[column].iloc[-1 - back]
    return None if value is None or pd.isna(value) else float(value) / 100


def tiles(b: Board, lang: Lang) -> list[Tile]:
    f, p = b.figures, b.previous

    def tile(
        key: str, label: str, higher_is: Trend, caption: str, value: Cell | None = None
    ) -> Tile:
        now = getattr(f, key)
        before = getattr(p, key) if p is not None else None
        kind = kpi_text.kind(key)
        return Tile(
            label,
            figure_cell(key, now, lang),
            _change(now, before, kind, lang),
            _trend(now, before, higher_is),
            caption,
            value,
        )

    cei_now, cei_before = _last(b.trend, "cei"), _last(b.trend, "cei", 1)
    n_holds = len(b.holds)
    before_holds = b.previous_on_hold
    on_hold = float(b.holds["exposure"].sum()) if n_holds else 0.0
    return [
        tile(
            "outstanding",
            t("Encours total", "Total outstanding", lang),
            Trend.NEUTRAL,
            t("dont litiges : {}", "disputed: {}", lang),
            figure_cell("disputed", f.disputed, lang),
        ),
        tile(
            "overdue",
            kpi_text.label("overdue", lang),
            Trend.BAD,
            t("{} des factures ouvertes", "{} of open invoices", lang),
            figure_cell("overdue_share", f.overdue_share, lang),
        ),
        tile(
            "dso_accounting_90d",
            kpi_text.label("dso_accounting_90d", lang),
            Trend.BAD,
            t("par épuisement : {} j", "count-back: {} d", lang),
            figure_cell("dso_countback", f.dso_countback, lang),
        ),
        Tile(
            t("CEI du mois", "CEI, this month", lang),
            Cell(not_available(lang) if cei_now is None else cei_now, Kind.PERCENT),
            _change(cei_now, cei_before, Kind.PERCENT, lang),
            _trend(cei_now, cei_before, Trend.GOOD),
            t("encaissé / encaissable", "collected / collectable", lang),
        ),
        tile(
            "clients_to_remind",
            kpi_text.label("clients_to_remind", lang),
            Trend.BAD,
            t(
                f"{f.overdue_invoices} factures en retard",
                f"{f.overdue_invoices} overdue invoices",
                lang,
            ),
        ),  # fmt: skip
        Tile(
            t("Clients bloqués", "Clients on hold", lang),
            Cell(n_holds, Kind.INT),
            _change(n_holds, before_holds, Kind.INT, lang),
            _trend(n_holds, before_holds, Trend.BAD),
            t("encours bloqué : {}", "exposure on hold: {}", lang),
            Cell(on_hold, Kind.MONEY),
        ),
    ]


def definitions(
    b: Board, settings: Settings, lang: Lang, formats: Formats = FR_FORMATS
) -> list[Definition]:
    f, before = b.figures, formats.date_text(b.previous_day)
    sheet_fr, sheet_en = (" (feuille Blocages)", " (Holds sheet)") if b.holds_sheet else ("", "")
    keys = ("outstanding", "overdue", "overdue_share", "dso_accounting_90d", "dso_countback")
    found = [Definition(kpi_text.label(k, lang), kpi_text.definition(k, lang, f)) for k in keys]
    found += [
        Definition(
            t("CEI du mois", "CEI, this month", lang),
            t("Indice d'efficacité du recouvrement : (encours d'ouverture + facturé − encours de "
              "clôture) / (encours d'ouverture + facturé − encours non échu de clôture), sur le "
              "mois en cours jusqu'à la date. 100 % : tout ce qui était exigible a été encaissé.",
              "Collection effectiveness index: (opening receivables + invoiced − closing "
              "receivables) / (opening receivables + invoiced − closing current receivables), "
              "over the month to date. 100 %: everything that fell due was collected.", lang),
        ),
        Definition(kpi_text.label("clients_to_remind", lang),
                   kpi_text.definition("clients_to_remind", lang)),
        Definition(
            t("Clients bloqués", "Clients on hold", lang),
            t(f"Encours au-delà de la limite de crédit, une facture à plus de "
              f"{settings.hold_days_overdue} j de retard, ou âge moyen des factures ouvertes "
              f"> {settings.hold_average_age} j{sheet_fr}.",
              f"Exposure over the credit limit, an invoice more than {settings.hold_days_overdue} "
              f"days overdue, or open invoices over {settings.hold_average_age} days old on "
              f"average{sheet_en}.", lang),
        ),
        Definition(
            t("Évolution (▲ ▼)", "Change (▲ ▼)", lang),
            t(f"Écart avec la fin du mois précédent ({before}) ; en bleu quand "
              "c'est mieux, en orange quand c'est moins bien ; n/d : pas d'historique à cette "
              "date.",
              f"Difference from the previous month's end ({before}); blue when "
              "better, orange when worse; n/a: no history on that date.", lang),
        ),
        Definition(
            t("Prévision", "Forecast", lang),
            t("Chaque facture ouverte (hors litiges) est attendue à son échéance + le retard moyen "
              "de son client (sinon du portefeuille), par semaine ISO du lundi au dimanche.",
              "Each open invoice (disputes left out) is expected on its due date + its client's "
              "average days late (else the portfolio's), by ISO week, Monday to Sunday.", lang),
        ),
    ]  # fmt: skip
    return found


def charts(b: Board, lang: Lang, index: dict[str, int]) -> list[Chart]:
    (c1, w1), (c2, w2), (c3, w3) = SLOTS
    top, bottom = CHARTS_ROW
    amount = t("Montant TTC", "Amount incl. VAT", lang)
    top_dso, off_scale = kpi_text.dso_scale(b.trend, lang)
    dso_title = t("DSO sur 12 mois (fin de mois)", "DSO over 12 months", lang)
    if off_scale:  # the month ends above the scale instead of "(fin de mois)", said below
        dso_title = t("DSO sur 12 mois", "DSO over 12 months", lang) + off_scale
    found = [
        Chart(ChartKind.COLUMN, t("Balance âgée", "Aged balance", lang), index["buckets"], 0,
              (1,), top, c1, w1, CHART_HEIGHT, point_colors=BUCKET_COLORS, legend=False,
              x_title=t("Retard (jours)", "Days overdue", lang), y_title=amount),
        Chart(ChartKind.BAR_STACKED, t("Les 10 plus gros débiteurs", "Top 10 debtors", lang),
              index["top"], 0, (3, 4, 5, 6, 7), top, c2, w2, CHART_HEIGHT,
              colors=BUCKET_COLORS, y_title=amount),
        Chart(ChartKind.COLUMN, t("Facturé et encaissé par mois", "Invoiced and collected", lang),
              index["months"], 0, (1, 5), top, c3, w3, CHART_HEIGHT, colors=(SKY, BLUE),
              x_title=t("Mois", "Month", lang), y_title=amount),
        Chart(ChartKind.LINE, dso_title,
              index["months"], 0, (6, 7), bottom, c1, w1, CHART_HEIGHT, colors=(BLUE, VERMILION),
              value_kind=Kind.DAYS, x_title=t("Fin de mois", "Month end", lang),
              y_title=t("Jours", "Days", lang), y_max=top_dso),
    ]  # fmt: skip
    if "forecast" in index:
        colors = (VERMILION, *([BLUE] * (len(b.weeks) - 2)), GREY) if b.weeks is not None else ()
        found.append(
            Chart(ChartKind.COLUMN, t("Prévision d'encaissements", "Cash-in forecast", lang),
                  index["forecast"], 0, (2,), bottom, c2, w2, CHART_HEIGHT, point_colors=colors,
                  legend=False, x_title=t("Semaine ISO", "ISO week", lang), y_title=amount)
        )  # fmt: skip
    return found


def build(
    b: Board,
    settings: Settings,
    as_of: dt.date,
    lang: Lang,
    sources: tuple[str, ...] = ("Clients", "Transactions"),
    formats: Formats = FR_FORMATS,
) -> BoardSpec:
    """The dashboard; `sources` are the sheets the figures come from (as the owner named them)."""
    name = sheet_name("dashboard", lang)
    c3 = SLOTS[2][0]
    holds = holds_block(b.holds, settings, CHARTS_ROW[1] + 1, c3, lang, b.holds_sheet, b.listed)
    found = definitions(b, settings, lang, formats)
    day, before = formats.date_text(as_of), formats.date_text(b.previous_day)
    data_row = DEFINITIONS_ROW + 1 + len(found) + 2
    blocks: list[Block] = [holds]
    index: dict[str, int] = {}
    row = data_row + 1

    def add(key: str, block: Block) -> None:
        nonlocal row
        index[key] = len(blocks)
        blocks.append(block)
        row = block.end_row + 1

    add("buckets", buckets_block(b.buckets, settings, row, lang))
    add("top", debtors_block(b.top, settings, row, lang, b.listed))
    add("months", months_block(b.months, b.trend, row, lang))
    if b.weeks is not None:
        add("forecast", forecast_block(b.weeks, row, lang))
    add("net", net_block(float(b.buckets.sum()), b.credits, row, lang))
    return BoardSpec(
        key="dashboard",
        name=name,
        blocks=blocks,
        charts=charts(b, lang, index),
        widths=WIDTHS,
        title=t(
            f"Tableau de bord – situation au {day}",
            f"Dashboard – as of {day}",
            lang,
        ),  # fmt: skip
        subtitle=_subtitle(sources, lang)
        + t(
            f" ▲ ▼ : évolution depuis le {before}.",
            f" ▲ ▼: change since {before}.",
            lang,
        ),  # fmt: skip
        print_title=f"{name} – {day}",
        tab_color="375623",
        landscape=True,
        print_area=(0, 0, data_row - 2, len(WIDTHS) - 1),
        tiles=tiles(b, lang),
        tiles_row=TILES_ROW,
        definitions=found,
        definitions_title=t("Définitions", "Definitions", lang),
        definitions_row=DEFINITIONS_ROW,
        width=len(WIDTHS),
        row_heights={2: 6, 7: 8, data_row - 1: 15},
        data_title_row=data_row,
        data_title=t(
            "Données des graphiques (non imprimées)", "The charts' data (not printed)", lang
        ),  # fmt: skip
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
