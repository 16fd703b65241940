"""The workbook index: xl/workbook.xml's sheet list, date system and defined names, and the sheet
parts its rels point to, with the marker arxl sets on its own sheets.

One parser for both sides: the reader asks which sheets are arxl's and where each sheet's part
is (readers.workbook.workbook_info), the writers the same before they replace arxl's sheets
(writers.package.Package).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from arxl.ooxml.opc import NS_R, R

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
M = f"{{{NS_MAIN}}}"
REL_WORKSHEET = NS_R + "/worksheet"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# arxl's sheets carry a hidden sheet-scoped defined name whose value is the sheet's key
MARKER = "_arxl_sheet"


def is_date1904(workbook: etree._Element) -> bool:
    """Whether the workbook counts dates from 1904 (old Mac workbooks)."""
    pr = workbook.find(M + "workbookPr")
    return pr is not None and pr.get("date1904") in ("1", "true")


@dataclass
class SheetEntry:
    """One <sheet> of the workbook's sheet list and the target of its relationship."""

    name: str | None
    rid: str | None
    target: str  # the relationship's Target, relative to the workbook part; "" when none
    element: etree._Element


def sheet_entries(workbook: etree._Element, rels: etree._Element) -> list[SheetEntry]:
    """The workbook's sheets in tab order, each with its relationship's target."""
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    sheets_el = workbook.find(M + "sheets")
    out = []
    for el in sheets_el.iterchildren(M + "sheet") if sheets_el is not None else []:
        rid = el.get(R + "id")
        out.append(SheetEntry(el.get("name"), rid, targets.get(rid) or "", el))
    return out


def markers(workbook: etree._Element) -> list[tuple[str, int]]:
    """(key, sheet index) of each arxl marker, in the order of the defined names."""
    out = []
    names = workbook.find(M + "definedNames")
    for dn in names if names is not None else []:
        if dn.get("name") == MARKER and dn.get("localSheetId") is not None:
            out.append(((dn.text or "").strip().strip('"'), int(dn.get("localSheetId"))))
    return out


def sort_defined_names(names: etree._Element) -> None:
    """Excel expects definedNames sorted by name then scope; keep the owner's order otherwise."""
    items = list(names)
    ordered = sorted(
        items, key=lambda d: (d.get("name", "").lower(), int(d.get("localSheetId", "-1")))
    )
    if ordered != items:
        for d in items:
            names.remove(d)
        for d in ordered:
            names.append(d)
