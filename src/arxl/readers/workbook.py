"""Opening a workbook file, with a clear error for every way it can be unusable."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import python_calamine

from arxl.errors import NotAWorkbook, OldXlsFormat, PasswordProtected, WorkbookNotFound
from arxl.vocab import (
    CLIENT_SHEET_NAMES,
    LOG_SHEET_NAMES,
    SETTINGS_SHEET_NAMES,
    TRANSACTION_SHEET_NAMES,
    fold,
)

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_workbook_file(path: Path) -> None:
    """Raise a named ArxlError when the file is not an .xlsx/.xlsm arxl can read and write."""
    if not path.exists():
        raise WorkbookNotFound(f"{path}: no such file; check the path (or run `arxl init {path}`).")
    if path.is_dir():
        raise NotAWorkbook(f"{path}: is a folder, not a workbook.")
    with path.open("rb") as fh:
        head = fh.read(8)
        if head == _CFB_MAGIC:
            fh.seek(0)
            blob = fh.read(4 * 1024 * 1024)
            if "EncryptedPackage".encode("utf-16-le") in blob:
                raise PasswordProtected(
                    f"{path}: the workbook is password-protected; remove the password in Excel "
                    "(File > Info > Protect Workbook) and save it again."
                )
            raise OldXlsFormat(
                f"{path}: old Excel 97-2003 (.xls) format; save it as .xlsx in Excel (File > Save "
                "As > Excel Workbook), or run `soffice --headless --convert-to xlsx "
                f"{path.name}`."
            )
    if path.suffix.lower() == ".xls":
        raise OldXlsFormat(f"{path}: .xls files are not supported; save it as .xlsx in Excel.")
    if not zipfile.is_zipfile(path):
        raise NotAWorkbook(
            f"{path}: not an Excel workbook (.xlsx or .xlsm); open it in Excel and save it as "
            "Excel Workbook (.xlsx)."
        )
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise NotAWorkbook(
                f"{path}: an OpenDocument spreadsheet (.ods); save it as .xlsx (File > Save As)."
            )
        if "xl/workbook.bin" in names:
            raise NotAWorkbook(f"{path}: a binary .xlsb workbook; save it as .xlsx in Excel.")
        raise NotAWorkbook(f"{path}: not an Excel workbook (no xl/workbook.xml inside).")


def open_workbook(path: Path) -> python_calamine.CalamineWorkbook:
    check_workbook_file(path)
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types
        raise NotAWorkbook(f"{path}: the workbook cannot be read ({exc}).") from exc


class SheetSource:
    """A workbook's sheets as python-calamine rows, loaded once (optionally ahead of time).

    `prefetch` starts loading in a background thread: python-calamine releases the GIL while it
    parses, so the CLI imports pandas meanwhile instead of one after the other.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._book: python_calamine.CalamineWorkbook | None = None
        self._rows: dict[str, tuple[list[list[object]], int, int]] = {}
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    @property
    def book(self) -> python_calamine.CalamineWorkbook:
        self.wait()
        if self._book is None:
            self._book = open_workbook(self.path)
        return self._book

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names)

    def rows(self, name: str) -> tuple[list[list[object]], int, int]:
        """(rows, Excel row number of rows[0], Excel column number of rows[0][0])."""
        self.wait()
        got = self._rows.get(name)
        if got is None:
            sheet = self.book.get_sheet_by_name(name)
            start = sheet.start or (0, 0)
            got = self._rows[name] = (sheet.to_python(), start[0] + 1, start[1] + 1)
        return got

    def prefetch(self, wanted: list[tuple[str, ...]]) -> SheetSource:
        """Load, in the background, the first sheet matching each list of folded names."""

        def work() -> None:
            try:
                book = self._book = open_workbook(self.path)
                by_fold = {fold(n): n for n in reversed(book.sheet_names)}
                for names in wanted:
                    name = next((by_fold[fold(w)] for w in names if fold(w) in by_fold), None)
                    if name is not None:
                        sheet = book.get_sheet_by_name(name)
                        start = sheet.start or (0, 0)
                        self._rows[name] = (sheet.to_python(), start[0] + 1, start[1] + 1)
            except BaseException as exc:  # re-raised where the rows are asked for
                self._error = exc

        self._thread = threading.Thread(target=work, name="arxl-read", daemon=True)
        self._thread.start()
        return self

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            if self._error is not None:
                error, self._error = self._error, None
                raise error


def prefetch(path: Path) -> SheetSource:
    """Start loading the sheets arxl reads (transactions, clients, settings) in the background."""
    return SheetSource(Path(path)).prefetch(
        [TRANSACTION_SHEET_NAMES, CLIENT_SHEET_NAMES, SETTINGS_SHEET_NAMES, LOG_SHEET_NAMES]
    )
