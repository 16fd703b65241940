"""`arxl convert`: accounting exports (CSV, FEC, workbooks) into arxl workbooks."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from arxl.cli.convert_summary import summary_line, total_line
from arxl.cli.options import (
    as_of_date,
    as_of_option,
    lang_option,
    layout_of,
    map_option,
    status_option,
)
from arxl.progress import cli_progress
from arxl.vocab import Lang


def terms_of(value: str | None) -> tuple[int, Path | None]:
    """--terms DAYS or --terms CLIENTS_FILE (client -> terms)."""
    if value is None:
        return 30, None
    if value.strip().isdigit():
        return int(value), None
    path = Path(value)
    if not path.is_file():
        raise click.BadParameter(f"{value!r} is neither a number of days nor a clients file")
    return 30, path


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--out",
    "outdir",
    type=click.Path(path_type=Path),
    default=".",
    show_default=True,
    help="Folder for the converted workbooks (one <name>.xlsx per input).",
)
@as_of_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "csv", "fec", "xlsx"]),
    default="auto",
    show_default=True,
    help="Format of the inputs (auto: from the extension and the header).",
)
@map_option
@click.option(
    "--terms",
    metavar="DAYS|FILE",
    help="Payment terms: days for every client, or a clients file with their terms (default 30).",
)
@click.option("--encoding", help="Encoding of text inputs (default: detected).")
@click.option(
    "--merge", type=click.Path(path_type=Path), help="Gather every input into this one workbook."
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Inputs converted at once, in that many processes (one per core at most is useful).",
)
@lang_option("Language of the sheets (default: the inputs' headers).")
@status_option(
    'What a status value means, e.g. --status "payed=paid; brouillon=draft" (repeatable).'
)
def convert(
    inputs: tuple[str, ...],
    outdir: Path,
    as_of: str | None,
    fmt: str,
    mapping: tuple[str, ...],
    terms: str | None,
    encoding: str | None,
    merge: Path | None,
    jobs: int,
    lang: str | None,
    statuses: tuple[str, ...],
) -> None:
    """Convert accounting exports (CSV, FEC, workbooks) into arxl workbooks as of a date."""
    from arxl.api.convert import ConvertOptions
    from arxl.api.convert import convert as run_convert

    days, clients_file = terms_of(terms)
    options = ConvertOptions(
        as_of=as_of_date(as_of) or dt.date.today(),
        fmt=fmt,
        layout=layout_of(None, mapping, None, statuses),
        encoding=encoding,
        terms=days,
        clients_file=clients_file,
        lang=Lang(lang) if lang else None,
    )
    with cli_progress() as progress:
        results = run_convert(inputs, outdir, options, merge=merge, jobs=jobs, progress=progress)
    for r in results:
        if r.ok:
            click.echo(summary_line(r))
        else:
            click.echo(f"arxl: error: {r.error}", err=True)
    click.echo(total_line(results, merged=merge is not None, lang=Lang(lang) if lang else None))
    if any(not r.ok for r in results):
        sys.exit(1)
