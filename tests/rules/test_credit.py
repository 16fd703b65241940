"""Credit control (rules/credit.py): exposure, holds, payer profile and grade, forecast."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from arxl.rules.aging import derive
from arxl.rules.allocation import OPEN
from arxl.rules.credit import (
    OVER_LIMIT,
    TOO_LATE,
    TOO_OLD,
    client_credit,
    forecast,
    grade,
    lateness,
)
from arxl.settings import Settings
from tests.rules.test_allocation import clients, invoices
from tests.rules.test_properties import START, build, row

D = dt.date
AS_OF = D(2026, 6, 30)
SETTINGS = Settings()


def credit_of(tx: pd.DataFrame, cl: pd.DataFrame, settings: Settings = SETTINGS):
    items = derive(tx, cl, settings, AS_OF)
    return items, client_credit(items, cl, None, settings, AS_OF).set_index("client_key")


def test_exposure_utilisation_headroom_and_limit_hold() -> None:
    cl = clients("1", "2")
    cl["credit_limit"] = [1000.0, np.nan]
    tx = invoices(
        ("1", "F1", D(2026, 6, 10), 700),
        ("1", "F2", D(2026, 6, 20), 400),
        ("2", "F3", D(2026, 6, 20), 5000),
    )
    _, table = credit_of(tx, cl)
    one = table.loc["1"]
    assert one["exposure"] == 1100.0 and one["headroom"] == -100.0
    assert one["utilisation"] == pytest.approx(1.1)
    assert one["holds"] == [OVER_LIMIT]
    assert table.loc["2"]["holds"] == []  # no limit: never over it


def test_overdue_and_average_age_holds_are_strict() -> None:
    cl = clients("1", "2")
    # client 1: due 30 days after 01/04 -> 01/05, 60 days overdue on 30/06: not more than 60
    # client 2: invoice dated 01/03 is 121 days old (> 90) and 91 days overdue (> 60)
    tx = invoices(("1", "F1", D(2026, 4, 1), 100), ("2", "F2", D(2026, 3, 1), 100))
    _, table = credit_of(tx, cl)
    assert table.loc["1"]["max_days_overdue"] == 60 and table.loc["1"]["holds"] == []
    assert table.loc["2"]["holds"] == [TOO_LATE, TOO_OLD]
    _, table = credit_of(tx, cl, Settings(hold_days_overdue=59, hold_average_age=200))
    assert table.loc["1"]["holds"] == [TOO_LATE] and table.loc["2"]["holds"] == [TOO_LATE]


def test_payer_profile_weighs_paid_and_open_overdue_invoices_by_amount() -> None:
    cl = clients("1")
    tx = invoices(
        ("1", "F1", D(2025, 10, 1), 1000, "paid"),  # due 31/10, paid 10/11: 10 days late
        ("1", "F2", D(2025, 11, 1), 3000, "paid"),  # due 01/12, paid early: 0
        ("1", "F3", D(2026, 5, 1), 1000),  # due 31/05, open: 30 days late to date
        ("1", "F4", D(2026, 6, 20), 9000),  # not yet due: no history
    )
    tx["payment_date"] = pd.to_datetime([D(2025, 11, 10), D(2025, 11, 20), None, None]).astype(
        "datetime64[ns]"
    )
    _, table = credit_of(tx, cl)
    row = table.loc["1"]
    assert row["days_late"] == pytest.approx((10 * 1000 + 0 * 3000 + 30 * 1000) / 5000)
    # the last 6 months: F3, late today; the 6 before: F1 and F2, paid in November 2025
    assert row["recent_days_late"] == pytest.approx(30.0)
    assert row["earlier_days_late"] == pytest.approx(2.5)
    assert row["grade"] == "C"  # graded on the last 6 months (30 d), B over the whole history


@pytest.mark.parametrize(
    ("late", "expected"), [(0.0, "A"), (5.0, "A"), (5.1, "B"), (30.0, "C"), (31, "D")]
)
def test_grade(late: float, expected: str) -> None:
    assert grade(late, (5, 15, 30)) == expected
    assert grade(float("nan"), (5, 15, 30)) == ""


def test_forecast_weeks_use_client_then_portfolio_lateness() -> None:
    cl = clients("1", "2")
    tx = invoices(
        ("1", "H", D(2026, 1, 1), 100, "paid"),  # due 31/01, paid 14/02: 14 days late
        ("1", "F3", D(2026, 5, 1), 50, "disputed"),  # 30 days overdue: history, not expected
        # client 1 averages (14 × 100 + 30 × 50) / 150 = 19.3 days late
        # weeks run Monday to Sunday: week 1 is 30/06 (a Tuesday) to 05/07, week 2 from 06/07
        ("1", "F1", D(2026, 6, 1), 500),  # due 01/07 -> expected 20/07 (a Monday): week 4
        ("2", "F2", D(2026, 6, 15), 200),  # due 15/07, no history: portfolio -> 03/08: week 6
    )
    tx["payment_date"] = pd.to_datetime([D(2026, 2, 14), None, None, None]).astype("datetime64[ns]")
    items, table = credit_of(tx, cl)
    weeks, portfolio = forecast(items, table.reset_index(), Settings(), AS_OF)
    assert portfolio == pytest.approx((14 * 100 + 30 * 50) / 150)
    assert len(weeks) == 15 and weeks["period"].iloc[1] == "1" and weeks["period"].iloc[13] == "13"
    by = weeks.set_index("period")
    assert by.at["4", "amount"] == 500.0 and by.at["6", "amount"] == 200.0
    assert by["amount"].sum() == 700.0
    assert by.at["1", "start"] == pd.Timestamp(AS_OF)
    assert by.at["1", "end"] == pd.Timestamp(D(2026, 7, 5))
    assert by.at["3", "start"] == pd.Timestamp(D(2026, 7, 13))


def test_forecast_weeks_are_iso_weeks_monday_to_sunday() -> None:
    """Week 1 runs from the as-of date to its Sunday; then Monday to Sunday, named by their
    ISO week; a payment expected on a Sunday is in that week, on the Monday in the next."""
    cl = clients("1")
    tx = invoices(
        ("1", "F1", D(2026, 6, 5), 100),  # due 05/07 (Sunday): week 1
        ("1", "F2", D(2026, 6, 6), 200),  # due 06/07 (Monday): week 2
        ("1", "F3", D(2026, 6, 10), 400),  # due 10/07 (Friday): week 2 as well
    )
    items, table = credit_of(tx, cl)
    weeks, _ = forecast(items, table.reset_index(), Settings(), AS_OF)
    by = weeks.set_index("period")
    assert by.at["1", "amount"] == 100.0 and by.at["2", "amount"] == 600.0
    assert by.at["2", "count"] == 2 and by.at["late", "amount"] == 0.0
    inner = weeks[weeks["period"].str.isdigit()]
    assert [d.weekday() for d in inner["start"].iloc[1:]] == [0] * 12  # Mondays
    assert [d.weekday() for d in inner["end"]] == [6] * 13  # Sundays
    assert inner["iso_week"].tolist()[:3] == ["2026-W27", "2026-W28", "2026-W29"]
    assert by.at["later", "start"] == pd.Timestamp(D(2026, 9, 28))  # the Monday after week 13


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.lists(row, min_size=1, max_size=40), st.integers(0, 600))
def test_exposure_and_days_late_are_those_of_a_groupby_by_client(rows, as_of_day) -> None:
    """To the last bit: pandas sums a group whose rows are sorted otherwise than others, so the
    figures must come from the same grouping by client key as the definitions."""
    tx, cl = build(rows)
    cl["credit_limit"] = np.nan
    as_of = START + dt.timedelta(days=as_of_day)
    items = derive(tx, cl, SETTINGS, as_of)
    table = client_credit(items, cl, None, SETTINGS, as_of).set_index("client_key")
    history = lateness(items, as_of)
    weighted = history.assign(wd=history["days_late"] * history["weight"])
    sums = weighted.groupby("client_key")[["wd", "weight"]].sum()
    late = (sums["wd"] / sums["weight"]).reindex(table.index)
    np.testing.assert_array_equal(table["days_late"].to_numpy(), late.to_numpy())
    open_items = items[items["status"].isin(OPEN).to_numpy()]
    exposure = open_items.groupby("client_key")["balance"].sum().reindex(table.index)
    np.testing.assert_array_equal(
        table["exposure"].to_numpy(), exposure.fillna(0.0).round(2).to_numpy()
    )


def test_weights_summed_as_a_groupby_by_client_sums_them() -> None:
    """Client 2's rows come first: grouped in order of appearance they would be summed
    otherwise (weights 7744.969999999999) than by a groupby by client key (7744.97), and its
    days late would differ in the last bit."""
    cl = clients("1", "2", "4")
    cl["credit_limit"] = np.nan
    late = [("2", 1398.06, 126), ("2", 709.58, 237), ("2", 1588.82, 218), ("2", 4048.51, 72)]
    late += [("4", 4834.27, 84), ("4", 3772.20, 80), ("1", 1965.32, 50)]
    tx = invoices(*((c, f"F{i}", D(2025, 1, 1), a) for i, (c, a, _) in enumerate(late)))
    tx["due_date"] = [pd.Timestamp(AS_OF) - pd.Timedelta(days=d) for _, _, d in late]
    items = derive(tx, cl, SETTINGS, AS_OF)
    table = client_credit(items, cl, None, SETTINGS, AS_OF).set_index("client_key")
    assert table.loc["2", "days_late"] == 126.81540406224943
