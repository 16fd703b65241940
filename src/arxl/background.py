"""One computation run in a forked process while this one goes on (the month-end pictures
behind a big ledger's dashboard, worked out while the input sheets are written): the second
core of a machine does it, and its result comes back pickled through a pipe.

Where a process cannot fork (Windows), has one core only, or when the child fails in any way
(killed, an exception, a result that does not pickle), the computation is done here instead,
when the result is asked for: the same function on the same data, so the same result.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Pending(Generic[T]):
    """fn(*args), started by `ahead`; result() gives it (worked out here when the child did
    not give it)."""

    def __init__(self, fn: Callable[..., T], args: tuple[object, ...]) -> None:
        self._fn, self._args = fn, args
        self._pid: int | None = None
        self._read: int | None = None
        self.forked = False  # whether a child was started (what it gave is told by result)

    def _fork(self) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: work it out, write it, leave without any cleanup of ours
            code = 1
            try:
                os.close(read)
                data = pickle.dumps(self._fn(*self._args), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                code = 0
            except BaseException:  # noqa: BLE001 - the parent works it out again
                pass
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read, self.forked = pid, read, True

    def result(self) -> T:
        """The child's result, or fn(*args) worked out here when it gave none."""
        data = self._collect()
        if data is not None:
            with contextlib.suppress(Exception):
                return pickle.loads(data)  # noqa: S301 - our own child's bytes
        return self._fn(*self._args)

    def _collect(self) -> bytes | None:
        if self._pid is None or self._read is None:
            return None
        read, pid = self._read, self._pid
        self._read = self._pid = None
        try:
            with os.fdopen(read, "rb") as source:
                data = source.read()
        except OSError:
            data = b""
        _, status = os.waitpid(pid, 0)
        ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        return data if ok and data else None

    def cancel(self) -> None:
        """Stop the child, when the result will not be asked for (an error on the way)."""
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, 9)
            self._collect()


def ahead(fn: Callable[..., T], *args: object, worth_it: bool = True) -> Pending[T]:
    """fn(*args) started in a forked process when `worth_it` (the caller's judgement: big
    enough to pay for a fork) and this machine can; else left to result()."""
    pending: Pending[T] = Pending(fn, args)
    if worth_it and hasattr(os, "fork") and sys.platform != "win32" and cores() > 1:
        with contextlib.suppress(OSError):
            pending._fork()
    return pending
