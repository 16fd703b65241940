"""The escalation state machine, on frames built inline."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from arxl.readers.reminder_log import empty_log
from arxl.rules.escalation import plan
from arxl.settings import Settings

AS_OF = dt.date(2026, 3, 31)


def items(*rows: tuple[str, int, str, int]) -> pd.DataFrame:
    """(client, level, status, days overdue) per invoice."""
    return pd.DataFrame(
        {
            "row": range(2, len(rows) + 2),
            "client_key": [r[0] for r in rows],
            "reminder_level": [r[1] for r in rows],
            "status": [r[2] for r in rows],
            "days_overdue": [r[3] for r in rows],
            "balance": [100.0] * len(rows),
        }
    )


CLIENTS = pd.DataFrame(
    {
        "client_key": ["a", "b"],
        "client_id": ["a", "b"],
        "name": ["A", "B"],
        "email": ["a@x", "b@x"],
        "lang": ["", ""],
        "no_reminder": [False, False],
    }
)


def log(*rows: tuple[str, dt.date, int]) -> pd.DataFrame:
    if not rows:
        return empty_log()
    return pd.DataFrame(
        {
            "row": range(2, len(rows) + 2),
            "date": pd.to_datetime([r[1] for r in rows]),
            "client_key": [r[0] for r in rows],
            "level": [r[2] for r in rows],
            "channel": "",
            "message_id": "",
        }
    )


def one(frame: pd.DataFrame, key: str = "a") -> pd.Series:
    return frame.set_index("client_key").loc[key]


@pytest.mark.parametrize(
    ("last_level", "target", "expected"),
    [(-1, 4, 1), (0, 4, 1), (1, 4, 2), (2, 4, 3), (3, 4, 4), (4, 4, 4), (3, 2, 2), (-1, 0, 0)],
)
def test_one_level_at_a_time(last_level, target, expected):
    history = log(("a", dt.date(2026, 3, 1), last_level)) if last_level >= 0 else log()
    status = "overdue" if target else "pending"
    got = one(plan(items(("a", target, status, 20)), CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["skip"]) == (expected, "")


def test_minimum_interval_and_same_day():
    frame = items(("a", 2, "overdue", 20), ("b", 2, "overdue", 20))
    history = log(("a", dt.date(2026, 3, 25), 1), ("b", AS_OF, 1))
    got = plan(frame, CLIENTS, history, Settings(), AS_OF)
    assert one(got, "a")["skip"] == "too_soon"
    assert one(got, "a")["next_date"] == pd.Timestamp(2026, 4, 1)
    assert one(got, "b")["skip"] == "sent_today"
    # the interval is a setting; a log entry after the as-of date does not count
    got = plan(frame, CLIENTS, history, Settings(reminder_interval=6), dt.date(2026, 3, 31))
    assert one(got, "a")["skip"] == ""


def test_future_log_rows_are_ignored():
    history = log(("a", dt.date(2026, 4, 15), 3))
    got = one(plan(items(("a", 4, "overdue", 60)), CLIENTS, history, Settings(), AS_OF))
    assert (got["level"], got["skip"]) == (1, "")


def test_disputed_and_no_reminder_are_skipped_with_reasons():
    clients = CLIENTS.assign(no_reminder=[True, False])
    frame = items(("a", 3, "overdue", 40), ("b", -1, "disputed", 40))
    got = plan(frame, clients, log(), Settings(), AS_OF)
    assert one(got, "a")["skip"] == "no_reminder"
    assert one(got, "b")["skip"] == "disputed"


def test_lists_every_overdue_invoice_not_the_disputed_ones():
    frame = items(
        ("a", 3, "overdue", 40),
        ("a", -1, "overdue", 1),
        ("a", -1, "disputed", 50),
        ("a", 0, "pending", 0),
    )
    got = one(plan(frame, CLIENTS, log(), Settings(reminder_thresholds=(2, 15, 30, 45)), AS_OF))
    assert got["rows"] == [2, 3] and got["disputed"] == 1
