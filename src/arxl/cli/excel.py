"""`arxl excel init`, `arxl excel setup` and `arxl excel run`: the workbook whose buttons run
arxl, the one-time setup of the PC for them, and what a button runs."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from arxl import api
from arxl.api.actions import ACTIONS
from arxl.cli import excelsetup
from arxl.cli.options import book_arg, lang_option, out_option
from arxl.errors import ArxlError
from arxl.vocab import Lang, t


@click.group()
def excel() -> None:
    """Inside the spreadsheet: a workbook whose buttons run arxl (Excel or LibreOffice Calc)."""


@excel.command("init")
@book_arg
@out_option("The .xlsm to write (default: BOOK with the .xlsm extension).")
@lang_option("Language of the buttons and sheets (default: the headers', French for a new book).")
def excel_init(book: Path, out: Path | None, lang: str | None) -> None:
    """Make a button-enabled .xlsm: a copy of BOOK, or a new workbook when BOOK does not exist."""
    target = out or book.with_suffix(".xlsm")
    if target.exists():
        raise ArxlError(f"{target}: already exists; choose another name with -o.")
    if not book.exists():
        lang = lang or "fr"
        api.new_macro_workbook(target, lang)
        click.echo(t(f"{target} créé.", f"{target} created.", Lang(lang)))
        return
    lang = lang or api.book_lang(book).value
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
                f"Le classeur a déjà ses macros : importez {target.with_name('arxl.bas')} et "
                "arxlMac.bas (Alt+F11, Fichier > Importer un fichier).",
                f"The workbook has macros of its own: import {target.with_name('arxl.bas')} and "
                "arxlMac.bas (Alt+F11, File > Import File).",
                Lang(lang),
            )
        )


@excel.command("setup")
@click.option("--dry-run", is_flag=True, help="Only print the steps.")
@click.option(
    "--os", "platform", type=click.Choice(["windows", "macos"]), help="Default: this computer's."
)
@click.option("--libreoffice", is_flag=True, help="Set up LibreOffice Calc instead of Excel.")
@click.option(
    "--profile",
    type=click.Path(path_type=Path),
    help="LibreOffice's user profile folder (default: the usual one of this system).",
)
@click.option("--xlwings", is_flag=True, help="Also install the optional xlwings add-in.")
@lang_option(default="fr")
def excel_setup(
    dry_run: bool,
    platform: str | None,
    libreoffice: bool,
    profile: Path | None,
    xlwings: bool,
    lang: str,
) -> None:
    """The one-time setup of this PC for the workbook's buttons (Excel or LibreOffice)."""
    lg, system = Lang(lang), platform or excelsetup.current_platform()
    for n, step in enumerate(excelsetup.steps(system, lg, libreoffice, xlwings), 1):
        click.echo(f"{n}. {step.text}")
        if (step.command or step.action) and not dry_run:
            ok, done = excelsetup.do_step(step, system, profile)
            click.echo(f"   {'OK' if ok else t('ÉCHEC', 'FAILED', lg)}: {done}")
    lacking = [] if dry_run else excelsetup.missing(libreoffice)
    if lacking:
        raise ArxlError(t("il manque : ", "missing: ", lg) + "; ".join(lacking))


@excel.command("run")
@click.argument("action", type=click.Choice(ACTIONS))
@book_arg
@click.option("--work", type=click.Path(path_type=Path), required=True, help="Folder for the copy.")
@click.option("--result", type=click.Path(path_type=Path), required=True, help="Result file.")
@click.option("--month", metavar="YYYY-MM", help="The month of the report.")
@click.option("--plan", metavar="TOKEN", help="remind-send: the plan the owner confirmed.")
@click.option(
    "--statement",
    "statements",
    multiple=True,
    type=click.Path(path_type=Path),
    help="bank: a bank statement file (repeat for several).",
)
def excel_run(
    action: str,
    book: Path,
    work: Path,
    result: Path,
    month: str | None,
    plan: str | None,
    statements: tuple[Path, ...],
) -> None:
    """What a button runs: ACTION on BOOK as last saved, arxl's sheets into a copy in WORK,
    the answer in RESULT (for the macro; BOOK itself is not written)."""
    if not run_for_macro(action, book, work, result, month, plan, statements):
        sys.exit(1)


def run_for_macro(
    action: str,
    book: Path,
    work: Path,
    result_file: Path,
    month: str | None = None,
    plan: str | None = None,
    statements: tuple[Path, ...] = (),
) -> bool:
    """`arxl excel run`: do one button's job and write the result file the macro reads (ASCII
    lines key<TAB>value, arxl.api.buttons.result_text); never a traceback: an unexpected
    failure is one line too. Whether it succeeded."""
    from arxl.api.buttons import result_text, run_button  # pandas: only when a button runs

    result, error = None, ""
    try:
        today = dt.date.today()
        result = run_button(
            book, action, work, month=month, plan=plan, today=today, statements=statements
        )
    except ArxlError as exc:
        error = str(exc)
    except Exception as exc:  # a button must never end on a traceback
        error = f"{type(exc).__name__}: {exc}"
    result_file.parent.mkdir(parents=True, exist_ok=True)
    result_file.write_bytes(result_text(result, error).encode("ascii"))
    return result is not None
