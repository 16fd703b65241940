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
SHAPES = st.sampled_from(
    ["%d/%m/%Y", "%m/%d/%Y", "%-d/%-m/%Y", "%-m/%-d/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"]
)
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
@given(SHAPES, st.lists(st.one_of(DAYS, st.just("")), max_size=30), st.booleans())
def test_a_column_of_one_shape_is_typed_as_the_parser_reads_it(
    shape: str, days: list[object], told: bool
) -> None:
    # the order the file's other columns told, or none (the column decides)
    month_first = shape.lstrip("%-").startswith("m") if told else None
    texts: list[object] = [d.strftime(shape) if isinstance(d, dt.date) else d for d in days]
    typed = T._typed_dates(texts, month_first)
    if typed is None:  # other shapes, an empty column, years outside the bounds
        lo, hi = T.Bounds().years
        assert (
            "%y" in shape
            or "." in shape
            or not any(texts)
            or any(not lo <= d.year <= hi for d in days if isinstance(d, dt.date))
        )
        return
    expected = parsed_dates(texts, month_first)
    assert np.array_equal(V.parse_dates(typed)[0].view(np.int64), expected.view(np.int64))


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


DOLLAR_TEXTS = st.one_of(
    st.builds(
        lambda x, form: form.format(f"{abs(x):,.2f}" if "(" in form else f"{x:,.2f}"),
        st.floats(-1e13, 1e13, allow_nan=False),
        st.sampled_from(["${}", "{}", "({})", "(${})", "-${}"]),
    ).map(lambda t: t.replace("--", "-").replace("$-", "-$") if t.count("-") > 1 else t),
    st.sampled_from(["", "$-5.00", "$1,234", "$1,234.5", "$0.00", "(0.00)", "-0.00", "$ 5.00"]),
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(AMOUNT_TEXTS, max_size=30), st.lists(DOLLAR_TEXTS, max_size=30)))
def test_typed_amounts_are_the_parsers_amounts(texts: list[object]) -> None:
    typed = T._typed_amounts(texts)
    if typed is None:
        return
    expected, bad = V.parse_amounts(texts)
    got, bad_typed = V.parse_amounts(typed)
    assert not bad.any() and not bad_typed.any()
    assert np.array_equal(got.view(np.int64), expected.view(np.int64))  # bit for bit


def test_typing_leaves_a_column_with_one_other_shape_to_the_parsers() -> None:
    assert T._typed_dates(["05/01/2024", "2024-01-05"], None) is None
    assert T._typed_dates(["5/1/2024", "5.1.2024"], None) is None
    assert T._typed_dates(["2024-02-30"], None) is None
    assert T._typed_dates(["5/1/2024", "12/31/2024"], None) == [
        dt.date(2024, 5, 1),
        dt.date(2024, 12, 31),
    ]  # month first: the column says so
    assert T._typed_amounts(["$1,234.56", "$1,234"]) is None  # "1,234": the parser decides
    assert T._typed_amounts(["$1,234.56", "1 234,56 €"]) is None
    assert T._typed_amounts(["($1,234.56)", "$-2.00", "", "-$0.50"]) == [-1234.56, -2.0, "", -0.5]
    assert T._typed_dates(["05/01/2024", "31/02/2024"], None) is None
    assert T._typed_dates(["05/01/1850"], None) is None  # outside the plausible years
    assert T._typed_amounts(["1 234,56 €", "1,234"]) is None
    assert T._typed_amounts(["1 234,56", "1e15"]) is None
    assert T._typed_amounts(["9 999 999 999 999,00"]) is None  # absurd: reported by the reader


def _english_export(rng: np.random.Generator, days: str) -> list[str]:
    """An English export: `days` ("%-m/%-d/%Y" or "%Y-%m-%d"), dollars, credit memos in
    parentheses, a status column, an invoice whose due date is blank."""
    lines = ["Invoice #,Invoice Date,Due Date,Customer,Amount,Amount Paid,Status"]
    for k in range(2500):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 700)))
        due = "" if k % 11 == 0 else (day + dt.timedelta(days=45)).strftime(days)
        x = rng.uniform(1, 2_000_000)
        amount = f'"(${x:,.2f})"' if k % 9 == 0 else f'"${x:,.2f}"'
        paid = '"$0.00"' if k % 4 else amount
        status = "Paid" if k % 4 == 0 else "Open"
        lines.append(
            f"INV-{k:05d},{day.strftime(days)},{due},Cust {k % 30},{amount},{paid},{status}"
        )
    return lines


@pytest.mark.parametrize("days", ["%-m/%-d/%Y", "%Y-%m-%d"])
def test_an_english_export_reads_the_same_typed_or_not(
    tmp_path: Path, monkeypatch, days: str
) -> None:
    path = tmp_path / "big.csv"
    path.write_text("\n".join(_english_export(np.random.default_rng(3), days)) + "\n")
    options = ConvertOptions(as_of=dt.date(2026, 6, 30))
    made: list[object] = []
    for name in ("_typed_dates", "_typed_amounts"):  # noted, to see the columns were typed
        real = getattr(T, name)
        monkeypatch.setattr(T, name, lambda *a, real=real: made.append(r := real(*a)) or r)
    typed, _ = read_input(path, options)
    assert len(made) == 4 and None not in made  # dates, due dates, amounts, amounts paid
    monkeypatch.setattr(T, "MIN_ROWS", 10**9)  # every value read as text, one by one
    monkeypatch.setattr(V, "day_month_texts", lambda values: True)  # both orders tried
    plain, _ = read_input(path, options)
    pd.testing.assert_frame_equal(typed.transactions, plain.transactions, check_exact=True)
    pd.testing.assert_frame_equal(typed.clients, plain.clients, check_exact=True)
    assert typed.issues == plain.issues and typed.tally == plain.tally
    assert typed.settings_values == plain.settings_values
    assert typed.settings_values["currency"] == "USD"
    assert (typed.transactions["amount"] < 0).sum() + len(typed.payments) > 0  # the memos


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
