"""Shared test helpers: small workbooks built inline, in the seed layout."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parent))

SHARED = Path(__file__).resolve().parents[2] / "shared"

# The real exports in ../shared/data (not copied into the repository): CI has them beside the
# clone and must run those tests; a clone made elsewhere skips them, saying why.
needs_shared_data = pytest.mark.skipif(
    not (SHARED / "data").is_dir() and not os.environ.get("CI"),
    reason=f"the real exports of {SHARED / 'data'} are not beside this clone",
)

CLIENT_HEADER = ["ID Client", "Nom", "Adresse", "Téléphone", "Email", "Délai de paiement (jours)"]
TX_HEADER = [
    "Date",
    "ID Client",
    "Description",
    "Montant",
    "Statut",
    "Remarques",
    "Échéance",
    "Date de paiement",
    "Montant payé",
]

SEED_CLIENTS = [
    [1, "Dupont SARL", "123 Rue A", "0123456789", "dupont@example.com"],
    [2, "Martin & Fils", "456 Rue B", "0987654321", "martin@example.com"],
]
SEED_TRANSACTIONS = [
    [dt.date(2023, 2, 1), 1, "Facture #001", 1000, "Payé"],
    [dt.date(2023, 2, 5), 2, "Facture #002", 500, "En attente"],
]


def make_workbook(
    path: Path,
    *,
    clients: Sequence[Sequence[object]] = SEED_CLIENTS,
    transactions: Sequence[Sequence[object]] = SEED_TRANSACTIONS,
    client_header: Sequence[str] | None = None,
    tx_header: Sequence[str] | None = None,
    title_rows: Sequence[Sequence[object]] = (),
    extra_sheets: dict[str, Sequence[Sequence[object]]] | None = None,
) -> Path:
    """An owner's workbook written with openpyxl (dates as real dates unless given as text)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Clients"
    width = max((len(r) for r in clients), default=5)
    ws.append(list(client_header or CLIENT_HEADER[: max(width, 5)]))
    for r in clients:
        ws.append(list(r))
    tx = wb.create_sheet("Transactions")
    for r in title_rows:
        tx.append(list(r))
    width = max((len(r) for r in transactions), default=5)
    tx.append(list(tx_header or TX_HEADER[: max(width, 5)]))
    for r in transactions:
        tx.append(list(r))
    for name, rows in (extra_sheets or {}).items():
        sheet = wb.create_sheet(name)
        for r in rows:
            sheet.append(list(r))
    wb.save(path)
    return path


def sheet_values(path: Path, name: str) -> list[list[object]]:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_name(name).to_python()


def converted_export(export: Path, text: str, as_of: dt.date) -> Path:
    """`text` written as the UTF-8 export `export`, converted as of `as_of` into an `out`
    folder beside it: the converted workbook (the conversion must succeed)."""
    from arxl.api.convert import ConvertOptions, convert

    export.write_text(text, encoding="utf-8")
    (result,) = convert([export], export.parent / "out", ConvertOptions(as_of=as_of))
    assert result.error is None
    return export.parent / "out" / f"{export.stem}.xlsx"


@pytest.fixture
def seed_book(tmp_path: Path) -> Path:
    return make_workbook(tmp_path / "seed.xlsx")


_HALF_YEAR = re.compile(r"\d{4}-S[12]")


def book_issues(analysis) -> list:
    """The Anomalies of the book itself: without the lines saying the shipped rate table has
    no rate for a half-year (books dated in 2026-S2, past the table, get one whatever their
    content; tests of penalties check those lines themselves)."""
    return [
        i
        for i in analysis.issues
        if not (i.sheet == "" and i.row is None and _HALF_YEAR.fullmatch(str(i.value)))
    ]
