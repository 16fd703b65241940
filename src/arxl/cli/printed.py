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
from arxl.vocab import Lang, t


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
@layout_options
def aging(
    book: Path,
    as_of: str | None,
    by: str,
    fmt: str,
    layout: Layout,
) -> None:
    """Print the aging of BOOK (read-only)."""
    with gc_paused():
        source = prefetch(book)
        export = api.export
        a = api.analyse(
            book, as_of=as_of_date(as_of), today=dt.date.today(), source=source, layout=layout
        )
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
    else:
        print_table(header, rows, title=f"as of {a.as_of.isoformat()}")


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
    source = prefetch(book)
    export, kpi_text = api.export, api.kpi_text
    a = api.analyse(
        book,
        as_of=as_of_date(as_of),
        lang=lang,
        today=dt.date.today(),
        source=source,
        layout=layout,
    )
    figures = a.kpis.to_dict()
    if fmt == "json":
        figures["top_debtors"] = kpi_text.debtor_records(a.top_debtors)
        json.dump(export.neutralised(figures), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    rows = [
        [
            kpi_text.label(k, a.lang),
            kpi_text.shown(k, figures[k], a.lang),
            kpi_text.definition(k, a.lang, a.kpis),
        ]
        for k in kpi_text.KPI_TEXT
    ]
    header = [
        t("Indicateur", "Figure", a.lang),
        t("Valeur", "Value", a.lang),
        "Définition" if a.lang is Lang.FR else "Definition",
    ]
    print_table(
        header, rows, title=t(f"au {a.as_of:%d/%m/%Y}", f"as of {a.as_of.isoformat()}", a.lang)
    )
