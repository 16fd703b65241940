"""rules.changes: the difference of two run summaries, and reading an older summary sheet."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arxl.rules import changes as C


def _state(rows: list[tuple]) -> pd.DataFrame:
    """STATE_COLUMNS lines; amount and balance blank when a line stops before them."""
    padded = [(*r, *[np.nan] * (len(C.STATE_COLUMNS) - len(r))) for r in rows]
    return pd.DataFrame(padded, columns=list(C.STATE_COLUMNS))


def test_every_category_in_order() -> None:
    before = _state(
        [
            ("invoice", "A|1", "A", "1", "pending", "", 0.0, 0),
            ("invoice", "A|2", "A", "2", "overdue", "d1_30", 0.0, 0),
            ("invoice", "B|3", "B", "3", "overdue", "d31_60", 100.0, 0),
            ("client", "A", "A", "", "", "", 0.0, 1),
            ("client", "B", "B", "", "hold", "", 0.0, 2),
        ]
    )
    now = _state(
        [
            ("invoice", "A|1", "A", "1", "overdue", "d1_30", 0.0, 0, 120.0, 120.0),  # now overdue
            ("invoice", "A|2", "A", "2", "overdue", "d31_60", 0.0, 0, 90.0, 60.0),  # bucket
            ("invoice", "B|3", "B", "3", "overdue", "d31_60", 250.0, 0, 400.0, 150.0),  # paid 150
            ("invoice", "B|4", "B", "4", "pending", "", 0.0, 0, 75.0, 75.0),  # new
            ("payment", "P|7|2026-03-01|80.00", "B", "Virement", "payment", "", 80.0, 0, 80.0),
            ("client", "A", "A", "", "hold", "", 0.0, 3, 180.0, 120.0),  # level rose, new hold
            ("client", "B", "B", "", "hold", "", 0.0, 2, 225.0),  # unchanged
        ]
    )
    found = C.changes(before, now)
    assert found["category"].tolist() == [
        C.NEW_INVOICE,
        C.PAYMENT,
        C.PAYMENT,
        C.BECAME_OVERDUE,
        C.BUCKET,
        C.REMINDER,
        C.NEW_HOLD,
    ]
    assert found["invoice"].tolist() == ["4", "3", "Virement", "1", "2", "", ""]
    # before and after are words (a status, a bucket, a level), never amounts
    assert found["before"].tolist()[1:5] == ["overdue", "", "pending", "d1_30"]
    assert found["after"].tolist()[1:5] == ["overdue", "payment", "overdue", "d31_60"]
    assert found["before"].iat[5] == 1 and found["after"].iat[5] == 3
    # an amount on every row, as a number: the invoice, the sums received, the balances due,
    # the amount reminded, the exposure
    assert found["amount"].tolist() == [75.0, 150.0, 80.0, 120.0, 60.0, 120.0, 180.0]


def test_nothing_before_everything_new() -> None:
    now = _state([("invoice", "A|1", "A", "1", "pending", "", 0.0, 0)])
    assert C.changes(_state([]), now)["category"].tolist() == [C.NEW_INVOICE]


def test_older_summary_with_every_column_reads() -> None:
    raw = pd.DataFrame(
        {
            "kind": ["as_of", "invoice"],
            "key": ["2026-01-31", "A|1"],
            "client_key": ["", "A"],
            "invoice": ["", "1"],
            "status": ["", "paid"],
            "bucket": ["", ""],
            "paid": [0.0, 12.5],
            "level": [0, 0],
        }
    )
    frame = C.read_summary(raw)
    assert frame is not None and frame["paid"].tolist() == [0.0, 12.5]
    assert C.read_summary(raw.drop(columns=["client_key", "invoice"])) is not None
    assert C.read_summary(raw.drop(columns=["paid"])) is None


def test_a_moved_payment_is_not_new_one_for_one() -> None:
    """A payment's key says where it stands: moved (same date, amount and kind, its old key
    gone) it is not new; two moved and a third alike, the third is new."""
    before = _state(
        [
            ("payment", "export|a.csv|6|2026-03-01|80.00", "B", "Virement", "payment", "", 80.0, 0),
            ("payment", "export|a.csv|7|2026-03-01|80.00", "B", "Virement", "payment", "", 80.0, 0),
            ("payment", "export|a.csv|8|2026-03-02|50.00", "B", "Avoir", "credit", "", 50.0, 0),
        ]
    )
    now = _state(
        [
            ("payment", "Transactions|7|2026-03-01|80.00", "B", "V1", "payment", "", 80.0, 0, 80.0),
            ("payment", "Transactions|8|2026-03-01|80.00", "B", "V2", "payment", "", 80.0, 0, 80.0),
            ("payment", "Transactions|9|2026-03-01|80.00", "B", "V3", "payment", "", 80.0, 0, 80.0),
            # the same date and amount as the credit note, but a payment: new
            (
                "payment",
                "Transactions|10|2026-03-02|50.00",
                "B",
                "V4",
                "payment",
                "",
                50.0,
                0,
                50.0,
            ),
        ]
    )
    found = C.changes(before, now)
    assert found["invoice"].tolist() == ["V3", "V4"]
    assert found["category"].tolist() == [C.PAYMENT, C.PAYMENT]
