"""Penalties to the letter of the law (issue 18): the UK rate fixed for the whole delay, nothing
for a disputed invoice, consumers from the formal notice, rates back to 2012, no rate invented
outside the table. Every expected figure is worked by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import make_workbook, sheet_values
from hypothesis import given, settings
from hypothesis import strategies as st

import arxl
from arxl.readers.rates import bundled_rates
from arxl.rules.penalties import MissingRate, Profile, RateKind, compute, profile_for, rate_issues
from arxl.settings import Settings

D = dt.date
CLIENTS = pd.DataFrame({"client_key": ["1", "2"], "client_type": ["business", "consumer"]})


def item(due, amount=12000.0, status="overdue", paid_on=None, key="1", typed="") -> dict:
    return {
        "row": 0,
        "invoice": f"F{due}",
        "client_key": key,
        "client_id": key,
        "client_name": "X",
        "status": status,
        "typed_status": typed,
        "due": pd.Timestamp(due),
        "payment_date": pd.Timestamp(paid_on) if paid_on else pd.NaT,
        "amount": amount,
        "balance": 0.0 if status == "paid" else amount,
    }


def run(rows, as_of, profile=Profile.FR, settings=None, log=None):
    items = pd.DataFrame(rows)
    items["row"] = range(2, len(items) + 2)
    return compute(items, CLIENTS, settings or Settings(), as_of, profile, bundled_rates(), log)


def log_of(*entries: tuple[dt.date, str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": range(2, len(entries) + 2),
            "date": pd.to_datetime([e[0] for e in entries]),
            "client_key": [e[1] for e in entries],
            "level": [e[2] for e in entries],
            "channel": "email",
            "message_id": "",
        }
    )


# --- UK: one rate for the whole delay ---------------------------------------------------------


def test_uk_rate_fixed_across_a_base_rate_change():
    # due 15/06/2025: interest starts 16/06/2025, so the reference date is 31/12/2024 (BoE 4.75):
    # 12.75 % for all 92 days to 15/09/2025, though the BoE rate of 30/06/2025 is 4.25.
    # 5 000 × 12.75 % × 92 / 365 = 58 650 / 365 = 160.684... -> 160.68; compensation £70.
    pen = run([item(D(2025, 6, 15), 5000.0, "paid", D(2025, 9, 15))], D(2025, 12, 31), Profile.UK)
    got = pen.frame.iloc[0]
    assert got["days"] == 92
    assert pen.days.tolist() == [[15, 77]]
    assert pen.rates.tolist() == [[12.75, 12.75]]
    assert got["interest"] == pytest.approx(160.68)
    assert got["indemnity"] == 70.0
    assert got["total"] == pytest.approx(230.68)


def test_uk_reference_date_is_the_last_30_june_or_31_december_before_interest_starts():
    # due 29/06/2025: interest starts 30/06 -> reference 31/12/2024 (4.75 + 8 = 12.75)
    # due 30/06/2025: interest starts 01/07 -> reference 30/06/2025 (4.25 + 8 = 12.25)
    rows = [item(D(2025, 6, 29), 1000.0), item(D(2025, 6, 30), 1000.0)]
    pen = run(rows, D(2025, 7, 10), Profile.UK)
    assert pen.rates[:, -1].tolist() == [12.75, 12.25]
    # 1 000 × 12.75 % × 11 / 365 = 3.842 -> 3.84; 1 000 × 12.25 % × 10 / 365 = 3.356 -> 3.36
    assert pen.frame["interest"].tolist() == [3.84, 3.36]


def test_uk_before_2020_uses_that_years_base_rate():
    # due 15/08/2016, interest from 16/08/2016: the rate of 30/06/2016 (0.50, the cut to 0.25
    # came on 04/08/2016) + 8 = 8.50 %. Paid 15/02/2017: 184 days (16 + 30 + 31 + 30 + 31 + 31
    # + 15). 1 000 × 8.5 % × 184 / 365 = 15 640 / 365 = 42.849 -> 42.85; £70 (1 000 is not < 1 000)
    pen = run([item(D(2016, 8, 15), 1000.0, "paid", D(2017, 2, 15))], D(2017, 6, 30), Profile.UK)
    got = pen.frame.iloc[0]
    assert got["days"] == 184
    assert set(pen.rates[0].tolist()) == {8.5}
    assert got["interest"] == pytest.approx(42.85)
    assert got["indemnity"] == 70.0


# --- disputes ------------------------------------------------------------------------------


def test_disputed_invoice_paid_late_gets_no_penalty():
    rows = [
        # typed "Litige", paid since: rules.aging gives status paid, typed_status keeps disputed
        item(D(2025, 5, 15), status="paid", paid_on=D(2025, 8, 20), typed="disputed"),
        item(D(2025, 5, 15), status="disputed", typed="disputed"),
    ]
    assert run(rows, D(2025, 12, 31)).frame.empty
    assert run(rows, D(2025, 12, 31), Profile.UK).frame.empty


FR = {"Paramètres": [["Paramètre", "Valeur"], ["Pays", "France"]]}  # French law


def test_disputed_paid_late_in_a_workbook_has_no_penalties_row(tmp_path):
    tx = [
        [D(2025, 4, 15), 1, "F-1", 1000, "Payé", "", D(2025, 5, 15), D(2025, 8, 20)],
        [D(2025, 4, 15), 1, "F-2", 1000, "Litige", "", D(2025, 5, 15), D(2025, 8, 20)],
    ]
    path = make_workbook(tmp_path / "b.xlsx", transactions=tx, tx_header=None, extra_sheets=FR)
    arxl.refresh_workbook(path, as_of=D(2025, 12, 31))
    rows = sheet_values(path, "Pénalités")
    assert [r[0] for r in rows[1:] if r[0]] == ["F-1", "Total"]  # the total row last


# --- consumers: legal rate from the formal notice, no indemnity ------------------------------


def test_consumer_interest_runs_from_the_first_formal_notice():
    # 12 000 € due 15/05/2025, still owed on 20/08/2025. Log: a courteous reminder 20/05, the
    # first formal notice (level 3) 10/06, a second one 01/07. Interest after 10/06 to 20/08:
    # 20 days in 2025-S1 at 7.21 % (consumer legal rate) + 51 days in 2025-S2 at 6.29 %:
    # 12 000 × (20 × 7.21 + 51 × 6.29) / 100 / 365 = 12 000 × 464.99 / 36 500 = 152.873 -> 152.87
    log = log_of((D(2025, 5, 20), "2", 1), (D(2025, 6, 10), "2", 3), (D(2025, 7, 1), "2", 3))
    pen = run([item(D(2025, 5, 15), key="2")], D(2025, 8, 20), log=log)
    got = pen.frame.iloc[0]
    assert got["start"] == pd.Timestamp(2025, 6, 10)
    assert got["days"] == 71
    assert pen.days.tolist() == [[20, 51]]
    assert pen.rates.tolist() == [[7.21, 6.29]]
    assert got["interest"] == pytest.approx(152.87)
    assert got["indemnity"] == 0.0
    assert got["total"] == pytest.approx(152.87)


def test_consumer_without_a_formal_notice_owes_nothing():
    due = D(2025, 5, 15)
    reminders_only = log_of((D(2025, 5, 20), "2", 1), (D(2025, 6, 5), "2", 2))
    other_client = log_of((D(2025, 6, 10), "1", 3))
    before_due = log_of((D(2025, 5, 1), "2", 3))  # sent before this invoice was late
    after_as_of = log_of((D(2025, 9, 1), "2", 3))
    for log in (None, reminders_only, other_client, before_due, after_as_of):
        assert run([item(due, key="2")], D(2025, 8, 20), log=log).frame.empty
    # paid before the notice: nothing either
    paid = item(due, status="paid", paid_on=D(2025, 6, 1), key="2")
    assert run([paid], D(2025, 8, 20), log=log_of((D(2025, 6, 10), "2", 3))).frame.empty


def test_uk_consumer_interest_runs_from_the_letter_before_action_at_the_judgment_rate():
    """The 1998 Act is for commercial debts: a UK consumer owes nothing before the letter
    before action (the first formal notice logged), then 8 % a year, and no compensation.
    1 000 £ due 15/05/2025; notice 10/06; as of 20/08: 71 days, 1 000 × 8 % × 71 / 365 =
    15.561 -> 15.56."""
    due = D(2025, 5, 15)
    assert run([item(due, 1000.0, key="2")], D(2025, 8, 20), Profile.UK).frame.empty
    log = log_of((D(2025, 5, 20), "2", 1), (D(2025, 6, 10), "2", 3))
    pen = run([item(due, 1000.0, key="2")], D(2025, 8, 20), Profile.UK, log=log)
    got = pen.frame.iloc[0]
    assert got["start"] == pd.Timestamp(2025, 6, 10)
    assert got["interest"] == pytest.approx(15.56)
    assert got["indemnity"] == 0.0


def test_business_client_ignores_the_log():
    # the DOMAIN.md worked example, with a formal notice in the log: still from the due date
    log = log_of((D(2025, 7, 1), "1", 3))
    rows = [item(D(2025, 5, 15), status="paid", paid_on=D(2025, 8, 20))]
    got = run(rows, D(2025, 12, 31), log=log).frame.iloc[0]
    assert got["days"] == 97 and got["interest"] == pytest.approx(402.59)
    assert got["indemnity"] == 40.0


# --- rates back to 2012 ----------------------------------------------------------------------


def test_invoice_due_in_2013():
    # 12 000 € due 15/05/2013, paid 20/08/2013: 46 days in 2013-S1 at 0.75 + 10 = 10.75 %
    # (ECB rate of 11/07/2012, in force on 01/01/2013) and 51 days in 2013-S2 at 0.50 + 10 =
    # 10.50 % (ECB rate from 08/05/2013): 12 000 × (46 × 10.75 + 51 × 10.50) / 36 500
    # = 12 000 × 1 030 / 36 500 = 338.630 -> 338.63, plus 40 €
    pen = run([item(D(2013, 5, 15), status="paid", paid_on=D(2013, 8, 20))], D(2013, 12, 31))
    got = pen.frame.iloc[0]
    assert pen.days.tolist() == [[46, 51]]
    assert pen.rates.tolist() == [[10.75, 10.5]]
    assert got["interest"] == pytest.approx(338.63)
    assert got["total"] == pytest.approx(378.63)
    assert pen.missing == []


def test_2012_second_half_uses_the_rate_in_force_on_1_july():
    # the ECB cut to 0.75 took effect 11/07/2012: 1 July 2012 still had 1.00, so 11 %.
    # 1 000 × 11 % × 15 / 365 = 165 / 36.5 = 4.520 -> 4.52
    pen = run([item(D(2012, 7, 5), 1000.0, "paid", D(2012, 7, 20))], D(2012, 12, 31))
    assert pen.rates.tolist() == [[11.0]]
    assert pen.frame["interest"].iat[0] == pytest.approx(4.52)


def test_floor_uses_the_professional_legal_rate_before_2015():
    # 2013: one legal rate, 0.04 %: the floor is 0.12 %, a 1 % contractual rate is lawful.
    # 1 000 × 1 % × 30 / 365 = 0.821 -> 0.82
    pen = run([item(D(2013, 3, 1), 1000.0)], D(2013, 3, 31), settings=Settings(contractual_rate=1))
    assert pen.refused_periods == [] and pen.rates.tolist() == [[1.0]]
    assert pen.frame["interest"].iat[0] == pytest.approx(0.82)


def test_the_shipped_table_covers_every_half_year_from_2012():
    table = bundled_rates()
    for kind in ("ecb", "legal", "legal_consumer", "boe"):
        years = sorted(getattr(table, kind))
        assert years == list(range(2012 * 2, 2026 * 2 + 1)), kind
    # a few figures checked by hand against their sources
    assert table.ecb[2012 * 2 + 1] == 1.00 and table.ecb[2014 * 2 + 1] == 0.15
    assert table.legal[2012 * 2] == table.legal_consumer[2012 * 2 + 1] == 0.71
    assert (table.legal[2015 * 2], table.legal_consumer[2015 * 2]) == (0.93, 4.06)
    assert (table.legal[2024 * 2 + 1], table.legal_consumer[2024 * 2 + 1]) == (4.92, 8.16)
    assert table.boe[2016 * 2 + 1] == 0.50 and table.boe[2017 * 2] == 0.25


# --- outside the table: an anomaly, never an invented rate -----------------------------------


def test_half_year_outside_the_table_gives_no_interest_for_its_days_and_an_anomaly():
    # due 01/12/2011 (2011-S2 is not in the table), paid 31/01/2012: the 30 days of 2011-S2
    # earn nothing, the 31 of 2012-S1 earn 1.00 + 10 %: 1 000 × 11 × 31 / 36 500 = 9.342 -> 9.34
    rows = [item(D(2011, 12, 1), 1000.0, "paid", D(2012, 1, 31))]
    pen = run(rows, D(2012, 6, 30))
    got = pen.frame.iloc[0]
    assert got["interest"] == pytest.approx(9.34) and bool(got["rate_missing"])
    assert got["indemnity"] == 40.0  # the indemnity needs no rate
    assert pen.missing == [MissingRate(2011 * 2 + 1, RateKind.ECB, 1)]
    (issue,) = rate_issues(pen, "Paramètres")
    assert issue.sheet == "Paramètres" and issue.value == "2011-S2"
    assert "2011-S2" in issue.message_fr and "Taux de référence par semestre" in issue.message_fr
    assert "2011-S2" in issue.message_en and "Reference rate by half-year" in issue.message_en
    assert "du 01/07/2011 au 31/12/2011" in issue.message_fr  # left out, the rest counted
    # given in Paramètres: 30 days at 1.25 + 10 and 31 days at 1.00 + 10 (2012-S1)
    # 1 000 × (30 × 11.25 + 31 × 11.00) / 36 500 = 678.5 / 36.5 = 18.589 -> 18.59
    given = Settings(reference_rates=(("2011-S2", 1.25),))
    pen = run(rows, D(2012, 6, 30), settings=given)
    assert pen.frame["interest"].iat[0] == pytest.approx(18.59) and pen.missing == []


def test_future_half_years_are_missing_for_every_profile():
    after = D(2026, 8, 31)
    fr = run([item(D(2026, 6, 15), 1000.0)], after)
    assert fr.missing == [MissingRate(2026 * 2 + 1, RateKind.ECB, 1)]
    # the 15 days of 2026-S1 only: 1 000 × 12.15 × 15 / 36 500 = 4.993 -> 4.99
    assert fr.frame["interest"].iat[0] == pytest.approx(4.99)
    uk = run([item(D(2026, 7, 10), 1000.0)], after, Profile.UK)
    assert uk.missing == [MissingRate(2026 * 2 + 1, RateKind.BOE, 1)]
    assert uk.frame["interest"].iat[0] == 0.0
    # a UK invoice whose interest started in 2026-S1 keeps its known rate after 30 June
    # 20 + 31 + 31 = 82 days at 3.75 + 8 = 11.75 %: 1 000 × 11.75 × 82 / 36 500 = 26.397 -> 26.40
    uk_known = run([item(D(2026, 6, 10), 1000.0)], after, Profile.UK)
    assert uk_known.missing == [] and uk_known.frame["interest"].iat[0] == pytest.approx(26.40)
    log = log_of((D(2026, 6, 20), "2", 3))
    consumer = run([item(D(2026, 6, 15), 1000.0, key="2")], after, log=log)
    assert consumer.missing == [MissingRate(2026 * 2 + 1, RateKind.LEGAL_CONSUMER, 1)]
    (issue,) = rate_issues(consumer, "Paramètres")
    assert "particuliers" in issue.message_fr and "consumers" in issue.message_en


def test_contractual_rate_without_a_legal_rate_to_check_applies_with_an_anomaly():
    # 2026-S2 has no legal rate: 12 % is applied, the floor could not be checked.
    # 1 000 × 12 % × (15 + 62) / 365 = 924 / 36.5 = 25.315 -> 25.32
    pen = run(
        [item(D(2026, 6, 15), 1000.0)], D(2026, 8, 31), settings=Settings(contractual_rate=12)
    )
    assert pen.rates.tolist() == [[12.0, 12.0]]
    assert pen.frame["interest"].iat[0] == pytest.approx(25.32)
    assert pen.missing == [MissingRate(2026 * 2 + 1, RateKind.LEGAL, 1, floor_only=True)]
    (issue,) = rate_issues(pen, "Paramètres")
    assert "3 fois" in issue.message_fr and "3 times" in issue.message_en


def test_anomalies_sheet_names_the_missing_half_year(tmp_path):
    tx = [[D(2011, 11, 1), 1, "F-1", 1000, "Payé", "", D(2011, 12, 1), D(2012, 1, 31)]]
    path = make_workbook(tmp_path / "b.xlsx", transactions=tx, extra_sheets=FR)
    arxl.refresh_workbook(path, as_of=D(2012, 6, 30))
    anomalies = [" ".join(map(str, r)) for r in sheet_values(path, "Anomalies")]
    assert any("2011-S2" in r and "Taux de référence par semestre" in r for r in anomalies)
    (row,) = [r for r in sheet_values(path, "Pénalités")[1:] if r[0] not in ("", "Total")]
    header = sheet_values(path, "Pénalités")[0]
    got = dict(zip(header, row, strict=True))
    # 2012-S1's 31 days counted, 2011-S2's left out (as above)
    assert got["Intérêts"] == pytest.approx(9.34) and got["Indemnité forfaitaire"] == 40


# --- the table against the dates the rates changed (an independent transcription) ------------

# (day the rate took effect, rate %): ECB main refinancing operations; Bank of England Bank Rate
ECB_CHANGES = [
    (D(2011, 12, 14), 1.00),
    (D(2012, 7, 11), 0.75),
    (D(2013, 5, 8), 0.50),
    (D(2013, 11, 13), 0.25),
    (D(2014, 6, 11), 0.15),
    (D(2014, 9, 10), 0.05),
    (D(2016, 3, 16), 0.00),
    (D(2022, 7, 27), 0.50),
    (D(2022, 9, 14), 1.25),
    (D(2022, 11, 2), 2.00),
    (D(2022, 12, 21), 2.50),
    (D(2023, 2, 8), 3.00),
    (D(2023, 3, 22), 3.50),
    (D(2023, 5, 10), 3.75),
    (D(2023, 6, 21), 4.00),
    (D(2023, 8, 2), 4.25),
    (D(2023, 9, 20), 4.50),
    (D(2024, 6, 12), 4.25),
    (D(2024, 9, 18), 3.65),
    (D(2024, 10, 23), 3.40),
    (D(2024, 12, 18), 3.15),
    (D(2025, 2, 5), 2.90),
    (D(2025, 3, 12), 2.65),
    (D(2025, 4, 23), 2.40),
    (D(2025, 6, 11), 2.15),
]
BOE_CHANGES = [
    (D(2009, 3, 5), 0.50),
    (D(2016, 8, 4), 0.25),
    (D(2017, 11, 2), 0.50),
    (D(2018, 8, 2), 0.75),
    (D(2020, 3, 11), 0.25),
    (D(2020, 3, 19), 0.10),
    (D(2021, 12, 16), 0.25),
    (D(2022, 2, 3), 0.50),
    (D(2022, 3, 17), 0.75),
    (D(2022, 5, 5), 1.00),
    (D(2022, 6, 16), 1.25),
    (D(2022, 8, 4), 1.75),
    (D(2022, 9, 22), 2.25),
    (D(2022, 11, 3), 3.00),
    (D(2022, 12, 15), 3.50),
    (D(2023, 2, 2), 4.00),
    (D(2023, 3, 23), 4.25),
    (D(2023, 5, 11), 4.50),
    (D(2023, 6, 22), 5.00),
    (D(2023, 8, 3), 5.25),
    (D(2024, 8, 1), 5.00),
    (D(2024, 11, 7), 4.75),
    (D(2025, 2, 6), 4.50),
    (D(2025, 5, 8), 4.25),
    (D(2025, 8, 7), 4.00),
    (D(2025, 12, 18), 3.75),
]


def in_force(changes, day: dt.date) -> float:
    return [rate for since, rate in changes if since <= day][-1]


def test_table_matches_the_rates_in_force_on_each_reference_date():
    table = bundled_rates()
    for year in range(2012, 2027):
        for half, first in ((0, D(year, 1, 1)), (1, D(year, 7, 1))):
            p = year * 2 + half
            if p > 2026 * 2:
                continue
            assert table.ecb[p] == in_force(ECB_CHANGES, first), (year, half)
            # BoE: the rate on 31 December / 30 June, the day before the half-year starts
            assert table.boe[p] == in_force(BOE_CHANGES, first - dt.timedelta(days=1)), p


@settings(max_examples=80, deadline=None)
@given(
    due=st.dates(D(2012, 1, 1), D(2025, 12, 30)),
    late=st.integers(1, 900),
    amount=st.floats(1, 1_000_000).map(lambda x: round(x, 2)),
)
def test_uk_interest_matches_a_fixed_rate_reference(due, late, amount):
    # the reference date: walk back from the day interest starts to a 30 June or 31 December
    day = due
    while (day.month, day.day) not in ((6, 30), (12, 31)):
        day -= dt.timedelta(days=1)
    rate = in_force(BOE_CHANGES, day) + 8
    end = due + dt.timedelta(days=late)
    pen = run([item(due, amount, "paid", end)], end, Profile.UK)
    assert pen.frame["interest"].iat[0] == pytest.approx(
        round(amount * rate / 100 * late / 365, 2), abs=0.011
    )


@settings(max_examples=80, deadline=None)
@given(
    due=st.dates(D(2012, 1, 1), D(2026, 5, 1)),
    late=st.integers(1, 700),
    amount=st.floats(1, 1_000_000).map(lambda x: round(x, 2)),
)
def test_french_interest_day_by_day_since_2012(due, late, amount):
    end = min(due + dt.timedelta(days=late), D(2026, 6, 30))
    if end <= due:
        return
    total, day = 0.0, due + dt.timedelta(days=1)
    while day <= end:
        first = D(day.year, 1 if day.month <= 6 else 7, 1)
        total += amount * (in_force(ECB_CHANGES, first) + 10) / 100 / 365
        day += dt.timedelta(days=1)
    pen = run([item(due, amount, "paid", end)], end)
    assert pen.frame["interest"].iat[0] == pytest.approx(round(total, 2), abs=0.011)
    assert pen.missing == []


def test_no_country_no_statutory_penalties(tmp_path):
    # the language of the headers chooses no law: without a country, no penalties, and the
    # Pénalités sheet says how to choose one
    tx = [[D(2025, 4, 15), 1, "F-1", 1000, "Payé", "", D(2025, 5, 15), D(2025, 8, 20)]]
    path = make_workbook(tmp_path / "b.xlsx", transactions=tx)
    arxl.refresh_workbook(path, as_of=D(2025, 12, 31))
    rows = sheet_values(path, "Pénalités")
    assert [r[0] for r in rows[1:] if r[0]] == []
    assert any("Pays" in str(c) and "FR ou UK" in str(c) for r in rows for c in r)


@pytest.mark.parametrize(
    ("country", "profile"), [("FR", Profile.FR), ("Royaume-Uni", Profile.UK), ("US", Profile.NONE)]
)
def test_profile_from_the_country(country, profile):
    assert profile_for(Settings(country=country)) is profile
    assert profile_for(Settings(country=country, penalty_profile="fr")) is Profile.FR
    assert profile_for(Settings()) is Profile.NONE
