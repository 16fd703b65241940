"""A sheet described as data: columns, values, formats and colours. Writers render it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd
import pyarrow as pa

from arxl.formats import FR_FORMATS, Formats


def text_data(column: pd.Series) -> Sequence[object]:
    """A text column's cells for a SheetSpec without a Python string per cell: the Arrow array
    (or chunked array) behind a pandas str column (a list for any other column)."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        return pa.array(column)  # chunked when the column was built by concatenation
    return column.tolist()


def recode(column: pd.Series, table: Mapping[object, object], default: object) -> np.ndarray:
    """Each value of a column of few distinct values (statuses, buckets) looked up in `table`
    (`default` for the others and blanks), once per distinct value: an object array sharing
    the table's values, without a Python object per row."""
    codes, uniques = pd.factorize(column)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[:-1] = [table.get(u, default) for u in uniques]
    mapped[-1] = default  # code -1: a blank
    return mapped[codes]


def as_list(values: Sequence[object]) -> Sequence[object]:
    """Cells as Python values, whether the column is a list, a numpy array or an Arrow array."""
    return values.to_pylist() if isinstance(values, pa.Array | pa.ChunkedArray) else values


class Kind(StrEnum):
    """How a column's values are stored and formatted."""

    TEXT = "text"
    DATE = "date"  # datetime64 / date values, shown in the book's date format (Formats)
    MONEY = "money"  # floats, shown with two decimals and the book's currency (Formats)
    INT = "int"
    NUMBER = "number"  # general number
    PERCENT = "percent"  # a fraction (0.1315), shown 13,15 %
    DAYS = "days"  # a number of days with one decimal


class Tone(StrEnum):
    """Row colours, by status and lateness (see writers/styles.py for the palette)."""

    PLAIN = "plain"
    PAID = "paid"
    CURRENT = "current"
    LATE_1 = "late1"
    LATE_2 = "late2"
    LATE_3 = "late3"
    LATE_4 = "late4"
    DISPUTED = "disputed"
    WRITTEN_OFF = "written_off"
    TOTAL = "total"


@dataclass(frozen=True)
class Column:
    """A column; with a formula, every data cell holds it (the data give the cached values).

    formula is Excel text where `{key}` stands for the same row's cell of the column with that
    key, e.g. "={end}-{due}"; the total row of a formula column is the SUM of the column.
    """

    header: str
    kind: Kind = Kind.TEXT
    width: float = 12.0
    center: bool = False
    key: str | None = None
    formula: str | None = None
    wrap: bool = False  # long text on several lines, the column kept at `width`


@dataclass
class SideTable:
    """A small table to the right of a sheet's table, one blank column after it, from row 1:
    a header row, then its rows (column-major). A formula of the main table names one of its
    columns `{@key}` for the whole column's range (a rate table the rows look up)."""

    columns: list[Column]
    data: list[Sequence[object]]

    @property
    def n_rows(self) -> int:
        return len(self.data[0]) if self.data else 0


@dataclass
class SheetSpec:
    """An owned sheet: a header row at row 1, data rows below, an optional total row.

    data is column-major: one sequence per column, all of the same length. Blank cells are
    None or "" (NaN and NaT too for numbers and dates). tones gives one Tone per data row.
    """

    key: str
    name: str
    columns: list[Column]
    data: list[Sequence[object]]
    tones: Sequence[Tone] | None = None
    total: list[object] | None = None
    autofilter: bool = True
    freeze_header: bool = True
    print_title: str | None = None
    tab_color: str | None = None  # "RRGGBB"
    landscape: bool = True
    hidden: bool = False  # arxl's own memory (the previous run's summary), not for reading
    formats: Formats = FR_FORMATS  # the book's currency and date formats
    side: SideTable | None = None  # a small table to the right (the rates Pénalités uses)

    @property
    def n_rows(self) -> int:
        return len(self.data[0]) if self.data else 0


# --- free-form sheets: blocks of cells and native charts (the dashboard, the monthly report) ---


@dataclass(frozen=True)
class Cell:
    """A value with its own kind, for a column that mixes kinds (a column of figures)."""

    value: object
    kind: Kind


@dataclass
class Block:
    """A table placed on a free-form sheet: an optional title line, a header row (unless
    header is False), the data rows (column-major, like SheetSpec) and an optional total row."""

    row: int  # 0-based row of the title, or of the header when there is no title
    col: int  # 0-based first column
    columns: list[Column]
    data: list[Sequence[object]]
    title: str | None = None
    tones: Sequence[Tone] | None = None
    total: list[object] | None = None
    header: bool = True

    @property
    def n_rows(self) -> int:
        return len(self.data[0]) if self.data else 0

    @property
    def header_row(self) -> int:
        return self.row + (1 if self.title else 0)

    @property
    def first_data_row(self) -> int:
        return self.header_row + (1 if self.header else 0)

    @property
    def end_row(self) -> int:
        """The first row after the block."""
        return self.first_data_row + self.n_rows + (1 if self.total is not None else 0)


class ChartKind(StrEnum):
    BAR_STACKED = "bar_stacked"  # horizontal bars, series stacked
    COLUMN = "column"
    LINE = "line"


@dataclass(frozen=True)
class Chart:
    """A native chart of some columns of a block: categories from one column, one series per
    other column (named by its header), anchored at a cell."""

    kind: ChartKind
    title: str
    block: int  # index in LayoutSpec.blocks
    categories: int  # column index in the block
    series: tuple[int, ...]
    row: int
    col: int
    width: int = 560  # pixels
    height: int = 300
    colors: tuple[str, ...] = ()  # "RRGGBB" per series
    point_colors: tuple[str, ...] = ()  # "RRGGBB" per category (a one-series chart)
    value_kind: Kind = Kind.MONEY
    legend: bool = True
    x_title: str = ""  # the category axis's title
    y_title: str = ""  # the value axis's title
    y_max: float | None = None  # the value axis's maximum (None: the chart's own)


@dataclass
class LayoutSpec:
    """A free-form owned sheet: a title line, blocks and charts placed at given cells."""

    key: str
    name: str
    blocks: list[Block]
    charts: list[Chart] = field(default_factory=list)
    widths: Sequence[float] = ()  # column widths from column A
    title: str | None = None  # written in A1, large
    subtitle: str | None = None  # A2
    print_title: str | None = None
    tab_color: str | None = None
    hidden: bool = False  # never: the dashboard is for looking at
    landscape: bool = True
    freeze_rows: int = 0  # rows kept on screen when scrolling
    repeat_rows: tuple[int, int] | None = None  # 0-based rows repeated on each printed page
    autofilter: int | None = None  # index of a block that gets an autofilter
    formats: Formats = FR_FORMATS  # the book's currency and date formats
    print_area: tuple[int, int, int, int] | None = None  # 0-based first row, col, last row, col


def as_layout(spec: SheetSpec) -> LayoutSpec:
    """A table sheet as a free-form sheet: its table at A1, header frozen and repeated."""
    blocks = [Block(0, 0, spec.columns, spec.data, tones=spec.tones, total=spec.total)]
    widths = [c.width for c in spec.columns]
    if spec.side is not None:  # values only: a free-form sheet writes no formulas
        blocks.append(Block(0, len(spec.columns) + 1, spec.side.columns, spec.side.data))
        widths += [3.0] + [c.width for c in spec.side.columns]
    return LayoutSpec(
        key=spec.key,
        name=spec.name,
        blocks=blocks,
        widths=widths,
        print_title=spec.print_title,
        tab_color=spec.tab_color,
        landscape=spec.landscape,
        freeze_rows=1 if spec.freeze_header else 0,
        repeat_rows=(0, 0),
        autofilter=0 if spec.autofilter else None,
        formats=spec.formats,
    )
