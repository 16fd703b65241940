"""What changed since the previous refresh: a summary of each run, and the difference of two.

The summary is a plain table (kept by arxl in a hidden sheet of the workbook): one row per
invoice, per client, per payment row, and one for the as-of date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from arxl.rules.aging import NO_LEVEL
from arxl.rules.allocation import Allocation
from arxl.vocab import EntryKind, Status

STATE_COLUMNS = (
    "kind",
    "key",
    "client_key",
    "invoice",
    "status",
    "bucket",
    "paid",
    "level",
    "amount",
    "balance",
)
# This run's figures that the changes show (amount, balance), never compared: not kept.
NUMBER_COLUMNS = ("paid", "level", "amount", "balance")
# What the hidden sheet keeps: a previous run is only compared by key.
STORED_COLUMNS = ("kind", "key", "status", "bucket", "paid", "level")

# Change categories, in the order they are listed.
NEW_INVOICE = "new_invoice"
PAYMENT = "payment"
CREDIT_NOTE = "credit_note"
BECAME_OVERDUE = "overdue"
BUCKET = "bucket"
REMINDER = "reminder"
NEW_HOLD = "hold"
CATEGORIES = (NEW_INVOICE, PAYMENT, CREDIT_NOTE, BECAME_OVERDUE, BUCKET, REMINDER, NEW_HOLD)


def _invoice_keys(items: pd.DataFrame) -> pd.Series:
    """client|invoice, or row|N for a row without an invoice number (vectorised: a million
    keys as Python strings would cost a hundred megabytes)."""
    invoice = items["invoice"].astype(str).fillna("")
    by_invoice = items["client_key"].astype(str) + "|" + invoice
    numbered = invoice != ""
    if numbered.all():  # every row has its number: no row|N key to spell
        return by_invoice.reset_index(drop=True)
    by_row = "row|" + items["row"].astype(str)
    return by_invoice.where(numbered, by_row).reset_index(drop=True)


def summary(
    items: pd.DataFrame,
    allocation: Allocation | None,
    reminders: pd.DataFrame,
    credit: pd.DataFrame,
    as_of: dt.date,
) -> pd.DataFrame:
    """This run's summary (STATE_COLUMNS; paid is what the invoice's own row says was paid).

    amount and balance: an invoice's amount and open balance; a client's exposure and the
    amount its reminder is for; a payment's amount (as paid) and no balance."""
    inv = pd.DataFrame(
        {
            "kind": "invoice",
            "key": _invoice_keys(items),
            "client_key": items["client_key"].reset_index(drop=True),
            "invoice": items["invoice"].reset_index(drop=True),
            "status": items["status"].reset_index(drop=True),
            "bucket": items["bucket"].reset_index(drop=True),
            "paid": np.round(items["own_paid"].to_numpy(dtype=float), 2),
            "level": 0,
            "amount": items["amount"].to_numpy(dtype=float),
            "balance": items["balance"].to_numpy(dtype=float),
        }
    )
    level_of = reminders.set_index("client_key")["level"].to_dict() if len(reminders) else {}
    due_of = (
        reminders.set_index("client_key")["amount_due"].to_dict()
        if len(reminders) and "amount_due" in reminders
        else {}
    )
    held = {k for k, h in zip(credit["client_key"], credit["holds"], strict=True) if h}
    keys = credit["client_key"].tolist()
    cl = pd.DataFrame(
        {
            "kind": "client",
            "key": keys,
            "client_key": keys,
            "invoice": "",
            "status": ["hold" if k in held else "" for k in keys],
            "bucket": "",
            "paid": 0.0,
            "level": [int(level_of.get(k, NO_LEVEL)) for k in keys],
            "amount": credit["exposure"].to_numpy(dtype=float),
            "balance": [float(due_of.get(k, np.nan)) for k in keys],
        }
    )
    frames = [inv, cl]
    if allocation is not None and len(allocation.payments):
        p = allocation.payments
        frames.append(
            pd.DataFrame(
                {
                    "kind": "payment",
                    "key": [
                        f"{s}|{r}|{pd.Timestamp(d):%Y-%m-%d}|{a:.2f}"
                        for s, r, d, a in zip(
                            p["sheet"], p["row"], p["date"], p["amount"], strict=True
                        )
                    ],
                    "client_key": p["client_key"].to_numpy(dtype=object),
                    "invoice": p["label"].to_numpy(dtype=object),
                    "status": p["kind"].to_numpy(dtype=object),
                    "bucket": "",
                    "paid": p["amount"].to_numpy(dtype=float),
                    "level": 0,
                    "amount": p["amount"].to_numpy(dtype=float),
                    "balance": np.nan,
                }
            )
        )
    meta = pd.DataFrame(
        [["as_of", as_of.isoformat(), "", "", "", "", 0.0, 0, np.nan, np.nan]],
        columns=STATE_COLUMNS,
    )
    return pd.concat([meta, *frames], ignore_index=True)[list(STATE_COLUMNS)]


def read_summary(raw: pd.DataFrame | None) -> pd.DataFrame | None:
    """The summary written by a previous run, from the hidden sheet's columns by header (None
    when there is none or it is unreadable). The sheet holds STORED_COLUMNS (older versions
    wrote all of STATE_COLUMNS); a column it lacks reads as blank."""
    if raw is None or not len(raw) or not set(STORED_COLUMNS) <= set(raw.columns):
        return None
    frame = pd.DataFrame(index=range(len(raw)))
    for col in STATE_COLUMNS:
        if col in NUMBER_COLUMNS:
            continue
        # Arrow strings kept as they are: a Python string per line would double the memory
        frame[col] = raw[col].astype("str").fillna("").array if col in raw else ""
    frame["paid"] = pd.to_numeric(raw["paid"], errors="coerce").fillna(0.0).to_numpy()
    level = pd.to_numeric(raw["level"], errors="coerce").fillna(NO_LEVEL)
    frame["level"] = level.astype(int).to_numpy()
    frame["amount"] = frame["balance"] = np.nan
    return frame[list(STATE_COLUMNS)]


def previous_as_of(previous: pd.DataFrame) -> dt.date | None:
    meta = previous[previous["kind"] == "as_of"]
    try:
        return dt.date.fromisoformat(str(meta["key"].iat[0])) if len(meta) else None
    except ValueError:
        return None


def _with_previous(now: pd.DataFrame, was: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """`now` with `<column>_was` for each column of `was`: the same key's previous line, blank
    (NaN) for a new key; and the mask of new keys. Keys are looked up by Arrow's hash table:
    neither a merge (two million-row summaries copied) nor a pandas Index (a Python string per
    key: twice the memory, twice the time)."""
    now = now.reset_index(drop=True)
    pos = _positions(_keys(now["key"]), _keys(was["key"]))
    before = was.drop(columns="key").reset_index(drop=True).reindex(pos)  # -1: a blank line
    return pd.concat([now, before.reset_index(drop=True).add_suffix("_was")], axis=1), pos < 0


def _positions(keys: pa.Array, among: pa.Array) -> np.ndarray:
    """Where each key first stands in `among` (-1 when it does not), by Arrow's hash lookup."""
    if not len(among):
        return np.full(len(keys), -1)
    return pc.index_in(keys, value_set=among).fill_null(-1).to_numpy(zero_copy_only=False)


def _keys(keys: pd.Series) -> pa.Array:
    """A key column as one Arrow string array (no copy for pandas' Arrow-backed strings)."""
    arr = pa.array(keys, type=pa.large_string())
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def _lines_of(frame: pd.DataFrame, kind: str) -> np.ndarray:
    """Positions of `frame`'s lines of that kind."""
    return np.flatnonzero((frame["kind"] == kind).to_numpy())


def _take(arr: pa.Array, at: np.ndarray) -> pa.Array:
    """arr at those positions; a slice (no copy) when they follow each other, as a summary's
    invoice lines do."""
    if len(at) and at[-1] - at[0] + 1 == len(at):
        return arr.slice(int(at[0]), len(at))
    return pc.take(arr, pa.array(at, pa.int64()))


def _texts(frame: pd.DataFrame, column: str, at: np.ndarray) -> pa.Array:
    return _take(_keys(frame[column]), at)


def _invoice_changes(previous: pd.DataFrame, current: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The invoice categories (new, paid more, became overdue, changed bucket): the lines of
    `current` each concerns, with `<column>_was` from `previous`. Worked out on the key, status,
    bucket and paid columns alone, by position: no copy of a million-line summary."""
    now_at, was_at = _lines_of(current, "invoice"), _lines_of(previous, "invoice")
    now_keys = _texts(current, "key", now_at)
    first = _positions(now_keys, now_keys)
    if (first != np.arange(len(first))).any():  # a key twice: its first line only
        now_at = now_at[first == np.arange(len(first))]
        now_keys = _texts(current, "key", now_at)
    pos = _positions(now_keys, _texts(previous, "key", was_at))
    new = pos < 0
    seen = np.flatnonzero(~new)  # positions in now_at of lines the previous run had
    a, b = now_at[seen], was_at[pos[seen]]

    def pair(column: str) -> tuple[pa.Array, pa.Array]:
        return _texts(current, column, a), _texts(previous, column, b)

    def flag(mask: pa.Array) -> np.ndarray:
        return np.asarray(pc.fill_null(mask, False), dtype=bool)

    status, status_was = pair("status")
    bucket, bucket_was = pair("bucket")
    overdue = Status.OVERDUE.value
    became = flag(pc.and_(pc.equal(status, overdue), pc.not_equal(status_was, overdue)))
    moved = ~became & flag(
        pc.and_(
            pc.and_(pc.not_equal(bucket, ""), pc.not_equal(bucket_was, "")),
            pc.not_equal(bucket, bucket_was),
        )
    )
    paid = current["paid"].to_numpy(dtype=float)[now_at[seen]]
    paid_was = previous["paid"].to_numpy(dtype=float)[was_at[pos[seen]]]
    pays = paid > paid_was + 0.005

    def lines(rows: np.ndarray) -> pd.DataFrame:
        """current's lines at those positions (Python values for those lines only)."""
        columns = ("client_key", "invoice", "status", "bucket", "paid", "amount", "balance")
        return pd.DataFrame({c: current[c].iloc[rows].tolist() for c in columns})

    def changed(where: np.ndarray, **was: object) -> pd.DataFrame:
        out = lines(now_at[seen[where]])
        for column, values in was.items():
            if isinstance(values, pa.Array):
                out[column + "_was"] = pc.filter(values, pa.array(where)).to_pylist()
            else:
                out[column + "_was"] = np.asarray(values)[where]
        return out

    return {
        NEW_INVOICE: lines(now_at[new]),
        PAYMENT: changed(pays, paid=paid_was, status=status_was),
        BECAME_OVERDUE: changed(became, status=status_was),
        BUCKET: changed(moved, bucket=bucket_was),
    }


def _entry(key: object, kind: object) -> tuple[str, str, str]:
    """A payment line without where it stands: (date, amount, kind). Its key is
    `sheet|row|date|amount`, read from the right (a sheet's name may hold a `|`)."""
    date, amount = ([*str(key).rsplit("|", 2), "", ""])[1:3]
    return date, amount, str(kind)


def _moved(new: pd.DataFrame, was: pd.DataFrame, now: pd.DataFrame) -> np.ndarray:
    """Of the payment lines whose key is new, those that are a previous line moved: the same
    date, amount and kind as a previous line whose key is gone, one for one. A payment's key
    says where it stands, so a row inserted above it, the sheet sorted, or a converted
    workbook's first refresh (its export's line then a workbook row) gives it a new key."""
    gone = was[~was["key"].isin(now["key"])]
    if not len(new) or not len(gone):
        return np.zeros(len(new), dtype=bool)
    left = Counter(map(_entry, gone["key"].tolist(), gone["status"].tolist()))
    out = np.zeros(len(new), dtype=bool)
    for i, entry in enumerate(map(_entry, new["key"].tolist(), new["status"].tolist())):
        if left[entry]:
            left[entry] -= 1
            out[i] = True
    return out


def changes(previous: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """What differs: category (CATEGORIES), client_key, invoice (or payment label), before,
    after (words: statuses, buckets, reminder levels, hold), amount (a number on every row).
    New invoices (amount: the invoice's); payments received: new payment rows (their amount;
    a row that only moved is not new: `_moved`),
    and invoices whose own row says more was paid (status before and after, the amount received);
    new credit notes (their amount);
    invoices that became overdue or else changed bucket (their open balance); clients whose
    reminder level rose (the amount reminded, else the exposure); new holds (the exposure). In
    category order, then in the order of `current`."""

    def part(frame: pd.DataFrame, kind: str, columns: list[str]) -> pd.DataFrame:
        return frame.loc[frame["kind"] == kind, columns].drop_duplicates("key")

    now_cols = ["key", "client_key", "invoice", "status", "bucket", "paid", "level"]
    now_cols += ["amount", "balance"]
    was_cols = ["key", "status", "bucket", "paid", "level"]
    invoices = _invoice_changes(previous, current)
    paid = part(current, "payment", now_cols)
    was_paid = part(previous, "payment", ["key", "status"])
    payments = paid[~paid["key"].isin(was_paid["key"])]
    payments = payments[~_moved(payments, was_paid, paid)]
    cl, _ = _with_previous(part(current, "client", now_cols), part(previous, "client", was_cols))
    old_level = cl["level_was"].fillna(NO_LEVEL).astype(int).tolist()
    rose = cl["level"].to_numpy(dtype=int) > np.array(old_level, dtype=int)
    held = (cl["status"] == "hold").to_numpy() & (cl["status_was"] != "hold").to_numpy()
    exposure = cl["amount"].to_numpy(dtype=float)
    reminded = cl["balance"].to_numpy(dtype=float)
    reminded = np.where(np.isnan(reminded), exposure, reminded)

    def rows(frame: pd.DataFrame, *fields: str) -> list[list[object]]:
        return [frame[f].tolist() for f in fields]

    out: list[tuple[str, object, object, object, object, float]] = []
    n_inv = invoices[NEW_INVOICE]
    pays = invoices[PAYMENT]
    out += [
        (NEW_INVOICE, c, i, "", s, float(a))
        for c, i, s, a in zip(
            *rows(n_inv, "client_key", "invoice", "status", "amount"), strict=True
        )
    ]
    out += [
        (PAYMENT, c, i, sb, sa, round(float(a) - float(b), 2))
        for c, i, sb, sa, b, a in zip(
            *rows(pays, "client_key", "invoice", "status_was", "status", "paid_was", "paid"),
            strict=True,
        )
    ]
    is_credit = (payments["status"] == EntryKind.CREDIT.value).to_numpy()
    for category, mine in ((PAYMENT, ~is_credit), (CREDIT_NOTE, is_credit)):
        out += [
            (category, c, i, "", s, float(a))
            for c, i, s, a in zip(
                *rows(payments[mine], "client_key", "invoice", "status", "paid"), strict=True
            )
        ]
    out += [
        (BECAME_OVERDUE, c, i, b, s, float(m))
        for c, i, b, s, m in zip(
            *rows(
                invoices[BECAME_OVERDUE], "client_key", "invoice", "status_was", "status", "balance"
            ),
            strict=True,
        )
    ]
    out += [
        (BUCKET, c, i, b, a, float(m))
        for c, i, b, a, m in zip(
            *rows(invoices[BUCKET], "client_key", "invoice", "bucket_was", "bucket", "balance"),
            strict=True,
        )
    ]
    keys, levels = cl["key"].tolist(), cl["level"].tolist()
    out += [
        (REMINDER, k, "", old, int(now), float(m))
        for k, old, now, m, hit in zip(
            keys, old_level, levels, reminded.tolist(), rose.tolist(), strict=True
        )
        if hit
    ]
    out += [
        (NEW_HOLD, k, "", "", "hold", float(m))
        for k, m, hit in zip(keys, exposure.tolist(), held.tolist(), strict=True)
        if hit
    ]
    return pd.DataFrame(
        out, columns=["category", "client_key", "invoice", "before", "after", "amount"]
    )
