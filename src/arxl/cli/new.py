"""`arxl init` and `arxl demo`: a new workbook, blank or with the sample's data."""

from __future__ import annotations

from pathlib import Path

import click

from arxl import api
from arxl.cli.options import lang_option
from arxl.errors import ArxlError
from arxl.vocab import Lang, t


@click.command()
@click.argument("path", type=click.Path(path_type=Path), default="arxl.xlsx")
@lang_option(default="fr")
def init(path: Path, lang: str) -> None:
    """Create a blank workbook ready to fill (Clients, Transactions, Paramètres)."""
    if path.exists():
        raise ArxlError(f"{path}: already exists; choose another name (arxl never overwrites it).")
    api.write_blank_workbook(path, Lang(lang))
    click.echo(
        t(
            f"{path} créé : remplissez Clients et Transactions puis lancez `arxl refresh {path}`.",
            f"{path} created: fill in Clients and Transactions, then run `arxl refresh {path}`.",
            Lang(lang),
        )
    )


@click.command()
@click.argument("path", type=click.Path(path_type=Path), default="arxl-demo.xlsx")
@lang_option(default="fr")
def demo(path: Path, lang: str) -> None:
    """Write a realistic sample workbook, refreshed and ready to open."""
    from arxl.api.demo import make_demo

    result = make_demo(path, Lang(lang))
    a = result.analysis
    click.echo(
        t(
            f"{path} : démo au {a.as_of:%d/%m/%Y} — {len(a.items)} factures, {len(a.aged)} clients "
            f"avec un solde, {a.to_remind} à relancer. Ouvrez-le dans Excel ou LibreOffice.",
            f"{path}: demo as of {a.as_of:%Y-%m-%d} — {len(a.items)} invoices, "
            f"{len(a.aged)} clients "
            f"with a balance, {a.to_remind} to remind. Open it in Excel or LibreOffice.",
            Lang(lang),
        )
    )
