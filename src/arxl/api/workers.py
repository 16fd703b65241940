"""Work done file by file, in parallel processes when asked (convert --jobs): results in
input order, a progress callback as they come."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

Progress = Callable[[str, float], None]


def at_once(jobs: int, n: int) -> int:
    """How many processes run_each(..., jobs) has working at once on n inputs."""
    return 1 if jobs <= 1 or n <= 1 else min(jobs, n)


def _pool(jobs: int, n: int) -> ProcessPoolExecutor | None:
    if at_once(jobs, n) == 1:
        return None
    import multiprocessing

    # forked where a system can (the imports done once, here); spawned elsewhere (Windows)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        max_workers=at_once(jobs, n), mp_context=multiprocessing.get_context(method)
    )


BATCHES_PER_WORKER = 4  # a few batches each, so that a slow file does not hold back the end


def _batch(work: Callable[..., object], args: list[tuple[object, ...]]) -> list[object]:
    return [work(*a) for a in args]


def batches(weights: Sequence[float], workers: int) -> list[list[int]]:
    """The inputs' indices in batches, heaviest first: a few batches of about the same weight
    per worker (an input heavier than that is a batch of its own), so that the heavy inputs
    are started first and the light ones fill the cores at the end."""
    order = sorted(range(len(weights)), key=lambda k: (-weights[k], k))
    share = sum(weights) / (workers * BATCHES_PER_WORKER)
    out: list[list[int]] = []
    load = 0.0
    for k in order:
        if not out or load >= share:
            out.append([])
            load = 0.0
        out[-1].append(k)
        load += weights[k]
    return out


def run_each(
    work: Callable[..., object],
    args: list[tuple[object, ...]],
    jobs: int,
    progress: Progress | None,
    weights: Sequence[float] | None = None,
) -> list[object]:
    """work(*a) for each a, in parallel processes when jobs > 1; results in input order.
    Workers are forked (the imports are done once, in this process) and take the inputs in
    batches, a few per worker, the heaviest first (`weights`, say the files' sizes; all
    the same when not given) rather than one at a time."""
    results: list[object] = [None] * len(args)
    pool = _pool(jobs, len(args))
    if pool is None:
        for k, a in enumerate(args):
            results[k] = work(*a)
            if progress:
                progress("convert", (k + 1) / len(args))
        return results
    given = [1.0] * len(args) if weights is None else [max(0.0, float(w)) for w in weights]
    done = 0
    with pool:
        futures = {
            pool.submit(_batch, work, [args[k] for k in ks]): ks
            for ks in batches(given, at_once(jobs, len(args)))
        }
        try:
            for future in as_completed(futures):
                for k, result in zip(futures[future], future.result(), strict=True):
                    results[k] = result
                done += len(futures[future])
                if progress:
                    progress("convert", done / len(args))
        except BaseException:  # Ctrl-C (or a failure) here: no batch starts after it
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return results
