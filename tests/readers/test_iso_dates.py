"""Text dates written yyyy-mm-dd are read at once when they all are (an export of ISO dates):
the same days, and the same bad cells, as reading each on its own."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from arxl.readers import values as V

iso = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str)
odd = st.sampled_from(["2026-02-29", "0000-01-01", "2026-13-01", "2026-06-00", " 2026-06-30", ""])
cell = st.one_of(iso, iso, odd, st.just(dt.date(2026, 1, 2)), st.just(45000), st.just(None))


def _each(values: list[object]) -> tuple[np.ndarray, np.ndarray]:
    """parse_dates reading every text date on its own (the ISO shortcut off)."""
    saved = V._all_iso
    V._all_iso = lambda out, text: False
    try:
        return V.parse_dates(values)
    finally:
        V._all_iso = saved


@settings(max_examples=400, deadline=None)
@given(st.lists(cell, max_size=12))
def test_iso_dates_at_once_are_read_as_one_by_one(values: list[object]) -> None:
    days, bad = V.parse_dates(values)
    expected, expected_bad = _each(values)
    assert days.tobytes() == expected.tobytes()
    assert bad.tolist() == expected_bad.tolist()


def test_a_column_of_iso_dates() -> None:
    days, bad = V.parse_dates(["2026-06-30", "2024-02-29", ""])
    assert days[:2].tolist() == [dt.date(2026, 6, 30), dt.date(2024, 2, 29)]
    assert np.isnat(days[2]) and not bad.any()
    days, bad = V.parse_dates(["2026-06-30", "2026-02-29"])  # not a day: said, the rest read
    assert days[0] == np.datetime64("2026-06-30") and bad.tolist() == [False, True]
