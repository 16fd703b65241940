"""Write arxl's sheets into a workbook open in Excel, by copying them from a file on disk.

The sheets are first written to a temporary workbook by the same writer as the CLI
(writers/graft.py); here they replace arxl's previous sheets of the open workbook, in place,
so what the owner sees in Excel is exactly what `arxl refresh` writes. The open workbook is
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

    def copy_sheets_in(self, source: Path, sheets: list[tuple[str, str | None]]) -> None:
        """Copy each (name, after) sheet of the workbook file `source` in, in order, after the
        sheet named `after` (None: first)."""

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
    final = list(names)
    new: list[str] = []
    for key, name in written.items():
        old = previous.get(key)
        if old in final:
            final[final.index(old)] = name
        elif name in final:
            continue
        else:
            final.append(name)
        new.append(name)
    for key in written:
        if previous.get(key) in names:
            book.delete_sheet(previous[key])
    copies = []
    for name in new:
        i = final.index(name)
        copies.append((name, final[i - 1] if i else None))
    book.copy_sheets_in(source, copies)
    return new
