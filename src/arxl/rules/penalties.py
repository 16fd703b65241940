"""Late-payment penalties as of a date: interest by half-year (or at one fixed rate), plus the
fixed indemnity.

French B2B (Code de commerce L441-10 II, D441-5): interest from the day after the due date at the
ECB main refinancing rate + 10 points, the rate of each half-year applied to the days in that
half-year (amount × rate × days / 365), plus 40 € per invoice. A contractual rate replaces the
statutory one in the half-years where it is at least 3 times the legal interest rate
(professional rate, "tous les autres cas").

French consumers (Code civil art. 1231-6): interest at the legal rate for consumers ("créances des
personnes physiques n'agissant pas pour des besoins professionnels") of each half-year, from the
date of the first formal notice (mise en demeure: a level-3 or later entry of the reminder log)
sent to the client after the invoice's due date, counted like the B2B days (the days after the
notice's date up to the payment); nothing before it, nothing without one, no indemnity.

UK profile (Late Payment of Commercial Debts (Interest) Act 1998 s.4, the Rate of Interest (No. 3)
Order 2002 art. 4): statutory interest starts to run the day after the due date, at 8 % over the
Bank of England rate in force on the 30 June (interest starting to run 1 July - 31 December) or
31 December (interest starting 1 January - 30 June) immediately before that day; that one rate
applies to every day of the delay. Read: the reference date is the last 30 June or 31 December
strictly before the day after the due date, i.e. the BoE column of the half-year holding the day
after the due date. Fixed compensation £40 / £70 / £100 by amount. The Act is for commercial
debts: a UK consumer owes no compensation, and interest at the judgment rate (8 %, County
Courts Act 1984 s.69) only from the letter before action (the first formal notice logged), as
the letters say.

Interest runs on what is unpaid each day (rules.delays.unpaid_slices): the delay is cut at each
dated payment (the row's own, those cash application matched), each stretch amount × rate ×
days / 365 split at the half-year boundaries and rounded, the invoice's interest their sum.
When only a total paid without a date is known, one stretch on the balance, as before.

A credit note is not a payment: the part of an invoice it cancels was never owed, so it
carries no interest on any day and does not date the end of the delay (the last real payment
does); an invoice cancelled in full owes nothing, one paid late for the rest owes interest on
the rest and the indemnity (the UK compensation by the debt the credit notes leave).

Disputed invoices (typed as such, paid since or not) get nothing. A half-year whose rate is not
in the table (nor in Paramètres) gives no interest for the days in it, only for those in the
half-years whose rate is known (rate_missing set); the half-year is listed by rate_issues,
never a nearby rate. A UK delay whose one rate is missing gives no interest at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

from arxl.model import (
    PAID_TOLERANCE,
    RateKind,
    RateTable,
    half_year_start,
    parse_half_year,
)
from arxl.rules.delays import credit_notes, days_in, first_notice, unpaid_slices
from arxl.rules.lookup import positions
from arxl.rules.periods import half_year, half_years
from arxl.rules.rate_gaps import MissingRate
from arxl.rules.rate_gaps import rate_issues as rate_issues  # where callers look for it
from arxl.settings import Settings
from arxl.vocab import ClientType, Lang, Status, TypedStatus

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


def profile_for(settings: Settings, lang: Lang | None = None) -> Profile:
    """The settings' profile, else the country's (Settings.statutory_profile), else none: the
    language of a workbook says nothing of the law its invoices fall under (`lang` is not
    used)."""
    return Profile(settings.statutory_profile)


@dataclass
class Penalties:
    """One row per invoice that owes penalties (paid late or still overdue), with its half-year
    breakdown.

    frame columns: row, invoice, client_key, client_id, client_name, client_type, paid_late
    (bool), base, due, start (interest runs after this day: the due date, or for a consumer the
    formal notice's date), end (payment date, or the as-of date when still open), days (end -
    start), interest, indemnity, total, rate_missing (bool: the days of a half-year without a
    rate earn nothing), interest_to (the last day the interest counts: `end`, or the end of the
    last half-year with a rate before a missing one that cut the delay short; NaT when no day
    is counted).
    days[i, j] and rates[i, j] (%) are invoice i's interest days in half-year periods[j] and the
    rate applied to them (NaN where none is known).
    """

    profile: Profile
    frame: pd.DataFrame
    periods: list[int]
    days: np.ndarray
    rates: np.ndarray
    refused_periods: list[int] = field(default_factory=list)  # contractual rate below the floor
    missing: list[MissingRate] = field(default_factory=list)
    # per half-year of `periods`, the rate (%) a business and a consumer invoice get there
    # (UK: the rate of a delay that starts in it); NaN where unknown
    business_rates: np.ndarray = field(default_factory=lambda: np.zeros(0))
    consumer_rates: np.ndarray = field(default_factory=lambda: np.zeros(0))
    slices: pd.DataFrame = field(default_factory=pd.DataFrame)


def compute(
    items: pd.DataFrame,
    clients: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    profile: Profile,
    table: RateTable,
    log: pd.DataFrame | None = None,
    payments: pd.DataFrame | None = None,
) -> Penalties:
    """The penalties owed as of as_of on the items of rules.aging.derive.

    log: the reminder log (readers.reminder_log.LOG_COLUMNS); a French consumer's interest runs
    from the first formal notice in it, so without a log consumers owe nothing.
    payments: the amounts cash application matched to invoices (rules.allocation.Allocation's
    lines: invoice_row, pay_date, amount, kind), which date the payments the interest follows;
    a line of kind "credit" (a credit note) cancels its part of the invoice from the start."""
    status = items["status"]
    due = items["due"].to_numpy().astype("datetime64[D]")
    # the last payment, the invoice row's own or one matched by cash application
    last_col = "last_payment" if "last_payment" in items else "payment_date"
    pay = items[last_col].to_numpy().astype("datetime64[D]")
    amount = items["amount"].to_numpy(dtype=float)
    overdue = (status == Status.OVERDUE.value).to_numpy()
    paid = (status == Status.PAID.value).to_numpy()
    # a disputed invoice paid since is "paid" for the aging; the typed status keeps the dispute
    typed = items["typed_status"] if "typed_status" in items else pd.Series("", index=items.index)
    disputed = (typed == TypedStatus.DISPUTED.value).to_numpy(dtype=bool) | (
        status == Status.DISPUTED.value
    ).to_numpy()
    as_of_d = np.datetime64(as_of, "D")
    # a credit note is no payment: what it cancels was never owed, late or not
    credited, pay = credit_notes(items, payments, pay, as_of_d)
    owed = amount - credited
    paid_late = paid & ~np.isnat(pay) & (pay > due) & (amount > 0) & (owed > PAID_TOLERANCE)
    end_all = np.where(paid_late, pay, as_of_d)

    kinds = clients.set_index("client_key")["client_type"] if "client_type" in clients else None
    client_type_all = (
        pd.Series(kinds.array.take(positions(kinds.index, items["client_key"]), allow_fill=True))
        .fillna(ClientType.BUSINESS.value)
        .to_numpy(dtype=object)
        if kinds is not None
        else np.full(len(items), ClientType.BUSINESS.value, dtype=object)
    )
    consumer_all = client_type_all == ClientType.CONSUMER.value
    start_all = due.copy()
    # a consumer's interest runs from the first formal notice (Code civil 1231-6; in the UK
    # the judgment rate from the letter before action): the letters say so
    if profile in (Profile.FR, Profile.UK) and consumer_all.any():
        notice = first_notice(items["client_key"], due, consumer_all, log, as_of_d)
        start_all = np.where(consumer_all, notice, due)  # NaT: no notice, no interest
    has_start = ~np.isnat(start_all)
    runs = end_all > np.where(has_start, start_all, end_all)  # some days after the start
    keep = (overdue | paid_late) & ~disputed & (profile is not Profile.NONE) & has_start & runs
    # the columns the frame takes, not a copy of all of items (its columns would outlive it)
    sel = items.loc[keep, ["row", "invoice", "client_key", "client_id", "client_name"]]
    base = np.where(paid_late[keep], owed[keep], items["balance"].to_numpy(dtype=float)[keep])
    end = end_all[keep]
    start = start_all[keep]
    consumer = consumer_all[keep]
    cuts = unpaid_slices(items, keep, payments, amount[keep], start, end, base, as_of_d)

    if len(sel):
        first = half_year((start.min() + 1).astype(dt.date))
        last = half_year(end.max().astype(dt.date))
        periods = list(range(first, last + 1))
    else:
        periods = []
    days = days_in(periods, start, end)
    rates, refused, missing = _rates(settings, profile, table, periods, consumer, start, days)
    by_period = _period_rates(settings, profile, table, periods)
    lacking = ((days > 0) & np.isnan(rates)).any(axis=1)
    interest_to = _counted_to(periods, days, rates, end)
    # each slice at its invoice's rates, the half-years without a rate left out
    item = cuts["item"].to_numpy()
    slice_days = days_in(
        periods,
        cuts["start"].to_numpy().astype("datetime64[D]"),
        cuts["end"].to_numpy().astype("datetime64[D]"),
    )
    weighted = np.zeros(len(cuts))
    for j in range(len(periods)):
        weighted += np.nan_to_num(rates[item, j]) * slice_days[:, j]
    cuts["interest"] = np.round(cuts["base"].to_numpy() * weighted / 100 / YEAR_DAYS, 2)
    interest = np.round(np.bincount(item, cuts["interest"].to_numpy(), minlength=len(sel)), 2)
    indemnity = _indemnity(profile, owed[keep], consumer)

    frame = pd.DataFrame(
        {
            "row": sel["row"].to_numpy(),
            "invoice": sel["invoice"].reset_index(drop=True),
            "client_key": sel["client_key"].reset_index(drop=True),
            "client_id": sel["client_id"].reset_index(drop=True),
            "client_name": sel["client_name"].reset_index(drop=True),
            "client_type": pd.Series(client_type_all[keep], dtype="str"),
            "paid_late": paid_late[keep],
            "base": base,
            "due": due[keep].astype("datetime64[ns]"),
            "start": start.astype("datetime64[ns]"),
            "end": end.astype("datetime64[ns]"),
            "days": (end - start).astype(np.int64),
            "interest": interest,
            "indemnity": indemnity,
            "total": np.round(interest + indemnity, 2),
            "rate_missing": lacking,
            "interest_to": interest_to.astype("datetime64[ns]"),
        }
    )
    return Penalties(
        profile, frame, periods, days, rates, refused, missing, *by_period, slices=cuts
    )


def _counted_to(
    periods: list[int], days: np.ndarray, rates: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Per invoice, the last day its interest counts: within the last half-year of its delay
    that has a rate (its end when that is the half-year holding the end); NaT when none has."""
    out = np.full(len(end), np.datetime64("NaT"), dtype="datetime64[D]")
    for j, p in enumerate(periods):
        last = np.datetime64(half_year_start(p + 1), "D") - 1
        counted = (days[:, j] > 0) & ~np.isnan(rates[:, j])
        out = np.where(counted, np.minimum(end, last), out)
    return out


def _period_rates(
    settings: Settings, profile: Profile, table: RateTable, periods: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """(business, consumer) rate % of each half-year, as _rates applies them (NaN: unknown)."""
    m = len(periods)
    if profile is Profile.UK:
        overrides = {parse_half_year(k): v for k, v in settings.reference_rates}
        boe = dict(table.boe) | overrides
        business = np.array([boe.get(p, np.nan) + UK_POINTS for p in periods], dtype=float)
        if settings.contractual_rate is not None:
            business = np.full(m, settings.contractual_rate)
        return business, np.full(m, UK_CONSUMER_RATE)
    if profile is Profile.NONE or not m:
        return np.full(m, np.nan), np.full(m, np.nan)
    overrides = {parse_half_year(k): v for k, v in settings.reference_rates}
    business = table.column(RateKind.ECB, periods, overrides) + FR_POINTS
    contract = settings.contractual_rate
    if contract is not None:
        legal = table.column(RateKind.LEGAL, periods, {})
        lawful = np.isnan(legal) | (contract >= FR_FLOOR_FACTOR * legal - 1e-9)
        business = np.where(lawful, contract, business)
    return business, table.column(RateKind.LEGAL_CONSUMER, periods, {})


def _rates(
    settings: Settings,
    profile: Profile,
    table: RateTable,
    periods: list[int],
    consumer: np.ndarray,
    start: np.ndarray,
    days: np.ndarray,
) -> tuple[np.ndarray, list[int], list[MissingRate]]:
    """(rates % per invoice and half-year, NaN where unknown; half-years where the contractual
    rate was refused; the rates that were needed and missing)."""
    overrides = {parse_half_year(k): v for k, v in settings.reference_rates}
    n, m = len(consumer), len(periods)
    used = days > 0
    missing: list[MissingRate] = []

    def note(kind: RateKind, rates: np.ndarray, rows: np.ndarray, floor_only=False) -> None:
        """List each half-year where rows needed a rate of `kind` that is NaN in rates (n × m)."""
        gaps = used & rows[:, None] & np.isnan(rates)
        known = (rows[:, None] & ~np.isnan(rates)).any(axis=0)
        for j in np.flatnonzero(gaps.any(axis=0)):
            earlier = [periods[k] for k in np.flatnonzero(known[:j])]
            missing.append(
                MissingRate(
                    periods[j],
                    kind,
                    int(gaps[:, j].sum()),
                    floor_only,
                    earlier[-1] if earlier else None,
                    bool(known[j + 1 :].any()),
                )
            )

    if profile is Profile.UK:
        # one rate per invoice: the BoE rate of the half-year holding the day after its due date
        ref = half_years(start + 1)
        boe = dict(table.boe) | overrides
        known, where = np.unique(ref, return_inverse=True)
        fixed = np.array([boe.get(int(p), np.nan) for p in known])[where] + UK_POINTS
        if settings.contractual_rate is not None:
            fixed = np.full(n, settings.contractual_rate)
        fixed = np.where(consumer, UK_CONSUMER_RATE, fixed)
        rates = np.repeat(fixed[:, None], m, axis=1)
        for p in sorted({int(p) for p, r in zip(ref, fixed, strict=True) if np.isnan(r)}):
            count = int((np.isnan(fixed) & (ref == p)).sum())
            missing.append(MissingRate(p, RateKind.BOE, count))
        return rates, [], missing

    legal = table.column(RateKind.LEGAL, periods, {})
    business = table.column(RateKind.ECB, periods, overrides) + FR_POINTS
    refused: list[int] = []
    contract = settings.contractual_rate
    if contract is not None:
        unknown = np.isnan(legal)  # the floor cannot be checked: the contract applies
        lawful = unknown | (contract >= FR_FLOOR_FACTOR * legal - 1e-9)
        refused = [p for p, ok in zip(periods, lawful, strict=True) if not ok]
        note(
            RateKind.LEGAL, np.broadcast_to(np.where(unknown, np.nan, 0.0), (n, m)), ~consumer, True
        )
        business = np.where(lawful, contract, business)
    rates = np.where(
        consumer[:, None],
        table.column(RateKind.LEGAL_CONSUMER, periods, {})[None, :],
        business[None, :],
    ).reshape(n, m)
    note(RateKind.ECB, rates, ~consumer)
    note(RateKind.LEGAL_CONSUMER, rates, consumer)
    return rates, refused, missing


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
