"""Consistency checks: duplicate invoice numbers within a client, placeholders ignored."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from arxl.references import is_placeholder
from arxl.rules.aging import derive
from arxl.rules.checks import check_transactions, duplicate_invoices
from arxl.settings import Settings
from tests.rules.test_aging import frames

D = dt.date(2025, 12, 31)
CLIENTS = [
    {"client_key": c, "client_id": c, "name": n, "terms": np.nan, "email": "", "phone": ""}
    for c, n in (("1", "Dupont"), ("2", "Martin"))
]


def duplicates(rows: list[dict]) -> list[tuple[int, str, str]]:
    """(row, invoice, English message) of each duplicate-number issue."""
    tx, cl = frames(rows, CLIENTS)
    items = derive(tx, cl, Settings(), D)
    issues = check_transactions(tx, cl, items, "Transactions", {"invoice": "N°"}, D)
    return [(i.row, i.value, i.message_en) for i in issues if i.message_en.startswith("Duplicate")]


@pytest.mark.parametrize(
    "text",
    ["x", "X", "-", "0", "000", "sans", "Sans", "n/a", "N/A", "na", "none", "None", "néant",
     "NEANT", "", "  ", "xx", None],
)  # fmt: skip
def test_placeholders(text):
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["FA-001", "10", "0x1", "Facture #192", "X12", "A"])
def test_real_numbers(text):
    assert not is_placeholder(text)


def test_same_number_same_client_is_a_duplicate_other_client_is_not():
    day = dt.date(2025, 11, 1)
    rows = [
        {"client_id": "1", "invoice": "FA-7", "date": day},  # row 2
        {"client_id": "2", "invoice": "FA-7", "date": day},  # row 3: another client
        {"client_id": "1", "invoice": "FA-7", "date": day},  # row 4: duplicate of row 2
        {"client_id": "2", "invoice": "FA-8", "date": day},  # row 5
        {"client_id": "2", "invoice": " FA-7 ", "date": day},  # row 6: duplicate of row 3
    ]
    assert duplicates(rows) == [
        (4, "FA-7", "Duplicate invoice number (already on row 2)"),
        (6, " FA-7 ", "Duplicate invoice number (already on row 3)"),
    ]


def test_placeholder_references_are_never_duplicates():
    day = dt.date(2025, 11, 1)
    fillers = ["x", "x", "-", "-", "0", "0", "sans", "sans", "n/a", "N/A", "", "", "néant", "na"]
    rows = [{"client_id": "1", "invoice": f, "date": day} for f in fillers]
    rows.append({"client_id": "1", "invoice": "12", "date": day})  # row 16
    rows.append({"client_id": "1", "invoice": "12", "date": day})  # row 17
    assert duplicates(rows) == [(17, "12", "Duplicate invoice number (already on row 16)")]


def test_duplicate_invoices_positions():
    tx = pd.DataFrame(
        {
            "client_key": ["a", "a", "b", "a", "b"],
            "invoice": ["1", "x", "1", "1", "1"],
            "row": [10, 11, 12, 13, 14],
        }
    )
    assert duplicate_invoices(tx) == [(3, 10), (4, 12)]


def test_lines_of_one_entry_are_one_invoice():
    tx = pd.DataFrame(
        {
            "client_key": ["a", "a", "a"],
            "invoice": ["F1", "F1", "F1"],
            "row": [2, 3, 4],
            "entry": ["VE|1", "VE|1", "VE|2"],
        }
    )
    assert duplicate_invoices(tx) == [(2, 2)]


def test_rows_without_an_entry_are_compared_as_usual():
    # a FEC merged with a CSV export: the CSV's rows have no entry
    tx = pd.DataFrame(
        {
            "client_key": ["a", "a", "a", "a"],
            "invoice": ["F1", "F1", "G", "G"],
            "row": [2, 3, 4, 5],
            "entry": ["VE|1", "VE|1", None, None],
        }
    )
    assert duplicate_invoices(tx) == [(3, 4)]


def test_a_conservation_gap_is_said_in_money_with_what_to_check() -> None:
    """The cash application check's amounts in the book's money, not '40.00'."""
    import pandas as pd

    from arxl.formats import FR_FORMATS
    from arxl.rules.allocation import Allocation
    from arxl.rules.checks import check_allocation

    empty = pd.DataFrame()
    gap = pd.DataFrame({"client_key": ["C1"], "difference": [40.0]})
    issues = check_allocation(Allocation(empty, empty, empty, empty), gap, {}, FR_FORMATS)
    fr = [i.message_fr for i in issues]
    assert fr[0].startswith("Contrôle de lettrage : écart de 40,00 € pour le client C1")
    assert "Lettrage" in fr[0] and fr[1] == "Contrôle de lettrage : écart total de 40,00 €"
