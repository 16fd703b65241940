"""`aging --format csv` built by Arrow kernels: the same text as csv.writer on by_invoice."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd

from arxl.reports.export import by_invoice, invoice_csv
from arxl.rules.aging import NO_LEVEL

TRICKY = ["a,b", 'say "hi"', "line\nbreak", "cr\rx", " lead ", "é ü", "", "FAC-1", "x;y", "'=1+1"]


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
    header, rows = by_invoice(items)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def test_invoice_csv_is_what_csv_writer_writes() -> None:
    amounts = [0.0, -0.0, 1234.5, 0.001, 9_999_999_999.99, -12.3, 100.0, 0.1 + 0.2, 5e-3, 7.0]
    items = _items(amounts * 3)
    text = invoice_csv(items)
    assert text == _csv_writer(items)
    assert '"say ""hi"""' in text and '"a,b"' in text and '"line\nbreak"' in text
    assert ",0.0," in text  # integral amounts keep Python's ".0"


def test_no_rows_and_far_amounts() -> None:
    empty = _items([1.0]).iloc[:0]
    assert invoice_csv(empty) == _csv_writer(empty)
    assert invoice_csv(_items([1e10, 2.0])) is None  # Arrow would write 1e+10
