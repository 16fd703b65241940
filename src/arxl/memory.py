"""Give freed memory back to the operating system between the big steps of a refresh."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys


@functools.cache
def _malloc_trim() -> ctypes._NamedFuncPointer | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def give_back() -> None:
    """Return the C heap's free pages to the system (glibc's malloc_trim). Reading a million
    rows as Python objects and freeing them leaves ~200 MB of such pages: without this, the
    peak of the steps after counts them twice."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
