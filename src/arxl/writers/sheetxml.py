"""Render a SheetSpec as worksheet XML, streamed row by row (inline strings, no shared strings)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Sequence

import numpy as np

from arxl.reports.sheet import Column, Kind, SheetSpec, Tone
from arxl.writers.styles import CellStyle, StyleBook

MAX_CELL_TEXT = 32767
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = {False: np.datetime64("1899-12-30", "D"), True: np.datetime64("1904-01-01", "D")}


def col_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        s = chr(65 + rem) + s
    return s


def xml_text(value: str) -> str:
    value = _ILLEGAL_XML.sub("", value)[:MAX_CELL_TEXT]
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _inline(ref: str, style: int, text: str) -> str:
    body = xml_text(text)
    space = ' xml:space="preserve"' if body[:1].isspace() or body[-1:].isspace() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{body}</t></is></c>'


def _column_cells(col: Column, values: Sequence[object], date1904: bool) -> list[str | None]:
    """The <v> text of each value (None for blank, '\\x00' + text for strings)."""
    if col.kind is Kind.DATE:
        arr = np.asarray(values, dtype="datetime64[D]")
        serial = (arr - _EPOCH[date1904]).astype(np.int64)
        nat = np.isnat(arr)
        return [None if nat[i] else str(serial[i]) for i in range(len(arr))]
    if col.kind in (Kind.MONEY, Kind.NUMBER, Kind.INT):
        out: list[str | None] = []
        for v in values:
            if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
                out.append(None)
            elif isinstance(v, str):
                out.append("\x00" + v)
            elif col.kind is Kind.INT:
                out.append(str(int(v)))
            else:
                f = round(float(v), 2) if col.kind is Kind.MONEY else float(v)
                out.append(repr(f) if not f.is_integer() else str(int(f)))
        return out
    return [None if v is None or v == "" else "\x00" + str(v) for v in values]


def render(spec: SheetSpec, styles: StyleBook, *, date1904: bool = False) -> bytes:
    return "".join(_render(spec, styles, date1904)).encode("utf-8")


def _render(spec: SheetSpec, styles: StyleBook, date1904: bool) -> Iterator[str]:
    ncol = len(spec.columns)
    letters = [col_letter(i) for i in range(ncol)]
    n = spec.n_rows
    last_row = 1 + n + (1 if spec.total is not None else 0)
    last_col = letters[-1]
    ref = f"A1:{last_col}{max(last_row, 1)}"
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    )
    tab = f'<tabColor rgb="FF{spec.tab_color}"/>' if spec.tab_color else ""
    yield f'<sheetPr>{tab}<pageSetUpPr fitToPage="1"/></sheetPr>'
    yield f'<dimension ref="{ref}"/>'
    if spec.freeze_header:
        yield (
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
            'activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        )
    else:
        yield '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    yield '<sheetFormatPr defaultRowHeight="15"/><cols>'
    for i, col in enumerate(spec.columns):
        yield f'<col min="{i + 1}" max="{i + 1}" width="{col.width:g}" customWidth="1"/>'
    if spec.note:
        yield f'<col min="{ncol + 2}" max="{ncol + 2}" width="40" customWidth="1"/>'
    yield "</cols><sheetData>"

    header_style = styles.xf(CellStyle(header=True))
    cells = "".join(
        _inline(f"{letters[i]}1", header_style, col.header) for i, col in enumerate(spec.columns)
    )
    if spec.note:
        note_style = styles.xf(CellStyle(kind=Kind.TEXT, tone=Tone.PLAIN))
        cells += _inline(f"{col_letter(ncol + 1)}1", note_style, spec.note)
    yield f'<row r="1" ht="32" customHeight="1">{cells}</row>'

    values = [_column_cells(col, spec.data[i], date1904) for i, col in enumerate(spec.columns)]
    tones = spec.tones if spec.tones is not None else [Tone.PLAIN] * n
    style_ids = {
        tone: [
            styles.xf(CellStyle(kind=col.kind, tone=tone, center=col.center))
            for col in spec.columns
        ]
        for tone in _ordered(tones)
    }
    text_ids = {tone: styles.xf(CellStyle(kind=Kind.TEXT, tone=tone)) for tone in _ordered(tones)}
    for r in range(n):
        excel_row = r + 2
        ids = style_ids[tones[r]]
        parts = []
        for c in range(ncol):
            v = values[c][r]
            ref_c = f"{letters[c]}{excel_row}"
            if v is None:
                parts.append(f'<c r="{ref_c}" s="{ids[c]}"/>')
            elif v[:1] == "\x00":
                s = ids[c] if spec.columns[c].kind is Kind.TEXT else text_ids[tones[r]]
                parts.append(_inline(ref_c, s, v[1:]))
            else:
                parts.append(f'<c r="{ref_c}" s="{ids[c]}"><v>{v}</v></c>')
        yield f'<row r="{excel_row}">{"".join(parts)}</row>'

    if spec.total is not None:
        excel_row = n + 2
        total_cells = _column_cells_row(spec, spec.total, date1904)
        parts = []
        for c, col in enumerate(spec.columns):
            s = styles.xf(CellStyle(kind=col.kind, tone=Tone.TOTAL, center=col.center))
            v = total_cells[c]
            ref_c = f"{letters[c]}{excel_row}"
            if v is None:
                parts.append(f'<c r="{ref_c}" s="{s}"/>')
            elif v[:1] == "\x00":
                parts.append(_inline(ref_c, styles.xf(CellStyle(tone=Tone.TOTAL)), v[1:]))
            else:
                parts.append(f'<c r="{ref_c}" s="{s}"><v>{v}</v></c>')
        yield f'<row r="{excel_row}">{"".join(parts)}</row>'
    yield "</sheetData>"
    if spec.autofilter and n:
        yield f'<autoFilter ref="A1:{last_col}{n + 1}"/>'
    yield ('<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>')
    orientation = "landscape" if spec.landscape else "portrait"
    yield f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
    if spec.print_title:
        yield (
            f"<headerFooter><oddHeader>&amp;L&amp;B{xml_text(spec.print_title)}</oddHeader>"
            "<oddFooter>&amp;R&amp;P / &amp;N</oddFooter></headerFooter>"
        )
    yield "</worksheet>"


def _ordered(tones: Sequence[Tone]) -> list[Tone]:
    """Distinct tones in a fixed order, so styles are appended the same way every run."""
    present = set(tones)
    return [t for t in Tone if t in present]


def _column_cells_row(spec: SheetSpec, row: list[object], date1904: bool) -> list[str | None]:
    return [_column_cells(col, [row[i]], date1904)[0] for i, col in enumerate(spec.columns)]


def excel_serial(day: dt.date, date1904: bool = False) -> int:
    return int((np.datetime64(day, "D") - _EPOCH[date1904]).astype(np.int64))
