"""A progress bar on stderr for long CLI runs; silent when stderr is not a terminal."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator

STAGES = {
    "read": (0.0, 0.45, "Lecture / reading"),
    "rules": (0.45, 0.55, "Règles / rules"),
    "write": (0.55, 1.0, "Écriture / writing"),
    "convert": (0.0, 1.0, "Conversion"),
}
SHOW_AFTER_SECONDS = 1.0


@contextlib.contextmanager
def cli_progress() -> Iterator[Callable[[str, float], None] | None]:
    """Yield a progress callback (stage, fraction) that shows a bar once a run passes a second."""
    if not sys.stderr.isatty():
        yield None
        return
    start = time.monotonic()
    state: dict[str, object] = {}

    def update(stage: str, fraction: float) -> None:
        lo, hi, label = STAGES.get(stage, (0.0, 1.0, stage))
        done = lo + (hi - lo) * fraction
        if "bar" not in state:
            if time.monotonic() - start < SHOW_AFTER_SECONDS:
                return
            from rich.progress import Progress

            bar = Progress(transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(label, total=1.0)
        bar = state["bar"]
        bar.update(state["task"], completed=done, description=label)  # type: ignore[attr-defined]

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()  # type: ignore[attr-defined]
