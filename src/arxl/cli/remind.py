"""`arxl remind`: the reminders due, as drafts and letters, or sent and logged."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from arxl.api import Layout, prefetch
from arxl.cli.options import as_of_date, book_arg, layout_options
from arxl.cli.remind_summary import summary
from arxl.cli.table import print_table


@click.command()
@book_arg
@click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    help="Date of the reminders (default: today; the Paramètres sheet's date is not used: "
    "a letter is dated the day it goes out).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Folder for the drafts and letters (default: BOOK-relances-DATE beside BOOK).",
)
@click.option("--send", is_flag=True, help="Send through SMTP (ARXL_SMTP_* or Paramètres).")
@click.option("--mark-sent", is_flag=True, help="Log the drafts as sent by you.")
@click.option(
    "--only", multiple=True, metavar="CLIENT", help="Only these clients, by id or name (repeat)."
)
@click.option("--level", type=click.IntRange(0, 4), help="Only the reminders of this level.")
@layout_options
def remind(
    book: Path,
    as_of: str | None,
    out_dir: Path | None,
    send: bool,
    mark_sent: bool,
    only: tuple[str, ...],
    level: int | None,
    layout: Layout,
) -> None:
    """Prepare the reminders due (one .eml per client), or send and log them."""
    source = prefetch(book)
    from arxl.api.remind import remind as run_remind

    ids = [x.strip() for value in only for x in value.split(",") if x.strip()]
    result = run_remind(
        book,
        out_dir=out_dir,
        as_of=as_of_date(as_of),
        today=dt.date.today(),
        send=send,
        mark_sent=mark_sent,
        only=ids,
        level=level,
        source=source,
        layout=layout,
    )
    header, rows, footer = summary(result)
    print_table(header, rows, title=footer[0], lang=result.analysis.lang)
    for line in footer[1:]:
        click.echo(line)
    if result.failed or result.stopped:
        sys.exit(1)
