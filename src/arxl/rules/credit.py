"""Credit control as of a date: exposure and headroom, holds, payer profiles, collections forecast.

Pure functions over the derived items (rules.aging.derive, after cash application).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from arxl.model import PAID_TOLERANCE
from arxl.rules.allocation import OPEN, Allocation
from arxl.rules.delays import credit_notes
from arxl.rules.lookup import as_dict, positions
from arxl.settings import Settings
from arxl.vocab import Status

DAY = np.timedelta64(1, "D")
TREND_MONTHS = 6

# Hold reasons.
OVER_LIMIT = "limit"
TOO_LATE = "overdue"
TOO_OLD = "age"

GRADES = ("A", "B", "C", "D")


def lateness(
    items: pd.DataFrame, as_of: dt.date, lines: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The payment history of each invoice that has one: client_key, due, when, days_late,
    weight.

    Paid invoices with a known payment date: days from due date to the last payment (0 when
    paid on time or early), seen `when` that payment came. Open overdue invoices: their days
    overdue to date, seen on the as-of date (the client is late today, however old the
    invoice). The weight is the invoice amount (invoices of zero or negative amount carry no
    weight). A credit note is no payment (`lines`: the allocation's, which say which lines
    are credit notes): the part of an invoice it cancels weighs nothing, and the last real
    payment dates the rest (an invoice cancelled in full has no history)."""
    d = np.datetime64(as_of, "ns")
    due = items["due"].to_numpy()
    last = items["last_payment"].to_numpy()
    amount = items["amount"].to_numpy(dtype=float)
    if lines is not None:
        credited, real = credit_notes(items, lines, last, np.datetime64(as_of, "D"))
        last = real.astype("datetime64[ns]")
        amount = amount - credited
    paid = (items["status"] == Status.PAID.value).to_numpy() & ~np.isnat(last) & (last <= d)
    late_open = items["status"].isin(OPEN).to_numpy() & (items["days_overdue"].to_numpy() > 0)
    keep = (paid | late_open) & (amount > PAID_TOLERANCE)
    paid_late = np.maximum((np.where(paid, last, due) - due) // DAY, 0)
    days = np.where(paid, paid_late, items["days_overdue"].to_numpy())
    when = np.where(paid, last, d).astype("datetime64[ns]")
    return pd.DataFrame(
        {
            "client_key": items["client_key"].iloc[np.flatnonzero(keep)].array,
            "due": due[keep],
            "when": when[keep],
            "days_late": days[keep].astype(float),
            "weight": amount[keep],
        }
    )


def _weighted(history: pd.DataFrame, keys: pd.Index) -> tuple[np.ndarray, ...]:
    """Amount-weighted average days late per client of `keys` (NaN without history): over the
    whole history, over the recent window and over the earlier one (history's `window`: 0, 1,
    2 outside both; window_starts)."""
    window = history["window"].to_numpy()
    weight = history["weight"].to_numpy(dtype=float)
    # days late and weights are finite (weights > 0): the two columns are summed each as
    # alone, grouped by the client key itself as a groupby by client always summed them
    sums = pd.DataFrame({"wd": history["days_late"].to_numpy() * weight, "weight": weight})
    client = history["client_key"]
    out = []
    for rows in (np.ones(len(window), dtype=bool), window == 0, window == 1):
        per = sums[rows].groupby(client[rows]).sum()
        late = np.full(len(keys), np.nan)
        at = keys.get_indexer(per.index)
        found = at >= 0
        late[at[found]] = (per["wd"].to_numpy() / per["weight"].to_numpy())[found]
        out.append(late)
    return tuple(out)


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
    history: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per client with invoices or an unapplied credit, sorted by exposure (largest
    first): client_key, client_id, client_name, exposure (open balance), credit_limit,
    utilisation (exposure / limit), headroom (limit - exposure), unapplied, open_count,
    max_days_overdue, average_age (days since the invoice date, mean over open invoices),
    days_late (amount-weighted over the whole history, see `lateness`), recent_days_late and
    earlier_days_late (the same over the last TREND_MONTHS months and the TREND_MONTHS before),
    trend (recent - earlier), holds (list of reasons), grade and trend_word (see `assess`).
    `history`: lateness(items, as_of) when the caller has it already."""
    keys, table = open_positions(items, clients, allocation, as_of)
    if history is None:
        history = lateness(items, as_of, allocation.lines if allocation is not None else None)
    recent_from, earlier_from = window_starts(as_of)
    when = history["when"].to_numpy()
    recent = when > np.datetime64(recent_from, "ns")
    earlier = ~recent & (when > np.datetime64(earlier_from, "ns"))
    history = history.assign(window=np.where(recent, 0, np.where(earlier, 1, 2)))
    overall, recent_late, earlier_late = _weighted(history, keys)
    table["days_late"] = overall
    table["recent_days_late"] = recent_late
    table["earlier_days_late"] = earlier_late
    table["trend"] = recent_late - earlier_late
    frame = pd.DataFrame(table, index=keys)
    frame["holds"] = hold_reasons(frame, settings)
    frame["grade"], frame["trend_word"] = assess(frame, settings)
    frame = frame.reset_index(names="client_key")
    return frame.sort_values(
        ["exposure", "client_id"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)


def open_positions(
    items: pd.DataFrame,
    clients: pd.DataFrame,
    allocation: Allocation | None,
    as_of: dt.date,
) -> tuple[pd.Index, dict[str, object]]:
    """The client keys of client_credit (those with invoices, then those with only an
    unapplied credit) and, in their order, the columns a hold is decided on: exposure,
    open_count, max_days_overdue, average_age, unapplied, client_id, client_name, credit_limit,
    utilisation, headroom."""
    d = np.datetime64(as_of, "ns")
    keys = pd.Index(items["client_key"].unique())
    unapplied = pd.Series(dtype=float)
    if allocation is not None and len(allocation.unapplied):
        unapplied = allocation.unapplied.set_index("client_key")["amount"]
        keys = keys.union(unapplied.index, sort=False)
    keys = keys[keys != ""]
    is_open = items["status"].isin(OPEN).to_numpy()
    code = _codes(keys, items["client_key"])[is_open]
    mine = code >= 0
    # the balances summed grouped by the client key itself, as a groupby by client always
    # summed them (pandas sums rows sorted by group otherwise than others)
    client = items["client_key"][is_open]
    balance = pd.Series(items["balance"].to_numpy(dtype=float)[is_open], index=client.index)
    sums = balance.groupby(client).sum()
    at = keys.get_indexer(sums.index)
    exposure = np.zeros(len(keys))
    exposure[at[at >= 0]] = sums.to_numpy()[at >= 0]
    code = code[mine]
    count = np.bincount(code, minlength=len(keys))
    exposure = np.round(exposure, 2)
    days = items["days_overdue"].to_numpy(dtype=np.int64)[is_open][mine]
    most = np.full(len(keys), np.iinfo(np.int64).min)
    np.maximum.at(most, code, days)
    # days are whole numbers: their sum is exact in any order, the mean as a groupby's
    age = ((d - items["date"].to_numpy()[is_open][mine]) // DAY).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        average_age = np.bincount(code, weights=age, minlength=len(keys)) / count
    by_key = clients.set_index("client_key")
    ids, names = as_dict(by_key["client_id"]), as_dict(by_key["name"])
    limit = by_key["credit_limit"].reindex(keys).to_numpy(dtype=float)
    with np.errstate(all="ignore"):  # a tiny limit overflows to inf, as a Series divides
        utilisation = np.where(limit > 0, exposure / limit, np.nan)
    return keys, {
        "exposure": exposure,
        "open_count": count.astype(int),
        "max_days_overdue": np.where(count > 0, most, 0).astype(int),
        "average_age": np.where(count > 0, average_age, np.nan),
        "unapplied": unapplied.reindex(keys).fillna(0.0).to_numpy(),
        "client_id": [ids.get(k, k) for k in keys.tolist()],
        "client_name": [names.get(k, "") for k in keys.tolist()],
        "credit_limit": limit,
        "utilisation": utilisation,
        "headroom": np.round(limit - exposure, 2),
    }


def _codes(keys: pd.Index, values: pd.Series) -> np.ndarray:
    """The position in `keys` of each value, -1 for a value not among them or missing (a
    groupby by client leaves missing keys out)."""
    code = positions(keys, values)
    code[values.isna().to_numpy()] = -1
    return code


def clients_on_hold(
    items: pd.DataFrame,
    clients: pd.DataFrame,
    allocation: Allocation | None,
    settings: Settings,
    as_of: dt.date,
) -> int:
    """How many clients client_credit puts on hold (the rows with a reason), without their
    payer profiles: the dashboard's count at the previous month end."""
    _, table = open_positions(items, clients, allocation, as_of)
    return sum(1 for reasons in hold_reasons(table, settings) if reasons)


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


def hold_reasons(table: pd.DataFrame | Mapping[str, object], settings: Settings) -> list[list[str]]:
    """Why each client is on hold: over its credit limit (exposure > limit), an invoice more
    than N days overdue, open invoices older than M days on average (both strictly)."""
    exposure, limit = np.asarray(table["exposure"]), np.asarray(table["credit_limit"])
    over = exposure > limit  # NaN limit: never
    late = np.asarray(table["max_days_overdue"]) > settings.hold_days_overdue
    old = np.asarray(table["average_age"]) > settings.hold_average_age
    return [
        [r for r, hit in ((OVER_LIMIT, a), (TOO_LATE, b), (TOO_OLD, c)) if hit]
        for a, b, c in zip(over.tolist(), late.tolist(), old.tolist(), strict=True)
    ]


def forecast(
    items: pd.DataFrame,
    credit: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    history: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, float]:
    """Expected cash-in per week, and the portfolio's average days late used for clients
    without history.

    Each open invoice (disputed ones excepted: nobody expects them paid) is expected on its due
    date + its client's average days late (rounded to the day), or + the portfolio's when the
    client has no history. Rows: "late" (expected before the as-of date and not received),
    weeks 1..settings.forecast_weeks, ISO weeks running Monday to Sunday (week 1 is the as-of
    date's week, from the as-of date to its Sunday), "later". Columns: period, start, end,
    iso_week ("2026-W45", "" for late and later), amount, count, cumulative. `history`:
    lateness(items, as_of) when the caller has it already."""
    d = np.datetime64(as_of, "ns")
    monday = d - as_of.weekday() * DAY
    history = lateness(items, as_of) if history is None else history
    portfolio = portfolio_days_late(history)
    balance = items["balance"].to_numpy()
    awaited = items["status"].isin((Status.PENDING.value, Status.OVERDUE.value)).to_numpy()
    expecting = awaited & (balance > 0)
    # each invoice's client's days late (as a map by client key finds them)
    client = positions(pd.Index(credit["client_key"]), items["client_key"][expecting])
    late = np.full(len(client), np.nan)
    late[client >= 0] = credit["days_late"].to_numpy(dtype=float)[client[client >= 0]]
    late = np.where(np.isnan(late), portfolio, late)
    expected = items["due"].to_numpy()[expecting] + np.round(late).astype(np.int64) * DAY
    week = (expected - monday) // np.timedelta64(7, "D")
    n = settings.forecast_weeks
    # 0: late (expected before the as-of date), 1..n: weeks, n+1: later
    slot = np.where(expected < d, 0, np.clip(week, 0, n) + 1).astype(np.int64)
    amounts = np.bincount(slot, weights=balance[expecting], minlength=n + 2)
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
