"""Who to remind as of a date: how many clients have an item due a reminder (the dashboard's key
figure; the list itself is the escalation plan's, rules.escalation)."""

from __future__ import annotations

import pandas as pd

from arxl.rules.aging import NO_LEVEL


def clients_to_remind(items: pd.DataFrame) -> int:
    """How many clients have an item due a reminder (levels 1-4 when overdue, 0 when falling
    due soon), each client once: the key figure (tests hold it to the reference list,
    tests/rules/reminder_reference.py)."""
    due = items["reminder_level"].to_numpy() != NO_LEVEL
    return int(items["client_key"][due].nunique())
