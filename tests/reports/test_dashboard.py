"""The Tableau de bord sheet as the owner reads it back, against figures computed by hand: the
big figures and their change since the previous month's end, the data behind the charts, n/d
where the ledger has no history, and one printed A4 landscape page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import make_workbook, sheet_values

import arxl
from arxl.api.analysis import analyse
from arxl.api.owned_sheets import build_sheets
from arxl.reports.dashboard_blocks import HOLDS_SHOWN, holds_block
from arxl.settings import Settings
from arxl.vocab import Lang
from arxl.writers.layout import write_workbook
from tests.helpers.libreoffice import convert, needs_soffice, pdf_text

d = dt.date
D = d(2025, 12, 31)
CLIENTS = [
    [1, "Dupont SARL", "", "", "", 30],
    [2, "Martin & Fils", "", "", "", 30],
    [3, "Avoirs SA", "", "", "", 30],
]
TRANSACTIONS = [
    # Dupont: 28 500 current (due 14/01), 1 000 overdue 47 days (due 14/11)
    [d(2025, 12, 15), 1, "F1", 28500, "En attente"],
    [d(2025, 10, 15), 1, "F2", 1000, "En attente"],
    # Martin: 500 disputed, overdue 72 days; 30 000 paid 40 days after the invoice, 10 late
    [d(2025, 9, 20), 2, "F3", 500, "Litige"],
    [d(2025, 10, 10), 2, "F4", 30000, "Payé", "", d(2025, 11, 9), d(2025, 11, 19)],
    # Avoirs SA: only a credit note
    [d(2025, 11, 5), 3, "A1", -200, "Payé"],
    # after D: left out
    [d(2026, 1, 2), 1, "F5", 7000, "En attente"],
]
TILE_COLUMNS = (0, 2, 4, 6, 8, 10)  # each big figure spans two columns
TILES_ROW = 3  # label, value, change, caption on four rows


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    book = make_workbook(
        tmp_path_factory.mktemp("dash") / "book.xlsx", clients=CLIENTS, transactions=TRANSACTIONS
    )
    arxl.refresh_workbook(book, as_of=D)
    return book


@pytest.fixture(scope="module")
def dashboard(book: Path) -> list[list[object]]:
    return sheet_values(book, "Tableau de bord")


def tiles(rows: list[list[object]]) -> dict[str, tuple[object, object, object]]:
    """label -> (value, change, caption) of each big figure."""
    label, value, change, caption = rows[TILES_ROW : TILES_ROW + 4]
    return {label[c]: (value[c], change[c], caption[c]) for c in TILE_COLUMNS}


def _row(rows: list[list[object]], label: str) -> list[object]:
    found = [r for r in rows if r and r[0] == label]
    assert len(found) == 1, label
    return found[0]


def test_title_and_big_figures(dashboard):
    assert dashboard[0][0] == "Tableau de bord – situation au 2025-12-31"
    assert "évolution depuis le 2025-11-30" in dashboard[1][0]
    invoiced_90 = 28500 + 1000 + 30000 - 200  # dated in (02/10/2025, 31/12/2025]
    big = tiles(dashboard)
    assert list(big) == [
        "Encours total",
        "Montant échu",
        "DSO méthode comptable (90 j)",
        "CEI du mois",
        "Clients à relancer",
        "Clients bloqués",
    ]
    # at 30/11: F2 1 000 overdue and F3 500 disputed were open (F4 paid on 19/11)
    assert big["Encours total"][:2] == pytest.approx((30000, 30000 - 1500))
    # the captions' numbers are cells in the book's format ("dont litiges : 500,00 €")
    assert big["Encours total"][2] == pytest.approx(500)
    assert big["Montant échu"][:2] == pytest.approx((1000, 0))
    assert big["Montant échu"][2] == pytest.approx(1000 / 30000)
    assert big["DSO méthode comptable (90 j)"][0] == pytest.approx(
        30000 / invoiced_90 * 90, abs=1e-5
    )
    # December 28 500 (31 d) leaves 1 500; November's invoicing is -200 (the credit note):
    # the walk stops there, 31 days, a floor (said in the definitions)
    assert big["DSO méthode comptable (90 j)"][2] == pytest.approx(31)
    assert big["Clients à relancer"][0] == 1
    assert big["Clients à relancer"][2] == "1 factures en retard"
    # December's CEI: (1 500 + 28 500 − 30 000) / (1 500 + 28 500 − 28 500) = 0
    assert big["CEI du mois"][0] == pytest.approx(0.0)


def test_definitions_under_the_figures(dashboard):
    terms = {r[0]: r[2] for r in dashboard if r and r[0] and len(r) > 2 and r[2]}
    assert terms["DSO par épuisement (count-back)"].endswith(
        "Arrêté en nov. 2025 : facturé du mois nul ou négatif ; valeur minimale."
    )
    assert "CEI du mois" in terms and "Évolution (▲ ▼)" in terms and "Prévision" in terms


def test_top_debtors_with_overdue_share(dashboard):
    header = [r for r in dashboard if r and r[0] == "Client" and r[1] == "ID Client"][0]
    assert header[2:4] == ["Encours", "Non échu"] and header[9] == "Part échue"
    dupont = _row(dashboard, "Dupont SARL")
    assert dupont[1] == "1"
    assert dupont[2:10] == pytest.approx([29500, 28500, 0, 1000, 0, 0, 1000, 1000 / 29500])
    martin = _row(dashboard, "Martin & Fils")
    assert martin[2:10] == pytest.approx([500, 0, 0, 0, 500, 0, 0, 0])
    assert not [r for r in dashboard if r and str(r[0]).startswith("Avoirs SA")]


def test_buckets_and_months(dashboard):
    assert _row(dashboard, "Non échu")[1:3] == pytest.approx([28500, 28500 / 30000])
    assert _row(dashboard, "31-60 j")[1] == pytest.approx(1000)
    assert _row(dashboard, "61-90 j")[1] == pytest.approx(500)
    # month rows: invoiced, collected (of that month's invoices), still open, written off,
    # collections received in the month (payment date), DSO (90 d), count-back, CEI
    assert _row(dashboard, "déc. 2025")[1:6] == pytest.approx([28500, 0, 28500, 0, 0])
    # November: the credit note is invoicing (-200), not cash collected
    assert _row(dashboard, "nov. 2025")[1:6] == pytest.approx([-200, 0, 0, 0, 30000])
    assert _row(dashboard, "oct. 2025")[1:6] == pytest.approx([31000, 30000, 1000, 0, 0])
    assert _row(dashboard, "sept. 2025")[1:6] == pytest.approx([500, 0, 500, 0, 0])
    # before the first invoice (20/09/2025) and within 90 days of it: no DSO, no CEI (blank
    # cells, which the charts draw as gaps)
    assert _row(dashboard, "janv. 2025")[6:9] == ["", "", ""]
    assert _row(dashboard, "oct. 2025")[6] == ""  # 90 days back from 31/10 is before 20/09
    assert _row(dashboard, "déc. 2025")[6] == pytest.approx(30000 / 59300 * 90, abs=1e-5)


def test_first_month_has_no_change_to_show(tmp_path: Path):
    """A ledger that starts in the as-of month: nothing to compare with, n/d (n/a), not a
    change from zero; no DSO over 90 days either."""
    for lang, na in (("fr", "n/d"), ("en", "n/a")):
        book = make_workbook(
            tmp_path / f"new-{lang}.xlsx",
            clients=CLIENTS[:1],
            transactions=[[d(2025, 12, 3), 1, "F1", 1200, "En attente"]],
        )
        arxl.refresh_workbook(book, as_of=D, lang=lang)
        name = "Tableau de bord" if lang == "fr" else "Dashboard"
        big = list(tiles(sheet_values(book, name)).values())
        assert [change for _, change, _ in big[:3]] == [na, na, na]
        assert big[2][0] == na  # the DSO over 90 days of a month-old ledger
        assert big[0][0] == pytest.approx(1200)


def test_the_holds_sheet_is_cited_only_when_written(tmp_path: Path, book: Path, dashboard):
    """Without payments, credit notes or credit limits the book gets no Blocages sheet: the
    dashboard must not send the owner there."""
    plain = make_workbook(
        tmp_path / "plain.xlsx",
        clients=CLIENTS[:2],
        transactions=[r for r in TRANSACTIONS if r[3] > 0],
    )
    arxl.refresh_workbook(plain, as_of=D)
    assert "Blocages" not in sheet_names_of(plain)
    text = " ".join(str(v) for r in sheet_values(plain, "Tableau de bord") for v in r)
    assert "Clients bloqués" in text and "Blocages" not in text
    assert "Blocages" in sheet_names_of(book)
    assert "(feuille Blocages)" in " ".join(str(v) for r in dashboard for v in r)


def sheet_names_of(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    return list(CalamineWorkbook.from_path(path).sheet_names)


def test_print_area_is_the_page(book: Path):
    """The charts' data stay below the printed page: the sheet's print area ends above it."""
    import zipfile

    with zipfile.ZipFile(book) as zf:
        names = zf.read("xl/workbook.xml").decode()
    area = re.search(r'name="_xlnm.Print_Area"[^>]*>([^<]+)<', names)
    assert area is not None and area.group(1).startswith("'Tableau de bord'!$A$1:$L$")


@needs_soffice
@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dashboard_prints_on_one_page(book: Path, tmp_path: Path, lang: str):
    """The dashboard alone, rendered by LibreOffice: one A4 landscape page, no value cut."""
    a = analyse(book, as_of=D, lang=lang)
    spec = [s for s in build_sheets(a) if s.key == "dashboard"]
    alone = tmp_path / f"dashboard-{lang}.xlsx"
    write_workbook(alone, spec)
    pdf = convert(alone, "pdf", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None and float(size.group(1)) > float(size.group(2))  # landscape
    text = pdf_text(pdf) or ""
    assert "###" not in text
    assert ("Les 10 plus gros débiteurs" if lang == "fr" else "Top 10 debtors") in text


def test_the_dso_chart_draws_a_month_without_a_figure_as_a_gap(book: Path):
    """A month whose DSO is n/d (a blank cell) is no point in the chart's cached values, not
    a 0 that reads as an excellent DSO (a viewer draws the cache until it recalculates)."""
    import re
    import zipfile

    with zipfile.ZipFile(book) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
    (dso,) = [c for c in charts if "DSO comptable" in c or "DSO par" in c]
    caches = re.findall(r"<c:numCache>(.*?)</c:numCache>", dso)
    points = [dict(re.findall(r'<c:pt idx="(\d+)"><c:v>([^<]*)</c:v>', c)) for c in caches]
    # January 2025 (the first of the twelve months) has no DSO: no point, in either series
    assert all("0" not in p for p in points)
    assert any(p for p in points)  # the months with a figure are there
    # and the viewer is told to leave gaps and draw straight lines (the standard's defaults,
    # which LibreOffice follows, are zeros and curves)
    assert '<c:dispBlanksAs val="gap"/>' in dso and '<c:smooth val="1"/>' not in dso
    assert dso.count('<c:smooth val="0"/>') == len(caches)


@pytest.mark.parametrize(
    ("extra", "fr", "en"),
    [(1, "… et 1 autre", "… and 1 more"), (2, "… et 2 autres", "… and 2 more")],
)
def test_the_clients_on_hold_not_shown_are_counted_in_good_french(
    extra: int, fr: str, en: str
) -> None:
    n = HOLDS_SHOWN + extra
    holds = pd.DataFrame(
        {
            "client_key": [f"C{k}" for k in range(n)],
            "client_id": [f"C{k}" for k in range(n)],
            "client_name": [f"Client {k}" for k in range(n)],
            "holds": [["overdue"]] * n,
            "exposure": [1000.0] * n,
        }
    )
    for lang, said in ((Lang.FR, fr), (Lang.EN, en)):
        names = holds_block(holds, Settings(), 0, 0, lang, sheet=False).data[0]
        assert names[-1] == said and len(names) == HOLDS_SHOWN + 1
