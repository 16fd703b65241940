"""arxl.background: a computation in a forked child, its result back here; whatever goes
wrong in the child, the same computation done here instead."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest

from arxl.background import ahead, cores

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "win32" or cores() < 2,
    reason="forks only where a second core can take the work",
)


def where(tag: str) -> tuple[str, int]:
    return tag, os.getpid()


def test_the_result_is_worked_out_in_a_child() -> None:
    pending = ahead(where, "x")
    assert pending.forked
    tag, pid = pending.result()
    assert tag == "x" and pid != os.getpid()


def test_not_worth_it_is_worked_out_here_when_asked() -> None:
    pending = ahead(where, "y", worth_it=False)
    assert not pending.forked
    assert pending.result() == ("y", os.getpid())


@pytest.mark.parametrize(
    ("idle", "cores", "forks"),
    [(False, 8, False), (True, 2, True), (None, 2, False), (None, 4, True)],
)
def test_one_of_several_processes_forks_only_while_a_core_is_idle(
    monkeypatch: pytest.MonkeyPatch, idle: bool | None, cores: int, forks: bool
) -> None:
    """A worker of a batch (convert --jobs) whose siblings keep every core busy works it out
    itself: a child would only add its memory. Where the system does not say whether a core
    is idle, it forks when there are two cores for each process working at once."""
    from arxl import background

    monkeypatch.setattr(background, "idle_core", lambda: idle)
    monkeypatch.setattr(background, "cores", lambda: cores)
    among_two = ahead(where, "b", processes=2)
    assert among_two.forked == forks
    assert among_two.result() == ("b", os.getpid()) or forks
    alone = ahead(where, "a")  # a process alone forks as before, busy or not
    assert alone.forked and alone.result()[1] != os.getpid()


def test_an_idle_core_is_told_from_the_tasks_ready_to_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from arxl import background

    if not os.path.exists("/proc/loadavg"):
        pytest.skip("the system does not say")
    monkeypatch.setattr(background, "cores", lambda: 10_000)
    assert background.idle_core() is True  # far fewer tasks ready than cores
    monkeypatch.setattr(background, "cores", lambda: 1)
    assert background.idle_core() is False  # this test runs: one task at least


def fails_away_from(parent: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("the child fails")
    return 42


def killed_away_from(parent: int) -> int:
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return 7


def unpicklable() -> object:
    return lambda: 3  # a lambda does not pickle: the child cannot send it


@pytest.mark.parametrize(("fn", "expected"), [(fails_away_from, 42), (killed_away_from, 7)])
def test_a_child_that_gives_nothing_is_made_up_for_here(fn, expected: int) -> None:
    pending = ahead(fn, os.getpid())
    assert pending.forked
    assert pending.result() == expected


def test_a_result_that_does_not_pickle_is_worked_out_here() -> None:
    pending = ahead(unpicklable)
    assert pending.forked
    assert pending.result()() == 3


def sleeps() -> int:
    time.sleep(60)
    return 1


def test_cancel_stops_and_reaps_the_child() -> None:
    pending = ahead(sleeps)
    assert pending.forked
    pid = pending._pid
    start = time.monotonic()
    pending.cancel()
    assert time.monotonic() - start < 10
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(pid, os.WNOHANG)
    pending.cancel()  # twice is harmless


def big(n: int) -> bytes:
    return b"x" * n


def test_a_result_bigger_than_a_pipe_holds_comes_back_whole() -> None:
    assert ahead(big, 5_000_000).result() == b"x" * 5_000_000


def stuck_away_from(parent: int) -> int:
    if os.getpid() != parent:
        time.sleep(600)  # a child that never gives its result (a lock held at the fork)
    return 5


def test_a_stuck_child_is_given_up_on_and_made_up_for_here() -> None:
    pending = ahead(stuck_away_from, os.getpid())
    assert pending.forked
    pid = pending._pid
    start = time.monotonic()
    assert pending.result(grace=0.5) == 5
    assert time.monotonic() - start < 10
    with pytest.raises(ChildProcessError):  # killed and reaped
        os.waitpid(pid, os.WNOHANG)


def test_a_wait_interrupted_by_ctrl_c_stops_and_reaps_the_child() -> None:
    pending = ahead(sleeps)
    pid = pending._pid

    def ctrl_c(*_: object) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGALRM, ctrl_c)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(KeyboardInterrupt):
            pending.result()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    with pytest.raises(ChildProcessError):  # killed and reaped, not left running
        os.waitpid(pid, os.WNOHANG)
    pending.cancel()


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_the_child_dies_with_its_parent() -> None:
    """A parent killed outright (SIGKILL, or SIGTERM, which runs no cleanup) takes its child
    with it, and the child holds none of the parent's output open."""
    code = (
        "import time\n"
        "from arxl.background import ahead\n"
        "pending = ahead(time.sleep, 60)\n"
        "print(pending._pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert _state(child) in ("S", "R", "D")  # alive: asleep, running, or waiting on the disk
    parent.kill()
    parent.wait()
    # the output ends now, not when the child's work would have: the child does not hold it
    assert select.select([parent.stdout], [], [], 20)[0]
    assert parent.stdout.read() == ""
    for _ in range(100):
        if _state(child) in ("Z", "X", "gone"):
            break
        time.sleep(0.05)
    assert _state(child) in ("Z", "X", "gone")
