"""Work done file by file, in parallel processes when asked (convert --jobs): results in
input order, a progress callback as they come."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

Progress = Callable[[str, float], None]


def _pool(jobs: int, n: int) -> ProcessPoolExecutor | None:
    if jobs <= 1 or n <= 1:
        return None
    import multiprocessing

    # forked where a system can (the imports done once, here); spawned elsewhere (Windows)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        max_workers=min(jobs, n), mp_context=multiprocessing.get_context(method)
    )


BATCHES_PER_WORKER = 4  # a few batches each, so that a slow file does not hold back the end


def _batch(work: Callable[..., object], args: list[tuple[object, ...]]) -> list[object]:
    return [work(*a) for a in args]


def run_each(
    work: Callable[..., object],
    args: list[tuple[object, ...]],
    jobs: int,
    progress: Progress | None,
) -> list[object]:
    """work(*a) for each a, in parallel processes when jobs > 1; results in input order.
    Workers are forked (the imports are done once, in this process) and take the inputs in
    batches, a few per worker, rather than one at a time."""
    results: list[object] = [None] * len(args)
    pool = _pool(jobs, len(args))
    if pool is None:
        for k, a in enumerate(args):
            results[k] = work(*a)
            if progress:
                progress("convert", (k + 1) / len(args))
        return results
    size = max(1, -(-len(args) // (min(jobs, len(args)) * BATCHES_PER_WORKER)))
    starts = range(0, len(args), size)
    done = 0
    with pool:
        futures = {pool.submit(_batch, work, args[k : k + size]): k for k in starts}
        try:
            for future in as_completed(futures):
                batch = future.result()
                k = futures[future]
                results[k : k + len(batch)] = batch
                done += len(batch)
                if progress:
                    progress("convert", done / len(args))
        except BaseException:  # Ctrl-C (or a failure) here: no batch starts after it
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return results
