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
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

GRACE = 120.0  # seconds a child is given at least, once its result is asked for
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


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
        self._started = 0.0

    def _fork(self) -> None:
        read, write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: work it out, write it, leave without any cleanup of ours
            code = 1
            try:
                os.close(read)
                _bound_to(parent)
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
        self._started = time.monotonic()

    def result(self, grace: float = GRACE) -> T:
        """The child's result, or fn(*args) worked out here when it gave none. A child that
        has not given it `grace` seconds from now, nor three times as long as it has run so
        far (stuck, say on a lock another thread of this process held when it forked), is
        stopped: this process does not hang on it."""
        started = self._started
        data = self._collect(max(grace, 3 * (time.monotonic() - started)))
        if data is not None:
            with contextlib.suppress(Exception):
                return pickle.loads(data)  # noqa: S301 - our own child's bytes
        return self._fn(*self._args)

    def _collect(self, wait: float | None) -> bytes | None:
        """What the child wrote, once it has exited well (None otherwise); reaped either way.
        wait: the seconds it is given (None: as long as it takes)."""
        if self._pid is None or self._read is None:
            return None
        read, pid = self._read, self._pid
        self._read = self._pid = None
        deadline = None if wait is None else time.monotonic() + wait
        try:
            chunks = _read_all(read, pid, deadline)
        except BaseException:  # interrupted (Ctrl-C) while waiting: the child goes too
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            raise
        _, status = os.waitpid(pid, 0)
        ok = bool(chunks) and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        return b"".join(chunks) if ok and chunks else None

    def cancel(self) -> None:
        """Stop the child, when the result will not be asked for (an error on the way)."""
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            self._collect(None)


def _read_all(read: int, pid: int, deadline: float | None) -> list[bytes] | None:
    """What the child writes on the pipe until it closes it; None when it fails or has not
    done so by `deadline` (then it is killed)."""
    chunks: list[bytes] = []
    try:
        with os.fdopen(read, "rb", buffering=0) as source:
            while True:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                if not select.select([source], [], [], left)[0]:
                    os.kill(pid, signal.SIGKILL)  # stuck: given up
                    return None
                chunk = source.read(1 << 20)
                if not chunk:
                    return chunks
                chunks.append(chunk)
    except OSError:
        return None


def _bound_to(parent: int) -> None:
    """In the child: leave the terminal alone (a pipeline reading arxl's output does not wait
    for it), and on Linux die with the parent (killed, say by SIGTERM, it would go on)."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL("libc.so.6").prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent went before the line above took effect
        os._exit(1)


def idle_core() -> bool | None:
    """Whether a core is idle now besides this process's (Linux: the tasks ready to run in
    /proc/loadavg, this one among them, the most of three readings 5 ms apart); None where
    the system does not say."""
    ready = 0
    try:
        for k in range(3):
            if k:
                time.sleep(0.005)
            with open("/proc/loadavg") as f:
                ready = max(ready, int(f.read().split()[3].split("/")[0]))
    except (OSError, ValueError, IndexError):
        return None
    return ready < cores()


def ahead(
    fn: Callable[..., T], *args: object, worth_it: bool = True, processes: int = 1
) -> Pending[T]:
    """fn(*args) started in a forked process when `worth_it` (the caller's judgement: big
    enough to pay for a fork) and this machine can (it forks and has a second core); else
    left to result(). `processes`: how many work at once, this one among them (the workers
    of convert --jobs). One of several forks only while a core is idle (its siblings
    done): where they keep every core busy, a child would add its memory and no speed."""
    pending: Pending[T] = Pending(fn, args)
    can_fork = hasattr(os, "fork") and sys.platform != "win32" and cores() > 1
    if worth_it and can_fork and (processes <= 1 or _core_left(processes)):
        with contextlib.suppress(OSError):
            pending._fork()
    return pending


def _core_left(processes: int) -> bool:
    idle = idle_core()
    return cores() >= 2 * processes if idle is None else idle
