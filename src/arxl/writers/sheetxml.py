"""Render a SheetSpec as worksheet XML, streamed in chunks of rows (inline strings only).

Rendering has two steps: `prepare` registers every cell style the sheet needs in the StyleBook
(so styles.xml can be written before the sheet), then `SheetPlan.chunks()` yields the XML a
block of rows at a time, so a sheet of a million rows never exists as one string.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from arxl.ooxml.zipcopy import encoded
from arxl.sheets.spec import Kind, SheetSpec, Tone, as_list
from arxl.writers.cellxml import (
    cell_texts,
    col_letter,
    opening,
    sum_cached,
    xml_text,
)
from arxl.writers.styles import CellStyle, StyleBook
from arxl.writers.widths import column_width

# rows rendered at a time; two big sheets render at once in the writer's threads, and each
# block's Arrow texts count in the peak (20 000 rows: +20 MB on a 200 000-row convert)
CHUNK_ROWS = 5_000
MAX_LINES = 8  # a wrapped cell's row grows up to this many lines
# Sheets from this many rows are rendered with Arrow when pyarrow is installed (pandas already
# imports it); for smaller ones the Python path is as quick.
ARROW_MIN_ROWS = 2_000
_FORMULA_REF = re.compile(r"\{(@?\w+)\}")


def _arrow_rows() -> Callable[..., memoryview | None] | None:
    try:
        from arxl.writers import arrowrows
    except ImportError:  # pyarrow is not installed: Python renders every row
        return None
    return arrowrows.rows


def _inline_body(text: str) -> str:
    """An inline-string cell after its style: ` t="inlineStr"><is><t>...</t></is></c>`."""
    body = xml_text(text)
    space = ' xml:space="preserve"' if body[:1].isspace() or body[-1:].isspace() else ""
    return f' t="inlineStr"><is><t{space}>{body}</t></is></c>'


def _inline_rest(style: int, text: str) -> str:
    """Everything of an inline-string cell after its reference."""
    return f' s="{style}"' + _inline_body(text)


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
    side_styles: list[int]  # per column of the side table

    @cached_property
    def widths(self) -> list[float]:
        """The width of each column of the table, from what it holds (writers.widths)."""
        spec = self.spec
        return [
            column_width(col, spec.data[i], spec.formats, _total_cell(spec.total, i))
            for i, col in enumerate(spec.columns)
        ]

    def to_bytes(self) -> bytes:
        return b"".join(encoded(c) for c in self.chunks())

    def chunks(self) -> Iterator[str | memoryview]:
        """The sheet's XML in pieces: text, or UTF-8 bytes for rows Arrow rendered."""
        spec = self.spec
        letters = [col_letter(i) for i in range(len(spec.columns))]
        n = spec.n_rows
        yield from self._head(letters)
        side = self._side_cells(len(letters))
        header = self._header_cells(letters) + side.get(1, "")
        yield f'<row r="1" ht="32" customHeight="1">{header}</row>'
        tones = spec.tones if spec.tones is not None else [Tone.PLAIN] * n
        wraps = any(c.wrap for c in spec.columns)  # rows sized to their lines: in Python
        fast = _arrow_rows() if n >= ARROW_MIN_ROWS and not wraps else None
        for start in range(0, n, CHUNK_ROWS):
            stop = min(n, start + CHUNK_ROWS)
            first = start
            if start == 0:  # the shared formulas' masters, the rows beside the side table
                head = max(1 if any(c.formula for c in spec.columns) else 0, len(side) - 1)
                first = min(head, stop)
                if first:
                    yield self._rows(letters, 0, first, tones[:first], side)
                if first == stop:
                    continue
            done = fast(self, letters, first, stop, tones[first:stop]) if fast else None
            yield done if done is not None else self._rows(letters, first, stop, tones[first:stop])
        last = n + 1
        if spec.total is not None:
            row = last = n + 2
            cells = []
            for c, col in enumerate(spec.columns):
                v = cell_texts(col, [spec.total[c]], self.date1904)[0]
                ref = f'<c r="{letters[c]}{row}"'
                if v is None:
                    cells.append(f'{ref} s="{self.total_styles[c]}"/>')
                elif v[:1] == "\x00":
                    cells.append(ref + _inline_rest(self.total_text_style, v[1:]))
                elif col.formula and n:
                    total = f"SUM({letters[c]}2:{letters[c]}{n + 1})"
                    v = sum_cached(col, spec.data[c])
                    cells.append(f'{ref} s="{self.total_styles[c]}"><f>{total}</f><v>{v}</v></c>')
                else:
                    cells.append(f'{ref} s="{self.total_styles[c]}"><v>{v}</v></c>')
            yield f'<row r="{row}">{"".join(cells)}{side.get(row, "")}</row>'
        for row in sorted(r for r in side if r > last):  # a side table longer than the sheet
            yield f'<row r="{row}">{side[row]}</row>'
        yield from self._tail(letters)

    def _side_cells(self, after: int) -> dict[int, str]:
        """The side table's cells (with their references) by row number, header included."""
        side = self.spec.side
        if side is None:
            return {}
        out = {
            1: "".join(
                f'<c r="{col_letter(after + 1 + i)}1"' + _inline_rest(self.header_style, c.header)
                for i, c in enumerate(side.columns)
            )
        }
        for i, col in enumerate(side.columns):
            letter, style = col_letter(after + 1 + i), self.side_styles[i]
            for r, v in enumerate(cell_texts(col, side.data[i], self.date1904), start=2):
                ref = f'<c r="{letter}{r}" s="{style}"'
                if v is None:
                    cell = ref + "/>"
                elif v[:1] == "\x00":
                    cell = ref + _inline_body(v[1:])
                else:
                    cell = f"{ref}><v>{v}</v></c>"
                out[r] = out.get(r, "") + cell
        return out

    def _rows(
        self,
        letters: list[str],
        start: int,
        stop: int,
        tones: Sequence[Tone],
        side: dict[int, str] | None = None,
    ) -> str:
        """Rows start..stop (0-based data rows) as XML.

        Each column becomes a list of cell tails (what follows the cell's style), and each row
        is one `str.format` of its tone's row template: no per-cell concatenation in Python.
        Rows holding text in a number column (rare) are rendered cell by cell instead.
        """
        spec = self.spec
        tails: list[list[str]] = []
        odd: dict[int, dict[int, str]] = {}  # row offset -> column -> text in a number column
        for c, col in enumerate(spec.columns):
            texts = cell_texts(col, spec.data[c][start:stop], self.date1904)
            if col.kind is Kind.TEXT:
                cache: dict[str, str] = {}
                tail = [
                    "/>"
                    if v is None
                    else (cache.get(v) or cache.setdefault(v, _inline_body(v[1:])))
                    for v in texts
                ]
            else:
                tail = ["/>" if v is None else "><v>" + v + "</v></c>" for v in texts]
                for i, v in enumerate(texts):
                    if v is not None and v[:1] == "\x00":
                        odd.setdefault(i, {})[c] = v[1:]
            if col.formula:
                tail = self._with_formulas(c, start, tail)
            tails.append(tail)
        templates = {tone: self._row_template(letters, tone).format for tone in set(tones)}
        out = [
            templates[tone](row, *cells)
            for row, tone, cells in zip(
                range(start + 2, stop + 2), tones, zip(*tails, strict=True), strict=True
            )
        ]
        for i, texts in odd.items():
            out[i] = self._odd_row(letters, start + i + 2, tones[i], [t[i] for t in tails], texts)
        for i in range(len(out)) if side else ():
            extra = side.get(start + i + 2)  # type: ignore[union-attr]
            if extra:
                out[i] = out[i][: -len("</row>")] + extra + "</row>"
        for i, lines in self._lines(start, stop).items():
            row = f'<row r="{start + i + 2}"'
            out[i] = f'{row} ht="{15 * lines}" customHeight="1"' + out[i][len(row) :]
        return "".join(out)

    def _lines(self, start: int, stop: int) -> dict[int, int]:
        """Rows (offsets from start) whose wrapped text takes more than one line, and how
        many lines (estimated from the text's length and the column's width): a row height
        is written for them, since neither Excel nor LibreOffice sizes rows when opening."""
        out: dict[int, int] = {}
        for c, col in enumerate(self.spec.columns):
            if not col.wrap:
                continue
            per_line = max(1.0, (self.widths[c] - 1) * 1.1)  # characters a line holds
            for i, v in enumerate(as_list(self.spec.data[c][start:stop])):
                if v:
                    lines = min(MAX_LINES, math.ceil(len(str(v)) / per_line))
                    if lines > out.get(i, 1):
                        out[i] = lines
        return out

    def _row_template(self, letters: list[str], tone: Tone) -> str:
        """`<row r="{0}"><c s="5"{1}<c s="7"{2}<c r="C{0}" s="9"{3}...</row>` for one tone.

        A data cell has no reference (`r` is optional: a cell without one is the column after
        the previous cell, and every row here starts at A with no gap). That is a fifth of the
        sheet's XML less to write and to read. Formula cells keep theirs: openpyxl places a
        shared formula by its cell's reference and fails without it."""
        styles = self.value_styles[tone]
        cells = "".join(
            f'{opening(x, col)} s="{styles[c]}"{{{c + 1}}}'
            for c, (x, col) in enumerate(zip(letters, self.spec.columns, strict=True))
        )
        return '<row r="{0}">' + cells + "</row>"

    def _odd_row(
        self, letters: list[str], row: int, tone: Tone, tails: list[str], texts: dict[int, str]
    ) -> str:
        """A row with text typed in number columns: those cells get the text style."""
        cells = []
        for c, (x, col) in enumerate(zip(letters, self.spec.columns, strict=True)):
            start = opening(x, col).format(row)
            if c in texts:
                cells.append(start + _inline_rest(self.text_styles[tone], texts[c]))
            else:
                cells.append(f'{start} s="{self.value_styles[tone][c]}"' + tails[c])
        return f'<row r="{row}">' + "".join(cells) + "</row>"

    def _with_formulas(self, c: int, start: int, tails: list[str]) -> list[str]:
        """Tails `><v>cached</v></c>` become `><f t="shared" si=".."/><v>cached</v></c>`.

        The column's formula is one shared formula (as Excel itself saves a filled-down
        column): the first data cell holds its text and the range, the others refer to it.
        """
        spec = self.spec
        col = spec.columns[c]
        assert col.formula is not None
        ref = f' t="shared" si="{self.shared_index(c)}"'
        follower, alone = f"><f{ref}/>", f"><f{ref}/></c>"
        out = [follower + t[1:] if t[0] == ">" else alone for t in tails]
        if start == 0 and tails:
            letter = col_letter(c)
            text = self._formula_text(col.formula)
            master = f'<f{ref} ref="{letter}2:{letter}{spec.n_rows + 1}">{text}</f>'
            first = tails[0]
            out[0] = ">" + master + first[1:] if first[0] == ">" else ">" + master + "</c>"
        return out

    def shared_index(self, c: int) -> int:
        """The `si` of column c's shared formula: its rank among the formula columns."""
        return sum(1 for x in self.spec.columns[:c] if x.formula)

    def _formula_text(self, formula: str) -> str:
        """The formula of the first data row (row 2), `{key}` replaced by that row's cell."""
        spec = self.spec
        by_key = {c.key: col_letter(i) + "2" for i, c in enumerate(spec.columns) if c.key}
        if spec.side is not None:  # `{@key}`: a side column's whole range, absolute
            after, last = len(spec.columns) + 1, spec.side.n_rows + 1
            for i, c in enumerate(spec.side.columns):
                x = col_letter(after + i)
                by_key[f"@{c.key}"] = f"${x}$2:${x}${max(last, 2)}"
        text = _FORMULA_REF.sub(lambda m: by_key[m.group(1)], formula.removeprefix("="))
        return xml_text(text)

    def _header_cells(self, letters: list[str]) -> str:
        return "".join(
            f'<c r="{letters[i]}1"' + _inline_rest(self.header_style, col.header)
            for i, col in enumerate(self.spec.columns)
        )

    def _head(self, letters: list[str]) -> Iterator[str]:
        spec = self.spec
        last_row = 1 + spec.n_rows + (1 if spec.total is not None else 0)
        last_col = letters[-1]
        if spec.side is not None:
            last_row = max(last_row, 1 + spec.side.n_rows)
            last_col = col_letter(len(letters) + len(spec.side.columns))
        yield (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        )
        tab = f'<tabColor rgb="FF{spec.tab_color}"/>' if spec.tab_color else ""
        yield f'<sheetPr>{tab}<pageSetUpPr fitToPage="1"/></sheetPr>'
        yield f'<dimension ref="A1:{last_col}{last_row}"/>'
        if spec.freeze_header:
            yield (
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
                'activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            )
        else:
            yield '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        yield '<sheetFormatPr defaultRowHeight="15"/><cols>'
        widths = list(self.widths)
        if spec.side is not None:
            widths.append(3.0)  # the gap
            widths += [
                column_width(col, spec.side.data[i], spec.formats)
                for i, col in enumerate(spec.side.columns)
            ]
        for i, width in enumerate(widths, start=1):
            yield f'<col min="{i}" max="{i}" width="{width:g}" customWidth="1"/>'
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
    fm = spec.formats
    header = styles.xf(CellStyle(header=True))
    value_styles = {
        tone: [
            styles.xf(CellStyle(c.kind, tone, wrap=c.wrap, center=c.center, formats=fm))
            for c in spec.columns
        ]
        for tone in tones
    }
    text_styles = {tone: styles.xf(CellStyle(kind=Kind.TEXT, tone=tone)) for tone in tones}
    total = (
        [
            styles.xf(CellStyle(c.kind, Tone.TOTAL, wrap=c.wrap, center=c.center, formats=fm))
            for c in spec.columns
        ]
        if spec.total is not None
        else []
    )
    total_text = styles.xf(CellStyle(tone=Tone.TOTAL)) if spec.total is not None else 0
    side = spec.side.columns if spec.side is not None else []
    side_styles = [styles.xf(CellStyle(c.kind, center=c.center, formats=fm)) for c in side]
    return SheetPlan(
        spec, date1904, header, value_styles, text_styles, total, total_text, side_styles
    )


def render(spec: SheetSpec, styles: StyleBook, *, date1904: bool = False) -> bytes:
    """The whole sheet as bytes (for small sheets and tests)."""
    return prepare(spec, styles, date1904=date1904).to_bytes()


def _total_cell(total: list[object] | None, i: int) -> list[object]:
    return [total[i]] if total is not None and i < len(total) else []


def _ordered(tones: Sequence[Tone]) -> list[Tone]:
    """Distinct tones in a fixed order, so styles are appended the same way every run."""
    present = set(tones)
    return [t for t in Tone if t in present]
