"""The counts the dashboard compares with the previous month end, held to the tables they count
(rules.reminders.clients_to_remind, rules.credit.clients_on_hold), on generated ledgers."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from arxl.rules.aging import derive
from arxl.rules.credit import client_credit, clients_on_hold
from arxl.rules.reminders import clients_to_remind
from arxl.settings import Settings
from tests.rules.reminder_reference import reminder_list
from tests.rules.test_properties import START, build, row


@settings(max_examples=60, deadline=None)
@given(
    st.lists(row, min_size=0, max_size=40),
    st.integers(0, 600),
    st.lists(st.one_of(st.none(), st.floats(0, 6000)), min_size=4, max_size=4),
    st.integers(0, 90),
    st.integers(0, 200),
)
def test_counts_are_the_rows_of_their_tables(rows, as_of_day, limits, late, age) -> None:
    tx, cl = build(rows) if rows else build([{**_ROW}])
    if not rows:
        tx = tx.iloc[:0]
    cl["credit_limit"] = [np.nan if x is None else x for x in limits]
    s = Settings(hold_days_overdue=late, hold_average_age=age)
    as_of = START + dt.timedelta(days=as_of_day)
    items = derive(tx, cl, s, as_of)
    assert clients_to_remind(items) == len(reminder_list(items, cl))
    table = client_credit(items, cl, None, s, as_of)
    assert clients_on_hold(items, cl, None, s, as_of) == sum(map(bool, table["holds"]))


_ROW = {
    "client": 1,
    "day": 0,
    "amount": 10.0,
    "typed": "blank",
    "due_offset": None,
    "paid_share": None,
    "pay_day": None,
}
