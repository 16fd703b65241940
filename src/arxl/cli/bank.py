"""`arxl bank BOOK STATEMENT... [--as-of D]`: the command and its summary (registered in
cli/__init__.py). Every statement line is accounted for in the summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from arxl.cli.options import as_of_date, as_of_option, book_arg, lang_option, out_option
from arxl.vocab import Lang, t

if TYPE_CHECKING:
    from arxl.api.bank import BankResult


@click.command("bank")
@book_arg
@click.argument(
    "statements", nargs=-1, type=click.Path(path_type=Path, exists=True, dir_okay=False)
)
@as_of_option
@lang_option("Language of the Rapprochement sheet (default: the headers').")
@out_option("Write the result to this workbook instead of BOOK.")
@click.option("--encoding", help="Encoding of CSV statements (default: detected).")
@click.option("--no-refresh", is_flag=True, help="Do not refresh arxl's sheets after posting.")
def bank(
    book: Path,
    statements: tuple[Path, ...],
    as_of: str | None,
    lang: str | None,
    out: Path | None,
    encoding: str | None,
    no_refresh: bool,
) -> None:
    """Match the credits of bank STATEMENTs (CAMT.053/054, OFX, MT940, bank CSV/xlsx) to the
    open invoices of BOOK, in its Rapprochement sheet; rows confirmed there (x in Valider)
    go to Paiements (with no STATEMENT, only that)."""
    from arxl.api.bank import bank_import  # pandas and the rest only when the command runs

    result = bank_import(
        book,
        statements,
        as_of=as_of_date(as_of),
        lang=lang,
        out=out,
        encoding=encoding,
        refresh=not no_refresh,
    )
    for line in summary(result):
        click.echo(line)


def summary(result: BankResult) -> list[str]:
    """The lines the command prints, in the book's language."""
    lang = Lang.EN if result.sheet == "Bank matching" else Lang.FR
    n = result.tally
    out = [
        t(
            f"Relevés : {n.lines} lignes ; {n.credits} crédits nouveaux ({n.sure} sûrs, "
            f"{n.proposed} proposés, {n.identify} à identifier), {n.debits} débits ignorés, "
            f"{n.duplicates} déjà importés, {n.later} postérieurs à la date d'analyse",
            f"Statements: {n.lines} lines; {n.credits} new credits ({n.sure} sure, "
            f"{n.proposed} proposed, {n.identify} to identify), {n.debits} debits skipped, "
            f"{n.duplicates} already imported, {n.later} after the as-of date",
            lang,
        ),
        t(
            f"Vos validations : {n.posted} reportées dans Paiements, {n.rejected} rejetées ; "
            f"validées automatiquement : {n.auto}",
            f"Your confirmations: {n.posted} posted to Payments, {n.rejected} rejected; "
            f"confirmed automatically: {n.auto}",
            lang,
        ),
    ]
    if n.unreadable:
        out.append(
            t(
                f"{n.unreadable} ligne(s) illisible(s) ignorée(s)",
                f"{n.unreadable} unreadable line(s) left out",
                lang,
            )
        )
    for issue in result.issues:
        where = f"{issue.sheet} {issue.row}" if issue.row else issue.sheet
        out.append(f"  {where}: {issue.message(lang)}")
    if result.conservation_holds is not None:
        ok = result.conservation_holds
        out.append(
            t(
                "Contrôle de conservation : " + ("OK" if ok else "ÉCART (voir Anomalies)"),
                "Conservation check: " + ("OK" if ok else "DIFFERENCE (see Issues)"),
                lang,
            )
        )
    out.append(
        t(
            f"{result.path.name} : feuille {result.sheet} écrite ; tapez x dans Valider puis "
            "actualisez (arxl refresh).",
            f"{result.path.name}: sheet {result.sheet} written; type x in Confirm, then refresh "
            "(arxl refresh).",
            lang,
        )
    )
    return out
