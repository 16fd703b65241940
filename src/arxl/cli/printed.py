"""`arxl aging` and `arxl kpis`: the read-only commands that print what BOOK says."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from arxl import api
from arxl.api import Layout, prefetch
from arxl.cli.options import as_of_date, as_of_option, book_arg, lang_option, layout_options
from arxl.cli.table import print_table
from arxl.memory import gc_paused
from arxl.vocab import Lang, number_text, t


@click.command()
@book_arg
@as_of_option
@click.option(
    "--by", type=click.Choice(["invoice", "client"]), default="invoice", show_default=True
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Table: list the paid, written-off... invoices too, not only the open ones (CSV and "
    "JSON always list every invoice).",
)
@lang_option("Language of the table (default: the headers').")
@layout_options
def aging(
    book: Path,
    as_of: str | None,
    by: str,
    fmt: str,
    everything: bool,
    lang: str | None,
    layout: Layout,
) -> None:
    """Print the aging of BOOK (read-only)."""
    with gc_paused():
        a = _analysed(book, as_of, lang, layout)
    export = api.export
    if fmt == "table":
        print_term_table(
            export.aging_table(
                a.items, a.aged, a.settings, a.as_of, a.lang, by, everything, a.formats
            )
        )
        return
    text = export.invoice_csv(a.items) if by == "invoice" and fmt == "csv" else None
    if text is not None:
        sys.stdout.write(text)
        return
    header, rows = (
        export.by_invoice(a.items) if by == "invoice" else export.by_client(a.aged, a.settings)
    )
    if fmt == "csv":
        sys.stdout.write(export.csv_text(header, rows))
    elif fmt == "json":
        json.dump(
            {
                "as_of": a.as_of.isoformat(),
                "rows": [
                    {
                        k: (None if v == "" and k == "reminder_level" else export.neutralised(v))
                        for k, v in zip(header, r, strict=True)
                    }
                    for r in rows
                ],
            },
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        sys.stdout.write("\n")


def print_term_table(table) -> None:  # noqa: ANN001 (reports.export.TermTable, through api)
    """A rich table as wide as the terminal (80 columns when not a terminal): numbers in the
    book's style and never cut; the flexible column (the client) shortened with an ellipsis,
    and the optional columns left out, when the terminal is too narrow; totals in the footer."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    def cell(v: object) -> str:
        return number_text(v, table.lang) if isinstance(v, float) else str(v)

    console = Console()
    rows = [[cell(v) for v in row] for row in table.rows]
    foot = [cell(v) for v in table.total]
    natural = [
        max(len(head), len(foot[i]), *(len(r[i]) for r in rows))
        for i, head in enumerate(table.headers)
    ]
    keep = list(range(len(table.headers)))

    def summed(values: list[object], grouped: list[int]) -> float:
        return float(sum(float(values[i] or 0.0) for i in grouped))

    def summed_width(grouped: list[int]) -> int:  # the column the left-out amounts go in
        sums = [summed(r, grouped) for r in [*table.rows, table.total]]
        return max(len(table.summed_label), *(len(cell(x)) for x in sums))

    def others() -> int:  # the width of every kept column but the flexible one, with gaps
        width = sum(natural[i] + 3 for i in keep if i != table.flexible)
        grouped = [i for i in table.summed if i not in keep]
        return width + (summed_width(grouped) + 3 if grouped else 0)

    for drop in table.optional:
        if others() + min(natural[table.flexible], 16) + 3 <= console.width:
            break
        keep.remove(drop)
    room = max(8, console.width - others() - 3)
    grouped = [i for i in table.summed if i not in keep]
    left_out = [table.headers[i] for i in table.optional if i not in keep and i not in grouped]
    captions = []
    if grouped:  # summed in one column, before the last: each row still adds up
        names = ", ".join(table.headers[i] for i in grouped)
        label = table.summed_label
        captions.append(t(f"{label} : {names}", f"{label}: {names}", table.lang))
    if left_out:
        names = ", ".join(left_out)
        captions.append(
            t(
                f"Colonnes omises, le terminal est trop étroit : {names}",
                f"Columns left out, the terminal is too narrow: {names}",
                table.lang,
            )
        )
    caption = "\n".join(captions) or None
    headers, numeric = list(table.headers), list(table.numeric)
    if grouped:
        last = len(headers) - 1
        headers = [*headers[:last], table.summed_label, headers[last]]
        numeric = [*numeric[:last], True, numeric[last]]
        sums = [cell(summed(raw, grouped)) for raw in table.rows]
        rows = [[*r[:last], x, r[last]] for r, x in zip(rows, sums, strict=True)]
        foot = [*foot[:last], cell(summed(table.total, grouped)), foot[last]]
        natural = [*natural[:last], summed_width(grouped), natural[last]]
        keep = [*[i for i in keep if i < last], last, last + 1]
    out = Table(
        title=table.title, caption=caption, box=box.SIMPLE_HEAD, show_footer=True, pad_edge=False
    )
    for i in keep:
        flexible = i == table.flexible
        out.add_column(
            headers[i],
            footer=foot[i],
            justify="right" if numeric[i] else "left",
            no_wrap=True,
            overflow="ellipsis",
            min_width=None if flexible else natural[i],
            max_width=min(room, natural[i]) if flexible else natural[i],
        )
    for row in rows:
        out.add_row(*(row[i] for i in keep))
    console.print(out)


@click.command()
@book_arg
@as_of_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@lang_option("Language of the labels (default: the headers').")
@layout_options
def kpis(
    book: Path,
    as_of: str | None,
    fmt: str,
    lang: str | None,
    layout: Layout,
) -> None:
    """Print the dashboard's figures (read-only); JSON gives null where not computable."""
    a = _analysed(book, as_of, lang, layout)
    export, kpi_text = api.export, api.kpi_text
    figures = a.kpis.to_dict()
    if fmt == "json":
        figures["top_debtors"] = kpi_text.debtor_records(a.top_debtors)
        json.dump(export.neutralised(figures), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    rows = [
        [
            kpi_text.label(k, a.lang),
            kpi_text.shown(k, figures[k], a.lang, a.formats),
            kpi_text.definition(k, a.lang, a.kpis),
        ]
        for k in kpi_text.KPI_TEXT
    ]
    header = [
        t("Indicateur", "Figure", a.lang),
        t("Valeur", "Value", a.lang),
        "Définition" if a.lang is Lang.FR else "Definition",
    ]
    day = a.formats.date_text(a.as_of)
    print_table(header, rows, title=t(f"au {day}", f"as of {day}", a.lang))


def _analysed(book: Path, as_of: str | None, lang: str | None, layout: Layout) -> api.Analysis:
    """The book read as the printing commands read it: prefetched while pandas is imported,
    as of the date given (else Paramètres', else today)."""
    source = prefetch(book)
    return api.analyse(
        book,
        as_of=as_of_date(as_of),
        lang=lang,
        today=dt.date.today(),
        source=source,
        layout=layout,
    )
