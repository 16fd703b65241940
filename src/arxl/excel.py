"""The optional xlwings bridge: `run`, for workbooks whose macros call xlwings' RunPython
(`pip install "arxl[excel]"`), and the xlwings side of writers.live.OpenWorkbook. The buttons
of the workbooks arxl makes need none of it: they run `arxl excel run` (arxl.cli.excel).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from arxl.api import OpenWorkbook
from arxl.errors import ArxlError
from arxl.progress import STAGES

STAGES_EXCEL = {**STAGES, "copy": (1.0, 1.0, "Copie des feuilles / copying the sheets")}


def run(action: str = "refresh", book: OpenWorkbook | None = None) -> None:
    """What a button runs: refresh (then open the sheet of `action`) the workbook that called.
    Progress goes to the status bar, a failure to a message box with its one-line reason."""
    book = book or XlwingsWorkbook.caller()
    from arxl import api

    def progress(stage: str, fraction: float) -> None:
        lo, hi, label = STAGES_EXCEL.get(stage, (0.0, 1.0, stage))
        book.status(f"arxl — {label} {round(100 * (lo + (hi - lo) * fraction))} %")

    try:
        result = api.refresh_open_workbook(book, action, today=dt.date.today(), progress=progress)
    except ArxlError as exc:
        book.status(None)
        book.message(f"arxl : {exc}")
        return
    except Exception as exc:  # a button must never end on a traceback
        book.status(None)
        book.message(f"arxl : {type(exc).__name__}: {exc}")
        return
    a = result.analysis
    book.status(
        f"arxl — {a.as_of:%d/%m/%Y} : {len(a.items)} transactions, {a.to_remind} "
        f"à relancer / to remind, {len(a.issues)} anomalie(s) / issue(s)."
    )


def refresh() -> None:
    run("refresh")


def reminders() -> None:
    run("reminders")


def report() -> None:
    run("report")


class XlwingsWorkbook:
    """writers.live.OpenWorkbook over an xlwings Book (Windows or macOS, Excel running)."""

    def __init__(self, book: Any) -> None:
        self.book = book

    @classmethod
    def caller(cls) -> XlwingsWorkbook:
        import xlwings as xw

        return cls(xw.Book.caller())

    @property
    def path(self) -> Path:
        return Path(self.book.fullname)

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def delete_sheet(self, name: str) -> None:
        self.book.sheets[name].delete()

    def copy_sheets_in(self, source: Path, sheets: list[tuple[str, str | None]]) -> list[str]:
        app = self.book.app
        alerts, updating = app.display_alerts, app.screen_updating
        app.display_alerts, app.screen_updating = False, False
        src = app.books.open(str(source), update_links=False, read_only=True)
        copies: list[str] = []
        try:
            for name, before in sheets:
                target = self.book.sheets
                if before is None:
                    copy = src.sheets[name].copy(after=target[len(target) - 1])
                else:
                    copy = src.sheets[name].copy(before=target[before])
                copies.append(copy.name)
        except Exception:
            for name in copies:
                self.book.sheets[name].delete()
            raise
        finally:
            src.close()
            app.display_alerts, app.screen_updating = alerts, updating
        return copies

    def rename_sheet(self, old: str, new: str) -> None:
        self.book.sheets[old].name = new

    def activate(self, name: str) -> None:
        self.book.sheets[name].activate()

    def status(self, text: str | None) -> None:
        self.book.app.status_bar = text if text is not None else False

    def message(self, text: str) -> None:
        self.book.app.alert(text, title="arxl")
