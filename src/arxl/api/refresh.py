"""Refreshing a workbook: the analysis written into the owner's book as arxl's sheets, and
what the owner said about its layout kept in Paramètres. The rows the owner validated in
Rapprochement are posted to Paiements first (api.bank_posting), then applied."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from arxl.api import bank_posting
from arxl.api.analysis import Analysis, Progress, analyse
from arxl.api.owned_sheets import (
    SHEET_ORDER,
    dashboard_late,
    iter_sheets,
    past_worked_out_ahead,
    sheet_keys,
)
from arxl.errors import ArxlError
from arxl.model import Issue
from arxl.readers.layout import Layout, column_map_text, status_map_text
from arxl.readers.workbook import SheetSource
from arxl.reports import reconciliation as recon
from arxl.reports import settings_sheet
from arxl.settings import LAYOUT_SETTING_ROWS, SETTING_ROWS, setting_for_label
from arxl.sheets.spec import Kind as CellKind
from arxl.vocab import Lang, sheet_name
from arxl.writers.append import set_cells
from arxl.writers.graft import (
    WriteResult,
    check_not_locked,
    check_overwrite,
    plan_sheet_names,
    write_sheets,
)
from arxl.writers.guard import Identity, book_lock, check_unchanged, remove_stale_temps
from arxl.writers.names import moved_message


@dataclass
class RefreshResult:
    analysis: Analysis
    path: Path
    owned_parts: set[str]
    sheets: dict[str, str]
    kept: list[str] = field(default_factory=list)  # Paramètres rows that now hold the options
    cleaned: list[str] = field(default_factory=list)  # stale temporary files removed
    # the Rapprochement rows the owner validated, posted to Paiements before this refresh
    posting: bank_posting.Posting | None = None
    # the owner's sheets the refresh wrote into (Paiements when rows were posted to it)
    owner_sheets: list[str] = field(default_factory=list)


def _free_names(a: Analysis, book: Path) -> dict[str, str]:
    """key -> the name each sheet is written under in `book`: arxl's usual name, or a free one
    beside an owner's sheet of that name (`Dashboard (arxl)`), which Anomalies then notes."""
    plan = plan_sheet_names(book, {key: sheet_name(key, a.lang) for key in sheet_keys(a)})
    a.naming_issues = [
        Issue(owner, None, "", chosen, *moved_message(owner, chosen))
        for owner, chosen in plan.moved.values()
    ]
    return plan.names


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
    issues: Sequence[Issue] = (),
) -> RefreshResult:
    """Apply the rules and write the follow-up sheets into the workbook (or into `out`). What
    `layout` says (the CLI's --sheet, --map, --clients, --status) is written into Paramètres,
    so that every later command and button reads the book the same way.

    Nothing is replaced that arxl was not asked to replace: an existing `out` that is not
    arxl's output of the book, a read-only file, a workbook open in Excel or LibreOffice
    (`force` says yes to the first and to a stale lock), or a book saved by another program
    while arxl worked (`read_as`: the book's guard.stamp taken when its reading started, when
    that was before this call, as the CLI's prefetch). `issues`: problems a job found outside
    the book (a bank statement's lines), listed in Anomalies with the book's own."""
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
        job = _Job(as_of, lang, today, progress, layout, list(issues))
        result = _refresh(src, dst, job, source, before)
    result.cleaned = cleaned
    return result


@dataclass
class _Job:
    """What the refresh was asked: the same for the book and for its copy with rows posted."""

    as_of: dt.date | None
    lang: Lang | str | None
    today: dt.date | None
    progress: Progress | None
    layout: Layout | None
    issues: list[Issue]

    def analyse(self, book: Path, source: SheetSource | None) -> Analysis:
        return analyse(
            book,
            as_of=self.as_of,
            lang=self.lang,
            today=self.today,
            progress=self.progress,
            source=source,
            layout=self.layout,
        )


def _refresh(
    src: Path, dst: Path, job: _Job, source: SheetSource | None, before: Identity | None
) -> RefreshResult:
    """Post what the owner validated in Rapprochement (into a copy beside dst, analysed again
    with the new Paiements rows), then write arxl's sheets. A book without Rapprochement, or
    where nothing was decided since, is written exactly as before."""
    if (src.suffix.lower() == ".xlsm") != (dst.suffix.lower() == ".xlsm"):
        raise ArxlError(
            f"{dst.name}: the output must keep the {src.suffix} extension of {src.name} "
            "(Excel refuses a macro workbook saved as .xlsx and the reverse)."
        )
    analysis = job.analyse(src, source)
    day = job.today or dt.date.today()
    posting = bank_posting.pending(src, source, analysis, day) if src.exists() else None
    if posting is None or not posting.changed:
        analysis.job_issues = job.issues + (posting.issues if posting else [])
        result = _write(src, dst, analysis, job, before, dst.parent)
        result.posting = posting
        return result
    source = source if source is not None else SheetSource(src)  # the owner's Paiements
    with tempfile.TemporaryDirectory(dir=dst.parent, prefix=".arxl-post-") as tmp:
        work = Path(tmp) / f"book{src.suffix}"
        name, payments = bank_posting.write_book(
            src, work, posting.rows, posting.to_post, analysis, source, posting.issues
        )
        posted = job.analyse(work, None)
        posted.job_issues = job.issues + posting.issues
        result = _write(work, work, posted, job, None, dst.parent)
        if before is not None:
            check_unchanged(src, before)
        os.replace(work, dst)
    result.path = dst
    result.posting = posting
    result.sheets.setdefault(recon.KEY, name)
    if len(posting.to_post):
        result.owner_sheets.append(payments)
    return result


def _write(
    src: Path, dst: Path, analysis: Analysis, job: _Job, before: Identity | None, folder: Path
) -> RefreshResult:
    """arxl's sheets of `analysis` (of src) into dst; `folder`: where the book lives."""
    progress = job.progress
    said = layout_settings(analysis, job.layout or Layout(), folder)
    create = (
        []
        if analysis.ledger.settings_sheet
        else [settings_sheet.build(analysis.settings.replace(**said), analysis.lang)]
    )
    names = _free_names(analysis, src)
    # a big ledger's month-end pictures are worked out by another process meanwhile
    with past_worked_out_ahead(analysis) as past:
        written: WriteResult = write_sheets(
            src,
            dst,
            iter_sheets(analysis, past, dashboard_last=dashboard_late(analysis)),
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
