"""An invoice dated after the as-of date is left out of every figure until its date; when the
picture is today's, Anomalies says so (typed in advance, or a year typed wrong), pointing at the
row. A picture of a past date leaves the later invoices out unsaid: they are not anomalies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import make_workbook

import arxl

D = dt.date
TODAY = D(2026, 11, 30)


def _book(tmp_path: Path) -> Path:
    return make_workbook(
        tmp_path / "livre.xlsx",
        transactions=[
            [D(2026, 10, 1), 1, "Facture #1", 1000.0, "En attente"],
            [D(2026, 12, 15), 2, "Facture #2", 500.0, "En attente"],  # typed in advance
            [D(2027, 1, 10), 1, "Facture #3", 250.0, "En attente"],
            [D(2026, 12, 20), 1, "Avoir #1", -100.0, "Avoir"],  # a credit: not an invoice
        ],
    )


def later(a) -> list:
    return [i for i in a.issues if i.message_fr.startswith("Facture datée après")]


def test_todays_picture_says_which_invoices_are_not_counted_yet(tmp_path: Path) -> None:
    a = arxl.analyse(_book(tmp_path), today=TODAY)
    assert a.as_of == TODAY
    said = later(a)
    assert [(i.sheet, i.row, i.column, i.value) for i in said] == [
        ("Transactions", 3, "Date", D(2026, 12, 15)),
        ("Transactions", 4, "Date", D(2027, 1, 10)),
    ]
    assert said[0].message_fr == (
        "Facture datée après le 30/11/2026 : pas encore comptée (elle le sera à sa date)"
    )
    assert list(a.items["invoice"]) == ["Facture #1"]


def test_a_past_picture_does_not(tmp_path: Path) -> None:
    a = arxl.analyse(_book(tmp_path), as_of=D(2026, 10, 31), today=TODAY)
    assert later(a) == []
