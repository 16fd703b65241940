"""Penalties recomputed independently from the definitions (DOMAIN.md), day by day."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arxl.readers.rates import bundled_rates
from arxl.rules.penalties import Profile, compute
from arxl.settings import Settings

# DOMAIN.md's table: default penalty rate (ECB + 10) and the legal-rate floor (3 × legal rate).
ECB = {(2024, 1): 4.50, (2024, 2): 4.25, (2025, 1): 3.15, (2025, 2): 2.15, (2026, 1): 2.15}
LEGAL = {(2024, 2): 4.92, (2025, 1): 3.71, (2025, 2): 2.76, (2026, 1): 2.62}


def reference_interest(base: float, due: dt.date, end: dt.date, rate_of) -> float:
    """base × rate × 1/365 for every day from the day after due to end, summed."""
    total = 0.0
    day = due + dt.timedelta(days=1)
    while day <= end:
        total += base * rate_of((day.year, 1 if day.month <= 6 else 2)) / 100 / 365
        day += dt.timedelta(days=1)
    return round(total, 2)


def items_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for col in ("due", "payment_date"):
        frame[col] = pd.to_datetime(frame[col])
    frame["row"] = range(2, len(frame) + 2)
    frame["client_id"] = frame["client_key"]
    frame["client_name"] = "X"
    return frame


def invoice(due, amount=12000.0, status="overdue", paid_on=None, key="1", balance=None) -> dict:
    return {
        "invoice": f"F{due}",
        "client_key": key,
        "status": status,
        "due": due,
        "payment_date": paid_on,
        "amount": amount,
        "balance": amount if balance is None else balance,
    }


CLIENTS = pd.DataFrame({"client_key": ["1", "2"], "client_type": ["business", "consumer"]})


DEFAULTS = Settings()


def run(rows, as_of, settings=DEFAULTS, profile=Profile.FR):
    return compute(items_frame(rows), CLIENTS, settings, as_of, profile, bundled_rates())


def test_domain_worked_example():
    rows = [invoice(dt.date(2025, 5, 15), status="paid", paid_on=dt.date(2025, 8, 20), balance=0)]
    pen = run(rows, dt.date(2025, 12, 31))
    got = pen.frame.iloc[0]
    assert got["days"] == 97
    assert pen.days.tolist() == [[46, 51]]
    assert pen.rates.tolist() == [[13.15, 12.15]]
    assert got["interest"] == pytest.approx(402.59)
    assert got["indemnity"] == 40.0
    assert got["total"] == pytest.approx(442.59)


def test_consumer_without_a_log_owes_nothing():
    # Code civil 1231-6: a consumer's interest runs from the formal notice, none without one
    rows = [invoice(dt.date(2025, 5, 15), key="2")]
    assert run(rows, dt.date(2025, 8, 20)).frame.empty


def test_contractual_rate_refused_where_below_three_times_legal():
    # 12 % is below 3 × 4.92 = 14.76 in 2024 H2, above 11.13 in 2025 H1
    rows = [invoice(dt.date(2024, 12, 1), amount=1000.0)]
    pen = run(rows, dt.date(2025, 2, 1), Settings(contractual_rate=12.0))
    assert pen.refused_periods == [2024 * 2 + 1]
    assert pen.rates.tolist() == [[14.25, 12.0]]
    expected = round(1000 * (30 * 14.25 + 32 * 12.0) / 100 / 365, 2)
    assert pen.frame["interest"].iat[0] == pytest.approx(expected)


def test_paid_on_time_disputed_and_pending_get_nothing():
    rows = [
        invoice(dt.date(2025, 5, 15), status="paid", paid_on=dt.date(2025, 5, 15), balance=0),
        invoice(dt.date(2025, 5, 15), status="disputed"),
        invoice(dt.date(2025, 9, 15), status="pending"),
    ]
    assert run(rows, dt.date(2025, 8, 20)).frame.empty


def test_uk_profile_compensation_bands():
    rows = [invoice(dt.date(2025, 5, 15), amount=a) for a in (999.99, 1000.0, 9999.0, 10000.0)]
    pen = run(rows, dt.date(2025, 6, 14), profile=Profile.UK)
    assert pen.frame["indemnity"].tolist() == [40.0, 70.0, 70.0, 100.0]
    assert pen.rates[0].tolist() == [8.0 + 4.75]  # BoE base rate on 31/12/2024


def test_reference_rate_override_from_settings():
    rows = [invoice(dt.date(2026, 6, 30))]
    pen = run(rows, dt.date(2026, 7, 10), Settings(reference_rates=(("2026-S2", 1.5),)))
    assert pen.rates.tolist() == [[11.5]]


@settings(max_examples=60, deadline=None)
@given(
    due=st.dates(dt.date(2024, 1, 1), dt.date(2026, 5, 1)),
    late=st.integers(1, 500),
    amount=st.floats(1, 1_000_000).map(lambda x: round(x, 2)),
    paid=st.booleans(),
)
def test_matches_day_by_day_reference(due, late, amount, paid):
    end = min(due + dt.timedelta(days=late), dt.date(2026, 6, 30))
    if end <= due:
        return
    row = invoice(due, amount, "paid" if paid else "overdue", end if paid else None)
    pen = run([row], dt.date(2026, 6, 30) if paid else end)
    expected = reference_interest(amount, due, end, lambda h: ECB[h] + 10)
    assert pen.frame["interest"].iat[0] == pytest.approx(expected, abs=0.011)
    assert pen.frame["days"].iat[0] == (end - due).days
