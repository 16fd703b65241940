"""Columns typed at once give what the value-by-value parsers give, or are left to them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arxl.api.convert import ConvertOptions, read_input
from arxl.readers import typedcolumns as T
from arxl.readers import values as V

DAYS = st.dates(dt.date(1890, 1, 1), dt.date(2300, 12, 31))
SHAPES = st.sampled_from(["%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"])
DATE_TEXTS = st.one_of(
    st.builds(lambda d, f: d.strftime(f), DAYS, SHAPES),
    st.sampled_from(["", "  ", "31/02/2024", "00/01/2024", "13/13/2024", "Total", "5/1/2024"]),
)


def parsed_dates(texts: list[object], month_first: bool | None) -> np.ndarray:
    days, bad = V.parse_dates(texts, month_first=month_first)
    assert not bad.any()
    return days


@settings(max_examples=300, deadline=None)
@given(st.lists(DATE_TEXTS, max_size=30), st.sampled_from([None, True, False]))
def test_typed_dates_are_the_parsers_dates(texts: list[object], month_first: bool | None) -> None:
    typed = T._typed_dates(texts, month_first)
    if typed is None:
        return
    assert [t for t in typed if isinstance(t, str)] == [t for t in texts if t == ""]
    expected = parsed_dates(texts, month_first)
    assert np.array_equal(V.parse_dates(typed)[0].view(np.int64), expected.view(np.int64))
    assert not V.parse_dates(typed)[1].any()


@settings(max_examples=300, deadline=None)
@given(st.lists(DATE_TEXTS, max_size=30))
def test_date_order_is_the_parsers(texts: list[object]) -> None:
    assert T.date_order(texts) == V.date_order(texts)


AMOUNT_TEXTS = st.one_of(
    st.builds(
        lambda x, sep, euro: (
            (f"{x:,.2f}".replace(",", sep).replace(".", ",", 1) if sep != "," else f"{x:,.2f}")
            + euro
        ),
        st.floats(-1e13, 1e13, allow_nan=False),
        st.sampled_from([" ", "\u00a0", "\u202f", "", ","]),
        st.sampled_from(["", " €", "€"]),
    ),
    st.integers(-(10**15), 10**15).map(str),
    st.sampled_from(["", "1,234", "1.234", "12,5", "-0,00", "(12,00)", "12-", "douze", "1 23,4"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(AMOUNT_TEXTS, max_size=30))
def test_typed_amounts_are_the_parsers_amounts(texts: list[object]) -> None:
    typed = T._typed_amounts(texts)
    if typed is None:
        return
    expected, bad = V.parse_amounts(texts)
    got, bad_typed = V.parse_amounts(typed)
    assert not bad.any() and not bad_typed.any()
    assert np.array_equal(got.view(np.int64), expected.view(np.int64))  # bit for bit


def test_typing_leaves_a_column_with_one_other_shape_to_the_parsers() -> None:
    assert T._typed_dates(["05/01/2024", "5/1/2024"], None) is None
    assert T._typed_dates(["05/01/2024", "31/02/2024"], None) is None
    assert T._typed_dates(["05/01/1850"], None) is None  # outside the plausible years
    assert T._typed_amounts(["1 234,56 €", "1,234"]) is None
    assert T._typed_amounts(["1 234,56", "1e15"]) is None
    assert T._typed_amounts(["9 999 999 999 999,00"]) is None  # absurd: reported by the reader


@pytest.mark.parametrize("odd", [False, True])
def test_a_big_export_reads_the_same_typed_or_not(tmp_path: Path, monkeypatch, odd: bool) -> None:
    rng = np.random.default_rng(7)
    lines = ["Export;;;;;", "N° facture;Date;Échéance;Client;Montant TTC;Réglé"]
    for k in range(3000):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 700)))
        due = "" if k % 7 == 0 else (day + dt.timedelta(days=30)).strftime("%d/%m/%Y")
        amount = f"{rng.uniform(-500, 90000):,.2f}".replace(",", " ").replace(".", ",")
        lines.append(f"F{k};{day:%d/%m/%Y};{due};C{k % 40};{amount} €;{'0,00' if k % 3 else ''}")
    if odd:  # an amount below the cent: in Anomalies, with its text
        lines.insert(900, "F-odd;03/02/2024;;C1;1 234,5678 €;")
    lines.append("Total;;;;1,00;")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    options = ConvertOptions(as_of=dt.date(2026, 6, 30))
    typed, _ = read_input(path, options)
    monkeypatch.setattr(T, "MIN_ROWS", 10**9)
    plain, _ = read_input(path, options)
    pd.testing.assert_frame_equal(typed.transactions, plain.transactions, check_exact=True)
    pd.testing.assert_frame_equal(typed.clients, plain.clients, check_exact=True)
    assert typed.issues == plain.issues and typed.tally == plain.tally
    assert odd == any("1 234,5678" in i.value for i in typed.issues)
    assert typed.settings_values == plain.settings_values  # the currency the amounts write
    assert typed.settings_values["currency"] == "EUR"
