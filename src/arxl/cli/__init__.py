"""The `arxl` command line: thin wrappers around the library's public functions."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import click

# Arrow (behind pandas' strings) allocates through the C library's malloc rather than its own
# mimalloc, which keeps freed memory: ~120 MB less at peak on a million-row refresh.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from arxl.errors import ArxlError, UnknownField
from arxl.memory import gc_paused
from arxl.progress import cli_progress
from arxl.readers.layout import Layout, parse_map, parse_status_map
from arxl.readers.workbook import prefetch
from arxl.vocab import Lang, t
from arxl.writers.guard import stamp

LANGS = click.Choice(["fr", "en"])


class _Group(click.Group):
    """Turns ArxlError (and anything unexpected) into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            with _sigterm_as_exit():
                result = super().invoke(ctx)
                sys.stdout.flush()
                return result
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as Unix tools do
            _quiet_stdout()
            ctx.exit(0)
        except ArxlError as exc:
            if ctx.obj and ctx.obj.get("verbose"):
                traceback.print_exc()
            click.echo(f"arxl: error: {exc}", err=True)
            ctx.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # an unexpected failure still gets one readable line
            if ctx.obj and ctx.obj.get("verbose"):
                traceback.print_exc()
            click.echo(
                f"arxl: error: {type(exc).__name__}: {exc} (run with --verbose for details)",
                err=True,
            )
            ctx.exit(1)


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """A SIGTERM ends the run through Python's exits, so that temporary files are removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _quiet_stdout() -> None:
    """Point stdout at the null device, so that the flush at exit has nowhere to fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


as_of_option = click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    help="Date of the picture (default: the Paramètres sheet, else today).",
)
book_arg = click.argument("book", type=click.Path(path_type=Path))


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
        command(*args, layout=_layout(sheet, mapping, clients_book, statuses), **kwargs)

    f: Callable[..., None] = with_layout
    f = click.option(
        "--status",
        "statuses",
        multiple=True,
        metavar="VALUE=status",
        help='What a status value means, e.g. --status "payed=Payé; unpayed=En attente" '
        "(repeatable; statuses: Payé, En attente, Litige, brouillon, annulé... or paid, "
        "pending, disputed, draft, cancelled...).",
    )(f)
    f = click.option(
        "--clients",
        "clients_book",
        type=click.Path(path_type=Path, exists=True, dir_okay=False),
        help="Workbook holding the clients, when they are not in BOOK.",
    )(f)
    f = click.option(
        "--map",
        "mapping",
        multiple=True,
        metavar="HEADER=field",
        help='Which column is which field, e.g. --map "Payable le=due_date" (repeatable).',
    )(f)
    return click.option("--sheet", help="Name of the sheet listing the invoices.")(f)


def _layout(
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


@click.group(cls=_Group)
@click.option("--verbose", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(package_name="arxl")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """arxl: accounts receivable in your Excel workbook (status, aging, reminders)."""
    ctx.obj = {"verbose": verbose}


@main.command()
@book_arg
@as_of_option
@click.option("--lang", type=LANGS, help="Language of the sheets written (default: the headers').")
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    help="Write into this file instead of BOOK (BOOK is left alone).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing -o file that is not arxl's output of BOOK, or go past a stale "
    "Excel/LibreOffice lock file (left by a crash).",
)
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
        from arxl import api  # pandas is imported while the workbook loads

        with cli_progress() as progress:
            result = api.refresh_workbook(
                book,
                out=out,
                as_of=_as_of(as_of),
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
            f"{credits} avoirs et paiements, {owing} clients débiteurs, {len(a.reminders)} à "
            f"relancer, {len(a.issues)} anomalie(s). Feuilles écrites : "
            f"{', '.join(result.sheets.values())}.",
            f"{result.path}: as of {a.as_of:%Y-%m-%d} — {len(a.items)} invoices, {credits} "
            f"credit notes and payments, {owing} clients owing, {len(a.reminders)} to remind, "
            f"{len(a.issues)} issue(s). Sheets written: {', '.join(result.sheets.values())}.",
            lg,
        )
    )
    for note in a.naming_issues:  # an owner's sheet has the name of one of arxl's
        click.echo(note.message(lg))
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


@main.command()
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
        from arxl import api
        from arxl.reports import export

        a = api.analyse(
            book, as_of=_as_of(as_of), today=dt.date.today(), source=source, layout=layout
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
        from arxl.reports.table import print_table

        print_table(header, rows, title=f"as of {a.as_of.isoformat()}")


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default="arxl.xlsx")
@click.option("--lang", type=LANGS, default="fr", show_default=True)
def init(path: Path, lang: str) -> None:
    """Create a blank workbook ready to fill (Clients, Transactions, Paramètres)."""
    from arxl.writers.template import write_blank_workbook

    if path.exists():
        raise ArxlError(f"{path}: already exists; choose another name (arxl never overwrites it).")
    write_blank_workbook(path, Lang(lang))
    click.echo(
        t(
            f"{path} créé : remplissez Clients et Transactions puis lancez `arxl refresh {path}`.",
            f"{path} created: fill in Clients and Transactions, then run `arxl refresh {path}`.",
            Lang(lang),
        )
    )


@main.command()
@click.argument("path", type=click.Path(path_type=Path), default="arxl-demo.xlsx")
@click.option("--lang", type=LANGS, default="fr", show_default=True)
def demo(path: Path, lang: str) -> None:
    """Write a realistic sample workbook, refreshed and ready to open."""
    from arxl.api.demo import make_demo

    result = make_demo(path, Lang(lang))
    a = result.analysis
    click.echo(
        t(
            f"{path} : démo au {a.as_of:%d/%m/%Y} — {len(a.items)} factures, {len(a.aged)} clients "
            f"avec un solde, {len(a.reminders)} à relancer. Ouvrez-le dans Excel ou LibreOffice.",
            f"{path}: demo as of {a.as_of:%Y-%m-%d} — {len(a.items)} invoices, "
            f"{len(a.aged)} clients "
            f"with a balance, {len(a.reminders)} to remind. Open it in Excel or LibreOffice.",
            Lang(lang),
        )
    )


@main.command()
@book_arg
@as_of_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="Folder for the drafts and letters (default: BOOK-relances-DATE beside BOOK).",
)
@click.option("--send", is_flag=True, help="Send through SMTP (ARXL_SMTP_* or Paramètres).")
@click.option("--mark-sent", is_flag=True, help="Log the drafts as sent by you.")
@click.option("--only", multiple=True, metavar="CLIENT", help="Only these client ids (repeat).")
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
    from arxl.cli.remind_summary import summary

    ids = [x.strip() for value in only for x in value.split(",") if x.strip()]
    result = run_remind(
        book,
        out_dir=out_dir,
        as_of=_as_of(as_of),
        today=dt.date.today(),
        send=send,
        mark_sent=mark_sent,
        only=ids,
        level=level,
        source=source,
        layout=layout,
    )
    from arxl.reports.table import print_table

    header, rows, footer = summary(result)
    print_table(header, rows, title=footer[0], lang=result.analysis.lang)
    for line in footer[1:]:
        click.echo(line)
    if result.failed or result.stopped:
        sys.exit(1)


@main.command()
@book_arg
@as_of_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--lang", type=LANGS, help="Language of the labels (default: the headers').")
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
    from arxl import api
    from arxl.reports import export, kpi_text

    a = api.analyse(
        book, as_of=_as_of(as_of), lang=lang, today=dt.date.today(), source=source, layout=layout
    )
    figures = a.kpis.to_dict()
    if fmt == "json":
        figures["top_debtors"] = kpi_text.debtor_records(a.top_debtors)
        json.dump(export.neutralised(figures), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    from arxl.reports.table import print_table

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


@main.command()
@book_arg
@click.option("--month", required=True, metavar="YYYY-MM", help="The month of the report.")
@click.option("-o", "--out", type=click.Path(path_type=Path), help="The report workbook to write.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of the report (needs LibreOffice).")
@as_of_option
@click.option("--lang", type=LANGS, help="Language of the report (default: the headers').")
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
    from arxl import api
    from arxl.reports.kpi_text import shown

    result = api.monthly_report(
        book, month, out=out, as_of=_as_of(as_of), lang=lang, today=dt.date.today(), pdf=pdf,
        source=source, layout=layout,
    )  # fmt: skip
    f, lg = result.figures, result.analysis.lang
    written = f"{result.path}" + (f" + {result.pdf}" if result.pdf else "")
    check = t("équilibrée", "balances", lg) if f.roll.balances else t("écart", "difference", lg)
    total = shown("outstanding", f.figures["end"].outstanding, lg)
    click.echo(
        t(
            f"{written} : rapport de {f.first:%m/%Y} au {f.end:%d/%m/%Y} — encours {total}, "
            f"variation des créances : {check}.",
            f"{written}: report for {f.first:%Y-%m} as of {f.end:%Y-%m-%d} — outstanding {total}, "
            f"roll-forward: {check}.",
            lg,
        )
    )


@main.group()
def excel() -> None:
    """Inside Excel: a workbook whose buttons run arxl (Windows or macOS with Excel)."""


@excel.command("init")
@book_arg
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    help="The .xlsm to write (default: BOOK with the .xlsm extension).",
)
@click.option("--lang", type=LANGS, default="fr", show_default=True)
def excel_init(book: Path, out: Path | None, lang: str) -> None:
    """Make a button-enabled .xlsm: a copy of BOOK, or a new workbook when BOOK does not exist."""
    from arxl import api

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
@click.option("--lang", type=LANGS, default="fr", show_default=True)
def excel_setup(
    dry_run: bool,
    platform: str | None,
    libreoffice: bool,
    profile: Path | None,
    xlwings: bool,
    lang: str,
) -> None:
    """The one-time setup of this PC for the workbook's buttons (Excel or LibreOffice)."""
    from arxl import excelsetup

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
@click.argument("action", type=click.Choice(["refresh", "reminders", "report", "drafts"]))
@book_arg
@click.option("--work", type=click.Path(path_type=Path), required=True, help="Folder for the copy.")
@click.option("--result", type=click.Path(path_type=Path), required=True, help="Result file.")
@click.option("--month", metavar="YYYY-MM", help="The month of the report.")
def excel_run(action: str, book: Path, work: Path, result: Path, month: str | None) -> None:
    """What a button runs: ACTION on BOOK as last saved, arxl's sheets into a copy in WORK,
    the answer in RESULT (for the macro; BOOK itself is not written)."""
    from arxl.excel import run_for_macro

    if not run_for_macro(action, book, work, result, month):
        sys.exit(1)


def _terms(value: str | None) -> tuple[int, Path | None]:
    """--terms DAYS or --terms CLIENTS_FILE (client -> terms)."""
    if value is None:
        return 30, None
    if value.strip().isdigit():
        return int(value), None
    path = Path(value)
    if not path.is_file():
        raise click.BadParameter(f"{value!r} is neither a number of days nor a clients file")
    return 30, path


@main.command()
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
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="HEADER=field",
    help='Which column is which field, e.g. --map "Payable le=due_date" (repeatable).',
)
@click.option(
    "--terms",
    metavar="DAYS|FILE",
    help="Payment terms: days for every client, or a clients file with their terms (default 30).",
)
@click.option("--encoding", help="Encoding of text inputs (default: detected).")
@click.option(
    "--merge", type=click.Path(path_type=Path), help="Gather every input into this one workbook."
)
@click.option("--jobs", type=click.IntRange(1, 64), default=1, show_default=True)
@click.option("--lang", type=LANGS, help="Language of the sheets (default: the inputs' headers).")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    metavar="VALUE=status",
    help='What a status value means, e.g. --status "payed=paid; brouillon=draft" (repeatable).',
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
    from arxl.cli.convert_summary import summary_line, total_line

    days, clients_file = _terms(terms)
    options = ConvertOptions(
        as_of=_as_of(as_of) or dt.date.today(),
        fmt=fmt,
        layout=_layout(None, mapping, None, statuses),
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
    click.echo(total_line(results))
    if any(not r.ok for r in results):
        sys.exit(1)
