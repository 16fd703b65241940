"""Opening a workbook file, with a clear error for every way it can be unusable."""

from __future__ import annotations

import codecs
import contextlib
import re
import threading
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine
from lxml import etree

from arxl.errors import (
    DamagedWorkbook,
    NotAWorkbook,
    OldXlsFormat,
    PasswordProtected,
    WorkbookNotFound,
)
from arxl.ooxml.docprops import marked
from arxl.ooxml.opc import rels_name, resolve, xml
from arxl.ooxml.workbook import is_date1904, markers, sheet_entries
from arxl.readers import pieces
from arxl.readers.formulas import Formulas, scan_formulas
from arxl.readers.text import SNIFF_LINES, decode, sniff_separator
from arxl.vocab import (
    CLIENT_SHEET_NAMES,
    LOG_SHEET_NAMES,
    SETTINGS_SHEET_NAMES,
    TRANSACTION_SHEET_NAMES,
    fold,
)
from arxl.vocab.sheet_names import CONVERTED

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
        raise _not_a_zip(path, head)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            damaged = _damaged_part(path, zf)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, zlib.error):
        raise _not_a_zip(path, _ZIP_MAGIC) from None
    if damaged is not None:
        raise damaged
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise NotAWorkbook(
                f"{path}: an OpenDocument spreadsheet (.ods); save it as .xlsx (File > Save As)."
            )
        if "xl/workbook.bin" in names:
            raise NotAWorkbook(f"{path}: a binary .xlsb workbook; save it as .xlsx in Excel.")
        raise NotAWorkbook(f"{path}: not an Excel workbook (no xl/workbook.xml inside).")


_ZIP_MAGIC = b"PK\x03\x04"


def _not_a_zip(path: Path, head: bytes) -> NotAWorkbook:
    """What a file that is no zip is, as far as its first bytes tell, and what to do."""
    if not head:
        return NotAWorkbook(f"{path}: the file is empty (0 bytes); restore it from a backup.")
    if head.startswith(_ZIP_MAGIC):
        return DamagedWorkbook(
            f"{path}: the workbook is damaged (cut short or partly copied); restore it from a "
            "backup or copy it again, or try File > Open > Open and Repair in Excel."
        )
    with path.open("rb") as fh:
        sample = fh.read(64 * 1024)
    text = _as_text(sample)
    if text is not None:
        if _looks_like_csv(text):
            return NotAWorkbook(
                f"{path}: a text file (a CSV export, it seems), not a workbook; make a workbook "
                f"of it with `arxl convert {path.name}`."
            )
        return NotAWorkbook(
            f"{path}: a text file, not an Excel workbook; open the workbook itself (.xlsx or "
            ".xlsm)."
        )
    return NotAWorkbook(
        f"{path}: not an Excel workbook (.xlsx or .xlsm); open it in Excel and save it as "
        "Excel Workbook (.xlsx)."
    )


def _as_text(sample: bytes) -> str | None:
    """The sample decoded, when it is text (no control bytes but tabs and line ends)."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return sample.decode("utf-16", errors="ignore")
        except UnicodeDecodeError:
            return None
    if re.search(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]", sample):
        return None
    text, _ = decode(sample)
    return text


def _looks_like_csv(text: str) -> bool:
    """Lines split evenly by one separator: two or more such lines, or one with 2+ separators."""
    lines = [ln for ln in text.splitlines() if ln.strip()][:SNIFF_LINES]
    if not lines:
        return False
    sep = sniff_separator(text)
    counts = [ln.count(sep) for ln in lines]
    top = max(counts)
    even = counts.count(top)
    return top > 0 and even * 2 >= len(lines) and (even >= 2 or top >= 2)


def open_workbook(path: Path) -> python_calamine.CalamineWorkbook:
    check_workbook_file(path)
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
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
        self._info: WorkbookInfo | None = None
        self._formulas: dict[str, Formulas] = {}
        self._scan: threading.Thread | None = None

    @property
    def book(self) -> python_calamine.CalamineWorkbook:
        self.wait()
        if self._book is None:
            self._book = open_workbook(self.path)
        return self._book

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names)

    def _join_scan(self) -> None:
        if self._scan is not None:
            self._scan.join()
            self._scan = None

    @property
    def info(self) -> WorkbookInfo:
        self._join_scan()  # the scan thread reads it first: not twice
        if self._info is None:
            self._info = workbook_info(self.path)
        return self._info

    def formulas(self, sheet: str) -> Formulas:
        """The sheet's formula cells without a value, and its TODAY() cells (scanned once)."""
        self._join_scan()
        got = self._formulas.get(sheet)
        if got is None:
            part = self.info.sheet_parts.get(sheet)
            got = self._formulas[sheet] = scan_formulas(self.path, part) if part else Formulas()
        return got

    def tables(self, sheet: str) -> list[python_calamine.CalamineTable]:
        """The Excel tables (ListObjects) of one sheet, in workbook order."""
        book = self.book
        out = []
        for name in book.table_names or []:
            table = book.get_table_by_name(name)
            if table.sheet == sheet:
                out.append(table)
        return out

    def release(self) -> SheetSource:
        """Forget the rows read so far (a million-row sheet as Python objects is ~0.5 GB); a
        later `rows` reads the sheet again."""
        self.wait()
        self._rows.clear()
        return self

    def rows(self, name: str) -> tuple[list[list[object]], int, int]:
        """(rows, Excel row number of rows[0], Excel column number of rows[0][0])."""
        self.wait()
        got = self._rows.get(name)
        if got is None:
            got = self._rows[name] = _sheet_rows(
                self.book, name, self.path, self.info.sheet_parts.get(name)
            )
        return got

    def prefetch(self, wanted: list[tuple[str, ...]]) -> SheetSource:
        """Load, in the background, the first sheet matching each list of folded names."""

        def work() -> None:
            try:
                book = self._book = open_workbook(self.path)
                names = _first_matches(book.sheet_names, wanted)
                parts = workbook_info(self.path).sheet_parts if names else {}
                for name in names:
                    self._rows[name] = _sheet_rows(book, name, self.path, parts.get(name))
            except BaseException as exc:  # re-raised where the rows are asked for
                self._error = exc

        def scan() -> None:  # beside the read: inflating the XML runs without the GIL
            try:
                info = self._info = workbook_info(self.path)
                for name in _first_matches(list(info.sheet_parts), wanted):
                    self._formulas[name] = scan_formulas(self.path, info.sheet_parts[name])
            except Exception:  # noqa: S110 - the reader scans again and reports properly
                pass

        self._thread = threading.Thread(target=work, name="arxl-read", daemon=True)
        self._thread.start()
        self._scan = threading.Thread(target=scan, name="arxl-scan", daemon=True)
        self._scan.start()
        return self

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            if self._error is not None:
                error, self._error = self._error, None
                raise error


def _sheet_rows(
    book: python_calamine.CalamineWorkbook, name: str, path: Path, part: str | None
) -> tuple[list[list[object]], int, int]:
    """A sheet's rows; a big one is parsed in pieces on every core (readers.pieces)."""
    with damaged_sheet(path, name):
        got = pieces.sheet_rows(path, part, name) if part else None
        if got is not None:
            return got
        sheet = book.get_sheet_by_name(name)
        start = sheet.start or (0, 0)
        return sheet.to_python(), start[0] + 1, start[1] + 1


# what a damaged part raises (flipped bytes, bad XML, a bad checksum), not a missing sheet
_DAMAGE = (
    python_calamine.XmlError,
    python_calamine.ZipError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    etree.XMLSyntaxError,
)


@contextlib.contextmanager
def damaged_sheet(path: Path, name: str) -> Iterator[None]:
    """Turn a damaged sheet's raw parser error into DamagedWorkbook, one line with the fix."""
    try:
        yield
    except _DAMAGE as exc:
        raise _damaged(path, f"the sheet '{name}'", exc) from exc
    except python_calamine.CalamineError as exc:
        if isinstance(exc, (python_calamine.WorksheetNotFound, python_calamine.PasswordError)):
            raise
        raise _damaged(path, f"the sheet '{name}'", exc) from exc


def _damaged(path: Path, what: str, exc: BaseException) -> DamagedWorkbook:
    detail = " ".join(str(exc).split())[:160]
    return DamagedWorkbook(
        f"{path.name}: the workbook is damaged ({what} cannot be read: {detail}); restore it "
        "from a backup, or try File > Open > Open and Repair in Excel and save it again."
    )


def _damaged_part(path: Path, zf: zipfile.ZipFile) -> DamagedWorkbook | None:
    """A part the writer copies as it is (styles, theme, rels...) that fails its checksum;
    sheets and shared strings are checked by the parser that reads them."""
    for info in zf.infolist():
        name = info.filename
        if name.startswith("xl/worksheets/sheet") or name == "xl/sharedStrings.xml":
            continue
        if info.file_size > _CHECKED_PART_SIZE or name.endswith("/"):
            continue
        try:
            with zf.open(info) as fh:
                while fh.read(1 << 20):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
            return _damaged(path, f"its part {name}", exc)
    return None


_CHECKED_PART_SIZE = 8 << 20


def find_sheet(sheet_names: Sequence[str], wanted: Sequence[str]) -> str | None:
    """The sheet named like the first of `wanted` that exists (any case or accents)."""
    folded = {fold(n): n for n in reversed(sheet_names)}
    for w in wanted:
        if fold(w) in folded:
            return folded[fold(w)]
    return None


def _first_matches(sheet_names: list[str], wanted: list[tuple[str, ...]]) -> list[str]:
    """find_sheet for each list of names."""
    return [n for names in wanted if (n := find_sheet(sheet_names, names)) is not None]


def prefetch(path: Path) -> SheetSource:
    """Start loading the sheets arxl reads (transactions, clients, settings) in the background."""
    return SheetSource(Path(path)).prefetch(
        [TRANSACTION_SHEET_NAMES, CLIENT_SHEET_NAMES, SETTINGS_SHEET_NAMES, LOG_SHEET_NAMES]
    )


# --------------------------------------------------------------------------------------
# What calamine does not say: the date system, sheet parts, arxl's own sheets (the workbook
# index, parsed by ooxml.workbook as the writers parse it); formulas (readers/formulas.py)
# --------------------------------------------------------------------------------------

WORKBOOK_PART = "xl/workbook.xml"


@dataclass
class WorkbookInfo:
    """The workbook-level facts the reader needs: date system, sheet parts, arxl's sheets."""

    date1904: bool = False
    sheet_parts: dict[str, str] = field(default_factory=dict)  # sheet name -> zip part
    owned: set[str] = field(default_factory=set)  # names of the sheets arxl wrote
    # key -> name of arxl's sheet for that key (`Dashboard (arxl)` beside an owner's Dashboard)
    owned_keys: dict[str, str] = field(default_factory=dict)


def made_by_convert(path: Path) -> bool:
    """Whether the workbook carries the mark of `arxl convert` (vocab.sheet_names.CONVERTED)."""
    return marked(path, CONVERTED)


def workbook_info(path: Path) -> WorkbookInfo:
    info = WorkbookInfo()
    try:
        with zipfile.ZipFile(path) as zf:
            book = xml(zf.read(WORKBOOK_PART))
            rels = xml(zf.read(rels_name(WORKBOOK_PART)))
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return info  # calamine reports unusable files with a better message
    info.date1904 = is_date1904(book)
    names = []
    for sheet in sheet_entries(book, rels):
        names.append(sheet.name or "")
        info.sheet_parts[names[-1]] = resolve(WORKBOOK_PART, sheet.target)
    for key, index in markers(book):
        if index < len(names):
            info.owned.add(names[index])
            info.owned_keys[key] = names[index]
    return info
