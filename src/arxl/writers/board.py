"""The parts of a one-page board (sheets.board.BoardSpec) that a plain layout lacks: the big
figures (tiles) and the definitions block, with XlsxWriter; writers.layout renders the rest."""

from __future__ import annotations

import re
from collections.abc import Mapping

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from arxl.sheets.board import BoardSpec, Tile, Trend
from arxl.sheets.spec import Kind

# Okabe-Ito blue and vermilion: better and worse read apart by every reader (the arrow says it too)
TREND_COLORS = {Trend.GOOD: "#0072B2", Trend.BAD: "#D55E00", Trend.NEUTRAL: "#595959"}
TILE_FILL = "#F2F2F2"
TILE_EDGE = "#BFBFBF"
INK = "#262626"
SOFT = "#595959"
DEFINITION_CHARS_PER_POINT = 0.2  # a 9-point line holds about this many characters per point
VALUE_SIZE = 18  # points of a big figure, smaller only when its amount would not fit (###)
DIGIT_PER_POINT = 0.75  # pixels a bold digit takes per point of font size (a little wide)


def big_format(base: str) -> str:
    """The value's number format for a big figure: money without its cents, a share with one
    decimal."""
    if "%" in base:
        return base.replace("0.00", "0.0")
    return base.replace("0.00", "0")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "") + '"' if text else ""


def in_text(base: str, template: str) -> str:
    """A number format that writes the number inside a sentence: "dont litiges : {}" and
    the book's money format give "dont litiges : 4 002,00 €" (each section of the format)."""
    before, _, after = template.partition("{}")
    return ";".join(_quoted(before) + part + _quoted(after) for part in base.split(";"))


def change_format(base: str) -> str:
    """Up, down or unchanged, with the value's own format: ▲ +1 200 €, ▼ −3,1."""
    b = big_format(base)
    return f'"▲ +"{b};"▼ −"{b};"= "{b}'


class BoardFormats:
    def __init__(self, wb: xlsxwriter.Workbook, num_formats: Mapping[Kind, str]) -> None:
        self.wb, self.num_formats = wb, num_formats
        self._cache: dict[tuple, Format] = {}

    def get(
        self,
        role: str,
        kind: Kind = Kind.TEXT,
        trend: Trend = Trend.NEUTRAL,
        around: str = "",
        size: int = VALUE_SIZE,
    ) -> Format:
        key = (role, kind, trend, around, size)
        if key not in self._cache:
            props = self._props(role, kind, trend, around)
            if role == "value":
                props["font_size"] = size
            self._cache[key] = self.wb.add_format(props)
        return self._cache[key]

    def _props(self, role: str, kind: Kind, trend: Trend, around: str) -> dict[str, object]:
        base = self.num_formats.get(kind, "General")
        box = {"bg_color": TILE_FILL, "left": 1, "right": 1, "left_color": TILE_EDGE,
               "right_color": TILE_EDGE, "align": "center", "valign": "vcenter"}  # fmt: skip
        if role == "label":
            return {**box, "top": 1, "top_color": TILE_EDGE, "bold": True, "font_size": 9,
                    "font_color": SOFT, "text_wrap": True}  # fmt: skip
        if role == "value":
            fmt = big_format(base)
            return {**box, "bold": True, "font_size": 18, "font_color": INK, "num_format": fmt}
        if role == "change":
            color = TREND_COLORS[trend]
            return {**box, "font_size": 9, "font_color": color, "num_format": change_format(base)}
        if role == "caption":
            caption = {**box, "bottom": 1, "bottom_color": TILE_EDGE, "font_size": 8,
                       "font_color": SOFT, "italic": True}  # fmt: skip
            if around and kind is not Kind.TEXT:
                caption["num_format"] = in_text(big_format(base), around)
            return caption
        if role == "term":
            return {"bold": True, "font_size": 9, "font_color": INK, "valign": "top",
                    "text_wrap": True}  # fmt: skip
        if role == "definition":
            return {"font_size": 9, "font_color": INK, "valign": "top", "text_wrap": True}
        if role == "definitions_title":
            return {"bold": True, "font_size": 11, "font_color": "#1F4E78"}
        raise ValueError(role)


def render_board(
    wb: xlsxwriter.Workbook, ws: Worksheet, spec: BoardSpec, num_formats: Mapping[Kind, str]
) -> None:
    fmts = BoardFormats(wb, num_formats)
    for i, tile in enumerate(spec.tiles):
        col = i * spec.tile_span
        size = value_size(
            tile, spec, sum(_width(spec, c) for c in range(col, col + spec.tile_span))
        )
        _tile(ws, spec.tiles_row, col, spec.tile_span, tile, fmts, size)
    if spec.tiles:
        for i, height in enumerate((26, 30, 15, 14)):  # label, value, change, caption
            ws.set_row(spec.tiles_row + i, height)
    _definitions(ws, spec, fmts)
    if spec.data_title:
        ws.write_string(spec.data_title_row, 0, spec.data_title, fmts.get("definitions_title"))
    for row, height in spec.row_heights.items():
        ws.set_row(row, height)


def _span(ws: Worksheet, row: int, col: int, span: int, value: object, fmt: Format) -> None:
    """A value across `span` columns (merged), by its type."""
    if span > 1:
        ws.merge_range(row, col, row, col + span - 1, None, fmt)
    if isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, float(value), fmt)  # type: ignore[arg-type]


def value_size(tile: Tile, spec: BoardSpec, width: float) -> int:
    """The font size of a big figure: VALUE_SIZE, smaller when its amount, as the book writes
    it without cents, would not fit the tile's `width` (Excel's width units)."""
    value = tile.value.value
    if tile.value.kind is not Kind.MONEY or not isinstance(value, int | float):
        return VALUE_SIZE
    text = re.sub(r"[.,]00(?=\D*$)", "", spec.formats.money_text(round(float(value))))
    chars = sum(0.5 if ch in " ,.\u00a0\u202f" else 1.0 for ch in text) + 1
    pixels = width * 7 + 5 * spec.tile_span - 12  # Excel's pixels, less the tile's edges
    return max(8, min(VALUE_SIZE, int(pixels / (chars * DIGIT_PER_POINT))))


def _tile(
    ws: Worksheet, row: int, col: int, span: int, tile: Tile, fmts: BoardFormats, size: int
) -> None:
    kind = tile.value.kind
    _span(ws, row, col, span, tile.label, fmts.get("label"))
    _span(ws, row + 1, col, span, tile.value.value, fmts.get("value", kind, size=size))
    change = tile.change.value if tile.change is not None else None
    change_kind = tile.change.kind if tile.change is not None else kind
    _span(ws, row + 2, col, span, change, fmts.get("change", change_kind, tile.trend))
    if tile.caption_value is None:
        _span(ws, row + 3, col, span, tile.caption, fmts.get("caption"))
    elif isinstance(tile.caption_value.value, str):  # n/d: the sentence as text
        _span(ws, row + 3, col, span, tile.caption.replace("{}", tile.caption_value.value),
              fmts.get("caption"))  # fmt: skip
    else:
        fmt = fmts.get("caption", tile.caption_value.kind, around=tile.caption)
        _span(ws, row + 3, col, span, tile.caption_value.value, fmt)


def _definitions(ws: Worksheet, spec: BoardSpec, fmts: BoardFormats) -> None:
    """Term | definition, the definition merged across the rest of the page and its row made
    tall enough for its wrapped lines (LibreOffice and Excel do not grow merged rows)."""
    if not spec.definitions:
        return
    row = spec.definitions_row
    if spec.definitions_title:
        ws.write_string(row, 0, spec.definitions_title, fmts.get("definitions_title"))
        row += 1
    text_width = sum(_width(spec, c) for c in range(spec.term_span, spec.width))
    per_line = max(20, int(text_width * 1.5))  # characters of 9 points in that width
    for item in spec.definitions:
        lines = max(1, -(-len(item.text) // per_line))
        ws.set_row(row, 12.5 * lines + 2)
        _span(ws, row, 0, spec.term_span, item.term, fmts.get("term"))
        _span(
            ws, row, spec.term_span, spec.width - spec.term_span, item.text, fmts.get("definition")
        )
        row += 1


def _width(spec: BoardSpec, col: int) -> float:
    return float(spec.widths[col]) if col < len(spec.widths) else 8.43
