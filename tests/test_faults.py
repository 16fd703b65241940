"""Fault injection: a large refresh killed (SIGKILL) at random points leaves the owner's
workbook byte-identical, and the next run leaves no temporary file behind (issue 19)."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import generate  # noqa: E402 - the benchmark's deterministic rich workbook

from arxl.writers.graft import owned_sheet_names  # noqa: E402

ROWS = 40_000
SEED = 19
KILLS = 5
ARXL = [sys.executable, "-c", "from arxl.cli import main; main()"]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".~arxl-")]


def refresh(book: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*ARXL, "refresh", str(book), "--as-of", "2026-06-30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def watch(proc: subprocess.Popen, folder: Path) -> tuple[float | None, float]:
    """Wait for proc to end; when its temporary file first appeared and how long it lived."""
    start, first, last = time.monotonic(), None, None
    while proc.poll() is None:
        if temps(folder):
            last = time.monotonic() - start
            first = first if first is not None else last
        time.sleep(0.001)
    return first, (last - first) if first is not None and last is not None else 0.0


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("faults") / "rich.xlsx"
    generate(path, ROWS, SEED)
    return path


def test_killed_refresh_leaves_the_book_intact_and_no_temporary_file(
    original: Path, tmp_path: Path
) -> None:
    book = tmp_path / "book.xlsx"
    shutil.copyfile(original, book)
    proc = refresh(book)
    appear, window = watch(proc, tmp_path)
    assert proc.returncode == 0, proc.stderr.read()
    assert appear is not None  # the run wrote a temporary file that the kills can catch
    done = digest(book)
    rng = random.Random(SEED)
    want = digest(original)
    caught = 0
    for k in range(KILLS):
        shutil.copyfile(original, book)
        earlier = set(temps(tmp_path))  # left by the previous kill: this run removes them
        proc = refresh(book)
        start = time.monotonic()
        if k == 0:  # once during the reading and the rules, before anything is written
            time.sleep(rng.uniform(0.1, 0.8) * appear)
        else:  # the others while the temporary file is being written
            while not set(temps(tmp_path)) - earlier and proc.poll() is None:
                time.sleep(0.0005)
            time.sleep(rng.uniform(0.0, 0.7) * window)
        left = bool(set(temps(tmp_path)) - earlier)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        now = digest(book)
        if now != want:  # the kill came after the rename: the whole new workbook is there
            assert now == done, f"kill {k} after {time.monotonic() - start:.3f}s"
            with zipfile.ZipFile(book) as zf:
                assert zf.testzip() is None
            assert owned_sheet_names(book)
        else:
            caught += left
    assert caught >= 1, "no kill landed while the temporary file was being written"

    # The next run finishes, says what it removed, and leaves no temporary file.
    shutil.copyfile(original, book)
    stale = tmp_path / ".~arxl-book.xlsx.killed01.xlsx"
    stale.write_bytes(b"PK\x03\x04" + os.urandom(4096))  # as a SIGKILL leaves one, at least
    proc = refresh(book)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert stale.name in out
    assert temps(tmp_path) == []
    assert digest(book) == done


def stopped_midway(original: Path, tmp_path: Path, sig: int) -> tuple[int, str, bool]:
    """A refresh of a copy of `original` sent `sig` as soon as its temporary file exists:
    (exit code, stderr, the book as it was), after checking nothing is left behind."""
    book = tmp_path / "book.xlsx"
    shutil.copyfile(original, book)
    proc = refresh(book)
    while not temps(tmp_path) and proc.poll() is None:
        time.sleep(0.0005)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=600)
    assert temps(tmp_path) == []
    return proc.returncode, err, digest(book) == digest(original)


def test_terminated_refresh_removes_its_temporary_file(original: Path, tmp_path: Path) -> None:
    """SIGTERM (a logout, a service stop) is an exit arxl controls: nothing is left behind."""
    code, err, unchanged = stopped_midway(original, tmp_path, signal.SIGTERM)
    if code != 0:  # stopped before the rename
        assert code == 128 + signal.SIGTERM, err
        assert unchanged
        assert "Traceback" not in err


def test_interrupted_refresh_says_what_became_of_the_file(original: Path, tmp_path: Path) -> None:
    """Ctrl-C (SIGINT) in the middle of a refresh: one line saying the workbook is as it was or
    fully written, exit 130, nothing left behind."""
    code, err, unchanged = stopped_midway(original, tmp_path, signal.SIGINT)
    if code != 0:  # stopped before the rename
        assert code == 130, err
        assert "arxl: interrupted: a workbook being written is as it was" in err
        assert "Aborted" not in err and "Traceback" not in err
        assert unchanged
