"""Rows of a big owned sheet built by Arrow compute kernels instead of Python string code.

Produces exactly the XML of `SheetPlan._rows` (sheetxml.py), but column by column with
`binary_join_element_wise`, so the per-cell work runs in C++: on a 100 000-row sheet this is
several times faster than the fastest Python string code. sheetxml uses it for big chunks when
pyarrow is installed; data it does not handle (text typed in a number column, a text column
holding a formula) makes it return None and the Python path renders the chunk.

Numbers: Arrow and Python may spell the same double differently far from money amounts
(`1e-05` and `0.00001`, `1.2345678901234567e+14` and `123456789012345.67`); both are valid
`xsd:double` texts of the same value. Integral floats get Python's `.0` so a reader sees floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from arxl.arrowtext import STR, choose, concatenated, float_texts, join
from arxl.sheets.spec import Column, Kind, SheetSpec, Tone
from arxl.writers.cellxml import MAX_CELL_TEXT, excel_serials, opening


class RowPlan(Protocol):
    """What the rows need of sheetxml.SheetPlan (which imports this module, not the reverse)."""

    spec: SheetSpec
    date1904: bool
    value_styles: dict[Tone, list[int]]  # tone -> style per column

    def shared_index(self, c: int) -> int: ...


# The same characters as cellxml.ILLEGAL_XML / NEEDS_ESCAPE, in RE2 syntax.
_ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]"
_NEEDS_ESCAPE = r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]"
# What str.isspace() accepts among the characters left after _ILLEGAL is removed.
_EDGE_SPACE = r"^[\t\n\r \x{85}\pZ]|[\t\n\r \x{85}\pZ]$"


def _texts(values: Sequence[object]) -> pa.Array:
    """Cell texts of a text column: escaped, None where blank."""
    try:
        arr = values.cast(STR) if isinstance(values, pa.Array) else pa.array(values, type=STR)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array([None if v is None or v == "" else str(v) for v in values], type=STR)
    arr = choose(pc.fill_null(pc.equal(arr, ""), True), pa.scalar(None, STR), arr)
    if (pc.max(pc.utf8_length(arr)).as_py() or 0) > MAX_CELL_TEXT:
        arr = pc.utf8_slice_codeunits(arr, 0, MAX_CELL_TEXT)
    if pc.any(pc.match_substring_regex(arr, _NEEDS_ESCAPE)).as_py():
        arr = pc.replace_substring_regex(arr, _ILLEGAL, "")
        for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
            arr = pc.replace_substring(arr, char, entity)
    return arr


def _text_tail(values: Sequence[object], before: str, after: str) -> pa.Array:
    """The tails of a text column's cells: an inline string, or "/>" where blank; each between
    the literal texts `before` and `after`."""
    text = _texts(values)
    space = choose(pc.match_substring_regex(text, _EDGE_SPACE), ' xml:space="preserve"', "")
    body = join(before + ' t="inlineStr"><is><t', space, ">", text, "</t></is></c>" + after)
    return choose(pc.is_null(text), before + "/>" + after, body)


def _numbers(col: Column, values: Sequence[object], date1904: bool) -> pa.Array | None:
    """The <v> texts of a date or number column (None where blank); None if not plain data."""
    if col.kind is Kind.DATE:
        serial, blank = excel_serials(np.asarray(values, dtype="datetime64[D]"), date1904)
        return pa.array(serial, mask=blank).cast(STR)
    if not (isinstance(values, np.ndarray) and values.dtype.kind in "fiub"):
        return None
    arr = values.astype(float)
    nan = ~np.isfinite(arr)  # NaN and infinities are written blank
    if col.kind is Kind.INT:
        return pa.array(np.where(nan, 0, arr).astype(np.int64), mask=nan).cast(STR)
    if col.kind is Kind.MONEY:
        arr = np.round(arr, 2) + 0.0
    return float_texts(arr, nan)


def _tail(
    plan: RowPlan, c: int, values: Sequence[object], before: str, after: str
) -> pa.Array | None:
    """What follows each cell's style in column c (sheetxml's tails), between the literal
    texts `before` and `after`, or None if unsupported. A date or number column of few
    distinct values (days late, rates, dates) is rendered once per value, then taken."""
    coded = _few_values(values)
    if coded is not None:
        tail = _value_tail(plan, c, coded[0], before, after)
        return None if tail is None else pc.take(tail, pa.array(coded[1]))
    return _value_tail(plan, c, values, before, after)


def _few_values(values: Sequence[object]) -> tuple[np.ndarray, np.ndarray] | None:
    """(distinct values, index of each value) of a date or number array holding at most half
    as many distinct values as values; None otherwise."""
    if not (isinstance(values, np.ndarray) and values.dtype.kind in "fiubM"):
        return None
    if len(values) < 256:
        return None
    if values.dtype.kind == "f" and (np.signbit(values) & (values == 0)).any():
        return None  # a hash table would merge -0.0 with 0.0, which are spelled apart
    # by hashing, in the order they come (np.unique sorts: twice as long for a block of money
    # amounts, which are then rendered one by one anyway)
    index, distinct = pd.factorize(values, use_na_sentinel=False)
    return (distinct, index) if len(distinct) * 2 <= len(values) else None


def _value_tail(
    plan: RowPlan, c: int, values: Sequence[object], before: str, after: str
) -> pa.Array | None:
    col = plan.spec.columns[c]
    if isinstance(values, pa.ChunkedArray):  # this block of rows only: a small copy
        values = values.combine_chunks()
    if col.kind is Kind.TEXT:
        if col.formula:
            return None
        if not isinstance(values, pa.Array):
            try:
                values = pa.array(values, type=STR)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                return _text_tail(values, before, after)
        # a column of few distinct texts (statuses, clients) is rendered once per text
        coded = pc.dictionary_encode(values, null_encoding="encode")
        if len(coded.dictionary) * 2 > len(coded):
            return _text_tail(values, before, after)
        return pc.take(_text_tail(coded.dictionary, before, after), coded.indices)
    text = _numbers(col, values, plan.date1904)
    if text is None:
        return None
    if col.formula:
        ref = f'<f t="shared" si="{plan.shared_index(c)}"/>'
        blank, filled = f">{ref}</c>", f">{ref}<v>"
    else:
        blank, filled = "/>", "><v>"
    return choose(
        pc.is_null(text),
        before + blank + after,
        join(before + filled, text, "</v></c>" + after),
    )


def _tone_codes(tones: Sequence[Tone]) -> tuple[list[Tone], pa.Array | None]:
    """The distinct tones in the order they first come, and each row's index among them (None
    when the rows share one tone)."""
    present = list(dict.fromkeys(tones))
    if len(present) <= 1:
        return present, None
    codes, distinct = pd.factorize(np.asarray(tones, dtype=object))
    if (codes < 0).any() or distinct.tolist() != present:  # a None or NaN tone: as before
        where = {t: i for i, t in enumerate(present)}
        return present, pa.array(np.fromiter((where[t] for t in tones), np.int32, len(tones)))
    return present, pa.array(codes.astype(np.int32))


def rows(
    plan: RowPlan, letters: list[str], start: int, stop: int, tones: Sequence[Tone]
) -> memoryview | None:
    """Data rows start..stop (0-based) as UTF-8 XML, or None to let Python render them.

    Each row is one element-wise join: `<row r="`, n, `">`, then per cell its opening and
    style and its tail. The literal texts are folded into the tails where those are rendered
    (the style too when the rows share one tone): the join's cost grows with its operands."""
    spec = plan.spec
    present, index = _tone_codes(tones)
    number = pa.array(np.arange(start + 2, stop + 2)).cast(STR)
    parts: list[object] = ['<row r="', number, '">']
    for c, col in enumerate(spec.columns):
        head, numbered, rest = opening(letters[c], col).partition("{0}")
        if numbered:  # a cell that keeps its reference: `<c r="H`, n, `"`
            parts += [head, number]
            head = rest
        styles = [f'{head} s="{plan.value_styles[t][c]}"' for t in present]
        before = styles[0] if index is None else ""
        if index is not None:
            parts.append(pc.take(pa.array(styles, STR), index))
        after = "</row>" if c + 1 == len(spec.columns) else ""
        tail = _tail(plan, c, spec.data[c][start:stop], before, after)
        if tail is None:
            return None
        parts.append(tail)
    return concatenated(join(*parts))
