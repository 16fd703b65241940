"""arxl writes its sheets into the owner's workbook without losing anything of the owner's.

Every zip part that is not an arxl sheet stays byte-for-byte identical; the four index parts
arxl must edit keep every entry they had (see ``tests.helpers.zipparts.assert_preserved``).
The owner workbook is ``tests.helpers.decorated``: charts, image, text box, comments, merged
cells, links, validations, conditional format, Excel table, pivot table, hidden sheet, defined
names, custom properties and, as ``.xlsm``, a VBA project with a form button.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

import arxl
import arxl.api
from arxl import errors
from tests.helpers.decorated import make_decorated_workbook
from tests.helpers.libreoffice import convert, needs_soffice, pdf_text
from tests.helpers.zipparts import (
    CONTENT_TYPES,
    STYLES,
    assert_preserved,
    sheet_names,
    sheet_parts,
    zip_parts,
)

AS_OF = dt.date(2026, 6, 30)
ORIGINAL_SHEETS = ["Clients", "Transactions", "Notes", "Pivot", "Listes"]
ARXL_SHEETS = {
    "dashboard": "Tableau de bord",
    "followup": "Suivi",
    "aged": "Balance âgée",
    "pivot": "Tableau croisé",
    "reminders": "Relances",
    "penalties": "Pénalités",
    "issues": "Anomalies",
    "settings": "Paramètres",
}
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


@pytest.fixture(params=["xlsx", "xlsm"])
def book(request, tmp_path) -> Path:
    kind = request.param
    return make_decorated_workbook(tmp_path / f"Comptes clients.{kind}", macro=kind == "xlsm")


@pytest.fixture
def macro_book(tmp_path) -> Path:
    return make_decorated_workbook(tmp_path / "Comptes clients.xlsm", macro=True)


def _out(book: Path, stem: str = "refreshed") -> Path:
    return book.with_name(stem + book.suffix)


def _refresh(book: Path, out: Path | None):
    return arxl.refresh_workbook(book, out=out, as_of=AS_OF)


# ---------------------------------------------------------------------------------------------
# Everything of the owner survives
# ---------------------------------------------------------------------------------------------


def test_owner_parts_preserved_and_source_untouched(book):
    before = book.read_bytes()
    out = _out(book)
    result = _refresh(book, out)

    assert book.read_bytes() == before, "the source workbook changed although out= was given"
    assert out.exists()
    assert_preserved(book, out, result.owned_parts)

    # arxl only claims parts it created: on a first refresh none of them is the owner's.
    before_parts = zip_parts(book)
    after_parts = zip_parts(out)
    assert result.owned_parts, "arxl reported no part written"
    assert not result.owned_parts & before_parts.keys()
    assert result.owned_parts <= after_parts.keys()

    # The owned parts are those of arxl's sheets, never those of the owner's sheets.
    assert result.sheets == ARXL_SHEETS
    parts_of = sheet_parts(after_parts)
    for key in ("dashboard", "followup", "aged", "reminders", "penalties", "issues"):
        assert parts_of[ARXL_SHEETS[key]] in result.owned_parts, key
    # Paramètres is created here; it may count as arxl's or, once created, as the owner's
    # (arxl then only reads it). Either way it is a new part, not one of the owner's.
    assert parts_of[ARXL_SHEETS["settings"]] not in before_parts
    for name in ORIGINAL_SHEETS:
        assert parts_of[name] not in result.owned_parts, name
        assert after_parts[parts_of[name]] == before_parts[parts_of[name]], name


def test_macro_workbook_keeps_vba_project_and_type(macro_book):
    vba = zip_parts(macro_book)["xl/vbaProject.bin"]
    out = _out(macro_book)
    result = _refresh(macro_book, out)

    parts = zip_parts(out)
    assert result.path == out and out.suffix == ".xlsm"
    assert parts["xl/vbaProject.bin"] == vba
    types = parts[CONTENT_TYPES].decode()
    assert f'PartName="/xl/workbook.xml" ContentType="{MACRO_MAIN}"' in types
    # the workbook code name VBA's ThisWorkbook module is bound to
    assert 'codeName="ThisWorkbook"' in parts["xl/workbook.xml"].decode()
    assert_preserved(macro_book, out, result.owned_parts)


def test_refreshed_workbook_opens_with_every_sheet_in_order(book):
    out = _out(book)
    _refresh(book, out)

    names = openpyxl.load_workbook(out, keep_vba=out.suffix == ".xlsm").sheetnames
    calamine_names = CalamineWorkbook.from_path(str(out)).sheet_names
    assert calamine_names == names
    assert sheet_names(zip_parts(out)["xl/workbook.xml"]) == names

    assert set(ARXL_SHEETS.values()) <= set(names)
    assert [n for n in names if n in ORIGINAL_SHEETS] == ORIGINAL_SHEETS
    assert len(names) == len(ORIGINAL_SHEETS) + len(ARXL_SHEETS)

    calamine = CalamineWorkbook.from_path(str(out))
    for name in ARXL_SHEETS.values():
        rows = calamine.get_sheet_by_name(name).to_python()
        assert rows, f"{name} is empty"
    # The owner's data reads as before.
    transactions = calamine.get_sheet_by_name("Transactions").to_python()
    assert transactions[1][:4] == [dt.date(2026, 1, 8), 1.0, "Facture F2026-001", 1200.0]


def test_new_sheets_come_in_sheet_order_with_their_names_on_the_right_sheet(book):
    """The biggest sheets are built first (so they are written while the rest is computed);
    the tabs still come in SHEET_ORDER, and each sheet-scoped name points at its own sheet."""
    out = _out(book)
    _refresh(book, out)

    wb = etree.fromstring(zip_parts(out)["xl/workbook.xml"])
    names = [s.get("name") for s in wb.iter(f"{{{MAIN}}}sheet")]
    ours = [n for n in names if n not in ORIGINAL_SHEETS]
    expected = [ARXL_SHEETS[k] for k in (*arxl.api.SHEET_ORDER, "settings") if k in ARXL_SHEETS]
    assert ours == expected
    scoped = [d for d in wb.iter(f"{{{MAIN}}}definedName") if d.get("localSheetId") is not None]
    filters = 0
    for d in scoped:
        sheet = names[int(d.get("localSheetId"))]
        if d.get("name") in ("_xlnm._FilterDatabase", "_xlnm.Print_Titles"):
            assert d.text.rsplit("!", 1)[0].strip("'") == sheet, (d.get("name"), sheet, d.text)
            filters += d.get("name") == "_xlnm._FilterDatabase"
    assert filters >= 4  # Suivi, Balance âgée, Relances, Pénalités at least


# ---------------------------------------------------------------------------------------------
# A second refresh changes nothing
# ---------------------------------------------------------------------------------------------


def test_second_refresh_same_as_of_is_identical(book):
    first = _out(book, "first")
    second = _out(book, "second")
    result_1 = _refresh(book, first)
    result_2 = _refresh(first, second)

    parts_1, parts_2 = zip_parts(first), zip_parts(second)
    assert sorted(parts_2) == sorted(parts_1)
    changed = sorted(name for name in parts_1 if parts_1[name] != parts_2[name])
    assert not changed, f"parts changed by a second refresh: {changed}"
    assert len(parts_2[STYLES]) == len(parts_1[STYLES])
    # Paramètres now exists: arxl reads it and leaves it to the owner, so it is not rewritten.
    assert result_2.sheets == {k: v for k, v in ARXL_SHEETS.items() if k != "settings"}
    assert result_2.owned_parts <= result_1.owned_parts
    assert_preserved(first, second, result_2.owned_parts)


def test_in_place_refresh_matches_refresh_to_out(book, tmp_path):
    expected = _out(book, "expected")
    _refresh(book, expected)
    before = set(tmp_path.iterdir())

    result = _refresh(book, None)

    assert result.path == book
    assert zip_parts(book) == zip_parts(expected)
    assert set(tmp_path.iterdir()) == before, "an in-place refresh left files behind"


# ---------------------------------------------------------------------------------------------
# An owner's sheet with an arxl name is kept; refusals leave the workbook alone
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("in_place", [False, True], ids=["out", "in-place"])
def test_owner_sheet_named_like_an_arxl_sheet_is_kept_beside_arxl_s(tmp_path, in_place):
    book = make_decorated_workbook(
        tmp_path / "Comptes clients.xlsm", macro=True, owner_sheets=("Suivi",)
    )
    before = tmp_path / "before.xlsm"
    before.write_bytes(book.read_bytes())
    out = None if in_place else _out(book)

    result = _refresh(book, out)

    assert result.sheets["followup"] == "Suivi (arxl)"
    assert_preserved(before, result.path, result.owned_parts)
    old, new = zip_parts(before), zip_parts(result.path)
    owner_part = sheet_parts(old)["Suivi"]
    assert sheet_parts(new)["Suivi"] == owner_part
    assert new[owner_part] == old[owner_part]
    assert owner_part not in result.owned_parts


def test_locked_workbook_is_refused_in_place(book):
    lock = book.with_name("~$" + book.name)
    lock.write_bytes(b"\x0cPropri\xe9taire" + b"\x00" * 40)
    before = book.read_bytes()

    with pytest.raises(errors.WorkbookLocked) as caught:
        _refresh(book, None)

    assert isinstance(caught.value, arxl.ArxlError)
    assert book.read_bytes() == before
    assert lock.exists()
    assert sorted(p.name for p in book.parent.iterdir()) == sorted([book.name, lock.name])


# ---------------------------------------------------------------------------------------------
# LibreOffice still opens the result
# ---------------------------------------------------------------------------------------------


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_opens_refreshed_macro_workbook(macro_book, tmp_path):
    out = _out(macro_book)
    _refresh(macro_book, out)
    outdir = tmp_path / "converted"
    profile = tmp_path / "lo-profile"

    pdf = convert(out, "pdf", outdir, profile)
    assert pdf.exists() and pdf.stat().st_size > 0
    assert pdf.read_bytes().startswith(b"%PDF")

    text = pdf_text(pdf)
    if text is not None:
        # the owner's sheets still print: data, chart title, pivot table labels
        assert "Dupont SARL" in text
        assert "Facture F2026-020" in text
        assert "Montant facturé par client" in text
        assert "Somme de Montant" in text
        # arxl's dashboard prints beside them, with its charts (their titles are drawn)
        assert "Tableau de bord – situation au 30/06/2026" in text
        assert "Les 10 plus gros débiteurs" in text

    # The first sheet as CSV: the owner's Clients sheet is still first and readable.
    csv = convert(out, "csv:Text - txt - csv (StarCalc):44,34,76", outdir, profile)
    assert csv.exists()
    assert "Dupont SARL" in csv.read_text(encoding="utf-8")


def _saved_by_excel(book: Path) -> Path:
    """The book as Excel saves it: a calculation chain listing formula cells (one of them in
    a sheet arxl will write) and a <calcPr calcId> without fullCalcOnLoad."""
    import re
    import zipfile

    out = book.with_name("excel" + book.suffix)
    chain = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<c r="H2" i="12"/><c r="B3" i="3"/></calcChain>'
    )
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdChain" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                    b"</Relationships>",
                )
            elif item.filename == CONTENT_TYPES:
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
                )
            elif item.filename == "xl/workbook.xml":
                data = re.sub(rb"<calcPr[^>]*/>", b'<calcPr calcId="191029"/>', data)
            zout.writestr(item, data)
        zout.writestr("xl/calcChain.xml", chain)
    return out


@needs_soffice
def test_excels_calculation_chain_is_dropped_and_the_book_recalculates_on_open(tmp_path):
    """arxl rewrites sheets Excel's calculation chain lists (Pénalités' formulas move): a stale
    chain makes Excel repair the file, and the owner's formulas over arxl's sheets would show
    the figures of the last save. The chain is dropped (Excel makes it again) and the workbook
    asks for a full calculation on open; the rest of calcPr is kept."""
    book = _saved_by_excel(make_decorated_workbook(tmp_path / "Comptes clients.xlsx"))
    for _ in range(2):
        _refresh(book, None)
        parts = zip_parts(book)
        assert "xl/calcChain.xml" not in parts
        assert b"calcChain" not in parts["xl/_rels/workbook.xml.rels"]
        assert b"calcChain" not in parts[CONTENT_TYPES]
        calc = etree.fromstring(parts["xl/workbook.xml"]).find(f"{{{MAIN}}}calcPr")
        assert calc is not None
        assert (calc.get("calcId"), calc.get("fullCalcOnLoad")) == ("191029", "1")
    assert convert(book, "pdf", tmp_path / "pdf").stat().st_size > 0
