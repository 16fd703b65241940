"""The pivot cache of a PivotTable (ECMA-376 Part 1 §18.10.1): its definition (where the data
come from, one cacheField per source column with its shared items) and its records (one per
source row), written from the same values the source sheet is written with, so the cache is
right before Excel or LibreOffice refresh it.

Text columns, and the columns on an axis, keep their distinct values as shared items and the
records point at them (<x v="i"/>), as Excel does; other numbers and dates are inline
(<n>, <d>); an empty source cell is <m/> (missing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from arxl.sheets.spec import Kind, SheetSpec, as_list
from arxl.writers.cellxml import ILLEGAL_XML, col_letter

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
DATE_NUMFMT = 14  # the built-in short date: Excel's for a date cacheField
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXACT = 2**53  # the largest integer every float up to which is exact


def attr(value: object) -> str:
    """Text for an XML attribute value (quotes, markup and characters XML cannot hold)."""
    text = ILLEGAL_XML.sub("", str(value))
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


@dataclass
class CacheField:
    """One source column as the cache holds it.

    `values`: the cell values as the sheet shows them (blank: None or NaN); `items`: the shared
    items in cache order (None for a blank) and `codes` each row's index into them, or both
    None when the records hold the values inline."""

    name: str
    kind: Kind
    values: pd.Series
    blank: np.ndarray
    items: Sequence[object] | None = None
    codes: np.ndarray | None = None
    texts: pa.Array | None = None  # a text field's items (blank left out) as Arrow text

    def numbers(self) -> np.ndarray:
        """The values as floats, as pandas reads them (0 for a blank or not a number)."""
        values = self.values
        if isinstance(values.dtype, pd.ArrowDtype):
            values = pd.Series(values.to_numpy(dtype=object, na_value=None), dtype=object)
        return pd.to_numeric(values, errors="coerce").fillna(0.0).to_numpy(dtype=float)

    @property
    def numeric(self) -> bool:
        return self.kind not in (Kind.TEXT, Kind.DATE)


class TextItems(Sequence[object]):
    """A text field's shared items, read from their Arrow text when asked, the blank (None)
    last when the column has one. As a list of Python strings, the items of a column of
    200 000 invoice numbers took 13 MB for as long as the cache lived; only the axes' items
    are read one by one."""

    def __init__(self, texts: pa.Array, blank: bool) -> None:
        self._texts = texts
        self._blank = blank

    def __len__(self) -> int:
        return len(self._texts) + self._blank

    def __getitem__(self, index: int) -> object:  # type: ignore[override]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        return None if index == len(self._texts) else self._texts[index].as_py()

    def __contains__(self, value: object) -> bool:
        if value is None:
            return self._blank
        return isinstance(value, str) and pc.any(pc.equal(self._texts, value)).as_py() is True


@dataclass
class PivotCache:
    sheet: str  # the source sheet's name
    ref: str  # the source range, header row included: A1:L101
    fields: list[CacheField]

    @property
    def n_records(self) -> int:
        return len(self.fields[0].values) if self.fields else 0


def _cell_values(kind: Kind, values: Sequence[object]) -> pd.Series:
    """The values as the sheet writer writes them (writers/sheetxml.py): text as text,
    money to the cent, whole numbers truncated, dates to the day; blanks as None/NaN/NaT."""
    if kind is Kind.TEXT:
        cells = [None if v is None or v == "" else str(v) for v in as_list(values)]
        return pd.Series(cells, dtype=object)
    if kind is Kind.DATE:
        days = np.asarray(values, dtype="datetime64[D]")
        return pd.Series(days.astype("datetime64[ns]"))
    numbers = plain_numbers(values)
    if numbers is None:  # text, booleans, numpy scalars...: read as pandas reads them
        read = pd.to_numeric(pd.Series(as_list(values), dtype=object), errors="coerce")
        numbers = read.astype(float).to_numpy()
    numbers = np.where(np.isfinite(numbers), numbers, np.nan)
    if kind is Kind.MONEY:
        numbers = np.round(numbers, 2) + 0.0
    elif kind is Kind.INT:
        numbers = np.trunc(numbers)
    return pd.Series(numbers)


def plain_numbers(values: Sequence[object]) -> np.ndarray | None:
    """The values as floats when they are a numeric array, or Python floats, ints (that a
    float holds exactly) and None; else None. What pandas' to_numeric makes of them, without
    its cost on a small sheet."""
    if isinstance(values, np.ndarray):
        return values.astype(float) if values.dtype.kind in "fiu" else None
    cells = as_list(values)
    out = np.empty(len(cells))
    for k, v in enumerate(cells):
        if type(v) is float or (type(v) is int and -EXACT <= v <= EXACT):
            out[k] = v
        elif v is None:
            out[k] = np.nan
        else:
            return None
    return out


def unique_names(headers: Sequence[str]) -> list[str]:
    """Cache field names: the headers, made unique as Excel does (Montant, Montant2)."""
    seen: set[str] = set()
    out = []
    for i, header in enumerate(headers):
        name = header.strip() or f"Column{i + 1}"
        base, n = name, 1
        while name.casefold() in seen:
            n += 1
            name = f"{base}{n}"
        seen.add(name.casefold())
        out.append(name)
    return out


def build_cache(source: SheetSpec, sheet: str, axes: set[int]) -> PivotCache:
    """The cache of `source` as written under the name `sheet`; the columns in `axes` (and
    every text column) get shared items."""
    names = unique_names([c.header for c in source.columns])
    fields = []
    for i, (column, name) in enumerate(zip(source.columns, names, strict=True)):
        coded = _text_codes(source.data[i]) if column.kind is Kind.TEXT else None
        if coded is not None:
            values, blank, shared, codes, texts = coded
            fields.append(CacheField(name, column.kind, values, blank, shared, codes, texts))
            continue
        values = _cell_values(column.kind, source.data[i])
        blank = values.isna().to_numpy()
        field = CacheField(name, column.kind, values, blank)
        if column.kind is Kind.TEXT or i in axes:
            codes, uniques = pd.factorize(values, use_na_sentinel=True)
            items: list[object] = list(uniques)
            if blank.any():
                codes = np.where(codes < 0, len(items), codes)
                items.append(None)
            field.items, field.codes = items, codes
        fields.append(field)
    last = col_letter(len(source.columns) - 1)
    return PivotCache(sheet, f"A1:{last}{source.n_rows + 1}", fields)


def _text_codes(
    values: Sequence[object],
) -> tuple[pd.Series, np.ndarray, TextItems, np.ndarray, pa.Array] | None:
    """What build_cache makes of a text column (values, blank, items, codes and the items as
    Arrow text), in Arrow, when
    its cells are all text or None (an Arrow string array, or a list or array of them); None
    otherwise. The same as _cell_values then factorize: blanks are None and "", the items in
    the order they first come."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if not isinstance(values, pa.Array):
        try:
            values = pa.array(values, pa.large_string())
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        return None
    blank = pc.or_kleene(pc.is_null(values), pc.equal(values, ""))
    cells = pc.if_else(blank, pa.scalar(None, values.type), values)
    coded = pc.dictionary_encode(cells)
    codes = pc.fill_null(coded.indices, -1).to_numpy().astype(np.intp)
    is_blank = blank.to_numpy(zero_copy_only=False)
    items = TextItems(coded.dictionary, bool(is_blank.any()))
    if is_blank.any():
        codes = np.where(codes < 0, len(coded.dictionary), codes)
    return pd.Series(pd.arrays.ArrowExtensionArray(cells)), is_blank, items, codes, coded.dictionary


# --- the definition ------------------------------------------------------------------------


def _iso(value: object) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%dT%H:%M:%S")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def item_xml(value: object, kind: Kind) -> str:
    """A shared item or an inline record value."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "<m/>"
    if kind is Kind.TEXT:
        return f'<s v="{attr(value)}"/>'
    if kind is Kind.DATE:
        return f'<d v="{_iso(value)}"/>'
    return f'<n v="{_number(float(value))}"/>'  # type: ignore[arg-type]


def number_texts(numbers: np.ndarray) -> pa.Array:
    """Numbers as XML attribute text, an Arrow string array: whole numbers without a decimal
    point, the others as Python writes them back exactly (each distinct value spelled once)."""
    codes, uniques = pd.factorize(np.nan_to_num(numbers.astype(float)) + 0.0)
    whole = uniques == np.trunc(uniques)
    cents = np.rint(uniques * 100)
    # an amount to the cent that is not whole: Python writes back the cents it is nearest to
    # (no shorter text is that near: below CENTS_EXACT two cents are more than a float apart)
    in_cents = ~whole & (cents / 100 == uniques) & (np.abs(uniques) < CENTS_EXACT)
    other = ~whole & ~in_cents
    spelled = [
        pa.array(uniques[whole].astype(np.int64)).cast(pa.string()),
        cent_texts(cents[in_cents].astype(np.int64)),
        pa.array([repr(x) for x in uniques[other].tolist()], pa.string()),
    ]
    order = np.concatenate([np.flatnonzero(whole), np.flatnonzero(in_cents), np.flatnonzero(other)])
    where = np.empty(len(uniques), np.int64)
    where[order] = np.arange(len(uniques))
    return pa.concat_arrays(spelled).take(pa.array(where[codes]))


CENTS_EXACT = 2.0**46  # from 2**46 on, a float's step (1/64) is no longer below half a cent


def cent_texts(cents: np.ndarray) -> pa.Array:
    """Amounts given in whole cents (none a whole unit) as Python writes them: 12.5, -0.05."""
    size = np.abs(cents)
    units = pa.array(size // 100).cast(pa.string())
    two = pc.utf8_lpad(pa.array(size % 100).cast(pa.string()), 2, "0")
    sign = pc.if_else(pa.array(cents < 0), "-", "")
    return pc.binary_join_element_wise(sign, units, ".", pc.utf8_rtrim(two, "0"), "")


def _text_items(items: list[object] | pa.Array) -> str:
    """Shared text items (Python values or Arrow text), escaped in Arrow rather than one
    Python call per item."""
    text = items if isinstance(items, pa.Array) else pa.array([str(v) for v in items], pa.string())
    if pc.any(pc.match_substring_regex(text, f'(?:{ILLEGAL_XML.pattern})|[&<>"]')).as_py():
        text = pc.replace_substring_regex(text, ILLEGAL_XML.pattern, "")
        for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
            text = pc.replace_substring(text, raw, escaped)
    head, tail, none = (pa.scalar(s, text.type) for s in ('<s v="', '"/>', ""))
    cells = pc.binary_join_element_wise(head, text, tail, none)
    whole = pa.ListArray.from_arrays(pa.array([0, len(cells)], pa.int32()), cells)
    return pc.binary_join(whole, none)[0].as_py() or ""


def _shared_items(field: CacheField) -> str:
    present = field.values[~field.blank]
    flags: list[str] = []
    if field.kind is Kind.TEXT:
        if not len(present):
            flags += ['containsNonDate="0"', 'containsString="0"']
    elif field.kind is Kind.DATE:
        flags += ['containsSemiMixedTypes="0"', 'containsNonDate="0"', 'containsString="0"']
        if len(present):
            flags.insert(2, 'containsDate="1"')
            flags += [f'minDate="{_iso(present.min())}"', f'maxDate="{_iso(present.max())}"']
    else:
        if len(present):
            numbers = present.to_numpy(dtype=float)
            flags += ['containsSemiMixedTypes="0"', 'containsString="0"', 'containsNumber="1"']
            if bool(np.all(numbers == np.trunc(numbers))):
                flags.append('containsInteger="1"')
            flags += [
                f'minValue="{_number(numbers.min())}"',
                f'maxValue="{_number(numbers.max())}"',
            ]
        else:
            flags += ['containsNonDate="0"', 'containsString="0"']
    if field.blank.any():
        # a blank beside numbers or dates: not only numbers any more (Excel drops the flag)
        if len(present) and field.kind is not Kind.TEXT:
            flags = [f for f in flags if not f.startswith("containsSemiMixedTypes")]
        flags.append('containsBlank="1"')
    if field.items is None:
        return f"<sharedItems {' '.join(flags)}/>" if flags else "<sharedItems/>"
    flags.append(f'count="{len(field.items)}"')
    if field.kind is Kind.TEXT:
        texts = field.texts
        named = texts if texts is not None else [v for v in field.items if v is not None]
        body = _text_items(named) + ("<m/>" if None in field.items else "")
    else:
        body = "".join(item_xml(v, field.kind) for v in field.items)
    return f"<sharedItems {' '.join(flags)}>{body}</sharedItems>"


def definition_xml(cache: PivotCache, refreshed: dt.date | None, records_rid: str) -> bytes:
    """pivotCacheDefinition: the worksheet source and the fields (§18.10.1.67)."""
    fields = "".join(
        f'<cacheField name="{attr(f.name)}" numFmtId="{DATE_NUMFMT if f.kind is Kind.DATE else 0}">'
        f"{_shared_items(f)}</cacheField>"
        for f in cache.fields
    )
    when = (refreshed or EXCEL_EPOCH) - EXCEL_EPOCH
    xml = (
        f'{DECL}<pivotCacheDefinition xmlns="{NS_MAIN}" xmlns:r="{NS_R}" r:id="{records_rid}"'
        f' refreshedBy="arxl" refreshedDate="{when.days}" createdVersion="6"'
        f' refreshedVersion="6" minRefreshableVersion="3" recordCount="{cache.n_records}">'
        f'<cacheSource type="worksheet"><worksheetSource ref="{cache.ref}"'
        f' sheet="{attr(cache.sheet)}"/></cacheSource>'
        f'<cacheFields count="{len(cache.fields)}">{fields}</cacheFields>'
        "</pivotCacheDefinition>"
    )
    return xml.encode("utf-8")


# --- the records ---------------------------------------------------------------------------


def _record_cells(field: CacheField, start: int, stop: int) -> pa.Array:
    """The XML of rows start..stop for this field, as an Arrow string array (built per
    distinct value where the field has shared items, per row otherwise)."""
    if field.codes is not None:
        codes = pc.cast(pa.array(field.codes[start:stop], pa.int64()), pa.string())
        return pc.binary_join_element_wise('<x v="', codes, '"/>', "")
    values = field.values.iloc[start:stop]
    if field.kind is Kind.DATE:
        # datetime64[ns] days: four-digit years; Arrow writes "YYYY-MM-DD HH:MM:SS"
        seconds = pa.array(values.to_numpy(dtype="datetime64[s]"), pa.timestamp("s"))
        stamps = pc.replace_substring(pc.cast(seconds, pa.string()), " ", "T")
        cells = pc.binary_join_element_wise('<d v="', stamps, '"/>', "")
    else:
        texts = number_texts(values.to_numpy(dtype=float))
        cells = pc.binary_join_element_wise('<n v="', texts, '"/>', "")
    return pc.if_else(pa.array(field.blank[start:stop], pa.bool_()), "<m/>", cells)


# rows of the records made at a time: made in a writer thread while another renders Suivi,
# so each block's Arrow texts add to the peak (20 000 rows: +20 MB on a 200 000-row convert)
RECORDS_BLOCK = 5_000


def records_chunks(cache: PivotCache, block: int = RECORDS_BLOCK) -> Iterator[bytes]:
    """pivotCacheRecords (§18.10.1.68) as UTF-8, in blocks of rows (joined in Arrow, off the
    GIL); each block's cells are made and dropped in turn, so that the records of a big
    sheet are never all in memory as Arrow arrays and Python text at once."""
    yield (
        f'{DECL}<pivotCacheRecords xmlns="{NS_MAIN}" xmlns:r="{NS_R}" count="{cache.n_records}">'
    ).encode()
    for start in range(0, cache.n_records, block):
        stop = min(start + block, cache.n_records)
        parts = [_record_cells(f, start, stop) for f in cache.fields]
        rows = pc.binary_join_element_wise("<r>", *parts, "</r>", "")
        whole = pa.ListArray.from_arrays(pa.array([0, len(rows)], pa.int32()), rows)
        yield pc.binary_join(whole, "")[0].as_buffer().to_pybytes()
    yield b"</pivotCacheRecords>"
