"""`arxl bank`: bank statements in, proposals written to the Rapprochement sheet, confirmed
rows written to Paiements, where the cash application applies them.

One run: read the book and what the owner did in Rapprochement (x in Valider: post the row
as a payment, with the client and invoices as the owner left them; "non": leave it to
identify); read the statements, skip debits and the lines already in Rapprochement; match the
new credits against the invoices still open once the confirmed rows are applied; write the
Rapprochement sheet and the Paiements rows into a copy of the book, refresh arxl's sheets
when payments were added or statement lines could not be read (Anomalies lists them: file,
line, field, what is wrong), and put the copy in place (nothing is half written).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from arxl.api.analysis import Analysis, analyse
from arxl.api.bank_posting import (
    owner_decisions,
    payments_table,
    posted_keys,
    posted_lines,
    previous_rows,
    with_fees,
    with_payments,
    write_book,
)
from arxl.api.refresh import RefreshResult, refresh_workbook
from arxl.model import Issue
from arxl.readers.bank import lines_frame, read_statement
from arxl.readers.workbook import SheetSource
from arxl.reports import reconciliation as recon
from arxl.reports.reconciliation import RowState
from arxl.rules import bank_repeats as repeats
from arxl.rules.allocation import OPEN
from arxl.rules.conservation import conservation
from arxl.rules.match_reasons import reasons_text
from arxl.rules.matching import MatchSettings, MatchStatus, match
from arxl.vocab import Lang, fold
from arxl.writers.graft import owned_sheet_names
from arxl.writers.guard import Identity, book_lock, check_not_locked, check_unchanged


@dataclass
class BankTally:
    """What became of every statement line: the parts add up to `lines`."""

    lines: int = 0
    debits: int = 0  # money out (and zero lines): not receivables
    duplicates: int = 0  # already in Rapprochement, or twice in the statements given
    later: int = 0  # dated after the as-of date: left for a later import
    sure: int = 0
    proposed: int = 0
    identify: int = 0
    auto: int = 0  # sure matches validated at once (Paramètres says so)
    posted: int = 0  # rows the owner confirmed, written to Paiements in this run
    rejected: int = 0
    unreadable: int = 0  # lines a reader could not use (listed in issues)

    @property
    def credits(self) -> int:
        return self.sure + self.proposed + self.identify

    def adds_up(self) -> bool:
        return self.lines == self.credits + self.debits + self.duplicates + self.later


@dataclass
class BankResult:
    path: Path
    sheet: str
    tally: BankTally
    rows: pd.DataFrame  # the Rapprochement rows written (recon.ROW_COLUMNS)
    issues: list[Issue] = field(default_factory=list)
    refreshed: RefreshResult | None = None
    conservation_holds: bool | None = None  # after the payments are applied (None: none)
    payments_sheet: str = ""  # the Paiements sheet rows were posted to ("" for none)


def bank_import(
    book: str | Path,
    statements: Sequence[str | Path],
    *,
    as_of: dt.date | None = None,
    lang: Lang | str | None = None,
    today: dt.date | None = None,
    out: str | Path | None = None,
    encoding: str | None = None,
    refresh: bool = True,
) -> BankResult:
    """Import the statements into `book` (or a copy written as `out`); see the module doc."""
    src = Path(book)
    dst = Path(out) if out is not None else src
    check_not_locked(dst)
    with book_lock(dst):
        before = Identity.of(src)
        source = SheetSource(src)
        analysis = analyse(src, as_of=as_of, lang=lang, today=today, source=source)
        ledger = analysis.ledger
        sheet = owned_sheet_names(src).get(recon.KEY)
        previous, excel_rows = previous_rows(source, sheet)
        issues: list[Issue] = []
        said = analysis.settings  # Paramètres' rows, read as every other setting
        settings = MatchSettings(fee_tolerance=said.fee_tolerance, auto_validate=said.auto_validate)
        tally = BankTally()
        day = today or dt.date.today()
        blocked = payments_table(source, ledger.payments_sheet)
        to_post, tally.rejected, more = owner_decisions(
            previous, analysis, day, blocked, excel_rows, sheet or "", settings.auto_validate
        )
        tally.posted = posted_lines(to_post)
        issues += more
        to_post = with_fees(to_post, analysis, settings.fee_tolerance)
        after = with_payments(analysis, to_post) if len(to_post) else analysis
        posted = posted_keys(source, ledger.payments_sheet)
        new, lines_issues = _new_credits(
            statements, previous, after, settings, tally, encoding, posted
        )
        issues += lines_issues
        if settings.auto_validate and len(new):
            auto = (new["state"] == RowState.SURE.value).to_numpy()
            new.loc[auto, ["state", "confirm", "posted"]] = [
                RowState.POSTED.value,
                "auto",
                pd.Timestamp(day),
            ]
            tally.auto = int(auto.sum())
            to_post = pd.concat(
                [to_post, with_fees(new[auto], after, settings.fee_tolerance)], ignore_index=True
            )
        rows = pd.concat([previous, new], ignore_index=True)[list(recon.ROW_COLUMNS)]
        for state in (RowState.SURE, RowState.PROPOSED, RowState.IDENTIFY):
            setattr(tally, state.value, int((new["state"] == state.value).sum()) if len(new) else 0)
        tally.sure += tally.auto  # the auto-validated ones were sure
        with tempfile.TemporaryDirectory(dir=dst.parent, prefix=".arxl-bank-") as tmp:
            work = Path(tmp) / f"book{src.suffix}"
            name, payments = write_book(src, work, rows, to_post, analysis, source, issues)
            refreshed = None
            holds = None
            if refresh and (len(to_post) or lines_issues):  # Anomalies lists the lines too
                refreshed = refresh_workbook(
                    work, as_of=analysis.as_of, lang=lang, today=today, issues=lines_issues
                )
                alloc = refreshed.analysis.allocation
                if alloc is not None and len(to_post):
                    check = conservation(refreshed.analysis.items, alloc)
                    holds = bool((check["difference"].abs() <= 0.005).all())
            if src.exists():
                check_unchanged(src, before)
            os.replace(work, dst)
    if refreshed is not None:
        refreshed.path = dst
    posted_to = payments if len(to_post) else ""
    return BankResult(dst, name, tally, rows, issues, refreshed, holds, posted_to)


def _new_credits(
    statements: Sequence[str | Path],
    previous: pd.DataFrame,
    analysis: Analysis,
    settings: MatchSettings,
    tally: BankTally,
    encoding: str | None,
    posted: set[str],
) -> tuple[pd.DataFrame, list[Issue]]:
    issues: list[Issue] = []
    frames = []
    for path in statements:
        statement = read_statement(path, encoding)
        issues += statement.issues
        tally.unreadable += len(statement.issues)
        frames.append(lines_frame(statement.lines).assign(file=len(frames)))
    lines = pd.concat(frames, ignore_index=True) if frames else lines_frame([])
    tally.lines = len(lines)
    credit = (lines["amount"] > 0).to_numpy()
    tally.debits = int((~credit).sum())
    seen = set(previous["key"].astype(str)) | posted
    # the same movement from another format of the same account (a CSV, then its OFX: other
    # keys), in the book already or in another file of this run: its day, amount and text
    is_new = repeats.fresh(_movements(lines[credit]), _movements(previous), seen)
    fresh_mask = np.zeros(len(lines), dtype=bool)
    fresh_mask[np.flatnonzero(credit)] = is_new
    tally.duplicates = int((credit & ~fresh_mask).sum())
    late = lines["date"].to_numpy() > np.datetime64(analysis.as_of, "ns")
    tally.later = int((fresh_mask & late).sum())
    lines = lines[fresh_mask & ~late].reset_index(drop=True)
    if lines.empty:
        return pd.DataFrame(columns=list(recon.ROW_COLUMNS)), issues
    matched = match(
        lines,
        _open_invoices(analysis, previous),
        analysis.ledger.clients,
        settings,
        _known_ibans(previous, analysis),
        currency=_book_currency(analysis),
    )
    return _rows(lines, matched, analysis), issues


def _book_currency(analysis: Analysis) -> str:
    """The book's currency as statements write it (ISO), when it is known for sure: a euro
    book's (a French book's default, or its cells' or Paramètres'). An English book's "$" may
    be the language's default only: no check then ("")."""
    return "EUR" if analysis.formats.currency == "€" else ""


def _movements(frame: pd.DataFrame) -> list[repeats.Movement]:
    """Each line or Rapprochement row as the duplicate check sees it: its day, amount and
    label with the remittance text as the Rapprochement sheet writes them (_rows); a line's
    file and how much it says of its payer."""
    if frame.empty:
        return []
    days = pd.to_datetime(frame["date"], errors="coerce").dt.strftime("%Y%m%d").fillna("")
    amounts = pd.to_numeric(frame["amount"], errors="coerce").round(2).fillna(0.0)
    texts = frame["label"].astype(str).tolist()
    if "remittance" in frame:
        remits = frame["remittance"].astype(str).tolist()
        texts = [f"{a} {r}" if r and r not in a else a for a, r in zip(texts, remits, strict=True)]
    files = frame["file"].tolist() if "file" in frame else [-1] * len(frame)
    said = [
        frame[c].astype(str).str.strip().ne("") for c in ("iban", "payer", "bank_ref") if c in frame
    ]
    rich = sum(s.astype(int) for s in said).tolist() if said else [0] * len(frame)
    return [
        repeats.Movement(str(k), d, float(a), fold(t), int(f), int(r))
        for k, d, a, t, f, r in zip(
            frame["key"].astype(str), days, amounts, texts, files, rich, strict=True
        )
    ]


def _open_invoices(analysis: Analysis, previous: pd.DataFrame) -> pd.DataFrame:
    """The invoices still open, less those a pending proposal already names."""
    items = analysis.items
    open_ = items["status"].isin(OPEN).to_numpy() & (items["balance"].to_numpy() > 0.005)
    pending = previous[previous["state"].isin([RowState.SURE.value, RowState.PROPOSED.value])][
        "invoices"
    ]
    named = {n.strip() for text in pending.astype(str) for n in re.split(r"[,;]", text)}
    taken = items["invoice"].astype(str).isin(named - {""}).to_numpy()
    cols = ["invoice", "client_key", "balance", "due", "date", "row"]
    return items.loc[open_ & ~taken, cols].reset_index(drop=True)


def _known_ibans(previous: pd.DataFrame, analysis: Analysis) -> dict[str, str]:
    """IBAN -> client key, from the rows the owner confirmed."""
    keys = dict(
        zip(
            analysis.ledger.clients["client_id"],
            analysis.ledger.clients["client_key"],
            strict=False,
        )
    )
    done = previous[(previous["state"] == RowState.POSTED.value) & (previous["iban"] != "")]
    return {
        str(i).replace(" ", "").upper(): keys.get(c, c)
        for i, c in zip(done["iban"], done["client_id"], strict=True)
        if c
    }


_STATE = {
    MatchStatus.SURE: RowState.SURE,
    MatchStatus.PROPOSED: RowState.PROPOSED,
    MatchStatus.IDENTIFY: RowState.IDENTIFY,
}


def _rows(lines: pd.DataFrame, matched: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": lines["date"],
            "label": [
                f"{lab} {rem}" if rem and rem not in lab else lab
                for lab, rem in zip(lines["label"], lines["remittance"], strict=True)
            ],
            "amount": lines["amount"],
            "client_id": matched["client_id"],
            "client_name": matched["client_name"],
            "invoices": [", ".join(x) for x in matched["invoices"]],
            "applied": [float(x) if x else np.nan for x in matched["applied_total"]],
            "unapplied": [float(x) if x else np.nan for x in matched["unapplied"]],
            "score": matched["score"].astype(float),
            "why": [reasons_text(r, analysis.lang, analysis.formats) for r in matched["reasons"]],
            "confirm": "",
            "state": [_STATE[s].value for s in matched["status"]],
            "posted": pd.NaT,
            "guesses": matched["guesses"],
            "payer": lines["payer"],
            "iban": lines["iban"],
            "key": lines["key"],
            "source": lines["source"],
        }
    )
