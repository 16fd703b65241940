"""`arxl bank`: bank statements in, proposals written to the Rapprochement sheet, confirmed
rows written to Paiements, where the cash application applies them.

One run: read the book and what the owner did in Rapprochement (x in Valider: post the row
as a payment, with the client and invoices as the owner left them; "non": leave it to
identify); read the statements, skip debits and the lines already in Rapprochement; match the
new credits against the invoices still open once the confirmed rows are applied; write the
Rapprochement sheet and the Paiements rows into a copy of the book, refresh arxl's sheets
when payments were added, and put the copy in place (nothing is half written).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from arxl.api.analysis import Analysis, RefreshResult, analyse, analyse_ledger, refresh_workbook
from arxl.model import Issue
from arxl.readers.bank import lines_frame, read_statement
from arxl.readers.bank.sheet import bank_settings, read_table
from arxl.readers.layout import PAYMENTS, Layout, locate
from arxl.readers.workbook import SheetSource
from arxl.reports import reconciliation as recon
from arxl.reports.reconciliation import RowState
from arxl.rules.allocation import OPEN, conservation
from arxl.rules.bankrefs import ReferenceIndex
from arxl.rules.match_reasons import reasons_text
from arxl.rules.matching import MatchSettings, MatchStatus, match
from arxl.sheets.spec import Kind
from arxl.vocab import EntryKind, Field, Lang, fold, t
from arxl.writers.append import append_rows
from arxl.writers.graft import check_not_locked, owned_sheet_names, write_sheets
from arxl.writers.guard import Identity, book_lock, check_unchanged


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


_KINDS = {"date": "date", "posted": "date", "amount": "number", "applied": "number"}
_KINDS |= {"unapplied": "number", "score": "number"}


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
        previous, issues = _previous_rows(source, sheet)
        said, setting_issues = bank_settings(
            ledger.settings_values.get("rows", []), ledger.settings_sheet or ""
        )
        settings = MatchSettings(**said)  # type: ignore[arg-type]
        issues += setting_issues
        tally = BankTally()
        day = today or dt.date.today()
        to_post, more = _owner_decisions(previous, analysis, tally, day)
        issues += more
        after = _with_payments(analysis, to_post) if len(to_post) else analysis
        posted = _posted_keys(source, ledger.payments_sheet)
        new, more = _new_credits(statements, previous, after, settings, tally, encoding, posted)
        issues += more
        if settings.auto_validate and len(new):
            auto = (new["state"] == RowState.SURE.value).to_numpy()
            new.loc[auto, ["state", "confirm", "posted"]] = [
                RowState.POSTED.value,
                "auto",
                pd.Timestamp(day),
            ]
            tally.auto = int(auto.sum())
            to_post = pd.concat([to_post, new[auto]], ignore_index=True)
        rows = pd.concat([previous, new], ignore_index=True)[list(recon.ROW_COLUMNS)]
        for state in (RowState.SURE, RowState.PROPOSED, RowState.IDENTIFY):
            setattr(tally, state.value, int((new["state"] == state.value).sum()) if len(new) else 0)
        tally.sure += tally.auto  # the auto-validated ones were sure
        with tempfile.TemporaryDirectory(dir=dst.parent, prefix=".arxl-bank-") as tmp:
            work = Path(tmp) / f"book{src.suffix}"
            name = _write(src, work, rows, to_post, analysis, source, issues)
            refreshed = None
            holds = None
            if len(to_post) and refresh:
                refreshed = refresh_workbook(work, as_of=analysis.as_of, lang=lang, today=today)
                alloc = refreshed.analysis.allocation
                if alloc is not None:
                    check = conservation(refreshed.analysis.items, alloc)
                    holds = bool((check["difference"].abs() <= 0.005).all())
            if src.exists():
                check_unchanged(src, before)
            os.replace(work, dst)
    if refreshed is not None:
        refreshed.path = dst
    return BankResult(dst, name, tally, rows, issues, refreshed, holds)


def _previous_rows(source: SheetSource, sheet: str | None) -> tuple[pd.DataFrame, list[Issue]]:
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in recon.ROW_COLUMNS})
    if sheet is None:
        return empty, []
    frame, _rows = read_table(source, sheet, recon.HEADERS, _KINDS)
    if frame.empty:
        return empty, []
    frame["state"] = [
        (recon.state_of(s) or RowState.IDENTIFY).value for s in frame["state"].tolist()
    ]
    return frame, []


def _owner_decisions(
    previous: pd.DataFrame, analysis: Analysis, tally: BankTally, day: dt.date
) -> tuple[pd.DataFrame, list[Issue]]:
    """Mark the rows the owner confirmed (to post) or rejected; the rows to post."""
    issues: list[Issue] = []
    post = np.zeros(len(previous), dtype=bool)
    owners = _invoice_owners(analysis)
    ids = dict(
        zip(analysis.ledger.clients["client_id"], analysis.ledger.clients["name"], strict=False)
    )
    for i, r in enumerate(previous.itertuples(index=False)):
        if r.state == RowState.POSTED.value:
            continue
        word = fold(r.confirm)
        if word in recon.NO:
            previous.at[i, "state"] = RowState.REJECTED.value
            tally.rejected += 1
        elif word in recon.YES:
            client = r.client_id or owners(r.invoices)
            if not client:
                issues.append(
                    Issue(
                        recon.sheet_title(analysis.lang),
                        None,
                        recon.HEADERS["confirm"][analysis.lang is Lang.EN],
                        r.label,
                        "Ligne validée sans client ni facture : indiquez-les (non reportée)",
                        "Row confirmed without a client or invoices: give them (not posted)",
                    )
                )
                continue
            previous.at[i, "client_id"] = client
            if not r.client_name:
                previous.at[i, "client_name"] = ids.get(client, "")
            previous.at[i, "state"] = RowState.POSTED.value
            previous.at[i, "posted"] = pd.Timestamp(day)
            post[i] = True
    tally.posted = int(post.sum())
    return previous[post].reset_index(drop=True), issues


def _invoice_owners(analysis: Analysis):  # noqa: ANN202 - a small closure
    items = analysis.items
    index = ReferenceIndex(items["invoice"].astype(str).tolist())
    clients = items["client_id"].astype(str).tolist()

    def owner(text: str) -> str:
        found = {clients[p] for hit in index.find(str(text)) for p in hit}
        return found.pop() if len(found) == 1 else ""

    return owner


def _with_payments(analysis: Analysis, rows: pd.DataFrame) -> Analysis:
    """The analysis once the confirmed rows are payments (in memory, before any write)."""
    ledger = analysis.ledger
    keys = dict(zip(ledger.clients["client_id"], ledger.clients["client_key"], strict=False))
    extra = pd.DataFrame(
        {
            "sheet": ledger.payments_sheet or "Paiements",
            "row": np.arange(1_000_000, 1_000_000 + len(rows), dtype=np.int64),
            "date": pd.to_datetime(rows["date"]).astype("datetime64[ns]"),
            "client_key": [keys.get(c, c) for c in rows["client_id"]],
            "client_id": rows["client_id"].astype(str).to_numpy(),
            "kind": EntryKind.PAYMENT.value,
            "amount": rows["amount"].astype(float).abs().to_numpy(),
            "label": rows["invoices"].astype(str).to_numpy(),
            "text": rows["invoices"].astype(str).to_numpy(),
            "closed": False,
        }
    )
    payments = extra if ledger.payments is None else pd.concat([ledger.payments, extra])
    return analyse_ledger(
        dataclasses.replace(ledger, payments=payments.reset_index(drop=True)),
        as_of=analysis.as_of,
        lang=analysis.lang,
    )


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
        frames.append(lines_frame(statement.lines))
    lines = pd.concat(frames, ignore_index=True) if frames else lines_frame([])
    tally.lines = len(lines)
    credit = (lines["amount"] > 0).to_numpy()
    tally.debits = int((~credit).sum())
    seen = set(previous["key"].astype(str)) | posted
    fresh = []
    for k, is_credit in zip(lines["key"].tolist(), credit.tolist(), strict=True):
        fresh.append(is_credit and k not in seen)
        if is_credit:
            seen.add(k)
    fresh_mask = np.array(fresh, dtype=bool)
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
    )
    return _rows(lines, matched, analysis.lang), issues


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


def _rows(lines: pd.DataFrame, matched: pd.DataFrame, lang: Lang) -> pd.DataFrame:
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
            "why": [reasons_text(r, lang) for r in matched["reasons"]],
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


def _write(
    src: Path,
    work: Path,
    rows: pd.DataFrame,
    to_post: pd.DataFrame,
    analysis: Analysis,
    source: SheetSource,
    issues: list[Issue],
) -> str:
    """Rapprochement and (new) Paiements into `work`; the name Rapprochement got."""
    lang = analysis.lang
    ledger = analysis.ledger
    create = [] if ledger.payments_sheet or not len(to_post) else [recon.paiements_spec(lang)]
    written = write_sheets(src, work, [recon.build(rows, analysis.as_of, lang)], create)
    if len(to_post):
        pay_sheet = ledger.payments_sheet or written.sheets["paiements"]
        columns, ref_col = _payment_columns(source, ledger.payments_sheet)
        label = t("Virement", "Transfer", lang)
        cells = []
        for r in to_post.itertuples(index=False):
            values = {
                Field.DATE: (Kind.DATE, pd.Timestamp(r.date).date()),
                Field.CLIENT_ID: (Kind.TEXT, r.client_id),
                Field.NAME: (Kind.TEXT, r.client_name),
                Field.AMOUNT: (Kind.MONEY, abs(float(r.amount))),
                Field.REFERENCE: (Kind.TEXT, r.invoices),
                Field.DESCRIPTION: (Kind.TEXT, f"{label} {r.payer}".strip()),
            }
            if Field.REFERENCE not in columns:  # the invoice numbers must be read somewhere
                values[Field.DESCRIPTION] = (Kind.TEXT, f"{r.invoices} {label}".strip())
            row = [(columns[f], *v) for f, v in values.items() if f in columns]
            if ref_col is not None:
                row.append((ref_col, Kind.TEXT, r.key))
            cells.append(row)
        append_rows(work, work, pay_sheet, cells)
    return written.sheets[recon.KEY]


def _payment_columns(source: SheetSource, sheet: str) -> tuple[dict[Field, int], int | None]:
    """0-based column of each field in the Paiements sheet (the one arxl creates if none),
    and of its Réf. banque column if it has one."""
    if not sheet:
        order = (Field.DATE, Field.CLIENT_ID, Field.NAME, Field.AMOUNT, Field.REFERENCE)
        return {f: i for i, f in enumerate((*order, Field.DESCRIPTION))}, len(order) + 1
    found, _ = locate(source, sheet, PAYMENTS, Layout())
    if found is None:
        return {Field.DATE: 0, Field.AMOUNT: 1, Field.REFERENCE: 2}, None
    names = {fold(w) for w in recon.BANK_REF}
    ref = next((i for i, c in enumerate(found.header_cells) if fold(c) in names), None)
    shift = found.first_col - 1
    return {f: shift + c for f, c in found.columns.items()}, None if ref is None else shift + ref


def _posted_keys(source: SheetSource, sheet: str) -> set[str]:
    """The bank lines the Paiements sheet says its rows came from."""
    if not sheet:
        return set()
    frame, _ = read_table(source, sheet, {"key": recon.BANK_REF}, {})
    return set(frame["key"]) - {""} if "key" in frame else set()
