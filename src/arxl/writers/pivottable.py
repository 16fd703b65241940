"""The PivotTable itself (ECMA-376 Part 1 §18.10.1.73, pivotTableDefinition) and the cells it
shows, worked out from the cache the way Excel lays out a compact PivotTable: a page filter
at A3, the table from A5 (values caption, column items, one row per row item, grand totals).

The same grid is written as the sheet's cells, so the table reads right before any refresh."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from arxl.sheets.pivot import PivotSpec
from arxl.sheets.spec import Kind
from arxl.vocab import fold
from arxl.writers.cellxml import col_letter
from arxl.writers.pivotcache import DECL, NS_MAIN, CacheField, PivotCache, attr

PAGE_ROW = 3  # the page filter's row (1-based); the table starts two rows below
TOP = PAGE_ROW + 2


@dataclass
class PivotGrid:
    """What the table shows. Items are indexes into a field's shared items; `row_order` and
    `col_order` list all of them in display order (the pivotField's <items>), `rows` and
    `cols` the ones shown (with data under the filters); `cells[(r, c)]` the sums."""

    row_order: list[int]
    col_order: list[int]
    page_order: list[int]
    hidden_cols: set[int]
    rows: list[int]
    cols: list[int]
    cells: dict[tuple[int, int], float]
    _sums: dict[int, dict[int, float]] = field(default_factory=dict, repr=False)

    def row_total(self, r: int) -> float:
        return self._totals(0).get(r, 0.0)

    def col_total(self, c: int) -> float:
        return self._totals(1).get(c, 0.0)

    def _totals(self, axis: int) -> dict[int, float]:
        if axis not in self._sums:
            sums: dict[int, float] = {}
            for key, value in self.cells.items():
                sums[key[axis]] = sums.get(key[axis], 0.0) + value
            self._sums[axis] = sums
        return self._sums[axis]

    @property
    def total(self) -> float:
        return sum(self.cells.values())

    @property
    def ref(self) -> str:
        """The table's range (page filter excluded): captions, items, grand totals."""
        last_col = col_letter(len(self.cols) + 1)
        return f"A{TOP}:{last_col}{TOP + 2 + len(self.rows)}"


def _display_order(field: CacheField, first: tuple[str, ...] = ()) -> list[int]:
    """All of a field's items in display order: those named in `first` in that order, then
    the others sorted as Excel sorts (case and accents ignored), the blank item last."""
    rank = {name: i for i, name in enumerate(first)}
    items = field.items or []

    def key(i: int) -> tuple:
        value = items[i]
        if value is None:
            return (2, 0, "", "")
        text = str(value)
        if text in rank:
            return (0, rank[text], "", "")
        if isinstance(value, int | float | np.number):
            return (1, float(value), "", "")
        return (1, 0, fold(text) or text.casefold(), text)

    return sorted(range(len(items)), key=key)


def item_label(field: CacheField, index: int, blank: str) -> str:
    value = (field.items or [])[index]
    if value is None:
        return blank
    if field.kind is Kind.DATE:
        return pd.Timestamp(value).strftime("%d/%m/%Y")
    return str(value)


def layout(spec: PivotSpec, cache: PivotCache) -> PivotGrid:
    """Sum the value field by row and column item, as the table shows it."""
    row_f, col_f = cache.fields[spec.rows], cache.fields[spec.cols]
    value_f = cache.fields[spec.values]
    assert row_f.codes is not None and col_f.codes is not None
    col_items = col_f.items or []
    hidden = {i for i, v in enumerate(col_items) if v is None} if spec.hide_blank_cols else set()
    shown = ~np.isin(col_f.codes, list(hidden)) if hidden else np.ones(len(col_f.codes), bool)
    values = value_f.numbers()
    frame = pd.DataFrame({"r": row_f.codes[shown], "c": col_f.codes[shown], "v": values[shown]})
    sums = frame.groupby(["r", "c"], sort=False)["v"].sum()
    at = sums.index
    cells = {
        (r, c): round(v, 2)
        for r, c, v in zip(
            at.get_level_values(0).tolist(),
            at.get_level_values(1).tolist(),
            sums.to_numpy(dtype=float).tolist(),
            strict=True,
        )
    }
    row_order = _display_order(row_f)
    col_order = _display_order(col_f, spec.col_order)
    page_order = _display_order(cache.fields[spec.page]) if spec.page is not None else []
    with_rows = {r for r, _ in cells}
    with_cols = {c for _, c in cells}
    return PivotGrid(
        row_order,
        col_order,
        page_order,
        hidden,
        [r for r in row_order if r in with_rows],
        [c for c in col_order if c in with_cols],
        cells,
    )


def _items(order: list[int], hidden: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    body = "".join(f'<item h="1" x="{i}"/>' if i in hidden else f'<item x="{i}"/>' for i in order)
    return f'<items count="{len(order) + 1}">{body}<item t="default"/></items>'


def _axis_items(shown: list[int], order: list[int]) -> str:
    """rowItems/colItems: each shown item by its position in the field's <items>, then the
    grand total (a lone <i/> when nothing is shown)."""
    position = {item: p for p, item in enumerate(order)}
    lines = [f'<i><x v="{position[i]}"/></i>' if position[i] else "<i><x/></i>" for i in shown]
    lines.append('<i t="grand"><x/></i>')
    return f'count="{len(lines)}">{"".join(lines)}'


def table_xml(
    spec: PivotSpec, cache: PivotCache, grid: PivotGrid, cache_id: int, numfmt: int
) -> bytes:
    """pivotTableDefinition: where the table is, each cache field's role, what it shows."""
    c = spec.captions
    fields = []
    for k in range(len(cache.fields)):
        if k == spec.rows:
            fields.append(
                f'<pivotField axis="axisRow" showAll="0" sortType="ascending">'
                f"{_items(grid.row_order)}</pivotField>"
            )
        elif k == spec.cols:
            fields.append(
                f'<pivotField axis="axisCol" showAll="0">'
                f"{_items(grid.col_order, grid.hidden_cols)}</pivotField>"
            )
        elif k == spec.page:
            fields.append(
                f'<pivotField axis="axisPage" showAll="0">{_items(grid.page_order)}</pivotField>'
            )
        elif k == spec.values:
            fields.append('<pivotField dataField="1" showAll="0"/>')
        else:
            fields.append('<pivotField showAll="0"/>')
    page = spec.page is not None
    pages = ' rowPageCount="1" colPageCount="1"' if page else ""
    xml = (
        f'{DECL}<pivotTableDefinition xmlns="{NS_MAIN}" name="{attr(spec.table_name)}"'
        f' cacheId="{cache_id}" applyNumberFormats="0" applyBorderFormats="0"'
        ' applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0"'
        f' applyWidthHeightFormats="1" dataCaption="{attr(c.data)}"'
        f' grandTotalCaption="{attr(c.grand_total)}"'
        ' updatedVersion="6" minRefreshableVersion="3" useAutoFormatting="1"'
        ' itemPrintTitles="1" createdVersion="6" indent="0" outline="1" outlineData="1"'
        f' multipleFieldFilters="0" rowHeaderCaption="{attr(c.rows)}"'
        f' colHeaderCaption="{attr(c.cols)}">'
        f'<location ref="{grid.ref}" firstHeaderRow="1" firstDataRow="2" firstDataCol="1"{pages}/>'
        f'<pivotFields count="{len(fields)}">{"".join(fields)}</pivotFields>'
        f'<rowFields count="1"><field x="{spec.rows}"/></rowFields>'
        f"<rowItems {_axis_items(grid.rows, grid.row_order)}</rowItems>"
        f'<colFields count="1"><field x="{spec.cols}"/></colFields>'
        f"<colItems {_axis_items(grid.cols, grid.col_order)}</colItems>"
        + (
            f'<pageFields count="1"><pageField fld="{spec.page}" hier="-1"/></pageFields>'
            if page
            else ""
        )
        + f'<dataFields count="1"><dataField name="{attr(c.values)}" fld="{spec.values}"'
        f' baseField="0" baseItem="0" numFmtId="{numfmt}"/></dataFields>'
        '<pivotTableStyleInfo name="PivotStyleMedium9" showRowHeaders="1" showColHeaders="1"'
        ' showRowStripes="0" showColStripes="0" showLastColumn="1"/>'
        "</pivotTableDefinition>"
    )
    return xml.encode("utf-8")
