"""Bank credits matched to open invoices, each match scored and explained.

Pure: statement lines x open invoices x clients -> one proposal per credit. For each credit
(in date order, each invoice's balance used up as credits take it):
1. the invoice numbers its label or remittance information names (rules.bankrefs);
2. the payer, by an IBAN the owner confirmed before or by name (rules.payers);
3. the amount: the invoices named, else one invoice of the client exactly, else several whose
   sum is exact (rules.subsetsum), else within the fee tolerance, else the oldest invoices;
   with no client at all, the one open invoice of exactly that amount is only a guess;
4. a proposal scoring under PROPOSE_AT is left to identify, with its best guesses.
Every proposal applies to invoices of one client at most the credit, the rest unapplied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from arxl.rules.bankrefs import Groups, ReferenceIndex
from arxl.rules.match_reasons import Reason, Why
from arxl.rules.payers import PayerGuess, PayerIndex
from arxl.rules.subsetsum import best_subset

PROPOSE_AT = 50  # a score from which a match is proposed rather than left to identify


class MatchStatus:
    SURE = "sure"  # exact references and exact amount: may be validated automatically
    PROPOSED = "proposed"
    IDENTIFY = "identify"


@dataclass(frozen=True)
class MatchSettings:
    """From Paramètres: the fee/rounding tolerance (euros) and automatic validation."""

    fee_tolerance: float = 5.0
    auto_validate: bool = False
    name_threshold: float = 85.0  # a payer name this close (0-100) names the client
    guess_threshold: float = 60.0  # closer than this, a name is listed as a guess


MATCH_COLUMNS = (
    "key",
    "client_key",
    "client_id",
    "client_name",
    "invoices",  # tuple of invoice numbers
    "applied",  # tuple of amounts applied to them
    "applied_total",
    "unapplied",
    "score",
    "status",
    "reasons",  # tuple of Reason
    "guesses",  # text: the best guesses of a line to identify
)


def _cents(x: float) -> int:
    return int(round(float(x) * 100))


@dataclass
class _Book:
    """The open invoices and clients as the matcher walks them (balances in cents)."""

    numbers: list[str]
    client: list[int]  # client position of each invoice
    remaining: list[int]
    by_client: Groups  # client -> invoice positions, oldest due first
    amounts: dict[int, int]  # cents -> group in by_amount
    by_amount: Groups
    client_keys: list[str]
    client_ids: list[str]
    client_names: list[str]
    refs: ReferenceIndex = field(init=False)

    def open_of(self, client: int) -> list[int]:
        return [p for p in self.by_client.get(client) if self.remaining[p] > 0]

    def of_amount(self, cents: int) -> list[int]:
        k = self.amounts.get(cents)
        return [] if k is None else self.by_amount.get(k)


def _book(invoices: pd.DataFrame, clients: pd.DataFrame) -> _Book:
    keys = clients["client_key"].astype(str).tolist()
    ids = clients["client_id"].astype(str).tolist()
    names = clients["name"].fillna("").astype(str).tolist()
    inv_keys = invoices["client_key"].astype(str)
    codes = pd.Index(keys).get_indexer(inv_keys) if keys else np.full(len(inv_keys), -1)
    unknown = codes < 0  # clients known only from their invoices
    if unknown.any():
        extra_codes, extra = pd.factorize(inv_keys[unknown])
        codes[unknown] = len(keys) + extra_codes
        keys += extra.tolist()
        ids += extra.tolist()
        names += [""] * len(extra)
    codes = codes.astype(np.int64)
    cents = np.maximum(np.round(invoices["balance"].to_numpy(dtype=float) * 100), 0)
    cents = cents.astype(np.int64)
    order = np.lexsort(
        (
            invoices["row"].to_numpy(),
            invoices["date"].to_numpy(),
            invoices["due"].to_numpy(),
            codes,
        )
    )
    amount_codes, amounts = pd.factorize(cents)
    numbers = invoices["invoice"].astype(str).tolist()
    book = _Book(
        numbers,
        codes.tolist(),
        cents.tolist(),
        Groups(codes, len(keys), order),
        dict(zip(amounts.tolist(), range(len(amounts)), strict=True)),
        Groups(amount_codes, len(amounts)),
        keys,
        ids,
        names,
    )
    book.refs = ReferenceIndex(numbers)
    return book


def match(
    lines: pd.DataFrame,
    invoices: pd.DataFrame,
    clients: pd.DataFrame,
    settings: MatchSettings | None = None,
    ibans: dict[str, str] | None = None,
    currency: str = "",
) -> pd.DataFrame:
    """One proposal (MATCH_COLUMNS) per line of `lines` (bank credits: key, date, amount,
    label, remittance, payer, iban), in the lines' order.

    invoices: the open invoices (invoice, client_key, balance > 0, due, date, row);
    clients: client_key, client_id, name; ibans: IBAN -> client_key confirmed before;
    currency: the book's (ISO code); a credit in another one is never matched by its amount
    (a 2 000 USD transfer is not a 2 000 EUR invoice paid): it is left to identify, said so."""
    settings = settings or MatchSettings()
    book = _book(invoices, clients)
    pos_of = {k: i for i, k in enumerate(book.client_keys)}
    known = {iban: pos_of[k] for iban, k in (ibans or {}).items() if k in pos_of}
    payers = PayerIndex(book.client_names, known)
    tol = _cents(settings.fee_tolerance)
    out: list[dict[str, object]] = [{}] * len(lines)
    order = np.argsort(lines["date"].to_numpy(), kind="mergesort")
    cols = [lines[c].tolist() for c in ("key", "amount", "label", "remittance", "payer", "iban")]
    currencies = lines["currency"].tolist() if "currency" in lines else [""] * len(lines)
    for i in order.tolist():
        key, amount, label, remit, payer, iban = (c[i] for c in cols)
        guesses = payers.guess(str(payer), str(iban), str(label), settings.guess_threshold)
        other = str(currencies[i] or "").strip().upper()
        if currency and other and other != currency.upper():
            reason = [Reason(Why.CURRENCY, refs=other)]
            out[i] = _to_identify(book, str(key), _cents(amount), 0.0, reason, guesses, [], None)
            continue
        out[i] = _one(book, str(key), _cents(amount), f"{label} {remit}", guesses, settings, tol)
    return pd.DataFrame(out, columns=list(MATCH_COLUMNS))


def _one(
    book: _Book,
    key: str,
    amount: int,
    text: str,
    guesses: list[PayerGuess],
    settings: MatchSettings,
    tol: int,
) -> dict[str, object]:
    reasons: list[Reason] = []
    score = 0.0
    strong = guesses[0] if guesses and guesses[0].score >= settings.name_threshold else None
    payer = strong.position if strong else None
    found = book.refs.find(text)
    ambiguous = any(len({book.client[p] for p in hit}) > 1 for hit in found)
    owners = [book.client[p] for hit in found for p in hit]
    client: int | None = None
    refs: list[int] = []
    if owners:
        client = payer if payer in owners else max(set(owners), key=owners.count)
        refs = [p for hit in found for p in hit if book.client[p] == client]
        refs = [p for p in dict.fromkeys(refs) if book.remaining[p] > 0]
        if not refs:
            client = None  # named invoices already settled: decide as if none were named
    if refs:
        score += 50
        names = ", ".join(book.numbers[p] for p in refs)
        reasons.append(Reason(Why.REFERENCE, refs=names))
        if ambiguous and payer != client:
            score -= 15
            reasons.append(Reason(Why.AMBIGUOUS))
        if strong is not None and payer != client:
            score -= 25
            reasons.append(Reason(Why.OTHER_PAYER, client=_client_text(book, strong.position)))
        elif strong is not None:
            score += 10
            reasons.append(_payer_reason(book, strong))
    elif strong is not None:
        client = payer
        reasons.append(_payer_reason(book, strong))
        score += 35 if strong.how == "iban" else max(0.0, min(40.0, (strong.score - 50) * 0.8))
    plan: list[tuple[int, int]] = []  # (invoice, cents applied)
    sure = False
    if refs:
        plan, gained, sure = _named(book, client, refs, amount, tol, reasons)  # type: ignore[arg-type]
        score += gained
    elif client is not None:
        plan, gained = _by_amount(book, client, amount, tol, reasons)
        score += gained
    score = max(0.0, min(100.0, score))
    if plan and score >= PROPOSE_AT and client is not None:
        settled = any(r.why is Why.FEE for r in reasons)  # the fee is not chased
        for p, cents in plan:
            book.remaining[p] = 0 if settled else book.remaining[p] - cents
        applied = sum(c for _, c in plan)
        status = MatchStatus.SURE if sure and score >= 90 else MatchStatus.PROPOSED
        return _row(book, key, client, plan, amount - applied, score, status, reasons, "")
    return _to_identify(book, key, amount, score, reasons, guesses, plan, client)


def _named(
    book: _Book, client: int, refs: list[int], amount: int, tol: int, reasons: list[Reason]
) -> tuple[list[tuple[int, int]], float, bool]:
    total = sum(book.remaining[p] for p in refs)
    gap = total - amount
    if gap == 0:
        reasons.append(Reason(Why.EXACT))
        return [(p, book.remaining[p]) for p in refs], 40, True
    if 0 < gap <= tol:
        reasons.append(Reason(Why.FEE, money=gap / 100))
        return _in_order(book, refs, amount), 30, False
    if -tol <= gap < 0:
        reasons.append(Reason(Why.ROUNDING, money=-gap / 100))
        return [(p, book.remaining[p]) for p in refs], 30, False
    if gap > 0:
        reasons.append(Reason(Why.PARTIAL, money=gap / 100))
        return _in_order(book, refs, amount), 20, False
    plan = [(p, book.remaining[p]) for p in refs]
    extra = -gap
    others = [p for p in book.open_of(client) if p not in refs]
    single = next((p for p in others if book.remaining[p] == extra), None)
    if single is not None:
        reasons.append(Reason(Why.SUM, n=len(refs) + 1))
        return [*plan, (single, extra)], 35, False
    subset = best_subset([book.remaining[p] for p in others], extra, 0)
    if subset is not None:
        reasons.append(Reason(Why.SUM, n=len(refs) + len(subset[0])))
        return plan + [(others[k], book.remaining[others[k]]) for k in subset[0]], 30, False
    reasons.append(Reason(Why.EXCESS, money=extra / 100))
    return plan, 20, False


def _by_amount(
    book: _Book, client: int, amount: int, tol: int, reasons: list[Reason]
) -> tuple[list[tuple[int, int]], float]:
    opens = book.open_of(client)
    if not opens:
        return [], 0
    amounts = [book.remaining[p] for p in opens]
    for p, cents in zip(opens, amounts, strict=True):
        if cents == amount:
            reasons.append(Reason(Why.EXACT))
            return [(p, cents)], 30
    near = [(abs(c - amount), c < amount, k) for k, c in enumerate(amounts)]
    near = [x for x in near if x[0] <= tol]
    subset = best_subset(amounts, amount, tol)
    if subset is not None and subset[1] == 0:
        reasons.append(Reason(Why.SUM, n=len(subset[0])))
        return [(opens[k], amounts[k]) for k in subset[0]], 25
    if near or subset is not None:
        chosen: tuple[int, ...]
        if near:
            _, _, k = min(near)
            chosen, gap = (k,), amounts[k] - amount
        else:
            assert subset is not None
            chosen, gap = subset
            reasons.append(Reason(Why.SUM, n=len(chosen)))
        positions = [opens[k] for k in chosen]
        if gap > 0:
            reasons.append(Reason(Why.FEE, money=gap / 100))
            return _in_order(book, positions, amount), 20
        reasons.append(Reason(Why.ROUNDING, money=-gap / 100))
        return [(p, book.remaining[p]) for p in positions], 20
    reasons.append(Reason(Why.OLDEST))
    return _in_order(book, opens, amount), 5


def _in_order(book: _Book, positions: list[int], amount: int) -> list[tuple[int, int]]:
    plan, left = [], amount
    for p in positions:
        if left <= 0:
            break
        take = min(left, book.remaining[p])
        if take > 0:
            plan.append((p, take))
            left -= take
    return plan


def _client_text(book: _Book, pos: int) -> str:
    name = book.client_names[pos]
    return f"{name} ({book.client_ids[pos]})" if name else book.client_ids[pos]


def _payer_reason(book: _Book, guess: PayerGuess) -> Reason:
    if guess.how == "iban":
        return Reason(Why.IBAN, client=_client_text(book, guess.position))
    return Reason(Why.NAME, client=_client_text(book, guess.position), pct=round(guess.score))


def _row(
    book: _Book,
    key: str,
    client: int | None,
    plan: list[tuple[int, int]],
    unapplied: int,
    score: float,
    status: str,
    reasons: list[Reason],
    guesses: str,
) -> dict[str, object]:
    applied = tuple(c / 100 for _, c in plan)
    return {
        "key": key,
        "client_key": book.client_keys[client] if client is not None else "",
        "client_id": book.client_ids[client] if client is not None else "",
        "client_name": book.client_names[client] if client is not None else "",
        "invoices": tuple(book.numbers[p] for p, _ in plan),
        "applied": applied,
        "applied_total": round(sum(c for _, c in plan) / 100, 2),
        "unapplied": round(unapplied / 100, 2),
        "score": int(round(score)),
        "status": status,
        "reasons": tuple(reasons),
        "guesses": guesses,
    }


def _to_identify(
    book: _Book,
    key: str,
    amount: int,
    score: float,
    reasons: list[Reason],
    guesses: list[PayerGuess],
    plan: list[tuple[int, int]],
    client: int | None,
) -> dict[str, object]:
    # nothing is applied to a line to identify: "applied to the oldest invoices" would say the
    # contrary; those invoices are among its leads
    reasons = [r for r in reasons if r.why is not Why.OLDEST]
    hints: list[str] = []
    if plan and client is not None:
        numbers = ", ".join(book.numbers[p] for p, _ in plan)
        hints.append(f"{_client_text(book, client)} : {numbers}")
    for g in guesses:
        text = f"{_client_text(book, g.position)} ({round(g.score)} %)"
        if g.position != client and text not in hints:
            hints.append(text)
    if not reasons:
        same = [p for p in book.of_amount(amount) if book.remaining[p] == amount]
        if len(same) == 1:
            reasons.append(Reason(Why.UNIQUE_AMOUNT))
            p = same[0]
            hints.insert(0, f"{_client_text(book, book.client[p])} : {book.numbers[p]}")
            score = 40
        else:
            reasons.append(Reason(Why.NOTHING))
    return _row(
        book, key, None, [], amount, score, MatchStatus.IDENTIFY, reasons, " | ".join(hints[:3])
    )
