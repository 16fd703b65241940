"""Crédit clients: the grade, its colour and the trend never contradict each other, on clients
built to hit each grade and trend (a blocked client, one 0 days late now after a bad past, one
315 days late)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from arxl.reports import credit as sheet
from arxl.rules.aging import derive
from arxl.rules.credit import (
    IMPROVING,
    LATE_HOLDS,
    OVER_LIMIT,
    STABLE,
    TOO_LATE,
    TOO_OLD,
    WORSENING,
    client_credit,
    grade,
)
from arxl.settings import Settings
from arxl.vocab import Lang
from tests.rules.test_allocation import clients, invoices

D = dt.date
AS_OF = D(2026, 6, 30)  # recent: paid after 30/12/2025; earlier: paid 01/07 - 30/12/2025
EARLIER_DUE, RECENT_DUE = D(2025, 8, 1), D(2026, 3, 1)
SETTINGS = Settings()
DAY = dt.timedelta(days=1)


def book(spec: dict[str, list[tuple[str, int, float]]]) -> pd.DataFrame:
    """client -> [(when, days late, amount)]: when "earlier" or "recent" (paid that many days
    after its due date) or "open" (due that many days before AS_OF, unpaid)."""
    rows, due, paid = [], [], []
    for client, lines in spec.items():
        for k, (when, late, amount) in enumerate(lines):
            if when == "open":
                d = AS_OF - late * DAY
                rows.append((client, f"{client}{k}", d - 30 * DAY, amount))
                due.append(d)
                paid.append(None)
            else:
                d = EARLIER_DUE if when == "earlier" else RECENT_DUE
                rows.append((client, f"{client}{k}", d - 30 * DAY, amount, "paid"))
                due.append(d)
                paid.append(d + late * DAY)
    tx = invoices(*rows)
    tx["due_date"] = pd.to_datetime(pd.Series(due)).astype("datetime64[ns]")
    tx["payment_date"] = pd.to_datetime(pd.Series(paid)).astype("datetime64[ns]")
    return tx


SPEC = {
    "A": [("earlier", 0, 1000), ("recent", 2, 1000)],
    "B": [("earlier", 10, 1000), ("recent", 12, 1000)],
    "C": [("earlier", 45, 1000), ("recent", 20, 1000)],
    "D": [("earlier", 5, 1000), ("recent", 40, 1000)],
    # 0 days late today after a bad past (grade D, red, "improving" before)
    "ZERO": [("earlier", 60, 2000), ("recent", 0, 2000)],
    # pays its big invoices on time, but one more than 60 days overdue: on hold
    "HELD": [("earlier", 90, 5000), ("recent", 0, 10000), ("open", 70, 100)],
    # 315 days late on an old invoice, prompt on the recent ones
    "LATE315": [("earlier", 20, 1000), ("recent", 0, 3000), ("open", 315, 400)],
    # on time, but over its credit limit: on hold, still a good payer
    "LIMIT": [("earlier", 0, 1000), ("recent", 0, 1000), ("open", 0, 5000)],
    "NEW": [("recent", 3, 500)],  # no earlier period: no trend
}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    cl = clients(*SPEC)
    cl["credit_limit"] = [np.nan] * (len(SPEC) - 2) + [1000.0, np.nan]
    items = derive(book(SPEC), cl, SETTINGS, AS_OF)
    return client_credit(items, cl, None, SETTINGS, AS_OF).set_index("client_key")


def test_each_grade_and_trend(table: pd.DataFrame) -> None:
    got = {k: (table.at[k, "grade"], table.at[k, "trend_word"]) for k in SPEC}
    assert got == {
        "A": ("A", STABLE),
        "B": ("B", STABLE),
        "C": ("C", IMPROVING),
        "D": ("D", WORSENING),
        "ZERO": ("A", IMPROVING),
        "HELD": ("D", STABLE),  # 0.7 d on average, 89 d better, but on hold: D, not improving
        "LATE315": ("D", WORSENING),  # the open invoice is late today: (315 × 400) / 3 400
        "LIMIT": ("A", STABLE),
        "NEW": ("A", ""),
    }
    assert table.at["ZERO", "max_days_overdue"] == 0
    assert table.at["HELD", "holds"] == [TOO_LATE, TOO_OLD]  # 70 d overdue, 100 d old
    assert table.at["LATE315", "max_days_overdue"] == 315
    assert table.at["LATE315", "recent_days_late"] == pytest.approx(315 * 400 / 3400)
    assert table.at["LIMIT", "holds"] == [OVER_LIMIT]


def test_grade_colour_and_trend_agree(table: pd.DataFrame) -> None:
    """The stated rule, row by row, on the sheet as written."""
    spec = sheet.build(table.reset_index(), SETTINGS, AS_OF, Lang.FR)
    header = [c.header for c in spec.columns]
    col = {h: spec.data[header.index(h)] for h in ("ID Client", "Tendance", "Note", "Bloqué")}
    for i, (key, row) in enumerate(table.iterrows()):
        assert col["ID Client"][i] == key
        g, word = row["grade"], row["trend_word"]
        assert col["Note"][i] == g and spec.tones is not None
        assert spec.tones[i] == sheet.GRADE_TONES[g]  # the colour is the grade's
        late_hold = any(h in LATE_HOLDS for h in row["holds"])
        recent = row["recent_days_late"]
        assert g == ("D" if late_hold else grade(recent, SETTINGS.grade_bounds)), key
        if word == IMPROVING:
            assert col["Tendance"][i] == "En amélioration"
            assert recent <= row["earlier_days_late"] - SETTINGS.trend_days and not late_hold
        if late_hold:
            assert col["Tendance"][i] != "En amélioration" and g == "D"
        assert bool(col["Bloqué"][i]) == bool(row["holds"])
    assert spec.tones[list(table.index).index("LIMIT")] == sheet.GRADE_TONES["A"]
    assert col["Bloqué"][list(table.index).index("HELD")] == "Oui (retard, âge)"
    assert col["Bloqué"][list(table.index).index("LIMIT")] == "Oui (limite)"
    assert "Couleur = note" in str(spec.total[1])  # the rule beside the table


def test_the_demo_never_contradicts_itself(tmp_path) -> None:
    from arxl.api.demo import make_demo
    from tests.conftest import sheet_values

    path = tmp_path / "demo.xlsx"
    make_demo(path, Lang.FR)
    rows = sheet_values(path, "Crédit clients")
    header, body = rows[0], rows[1:-1]
    at = {h: header.index(h) for h in ("Retard max (j)", "Tendance", "Note", "Bloqué")}
    for r in body:
        held = str(r[at["Bloqué"]] or "")
        if "retard" in held or "âge" in held:
            assert r[at["Note"]] == "D" and r[at["Tendance"]] != "En amélioration"
        if r[at["Retard max (j)"]] and r[at["Retard max (j)"]] > SETTINGS.hold_days_overdue:
            assert r[at["Note"]] == "D"


def test_random_books_never_contradict() -> None:
    """Many clients with random histories: the stated rule holds on every row."""
    rng = np.random.default_rng(18)
    spec: dict[str, list[tuple[str, int, float]]] = {}
    for n in range(150):
        lines = []
        for when in ("earlier", "recent", "open"):
            for _ in range(int(rng.integers(0, 3))):
                late = int(rng.choice([0, 3, 10, 20, 40, 80, 200, 315]))
                lines.append((when, late, float(rng.integers(1, 50)) * 100))
        spec[f"K{n}"] = lines or [("recent", 0, 100.0)]
    cl = clients(*spec)
    limits = rng.choice([np.nan, 500.0, 5000.0], size=len(spec))
    cl["credit_limit"] = limits
    items = derive(book(spec), cl, SETTINGS, AS_OF)
    table = client_credit(items, cl, None, SETTINGS, AS_OF)
    spec_sheet = sheet.build(table, SETTINGS, AS_OF, Lang.FR)
    words = set()
    for i, row in table.iterrows():
        late_hold = any(h in LATE_HOLDS for h in row["holds"])
        g, word = row["grade"], row["trend_word"]
        words.add(word)
        assert spec_sheet.tones is not None
        assert spec_sheet.tones[i] == sheet.GRADE_TONES.get(g, sheet.Tone.PLAIN)
        if late_hold:
            assert g == "D" and word != IMPROVING
        if word == IMPROVING:
            assert row["recent_days_late"] <= row["earlier_days_late"] - SETTINGS.trend_days
        if word == WORSENING:
            assert row["recent_days_late"] >= row["earlier_days_late"] + SETTINGS.trend_days
        if row["max_days_overdue"] > SETTINGS.hold_days_overdue:
            assert g == "D"
    assert {IMPROVING, WORSENING, STABLE} <= words
