"""writers/pdf.py: the report's PDF speaks the workbook's language whatever the machine's
locale (LibreOffice is started with a profile in the book's locale)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import make_workbook

import arxl
from tests.helpers.libreoffice import needs_soffice, pdf_text

d = dt.date
CLIENTS = [[1, "Dupont SARL", "", "", "", 30]]
TRANSACTIONS = [
    [d(2025, 10, 2), 1, "F1", 13494, "En attente"],
    [d(2025, 11, 3), 1, "F2", 2000, "En attente"],
]
SPACE = "[\u00a0\u202f ]"  # LibreOffice's French thousands separator: a (narrow) no-break space


@needs_soffice
@pytest.mark.parametrize(
    ("lang", "want", "not_want"),
    [
        ("fr", rf"13{SPACE}494,00{SPACE}€", r"13,494\.00"),
        ("en", r"13,494\.00", rf"13{SPACE}494,00"),
    ],
)
def test_pdf_numbers_follow_the_book_on_an_english_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, want: str, not_want: str
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    book = make_workbook(tmp_path / "book.xlsx", clients=CLIENTS, transactions=TRANSACTIONS)
    result = arxl.monthly_report(
        book, "2025-11", out=tmp_path / f"report-{lang}.xlsx", as_of=d(2025, 11, 30), lang=lang,
        pdf=True,
    )  # fmt: skip
    assert result.pdf is not None and result.pdf.exists()
    text = pdf_text(result.pdf)
    if text is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert re.search(want, text), text[:2000]
    assert not re.search(not_want, text)
    # the first month of the ledger: a year earlier there was nothing, said n/d (n/a)
    assert ("n/d" if lang == "fr" else "n/a") in text
