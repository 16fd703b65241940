"""An owner who edits in LibreOffice: arxl must still recognise its sheets after a re-save."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
import python_calamine
from conftest import make_workbook, sheet_values

import arxl
from tests.helpers.libreoffice import convert, needs_soffice

pytestmark = [pytest.mark.libreoffice, needs_soffice]


def test_refresh_after_libreoffice_resave(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "book.xlsx")
    arxl.refresh_workbook(book, as_of=dt.date(2023, 3, 31))
    resaved = convert(book, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    assert sheet_values(resaved, "Suivi")[0][0] == "Facture"
    result = arxl.refresh_workbook(resaved, as_of=dt.date(2023, 4, 30))
    assert set(result.sheets) == {
        "dashboard",
        "followup",
        "aged",
        "pivot",
        "reminders",
        "penalties",
        "issues",
    }
    names = python_calamine.CalamineWorkbook.from_path(str(resaved)).sheet_names
    assert names.count("Suivi") == 1 and names.count("Paramètres") == 1
    assert names.count("Tableau de bord") == 1
    # the charts LibreOffice re-saved went with the old dashboard: five charts, not ten
    with zipfile.ZipFile(resaved) as zf:
        charts = [n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    assert len(charts) == 5
    aged = sheet_values(resaved, "Balance âgée")
    assert aged[1] == ["2", "Martin & Fils", "", "", 500.0, "", "", 500.0, "", 500.0]
