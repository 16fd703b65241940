"""The D441-6 table on a year of data: counts, amounts TTC and shares of the financial year's
turnover TTC, worked out by hand; a financial year starting on 1 July."""

from __future__ import annotations

import datetime as dt

import pytest

from arxl.readers.settings_sheet import apply_settings_rows, day_month
from arxl.rules import monthly
from arxl.settings import Settings
from tests.rules.test_aging import frames

day = dt.date
FIRST, END = day(2025, 12, 1), day(2025, 12, 31)  # the December 2025 report
# fmt: off
ROWS = [
    # paid during the year: sales, nothing left in the table
    {"date": day(2025, 1, 15), "amount": 10000.0, "payment_date": day(2025, 2, 10)},
    {"date": day(2025, 3, 10), "amount": 20000.0, "payment_date": day(2025, 4, 5)},
    {"date": day(2025, 6, 20), "amount": 15000.0, "payment_date": day(2025, 7, 15)},
    {"date": day(2025, 9, 5), "amount": 5000.0, "payment_date": day(2025, 10, 1)},
    {"date": day(2025, 4, 1), "amount": 600.0, "typed_status": "written_off"},  # a sale, lost
    {"date": day(2025, 7, 1), "amount": -1000.0},  # a credit note: less turnover
    # unpaid at 31/12/2025 and past due
    {"date": day(2025, 11, 15), "due_date": day(2025, 12, 15), "amount": 1200.0},  # 16 d
    {"date": day(2025, 11, 1), "due_date": day(2025, 12, 1), "amount": 800.0},  # 30 d
    {"date": day(2025, 10, 31), "due_date": day(2025, 11, 30), "amount": 1500.0},  # 31 d
    {"date": day(2025, 9, 2), "due_date": day(2025, 10, 2), "amount": 2500.0,
     "amount_paid": 500.0, "payment_date": day(2025, 10, 20)},  # 90 d, 2 000 left
    {"date": day(2025, 8, 1), "due_date": day(2025, 9, 1), "amount": 3000.0},  # 121 d
    {"date": day(2024, 11, 1), "due_date": day(2024, 12, 1), "amount": 1000.0},  # 395 d,
    # issued the year before: in the table, not in this year's turnover
    # not yet due: the indicative 0 day column
    {"date": day(2025, 12, 15), "due_date": day(2026, 1, 14), "amount": 4000.0},
    # disputed: section B
    {"date": day(2025, 6, 1), "due_date": day(2025, 7, 1), "amount": 700.0,
     "typed_status": "disputed"},  # 183 d
    {"date": day(2025, 11, 20), "due_date": day(2025, 12, 20), "amount": 300.0,
     "typed_status": "disputed"},  # 11 d
    # after the report's date: outside everything
    {"date": day(2026, 1, 5), "amount": 9000.0},
]
# fmt: on
# turnover TTC of 2025: every document dated in 2025 (the 2024 and 2026 invoices left out)
YEAR_2025 = (
    10000 + 20000 + 15000 + 5000 + 600 - 1000 + 1200 + 800 + 1500 + 2500 + 3000 + 4000 + 700 + 300
)  # fmt: skip
# from 1 July 2025: the September sale, the credit note of 1 July, the open invoices dated
# from July on and the November dispute
FROM_JULY = 5000 - 1000 + 1200 + 800 + 1500 + 2500 + 3000 + 4000 + 300


def figures(settings: Settings) -> monthly.MonthFigures:
    tx, cl = frames(ROWS)
    return monthly.month_figures(monthly.Ledgers(tx, cl, settings), FIRST, END)


def test_year_of_data_by_hand() -> None:
    assert YEAR_2025 == 63600
    f = figures(Settings())
    assert f.year_start == day(2025, 1, 1)
    assert f.turnover == pytest.approx(YEAR_2025)
    table = f.d441
    assert list(table.columns) == ["current", "1-30", "31-60", "61-90", "91+", "total"]
    assert table.loc["count"].tolist() == [1, 2, 1, 1, 2, 6]
    assert table.loc["amount"].tolist() == pytest.approx([4000, 2000, 1500, 2000, 4000, 9500])
    assert table.loc["share"].tolist() == pytest.approx(
        [4000 / 63600, 2000 / 63600, 1500 / 63600, 2000 / 63600, 4000 / 63600, 9500 / 63600]
    )
    assert table.loc["disputed_count"].tolist() == [0, 1, 0, 0, 1, 2]
    assert table.loc["disputed_amount"].tolist() == pytest.approx([0, 300, 0, 0, 700, 1000])
    # the month's invoicing is no longer the base (it was: 4 000 here, 237 % in the total)
    assert f.invoiced == pytest.approx(4000)


def test_financial_year_starting_on_1_july() -> None:
    assert FROM_JULY == 17300
    f = figures(Settings(fiscal_year_start=(1, 7)))
    assert f.year_start == day(2025, 7, 1)
    assert f.turnover == pytest.approx(FROM_JULY)
    # the counts and amounts do not depend on the year; the shares do
    assert f.d441.loc["amount"].tolist() == pytest.approx([4000, 2000, 1500, 2000, 4000, 9500])
    assert f.d441.at["share", "total"] == pytest.approx(9500 / 17300)
    assert f.d441.at["share", "1-30"] == pytest.approx(2000 / 17300)


@pytest.mark.parametrize(
    ("end", "start", "expected"),
    [
        (day(2025, 12, 31), (1, 1), day(2025, 1, 1)),
        (day(2025, 12, 31), (1, 7), day(2025, 7, 1)),
        (day(2025, 6, 30), (1, 7), day(2024, 7, 1)),  # the closing date: the whole year
        (day(2025, 7, 1), (1, 7), day(2025, 7, 1)),
        (day(2026, 3, 31), (1, 4), day(2025, 4, 1)),
    ],
)
def test_year_start(end: dt.date, start: tuple[int, int], expected: dt.date) -> None:
    assert monthly.year_start(end, start) == expected


def test_start_of_the_year_in_parametres() -> None:
    assert day_month("01/07") == (1, 7) and day_month("1-4") == (1, 4)
    assert day_month(dt.datetime(2026, 7, 1)) == (1, 7)  # Excel made a date of 01/07
    assert day_month("juillet") == (1, 7) and day_month("April") == (1, 4)
    assert day_month("29/02") is None and day_month("32/01") is None
    got, issues = apply_settings_rows([(9, "Début de l'exercice", "01/10")], Settings(), "P")
    assert got.fiscal_year_start == (1, 10) and issues == []
    got, issues = apply_settings_rows([(9, "Début de l'exercice", "fin mars")], Settings(), "P")
    assert got.fiscal_year_start == (1, 1) and len(issues) == 1 and issues[0].row == 9
