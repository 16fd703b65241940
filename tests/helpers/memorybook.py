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

    def copy_sheets_in(self, source: Path, sheets: list[tuple[str, str | None]]) -> None:
        for name, after in sheets:
            self.calls.append(("copy", name, after))
            assert name not in self.sheet_names(), f"{name} copied over an existing sheet"
            index = 0 if after is None else self.sheet_names().index(after) + 1
            self.sheets.insert(index, (name, sheet_values(source, name)))

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
