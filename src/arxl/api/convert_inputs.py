"""The inputs of `arxl convert`: what it is told (ConvertOptions), the files a command line
names, the format of each, and each read into a Ledger by the reader of its format (with the
terms and contacts of a clients file)."""

from __future__ import annotations

import datetime as dt
import functools
import glob
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from arxl.errors import ArxlError, MissingColumns
from arxl.model import Ledger, Tally
from arxl.readers import csvfile, fec
from arxl.readers.clients import name_key, read_clients
from arxl.readers.layout import CLIENTS, Layout
from arxl.readers.options import ReadOptions
from arxl.readers.tables import choose
from arxl.readers.text import decode, sniff_separator
from arxl.readers.workbook import SheetSource, workbook_info
from arxl.readers.xlsx import read_ledger
from arxl.vocab import CLIENT_SHEET_NAMES, Lang

FORMATS = ("auto", "csv", "fec", "xlsx")
TEXT_SUFFIXES = frozenset((".csv", ".tsv", ".txt", ".tab"))
BOOK_SUFFIXES = frozenset((".xlsx", ".xlsm"))


@dataclass(frozen=True)
class ConvertOptions:
    """What `arxl convert` is told; everything else is detected per file."""

    as_of: dt.date
    fmt: str = "auto"
    layout: Layout = field(default_factory=Layout)
    encoding: str | None = None
    terms: int = 30  # default payment terms (days)
    clients_file: Path | None = None  # client -> terms (and name, email...) for every input
    lang: Lang | None = None  # None: the language of each input's headers
    processes: int = 1  # conversions running at once, this one among them (--jobs)


class ConvertError(ArxlError):
    pass


# workbooks of other formats: said plainly rather than read as a binary text file
OTHER_BOOKS = frozenset((".xls", ".xlsb", ".ods", ".numbers"))


def expand_inputs(items: Iterable[str | Path]) -> list[Path]:
    """Files named, every export in a folder named (sorted), and glob patterns expanded. A
    folder or pattern leaves out the workbooks arxl wrote (a second `arxl convert .` would
    convert the first one's outputs); a file named is taken as it is."""
    out: list[Path] = []
    for item in items:
        text = str(item)
        path = Path(text)
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in TEXT_SUFFIXES | BOOK_SUFFIXES
                    and not p.name.startswith("~$")
                    and not _written_by_arxl(p)
                )
            )
        elif not path.exists() and any(ch in text for ch in "*?["):
            out.extend(
                Path(p)
                for p in sorted(glob.glob(text))
                if Path(p).is_file() and not _written_by_arxl(Path(p))
            )
        else:
            out.append(path)
    return _once_each(out)


def _once_each(paths: list[Path]) -> list[Path]:
    """The paths without repeats of one file (a folder and a file in it both named)."""
    seen: set[Path] = set()
    out = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out


def _written_by_arxl(path: Path) -> bool:
    if path.suffix.lower() not in BOOK_SUFFIXES:
        return False
    try:
        return bool(workbook_info(path).owned)
    except Exception:  # noqa: BLE001 - unreadable: converting it reports why
        return False


def detect_format(path: Path, fmt: str = "auto") -> str:
    """csv, fec or xlsx: `fmt` when given, else from the extension and the first line."""
    if fmt != "auto":
        return fmt
    if path.suffix.lower() in BOOK_SUFFIXES:
        return "xlsx"
    with path.open("rb") as fh:
        head = fh.read(8192)
    text, _ = decode(head.rsplit(b"\n", 1)[0] if b"\n" in head else head, name=path.name)
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    sep = sniff_separator(first, ("\t", "|", ";", ","))
    return "fec" if fec.looks_like_fec(first.split(sep)) else "csv"


@functools.lru_cache(maxsize=4)
def _client_file(path: Path, layout: Layout, encoding: str | None) -> pd.DataFrame:
    options = ReadOptions(dt.date.today(), layout, encoding)
    if path.suffix.lower() in BOOK_SUFFIXES:
        source = SheetSource(path)
        table = choose(
            source, path.name, CLIENTS, layout, CLIENT_SHEET_NAMES, source.sheet_names, None
        )
        if table is None:
            raise MissingColumns(f"{path.name}: no list of clients found (ID Client or Nom).")
        frame, _ = read_clients(table)
    else:
        frame, _ = csvfile.read_client_list(path, options)
    return frame


def apply_client_file(ledger: Ledger, clients: pd.DataFrame) -> None:
    """Terms, name and contact details of each client from a clients file, matched by id,
    else by name."""
    by_id = {k: i for i, k in enumerate(clients["client_id"].tolist())}
    by_name = {name_key(n): i for i, n in enumerate(clients["name"].tolist()) if n}
    cl = ledger.clients.copy()
    for col in ("terms", "credit_limit"):
        cl[col] = cl[col].astype(float)
    for r in range(len(cl)):
        i = by_id.get(cl["client_id"].iat[r])
        if i is None:
            i = by_name.get(name_key(cl["name"].iat[r] or ""))
        if i is None:
            continue
        for col in ("terms", "credit_limit"):
            value = clients[col].iat[i]
            if not np.isnan(value):
                cl.loc[cl.index[r], col] = value
                if col == "terms" and "terms_eom" in clients:
                    cl.loc[cl.index[r], "terms_eom"] = clients["terms_eom"].iat[i]
        for col in ("name", "address", "phone", "email"):
            value = clients[col].iat[i]
            if value and not cl[col].iat[r]:
                cl.loc[cl.index[r], col] = value
    ledger.clients = cl


def _xlsx_ledger(path: Path, options: ConvertOptions) -> Ledger:
    ledger = read_ledger(path, layout=options.layout)
    kept = set(ledger.transactions["row"].tolist())
    pay = ledger.payments
    if pay is not None and len(pay):  # credit notes and payments of the invoice sheet
        kept |= set(pay.loc[pay["sheet"] == ledger.transactions_sheet, "row"].tolist())
    left_out = {i.row for i in ledger.issues if i.sheet == ledger.transactions_sheet} - kept
    # a workbook's blank rows are not counted: rows = transactions + rows left out
    ledger.tally = Tally(
        rows=len(kept) + len(left_out), transactions=len(kept), anomalies=len(left_out)
    )
    return ledger


def read_input(path: Path, options: ConvertOptions) -> tuple[Ledger, str]:
    """One input as a Ledger (transactions tagged with the file name in `source`)."""
    if not path.is_file():
        raise ConvertError(f"{path}: no such file.")
    if path.suffix.lower() in OTHER_BOOKS and options.fmt == "auto":
        raise ConvertError(
            f"{path.name}: a workbook in {path.suffix.lower()} format, which arxl does not "
            "read; open it in Excel or LibreOffice and save it as .xlsx (or export a .csv), "
            "then convert that."
        )
    fmt = detect_format(path, options.fmt)
    read_options = ReadOptions(options.as_of, options.layout, options.encoding)
    if fmt == "fec":
        ledger = fec.read(path, read_options)
        # a FEC is the French tax administration's export (LPF art. L47 A): French law applies,
        # so the converted book says Pays FR and gets the L441-10 penalties
        ledger.settings_values["country"] = "FR"
    elif fmt == "csv":
        ledger = csvfile.read(path, read_options)
    elif fmt == "xlsx":
        ledger = _xlsx_ledger(path, options)
    else:
        raise ConvertError(f"unknown format '{fmt}'; use one of: {', '.join(FORMATS)}.")
    ledger.transactions["source"] = path.name
    if options.clients_file is not None:
        frame = _client_file(options.clients_file, options.layout, options.encoding)
        apply_client_file(ledger, frame)
    return ledger, fmt


def output_paths(sources: Sequence[Path], outdir: Path) -> list[Path]:
    """OUTDIR/<name>.xlsx, one per input, never two inputs to one output: inputs sharing a
    name keep their extension to stay apart, or their folder's name beside it when they share
    that too. OUTDIR must be a folder (made when missing), not a file."""
    if outdir.exists() and not outdir.is_dir():
        raise ConvertError(
            f"{outdir}: -o is the folder the workbooks go to (one <name>.xlsx per input), and "
            "this is a file; give a folder, or --merge BOOK.xlsx to gather every input into "
            "one new workbook."
        )
    # a case-insensitive disk (Windows, macOS) holds one of Export.xlsx and export.xlsx
    stems = Counter(s.stem.casefold() for s in sources)
    full = Counter(s.name.casefold() for s in sources)
    names = [
        s.stem
        if stems[s.stem.casefold()] == 1
        else s.name  # export.csv and export.txt
        if full[s.name.casefold()] == 1
        else f"{s.stem} ({s.resolve().parent.name})"  # client-a/export.csv, client-b/...
        for s in sources
    ]
    taken: set[str] = set()  # and a number where even the folder's name is shared
    out = []
    for name in names:
        free, k = name, 1
        while free.casefold() in taken:
            k += 1
            free = f"{name} ({k})"
        taken.add(free.casefold())
        out.append(outdir / f"{free}.xlsx")
    return out
