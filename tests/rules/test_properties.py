"""Invariants on generated ledgers (Hypothesis)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from arxl.rules.aging import aged_by_client, derive
from arxl.settings import Settings
from arxl.vocab import bucket_codes

TYPED = ["blank", "paid", "pending", "overdue", "partial", "disputed", "written_off"]
START = dt.date(2025, 1, 1)

row = st.fixed_dictionaries(
    {
        "client": st.integers(1, 4),
        "day": st.integers(0, 500),
        "amount": st.decimals(-500, 5000, places=2).map(float),
        "typed": st.sampled_from(TYPED),
        "due_offset": st.one_of(st.none(), st.integers(-10, 120)),
        "paid_share": st.one_of(st.none(), st.floats(0, 1.2)),
        "pay_day": st.one_of(st.none(), st.integers(0, 600)),
    }
)


def build(rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    recs = []
    for i, r in enumerate(rows):
        date = START + dt.timedelta(days=r["day"])
        recs.append(
            {
                "row": i + 2,
                "client_key": str(r["client"]),
                "client_id": str(r["client"]),
                "invoice": f"F{i}",
                "amount": r["amount"],
                "typed_status": r["typed"],
                "status_text": r["typed"],
                "remarks": "",
                "date": date,
                "due_date": None
                if r["due_offset"] is None
                else date + dt.timedelta(r["due_offset"]),
                "payment_date": None
                if r["pay_day"] is None
                else START + dt.timedelta(r["pay_day"]),
                "amount_paid": np.nan
                if r["paid_share"] is None
                else round(r["amount"] * r["paid_share"], 2),
            }
        )
    tx = pd.DataFrame(recs)
    for col in ("date", "due_date", "payment_date"):
        tx[col] = pd.to_datetime(tx[col])
    cl = pd.DataFrame(
        [
            {
                "client_key": str(k),
                "client_id": str(k),
                "name": f"C{k}",
                "terms": [np.nan, 30.0, 45.0, 60.0][k - 1],
                "email": "",
                "phone": "",
            }
            for k in range(1, 5)
        ]
    )
    return tx, cl


bounds = st.tuples(st.integers(1, 40), st.integers(1, 40), st.integers(1, 40)).map(
    lambda t: (t[0], t[0] + t[1], t[0] + t[1] + t[2])
)


@settings(max_examples=80, deadline=None)
@given(st.lists(row, min_size=1, max_size=40), st.integers(0, 600), bounds)
def test_buckets_partition_the_open_balance(rows, as_of_day, bb) -> None:
    tx, cl = build(rows)
    s = Settings(bucket_bounds=bb)
    as_of = START + dt.timedelta(days=as_of_day)
    items = derive(tx, cl, s, as_of)
    codes = bucket_codes(bb)
    open_mask = items["status"].isin(["pending", "overdue", "disputed"])
    # every open item in exactly one bucket, closed items in none
    assert set(items.loc[open_mask, "bucket"]) <= set(codes)
    assert (items.loc[~open_mask, "bucket"] == "").all()
    # a bucket's days are within its bounds
    lo = {
        codes[0]: (0, 0),
        codes[1]: (1, bb[0]),
        codes[2]: (bb[0] + 1, bb[1]),
        codes[3]: (bb[1] + 1, bb[2]),
        codes[4]: (bb[2] + 1, 10**6),
    }
    for b, d in zip(
        items.loc[open_mask, "bucket"], items.loc[open_mask, "days_overdue"], strict=True
    ):
        assert lo[b][0] <= d <= lo[b][1]
    # totals per client equal totals per invoice, bucket by bucket
    table = aged_by_client(items, cl, s)
    open_total = items.loc[open_mask, "balance"].sum()
    assert np.isclose(table["total"].sum() if len(table) else 0.0, open_total)
    for code in codes:
        per_invoice = items.loc[items["bucket"] == code, "balance"].sum()
        assert np.isclose(table[code].sum() if len(table) else 0.0, per_invoice)
    assert np.allclose(table[list(codes)].sum(axis=1), table["total"])
    # nothing dated after as_of
    assert (items["date"] <= pd.Timestamp(as_of)).all()
