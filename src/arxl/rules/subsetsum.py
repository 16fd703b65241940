"""Several invoices of one client paid by one transfer: a bounded subset-sum in cents.

The client's open invoices, oldest first, are combined by dynamic programming over reachable
sums no greater than the target plus the tolerance; the search stops at MAX_ITEMS invoices and
MAX_STATES sums, so a client with thousands of open invoices costs no more than one with 25.
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_ITEMS = 25
MAX_STATES = 50_000


def best_subset(
    amounts: Sequence[int], target: int, tolerance: int, min_size: int = 2
) -> tuple[tuple[int, ...], int] | None:
    """(indices, sum - target) of a subset of `amounts` (cents, > 0) whose sum is within
    `tolerance` of `target`: an exact sum first, else one above the target (the payer kept a
    fee), else one below; among equals the subset reached first (the oldest invoices). None
    when no subset of at least min_size amounts is close enough."""
    reach: dict[int, tuple[int, ...]] = {0: ()}
    limit = target + tolerance
    for i, a in enumerate(amounts[:MAX_ITEMS]):
        if a <= 0 or a > limit:
            continue
        for total, chosen in list(reach.items()):
            s = total + a
            if s <= limit and s not in reach:
                reach[s] = (*chosen, i)
                if len(reach) >= MAX_STATES:
                    break
        if target in reach and len(reach[target]) >= min_size:
            break
        if len(reach) >= MAX_STATES:
            break
    best: tuple[tuple[int, ...], int] | None = None
    for total, chosen in reach.items():
        gap = total - target
        if len(chosen) < min_size or abs(gap) > tolerance:
            continue
        rank = (gap != 0, gap < 0, abs(gap), len(chosen))
        if best is None or rank < (best[1] != 0, best[1] < 0, abs(best[1]), len(best[0])):
            best = (chosen, gap)
    return best
