"""The public functions the CLI, the Excel buttons and the tests call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from arxl.errors import ArxlError
from arxl.model import Issue, Ledger
from arxl.readers.layout import Layout
from arxl.readers.settings_sheet import apply_settings_rows
from arxl.readers.workbook import SheetSource
from arxl.readers.xlsx import excel_date, read_ledger
from arxl.reports import aged, followup, issues, reminders, settings_sheet
from arxl.rules.aging import aged_by_client, derive
from arxl.rules.checks import check_transactions
from arxl.rules.reminders import reminder_list
from arxl.settings import Settings
from arxl.vocab import Lang
from arxl.writers.graft import WriteResult, check_not_locked, write_sheets

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

    @cached_property
    def aged(self) -> pd.DataFrame:
        """rules.aging.aged_by_client"""
        return aged_by_client(self.items, self.ledger.clients, self.settings)

    @cached_property
    def reminders(self) -> pd.DataFrame:
        """rules.reminders.reminder_list"""
        return reminder_list(self.items, self.ledger.clients)

    @cached_property
    def issues(self) -> list[Issue]:
        """Every problem found, in sheet and row order."""
        ledger = self.ledger
        checks = check_transactions(
            ledger.transactions,
            ledger.clients,
            self.items,
            ledger.transactions_sheet,
            ledger.settings_values.get("tx_headers", {}),
            self.as_of,
        )
        return sorted(
            [*self.settings_issues, *ledger.issues, *checks],
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
    chosen_lang = Lang(lang) if lang else (sheet_settings.lang or ledger.lang)
    if progress:
        progress("rules", 0.0)
    items = derive(ledger.transactions, ledger.clients, sheet_settings, effective_as_of)
    result = Analysis(
        ledger=ledger,
        settings=sheet_settings.replace(as_of=effective_as_of, lang=chosen_lang),
        as_of=effective_as_of,
        lang=chosen_lang,
        items=items,
        settings_issues=settings_issues,
    )
    if progress:
        progress("rules", 1.0)
    return result


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
    order = [ledger.settings_sheet, ledger.clients_sheet, ledger.transactions_sheet]
    return order.index(sheet) if sheet in order else len(order)


@dataclass
class RefreshResult:
    analysis: Analysis
    path: Path
    owned_parts: set[str]
    sheets: dict[str, str]


def build_sheets(analysis: Analysis) -> list:
    """The descriptions of the sheets arxl owns, in the order they are added to the workbook."""
    a = analysis
    return [
        followup.build(a.items, a.settings, a.as_of, a.lang),
        aged.build(a.aged, a.settings, a.as_of, a.lang),
        reminders.build(a.reminders, a.as_of, a.lang),
        issues.build(a.issues, a.as_of, a.lang),
    ]


def refresh_workbook(
    book: str | Path,
    *,
    out: str | Path | None = None,
    as_of: dt.date | None = None,
    lang: Lang | str | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    source: SheetSource | None = None,
    layout: Layout | None = None,
) -> RefreshResult:
    """Apply the rules and write the follow-up sheets into the workbook (or into `out`)."""
    src = Path(book)
    dst = Path(out) if out is not None else src
    analysis = analyse(
        src, as_of=as_of, lang=lang, today=today, progress=progress, source=source, layout=layout
    )
    check_not_locked(dst)
    if (src.suffix.lower() == ".xlsm") != (dst.suffix.lower() == ".xlsm"):
        raise ArxlError(
            f"{dst.name}: the output must keep the {src.suffix} extension of {src.name} "
            "(Excel refuses a macro workbook saved as .xlsx and the reverse)."
        )
    create = (
        []
        if analysis.ledger.settings_sheet
        else [settings_sheet.build(analysis.settings, analysis.lang)]
    )
    written: WriteResult = write_sheets(src, dst, build_sheets(analysis), create, progress)
    return RefreshResult(analysis, dst, written.owned_parts, written.sheets)
