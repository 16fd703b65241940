"""The aging as plain records, for CSV, JSON and terminal tables (`arxl aging`)."""

from __future__ import annotations

import csv
import functools
import io

import numpy as np
import pandas as pd

from arxl.rules.aging import NO_LEVEL
from arxl.settings import Settings
from arxl.vocab import bucket_codes

INVOICE_FIELDS = (
    "invoice",
    "client_id",
    "client_name",
    "date",
    "due_date",
    "amount",
    "paid",
    "balance",
    "status",
    "days_overdue",
    "bucket",
    "reminder_level",
)


def _iso(values: pd.Series | np.ndarray) -> list[str]:
    text = np.datetime_as_string(np.asarray(values, dtype="datetime64[D]"), unit="D")
    return np.where(text == "NaT", "", text).tolist()


def _money(x: float) -> float:
    return round(float(x), 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def _moneys(values: pd.Series | np.ndarray) -> list[float]:
    return (np.round(np.asarray(values, dtype=float), 2) + 0.0).tolist()


def by_invoice(items: pd.DataFrame) -> tuple[list[str], list[tuple[object, ...]]]:
    """Rows of `aging --by invoice`; a blank reminder level is ""."""
    level = items["reminder_level"].to_numpy()
    columns = [
        items["invoice"].tolist(),
        items["client_id"].tolist(),
        items["client_name"].tolist(),
        _iso(items["date"]),
        _iso(items["due"]),
        _moneys(items["amount"]),
        _moneys(items["paid"]),
        _moneys(items["balance"]),
        items["status"].tolist(),
        items["days_overdue"].astype(int).tolist(),
        items["bucket"].tolist(),
        ["" if x == NO_LEVEL else x for x in level.tolist()],
    ]
    return list(INVOICE_FIELDS), list(zip(*columns, strict=True))


@functools.cache
def _quoted_chars() -> str:
    """The characters that make csv.writer quote a field (Python versions differ on a lone
    carriage return)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    quoted = []
    for char in ',"\r\n':
        out.seek(0)
        out.truncate()
        writer.writerow(["a" + char + "b"])
        if out.getvalue().startswith('"'):
            quoted.append(char)
    return "".join(quoted)


def invoice_csv(items: pd.DataFrame) -> str | None:
    """`aging --by invoice --format csv` as text, built column by column with Arrow kernels:
    the same characters as csv.writer (QUOTE_MINIMAL, "\n") writing `by_invoice`'s rows, in a
    fraction of the time. None when an amount reaches 1e10, where Arrow writes an exponent and
    Python does not (the caller then writes the rows with csv.writer)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def lit(part: object) -> object:
        return pa.scalar(part, pa.large_string()) if isinstance(part, str) else part

    def join(*parts: object) -> pa.Array:
        return pc.binary_join_element_wise(*map(lit, parts))

    def choose(cond: pa.Array, yes: object, no: object) -> pa.Array:
        return pc.if_else(cond, lit(yes), lit(no))

    moneys = []
    for key in ("amount", "paid", "balance"):
        values = np.round(items[key].to_numpy(dtype=float, na_value=np.nan), 2) + 0.0
        if not np.isfinite(values).all() or (np.abs(values) >= 1e10).any():
            return None
        text = pa.array(values).cast(pa.large_string())
        whole = pa.array(values == np.trunc(values))
        moneys.append(choose(whole, join(text, ".0", ""), text))

    def texts(values: object) -> pa.Array:
        arr = pa.array(values, type=pa.large_string(), from_pandas=True)
        arr = pc.fill_null(arr, lit(""))
        need = None
        for char in _quoted_chars():  # literal searches: quicker than one regex
            found = pc.match_substring(arr, char)
            need = found if need is None else pc.or_(need, found)
        if need is not None and pc.any(need).as_py():
            arr = choose(need, join('"', pc.replace_substring(arr, '"', '""'), '"', ""), arr)
        return arr

    def dates(values: pd.Series) -> pa.Array:
        days = np.asarray(values, dtype="datetime64[D]")
        iso = pa.array(days, mask=np.isnat(days)).cast(pa.large_string())  # yyyy-mm-dd
        return pc.fill_null(iso, lit(""))

    level = items["reminder_level"].to_numpy()
    level_text = pa.array(level).cast(pa.large_string())
    columns = [
        texts(items["invoice"]),
        texts(items["client_id"]),
        texts(items["client_name"]),
        dates(items["date"]),
        dates(items["due"]),
        *moneys,
        texts(items["status"]),
        pa.array(items["days_overdue"].to_numpy().astype(int)).cast(pa.large_string()),
        texts(items["bucket"]),
        choose(pa.array(level == NO_LEVEL), "", level_text),
    ]
    body = join(join(*columns, ","), "\n", "")
    head = ",".join(INVOICE_FIELDS) + "\n"
    if not len(body):
        return head
    buffers = body.buffers()
    offsets = np.frombuffer(buffers[1], np.int64)[body.offset : body.offset + len(body) + 1]
    return head + bytes(buffers[2])[int(offsets[0]) : int(offsets[-1])].decode("utf-8")


def by_client(table: pd.DataFrame, settings: Settings) -> tuple[list[str], list[list[object]]]:
    codes = list(bucket_codes(settings.bucket_bounds))
    header = ["client_id", "client_name", *codes, "total"]
    rows = [
        [cid, name, *(_money(table[c].iat[i]) for c in codes), _money(table["total"].iat[i])]
        for i, (cid, name) in enumerate(zip(table["client_id"], table["client_name"], strict=True))
    ]
    return header, rows
