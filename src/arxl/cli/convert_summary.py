"""The one-line summaries `arxl convert` prints: what became of every row of each input."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from arxl.api.convert import FileResult


def tally_text(r: FileResult) -> str:
    """'2466 rows = 2460 transactions + 6 in Anomalies …' (only the parts that are not 0)."""
    t = r.tally
    if t is None:
        return ""
    parts = [
        (t.transactions, "transactions"),
        (t.merged, "folded into them (invoice lines, lettered payments)"),
        (t.anomalies, "left out (listed in Anomalies)"),
        (t.skipped, "blank or total"),
        (t.other, "on other accounts"),
        (t.after, "entered after the as-of date"),
    ]
    shown = " + ".join(f"{n} {label}" for n, label in parts if n or label == "transactions")
    check = "" if t.adds_up() else f" — MISMATCH: {t.accounted()} accounted for"
    return f"{t.rows} rows = {shown}{check}"


def summary_line(r: FileResult) -> str:
    where = f" -> {r.out}" if r.out is not None and r.out != r.source else ""
    head = f"{r.source.name}{where}"
    if r.fmt == "merge" or r.out is not None:
        credits = f", {r.credits} credits" if r.credits else ""
        return (
            f"{head} [{r.fmt}]: {tally_text(r)}; {r.invoices} invoices{credits}, "
            f"{r.clients} clients, open balance {r.open_balance:.2f}, {r.anomalies} anomalies"
        )
    return f"{head} [{r.fmt}]: {tally_text(r)}"


def total_line(results: Sequence[FileResult], merged: bool = False) -> str:
    """How many inputs were converted; with --merge (the merged workbook's result comes
    last), how many were read and whether the workbook was written."""
    if not merged:
        failed = sum(not r.ok for r in results)
        return f"{len(results) - failed} converted, {failed} failed."
    *inputs, book = results
    failed = sum(not r.ok for r in inputs)
    written = f"{book.source.name} written" if book.ok else f"{book.source.name} not written"
    return f"{len(inputs) - failed} read, {failed} failed; {written}."
