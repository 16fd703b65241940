"""`arxl convert`: accounting exports (CSV, FEC, workbooks) to arxl workbooks, as of a date.

Each input is read by the reader of its format into a Ledger (readers/csvfile, readers/fec,
readers/xlsx), the rules are applied as of D, and a new workbook is written: Clients and
Transactions in the seed layout, Paramètres with D, and the follow-up sheets. Inputs are
independent: one that fails is reported and the others go on; `jobs` converts in parallel
processes. Every data row of an input is accounted for in its `Tally`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from arxl.api.analysis import Analysis, analyse_ledger
from arxl.api.convert_inputs import (
    ConvertError,
    ConvertOptions,
    expand_inputs,
    output_paths,
    read_input,
)
from arxl.api.owned_sheets import (
    SHEET_ORDER,
    build_sheets,
    dashboard_late,
    iter_sheets,
    past_worked_out_ahead,
)
from arxl.api.workers import Progress, at_once, run_each
from arxl.errors import ArxlError
from arxl.memory import give_back
from arxl.model import Issue, Ledger, Tally
from arxl.ooxml.docprops import custom_properties, saved_since_made
from arxl.readers.workbook import made_by_convert, workbook_info
from arxl.reports import left_out
from arxl.rules.checks import check_balances
from arxl.settings import Settings
from arxl.sheets.spec import SheetSpec
from arxl.vocab import Lang, TypedStatus, entry_kind_of_words, fold, sheet_name
from arxl.vocab.sheet_names import SOURCE
from arxl.writers.graft import check_not_locked, write_sheets
from arxl.writers.guard import write_error
from arxl.writers.ledgerbook import write_ledger_workbook


@dataclass
class FileResult:
    """What became of one input (or of the merged workbook)."""

    source: Path
    out: Path | None = None
    fmt: str = ""
    tally: Tally | None = None
    invoices: int = 0
    credits: int = 0
    clients: int = 0
    anomalies: int = 0
    open_balance: float = 0.0
    later: int = 0  # invoices dated after the as-of date: in Transactions, not followed yet
    error: str | None = None
    lang: Lang | None = None  # the input's language (what its summary is written in)

    @property
    def ok(self) -> bool:
        return self.error is None


def analyse_converted(ledger: Ledger, options: ConvertOptions) -> Analysis:
    """The rules as of D, plus the balance check of ledger exports (per source file)."""
    analysis = analyse_ledger(
        ledger,
        as_of=options.as_of,
        lang=options.lang,
        settings=Settings(
            default_terms=options.terms,
            country=ledger.settings_values.get("country", ""),
            currency=ledger.settings_values.get("currency", ""),
        ),
    )
    for source, control in (ledger.settings_values.get("controls") or {}).items():
        items = analysis.items[analysis.items["source"] == source]
        unapplied = _unapplied(analysis, source)
        ledger.issues.extend(check_balances(items, control, source, options.as_of, unapplied))
    return analysis


def _unapplied(analysis: Analysis, source: str) -> dict[str, float]:
    """Per client, the credits of `source` (a FEC's open credit lines) left unapplied."""
    if analysis.allocation is None:
        return {}
    pay = analysis.allocation.payments
    mine = pay[(pay["sheet"] == source) & (pay["to_identify"] == "")]
    return mine.groupby("client_key")["unapplied"].sum().to_dict()


def _controls(ledger: Ledger, name: str) -> None:
    if ledger.control is not None:
        ledger.settings_values["controls"] = {name: ledger.control}


# A book's input sheets are kept in memory up to this size, beyond in a temporary file (a big
# book's would add to the peak memory of the sheets built after them).
SPOOL = 4 << 20


def write_converted(
    out: Path, analysis: Analysis, processes: int = 1, source: Path | None = None
) -> None:
    """Write the workbook in one pass: the input sheets made in memory, the follow-up sheets
    grafted into them as the output is written (the input sheets' parts are copied as they
    were deflated). `processes`: how many conversions run at once, this one among them;
    `source`: the export converted (None: several, merged)."""
    check_not_locked(out)
    origin = source_name(source) if source is not None else ""
    if out.exists():
        why = _not_replaceable(out, origin)
        if why:
            raise ConvertError(f"{out}: {why}; move it away, or choose another -o or --merge name.")
    try:
        # a big ledger's month-end pictures are worked out by another process meanwhile
        with past_worked_out_ahead(analysis, processes) as past:
            out.parent.mkdir(parents=True, exist_ok=True)
            # beside the output (past SPOOL bytes): on the disk the output needs room on anyway
            with tempfile.SpooledTemporaryFile(max_size=SPOOL, dir=out.parent) as book:
                ledger = with_credit_rows(analysis.ledger)
                write_ledger_workbook(
                    book, ledger, analysis.lang, analysis.settings, analysis.as_of, origin
                )
                give_back()
                if dashboard_late(analysis):  # the sheets rendered as each is built
                    specs, order = iter_sheets(analysis, past, dashboard_last=True), SHEET_ORDER
                else:
                    specs, order = build_sheets(analysis, past), ()
                write_sheets(book, out, specs, _left_out(analysis), order=order)
    except OSError as exc:  # a full disk while the input sheets spill over: one line, as below
        raise write_error(exc, out) from None


def source_name(source: Path) -> str:
    """What a converted workbook says it comes from: the export's folder and name."""
    return f"{source.resolve().parent.name}/{source.name}"


def _not_replaceable(out: Path, origin: str = "") -> str:
    """Why convert may not replace the existing workbook `out` ("" when it may): only a
    workbook convert made (its mark) from the same export (`origin`, source_name; a merge
    has none) holding nothing but what convert and a refresh write, that no other program
    saved since (what was typed in it); never a workbook of the owner's that has arxl's
    sheets."""
    if not made_by_convert(out):
        return "exists and was not made by arxl convert (arxl never replaces your workbooks)"
    was = custom_properties(out).get(SOURCE, [])
    if origin and was and origin not in was:
        return f"is the conversion of another export ({was[0]}), not of {origin}"
    info = workbook_info(out)
    ours = {fold(sheet_name(k, lang)) for k in _CONVERT_SHEETS for lang in (Lang.FR, Lang.EN)}
    ours |= {fold(n) for n in ("Clients", "Transactions")}
    yours = [n for n in info.sheet_parts if n not in info.owned and fold(n) not in ours]
    if yours:
        return f"holds sheets of yours ({', '.join(yours[:5])}), which a conversion would lose"
    if saved_since_made(out):  # opened and saved in Excel or LibreOffice: maybe worked in
        return (
            "was saved by another program after arxl convert made it, and what was typed "
            "in it would be lost"
        )
    return ""


_CONVERT_SHEETS = ("settings", "left_out")


def _left_out(analysis: Analysis) -> list[SheetSpec]:
    """The Lignes écartées sheet to create, when an export had rows that gave nothing."""
    files = analysis.ledger.settings_values.get("left_out_files") or []
    spec = left_out.build(files, analysis.lang)
    return [spec] if spec is not None else []


# the word that makes the invoice sheet's reader take a negative row for what it is
CREDIT_ROW_WORDS = {"payment": ("Règlement", "Payment"), "credit": ("Avoir", "Credit note")}
USED_UP_WORD = ("Soldé", "Paid")  # a status the reader types as paid


def _remarks(label: str, text: str) -> str:
    """A payment row's remarks: its label and the text cash application read (the invoices it
    names), each once: one of them alone when it holds every word of the other."""
    if label in text or set(label.split()) <= set(text.split()):
        return text.strip()
    if set(text.split()) <= set(label.split()):
        return label.strip()
    return f"{label} {text}".strip()


def with_credit_rows(ledger: Ledger) -> Ledger:
    """The ledger to write: its payments and credit notes (a FEC's open credits) as negative
    rows of Transactions after the invoices, so that the workbook reads back the same. The
    description starts with a word saying which (Règlement, Avoir), the remarks keep the
    text that names the invoices it settles."""
    pay = ledger.payments
    if pay is None or not len(pay):
        return ledger
    en = ledger.lang is Lang.EN
    described = []
    for kind, label in zip(pay["kind"], pay["label"], strict=True):
        word = CREDIT_ROW_WORDS.get(kind, CREDIT_ROW_WORDS["payment"])[en]
        # the label alone when its own words would say the other kind ("A nouveau avoir" on
        # a payment); the remarks keep it
        said = entry_kind_of_words(f"{word} {label}")
        if said == kind and fold(label).startswith(fold(word)):  # "Avoir AV001": said already
            described.append(label)
        else:
            described.append(f"{word} {label}".strip() if said == kind else word)
    nat = pd.Series(pd.NaT, index=range(len(pay)), dtype="datetime64[ns]")
    # a credit note the export says is used up (`closed`) is written used up ("Soldé", its
    # whole amount used), as the reader took it: written bare, a refresh would apply it again
    closed = pay["closed"].fillna(False).to_numpy(dtype=bool) if "closed" in pay else False
    amount = pay["amount"].to_numpy(dtype=float)
    rows = pd.DataFrame(
        {
            "row": pay["row"].to_numpy(),
            "date": pay["date"].to_numpy(),
            "client_key": pay["client_key"].to_numpy(dtype=object),
            "client_id": pay["client_id"].to_numpy(dtype=object),
            "invoice": described,
            "amount": -amount,
            "typed_status": np.where(closed, TypedStatus.PAID.value, "blank"),
            "status_text": np.where(closed, USED_UP_WORD[en], ""),
            "remarks": [_remarks(lab, t) for lab, t in zip(pay["label"], pay["text"], strict=True)],
            "due_date": nat,
            "payment_date": nat,
            "amount_paid": np.where(closed, -amount, np.nan),
        }
    )
    tx = pd.concat([ledger.transactions, rows], ignore_index=True)
    return dataclasses.replace(ledger, transactions=tx, payments=None)


def _result(source: Path, out: Path, fmt: str, analysis: Analysis) -> FileResult:
    """The summary: invoices, credits (negative rows and payment rows: payments and credit
    notes) and the open balance net of the credits left unapplied."""
    ledger, items = analysis.ledger, analysis.items
    amounts = ledger.transactions["amount"].to_numpy()
    open_ = items[items["bucket"] != ""]
    cash = 0 if ledger.payments is None else len(ledger.payments)
    unapplied = 0.0
    if analysis.allocation is not None:
        unapplied = float(analysis.allocation.unapplied["amount"].sum())
    return FileResult(
        source=source,
        out=out,
        fmt=fmt,
        tally=ledger.tally,
        invoices=int((amounts >= 0).sum()),
        credits=int((amounts < 0).sum()) + cash,
        clients=len(ledger.clients),
        anomalies=len(analysis.issues),
        open_balance=round(float(open_["balance"].sum()) - unapplied, 2),
        later=int((ledger.transactions["date"].to_numpy() > np.datetime64(analysis.as_of)).sum()),
        lang=analysis.lang,
    )


def _failure(source: Path, exc: BaseException) -> FileResult:
    if isinstance(exc, ArxlError):
        return FileResult(source, error=str(exc))
    return FileResult(source, error=f"{type(exc).__name__}: {exc}")


def convert_file(source: Path, out: Path, options: ConvertOptions) -> FileResult:
    """Convert one input; never raises (a failure is in the result)."""
    try:
        if out.resolve() == source.resolve():
            raise ConvertError(f"{source}: the output would overwrite the input; use -o DIR.")
        ledger, fmt = read_input(source, options)
        give_back()  # the rows read as text are free: the C heap's pages back before the rules
        _controls(ledger, source.name)
        analysis = analyse_converted(ledger, options)
        write_converted(out, analysis, options.processes, source)
        return _result(source, out, fmt, analysis)
    except Exception as exc:  # one bad file must not stop a batch
        return _failure(source, exc)


def _read_for_merge(source: Path, options: ConvertOptions) -> tuple[Ledger | None, FileResult]:
    try:
        ledger, fmt = read_input(source, options)
        _controls(ledger, source.name)
        return ledger, FileResult(source, fmt=fmt, tally=ledger.tally, lang=ledger.lang)
    except Exception as exc:
        return None, _failure(source, exc)


def _one_country(ledgers: Sequence[Ledger]) -> str:
    """The country every input says (a FEC: FR), else none."""
    found = {lg.settings_values.get("country", "") for lg in ledgers}
    return found.pop() if len(found) == 1 else ""


def _one_currency(ledgers: Sequence[Ledger]) -> str:
    """The currency the inputs write ("" when none does); inputs in different ones are not
    merged: arxl adds amounts as they are."""
    found: dict[str, list[str]] = {}
    for lg in ledgers:
        currency = lg.settings_values.get("currency", "")
        if currency:
            tx = lg.transactions
            name = str(tx["source"].iat[0]) if "source" in tx and len(tx) else "?"
            found.setdefault(currency, []).append(name)
    if len(found) > 1:
        said = "; ".join(f"{cur}: {', '.join(names)}" for cur, names in sorted(found.items()))
        raise ConvertError(
            f"the inputs are in different currencies ({said}); arxl adds amounts without "
            "converting them: merge the files of one currency at a time."
        )
    return next(iter(found), "")


def merge_ledgers(ledgers: Sequence[Ledger]) -> Ledger:
    """One Ledger from several: clients by id (the first file's details win), transactions,
    payments and problems in input order. Inputs in different currencies are refused."""
    currency = _one_currency(ledgers)
    clients = pd.concat([lg.clients for lg in ledgers], ignore_index=True)
    clients = clients.drop_duplicates("client_key", keep="first").reset_index(drop=True)
    langs = [lg.lang for lg in ledgers]
    controls: dict[str, dict[str, float]] = {}
    for lg in ledgers:
        controls.update(lg.settings_values.get("controls") or {})
    issues: list[Issue] = [i for lg in ledgers for i in lg.issues]
    left = [f for lg in ledgers for f in lg.settings_values.get("left_out_files") or []]
    tally = Tally()
    for lg in ledgers:
        tally = tally + (lg.tally or Tally())
    payments = [lg.payments for lg in ledgers if lg.payments is not None and len(lg.payments)]
    lang = Lang.EN if langs.count(Lang.EN) > langs.count(Lang.FR) else Lang.FR
    # Each file numbers its own lines, and cash application knows an invoice by its row: the
    # invoices take the rows they get in the merged workbook's Transactions sheet (2, 3...).
    # Payments and credit notes keep their file and line (what lettering cites).
    transactions = pd.concat([lg.transactions for lg in ledgers], ignore_index=True)
    transactions["row"] = np.arange(2, len(transactions) + 2, dtype=np.int64)
    return Ledger(
        clients=clients,
        transactions=transactions,
        payments=pd.concat(payments, ignore_index=True) if payments else None,
        issues=issues,
        lang=lang,
        clients_sheet="",
        transactions_sheet=sheet_name("transactions", lang),
        settings_values={
            "controls": controls,
            "country": _one_country(ledgers),
            "currency": currency,
            "left_out_files": left,
        },
        has_clients_sheet=False,
        tally=tally,
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # its conversion says why
        return 0


def convert(
    inputs: Sequence[str | Path],
    outdir: str | Path = ".",
    options: ConvertOptions | None = None,
    *,
    merge: str | Path | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Convert every input (files, folders, globs) into OUTDIR/<name>.xlsx, or all of them
    into the one workbook `merge` (its result comes last, with the summed tally)."""
    options = options or ConvertOptions(as_of=dt.date.today())
    sources = expand_inputs(inputs)
    if not sources:
        raise ConvertError("no input files (give files, folders or patterns such as *.csv).")
    sizes = [_size(s) for s in sources]  # the biggest exports are started first
    if merge is None:
        outs = output_paths(sources, Path(outdir))
        # a worker's big ledger forks only while a core is idle (background.ahead)
        each = dataclasses.replace(options, processes=at_once(jobs, len(sources)))
        args = [(s, o, each) for s, o in zip(sources, outs, strict=True)]
        return list(run_each(convert_file, args, jobs, progress, sizes))  # type: ignore[arg-type]
    read = run_each(_read_for_merge, [(s, options) for s in sources], jobs, progress, sizes)
    ledgers = [lg for lg, _ in read if lg is not None]  # type: ignore[misc]
    results = [r for _, r in read]  # type: ignore[misc]
    target = Path(merge)
    if not ledgers:
        return [*results, FileResult(target, error="no input could be read")]
    try:
        merged = merge_ledgers(ledgers)
        analysis = analyse_converted(merged, options)
        write_converted(target, analysis)
        results.append(_result(target, target, "merge", analysis))
    except Exception as exc:
        results.append(_failure(target, exc))
    return results
