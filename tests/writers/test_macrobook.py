"""The ready-made macro workbook (workbook_templates/arxl.xlsm): built from macros/arxl.bas by
a script in the repo, checked here for real: the VBA source read back from the binary, the
buttons' macros, the sheets as openpyxl, python-calamine and LibreOffice see them."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import olefile
import openpyxl
import pytest
from python_calamine import CalamineWorkbook

import arxl
from arxl.api.buttons import ACTIONS
from arxl.sheets import home
from arxl.vocab import Lang
from arxl.writers.macrobook import write_macro_workbook
from arxl.writers.vbaproject import ovba_decompress
from tests.helpers.libreoffice import convert, needs_soffice, pdf_text
from tests.helpers.zipparts import zip_parts

REPO = Path(__file__).resolve().parents[2]
BAS = REPO / "macros" / "arxl.bas"
TEMPLATES = {Lang.FR: REPO / "workbook_templates" / "arxl.xlsm",
             Lang.EN: REPO / "workbook_templates" / "arxl-en.xlsm"}  # fmt: skip
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def vba_modules(book: Path) -> dict[str, bytes]:
    """Module name -> source text, read from the workbook's vbaProject.bin with olefile."""
    data = zipfile.ZipFile(book).read("xl/vbaProject.bin")
    ole = olefile.OleFileIO(io.BytesIO(data))
    return {
        path[1]: ovba_decompress(ole.openstream(path).read())
        for path in ole.listdir()
        if path[0] == "VBA" and path[1] not in ("dir", "_VBA_PROJECT")
    }


def button_macros(book: Path) -> list[tuple[str, str]]:
    """(caption, macro) of every form button of the workbook, in drawing order."""
    out = []
    with zipfile.ZipFile(book) as zf:
        for name in sorted(n for n in zf.namelist() if n.endswith(".vml")):
            vml = zf.read(name).decode()
            for shape in re.findall(r"<v:shape .*?</v:shape>", vml, re.S):
                if 'ObjectType="Button"' in shape:
                    caption = re.sub(r"<[^>]+>", "", re.search(r"<v:textbox.*?</v:textbox>",
                                                               shape, re.S).group(0))  # fmt: skip
                    macro = re.search(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", shape).group(1)
                    out.append((caption.strip(), macro))
    return out


def public_subs(source: str) -> set[str]:
    return set(re.findall(r"^Public Sub (\w+)\(\)", source, re.M))


@pytest.mark.parametrize("lang", list(TEMPLATES))
def test_committed_template_is_what_the_build_script_writes(tmp_path, lang):
    rebuilt = write_macro_workbook(tmp_path / "arxl.xlsm", lang)
    assert zip_parts(rebuilt) == zip_parts(TEMPLATES[lang]), (
        "workbook_templates/ is stale: run python workbook_templates/build.py"
    )


@pytest.mark.parametrize("lang", list(TEMPLATES))
def test_vba_source_in_the_binary_is_macros_arxl_bas(lang):
    modules = vba_modules(TEMPLATES[lang])
    assert modules["arxl"] == BAS.read_bytes()
    assert modules["arxlMac"] == BAS.with_name("arxlMac.bas").read_bytes()
    assert b"\r\n" in modules["arxl"] and b"\n" not in modules["arxl"].replace(b"\r\n", b"")
    # a document module for the workbook and one per sheet code name
    assert {"ThisWorkbook", "arxlAccueil"} <= modules.keys()


@pytest.mark.parametrize("lang", list(TEMPLATES))
def test_every_button_runs_a_macro_of_arxl_bas(lang):
    source = BAS.read_text(encoding="ascii")
    buttons = button_macros(TEMPLATES[lang])
    expected = [(b.caption, b.macro) for b in home.buttons(lang)]
    assert buttons == expected
    assert {macro for _, macro in buttons} <= public_subs(source)
    # each macro asks `arxl excel run` for an action the Python side knows
    for button in home.buttons(lang):
        body = re.search(rf"Public Sub {button.macro}\(\)(.*?)End Sub", source, re.S).group(1)
        assert re.search(rf'RunButton "{button.action}", (""|m|files)', body)
        assert button.action in ACTIONS


def test_template_is_a_macro_workbook_that_readers_open():
    book = TEMPLATES[Lang.FR]
    parts = zip_parts(book)
    types = parts["[Content_Types].xml"].decode()
    assert f'PartName="/xl/workbook.xml" ContentType="{MACRO_MAIN}"' in types
    assert "application/vnd.ms-office.vbaProject" in types
    assert "relationships/vbaProject" in parts["xl/_rels/workbook.xml.rels"].decode()

    names = ["Accueil", "Clients", "Transactions", "Paramètres"]
    assert CalamineWorkbook.from_path(str(book)).sheet_names == names
    wb = openpyxl.load_workbook(book, keep_vba=True)
    assert wb.sheetnames == names and wb.active.title == "Accueil"
    tx = wb["Transactions"]
    assert list(tx.tables) == ["TableFactures"]
    assert list(wb["Clients"].tables) == ["TableClients"]
    status = [dv for dv in tx.data_validations.dataValidation if dv.type == "list"]
    assert status and "En retard" in status[0].formula1
    headers = [c.value for c in tx[1]]
    assert tx.column_dimensions["A"].number_format == "dd/mm/yyyy"  # Date
    money = tx.column_dimensions[chr(65 + headers.index("Montant"))].number_format
    assert "€" in money
    assert "TODAY()" in wb["Accueil"]["C5"].value


def test_refresh_on_the_template_keeps_the_vba_project(tmp_path):
    book = shutil.copy(TEMPLATES[Lang.FR], tmp_path / "factures.xlsm")
    before = zip_parts(book)
    result = arxl.refresh_workbook(book)
    after = zip_parts(book)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert after["xl/drawings/vmlDrawing1.vml"] == before["xl/drawings/vmlDrawing1.vml"]
    assert list(result.sheets.values()) == [
        "Tableau de bord",
        "Suivi",
        "Balance âgée",
        "Tableau croisé",
        "Relances",
        "Pénalités",
        "Anomalies",
    ]
    assert vba_modules(book)["arxl"] == BAS.read_bytes()


@needs_soffice
@pytest.mark.libreoffice
def test_libreoffice_opens_the_template(tmp_path):
    pdf = convert(TEMPLATES[Lang.FR], "pdf", tmp_path)
    text = pdf_text(pdf)
    if text is not None:
        assert "arxl — comptes clients" in text
        assert "Mode d'emploi" in text
