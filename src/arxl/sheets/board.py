"""A one-page board (the Tableau de bord): a row of big figures, charts in a grid, a block of
definitions, and the data behind the charts below the printed page."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from arxl.sheets.spec import Cell, LayoutSpec


class Trend(StrEnum):
    """How a figure's change reads: better, worse, or neither (the arrow says up or down)."""

    GOOD = "good"
    BAD = "bad"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class Tile:
    """A big figure: its label, its value, and its change since a reference date (a number of
    the same kind as the value, or a text such as "n/d" when there is nothing to compare)."""

    label: str
    value: Cell
    change: Cell | None = None
    trend: Trend = Trend.NEUTRAL
    caption: str = ""  # a short line under the change; "{}" stands for caption_value
    caption_value: Cell | None = None  # a number shown in the caption in the book's format


@dataclass(frozen=True)
class Definition:
    """One line of the definitions block: a term and what it means."""

    term: str
    text: str


@dataclass
class BoardSpec(LayoutSpec):
    """A LayoutSpec printed on one page: tiles on `tiles_row` (each `tile_span` columns wide,
    from column A), definitions from `definitions_row` across `width` columns; the print area
    covers the rows above `data_row` (where the charts' data blocks start)."""

    tiles: list[Tile] = field(default_factory=list)
    tiles_row: int = 3
    tile_span: int = 2
    definitions: list[Definition] = field(default_factory=list)
    definitions_title: str = ""
    definitions_row: int = 0
    term_span: int = 2  # columns of a definition's term (its text takes the rest)
    width: int = 12  # columns of the printed page
    row_heights: dict[int, float] = field(default_factory=dict)  # points
    data_title: str = ""  # the line above the charts' data, on `data_title_row`
    data_title_row: int = 0
