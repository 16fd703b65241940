"""Cash application (lettrage): payments and credit notes applied to invoices, as of a date.

Pure: payments × invoices -> allocation lines, unapplied credits, payments to identify.
Amounts are handled in cents (integers), so that nothing is lost to rounding.

The rule (issues 6 and 17), per client, payments and credit notes in date order (then sheet
order):
1. to the open invoices the payment's reference, description or remarks name, in the order
   written (disputed ones too: the credit note that names a contested invoice settles it);
2. then to the client's oldest open undisputed invoices (by due date, then invoice date, then
   row);
3. what is left is an unapplied credit of the client: its net position.
A credit note its own row says is used up (`closed`) stops after step 1.
A payment without a client, or for a client nobody knows, goes to the "to identify" list; a
payment without a client whose text names invoices of exactly one client is that client's.
Only payments dated on or before the as-of date count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pandas as pd

from arxl.naming import named_invoices
from arxl.rules.aging import typed_is
from arxl.rules.fifo import cents as _cents
from arxl.rules.fifo import oldest_first_lines
from arxl.rules.invoice_index import InvoiceIndex, KeyBook
from arxl.rules.refunds import NONE_PAID_BACK, as_paid_then
from arxl.vocab import EntryKind, Status, TypedStatus

OPEN = (Status.PENDING.value, Status.OVERDUE.value, Status.DISPUTED.value)

# How an allocation line was decided.
BY_REFERENCE = "reference"
BY_OLDEST = "oldest"
# a payment naming an invoice that only its status says paid: that payment is what paid it
BY_REFERENCE_PAID = "reference_paid"

# Why a payment is to identify.
NO_CLIENT = "no_client"
UNKNOWN_CLIENT = "unknown_client"


@dataclass
class Allocation:
    """The result of cash application as of a date.

    lines: one row per (payment, invoice) amount applied: pay, sheet, pay_row, pay_date, kind,
        client_key, invoice, invoice_row, invoice_date, amount, how (BY_REFERENCE/BY_OLDEST,
        BY_REFERENCE_PAID: to an invoice its status alone said paid, which the payment paid).
    payments: one row per payment or credit note counted (dated <= as-of), in the order
        applied: pay (1, 2, ...), sheet, row, date, client_key, client_id, kind, amount, label,
        named (invoice numbers the text names), applied, unapplied, used_up (what a closed
        credit note had left: used before, not open), to_identify ("" or a reason), early
        (invoice numbers dated after the payment it was applied to).
    by_invoice: index invoice row; columns applied, last_date, instead (the part of applied
        that paid an invoice its status alone said paid: its row no longer counts it).
    unapplied: one row per client with an unapplied credit: client_key, client_id, amount.
    paid_back: what refunds and bounced cheques dated <= as-of took off the payments (their
        amount is what is left): pay, date (the refund's), amount.
    """

    lines: pd.DataFrame
    payments: pd.DataFrame
    by_invoice: pd.DataFrame
    unapplied: pd.DataFrame
    paid_back: pd.DataFrame = field(default_factory=lambda: NONE_PAID_BACK)

    def refunds(self, kind: str = "payment") -> pd.DataFrame:
        """paid_back of the payments of `kind` with a known client: pay_date (the payment's),
        date (the refund's), amount."""
        pay = self.payments.set_index("pay")
        back = self.paid_back
        mine = pay.reindex(back["pay"].to_numpy())
        keep = ((mine["kind"] == kind) & (mine["to_identify"] == "")).to_numpy(dtype=bool)
        return pd.DataFrame(
            {
                "pay_date": mine["date"].to_numpy()[keep],
                "date": back["date"].to_numpy()[keep],
                "amount": back["amount"].to_numpy(dtype=float)[keep],
            }
        )

    @property
    def to_identify(self) -> pd.DataFrame:
        return self.payments[self.payments["to_identify"] != ""]


def _others(
    text: str,
    client: str,
    global_ids: dict[str, int],
    global_positions: list[set[int]],
    inv_client: np.ndarray,
    inv_number: np.ndarray,
) -> str:
    """The invoice numbers of other clients that a text naming none of its own client's names
    ("Q-9" on client 3's payment, Q-9 being client 4's): "Q-9 (4)", for Anomalies; not used."""
    found = []
    for i in named_invoices(text, global_ids):
        owners = {inv_client[x] for x in global_positions[i]}
        if client not in owners:
            number = str(inv_number[next(iter(global_positions[i]))])
            found.append(f"{number} ({', '.join(sorted(map(str, owners)))})")
    return ", ".join(found)


def _records(frame: pd.DataFrame, fields: tuple[str, ...]) -> Iterator[SimpleNamespace]:
    """frame.itertuples' records for these fields (the same values: tolist() of each column)."""
    columns = [frame[f].tolist() for f in fields]
    for values in zip(*columns, strict=True):
        yield SimpleNamespace(**dict(zip(fields, values, strict=True)))


def client_of(
    client: object, text: object, book: InvoiceIndex, inv_client: np.ndarray, known: set[str]
) -> tuple[object, str]:
    """A payment's client and why it is to identify ("" when it is not): its own (`client`),
    else the one client whose invoices its text names."""
    if not client:
        global_ids, global_positions = book.everyone()
        named_ids = named_invoices(str(text), global_ids)
        owners = {inv_client[x] for i in named_ids for x in global_positions[i]}
        if len(owners) != 1:
            return client, NO_CLIENT
        client = owners.pop()
    return client, "" if client in known else UNKNOWN_CLIENT


def status_paid_cents(
    says_paid: np.ndarray, amount_paid: np.ndarray, pay_date: np.ndarray, own_paid: np.ndarray
) -> np.ndarray:
    """Per item, in cents, what only its status says was paid (Payé, with neither an amount
    paid nor a payment date on its row: its own_paid): a payment naming it may be what paid
    it."""
    alone = says_paid & np.isnan(amount_paid) & np.isnat(pay_date)
    return np.where(alone, np.maximum(np.rint(own_paid * 100), 0), 0).astype(np.int64)


def open_balances(is_open: np.ndarray, balance: np.ndarray) -> np.ndarray:
    """Each invoice's open balance before cash application, in cents (round half to even, as
    round() does; nothing for an item that is not open or whose balance is a credit)."""
    return np.where(is_open, np.maximum(np.rint(balance * 100), 0), 0).astype(np.int64)


def walk(
    k: int,
    client: object,
    text: str,
    left: int,
    closed: bool,
    reads: bool,
    book: InvoiceIndex,
    remaining: list[int],
    cursor: dict[object, int],
    lines: list[tuple[object, ...]],
    presumed: list[int] | None = None,
) -> tuple[int, list[int]]:
    """Payment k (`left` cents) of `client` applied: to the open invoices its text names (when
    `reads`: it may name some), then to those it names that only their status says paid
    (`presumed`, their cents a status alone settles: a payment, not a credit note, naming
    one is what paid it), then, unless it is a used-up credit note (`closed`), to the
    client's oldest open undisputed ones (its queue from cursor[client] on). Adds its lines
    (k, position, cents, how) and takes them off `remaining` and `presumed`; returns (what is
    left, the positions named)."""
    named = book.named(client, text) if reads else []
    for pos in named:
        if left <= 0:
            break
        take = min(left, remaining[pos])
        if take > 0:
            remaining[pos] -= take
            left -= take
            lines.append((k, pos, take, BY_REFERENCE))
    if presumed is not None:
        for pos in named:
            take = min(left, presumed[pos])
            if take > 0:
                presumed[pos] -= take
                left -= take
                lines.append((k, pos, take, BY_REFERENCE_PAID))
    queue = book.queue(client)
    while left > 0 and not closed and cursor[client] < len(queue):
        pos = queue[cursor[client]]
        take = min(left, remaining[pos])
        if take > 0:
            remaining[pos] -= take
            left -= take
            lines.append((k, pos, take, BY_OLDEST))
        if remaining[pos] == 0:
            cursor[client] += 1
    return left, named


def allocate(
    items: pd.DataFrame,
    payments: pd.DataFrame,
    known_clients: set[str],
    as_of: dt.date,
    key_book: KeyBook | None = None,
    hints: bool = True,
) -> Allocation:
    """Apply the payments dated on or before as_of to the invoices of `items` (rules.aging.derive
    before allocation: its balance is what the invoice's own row leaves to pay). `key_book`: the
    invoice keys of the transactions `items` were derived from, for a caller applying the same
    ledger's payments at several dates (read at as_of, not worked out again). Without `hints`, the
    payments' `others` (another client's invoices a payment names, for Anomalies) is left blank:
    the month-end pictures behind the dashboard's series have no use for it, and finding it
    reads every client's invoice keys."""
    d = np.datetime64(as_of, "ns")
    pay = payments[payments["date"].to_numpy() <= d]
    order = np.argsort(pay["date"].to_numpy(), kind="mergesort")
    pay, paid_back = as_paid_then(pay.iloc[order].reset_index(drop=True), d)

    inv_rows = items["row"].to_numpy()
    inv_client = items["client_key"].to_numpy(dtype=object)
    inv_number = items["invoice"].to_numpy(dtype=object)
    inv_date = items["date"].to_numpy()
    status = items["status"]
    open_cents = open_balances(status.isin(OPEN).to_numpy(), items["balance"].to_numpy(float))
    remaining = open_cents.tolist()
    # invoice keys and queues are worked out for the clients the payments are for, when they
    # ask (a ledger of 200 000 invoices, a few of whose clients paid)
    dated = key_book.on(as_of, len(items)) if key_book is not None else None
    book = InvoiceIndex(
        inv_client,
        np.lexsort((inv_rows, inv_date, items["due"].to_numpy())),
        (open_cents > 0) & ~(status == Status.DISPUTED.value).to_numpy(),
        dated if dated is not None else KeyBook(items).whole(),  # else the items' own keys
    )
    presumed = status_paid_cents(
        typed_is(items["typed_status"], TypedStatus.PAID),
        items["amount_paid"].to_numpy(dtype=float),
        items["payment_date"].to_numpy(dtype="datetime64[ns]"),
        items["own_paid"].to_numpy(dtype=float),
    ).tolist()
    names_nothing = key_book.names_nothing if key_book is not None else None
    cursor: dict[object, int] = defaultdict(int)

    closed_flags = (
        pay["closed"].fillna(False).to_numpy(dtype=bool)
        if "closed" in pay
        else np.zeros(len(pay), dtype=bool)
    )
    lines: list[tuple[object, ...]] = []
    records: list[dict[str, object]] = []
    # the payments' fields as plain values, one record a payment (itertuples is slow over
    # Arrow texts, and a ledger's payments are applied again at every month end)
    fields = ("client_key", "text", "amount", "date", "sheet", "row", "client_id", "kind", "label")
    given = list(_records(pay, fields))
    whose = [client_of(p.client_key, p.text, book, inv_client, known_clients) for p in given]
    # clients whose payments all go oldest first: applied at once (rules.fifo), when the same
    # payments are applied at several dates (names_nothing tells without reading the keys)
    bulk: dict[int, list[tuple[object, ...]]] | None = None
    if names_nothing is not None and not hints:
        bulk = oldest_first_lines(
            given, whose, closed_flags, names_nothing, book, open_cents, BY_OLDEST
        )
    for k, p in enumerate(given, start=1):
        closed = bool(closed_flags[k - 1])
        client, reason = whose[k - 1]
        text = str(p.text)
        left = _cents(p.amount)
        named: list[int] = []
        early: list[str] = []
        others = ""
        if not reason and bulk is not None and k in bulk:
            lines.extend(bulk[k])
            left -= sum(int(ln[2]) for ln in bulk[k])  # type: ignore[call-overload]
            paid_on = np.datetime64(p.date, "ns")
            early = [str(inv_number[ln[1]]) for ln in bulk[k] if inv_date[ln[1]] > paid_on]
        elif not reason:
            first_line = len(lines)  # this payment's lines are the ones added from here
            reads = names_nothing is None or not names_nothing(client, text)
            left, named = walk(
                k,
                client,
                text,
                left,
                closed,
                reads,
                book,
                remaining,
                cursor,
                lines,
                presumed if p.kind == EntryKind.PAYMENT.value else None,
            )
            if not named and hints:  # a reference to another client's invoice: mis-keyed?
                global_ids, global_positions = book.everyone()
                others = _others(text, client, global_ids, global_positions, inv_client, inv_number)
            pay_day = p.date
            paid_on = np.datetime64(pay_day, "ns")
            early = [
                str(inv_number[pos])
                for _, pos, _, _ in lines[first_line:]
                if inv_date[pos] > paid_on
            ]
        applied = _cents(p.amount) - left
        used_up = left if closed and not reason else 0  # used before, elsewhere: not open
        records.append(
            {
                "pay": k,
                "sheet": p.sheet,
                "row": int(p.row),
                "date": p.date,
                "client_key": client,
                "client_id": p.client_id or client,
                "kind": p.kind,
                "amount": _cents(p.amount) / 100,
                "label": p.label,
                "named": ", ".join(str(inv_number[x]) for x in named),
                "applied": applied / 100,
                "unapplied": 0.0 if reason else (left - used_up) / 100,
                "used_up": used_up / 100,
                "to_identify": reason,
                "early": ", ".join(early),
                "others": others,
            }
        )
    allocation = _assemble(pay, items, lines, records)
    allocation.paid_back = paid_back
    return allocation


_PAYMENT_COLUMNS = (
    "pay",
    "sheet",
    "row",
    "date",
    "client_key",
    "client_id",
    "kind",
    "amount",
    "label",
    "named",
    "applied",
    "unapplied",
    "used_up",
    "to_identify",
    "early",
    "others",
)
_FLOATS = ("amount", "applied", "unapplied", "used_up")


def _assemble(
    pay: pd.DataFrame,
    items: pd.DataFrame,
    lines: list[tuple[int, int, int, str]],
    records: list[dict[str, object]],
) -> Allocation:
    """The Allocation's frames from the loop's lines and records (built column by column and
    grouped with arrays: a ledger's payments are assembled again at every month end, and a
    small ledger's time is pandas' fixed cost)."""
    columns = {c: [r[c] for r in records] for c in _PAYMENT_COLUMNS}
    payments = pd.DataFrame(columns if records else [], columns=list(_PAYMENT_COLUMNS))
    for col in _FLOATS:
        payments[col] = payments[col].astype(float)
    payments["row"] = payments["row"].astype(np.int64)
    payments["date"] = pd.to_datetime(payments["date"]).astype("datetime64[ns]")
    k = np.array([ln[0] for ln in lines], dtype=np.int64)
    pos = np.array([ln[1] for ln in lines], dtype=np.int64)
    of = k - 1  # a line's payment, by place (pay numbers 1, 2, ... in order)
    pay_date = payments["date"].to_numpy()[of]
    cents = np.array([ln[2] for ln in lines], dtype=np.int64)
    inv_row = items["row"].to_numpy()[pos].astype(np.int64)
    line_frame = pd.DataFrame(
        {
            "pay": k,
            "sheet": payments["sheet"].to_numpy(dtype=object)[of],
            "pay_row": payments["row"].to_numpy()[of],
            "pay_date": pay_date,
            "kind": payments["kind"].to_numpy(dtype=object)[of],
            "client_key": payments["client_key"].to_numpy(dtype=object)[of],
            "invoice": items["invoice"].to_numpy(dtype=object)[pos],
            "invoice_row": inv_row,
            "invoice_date": items["date"].to_numpy()[pos],
            "amount": cents / 100,
            "how": np.array([ln[3] for ln in lines], dtype=object),
        }
    )
    # per invoice, in the order first applied: the cents applied, the latest payment's date
    code, rows = pd.factorize(inv_row, sort=False)
    applied = np.bincount(code, weights=cents, minlength=len(rows)) / 100
    paid_instead = np.array([ln[3] == BY_REFERENCE_PAID for ln in lines], dtype=bool)
    instead = np.bincount(code, weights=np.where(paid_instead, cents, 0), minlength=len(rows)) / 100
    last = np.full(len(rows), np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last, code, pay_date.astype("datetime64[ns]").view(np.int64))
    by_invoice = pd.DataFrame(
        {"applied": applied, "last_date": last.view("datetime64[ns]"), "instead": instead},
        index=pd.Index(rows.astype(np.int64), name="invoice_row") if len(rows) else None,
    )
    credit = payments[(payments["to_identify"] == "") & (payments["unapplied"] > 0)]
    if len(credit):
        unapplied = (
            credit.groupby("client_key", sort=True)
            .agg(client_id=("client_id", "first"), amount=("unapplied", "sum"))
            .reset_index()
        )
        unapplied["amount"] = unapplied["amount"].round(2)
    else:  # no client with a credit left (what the grouping gives, without its cost)
        unapplied = credit[["client_key", "client_id", "unapplied"]].reset_index(drop=True)
        unapplied = unapplied.rename(columns={"unapplied": "amount"})
    return Allocation(line_frame, payments, by_invoice, unapplied)
