"""A native PivotTable described as data: the sheet it reads, the fields on each axis, the
captions. Writers render it (writers/pivot.py): the pivot cache, its records, the table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from arxl.sheets.spec import SheetSpec


@dataclass(frozen=True)
class PivotCaptions:
    """The words the rendered table shows (Excel's own for a French or English book)."""

    values: str  # the value field's name in the table, "Somme de Solde"
    rows: str  # above the row items, in place of "Étiquettes de lignes"
    cols: str  # above the column items
    grand_total: str  # "Total général"
    all_items: str  # the page filter with nothing chosen, "(Tous)"
    blank: str  # an empty source cell as an item, "(vide)"
    data: str  # Excel's caption of the values area, "Valeurs"


@dataclass
class PivotSpec:
    """A sheet holding one PivotTable over a table sheet arxl writes (`source`), summing one
    column (`values`) by the items of one column in rows and one in columns, with an optional
    page filter; all fields are column indexes of `source`.

    The table reads the source sheet's header row and data rows (never its total row), under
    the name that sheet is written with (`source_key` -> the name the writer chose).
    `col_order` puts the column items in that order (the buckets), the others after, sorted;
    with `hide_blank_cols` a blank column item (a paid invoice has no bucket) is filtered out,
    as the owner would untick "(blank)"."""

    key: str
    name: str
    table_name: str  # the PivotTable's own name, as Excel lists it
    source: SheetSpec
    rows: int
    cols: int
    values: int
    captions: PivotCaptions
    page: int | None = None
    col_order: tuple[str, ...] = ()
    hide_blank_cols: bool = True
    title: str | None = None  # written in A1
    refreshed: dt.date | None = None  # the cache's refresh date: the analysis' as-of date
    tab_color: str | None = None
    hidden: bool = False  # as SheetSpec.hidden: a pivot is for looking at

    @property
    def source_key(self) -> str:
        return self.source.key

    @property
    def n_rows(self) -> int:
        """The source rows the cache holds (the writer's size hint)."""
        return self.source.n_rows
