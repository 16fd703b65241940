"""Who to remind as of a date: one line per client, at the level of its most overdue invoice."""

from __future__ import annotations

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
    due = items[items["reminder_level"] != NO_LEVEL]
    if due.empty:
        return pd.DataFrame(columns=cols)
    top = due.groupby("client_key", sort=False)["reminder_level"].transform("max")
    # a client at level >= 1 is reminded of its overdue items only
    due = due[(due["reminder_level"] >= 1) | (top == 0)]
    by_key = clients.set_index("client_key")
    out = []
    for key, group in due.groupby("client_key", sort=False):
        out.append(
            {
                "client_key": key,
                "client_id": by_key["client_id"].get(key, group["client_id"].iat[0]),
                "client_name": by_key["name"].get(key, ""),
                "level": int(group["reminder_level"].max()),
                "email": by_key["email"].get(key, ""),
                "phone": by_key["phone"].get(key, ""),
                "invoices": [
                    s or f"#{r}" for s, r in zip(group["invoice"], group["row"], strict=False)
                ],
                "rows": [int(r) for r in group["row"]],
                "amount_due": float(group["balance"].sum()),
                "max_days_overdue": int(group["days_overdue"].max()),
            }
        )
    frame = pd.DataFrame(out, columns=cols)
    return frame.sort_values(
        ["level", "amount_due", "client_id"], ascending=[False, False, True], kind="mergesort"
    ).reset_index(drop=True)
