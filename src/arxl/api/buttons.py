"""Inside the spreadsheet: what the workbook's buttons run, and the button-enabled (.xlsm)
workbooks.

A button's macro (VBA in Excel, Python-UNO in LibreOffice) saves the workbook and runs
`arxl excel run ACTION BOOK`; `run_button` reads the saved file and writes arxl's sheets into
a copy in a work folder the macro chose, never into BOOK (the spreadsheet has it open). The
plan says which sheet of the copy replaces which sheet of the open book; the macro copies the
new ones in first and removes the old ones after, so a failure part-way leaves the previous
sheets. `result_text` is the answer the macro reads. `refresh_open_workbook` is the same job
for the optional xlwings bridge (arxl.excel.run).

The bank button runs `bank` with the statement files the owner chose: arxl bank into the copy
(api.bank), whose Rapprochement, Paiements and refreshed sheets come into the open book.

The reminders button runs `remind-plan`: drafts beside the book, or, when Paramètres names an
SMTP server, a question (how many messages, to whom) and no change; on yes the macro runs
`remind-send`, which sends and logs into the copy, whose sheets come into the open book as a
refresh's do (api.remindbutton).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from arxl.api.actions import ACTIONS, escape
from arxl.api.analysis import Analysis, Progress
from arxl.api.bank import bank_import
from arxl.api.refresh import RefreshResult, refresh_workbook
from arxl.api.remind import remind
from arxl.api.remindbutton import log_sheet, plan_sending, send_confirmed, sent_message, smtp_wanted
from arxl.api.report import monthly_report
from arxl.errors import ArxlError
from arxl.reports import reconciliation as recon
from arxl.reports import settings_sheet
from arxl.settings import Settings
from arxl.vocab import SETTINGS_SHEET_NAMES, Lang, fold, sheet_name, t
from arxl.writers.graft import Package, check_not_locked, owned_sheet_names, write_sheets
from arxl.writers.live import OpenWorkbook, replace_sheets

if TYPE_CHECKING:
    from arxl.writers.addhome import AddHomeResult


RESULT_HEADER = "arxl-result\t1"


@dataclass
class ButtonResult:
    """What the macro does once arxl has run: copy `sheets` of `copy` in, then show `activate`,
    open `open_path` (a workbook) or `folder` (a folder), and say `message`. With `confirm`, it
    first asks that yes/no question, and on yes runs action `then` with `--plan token`."""

    message: str
    copy: Path | None = None
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (name in copy, old name or "")
    activate: str = ""
    open_path: Path | None = None
    folder: Path | None = None
    confirm: str = ""
    then: str = ""
    token: str = ""
    analysis: Analysis | None = field(default=None, repr=False)


def run_button(
    book: str | Path,
    action: str,
    work: str | Path,
    *,
    month: str | None = None,
    plan: str | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    environ: Mapping[str, str] | None = None,
    statements: Sequence[str | Path] = (),
) -> ButtonResult:
    """Run one button's job on the workbook as last saved; arxl's sheets go to a copy in `work`.
    `plan` is the token of the sending the owner confirmed (remind-send); `statements` the
    bank statement files the owner chose (bank)."""
    if action not in ACTIONS:
        raise ArxlError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
    path = Path(book)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ArxlError(
            f"{path.name} : enregistrez d'abord le classeur au format .xlsm / save the "
            "workbook as .xlsm first."
        )
    if not path.is_file():
        raise ArxlError(f"{path}: no such workbook (save it first).")
    if action == "drafts":
        return _drafts_folder(path)
    if action == "report":
        if not month:
            raise ArxlError("the monthly report needs a month (YYYY-MM).")
        report = monthly_report(path, month, today=today)
        lang = report.analysis.lang
        return ButtonResult(
            t(
                f"Rapport de {report.figures.first:%m/%Y} écrit : {report.path.name}",
                f"Report for {report.figures.first:%Y-%m} written: {report.path.name}",
                lang,
            ),
            open_path=report.path,
        )
    env = os.environ if environ is None else environ
    if action == "bank":
        return _bank(path, Path(work), statements, today)
    if action == "remind-send":
        return _send(path, Path(work), plan or "", today, env)
    result = refresh_into_copy(path, Path(work), today=today, progress=progress)
    assert result.analysis is not None
    if action == "remind-plan" and smtp_wanted(result.analysis.settings, env):
        asked = plan_sending(path, Path(work), today=today, environ=env)
        if asked is not None:
            return ButtonResult(
                asked.question, confirm=asked.question, then="remind-send", token=asked.token
            )
    if action in ("reminders", "remind-plan"):
        done = remind(path, today=today)
        lang = done.analysis.lang
        result.activate = sheet_name("reminders", lang)
        result.folder = done.out_dir
        result.message = t(
            f"{len(done.drafts)} brouillon(s) de relance dans {done.out_dir.name}.",
            f"{len(done.drafts)} reminder draft(s) in {done.out_dir.name}.",
            lang,
        )
    return result


def refresh_into_copy(
    book: Path,
    work: Path,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    source: Path | None = None,
) -> ButtonResult:
    """Refresh `book` (or `source`, a copy of it with rows added) into a copy in `work` and
    plan the replacement of arxl's sheets of the book."""
    work.mkdir(parents=True, exist_ok=True)
    copy = work / f"arxl-{book.name}"
    copy.unlink(missing_ok=True)
    result = refresh_workbook(source or book, out=copy, today=today, progress=progress, force=True)
    sheets = _plan(book, result.sheets, result.owner_sheets)
    a = result.analysis
    message = t(
        f"Situation au {a.as_of:%d/%m/%Y} : {len(a.items)} transactions, "
        f"{a.to_remind} à relancer, {len(a.issues)} anomalie(s).",
        f"As of {a.as_of:%Y-%m-%d}: {len(a.items)} transactions, {a.to_remind} "
        f"to remind, {len(a.issues)} issue(s).",
        a.lang,
    )
    return ButtonResult(message, copy=copy, sheets=sheets, analysis=a)


def _plan(book: Path, written: dict[str, str], owner_sheets: list[str]) -> list[tuple[str, str]]:
    """(name in the copy, name it replaces in the book or "") of each sheet to bring in: arxl's
    sheets `written` (key -> name), and `owner_sheets` the job wrote into (Paiements)."""
    previous = owned_sheet_names(book)
    names = _sheet_names(book)
    sheets = []
    for key, name in written.items():
        old = previous.get(key, "")
        if old in names:
            sheets.append((name, old))
        elif name not in names:  # a sheet the owner has under that name is left alone
            sheets.append((name, ""))
    for name in owner_sheets:  # Paiements, when validated bank rows were posted to it
        if name and all(name != new for new, _ in sheets):
            sheets.append((name, name if name in names else ""))
    return sheets


def _bank(
    book: Path, work: Path, statements: Sequence[str | Path], today: dt.date | None
) -> ButtonResult:
    """arxl bank with the statements chosen, into a copy: Rapprochement (shown), Paiements and
    the refreshed sheets replace the open book's."""
    work.mkdir(parents=True, exist_ok=True)
    copy = work / f"arxl-{book.name}"
    copy.unlink(missing_ok=True)
    done = bank_import(book, statements, today=today, out=copy)
    written = {recon.KEY: done.sheet}
    if done.refreshed is not None:
        written |= done.refreshed.sheets
    n, lang = done.tally, Lang.EN if done.sheet == recon.NAMES[1] else Lang.FR
    message = t(
        f"Relevés : {n.lines} lignes, {n.credits} crédits nouveaux ({n.sure} sûrs, "
        f"{n.proposed} proposés, {n.identify} à identifier), {n.duplicates} déjà importés, "
        f"{n.unreadable} illisibles ; {n.posted + n.auto} reportés dans Paiements. Tapez x "
        "dans Valider puis actualisez.",
        f"Statements: {n.lines} lines, {n.credits} new credits ({n.sure} sure, {n.proposed} "
        f"proposed, {n.identify} to identify), {n.duplicates} already imported, "
        f"{n.unreadable} unreadable; {n.posted + n.auto} posted to Payments. Type x in "
        "Confirm, then refresh.",
        lang,
    )
    return ButtonResult(
        message,
        copy=copy,
        sheets=_plan(book, written, [done.payments_sheet]),
        activate=done.sheet,
    )


def _send(
    book: Path, work: Path, token: str, today: dt.date | None, env: Mapping[str, str]
) -> ButtonResult:
    """Send the confirmed reminders, log them into a copy of the book, refresh that copy: its
    sheets and the log's replace the open book's."""
    work.mkdir(parents=True, exist_ok=True)
    logged = work / f"log-{book.name}"
    shutil.copyfile(book, logged)
    done = send_confirmed(book, work, logged, token, today=today, environ=env)
    result = refresh_into_copy(book, work, today=today, source=logged)
    name = log_sheet(done)
    if done.logged and all(name != new for new, _ in result.sheets):
        result.sheets.append((name, name if name in _sheet_names(book) else ""))
    result.activate = sheet_name("reminders", done.analysis.lang)
    result.folder = done.out_dir
    result.message = sent_message(done)
    return result


def _drafts_folder(book: Path) -> ButtonResult:
    """The newest folder of reminder drafts beside the book (remind's BOOK-relances-DATE)."""
    folders = sorted(p for p in book.parent.glob(f"{book.stem}-relances-*") if p.is_dir())
    if not folders:
        raise ArxlError(
            f"{book.stem}-relances-… : aucun dossier de relances à côté du classeur ; "
            "cliquez d'abord sur « Préparer les relances » / no reminder drafts yet: click "
            "'Prepare the reminders' first."
        )
    return ButtonResult(folders[-1].name, folder=folders[-1])


def default_month(today: dt.date) -> str:
    """The month the report button proposes: the previous one."""
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


def result_text(result: ButtonResult | None, error: str = "") -> str:
    """The result file of `arxl excel run`: what the macro applies, or the one message."""
    rows: list[tuple[str, ...]] = []
    if result is None:
        rows += [("status", "error"), ("message", error)]
    else:
        rows += [("status", "ok"), ("message", result.message)]
        if result.copy is not None:
            rows.append(("copy", str(result.copy)))
        rows += [("sheet", name, old) for name, old in result.sheets]
        if result.activate:
            rows.append(("activate", result.activate))
        if result.open_path is not None:
            rows.append(("open", str(result.open_path)))
        if result.folder is not None:
            rows.append(("folder", str(result.folder)))
        if result.confirm:
            rows += [("confirm", result.confirm), ("then", result.then), ("plan", result.token)]
    lines = [RESULT_HEADER] + ["\t".join(escape(v) for v in row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


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
        owners = {f"owner:{name}": name for name in result.owner_sheets}  # Paiements, posted to
        replace_sheets(book, out, result.sheets | owners, previous | owners)
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


def book_lang(book: str | Path) -> Lang:
    """The language of a workbook's headers (as every command reads it), French when it cannot
    be read."""
    from arxl.readers.xlsx import read_ledger

    try:
        return read_ledger(Path(book)).lang
    except Exception:  # noqa: BLE001 - any unreadable book: the buttons in French, as before
        return Lang.FR


def add_buttons(book: str | Path, out: str | Path, lang: Lang | str | None = None) -> AddHomeResult:
    """A button-enabled copy (.xlsm) of the owner's workbook: the home sheet first, the VBA
    project, and the Paramètres sheet when it has none (the home sheet shows its as-of date).
    When the workbook has macros of its own they are kept, and arxl.bas and arxlMac.bas are
    written beside `out` for the owner to import (kept_owner_vba)."""
    from arxl.writers.addhome import add_home  # XlsxWriter, only when needed
    from arxl.writers.macrobook import macro_files

    src, dst = Path(book), Path(out)
    check_not_locked(dst)
    lang = Lang(lang) if lang is not None else book_lang(src)
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
