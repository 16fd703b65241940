"""The aging as plain records, for CSV, JSON and terminal tables (`arxl aging`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arxl.rules.aging import NO_LEVEL
from arxl.settings import Settings
from arxl.vocab import bucket_codes

INVOICE_FIELDS = (
    "invoice",
    "client_id",
    "client_name",
    "date",
    "due_date",
    "amount",
    "paid",
    "balance",
    "status",
    "days_overdue",
    "bucket",
    "reminder_level",
)


def _iso(values: pd.Series | np.ndarray) -> list[str]:
    text = np.datetime_as_string(np.asarray(values, dtype="datetime64[D]"), unit="D")
    return np.where(text == "NaT", "", text).tolist()


def _money(x: float) -> float:
    return round(float(x), 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def _moneys(values: pd.Series | np.ndarray) -> list[float]:
    return (np.round(np.asarray(values, dtype=float), 2) + 0.0).tolist()


def by_invoice(items: pd.DataFrame) -> tuple[list[str], list[tuple[object, ...]]]:
    """Rows of `aging --by invoice`; a blank reminder level is ""."""
    level = items["reminder_level"].to_numpy()
    columns = [
        items["invoice"].tolist(),
        items["client_id"].tolist(),
        items["client_name"].tolist(),
        _iso(items["date"]),
        _iso(items["due"]),
        _moneys(items["amount"]),
        _moneys(items["paid"]),
        _moneys(items["balance"]),
        items["status"].tolist(),
        items["days_overdue"].astype(int).tolist(),
        items["bucket"].tolist(),
        ["" if x == NO_LEVEL else x for x in level.tolist()],
    ]
    return list(INVOICE_FIELDS), list(zip(*columns, strict=True))


def by_client(table: pd.DataFrame, settings: Settings) -> tuple[list[str], list[list[object]]]:
    codes = list(bucket_codes(settings.bucket_bounds))
    header = ["client_id", "client_name", *codes, "total"]
    rows = [
        [cid, name, *(_money(table[c].iat[i]) for c in codes), _money(table["total"].iat[i])]
        for i, (cid, name) in enumerate(zip(table["client_id"], table["client_name"], strict=True))
    ]
    return header, rows
