"""Opening a workbook file, with a clear error for every way it can be unusable."""

from __future__ import annotations

import zipfile
from pathlib import Path

import python_calamine

from arxl.errors import NotAWorkbook, OldXlsFormat, PasswordProtected, WorkbookNotFound

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
