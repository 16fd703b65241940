"""The aging as plain records, for CSV, JSON and terminal tables (`arxl aging`)."""

from __future__ import annotations

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


def _iso(values: pd.Series) -> list[str]:
    return [d.date().isoformat() if not pd.isna(d) else "" for d in values]


def _money(x: float) -> float:
    return round(float(x), 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def by_invoice(items: pd.DataFrame) -> tuple[list[str], list[list[object]]]:
    level = items["reminder_level"].to_numpy()
    columns = [
        items["invoice"].tolist(),
        items["client_id"].tolist(),
        items["client_name"].tolist(),
        _iso(items["date"]),
        _iso(pd.Series(items["due"])),
        [_money(x) for x in items["amount"]],
        [_money(x) for x in items["paid"]],
        [_money(x) for x in items["balance"]],
        items["status"].tolist(),
        [int(x) for x in items["days_overdue"]],
        items["bucket"].tolist(),
        [int(x) if x != NO_LEVEL else None for x in level],
    ]
    return list(INVOICE_FIELDS), [list(r) for r in zip(*columns, strict=True)]


def by_client(table: pd.DataFrame, settings: Settings) -> tuple[list[str], list[list[object]]]:
    codes = list(bucket_codes(settings.bucket_bounds))
    header = ["client_id", "client_name", *codes, "total"]
    rows = [
        [cid, name, *(_money(table[c].iat[i]) for c in codes), _money(table["total"].iat[i])]
        for i, (cid, name) in enumerate(zip(table["client_id"], table["client_name"], strict=True))
    ]
    return header, rows
