"""The Tableau croisé in a refresh: written with the other sheets, once, beside the owner's."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import make_workbook

import arxl
from arxl.reports import followup, pivot
from arxl.settings import Settings
from arxl.vocab import Lang
from tests.helpers.decorated import make_decorated_workbook


def _pivot_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if "pivot" in n.lower()}


def test_refresh_writes_the_pivot_once(tmp_path: Path) -> None:
    book = make_workbook(tmp_path / "book.xlsx")
    first = arxl.refresh_workbook(book, as_of=dt.date(2023, 3, 31))
    assert first.sheets["pivot"] == "Tableau croisé"
    names = list(first.sheets.values())
    assert names.index("Tableau croisé") == names.index("Balance âgée") + 1
    once = _pivot_parts(book)
    arxl.refresh_workbook(book, as_of=dt.date(2023, 3, 31))
    assert _pivot_parts(book) == once
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames.count("Tableau croisé") == 1
    (table,) = wb["Tableau croisé"]._pivots
    assert table.cache.cacheSource.worksheetSource.sheet == "Suivi"


def test_refresh_keeps_the_owners_pivot(tmp_path: Path) -> None:
    book = make_decorated_workbook(tmp_path / "owner.xlsx")
    owner = _pivot_parts(book)
    arxl.refresh_workbook(book, as_of=dt.date(2026, 6, 30))
    arxl.refresh_workbook(book, as_of=dt.date(2026, 7, 31))
    after = _pivot_parts(book)
    assert {n: after[n] for n in owner} == owner
    workbook = zipfile.ZipFile(book).read("xl/workbook.xml").decode()
    assert len(re.findall(r"<pivotCache ", workbook)) == 2


@pytest.mark.parametrize("lang", list(Lang))
def test_the_fields_are_suivis_columns(lang: Lang) -> None:
    """The pivot finds its columns in Suivi by their headers, with and without the payment
    columns Suivi gets when the book has payments."""
    import pandas as pd

    columns = ["invoice", "date", "client_id", "client_name", "amount", "due", "paid"]
    columns += ["balance", "status", "days_overdue", "bucket", "reminder_level", "row"]
    items = pd.DataFrame({c: [] for c in [*columns, "last_payment", "partial"]})
    for settled in (None, pd.Series(dtype=object)):
        suivi = followup.build(items, Settings(), dt.date(2023, 1, 1), lang, settled)
        spec = pivot.build(suivi, Settings(), dt.date(2023, 1, 1), lang)
        headers = [suivi.columns[i].header for i in (spec.rows, spec.cols, spec.values, spec.page)]
        assert headers == (
            ["Client", "Tranche", "Solde", "Statut"]
            if lang is Lang.FR
            else ["Client", "Bucket", "Balance", "Status"]
        )
