"""FEC: receivables at D from lettering, recomputed by hand from the definitions of the issue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from arxl.convert import ConvertOptions, analyse_converted, read_input
from arxl.readers import fec

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
    montant_sens: bool = False,
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
            cells[11:13] = (
                [debit, "D"] if debit not in ("0,00", "") and credit == "0,00" else [credit, "C"]
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
            "paid_on": None if r.payment_date != r.payment_date else r.payment_date.date(),
        }
    return out


# Expected at D = 2024-03-31, terms 30 days, worked out by hand from the definitions:
# invoice | client | date | due | amount | balance | status | days overdue | payment date
EXPECTED_TABLE = """
FA-2023-090|C001|2023-11-15|2023-12-15|1200|1200|overdue|107|
FA-001|C001|2024-01-10|2024-02-09|1000|0|paid|0|2024-02-10
FA-002|C001|2024-02-01|2024-03-02|500|500|overdue|29|
VIR-2|C001|2024-03-20|2024-04-19|-500|-500|pending|0|
FA-003|C001|2024-03-01|2024-03-31|800|500|pending|0|2024-03-25
FA-004|411MARTIN|2024-01-15|2024-02-14|2000|2000|overdue|46|
AV-001|411MARTIN|2024-01-20|2024-02-19|-200|-200|pending|0|
11|C002|2024-03-05|2024-04-04|100|0|paid|0|2024-03-08
VIR-5|C002|2024-03-08|2024-04-07|-150|-50|pending|0|
FA-006|C002|2024-03-02|2024-04-01|400|400|pending|0|
"""


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
        {"pad": True},
        {"encoding": "iso-8859-15"},
    ],
    ids=["tab", "pipe", "montant-sens", "odoo-padded", "iso-8859-15"],
)
def test_open_items_at_d(tmp_path: Path, variant: dict) -> None:
    a = analysed(write_fec(tmp_path / "FEC.txt", **variant))
    assert items_by_invoice(a) == _expected()
    names = dict(zip(a.ledger.clients["client_id"], a.ledger.clients["name"], strict=True))
    assert names == {"C001": "Dupont SARL", "411MARTIN": "Martin & Fils", "C002": "Lefèvre"}
    # the open balance per client equals the 411 balance at D (no difference reported)
    assert a.ledger.control == {"C001": 1700.0, "411MARTIN": 1800.0, "C002": 350.0}
    aged = dict(zip(a.aged["client_id"], a.aged["total"].round(2), strict=True))
    assert aged == a.ledger.control
    assert not [i for i in a.issues if "411" in i.message_en or "account" in i.message_en]
    # every line accounted for
    t = a.ledger.tally
    assert (t.rows, t.transactions, t.merged, t.anomalies, t.other, t.after) == (19, 10, 2, 1, 4, 2)
    assert t.adds_up()
    bad = [i for i in a.issues if i.message_en.startswith("Unreadable amount")]
    assert [(i.sheet, i.row) for i in bad] == [("FEC.txt", 20)]
    assert bad[0].value.startswith("douze")


def test_aged_buckets_and_no_reminder_on_credits(tmp_path: Path) -> None:
    a = analysed(write_fec(tmp_path / "FEC.txt"))
    row = a.aged.set_index("client_id").loc["C001"]
    assert (row["current"], row["1-30"], row["91+"]) == (0.0, 500.0, 1200.0)
    credits = a.items[a.items["amount"] < 0]
    assert (credits["reminder_level"] == -1).all()
    assert set(credits["bucket"]) == {"current"}


def test_lettering_after_d_becomes_settled_later(tmp_path: Path) -> None:
    path = write_fec(tmp_path / "FEC.txt")
    later = items_by_invoice(analysed(path, dt.date(2024, 4, 30)))
    assert later["FA-002"]["status"] == "paid"
    assert later["FA-002"]["paid_on"] == dt.date(2024, 3, 20)
    assert "VIR-2" not in later  # used up by its group, no longer an item
    assert later["FA-006"]["status"] == "paid"  # lettered (no DateLet) by its last entry
    assert later["FA-004"]["balance"] == 0  # settled by the credit note and the payment
    assert later["FA-004"]["paid_on"] == dt.date(2024, 4, 10)
    assert "AV-001" not in later
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


def test_tryton_files(tmp_path: Path) -> None:
    """Real FEC files written by Tryton: no 411 line in them, every line accounted for."""
    for name, rows in (("tryton_account_fr_FEC.csv", 4), ("tryton_account_fr_FEC-previous.csv", 2)):
        path = SHARED / name
        assert fec.looks_like_fec(path.read_text().splitlines()[0].split("\t"))
        a = analysed(path, dt.date(2018, 12, 31))
        t = a.ledger.tally
        assert (t.rows, t.other, t.transactions) == (rows, rows, 0)
        assert a.items.empty and not a.issues
