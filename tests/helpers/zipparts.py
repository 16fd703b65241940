"""Compare the zip parts of a workbook before and after arxl wrote into it.

arxl's promise: every part it does not own stays byte-for-byte identical, and the four
workbook-level index parts it has to edit keep every entry they had.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

CONTENT_TYPES = "[Content_Types].xml"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
STYLES = "xl/styles.xml"
INDEX_PARTS = frozenset({CONTENT_TYPES, WORKBOOK, WORKBOOK_RELS, STYLES})

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def zip_parts(path: Path) -> dict[str, bytes]:
    """Every part of the zip at ``path``, by name, uncompressed. Duplicate names are an error."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        duplicates = sorted(name for name, n in Counter(names).items() if n > 1)
        if duplicates:
            raise AssertionError(f"{path}: duplicate zip entries {duplicates}")
        return {name: archive.read(name) for name in names}


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, parser=etree.XMLParser(remove_blank_text=True))


def _text(element: etree._Element) -> str:
    return (element.text or "").strip()


def _entries(root: etree._Element) -> Counter:
    """Multiset of every element under ``root``: (path of tags, sorted attributes, text)."""
    found: Counter = Counter()

    def walk(element: etree._Element, path: tuple[str, ...]) -> None:
        for child in element:
            if not isinstance(child.tag, str):  # comments, processing instructions
                continue
            child_path = (*path, etree.QName(child).localname)
            found[(child_path, tuple(sorted(child.attrib.items())), _text(child))] += 1
            walk(child, child_path)

    walk(root, ())
    return found


def _canonical(element: etree._Element) -> tuple:
    """A comparable form of a whole subtree (tag, sorted attributes, text, children)."""
    return (
        element.tag,
        tuple(sorted(element.attrib.items())),
        _text(element),
        tuple(_canonical(c) for c in element if isinstance(c.tag, str)),
    )


def _describe(entry: tuple) -> str:
    path, attrs, text = entry
    attributes = " ".join(f'{etree.QName(k).localname}="{v}"' for k, v in attrs)
    return f"<{'/'.join(path)} {attributes}>{text}"


def assert_entries_kept(name: str, before: bytes, after: bytes) -> None:
    """Every element of ``before`` (with its attributes and text) is still in ``after``."""
    missing = _entries(_xml(before)) - _entries(_xml(after))
    if missing:
        lines = "\n  ".join(_describe(entry) for entry in sorted(missing))
        raise AssertionError(f"{name}: entries lost or changed:\n  {lines}")


def sheet_names(workbook_xml: bytes) -> list[str]:
    """The sheet names listed in ``xl/workbook.xml``, in tab order."""
    return [s.get("name") for s in _xml(workbook_xml).iter(f"{{{_MAIN_NS}}}sheet")]


def sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> zip part name of its worksheet, read from the workbook and its rels."""
    rels = _xml(parts[WORKBOOK_RELS])
    targets = {}
    for rel in rels:
        if not isinstance(rel.tag, str):
            continue
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target[1:] if target.startswith("/") else "xl/" + target
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {
        sheet.get("name"): targets[sheet.get(rid)]
        for sheet in _xml(parts[WORKBOOK]).iter(f"{{{_MAIN_NS}}}sheet")
    }


def assert_styles_kept(before: bytes, after: bytes) -> None:
    """Each collection of ``styles.xml`` (numFmts, fonts, fills, borders, cellStyleXfs, cellXfs,
    cellStyles, dxfs, tableStyles, colors, ...) still starts with the same children in the same
    order: appending is allowed, changing, removing or reordering is not, since sheets refer to
    these entries by index."""
    old_root, new_root = _xml(before), _xml(after)
    for old in old_root:
        if not isinstance(old.tag, str):
            continue
        label = etree.QName(old).localname
        new = new_root.find(old.tag)
        if new is None:
            raise AssertionError(f"{STYLES}: <{label}> was removed")
        old_children = [_canonical(c) for c in old if isinstance(c.tag, str)]
        new_children = [_canonical(c) for c in new if isinstance(c.tag, str)]
        if len(new_children) < len(old_children):
            raise AssertionError(
                f"{STYLES}: <{label}> has {len(new_children)} entries, had {len(old_children)}"
            )
        for index, (was, now) in enumerate(zip(old_children, new_children, strict=False)):
            if was != now:
                raise AssertionError(f"{STYLES}: <{label}> entry {index} changed: {was} -> {now}")
        if not old_children and (_text(old), old.attrib) != (_text(new), new.attrib):
            raise AssertionError(f"{STYLES}: <{label}> changed")


def assert_preserved(before: Path, after: Path, owned_parts: set[str]) -> None:
    """Check arxl's preservation promise between two versions of a workbook.

    - every part of ``before`` other than the index parts and ``owned_parts`` is in ``after``
      with identical bytes;
    - ``[Content_Types].xml``, ``xl/workbook.xml`` and ``xl/_rels/workbook.xml.rels`` keep every
      element they had (same attributes, same text), and the original sheets keep their order;
    - ``xl/styles.xml`` keeps every entry at its index (see :func:`assert_styles_kept`).
    """
    old, new = zip_parts(before), zip_parts(after)
    problems = []
    for name, data in old.items():
        if name in INDEX_PARTS or name in owned_parts:
            continue
        if name not in new:
            problems.append(f"{name}: missing")
        elif new[name] != data:
            problems.append(f"{name}: bytes changed")
    if problems:
        raise AssertionError("parts not preserved:\n  " + "\n  ".join(problems))

    for name in sorted(INDEX_PARTS & old.keys()):
        if name not in new:
            raise AssertionError(f"{name}: missing")
        if name == STYLES:
            assert_styles_kept(old[name], new[name])
        else:
            assert_entries_kept(name, old[name], new[name])

    if WORKBOOK in old:
        old_order = sheet_names(old[WORKBOOK])
        new_order = [s for s in sheet_names(new[WORKBOOK]) if s in old_order]
        if new_order != old_order:
            raise AssertionError(f"sheet order changed: {old_order} -> {new_order}")
