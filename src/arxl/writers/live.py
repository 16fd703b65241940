"""Write arxl's sheets into a workbook open in Excel, by copying them from a file on disk.

The sheets are first written to a temporary workbook by the same writer as the CLI
(writers/graft.py); here they replace arxl's previous sheets of the open workbook, in place,
so what the owner sees in Excel is exactly what `arxl refresh` writes. The new sheets are
copied in first and the old ones removed after, so a failure while copying leaves the previous
sheets (the macros of macros/arxl.bas and the LibreOffice macro do the same). The open workbook is
reached through `OpenWorkbook`, a small interface: arxl.excel implements it with xlwings, the
tests with an in-memory workbook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class OpenWorkbook(Protocol):
    """What arxl needs from a workbook open in Excel."""

    @property
    def path(self) -> Path:
        """The file the workbook was last saved to."""

    def sheet_names(self) -> list[str]: ...

    def delete_sheet(self, name: str) -> None: ...

    def copy_sheets_in(self, source: Path, sheets: list[tuple[str, str | None]]) -> list[str]:
        """Copy each (name, before) sheet of the workbook file `source` in, in order, before the
        sheet named `before` (None: last); the names the copies got (a name already taken gets
        another, as Excel's "Suivi (2)"). A failure removes the copies already made."""

    def rename_sheet(self, old: str, new: str) -> None: ...

    def activate(self, name: str) -> None: ...

    def status(self, text: str | None) -> None:
        """Show text in Excel's status bar (None gives the bar back to Excel)."""

    def message(self, text: str) -> None:
        """A message box with an OK button."""


def replace_sheets(
    book: OpenWorkbook, source: Path, written: dict[str, str], previous: dict[str, str]
) -> list[str]:
    """Replace the sheets arxl wrote before (`previous`: key -> name in the open workbook) by
    those of `source` (`written`: key -> name), each where its predecessor was; a sheet of
    `source` that is new goes last, one the owner now has (a created Paramètres) is left alone.
    Returns the names copied in."""
    names = book.sheet_names()
    plan: list[tuple[str, str | None]] = []
    for key, name in written.items():
        old = previous.get(key)
        if old in names:
            plan.append((name, old))
        elif name not in names:
            plan.append((name, None))
    copies = book.copy_sheets_in(source, plan)
    for _, old in plan:
        if old is not None:
            book.delete_sheet(old)
    for (name, _), copy in zip(plan, copies, strict=True):
        if copy != name:
            book.rename_sheet(copy, name)
    return [name for name, _ in plan]
