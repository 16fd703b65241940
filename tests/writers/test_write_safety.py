"""Nothing is overwritten that arxl was not asked to overwrite, no update is lost, temporary
files are arxl's to remove, and every write failure is one line with the fix (issue 19)."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import SEED_TRANSACTIONS, make_workbook

from arxl.api import refresh as api
from arxl.cli import main
from arxl.errors import WorkbookChanged
from arxl.writers import guard, package

AS_OF = ("--as-of", "2023-03-31")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~arxl-"))


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("arxl: error: ") and "Error:" not in lines[0], err
    return lines[0]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return make_workbook(tmp_path / "book.xlsx")


def unrelated(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "Inventaire"
    wb.active.append(["Article", "Stock"])
    wb.save(path)
    return path


# -- -o onto an existing file ---------------------------------------------------------------


def test_out_onto_an_unrelated_workbook_is_refused(book: Path, tmp_path: Path) -> None:
    other = unrelated(tmp_path / "other.xlsx")
    before = digest(other)
    code, _, err = run("refresh", str(book), "-o", str(other), *AS_OF)
    assert code == 1
    line = one_line(err)
    assert "other.xlsx already exists and is not arxl's output of book.xlsx" in line
    assert "--force" in line
    assert digest(other) == before and temps(tmp_path) == []


def test_out_onto_an_unrelated_workbook_with_force(book: Path, tmp_path: Path) -> None:
    other = unrelated(tmp_path / "other.xlsx")
    code, _, err = run("refresh", str(book), "-o", str(other), *AS_OF, "--force")
    assert code == 0, err
    assert "Suivi" in openpyxl.load_workbook(other, read_only=True).sheetnames


def test_out_onto_arxls_own_output_of_the_same_book_is_replaced(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    assert run("refresh", str(book), "-o", str(out), *AS_OF)[0] == 0
    code, _, err = run("refresh", str(book), "-o", str(out), "--as-of", "2023-04-30")
    assert code == 0, err


def test_out_onto_arxls_output_of_another_book_is_refused(book: Path, tmp_path: Path) -> None:
    other_book = make_workbook(tmp_path / "b2.xlsx", extra_sheets={"Stock": [["x"]]})
    out = tmp_path / "out.xlsx"
    assert run("refresh", str(other_book), "-o", str(out), *AS_OF)[0] == 0
    before = digest(out)
    code, _, err = run("refresh", str(book), "-o", str(out), *AS_OF)
    assert code == 1 and "not arxl's output of book.xlsx" in one_line(err)
    assert digest(out) == before


def test_out_onto_a_text_file_is_refused(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "notes.xlsx"
    out.write_text("my notes")
    code, _, err = run("refresh", str(book), "-o", str(out), *AS_OF)
    assert code == 1 and "already exists" in one_line(err)
    assert out.read_text() == "my notes"


# -- read-only files and folders ------------------------------------------------------------


def test_read_only_workbook_is_refused(book: Path) -> None:
    book.chmod(0o444)  # the mode bits are read: root may write anyway
    before = digest(book)
    code, _, err = run("refresh", str(book), *AS_OF)
    assert code == 1
    assert "book.xlsx is read-only" in one_line(err) and "chmod u+w" in err
    assert digest(book) == before
    assert stat.S_IMODE(book.stat().st_mode) == 0o444


def test_read_only_out_is_refused(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    assert run("refresh", str(book), "-o", str(out), *AS_OF)[0] == 0
    out.chmod(0o444)
    before = digest(out)
    code, _, err = run("refresh", str(book), "-o", str(out), *AS_OF, "--force")
    assert code == 1 and "out.xlsx is read-only" in one_line(err)
    assert digest(out) == before


def test_folder_that_cannot_be_written(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    book = make_workbook(folder / "book.xlsx")
    before = digest(book)
    folder.chmod(0o555)
    try:
        code, _, err = run("refresh", str(book), *AS_OF)
    finally:
        folder.chmod(0o755)
    assert code == 1
    line = one_line(err)
    assert f"cannot create files in {folder}" in line and "PermissionError" not in line
    assert digest(book) == before and temps(folder) == []


def test_permission_error_at_write_is_one_line(book: Path, monkeypatch) -> None:
    real_open = guard.os.open

    def refuse(path, *args, **kwargs):  # the temporary file beside the book cannot be made
        if Path(path).name.startswith(guard.TEMP_PREFIX):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(guard.os, "open", refuse)
    before = digest(book)
    code, _, err = run("refresh", str(book), *AS_OF)
    assert code == 1
    line = one_line(err)
    assert f"no permission to write in {book.parent}" in line and "Errno" not in line
    assert "book.xlsx is unchanged" in line
    assert digest(book) == before


def test_convert_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path: Path, monkeypatch) -> None:
    """The input sheets of a big conversion spill into a file beside the output: a disk that
    fills up then gets the same one line as the final write, and no file is left."""
    from arxl.api import convert as convert_api

    (tmp_path / "x.csv").write_text("Invoice;Client;Date;Amount\nI;C;01/02/2024;1\n")
    out = tmp_path / "out"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(convert_api, "write_ledger_workbook", full)
    code, _, err = run("convert", str(tmp_path / "x.csv"), "-o", str(out))
    assert code == 1
    assert f"the disk holding {out} is full" in err and "free some space" in err
    assert "Errno" not in err and list(out.iterdir()) == []


def test_full_disk_is_one_line_and_leaves_nothing(book: Path, monkeypatch) -> None:
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(package, "_raw_copy", full)
    before = digest(book)
    code, _, err = run("refresh", str(book), *AS_OF)
    assert code == 1
    line = one_line(err)
    assert f"the disk holding {book.parent} is full" in line and "free some space" in line
    assert "book.xlsx is unchanged" in line
    assert digest(book) == before and temps(book.parent) == []


# -- lock files of Excel and LibreOffice ----------------------------------------------------


def test_libreoffice_lock_is_honoured(book: Path) -> None:
    lock = book.with_name(".~lock.book.xlsx#")
    lock.write_text(",Owner,host,06.12.2026 10:00,file:///home/owner/.config/libreoffice/4;")
    before = digest(book)
    code, _, err = run("refresh", str(book), *AS_OF)
    assert code == 1
    line = one_line(err)
    assert "book.xlsx is open in LibreOffice (lock file .~lock.book.xlsx#" in line
    assert "seconds old" in line and "--force" in line
    assert digest(book) == before


def test_a_command_without_force_says_which_lock_to_delete(tmp_path: Path) -> None:
    """convert has no --force: its lock message names the lock file to delete instead."""
    (tmp_path / "x.csv").write_text("Invoice;Client;Date;Amount\nI;C;01/02/2024;1\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "~$x.xlsx").write_bytes(b"")
    code, _, err = run("convert", str(tmp_path / "x.csv"), "-o", str(out))
    assert code == 1
    assert "x.xlsx is open in Excel (lock file ~$x.xlsx" in err
    assert "delete ~$x.xlsx if no one has it open" in err and "--force" not in err
    assert not (out / "x.xlsx").exists()


def test_stale_empty_excel_lock_passes_with_force(book: Path) -> None:
    lock = book.with_name("~$book.xlsx")
    lock.write_bytes(b"")
    old = time.time() - 3 * 86400
    os.utime(lock, (old, old))
    code, _, err = run("refresh", str(book), *AS_OF)
    assert code == 1
    line = one_line(err)
    assert "open in Excel (lock file ~$book.xlsx, 3 days old and empty)" in line
    assert "--force" in line
    code, _, err = run("refresh", str(book), *AS_OF, "--force")
    assert code == 0, err
    assert "Suivi" in openpyxl.load_workbook(book, read_only=True).sheetnames


def test_convert_honours_a_libreoffice_lock_on_its_output(tmp_path: Path) -> None:
    csv_file = tmp_path / "factures.csv"
    csv_file.write_text(
        "Date;Client;Facture;Montant;Statut\n01/02/2023;Dupont;F1;100;En attente\n",
        encoding="utf-8",
    )
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / ".~lock.factures.xlsx#").write_text(",Owner,host,06.12.2026 10:00,x;")
    code, _, err = run("convert", str(csv_file), "-o", str(folder), *AS_OF)
    assert code == 1 and "open in LibreOffice" in err, err
    assert not (folder / "factures.xlsx").exists()


# -- no lost update -------------------------------------------------------------------------


def saved_meanwhile(monkeypatch, book: Path, same_size_and_time: bool = False) -> bytes:
    """Make the owner save the book while arxl writes its sheets; the bytes saved."""
    other = make_workbook(
        book.with_name("saved.xlsx"), transactions=[*SEED_TRANSACTIONS, *SEED_TRANSACTIONS]
    )
    saved = other.read_bytes()
    if same_size_and_time:  # the same size and time, another content: only the hash sees it
        old = book.read_bytes()
        saved = old[:-1] + bytes([old[-1] ^ 1])
    real = api.iter_sheets

    def iter_sheets(analysis, *rest, **named):
        st = book.stat()
        book.write_bytes(saved)
        if same_size_and_time:
            os.utime(book, ns=(st.st_atime_ns, st.st_mtime_ns))
        yield from real(analysis, *rest, **named)

    monkeypatch.setattr(api, "iter_sheets", iter_sheets)
    return saved


@pytest.mark.parametrize("same_size_and_time", [False, True])
def test_book_saved_meanwhile_is_not_replaced(book: Path, monkeypatch, same_size_and_time):
    saved = saved_meanwhile(monkeypatch, book, same_size_and_time)
    with pytest.raises(WorkbookChanged, match="changed by another program.*run arxl again"):
        api.refresh_workbook(book)
    assert book.read_bytes() == saved
    assert temps(book.parent) == []


def test_book_saved_meanwhile_with_out(book: Path, tmp_path: Path, monkeypatch) -> None:
    saved_meanwhile(monkeypatch, book)
    code, _, err = run("refresh", str(book), "-o", str(tmp_path / "out.xlsx"), *AS_OF)
    assert code == 1 and "book.xlsx was changed by another program" in one_line(err)
    assert not (tmp_path / "out.xlsx").exists()


def test_book_saved_while_the_cli_starts_reading_is_not_replaced(book: Path, monkeypatch):
    """The CLI starts reading the book before the library is imported: a save from then on
    counts too."""
    import arxl.cli.workbook as cli

    saved = make_workbook(book.with_name("saved.xlsx"), transactions=SEED_TRANSACTIONS[:1])
    real = cli.prefetch

    def prefetch(path):
        source = real(path)
        source._thread.join()  # the old rows are read; then the owner saves
        book.write_bytes(saved.read_bytes())
        return source

    monkeypatch.setattr(cli, "prefetch", prefetch)
    code, _, err = run("refresh", str(book), *AS_OF)
    assert code == 1 and "book.xlsx was changed by another program" in one_line(err)
    assert book.read_bytes() == saved.read_bytes()


def test_two_runs_do_not_write_the_same_book_at_once(book: Path, monkeypatch) -> None:
    monkeypatch.setattr(guard, "LOCK_WAIT", 0.2)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from arxl.writers import guard\n"
            "with guard.book_lock(Path(sys.argv[1])):\n"
            "    print('held', flush=True); time.sleep(60)",
            str(book),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        before = digest(book)
        code, _, err = run("refresh", str(book), *AS_OF)
    finally:
        holder.kill()
        holder.wait()
    assert code == 1
    assert "book.xlsx is being written by another arxl run" in one_line(err)
    assert digest(book) == before
    assert run("refresh", str(book), *AS_OF)[0] == 0  # the lock went with its process


# -- temporary files ------------------------------------------------------------------------


def test_stale_temporary_files_are_removed_saying_so(book: Path) -> None:
    folder = book.parent
    named = folder / ".~arxl-book.xlsx.k2j3h4g5.xlsx"  # named after this book: always stale
    old = folder / ".~arxl-bg75bjk2.xlsx"  # the older unnamed pattern, two hours old
    recent = folder / ".~arxl-zz11yy22.xlsx"  # unnamed and recent: maybe another run's
    mine_not = folder / ".~arxl-other.xlsx.a1b2c3d4.xlsx"  # another book's
    for p in (named, old, recent, mine_not):
        p.write_bytes(b"PK" + b"\0" * 1000)
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    code, out, err = run("refresh", str(book), *AS_OF)
    assert code == 0, err
    assert temps(folder) == sorted([recent.name, mine_not.name])
    said = [line for line in out.splitlines() if named.name in line]
    assert said and old.name in said[0] and "2" in said[0]


def test_temporary_file_is_removed_when_the_write_fails(book: Path, monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(package, "_raw_copy", boom)
    before = digest(book)
    with pytest.raises(RuntimeError):
        api.refresh_workbook(book)
    assert digest(book) == before and temps(book.parent) == []


# -- broken pipes ---------------------------------------------------------------------------


def test_aging_json_into_head_exits_quietly(tmp_path: Path) -> None:
    clients = [
        [i, f"Client {i} " + "x" * 40, "Rue", "01", f"c{i}@example.com"] for i in range(1, 1500)
    ]
    txs = [[SEED_TRANSACTIONS[1][0], i, f"F{i}", 100 + i, "En attente"] for i in range(1, 1500)]
    book = make_workbook(tmp_path / "big.xlsx", clients=clients, transactions=txs)
    arxl = [sys.executable, "-m", "arxl"]  # the program, with its own exit (cli.run)
    done = subprocess.run(
        ["bash", "-c", 'set -o pipefail; "$@" | head -c 100 >/dev/null; echo "rc=$?" >&2', "sh"]
        + arxl
        + ["aging", str(book), "--format", "json", *AS_OF],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stderr.strip().splitlines() == ["rc=0"], done.stderr


# -- the other commands that write an owner's file ------------------------------------------


@pytest.mark.parametrize("lock", [None, ".~lock.book.xlsx#"])
def test_remind_mark_sent_refuses_before_anything_is_logged(book: Path, tmp_path, lock) -> None:
    if lock:
        book.with_name(lock).write_text(",Owner,host,06.12.2026 10:00,x;")
    else:
        book.chmod(0o444)
    before = digest(book)
    # as of today: --mark-sent logs the day it runs (no --as-of)
    code, _, err = run("remind", str(book), "--mark-sent", "--out", str(tmp_path / "o"))
    assert code == 1
    assert ("open in LibreOffice" if lock else "book.xlsx is read-only") in one_line(err)
    assert digest(book) == before


def test_lock_folder_that_cannot_be_written_is_one_line(book: Path, monkeypatch) -> None:
    def refuse(path):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(guard, "_lock_path", refuse)
    before = digest(book)
    code, _, err = run("refresh", str(book), *AS_OF)
    assert code == 1 and "cannot take arxl's lock for book.xlsx" in one_line(err)
    assert "set TMPDIR" in err and digest(book) == before


def test_a_refresh_through_a_symbolic_link_writes_the_linked_workbook(book: Path, tmp_path) -> None:
    """The owner keeps a link to the workbook (a shared folder): the workbook it points to is
    refreshed, the link stays a link."""
    link = tmp_path / "raccourci.xlsx"
    link.symlink_to(book)
    before = book.read_bytes()
    code, _, err = run("refresh", str(link), *AS_OF)
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == book.resolve()
    assert book.read_bytes() != before  # the real file got the sheets


def test_report_on_a_full_disk_is_one_line_and_leaves_nothing(book: Path, monkeypatch) -> None:
    """The monthly report is written as every workbook is: one line, no temporary file."""
    from arxl.writers import layout

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(layout, "_write", full)
    out = book.parent / "rapport.xlsx"
    code, _, err = run("report", str(book), "--month", "2023-02", "-o", str(out), *AS_OF)
    assert code == 1
    line = one_line(err)
    assert f"the disk holding {book.parent} is full" in line and "Errno" not in line
    assert not out.exists() and temps(book.parent) == []
