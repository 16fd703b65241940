"""arxl: accounts receivable around the owner's Excel workbook."""

from arxl.api import Analysis, RefreshResult, analyse, build_sheets, refresh_workbook
from arxl.errors import ArxlError
from arxl.model import Issue, Ledger
from arxl.settings import Settings
from arxl.vocab import Bucket, Lang, Status

__all__ = [
    "Analysis",
    "ArxlError",
    "Bucket",
    "Issue",
    "Lang",
    "Ledger",
    "RefreshResult",
    "Settings",
    "Status",
    "analyse",
    "build_sheets",
    "refresh_workbook",
]
__version__ = "0.1.0"
