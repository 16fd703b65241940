"""Late-payment penalties as of a date: interest split by half-year, plus the fixed indemnity.

French B2B (Code de commerce L441-10 II, D441-5): interest from the day after the due date at the
ECB main refinancing rate + 10 points, the rate of each half-year applied to the days in that
half-year (amount × rate × days / 365), plus 40 € per invoice. A contractual rate replaces the
statutory one in the half-years where it is at least 3 times the legal interest rate. Consumers
get the legal interest rate and no indemnity. UK profile: 8 % + Bank of England base rate,
fixed compensation £40 / £70 / £100 by amount.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

from arxl.settings import Settings
from arxl.vocab import ClientType, Lang, Status

YEAR_DAYS = 365
FR_POINTS = 10.0  # L441-10: ECB rate + 10 points
FR_INDEMNITY = 40.0  # D441-5, per invoice paid late
FR_FLOOR_FACTOR = 3.0  # a contractual rate may not be below 3 × the legal interest rate
UK_POINTS = 8.0  # Late Payment of Commercial Debts (Interest) Act 1998
UK_CONSUMER_RATE = 8.0  # judgment rate; the 1998 Act does not apply to consumers
UK_COMPENSATION = ((1000.0, 40.0), (10000.0, 70.0), (float("inf"), 100.0))


class Profile(StrEnum):
    FR = "fr"
    UK = "uk"
    NONE = "none"

    @property
    def currency(self) -> str:
        return "£" if self is Profile.UK else "€"


def profile_for(settings: Settings, lang: Lang) -> Profile:
    """The settings' profile, else fr for French workbooks and uk for English ones."""
    if settings.penalty_profile:
        return Profile(settings.penalty_profile)
    return Profile.UK if lang is Lang.EN else Profile.FR


def half_year(d: dt.date) -> int:
    """Index of the half-year holding d: year × 2 + (0 for January-June, 1 for July-December)."""
    return d.year * 2 + (d.month > 6)


def half_year_start(p: int) -> dt.date:
    return dt.date(p // 2, 7 if p % 2 else 1, 1)


def half_year_label(p: int) -> str:
    return f"{p // 2}-S{p % 2 + 1}"


def parse_half_year(label: str) -> int:
    year, half = label.split("-S")
    return int(year) * 2 + int(half) - 1


@dataclass(frozen=True)
class RateTable:
    """Reference rates (%) by half-year index: ECB main rate, French legal rate, BoE base rate."""

    ecb: dict[int, float]
    legal: dict[int, float]
    boe: dict[int, float]

    def column(self, name: str, periods: list[int], overrides: dict[int, float]) -> np.ndarray:
        """Rates of the given half-years; outside the table, the nearest half-year's."""
        known: dict[int, float] = getattr(self, name)
        keys = sorted(known)
        out = []
        for p in periods:
            if p in overrides:
                out.append(overrides[p])
            elif p in known:
                out.append(known[p])
            elif keys:
                out.append(known[keys[-1] if p > keys[-1] else keys[0]])
            else:
                out.append(0.0)
        return np.asarray(out, dtype=float)


@dataclass
class Penalties:
    """One row per invoice paid late or still overdue, with its half-year breakdown.

    frame columns: row, invoice, client_key, client_id, client_name, client_type, paid_late
    (bool), base, due, end (payment date, or the as-of date when still open), days, interest,
    indemnity, total. days[i, j] and rates[i, j] (%) are invoice i's days late in half-year
    periods[j] and the rate applied to them.
    """

    profile: Profile
    frame: pd.DataFrame
    periods: list[int]
    days: np.ndarray
    rates: np.ndarray
    refused_periods: list[int] = field(default_factory=list)  # contractual rate below the floor


def compute(
    items: pd.DataFrame,
    clients: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    profile: Profile,
    table: RateTable,
) -> Penalties:
    """The penalties owed as of as_of on the items of rules.aging.derive (disputed: none)."""
    status = items["status"]
    due = items["due"].to_numpy().astype("datetime64[D]")
    pay = items["payment_date"].to_numpy().astype("datetime64[D]")
    amount = items["amount"].to_numpy(dtype=float)
    overdue = (status == Status.OVERDUE.value).to_numpy()
    paid = (status == Status.PAID.value).to_numpy()
    paid_late = paid & ~np.isnat(pay) & (pay > due) & (amount > 0)
    keep = (overdue | paid_late) & (profile is not Profile.NONE)
    # the columns the frame takes, not a copy of all of items (its columns would outlive it)
    sel = items.loc[keep, ["row", "invoice", "client_key", "client_id", "client_name"]]
    base = np.where(paid_late[keep], amount[keep], items["balance"].to_numpy(dtype=float)[keep])
    end = np.where(paid_late[keep], pay[keep], np.datetime64(as_of, "D"))
    start = due[keep]

    kinds = clients.set_index("client_key")["client_type"] if "client_type" in clients else None
    client_type = (
        sel["client_key"].map(kinds).fillna(ClientType.BUSINESS.value).reset_index(drop=True)
        if kinds is not None
        else pd.Series(ClientType.BUSINESS.value, index=range(len(sel)), dtype="str")
    )
    consumer = (client_type == ClientType.CONSUMER.value).to_numpy()

    if len(sel):
        first = half_year((start.min() + 1).astype(dt.date))
        last = half_year(end.max().astype(dt.date))
        periods = list(range(first, last + 1))
    else:
        periods = []
    p_start = np.array([half_year_start(p) for p in periods], dtype="datetime64[D]")
    p_end = np.array([half_year_start(p + 1) for p in periods], dtype="datetime64[D]") - 1
    rates, refused = _rates(settings, profile, table, periods, consumer)
    # days of (due, end] inside [p_start, p_end] and their interest, a half-year at a time (no
    # 2-D temporaries: a million invoices over ten half-years would need several of 80 MB each)
    days = np.zeros((len(sel), len(periods)), dtype=np.int64)
    weighted = np.zeros(len(sel))
    for j in range(len(periods)):
        span = np.minimum(end, p_end[j]) - np.maximum(start, p_start[j] - 1)
        days[:, j] = np.maximum(span.astype(np.int64), 0)
        weighted += base * rates[:, j] * days[:, j]
    interest = np.round(weighted / 100 / YEAR_DAYS, 2)
    indemnity = _indemnity(profile, amount[keep], consumer)

    frame = pd.DataFrame(
        {
            "row": sel["row"].to_numpy(),
            "invoice": sel["invoice"].reset_index(drop=True),
            "client_key": sel["client_key"].reset_index(drop=True),
            "client_id": sel["client_id"].reset_index(drop=True),
            "client_name": sel["client_name"].reset_index(drop=True),
            "client_type": client_type,
            "paid_late": paid_late[keep],
            "base": base,
            "due": start.astype("datetime64[ns]"),
            "end": end.astype("datetime64[ns]"),
            "days": (end - start).astype(np.int64),
            "interest": interest,
            "indemnity": indemnity,
            "total": np.round(interest + indemnity, 2),
        }
    )
    return Penalties(profile, frame, periods, days, rates, refused)


def _rates(
    settings: Settings,
    profile: Profile,
    table: RateTable,
    periods: list[int],
    consumer: np.ndarray,
) -> tuple[np.ndarray, list[int]]:
    """(rates % per invoice and half-year, half-years where the contractual rate was refused)."""
    overrides = {parse_half_year(k): v for k, v in settings.reference_rates}
    n = len(consumer)
    if profile is Profile.UK:
        business = table.column("boe", periods, overrides) + UK_POINTS
        if settings.contractual_rate is not None:
            business = np.full(len(periods), settings.contractual_rate)
        return np.where(consumer[:, None], UK_CONSUMER_RATE, business[None, :]), []
    legal = table.column("legal", periods, {})
    business = table.column("ecb", periods, overrides) + FR_POINTS
    refused: list[int] = []
    contract = settings.contractual_rate
    if contract is not None:
        lawful = contract >= FR_FLOOR_FACTOR * legal - 1e-9
        refused = [p for p, ok in zip(periods, lawful, strict=True) if not ok]
        business = np.where(lawful, contract, business)
    rates = np.where(consumer[:, None], legal[None, :], business[None, :])
    return rates.reshape(n, len(periods)), refused


def _indemnity(profile: Profile, amount: np.ndarray, consumer: np.ndarray) -> np.ndarray:
    if profile is Profile.FR:
        fixed = np.full(len(amount), FR_INDEMNITY)
    elif profile is Profile.UK:
        limits = np.array([limit for limit, _ in UK_COMPENSATION])
        fees = np.array([fee for _, fee in UK_COMPENSATION])
        fixed = fees[np.searchsorted(limits, amount, side="right")]
    else:
        fixed = np.zeros(len(amount))
    return np.where(consumer, 0.0, fixed)
