"""Month ends read off a later picture give the figures of a full picture per month end."""

from __future__ import annotations

import datetime as dt
import random

from arxl.rules import kpis, monthly
from arxl.rules.monthends import receivables
from arxl.rules.periods import month_ends
from arxl.settings import Settings
from tests.rules.test_aging import frames

END = dt.date(2026, 6, 30)
TYPED = ("blank", "paid", "written_off", "disputed", "unapplied", "pending", "partial")


def _rows(seed: int, n: int = 400) -> list[dict]:
    rnd = random.Random(seed)
    rows = []
    for _ in range(n):
        date = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randrange(600))
        amount = rnd.choice([round(rnd.uniform(-500, 5000), 2), 100.0, -80.0, 0.004])
        row = {"date": date, "amount": amount, "typed_status": rnd.choice(TYPED)}
        if rnd.random() < 0.5:
            row["payment_date"] = date + dt.timedelta(days=rnd.randrange(-5, 200))
        if rnd.random() < 0.3:
            row["amount_paid"] = rnd.choice([amount, round(amount / 2, 2), amount + 0.003])
        if rnd.random() < 0.3:
            row["due_date"] = date + dt.timedelta(days=rnd.randrange(-10, 90))
        rows.append(row)
    return rows


def test_read_off_the_later_picture_equals_a_picture_per_month_end():
    for seed, n in [(0, 400), (1, 400), (2, 400), (3, 400), (4, 400), (5, 6), (6, 3)]:
        tx, cl = frames(_rows(seed, n))  # few rows: months without any item
        ledgers = monthly.Ledgers(tx, cl, Settings())
        fast = receivables(ledgers.picture, END, with_cash=False)
        full = receivables(ledgers.picture, END, with_cash=True)
        for day in [dt.date(2024, 12, 31), *month_ends(END, 20), dt.date(2026, 6, 15)]:
            assert fast(day)[2:4] == full(day)[2:4], (seed, day)
            found = full(day)[0]
            sales = kpis.monthly_sales(found, day, kpis.COUNTBACK_MONTHS)
            assert fast(day)[4].tobytes() == sales.tobytes(), (seed, day)


def test_month_series_is_the_same_either_way(monkeypatch):
    tx, cl = frames(_rows(7))
    fast = monthly.month_series(monthly.Ledgers(tx, cl, Settings()), END)
    monkeypatch.setattr(
        monthly,
        "receivables",
        lambda picture, end, with_cash, numbers=None: receivables(picture, end, True),
    )
    full = monthly.month_series(monthly.Ledgers(tx, cl, Settings()), END)
    assert fast.equals(full)
    assert fast["closing"].abs().sum() > 0 and fast["dso_countback"].notna().any()
