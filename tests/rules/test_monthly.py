"""Roll-forward, CEI, DSO month by month and the D441-6 table on a month computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from arxl.rules import monthly
from arxl.settings import Settings
from tests.rules.test_aging import frames

day = dt.date
FIRST, END, BEFORE = day(2025, 11, 1), day(2025, 11, 30), day(2025, 10, 31)
# November 2025, terms 30 days
ROWS = [
    # A: open at 31/10, paid in November
    {"date": day(2025, 10, 5), "amount": 1000.0, "payment_date": day(2025, 11, 10)},
    # B: open at both ends, 11 days late at 30/11
    {"date": day(2025, 10, 20), "amount": 500.0},
    # C: invoiced in November, 300 paid in November, 500 current at 30/11
    {"date": day(2025, 11, 5), "amount": 800.0, "amount_paid": 300.0,
     "payment_date": day(2025, 11, 25)},
    # D: invoiced in November and written off
    {"date": day(2025, 11, 15), "amount": 200.0, "typed_status": "written_off"},
    # E: paid before the month
    {"date": day(2025, 9, 1), "amount": 700.0, "payment_date": day(2025, 10, 15)},
    # H: disputed, 91 days late at 30/11
    {"date": day(2025, 8, 1), "amount": 300.0, "typed_status": "disputed"},
    # after the month: outside everything
    {"date": day(2025, 12, 2), "amount": 9000.0},
]  # fmt: skip


def ledgers(rows: list[dict]) -> monthly.Ledgers:
    tx, cl = frames(rows)
    return monthly.Ledgers(tx, cl, Settings())


def test_roll_forward_balances_with_payment_dates():
    lg = ledgers(ROWS)
    r = monthly.roll_forward(lg.at(BEFORE), lg.at(END), FIRST, END)
    assert (r.opening, r.invoiced, r.collected, r.written_off, r.closing) == pytest.approx(
        (1000 + 500 + 300, 800 + 200, 1000 + 300, 200, 500 + 500 + 300)
    )
    assert r.balances and r.difference == pytest.approx(0) and r.gaps == []


def test_roll_forward_explains_what_is_missing():
    rows = [
        *ROWS,
        {"date": day(2025, 11, 8), "amount": 400.0, "typed_status": "paid"},  # no payment date
        {"date": day(2025, 11, 9), "amount": -100.0},  # a credit note
    ]
    lg = ledgers(rows)
    r = monthly.roll_forward(lg.at(BEFORE), lg.at(END), FIRST, END)
    assert not r.balances
    assert r.difference == pytest.approx(400 - 100)
    gaps = {g.reason: (g.count, g.amount) for g in r.gaps}
    assert gaps == {"credit_note": (1, pytest.approx(-100)), "no_payment_date": (1, 400.0)}
    assert sum(g.amount for g in r.gaps) == pytest.approx(r.difference)


def test_cei_by_hand():
    assert monthly.cei(1800, 1000, 1300, 500) == pytest.approx(1500 / 2300 * 100)
    assert monthly.cei(0, 0, 0, 0) is None


def test_month_series():
    series = monthly.month_series(ledgers(ROWS), END, months=2)
    assert [m.month for m in series["month"]] == [10, 11]
    nov = series.iloc[-1]
    assert (nov.opening, nov.invoiced, nov.closing, nov.closing_current) == pytest.approx(
        (1800, 1000, 1300, 500)
    )
    assert nov.cei == pytest.approx(1500 / 2300 * 100)
    # accounting DSO at 30/11: invoiced in (01/09, 30/11] = 1000 + 500 + 800 + 200
    assert nov.dso_accounting_90d == pytest.approx(1300 / 2500 * 90)


def test_d441_6_table():
    lg = ledgers(ROWS)
    table = monthly.d441_6(lg.at(END), Settings(), 1000.0)
    assert list(table.columns) == ["current", "1-30", "31-60", "61-90", "91+", "total"]
    assert table["current"].tolist()[:2] == [1, 500.0]  # C, the indicative 0-day column
    assert table["1-30"].tolist() == pytest.approx([1, 500, 0.5, 0, 0])  # B
    assert table["91+"].tolist() == pytest.approx([0, 0, 0, 1, 300])  # H, disputed
    assert table["total"].tolist() == pytest.approx([1, 500, 0.5, 1, 300])


def test_month_figures_compare_with_month_and_year_before():
    f = monthly.month_figures(ledgers(ROWS), FIRST, END)
    assert f.figures["end"].as_of == END
    assert f.figures["month_before"].as_of == BEFORE
    assert f.figures["year_before"] is None  # before the ledger's first document: n/d
    assert f.figures["month_before"].outstanding == pytest.approx(1800)
    assert f.invoiced == pytest.approx(1000)
