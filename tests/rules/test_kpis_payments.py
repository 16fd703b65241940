"""KPIs when payments are rows of their own (a FEC's bank lines, a Paiements sheet): payments
are never sales, the receivable is net, and the payments applied count for days to pay,
collections and CEI. Every figure is worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import make_workbook

import arxl
from arxl.api.convert import ConvertOptions, analyse_converted, read_input
from arxl.rules import kpis, monthly
from tests.readers.test_fec import write_fec

D = dt.date(2025, 12, 31)

# One client, terms 30 days: 15 000 invoiced 15/09, 30 000 on 10/10, 10/11 and 10/12 (each
# entry complete: 706 and 44571 lines), and three unlettered bank payments of 20 000 on the
# 20th of October, November and December (411 credit, 512 debit).
FEC = """
VE|1|20250915|411000|Clients|C1|Client Un|FA-1|20250915|Facture|15000,00|0,00||
VE|1|20250915|706000|Ventes|||FA-1|20250915|Facture|0,00|12500,00||
VE|1|20250915|445710|TVA|||FA-1|20250915|Facture|0,00|2500,00||
VE|2|20251010|411000|Clients|C1|Client Un|FA-2|20251010|Facture|30000,00|0,00||
VE|2|20251010|706000|Ventes|||FA-2|20251010|Facture|0,00|25000,00||
VE|2|20251010|445710|TVA|||FA-2|20251010|Facture|0,00|5000,00||
VE|3|20251110|411000|Clients|C1|Client Un|FA-3|20251110|Facture|30000,00|0,00||
VE|3|20251110|706000|Ventes|||FA-3|20251110|Facture|0,00|25000,00||
VE|3|20251110|445710|TVA|||FA-3|20251110|Facture|0,00|5000,00||
VE|4|20251210|411000|Clients|C1|Client Un|FA-4|20251210|Facture|30000,00|0,00||
VE|4|20251210|706000|Ventes|||FA-4|20251210|Facture|0,00|25000,00||
VE|4|20251210|445710|TVA|||FA-4|20251210|Facture|0,00|5000,00||
BQ|5|20251020|411000|Clients|C1|Client Un|VIR-1|20251020|Virement|0,00|20000,00||
BQ|5|20251020|512000|Banque|||VIR-1|20251020|Virement|20000,00|0,00||
BQ|6|20251120|411000|Clients|C1|Client Un|VIR-2|20251120|Virement|0,00|20000,00||
BQ|6|20251120|512000|Banque|||VIR-2|20251120|Virement|20000,00|0,00||
BQ|7|20251220|411000|Clients|C1|Client Un|VIR-3|20251220|Virement|0,00|20000,00||
BQ|7|20251220|512000|Banque|||VIR-3|20251220|Virement|20000,00|0,00||
"""
LINES = [tuple(ln.split("|")) for ln in FEC.strip().splitlines()]
# Cash application, oldest first: VIR-1 pays FA-1 15 000 (20/10: 35 days after its date, 5
# after its due date 15/10) and 5 000 of FA-2 (10 days, not late); VIR-2 20 000 of FA-2 (41
# days, 11 late: due 09/11); VIR-3 the last 5 000 of FA-2 (71 days, 41 late) and 15 000 of
# FA-3 (40 days, 10 late: due 10/12). Open at D: FA-3 15 000 + FA-4 30 000 = 45 000.
TO_PAY = (15000 * 35 + 5000 * 10 + 20000 * 41 + 5000 * 71 + 15000 * 40) / 60000
LATE = (15000 * 5 + 5000 * 0 + 20000 * 11 + 5000 * 41 + 15000 * 10) / 60000


@pytest.fixture(scope="module")
def fec_analysis(tmp_path_factory: pytest.TempPathFactory):
    path = write_fec(tmp_path_factory.mktemp("kpi") / "FEC.txt", LINES)
    options = ConvertOptions(as_of=D)
    ledger, _ = read_input(path, options)
    return analyse_converted(ledger, options)


def test_fec_dso_counts_sales_not_payments(fec_analysis):
    k = fec_analysis.kpis
    assert k.outstanding == pytest.approx(45000)
    # sales in (02/10, 31/12]: 3 x 30 000 = 90 000 -> 45 000 / 90 000 x 90 = 45 days. Counted
    # as negative sales, the 60 000 of payments would leave 30 000: 135 days, 3 times too high
    assert k.dso_accounting_90d == pytest.approx(45.0)
    assert pytest.approx(3 * k.dso_accounting_90d) == 45000 / (90000 - 60000) * 90
    # count-back: December 30 000 (31 d) leaves 15 000; November 30 000: 15/30 x 30 = 15 days
    assert k.dso_countback == pytest.approx(31 + 15)
    assert k.dso_countback_stop == ""
    assert k.avg_days_to_pay == pytest.approx(TO_PAY)
    assert k.avg_days_late == pytest.approx(LATE)
    assert k.overdue == pytest.approx(15000)  # FA-3, due 10/12


def test_fec_months_collections_and_cei(fec_analysis):
    a = fec_analysis
    m = a.months.set_index(a.months["month"].dt.strftime("%Y-%m"))
    # invoiced: the month's invoices; collected: cash applied to the month's invoices;
    # collections: the payments received in the month
    assert m.loc["2025-09", ["invoiced", "collected", "still_open", "collections"]].tolist() == (
        pytest.approx([15000, 15000, 0, 0])
    )
    assert m.loc["2025-10", ["invoiced", "collected", "still_open", "collections"]].tolist() == (
        pytest.approx([30000, 30000, 0, 20000])
    )
    assert m.loc["2025-11", ["invoiced", "collected", "still_open", "collections"]].tolist() == (
        pytest.approx([30000, 15000, 15000, 20000])
    )
    assert m.loc["2025-12", ["invoiced", "collected", "still_open", "collections"]].tolist() == (
        pytest.approx([30000, 0, 30000, 20000])
    )
    lg = a.ledger
    ledgers = monthly.Ledgers(lg.transactions, lg.clients, a.settings, lg.payments)
    dec = monthly.month_series(ledgers, D, months=2).iloc[-1]
    # at 30/11 VIR-1 and VIR-2 are applied: FA-2 5 000 + FA-3 30 000 = 35 000 open; December
    # sales 30 000; closing 45 000 of which 30 000 (FA-4, due 09/01) current
    assert (dec.opening, dec.invoiced, dec.closing, dec.closing_current) == pytest.approx(
        (35000, 30000, 45000, 30000)
    )
    assert dec.cei == pytest.approx((35000 + 30000 - 45000) / (35000 + 30000 - 30000) * 100)
    # the roll-forward of December balances: 35 000 + 30 000 - 20 000 = 45 000
    before, b_alloc = ledgers.picture(dt.date(2025, 11, 30))
    after, a_alloc = ledgers.picture(D)
    r = monthly.roll_forward(before, after, dt.date(2025, 12, 1), D, b_alloc, a_alloc)
    assert (r.opening, r.invoiced, r.collected, r.written_off, r.closing) == pytest.approx(
        (35000, 30000, 20000, 0, 45000)
    )
    assert r.balances and r.gaps == []


def test_net_receivable_subtracts_open_credits(tmp_path: Path):
    # a 60 000 payment on 30/12 pays the 45 000 left open; its other 15 000 is an open credit
    # of the client: net receivable -15 000, nothing to chase
    extra = [
        tuple(ln.split("|"))
        for ln in (
            "BQ|8|20251230|411000|Clients|C1|Client Un|VIR-4|20251230|Virement|0,00|60000,00||",
            "BQ|8|20251230|512000|Banque|||VIR-4|20251230|Virement|60000,00|0,00||",
        )
    ]
    path = write_fec(tmp_path / "FEC.txt", [*LINES, *extra])
    options = ConvertOptions(as_of=D)
    ledger, _ = read_input(path, options)
    a = analyse_converted(ledger, options)
    assert kpis.open_credits(a.allocation) == pytest.approx(15000)
    assert a.kpis.outstanding == pytest.approx(-15000)
    assert a.kpis.dso_accounting_90d == 0.0 and a.kpis.dso_countback == 0.0
    assert a.kpis.overdue_share is None and len(a.reminders) == 0


def test_overdue_share_is_of_the_open_invoices(tmp_path: Path):
    # C1 as above (45 000 open, FA-3's 15 000 overdue); C2 paid 40 000 with nothing invoiced:
    # net receivable 5 000, overdue share 15 000 / 45 000 (not 15 000 / 5 000 = 300 %)
    extra = [
        tuple(ln.split("|"))
        for ln in (
            "BQ|8|20251230|411000|Clients|C2|Client Deux|VIR-9|20251230|Virement|0,00|40000,00||",
            "BQ|8|20251230|512000|Banque|||VIR-9|20251230|Virement|40000,00|0,00||",
        )
    ]
    path = write_fec(tmp_path / "FEC.txt", [*LINES, *extra])
    options = ConvertOptions(as_of=D)
    ledger, _ = read_input(path, options)
    k = analyse_converted(ledger, options).kpis
    assert k.outstanding == pytest.approx(5000)
    assert k.overdue == pytest.approx(15000)
    assert k.overdue_share == pytest.approx(15000 / 45000)


# A workbook whose payments are in a Paiements sheet (terms 30 days)
TX = [
    [dt.date(2026, 1, 5), 1, "Facture #001", 1000, "En attente"],
    [dt.date(2026, 1, 20), 2, "Facture #002", 600, "En attente"],
    # paid on its own row: 20 days after its date, before its due date (12/03)
    [dt.date(2026, 2, 10), 1, "Facture #003", 400, "Payé", "", "", dt.date(2026, 3, 2), 400],
]
PAIEMENTS = [
    ["Date", "ID Client", "Montant", "Référence"],
    [dt.date(2026, 2, 4), 1, 1000, "Facture #001"],  # 30 days after the invoice, on its due date
    [dt.date(2026, 3, 11), 2, 300, ""],  # oldest of client 2: #002, 50 days, 20 late (due 19/02)
]


def test_dashboard_figures_count_the_payments_sheet(tmp_path: Path):
    book = make_workbook(
        tmp_path / "b.xlsx", transactions=TX, extra_sheets={"Paiements": PAIEMENTS}
    )
    a = arxl.analyse(book, as_of=dt.date(2026, 3, 31))
    k = a.kpis
    assert k.outstanding == pytest.approx(300)
    assert k.avg_days_to_pay == pytest.approx((1000 * 30 + 300 * 50 + 400 * 20) / 1700)
    assert k.avg_days_late == pytest.approx((1000 * 0 + 300 * 20 + 400 * 0) / 1700)
    m = a.months.set_index(a.months["month"].dt.strftime("%Y-%m"))
    cols = ["invoiced", "collected", "still_open", "collections"]
    assert m.loc["2026-01", cols].tolist() == pytest.approx([1600, 1300, 300, 0])
    assert m.loc["2026-02", cols].tolist() == pytest.approx([400, 400, 0, 1000])
    assert m.loc["2026-03", cols].tolist() == pytest.approx([0, 0, 0, 300 + 400])
