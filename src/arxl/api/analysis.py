"""The public functions the CLI, the Excel buttons and the tests call."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from arxl.errors import ArxlError
from arxl.memory import give_back
from arxl.model import Issue, Ledger
from arxl.readers.layout import Layout, column_map_text, status_map_text
from arxl.readers.rates import bundled_rates
from arxl.readers.reminder_log import empty_log
from arxl.readers.settings_sheet import apply_settings_rows
from arxl.readers.workbook import SheetSource
from arxl.readers.xlsx import excel_date, read_ledger
from arxl.reports import (
    aged,
    credit,
    dashboard,
    followup,
    forecast,
    holds,
    issues,
    lettrage,
    penalties,
    reminders,
    report,
    settings_sheet,
)
from arxl.reports import (
    changes as changes_sheet,
)
from arxl.rules import escalation, kpis
from arxl.rules import penalties as penalty_rules
from arxl.rules.aging import (
    aged_by_client,
    clear_levels_when_nothing_owed,
    derive,
    net_balances,
)
from arxl.rules.allocation import Allocation, allocate, conservation
from arxl.rules.changes import changes, previous_as_of, read_summary, summary
from arxl.rules.checks import check_allocation, check_transactions
from arxl.rules.credit import client_credit
from arxl.rules.credit import forecast as forecast_weeks
from arxl.rules.monthly import Ledgers, MonthFigures, month_figures
from arxl.rules.periods import month_end, parse_month
from arxl.settings import LAYOUT_SETTING_ROWS, SETTING_ROWS, Settings, setting_for_label
from arxl.sheets.spec import Kind as CellKind
from arxl.sheets.spec import LayoutSpec, SheetSpec
from arxl.vocab import SETTINGS_SHEET_NAMES, Lang, fold, sheet_name
from arxl.writers.append import set_cells
from arxl.writers.graft import (
    Package,
    WriteResult,
    check_not_locked,
    check_overwrite,
    owned_sheet_names,
    plan_sheet_names,
    write_sheets,
)
from arxl.writers.guard import Identity, book_lock, check_unchanged, remove_stale_temps
from arxl.writers.layout import write_workbook
from arxl.writers.live import OpenWorkbook, replace_sheets
from arxl.writers.names import moved_message

if TYPE_CHECKING:
    from arxl.writers.addhome import AddHomeResult

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
    def penalties(self) -> penalty_rules.Penalties:
        """rules.penalties.compute with the profile of the settings (or the workbook's language)."""
        profile = penalty_rules.profile_for(self.settings, self.lang)
        return penalty_rules.compute(
            self.items,
            self.ledger.clients,
            self.settings,
            self.as_of,
            profile,
            bundled_rates(),
            self.ledger.log,  # a consumer's interest runs from the first formal notice
        )

    @cached_property
    def kpis(self) -> kpis.Kpis:
        """rules.kpis.compute: the dashboard's figures as of the date."""
        return kpis.compute(self.items, self.reminders, self.as_of, self.allocation)

    @cached_property
    def top_debtors(self) -> pd.DataFrame:
        """rules.kpis.top_debtors: the ten largest debtors with their overdue share."""
        owing = self.aged[self.aged["total"] > 0]  # a client owed a credit is no debtor
        return kpis.top_debtors(self.items, owing)

    @cached_property
    def months(self) -> pd.DataFrame:
        """rules.kpis.monthly_summary: the last twelve months."""
        return kpis.monthly_summary(self.items, self.as_of, allocation=self.allocation)

    @cached_property
    def credit(self) -> pd.DataFrame:
        """rules.credit.client_credit: exposure, headroom, payer profile and holds per client"""
        return client_credit(
            self.items, self.ledger.clients, self.allocation, self.settings, self.as_of
        )

    @property
    def holds(self) -> pd.DataFrame:
        """The clients on hold (rows of `credit` with a reason), for the sheets and a dashboard."""
        return holds.on_hold(self.credit)

    @cached_property
    def forecast(self) -> tuple[pd.DataFrame, float]:
        """rules.credit.forecast: expected cash-in per week, portfolio days late"""
        return forecast_weeks(self.items, self.credit, self.settings, self.as_of)

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
            for label in map(penalty_rules.half_year_label, self.penalties.refused_periods)
        ]
        refused += penalty_rules.rate_issues(self.penalties, ledger.settings_sheet or "")
        checks = check_transactions(
            ledger.transactions,
            ledger.clients,
            self.items,
            ledger.transactions_sheet,
            ledger.settings_values.get("tx_headers", {}),
            self.as_of,
        )
        if self.allocation is not None:
            checks += check_allocation(
                self.allocation,
                conservation(self.items, self.allocation),
                ledger.settings_values.get("tx_headers", {}),
            )
        return sorted(
            [*self.settings_issues, *refused, *ledger.issues, *checks, *self.naming_issues],
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
    allocation = None
    if ledger.payments is not None and len(ledger.payments):
        # a client is known from the clients list or from its invoices (a credit of the
        # same id as an invoice is that client's, listed or not)
        known = set(ledger.clients["client_key"]) | set(items["client_key"])
        allocation = allocate(items, ledger.payments, known, effective_as_of)
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
    order = [
        ledger.settings_sheet,
        ledger.clients_sheet,
        ledger.transactions_sheet,
        ledger.payments_sheet,
    ]
    return order.index(sheet) if sheet in order else len(order)


@dataclass
class RefreshResult:
    analysis: Analysis
    path: Path
    owned_parts: set[str]
    sheets: dict[str, str]
    kept: list[str] = field(default_factory=list)  # Paramètres rows that now hold the options
    cleaned: list[str] = field(default_factory=list)  # stale temporary files removed


# The order of arxl's sheets in a workbook where they are new (by SheetSpec key).
SHEET_ORDER = (
    "dashboard",
    "followup",
    "aged",
    "reminders",
    "penalties",
    "issues",
    "lettrage",
    "holds",
    "credit",
    "forecast",
    "changes",
    "state",
)


def build_sheets(analysis: Analysis) -> list:
    """The descriptions of the sheets arxl owns, in the order they are added to the workbook."""
    rank = {key: i for i, key in enumerate(SHEET_ORDER)}
    return sorted(iter_sheets(analysis), key=lambda spec: rank.get(spec.key, len(rank)))


def iter_sheets(analysis: Analysis) -> Iterator[SheetSpec | LayoutSpec]:
    """build_sheets one sheet at a time, the biggest first: the writer renders and deflates
    Suivi and Pénalités in other threads while the rules behind the next sheets run (the
    writer puts them in SHEET_ORDER)."""
    a = analysis
    settled = lettrage.settled_by(a.allocation, a.lang) if a.allocation is not None else None
    yield followup.build(a.items, a.settings, a.as_of, a.lang, settled)
    yield penalties.build(a.penalties, a.as_of, a.lang)
    # what changed is worked out before the other sheets are built: comparing two summaries
    # of a million invoices is the refresh's largest transient allocation
    changed = _change_sheets(a) if a.credit_control else []
    give_back()
    yield from changed[1:]  # the summary of every invoice: big, rendered meanwhile too
    buckets = kpis.bucket_totals(a.aged, a.settings)
    credits = float(a.aged["credits"].sum())
    ledger = a.ledger
    sources = [ledger.clients_sheet if ledger.has_clients_sheet else "", ledger.transactions_sheet]
    sources.append(ledger.payments_sheet)
    yield dashboard.build(
        a.kpis,
        a.top_debtors,
        buckets,
        a.months,
        a.settings,
        a.as_of,
        a.lang,
        credits,
        tuple(dict.fromkeys(s for s in sources if s)),
    )
    yield aged.build(a.aged, a.settings, a.as_of, a.lang)
    yield reminders.build(a.reminders, a.settings, a.as_of, a.lang)
    yield issues.build(a.issues, a.as_of, a.lang)
    if a.allocation is not None:
        yield lettrage.build(a.allocation, a.ledger.clients, a.as_of, a.lang)
    if a.credit_control:
        weeks, portfolio = a.forecast
        yield holds.build(a.credit, a.settings, a.as_of, a.lang)
        yield credit.build(a.credit, a.settings, a.as_of, a.lang)
        yield forecast.build(weeks, portfolio, a.as_of, a.lang)
        yield from changed[:1]


def sheet_keys(a: Analysis) -> list[str]:
    """The keys of the sheets iter_sheets yields for this analysis, in SHEET_ORDER."""
    keys = {"dashboard", "followup", "aged", "reminders", "penalties", "issues"}
    if a.allocation is not None:
        keys.add("lettrage")
    if a.credit_control:
        keys |= {"holds", "credit", "forecast", "changes", "state"}
    return [key for key in SHEET_ORDER if key in keys]


def _free_names(a: Analysis, book: Path) -> dict[str, str]:
    """key -> the name each sheet is written under in `book`: arxl's usual name, or a free one
    beside an owner's sheet of that name (`Dashboard (arxl)`), which Anomalies then notes."""
    plan = plan_sheet_names(book, {key: sheet_name(key, a.lang) for key in sheet_keys(a)})
    a.naming_issues = [
        Issue(owner, None, "", chosen, *moved_message(owner, chosen))
        for owner, chosen in plan.moved.values()
    ]
    return plan.names


def _change_sheets(a: Analysis) -> list:
    """Quoi de neuf against the summary the previous refresh left, and this run's summary."""
    state = summary(a.items, a.allocation, a.reminders, a.credit, a.as_of)
    previous = read_summary(a.ledger.settings_values.get("previous_state"))
    found = changes(previous, state) if previous is not None else None
    since = previous_as_of(previous) if previous is not None else None
    return [
        changes_sheet.build(found, since, a.ledger.clients, a.settings, a.as_of, a.lang),
        changes_sheet.build_state(state, a.lang),
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
    force: bool = False,
    read_as: Identity | None = None,
) -> RefreshResult:
    """Apply the rules and write the follow-up sheets into the workbook (or into `out`). What
    `layout` says (the CLI's --sheet, --map, --clients, --status) is written into Paramètres,
    so that every later command and button reads the book the same way.

    Nothing is replaced that arxl was not asked to replace: an existing `out` that is not
    arxl's output of the book, a read-only file, a workbook open in Excel or LibreOffice
    (`force` says yes to the first and to a stale lock), or a book saved by another program
    while arxl worked (`read_as`: the book's guard.stamp taken when its reading started, when
    that was before this call, as the CLI's prefetch)."""
    src = Path(book)
    dst = Path(out) if out is not None else src
    if out is not None and src.exists():
        check_overwrite(src, dst, force)
    check_not_locked(dst, force)
    with book_lock(dst):
        cleaned = remove_stale_temps(dst)
        before = Identity.of(src) if src.exists() else None
        if read_as is not None and before is not None:
            check_unchanged(src, read_as)
        result = _refresh(src, dst, as_of, lang, today, progress, source, layout, before)
    result.cleaned = cleaned
    return result


def _refresh(
    src: Path,
    dst: Path,
    as_of: dt.date | None,
    lang: Lang | str | None,
    today: dt.date | None,
    progress: Progress | None,
    source: SheetSource | None,
    layout: Layout | None,
    before: Identity | None,
) -> RefreshResult:
    analysis = analyse(
        src, as_of=as_of, lang=lang, today=today, progress=progress, source=source, layout=layout
    )
    said = layout_settings(analysis, layout or Layout(), dst.parent)
    if (src.suffix.lower() == ".xlsm") != (dst.suffix.lower() == ".xlsm"):
        raise ArxlError(
            f"{dst.name}: the output must keep the {src.suffix} extension of {src.name} "
            "(Excel refuses a macro workbook saved as .xlsx and the reverse)."
        )
    create = (
        []
        if analysis.ledger.settings_sheet
        else [settings_sheet.build(analysis.settings.replace(**said), analysis.lang)]
    )
    names = _free_names(analysis, src)
    written: WriteResult = write_sheets(
        src,
        dst,
        iter_sheets(analysis),
        create,
        progress,
        order=SHEET_ORDER,
        names=names,
        expect=before,
    )
    if said and analysis.ledger.settings_sheet:
        texts, rows = settings_edits(analysis, said)
        if texts or rows:
            set_cells(dst, dst, analysis.ledger.settings_sheet, texts, rows)
    kept = [r.label(analysis.lang) for r in (*SETTING_ROWS, *LAYOUT_SETTING_ROWS) if r.key in said]
    return RefreshResult(analysis, dst, written.owned_parts, written.sheets, kept)


def layout_settings(analysis: Analysis, said: Layout, folder: Path) -> dict[str, str]:
    """The Paramètres values (setting key -> text) of what the owner said: the rows `said`
    gives, with the values the book was read with (`said` completed by Paramètres). A clients
    workbook is written relative to `folder` when it is inside it."""
    used = analysis.ledger.settings_values.get("layout")
    used = used if isinstance(used, Layout) else said
    out: dict[str, str] = {}
    if said.sheet:  # the sheet's name as the workbook spells it
        out["invoice_sheet"] = analysis.ledger.transactions_sheet
    if said.clients_sheet and analysis.ledger.clients_sheet:
        out["clients_sheet"] = analysis.ledger.clients_sheet
    if said.clients_book and used.clients_book:
        out["clients_book"] = stored_path(Path(used.clients_book), folder)
    if said.columns:
        out["column_map"] = column_map_text(used.columns)
    if said.statuses:
        out["status_map"] = status_map_text(used.statuses)
    return out


def stored_path(path: Path, folder: Path) -> str:
    """A path as Paramètres keeps it: relative to the book's folder when inside it."""
    full = path.resolve()
    try:
        return full.relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(full)


def settings_edits(
    analysis: Analysis, values: dict[str, str]
) -> tuple[dict[tuple[int, int], str], list[list]]:
    """The value cells of the owner's Paramètres rows to change (column B of each row naming
    the setting), and the rows to add for the settings it has no row for."""
    texts: dict[tuple[int, int], str] = {}
    seen: set[str] = set()
    for row, label, value in analysis.ledger.settings_values.get("rows", []):
        setting = setting_for_label(label)
        if setting is None or setting.key not in values:
            continue
        seen.add(setting.key)
        if str(value).strip() != values[setting.key]:
            texts[(row, 1)] = values[setting.key]
    lg = analysis.lang
    added = [
        [
            (0, CellKind.TEXT, r.label(lg)),
            (1, CellKind.TEXT, values[r.key]),
            (2, CellKind.TEXT, r.help(lg)),
        ]
        for r in (*SETTING_ROWS, *LAYOUT_SETTING_ROWS)
        if r.key in values and r.key not in seen
    ]
    return texts, added


@dataclass
class ReportResult:
    analysis: Analysis
    figures: MonthFigures
    path: Path
    pdf: Path | None


def default_report_path(book: str | Path, month: dt.date, lang: Lang) -> Path:
    word = "report" if lang is Lang.EN else "rapport"
    return Path(book).with_name(f"{Path(book).stem} - {word} {month:%Y-%m}.xlsx")


def monthly_report(
    book: str | Path,
    month: str | dt.date,
    *,
    out: str | Path | None = None,
    as_of: dt.date | None = None,
    lang: Lang | str | None = None,
    today: dt.date | None = None,
    pdf: bool = False,
    source: SheetSource | None = None,
    layout: Layout | None = None,
) -> ReportResult:
    """Write the monthly report workbook for `month` ("YYYY-MM"), as of its last day or the
    as-of date D if earlier (D as in analyse); with pdf=True also a PDF through LibreOffice."""
    a = analyse(book, as_of=as_of, lang=lang, today=today, source=source, layout=layout)
    try:
        first = month if isinstance(month, dt.date) else parse_month(month)
    except ValueError as exc:
        raise ArxlError(str(exc)) from None
    if first > a.as_of:
        raise ArxlError(
            f"{first:%Y-%m} starts after the as-of date {a.as_of:%d/%m/%Y}; choose an earlier "
            "month or give a later --as-of."
        )
    ledgers = Ledgers(a.ledger.transactions, a.ledger.clients, a.settings, a.ledger.payments)
    figures = month_figures(ledgers, first, min(month_end(first), a.as_of))
    dst = Path(out) if out is not None else default_report_path(book, first, a.lang)
    if dst.resolve() == Path(book).resolve():
        raise ArxlError(f"{dst.name}: the report is a new workbook; give it another name.")
    check_not_locked(dst)
    write_workbook(dst, report.build(figures, a.settings, a.lang))
    pdf_path = None
    if pdf:
        from arxl.writers.pdf import to_pdf

        pdf_path = to_pdf(dst)
    return ReportResult(a, figures, dst, pdf_path)


# --- inside Excel ----------------------------------------------------------------------------

# What each button does after the refresh: the sheet it opens (None: stay where the owner is).
BUTTON_SHEETS = {"refresh": None, "reminders": "reminders", "report": "aged"}


def refresh_open_workbook(
    book: OpenWorkbook,
    action: str = "refresh",
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> RefreshResult:
    """What a button of the workbook does: read the workbook as last saved, compute, write
    arxl's sheets into a temporary copy with the CLI's writer, then replace arxl's sheets of
    the open workbook by those. `action` is one of BUTTON_SHEETS."""
    if action not in BUTTON_SHEETS:
        raise ArxlError(f"unknown action {action!r}; expected one of {', '.join(BUTTON_SHEETS)}")
    path = Path(book.path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ArxlError(f"{path.name}: save the workbook as .xlsm first (File > Save As).")
    previous = owned_sheet_names(path)
    with tempfile.TemporaryDirectory(prefix="arxl-") as tmp:
        out = Path(tmp) / f"arxl-{path.name}"
        result = refresh_workbook(path, out=out, today=today, progress=progress)
        if progress:
            progress("copy", 0.0)
        replace_sheets(book, out, result.sheets, previous)
    target = BUTTON_SHEETS[action]
    if target is not None:
        book.activate(result.sheets[target])
    result.path = path
    return result


def new_macro_workbook(path: str | Path, lang: Lang | str = Lang.FR) -> Path:
    """A new macro-enabled workbook (workbook_templates/arxl.xlsm in the given language)."""
    from arxl.writers.macrobook import write_macro_workbook  # XlsxWriter, only when needed

    path = Path(path)
    if path.suffix.lower() != ".xlsm":
        raise ArxlError(f"{path.name}: a workbook with buttons must be saved as .xlsm.")
    return write_macro_workbook(path, Lang(lang))


def add_buttons(book: str | Path, out: str | Path, lang: Lang | str = Lang.FR) -> AddHomeResult:
    """A button-enabled copy (.xlsm) of the owner's workbook: the home sheet first, the VBA
    project, and the Paramètres sheet when it has none (the home sheet shows its as-of date).
    When the workbook has macros of its own they are kept, and arxl.bas is written beside
    `out` for the owner to import (kept_owner_vba)."""
    from arxl.writers.addhome import add_home  # XlsxWriter, only when needed
    from arxl.writers.macrobook import macro_files

    src, dst = Path(book), Path(out)
    check_not_locked(dst)
    result = add_home(src, dst, Lang(lang))
    if not any(fold(name) in SETTINGS_SHEET_NAMES for name in _sheet_names(dst)):
        settings = settings_sheet.build(Settings(), Lang(lang))
        write_sheets(dst, dst, [], [settings])
    if result.kept_owner_vba:
        for name, text in macro_files().items():
            dst.with_name(name).write_bytes(text.encode("cp1252"))
    return result


def _sheet_names(path: Path) -> list[str]:
    return [s.name for s in Package(path).sheets()]
