"""The DSO charts keep their scale when one month end's DSO is absurd (90 days of tiny sales):
the few month ends far above the others are left above the value axis's maximum and named in
the chart's title, instead of flattening the other months into the axis."""

from __future__ import annotations

import zipfile

import pandas as pd

from arxl.reports.kpi_text import dso_scale
from arxl.vocab import Lang


def _series(accounting: list[float | None], countback: list[float | None]) -> pd.DataFrame:
    months = pd.date_range("2025-12-31", periods=len(accounting), freq="ME")
    return pd.DataFrame(
        {"month": months, "dso_accounting_90d": accounting, "dso_countback": countback}
    )


def test_one_absurd_month_end_is_off_scale_and_named() -> None:
    acc = [62, 70, 81, 95, 5804.6, 120, 90, 75, 66, 61, 58, 64]
    cb = [55, 60, None, 88, 140, 110, 85, 70, 60, 59, 51, 57]
    top, said = dso_scale(_series(acc, cb), Lang.FR)
    assert top == 150  # the next highest month end, 120 x 1.2, to the next 30 days
    assert said == " – hors échelle : avr. 2026 (5\u202f805 j)"
    top_en, said_en = dso_scale(_series(acc, cb), Lang.EN)
    assert top_en == 150 and said_en == " – off scale: Apr 2026 (5,805 d)"


def test_a_wide_but_even_series_keeps_its_own_scale() -> None:
    acc = [40, 80, 160, 300, 500, 700, 820, 600, 400, 300, 200, 100]
    assert dso_scale(_series(acc, [None] * 12), Lang.FR) == (None, "")
    # high but under a year: no month end is absurd
    acc = [20, 25, 30, 28, 26, 300, 24, 22, 21, 20, 19, 18]
    assert dso_scale(_series(acc, [None] * 12), Lang.FR) == (None, "")
    assert dso_scale(_series([None, 5000, 10], [None] * 3), Lang.FR) == (None, "")


def test_the_dashboard_chart_gets_the_maximum(tmp_path) -> None:
    import datetime as dt

    from conftest import make_workbook

    from arxl.api.refresh import refresh_workbook

    d = dt.date
    # an old invoice still owed, 1 000 a month, and a summer of almost no sales: at 31/08 the
    # 90 days' sales are 3 and the accounting DSO 450 000 days
    tx = [[d(2025, 6, 1), 1, "F-OLD", 10_000.0, "En attente"]]
    for m in range(1, 12):
        tx.append([d(2026, m, 5), 1, f"F{m}", 1.0 if m in (6, 7, 8) else 1000.0, "En attente"])
    book = make_workbook(tmp_path / "b.xlsx", transactions=tx)
    out = tmp_path / "out.xlsx"
    refresh_workbook(book, out=out, as_of=d(2026, 11, 30))
    with zipfile.ZipFile(out) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    dso = [c for c in charts if "DSO sur 12 mois" in c]
    assert len(dso) == 1
    assert "hors échelle : août 2026" in dso[0] and "<c:max val=" in dso[0]
