"""Who to remind as of a date: how many clients have an item due a reminder (the dashboard's key
figure; the list itself is the escalation plan's, rules.escalation)."""

from __future__ import annotations

import pandas as pd

from arxl.rules.aging import NO_LEVEL


def clients_to_remind(items: pd.DataFrame, clients: pd.DataFrame | None = None) -> int:
    """How many clients have an item due a reminder (levels 1-4 when overdue, 0 when falling
    due soon), each client once, less the clients on hold ("Pas de relance" in `clients`): the
    key figure (tests hold it to the reference list, tests/rules/reminder_reference.py)."""
    due = items["reminder_level"].to_numpy() != NO_LEVEL
    keys = items["client_key"][due]
    if clients is not None and "no_reminder" in clients:
        held = clients["client_key"][clients["no_reminder"].fillna(False).astype(bool)]
        if len(held):
            keys = keys[~keys.isin(held.tolist())]
    return int(keys.nunique())
