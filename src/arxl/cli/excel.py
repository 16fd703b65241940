"""`arxl excel init` and `arxl excel setup`: the workbook whose buttons run arxl, and the
one-time setup of the PC for them."""

from __future__ import annotations

from pathlib import Path

import click

from arxl import api
from arxl.cli import excelsetup
from arxl.cli.options import book_arg, lang_option, out_option
from arxl.errors import ArxlError
from arxl.vocab import Lang, t


@click.group()
def excel() -> None:
    """Inside Excel: a workbook whose buttons run arxl (Windows or macOS with Excel)."""


@excel.command("init")
@book_arg
@out_option("The .xlsm to write (default: BOOK with the .xlsm extension).")
@lang_option(default="fr")
def excel_init(book: Path, out: Path | None, lang: str) -> None:
    """Make a button-enabled .xlsm: a copy of BOOK, or a new workbook when BOOK does not exist."""
    target = out or book.with_suffix(".xlsm")
    if target.exists():
        raise ArxlError(f"{target}: already exists; choose another name with -o.")
    if not book.exists():
        api.new_macro_workbook(target, lang)
        click.echo(t(f"{target} créé.", f"{target} created.", Lang(lang)))
        return
    result = api.add_buttons(book, target, lang)
    click.echo(
        t(
            f"{target} : copie de {book.name} avec la feuille {result.home} et ses boutons.",
            f"{target}: a copy of {book.name} with the {result.home} sheet and its buttons.",
            Lang(lang),
        )
    )
    if result.kept_owner_vba:
        click.echo(
            t(
                f"Le classeur a déjà ses macros : importez {target.with_name('arxl.bas')} "
                "(Alt+F11, Fichier > Importer un fichier).",
                f"The workbook has macros of its own: import {target.with_name('arxl.bas')} "
                "(Alt+F11, File > Import File).",
                Lang(lang),
            )
        )


@excel.command("setup")
@click.option("--dry-run", is_flag=True, help="Only print the steps.")
@click.option(
    "--os", "platform", type=click.Choice(["windows", "macos"]), help="Default: this computer's."
)
@lang_option(default="fr")
def excel_setup(dry_run: bool, platform: str | None, lang: str) -> None:
    """The one-time setup of this PC for the workbook's buttons (xlwings add-in, macro trust)."""
    lg = Lang(lang)
    can_run = not dry_run and excelsetup.xlwings_installed()
    for n, step in enumerate(excelsetup.steps(platform or excelsetup.current_platform(), lg), 1):
        click.echo(f"{n}. {step.text}")
        if step.command and can_run:
            ok, last = excelsetup.run_step(step)
            click.echo(f"   {'OK' if ok else t('ÉCHEC', 'FAILED', lg)}: {last}")
    if not dry_run and not excelsetup.xlwings_installed():
        raise ArxlError(
            t(
                'xlwings n\'est pas installé : pip install "arxl[excel]", puis relancez '
                "arxl excel setup.",
                'xlwings is not installed: pip install "arxl[excel]", then run arxl excel setup '
                "again.",
                lg,
            )
        )
