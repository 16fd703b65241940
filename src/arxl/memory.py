"""Memory and the garbage collector around one big computation (a refresh of a million rows)."""

from __future__ import annotations

import contextlib
import functools
import gc
import sys
from collections.abc import Callable, Iterator


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def give_back() -> None:
    """Return the C heap's free pages to the system (glibc's malloc_trim). Reading a million
    rows as Python objects and freeing them leaves ~200 MB of such pages: without this, the
    peak of the steps after counts them twice."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off for one bounded computation (a refresh, an aging): reading
    a sheet makes a list per row, and the collector would walk them all again and again (0.17 s
    of a 100 000-row refresh) for the ~1 400 objects in cycles such a run leaves."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
