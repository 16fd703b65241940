"""A credit in another currency than the euro book's, as an OFX statement says it: never
matched by its amount (the README's promise), whatever the statement's own currency."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner
from conftest import make_workbook, sheet_values
from helpers.bankstatements import Move, ofx

from arxl.cli import main
from arxl.readers.bank import read_statement

DAY = dt.date(2026, 3, 30)
CLIENTS = [[7, "Café du Commerce", "3 rue G", "0", "cafe@commerce.fr"]]
INVOICES = [
    [dt.date(2026, 2, 9), 7, "F2026-013", 500, "En attente"],
    [dt.date(2026, 2, 10), 7, "F2026-014", 453.20, "En attente"],
]
USD = Move(DAY, 500.0, "VIR INTERNATIONAL RECU CAFE DU COMMERCE USD 500", currency="USD")
CONVERTED = Move(
    DAY, 453.20, "VIR INTERNATIONAL RECU CAFE DU COMMERCE F2026-014", orig_currency="USD"
)


def test_the_transactions_own_currency_is_read(tmp_path):
    """<CURRENCY> in a STMTTRN: its amount is in that currency (OFX 5.2). <ORIGCURRENCY>: the
    amount was converted to the statement's currency from that one: in euros."""
    statement = read_statement(ofx(tmp_path / "releve.ofx", [USD, CONVERTED]))
    assert [ln.currency for ln in statement.lines] == ["USD", "EUR"]


def test_a_usd_transfer_is_left_to_identify_not_matched_by_its_amount(tmp_path):
    book = make_workbook(tmp_path / "book.xlsx", clients=CLIENTS, transactions=INVOICES)
    statement = ofx(tmp_path / "releve.ofx", [USD, CONVERTED])
    for _ in range(2):  # twice: nothing imported again
        run = CliRunner().invoke(main, ["bank", str(book), str(statement), "--as-of", "2026-03-31"])
        assert run.exit_code == 0, run.output
    values = sheet_values(book, "Rapprochement")
    rows = [dict(zip(values[0], r, strict=True)) for r in values[1:]]
    assert len(rows) == 2
    usd, converted = rows
    assert (usd["Factures"], usd["Statut"]) == ("", "À identifier")
    assert usd["Pourquoi"].startswith("montant en USD, pas dans la devise du classeur")
    assert converted["Factures"] == "F2026-014"  # credited in euros: matched
