"""Small helpers over the parts of an Office package (zip part names, rels, XML)."""

from __future__ import annotations

import posixpath

from lxml import etree

NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
# Clark-notation prefixes: R + "id", P + "Relationship", C + "Override"
R, P, C = (f"{{{ns}}}" for ns in (NS_R, NS_PKG_REL, NS_CT))


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(remove_blank_text=False, resolve_entities=False))


def tostring(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def resolve(base_part: str, target: str) -> str:
    """The part name a relationship target of base_part points to."""
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def rels_name(part: str) -> str:
    """xl/worksheets/sheet1.xml -> xl/worksheets/_rels/sheet1.xml.rels"""
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")
