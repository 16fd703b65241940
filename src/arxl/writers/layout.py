"""Render free-form sheets (reports.sheet.LayoutSpec: blocks of cells, native charts) with
XlsxWriter.

Used directly for the standalone monthly report, and through writers.transplant for the
dashboard that every refresh grafts into the owner's workbook. Nothing here depends on the
clock: the same specs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import types
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from arxl.sheets.board import BoardSpec
from arxl.sheets.spec import (
    Block,
    Cell,
    Chart,
    ChartKind,
    Kind,
    LayoutSpec,
    Tone,
    as_list,
)
from arxl.writers.board import render_board
from arxl.writers.guard import replacing
from arxl.writers.styles import (
    DATE_FORMAT,
    DAYS_FORMAT,
    HEADER_FILL,
    HEADER_FONT,
    MONEY_FORMAT,
    PALETTE,
    PERCENT_FORMAT,
)
from arxl.writers.widths import fitted_widths

NUM_FORMATS = {
    Kind.DATE: DATE_FORMAT,
    Kind.MONEY: MONEY_FORMAT,
    Kind.INT: "0",
    Kind.PERCENT: PERCENT_FORMAT,
    Kind.DAYS: DAYS_FORMAT,
}
AXIS_FORMATS = {Kind.MONEY: "#,##0", Kind.PERCENT: "0%", Kind.DAYS: "0"}  # units: axis titles
# Fixed document properties: the same inputs give the same bytes.
PROPERTIES = {"author": "arxl", "created": dt.datetime(2026, 1, 1)}
_CHART_TYPES = {
    ChartKind.BAR_STACKED: {"type": "bar", "subtype": "stacked"},
    ChartKind.COLUMN: {"type": "column"},
    ChartKind.LINE: {"type": "line"},
}


class Formats:
    """XlsxWriter formats made once per look (kind, tone, role)."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self._cache: dict[tuple, Format] = {}
        self.codes: dict[Kind, str] = dict(NUM_FORMATS)  # the sheet's number formats (`use`)

    def use(self, codes: dict[Kind, str]) -> None:
        """The number formats of the sheet rendered next (each book its money and dates)."""
        self.codes = codes

    def get(
        self,
        kind: Kind = Kind.TEXT,
        tone: Tone = Tone.PLAIN,
        *,
        role: str = "",  # "", "header", "title", "subtitle", "block_title"
        center: bool = False,
    ) -> Format:
        code = self.codes.get(kind)
        key = (kind, tone, role, center, code)
        fmt = self._cache.get(key)
        if fmt is None:
            fmt = self._cache[key] = self.wb.add_format(self._props(kind, tone, role, center, code))
        return fmt

    @staticmethod
    def _props(
        kind: Kind, tone: Tone, role: str, center: bool, code: str | None
    ) -> dict[str, object]:
        if role == "title":
            return {"bold": True, "font_size": 15, "font_color": "#" + HEADER_FILL}
        if role == "subtitle":
            return {"italic": True, "font_color": "#595959"}
        if role == "block_title":
            return {"bold": True, "font_size": 12, "font_color": "#" + HEADER_FILL}
        if role == "header":
            return {
                "bold": True,
                "font_color": "#" + HEADER_FONT,
                "bg_color": "#" + HEADER_FILL,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bottom": 1,
            }
        fill, font, bold = PALETTE[tone]
        props: dict[str, object] = {}
        if fill:
            props["bg_color"] = "#" + fill
        if font:
            props["font_color"] = "#" + font
        if bold:
            props["bold"] = True
        if tone is Tone.TOTAL:
            props["top"] = 1
        if code is not None:
            props["num_format"] = code
        if center:
            props["align"] = "center"
        else:  # a little space on the side of the text, so no value touches its neighbour
            props["align"] = "left" if kind is Kind.TEXT else "right"
            props["indent"] = 1
        return props


def _plain(value: object) -> object:
    """None for blanks (None, "", NaN, NaT); dates as datetime.date; numpy scalars as Python."""
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else value.astype("datetime64[D]").item()
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NaT or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    return value


def write_value(
    ws: Worksheet, row: int, col: int, value: object, fmt: Format, text: Format
) -> None:
    """One cell by its Python type: text always as text, dates as dates, numbers as numbers."""
    value = _plain(value)
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, text)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), fmt)
    else:
        ws.write_number(row, col, float(value), fmt)


def write_block(ws: Worksheet, block: Block, fmts: Formats) -> None:
    if block.title:
        ws.write_string(block.row, block.col, block.title, fmts.get(role="block_title"))
    if block.header:
        longest = max(len(c.header) for c in block.columns)
        ws.set_row(block.header_row, 30 if longest <= 24 else 45)
        for j, column in enumerate(block.columns):
            ws.write_string(block.header_row, block.col + j, column.header, fmts.get(role="header"))
    tones = block.tones if block.tones is not None else [Tone.PLAIN] * block.n_rows
    for j, column in enumerate(block.columns):
        values = as_list(block.data[j])
        for i in range(block.n_rows):
            _write_cell(
                ws, block.first_data_row + i, block.col + j, values[i], column, tones[i], fmts
            )
    if block.total is not None:
        row = block.first_data_row + block.n_rows
        for j, column in enumerate(block.columns):
            _write_cell(ws, row, block.col + j, block.total[j], column, Tone.TOTAL, fmts)


def _write_cell(
    ws: Worksheet, row: int, col: int, value: object, column, tone: Tone, fmts: Formats
) -> None:
    kind = column.kind
    if isinstance(value, Cell):
        value, kind = value.value, value.kind
    fmt = fmts.get(kind, tone, center=column.center)
    text = fmts.get(Kind.TEXT, tone, center=column.center or kind is not Kind.TEXT)
    write_value(ws, row, col, value, fmt, text)


def _blanks_as_gaps(native: object) -> None:
    """Write <c:dispBlanksAs val="gap"/> and <c:smooth val="0"/>: XlsxWriter leaves both out
    as Excel's defaults, but the standard's defaults are "zero" and smooth lines, which
    LibreOffice follows (a blank month drawn at 0, curves overshooting between months)."""

    def blanks(self: object) -> None:
        self._xml_empty_tag("c:dispBlanksAs", [("val", "gap")])  # type: ignore[attr-defined]

    def smooth(self: object, on: object) -> None:
        self._xml_empty_tag("c:smooth", [("val", "1" if on else "0")])  # type: ignore[attr-defined]

    for name, method in (("_write_disp_blanks_as", blanks), ("_write_c_smooth", smooth)):
        if hasattr(native, name):
            setattr(native, name, types.MethodType(method, native))


def _points(values: object) -> list[str | None]:
    """A chart series' values as its cache holds them: numbers written as XlsxWriter writes a
    cell's (Excel's precision), None (no point) for anything else."""
    out: list[str | None] = []
    for v in as_list(values):
        v = _plain(v.value if isinstance(v, Cell) else v)
        ok = isinstance(v, int | float) and not isinstance(v, bool) and v == v
        out.append(f"{float(v):.16g}" if ok else None)
    return out


def add_chart(wb: xlsxwriter.Workbook, ws: Worksheet, spec: LayoutSpec, chart: Chart) -> None:
    """A native chart over the block's cells (nothing when the block has no rows)."""
    block = spec.blocks[chart.block]
    if block.n_rows == 0:
        return
    first, last = block.first_data_row, block.first_data_row + block.n_rows - 1
    cat = block.col + chart.categories
    native = wb.add_chart(dict(_CHART_TYPES[chart.kind]))
    _blanks_as_gaps(native)
    for i, s in enumerate(chart.series):
        col = block.col + s
        series: dict[str, object] = {
            "name": [spec.name, block.header_row, col],
            "categories": [spec.name, first, cat, last, cat],
            "values": [spec.name, first, col, last, col],
            # the cached points: a blank cell (a figure n/d) is no point, a gap in the line,
            # not the 0 XlsxWriter caches for a formatted blank
            "values_data": _points(block.data[s]),
        }
        color = chart.colors[i] if i < len(chart.colors) else None
        if chart.kind is ChartKind.LINE:
            series["marker"] = {"type": "circle", "size": 5}
            if color:
                series["line"] = {"color": "#" + color, "width": 2.25}
                series["marker"].update(  # type: ignore[union-attr]
                    {"fill": {"color": "#" + color}, "border": {"color": "#" + color}}
                )
        elif color:
            series["fill"] = {"color": "#" + color}
            series["border"] = {"none": True}
        if chart.point_colors:
            series["points"] = [{"fill": {"color": "#" + c}} for c in chart.point_colors]
        if chart.kind is not ChartKind.LINE:
            series["gap"] = 60
            if chart.kind is ChartKind.BAR_STACKED:
                series["overlap"] = 100
        native.add_series(series)
    native.set_title({"name": chart.title, "name_font": {"size": 11, "bold": True}})
    value_axis = {
        "num_format": AXIS_FORMATS.get(chart.value_kind, "General"),
        "num_font": {"size": 8},
        "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
    }
    category_axis: dict[str, object] = {"num_font": {"size": 8}}
    if chart.y_max is not None:  # a point above is cut at the top; the title names it
        value_axis["max"] = chart.y_max
        value_axis["min"] = 0
    if chart.y_title:
        value_axis["name"] = chart.y_title
        value_axis["name_font"] = {"size": 8, "bold": False}
    if chart.x_title:
        category_axis["name"] = chart.x_title
        category_axis["name_font"] = {"size": 8, "bold": False}
    if chart.kind is ChartKind.BAR_STACKED:  # XlsxWriter: x is the value axis of a bar chart
        category_axis["reverse"] = True  # the first row at the top
        category_axis["crossing"] = "max"  # and the value axis still at the bottom
        category_axis["interval_unit"] = 1  # every client named
        category_axis["num_font"] = {"size": 7}
        native.set_x_axis(value_axis)
        native.set_y_axis(category_axis)
    else:
        native.set_x_axis(category_axis)
        native.set_y_axis(value_axis)
    if chart.legend and len(chart.series) > 1:
        native.set_legend({"position": "bottom", "font": {"size": 8}})
    else:
        native.set_legend({"none": True})
    native.set_size({"width": chart.width, "height": chart.height})
    ws.insert_chart(chart.row, chart.col, native, {"x_offset": 4, "y_offset": 4})


def book_codes(spec: LayoutSpec) -> dict[Kind, str]:
    """The number formats of the book the sheet is written for: its money and dates when the
    spec carries them (an arxl.formats.Formats), else arxl's euros and dd/mm/yyyy."""
    book = getattr(spec, "formats", None)
    if book is None:
        return dict(NUM_FORMATS)
    return {**NUM_FORMATS, Kind.MONEY: book.money, Kind.DATE: book.date}


def render_layout(wb: xlsxwriter.Workbook, spec: LayoutSpec, fmts: Formats) -> Worksheet:
    ws = wb.add_worksheet(spec.name)
    fmts.use(book_codes(spec))
    for col, width in enumerate(fitted_widths(spec)):  # amounts and dates never `###`
        if width is not None:
            ws.set_column(col, col, width)
    if spec.title:
        ws.set_row(0, 24)
        ws.write_string(0, 0, spec.title, fmts.get(role="title"))
    if spec.subtitle:
        ws.write_string(1, 0, spec.subtitle, fmts.get(role="subtitle"))
    for block in spec.blocks:
        write_block(ws, block, fmts)
    if isinstance(spec, BoardSpec):
        render_board(wb, ws, spec, fmts.codes)
    for chart in spec.charts:
        add_chart(wb, ws, spec, chart)
    if spec.autofilter is not None:
        block = spec.blocks[spec.autofilter]
        if block.n_rows:
            last = block.first_data_row + block.n_rows - 1
            ws.autofilter(block.header_row, block.col, last, block.col + len(block.columns) - 1)
    if spec.freeze_rows:
        ws.freeze_panes(spec.freeze_rows, 0)
    if spec.tab_color:
        ws.set_tab_color("#" + spec.tab_color)
    _page_setup(ws, spec)
    return ws


def _page_setup(ws: Worksheet, spec: LayoutSpec) -> None:
    if spec.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 1 if isinstance(spec, BoardSpec) else 0)
    if spec.print_area is not None:
        ws.print_area(*spec.print_area)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if spec.repeat_rows is not None:
        ws.repeat_rows(*spec.repeat_rows)
    if spec.print_title:
        title = spec.print_title.replace("&", "&&")
        ws.set_header(f"&L&B{title}")
        ws.set_footer("&R&P / &N")


def write_workbook(
    target: str | Path | BinaryIO,
    specs: Sequence[LayoutSpec],
    *,
    date1904: bool = False,
    mark: tuple[str, str] | None = None,
) -> None:
    """A workbook made of the given free-form sheets, in order (a path is written atomically:
    a temporary file beside it, then a rename); `mark`: a custom document property saying
    which arxl output it is (vocab.sheet_names.REPORT)."""
    if not isinstance(target, str | Path):
        _write(target, specs, date1904, mark)
        return
    # as every write of a workbook: a temporary file beside it renamed over it, one line on a
    # full disk or a folder without permission, nothing left behind
    with replacing(Path(target)) as fh:
        _write(fh, specs, date1904, mark)


def _write(
    target: str | BinaryIO,
    specs: Sequence[LayoutSpec],
    date1904: bool,
    mark: tuple[str, str] | None = None,
) -> None:
    wb = xlsxwriter.Workbook(
        target,
        {
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "in_memory": True,
            "date_1904": date1904,
        },
    )
    wb.set_properties(PROPERTIES)
    if mark is not None:
        wb.set_custom_property(*mark)
    fmts = Formats(wb)
    for spec in specs:
        render_layout(wb, spec, fmts)
    wb.close()
