"""rules.deposits: the invoices typed on a deposit, by client, in the order typed."""

from __future__ import annotations

import pandas as pd

from arxl.rules.deposits import Part, split_by_client

ITEMS = pd.DataFrame(
    {
        "invoice": [
            "Facture F2026-011",
            "Facture F2026-012",
            "Facture F2026-018",
            "Facture F2026-007",
        ],
        "client_id": ["7", "8", "8", "9"],
        "balance": [450.0, 1200.0, 380.0, 0.0],
    }
)


def test_parts_by_client_in_the_order_typed():
    split = split_by_client("F2026-012; F2026-011, F2026-018", ITEMS)
    assert split.parts == [
        Part("8", ("F2026-012", "F2026-018"), 1580.0),
        Part("7", ("F2026-011",), 450.0),
    ]
    assert split.fits(2030.0) and not split.fits(2030.01) and split.total == 2030.0


def test_an_unknown_invoice_or_a_paid_one_does_not_fit():
    unknown = split_by_client("F2026-011, F2026-099", ITEMS)
    assert unknown.unknown == ["F2026-099"] and not unknown.fits(450.0)
    paid = split_by_client("F2026-011, F2026-007", ITEMS)  # nothing left to pay on F2026-007
    assert paid.parts[1] == Part("9", ("F2026-007",), 0.0) and not paid.fits(450.0)
