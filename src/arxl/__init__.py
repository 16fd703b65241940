"""arxl: accounts receivable around the owner's Excel workbook.

The public API is loaded on first use (PEP 562), so that `arxl` on the command line can start
reading the workbook while pandas is still being imported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Analysis": "arxl.api",
    "RefreshResult": "arxl.api",
    "analyse": "arxl.api",
    "analyse_ledger": "arxl.api",
    "convert": "arxl.api.convert",
    "ConvertOptions": "arxl.api.convert",
    "build_sheets": "arxl.api",
    "monthly_report": "arxl.api",
    "ReportResult": "arxl.api",
    "refresh_workbook": "arxl.api",
    "RemindResult": "arxl.api.remind",
    "remind": "arxl.api.remind",
    "ArxlError": "arxl.errors",
    "Kpis": "arxl.rules.kpis",
    "Issue": "arxl.model",
    "Ledger": "arxl.model",
    "Settings": "arxl.settings",
    "Bucket": "arxl.vocab",
    "Lang": "arxl.vocab",
    "Status": "arxl.vocab",
}
__all__ = [
    "Analysis",
    "ArxlError",
    "Bucket",
    "Issue",
    "Kpis",
    "Lang",
    "Ledger",
    "RefreshResult",
    "RemindResult",
    "ReportResult",
    "Settings",
    "Status",
    "analyse",
    "analyse_ledger",
    "build_sheets",
    "monthly_report",
    "convert",
    "ConvertOptions",
    "refresh_workbook",
    "remind",
]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from arxl.api import (
        Analysis,
        RefreshResult,
        ReportResult,
        analyse,
        analyse_ledger,
        build_sheets,
        monthly_report,
        refresh_workbook,
    )
    from arxl.api.convert import ConvertOptions, convert
    from arxl.api.remind import RemindResult, remind
    from arxl.errors import ArxlError
    from arxl.model import Issue, Ledger
    from arxl.rules.kpis import Kpis
    from arxl.settings import Settings
    from arxl.vocab import Bucket, Lang, Status


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'arxl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
