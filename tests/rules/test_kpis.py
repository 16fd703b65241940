"""Every KPI on small cases computed by hand from the definitions (DOMAIN.md, issue 3)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from arxl.rules import kpis, series
from arxl.rules.aging import aged_by_client, derive
from arxl.rules.periods import month_ends, months_before, parse_month, previous_month_end
from arxl.settings import Settings
from tests.rules.reminder_reference import reminder_list
from tests.rules.test_aging import frames

D = dt.date(2025, 12, 31)
day = dt.date


def items_at(rows: list[dict], as_of: dt.date = D, clients=None) -> pd.DataFrame:
    tx, cl = frames(rows, clients)
    return derive(tx, cl, Settings(), as_of)


def figures(rows: list[dict], as_of: dt.date = D, clients=None) -> kpis.Kpis:
    tx, cl = frames(rows, clients)
    items = derive(tx, cl, Settings(), as_of)
    return kpis.compute(items, len(reminder_list(items, cl)), as_of)


def test_accounting_dso_domain_example_45_days():
    # outstanding 30 000, invoiced 60 000 in (D-90, D] = (02/10/2025, 31/12/2025]
    rows = [
        {"date": day(2025, 11, 15), "amount": 30000.0},
        {"date": day(2025, 10, 3), "amount": 30000.0, "payment_date": day(2025, 11, 1)},
        # dated D-90 exactly: outside the period (start exclusive)
        {"date": day(2025, 10, 2), "amount": 10000.0, "payment_date": day(2025, 10, 20)},
        # dated after D: not in the picture at all
        {"date": day(2026, 1, 5), "amount": 5000.0},
    ]
    k = figures(rows)
    assert k.outstanding == pytest.approx(30000)
    assert k.dso_accounting_90d == pytest.approx(45.0)


def test_accounting_period_includes_d_itself():
    rows = [
        {"date": D, "amount": 900.0},  # dated D: invoiced in the period and open
        {"date": day(2025, 10, 3), "amount": 900.0, "payment_date": day(2025, 10, 4)},
    ]
    assert figures(rows).dso_accounting_90d == pytest.approx(900 / 1800 * 90)


def test_countback_dso_domain_example_55_days():
    # receivables 50 000; December sales 30 000 (31 days) leave 20 000; November 25 000 -> 24 d
    rows = [
        {"date": day(2025, 12, 10), "amount": 30000.0},
        {"date": day(2025, 11, 20), "amount": 25000.0, "amount_paid": 5000.0},
        {"date": day(2025, 10, 15), "amount": 20000.0, "payment_date": day(2025, 11, 30)},
    ]
    k = figures(rows)
    assert k.outstanding == pytest.approx(50000)
    assert k.dso_countback == pytest.approx(55.0)
    # the accounting method over the same data: 50 000 / 75 000 x 90
    assert k.dso_accounting_90d == pytest.approx(60.0)
    # DOMAIN.md's figure: over October-December (92 days) with 75 000 of sales, 61.3 days
    items = items_at(rows)
    assert kpis.dso_accounting(items, D, days=92) == pytest.approx(50000 / 75000 * 92)
    assert round(50000 / 75000 * 92, 1) == 61.3


def test_countback_month_of_d_counts_from_its_first_day():
    d = day(2026, 3, 10)
    rows = [
        {"date": day(2026, 3, 2), "amount": 1000.0},  # March to the 10th: 10 days
        {"date": day(2026, 2, 5), "amount": 2800.0, "amount_paid": 1400.0},  # February: 28 days
        {"date": day(2026, 3, 20), "amount": 99999.0},  # after D: ignored
    ]
    k = figures(rows, d)
    assert k.outstanding == pytest.approx(2400)
    assert k.dso_countback == pytest.approx(10 + 1400 / 2800 * 28)


def test_no_sales_in_the_period():
    # one old open invoice: nothing invoiced in the last 90 days
    rows = [{"date": day(2025, 1, 15), "amount": 1000.0}]
    k = figures(rows, day(2025, 6, 30))
    assert k.dso_accounting_90d is None
    # June (the month of D) has no invoicing: the walk stops there, nothing counted
    assert k.dso_countback is None
    assert (k.dso_countback_stop, k.dso_countback_month) == ("non_positive", "2025-06")


def test_countback_stops_at_a_month_without_invoicing():
    # 3 000 open; June 1 000 (30 d) leaves 2 000; May has nothing: stop, 30 days at least
    rows = [
        {"date": day(2025, 6, 10), "amount": 1000.0},
        {"date": day(2025, 4, 15), "amount": 2000.0},
    ]
    k = figures(rows, day(2025, 6, 30))
    assert k.outstanding == pytest.approx(3000)
    assert k.dso_countback == pytest.approx(30)
    assert (k.dso_countback_stop, k.dso_countback_month) == ("non_positive", "2025-05")


def test_nothing_outstanding_gives_zero_dso():
    rows = [{"date": day(2025, 12, 1), "amount": 500.0, "payment_date": day(2025, 12, 5)}]
    k = figures(rows)
    assert k.outstanding == 0 and k.overdue_share is None
    assert k.dso_accounting_90d == 0.0 and k.dso_countback == 0.0


def test_countback_stops_when_credit_notes_outweigh_a_month():
    # December: 1 000 invoiced, a 600 credit note -> 400 (31 d) for an outstanding of 1 000;
    # November has nothing: the walk stops there, 31 days at least
    rows = [
        {"date": day(2025, 12, 1), "amount": 1000.0},
        {"date": day(2025, 12, 2), "amount": -600.0},
    ]
    k = figures(rows)
    assert k.outstanding == pytest.approx(1000)
    assert k.dso_countback == pytest.approx(31)
    assert (k.dso_countback_stop, k.dso_countback_month) == ("non_positive", "2025-11")
    assert k.dso_accounting_90d == pytest.approx(1000 / 400 * 90)


def test_countback_is_capped_at_24_months():
    # 30 monthly invoices of 100, all open (3 000), from July 2023 to December 2025: the 24
    # months from January 2024 use 2 400; the walk ends there: 366 + 365 days
    rows = [
        {"date": day(2023 + (6 + m) // 12, (6 + m) % 12 + 1, 5), "amount": 100.0} for m in range(30)
    ]
    k = figures(rows)
    assert k.outstanding == pytest.approx(3000)
    assert k.dso_countback == pytest.approx(366 + 365)
    assert (k.dso_countback_stop, k.dso_countback_month) == ("cap", "2024-01")


def test_payment_delays_weighted_by_amount_early_payment_counts_zero():
    rows = [
        # 40 days to pay, 10 days late
        {"date": day(2025, 1, 1), "amount": 1000.0, "due_date": day(2025, 1, 31),
         "payment_date": day(2025, 2, 10)},
        # 20 days to pay, paid 10 days early: 0 days late
        {"date": day(2025, 3, 1), "amount": 3000.0, "due_date": day(2025, 3, 31),
         "payment_date": day(2025, 3, 21)},
        # paid exactly 12 months before D: outside (D - 12 months, D]
        {"date": day(2024, 10, 1), "amount": 50000.0, "payment_date": day(2024, 12, 31)},
        # partly paid: not an invoice paid
        {"date": day(2025, 6, 1), "amount": 800.0, "amount_paid": 100.0,
         "payment_date": day(2025, 6, 5)},
        # paid after D: still open at D
        {"date": day(2025, 12, 1), "amount": 700.0, "payment_date": day(2026, 1, 2)},
        # paid on D itself: inside; invoice date = due = payment date: 0 and 0
        {"date": D, "amount": 1000.0, "due_date": D, "payment_date": D},
    ]  # fmt: skip
    k = figures(rows)
    assert k.avg_days_to_pay == pytest.approx((1000 * 40 + 3000 * 20 + 1000 * 0) / 5000)
    assert k.avg_days_late == pytest.approx((1000 * 10 + 0 + 0) / 5000)


def test_no_payment_dates_gives_none():
    rows = [
        {"date": day(2025, 11, 1), "amount": 1000.0, "typed_status": "paid"},
        {"date": day(2025, 12, 1), "amount": 500.0},
    ]
    k = figures(rows)
    assert k.avg_days_to_pay is None and k.avg_days_late is None
    assert k.to_dict()["avg_days_to_pay"] is None


def test_amounts_by_status_and_counts():
    clients = [
        {"client_key": c, "client_id": c, "name": n, "terms": np.nan, "email": "", "phone": ""}
        for c, n in (("1", "Dupont"), ("2", "Martin"), ("3", "Avoirs SA"))
    ]
    rows = [
        {"client_id": "1", "date": day(2025, 10, 1), "amount": 1000.0},  # overdue 61 d
        {"client_id": "1", "date": day(2025, 12, 20), "amount": 400.0},  # pending
        {"client_id": "2", "date": day(2025, 9, 1), "amount": 600.0, "typed_status": "disputed"},
        {"client_id": "2", "date": day(2025, 11, 1), "amount": 300.0, "amount_paid": 100.0},
        {"client_id": "2", "date": day(2025, 8, 1), "amount": 250.0, "typed_status": "written_off"},
        {"client_id": "3", "date": day(2025, 11, 5), "amount": -150.0},  # only credit notes
    ]
    k = figures(rows, clients=clients)
    assert k.outstanding == pytest.approx(1000 + 400 + 600 + 200)
    assert k.overdue == pytest.approx(1000 + 200)
    assert k.overdue_share == pytest.approx(1200 / 2200)
    assert k.disputed == pytest.approx(600)
    assert k.overdue_invoices == 2
    assert k.clients_to_remind == 2  # Dupont and Martin; Avoirs SA owes nothing


def test_top_debtors_and_client_with_only_credit_notes():
    clients = [
        {"client_key": c, "client_id": c, "name": n, "terms": np.nan, "email": "", "phone": ""}
        for c, n in (("1", "Dupont"), ("2", "Martin"), ("3", "Avoirs SA"))
    ]
    rows = [
        {"client_id": "1", "date": day(2025, 10, 1), "amount": 1000.0},
        {"client_id": "1", "date": day(2025, 12, 20), "amount": 3000.0},
        {"client_id": "2", "date": day(2025, 9, 1), "amount": 600.0, "typed_status": "disputed"},
        {"client_id": "3", "date": day(2025, 11, 5), "amount": -150.0},
    ]
    tx, cl = frames(rows, clients)
    items = derive(tx, cl, Settings(), D)
    top = series.top_debtors(items, aged_by_client(items, cl, Settings()))
    assert top["client_id"].tolist() == ["1", "2"]
    assert top["total"].tolist() == pytest.approx([4000, 600])
    assert top["overdue"].tolist() == pytest.approx([1000, 0])  # disputed is not "overdue"
    assert top["overdue_share"].tolist() == pytest.approx([0.25, 0.0])
    assert kpis.invoiced(items, None, D) == pytest.approx(4450)


def test_monthly_summary_by_invoice_month_and_payment_month():
    d = day(2025, 12, 15)
    rows = [
        {"date": day(2025, 12, 1), "amount": 100.0, "payment_date": day(2025, 12, 10)},
        {"date": day(2025, 11, 3), "amount": 200.0, "payment_date": day(2025, 12, 2)},
        {"date": day(2025, 11, 4), "amount": 300.0, "amount_paid": 50.0,
         "payment_date": day(2025, 11, 30)},
        {"date": day(2025, 1, 31), "amount": 70.0, "typed_status": "written_off"},
        {"date": day(2024, 12, 31), "amount": 999.0, "payment_date": day(2025, 1, 1)},  # too old
        {"date": day(2025, 12, 14), "amount": 40.0, "payment_date": day(2025, 12, 20)},  # after D
    ]  # fmt: skip
    m = series.monthly_summary(items_at(rows, d), d)
    assert len(m) == 12
    assert m["month"].iloc[0] == pd.Timestamp("2025-01-01")
    assert m["month"].iloc[-1] == pd.Timestamp("2025-12-01")
    last, nov, jan = m.iloc[-1], m.iloc[-2], m.iloc[0]
    assert (last.invoiced, last.collected, last.still_open) == pytest.approx((140, 100, 40))
    assert last.collections == pytest.approx(100 + 200)
    assert (nov.invoiced, nov.collected, nov.still_open) == pytest.approx((500, 250, 250))
    assert nov.collections == pytest.approx(50)
    assert (jan.invoiced, jan.written_off, jan.collections) == pytest.approx((70, 70, 999))


def test_bucket_totals():
    rows = [
        {"date": day(2025, 12, 20), "amount": 10.0},
        {"date": day(2025, 11, 1), "amount": 20.0},  # due 1/12: 30 days -> 1-30
        {"date": day(2025, 6, 1), "amount": 40.0},
    ]
    tx, cl = frames(rows)
    items = derive(tx, cl, Settings(), D)
    totals = series.bucket_totals(aged_by_client(items, cl, Settings()), Settings())
    assert totals.tolist() == pytest.approx([10, 20, 0, 0, 40])


def test_periods():
    assert months_before(day(2024, 3, 31), 1) == day(2024, 2, 29)
    assert months_before(day(2024, 2, 29), 12) == day(2023, 2, 28)
    assert previous_month_end(day(2026, 3, 10)) == day(2026, 2, 28)
    assert month_ends(day(2026, 3, 10), 3) == [day(2026, 1, 31), day(2026, 2, 28), day(2026, 3, 10)]
    assert parse_month("2026-10") == day(2026, 10, 1)
    with pytest.raises(ValueError):
        parse_month("2026-13")
