"""Interest on what is unpaid each day (dated partial payments, payments matched by cash
application), and a half-year missing from the rate table leaving out only its own days.
Every figure recomputed by hand: amount × rate × days / 365, per stretch and half-year."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import make_workbook, sheet_values
from hypothesis import given, settings
from hypothesis import strategies as st

import arxl
from arxl.readers.rates import bundled_rates
from arxl.rules.penalties import Profile, compute, rate_issues
from arxl.settings import Settings
from tests.helpers.libreoffice import needs_soffice
from tests.reports.test_penalties_sheet import recalculated_penalties

D = dt.date
FR = {"Paramètres": [["Paramètre", "Valeur"], ["Pays", "FR"]]}
CLIENTS = [[1, "Un SARL", "1 rue A", "", "un@x.test", 30]]
CLIENT_TYPES = pd.DataFrame({"client_key": ["1"], "client_type": ["business"]})


def penalties_of(tmp_path, tx, as_of, payments=None):
    sheets = dict(FR)
    if payments:
        sheets["Paiements"] = payments
    book = make_workbook(tmp_path / "b.xlsx", clients=CLIENTS, transactions=tx, extra_sheets=sheets)
    return arxl.analyse(book, as_of=as_of), book


def test_the_domain_worked_example_still_holds(tmp_path):
    # 12 000 due 15/05/2025 paid 20/08/2025: 46 days at 13.15 % + 51 days at 12.15 %
    # 12 000 × 13.15 × 46 / 36 500 = 198.871 -> 198.87; 12 000 × 12.15 × 51 / 36 500 = 203.72
    tx = [[D(2025, 4, 15), 1, "F1", 12000, "Payé", "", D(2025, 5, 15), D(2025, 8, 20), 12000]]
    a, _ = penalties_of(tmp_path, tx, D(2025, 12, 31))
    got = a.penalties.frame.iloc[0]
    assert got["interest"] == pytest.approx(198.87 + 203.72)  # 402.59
    assert got["indemnity"] == 40.0
    assert len(a.penalties.slices) == 1


def test_a_partial_payment_while_late_lowers_the_amount_from_its_date(tmp_path):
    # 2 000 due 31/01/2026, 500 paid 02/03/2026, as of 30/06/2026 (all in 2026-S1, 12.15 %):
    # 2 000 for the 30 days 01/02-02/03, then 1 500 for the 120 days 03/03-30/06
    # 2 000 × 12.15 × 30 / 36 500 = 19.973 -> 19.97; 1 500 × 12.15 × 120 / 36 500 = 59.918 -> 59.92
    tx = [[D(2026, 1, 1), 1, "Q1", 2000, "partiel", "", D(2026, 1, 31), D(2026, 3, 2), 500]]
    a, book = penalties_of(tmp_path, tx, D(2026, 6, 30))
    pen = a.penalties
    assert pen.frame["interest"].tolist() == [pytest.approx(19.97 + 59.92)]  # 79.89, not 74.90
    assert pen.frame["indemnity"].tolist() == [40.0]
    assert pen.slices["base"].tolist() == [2000.0, 1500.0]
    assert pen.slices["days"].tolist() == [30, 120]
    assert pen.slices["interest"].tolist() == [pytest.approx(19.97), pytest.approx(59.92)]
    # the sheet: a row per stretch, the indemnity once
    arxl.refresh_workbook(book, as_of=D(2026, 6, 30))
    values = sheet_values(book, "Pénalités")
    header = values[0]
    rows = [dict(zip(header, r, strict=True)) for r in values[1:] if r[0] == "Q1"]
    assert [r["Montant en retard"] for r in rows] == [2000, 1500]
    assert [r["Intérêts"] for r in rows] == [pytest.approx(19.97), pytest.approx(59.92)]
    assert [r["Indemnité forfaitaire"] for r in rows] == [40, 0]


def test_a_total_paid_without_a_date_keeps_one_slice_on_the_balance(tmp_path):
    # 500 of 2 000 paid, no date: 1 500 for the 150 days 01/02-30/06
    # 1 500 × 12.15 × 150 / 36 500 = 74.897 -> 74.90
    tx = [[D(2026, 1, 1), 1, "Q1", 2000, "partiel", "", D(2026, 1, 31), None, 500]]
    a, _ = penalties_of(tmp_path, tx, D(2026, 6, 30))
    assert a.penalties.frame["interest"].tolist() == [pytest.approx(74.90)]
    assert a.penalties.slices["base"].tolist() == [1500.0]


def test_payments_matched_by_cash_application_date_the_interest(tmp_path):
    # F2: 2 400 due 31/08/2026 (30 days), paid 10/09 by a Paiements row naming it: 10 days late,
    # a row with its 40 € (2026-S2 has no rate: no interest). F4: 3 000 due 09/06/2026, 1 000
    # paid 15/07 (36 days late), 2 000 still open on 30/09: 3 000 for the 21 days of 2026-S1
    # counted, 3 000 × 12.15 × 21 / 36 500 = 20.97; the days in 2026-S2 are left out.
    tx = [
        [D(2026, 8, 1), 1, "F2", 2400, "En attente"],
        [D(2026, 5, 10), 1, "F4", 3000, "En attente"],
    ]
    pay = [
        ["Date", "ID Client", "Montant", "Référence"],
        [D(2026, 7, 15), 1, 1000, "F4"],
        [D(2026, 9, 10), 1, 2400, "F2"],
    ]
    a, _ = penalties_of(tmp_path, tx, D(2026, 9, 30), pay)
    frame = a.penalties.frame.set_index("invoice")
    assert bool(frame.at["F2", "paid_late"]) and frame.at["F2", "indemnity"] == 40.0
    assert frame.at["F2", "end"] == dt.datetime(2026, 9, 10)
    assert frame.at["F4", "interest"] == pytest.approx(20.97)
    cuts = a.penalties.slices
    f4 = cuts[cuts["item"] == frame.index.get_loc("F4")]
    assert f4["base"].tolist() == [3000.0, 2000.0]
    assert f4["days"].tolist() == [36, 77]  # 10/06-15/07, 16/07-30/09


def test_a_payment_before_the_due_date_lowers_the_amount_late(tmp_path):
    # 3 000 due 09/03/2026, 500 paid 01/03 (before), 1 000 on 15/04, as of 30/06/2026 (2026-S1):
    # 2 500 × 12.15 × 37 / 36 500 = 30.79 (10/03-15/04); 1 500 × 12.15 × 76 / 36 500 = 37.95
    tx = [[D(2026, 2, 7), 1, "F5", 3000, "En attente", "", D(2026, 3, 9)]]
    pay = [
        ["Date", "ID Client", "Montant", "Référence"],
        [D(2026, 3, 1), 1, 500, "F5"],
        [D(2026, 4, 15), 1, 1000, "F5"],
    ]
    a, _ = penalties_of(tmp_path, tx, D(2026, 6, 30), pay)
    assert a.penalties.slices["base"].tolist() == [2500.0, 1500.0]
    assert a.penalties.frame["interest"].tolist() == [pytest.approx(30.79 + 37.95)]
    assert a.penalties.frame["interest_to"].tolist() == [dt.datetime(2026, 6, 30)]  # its end


def test_a_missing_half_year_leaves_out_only_its_own_days(tmp_path):
    # 5 000 due 20/12/2025, as of 31/10/2026 (the table stops at 2026-S1): 11 days of 2025-S2
    # and 181 of 2026-S1 at 12.15 %, the 123 days of 2026-S2 left out
    # 5 000 × 12.15 × 11 / 36 500 = 18.308; × 181 = 301.253; together 319.561 -> 319.56
    tx = [[D(2025, 11, 20), 1, "P2", 5000, "En attente", "", D(2025, 12, 20)]]
    a, book = penalties_of(tmp_path, tx, D(2026, 10, 31))
    got = a.penalties.frame.iloc[0]
    assert got["interest"] == pytest.approx(319.56) and bool(got["rate_missing"])
    # the interest counts up to the end of 2026-S1, the delay runs on to 31/10 (the letters
    # say "calculées jusqu'au 30/06/2026")
    assert (got["interest_to"], got["end"]) == (dt.datetime(2026, 6, 30), dt.datetime(2026, 10, 31))
    (issue,) = rate_issues(a.penalties, "Paramètres")
    assert issue.value == "2026-S2"
    assert "2026-S2" in issue.message_fr and "s'arrêtent au 30/06/2026" in issue.message_fr
    assert "stops at 30/06/2026" in issue.message_en and "(0)" not in issue.message_en
    arxl.refresh_workbook(book, as_of=D(2026, 10, 31))
    values = sheet_values(book, "Pénalités")
    row = dict(zip(values[0], values[1], strict=True))
    assert row["Intérêts"] == pytest.approx(319.56)


# --- against a day-by-day reference -----------------------------------------------------------

RATE = {(2024, 1): 14.50, (2024, 2): 14.25, (2025, 1): 13.15, (2025, 2): 12.15, (2026, 1): 12.15}


@settings(max_examples=60, deadline=None)
@given(
    due=st.dates(D(2024, 1, 1), D(2026, 5, 31)),
    amount=st.integers(100, 100_000),
    payments=st.lists(
        st.tuples(st.integers(-40, 900), st.integers(1, 100)), min_size=0, max_size=4
    ),
)
def test_interest_is_the_unpaid_balance_of_each_day_at_its_rate(due, amount, payments):
    """Σ over the days late of (amount - what was paid before that day) × rate / 365, the sum of
    the rounded slices within half a cent a slice."""
    as_of = D(2026, 6, 30)
    dated = []
    left = float(amount)
    for offset, share in payments:
        day = due + dt.timedelta(days=offset)
        if day > as_of or left <= 0:
            continue
        paid = min(left, round(amount * share / 100, 2))
        dated.append((day, paid))
        left = round(left - paid, 2)
    total_paid = sum(p for _, p in dated)
    last = max((d for d, _ in dated), default=None)
    settled = left <= 0
    items = pd.DataFrame(
        {
            "row": [2],
            "invoice": ["F"],
            "client_key": ["1"],
            "client_id": ["1"],
            "client_name": ["X"],
            "status": ["paid" if settled else ("overdue" if as_of > due else "pending")],
            "due": pd.to_datetime([due]),
            "payment_date": pd.to_datetime([None]),
            "last_payment": pd.to_datetime([last]),
            "amount": [float(amount)],
            "paid": [total_paid],
            "own_paid": [0.0],
            "balance": [left],
        }
    )
    lines = pd.DataFrame(
        {
            "invoice_row": [2] * len(dated),
            "pay_date": pd.to_datetime([d for d, _ in dated]),
            "amount": [p for _, p in dated],
        }
    )
    pen = compute(items, CLIENT_TYPES, Settings(), as_of, Profile.FR, bundled_rates(), None, lines)
    end = last if settled else as_of
    expected = 0.0
    day = due + dt.timedelta(days=1)
    while end is not None and day <= end:
        unpaid = amount - sum(p for d, p in dated if d < day)
        expected += unpaid * RATE[(day.year, 1 if day.month <= 6 else 2)] / 100 / 365
        day += dt.timedelta(days=1)
    if settled and (last is None or last <= due):
        assert pen.frame.empty  # paid on time: no penalties
        return
    (got,) = pen.frame["interest"].tolist()
    assert got == pytest.approx(expected, abs=0.005 * len(pen.slices) + 0.005)
    assert pen.frame["indemnity"].tolist() == [40.0]


@needs_soffice
def test_libreoffice_recalculates_the_slices_and_the_known_half_years(tmp_path):
    # the two cases above, formulas recalculated with the cached values dropped
    tx = [
        [D(2026, 1, 1), 1, "Q1", 2000, "partiel", "", D(2026, 1, 31), D(2026, 3, 2), 500],
        [D(2025, 11, 20), 1, "P2", 5000, "En attente", "", D(2025, 12, 20)],
    ]
    _, book = penalties_of(tmp_path, tx, D(2026, 10, 31))
    arxl.refresh_workbook(book, as_of=D(2026, 10, 31))
    lo = recalculated_penalties(book, tmp_path)
    at = lo[0].index("Intérêts")
    got = {}
    for r in lo[1:]:
        if r[0] in ("Q1", "P2"):
            got.setdefault(r[0], []).append(float(r[at].replace(",", "")))
    # Q1 as of 31/10/2026: 19.97, then 1 500 from 03/03 to 30/06 (120 days, 59.92), 2026-S2 out
    assert got == {
        "Q1": [pytest.approx(19.97), pytest.approx(59.92)],
        "P2": [pytest.approx(319.56)],
    }


@needs_soffice
def test_libreoffice_keeps_the_uk_rate_of_the_whole_delay_after_a_part_payment(tmp_path):
    """UK (1998 Act s.4): the rate of the day after the due date for every day of the delay,
    the slice after a part-payment included. 10 000 due 15/12/2025 (BoE of 30/06/2025, 4.25:
    12.25 %), 4 000 paid 15/02/2026, as of 30/06/2026: 10 000 × 12.25 % × 62 / 365 = 208.08,
    then 6 000 × 12.25 % × 135 / 365 = 271.85 (not 2026-S1's 11.75 %)."""
    tx = [[D(2025, 11, 15), 1, "U1", 10000, "partiel", "", D(2025, 12, 15), D(2026, 2, 15), 4000]]
    book = make_workbook(
        tmp_path / "b.xlsx",
        clients=CLIENTS,
        transactions=tx,
        extra_sheets={"Paramètres": [["Paramètre", "Valeur"], ["Pays", "UK"]]},
    )
    arxl.refresh_workbook(book, as_of=D(2026, 6, 30))
    lo = recalculated_penalties(book, tmp_path)
    at = lo[0].index("Intérêts")
    got = [float(r[at].replace(",", "")) for r in lo[1:] if r[0] == "U1"]
    assert got == [pytest.approx(208.08), pytest.approx(271.85)]
