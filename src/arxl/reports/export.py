"""The aging as plain records, for CSV, JSON and terminal tables (`arxl aging`).

Text that leaves arxl as CSV or JSON never becomes a formula in a spreadsheet: a text field
starting with = + - @, a tab or a carriage return gets a leading single quote, and in CSV the
field is quoted (OWASP's advice against CSV injection). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from arxl.formats import FR_FORMATS, Formats
from arxl.rules.aging import NO_LEVEL
from arxl.rules.kpis import OPEN_STATUSES
from arxl.settings import Settings
from arxl.vocab import Lang, Status, bucket_codes, bucket_labels, t

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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START_PATTERN = "^[=+@\\t\\r-]"


def neutralised(value: object) -> object:
    """`value` ready for JSON: every text in it (through dicts, lists and tuples) that a
    spreadsheet would read as a formula prefixed with a single quote, a non-finite number
    (which JSON cannot hold) None; other numbers, None and other text unchanged."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: neutralised(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(neutralised(v) for v in value)
    return value


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


def csv_text(header: list[str], rows: list[tuple[object, ...]] | list[list[object]]) -> str:
    """Header and rows as csv.writer writes them (QUOTE_MINIMAL, "\n"), except that a text field
    a spreadsheet would read as a formula is written quoted with a leading single quote."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        if any(isinstance(v, str) and v.startswith(FORMULA_STARTS) for v in row):
            out.write(",".join(_csv_field(v) for v in row) + "\n")
        else:
            writer.writerow(row)
    return out.getvalue()


def _csv_field(value: object) -> str:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "\"'" + value.replace('"', '""') + '"'
    if value is None or value == "":
        return ""  # csv.writer quotes a lone empty field, not one among others
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([value])
    return out.getvalue()[:-1]


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
    the same characters as `csv_text` writing `by_invoice`'s rows, in a fraction of the time.
    None when an amount reaches ARROW_EXPONENT, where Arrow writes an exponent and Python does
    not (the caller then writes the rows with `csv_text`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from arxl.arrowtext import ARROW_EXPONENT, STR, choose, concatenated, float_texts, join, lit

    moneys = []
    for key in ("amount", "paid", "balance"):
        values = np.round(items[key].to_numpy(dtype=float, na_value=np.nan), 2) + 0.0
        if not np.isfinite(values).all() or (np.abs(values) >= ARROW_EXPONENT).any():
            return None
        moneys.append(float_texts(values))

    def texts(values: object) -> pa.Array:
        arr = pa.array(values, type=STR, from_pandas=True)
        arr = pc.fill_null(arr, lit(""))
        formula = pc.match_substring_regex(arr, _FORMULA_START_PATTERN)
        if pc.any(formula).as_py():
            arr = choose(formula, join("'", arr), arr)
        need = formula
        for char in _quoted_chars():  # literal searches: quicker than one regex
            found = pc.match_substring(arr, char)
            need = pc.or_(need, found)
        if pc.any(need).as_py():
            arr = choose(need, join('"', pc.replace_substring(arr, '"', '""'), '"'), arr)
        return arr

    def dates(values: pd.Series) -> pa.Array:
        days = np.asarray(values, dtype="datetime64[D]")
        iso = pa.array(days, mask=np.isnat(days)).cast(STR)  # yyyy-mm-dd
        return pc.fill_null(iso, lit(""))

    level = items["reminder_level"].to_numpy()
    level_text = pa.array(level).cast(STR)
    columns = [
        texts(items["invoice"]),
        texts(items["client_id"]),
        texts(items["client_name"]),
        dates(items["date"]),
        dates(items["due"]),
        *moneys,
        texts(items["status"]),
        pa.array(items["days_overdue"].to_numpy().astype(int)).cast(STR),
        texts(items["bucket"]),
        choose(pa.array(level == NO_LEVEL), "", level_text),
    ]
    body = join(join(*columns, sep=","), "\n")
    head = ",".join(INVOICE_FIELDS) + "\n"
    return head + (bytes(concatenated(body)).decode("utf-8") if len(body) else "")


def by_client(table: pd.DataFrame, settings: Settings) -> tuple[list[str], list[list[object]]]:
    codes = list(bucket_codes(settings.bucket_bounds))
    money = [*codes, "credits", "total"]  # total: the net balance
    header = ["client_id", "client_name", *money]
    rows = [
        [cid, name, *(_money(table[c].iat[i]) for c in money)]
        for i, (cid, name) in enumerate(zip(table["client_id"], table["client_name"], strict=True))
    ]
    return header, rows


# --- the terminal's tables (`arxl aging --format table`) ---------------------------------------


@dataclass(frozen=True)
class TermTable:
    """A table for a terminal, in the book's language: headers, which columns are numbers,
    the rows (numbers as floats or ints, the rest as text) and the total row."""

    headers: list[str]
    numeric: list[bool]
    rows: list[list[object]]
    total: list[object]
    title: str
    lang: Lang
    flexible: int = 1  # the column that gives up its width (shortened with an ellipsis)
    optional: tuple[int, ...] = ()  # columns left out, in this order, on a narrow terminal
    # amount columns that, left out, are summed in one column `summed_label` (before the last),
    # so that each row still adds up to its total
    summed: tuple[int, ...] = ()
    summed_label: str = ""


def aging_table(
    items: pd.DataFrame,
    aged: pd.DataFrame,
    settings: Settings,
    as_of: dt.date,
    lang: Lang,
    by: str = "invoice",
    everything: bool = False,
    formats: Formats = FR_FORMATS,
) -> TermTable:
    """`arxl aging` as a terminal reads it: by invoice, the open ones (pending, overdue,
    disputed) unless `everything`, with a total of the amounts and balances; by client, the
    aged balance with its totals."""
    if by == "client":
        return _clients_table(aged, settings, as_of, lang, formats)
    status = items["status"].to_numpy(dtype=object)
    shown = items if everything else items[np.isin(status, OPEN_STATUSES)]
    labels = dict(
        zip(
            bucket_codes(settings.bucket_bounds),
            bucket_labels(settings.bucket_bounds, lang),
            strict=True,
        )
    )
    words = {s.value: s.label(lang) for s in Status}
    level = shown["reminder_level"].to_numpy()
    rows = [
        list(r)
        for r in zip(
            shown["invoice"].astype(str).tolist(),
            [
                f"{n} ({i})" if n else str(i)
                for i, n in zip(shown["client_id"], shown["client_name"], strict=True)
            ],
            _shown_dates(shown["due"], formats),
            _moneys(shown["amount"]),
            _moneys(shown["balance"]),
            shown["days_overdue"].astype(int).tolist(),
            [labels.get(b, "") for b in shown["bucket"].tolist()],
            [words.get(s, s) for s in shown["status"].tolist()],
            ["" if x == NO_LEVEL else str(x) for x in level.tolist()],
            strict=True,
        )
    ]
    headers = [
        t("Facture", "Invoice", lang),
        t("Client", "Client", lang),
        t("Échéance", "Due", lang),
        t("Montant", "Amount", lang),
        t("Solde", "Balance", lang),
        t("Retard (j)", "Days late", lang),
        t("Tranche", "Bucket", lang),
        t("Statut", "Status", lang),
        t("Relance", "Level", lang),
    ]
    total = [
        t("Total", "Total", lang),
        t(f"{len(rows)} factures", f"{len(rows)} invoices", lang),
        "",
        _money(shown["amount"].sum()),
        _money(shown["balance"].sum()),
        "",
        "",
        "",
        "",
    ]
    which = (
        t("factures ouvertes", "open invoices", lang)
        if not everything
        else t("toutes les factures", "every invoice", lang)
    )
    return TermTable(
        headers,
        [False, False, False, True, True, True, False, False, False],
        rows,
        total,
        t(
            f"Balance âgée au {formats.date_text(as_of)} – {which}",
            f"Aging as of {formats.date_text(as_of)} – {which}",
            lang,
        ),
        lang,
        flexible=1,
        optional=(8, 3, 6, 7),  # level, amount, bucket, status
    )


def _shown_dates(values: pd.Series, formats: Formats) -> list[str]:
    """The dates as the book shows them (each distinct day spelled once)."""
    days = np.asarray(values, dtype="datetime64[D]")
    distinct, index = np.unique(days, return_inverse=True)
    texts = ["" if np.isnat(x) else formats.date_text(x.astype(dt.date)) for x in distinct]
    return [texts[i] for i in index.ravel().tolist()]


def _clients_table(
    aged: pd.DataFrame, settings: Settings, as_of: dt.date, lang: Lang, formats: Formats
) -> TermTable:
    codes = list(bucket_codes(settings.bucket_bounds))
    money = [*codes, "credits", "total"]
    rows = [
        [f"{n} ({i})" if n else str(i), *(_money(aged[c].iat[k]) for c in money)]
        for k, (i, n) in enumerate(zip(aged["client_id"], aged["client_name"], strict=True))
    ]
    headers = [
        t("Client", "Client", lang),
        *bucket_labels(settings.bucket_bounds, lang),
        t("Crédits", "Credits", lang),
        t("Solde net", "Net balance", lang),
    ]
    total = [
        t("Total", "Total", lang),
        *(_money(aged[c].sum()) for c in money),
    ]
    return TermTable(
        headers,
        [False, *([True] * len(money))],
        rows,
        total,
        t(
            f"Balance âgée par client au {formats.date_text(as_of)}",
            f"Aged balance by client as of {formats.date_text(as_of)}",
            lang,
        ),
        lang,
        flexible=0,
        optional=_least_first(total),
        summed=tuple(range(1, len(money))),  # the buckets and the credits
        summed_label=t("Autres", "Other", lang),
    )


def _least_first(total: list[object]) -> tuple[int, ...]:
    """The amount columns a narrow terminal may leave out (every one but the net balance, the
    last), those holding the least first: an empty bucket goes before the largest one. The
    oldest bucket and the credits, when they hold something, go last: what is most overdue,
    and what the net balance is net of."""
    money = range(1, len(total) - 1)
    last = {len(total) - 3, len(total) - 2}  # the oldest bucket, the credits

    def weight(i: int) -> tuple[bool, float]:
        held = abs(float(total[i] or 0.0))
        return (i in last and held > 0, held)

    return tuple(sorted(money, key=weight))
