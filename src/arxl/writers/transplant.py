"""A free-form sheet (with its native charts) made by XlsxWriter, ready to graft into the
owner's package.

XlsxWriter renders the sheet in a scratch workbook in memory (writers.layout). From it we take
the sheet XML, with its shared strings made inline (the owner's sharedStrings.xml is never
touched) and its style indices remapped into the owner's styles.xml (StyleBook.import_xf),
plus the parts it points to (drawing, charts), renamed to free names of the owner's package.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from arxl.ooxml.opc import rels_name, resolve, tostring, xml
from arxl.sheets.spec import LayoutSpec
from arxl.writers.layout import write_workbook
from arxl.writers.styles import StyleBook

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
M = f"{{{NS_MAIN}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SCRATCH_SHEET = "xl/worksheets/sheet1.xml"
_NUMBERED = re.compile(r"\d+(\.\w+)$")


@dataclass
class Transplant:
    sheet: bytes
    parts: dict[str, bytes] = field(default_factory=dict)  # new part name -> bytes
    content_types: dict[str, str] = field(default_factory=dict)  # part name -> content type


def transplant(
    spec: LayoutSpec,
    styles: StyleBook,
    sheet_part: str,
    fresh: Callable[[str], str],
    *,
    date1904: bool = False,
) -> Transplant:
    """The sheet XML for `sheet_part` and its related parts. fresh("xl/charts/chart{}.xml")
    must return a part name free in the owner's package (and reserve it)."""
    buffer = io.BytesIO()
    write_workbook(buffer, [spec], date1904=date1904)
    with zipfile.ZipFile(buffer) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    types = {
        o.get("PartName")[1:]: o.get("ContentType")
        for o in xml(parts["[Content_Types].xml"])
        if o.get("PartName")
    }
    out = Transplant(_sheet_xml(parts, styles))
    _copy_related(parts, types, SCRATCH_SHEET, sheet_part, fresh, out)
    return out


def _sheet_xml(parts: dict[str, bytes], styles: StyleBook) -> bytes:
    root = xml(parts[SCRATCH_SHEET])
    strings = []
    if "xl/sharedStrings.xml" in parts:
        strings = ["".join(si.itertext()) for si in xml(parts["xl/sharedStrings.xml"])]
    source_styles = xml(parts["xl/styles.xml"])
    mapping: dict[str, str] = {}

    def remap(el: etree._Element, attr: str) -> None:
        value = el.get(attr)
        if value is not None:
            if value not in mapping:
                mapping[value] = str(styles.import_xf(source_styles, int(value)))
            el.set(attr, mapping[value])

    for view in root.iter(M + "sheetView"):
        view.attrib.pop("tabSelected", None)  # two selected tabs would group the sheets
    for col in root.iter(M + "col"):
        remap(col, "style")
    for row in root.iter(M + "row"):
        remap(row, "s")
    for cell in root.iter(M + "c"):
        remap(cell, "s")
        if cell.get("t") == "s":
            value = cell.find(M + "v")
            text = strings[int(value.text)]
            cell.remove(value)
            cell.set("t", "inlineStr")
            t = etree.SubElement(etree.SubElement(cell, M + "is"), M + "t")
            t.text = text
            if text[:1].isspace() or text[-1:].isspace():
                t.set(XML_SPACE, "preserve")
    return tostring(root)


def _copy_related(
    parts: dict[str, bytes],
    types: dict[str, str],
    src_part: str,
    dst_part: str,
    fresh: Callable[[str], str],
    out: Transplant,
) -> None:
    """Copy the rels of src_part as those of dst_part, every target renamed (recursively)."""
    src_rels = rels_name(src_part)
    if src_rels not in parts:
        return
    dst_rels = rels_name(dst_part)
    out.parts[dst_rels] = b""  # keeps the rels before the parts they point to
    rels = xml(parts[src_rels])
    for rel in rels:
        if rel.get("TargetMode") == "External":
            continue
        target = resolve(src_part, rel.get("Target", ""))
        new = fresh(_NUMBERED.sub(r"{}\1", target))
        rel.set("Target", posixpath.relpath(new, posixpath.dirname(dst_part)))
        out.parts[new] = parts[target]
        out.content_types[new] = types[target]
        _copy_related(parts, types, target, new, fresh, out)
    out.parts[dst_rels] = tostring(rels)
