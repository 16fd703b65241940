"""Render a SheetSpec as worksheet XML, streamed in chunks of rows (inline strings only).

Rendering has two steps: `prepare` registers every cell style the sheet needs in the StyleBook
(so styles.xml can be written before the sheet), then `SheetPlan.chunks()` yields the XML a
block of rows at a time, so a sheet of a million rows never exists as one string.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from arxl.reports.sheet import Column, Kind, SheetSpec, Tone
from arxl.writers.styles import CellStyle, StyleBook

MAX_CELL_TEXT = 32767
CHUNK_ROWS = 20_000
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEEDS_ESCAPE = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORMULA_REF = re.compile(r"\{(\w+)\}")
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
    if len(value) > MAX_CELL_TEXT:
        value = value[:MAX_CELL_TEXT]
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    value = _ILLEGAL_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _inline_body(text: str) -> str:
    """An inline-string cell after its style: ` t="inlineStr"><is><t>...</t></is></c>`."""
    body = xml_text(text)
    space = ' xml:space="preserve"' if body[:1].isspace() or body[-1:].isspace() else ""
    return f' t="inlineStr"><is><t{space}>{body}</t></is></c>'


def _inline_rest(style: int, text: str) -> str:
    """Everything of an inline-string cell after its reference."""
    return f' s="{style}"' + _inline_body(text)


def _cell_texts(col: Column, values: Sequence[object], date1904: bool) -> list[str | None]:
    """The <v> text of each value (None for blank, '\\x00' + text for strings)."""
    if col.kind is Kind.DATE:
        arr = np.asarray(values, dtype="datetime64[D]")
        nat = np.isnat(arr)
        out: list[str | None] = (arr - _EPOCH[date1904]).astype(np.int64).astype(str).tolist()
        for i in np.flatnonzero(nat).tolist():
            out[i] = None
        return out
    if col.kind is Kind.TEXT:
        return [None if v is None or v == "" else "\x00" + str(v) for v in values]
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        arr = values.astype(float)
        nan = np.isnan(arr)
        if col.kind is Kind.INT:
            out = np.where(nan, 0, arr).astype(np.int64).astype(str).tolist()
        else:
            if col.kind is Kind.MONEY:
                arr = np.round(arr, 2) + 0.0
            out = [repr(x) for x in arr.tolist()]
        for i in np.flatnonzero(nan).tolist():
            out[i] = None
        return out
    out = []
    for v in values:
        if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        elif isinstance(v, str):
            out.append("\x00" + v)
        elif col.kind is Kind.INT:
            out.append(str(int(v)))  # type: ignore[call-overload]
        else:
            f = round(float(v), 2) if col.kind is Kind.MONEY else float(v)  # type: ignore[arg-type]
            out.append(repr(f + 0.0))
    return out


@dataclass
class SheetPlan:
    """A sheet ready to stream: its spec and the style ids it uses."""

    spec: SheetSpec
    date1904: bool
    header_style: int
    value_styles: dict[Tone, list[int]]  # tone -> style per column
    text_styles: dict[Tone, int]  # tone -> style for text found in a number column
    total_styles: list[int]
    total_text_style: int

    def chunks(self) -> Iterator[str]:
        spec = self.spec
        letters = [col_letter(i) for i in range(len(spec.columns))]
        n = spec.n_rows
        yield from self._head(letters)
        yield f'<row r="1" ht="32" customHeight="1">{self._header_cells(letters)}</row>'
        tones = spec.tones if spec.tones is not None else [Tone.PLAIN] * n
        for start in range(0, n, CHUNK_ROWS):
            stop = min(n, start + CHUNK_ROWS)
            yield self._rows(letters, start, stop, tones[start:stop])
        if spec.total is not None:
            row = n + 2
            cells = []
            for c, col in enumerate(spec.columns):
                v = _cell_texts(col, [spec.total[c]], self.date1904)[0]
                ref = f'<c r="{letters[c]}{row}"'
                if v is None:
                    cells.append(f'{ref} s="{self.total_styles[c]}"/>')
                elif v[:1] == "\x00":
                    cells.append(ref + _inline_rest(self.total_text_style, v[1:]))
                elif col.formula and n:
                    total = f"SUM({letters[c]}2:{letters[c]}{n + 1})"
                    cells.append(f'{ref} s="{self.total_styles[c]}"><f>{total}</f><v>{v}</v></c>')
                else:
                    cells.append(f'{ref} s="{self.total_styles[c]}"><v>{v}</v></c>')
            yield f'<row r="{row}">{"".join(cells)}</row>'
        yield from self._tail(letters)

    def _rows(self, letters: list[str], start: int, stop: int, tones: Sequence[Tone]) -> str:
        spec = self.spec
        rests: list[list[str]] = []
        for c, col in enumerate(spec.columns):
            texts = _cell_texts(col, spec.data[c][start:stop], self.date1904)
            attr = {t: f' s="{ids[c]}"' for t, ids in self.value_styles.items()}
            sids = [attr[t] for t in tones]
            if col.kind is Kind.TEXT:
                cache: dict[str, str] = {}
                rest = []
                for sid, v in zip(sids, texts, strict=True):
                    if v is None:
                        rest.append(sid + "/>")
                        continue
                    body = cache.get(v)
                    if body is None:
                        body = cache[v] = _inline_body(v[1:])
                    rest.append(sid + body)
            else:
                rest = [
                    sid + "/>" if v is None else sid + "><v>" + v + "</v></c>"
                    for sid, v in zip(sids, texts, strict=True)
                ]
                for i, v in enumerate(texts):  # text typed in a number column: shown as text
                    if v is not None and v[:1] == "\x00":
                        rest[i] = f' s="{self.text_styles[tones[i]]}"' + _inline_body(v[1:])
            if col.formula:
                rest = self._with_formulas(col.formula, letters, start, rest)
            rests.append(rest)
        out = []
        for i, cells in enumerate(zip(*rests, strict=True)):
            row = str(start + i + 2)
            body = "".join(
                ['<c r="' + x + row + '"' + y for x, y in zip(letters, cells, strict=True)]
            )
            out.append('<row r="' + row + '">' + body + "</row>")
        return "".join(out)

    def _with_formulas(
        self, formula: str, letters: list[str], start: int, rest: list[str]
    ) -> list[str]:
        """Cells `s=".."><v>cached</v></c>` become `s=".."><f>formula</f><v>cached</v></c>`."""
        by_key = {c.key: letters[i] for i, c in enumerate(self.spec.columns) if c.key}
        pieces = _FORMULA_REF.split(xml_text(formula.removeprefix("=")))
        out = []
        for i, cell in enumerate(rest):
            row = str(start + i + 2)
            text = "".join((by_key[p] + row) if k % 2 else p for k, p in enumerate(pieces))
            style, _, value = cell.partition(">")
            if value:
                out.append(f"{style}><f>{text}</f>{value}")
            else:  # a blank cached value: the formula alone
                out.append(f"{style.removesuffix('/')}><f>{text}</f></c>")
        return out

    def _header_cells(self, letters: list[str]) -> str:
        return "".join(
            f'<c r="{letters[i]}1"' + _inline_rest(self.header_style, col.header)
            for i, col in enumerate(self.spec.columns)
        )

    def _head(self, letters: list[str]) -> Iterator[str]:
        spec = self.spec
        last_row = 1 + spec.n_rows + (1 if spec.total is not None else 0)
        yield (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        )
        tab = f'<tabColor rgb="FF{spec.tab_color}"/>' if spec.tab_color else ""
        yield f'<sheetPr>{tab}<pageSetUpPr fitToPage="1"/></sheetPr>'
        yield f'<dimension ref="A1:{letters[-1]}{last_row}"/>'
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
        yield "</cols><sheetData>"

    def _tail(self, letters: list[str]) -> Iterator[str]:
        spec = self.spec
        yield "</sheetData>"
        if spec.autofilter and spec.n_rows:
            yield f'<autoFilter ref="A1:{letters[-1]}{spec.n_rows + 1}"/>'
        yield (
            '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        )
        orientation = "landscape" if spec.landscape else "portrait"
        yield (
            f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
        )
        if spec.print_title:
            yield (
                f"<headerFooter><oddHeader>&amp;L&amp;B{xml_text(spec.print_title)}</oddHeader>"
                "<oddFooter>&amp;R&amp;P / &amp;N</oddFooter></headerFooter>"
            )
        yield "</worksheet>"


def prepare(spec: SheetSpec, styles: StyleBook, *, date1904: bool = False) -> SheetPlan:
    """Register the styles the sheet uses, in a fixed order (same styles.xml every run)."""
    tones = _ordered(spec.tones if spec.tones is not None else [Tone.PLAIN])
    header = styles.xf(CellStyle(header=True))
    value_styles = {
        tone: [styles.xf(CellStyle(kind=c.kind, tone=tone, center=c.center)) for c in spec.columns]
        for tone in tones
    }
    text_styles = {tone: styles.xf(CellStyle(kind=Kind.TEXT, tone=tone)) for tone in tones}
    total = (
        [styles.xf(CellStyle(kind=c.kind, tone=Tone.TOTAL, center=c.center)) for c in spec.columns]
        if spec.total is not None
        else []
    )
    total_text = styles.xf(CellStyle(tone=Tone.TOTAL)) if spec.total is not None else 0
    return SheetPlan(spec, date1904, header, value_styles, text_styles, total, total_text)


def render(spec: SheetSpec, styles: StyleBook, *, date1904: bool = False) -> bytes:
    """The whole sheet as bytes (for small sheets and tests)."""
    return "".join(prepare(spec, styles, date1904=date1904).chunks()).encode("utf-8")


def _ordered(tones: Sequence[Tone]) -> list[Tone]:
    """Distinct tones in a fixed order, so styles are appended the same way every run."""
    present = set(tones)
    return [t for t in Tone if t in present]
