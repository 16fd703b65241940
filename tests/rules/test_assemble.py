"""The frames of a cash application (rules.allocation._assemble, built with arrays: it runs at
every month end) are those pandas made from the same lines and records, column by column,
dtypes and indexes included, empty ones too: the previous implementation is kept here as the
reference."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from arxl.rules import allocation
from arxl.rules.aging import derive
from arxl.settings import Settings
from tests.rules.test_allocation import clients, invoices, payments

Allocation = allocation.Allocation


def pandas_assemble(
    pay: pd.DataFrame,
    items: pd.DataFrame,
    lines: list[tuple[int, int, int, str]],
    records: list[dict[str, object]],
) -> Allocation:
    pcols = [
        "pay",
        "sheet",
        "row",
        "date",
        "client_key",
        "client_id",
        "kind",
        "amount",
        "label",
        "named",
        "applied",
        "unapplied",
        "used_up",
        "to_identify",
        "early",
        "others",
    ]
    payments = pd.DataFrame(records, columns=pcols)
    for col in ("amount", "applied", "unapplied", "used_up"):
        payments[col] = payments[col].astype(float)
    payments["row"] = payments["row"].astype(np.int64)
    payments["date"] = pd.to_datetime(payments["date"]).astype("datetime64[ns]")
    by_pay = payments.set_index("pay")
    k = np.array([ln[0] for ln in lines], dtype=np.int64)
    pos = np.array([ln[1] for ln in lines], dtype=np.int64)
    line_frame = pd.DataFrame(
        {
            "pay": k,
            "sheet": by_pay["sheet"].reindex(k).to_numpy(dtype=object),
            "pay_row": by_pay["row"].reindex(k).to_numpy(dtype=np.int64),
            "pay_date": by_pay["date"].reindex(k).to_numpy(dtype="datetime64[ns]"),
            "kind": by_pay["kind"].reindex(k).to_numpy(dtype=object),
            "client_key": by_pay["client_key"].reindex(k).to_numpy(dtype=object),
            "invoice": items["invoice"].to_numpy(dtype=object)[pos],
            "invoice_row": items["row"].to_numpy()[pos].astype(np.int64),
            "invoice_date": items["date"].to_numpy()[pos],
            "amount": np.array([ln[2] for ln in lines], dtype=np.int64) / 100,
            "how": np.array([ln[3] for ln in lines], dtype=object),
        }
    )
    if len(line_frame):
        grouped = line_frame.groupby("invoice_row", sort=False)
        instead = line_frame["amount"].where(line_frame["how"] == "reference_paid", 0.0)
        by_invoice = pd.DataFrame(
            {
                "applied": grouped["amount"].sum().round(2),
                "last_date": grouped["pay_date"].max(),
                "instead": instead.groupby(line_frame["invoice_row"], sort=False).sum().round(2),
            }
        )
    else:
        by_invoice = pd.DataFrame(
            {
                "applied": pd.Series(dtype=float),
                "last_date": pd.Series(dtype="datetime64[ns]"),
                "instead": pd.Series(dtype=float),
            }
        )
    credit = payments[(payments["to_identify"] == "") & (payments["unapplied"] > 0)]
    unapplied = (
        credit.groupby("client_key", sort=True)
        .agg(client_id=("client_id", "first"), amount=("unapplied", "sum"))
        .reset_index()
    )
    unapplied["amount"] = unapplied["amount"].round(2)
    return Allocation(line_frame, payments, by_invoice, unapplied)


NUMBERS = ["F14", "F15", "INV-0100", "Facture #001", "", "F16", "AV-7"]
TEXTS = ["Règlement F14/F15", "Virement inv 100", "VIR", "", "Facture 001", "F16"]


@pytest.mark.parametrize("seed", range(40))
def test_the_frames_pandas_made(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    tx = invoices(
        *[
            (
                rng.choice("ABC"),
                rng.choice(NUMBERS),
                start + dt.timedelta(days=rng.randrange(400)),
                rng.choice([-300, 120, 450, 1000, 2500.55]),
                rng.choice(["pending", "paid", "disputed", "written_off"]),
            )
            for _ in range(rng.randint(1, 25))
        ]
    )
    pay = payments(
        *[
            (
                rng.choice(["A", "B", "C", "", "Z"]),
                start + dt.timedelta(days=rng.randrange(400)),
                rng.choice([0, 50, 120.35, 700, 1500, 4000]),
                rng.choice(TEXTS),
                rng.choice(["payment", "credit"]),
            )
            for _ in range(rng.randint(1, 12))
        ]
    )
    for day in (dt.date(2025, 1, 10), dt.date(2025, 8, 1), dt.date(2026, 2, 1)):
        items = derive(tx, clients("A", "B", "C"), Settings(), day)
        fast = allocation.allocate(items, pay, {"A", "B", "C"}, day)
        with monkeypatch.context() as m:
            m.setattr(allocation, "_assemble", pandas_assemble)
            slow = allocation.allocate(items, pay, {"A", "B", "C"}, day)
        for name in ("lines", "payments", "by_invoice", "unapplied"):
            assert_frame_equal(getattr(fast, name), getattr(slow, name), check_exact=True)
