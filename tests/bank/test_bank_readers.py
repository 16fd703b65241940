"""Each statement format read into the same BankLines (tests/helpers/bankstatements.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers.bankstatements import OWN_IBAN, WRITERS, Move, write

from arxl.errors import ArxlError
from arxl.readers.bank import lines_frame, read_statement

D = dt.date(2024, 3, 5)
MOVES = [
    Move(
        D,
        1200.0,
        "VIR SEPA RECU /DE PILGRIMS SAS /MOTIF FACT 2024-111 ET 112",
        "PILGRIMS SAS",
        "FR7612345000010000000000185",
        "FACT 2024-111 ET 112",
        "REF-A",
    ),
    Move(D + dt.timedelta(days=1), -45.10, "PRLV SEPA EDF", ref="REF-B"),
    Move(D + dt.timedelta(days=2), 1234.56, "VIR DUPONT & CIE", "DUPONT", "", "F-0042", "REF-C"),
]


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_gives_the_same_movements(tmp_path, fmt):
    statement = read_statement(write(fmt, tmp_path, MOVES))
    got = [(ln.date, ln.amount) for ln in statement.lines]
    assert got == [(m.date, m.amount) for m in MOVES]
    assert statement.issues == []
    first = statement.lines[0]
    assert "2024-111" in f"{first.label} {first.remittance}"
    assert "PILGRIMS" in f"{first.label} {first.payer}"
    if fmt.startswith("camt") or fmt == "mt940":
        assert first.iban == "FR7612345000010000000000185"
        assert first.payer == "PILGRIMS SAS"
    if fmt.startswith("camt") or fmt in ("ofx", "mt940"):
        assert first.bank_ref and statement.lines[1].bank_ref != first.bank_ref
    if fmt in ("camt053", "mt940"):
        assert statement.account == OWN_IBAN


def test_keys_are_stable_and_tell_identical_lines_apart(tmp_path):
    twin = Move(D, 50.0, "VIR X")
    path = write("csv_signed", tmp_path, [twin, twin])
    keys = lines_frame(read_statement(path).lines)["key"].tolist()
    again = lines_frame(read_statement(path).lines)["key"].tolist()
    assert keys == again and len(set(keys)) == 2


def test_camt_batch_entry_becomes_one_line_per_transfer(tmp_path):
    path = tmp_path / "batch.xml"
    path.write_text(
        """<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Ntry><Amt Ccy="EUR">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2024-03-05</Dt></BookgDt><AcctSvcrRef>BATCH1</AcctSvcrRef>
<NtryDtls>
<TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">100.00</Amt></TxAmt></AmtDtls>
<RltdPties><Dbtr><Nm>A</Nm></Dbtr></RltdPties><RmtInf><Ustrd>F1</Ustrd></RmtInf></TxDtls>
<TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">200.00</Amt></TxAmt></AmtDtls>
<RltdPties><Dbtr><Nm>B</Nm></Dbtr></RltdPties><RmtInf><Ustrd>F2</Ustrd></RmtInf></TxDtls>
</NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">9.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts>
<BookgDt><Dt>2024-03-06</Dt></BookgDt></Ntry>
</Stmt></BkToCstmrStmt></Document>""",
        encoding="utf-8",
    )
    statement = read_statement(path)
    lines = statement.lines
    assert [(ln.amount, ln.payer, ln.remittance) for ln in lines] == [
        (100.0, "A", "F1"),
        (200.0, "B", "F2"),
    ]
    assert lines[0].bank_ref != lines[1].bank_ref
    # the pending entry is not a line, but it is accounted for: said, at its line
    (pending,) = statement.issues
    assert pending.column == "Ntry/Sts" and "not booked by the bank (PDNG)" in pending.message_en


def test_csv_without_the_columns_says_which(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(ArxlError, match="Libellé"):
        read_statement(path)


def test_csv_balance_lines_are_skipped_and_bad_lines_reported(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(
        "Date;Libellé;Montant\n05/03/2024;VIR A;10,00\nSolde final;;\n??;VIR B;12,00\n",
        encoding="utf-8",
    )
    statement = read_statement(path)
    assert [ln.amount for ln in statement.lines] == [10.0]
    assert [i.row for i in statement.issues] == [4]


def test_credit_mutuel_layout_with_negative_debits_and_a_balance_column(tmp_path):
    path = tmp_path / "cm.csv"
    path.write_bytes(
        "Date;Date de valeur;Débit;Crédit;Libellé;Solde\r\n"
        "05/03/2024;05/03/2024;;1 200,00;VIR SEPA PILGRIMS SAS FACT 2024-111;3 200,00\r\n"
        "06/03/2024;06/03/2024;-45,10;;PRLV SEPA EDF;3 154,90\r\n".encode("cp1252")
    )
    lines = read_statement(path).lines
    assert [(ln.date, ln.amount) for ln in lines] == [(D, 1200.0), (dt.date(2024, 3, 6), -45.1)]


def test_credit_agricole_layout_with_labels_over_several_lines(tmp_path):
    path = tmp_path / "ca.csv"
    path.write_bytes(
        "Téléchargement du 31/03/2024;\r\n\r\nDate;Libellé;Débit euros;Crédit euros;\r\n"
        '05/03/2024;"VIR SEPA RECU                \r\n DE: PILGRIMS SAS\r\n MOTIF: FACT 2024-111";'
        ";1 200,00;\r\n".encode("cp1252")
    )
    (line,) = read_statement(path).lines
    assert line.amount == 1200.0 and "DE: PILGRIMS SAS MOTIF: FACT 2024-111" in line.label
