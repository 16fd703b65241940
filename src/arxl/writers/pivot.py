"""A PivotTable sheet as package parts: the sheet's cells, the pivotTable part, the pivot cache
(definition and records), their relationships and content types, and the workbook's
<pivotCaches> entry (ECMA-376 Part 1 §18.10; the part names and relationships of §12.3.11-12).

Nothing here reads or writes the zip: the part-level writer (writers/graft.py) asks for the
parts, gives them names and adds them to the owner's package. On the next refresh it drops the
sheet's parts; `forget_caches` then drops the caches only those parts used, so a refresh
never leaves a second cache behind, and the owner's own PivotTables keep theirs."""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from lxml import etree

from arxl.ooxml.opc import rels_name, resolve, xml
from arxl.sheets.pivot import PivotSpec
from arxl.sheets.spec import Kind
from arxl.writers.cellxml import col_letter, xml_text
from arxl.writers.package import StreamedPart
from arxl.writers.pivotcache import (
    DECL,
    NS_MAIN,
    NS_R,
    RECORDS_BLOCK,
    build_cache,
    definition_xml,
    records_chunks,
)
from arxl.writers.pivottable import PAGE_ROW, TOP, PivotGrid, item_label, layout, table_xml
from arxl.writers.styles import CellStyle, StyleBook

NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
REL_TABLE = NS_R + "/pivotTable"
REL_CACHE = NS_R + "/pivotCacheDefinition"
REL_RECORDS = NS_R + "/pivotCacheRecords"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
CT_TABLE = _CT + "pivotTable+xml"
CT_CACHE = _CT + "pivotCacheDefinition+xml"
CT_RECORDS = _CT + "pivotCacheRecords+xml"
M, R = f"{{{NS_MAIN}}}", f"{{{NS_R}}}"


@dataclass
class PivotParts:
    """What write_sheets adds for a pivot sheet: the sheet's XML, the other parts by name,
    their content types, and the cache definition the workbook must list."""

    sheet: bytes
    cache_part: str
    parts: dict[str, bytes | StreamedPart] = field(default_factory=dict)
    content_types: dict[str, str] = field(default_factory=dict)


def _rels(*targets: tuple[str, str]) -> bytes:
    body = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(targets, start=1)
    )
    return f'{DECL}<Relationships xmlns="{NS_PKG_REL}">{body}</Relationships>'.encode()


def _relative(part: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(part))


def render(
    spec: PivotSpec,
    styles: StyleBook,
    sheet_part: str,
    fresh_name: Callable[[str], str],
    source_name: str,
    cache_id: int,
) -> PivotParts:
    """The parts of a pivot sheet written at `sheet_part`, its cache reading the sheet named
    `source_name`; `fresh_name(stem)` gives a free part name for stem.format(n)."""
    axes = {spec.rows, spec.cols} | ({spec.page} if spec.page is not None else set())
    cache = build_cache(spec.source, source_name, axes)
    grid = layout(spec, cache)
    money = styles.xf(CellStyle(Kind.MONEY))
    cell_xfs = styles.root.find(M + "cellXfs")
    numfmt = int([x for x in cell_xfs if isinstance(x.tag, str)][money].get("numFmtId", "0"))
    table = fresh_name("xl/pivotTables/pivotTable{}.xml")
    definition = fresh_name("xl/pivotCache/pivotCacheDefinition{}.xml")
    records = fresh_name("xl/pivotCache/pivotCacheRecords{}.xml")
    out = PivotParts(_sheet_xml(spec, cache.fields, grid, styles), definition)
    out.parts[rels_name(sheet_part)] = _rels((REL_TABLE, _relative(sheet_part, table)))
    out.parts[table] = table_xml(spec, cache, grid, cache_id, numfmt)
    out.parts[rels_name(table)] = _rels((REL_CACHE, _relative(table, definition)))
    out.parts[definition] = definition_xml(cache, spec.refreshed, "rId1")
    out.parts[rels_name(definition)] = _rels((REL_RECORDS, _relative(definition, records)))
    # a big cache's records are made as the zip is written, a block of rows at a time
    if cache.n_records > RECORDS_BLOCK:
        out.parts[records] = StreamedPart(lambda: records_chunks(cache, RECORDS_BLOCK))
    else:
        out.parts[records] = b"".join(records_chunks(cache, RECORDS_BLOCK))
    out.content_types = {table: CT_TABLE, definition: CT_CACHE, records: CT_RECORDS}
    return out


class Book(Protocol):
    """What add_pivot needs of the owner's package (writers.graft.Package)."""

    parts: Mapping[str, bytes]
    workbook: etree._Element
    wb_rels: etree._Element
    workbook_part: str


def add_pivot(
    spec: PivotSpec,
    source_name: str,
    sheet_part: str,
    styles: StyleBook,
    book: Book,
    dropped: set[str],
    fresh_name: Callable[[str], str],
    fresh_rid: Callable[[], str],
) -> PivotParts:
    """A pivot sheet's parts for the owner's package, its cache listed in the workbook in
    place of the cache of the pivot arxl wrote there before (whose parts are in `dropped`)."""
    names = set(book.parts.names()) if hasattr(book.parts, "names") else set(book.parts)
    slot = forget_caches(
        book.parts, names, dropped, book.workbook, book.wb_rels, book.workbook_part
    )
    rid, cache_id = slot if slot is not None else (fresh_rid(), next_cache_id(book.workbook))
    out = render(spec, styles, sheet_part, fresh_name, source_name, cache_id)
    attach_cache(book.workbook, book.wb_rels, book.workbook_part, out.cache_part, rid, cache_id)
    return out


# --- the sheet's cells ---------------------------------------------------------------------


def _text(ref: str, style: int, text: str) -> str:
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t>{xml_text(text)}</t></is></c>'


def _number(ref: str, style: int, value: float | None) -> str:
    return (
        f'<c r="{ref}" s="{style}"/>'
        if value is None
        else f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    )


def _sheet_xml(spec: PivotSpec, fields: list, grid: PivotGrid, styles: StyleBook) -> bytes:
    """The cells the table shows (Excel's compact layout), the title and the page filter."""
    c = spec.captions
    # number formats only: Excel draws the PivotTable's style over the table (a fill in the
    # cells would hide it) and LibreOffice lays the table out again in its own
    plain = styles.xf(CellStyle())
    money = styles.xf(CellStyle(Kind.MONEY))
    head, total, total_text = plain, money, plain
    row_f, col_f = fields[spec.rows], fields[spec.cols]
    letters = [col_letter(i) for i in range(len(grid.cols) + 2)]
    rows = []
    if spec.title:
        rows.append(f'<row r="1">{_text("A1", plain, spec.title)}</row>')
    if spec.page is not None:
        page = _text(f"A{PAGE_ROW}", head, fields[spec.page].name)
        rows.append(f'<row r="{PAGE_ROW}">{page}{_text(f"B{PAGE_ROW}", plain, c.all_items)}</row>')
    top = [_text(f"A{TOP}", head, c.values), _text(f"B{TOP}", head, c.cols)]
    rows.append(f'<row r="{TOP}">{"".join(top)}</row>')
    labels = [item_label(col_f, j, c.blank) for j in grid.cols] + [c.grand_total]
    second = [_text(f"A{TOP + 1}", head, c.rows)]
    second += [_text(f"{letters[k + 1]}{TOP + 1}", head, t) for k, t in enumerate(labels)]
    rows.append(f'<row r="{TOP + 1}">{"".join(second)}</row>')
    for n, r in enumerate(grid.rows):
        row = TOP + 2 + n
        cells = [_text(f"A{row}", plain, item_label(row_f, r, c.blank))]
        for k, j in enumerate(grid.cols):
            cells.append(_number(f"{letters[k + 1]}{row}", money, grid.cells.get((r, j))))
        cells.append(_number(f"{letters[-1]}{row}", total, round(grid.row_total(r), 2)))
        rows.append(f'<row r="{row}">{"".join(cells)}</row>')
    last = TOP + 2 + len(grid.rows)
    cells = [_text(f"A{last}", total_text, c.grand_total)]
    for k, j in enumerate(grid.cols):
        cells.append(_number(f"{letters[k + 1]}{last}", total, round(grid.col_total(j), 2)))
    cells.append(_number(f"{letters[-1]}{last}", total, round(grid.total, 2)))
    rows.append(f'<row r="{last}">{"".join(cells)}</row>')
    names = [item_label(row_f, r, c.blank) for r in grid.rows] + [c.rows, c.values]
    first_width = min(max(len(t) for t in names) * 1.1 + 2, 50)
    widest = max([abs(v) for v in grid.cells.values()] + [abs(grid.total)])
    money_width = max(14.0, len(f"{widest:,.2f}") * 1.1 + 5)
    label_width = max([money_width] + [len(t) * 1.1 + 2 for t in labels])
    tab = f'<tabColor rgb="FF{spec.tab_color}"/>' if spec.tab_color else ""
    xml = (
        f'{DECL}<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}">'
        f'<sheetPr>{tab}<pageSetUpPr fitToPage="1"/></sheetPr>'
        f'<dimension ref="A1:{letters[-1]}{last}"/>'
        '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f'<cols><col min="1" max="1" width="{first_width:.1f}" customWidth="1"/>'
        f'<col min="2" max="{len(letters)}" width="{label_width:.1f}" customWidth="1"/></cols>'
        f"<sheetData>{''.join(rows)}</sheetData>"
        '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        "</worksheet>"
    )
    return xml.encode("utf-8")


# --- the workbook's list of caches ---------------------------------------------------------

# CT_Workbook's children before <pivotCaches> (ECMA-376 Part 1 §18.2.27)
_BEFORE = (
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
    "oleSize",
    "customWorkbookViews",
)


def next_cache_id(workbook: etree._Element) -> int:
    ids = [int(el.get("cacheId", "0")) for el in workbook.iter(M + "pivotCache")]
    return max(ids, default=0) + 1


def attach_cache(
    workbook: etree._Element,
    wb_rels: etree._Element,
    workbook_part: str,
    cache_part: str,
    rid: str,
    cache_id: int,
) -> None:
    """List the cache in the workbook: a relationship and <pivotCache cacheId r:id> (those of
    the slot forget_caches kept, in their places, when `rid` is its)."""
    rel = next((r for r in wb_rels if r.get("Id") == rid), None)
    if rel is None:
        rel = etree.SubElement(wb_rels, f"{{{NS_PKG_REL}}}Relationship")
    rel.set("Id", rid)
    rel.set("Type", REL_CACHE)
    rel.set("Target", _relative(workbook_part, cache_part))
    caches = workbook.find(M + "pivotCaches")
    if caches is None:
        caches = etree.Element(M + "pivotCaches")
        position = 0
        for i, child in enumerate(workbook):
            if isinstance(child.tag, str) and etree.QName(child).localname in _BEFORE:
                position = i + 1
        workbook.insert(position, caches)
    entry = next((e for e in caches if e.get(R + "id") == rid), None)
    if entry is None:
        entry = etree.SubElement(caches, M + "pivotCache")
    entry.set("cacheId", str(cache_id))
    entry.set(R + "id", rid)


def forget_caches(
    parts: Mapping[str, bytes],
    names: set[str],
    dropped: set[str],
    workbook: etree._Element,
    wb_rels: etree._Element,
    workbook_part: str,
) -> tuple[str, int] | None:
    """Drop the pivot caches that only dropped pivot tables used (arxl's, on a refresh): their
    parts join `dropped`, their entries leave the workbook and its relationships. The first
    one's relationship and <pivotCache> stay where they are, and (relationship id, cache id)
    is returned for attach_cache to point at the new cache: a second refresh writes the same
    workbook.xml and rels."""
    users: dict[str, set[str]] = {}  # cache definition -> the pivot tables using it
    wb_rels_part = rels_name(workbook_part)
    for name in sorted(names):
        if not name.endswith(".rels") or name == wb_rels_part:
            continue
        owner = name.replace("_rels/", "")[: -len(".rels")]
        with contextlib.suppress(etree.XMLSyntaxError):
            for rel in xml(parts[name]):
                if rel.get("Type") == REL_CACHE:
                    users.setdefault(resolve(owner, rel.get("Target", "")), set()).add(owner)
    stale = {cache for cache, tables in users.items() if tables and tables <= dropped}
    if not stale:
        return None
    for cache in sorted(stale):
        dropped.add(cache)
        cache_rels = rels_name(cache)
        if cache_rels in names:
            dropped.add(cache_rels)
            for rel in xml(parts[cache_rels]):
                if rel.get("TargetMode") != "External":
                    dropped.add(resolve(cache, rel.get("Target", "")))
    rels = [
        rel
        for rel in wb_rels
        if rel.get("Type") == REL_CACHE and resolve(workbook_part, rel.get("Target", "")) in stale
    ]
    caches = workbook.find(M + "pivotCaches")
    entries = {e.get(R + "id"): e for e in (caches if caches is not None else [])}
    kept = next((rel for rel in rels if rel.get("Id") in entries), None)
    for rel in rels:
        if rel is not kept:
            wb_rels.remove(rel)
            if caches is not None and rel.get("Id") in entries:
                caches.remove(entries[rel.get("Id")])
    if caches is not None and not len(caches):
        workbook.remove(caches)
    if kept is None:
        return None
    return kept.get("Id"), int(entries[kept.get("Id")].get("cacheId", "0"))
