"""FEC (Fichier des Écritures Comptables): the receivables of a French general ledger, as of D.

Receivables are the lines on accounts 411…; the client is CompAuxNum (name CompAuxLib) or, when
blank, the account itself (CompteNum, CompteLib). Debit lines are invoices (a `sale` flag tells
the sales from refunds paid out and transfers, `classify`). Credit lines are payments or credit
notes: a payment when the entry is in a bank or cash journal or touches a 5xx account, a credit
note when it debits a sales account (70x) or output VAT (4457x), a payment otherwise
(miscellaneous and opening entries are not sales). Credits never
become transactions: they are payment rows (readers.payments.PAYMENT_COLUMNS) that cash
application (rules.allocation) sets against the client's invoices, so they are never counted
as sales and an unlettered credit lowers the client's net position.

Lettering decides what is still open on D: a line is open when it is unlettered or lettered
after D (DateLet > D; without DateLet, the lettering is dated by the latest entry of its
group). Within a group lettered by D the credits settle the debits, oldest first: a group that
does not balance (partial lettering) leaves the rest open, on the last invoices or as a credit.
A credit still open names, for cash application, the invoices of its own lettering group (even
when the group is lettered after D: that is what the accountant matched it to), then the
oldest open invoices. The invoice date is PieceDate (opening entries keep the original
invoice's date there), else EcritureDate; an entry exists on D when its EcritureDate <= D.
A placeholder PieceRef ("x", "-", "0", "sans"...) is no invoice number: EcritureNum is used.
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
from arxl.readers.fec_entries import (
    RECEIVABLE_PREFIX,
    amounts,
    cells,
    classify,
    entry_keys,
    left_out_lines,
)
from arxl.readers.options import ReadOptions
from arxl.readers.payments import PAYMENT_COLUMNS
from arxl.readers.text import TextRows, read_text_rows
from arxl.references import is_placeholder
from arxl.vocab import EntryKind, Lang, fold

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
    ref: list[str]  # PieceRef, "" when a placeholder
    entry: np.ndarray  # EcritureDate, datetime64[D]
    date: np.ndarray  # invoice date: PieceDate, else EcritureDate
    net: np.ndarray  # debit - credit
    kind: np.ndarray  # EntryKind value: invoice (debit), payment or credit (credit lines)
    sale: np.ndarray  # bool: a debit that is a sale (not a refund or a transfer; classify)
    piece: list[str]  # the entry: JournalCode and EcritureNum (_entry_keys)
    letter: list[str]
    let_date: np.ndarray
    due: np.ndarray
    label: list[str]
    issues: list[Issue] = field(default_factory=list)


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


def _parse(text: TextRows, name: str, tally: Tally) -> _Lines:
    header, rows, lines = text.rows[0], text.rows[1:], text.lines[1:]
    cols = _columns(header, name)
    tally.rows = len(rows)
    blank = np.array([all(not c.strip() for c in r) for r in rows], dtype=bool)
    account = cells(rows, cols["CompteNum"])
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

    entry_raw = cells(sub, cols["EcritureDate"])
    entry, bad_entry = V.parse_dates(entry_raw)
    bad_entry |= np.isnat(entry)
    piece_raw = cells(sub, cols.get("PieceDate"))
    piece, bad_piece = V.parse_dates(piece_raw)
    net, bad_amount, amount_raw = amounts(sub, cols, name)
    let_raw = cells(sub, cols.get("DateLet"))
    let_date, bad_let = V.parse_dates(let_raw)
    due_raw = cells(sub, cols.get("DateLimitReglmt"))
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

    net = np.round(net, 2)
    credit_pos = np.flatnonzero(ok & (net < 0))
    debit_pos = np.flatnonzero(ok & (net >= 0))
    by_row, sales = classify(rows, cols, account, idx[debit_pos].tolist(), idx[credit_pos].tolist())
    kind = np.full(len(sub), EntryKind.INVOICE.value, dtype=object)
    for i in credit_pos.tolist():
        kind[i] = by_row[int(idx[i])].value
    sale = np.array([int(r) in sales for r in idx.tolist()], dtype=bool)

    aux, aux_name = cells(sub, cols.get("CompAuxNum")), cells(sub, cols.get("CompAuxLib"))
    acc, acc_name = [account[i] for i in idx], cells(sub, cols.get("CompteLib"))
    client = [a or c for a, c in zip(aux, acc, strict=True)]
    cname = [(an or cn) if a else cn for a, an, cn in zip(aux, aux_name, acc_name, strict=True)]
    ref = [("" if is_placeholder(r) else r) for r in cells(sub, cols.get("PieceRef"))]
    num = cells(sub, cols.get("EcritureNum"))
    invoice = [r or n for r, n in zip(ref, num, strict=True)]
    date = np.where(np.isnat(piece), entry, piece)
    keep = np.flatnonzero(ok)

    def pick(values: list[str]) -> list[str]:
        return [values[i] for i in keep]

    return _Lines(
        line=sub_lines[keep],
        client=pick(client),
        name=pick(cname),
        invoice=pick(invoice),
        ref=pick(ref),
        entry=entry[keep],
        date=date[keep],
        net=net[keep],
        kind=kind[keep],
        sale=sale[keep],
        piece=pick(["|".join(k) for k in entry_keys(sub, cols)]),
        letter=pick(cells(sub, cols.get("EcritureLet"))),
        let_date=let_date[keep],
        due=due[keep],
        label=pick(cells(sub, cols.get("EcritureLib"))),
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


@dataclass
class OpenItems:
    """The FEC at D: the invoices (transactions) and the credits left open (payment rows)."""

    transactions: pd.DataFrame
    payments: pd.DataFrame  # readers.payments.PAYMENT_COLUMNS plus client_name_text


def open_items(lines: _Lines, as_of: dt.date, tally: Tally, sheet: str = "") -> OpenItems:
    """The transactions at D: every invoice (paid in part or in full by its lettering group);
    and the payment rows: every credit not used up by a group lettered by D, for what it has
    left. A credit's text names the invoices of its lettering group (cash application
    settles those first)."""
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
    left = np.round(-lines.net + np.nan_to_num(paid), 2)  # what a credit has left (> 0)
    used_up = settled & is_credit & (left <= _TOL)
    invoice = exists & ~is_credit
    credit = exists & is_credit & ~used_up
    tally.merged = int(used_up.sum())
    tally.transactions = int(invoice.sum() + credit.sum())
    ns = "datetime64[ns]"
    frame = pd.DataFrame(
        {
            "row": lines.line,
            "date": lines.date.astype(ns),
            "client_id": lines.client,
            "client_name_text": lines.name,
            "invoice": lines.invoice,
            "amount": lines.net,
            "typed_status": "blank",
            "status_text": "",
            "remarks": lines.label,
            "due_date": lines.due.astype(ns),
            "payment_date": pay_date.astype(ns),
            "amount_paid": paid,
            # installments of one invoice are lines of one entry: not duplicates (rules.checks)
            "entry": lines.piece,
            # a refund paid out or a transfer between clients is owed, but is not a sale
            "sale": lines.sale,
        }
    )
    return OpenItems(
        frame[invoice].reset_index(drop=True),
        _credit_rows(lines, np.flatnonzero(credit), left, sheet),
    )


def _credit_rows(lines: _Lines, pos: np.ndarray, left: np.ndarray, sheet: str) -> pd.DataFrame:
    """The open credits as payment rows. Label: the piece (unless the text says it) and the
    line's text. Text (what cash application reads for invoice numbers): the line's text, the
    piece of a payment (a credit note's piece is its own number), and its group's invoices."""
    group_invoices: dict[tuple[str, str], list[str]] = {}
    for i in range(len(lines.line)):
        if lines.letter[i] and lines.net[i] > 0 and lines.invoice[i]:
            # an invoice without a piece of its own is numbered by its entry: "facture n° 11"
            # names it ("Virement n° 11" would be the transfer's own number)
            # (a bare short number would not: it could be a day or a month)
            named = lines.ref[i] or f"facture n° {lines.invoice[i]}"
            group_invoices.setdefault((lines.client[i], lines.letter[i]), []).append(named)
    labels, texts = [], []
    for i in pos.tolist():
        piece = "" if lines.ref[i] in lines.label[i].split() else lines.ref[i]  # "Avoir AV001"
        labels.append(" ".join(x for x in (piece, lines.label[i]) if x))
        own = lines.ref[i] if lines.kind[i] == EntryKind.PAYMENT.value else ""
        named = (
            group_invoices.get((lines.client[i], lines.letter[i]), []) if lines.letter[i] else []
        )
        texts.append(" ".join(x for x in (lines.label[i], own, *named) if x))
    is_payment = lines.kind[pos] == EntryKind.PAYMENT.value
    # a payment is dated by its entry (the day the bank booked it), a credit note by its piece
    when = np.where(is_payment, lines.entry[pos], lines.date[pos])
    frame = pd.DataFrame(
        {
            "sheet": sheet,
            "row": lines.line[pos].astype(np.int64),
            "date": when.astype("datetime64[ns]"),
            "client_key": [lines.client[i] for i in pos.tolist()],
            "client_id": [lines.client[i] for i in pos.tolist()],
            "kind": lines.kind[pos].astype(object),
            "amount": left[pos].astype(float),
            "label": labels,
            "text": texts,
            "client_name_text": [lines.name[i] for i in pos.tolist()],
        }
    )
    if "closed" in PAYMENT_COLUMNS:  # what a credit has left is open: never used up before
        frame["closed"] = False
    return frame[[*PAYMENT_COLUMNS, "client_name_text"]]


def control_balances(lines: _Lines, as_of: dt.date) -> dict[str, float]:
    """Each client's 411 balance at D (debit - credit of its entries up to D)."""
    exists = lines.entry <= np.datetime64(as_of, "D")
    out: dict[str, float] = {}
    for c, v in zip(np.asarray(lines.client, dtype=object)[exists], lines.net[exists], strict=True):
        out[c] = out.get(c, 0.0) + float(v)
    return {c: round(v, 2) for c, v in out.items()}


def read(path: Path, options: ReadOptions) -> Ledger:
    """Read a FEC as of options.as_of: invoices in transactions, open credits in payments."""
    from arxl.readers.clients import resolve_clients

    text = read_text_rows(path, options.encoding, separators=("\t", "|"), quoting=False)
    if not text.rows:
        raise MissingColumns(f"{path.name}: empty file.")
    tally = Tally()
    lines = _parse(text, path.name, tally)
    found = open_items(lines, options.as_of, tally, path.name)
    # clients from the invoices and from the credits (a client may only have credits)
    credits = found.payments
    both = pd.concat(
        [found.transactions, credits[["row", "client_id", "client_name_text"]]], ignore_index=True
    )
    resolved, clients = resolve_clients(both, None, False)
    tx = resolved.iloc[: len(found.transactions)].reset_index(drop=True)
    for col in ("amount", "amount_paid"):
        tx[col] = tx[col].astype(float)
    tx["sale"] = tx["sale"].astype(bool)
    return Ledger(
        clients=clients,
        transactions=tx,
        issues=sorted(lines.issues, key=lambda i: i.row or 0),
        lang=Lang.FR,
        clients_sheet=path.name,
        transactions_sheet=path.name,
        settings_values={
            "tx_headers": {"invoice": "PieceRef", "client_id": "CompAuxNum"},
            # the receivable lines no item came from, for the sheet that keeps them (convert)
            "left_out_files": left_out_lines(text, lines.issues, path.name),
        },
        has_clients_sheet=False,
        payments=credits[list(PAYMENT_COLUMNS)].reset_index(drop=True),
        payments_sheet=path.name,
        tally=tally,
        control=control_balances(lines, options.as_of),
    )
