"""Values as owners type them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from arxl.readers.values import id_text, parse_amount_text, parse_amounts, parse_dates
from arxl.vocab import TypedStatus, typed_status


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234,56 €", 1234.56),
        ("1\u202f234,56\u00a0€", 1234.56),
        ("1.234,56", 1234.56),
        ("1,234.56", 1234.56),
        ("1234.5", 1234.5),
        ("(1 234,56)", -1234.56),
        ("-12", -12.0),
        ("12-", -12.0),
        ("EUR 99", 99.0),
        ("1 000 000", 1_000_000.0),
        ("0,005", 0.005),
    ],
)
def test_amount_text(text: str, value: float) -> None:
    assert parse_amount_text(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["abc", "12,34,5", "1.2.3", "€", "--", "12 abc"])
def test_unreadable_amounts(text: str) -> None:
    assert parse_amount_text(text) is None


def test_amount_column_mixes_numbers_text_and_blanks() -> None:
    values, bad = parse_amounts([12.0, "1 234,56 €", "", "abc", 7, True])
    assert values[0] == 12.0 and values[1] == pytest.approx(1234.56) and values[4] == 7
    assert np.isnan(values[2]) and list(bad) == [False, False, False, True, False, True]


def test_dates_real_text_and_serials() -> None:
    got, bad = parse_dates(
        [
            dt.date(2023, 2, 1),
            dt.datetime(2023, 2, 5, 14, 0),
            "05/02/2023",
            "2023-02-05",
            "5/2/23",
            44962.0,
            "",
            "31/02/2023",
            "demain",
        ]
    )
    d = [None if np.isnat(x) else x.astype(dt.date) for x in got]
    assert d[:6] == [dt.date(2023, 2, 1), *([dt.date(2023, 2, 5)] * 5)]
    assert d[6] is None and list(bad) == [False] * 7 + [True, True]


def test_day_month_order_decided_for_the_whole_column() -> None:
    got, _ = parse_dates(["02/05/2023", "12/25/2023"])  # 25 can only be a day: month first
    assert got[0].astype(dt.date) == dt.date(2023, 2, 5)
    got, _ = parse_dates(["02/05/2023", "25/12/2023"])
    assert got[0].astype(dt.date) == dt.date(2023, 5, 2)


@pytest.mark.parametrize(
    ("raw", "text"),
    [(12, "12"), (12.0, "12"), (" 12 ", "12"), ("12.0", "12"), ("C-001", "C-001"), (12.5, "12.5")],
)
def test_client_ids(raw: object, text: str) -> None:
    assert id_text(raw) == text


@pytest.mark.parametrize(
    ("text", "typed"),
    [
        ("Payé", TypedStatus.PAID),
        ("PAYEE ", TypedStatus.PAID),
        ("paid", TypedStatus.PAID),
        ("En attente", TypedStatus.PENDING),
        ("pending", TypedStatus.PENDING),
        ("en RETARD", TypedStatus.OVERDUE),
        ("Overdue", TypedStatus.OVERDUE),
        ("Partiellement payé", TypedStatus.PARTIAL),
        ("Partiel", TypedStatus.PARTIAL),
        ("Partially paid", TypedStatus.PARTIAL),
        ("Litige", TypedStatus.DISPUTED),
        ("Contesté", TypedStatus.DISPUTED),
        ("Disputed", TypedStatus.DISPUTED),
        ("Irrécouvrable", TypedStatus.WRITTEN_OFF),
        ("Written off", TypedStatus.WRITTEN_OFF),
        ("", TypedStatus.BLANK),
        ("peut-être", TypedStatus.UNKNOWN),
    ],
)
def test_statuses(text: str, typed: TypedStatus) -> None:
    assert typed_status(text) is typed
