"""A package's document properties (docProps/): the custom property that marks what arxl
wrote (a converted book, a report), and whether a program saved the book after arxl made it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from arxl.ooxml.opc import xml

_DCTERMS = "{http://purl.org/dc/terms/}"


def saved_since_made(path: Path) -> bool:
    """Whether a program saved the workbook after arxl made it: arxl writes its core
    properties with the same date of creation and modification, and a refresh keeps them;
    Excel, LibreOffice and openpyxl write the date of each save. A workbook without them
    counts as saved."""
    try:
        with zipfile.ZipFile(path) as zf:
            core = xml(zf.read("docProps/core.xml"))
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return True
    created, modified = core.find(_DCTERMS + "created"), core.find(_DCTERMS + "modified")
    if created is None or modified is None:
        return True
    return (created.text or "").strip() != (modified.text or "").strip()


def marked(path: Path, mark: tuple[str, str]) -> bool:
    """Whether the workbook carries the custom document property `mark` (name, value)."""
    name, value = mark
    return value in custom_properties(path).get(name, [])


def custom_properties(path: Path) -> dict[str, list[str]]:
    """The workbook's custom document properties: name -> their texts ({} when none)."""
    try:
        with zipfile.ZipFile(path) as zf:
            custom = xml(zf.read("docProps/custom.xml"))
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}
    out: dict[str, list[str]] = {}
    for prop in custom:
        out.setdefault(prop.get("name") or "", []).append("".join(prop.itertext()).strip())
    return out
