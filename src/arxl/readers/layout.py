"""Find the owner's tables: which sheet, which rows, which column is which field.

Excel tables (ListObjects) are preferred when the workbook has them; otherwise the header row
is searched in the first HEADER_SEARCH_ROWS rows, starting in any column. What detection cannot
guess, the owner says with `Layout` (CLI options `--sheet`, `--map`, `--clients`, or the
Paramètres rows `Feuille des factures`, `Feuille des clients`, `Correspondance des colonnes`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from arxl.errors import AmbiguousLayout, MissingColumns, UnknownField
from arxl.readers.workbook import SheetSource
from arxl.vocab import (
    CLIENT_HEADERS,
    PAYMENT_HEADERS,
    SECONDARY_HEADERS,
    TRANSACTION_CASH_HEADERS,
    TRANSACTION_EXTRA_HEADERS,
    TRANSACTION_HEADERS,
    WEAK_HEADERS,
    Field,
    Lang,
    fold,
)

HEADER_SEARCH_ROWS = 30

Headers = dict[Field, tuple[tuple[str, ...], tuple[str, ...]]]


@dataclass(frozen=True)
class Layout:
    """What the owner says about the workbook's shape; None/empty: detect."""

    sheet: str | None = None  # the invoice sheet
    clients_sheet: str | None = None
    clients_book: Path | None = None  # clients kept in another workbook
    columns: tuple[tuple[str, Field], ...] = ()  # header text (or column letter) -> field

    def merged(self, other: Layout) -> Layout:
        """This layout, completed by `other` where this one says nothing."""
        return Layout(
            self.sheet or other.sheet,
            self.clients_sheet or other.clients_sheet,
            self.clients_book or other.clients_book,
            self.columns + tuple(c for c in other.columns if c[0] not in dict(self.columns)),
        )


@dataclass(frozen=True)
class Kind:
    """The fields of one kind of table (invoices or clients) and what makes it usable."""

    name_fr: str
    name_en: str
    headers: Headers
    required: tuple[Field, ...]  # all of them
    one_of: tuple[Field, ...]  # at least one of them
    extra: Headers = field(default_factory=dict)  # recognised, never required nor listed
    secondary: bool = False  # leftover "Description"/"Référence" columns get SECONDARY_HEADERS

    @property
    def all_headers(self) -> Headers:
        return {**self.headers, **self.extra}

    def missing(self, columns: dict[Field, int]) -> list[Field]:
        out = [f for f in self.required if f not in columns]
        if self.one_of and not any(f in columns for f in self.one_of):
            out.append(self.one_of[0])
        return out


INVOICES = Kind(
    "factures",
    "invoices",
    {**TRANSACTION_HEADERS, **TRANSACTION_EXTRA_HEADERS},
    (Field.DATE, Field.INVOICE, Field.AMOUNT),
    (Field.CLIENT_ID, Field.NAME),
    TRANSACTION_CASH_HEADERS,
    secondary=True,
)
CLIENTS = Kind("clients", "clients", CLIENT_HEADERS, (), (Field.CLIENT_ID, Field.NAME))
PAYMENTS = Kind("paiements", "payments", PAYMENT_HEADERS, (Field.DATE, Field.AMOUNT), ())


def _index(headers: Headers) -> dict[str, tuple[Field, set[Lang]]]:
    out: dict[str, tuple[Field, set[Lang]]] = {}
    for f, (fr, en) in headers.items():
        for lang, words in ((Lang.FR, fr), (Lang.EN, en)):
            for w in words:
                key = fold(w)
                if key in out and out[key][0] is not f:
                    continue
                out.setdefault(key, (f, set()))[1].add(lang)
    return out


_INDEXES: dict[int, dict[str, tuple[Field, set[Lang]]]] = {}


def _index_of(kind: Kind) -> dict[str, tuple[Field, set[Lang]]]:
    got = _INDEXES.get(id(kind))
    if got is None:
        got = _INDEXES[id(kind)] = _index(kind.all_headers)
    return got


def field_names() -> str:
    return ", ".join(f.value for f in Field)


def parse_field(text: str) -> Field:
    """A field named by its key (`due_date`) or by any of its header synonyms (`Échéance`)."""
    key = fold(text)
    for f in Field:
        if fold(f.value) == key:
            return f
    for kind in (INVOICES, CLIENTS):
        hit = _index_of(kind).get(key)
        if hit is not None:
            return hit[0]
    raise UnknownField(f"unknown field '{text}'; use one of: {field_names()}.")


def parse_map(items: Sequence[str]) -> tuple[tuple[str, Field], ...]:
    """`COLUMN=field` items (CLI `--map`, or `;`-separated in Paramètres) -> pairs."""
    out = []
    for item in items:
        for part in re.split(r"[;\n]", item):
            if not part.strip():
                continue
            column, sep, name = part.rpartition("=")
            if not sep or not column.strip() or not name.strip():
                raise UnknownField(
                    f"'{part.strip()}' is not COLUMN=field (for example \"Due by=due_date\")."
                )
            out.append((column.strip(), parse_field(name.strip())))
    return tuple(out)


def _letters_to_col(text: str) -> int | None:
    if not re.fullmatch(r"[A-Za-z]{1,3}", text):
        return None
    n = 0
    for ch in text.upper():
        n = n * 26 + ord(ch) - 64
    return n


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

    def excel_col(self, f: Field) -> int:
        return self.first_col + self.columns[f]


def match_headers(
    cells: Sequence[object], kind: Kind, layout: Layout, first_col: int, lo: int = 0
) -> tuple[dict[Field, int], dict[Field, str], list[Lang]]:
    """Which cell of a header row is which field: the owner's mapping first, then synonyms,
    a specific header winning over a generic one, the leftmost among equals."""
    index = _index_of(kind)
    columns: dict[Field, int] = {}
    headers: dict[Field, str] = {}
    langs: list[Lang] = []
    forced = {fold(col): f for col, f in layout.columns}
    taken: set[int] = set()
    for c, cell in enumerate(cells):
        if c < lo or not isinstance(cell, str) or not cell.strip():
            continue
        f = forced.get(fold(cell))
        if f is not None and f in kind.all_headers and f not in columns:
            columns[f], headers[f] = c, cell.strip()
            taken.add(c)
    for col, f in layout.columns:  # by column letter, when no header has that text
        n = _letters_to_col(col)
        c = n - first_col if n is not None else -1
        if fold(col) in {fold(x) for x in cells if isinstance(x, str)} or f in columns:
            continue
        if lo <= c < len(cells) and f in kind.all_headers:
            columns[f], headers[f] = c, str(cells[c]).strip()
            taken.add(c)
    forced_fields = set(columns)
    weak: set[Field] = set()
    for c, cell in enumerate(cells):
        if c < lo or c in taken or not isinstance(cell, str):
            continue
        key = fold(cell)
        hit = index.get(key)
        if hit is None or hit[0] in forced_fields:
            continue
        f, is_weak = hit[0], key in WEAK_HEADERS
        if f in columns and (is_weak or f not in weak):
            continue  # keep the first, unless it was generic and this one is specific
        columns[f], headers[f] = c, cell.strip()
        weak.discard(f)
        if is_weak:
            weak.add(f)
        if len(hit[1]) == 1:
            langs.extend(hit[1])
    if kind.secondary:
        used = set(columns.values())
        for c, cell in enumerate(cells):
            if c < lo or c in used or not isinstance(cell, str):
                continue
            f = SECONDARY_HEADERS.get(fold(cell))
            if f is not None and f not in columns:
                columns[f], headers[f] = c, cell.strip()
    return columns, headers, langs


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
        return (
            Found(
                sheet, columns, headers, data, r0 + 1, first_col, langs, rows[: max(hr, 0)], t.name
            ),
            None,
        )
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
        "Today",
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
