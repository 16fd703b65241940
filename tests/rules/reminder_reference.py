"""The reminder list as the rules first wrote it (one line per client, at the level of its most
overdue invoice): the reference the dashboard's count (rules.reminders.clients_to_remind) and
the KPIs are held to. arxl's own list is the escalation plan's (rules.escalation)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from arxl.rules.aging import NO_LEVEL


def reminder_list(items: pd.DataFrame, clients: pd.DataFrame) -> pd.DataFrame:
    """Clients with an item due a reminder (levels 1-4 when overdue, 0 when falling due soon).

    A client with overdue items is reminded of those only, at the highest level among them;
    a client with only items falling due soon gets the pre-due courtesy reminder (level 0).
    Columns: client_key, client_id, client_name, level, email, phone, invoices (list of str),
    rows (list of int), amount_due, max_days_overdue. Sorted by level, then amount (largest first).
    """
    cols = [
        "client_key",
        "client_id",
        "client_name",
        "level",
        "email",
        "phone",
        "invoices",
        "rows",
        "amount_due",
        "max_days_overdue",
    ]
    needed = ["client_key", "client_id", "invoice", "row", "reminder_level", "balance"]
    due = items.loc[items["reminder_level"] != NO_LEVEL, [*needed, "days_overdue"]]
    if due.empty:
        return pd.DataFrame(columns=cols)
    top = due.groupby("client_key", sort=False)["reminder_level"].transform("max")
    # a client at level >= 1 is reminded of its overdue items only
    due = due[(due["reminder_level"] >= 1) | (top == 0)]
    rows = due["row"].tolist()
    labels = [s or f"#{r}" for s, r in zip(due["invoice"].tolist(), rows, strict=True)]
    grouped = due.groupby("client_key", sort=False)
    frame = grouped.agg(
        first_id=("client_id", "first"),
        level=("reminder_level", "max"),
        amount_due=("balance", "sum"),
        max_days_overdue=("days_overdue", "max"),
    ).reset_index()
    # the lists per client, in row order, without a Python aggregation per group
    codes, _ = pd.factorize(due["client_key"], sort=False)  # groups in order of appearance
    order = np.argsort(codes, kind="stable")
    bounds = np.cumsum(np.bincount(codes))[:-1]
    frame["invoices"] = [
        x.tolist() for x in np.split(np.array(labels, dtype=object)[order], bounds)
    ]
    frame["rows"] = [x.tolist() for x in np.split(np.array(rows, dtype=np.int64)[order], bounds)]
    info = clients.set_index("client_key")[["client_id", "name", "email", "phone"]]
    frame = frame.join(info, on="client_key")
    frame["client_id"] = frame["client_id"].fillna(frame["first_id"])
    frame = frame.rename(columns={"name": "client_name"})
    for col in ("client_name", "email", "phone"):
        frame[col] = frame[col].fillna("")
    frame["level"] = frame["level"].astype(int)
    frame["max_days_overdue"] = frame["max_days_overdue"].astype(int)
    frame = frame[cols]
    return frame.sort_values(
        ["level", "amount_due", "client_id"], ascending=[False, False, True], kind="mergesort"
    ).reset_index(drop=True)
