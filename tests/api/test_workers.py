"""arxl.api.workers: a batch (convert --jobs) handed to the workers heaviest first, its
results in input order."""

from __future__ import annotations

import os

import pytest

from arxl.api.workers import BATCHES_PER_WORKER, batches, run_each


def test_the_heaviest_inputs_come_first_each_alone_when_heavier_than_a_share() -> None:
    weights = [1.0] * 26
    weights[3], weights[17], weights[8] = 40, 30, 2
    got = batches(weights, 2)
    assert sorted(k for batch in got for k in batch) == list(range(len(weights)))
    assert got[0] == [3] and got[1] == [17]  # 40 and 30, each a batch of its own
    assert got[2][:3] == [8, 0, 1]  # then the next heaviest, then in input order
    assert len(got) == 5
    share = sum(weights) / (2 * BATCHES_PER_WORKER)
    for batch in got[2:-1]:  # the light ones in batches of about a share each
        assert sum(weights[k] for k in batch) >= share
        assert sum(weights[k] for k in batch[:-1]) < share


def test_equal_weights_keep_the_input_order_in_a_few_batches_per_worker() -> None:
    got = batches([1.0] * 40, 2)
    assert [k for batch in got for k in batch] == list(range(40))
    assert len(got) == 2 * BATCHES_PER_WORKER


def _tagged(k: int) -> tuple[int, int]:
    return k, os.getpid()


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_in_input_order_whatever_order_they_are_worked_out_in(jobs: int) -> None:
    weights = [1, 5, 1, 9, 1, 1, 7, 1]
    shares: list[float] = []
    got = run_each(
        _tagged,
        [(k,) for k in range(8)],
        jobs,
        lambda _step, share: shares.append(share),
        weights,
    )
    assert [k for k, _ in got] == list(range(8))
    assert shares[-1] == 1.0 and shares == sorted(shares)
    if jobs == 2:
        assert all(pid != os.getpid() for _, pid in got)  # in the workers
