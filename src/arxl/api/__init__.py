"""The front door: analyse, refresh, report, remind, convert, demo. The faces (the CLI, the
Excel and LibreOffice buttons) and library users call these; they call the layers below.

Besides its own functions the front door hands the faces the few things of the layers below
they need: the layout a command line describes (Layout, parse_map, parse_status_map), the
workbook's reading started early and its identity taken (prefetch, stamp), the blank workbook
(write_blank_workbook), the open workbook a button drives (OpenWorkbook), and the words and
rows of the terminal's outputs (the modules export and kpi_text).

Names are loaded on first use (PEP 562), so that a face can start reading the workbook before
pandas is imported. convert, remind and demo are submodules (arxl.api.convert...), each with
the function of its name."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Analysis": "arxl.api.analysis",
    "Progress": "arxl.api.analysis",
    "analyse": "arxl.api.analysis",
    "analyse_ledger": "arxl.api.analysis",
    "SHEET_ORDER": "arxl.api.owned_sheets",
    "build_sheets": "arxl.api.owned_sheets",
    "iter_sheets": "arxl.api.owned_sheets",
    "sheet_keys": "arxl.api.owned_sheets",
    "RefreshResult": "arxl.api.refresh",
    "refresh_workbook": "arxl.api.refresh",
    "ReportResult": "arxl.api.report",
    "default_report_path": "arxl.api.report",
    "monthly_report": "arxl.api.report",
    "BUTTON_SHEETS": "arxl.api.buttons",
    "add_buttons": "arxl.api.buttons",
    "book_lang": "arxl.api.buttons",
    "new_macro_workbook": "arxl.api.buttons",
    "refresh_open_workbook": "arxl.api.buttons",
    # for the faces, from the layers below
    "Layout": "arxl.readers.layout",
    "parse_map": "arxl.readers.layout",
    "parse_status_map": "arxl.readers.layout",
    "prefetch": "arxl.readers.workbook",
    "stamp": "arxl.writers.guard",
    "write_blank_workbook": "arxl.writers.template",
    "OpenWorkbook": "arxl.writers.live",
}
_MODULES = {"export": "arxl.reports.export", "kpi_text": "arxl.reports.kpi_text"}

__all__ = [
    "BUTTON_SHEETS",
    "SHEET_ORDER",
    "Analysis",
    "Layout",
    "OpenWorkbook",
    "Progress",
    "RefreshResult",
    "ReportResult",
    "add_buttons",
    "analyse",
    "analyse_ledger",
    "book_lang",
    "build_sheets",
    "default_report_path",
    "export",
    "iter_sheets",
    "kpi_text",
    "monthly_report",
    "new_macro_workbook",
    "parse_map",
    "parse_status_map",
    "prefetch",
    "refresh_open_workbook",
    "refresh_workbook",
    "sheet_keys",
    "stamp",
    "write_blank_workbook",
]

if TYPE_CHECKING:
    from arxl.api.analysis import Analysis, Progress, analyse, analyse_ledger
    from arxl.api.buttons import (
        BUTTON_SHEETS,
        add_buttons,
        book_lang,
        new_macro_workbook,
        refresh_open_workbook,
    )
    from arxl.api.owned_sheets import SHEET_ORDER, build_sheets, iter_sheets, sheet_keys
    from arxl.api.refresh import RefreshResult, refresh_workbook
    from arxl.api.report import ReportResult, default_report_path, monthly_report
    from arxl.readers.layout import Layout, parse_map, parse_status_map
    from arxl.readers.workbook import prefetch
    from arxl.reports import export, kpi_text
    from arxl.writers.guard import stamp
    from arxl.writers.live import OpenWorkbook
    from arxl.writers.template import write_blank_workbook


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        value = importlib.import_module(_MODULES[name])
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'arxl.api' has no attribute {name!r}")
    globals()[name] = value
    return value
