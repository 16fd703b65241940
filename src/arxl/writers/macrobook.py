"""Macro-enabled workbooks: the home sheet and its buttons, and the VBA project behind them.

The VBA project is built from macros/arxl.bas and arxlMac.bas (text in git) by
writers/vbaproject.py; the home sheet is rendered with XlsxWriter (its form buttons are VML
shapes bound to the macros). A new workbook gets both here (`write_macro_workbook`, which also
builds workbook_templates/arxl.xlsm); an owner's workbook gets them grafted in by
writers/addhome.py.
"""

from __future__ import annotations

import io
from importlib import resources
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from arxl.sheets.home import HomeSheet
from arxl.sheets.home import build as build_home
from arxl.vocab import Lang
from arxl.writers.inputcells import DATE_FORMAT
from arxl.writers.template import add_input_sheets, new_workbook
from arxl.writers.vbaproject import build_vba_project

MODULE_NAME = "arxl"  # the standard module of macros/arxl.bas (its Attribute VB_Name)
MAC_MODULE_NAME = "arxlMac"  # macros/arxlMac.bas: AppleScriptTask, kept apart (see its header)
WORKBOOK_CODENAME = "ThisWorkbook"
HOME_CODENAME = "arxlAccueil"  # the home sheet's code name, in any workbook arxl adds it to
TITLE_COLOR, MUTED_COLOR, BUTTON_ROW_HEIGHT = "#1F4E78", "#595959", 30
BUTTON_SIZE = {"width": 200, "height": 34}
FIRST_BUTTON_ROW = 6  # 0-based row of the first button; one blank row between buttons


def macro_source(module: str = MODULE_NAME) -> str:
    """The text of macros/<module>.bas (CRLF line ends, as the VBA editor exports it)."""
    data = resources.files("arxl.macros").joinpath(f"{module}.bas").read_bytes()
    return data.decode("cp1252")


def macro_files() -> dict[str, str]:
    """File name -> text of each module of the buttons (for an owner to import by hand)."""
    return {f"{name}.bas": macro_source(name) for name in (MODULE_NAME, MAC_MODULE_NAME)}


def vba_project(sheet_codenames: list[str]) -> bytes:
    """A vbaProject.bin: ThisWorkbook, one document module per code name, modules arxl and
    arxlMac."""
    return build_vba_project(
        sheet_codenames,
        workbook_codename=WORKBOOK_CODENAME,
        module_name=MODULE_NAME,
        module_source=macro_source(),
        more_modules=((MAC_MODULE_NAME, macro_source(MAC_MODULE_NAME)),),
    )


def render_home(wb: xlsxwriter.Workbook, ws: Worksheet, home: HomeSheet) -> None:
    """Draw the home sheet: title, as-of date, one button per action with its help, how-to."""
    title = wb.add_format({"bold": True, "font_size": 18, "font_color": TITLE_COLOR})
    subtitle = wb.add_format({"italic": True, "font_color": MUTED_COLOR})
    label = wb.add_format({"bold": True, "valign": "vcenter"})
    date = wb.add_format(
        {"num_format": DATE_FORMAT, "bold": True, "font_size": 12, "align": "left"}
    )
    muted = wb.add_format({"font_color": MUTED_COLOR, "valign": "vcenter", "text_wrap": True})
    section = wb.add_format({"bold": True, "font_size": 12, "font_color": TITLE_COLOR})
    text = wb.add_format({"text_wrap": True, "valign": "top"})

    ws.hide_gridlines(2)
    ws.set_column(0, 0, 2)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2, 14)
    ws.set_column(3, 3, 70)
    ws.set_row(1, 30)
    ws.write_string(1, 1, home.title, title)
    ws.write_string(2, 1, home.subtitle, subtitle)
    ws.write_string(4, 1, home.as_of_label, label)
    ws.write_formula(4, 2, home.as_of_formula, date)
    ws.write_string(4, 3, home.as_of_help, muted)
    row = FIRST_BUTTON_ROW
    for button in home.buttons:
        ws.set_row(row, BUTTON_ROW_HEIGHT)
        ws.insert_button(
            row,
            1,
            {"macro": button.macro, "caption": button.caption, **BUTTON_SIZE, "x_offset": 2},
        )
        ws.merge_range(row, 2, row, 3, button.help, muted)
        row += 2
    row += 1
    ws.write_string(row, 1, home.how_to_title, section)
    for line in home.how_to:
        row += 1
        ws.set_row(row, 32)
        ws.merge_range(row, 1, row, 3, line, text)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 1)


def write_macro_workbook(path: str | Path, lang: Lang = Lang.FR) -> Path:
    """A new .xlsm: Accueil (buttons), Clients and Transactions as Excel tables, Paramètres,
    and the VBA project built from macros/arxl.bas. The same bytes on every run."""
    path = Path(path)
    wb = new_workbook(path)
    home = build_home(lang)
    home_ws = wb.add_worksheet(home.name)
    render_home(wb, home_ws, home)
    add_input_sheets(wb, lang, tables=True)
    codenames = [HOME_CODENAME] + [f"Feuil{i}" for i in range(1, len(wb.worksheets()))]
    wb.add_vba_project(io.BytesIO(vba_project(codenames)), is_stream=True)
    wb.set_vba_name(WORKBOOK_CODENAME)
    for ws, codename in zip(wb.worksheets(), codenames, strict=True):
        ws.set_vba_name(codename)
    home_ws.activate()
    wb.close()
    return path


def home_sheet_scratch(home: HomeSheet) -> bytes:
    """A one-sheet workbook holding only the rendered home sheet (to graft into another)."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet(home.name)
    ws.set_vba_name(HOME_CODENAME)
    render_home(wb, ws, home)
    wb.close()
    return buffer.getvalue()
