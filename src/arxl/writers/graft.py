"""Write arxl's sheets into the owner's .xlsx/.xlsm by zip-part surgery.

Every part of the input that is not an arxl sheet is copied across unchanged. The only
workbook-level parts edited are [Content_Types].xml, xl/workbook.xml and its rels, and
xl/styles.xml, and only by adding or replacing arxl's own entries.

arxl's sheets carry a marker: a hidden sheet-scoped defined name `_arxl_sheet` whose value is
the sheet's key. A sheet that has an arxl name but no marker belongs to the owner and is
never overwritten: arxl writes its own under a free name (writers/names.py) and keeps it.

The owner's package is read and written back by writers/package.py; the workbook index (sheet
list, defined names, the marker) is parsed by ooxml/workbook.py, as the reader parses it.
"""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from arxl.errors import NotOwnedSheet, WriteRefused
from arxl.ooxml.opc import NS_R, C, P, R, tostring
from arxl.ooxml.workbook import CT_WORKSHEET, MARKER, REL_WORKSHEET, M, sort_defined_names
from arxl.ooxml.zipcopy import Packed, pack
from arxl.sheets.pivot import PivotSpec
from arxl.sheets.spec import LayoutSpec, SheetSpec
from arxl.vocab import SETTINGS_SHEET_NAMES, fold
from arxl.writers.cellxml import col_letter
from arxl.writers.guard import Identity
from arxl.writers.guard import check_not_locked as check_not_locked
from arxl.writers.names import Namer, SheetNames, choose_names
from arxl.writers.package import (
    Package,
    Sheet,
    Source,
    StreamedPart,
    drop_owned_rels,
    recalculate_on_open,
    write_zip,
)
from arxl.writers.pivot import add_pivot
from arxl.writers.sheetxml import SheetPlan, prepare
from arxl.writers.styles import StyleBook
from arxl.writers.transplant import transplant


@dataclass
class WriteResult:
    owned_parts: set[str] = field(default_factory=set)
    sheets: dict[str, str] = field(default_factory=dict)  # key -> sheet name written
    # key -> (the owner's sheet, the name arxl took instead) for the names chosen here
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)


def check_overwrite(src: Path, dst: Path, force: bool = False) -> None:
    """Refuse to replace dst, an existing file other than src, unless it is arxl's output of
    the same book (the owner's sheets of src and the sheets arxl marked as its own, nothing
    else) or `force` says yes."""
    if force or not dst.exists() or src == dst:
        return
    with contextlib.suppress(OSError):
        if dst.samefile(src):
            return
    try:
        out, book = Package(dst), Package(src)
        out_sheets, book_sheets = out.sheets(), book.sheets()
        owner_out = {s.name for i, s in enumerate(out_sheets) if i not in out.owned().values()}
        owner_book = {s.name for i, s in enumerate(book_sheets) if i not in book.owned().values()}
        created = {n for n in owner_out if fold(n) in SETTINGS_SHEET_NAMES}  # arxl may add it
        ours = bool(out.owned()) and owner_out - created <= owner_book
    except Exception:  # noqa: BLE001 - anything unreadable is not arxl's output
        ours = False
    if not ours:
        raise WriteRefused(
            f"{dst.name} already exists and is not arxl's output of {src.name}; choose another "
            "name with -o, or add --force to replace it."
        )


# Sheets of at least this many rows are rendered and deflated in background threads.
BIG = 10_000
EXPECTED_SHEETS = 12  # for the progress of a generator of sheets


def write_sheets(
    src: Source,
    dst: Path,
    owned_specs: Iterable[SheetSpec | LayoutSpec | PivotSpec],
    create_specs: list[SheetSpec] | None = None,
    progress: Callable[[str, float], None] | None = None,
    order: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
    expect: Identity | None = None,
) -> WriteResult:
    """Write owned_specs (replacing arxl's previous sheets) and create_specs (only when no sheet
    of that name exists) into a copy of src saved atomically as dst (dst may be src). src may
    be a book just made in memory (an open stream), not saved anywhere.

    Each owned sheet is written under `names[spec.key]` when given (plan_sheet_names chose
    them), else under spec.name; in either case under a free variant of it when the owner has
    a sheet of that name (`Dashboard (arxl)`), which WriteResult.moved reports.

    Sheets new to the workbook are added after the owner's, in the order of their keys in
    `order` (keys not in it after, as they come), whatever order the specs arrive in.

    A LayoutSpec brings its drawing and chart parts; on the next refresh they are dropped with
    the sheet and written again under the same names, in the same places.

    owned_specs may be a generator: each big sheet starts being rendered and deflated in a
    background thread as soon as it is yielded, while the caller computes the next ones.

    `expect`: what src was when the caller read it; if it is no longer so just before the
    rename, nothing is replaced (WorkbookChanged)."""
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="arxl-pack") as pool:
        packing: dict[str, Future[Packed]] = {}
        try:
            return _write_sheets(
                src,
                dst,
                owned_specs,
                create_specs,
                progress,
                pool,
                packing,
                order,
                names or {},
                expect,
            )
        finally:
            _discard(packing)


def _discard(packing: dict[str, Future[Packed]]) -> None:
    """Close the temporary files of parts packed but not written (after a failure)."""
    for future in packing.values():
        if not future.cancel() and future.exception() is None:
            future.result().file.close()


def _write_sheets(
    src: Source,
    dst: Path,
    owned_specs: Iterable[SheetSpec | LayoutSpec | PivotSpec],
    create_specs: list[SheetSpec] | None,
    progress: Callable[[str, float], None] | None,
    pool: ThreadPoolExecutor,
    packing: dict[str, Future[Packed]],
    order: Sequence[str] = (),
    names: Mapping[str, str] = {},  # noqa: B006 - read only
    expect: Identity | None = None,
) -> WriteResult:
    pkg = Package(src)
    sheets = pkg.sheets()
    owned = pkg.owned()
    namer = Namer([s.name for s in sheets], _owned_names(sheets, owned))
    by_fold = {fold(s.name): i for i, s in enumerate(sheets)}
    result = WriteResult()
    styles = StyleBook(pkg.parts[pkg.styles_part]) if pkg.styles_part else None
    if styles is None:
        name = src.name if isinstance(src, Path) else dst.name
        raise NotOwnedSheet(f"{name}: the workbook has no styles part; save it in Excel first.")

    dropped: set[str] = set()
    new_parts: dict[str, bytes | SheetPlan | StreamedPart] = {}
    wb_sheets = pkg.workbook.find(M + "sheets")
    next_sheet_id = max((s.sheet_id for s in sheets), default=0) + 1
    existing_parts = pkg.parts.names()
    rids = {rel.get("Id") for rel in pkg.wb_rels}

    def fresh_part() -> str:
        n = 1
        while f"xl/worksheets/sheet{n}.xml" in existing_parts | set(new_parts):
            n += 1
        return f"xl/worksheets/sheet{n}.xml"

    def fresh_name(stem: str) -> str:
        """A part name stem.format(n) free in the output (parts arxl drops are free again)."""
        taken = (existing_parts - dropped) | set(new_parts)
        n = 1
        while stem.format(n) in taken:
            n += 1
        new_parts[stem.format(n)] = b""
        return stem.format(n)

    def set_content_type(part: str, content_type: str) -> None:
        for override in pkg.content_types:
            if override.get("PartName") == "/" + part:
                override.set("ContentType", content_type)
                return
        override = etree.SubElement(pkg.content_types, C + "Override")
        override.set("PartName", "/" + part)
        override.set("ContentType", content_type)

    def fresh_rid() -> str:
        n = 1
        while f"rId{n}" in rids:
            n += 1
        rids.add(f"rId{n}")
        return f"rId{n}"

    def add_sheet(spec: SheetSpec | LayoutSpec) -> int:
        nonlocal next_sheet_id
        part = fresh_part()
        rid = fresh_rid()
        rel = etree.SubElement(pkg.wb_rels, P + "Relationship")
        rel.set("Id", rid)
        rel.set("Type", REL_WORKSHEET)
        rel.set("Target", posixpath.relpath(part, posixpath.dirname(pkg.workbook_part)))
        override = etree.SubElement(pkg.content_types, C + "Override")
        override.set("PartName", "/" + part)
        override.set("ContentType", CT_WORKSHEET)
        el = etree.SubElement(wb_sheets, M + "sheet", nsmap={"r": NS_R})
        el.set("name", spec.name)
        if spec.hidden:
            el.set("state", "hidden")
        el.set("sheetId", str(next_sheet_id))
        el.set(R + "id", rid)
        sheets.append(Sheet(spec.name, next_sheet_id, rid, part, el))
        next_sheet_id += 1
        new_parts[part] = b""
        return len(sheets) - 1

    total = len(owned_specs) if isinstance(owned_specs, Sized) else EXPECTED_SHEETS
    written: list[tuple[SheetSpec | LayoutSpec, int, bool]] = []
    first_new = len(sheets)
    for k, spec in enumerate(owned_specs):
        if progress:
            progress("write", min(k / max(total, 1), 0.9))
        # which existing sheet the spec replaces, if any, and the free name it is written under
        index = owned.get(spec.key)
        name = namer.name(spec.key, names.get(spec.key, spec.name))
        if name != spec.name:
            spec = replace(spec, name=name)
        if index is None:
            index = add_sheet(spec)
        else:
            sheet = sheets[index]
            drop_owned_rels(pkg, sheet.part, dropped)
            sheet.element.set("name", spec.name)
            if spec.hidden:
                sheet.element.set("state", "hidden")
            sheet.name = spec.name
        part = sheets[index].part
        if isinstance(spec, PivotSpec):  # its cache reads the source sheet as just named
            source = result.sheets.get(spec.source_key, spec.source.name)
            pivot = add_pivot(spec, source, part, styles, pkg, dropped, fresh_name, fresh_rid)
            new_parts[part] = pivot.sheet
            new_parts.update(pivot.parts)
            for name, data in pivot.parts.items():  # the records, made while the next sheets are
                if isinstance(data, StreamedPart):
                    packing[name] = pool.submit(pack, data.chunks())
            result.owned_parts.update(pivot.parts)
            for name, content_type in pivot.content_types.items():
                set_content_type(name, content_type)
        elif isinstance(spec, LayoutSpec):
            grafted = transplant(spec, styles, part, fresh_name, date1904=pkg.date1904)
            new_parts[part] = grafted.sheet
            new_parts.update(grafted.parts)
            result.owned_parts.update(grafted.parts)
            for name, content_type in grafted.content_types.items():
                set_content_type(name, content_type)
        else:
            new_parts[part] = sheet_plan = prepare(spec, styles, date1904=pkg.date1904)
            if spec.n_rows >= BIG:
                packing[part] = pool.submit(pack, sheet_plan.chunks())
        result.owned_parts.add(part)
        result.sheets[spec.key] = spec.name
        written.append((spec, index, True))
    if order:
        written = _in_order(written, order, sheets, wb_sheets, first_new)
        result.sheets = {spec.key: result.sheets[spec.key] for spec, _, _ in written}

    for spec in create_specs or []:
        if fold(spec.name) in by_fold:
            continue
        index = add_sheet(spec)
        new_parts[sheets[index].part] = prepare(spec, styles, date1904=pkg.date1904)
        result.sheets[spec.key] = spec.name
        written.append((spec, index, False))

    result.moved = dict(namer.result.moved)
    _update_defined_names(pkg, written)
    recalculate_on_open(pkg, dropped)
    dropped -= new_parts.keys()  # written again under the same name: replaced in place

    index_parts = {
        "[Content_Types].xml": tostring(pkg.content_types),
        pkg.workbook_part: tostring(pkg.workbook),
        pkg.wb_rels_part: tostring(pkg.wb_rels),
        pkg.styles_part: styles.to_bytes(),
    }
    for part in dropped:
        for override in list(pkg.content_types):
            if override.get("PartName") == "/" + part:
                pkg.content_types.remove(override)
    index_parts["[Content_Types].xml"] = tostring(pkg.content_types)

    write_zip(pkg, dst, new_parts, index_parts, dropped, packing, expect)
    if progress:
        progress("write", 1.0)
    return result


def _in_order(
    written: list[tuple[SheetSpec | LayoutSpec, int, bool]],
    order: Sequence[str],
    sheets: list[Sheet],
    wb_sheets: etree._Element,
    first_new: int,
) -> list[tuple[SheetSpec | LayoutSpec, int, bool]]:
    """Put the sheets added by this write (sheets[first_new:], last in the workbook) in the
    order of their keys in `order`; `written` sorted the same way, with the new indexes."""
    rank = {key: i for i, key in enumerate(order)}
    by_index = {index: spec.key for spec, index, _ in written}
    added = sorted(
        range(first_new, len(sheets)), key=lambda i: (rank.get(by_index[i], len(rank)), i)
    )
    moved = {old: first_new + k for k, old in enumerate(added)}
    new_sheets = [sheets[i] for i in added]
    for sheet in new_sheets:
        wb_sheets.remove(sheet.element)
        wb_sheets.append(sheet.element)
    sheets[first_new:] = new_sheets
    renumbered = [(spec, moved.get(index, index), owned) for spec, index, owned in written]
    return sorted(renumbered, key=lambda w: (rank.get(w[0].key, len(rank)), w[1]))


def _update_defined_names(
    pkg: Package, written: list[tuple[SheetSpec | LayoutSpec, int, bool]]
) -> None:
    """Markers, autofilter and print-title names for the sheets arxl wrote."""
    names = pkg.defined_names()
    ours = {"_xlnm._FilterDatabase", "_xlnm.Print_Titles", "_xlnm.Print_Area", MARKER}
    indexes = {index for _, index, _ in written}
    for dn in list(names):
        scope = dn.get("localSheetId")
        if dn.get("name") in ours and scope is not None and int(scope) in indexes:
            names.remove(dn)
    sheet_names = [s.get("name") for s in pkg.workbook.find(M + "sheets")]
    for spec, index, is_owned in sorted(written, key=lambda w: w[1]):
        quoted = "'" + sheet_names[index].replace("'", "''") + "'"
        entries = []
        if isinstance(spec, LayoutSpec):
            if spec.repeat_rows is not None:
                first, last = spec.repeat_rows
                entries.append(("_xlnm.Print_Titles", f"{quoted}!${first + 1}:${last + 1}", False))
            if spec.print_area is not None:
                r0, c0, r1, c1 = spec.print_area
                area = f"${col_letter(c0)}${r0 + 1}:${col_letter(c1)}${r1 + 1}"
                entries.append(("_xlnm.Print_Area", f"{quoted}!{area}", False))
        elif not isinstance(spec, PivotSpec):
            last_col = col_letter(len(spec.columns) - 1)
            if spec.autofilter and spec.n_rows:
                entries.append(
                    ("_xlnm._FilterDatabase", f"{quoted}!$A$1:${last_col}${spec.n_rows + 1}", True)
                )
            entries.append(("_xlnm.Print_Titles", f"{quoted}!$1:$1", False))
        if is_owned:
            entries.append((MARKER, f'"{spec.key}"', True))
        for name, value, hidden in entries:
            dn = etree.Element(M + "definedName")
            dn.set("name", name)
            dn.set("localSheetId", str(index))
            if hidden:
                dn.set("hidden", "1")
            dn.text = value
            names.append(dn)
    sort_defined_names(names)


def _owned_names(sheets: list[Sheet], owned: dict[str, int]) -> dict[str, str]:
    return {key: sheets[i].name for key, i in owned.items() if i < len(sheets)}


def owned_sheet_names(path: Path) -> dict[str, str]:
    """key -> name of each sheet of the workbook that carries arxl's marker."""
    pkg = Package(path)
    return _owned_names(pkg.sheets(), pkg.owned())


def plan_sheet_names(path: Path, wanted: Mapping[str, str]) -> SheetNames:
    """The names write_sheets will give arxl's sheets in the workbook at `path` (wanted: key ->
    arxl's usual name), and those moved aside by a sheet of the owner's: chosen before the
    sheets are built, so the Anomalies sheet can say so."""
    pkg = Package(path)
    sheets = pkg.sheets()
    return choose_names([s.name for s in sheets], _owned_names(sheets, pkg.owned()), wanted)
