"""The rows of an input sheet as sheet XML, cell for cell what XlsxWriter's `write_*` store
(writers/inputcells.write_value): numbers as `%.16G`, dates as their serial number, booleans,
text inline as in its constant-memory mode, with its `_xHHHH_` escapes and xml:space. A column
is rendered a chunk of rows at a time. What cannot be said as XlsxWriter would (a date before
March 1900, a text over 16 383 characters) raises Unstreamable before anything is rendered.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

MAX_FAST_TEXT = 16_383  # longer texts may pass Excel's 32 767 UTF-16 units: XlsxWriter decides
_EPOCH = np.datetime64("1899-12-30", "D")
_FIRST_FAST_DAY = np.datetime64("1900-03-01", "D")  # before it, Excel's leap-year bug
_LAST_DAY = np.datetime64("9999-12-31", "D")
# XlsxWriter's escapes (xmlwriter.py): _xHHHH_ for control characters, its own underscore
# escaped first; & < > in text; xml:space="preserve" for leading or trailing white space.
_CONTROL_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_NEEDS_WORK = re.compile("[&<>\x00-\x08\x0b-\x1f]|_x")
_EDGE_SPACE = re.compile(r"^\s|\s$")


def _text(value: str) -> str:
    if _NEEDS_WORK.search(value):
        value = _CONTROL_ESCAPED.sub(r"_x005F\1", value)
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", value)
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


class Unstreamable(Exception):
    """A value the stream does not write as XlsxWriter would: XlsxWriter writes the book."""


class DateColumn:
    """A datetime64 column: its serial numbers, rendered a chunk at a time."""

    def __init__(self, values: pd.Series) -> None:
        days = values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        self.nat = np.isnat(days)
        if ((days[~self.nat] < _FIRST_FAST_DAY) | (days[~self.nat] > _LAST_DAY)).any():
            raise Unstreamable("date before March 1900")
        self.serial = (np.where(self.nat, _EPOCH, days) - _EPOCH).astype(np.int64)

    def cells(self, start: int, stop: int) -> list[str | None]:
        serial, nat = self.serial[start:stop].tolist(), self.nat[start:stop].tolist()
        return [None if blank else f"><v>{v}</v>" for v, blank in zip(serial, nat, strict=True)]


def value_cell(value: object) -> str | None:
    """What inputcells.write_value writes for one value, as the inside of a <c> element (the
    type attribute first when it has one); None for a blank."""
    if value is None or value != value:
        return None
    if isinstance(value, str):
        if value == "":
            return None
        if len(value) > MAX_FAST_TEXT:
            raise Unstreamable("long text")
        text = _text(value)
        space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
        return f' t="inlineStr"><is><t{space}>{text}</t></is>'
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v>'
    if isinstance(value, dt.date):
        raise Unstreamable("date object")
    if isinstance(value, int | float):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            return None
        return f"><v>{number:.16G}</v>"
    return value_cell(str(value))


def _unstreamable(values: Sequence[object]) -> bool:
    """Whether some value is a date object (or datetime) or a text longer than MAX_FAST_TEXT
    (the types looked at once each, the texts' lengths at C speed)."""
    types = set(map(type, values))
    if any(issubclass(t, dt.date) for t in types):
        return True
    if str not in types:
        return False
    texts = values if types == {str} else [v for v in values if type(v) is str]
    return max(map(len, texts)) > MAX_FAST_TEXT


_UNSEEN = object()


class ValueColumn:
    """Values written by their Python type, rendered a chunk at a time; the text of values
    that repeat (ids, statuses, names) is kept while there are not too many of them."""

    MEMO = 20_000

    def __init__(self, values: Sequence[object]) -> None:
        if _unstreamable(values):
            raise Unstreamable("a date object or a long text")
        self.values = values
        self.memo: dict[object, str | None] = {}

    def cells(self, start: int, stop: int) -> list[str | None]:
        memo, out = self.memo, []
        for v in self.values[start:stop]:
            if type(v) is float:  # amounts: seldom repeated, quicker written than looked up
                out.append(f"><v>{v:.16G}</v>" if v - v == 0 else None)  # NaN, inf: blank
                continue
            if v is None or v != v:
                out.append(None)
                continue
            try:
                cell = memo.get(v, _UNSEEN)
            except TypeError:  # unhashable: written by its text
                cell = value_cell(v)
            if cell is _UNSEEN:
                cell = value_cell(v)
                if len(memo) < self.MEMO:
                    memo[v] = cell
            out.append(cell)  # type: ignore[arg-type]
        return out


class BlankColumn:
    def cells(self, start: int, stop: int) -> list[str | None]:
        return [None] * (stop - start)


Column = DateColumn | ValueColumn | BlankColumn
