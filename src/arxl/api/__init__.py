"""The front door: analyse, refresh, report, remind, convert, demo. The faces (the CLI, the
Excel and LibreOffice buttons) and library users call these; they call the layers below."""

from arxl.api.analysis import (
    BUTTON_SHEETS,
    SHEET_ORDER,
    Analysis,
    RefreshResult,
    ReportResult,
    add_buttons,
    analyse,
    analyse_ledger,
    build_sheets,
    default_report_path,
    iter_sheets,
    monthly_report,
    new_macro_workbook,
    refresh_open_workbook,
    refresh_workbook,
    sheet_keys,
)

__all__ = [
    "BUTTON_SHEETS",
    "SHEET_ORDER",
    "Analysis",
    "RefreshResult",
    "ReportResult",
    "add_buttons",
    "analyse",
    "analyse_ledger",
    "build_sheets",
    "default_report_path",
    "iter_sheets",
    "monthly_report",
    "new_macro_workbook",
    "refresh_open_workbook",
    "refresh_workbook",
    "sheet_keys",
]
