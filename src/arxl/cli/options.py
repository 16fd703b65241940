"""The options the commands share, defined once: the BOOK argument, --as-of, --lang, -o/--out,
--force, and the layout options (--sheet, --map, --clients, --status) that every command
reading a book takes as one `layout` argument (csvkit's common arguments)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path

import click

from arxl.api import Layout, parse_map, parse_status_map
from arxl.errors import UnknownField

LANGS = click.Choice(["fr", "en"])

book_arg = click.argument("book", type=click.Path(path_type=Path))

as_of_option = click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    help="Date of the picture (default: the Paramètres sheet, else today).",
)

map_option = click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="HEADER=field",
    help='Which column is which field, e.g. --map "Payable le=due_date" (repeatable).',
)

force_option = click.option(
    "--force",
    is_flag=True,
    help="Replace an existing -o file that is not arxl's output of BOOK, or go past a stale "
    "Excel/LibreOffice lock file (left by a crash).",
)


def lang_option(text: str | None = None, default: str | None = None) -> Callable:
    """--lang fr|en: the language of what the command writes (help and default per command)."""
    if default is None:
        return click.option("--lang", type=LANGS, help=text)
    return click.option("--lang", type=LANGS, default=default, show_default=True)


def out_option(text: str) -> Callable:
    """-o/--out: the file the command writes (what it is, per command)."""
    return click.option("-o", "--out", type=click.Path(path_type=Path), help=text)


def status_option(text: str) -> Callable:
    """--status VALUE=status (repeatable): what a status value of the book means."""
    return click.option("--status", "statuses", multiple=True, metavar="VALUE=status", help=text)


def as_of_date(value: str | None) -> dt.date | None:
    """The --as-of date; a value not in the form YYYY-MM-DD is a usage error."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def month_text(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """The --month value; one not in the form YYYY-MM is a usage error, as --as-of's."""
    if value is None:
        return None
    found = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise click.BadParameter(f"{value!r} is not a month in the form YYYY-MM")
    return value.strip()


def layout_options(command: Callable[..., None]) -> Callable[..., None]:
    """--sheet, --map, --clients and --status: say what layout detection cannot guess (refresh
    writes them into Paramètres for the commands and buttons that follow). The command gets
    them as one `layout` argument."""

    @functools.wraps(command)
    def with_layout(
        *args: object,
        sheet: str | None,
        mapping: tuple[str, ...],
        clients_book: Path | None,
        statuses: tuple[str, ...],
        **kwargs: object,
    ) -> None:
        command(*args, layout=layout_of(sheet, mapping, clients_book, statuses), **kwargs)

    f: Callable[..., None] = with_layout
    f = status_option(
        'What a status value means, e.g. --status "payed=Payé; unpayed=En attente" '
        "(repeatable; statuses: Payé, En attente, Litige, brouillon, annulé... or paid, "
        "pending, disputed, draft, cancelled...).",
    )(f)
    f = click.option(
        "--clients",
        "clients_book",
        type=click.Path(path_type=Path, exists=True, dir_okay=False),
        help="Workbook holding the clients, when they are not in BOOK.",
    )(f)
    f = map_option(f)
    return click.option("--sheet", help="Name of the sheet listing the invoices.")(f)


def layout_of(
    sheet: str | None,
    mapping: tuple[str, ...],
    clients_book: Path | None,
    statuses: tuple[str, ...] = (),
) -> Layout:
    """The Layout of the options; a bad --map or --status value is a usage error."""
    try:
        columns = parse_map(mapping)
    except UnknownField as exc:
        raise click.BadParameter(str(exc), param_hint="'--map'") from None
    try:
        status_pairs = parse_status_map(statuses)
    except UnknownField as exc:
        raise click.BadParameter(str(exc), param_hint="'--status'") from None
    return Layout(sheet=sheet, clients_book=clients_book, columns=columns, statuses=status_pairs)
