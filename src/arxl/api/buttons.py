"""Inside Excel: what the workbook's buttons run, and the button-enabled (.xlsm) workbooks."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from arxl.api.analysis import Progress
from arxl.api.refresh import RefreshResult, refresh_workbook
from arxl.errors import ArxlError
from arxl.reports import settings_sheet
from arxl.settings import Settings
from arxl.vocab import SETTINGS_SHEET_NAMES, Lang, fold
from arxl.writers.graft import Package, check_not_locked, owned_sheet_names, write_sheets
from arxl.writers.live import OpenWorkbook, replace_sheets

if TYPE_CHECKING:
    from arxl.writers.addhome import AddHomeResult


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
    from arxl.writers.macrobook import macro_source

    src, dst = Path(book), Path(out)
    check_not_locked(dst)
    result = add_home(src, dst, Lang(lang))
    if not any(fold(name) in SETTINGS_SHEET_NAMES for name in _sheet_names(dst)):
        settings = settings_sheet.build(Settings(), Lang(lang))
        write_sheets(dst, dst, [], [settings])
    if result.kept_owner_vba:
        dst.with_name("arxl.bas").write_bytes(macro_source().encode("cp1252"))
    return result


def _sheet_names(path: Path) -> list[str]:
    return [s.name for s in Package(path).sheets()]
