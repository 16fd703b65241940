"""arxl's sheets for an analysis: which sheets, in what order, each built as a description
(sheets/) one at a time for the writer."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from arxl.api.analysis import Analysis
from arxl.background import Pending, ahead
from arxl.memory import give_back
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
    pivot,
    reminders,
)
from arxl.reports import changes as changes_sheet
from arxl.rules import series
from arxl.rules.changes import changes, previous_as_of, read_summary, summary
from arxl.rules.credit import clients_on_hold
from arxl.rules.kpis import Kpis
from arxl.rules.monthly import (
    Ledgers,
    history_start,
    month_end_figures,
    month_series,
    with_history,
)
from arxl.rules.periods import previous_month_end
from arxl.sheets.pivot import PivotSpec
from arxl.sheets.spec import LayoutSpec, SheetSpec

# The order of arxl's sheets in a workbook where they are new (by SheetSpec key).
SHEET_ORDER = (
    "dashboard",
    "followup",
    "aged",
    "pivot",
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


def build_sheets(analysis: Analysis, past: Pending[PastFigures] | None = None) -> list:
    """The descriptions of the sheets arxl owns, in the order they are added to the workbook.
    With `past` (past_ahead, started earlier) the dashboard is built last, so that the other
    sheets are built while its month-end pictures are worked out."""
    rank = {key: i for i, key in enumerate(SHEET_ORDER)}
    last = past is not None
    found = _with_formats(analysis, _iter_sheets(analysis, past, dashboard_last=last))
    return sorted(found, key=lambda spec: rank.get(spec.key, len(rank)))


def iter_sheets(
    analysis: Analysis, past: Pending[PastFigures] | None = None, dashboard_last: bool = False
) -> Iterator[SheetSpec | LayoutSpec | PivotSpec]:
    """build_sheets one sheet at a time, the biggest first: the writer renders and deflates
    Suivi and Pénalités in other threads while the rules behind the next sheets run (the
    writer puts them in SHEET_ORDER). Every sheet gets the book's money and date formats.
    The dashboard keeps its turn (the writer numbers the styles in the order it is given the
    sheets); `past` is worked out meanwhile. `dashboard_last`: the dashboard comes after every
    other sheet instead, so that they are built and rendered while `past` is worked out (the
    styles are then numbered in that order: the same cells, other numbers)."""
    return _with_formats(analysis, _iter_sheets(analysis, past, dashboard_last=dashboard_last))


def _with_formats(
    analysis: Analysis, specs: Iterator[SheetSpec | LayoutSpec | PivotSpec]
) -> Iterator[SheetSpec | LayoutSpec | PivotSpec]:
    for spec in specs:
        if isinstance(spec, SheetSpec | LayoutSpec):
            spec.formats = analysis.formats
        yield spec


def _iter_sheets(
    analysis: Analysis, past: Pending[PastFigures] | None, dashboard_last: bool
) -> Iterator[SheetSpec | LayoutSpec | PivotSpec]:
    a = analysis
    fm = a.formats

    settled = lettrage.settled_by(a.allocation, a.lang, fm) if a.allocation is not None else None
    suivi = followup.build(a.items, a.settings, a.as_of, a.lang, settled, fm)
    yield suivi
    yield penalties.build(a.penalties, a.as_of, a.lang, fm)
    # what changed is worked out before the other sheets are built: comparing two summaries
    # of a million invoices is the refresh's largest transient allocation
    changed = _change_sheets(a) if a.credit_control else []
    give_back()
    yield from changed[1:]  # the summary of every invoice: big, rendered meanwhile too
    if not dashboard_last:
        yield _dashboard(a, past)
    known = frozenset(a.ledger.clients["client_key"].tolist())  # the listed clients
    yield aged.build(a.aged, a.settings, a.as_of, a.lang, fm, known)
    yield pivot.build(suivi, a.settings, a.as_of, a.lang, fm)  # after Suivi: it reads Suivi
    yield reminders.build(a.reminders, a.settings, a.as_of, a.lang, fm, known)
    yield issues.build(a.issues, a.as_of, a.lang, fm)
    if a.allocation is not None:
        yield lettrage.build(a.allocation, a.ledger.clients, a.as_of, a.lang, fm)
    if a.credit_control:
        weeks, portfolio = a.forecast
        yield holds.build(a.credit, a.settings, a.as_of, a.lang, fm, known)
        yield credit.build(a.credit, a.settings, a.as_of, a.lang, fm)
        yield forecast.build(weeks, portfolio, a.as_of, a.lang, fm)
        yield from changed[:1]
    if dashboard_last:
        yield _dashboard(a, past)


def _dashboard(a: Analysis, past: Pending[PastFigures] | None) -> SheetSpec | LayoutSpec:
    figures = board(a, past.result() if past is not None else None)
    give_back()  # the month-end pictures behind it are freed: their pages back to the system
    ledger = a.ledger
    sources = [ledger.clients_sheet if ledger.has_clients_sheet else "", ledger.transactions_sheet]
    sources.append(ledger.payments_sheet)
    named = tuple(dict.fromkeys(s for s in sources if s))
    return dashboard.build(figures, a.settings, a.as_of, a.lang, named, a.formats)


@dataclass(frozen=True)
class PastFigures:
    """What the dashboard shows of the ledger's past (worked out from the month-end pictures):
    the key figures at the previous month's end and how many clients were on hold then (None
    before the first document), the month-end series, the date of the first document."""

    previous: Kpis | None
    previous_on_hold: int | None
    trend: pd.DataFrame
    since: dt.date | None


# a ledger this big with payments or credit notes has its past worked out in a forked process
# while the input sheets and the other follow-up sheets are written (arxl.background)
AHEAD_ROWS = 20_000


def past_ahead(a: Analysis, processes: int = 1) -> Pending[PastFigures] | None:
    """past_figures(a), started in another process when the ledger is worth it (its cash
    application at each month end takes seconds) and this machine can (`processes`: how many
    work at once, this one among them; background.ahead); then the analysis lets its key
    book go. None: worked out here, in its turn."""
    if not _has_cash(a) or len(a.items) < AHEAD_ROWS:
        return None
    pending = ahead(past_figures, a, processes=processes)
    if not pending.forked:
        return None
    a.key_book = None  # the child has it; the pictures here would work it out again
    return pending


# A ledger with payments or credit notes and this many rows has its dashboard built after the
# other sheets, which are rendered as each is built: while another process works out its month
# ends (cash application at each of them takes seconds), which it does on a machine that can
# (past_ahead). Other books keep the dashboard in its turn: convert builds their sheets whole
# first (rendering Suivi beside the next sheets' rules adds to the peak memory, 390 MB against
# 360 MB for 200 000 invoices, for no time). A row count, not whether this machine forked: the
# workbook is the same byte for byte either way.
LATE_DASHBOARD_ROWS = 20_000


def dashboard_late(a: Analysis) -> bool:
    """Whether the dashboard is built last, its month ends being worth another process
    (LATE_DASHBOARD_ROWS)."""
    return _has_cash(a) and len(a.items) >= LATE_DASHBOARD_ROWS


def _has_cash(a: Analysis) -> bool:
    """Whether the ledger has payments or credit notes (cash application at each month end)."""
    payments = a.ledger.payments
    return payments is not None and len(payments) > 0


@contextlib.contextmanager
def past_worked_out_ahead(a: Analysis, processes: int = 1) -> Iterator[Pending[PastFigures] | None]:
    """past_ahead(a, processes) for the writing of a's sheets: the child is stopped when the
    writing fails before its result was asked for."""
    past = past_ahead(a, processes)
    try:
        yield past
    finally:
        if past is not None:
            past.cancel()


def past_figures(a: Analysis) -> PastFigures:
    """The month-end pictures of the last twelve month ends and of the previous one, worked
    out once for the DSO and CEI series."""
    ledgers = Ledgers(a.ledger.transactions, a.ledger.clients, a.settings, a.ledger.payments)
    ledgers.use(a.key_book)
    a.key_book = None  # the pictures are the last to read it: its memory goes with them
    ledgers.seed(a.as_of, a.items, a.allocation)  # the analysis's own picture of the day
    before = previous_month_end(a.as_of)
    previous = month_end_figures(ledgers, before)
    previous_on_hold = None
    if previous is not None:
        items, alloc = ledgers.picture(before)
        previous_on_hold = clients_on_hold(items, a.ledger.clients, alloc, a.settings, before)
    trend = month_series(ledgers, a.as_of)
    return PastFigures(previous, previous_on_hold, trend, history_start(ledgers))


def board(a: Analysis, past: PastFigures | None = None) -> dashboard.Board:
    """What the dashboard shows: today's figures and those of the past (past_figures)."""
    if past is None:
        past = past_figures(a)
    return dashboard.Board(
        figures=with_history(a.kpis, past.since),
        previous=past.previous,
        previous_day=previous_month_end(a.as_of),
        top=a.top_debtors,
        buckets=series.bucket_totals(a.aged, a.settings),
        months=a.months,
        trend=past.trend,
        holds=a.holds,
        previous_on_hold=past.previous_on_hold,
        weeks=a.forecast[0],
        credits=float(a.aged["credits"].sum()),
        holds_sheet=a.credit_control,
        listed=frozenset(a.ledger.clients["client_key"].tolist()),
    )


def sheet_keys(a: Analysis) -> list[str]:
    """The keys of the sheets iter_sheets yields for this analysis, in SHEET_ORDER."""
    keys = {"dashboard", "followup", "aged", "pivot", "reminders", "penalties", "issues"}
    if a.allocation is not None:
        keys.add("lettrage")
    if a.credit_control:
        keys |= {"holds", "credit", "forecast", "changes", "state"}
    return [key for key in SHEET_ORDER if key in keys]


def _change_sheets(a: Analysis) -> list:
    """Quoi de neuf against the summary the previous refresh left, and this run's summary."""
    state = summary(a.items, a.allocation, a.reminders, a.credit, a.as_of)
    previous = read_summary(a.ledger.settings_values.get("previous_state"))
    found = changes(previous, state) if previous is not None else None
    since = previous_as_of(previous) if previous is not None else None
    return [
        changes_sheet.build(found, since, a.ledger.clients, a.settings, a.as_of, a.lang, a.formats),
        changes_sheet.build_state(state, a.lang),
    ]
