"""Helpers that hand report columns to the writer."""

from __future__ import annotations

import pandas as pd

from arxl.sheets.spec import recode


def test_recode_looks_up_each_distinct_value_once() -> None:
    column = pd.Series(["paid", None, "overdue", "paid", "odd"], dtype="str")
    labels = {"paid": "Payé", "overdue": "En retard"}
    got = recode(column, labels, "")
    assert got.tolist() == ["Payé", "", "En retard", "Payé", ""]
    assert got[0] is got[3]  # one shared object per distinct value
    assert recode(column.iloc[:0], labels, "").tolist() == []


def test_rows_left_out_under_their_files_headers() -> None:
    """One header for every file: its columns; a short header or a long row: numbered
    columns beyond it; files with different headers: numbered columns."""
    from arxl.reports import left_out
    from arxl.vocab import Lang

    one = ("a.csv", ["N°", "Montant"], [(3, ["F-2"], "pourquoi", "why")])
    spec = left_out.build(
        [one, ("b.csv", ["N°", "Montant"], [(4, ["F-9", "1", "x"], "p", "w")])], Lang.FR
    )
    assert [c.header for c in spec.columns] == ["Fichier", "Ligne", "Raison", "N°", "Montant", "3"]
    assert [list(col) for col in spec.data] == [
        ["a.csv", "b.csv"], [3, 4], ["pourquoi", "p"], ["F-2", "F-9"], ["", "1"], ["", "x"]
    ]  # fmt: skip
    other = ("c.csv", ["Ref", "Amount", "Client"], [(2, ["R", "1", "C"], "p", "w")])
    spec = left_out.build([one, other], Lang.EN)
    assert [c.header for c in spec.columns][3:] == ["Column 1", "Column 2", "Column 3"]
    assert spec.data[2] == ["why", "w"]
    assert left_out.build([("d.csv", ["X"], [])], Lang.FR) is None
