"""Cell styles appended to the owner's xl/styles.xml, reusing identical entries when present.

Every entry the owner had stays at its index; arxl only appends (and finds its own entries
again on the next refresh, so styles.xml does not grow from one refresh to the next).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass

from lxml import etree

from arxl.formats import DAY_FIRST, DAYS, EURO_MONEY, FR_FORMATS, PERCENT, Formats
from arxl.sheets.spec import Kind, Tone

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_N = f"{{{NS}}}"

# a French book's formats (formats.Formats gives every book's own)
DATE_FORMAT = DAY_FIRST
MONEY_FORMAT = EURO_MONEY
PERCENT_FORMAT = PERCENT  # built-in format 10
DAYS_FORMAT = DAYS

# tone -> (fill RRGGBB or None, font RRGGBB or None, bold)
PALETTE: dict[Tone, tuple[str | None, str | None, bool]] = {
    Tone.PLAIN: (None, None, False),
    Tone.CURRENT: (None, None, False),
    Tone.PAID: ("E2EFDA", "375623", False),
    Tone.LATE_1: ("FFF2CC", "7F6000", False),
    Tone.LATE_2: ("F8CBAD", "843C0C", False),
    Tone.LATE_3: ("EA8A8A", "600000", False),
    Tone.LATE_4: ("A50021", "FFFFFF", True),
    Tone.DISPUTED: ("D9D2E9", "3F3151", False),
    Tone.WRITTEN_OFF: ("D9D9D9", "595959", False),
    Tone.TOTAL: ("DDEBF7", None, True),
}
HEADER_FILL, HEADER_FONT = "1F4E78", "FFFFFF"


@dataclass(frozen=True)
class CellStyle:
    kind: Kind = Kind.TEXT
    tone: Tone = Tone.PLAIN
    header: bool = False
    wrap: bool = False
    center: bool = False
    formats: Formats = FR_FORMATS  # the book's money and date formats


def _local(name: str) -> str:
    """The local part of a `{namespace}name` (lxml's spelling of a qualified name)."""
    return name.rpartition("}")[2]


def _key(el: etree._Element) -> tuple:
    """Structure of an element, independent of namespace prefixes and attribute order."""
    return (
        _local(el.tag),
        tuple(sorted((_local(k), v) for k, v in el.attrib.items())),
        (el.text or "").strip(),
        tuple(_key(c) for c in el if isinstance(c.tag, str)),
    )


def _entries_index(section: etree._Element | None) -> tuple[dict[tuple, int], int]:
    """A section's entries by structure (the first of equal ones kept), and how many."""
    index: dict[tuple, int] = {}
    children = [] if section is None else [c for c in section if isinstance(c.tag, str)]
    for i, child in enumerate(children):
        index.setdefault(_key(child), i)
    return index, len(children)


CACHED_STYLES = 256 << 10  # the biggest styles.xml whose sections' indexes are kept


@functools.lru_cache(maxsize=32)  # a few books' styles.xml, 4 sections each
def _section_index(origin: bytes, tag: str) -> tuple[dict[tuple, int], int]:
    """_entries_index of a section of a styles.xml, kept for the process: `arxl convert`
    starts every book's styles from the same bytes (the caller copies the dict)."""
    return _entries_index(etree.fromstring(origin).find(tag))


# The elements arxl appends, built once per process with their structure keys (pure: the
# same arguments, the same element; copied when appended, never edited).
Built = tuple[etree._Element, tuple]


@functools.lru_cache(maxsize=256)
def _font_element(color: str | None, bold: bool, size: str, name: str) -> Built:
    el = etree.Element(_N + "font")
    if bold:
        etree.SubElement(el, _N + "b")
    etree.SubElement(el, _N + "sz").set("val", size)
    if color:
        etree.SubElement(el, _N + "color").set("rgb", "FF" + color)
    etree.SubElement(el, _N + "name").set("val", name)
    etree.SubElement(el, _N + "family").set("val", "2")
    return el, _key(el)


@functools.lru_cache(maxsize=256)
def _fill_element(color: str) -> Built:
    el = etree.Element(_N + "fill")
    pf = etree.SubElement(el, _N + "patternFill", patternType="solid")
    etree.SubElement(pf, _N + "fgColor", rgb="FF" + color)
    etree.SubElement(pf, _N + "bgColor", indexed="64")
    return el, _key(el)


@functools.lru_cache(maxsize=16)
def _border_element(style: str) -> Built:
    el = etree.Element(_N + "border")
    for side in ("left", "right", "top", "bottom"):
        s = etree.SubElement(el, _N + side)
        if (style == "bottom" and side == "bottom") or (style == "top" and side == "top"):
            s.set("style", "thin")
            etree.SubElement(s, _N + "color", rgb="FF7F7F7F")
    etree.SubElement(el, _N + "diagonal")
    return el, _key(el)


@functools.lru_cache(maxsize=1024)
def _xf_element(
    numfmt: int, font: int, fill: int, border_id: int, align: tuple[bool, bool, bool]
) -> Built:
    header, wrap, center = align
    el = etree.Element(_N + "xf")
    el.set("numFmtId", str(numfmt))
    el.set("fontId", str(font))
    el.set("fillId", str(fill))
    el.set("borderId", str(border_id))
    el.set("xfId", "0")
    if numfmt:
        el.set("applyNumberFormat", "1")
    if font:
        el.set("applyFont", "1")
    if fill:
        el.set("applyFill", "1")
    if border_id:
        el.set("applyBorder", "1")
    if header or wrap or center:
        el.set("applyAlignment", "1")
        al = etree.SubElement(el, _N + "alignment")
        if header or center:
            al.set("horizontal", "center")
        if header:
            al.set("vertical", "center")
        if header or wrap:
            al.set("wrapText", "1")
    return el, _key(el)


class StyleBook:
    """Parsed styles.xml with find-or-append for fonts, fills, borders, numFmts and cellXfs."""

    def __init__(self, xml: bytes) -> None:
        self._origin = xml
        self.root = etree.fromstring(xml)
        self._cache: dict[CellStyle, int] = {}
        self._index: dict[str, dict[tuple, int]] = {}  # section tag -> entry structure -> index
        self._sizes: dict[str, int] = {}
        self._changed = False
        self._source: etree._Element | None = None
        self._imported: dict[tuple[str, int], int] = {}

    # sections -------------------------------------------------------------------------
    def _section(self, tag: str, after: tuple[str, ...]) -> etree._Element:
        el = self.root.find(_N + tag)
        if el is not None:
            return el
        el = etree.Element(_N + tag)
        el.set("count", "0")
        pos = 0
        for i, child in enumerate(self.root):
            if etree.QName(child).localname in after:
                pos = i + 1
        self.root.insert(pos, el)
        self._changed = True
        return el

    def _find_or_append(
        self,
        section: etree._Element,
        item: etree._Element,
        *,
        copy_on_append: bool = False,
        key: tuple | None = None,
    ) -> int:
        index = self._index.get(section.tag)
        if index is None:  # the section as it was in the styles.xml read (nothing added yet)
            found, size = (
                _section_index(self._origin, section.tag)
                if len(self._origin) <= CACHED_STYLES
                else _entries_index(section)
            )
            index = self._index[section.tag] = dict(found)
            self._sizes[section.tag] = size
        if key is None:
            key = _key(item)
        if key in index:
            return index[key]
        n = self._sizes[section.tag]
        section.append(copy.deepcopy(item) if copy_on_append else item)
        section.set("count", str(n + 1))
        index[key] = n
        self._sizes[section.tag] = n + 1
        self._changed = True
        return n

    # parts of a style ------------------------------------------------------------------
    def _numfmt(self, code: str) -> int:
        section = self._section("numFmts", ())
        used = []
        for nf in section:
            if nf.get("formatCode") == code:
                return int(nf.get("numFmtId"))
            used.append(int(nf.get("numFmtId", "0")))
        new_id = max([163, *used]) + 1
        el = etree.SubElement(section, _N + "numFmt")
        el.set("numFmtId", str(new_id))
        el.set("formatCode", code)
        section.set("count", str(len(section)))
        self._changed = True
        return new_id

    def _font(self, color: str | None, bold: bool) -> int:
        fonts = self._section("fonts", ("numFmts",))
        base = fonts.find(_N + "font")
        size = base.find(_N + "sz") if base is not None else None
        name = base.find(_N + "name") if base is not None else None
        el, key = _font_element(
            color,
            bold,
            size.get("val") if size is not None else "11",
            name.get("val") if name is not None else "Calibri",
        )
        return self._find_or_append(fonts, el, copy_on_append=True, key=key)

    def _fill(self, color: str | None) -> int:
        if color is None:
            return 0
        fills = self._section("fills", ("numFmts", "fonts"))
        el, key = _fill_element(color)
        return self._find_or_append(fills, el, copy_on_append=True, key=key)

    def _border(self, style: str | None) -> int:
        if style is None:
            return 0
        borders = self._section("borders", ("numFmts", "fonts", "fills"))
        el, key = _border_element(style)
        return self._find_or_append(borders, el, copy_on_append=True, key=key)

    def xf(self, style: CellStyle) -> int:
        """Index in cellXfs of the given style (appended on first use)."""
        cached = self._cache.get(style)
        if cached is not None:
            return cached
        if style.header:
            font, fill, border = self._font(HEADER_FONT, True), self._fill(HEADER_FILL), "bottom"
        else:
            fill_color, font_color, bold = PALETTE[style.tone]
            font = self._font(font_color, bold) if (font_color or bold) else 0
            fill = self._fill(fill_color)
            border = "top" if style.tone is Tone.TOTAL else None
        numfmt = 0
        if not style.header:
            code = style.formats.code(style.kind)
            numfmt = code if isinstance(code, int) else self._numfmt(code)
        border_id = self._border(border)
        xfs = self._section("cellXfs", ("numFmts", "fonts", "fills", "borders", "cellStyleXfs"))
        align = (style.header, style.wrap, style.center)
        el, key = _xf_element(numfmt, font, fill, border_id, align)
        index = self._find_or_append(xfs, el, copy_on_append=True, key=key)
        self._cache[style] = index
        return index

    def import_xf(self, source: etree._Element, index: int) -> int:
        """Index here of cell style `index` of another styles.xml (`source`, parsed): its
        font, fill, border and number format are found or appended here, then the xf itself."""

        def nth(tag: str, i: int) -> etree._Element:
            section = source.find(_N + tag)
            return [c for c in section if isinstance(c.tag, str)][i]

        xf = copy.deepcopy(nth("cellXfs", index))
        numfmt = int(xf.get("numFmtId", "0"))
        if numfmt >= 164:
            codes = {n.get("numFmtId"): n.get("formatCode") for n in source.iter(_N + "numFmt")}
            xf.set("numFmtId", str(self._numfmt(codes[str(numfmt)])))
        after = {"fonts": ("numFmts",), "fills": ("numFmts", "fonts")}
        after["borders"] = ("numFmts", "fonts", "fills")
        if source is not self._source:  # what was imported from the last source, by place
            self._source, self._imported = source, {}
        for tag, attr in (("fonts", "fontId"), ("fills", "fillId"), ("borders", "borderId")):
            i = int(xf.get(attr, "0"))
            found = self._imported.get((tag, i))
            if found is None:
                item = nth(tag, i)  # copied only if appended
                section = self._section(tag, after[tag])
                found = self._find_or_append(section, item, copy_on_append=True)
                self._imported[(tag, i)] = found
            xf.set(attr, str(found))
        xf.set("xfId", "0")
        xfs = self._section("cellXfs", ("numFmts", "fonts", "fills", "borders", "cellStyleXfs"))
        return self._find_or_append(xfs, xf)

    def to_bytes(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)

    @property
    def changed(self) -> bool:
        return self._changed
