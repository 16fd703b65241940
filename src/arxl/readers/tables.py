"""Find the owner's tables: which sheet, which rows, which column is which field.

Excel tables (ListObjects) are preferred when the workbook has them; otherwise the header row
is searched in the first HEADER_SEARCH_ROWS rows, starting in any column (`layout.match_headers`
says which header cell is which field). When no sheet holds a usable table, the error says what
was seen and what to add.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from arxl.errors import AmbiguousLayout, MissingColumns
from arxl.readers.layout import INVOICES, Kind, Layout, letters_to_col, match_headers
from arxl.readers.workbook import SheetSource
from arxl.vocab import WEAK_HEADERS, Field, Lang, fold

HEADER_SEARCH_ROWS = 30


@dataclass
class Found:
    """A detected table: the header cells and the data rows below them."""

    sheet: str
    columns: dict[Field, int]  # field -> index in each row
    headers: dict[Field, str]  # field -> header text as written
    rows: list[list[object]]  # data rows (raw cell values)
    first_row: int  # Excel row number of rows[0]
    first_col: int  # Excel column number of rows[i][0]
    langs: list[Lang]
    above: list[list[object]]  # the rows above the header (title, parameter block)
    table: str | None = None  # the Excel table's name, when it was one
    cache: dict[int, list[object]] = field(default_factory=dict)
    # text files: the line number of each data row (a quoted field may span lines), and the
    # day/month order of the file's dates when its columns settle it together
    row_numbers: list[int] | None = None
    month_first: bool | None = None
    header_cells: list[object] = field(default_factory=list)  # the header row, as in `rows`

    def excel_col(self, f: Field) -> int:
        return self.first_col + self.columns[f]


@dataclass
class Attempt:
    """The best header row seen in a sheet, for the error message when nothing fits."""

    sheet: str
    headers: list[str]
    missing: list[Field]


def _table_in_sheet(
    source: SheetSource, sheet: str, kind: Kind, layout: Layout
) -> tuple[Found | None, Attempt | None]:
    rows, first_row, first_col = source.rows(sheet)
    best: Attempt | None = None
    for t in source.tables(sheet):
        (r0, c0), (r1, c1) = t.start, t.end  # data area, 0-based absolute
        hr = r0 - 1 - (first_row - 1)  # header row index in `rows`
        lo, hi = c0 - (first_col - 1), c1 - (first_col - 1) + 1
        header_cells: list[object] = [""] * lo + list(t.columns)
        columns, headers, langs = match_headers(header_cells, kind, layout, first_col, lo)
        missing = kind.missing(columns)
        if missing:
            if best is None or len(missing) < len(best.missing):
                best = Attempt(sheet, list(t.columns), missing)
            continue
        data = rows[max(hr + 1, 0) : r1 - (first_row - 1) + 1]
        data = [row[:hi] for row in data]
        found = Found(
            sheet, columns, headers, data, r0 + 1, first_col, langs, rows[: max(hr, 0)], t.name
        )
        found.header_cells = header_cells
        return found, None
    return None, best


def locate(
    source: SheetSource, sheet: str, kind: Kind, layout: Layout
) -> tuple[Found | None, Attempt]:
    """The table of `kind` in one sheet: an Excel table that fits, else a header row."""
    found, attempt = _table_in_sheet(source, sheet, kind, layout)
    if found is not None:
        return found, Attempt(sheet, [], [])
    rows, first_row, first_col = source.rows(sheet)
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns, headers, langs = match_headers(row, kind, layout, first_col)
        missing = kind.missing(columns)
        if not missing:
            return (
                Found(
                    sheet,
                    columns,
                    headers,
                    rows[r + 1 :],
                    first_row + r + 1,
                    first_col,
                    langs,
                    rows[:r],
                    header_cells=list(row),
                ),
                Attempt(sheet, [], []),
            )
        texts = [str(x).strip() for x in row if isinstance(x, str) and x.strip()]
        if (
            attempt is None
            or len(missing) < len(attempt.missing)
            or (len(missing) == len(attempt.missing) and len(texts) > len(attempt.headers))
        ):
            attempt = Attempt(sheet, texts, missing)
    return None, attempt or Attempt(sheet, [], kind.missing({}))


def describe(field_: Field, kind: Kind) -> str:
    """A field as the owner would write its header: the first specific French and English;
    the first of `one_of` stands for all of them ("ID Client (Client ID) or Client (...)")."""
    fields = kind.one_of if kind.one_of and field_ is kind.one_of[0] else (field_,)
    texts = []
    for f in fields:
        fr, en = kind.headers.get(f, ((f.value,), (f.value,)))
        fr_best = next((h for h in fr if fold(h) not in WEAK_HEADERS), fr[0])
        en_best = next((h for h in en if fold(h) not in WEAK_HEADERS), en[0])
        texts.append(f"{fr_best} ({en_best})")
    return " or ".join(texts)


def missing_message(book: str, kind: Kind, attempts: list[Attempt]) -> str:
    """The error when no sheet holds a usable table: what was seen and what to add."""
    seen = "; ".join(
        f"sheet '{a.sheet}': missing required column(s) "
        f"{', '.join(describe(f, kind) for f in a.missing)} in the first {HEADER_SEARCH_ROWS} "
        f"rows; headers found: {', '.join(a.headers) or 'none'}"
        for a in attempts
    )
    fields = ", ".join(f.value for f in kind.headers)
    where = (
        ""
        if len(attempts) == 1
        else f" Name the sheet with --sheet NAME (Paramètres: 'Feuille des {kind.name_fr}')."
    )
    return (
        f"{seen or f'{book}: no sheets'}.{where} Say which column is which with --map "
        f"\"HEADER=field\" (Paramètres: 'Correspondance des colonnes'); fields: {fields}."
    )


def choose(
    source: SheetSource,
    book: str,
    kind: Kind,
    layout: Layout,
    named: Sequence[str],
    candidates: Sequence[str],
    explicit: str | None,
) -> Found | None:
    """Find the table of `kind`: in the sheet the owner named, else in a sheet with one of the
    usual names, else in the one sheet among `candidates` that has one. None when
    nothing fits and the table is optional (no named sheet, `candidates` empty)."""
    names = list(source.sheet_names)
    by_fold = {fold(n): n for n in reversed(names)}
    if explicit:
        sheet = by_fold.get(fold(explicit))
        if sheet is None:
            raise MissingColumns(
                f"{book}: no sheet named '{explicit}'; sheets found: {', '.join(names)}."
            )
        found, attempt = locate(source, sheet, kind, layout)
        if found is None:
            raise MissingColumns(missing_message(book, kind, [attempt]))
        return found
    attempts: list[Attempt] = []
    for wanted in named:
        sheet = by_fold.get(fold(wanted))
        if sheet is not None:
            found, attempt = locate(source, sheet, kind, layout)
            if found is not None:
                return found
            attempts.append(attempt)  # named so, yet not a list: look at the other sheets
            break
    hits: list[Found] = []
    tried = {a.sheet for a in attempts}
    for sheet in candidates:
        if sheet in tried:
            continue
        found, attempt = locate(source, sheet, kind, layout)
        if found is not None:
            hits.append(found)
        else:
            attempts.append(attempt)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        listed = "; ".join(f"'{h.sheet}': {', '.join(h.headers.values())}" for h in hits)
        raise AmbiguousLayout(
            f"{book}: several sheets look like lists of {kind.name_en} ({listed}); say which with "
            f"--sheet NAME or the Paramètres row 'Feuille des {kind.name_fr}'."
        )
    if kind is INVOICES or any(fold(w) in by_fold for w in named):
        raise MissingColumns(missing_message(book, kind, attempts))
    return None


AS_OF_LABELS = frozenset(
    fold(x)
    for x in (
        "Date d'analyse",
        "Date de l'analyse",
        "As of",
        "As-of date",
        "As of date",
        "Analysis date",
        "Date du jour",
        "Date de référence",
        "Date d'arrêté",
        "Arrêté au",
        "Situation au",
        "Report date",
        "Aujourd'hui",
        "Date d'aujourd'hui",
        "Today",
        "Today's date",
        "Todays date",
        "Today date",
        "Date of today",
        "Date today",
        "Current date",
        "Date courante",
    )
)


def as_of_cell(found: Found) -> tuple[int, int, object] | None:
    """The value beside (or below) a cell labelled as the analysis date above the table:
    (Excel row, Excel column, value)."""
    rows = found.above
    first_row = found.first_row - len(rows) - 1
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if not (isinstance(cell, str) and fold(cell) in AS_OF_LABELS):
                continue
            for c2 in range(c + 1, len(row)):
                if row[c2] not in ("", None):
                    return first_row + r, found.first_col + c2, row[c2]
            if r + 1 < len(rows) and c < len(rows[r + 1]) and rows[r + 1][c] not in ("", None):
                return first_row + r + 1, found.first_col + c, rows[r + 1][c]
    return None


def check_mapped(name: str, columns: Sequence[tuple[str, Field]], tables: Sequence[Found]) -> None:
    """Each of the owner's `--map HEADER=field` reads a column of the tables found, else
    MissingColumns (a misspelt header would be saved in Paramètres and silently unused)."""
    for col, f in columns:
        letter = letters_to_col(col)
        if any(
            f in t.columns
            and (fold(t.headers[f]) == fold(col) or letter == t.first_col + t.columns[f])
            for t in tables
        ):
            continue
        sheets = ", ".join(dict.fromkeys(t.sheet for t in tables))
        read = ", ".join(dict.fromkeys(h for t in tables for h in t.headers.values()))
        raise MissingColumns(
            f'{name}: --map "{col}={f.value}": no column headed "{col}" read as {f.value} in '
            f"{sheets} (the columns read: {read}). Check the header's spelling, or give the "
            f'column\'s letter (--map "G={f.value}").'
        )
