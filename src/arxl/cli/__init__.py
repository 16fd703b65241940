"""The `arxl` command line: thin wrappers around the library's public functions (arxl.api).

The group and its error handling are here; the options the commands share are in options.py,
the commands in one module per job: workbook.py (refresh, report), printed.py (aging, kpis),
new.py (init, demo), remind.py, convert.py, excel.py (excel init, excel setup)."""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from typing import NoReturn

import click

# Arrow (behind pandas' strings) allocates through the C library's malloc rather than its own
# mimalloc, which keeps freed memory: ~120 MB less at peak on a million-row refresh.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from arxl.cli import bank, convert, excel, new, printed, remind, workbook
from arxl.errors import ArxlError

# The process ends after its one command. Python's last collections would walk every object
# still alive to free what the system frees anyway: frozen, they are left out, and the exit
# after the command takes 0.03 s instead of 0.11-0.14 s (a 5 000- or 100 000-row refresh).
atexit.register(gc.freeze)


class _Group(click.Group):
    """Turns ArxlError (and anything unexpected) into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            with _sigterm_as_exit():
                result = super().invoke(ctx)
                sys.stdout.flush()
                return result
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
            _quiet_stdout()
            ctx.exit(0)
        except ArxlError as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                traceback.print_exc()
            click.echo(f"arxl: error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:  # Ctrl-C: say what became of the file, not click's "Aborted!"
            click.echo(
                "arxl: interrupted: a workbook being written is as it was or fully written, "
                "never half; run the command again to finish.",
                err=True,
            )
            ctx.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # an unexpected failure still gets one readable line
            if ctx.obj and ctx.obj.get("verbose"):
                traceback.print_exc()
            click.echo(
                f"arxl: error: {type(exc).__name__}: {exc} (run with --verbose for details)",
                err=True,
            )
            ctx.exit(1)


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """A SIGTERM ends the run through Python's exits, so that temporary files are removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_stdout() -> None:
    """Point stdout at the null device, so that the flush at exit has nowhere to fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@click.group(cls=_Group)
@click.option("--verbose", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(package_name="arxl")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """arxl: accounts receivable in your Excel workbook (status, aging, reminders)."""
    ctx.obj = {"verbose": verbose}


def run() -> NoReturn:
    """The `arxl` program (and `python -m arxl`): main(), then the process's exit."""
    try:
        main()
    except SystemExit as done:
        _exit(done.code)
    _exit(0)


def _exit(code: object) -> NoReturn:
    """Exit with `code` once the exit handlers have run and the output is flushed, leaving out
    what Python's own exit adds after them: the unloading of every module (pandas, Arrow, 14 ms
    after a refresh here). Python's own exit where a thread still runs or the code is not a
    number, or where the output cannot be flushed (a reader gone: its usual message)."""
    if threading.active_count() > 1 or not (code is None or isinstance(code, int)):
        sys.exit(code)
    atexit._run_exitfuncs()  # noqa: SLF001 - the exit handlers, run as Python's exit runs them
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code or 0)


for command in (
    workbook.refresh,
    printed.aging,
    new.init,
    new.demo,
    remind.remind,
    printed.kpis,
    workbook.report,
    excel.excel,
    convert.convert,
    bank.bank,
):
    main.add_command(command)
