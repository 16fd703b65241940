"""The Suivi's "settled by" text of each invoice: its lines of cash application in the order
applied, joined, the invoices by row."""

from __future__ import annotations

import datetime as dt

from arxl.reports.lettrage import settled_by
from arxl.rules.aging import derive
from arxl.rules.allocation import allocate
from arxl.settings import Settings
from arxl.vocab import Lang
from tests.rules.test_allocation import clients, invoices, payments


def test_each_invoice_lists_what_settled_it_in_order() -> None:
    tx = invoices(
        ("A", "F1", dt.date(2026, 1, 5), 1000),
        ("A", "F2", dt.date(2026, 1, 2), 300),
        ("B", "F3", dt.date(2026, 1, 3), 500),
    )
    pay = payments(
        ("A", dt.date(2026, 2, 1), 200, "Avoir F1", "credit"),
        ("B", dt.date(2026, 2, 2), 500.5, "VIR B"),
        ("A", dt.date(2026, 2, 3), 1100, "Règlement"),
    )
    day = dt.date(2026, 3, 1)
    alloc = allocate(derive(tx, clients("A", "B"), Settings(), day), pay, {"A", "B"}, day)
    found = settled_by(alloc, Lang.FR)
    assert found.index.tolist() == [2, 3, 4]  # the invoices' rows, in order
    shown = {row: text.replace("\u202f", " ").replace("\u00a0", " ") for row, text in found.items()}
    assert (
        shown[2]
        == "Avoir 01/02/2026 200,00 € (Paiements 2); Paiement 03/02/2026 800,00 € (Paiements 4)"
    )
    assert shown[3] == "Paiement 03/02/2026 300,00 € (Paiements 4)"
    assert shown[4] == "Paiement 02/02/2026 500,00 € (Paiements 3)"
