"""The dashboard's sheet, drawing and charts grafted into an owner's workbook that has its own
chart: nothing of the owner's renamed or changed, nothing duplicated by a second refresh."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from lxml import etree

import arxl
from tests.helpers.decorated import make_decorated_workbook
from tests.helpers.zipparts import CONTENT_TYPES, STYLES, assert_preserved, sheet_parts, zip_parts

AS_OF = dt.date(2026, 6, 30)
DASHBOARD = "Tableau de bord"
CHART = re.compile(r"xl/charts/chart\d+\.xml")
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return make_decorated_workbook(tmp_path / "Comptes clients.xlsx")


def _charts(parts: dict[str, bytes]) -> list[str]:
    return sorted(n for n in parts if CHART.fullmatch(n))


def test_dashboard_brings_its_own_drawing_and_charts(book: Path) -> None:
    before = zip_parts(book)
    out = book.with_name("out.xlsx")
    result = arxl.refresh_workbook(book, out=out, as_of=AS_OF)
    after = zip_parts(out)

    assert_preserved(book, out, result.owned_parts)
    owner_charts = _charts(before)
    assert owner_charts, "the decorated workbook has a chart of the owner's"
    new_charts = [n for n in _charts(after) if n not in before]
    # the dashboard's five (aged balance, top debtors, invoiced and collected, DSO, forecast)
    assert len(new_charts) == 5 and set(new_charts) <= result.owned_parts
    for name in owner_charts:  # the owner's chart keeps its name and bytes
        assert after[name] == before[name]

    sheet = sheet_parts(after)[DASHBOARD]
    rels = after[sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"].decode()
    assert "drawings/drawing" in rels
    types = after[CONTENT_TYPES].decode()
    for name in new_charts:
        assert types.count(f'PartName="/{name}"') == 1
        assert "Tableau de bord" in after[name].decode()  # the series point at the dashboard

    root = etree.fromstring(after[sheet])
    assert not [c for c in root.iter(MAIN + "c") if c.get("t") == "s"], "shared strings used"
    assert all(v.get("tabSelected") is None for v in root.iter(MAIN + "sheetView"))
    xfs = etree.fromstring(after[STYLES]).find(MAIN + "cellXfs")
    used = {int(c.get("s")) for c in root.iter(MAIN + "c") if c.get("s")}
    assert used and max(used) < len(xfs)


def test_second_refresh_replaces_the_dashboard_byte_for_byte(book: Path) -> None:
    first = book.with_name("first.xlsx")
    second = book.with_name("second.xlsx")
    arxl.refresh_workbook(book, out=first, as_of=AS_OF)
    result = arxl.refresh_workbook(first, out=second, as_of=AS_OF)

    assert second.read_bytes() == first.read_bytes()
    assert_preserved(first, second, result.owned_parts)


def test_refresh_at_another_date_replaces_the_charts(book: Path) -> None:
    first = book.with_name("first.xlsx")
    second = book.with_name("second.xlsx")
    arxl.refresh_workbook(book, out=first, as_of=AS_OF)
    arxl.refresh_workbook(first, out=second, as_of=dt.date(2026, 7, 31))

    parts_1, parts_2 = zip_parts(first), zip_parts(second)
    assert _charts(parts_2) == _charts(parts_1)
    assert sorted(parts_2) == sorted(parts_1)
    sheet = sheet_parts(parts_2)[DASHBOARD]
    assert b"situation au 31/07/2026" in parts_2[sheet]
    assert b"situation au 30/06/2026" not in parts_2[sheet]
