"""Make an owner's workbook button-enabled: graft the home sheet and arxl's VBA project in.

The same preservation rules as a refresh (writers/graft.py): every part of the owner's zip is
copied unchanged except the workbook-level index parts ([Content_Types].xml, the workbook and
its rels, styles.xml, to which entries are only added). The home sheet is rendered by XlsxWriter
in a scratch workbook (writers/macrobook.py), then its sheet XML and VML drawing (the buttons)
are copied in with styles remapped and shared strings made inline. It becomes the first sheet,
marked as arxl's (`_arxl_sheet` = "home"); the workbook still opens on the owner's active sheet.
Beside an owner's sheet of its name it is `Accueil (arxl)` (writers/names.py).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from arxl.errors import ArxlError
from arxl.ooxml.opc import NS_R, C, P, R, rels_name, tostring, xml
from arxl.ooxml.workbook import CT_WORKSHEET, MARKER, REL_WORKSHEET, M, sort_defined_names
from arxl.sheets.home import KEY as HOME_KEY
from arxl.sheets.home import build as build_home
from arxl.vocab import SETTINGS_SHEET_NAMES, Lang, fold
from arxl.writers.cellxml import xml_text
from arxl.writers.macrobook import (
    HOME_CODENAME,
    WORKBOOK_CODENAME,
    home_sheet_scratch,
    vba_project,
)
from arxl.writers.names import choose_names
from arxl.writers.package import Package, write_zip
from arxl.writers.styles import StyleBook

VBA_PART = "xl/vbaProject.bin"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_VML = NS_R + "/vmlDrawing"
CT_VBA = "application/vnd.ms-office.vbaProject"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


@dataclass
class AddHomeResult:
    path: Path
    home: str  # name of the home sheet written (`Accueil (arxl)` beside an owner's `Accueil`)
    kept_owner_vba: bool  # the workbook had macros of its own: arxl.bas must be imported by hand


def add_home(src: Path, dst: Path, lang: Lang) -> AddHomeResult:
    """Write to dst (.xlsm) a copy of src with arxl's home sheet first and its VBA project.
    The home sheet's as-of date reads the workbook's settings sheet (see api.add_buttons)."""
    if dst.suffix.lower() != ".xlsm":
        raise ArxlError(f"{dst.name}: a workbook with buttons must be saved as .xlsm.")
    pkg = Package(src)
    sheets = pkg.sheets()
    settings = [s.name for s in sheets if fold(s.name) in SETTINGS_SHEET_NAMES]
    home = build_home(lang, settings[0] if settings else None)
    if HOME_KEY in pkg.owned():
        sheet = sheets[pkg.owned()[HOME_KEY]].name
        raise ArxlError(f"{src.name} already has arxl's buttons (sheet '{sheet}').")
    free = choose_names([s.name for s in sheets], {}, {HOME_KEY: home.name})
    home = replace(home, name=free.names[HOME_KEY])
    if pkg.styles_part is None:
        raise ArxlError(f"{src.name}: the workbook has no styles part; save it in Excel first.")

    scratch = zipfile.ZipFile(io.BytesIO(home_sheet_scratch(home)))
    styles = StyleBook(pkg.parts[pkg.styles_part])
    names = pkg.parts.names()
    sheet_part = _fresh(names, "xl/worksheets/sheet{}.xml")
    vml_part = _fresh(names, "xl/drawings/vmlDrawing{}.vml")
    new_parts: dict[str, bytes] = {
        sheet_part: _home_sheet_xml(scratch, styles),
        rels_name(sheet_part): _sheet_rels(posixpath.relpath(vml_part, "xl/worksheets")),
        vml_part: _renumber_vml(scratch.read("xl/drawings/vmlDrawing1.vml"), pkg),
    }
    _add_override(pkg, sheet_part, CT_WORKSHEET)
    _add_default(pkg, "vml", CT_VML)
    kept_owner_vba = VBA_PART in names
    if not kept_owner_vba:
        new_parts[VBA_PART] = vba_project([HOME_CODENAME])
        _add_override(pkg, VBA_PART, CT_VBA)  # not a Default: .bin may mean printer settings
        _add_rel(pkg, REL_VBA, posixpath.relpath(VBA_PART, posixpath.dirname(pkg.workbook_part)))
        pr = pkg.workbook.find(M + "workbookPr")
        if pr is None:
            pr = etree.Element(M + "workbookPr")
            _first_child_after(pkg.workbook, pr, ("fileVersion", "fileSharing"))
        if pr.get("codeName") is None:
            pr.set("codeName", WORKBOOK_CODENAME)
    for override in pkg.content_types.iter(C + "Override"):
        if override.get("PartName") == "/" + pkg.workbook_part:
            override.set("ContentType", CT_MACRO_MAIN)
    rid = _add_rel(
        pkg, REL_WORKSHEET, posixpath.relpath(sheet_part, posixpath.dirname(pkg.workbook_part))
    )
    _insert_first_sheet(pkg, home.name, rid, max((s.sheet_id for s in sheets), default=0) + 1)

    index_parts = {
        "[Content_Types].xml": tostring(pkg.content_types),
        pkg.workbook_part: tostring(pkg.workbook),
        pkg.wb_rels_part: tostring(pkg.wb_rels),
        pkg.styles_part: styles.to_bytes(),
    }
    write_zip(pkg, dst, new_parts, index_parts, set())  # type: ignore[arg-type]
    return AddHomeResult(dst, home.name, kept_owner_vba)


def _fresh(names: set[str], pattern: str) -> str:
    n = 1
    while pattern.format(n) in names:
        n += 1
    return pattern.format(n)


def _home_sheet_xml(scratch: zipfile.ZipFile, styles: StyleBook) -> bytes:
    """The scratch home sheet with its styles remapped and its shared strings inline."""
    strings = [
        "".join(si.itertext()) for si in xml(scratch.read("xl/sharedStrings.xml")).iter(M + "si")
    ]
    other = xml(scratch.read("xl/styles.xml"))
    root = xml(scratch.read("xl/worksheets/sheet1.xml"))
    remap: dict[str, str] = {}
    for cell in root.iter(M + "c"):
        style = cell.get("s")
        if style is not None:
            if style not in remap:
                remap[style] = str(styles.import_xf(other, int(style)))
            cell.set("s", remap[style])
        if cell.get("t") == "s":
            value = cell.find(M + "v")
            text = strings[int(value.text)]
            cell.remove(value)
            cell.set("t", "inlineStr")
            inline = etree.SubElement(cell, M + "is")
            etree.SubElement(inline, M + "t").text = xml_text(text)
    for view in root.iter(M + "sheetView"):
        view.attrib.pop("tabSelected", None)  # the owner's active sheet stays the active one
    return tostring(root)


def _sheet_rels(vml_target: str) -> bytes:
    rels = etree.Element(P + "Relationships", nsmap={None: P[1:-1]})
    etree.SubElement(rels, P + "Relationship", Id="rId1", Type=REL_VML, Target=vml_target)
    return tostring(rels)


def _renumber_vml(vml: bytes, pkg: Package) -> bytes:
    """Give the buttons shape ids no other VML drawing of the workbook uses (blocks of 1024)."""
    used = {0}
    for name in pkg.parts.names():
        if name.endswith(".vml"):
            found = re.search(rb'idmap v:ext="edit" data="([\d,]+)"', pkg.parts[name])
            used |= {int(x) for x in found.group(1).split(b",") if x} if found else {1}
    block = max(used) + 1
    vml = vml.replace(b'data="1"', f'data="{block}"'.encode(), 1)
    return re.sub(
        rb"_x0000_s(\d+)",
        lambda m: b"_x0000_s%d" % (int(m.group(1)) - 1024 + block * 1024),
        vml,
    )


def _add_override(pkg: Package, part: str, content_type: str) -> None:
    el = etree.SubElement(pkg.content_types, C + "Override")
    el.set("PartName", "/" + part)
    el.set("ContentType", content_type)


def _add_default(pkg: Package, extension: str, content_type: str) -> None:
    for el in pkg.content_types.iter(C + "Default"):
        if (el.get("Extension") or "").lower() == extension:
            return
    el = etree.Element(C + "Default")
    el.set("Extension", extension)
    el.set("ContentType", content_type)
    pkg.content_types.insert(0, el)  # Defaults come before Overrides


def _add_rel(pkg: Package, rel_type: str, target: str) -> str:
    ids = {rel.get("Id") for rel in pkg.wb_rels}
    n = 1
    while f"rId{n}" in ids:
        n += 1
    rel = etree.SubElement(pkg.wb_rels, P + "Relationship")
    rel.set("Id", f"rId{n}")
    rel.set("Type", rel_type)
    rel.set("Target", target)
    return f"rId{n}"


def _first_child_after(parent: etree._Element, el: etree._Element, after: tuple[str, ...]) -> None:
    pos = 0
    for i, child in enumerate(parent):
        if isinstance(child.tag, str) and etree.QName(child).localname in after:
            pos = i + 1
    parent.insert(pos, el)


def _insert_first_sheet(pkg: Package, name: str, rid: str, sheet_id: int) -> None:
    """Put the sheet first: every sheet-scoped name and the active tab move one place right."""
    el = etree.Element(M + "sheet", nsmap={"r": NS_R})
    el.set("name", name)
    el.set("sheetId", str(sheet_id))
    el.set(R + "id", rid)
    pkg.workbook.find(M + "sheets").insert(0, el)
    names = pkg.defined_names()
    for dn in names:
        scope = dn.get("localSheetId")
        if scope is not None:
            dn.set("localSheetId", str(int(scope) + 1))
    marker = etree.SubElement(names, M + "definedName")
    marker.set("name", MARKER)
    marker.set("localSheetId", "0")
    marker.set("hidden", "1")
    marker.text = f'"{HOME_KEY}"'
    sort_defined_names(names)
    for view in pkg.workbook.iter(M + "workbookView"):
        view.set("activeTab", str(int(view.get("activeTab", "0")) + 1))
        view.attrib.pop("firstSheet", None)
