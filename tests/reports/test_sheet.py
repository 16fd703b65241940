"""Helpers that hand report columns to the writer."""

from __future__ import annotations

import pandas as pd

from arxl.sheets.spec import recode


def test_recode_looks_up_each_distinct_value_once() -> None:
    column = pd.Series(["paid", None, "overdue", "paid", "odd"], dtype="str")
    labels = {"paid": "Payé", "overdue": "En retard"}
    got = recode(column, labels, "")
    assert got.tolist() == ["Payé", "", "En retard", "Payé", ""]
    assert got[0] is got[3]  # one shared object per distinct value
    assert recode(column.iloc[:0], labels, "").tolist() == []
