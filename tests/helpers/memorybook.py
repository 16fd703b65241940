"""An in-memory stand-in for a workbook open in Excel (writers.live.OpenWorkbook).

Each sheet is its name and its cell values (read with python-calamine from the file it came
from), so a test can compare what "Excel" shows with what `arxl refresh` writes. Every call is
recorded in `calls`.
"""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook


def sheet_values(book: Path, name: str) -> list[list[object]]:
    return CalamineWorkbook.from_path(str(book)).get_sheet_by_name(name).to_python()


class MemoryWorkbook:
    def __init__(self, path: Path) -> None:
        self._path = path
        names = CalamineWorkbook.from_path(str(path)).sheet_names
        self.sheets: list[tuple[str, list[list[object]]]] = [
            (name, sheet_values(path, name)) for name in names
        ]
        self.calls: list[tuple] = []
        self.active: str | None = None
        self.status_text: str | None = None
        self.statuses: list[str | None] = []
        self.messages: list[str] = []

    @property
    def path(self) -> Path:
        return self._path

    def sheet_names(self) -> list[str]:
        return [name for name, _ in self.sheets]

    def delete_sheet(self, name: str) -> None:
        self.calls.append(("delete", name))
        self.sheets = [s for s in self.sheets if s[0] != name]

    def copy_sheets_in(self, source: Path, sheets: list[tuple[str, str | None]]) -> list[str]:
        copies = []
        for name, before in sheets:
            self.calls.append(("copy", name, before))
            index = len(self.sheets) if before is None else self.sheet_names().index(before)
            copy, n = name, 1
            while copy in self.sheet_names():  # Excel's "Suivi (2)"
                n += 1
                copy = f"{name} ({n})"
            self.sheets.insert(index, (copy, sheet_values(source, name)))
            copies.append(copy)
        return copies

    def rename_sheet(self, old: str, new: str) -> None:
        self.calls.append(("rename", old, new))
        assert new not in self.sheet_names(), f"{new} renamed over an existing sheet"
        i = self.sheet_names().index(old)
        self.sheets[i] = (new, self.sheets[i][1])

    def activate(self, name: str) -> None:
        assert name in self.sheet_names()
        self.active = name

    def status(self, text: str | None) -> None:
        self.status_text = text
        self.statuses.append(text)

    def message(self, text: str) -> None:
        self.messages.append(text)

    def values(self, name: str) -> list[list[object]]:
        return dict(self.sheets)[name]
