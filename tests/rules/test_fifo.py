"""Oldest first for many clients at once (rules.fifo.oldest_first): the same lines, in the same
order, as applying each payment in turn to its client's queue (the loop of rules.allocation)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from arxl.rules.fifo import oldest_first


def one_by_one(pay_client, pay_cents, queue, queue_client, queue_cents):
    left_on = dict(zip(queue.tolist(), queue_cents.tolist(), strict=True))
    queues: dict[int, list[int]] = {}
    for pos, client in zip(queue.tolist(), queue_client.tolist(), strict=True):
        queues.setdefault(client, []).append(pos)
    cursor: dict[int, int] = {}
    out = []
    for k, (client, amount) in enumerate(zip(pay_client.tolist(), pay_cents.tolist(), strict=True)):
        mine, left = queues.get(client, []), amount
        while left > 0 and cursor.get(client, 0) < len(mine):
            pos = mine[cursor.get(client, 0)]
            take = min(left, left_on[pos])
            left_on[pos] -= take
            left -= take
            out.append((k, pos, take))
            if left_on[pos] == 0:
                cursor[client] = cursor.get(client, 0) + 1
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(1, 500)), max_size=14),
    st.lists(st.tuples(st.integers(0, 4), st.sampled_from([0, 1, 99, 250, 499, 800])), max_size=10),
)
def test_the_lines_of_the_loop(invoices, paid) -> None:
    queue = np.arange(100, 100 + len(invoices), dtype=np.int64)[::-1].copy()  # any positions
    queue_client = np.array([c for c, _ in invoices], dtype=np.int64)
    queue_cents = np.array([a for _, a in invoices], dtype=np.int64)
    pay_client = np.array([c for c, _ in paid], dtype=np.int64)
    pay_cents = np.array([a for _, a in paid], dtype=np.int64)
    k, pos, cents = oldest_first(pay_client, pay_cents, queue, queue_client, queue_cents)
    got = list(zip(k.tolist(), pos.tolist(), cents.tolist(), strict=True))
    assert got == one_by_one(pay_client, pay_cents, queue, queue_client, queue_cents)


def test_a_payment_beyond_its_clients_invoices_leaves_the_rest_unapplied() -> None:
    """Client 0 owes 100 + 50; it pays 120 then 80: 100 and 20, then 30 (50 left over).
    Client 1 owes 70 and pays nothing; client 2 owes nothing and pays 10: no line."""
    k, pos, cents = oldest_first(
        np.array([0, 2, 0]),
        np.array([120, 10, 80]),
        np.array([7, 3, 9]),
        np.array([0, 1, 0]),
        np.array([100, 70, 50]),
    )
    assert list(zip(k.tolist(), pos.tolist(), cents.tolist(), strict=True)) == [
        (0, 7, 100),
        (0, 9, 20),
        (2, 9, 30),
    ]
