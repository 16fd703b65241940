"""`arxl excel init` on an owner's workbook: the home sheet and VBA project grafted in, with
the same preservation rules as a refresh (every part of the owner's byte for byte)."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

import arxl
from arxl.api import add_buttons
from arxl.errors import ArxlError
from arxl.writers.graft import owned_sheet_names
from tests.helpers.decorated import make_decorated_workbook
from tests.helpers.libreoffice import convert, needs_soffice, pdf_text
from tests.helpers.zipparts import INDEX_PARTS, sheet_names, sheet_parts, zip_parts
from tests.writers.test_macrobook import BAS, MACRO_MAIN, button_macros, vba_modules

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
OWNER_SHEETS = ["Clients", "Transactions", "Notes", "Pivot", "Listes"]


@pytest.fixture(scope="module")
def owner(tmp_path_factory) -> Path:
    return make_decorated_workbook(tmp_path_factory.mktemp("owner") / "comptes.xlsx")


@pytest.fixture(scope="module")
def buttons_book(owner) -> Path:
    out = owner.with_name("comptes.xlsm")
    add_buttons(owner, out)
    return out


def defined_names(book: Path) -> list[tuple[str, str | None, str]]:
    root = etree.fromstring(zip_parts(book)["xl/workbook.xml"])
    return [
        (d.get("name"), d.get("localSheetId"), d.text)
        for d in root.iterfind("m:definedNames/m:definedName", NS)
    ]


def test_owner_parts_kept_byte_for_byte(owner, buttons_book):
    before, after = zip_parts(owner), zip_parts(buttons_book)
    for name, data in before.items():
        if name not in INDEX_PARTS:
            assert after[name] == data, name
    assert sheet_names(after["xl/workbook.xml"]) == ["Accueil", *OWNER_SHEETS, "Paramètres"]


def test_home_first_names_still_point_at_their_sheets(owner, buttons_book):
    names = sheet_names(zip_parts(buttons_book)["xl/workbook.xml"])
    before = sheet_names(zip_parts(owner)["xl/workbook.xml"])
    old = {(n, before[int(s)] if s else None, v) for n, s, v in defined_names(owner)}
    new = {(n, names[int(s)] if s else None, v) for n, s, v in defined_names(buttons_book)}
    assert old <= new  # each sheet-scoped name still scoped to the same sheet
    assert ("_arxl_sheet", "Accueil", '"home"') in new
    wb = openpyxl.load_workbook(buttons_book, keep_vba=True)
    assert wb.active.title == "Clients"  # still opens on the owner's active sheet
    assert "$A$1:$M$30" in str(wb["Notes"].print_area)


def test_macro_enabled_with_arxl_bas_and_bound_buttons(buttons_book):
    parts = zip_parts(buttons_book)
    types = parts["[Content_Types].xml"].decode()
    assert f'PartName="/xl/workbook.xml" ContentType="{MACRO_MAIN}"' in types
    assert 'PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"' in (
        types
    )
    assert 'codeName="ThisWorkbook"' in parts["xl/workbook.xml"].decode()
    assert vba_modules(buttons_book)["arxl"] == BAS.read_bytes()
    assert [m for _, m in button_macros(buttons_book)] == [
        "ArxlRefresh",
        "ArxlReminders",
        "ArxlReport",
        "ArxlBank",
        "ArxlDrafts",
    ]
    # the buttons' shape ids are not those of the owner's comment drawings
    blocks = [
        re.search(rb'idmap v:ext="edit" data="(\d+)"', data).group(1)
        for name, data in parts.items()
        if name.endswith(".vml")
    ]
    assert len(blocks) == len(set(blocks)) >= 3


def test_readers_open_it_and_refresh_keeps_the_buttons(buttons_book, tmp_path):
    names = ["Accueil", *OWNER_SHEETS, "Paramètres"]
    assert CalamineWorkbook.from_path(str(buttons_book)).sheet_names == names
    home = CalamineWorkbook.from_path(str(buttons_book)).get_sheet_by_name("Accueil")
    assert "arxl — comptes clients" in [v for row in home.to_python() for v in row]
    out = tmp_path / "refreshed.xlsm"
    arxl.refresh_workbook(buttons_book, out=out)
    before, after = zip_parts(buttons_book), zip_parts(out)
    for name in ("xl/vbaProject.bin", *(n for n in before if n.endswith(".vml"))):
        assert after[name] == before[name], name


def test_owner_macros_are_kept_and_arxl_bas_written_beside(tmp_path):
    book = make_decorated_workbook(tmp_path / "macros.xlsm", macro=True)
    out = tmp_path / "with-buttons.xlsm"
    result = add_buttons(book, out)
    assert result.kept_owner_vba
    assert zip_parts(out)["xl/vbaProject.bin"] == zip_parts(book)["xl/vbaProject.bin"]
    assert (tmp_path / "arxl.bas").read_bytes() == BAS.read_bytes()


def test_beside_an_owner_s_accueil_sheet_the_home_sheet_is_accueil_arxl(tmp_path):
    book = make_decorated_workbook(tmp_path / "a.xlsx", owner_sheets=("Accueil",))
    out = tmp_path / "a.xlsm"
    result = add_buttons(book, out)
    assert result.home == "Accueil (arxl)"
    before, after = zip_parts(book), zip_parts(out)
    part = sheet_parts(before)["Accueil"]
    assert sheet_parts(after)["Accueil"] == part and after[part] == before[part]
    assert sheet_names(after["xl/workbook.xml"])[0] == "Accueil (arxl)"
    assert owned_sheet_names(out) == {"home": "Accueil (arxl)"}
    refreshed = arxl.refresh_workbook(out)
    assert "home" not in refreshed.sheets and refreshed.sheets["followup"] == "Suivi"
    with pytest.raises(ArxlError, match=r"already has arxl's buttons \(sheet 'Accueil \(arxl\)'"):
        add_buttons(out, tmp_path / "again.xlsm")


def test_refused_when_the_workbook_has_buttons_already(tmp_path, buttons_book):
    book = make_decorated_workbook(tmp_path / "a.xlsx")
    with pytest.raises(ArxlError, match="already has arxl's buttons"):
        add_buttons(buttons_book, tmp_path / "again.xlsm")
    with pytest.raises(ArxlError, match="must be saved as .xlsm"):
        add_buttons(book, tmp_path / "b.xlsx")


@needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_opens_the_button_enabled_copy(buttons_book, tmp_path):
    text = pdf_text(convert(buttons_book, "pdf", tmp_path))
    if text is not None:
        assert "arxl — comptes clients" in text
        assert "Dupont SARL" in text
