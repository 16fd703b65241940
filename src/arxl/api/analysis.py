"""The analysis of a workbook: what the rules make of its ledger as of a date (the summaries
on first use), the object every command and button starts from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from arxl import formats as book_formats
from arxl.model import Issue, Ledger, half_year_label
from arxl.readers.layout import Layout
from arxl.readers.rates import bundled_rates
from arxl.readers.reminder_log import empty_log
from arxl.readers.settings_sheet import apply_settings_rows
from arxl.readers.workbook import SheetSource
from arxl.readers.xlsx import excel_date, read_ledger
from arxl.reports import holds
from arxl.rules import escalation, kpis, series
from arxl.rules import penalties as penalty_rules
from arxl.rules.aging import (
    aged_by_client,
    clear_levels_when_nothing_owed,
    derive,
    net_balances,
)
from arxl.rules.allocation import Allocation, allocate
from arxl.rules.checks import check_allocation, check_transactions
from arxl.rules.conservation import conservation
from arxl.rules.credit import client_credit
from arxl.rules.credit import forecast as forecast_weeks
from arxl.rules.credit import lateness as credit_lateness
from arxl.rules.invoice_index import KeyBook
from arxl.settings import Settings
from arxl.vocab import Lang, SkipReason

Progress = Callable[[str, float], None]


@dataclass
class Analysis:
    """Everything computed from a workbook as of a date (the summaries on first use)."""

    ledger: Ledger
    settings: Settings
    as_of: dt.date
    lang: Lang
    items: pd.DataFrame  # transactions dated <= as_of with derived columns (rules.aging.derive)
    settings_issues: list[Issue] = field(default_factory=list)
    allocation: Allocation | None = None  # None: no payment rows, credit notes or Paiements
    # arxl's sheets written under another name than usual: an owner's sheet has that name
    naming_issues: list[Issue] = field(default_factory=list)
    # what a job found outside the ledger: bank statement lines, Rapprochement rows not posted
    job_issues: list[Issue] = field(default_factory=list)
    # the invoice keys cash application read (rules.invoice_index), for the month-end pictures
    key_book: KeyBook | None = field(default=None, repr=False, compare=False)

    @cached_property
    def aged(self) -> pd.DataFrame:
        """rules.aging.aged_by_client"""
        unapplied = self.allocation.unapplied if self.allocation is not None else None
        return aged_by_client(self.items, self.ledger.clients, self.settings, unapplied)

    @cached_property
    def plan(self) -> pd.DataFrame:
        """rules.escalation.plan: who gets which reminder today (the log, the minimum interval,
        holds, disputes), the function `arxl remind` uses."""
        log = self.ledger.log if self.ledger.log is not None else empty_log()
        return escalation.plan(self.items, self.ledger.clients, log, self.settings, self.as_of)

    @cached_property
    def reminders(self) -> pd.DataFrame:
        """The Relances sheet's clients, at the level arxl remind sends (rules.escalation)."""
        return escalation.reminder_rows(self.plan)

    @cached_property
    def to_remind(self) -> int:
        """The clients to remind: the Relances sheet's, less those on hold ("Pas de relance"),
        whom it lists with the reason and `arxl remind` never writes to."""
        skip = self.reminders["skip"] if len(self.reminders) else []
        return sum(1 for s in skip if s != SkipReason.NO_REMINDER.value)

    @cached_property
    def formats(self) -> book_formats.Formats:
        """The book's money and date formats: its invoice cells', else Paramètres', else its
        country's, else its language's (formats.choose)."""
        money, date = self.ledger.settings_values.get("cell_formats") or (None, None)
        s = self.settings
        return book_formats.choose(
            self.lang,
            owner_money=money,
            owner_date=date,
            currency=s.currency,
            date_format=s.date_format,
            country=s.country,
        )

    @cached_property
    def penalties(self) -> penalty_rules.Penalties:
        """rules.penalties.compute with the profile of the settings (Paramètres' profile, else
        its country's; none without either)."""
        profile = penalty_rules.profile_for(self.settings)
        return penalty_rules.compute(
            self.items,
            self.ledger.clients,
            self.settings,
            self.as_of,
            profile,
            bundled_rates(),
            self.ledger.log,  # a consumer's interest runs from the first formal notice
            # the dated payments cash application matched: interest follows what is unpaid
            self.allocation.lines if self.allocation is not None else None,
        )

    @cached_property
    def kpis(self) -> kpis.Kpis:
        """rules.kpis.compute: the dashboard's figures as of the date."""
        return kpis.compute(self.items, self.to_remind, self.as_of, self.allocation)

    @cached_property
    def top_debtors(self) -> pd.DataFrame:
        """rules.series.top_debtors: the ten largest debtors with their overdue share."""
        owing = self.aged[self.aged["total"] > 0]  # a client owed a credit is no debtor
        return series.top_debtors(self.items, owing)

    @cached_property
    def months(self) -> pd.DataFrame:
        """rules.series.monthly_summary: the last twelve months."""
        return series.monthly_summary(self.items, self.as_of, allocation=self.allocation)

    @cached_property
    def credit(self) -> pd.DataFrame:
        """rules.credit.client_credit: exposure, headroom, payer profile and holds per client"""
        return client_credit(
            self.items,
            self.ledger.clients,
            self.allocation,
            self.settings,
            self.as_of,
            self.lateness,
        )

    @cached_property
    def lateness(self) -> pd.DataFrame:
        """rules.credit.lateness: the payment history of each invoice (the credit sheets' and
        the forecast's, worked out once)."""
        lines = self.allocation.lines if self.allocation is not None else None
        return credit_lateness(self.items, self.as_of, lines)

    @property
    def holds(self) -> pd.DataFrame:
        """The clients on hold (rows of `credit` with a reason), for the sheets and a dashboard."""
        return holds.on_hold(self.credit)

    @cached_property
    def forecast(self) -> tuple[pd.DataFrame, float]:
        """rules.credit.forecast: expected cash-in per week, portfolio days late"""
        return forecast_weeks(self.items, self.credit, self.settings, self.as_of, self.lateness)

    @property
    def credit_control(self) -> bool:
        """Whether the credit-control sheets are written: as Paramètres says, else when the
        workbook has payment rows, credit notes or credit limits (the seed layout has none)."""
        if self.settings.credit_control is not None:
            return self.settings.credit_control
        limits = self.ledger.clients["credit_limit"].notna().any()
        return self.allocation is not None or bool(limits)

    @cached_property
    def issues(self) -> list[Issue]:
        """Every problem found, in sheet and row order."""
        ledger = self.ledger
        refused = [
            Issue(
                ledger.settings_sheet or "",
                None,
                "",
                f"{self.settings.contractual_rate} %",
                f"Taux contractuel inférieur à 3 fois le taux légal en {label} : taux légal "
                "appliqué pour ce semestre",
                f"Contractual rate below 3 times the legal rate in {label}: statutory rate "
                "applied for that half-year",
            )
            for label in map(half_year_label, self.penalties.refused_periods)
        ]
        refused += penalty_rules.rate_issues(self.penalties, ledger.settings_sheet or "")
        checks = check_transactions(
            ledger.transactions,
            ledger.clients,
            self.items,
            ledger.transactions_sheet,
            ledger.settings_values.get("tx_headers", {}),
            self.as_of,
            self.formats,
        )
        if self.allocation is not None:
            checks += check_allocation(
                self.allocation,
                conservation(self.items, self.allocation),
                ledger.settings_values.get("tx_headers", {}),
                self.formats,
            )
        return sorted(
            [
                *self.settings_issues,
                *refused,
                *ledger.issues,
                *checks,
                *self.naming_issues,
                *self.job_issues,
            ],
            key=lambda i: (_sheet_order(i.sheet, ledger), i.sheet, i.row or 0),
        )


def analyse(
    book: str | Path,
    *,
    as_of: dt.date | None = None,
    lang: Lang | str | None = None,
    today: dt.date | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
    source: SheetSource | None = None,
    layout: Layout | None = None,
) -> Analysis:
    """Read the workbook and apply the rules. The as-of date is, in order: as_of, the
    Paramètres sheet's date, a cell labelled as the analysis date above the invoice table
    (unless it is =TODAY()), today (the `today` argument, else the system date)."""
    ledger = read_ledger(Path(book), progress, source, layout)
    return analyse_ledger(
        ledger, as_of=as_of, lang=lang, today=today, settings=settings, progress=progress
    )


def analyse_ledger(
    ledger: Ledger,
    *,
    as_of: dt.date | None = None,
    lang: Lang | str | None = None,
    today: dt.date | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Apply the rules to a Ledger however it was read (a workbook, an accounting export)."""
    base = settings or Settings()
    rows = ledger.settings_values.get("rows", [])
    sheet_settings, settings_issues = apply_settings_rows(rows, base, ledger.settings_sheet or "")
    if as_of is not None:
        sheet_settings = sheet_settings.replace(as_of=as_of)
    elif sheet_settings.as_of is None:
        cell_date, cell_issue = _as_of_cell(ledger)
        sheet_settings = sheet_settings.replace(as_of=cell_date)
        settings_issues.extend(cell_issue)
    effective_as_of = sheet_settings.as_of or today or dt.date.today()
    if effective_as_of >= (today or dt.date.today()):  # the picture of today, not of the past
        settings_issues.extend(_dated_later(ledger, effective_as_of))
    chosen_lang = Lang(lang) if lang else (sheet_settings.lang or ledger.lang)
    if progress:
        progress("rules", 0.0)
    items = derive(ledger.transactions, ledger.clients, sheet_settings, effective_as_of)
    allocation, key_book = None, None
    if ledger.payments is not None and len(ledger.payments):
        # a client is known from the clients list or from its invoices (a credit of the
        # same id as an invoice is that client's, listed or not)
        known = set(ledger.clients["client_key"]) | set(items["client_key"])
        key_book = KeyBook(ledger.transactions)  # shared with the month-end pictures
        allocation = allocate(items, ledger.payments, known, effective_as_of, key_book)
        key_book.forget_everyone()
        items = derive(
            ledger.transactions,
            ledger.clients,
            sheet_settings,
            effective_as_of,
            allocation.by_invoice,
        )
        items = clear_levels_when_nothing_owed(items, net_balances(items, allocation.unapplied))
    result = Analysis(
        ledger=ledger,
        settings=sheet_settings.replace(as_of=effective_as_of, lang=chosen_lang),
        as_of=effective_as_of,
        lang=chosen_lang,
        items=items,
        settings_issues=settings_issues,
        allocation=allocation,
        key_book=key_book,
    )
    if progress:
        progress("rules", 1.0)
    return result


def _dated_later(ledger: Ledger, as_of: dt.date) -> list[Issue]:
    """The invoices dated after the as-of date when it is today (typed in advance, or a typo
    in the year): left out of every figure until their date, which the owner should know.
    A picture of a past date leaves out the later invoices as a matter of course, unsaid."""
    tx = ledger.transactions
    if not len(tx):
        return []
    dates = tx["date"].to_numpy()
    later = np.flatnonzero((dates > np.datetime64(as_of, "ns")) & (tx["amount"].to_numpy() > 0))
    header = ledger.settings_values.get("tx_headers", {}).get("date", "")
    day = f"{as_of:%d/%m/%Y}"
    return [
        Issue(
            ledger.transactions_sheet,
            int(tx["row"].iat[i]),
            header,
            pd.Timestamp(dates[i]).date(),
            f"Facture datée après le {day} : pas encore comptée (elle le sera à sa date)",
            f"Invoice dated after {as_of:%Y-%m-%d}: not counted yet (it will be from its date)",
        )
        for i in later.tolist()
    ]


def _as_of_cell(ledger: Ledger) -> tuple[dt.date | None, list[Issue]]:
    """The date in the invoice sheet's "Date d'analyse" cell (None for =TODAY() or blank)."""
    cell = ledger.settings_values.get("as_of_cell")
    if not cell:
        return None, []
    row, _col, value, is_today = cell  # type: ignore[misc]
    if is_today:
        return None, []
    got = value if isinstance(value, dt.date) else excel_date(value)
    if isinstance(got, dt.datetime):
        got = got.date()
    if got is None:
        issue = Issue(
            ledger.transactions_sheet,
            row,
            "",
            value,
            "Date d'analyse illisible (aujourd'hui utilisé)",
            "Unreadable as-of date (today used)",
        )
        return None, [issue]
    return got, []


def _sheet_order(sheet: str, ledger: Ledger) -> int:
    order = [
        ledger.settings_sheet,
        ledger.clients_sheet,
        ledger.transactions_sheet,
        ledger.payments_sheet,
    ]
    return order.index(sheet) if sheet in order else len(order)
