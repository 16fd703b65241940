"""FEC: receivables at D from lettering, recomputed by hand from the definitions of the issue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from conftest import needs_shared_data
from hypothesis import given, settings
from hypothesis import strategies as st

from arxl.api.convert import ConvertOptions, analyse_converted, read_input
from arxl.readers import fec, fec_entries
from arxl.rules import kpis

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "fec"
D = dt.date(2024, 3, 31)
HEADER = list(fec.FIELDS[:18])

# One ledger line per row: journal | num | date | account | account label | aux | aux label |
# piece | piece date | label | debit | credit | letter | date let. "#" lines say why.
LEDGER = """
# opening entry: an invoice of 2023 still open, its original date in PieceDate
AN|1|20240101|411000|Clients|C001|Dupont SARL|FA-2023-090|20231115|A nouveau|1200,00|0,00||
AN|1|20240101|890000|Bilan ouverture|||FA-2023-090|20231115|A nouveau|0,00|1200,00||
# invoice paid and lettered before D
VE|2|20240110|411000|Clients|C001|Dupont SARL|FA-001|20240110|Facture|1000,00|0,00|AA|20240215
VE|2|20240110|706000|Ventes|||FA-001|20240110|Facture|0,00|833,33||
VE|2|20240110|445710|TVA collectée|||FA-001|20240110|Facture|0,00|166,67||
BQ|3|20240210|411000|Clients|C001|Dupont SARL|VIR-1|20240210|Virement|0,00|1000,00|AA|20240215
BQ|3|20240210|512000|Banque|||VIR-1|20240210|Virement|1000,00|0,00||
# paid before D but lettered after D: both lines open at D
VE|4|20240201|411000|Clients|C001|Dupont SARL|FA-002|20240201|Facture|500,00|0,00|AB|20240405
BQ|5|20240320|411000|Clients|C001|Dupont SARL|VIR-2|20240320|Virement|0,00|500,00|AB|20240405
# partial lettering before D: 300 of 800 paid
VE|6|20240301|411000|Clients|C001|Dupont SARL|FA-003|20240301|Facture|800,00|0,00|AC|20240325
BQ|7|20240325|411000|Clients|C001|Dupont SARL|VIR-3|20240325|Acompte|0,00|300,00|AC|20240325
# a client with its own 411 account: invoice, credit note and payment lettered after D
VE|8|20240115|411MARTIN|Martin & Fils|||FA-004|20240115|Facture|2000,00|0,00|MA|20240410
VE|9|20240120|411MARTIN|Martin & Fils|||AV-001|20240120|Avoir|0,00|200,00|MA|20240410
BQ|10|20240410|411MARTIN|Martin & Fils|||VIR-4|20240410|Virement|0,00|1800,00|MA|20240410
# overpayment lettered before D: invoice paid, 50 left as a credit; PieceRef "-": EcritureNum
VE|11|20240305|411000|Clients|C002|Lefèvre|-|20240305|Facture|100,00|0,00|BA|20240310
BQ|12|20240308|411000|Clients|C002|Lefèvre|VIR-5|20240308|Virement|0,00|150,00|BA|20240310
# lettered without a DateLet: dated by the group's latest entry (after D here)
VE|13|20240302|411000|Clients|C002|Lefèvre|FA-006|20240302|Facture|400,00|0,00|BB|
BQ|14|20240402|411000|Clients|C002|Lefèvre|VIR-6|20240402|Virement|0,00|400,00|BB|
# an unreadable amount on a receivable line
VE|15|20240303|411000|Clients|C002|Lefèvre|FA-007|20240303|Facture|douze|0,00||
"""
LINES = [tuple(ln.split("|")) for ln in LEDGER.strip().splitlines() if not ln.startswith("#")]


def write_fec(
    path: Path,
    lines: list[tuple[str, ...]] = LINES,
    sep: str = "\t",
    encoding: str = "utf-8",
    montant_sens: bool | tuple[str, str] = False,
    extra: dict[int, str] | None = None,
    pad: bool = False,
) -> Path:
    header = list(HEADER)
    if montant_sens:
        header[11:13] = ["Montant", "Sens"]
    if extra is not None:
        header.append("DateLimitReglmt")
    out = [sep.join(header)]
    for k, line in enumerate(lines):
        j, num, date, *rest = line
        cells = [j, f"Journal {j}", num, date, *rest, date, "", ""]
        if montant_sens:
            debit, credit = cells[11], cells[12]
            d, c = montant_sens if isinstance(montant_sens, tuple) else ("D", "C")
            cells[11:13] = (
                [debit, d] if debit not in ("0,00", "") and credit == "0,00" else [credit, c]
            )
        if pad:
            cells[11:13] = [
                f" {float(c.replace(',', '.')):018.2f}".replace(".", ",") if c[0].isdigit() else c
                for c in cells[11:13]
            ]
        if extra is not None:
            cells.append(extra.get(k, ""))
        out.append(sep.join(cells))
    path.write_bytes(("\r\n".join(out) + "\r\n").encode(encoding))
    return path


def analysed(path: Path, as_of: dt.date = D, **kw):
    ledger, fmt = read_input(path, ConvertOptions(as_of=as_of, **kw))
    assert fmt == "fec"
    ledger.settings_values["controls"] = {path.name: ledger.control}
    return analyse_converted(ledger, ConvertOptions(as_of=as_of, **kw))


def items_by_invoice(a) -> dict[str, dict]:
    out = {}
    for r in a.items.itertuples():
        out[r.invoice] = {
            "client": r.client_id,
            "date": r.date.date(),
            "due": r.due.date(),
            "amount": round(r.amount, 2),
            "balance": round(r.balance, 2),
            "status": r.status,
            "days": int(r.days_overdue),
            "paid_on": None if r.last_payment != r.last_payment else r.last_payment.date(),
        }
    return out


def credits_of(a) -> list[tuple]:
    """The payment rows the FEC gave: (line, date, client, kind, amount, label, text)."""
    return [
        (r.row, r.date.date(), r.client_id, r.kind, round(r.amount, 2), r.label, r.text)
        for r in a.ledger.payments.itertuples()
    ]


# Expected at D = 2024-03-31, terms 30 days, worked out by hand from the definitions. Only the
# invoices are items; the credits are payment rows that cash application sets against them:
# - VIR-2 (500, bank journal, lettered AB after D with FA-002) names FA-002: FA-002 is paid;
# - AV-001 (200, sales journal, lettered MA after D with FA-004) names FA-004: 1800 left;
# - VIR-5 (150, lettered BA by D with invoice 11 of 100) has 50 left, set against the oldest
#   open invoice of C002, FA-006 (400 -> 350);
# - FA-003 is paid 300 by its partial lettering AC.
# invoice | client | date | due | amount | balance | status | days overdue | last payment
EXPECTED_TABLE = """
FA-2023-090|C001|2023-11-15|2023-12-15|1200|1200|overdue|107|
FA-001|C001|2024-01-10|2024-02-09|1000|0|paid|0|2024-02-10
FA-002|C001|2024-02-01|2024-03-02|500|0|paid|0|2024-03-20
FA-003|C001|2024-03-01|2024-03-31|800|500|pending|0|2024-03-25
FA-004|411MARTIN|2024-01-15|2024-02-14|2000|1800|overdue|46|2024-01-20
11|C002|2024-03-05|2024-04-04|100|0|paid|0|2024-03-08
FA-006|C002|2024-03-02|2024-04-01|400|350|pending|0|2024-03-08
"""
# The credits open at D: line in the file, date, client, kind, amount left, label, text (a
# payment's text has its piece; every credit names the invoices of its lettering group).
EXPECTED_CREDITS = [
    (10, dt.date(2024, 3, 20), "C001", "payment", 500.0, "VIR-2 Virement", "Virement VIR-2 FA-002"),
    (14, dt.date(2024, 1, 20), "411MARTIN", "credit", 200.0, "AV-001 Avoir", "Avoir FA-004"),
    (
        17,
        dt.date(2024, 3, 8),
        "C002",
        "payment",
        50.0,
        "VIR-5 Virement",
        "Virement VIR-5 facture n° 11",
    ),
]


def _expected() -> dict[str, dict]:
    out = {}
    for ln in EXPECTED_TABLE.strip().splitlines():
        inv, client, date, due, amount, balance, status, days, paid_on = ln.split("|")
        out[inv] = {
            "client": client,
            "date": dt.date.fromisoformat(date),
            "due": dt.date.fromisoformat(due),
            "amount": float(amount),
            "balance": float(balance),
            "status": status,
            "days": int(days),
            "paid_on": dt.date.fromisoformat(paid_on) if paid_on else None,
        }
    return out


@pytest.mark.parametrize(
    "variant",
    [
        {},
        {"sep": "|"},
        {"montant_sens": True},
        {"montant_sens": ("+1", "-1")},
        {"montant_sens": ("1", " -1 ")},
        {"montant_sens": ("Débit", "Crédit")},
        {"montant_sens": ("+", "-")},
        {"pad": True},
        {"encoding": "iso-8859-15"},
    ],
    ids=[
        "tab",
        "pipe",
        "montant-sens",
        "sens+1-1",
        "sens1-1",
        "sens-words",
        "sens+-",
        "odoo-padded",
        "iso-8859-15",
    ],
)
def test_open_items_at_d(tmp_path: Path, variant: dict) -> None:
    a = analysed(write_fec(tmp_path / "FEC.txt", **variant))
    assert items_by_invoice(a) == _expected()
    assert credits_of(a) == EXPECTED_CREDITS
    names = dict(zip(a.ledger.clients["client_id"], a.ledger.clients["name"], strict=True))
    assert names == {"C001": "Dupont SARL", "411MARTIN": "Martin & Fils", "C002": "Lefèvre"}
    # the 411 balance at D equals the net position (open invoices - open credits):
    # C001 1200 + 500 - 500 + 800 - 300 = 1700 = 1200 + 0 + 500; Martin 2000 - 200 = 1800;
    # C002 100 - 150 + 400 = 350 = 350
    assert a.ledger.control == {"C001": 1700.0, "411MARTIN": 1800.0, "C002": 350.0}
    aged = dict(zip(a.aged["client_id"], a.aged["total"].round(2), strict=True))
    assert aged == a.ledger.control
    assert a.allocation is not None and a.allocation.unapplied.empty
    assert not [i for i in a.issues if "411" in i.message_en or "account" in i.message_en]
    # every line accounted for: 7 invoices + 3 open credits; VIR-1 and VIR-3 used up
    t = a.ledger.tally
    assert (t.rows, t.transactions, t.merged, t.anomalies, t.other, t.after) == (19, 10, 2, 1, 4, 2)
    assert t.adds_up()
    bad = [i for i in a.issues if i.message_en.startswith("Unreadable amount")]
    assert [(i.sheet, i.row) for i in bad] == [("FEC.txt", 20)]
    assert bad[0].value.startswith("douze")


def test_payments_are_never_invoices_and_credits_are_not_late(tmp_path: Path) -> None:
    a = analysed(write_fec(tmp_path / "FEC.txt"))
    row = a.aged.set_index("client_id").loc["C001"]
    # FA-003 (500 left, due on D) is current, FA-2023-090 107 days late; FA-002 paid by VIR-2
    assert (row["current"], row["1-30"], row["91+"]) == (500.0, 0.0, 1200.0)
    assert (a.ledger.transactions["amount"] > 0).all()
    lines = a.allocation.lines
    got = sorted(
        zip(lines["pay_row"], lines["invoice"], lines["amount"], lines["how"], strict=True)
    )
    assert got == [
        (10, "FA-002", 500.0, "reference"),
        (14, "FA-004", 200.0, "reference"),
        (17, "FA-006", 50.0, "oldest"),
    ]


def test_lettering_after_d_becomes_settled_later(tmp_path: Path) -> None:
    path = write_fec(tmp_path / "FEC.txt")
    a = analysed(path, dt.date(2024, 4, 30))
    later = items_by_invoice(a)
    assert later["FA-002"]["status"] == "paid"
    assert later["FA-002"]["paid_on"] == dt.date(2024, 3, 20)
    assert later["FA-006"]["status"] == "paid"  # lettered (no DateLet) by its last entry
    assert later["FA-006"]["paid_on"] == dt.date(2024, 4, 2)
    assert later["FA-004"]["balance"] == 0  # settled by the credit note and the payment
    assert later["FA-004"]["paid_on"] == dt.date(2024, 4, 10)
    # VIR-2, AV-001 and VIR-4 are used up by their groups; VIR-5's 50 is all that is open,
    # and C002 has no open invoice left: 411 balance 100 - 150 + 400 - 400 = -50
    assert [(c[0], c[4]) for c in credits_of(a)] == [(17, 50.0)]
    assert a.allocation.unapplied[["client_key", "amount"]].values.tolist() == [["C002", 50.0]]
    assert a.ledger.control["C002"] == -50.0
    assert not [i for i in a.issues if i.message_en.startswith("Open balance")]
    assert "C002" not in set(a.reminders.get("client_key", []))
    # before the opening date nothing of 2024 exists yet
    early = analysed(path, dt.date(2023, 12, 31))
    assert early.items.empty and early.ledger.tally.after == 14


def test_dolibarr_due_date_and_terms(tmp_path: Path) -> None:
    path = write_fec(tmp_path / "FEC.txt", extra={9: "20240415"})  # FA-003's DateLimitReglmt
    got = items_by_invoice(analysed(path))
    assert got["FA-003"]["due"] == dt.date(2024, 4, 15)
    got = items_by_invoice(analysed(path, terms=45))
    assert got["FA-004"]["due"] == dt.date(2024, 2, 29)
    assert got["FA-003"]["due"] == dt.date(2024, 4, 15)


def test_conservation_difference_is_reported(tmp_path: Path) -> None:
    # an invoice dated (PieceDate) after D but entered before: in the 411 balance, not in
    # the aging of D -> the difference is reported for its client
    lines = [*LINES[:1]]
    late = "VE|20|20240330|411000|Clients|C009|Late doc|FA-9|20240405|Facture|70,00|0,00||"
    lines.append(tuple(late.split("|")))
    a = analysed(write_fec(tmp_path / "FEC.txt", lines))
    diffs = [i for i in a.issues if i.message_en.startswith("Open balance")]
    assert [(i.sheet, i.value) for i in diffs] == [("FEC.txt", "C009")]
    assert "differs from the client account's balance on 2024-03-31: 70.00" in diffs[0].message_en


def test_missing_fields_error(tmp_path: Path) -> None:
    path = tmp_path / "FEC.txt"
    path.write_text("JournalCode\tEcritureDate\tCompteNum\tLibelle\nVE\t20240101\t411\tx\n")
    with pytest.raises(Exception, match=r"missing Debit, Credit \(or Montant \+ Sens\)"):
        analysed(path)


@needs_shared_data
def test_tryton_files(tmp_path: Path) -> None:
    """Real FEC files written by Tryton: no 411 line in them, every line accounted for."""
    for name, rows in (("tryton_account_fr_FEC.csv", 4), ("tryton_account_fr_FEC-previous.csv", 2)):
        path = SHARED / name
        assert fec.looks_like_fec(path.read_text().splitlines()[0].split("\t"))
        a = analysed(path, dt.date(2018, 12, 31))
        t = a.ledger.tally
        assert (t.rows, t.other, t.transactions) == (rows, rows, 0)
        assert a.items.empty and not a.issues


# Shapes of real exports, each entry complete (its counterpart lines included):
MESSY = """
# opening entry (AN): an invoice of 2023 (PieceDate keeps its date) and an unapplied credit
AN|1|20240101|411000|Clients|C010|Bernard|FA-2023-500|20231120|A nouveau|3000,00|0,00||
AN|1|20240101|411000|Clients|C010|Bernard|AV-2023-07|20231215|A nouveau avoir|0,00|400,00||
AN|1|20240101|890000|Bilan d'ouverture|||AN|20240101|A nouveau|0,00|2600,00||
VE|2|20240115|411000|Clients|C010|Bernard|FA-101|20240115|Facture|1200,00|0,00||
VE|2|20240115|706000|Prestations|||FA-101|20240115|Facture|0,00|1000,00||
VE|2|20240115|445710|TVA collectée|||FA-101|20240115|Facture|0,00|200,00||
# a credit note in the sales journal: 411 credit, 706 and 44571 debit; it names its invoice
VE|3|20240301|411000|Clients|C010|Bernard|AV-102|20240301|Avoir sur facture FA-101|0,00|240,00||
VE|3|20240301|706000|Prestations|||AV-102|20240301|Avoir|200,00|0,00||
VE|3|20240301|445710|TVA collectée|||AV-102|20240301|Avoir|40,00|0,00||
# an unlettered bank payment, and a compensation in the miscellaneous journal
BQ1|4|20240320|411000|Clients|C010|Bernard|VIR-0320|20240320|Virement Bernard|0,00|2000,00||
BQ1|4|20240320|512000|Banque|||VIR-0320|20240320|Virement Bernard|2000,00|0,00||
OD|5|20240410|411000|Clients|C010|Bernard|OD-7|20240410|Compensation fournisseur|0,00|100,00||
OD|5|20240410|401000|Fournisseurs|||OD-7|20240410|Compensation|100,00|0,00||
# a client who paid more than it owes: its 411 balance is negative
VE|6|20240402|411000|Clients|C020|Négatif SA|FA-201|20240402|Facture|300,00|0,00||
VE|6|20240402|706000|Prestations|||FA-201|20240402|Facture|0,00|250,00||
VE|6|20240402|445710|TVA collectée|||FA-201|20240402|Facture|0,00|50,00||
BQ|7|20240415|411000|Clients|C020|Négatif SA|CHQ-88|20240415|Cheque|0,00|1000,00||
BQ|7|20240415|512000|Banque|||CHQ-88|20240415|Cheque|1000,00|0,00||
# Odoo's journal codes, an invoice and its payment lettered before D
INV|8|20240505|411100|Clients|C030|Lettré|INV/2024/0008|20240505|INV/2024/0008|500,00|0,00|L1|20240510
INV|8|20240505|706000|Prestations|||INV/2024/0008|20240505|INV/2024/0008|0,00|500,00||
BNK1|9|20240510|411100|Clients|C030|Lettré|BNK1/2024/0003|20240510|Paiement|0,00|500,00|L1|20240510
BNK1|9|20240510|512000|Banque|||BNK1/2024/0003|20240510|Paiement|500,00|0,00||
# placeholder piece references "x": EcritureNum numbers the invoices
VT|10|20240601|411000|Clients|C040|Sans Ref|x|20240601|Facture juin|700,00|0,00||
VT|10|20240601|706000|Prestations|||x|20240601|Facture juin|0,00|700,00||
VT|11|20240602|411000|Clients|C040|Sans Ref|x|20240602|Facture juin bis|100,00|0,00||
VT|11|20240602|706000|Prestations|||x|20240602|Facture juin bis|0,00|100,00||
BQ|12|20240620|411000|Clients|C040|Sans Ref|x|20240620|Virement x|0,00|100,00||
BQ|12|20240620|512000|Banque|||x|20240620|Virement x|100,00|0,00||
# the same piece reference as another client's (not a duplicate), and a real duplicate
VE|13|20240610|411000|Clients|C050|Dubois|FA-201|20240610|Facture|50,00|0,00||
VE|13|20240610|706000|Prestations|||FA-201|20240610|Facture|0,00|50,00||
VE|14|20240611|411000|Clients|C050|Dubois|FA-300|20240611|Facture|60,00|0,00||
VE|14|20240611|706000|Prestations|||FA-300|20240611|Facture|0,00|60,00||
VE|15|20240612|411000|Clients|C050|Dubois|FA-300|20240612|Facture|70,00|0,00||
VE|15|20240612|706000|Prestations|||FA-300|20240612|Facture|0,00|70,00||
# entered after D
BQ|16|20240705|411000|Clients|C010|Bernard|VIR-0705|20240705|Virement|0,00|500,00||
BQ|16|20240705|512000|Banque|||VIR-0705|20240705|Virement|500,00|0,00||
"""
MESSY_LINES = [tuple(ln.split("|")) for ln in MESSY.strip().splitlines() if not ln.startswith("#")]
D_MESSY = dt.date(2024, 6, 30)

# At D = 2024-06-30, terms 30 days. C010's credits in date order (cash application):
# AV-2023-07 400 (opening: a payment, not a sale) -> oldest, FA-2023-500: 3000 -> 2600;
# AV-102 240 names FA-101: 1200 -> 960; VIR-0320 2000 -> FA-2023-500: 2600 -> 600;
# OD-7 100 -> FA-2023-500: 600 -> 500. C020: CHQ-88 1000 pays FA-201 300, 700 unapplied.
# C040: the payment "x" 100 -> oldest, invoice 10: 700 -> 600.
# FA-2023-500 is 193 days late (due 20/12/2023: 11 + 31 + 29 + 31 + 30 + 31 + 30), FA-101 137
# (due 14/02/2024: 15 + 31 + 30 + 31 + 30).
# client | invoice | amount | balance | status | days | last payment
MESSY_ITEMS = """
C010|FA-2023-500|3000|500|overdue|193|2024-04-10
C010|FA-101|1200|960|overdue|137|2024-03-01
C020|FA-201|300|0|paid|0|2024-04-15
C030|INV/2024/0008|500|0|paid|0|2024-05-10
C040|10|700|600|pending|0|2024-06-20
C040|11|100|100|pending|0|
C050|FA-201|50|50|pending|0|
C050|FA-300|60|60|pending|0|
C050|FA-300|70|70|pending|0|
"""
# line in the file, date, client, kind, amount (a payment dated by its entry)
MESSY_CREDITS = [
    (3, dt.date(2024, 1, 1), "C010", "payment", 400.0),
    (8, dt.date(2024, 3, 1), "C010", "credit", 240.0),
    (11, dt.date(2024, 3, 20), "C010", "payment", 2000.0),
    (13, dt.date(2024, 4, 10), "C010", "payment", 100.0),
    (18, dt.date(2024, 4, 15), "C020", "payment", 1000.0),
    (28, dt.date(2024, 6, 20), "C040", "payment", 100.0),
]


@pytest.mark.parametrize("variant", [{}, {"pad": True}, {"sep": "|", "montant_sens": True}])
def test_messy_fec_net_positions(tmp_path: Path, variant: dict) -> None:
    a = analysed(write_fec(tmp_path / "FEC.txt", MESSY_LINES, **variant), D_MESSY)
    got = sorted(
        (
            r.client_id,
            r.invoice,
            round(r.amount, 2),
            round(r.balance, 2),
            r.status,
            int(r.days_overdue),
            "" if r.last_payment != r.last_payment else r.last_payment.date().isoformat(),
        )
        for r in a.items.itertuples()
    )
    want = []
    for ln in MESSY_ITEMS.strip().splitlines():
        c, inv, amount, balance, status, days, last = ln.split("|")
        want.append((c, inv, float(amount), float(balance), status, int(days), last))
    assert got == sorted(want)
    credits = [
        (r.row, r.date.date(), r.client_id, r.kind, r.amount)
        for r in a.ledger.payments.itertuples()
    ]
    assert credits == MESSY_CREDITS
    # 411 balances at D, by hand: C010 3000 - 400 + 1200 - 240 - 2000 - 100 = 1460 = 500 + 960;
    # C020 300 - 1000 = -700; C030 500 - 500 = 0; C040 700 + 100 - 100 = 700; C050 180
    assert a.ledger.control == {
        "C010": 1460.0,
        "C020": -700.0,
        "C030": 0.0,
        "C040": 700.0,
        "C050": 180.0,
    }
    unapplied = dict(
        zip(a.allocation.unapplied["client_key"], a.allocation.unapplied["amount"], strict=True)
    )
    assert unapplied == {"C020": 700.0}
    assert not [i for i in a.issues if i.message_en.startswith("Open balance")]
    # the client with a negative balance is never chased; C010 is, for 1460
    assert (a.items.loc[a.items["client_id"] == "C020", "reminder_level"] == -1).all()
    chased = set(a.reminders["client_key"]) if "client_key" in a.reminders else set()
    assert "C020" not in chased and "C010" in chased
    # one duplicate number (FA-300 twice for C050); FA-201 of two clients and "x" are not
    dups = [(i.row, i.value) for i in a.issues if i.message_en.startswith("Duplicate invoice")]
    assert dups == [(34, "FA-300")]
    # 36 lines: 9 invoices + 6 open credits, 1 used up (L1), 19 on other accounts, 1 after D
    t = a.ledger.tally
    assert (t.rows, t.transactions, t.merged, t.anomalies, t.other, t.after) == (
        36,
        15,
        1,
        0,
        19,
        1,
    )


def test_messy_fec_sales_are_invoices_only(tmp_path: Path) -> None:
    """Payments never count as sales: the sales documents of the FEC are its invoices (debit
    lines) less its credit notes (credit lines of kind credit)."""
    a = analysed(write_fec(tmp_path / "FEC.txt", MESSY_LINES), D_MESSY)
    invoices = a.ledger.transactions["amount"].sum()
    assert invoices == pytest.approx(3000 + 1200 + 300 + 500 + 700 + 100 + 50 + 60 + 70)
    pay = a.ledger.payments
    assert pay.loc[pay["kind"] == "credit", "amount"].sum() == pytest.approx(240)
    assert pay.loc[pay["kind"] == "payment", "amount"].sum() == pytest.approx(
        400 + 2000 + 100 + 1000 + 100
    )


@pytest.mark.parametrize(
    ("code", "label", "kind"),
    [
        ("VE", "", "sales"), ("VT", "", "sales"), ("VTE", "", "sales"), ("INV", "", "sales"),
        ("VT01", "", "sales"), ("BQ", "", "bank"), ("BQ1", "", "bank"), ("BNP", "", "bank"),
        ("CA", "", "bank"), ("CAI", "", "bank"), ("BNK1", "", "bank"), ("CSH1", "", "bank"),
        ("OD", "", "misc"), ("MISC", "", "misc"), ("AN", "", "opening"), ("RAN", "", "opening"),
        ("AC", "Achats", "other"), ("HA", "", "other"),
        ("J5", "Banque Populaire", "bank"), ("J9", "Journal des ventes", "sales"),
        ("X1", "Reports à nouveaux", "opening"), ("X2", "A nouveaux", "opening"),
    ],
)  # fmt: skip
def test_journal_kinds(code: str, label: str, kind: str) -> None:
    assert fec_entries.journal_kind(code, label).value == kind


def test_installments_of_one_invoice_are_not_duplicates(tmp_path: Path) -> None:
    # FA-500 in two installments (two 411 lines of one entry), then FA-500 again in another
    # entry of the same client: only that one is a duplicate
    text = """
VE|1|20240110|411000|Clients|C1|Un|FA-500|20240110|Facture 1/2|600,00|0,00||
VE|1|20240110|411000|Clients|C1|Un|FA-500|20240110|Facture 2/2|400,00|0,00||
VE|1|20240110|706000|Ventes|||FA-500|20240110|Facture|0,00|1000,00||
VE|2|20240120|411000|Clients|C1|Un|FA-500|20240120|Facture|50,00|0,00||
VE|2|20240120|706000|Ventes|||FA-500|20240120|Facture|0,00|50,00||
"""
    lines = [tuple(ln.split("|")) for ln in text.strip().splitlines()]
    a = analysed(write_fec(tmp_path / "FEC.txt", lines))
    dups = [(i.row, i.value, i.message_en) for i in a.issues if "Duplicate" in i.message_en]
    assert dups == [(5, "FA-500", "Duplicate invoice number (already on row 2)")]
    assert sorted(a.items["amount"].tolist()) == [50.0, 400.0, 600.0]


@st.composite
def _ledgers(draw) -> tuple[list[tuple[str, ...]], dt.date]:
    """A random FEC: invoices, bank payments, sales-journal credit notes and miscellaneous
    credits for a few clients, some payments lettered with an invoice (DateLet before or after
    the as-of date, or none)."""
    lines: list[tuple[str, ...]] = []
    start = dt.date(2024, 1, 1)
    invoices: dict[str, list[str]] = {}
    for n in range(1, draw(st.integers(1, 25)) + 1):
        client = f"C{draw(st.integers(1, 4))}"
        day = start + dt.timedelta(days=draw(st.integers(0, 120)))
        ds = f"{day:%Y%m%d}"
        cents = draw(st.integers(1, 500_000))
        amount = f"{cents // 100},{cents % 100:02d}"
        kind = draw(st.sampled_from(["invoice", "payment", "credit", "od"]))
        ref = f"P{n}"
        letter, let_date = "", ""
        if kind in ("payment", "credit") and invoices.get(client) and draw(st.booleans()):
            letter = draw(st.sampled_from(invoices[client]))
            later = day + dt.timedelta(days=draw(st.integers(0, 60)))
            let_date = draw(st.sampled_from(["", f"{later:%Y%m%d}"]))
        head = ("VE" if kind in ("invoice", "credit") else "BQ" if kind == "payment" else "OD",)
        common = (str(n), ds)
        if kind == "invoice":
            invoices.setdefault(client, []).append(f"L{n}")
            lines.append(
                (
                    *head,
                    *common,
                    "411000",
                    "Clients",
                    client,
                    client,
                    ref,
                    ds,
                    "Facture",
                    amount,
                    "0,00",
                    f"L{n}" if draw(st.booleans()) else "",
                    "",
                )
            )
            lines.append(
                (
                    *head,
                    *common,
                    "706000",
                    "Ventes",
                    "",
                    "",
                    ref,
                    ds,
                    "Facture",
                    "0,00",
                    amount,
                    "",
                    "",
                )
            )
            continue
        other = {"payment": "512000", "credit": "706000", "od": "401000"}[kind]
        lines.append(
            (
                *head,
                *common,
                "411000",
                "Clients",
                client,
                client,
                ref,
                ds,
                kind,
                "0,00",
                amount,
                letter,
                let_date,
            )
        )
        lines.append(
            (*head, *common, other, "Contrepartie", "", "", ref, ds, kind, amount, "0,00", "", "")
        )
    as_of = start + dt.timedelta(days=draw(st.integers(0, 200)))
    return lines, as_of


@settings(max_examples=40, deadline=None)
@given(_ledgers())
def test_net_positions_equal_the_411_balances(tmp_path_factory, drawn) -> None:
    """Whatever the lettering: each client's net position (open invoices - open credits) is its
    411 balance, credits are never invoices, a client who owes nothing is never chased, and
    every line is accounted for."""
    lines, as_of = drawn
    path = write_fec(tmp_path_factory.mktemp("prop") / "FEC.txt", lines)
    a = analysed(path, as_of)
    items = a.items
    open_ = items[items["bucket"] != ""].groupby("client_key")["balance"].sum()
    unapplied = (
        a.allocation.unapplied.set_index("client_key")["amount"]
        if a.allocation is not None
        else pd.Series(dtype=float)
    )
    for client, balance in a.ledger.control.items():
        net = float(open_.get(client, 0.0)) - float(unapplied.get(client, 0.0))
        assert net == pytest.approx(balance, abs=0.011), client
        if net <= 0.005:
            mine = items[items["client_key"] == client]
            assert (mine["reminder_level"] == -1).all(), client
    assert not [i for i in a.issues if i.message_en.startswith("Open balance")]
    assert (a.ledger.transactions["amount"] > 0).all()
    pay = a.ledger.payments
    kinds = {r: k for r, k in zip(pay["row"], pay["kind"], strict=True)}
    for line_no, line in enumerate(lines, start=2):
        if line_no in kinds:
            assert kinds[line_no] == ("credit" if line[9] == "credit" else "payment")
    assert a.ledger.tally.adds_up()


def test_a_credit_lettered_after_d_names_an_invoice_without_a_piece(tmp_path: Path) -> None:
    # invoice 7 (PieceRef "x": numbered by its entry) and invoice FA-8, older; a payment
    # lettered with invoice 7 after D settles it, not the older FA-8
    text = """
VE|5|20240105|411000|Clients|C1|Un|FA-8|20240105|Facture|300,00|0,00||
VE|7|20240110|411000|Clients|C1|Un|x|20240110|Facture|200,00|0,00|K|20240410
BQ|9|20240301|411000|Clients|C1|Un|x|20240301|Virement|0,00|200,00|K|20240410
"""
    lines = [tuple(ln.split("|")) for ln in text.strip().splitlines()]
    a = analysed(write_fec(tmp_path / "FEC.txt", lines))
    assert credits_of(a) == [
        (4, dt.date(2024, 3, 1), "C1", "payment", 200.0, "Virement", "Virement facture n° 7")
    ]
    got = {r.invoice: (r.balance, r.status) for r in a.items.itertuples()}
    assert got == {"FA-8": (300.0, "overdue"), "7": (0.0, "paid")}


def test_refunds_and_transfers_are_owed_but_not_sales(tmp_path: Path) -> None:
    # C1: invoice 500, pays 800, is refunded 300 from the bank, and 100 of its credit is moved
    # to C2 in the miscellaneous journal. Sales: the invoice's 500 only
    text = """
VE|1|20240110|411000|Clients|C1|Un|FA-1|20240110|Facture|500,00|0,00||
VE|1|20240110|706000|Ventes|||FA-1|20240110|Facture|0,00|500,00||
BQ|2|20240120|411000|Clients|C1|Un|VIR-1|20240120|Virement|0,00|800,00||
BQ|2|20240120|512000|Banque|||VIR-1|20240120|Virement|800,00|0,00||
BQ|3|20240125|411000|Clients|C1|Un|REMB-1|20240125|Remboursement|300,00|0,00||
BQ|3|20240125|512000|Banque|||REMB-1|20240125|Remboursement|0,00|300,00||
OD|4|20240128|411000|Clients|C1|Un|OD-1|20240128|Transfert|0,00|100,00||
OD|4|20240128|411000|Clients|C2|Deux|OD-1|20240128|Transfert|100,00|0,00||
"""
    lines = [tuple(ln.split("|")) for ln in text.strip().splitlines()]
    a = analysed(write_fec(tmp_path / "FEC.txt", lines), dt.date(2024, 1, 31))
    tx = a.ledger.transactions
    assert dict(zip(tx["invoice"], tx["sale"], strict=True)) == {
        "FA-1": True,
        "REMB-1": False,
        "OD-1": False,
    }
    assert kpis.invoiced(a.items, None, dt.date(2024, 1, 31), a.allocation) == 500
    # 411 balances: C1 500 - 800 + 300 - 100 = -100, C2 100; both are net positions
    assert a.ledger.control == {"C1": -100.0, "C2": 100.0}
    assert not [i for i in a.issues if i.message_en.startswith("Open balance")]
    assert [(c[2], c[3], c[4]) for c in credits_of(a)] == [
        ("C1", "payment", 800.0),
        ("C1", "payment", 100.0),
    ]
