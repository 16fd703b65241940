"""`arxl refresh` and `arxl report`: the commands that write a workbook from BOOK."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from arxl import api
from arxl.api import Layout, prefetch, stamp
from arxl.cli.options import (
    as_of_date,
    as_of_option,
    book_arg,
    force_option,
    lang_option,
    layout_options,
    month_text,
    out_option,
)
from arxl.memory import gc_paused
from arxl.progress import cli_progress
from arxl.vocab import t


@click.command()
@book_arg
@as_of_option
@lang_option("Language of the sheets written (default: the headers').")
@out_option("Write into this file instead of BOOK (BOOK is left alone).")
@force_option
@layout_options
def refresh(
    book: Path,
    as_of: str | None,
    lang: str | None,
    out: Path | None,
    force: bool,
    layout: Layout,
) -> None:
    """Apply the rules and write the follow-up sheets into BOOK (and the layout options into
    its Paramètres sheet)."""
    with gc_paused():
        read_as = stamp(book)  # a book saved from here on is not replaced (no lost update)
        source = prefetch(book)
        refresh_workbook = api.refresh_workbook  # pandas is imported while the workbook loads
        with cli_progress() as progress:
            result = refresh_workbook(
                book,
                out=out,
                as_of=as_of_date(as_of),
                lang=lang,
                today=dt.date.today(),
                progress=progress,
                source=source,
                layout=layout,
                force=force,
                read_as=read_as,
            )
    a, lg = result.analysis, result.analysis.lang
    if result.cleaned:
        click.echo(
            t(
                f"{len(result.cleaned)} fichier(s) temporaire(s) laissé(s) par une exécution "
                f"interrompue supprimé(s) : {', '.join(result.cleaned)}.",
                f"Removed {len(result.cleaned)} temporary file(s) left by an interrupted run: "
                f"{', '.join(result.cleaned)}.",
                result.analysis.lang,
            )
        )
    credits = 0 if a.allocation is None else len(a.allocation.payments)
    owing = int((a.aged["total"] > 0).sum())
    click.echo(
        t(
            f"{result.path}: situation au {a.as_of:%d/%m/%Y} — {len(a.items)} factures, "
            f"{credits} avoir(s) et paiement(s), {owing} client(s) débiteur(s), "
            f"{a.to_remind} à relancer, {len(a.issues)} anomalie(s). Feuilles écrites : "
            f"{', '.join(result.sheets.values())}.",
            f"{result.path}: as of {a.as_of:%Y-%m-%d} — {len(a.items)} invoices, {credits} "
            f"credit notes and payments, {owing} clients owing, {a.to_remind} to remind, "
            f"{len(a.issues)} issue(s). Sheets written: {', '.join(result.sheets.values())}.",
            lg,
        )
    )
    for note in a.naming_issues:  # an owner's sheet has the name of one of arxl's
        click.echo(note.message(lg))
    posting = result.posting
    if posting is not None and (posting.changed or posting.issues):
        n, pay = posting.lines, ", ".join(result.owner_sheets) or "Paiements"
        click.echo(
            t(
                f"{posting.sheet} : {n} ligne(s) validée(s) reportée(s) dans {pay}, "
                f"{posting.rejected} rejetée(s), {len(posting.issues)} non reportée(s) (voir "
                "Anomalies).",
                f"{posting.sheet}: {n} confirmed row(s) posted to {pay}, {posting.rejected} "
                f"rejected, {len(posting.issues)} not posted (see Issues).",
                lg,
            )
        )
    if result.kept:
        click.echo(
            t(
                f"Paramètres : {', '.join(result.kept)} enregistré(s) ; les commandes et les "
                "boutons suivants liront le classeur de la même façon sans option.",
                f"Settings: {', '.join(result.kept)} saved; later commands and the buttons "
                "read the book the same way with no option.",
                lg,
            )
        )


@click.command()
@book_arg
@click.option(
    "--month",
    required=True,
    metavar="YYYY-MM",
    callback=month_text,
    help="The month of the report.",
)
@out_option("The report workbook to write.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of the report (needs LibreOffice).")
@as_of_option
@lang_option("Language of the report (default: the headers').")
@layout_options
def report(
    book: Path,
    month: str,
    out: Path | None,
    pdf: bool,
    as_of: str | None,
    lang: str | None,
    layout: Layout,
) -> None:
    """Write the monthly report of BOOK as a new workbook (BOOK is only read)."""
    source = prefetch(book)
    result = api.monthly_report(
        book,
        month,
        out=out,
        as_of=as_of_date(as_of),
        lang=lang,
        today=dt.date.today(),
        pdf=pdf,
        source=source,
        layout=layout,
    )
    f, lg = result.figures, result.analysis.lang
    written = f"{result.path}" + (f" + {result.pdf}" if result.pdf else "")
    check = t("équilibrée", "balances", lg) if f.roll.balances else t("écart", "difference", lg)
    total = api.kpi_text.shown(
        "outstanding", f.figures["end"].outstanding, lg, result.analysis.formats
    )
    click.echo(
        t(
            f"{written} : rapport de {f.first:%m/%Y} au {f.end:%d/%m/%Y} — encours {total}, "
            f"variation des créances : {check}.",
            f"{written}: report for {f.first:%Y-%m} as of {f.end:%Y-%m-%d} — outstanding {total}, "
            f"roll-forward: {check}.",
            lg,
        )
    )
