"""Several invoices of one client paid by one transfer: a bounded subset-sum in cents.

Every subset of two to four of the client's oldest open invoices is summed at once with numpy
(pairs and triples among the MAX_ITEMS oldest, quadruples among the MAX_QUAD oldest): a client
with thousands of open invoices costs no more than one with thirty, about 10 000 sums.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

MAX_ITEMS = 30
MAX_QUAD = 20
MAX_SIZE = 4


@lru_cache(maxsize=256)
def _combos(n: int, size: int) -> np.ndarray:
    """Every `size`-subset of range(n), in order (oldest invoices first), as rows."""
    got = np.array(list(itertools.combinations(range(n), size)), dtype=np.int64)
    return got.reshape(-1, size)


def best_subset(
    amounts: Sequence[int], target: int, tolerance: int, min_size: int = 2
) -> tuple[tuple[int, ...], int] | None:
    """(indices, sum - target) of a subset of `amounts` (cents) whose sum is within
    `tolerance` of `target`: an exact sum first, else one above the target (the payer kept a
    fee), else one below; then the fewest invoices, then the oldest. None when no subset of
    min_size to MAX_SIZE amounts is close enough."""
    values = np.asarray(amounts[:MAX_ITEMS], dtype=np.int64)
    best: tuple[tuple[int, int, int, int], tuple[int, ...], int] | None = None
    for size in range(max(min_size, 1), MAX_SIZE + 1):
        n = min(len(values), MAX_QUAD if size == 4 else MAX_ITEMS)
        if n < size:
            break
        combos = _combos(n, size)
        gaps = values[:n][combos].sum(axis=1) - target
        near = np.flatnonzero(np.abs(gaps) <= tolerance)
        if not len(near):
            continue
        exact = near[gaps[near] == 0]
        above = near[gaps[near] > 0]
        pick = exact if len(exact) else (above if len(above) else near)
        k = int(pick[np.argmin(np.abs(gaps[pick]))])  # the first (oldest) among the closest
        gap = int(gaps[k])
        rank = (gap != 0, gap < 0, abs(gap), size)
        if best is None or rank < best[0]:
            best = (rank, tuple(int(i) for i in combos[k]), gap)
        if gap == 0:
            break  # fewer invoices first: an exact sum of this size is the answer
    return None if best is None else (best[1], best[2])
