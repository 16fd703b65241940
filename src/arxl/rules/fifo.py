"""Oldest-first cash application of many clients at once (rules.allocation): for clients whose
payments all go oldest first (none names an invoice, none is a used-up credit note), what the
payment-by-payment loop gives, worked out with arrays.

Applied oldest first, a client's payments, in date order, use up its open undisputed invoices
in FIFO order as two ribbons laid side by side: payment k covers [A(k-1), A(k)) of the cumulated
payments, invoice j [R(j-1), R(j)) of the cumulated open balances, and what k pays on j is the
overlap (nothing once the invoices are used up: the rest is unapplied). The clients' ribbons
are laid end to end, each payment held to its own client's stretch."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import numpy as np
import pandas as pd

from arxl.rules.invoice_index import InvoiceIndex


def cents(x: float) -> int:
    """An amount in cents (round half to even, as round() does)."""
    return int(round(float(x) * 100))


def oldest_first(
    pay_client: np.ndarray,
    pay_cents: np.ndarray,
    queue: np.ndarray,
    queue_client: np.ndarray,
    queue_cents: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lines (payment index, queue index, cents), each payment's in queue order, payments in
    the order given. pay_client, pay_cents: the payments (in date order) and their client's
    code; queue, queue_client, queue_cents: the invoices to pay (positions, in FIFO order
    within each client), their client's code and open balance in cents (> 0)."""
    by_client = np.argsort(queue_client, kind="stable")  # each client's queue, FIFO kept
    q_client = queue_client[by_client]
    ends = np.cumsum(queue_cents[by_client])
    starts = ends - queue_cents[by_client]
    laid = np.concatenate(([0], ends))
    base = laid[np.searchsorted(q_client, pay_client, "left")]
    top = laid[np.searchsorted(q_client, pay_client, "right")]
    # each payment's cumulated amount within its client (in the order given)
    order = np.argsort(pay_client, kind="stable")
    total = np.cumsum(pay_cents[order])
    first = np.searchsorted(pay_client[order], pay_client[order], "left")
    before = np.concatenate(([0], total))[first]
    upto = np.empty_like(total)
    upto[order] = total - before
    a1 = np.minimum(base + upto, top)
    a0 = np.minimum(base + upto - pay_cents, top)
    j0 = np.searchsorted(ends, a0, "right")  # the first invoice ending after a0
    j1 = np.searchsorted(starts, a1, "left")  # the invoices starting before a1
    count = np.where(a1 > a0, j1 - j0, 0)
    k = np.repeat(np.arange(len(pay_client)), count)
    offset = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    j = np.repeat(j0, count) + offset
    cents = np.minimum(a1[k], ends[j]) - np.maximum(a0[k], starts[j])
    return k, queue[by_client][j], cents


def oldest_first_lines(
    given: list[SimpleNamespace],
    whose: list[tuple[object, str]],
    closed: np.ndarray,
    names_nothing: Callable[[object, str], bool],
    book: InvoiceIndex,
    open_cents: np.ndarray,
    how: str = "oldest",
) -> dict[int, list[tuple[object, ...]]]:
    """The lines of the payments (k from 1 -> its lines, as the loop makes them) of the clients
    whose every payment is its own (not found by the invoices it names), not a used-up credit
    note, and names none of its invoices: they go oldest first (oldest_first). given: the
    payments (rules.allocation's records), whose: each one's (client, reason to identify)."""
    fifo_only: dict[object, bool] = {}
    for i, (p, (client, reason)) in enumerate(zip(given, whose, strict=True)):
        if not reason:
            ok = bool(p.client_key) and not closed[i] and names_nothing(client, str(p.text))
            fifo_only[client] = fifo_only.get(client, True) and ok
    chosen = [c for c, ok in fifo_only.items() if ok]
    mine = [i for i, (c, reason) in enumerate(whose) if not reason and fifo_only.get(c)]
    if not mine:
        return {}
    code = pd.Index(chosen, dtype=object)
    inv_code = code.get_indexer(pd.Index(book.clients, dtype=object))
    fo = book.fifo_order
    fo = fo[book.queued[fo] & (inv_code[fo] >= 0)]
    pay_code = code.get_indexer(pd.Index([whose[i][0] for i in mine], dtype=object))
    pay_cents = np.array([cents(given[i].amount) for i in mine], dtype=np.int64)
    k, pos, taken = oldest_first(pay_code, pay_cents, fo, inv_code[fo], open_cents[fo])
    out: dict[int, list[tuple[object, ...]]] = {i + 1: [] for i in mine}
    pays = (np.asarray(mine)[k] + 1).tolist()
    for a, b, c in zip(pays, pos.tolist(), taken.tolist(), strict=True):
        out[a].append((a, b, c, how))
    return out
