"""The guards around every write into the owner's folder.

A file is replaced only by renaming a complete temporary file over it, after checking that the
file read is still the one on disk (no lost update), under an advisory lock that keeps two arxl
runs from writing the same book at once. Temporary files are named after the book they will
replace, so that a later run holding the book's lock knows those it finds were left by a run
that was killed; older unnamed ones are removed by age. Every failure is an ArxlError whose one
line says the fix.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from filelock import FileLock, Timeout

from arxl.errors import WorkbookChanged, WorkbookLocked, WriteFailed, WriteRefused

TEMP_PREFIX = ".~arxl-"
# a temporary file of the older unnamed pattern (.~arxl-XXXXXXXX.xlsx) older than this is stale
STALE_AFTER = 3600.0
LOCK_WAIT = 2.0  # seconds to wait for another arxl run writing the same book


@dataclass(frozen=True)
class Identity:
    """What a file was when arxl read it: its size, modification time and content hash."""

    size: int
    mtime_ns: int
    digest: str

    @classmethod
    def of(cls, path: Path) -> Identity:
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns, _digest(path))


def stamp(path: Path) -> Identity | None:
    """The size and time of a file (no hash: cheap enough to take before reading starts), or
    None when it cannot be read; check_unchanged compares these only."""
    try:
        st = path.stat()
    except OSError:
        return None
    return Identity(st.st_size, st.st_mtime_ns, "")


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=20)
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def check_unchanged(path: Path, before: Identity) -> None:
    """Raise WorkbookChanged when the file is no longer the one read."""
    try:
        st = path.stat()
        same = (st.st_size, st.st_mtime_ns) == (before.size, before.mtime_ns)
        same = same and (not before.digest or _digest(path) == before.digest)
    except OSError:
        same = False
    if not same:
        raise WorkbookChanged(
            f"{path.name} was changed by another program while arxl was working; nothing was "
            "written: run arxl again."
        )


def _age(path: Path) -> str:
    seconds = max(0.0, time.time() - path.stat().st_mtime)
    if seconds < 120:
        return f"{seconds:.0f} seconds old"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes old"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} hours old"
    return f"{seconds / 86400:.0f} days old"


def lock_files(path: Path) -> list[tuple[Path, str]]:
    """The lock files other programs keep beside a workbook they have open: Excel's ~$NAME
    (Excel drops the first two letters of a long name) and LibreOffice's .~lock.NAME#."""
    names = {("~$" + path.name, "Excel"), (".~lock." + path.name + "#", "LibreOffice")}
    if len(path.stem) > 7:
        names.add(("~$" + path.name[2:], "Excel"))
    return [(path.with_name(n), app) for n, app in sorted(names) if path.with_name(n).exists()]


def check_not_locked(path: Path, force: bool | None = None) -> None:
    """Refuse a workbook another program has open (its lock file is beside it), unless `force`
    says the lock is stale (left by a crash; None: the command has no --force); and a
    read-only one, or an unwritable folder, whatever `force` says (check_writable), before
    anything is done that needs the write."""
    for lock, app in [] if force else lock_files(path):
        try:
            age = _age(lock)
        except OSError:
            continue
        empty = " and empty" if lock.stat().st_size == 0 else ""
        stale = "add --force" if force is not None else f"delete {lock.name}"
        raise WorkbookLocked(
            f"{path.name} is open in {app} (lock file {lock.name}, {age}{empty}); close it in "
            f"{app} and run arxl again, or {stale} if no one has it open (a lock left by a "
            "crash)."
        )
    check_writable(path)


def check_writable(path: Path) -> None:
    """Refuse a read-only file, or a folder in which no file can be created. The mode bits are
    read too, as root may write whatever the bits say."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o200):
        raise WriteRefused(
            f"{path.name} is read-only; make it writable (chmod u+w {path.name}, or untick "
            "Read-only in its Properties) or write elsewhere with -o."
        )
    if folder.is_dir() and (not os.access(folder, os.W_OK) or not folder.stat().st_mode & 0o222):
        raise WriteRefused(
            f"cannot create files in {folder}; ask for write access to that folder or write "
            "elsewhere with -o."
        )


def _lock_path(path: Path) -> Path:
    key = hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:24]
    folder = Path(tempfile.gettempdir()) / "arxl-locks"
    folder.mkdir(exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o1777)  # shared by every user, like /tmp
    return folder / f"{key}.lock"


@contextlib.contextmanager
def book_lock(path: Path) -> Iterator[None]:
    """Hold the advisory lock of the book written at `path` (re-entrant in one thread)."""
    try:
        lock = FileLock(_lock_path(path), timeout=LOCK_WAIT, is_singleton=True, mode=0o666)
        lock.acquire()
    except Timeout:  # an OSError too: first
        raise WorkbookLocked(
            f"{path.name} is being written by another arxl run; wait for it to finish and run "
            "arxl again."
        ) from None
    except OSError as exc:
        raise WriteFailed(
            f"cannot take arxl's lock for {path.name} in {tempfile.gettempdir()} "
            f"({exc.strerror or exc}); make that folder writable or set TMPDIR to one that is."
        ) from None
    try:
        yield
    finally:
        lock.release()


def stale_temps(path: Path) -> list[Path]:
    """Temporary files a killed arxl run left beside `path`: those named after it (call this
    while holding its lock) and unnamed ones older than STALE_AFTER."""
    folder = path.parent if str(path.parent) else Path(".")
    named = TEMP_PREFIX + path.name + "."
    now = time.time()
    out = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if not name.startswith(TEMP_PREFIX) or not name.lower().endswith((".xlsx", ".xlsm")):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
        except OSError:
            continue
        unnamed = "." not in name[len(TEMP_PREFIX) : -5]
        if name.startswith(named) or (unnamed and old):
            out.append(Path(entry.path))
    return sorted(out)


def remove_stale_temps(path: Path) -> list[str]:
    """Remove the stale temporary files beside `path`; the names of those removed."""
    removed = []
    for tmp in stale_temps(path):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp.name)
    return removed


@contextlib.contextmanager
def replacing(
    dst: Path, src: Path | None = None, expect: Identity | None = None
) -> Iterator[BinaryIO]:
    """A temporary file beside dst to write the new content into; renamed over dst when the
    block ends, if `src` is still what `expect` says. The temporary file is removed on every
    failure, and every OSError becomes one line saying the fix. A dst that is a symbolic link
    is followed: the file it points to is replaced (with its mode and group), the link stays."""
    if dst.is_symlink():
        dst = Path(os.path.realpath(dst))
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(exc, dst) from None
    check_writable(dst)
    with book_lock(dst):
        remove_stale_temps(dst)
        tmp = None
        try:
            # the name is known before the file exists: a signal landing right after it is
            # made still finds it to remove (mkstemp returned it only once it existed)
            tmp = dst.parent / f"{TEMP_PREFIX}{dst.name}.{secrets.token_hex(4)}{dst.suffix}"
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w+b") as fh:
                try:
                    yield fh
                except Exception:
                    if src is not None and expect is not None:
                        check_unchanged(src, expect)  # a book saved meanwhile reads as damaged
                    raise
                fh.flush()
                os.fsync(fh.fileno())
            if dst.exists():
                with contextlib.suppress(OSError):
                    old = dst.stat()
                    os.chmod(tmp, old.st_mode & 0o7777)
                    if old.st_gid != tmp.stat().st_gid:  # the owner's group, where allowed
                        os.chown(tmp, -1, old.st_gid)
            else:
                os.chmod(tmp, 0o666 & ~_umask())
            if src is not None and expect is not None:
                check_unchanged(src, expect)
            os.replace(tmp, dst)
            tmp = None
        except OSError as exc:
            raise write_error(exc, dst) from None
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    tmp.unlink()


def write_error(exc: OSError, dst: Path) -> WriteFailed:
    """One line for an OSError met while writing dst: what happened and the fix."""
    folder = dst.parent if str(dst.parent) else Path(".")
    unchanged = f"{dst.name} is unchanged" if dst.exists() else "nothing was written"
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        try:
            free = f" ({shutil.disk_usage(folder).free / 1e6:.0f} MB free)"
        except OSError:
            free = ""
        return WriteFailed(
            f"the disk holding {folder} is full{free}; {unchanged}: free some space and run "
            "arxl again."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return WriteFailed(
            f"no permission to write in {folder}; {unchanged}: ask for write access to that "
            "folder or write elsewhere with -o."
        )
    reason = exc.strerror or type(exc).__name__
    return WriteFailed(f"could not write {dst.name} ({reason}); {unchanged}: run arxl again.")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
