"""Bank statements in: one module per format, each returning a `Statement` of `BankLine`s.

`read_statement` tells the format from the file's first bytes (CAMT XML, OFX, MT940), else
reads it as a bank's CSV or xlsx export.
"""

from __future__ import annotations

from pathlib import Path

from arxl.errors import ArxlError
from arxl.readers.bank import camt, ofx, swift_mt940, tabular
from arxl.readers.bank.line import BankLine, Statement, keyed, lines_frame

__all__ = ["BankLine", "Statement", "keyed", "lines_frame", "read_statement"]


def read_statement(path: str | Path, encoding: str | None = None) -> Statement:
    """The movements of one statement file, whatever its format."""
    path = Path(path)
    try:
        head = path.open("rb").read(4096)
    except OSError as exc:
        raise ArxlError(f"{path.name}: cannot be read ({exc.strerror}).") from None
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods") or head.startswith(b"PK"):
        return tabular.read(path)
    if camt.sniff(head):
        return camt.read(path)
    if ofx.sniff(head):
        return ofx.read(path)
    if swift_mt940.sniff(head):
        return swift_mt940.read(path)
    return tabular.read(path, encoding)
