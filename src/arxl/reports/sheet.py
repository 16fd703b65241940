"""A sheet described as data: columns, values, formats and colours. Writers render it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a column's values are stored and formatted."""

    TEXT = "text"
    DATE = "date"  # datetime64 / date values, shown dd/mm/yyyy
    MONEY = "money"  # floats, shown with two decimals and €
    INT = "int"
    NUMBER = "number"  # general number


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
    header: str
    kind: Kind = Kind.TEXT
    width: float = 12.0
    center: bool = False


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

    @property
    def n_rows(self) -> int:
        return len(self.data[0]) if self.data else 0
