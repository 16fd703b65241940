"""One big sheet read by python-calamine on every core: cut into pieces of whole rows.

calamine parses a sheet in one thread (about 1 s for 100 000 transactions here) but releases
the GIL while it does. A big sheet's XML is cut at row boundaries into a few pieces; each
becomes a workbook in a temporary folder (the owner's parts copied as they are, compressed,
except the other sheets; the piece stored) that calamine parses in its own thread. The rows are then
put back together with their Excel positions, so the result is the one a whole parse gives.

Anything unusual (rows without an `r` number, prefixed elements, comments in the data, a
failed piece) makes `sheet_rows` return None and the caller parses the sheet whole.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path

import python_calamine

from arxl.ooxml.zipcopy import RawZipWriter, crc32, inflated_whole

Rows = tuple[list[list[object]], int, int]  # rows, Excel row of rows[0], column of rows[0][0]

MIN_SIZE = 4 << 20  # below this (~12 000 rows) one parse is quick enough
# The sheet's XML is held whole while the pieces are written: a full 1 048 575-row
# Transactions sheet is ~350 MB, freed before the rows are made (its refresh peaked at
# 1 293 MiB with pieces, 1 240 MiB without). A bigger sheet is parsed whole.
MAX_SIZE = 512 << 20
_ROW = re.compile(rb'<row\b[^>]*?\br="([0-9]+)"')


def piece_count() -> int:
    """One piece per core, at most four: the CLI imports pandas meanwhile, so more pieces
    than cores only add copies."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(4, cores or 1)


def sheet_rows(path: str | os.PathLike[str], part: str, name: str, pieces: int = 0) -> Rows | None:
    """The sheet's rows as `CalamineSheet.to_python` gives them, parsed in pieces; None when the
    sheet is too small or too big for it, or its XML is not the usual shape."""
    pieces = pieces or piece_count()
    if pieces < 2:
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            entries = zf.infolist()
            entry = zf.getinfo(part)
        if not MIN_SIZE <= entry.file_size <= MAX_SIZE:
            return None
        xml = inflated_whole(path, entry)
        cuts = _cuts(xml, pieces)
        if cuts is None:
            return None
        # files, not bytes: calamine reads a file-like object through Python, holding the GIL
        with tempfile.TemporaryDirectory(prefix="arxl-", ignore_cleanup_errors=True) as folder:
            books = _write_books(Path(folder), path, entries, part, xml, cuts)
            del xml
            return _parse(books, name)
    except Exception:  # a damaged zip or deflate stream: the whole parse reports it properly
        return None


def _cuts(xml: bytes, pieces: int) -> list[int] | None:
    """Where each piece's rows begin (and the last ends): positions of `<row` elements."""
    start = xml.find(b"<sheetData>")
    end = xml.rfind(b"</sheetData>")
    if start < 0 or end < start or _declares(xml, start, end):
        return None  # empty or self-closed sheetData, prefixed elements, comments or CDATA
    start += len(b"<sheetData>")
    cuts = [start]
    for k in range(1, pieces):
        at = xml.find(b"<row", start + (end - start) * k // pieces, end)
        if at < 0 or at <= cuts[-1]:
            break
        cuts.append(at)
    cuts.append(end)
    if len(cuts) < 3:
        return None
    for at in cuts[:-1]:  # every piece starts with a numbered row
        if _ROW.match(xml, at) is None:
            return None
    return cuts


def _declares(xml: bytes, start: int, end: int) -> bool:
    """Whether a comment or CDATA section (`<!`) lies between start and end. Searched by its
    rare `!`: a search for `<!` stops at every `<` of a sheet."""
    at = xml.find(b"!", start, end)
    while at >= 0:
        if xml[at - 1] == 0x3C:  # "<"
            return True
        at = xml.find(b"!", at + 1, end)
    return False


def _write_books(
    folder: Path,
    path: str | os.PathLike[str],
    entries: Sequence[zipfile.ZipInfo],
    part: str,
    xml: bytes,
    cuts: list[int],
) -> list[Path]:
    """One workbook per piece: the owner's parts but the other sheets, and the piece."""
    head, tail = memoryview(xml)[: cuts[0]], memoryview(xml)[cuts[-1] :]
    books = []
    with open(path, "rb") as src:
        for i, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)):
            books.append(folder / f"piece{i}.xlsx")
            with books[-1].open("wb") as out:
                writer = RawZipWriter(out)
                for entry in entries:
                    if entry.filename == part:
                        chunks = (head, memoryview(xml)[a:b], tail)
                        crc = 0
                        for chunk in chunks:
                            crc = crc32(chunk, crc)
                        size = sum(len(chunk) for chunk in chunks)
                        writer.add_stored(entry, crc, size, chunks)
                    elif not _other_sheet(entry.filename):
                        writer.copy(src, entry)
                writer.close()
    return books


def _other_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and "/_rels/" not in name


def _parse(books: list[Path], name: str) -> Rows | None:
    got: list[tuple[list[list[object]], tuple[int, int] | None, int] | None] = [None] * len(books)

    def work(i: int) -> None:
        book = None
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(books[i]))
            sheet = book.get_sheet_by_name(name)
            got[i] = (sheet.to_python(), sheet.start, sheet.width)
        except Exception:  # noqa: S110 - the caller parses the sheet whole and reports
            pass
        finally:
            if book is not None:
                book.close()  # Windows cannot remove an open file

    threads = [
        threading.Thread(target=work, args=(i,), name=f"arxl-read_{i}")
        for i in range(1, len(books))
    ]
    for thread in threads:
        thread.start()
    work(0)
    for thread in threads:
        thread.join()
    if any(piece is None for piece in got):
        return None
    return _joined([piece for piece in got if piece is not None])


def _joined(pieces: list[tuple[list[list[object]], tuple[int, int] | None, int]]) -> Rows:
    """The pieces' rows as one block: empty rows where a gap falls between pieces, and every
    row padded to the columns the whole sheet spans."""
    filled = [(rows, start, width) for rows, start, width in pieces if rows and start is not None]
    if not filled:
        return [], 1, 1
    first = min(start[1] for _, start, _ in filled)
    last = max(start[1] + width for _, start, width in filled)
    span = last - first
    out: list[list[object]] = []
    top = filled[0][1][0]
    for rows, (row, col), width in filled:
        out.extend([""] * span for _ in range(row - top - len(out)))
        if col == first and width == span:
            out.extend(rows)
        else:
            left, right = [""] * (col - first), [""] * (last - col - width)
            out.extend(left + r + right for r in rows)
    return out, top + 1, first + 1
