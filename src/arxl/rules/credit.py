"""Credit control as of a date: exposure and headroom, holds, payer profiles, collections forecast.

Pure functions over the derived items (rules.aging.derive, after cash application).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from arxl.rules.allocation import OPEN, Allocation
from arxl.settings import Settings
from arxl.vocab import Status

DAY = np.timedelta64(1, "D")
TREND_MONTHS = 6

# Hold reasons.
OVER_LIMIT = "limit"
TOO_LATE = "overdue"
TOO_OLD = "age"

GRADES = ("A", "B", "C", "D")


def lateness(items: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The payment history of each invoice that has one: client_key, due, when, days_late,
    weight.

    Paid invoices with a known payment date: days from due date to the last payment (0 when
    paid on time or early), seen `when` that payment came. Open overdue invoices: their days
    overdue to date, seen on the as-of date (the client is late today, however old the
    invoice). The weight is the invoice amount (invoices of zero or negative amount carry no
    weight)."""
    d = np.datetime64(as_of, "ns")
    due = items["due"].to_numpy()
    last = items["last_payment"].to_numpy()
    amount = items["amount"].to_numpy(dtype=float)
    paid = (items["status"] == Status.PAID.value).to_numpy() & ~np.isnat(last) & (last <= d)
    late_open = items["status"].isin(OPEN).to_numpy() & (items["days_overdue"].to_numpy() > 0)
    keep = (paid | late_open) & (amount > 0)
    paid_late = np.maximum((np.where(paid, last, due) - due) // DAY, 0)
    days = np.where(paid, paid_late, items["days_overdue"].to_numpy())
    when = np.where(paid, last, d).astype("datetime64[ns]")
    return pd.DataFrame(
        {
            "client_key": items["client_key"].iloc[np.flatnonzero(keep)].to_numpy(dtype=object),
            "due": due[keep],
            "when": when[keep],
            "days_late": days[keep].astype(float),
            "weight": amount[keep],
        }
    )


def _weighted(history: pd.DataFrame) -> pd.Series:
    """Amount-weighted average days late per client."""
    if history.empty:
        return pd.Series(dtype=float)
    w = history.assign(wd=history["days_late"] * history["weight"])
    sums = w.groupby("client_key")[["wd", "weight"]].sum()
    return sums["wd"] / sums["weight"]


def portfolio_days_late(history: pd.DataFrame) -> float:
    """Amount-weighted average days late over every client's history (0 without history)."""
    total = float(history["weight"].sum())
    if total <= 0:
        return 0.0
    return float((history["days_late"] * history["weight"]).sum() / total)


def grade(avg_days_late: float, bounds: tuple[int, int, int]) -> str:
    """A up to bounds[0] days late on average, B up to bounds[1], C up to bounds[2], else D;
    "" without history."""
    if np.isnan(avg_days_late):
        return ""
    for letter, bound in zip(GRADES, bounds, strict=False):
        if avg_days_late <= bound:
            return letter
    return GRADES[-1]


def client_credit(
    items: pd.DataFrame,
    clients: pd.DataFrame,
    allocation: Allocation | None,
    settings: Settings,
    as_of: dt.date,
) -> pd.DataFrame:
    """One row per client with invoices or an unapplied credit, sorted by exposure (largest
    first): client_key, client_id, client_name, exposure (open balance), credit_limit,
    utilisation (exposure / limit), headroom (limit - exposure), unapplied, open_count,
    max_days_overdue, average_age (days since the invoice date, mean over open invoices),
    days_late (amount-weighted over the whole history, see `lateness`), recent_days_late and
    earlier_days_late (the same over the last TREND_MONTHS months and the TREND_MONTHS before),
    trend (recent - earlier), holds (list of reasons), grade and trend_word (see `assess`)."""
    d = np.datetime64(as_of, "ns")
    is_open = items["status"].isin(OPEN).to_numpy()
    open_items = items.loc[is_open, ["client_key", "balance", "days_overdue", "date"]]
    age = (d - open_items["date"].to_numpy()) // DAY
    per_open = (
        open_items.assign(age=age)
        .groupby("client_key")
        .agg(
            exposure=("balance", "sum"),
            open_count=("balance", "size"),
            max_days_overdue=("days_overdue", "max"),
            average_age=("age", "mean"),
        )
    )
    keys = pd.Index(items["client_key"].unique())
    unapplied = pd.Series(dtype=float)
    if allocation is not None and len(allocation.unapplied):
        unapplied = allocation.unapplied.set_index("client_key")["amount"]
        keys = keys.union(unapplied.index, sort=False)
    keys = keys[keys != ""]
    table = per_open.reindex(keys)
    table["exposure"] = table["exposure"].fillna(0.0).round(2)
    table["open_count"] = table["open_count"].fillna(0).astype(int)
    table["max_days_overdue"] = table["max_days_overdue"].fillna(0).astype(int)
    table["unapplied"] = unapplied.reindex(keys).fillna(0.0).to_numpy()
    by_key = clients.set_index("client_key")
    ids, names = by_key["client_id"].to_dict(), by_key["name"].to_dict()
    table["client_id"] = [ids.get(k, k) for k in keys.tolist()]
    table["client_name"] = [names.get(k, "") for k in keys.tolist()]
    limit = by_key["credit_limit"].reindex(keys).to_numpy(dtype=float)
    table["credit_limit"] = limit
    with np.errstate(divide="ignore", invalid="ignore"):
        table["utilisation"] = np.where(limit > 0, table["exposure"] / limit, np.nan)
    table["headroom"] = (limit - table["exposure"]).round(2)

    history = lateness(items, as_of)
    recent_from, earlier_from = window_starts(as_of)
    when = history["when"].to_numpy()
    recent = when > np.datetime64(recent_from, "ns")
    earlier = ~recent & (when > np.datetime64(earlier_from, "ns"))
    table["days_late"] = _weighted(history).reindex(keys).to_numpy()
    table["recent_days_late"] = _weighted(history[recent]).reindex(keys).to_numpy()
    table["earlier_days_late"] = _weighted(history[earlier]).reindex(keys).to_numpy()
    table["trend"] = table["recent_days_late"] - table["earlier_days_late"]
    table["holds"] = hold_reasons(table, settings)
    table["grade"], table["trend_word"] = assess(table, settings)
    table = table.reset_index(names="client_key")
    table = table.sort_values(
        ["exposure", "client_id"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)
    return table


def window_starts(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The trend's windows: recent is (first, as_of], earlier (second, first]."""
    recent = (pd.Timestamp(as_of) - pd.DateOffset(months=TREND_MONTHS)).date()
    earlier = (pd.Timestamp(as_of) - pd.DateOffset(months=2 * TREND_MONTHS)).date()
    return recent, earlier


# Holds that say the client pays late (an over-limit hold says it buys a lot).
LATE_HOLDS = (TOO_LATE, TOO_OLD)
IMPROVING, WORSENING, STABLE = "improving", "worsening", "stable"


def assess(table: pd.DataFrame, settings: Settings) -> tuple[list[str], list[str]]:
    """Each client's grade and trend word, by one rule so that they never contradict:

    - grade: A/B/C/D by the amount-weighted days late of the last TREND_MONTHS months (payments
      received then, and the open overdue invoices at their lateness today), the whole history
      when those months hold nothing, "" without history; D for a client on hold for lateness
      (an invoice more than settings.hold_days_overdue days overdue) or for its invoices' age;
    - trend: "" unless both windows have a history; improving when the recent average is at
      least settings.trend_days lower than the earlier one and the client is not on hold for
      lateness or age; worsening when it is at least that much higher; else stable."""
    grades, words = [], []
    for recent, overall, trend, holds in zip(
        table["recent_days_late"].tolist(),
        table["days_late"].tolist(),
        table["trend"].tolist(),
        table["holds"].tolist(),
        strict=True,
    ):
        late_hold = any(h in LATE_HOLDS for h in holds)
        letter = grade(overall if np.isnan(recent) else recent, settings.grade_bounds)
        grades.append(GRADES[-1] if late_hold else letter)
        if np.isnan(trend):
            words.append("")
        elif trend <= -settings.trend_days and not late_hold:
            words.append(IMPROVING)
        elif trend >= settings.trend_days:
            words.append(WORSENING)
        else:
            words.append(STABLE)
    return grades, words


def hold_reasons(table: pd.DataFrame, settings: Settings) -> list[list[str]]:
    """Why each client is on hold: over its credit limit (exposure > limit), an invoice more
    than N days overdue, open invoices older than M days on average (both strictly)."""
    over = (table["exposure"] > table["credit_limit"]).to_numpy()  # NaN limit: never
    late = (table["max_days_overdue"] > settings.hold_days_overdue).to_numpy()
    old = (table["average_age"] > settings.hold_average_age).to_numpy()
    return [
        [r for r, hit in ((OVER_LIMIT, a), (TOO_LATE, b), (TOO_OLD, c)) if hit]
        for a, b, c in zip(over.tolist(), late.tolist(), old.tolist(), strict=True)
    ]


def forecast(
    items: pd.DataFrame, credit: pd.DataFrame, settings: Settings, as_of: dt.date
) -> tuple[pd.DataFrame, float]:
    """Expected cash-in per week, and the portfolio's average days late used for clients
    without history.

    Each open invoice (disputed ones excepted: nobody expects them paid) is expected on its due
    date + its client's average days late (rounded to the day), or + the portfolio's when the
    client has no history. Rows: "late" (expected before the as-of date and not received),
    weeks 1..settings.forecast_weeks, ISO weeks running Monday to Sunday (week 1 is the as-of
    date's week, from the as-of date to its Sunday), "later". Columns: period, start, end,
    iso_week ("2026-W45", "" for late and later), amount, count, cumulative."""
    d = np.datetime64(as_of, "ns")
    monday = d - as_of.weekday() * DAY
    history = lateness(items, as_of)
    portfolio = portfolio_days_late(history)
    status = items["status"].to_numpy(dtype=object)
    expected_items = items[
        np.isin(status, (Status.PENDING.value, Status.OVERDUE.value))
        & (items["balance"].to_numpy() > 0)
    ]
    per_client = credit.set_index("client_key")["days_late"]
    late = expected_items["client_key"].map(per_client).to_numpy(dtype=float)
    late = np.where(np.isnan(late), portfolio, late)
    expected = expected_items["due"].to_numpy() + np.round(late).astype(np.int64) * DAY
    week = (expected - monday) // np.timedelta64(7, "D")
    n = settings.forecast_weeks
    # 0: late (expected before the as-of date), 1..n: weeks, n+1: later
    slot = np.where(expected < d, 0, np.clip(week, 0, n) + 1).astype(np.int64)
    amounts = np.bincount(slot, weights=expected_items["balance"].to_numpy(), minlength=n + 2)
    counts = np.bincount(slot, minlength=n + 2)
    mondays = [monday + np.timedelta64(7 * k, "D") for k in range(n + 1)]
    starts = [pd.NaT, d, *mondays[1:n], mondays[n]]
    ends = [d - DAY, *(m + 6 * DAY for m in mondays[:n]), pd.NaT]
    periods = ["late", *(str(k) for k in range(1, n + 1)), "later"]
    iso = [_iso_week(m) for m in mondays[:n]]
    frame = pd.DataFrame(
        {
            "period": periods,
            "start": pd.to_datetime(pd.Series(starts)).to_numpy(dtype="datetime64[ns]"),
            "end": pd.to_datetime(pd.Series(ends)).to_numpy(dtype="datetime64[ns]"),
            "iso_week": ["", *iso, ""],
            "amount": np.round(amounts, 2),
            "count": counts.astype(np.int64),
        }
    )
    frame["cumulative"] = frame["amount"].cumsum().round(2)
    return frame, portfolio


def _iso_week(monday: np.datetime64) -> str:
    """ "2026-W45": the ISO year and week of a Monday."""
    year, week, _ = pd.Timestamp(monday).isocalendar()
    return f"{year}-W{week:02d}"
