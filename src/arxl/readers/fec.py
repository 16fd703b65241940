"""FEC (Fichier des Écritures Comptables): the receivables of a French general ledger, as of D.

Receivables are the lines on accounts 411…; the client is CompAuxNum (name CompAuxLib) or, when
blank, the account itself (CompteNum, CompteLib). Debit lines are invoices, credit lines payments
or credit notes. Lettering decides what is still open on D: a line is open when it is
unlettered or lettered after D (DateLet > D; without DateLet, the lettering is dated by the
latest entry of its group). Within a group lettered by D the credits settle the debits, oldest
first: a group that does not balance (partial lettering) leaves the rest open, on the last
invoices or as a credit. The invoice date is PieceDate (opening entries keep the original
invoice's date there), else EcritureDate; an entry exists on D when its EcritureDate <= D.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from arxl.errors import MissingColumns
from arxl.model import Issue, Ledger, Tally
from arxl.readers import values as V
from arxl.readers.options import ReadOptions
from arxl.readers.text import TextRows, read_text_rows
from arxl.vocab import UNAPPLIED_LABEL, Lang, TypedStatus, fold

RECEIVABLE_PREFIX = "411"
# The 18 fields of the legal layout, then what some packages add (Montant/Sens, Dolibarr's due
# date); named by their folded header.
FIELDS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
    "Montant",
    "Sens",
    "DateLimitReglmt",
)
_BY_FOLD = {fold(f): f for f in FIELDS}
_DEBIT_SENS = frozenset(("d", "debit", "+1", "1", "+"))
_CREDIT_SENS = frozenset(("c", "credit", "-1", "-"))
_TOL = 0.005


def looks_like_fec(header: list[str]) -> bool:
    """A header row naming the FEC's own fields."""
    names = {fold(h) for h in header}
    return {"journalcode", "ecrituredate", "comptenum"} <= names


@dataclass
class _Lines:
    """The receivable lines, parsed (one entry per line, numpy arrays)."""

    line: np.ndarray
    client: list[str]
    name: list[str]
    invoice: list[str]
    entry: np.ndarray  # EcritureDate, datetime64[D]
    date: np.ndarray  # invoice date: PieceDate, else EcritureDate
    net: np.ndarray  # debit - credit
    letter: list[str]
    let_date: np.ndarray
    due: np.ndarray
    label: list[str]
    issues: list[Issue] = field(default_factory=list)


def _cells(rows: list[list[str]], c: int | None) -> list[str]:
    if c is None:
        return [""] * len(rows)
    return [r[c].strip() if c < len(r) else "" for r in rows]


def _columns(header: list[str], name: str) -> dict[str, int]:
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        f = _BY_FOLD.get(fold(h))
        if f is not None and f not in cols:
            cols[f] = i
    needed = ["EcritureDate", "CompteNum"]
    if not ({"Debit", "Credit"} <= cols.keys() or {"Montant", "Sens"} <= cols.keys()):
        needed += ["Debit", "Credit"]
    missing = [f for f in needed if f not in cols]
    if missing:
        raise MissingColumns(
            f"{name}: not a usable FEC: missing {', '.join(missing)} (or Montant + Sens); "
            f"columns found: {', '.join(h for h in header if h.strip()) or 'none'}."
        )
    return cols


def _amounts(rows: list[list[str]], cols: dict[str, int], name: str) -> tuple[np.ndarray, ...]:
    """(net, bad mask, raw text shown in Anomalies, column name)."""
    if "Debit" in cols:
        draw, craw = _cells(rows, cols["Debit"]), _cells(rows, cols["Credit"])
        debit, dbad = V.parse_amounts(draw, decimal=",")
        credit, cbad = V.parse_amounts(craw, decimal=",")
        net = np.nan_to_num(debit) - np.nan_to_num(credit)
        bad = dbad | cbad | (np.isnan(debit) & np.isnan(credit))
        raw = [f"{d} / {c}" for d, c in zip(draw, craw, strict=True)]
        return net, bad, np.array(raw, dtype=object)
    mraw, sraw = _cells(rows, cols["Montant"]), _cells(rows, cols["Sens"])
    amount, abad = V.parse_amounts(mraw, decimal=",")
    sens = [fold(s) or s for s in sraw]
    sign = np.array(
        [1.0 if s in _DEBIT_SENS else -1.0 if s in _CREDIT_SENS else np.nan for s in sens]
    )
    net = amount * sign
    bad = abad | np.isnan(net)
    raw = [f"{m} {s}" for m, s in zip(mraw, sraw, strict=True)]
    return net, bad, np.array(raw, dtype=object)


def _parse(text: TextRows, name: str, tally: Tally) -> _Lines:
    header, rows, lines = text.rows[0], text.rows[1:], text.lines[1:]
    cols = _columns(header, name)
    tally.rows = len(rows)
    blank = np.array([all(not c.strip() for c in r) for r in rows], dtype=bool)
    account = _cells(rows, cols["CompteNum"])
    receivable = np.array([a.startswith(RECEIVABLE_PREFIX) for a in account], dtype=bool) & ~blank
    tally.skipped = int(blank.sum())
    tally.other = int((~blank & ~receivable).sum())
    idx = np.flatnonzero(receivable)
    sub = [rows[i] for i in idx]
    sub_lines = np.asarray(lines, dtype=np.int64)[idx]
    issues: list[Issue] = []

    def issue(pos: np.ndarray, column: str, raw: list[str] | np.ndarray, fr: str, en: str) -> None:
        for i in np.flatnonzero(pos).tolist():
            issues.append(Issue(name, int(sub_lines[i]), column, raw[i], fr, en))

    entry_raw = _cells(sub, cols["EcritureDate"])
    entry, bad_entry = V.parse_dates(entry_raw)
    bad_entry |= np.isnat(entry)
    piece_raw = _cells(sub, cols.get("PieceDate"))
    piece, bad_piece = V.parse_dates(piece_raw)
    net, bad_amount, amount_raw = _amounts(sub, cols, name)
    let_raw = _cells(sub, cols.get("DateLet"))
    let_date, bad_let = V.parse_dates(let_raw)
    due_raw = _cells(sub, cols.get("DateLimitReglmt"))
    due, bad_due = V.parse_dates(due_raw)

    issue(
        bad_entry,
        "EcritureDate",
        entry_raw,
        "EcritureDate illisible ou vide (ligne ignorée)",
        "Unreadable or blank EcritureDate (line left out)",
    )
    amount_col = "Debit / Credit" if "Debit" in cols else "Montant / Sens"
    issue(
        bad_amount & ~bad_entry,
        amount_col,
        amount_raw,
        "Montant illisible (ligne ignorée)",
        "Unreadable amount (line left out)",
    )
    ok = ~bad_entry & ~bad_amount
    issue(
        bad_piece & ok,
        "PieceDate",
        piece_raw,
        "PieceDate illisible (EcritureDate utilisée)",
        "Unreadable PieceDate (EcritureDate used)",
    )
    issue(
        bad_let & ok,
        "DateLet",
        let_raw,
        "DateLet illisible (lettrage daté par ses écritures)",
        "Unreadable DateLet (lettering dated by its entries)",
    )
    issue(
        bad_due & ok,
        "DateLimitReglmt",
        due_raw,
        "DateLimitReglmt illisible (échéance calculée)",
        "Unreadable DateLimitReglmt (due date computed)",
    )
    tally.anomalies = int((~ok).sum())

    aux, aux_name = _cells(sub, cols.get("CompAuxNum")), _cells(sub, cols.get("CompAuxLib"))
    acc, acc_name = [account[i] for i in idx], _cells(sub, cols.get("CompteLib"))
    client = [a or c for a, c in zip(aux, acc, strict=True)]
    cname = [(an or cn) if a else cn for a, an, cn in zip(aux, aux_name, acc_name, strict=True)]
    ref, num = _cells(sub, cols.get("PieceRef")), _cells(sub, cols.get("EcritureNum"))
    invoice = [r if r not in ("", "-") else n for r, n in zip(ref, num, strict=True)]
    date = np.where(np.isnat(piece), entry, piece)
    keep = np.flatnonzero(ok)

    def pick(values: list[str]) -> list[str]:
        return [values[i] for i in keep]

    return _Lines(
        line=sub_lines[keep],
        client=pick(client),
        name=pick(cname),
        invoice=pick(invoice),
        entry=entry[keep],
        date=date[keep],
        net=np.round(net[keep], 2),
        letter=pick(_cells(sub, cols.get("EcritureLet"))),
        let_date=let_date[keep],
        due=due[keep],
        label=pick(_cells(sub, cols.get("EcritureLib"))),
        issues=issues,
    )


def _lettered_by(lines: _Lines, d: np.datetime64) -> np.ndarray:
    """Lines whose lettering is dated on or before D (DateLet, else the group's latest entry)."""
    n = len(lines.line)
    settled = np.zeros(n, dtype=bool)
    latest: dict[tuple[str, str], np.datetime64] = {}
    for i in range(n):
        if lines.letter[i]:
            key = (lines.client[i], lines.letter[i])
            e = lines.entry[i]
            if key not in latest or e > latest[key]:
                latest[key] = e
    for i in range(n):
        if not lines.letter[i]:
            continue
        when = lines.let_date[i]
        if np.isnat(when):
            when = latest[(lines.client[i], lines.letter[i])]
        settled[i] = when <= d
    return settled


def open_items(lines: _Lines, as_of: dt.date, tally: Tally) -> pd.DataFrame:
    """The transactions at D: every invoice (paid in part or in full by its lettering group),
    and every credit not used up by a group lettered by D."""
    d = np.datetime64(as_of, "D")
    exists = lines.entry <= d
    tally.after = int((~exists).sum())
    settled = _lettered_by(lines, d) & exists
    n = len(lines.line)
    paid = np.full(n, np.nan)
    pay_date = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    groups: dict[tuple[str, str], list[int]] = {}
    for i in np.flatnonzero(settled).tolist():
        groups.setdefault((lines.client[i], lines.letter[i]), []).append(i)
    for members in groups.values():
        debits = sorted((i for i in members if lines.net[i] > 0), key=lambda i: (lines.date[i], i))
        credits = sorted(
            (i for i in members if lines.net[i] < 0), key=lambda i: (lines.entry[i], i)
        )
        pool = -float(sum(lines.net[i] for i in credits))
        last = max((lines.entry[i] for i in credits), default=None)
        owed = float(sum(lines.net[i] for i in debits))
        for i in debits:
            used = round(min(float(lines.net[i]), pool), 2)
            pool -= used
            paid[i] = used
            if used > 0 and last is not None:
                pay_date[i] = last
        for i in credits:  # the credits used first are the oldest; the rest stays open
            used = round(min(-float(lines.net[i]), owed), 2)
            owed -= used
            paid[i] = -used
    is_credit = lines.net < 0
    used_up = settled & is_credit & (np.abs(lines.net - np.nan_to_num(paid)) <= _TOL)
    tally.merged = int(used_up.sum())
    take = exists & ~used_up
    open_credit = is_credit & ~used_up
    tally.transactions = int(take.sum())
    ns = "datetime64[ns]"
    frame = pd.DataFrame(
        {
            "row": lines.line,
            "date": lines.date.astype(ns),
            "client_id": lines.client,
            "client_name_text": lines.name,
            "invoice": lines.invoice,
            "amount": lines.net,
            "typed_status": np.where(open_credit, TypedStatus.UNAPPLIED.value, "blank"),
            "status_text": np.where(open_credit, UNAPPLIED_LABEL[0], ""),
            "remarks": lines.label,
            "due_date": lines.due.astype(ns),
            "payment_date": pay_date.astype(ns),
            "amount_paid": paid,
        }
    )
    return frame[take].reset_index(drop=True)


def control_balances(lines: _Lines, as_of: dt.date) -> dict[str, float]:
    """Each client's 411 balance at D (debit - credit of its entries up to D)."""
    exists = lines.entry <= np.datetime64(as_of, "D")
    out: dict[str, float] = {}
    for c, v in zip(np.asarray(lines.client, dtype=object)[exists], lines.net[exists], strict=True):
        out[c] = out.get(c, 0.0) + float(v)
    return {c: round(v, 2) for c, v in out.items()}


def read(path: Path, options: ReadOptions) -> Ledger:
    """Read a FEC as of options.as_of."""
    from arxl.readers.xlsx import resolve_clients

    text = read_text_rows(path, options.encoding, separators=("\t", "|"), quoting=False)
    if not text.rows:
        raise MissingColumns(f"{path.name}: empty file.")
    tally = Tally()
    lines = _parse(text, path.name, tally)
    tx = open_items(lines, options.as_of, tally)
    tx, clients = resolve_clients(tx, None, False)
    return Ledger(
        clients=clients,
        transactions=tx,
        issues=sorted(lines.issues, key=lambda i: i.row or 0),
        lang=Lang.FR,
        clients_sheet=path.name,
        transactions_sheet=path.name,
        settings_values={"tx_headers": {"invoice": "PieceRef", "client_id": "CompAuxNum"}},
        has_clients_sheet=False,
        tally=tally,
        control=control_balances(lines, options.as_of),
    )
