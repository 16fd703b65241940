"""Self-tests of the fixture builder and of the preservation checker (no arxl needed)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from tests.helpers.decorated import make_decorated_workbook, make_png
from tests.helpers.vbaproject import build_vba_project, ovba_compress, ovba_decompress
from tests.helpers.zipparts import (
    CONTENT_TYPES,
    STYLES,
    WORKBOOK,
    WORKBOOK_RELS,
    assert_preserved,
    sheet_names,
    sheet_parts,
    zip_parts,
)

SHEETS = ["Clients", "Transactions", "Notes", "Pivot", "Listes"]


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("decorated")
    return {
        "xlsx": make_decorated_workbook(folder / "book.xlsx"),
        "xlsm": make_decorated_workbook(folder / "book.xlsm", macro=True),
    }


def _rewrite(src: Path, dst: Path, changes: dict[str, bytes | None]) -> Path:
    """Copy a zip, replacing (or, with None, dropping) some parts."""
    parts = zip_parts(src)
    for name, data in changes.items():
        if data is None:
            parts.pop(name)
        else:
            parts[name] = data
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return dst


def test_fixture_is_deterministic(tmp_path, books):
    for kind, book in books.items():
        again = make_decorated_workbook(tmp_path / f"again.{kind}", macro=kind == "xlsm")
        assert again.read_bytes() == book.read_bytes()


def test_fixture_holds_every_kind_of_object(books):
    for kind, book in books.items():
        parts = zip_parts(book)
        names = set(parts)
        for expected in (
            "xl/charts/chart1.xml",
            "xl/drawings/drawing1.xml",
            "xl/media/image1.png",
            "xl/tables/table1.xml",
            "xl/comments1.xml",
            "xl/comments2.xml",
            "xl/pivotTables/pivotTable1.xml",
            "xl/pivotCache/pivotCacheDefinition1.xml",
            "xl/pivotCache/pivotCacheRecords1.xml",
            "docProps/custom.xml",
        ):
            assert expected in names, (kind, expected)
        assert ("xl/vbaProject.bin" in names) == (kind == "xlsm")
        workbook = parts[WORKBOOK].decode()
        for name in ("Taux", "Liste_Clients", "Total_Notes", "_xlnm.Print_Area"):
            assert f'name="{name}"' in workbook
        assert "<pivotCaches>" in workbook
        assert sheet_names(parts[WORKBOOK]) == SHEETS
        sheets = {name: parts[part].decode() for name, part in sheet_parts(parts).items()}
        assert "<mergeCell " in sheets["Clients"] and "<mergeCell " in sheets["Notes"]
        assert "<dataValidation " in sheets["Clients"]
        assert "<dataValidation " in sheets["Transactions"]
        assert "<conditionalFormatting " in sheets["Transactions"]
        assert "<hyperlink " in sheets["Clients"] and 'location="' in sheets["Notes"]
        assert 'state="hidden"' in workbook
        buttons = [n for n in names if n.endswith(".vml") and b"RefreshArxl" in parts[n]]
        assert len(buttons) == (1 if kind == "xlsm" else 0)


def test_fixture_opens_in_openpyxl_and_calamine(books):
    for kind, book in books.items():
        wb = openpyxl.load_workbook(book, keep_vba=kind == "xlsm")
        assert wb.sheetnames == SHEETS
        assert list(wb["Transactions"].tables) == ["Factures"]
        assert len(wb["Pivot"]._pivots) == 1
        assert wb["Transactions"]["D2"].value == 1200
        cal = CalamineWorkbook.from_path(str(book))
        assert cal.sheet_names == SHEETS
        rows = cal.get_sheet_by_name("Transactions").to_python()
        assert rows[0] == ["Date", "ID Client", "Description", "Montant", "Statut", "Remarques"]
        assert len(rows) == 21


def test_macro_fixture_content_type_and_codenames(books):
    parts = zip_parts(books["xlsm"])
    assert (
        'PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"'
    ) in parts[CONTENT_TYPES].decode()
    assert 'codeName="ThisWorkbook"' in parts[WORKBOOK].decode()
    bin_ = parts["xl/vbaProject.bin"]
    assert bin_.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
    for line in (b"Document=ThisWorkbook/", b"Document=Feuil1/", b"Document=Feuil5/"):
        assert line in bin_  # the PROJECT stream is stored uncompressed
    assert b"Module=Module1" in bin_
    sheets = {name: parts[part].decode() for name, part in sheet_parts(parts).items()}
    assert '<sheetPr codeName="Feuil1"' in sheets["Clients"]


def test_ovba_compression_round_trips():
    samples = [b"", b"a", b"abcabcabcabc" * 500, bytes(range(256)) * 20, make_png()]
    for sample in samples:
        assert ovba_decompress(ovba_compress(sample)) == sample
    project = build_vba_project(["Feuil1"])
    assert len(project) % 512 == 0 and project == build_vba_project(["Feuil1"])


def test_assert_preserved_accepts_a_copy_and_appended_entries(tmp_path, books):
    book = books["xlsm"]
    parts = zip_parts(book)
    styles = parts[STYLES].decode()
    styles = re.sub(r"</cellXfs>", '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
                    "</cellXfs>", styles)  # fmt: skip
    rels = (
        parts[WORKBOOK_RELS]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet99.xml"/></Relationships>',
        )
    )
    after = _rewrite(
        book,
        tmp_path / "after.xlsm",
        {STYLES: styles.encode(), WORKBOOK_RELS: rels.encode(), "xl/worksheets/sheet99.xml": b"x"},
    )
    assert_preserved(book, after, {"xl/worksheets/sheet99.xml"})


@pytest.mark.parametrize(
    "change",
    ["part bytes", "part dropped", "defined name", "content type", "style reordered", "sheets"],
)
def test_assert_preserved_catches_damage(tmp_path, books, change):
    book = books["xlsm"]
    parts = zip_parts(book)
    workbook = parts[WORKBOOK].decode()
    if change == "part bytes":
        changes = {"xl/charts/chart1.xml": parts["xl/charts/chart1.xml"] + b" "}
    elif change == "part dropped":
        changes = {"xl/vbaProject.bin": None}
    elif change == "defined name":
        changes = {WORKBOOK: workbook.replace(">0.1<", ">0.2<").encode()}
    elif change == "content type":
        types = parts[CONTENT_TYPES].decode().replace("macroEnabled.main", "sheet.main")
        changes = {CONTENT_TYPES: types.encode()}
    elif change == "style reordered":
        styles = parts[STYLES].decode()
        fonts = re.search(r"<fonts[^>]*>(<font>.*?</font>)(<font>.*?</font>)", styles)
        assert fonts, "the fixture has at least two fonts"
        swapped = fonts.group(0).replace(
            fonts.group(1) + fonts.group(2), fonts.group(2) + fonts.group(1)
        )
        changes = {STYLES: styles.replace(fonts.group(0), swapped).encode()}
    else:
        first = re.search(r'<sheet name="Clients"[^>]*/>', workbook).group(0)
        reordered = workbook.replace(first, "").replace("</sheets>", first + "</sheets>")
        changes = {WORKBOOK: reordered.encode()}
    after = _rewrite(book, tmp_path / "after.xlsm", changes)
    with pytest.raises(AssertionError):
        assert_preserved(book, after, set())


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_reads_pivot_table_vba_and_button(tmp_path, books):
    """LibreOffice imports the hand-made pivot table as a DataPilot, the VBA modules into its
    Basic library, and binds the form button to the RefreshArxl macro."""
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "ods", "--outdir", str(tmp_path), str(books["xlsm"])],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    ods = zip_parts(tmp_path / "book.ods")
    content = ods["content.xml"].decode()
    assert re.search(r'<table:data-pilot-table table:name="TCD_Montants"', content)
    assert "Total Result" in content or "Total général" in content  # LibreOffice's own output
    assert "RefreshArxl" in ods["Basic/VBAProject/Module1.xml"].decode()
    assert "Basic/VBAProject/Feuil3.xml" in ods
    assert "VBAProject.Module1.RefreshArxl" in content  # the button's macro


def test_zip_parts_refuses_duplicate_entries(tmp_path):
    path = tmp_path / "dup.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning):
        archive.writestr("a.xml", b"1")
        archive.writestr("a.xml", b"2")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(AssertionError, match="duplicate"):
        zip_parts(path)


def test_libreoffice_starts_outside_every_virtualenv(tmp_path: Path) -> None:
    """The LibreOffice the button tests start has no virtualenv on PATH, the activated one or
    another (a second one there breaks LibreOffice's Python: std::bad_alloc), and no Python
    variables; the other folders stay, in order."""
    import os

    from tests.helpers.calc import outside_virtualenv

    active, other, plain = tmp_path / "active", tmp_path / "other", tmp_path / "usr"
    for venv in (active, other):
        (venv / "bin").mkdir(parents=True)
        (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (plain / "bin").mkdir(parents=True)
    path = os.pathsep.join(str(p) for p in (other / "bin", active / "bin", plain / "bin"))
    env = {"PATH": path, "VIRTUAL_ENV": str(active), "PYTHONPATH": "x", "HOME": "/home/o"}
    assert outside_virtualenv(env) == {"PATH": str(plain / "bin"), "HOME": "/home/o"}
