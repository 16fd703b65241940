"""The rules of the engine issue, one boundary at a time (pure functions over frames)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from arxl.rules.aging import NO_LEVEL, aged_by_client, derive
from arxl.settings import Settings

D = dt.date(2026, 6, 30)


def frames(rows: list[dict], clients: list[dict] | None = None):
    base = {
        "row": 2,
        "client_key": "1",
        "client_id": "1",
        "invoice": "F",
        "amount": 100.0,
        "typed_status": "blank",
        "status_text": "",
        "remarks": "",
        "due_date": None,
        "payment_date": None,
        "amount_paid": np.nan,
    }
    recs = []
    for i, r in enumerate(rows):
        rec = {**base, "row": i + 2, "invoice": f"F{i}", **r}
        rec["client_key"] = rec["client_id"]
        recs.append(rec)
    tx = pd.DataFrame(recs)
    for col in ("date", "due_date", "payment_date"):
        tx[col] = pd.to_datetime(tx[col])
    cl = pd.DataFrame(
        clients
        or [
            {
                "client_key": "1",
                "client_id": "1",
                "name": "Dupont",
                "terms": np.nan,
                "email": "",
                "phone": "",
            }
        ]
    )
    return tx, cl


def one(row: dict, as_of: dt.date = D, settings: Settings | None = None, clients=None) -> dict:
    tx, cl = frames([row], clients)
    out = derive(tx, cl, settings or Settings(), as_of)
    assert len(out) == 1
    return out.iloc[0].to_dict()


def due_in(days_overdue: int) -> dict:
    """An unpaid invoice whose due date is `days_overdue` days before D."""
    due = D - dt.timedelta(days=days_overdue)
    return {"date": due - dt.timedelta(days=30), "due_date": due}


@pytest.mark.parametrize(
    ("days", "status", "bucket", "level"),
    [
        (-6, "pending", "current", NO_LEVEL),
        (-5, "pending", "current", 0),
        (-1, "pending", "current", 0),
        (0, "pending", "current", 0),  # due today: still current, not overdue
        (1, "overdue", "1-30", 1),
        (14, "overdue", "1-30", 1),
        (15, "overdue", "1-30", 2),
        (29, "overdue", "1-30", 2),
        (30, "overdue", "1-30", 3),
        (31, "overdue", "31-60", 3),
        (44, "overdue", "31-60", 3),
        (45, "overdue", "31-60", 4),
        (60, "overdue", "31-60", 4),
        (61, "overdue", "61-90", 4),
        (90, "overdue", "61-90", 4),
        (91, "overdue", "91+", 4),
        (400, "overdue", "91+", 4),
    ],
)
def test_boundaries(days: int, status: str, bucket: str, level: int) -> None:
    r = one(due_in(days))
    assert r["status"] == status
    assert r["bucket"] == bucket
    assert r["days_overdue"] == max(days, 0)
    assert r["reminder_level"] == level


def test_due_date_from_client_terms_then_default() -> None:
    clients = [
        {"client_key": "1", "client_id": "1", "name": "A", "terms": 45.0, "email": "", "phone": ""}
    ]
    r = one({"date": dt.date(2026, 5, 1)}, clients=clients)
    assert r["due"] == pd.Timestamp(2026, 6, 15)
    r = one({"date": dt.date(2026, 5, 1)})
    assert r["due"] == pd.Timestamp(2026, 5, 31)
    r = one({"date": dt.date(2026, 5, 1), "due_date": dt.date(2026, 5, 10)}, clients=clients)
    assert r["due"] == pd.Timestamp(2026, 5, 10)


@pytest.mark.parametrize(
    ("paid", "status", "balance"),
    [
        (99.996, "paid", 0.004),
        (99.995, "paid", 0.005),
        (99.994, "overdue", 0.006),
        (100.0, "paid", 0.0),
        (150.0, "paid", -50.0),
    ],
)
def test_paid_to_the_cent(paid: float, status: str, balance: float) -> None:
    r = one({**due_in(10), "amount_paid": paid, "typed_status": "partial"})
    assert r["status"] == status
    assert r["balance"] == pytest.approx(balance, abs=1e-9)


def test_paid_status_and_payment_dates() -> None:
    assert one({**due_in(10), "typed_status": "paid"})["paid"] == 100.0
    # a payment date alone means paid in full
    r = one({**due_in(10), "payment_date": D})
    assert (r["paid"], r["status"]) == (100.0, "paid")
    # a payment after D does not count yet, whatever the status says
    r = one({**due_in(10), "typed_status": "paid", "payment_date": D + dt.timedelta(days=1)})
    assert (r["paid"], r["status"], r["days_overdue"]) == (0.0, "overdue", 10)
    r = one({**due_in(10), "amount_paid": 40.0, "payment_date": D + dt.timedelta(days=1)})
    assert r["balance"] == 100.0


def test_status_precedence() -> None:
    assert one({**due_in(10), "typed_status": "written_off"})["status"] == "written_off"
    assert one({**due_in(10), "typed_status": "written_off"})["bucket"] == ""
    assert one({**due_in(10), "typed_status": "disputed", "amount_paid": 100.0})["status"] == "paid"
    r = one({**due_in(10), "typed_status": "disputed"})
    assert (r["status"], r["bucket"], r["days_overdue"], r["reminder_level"]) == (
        "disputed",
        "1-30",
        10,
        NO_LEVEL,
    )
    # a typed "En retard" is recomputed
    assert one({**due_in(-10), "typed_status": "overdue"})["status"] == "pending"
    assert one({**due_in(3), "typed_status": "pending"})["status"] == "overdue"


def test_transactions_after_as_of_are_left_out() -> None:
    tx, cl = frames([{"date": D}, {"date": D + dt.timedelta(days=1)}])
    assert list(derive(tx, cl, Settings(), D)["invoice"]) == ["F0"]


def test_configurable_buckets_and_thresholds() -> None:
    s = Settings(bucket_bounds=(15, 45, 75), reminder_thresholds=(5, 10, 20, 40), pre_due_days=2)
    assert one(due_in(15), settings=s)["bucket"] == "1-15"
    assert one(due_in(16), settings=s)["bucket"] == "16-45"
    assert one(due_in(76), settings=s)["bucket"] == "76+"
    assert one(due_in(4), settings=s)["reminder_level"] == NO_LEVEL
    assert one(due_in(10), settings=s)["reminder_level"] == 2
    assert one(due_in(-3), settings=s)["reminder_level"] == NO_LEVEL
    assert one(due_in(-2), settings=s)["reminder_level"] == 0


def test_aged_by_client_sorted_with_totals() -> None:
    tx, cl = frames(
        [
            {**due_in(5)},
            {**due_in(40), "amount": 50.0},
            {**due_in(100), "client_id": "2"},
            {**due_in(1), "typed_status": "paid"},
        ],
        [
            {
                "client_key": "1",
                "client_id": "1",
                "name": "A",
                "terms": np.nan,
                "email": "",
                "phone": "",
            },
            {
                "client_key": "2",
                "client_id": "2",
                "name": "B",
                "terms": np.nan,
                "email": "",
                "phone": "",
            },
        ],
    )
    table = aged_by_client(derive(tx, cl, Settings(), D), cl, Settings())
    assert list(table["client_id"]) == ["1", "2"]
    first = table.iloc[0]
    assert (first["1-30"], first["31-60"], first["total"]) == (100.0, 50.0, 150.0)
    assert table.iloc[1]["91+"] == 100.0
