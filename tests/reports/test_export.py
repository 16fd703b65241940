"""`aging --format csv` built by Arrow kernels: the same text as csv_text on by_invoice."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from arxl.reports.export import by_invoice, csv_text, invoice_csv
from arxl.rules.aging import NO_LEVEL

TRICKY = [
    "a,b",
    'say "hi"',
    "line\nbreak",
    "cr\rx",
    " lead ",
    "é ü",
    "",
    "FAC-1",
    "x;y",
    "'=1+1",
    '=HYPERLINK("http://x","y")',
    "-5",
    "+33 1 23",
    "@SUM(A1)",
    "\tTab",
    "\rCR",
    "=1,2",
]


def _items(amounts: list[float]) -> pd.DataFrame:
    n = len(amounts)
    texts = [TRICKY[i % len(TRICKY)] for i in range(n)]
    dates = pd.to_datetime([f"2026-01-{1 + i % 28:02d}" for i in range(n)])
    due = pd.Series(dates).where(np.arange(n) % 3 != 0)  # some NaT
    return pd.DataFrame(
        {
            "invoice": pd.Series(texts, dtype="str"),
            "client_id": pd.Series([f"C{i % 4}" for i in range(n)], dtype="str"),
            "client_name": pd.Series(texts[::-1], dtype="str"),
            "date": dates,
            "due": due,
            "amount": amounts,
            "paid": [a / 3 for a in amounts],
            "balance": [a - a / 3 for a in amounts],
            "status": pd.Series([("overdue", "paid")[i % 2] for i in range(n)], dtype="str"),
            "days_overdue": np.arange(n) * 7,
            "bucket": pd.Series(["" if i % 4 == 0 else "1-30" for i in range(n)], dtype="str"),
            "reminder_level": np.where(np.arange(n) % 5 == 0, NO_LEVEL, np.arange(n) % 4),
        }
    )


def _csv_writer(items: pd.DataFrame) -> str:
    return csv_text(*by_invoice(items))


def test_csv_text_is_csv_writer_but_for_formula_like_text() -> None:
    header, rows = by_invoice(_items([1.5, -50.0]))
    safe = [
        r for r in rows if not any(str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in r)
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(safe)
    assert csv_text(header, safe) == out.getvalue()


def test_invoice_csv_is_what_csv_writer_writes() -> None:
    amounts = [0.0, -0.0, 1234.5, 0.001, 9_999_999_999.99, -12.3, 100.0, 0.1 + 0.2, 5e-3, 7.0]
    items = _items(amounts * 3)
    text = invoice_csv(items)
    assert text == _csv_writer(items)
    assert '"say ""hi"""' in text and '"a,b"' in text and '"line\nbreak"' in text
    assert ",0.0," in text  # integral amounts keep Python's ".0"
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in text
    assert '"\'-5"' in text and '"\'@SUM(A1)"' in text and '"\'\tTab"' in text
    assert '"\'\rCR"' in text and '"\'=1,2"' in text
    assert ",-12.3," in text  # a negative amount is a number, written as one


def test_no_rows_and_far_amounts() -> None:
    empty = _items([1.0]).iloc[:0]
    assert invoice_csv(empty) == _csv_writer(empty)
    assert invoice_csv(_items([1e10, 2.0])) is None  # Arrow would write 1e+10
