"""Text exports as software writes them: each quirk in a small file made here, each layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from arxl.api.convert import ConvertOptions, analyse_converted, read_input
from arxl.errors import MissingColumns
from arxl.readers import values as V
from arxl.readers.layout import Layout, parse_map
from arxl.readers.text import decode, sniff_separator

D = dt.date


def write(path: Path, text: str, encoding: str = "utf-8", bom: bool = False) -> Path:
    data = text.replace("\n", "\r\n").encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


AS_OF = D(2024, 3, 31)


def analyse_csv(path: Path, as_of: dt.date = AS_OF, **kw):
    ledger, fmt = read_input(path, ConvertOptions(as_of=as_of, **kw))
    assert fmt == "csv"
    return analyse_converted(ledger, ConvertOptions(as_of=as_of, **kw))


def rows(a, *cols: str) -> list[tuple]:
    out = []
    for r in a.items.itertuples():
        values = []
        for c in cols:
            v = getattr(r, c)
            if hasattr(v, "date") and c in ("date", "due", "payment_date"):
                v = v.date() if v == v else None
            elif isinstance(v, float):
                v = round(v, 2)
            values.append(v)
        out.append(tuple(values))
    return out


# --- the pieces -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Échéance;Montant\n€ 1 234,50".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "Échéance".encode(), "utf-8-sig"),
        ("Échéance ’ € œ".encode("cp1252"), "cp1252"),
        ("Échéance € œ Ÿ".encode("iso-8859-15"), "iso-8859-15"),
        ("Échéance".encode("utf-16"), "utf-16"),
    ],
)
def test_encoding_detected(data: bytes, encoding: str) -> None:
    text, used = decode(data)
    assert used == encoding
    assert text.startswith("Échéance")


def test_encoding_override_and_its_error() -> None:
    assert decode("é".encode("cp1252"), "cp1252") == ("é", "cp1252")
    with pytest.raises(Exception, match="try --encoding"):
        decode(b"\xff\xfe\xfa", "utf-8", "x.csv")


@pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
def test_separator_detected_under_title_rows(sep: str) -> None:
    text = "Export des factures, 2024\n\n" + "\n".join(
        sep.join(r) for r in [["N°", "Date", "Montant"], ["1", "01/02/2024", '"1,5"']] * 3
    )
    assert sniff_separator(text) == sep


def test_amounts_as_exports_write_them() -> None:
    texts = [
        "1 234,56 €",
        "(1.234,56)",
        "12-",
        " 000000000007760,45",
        "1\u202f234,5",
        "12,00 CR",
        "+3",
        "-7,5",
    ]
    got, bad = V.parse_amounts(texts)
    assert got.tolist() == [1234.56, -1234.56, -12, 7760.45, 1234.5, -12, 3, -7.5]
    assert not bad.any()
    # "1,234" is decided by the column: thousands where the decimal mark is a point
    assert V.parse_amounts(["1,234", "12.50"])[0].tolist() == [1234, 12.5]
    assert V.parse_amounts(["1.234", "12,50"])[0].tolist() == [1234, 12.5]
    assert V.parse_amounts(["1,234"])[0].tolist() == [1.234]  # alone: a decimal comma


def test_dates_as_exports_write_them() -> None:
    got, bad = V.parse_dates(["20240115", "45306", "15 janv. 2024", "Jan 15, 2024", "2024-01-15"])
    assert got.astype(object).tolist() == [D(2024, 1, 15)] * 5 and not bad.any()
    # one value that can only be month first decides the whole column
    got, _ = V.parse_dates(["1/2/2024", "2/13/2024"])
    assert got.astype(object).tolist() == [D(2024, 1, 2), D(2024, 2, 13)]
    got, _ = V.parse_dates(["1/2/2024", "13/2/2024"])
    assert got.astype(object).tolist() == [D(2024, 2, 1), D(2024, 2, 13)]


# --- whole files --------------------------------------------------------------------------

FRENCH_EXCEL = """\
Export des factures clients;;;;;;
Société Exemple;;;;;;
;;;;;;
N° facture;Date;Échéance;Code client;Client;Montant TTC;Statut
000123;05/01/2024;04/02/2024;00042;Dupont SARL;1 234,56 €;En attente
000124;12/02/2024;13/03/2024;00042;Dupont SARL;(100,00);Avoir
=HYPERLINK("http://x");01/03/2024;31/03/2024;00043;+33 Martin;250,00;
000126;15/03/2024;;00043;@Martin;douze;
000127;;;00044;-Durand;10,00;
;;;;;;
Total;;;;;1 384,56;
"""


def test_french_excel_csv(tmp_path: Path) -> None:
    path = write(tmp_path / "factures.csv", FRENCH_EXCEL, "cp1252")
    a = analyse_csv(path)
    assert rows(a, "invoice", "client_id", "date", "due", "amount", "balance", "status") == [
        # the credit note 000124 (-100) is set against the client's oldest invoice
        ("000123", "00042", D(2024, 1, 5), D(2024, 2, 4), 1234.56, 1134.56, "overdue"),
        ('=HYPERLINK("http://x")', "00043", D(2024, 3, 1), D(2024, 3, 31), 250.0, 250.0, "pending"),
    ]
    assert a.allocation is not None
    assert a.allocation.lines[["invoice", "amount", "kind"]].values.tolist() == [
        ["000123", 100.0, "credit"]
    ]
    assert dict(zip(a.ledger.clients["client_id"], a.ledger.clients["name"], strict=True)) == {
        "00042": "Dupont SARL",
        "00043": "+33 Martin",
    }
    left = [(i.sheet, i.row, i.column) for i in a.ledger.issues]
    # row 6 (-100, status "Avoir") says it is a credit note: no "unknown status" line for it
    assert left == [
        ("factures.csv", 8, "Montant TTC"),
        ("factures.csv", 9, "Date"),
    ]
    t = a.ledger.tally
    assert (t.rows, t.transactions, t.anomalies, t.skipped) == (7, 3, 2, 2) and t.adds_up()
    assert a.ledger.lang.value == "fr"


def test_english_csv_with_bom_month_first_and_signs(tmp_path: Path) -> None:
    text = (
        "Invoice Number,Customer,Invoice Date,Due Date,Amount,Amount Paid\n"
        'INV-1,Acme,1/2/2024,2/1/2024,"1,234.50",(0.50)\n'
        "INV-2,Acme,2/13/2024,3/14/2024,100.00-,0\n"
        'INV-3,Beta,3/1/2024,3/31/2024,"2,000",500\n'
    )
    a = analyse_csv(write(tmp_path / "inv.csv", text, bom=True))
    assert rows(a, "invoice", "date", "due", "amount", "paid", "balance") == [
        # INV-2 (100.00-) is a credit: set against INV-1, the oldest
        ("INV-1", D(2024, 1, 2), D(2024, 2, 1), 1234.5, 99.5, 1135.0),
        ("INV-3", D(2024, 3, 1), D(2024, 3, 31), 2000.0, 500.0, 1500.0),
    ]
    assert a.ledger.lang.value == "en"


def test_ambiguous_date_column_follows_the_file(tmp_path: Path) -> None:
    """Invoice dates all <= 12/12 say nothing; the due dates (2/13) say month first."""
    text = (
        "Invoice,Client,Date,Due date,Amount\nA,X,1/2/2024,2/13/2024,10\nB,X,3/4/2024,4/5/2024,10\n"
    )
    a = analyse_csv(write(tmp_path / "m.csv", text))
    assert rows(a, "invoice", "date", "due") == [
        ("A", D(2024, 1, 2), D(2024, 2, 13)),
        ("B", D(2024, 3, 4), D(2024, 4, 5)),
    ]


def test_tab_separated_compact_dates_serials_and_thin_spaces(tmp_path: Path) -> None:
    text = (
        "Facture\tClient\tDate\tÉchéance\tMontant\n"
        "F1\tA\t20240105\t20240204\t1\u202f234,50\n"
        "F2\tA\t45306\t45336\t1.234,56\n"
    )
    a = analyse_csv(write(tmp_path / "t.txt", text))
    assert rows(a, "invoice", "date", "due", "amount") == [
        ("F1", D(2024, 1, 5), D(2024, 2, 4), 1234.5),
        ("F2", D(2024, 1, 15), D(2024, 2, 14), 1234.56),
    ]


def test_pipe_separated_latin9(tmp_path: Path) -> None:
    text = "N° facture|Client|Date|Montant\nF1|Cœur & Œuvre|01/03/2024|99,90 €\n"
    a = analyse_csv(write(tmp_path / "p.csv", text, "iso-8859-15"))
    assert a.ledger.clients["name"].tolist() == ["Cœur & Œuvre"]
    assert rows(a, "amount") == [(99.9,)]


def test_generic_french_export(tmp_path: Path) -> None:
    text = (
        "N° facture;Date;Échéance;Client;Montant TTC;Réglé;Reste à payer\n"
        "F-1;02/01/2024;01/02/2024;Alpha;1 000,00;400,00;600,00\n"
        "F-2;10/03/2024;09/04/2024;Beta;500,00;0,00;500,00\n"
    )
    a = analyse_csv(write(tmp_path / "g.csv", text))
    assert rows(a, "invoice", "due", "paid", "balance", "status", "days_overdue") == [
        ("F-1", D(2024, 2, 1), 400.0, 600.0, "overdue", 59),
        ("F-2", D(2024, 4, 9), 0.0, 500.0, "pending", 0),
    ]


def test_xero_invoice_lines_grouped(tmp_path: Path) -> None:
    text = (
        "ContactName,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,InvoiceAmountPaid,"
        "InvoiceAmountDue,Description,Quantity,UnitAmount,LineAmount,Status\n"
        "Acme,INV-0001,PO1,15/01/2024,14/02/2024,300.00,100.00,200.00,Widget,1,100,100,AUTHORISED\n"
        "Acme,INV-0001,PO1,15/01/2024,14/02/2024,300.00,100.00,200.00,Gadget,2,100,200,AUTHORISED\n"
        "Beta,INV-0002,,01/03/2024,31/03/2024,50.00,50.00,0.00,Service,1,50,50,PAID\n"
        "Beta,INV-0003,,02/03/2024,01/04/2024,70.00,0.00,70.00,Draft,1,70,70,DRAFT\n"
        "Gamma,INV-0004,,05/03/2024,04/04/2024,80.00,0.00,80.00,Void,1,80,80,VOIDED\n"
    )
    a = analyse_csv(write(tmp_path / "xero.csv", text))
    assert rows(a, "invoice", "client_name", "amount", "paid", "balance", "status") == [
        ("INV-0001", "Acme", 300.0, 100.0, 200.0, "overdue"),
        ("INV-0002", "Beta", 50.0, 50.0, 0.0, "paid"),
    ]
    t = a.ledger.tally
    assert (t.rows, t.transactions, t.merged, t.anomalies) == (5, 2, 1, 2) and t.adds_up()
    assert [i.row for i in a.ledger.issues] == [5, 6]


def test_invoice_ninja_export(tmp_path: Path) -> None:
    text = (
        "number,client,date,due_date,amount,balance,status\n"
        "0001,Acme,2024-01-10,2024-02-09,150.00,150.00,sent\n"
        "0002,Acme,2024-02-10,2024-03-11,80.00,30.00,partial\n"
        "0003,Beta,2024-03-01,2024-03-31,60.00,0.00,paid\n"
        "0004,Beta,2024-03-02,2024-04-01,60.00,60.00,cancelled\n"
    )
    a = analyse_csv(write(tmp_path / "ninja.csv", text))
    assert rows(a, "invoice", "due", "balance", "status", "days_overdue", "bucket") == [
        ("0001", D(2024, 2, 9), 150.0, "overdue", 51, "31-60"),
        ("0002", D(2024, 3, 11), 30.0, "overdue", 20, "1-30"),
        ("0003", D(2024, 3, 31), 0.0, "paid", 0, ""),
    ]


@pytest.mark.parametrize(
    "header",
    [
        "Partenaire;Numéro;Date de facturation;Date d'échéance;Total signé;Montant dû",
        "Partner;Number;Invoice/Bill Date;Due Date;Total Signed;Amount Due",
        "Partner;Journal Entry;Date;Due Date;Debit;Credit;Balance;Amount Residual",
    ],
    ids=["odoo-fr", "odoo-en", "odoo-open-items"],
)
def test_odoo_exports(tmp_path: Path, header: str) -> None:
    ledger_lines = "Debit" in header
    body = (
        [
            "Acme;INV/2024/0001;2024-01-15;2024-02-14;1200,00;0,00;1200,00;700,00",
            "Acme;INV/2024/0002;2024-03-01;2024-03-31;300,00;0,00;300,00;300,00",
            "Beta;PBNK1/2024/0003;2024-03-10;2024-03-10;0,00;50,00;-50,00;-50,00",
        ]
        if ledger_lines
        else [
            "Acme;INV/2024/0001;2024-01-15;2024-02-14;1200,00;700,00",
            "Acme;INV/2024/0002;2024-03-01;2024-03-31;300,00;300,00",
        ]
    )
    a = analyse_csv(write(tmp_path / "odoo.csv", "\n".join([header, *body]) + "\n"))
    got = rows(a, "invoice", "client_name", "amount", "balance", "days_overdue")
    assert got[:2] == [
        ("INV/2024/0001", "Acme", 1200.0, 700.0, 46),
        ("INV/2024/0002", "Acme", 300.0, 300.0, 0),
    ]
    if ledger_lines:  # a payment with a residual: an open credit, lowering Beta's balance
        assert len(got) == 2
        assert a.allocation is not None
        assert a.allocation.unapplied[["client_id", "amount"]].values.tolist() == [
            [a.ledger.clients.set_index("name").at["Beta", "client_id"], 50.0]
        ]
        totals = dict(zip(a.aged["client_name"], a.aged["total"], strict=True))
        assert totals == {"Acme": 1000.0, "Beta": -50.0}


def test_unknown_layout_lists_columns_and_missing_fields(tmp_path: Path) -> None:
    path = write(tmp_path / "u.csv", "Ref;Quand;Qui;Combien\nA;01/01/2024;X;10\n")
    with pytest.raises(MissingColumns) as err:
        analyse_csv(path)
    msg = str(err.value)
    assert "Columns found: Ref, Quand, Qui, Combien" in msg
    assert (
        "Still missing: Date facture (Invoice date), N° facture (Invoice), Montant (Amount)" in msg
    )
    assert "--map" in msg
    layout = Layout(columns=parse_map(["Ref=invoice", "Quand=date", "Qui=name", "Combien=amount"]))
    a = analyse_csv(path, layout=layout)
    assert rows(a, "invoice", "client_name", "amount") == [("A", "X", 10.0)]


def test_disputed_flag(tmp_path: Path) -> None:
    text = (
        "Invoice,Customer ID,Invoice Date,Due Date,Amount,Disputed\nA,1,1/2/2024,2/1/2024,5,Yes\n"
    )
    a = analyse_csv(write(tmp_path / "d.csv", text))
    assert rows(a, "status", "reminder_level") == [("disputed", -1)]


def test_rows_with_only_unknown_columns_are_reported(tmp_path: Path) -> None:
    text = "Invoice,Client,Date,Amount,Memo\nA,X,01/02/2024,5,\n,,,,stray note\n"
    a = analyse_csv(write(tmp_path / "n.csv", text))
    t = a.ledger.tally
    assert (t.rows, t.transactions, t.anomalies) == (2, 1, 1) and t.adds_up()
    assert [(i.row, i.value) for i in a.ledger.issues] == [(3, "stray note")]


def test_clients_file_gives_terms(tmp_path: Path) -> None:
    clients = write(
        tmp_path / "clients.csv", "Code client;Nom;Délai de paiement (jours)\n7;Acme;45\n"
    )
    text = (
        "Facture;Code client;Client;Date;Montant\n"
        "F1;7;Acme;01/02/2024;10\nF2;8;Beta;01/02/2024;10\n"
    )
    a = analyse_csv(write(tmp_path / "f.csv", text), clients_file=clients, terms=15)
    assert rows(a, "invoice", "due") == [("F1", D(2024, 3, 17)), ("F2", D(2024, 2, 16))]


def test_report_with_titles_sections_and_totals(tmp_path: Path) -> None:
    """A QuickBooks-style aging detail: title rows, section rows, "Total for" rows."""
    text = (
        "Exemple SARL\nA/R Aging Detail\nAs of March 31, 2024\n\n"
        ",Date,Transaction Type,Num,Customer,Due Date,Amount,Open Balance\n"
        "Current,,,,,,,\n"
        ",03/15/2024,Invoice,1001,Acme,04/14/2024,500.00,500.00\n"
        "Total for Current,,,,,,500.00,500.00\n"
        "1 - 30 days past due,,,,,,,\n"
        ',02/20/2024,Invoice,1002,Beta,03/21/2024,"1,200.00",700.00\n'
        'Total for 1 - 30 days past due,,,,,,"1,200.00",700.00\n'
        'TOTAL,,,,,,"1,700.00","1,200.00"\n'
    )
    a = analyse_csv(write(tmp_path / "qb.csv", text))
    assert rows(a, "invoice", "client_name", "due", "balance", "days_overdue") == [
        ("1001", "Acme", D(2024, 4, 14), 500.0, 0),
        ("1002", "Beta", D(2024, 3, 21), 700.0, 10),
    ]
    t = a.ledger.tally
    # section rows hold text in no recognised column: kept visible in Anomalies
    assert (t.rows, t.transactions, t.skipped, t.anomalies) == (7, 2, 3, 2) and t.adds_up()
    assert [(i.row, i.value) for i in a.ledger.issues] == [
        (6, "Current"),
        (9, "1 - 30 days past due"),
    ]


SAGE_LEDGER = (
    "Compte tiers;Intitulé;Date;N° pièce;Libellé;Débit;Crédit;Solde\n"
    "411DUP;DUPONT SA;15/03/2026;FA100;Facture FA100;1 500,00;;1 500,00\n"
    "411DUP;DUPONT SA;20/04/2026;RG100;Règlement FA100;;1 000,00;500,00\n"
    "411DUP;DUPONT SA;05/05/2026;FA101;Facture FA101;2 000,00;;2 500,00\n"
    "411LEB;LEBRUN;10/05/2026;FA102;Facture FA102;750,00;;750,00\n"
    "411LEB;LEBRUN;30/05/2026;AV10;Avoir sur FA102;;750,00;0,00\n"
    "Total;;;;;4 250,00;1 750,00;2 500,00\n"
)


def test_a_running_balance_is_not_what_is_left_to_pay(tmp_path: Path) -> None:
    """A ledger export's Solde is the account's balance so far: read as each invoice's
    balance it left FA101 paid -500 and FA100 unpaid. It is set aside with a note, and the
    payments and credit notes are applied instead: the file's own total, 2 500."""
    a = analyse_csv(write(tmp_path / "sage.csv", SAGE_LEDGER, "cp1252"), D(2026, 6, 30))
    assert rows(a, "invoice", "paid", "balance") == [
        ("FA100", 1000.0, 500.0),
        ("FA101", 0.0, 2000.0),
        ("FA102", 750.0, 0.0),
    ]
    notes = [i for i in a.issues if i.column == "Solde"]
    assert len(notes) == 1 and notes[0].row == 1
    assert "solde progressif du compte" in notes[0].message_fr
    # a whole-file running balance too (one account per file)
    one = SAGE_LEDGER.replace("411LEB;LEBRUN", "411DUP;DUPONT SA").replace(
        ";750,00\n", ";3 250,00\n"
    )
    one = one.replace(";750,00;0,00\n", ";750,00;2 500,00\n")
    b = analyse_csv(write(tmp_path / "one.csv", one, "cp1252"), D(2026, 6, 30))
    assert round(float(b.items["balance"].sum()), 2) == 2500.0
    assert any(i.column == "Solde" for i in b.issues)


def test_a_balance_the_invoice_cannot_have_is_flagged(tmp_path: Path) -> None:
    """Left to pay more than the amount (nothing counted as paid) or of the other sign
    (counted as settled): each in Anomalies on its cell; a true balance is kept."""
    text = (
        "Date;N° facture;Client;Montant TTC;Reste à payer\n"
        "01/03/2024;R-1;Phi;100,00;250,00\n"
        "02/03/2024;R-2;Phi;100,00;-30,00\n"
        "03/03/2024;R-3;Phi;100,00;40,00\n"
    )
    a = analyse_csv(write(tmp_path / "r.csv", text))
    assert rows(a, "invoice", "paid", "balance") == [
        ("R-1", 0.0, 100.0),
        ("R-2", 100.0, 0.0),
        ("R-3", 60.0, 40.0),
    ]
    flagged = sorted((i.row, i.value) for i in a.issues if i.column == "Reste à payer")
    assert flagged == [(2, "250,00"), (3, "-30,00")]


def test_an_amount_below_the_cent_is_flagged_as_read(tmp_path: Path) -> None:
    """'1,234' in a file of decimal commas is 1,234 €: kept as read, but the owner is asked
    which separator was meant. Whole cents are not flagged."""
    text = (
        "N° facture;Date;Client;Montant TTC\n"
        "F-1;02/01/2024;Alpha;1 500,00\n"
        "F-2;03/01/2024;Alpha;1,234\n"
        "F-3;04/01/2024;Alpha;12,5\n"
    )
    a = analyse_csv(write(tmp_path / "c.csv", text))
    assert rows(a, "invoice", "amount") == [("F-1", 1500.0), ("F-2", 1.23), ("F-3", 12.5)]
    assert float(a.items["amount"].iat[1]) == 1.234
    flagged = [(i.row, i.value) for i in a.issues if "deux décimales" in i.message_fr]
    assert flagged == [(3, "1,234")]


def test_invoice_terms_give_the_due_date_and_a_currency_in_the_header(tmp_path: Path) -> None:
    """An English export with its own terms per invoice and "Amount (USD)": the terms give
    each due date (none is written), a wording arxl cannot count is flagged, and a due date
    written wins over the terms."""
    text = (
        "Invoice No.,Customer,Invoice Date,Terms,Due Date,Amount (USD)\n"
        'A-100,Kilo Co,04/01/2026,Net 60,,"1,000.00"\n'
        'A-101,Kilo Co,05/15/2026,Net 15,,"2,000.00"\n'
        "A-103,Lima Co,03/31/2026,Due on receipt,,750.00\n"
        "A-104,Lima Co,03/31/2026,45 days end of month,,10.00\n"
        "A-105,Lima Co,03/31/2026,Net 30,04/10/2026,20.00\n"
        "A-106,Lima Co,03/31/2026,Fin de mois le 10,,30.00\n"
    )
    a = analyse_csv(write(tmp_path / "t.csv", text), D(2026, 6, 30))
    assert rows(a, "invoice", "amount", "due") == [
        ("A-100", 1000.0, D(2026, 5, 31)),
        ("A-101", 2000.0, D(2026, 5, 30)),
        ("A-103", 750.0, D(2026, 3, 31)),
        ("A-104", 10.0, D(2026, 5, 31)),  # 31/03 + 45 days = 15/05, then its month's end
        ("A-105", 20.0, D(2026, 4, 10)),
        ("A-106", 30.0, D(2026, 4, 30)),  # the default 30 days
    ]
    flagged = [(i.row, i.column, i.value) for i in a.issues if i.column == "Terms"]
    assert flagged == [(7, "Terms", "Fin de mois le 10")]


@pytest.mark.parametrize(
    ("text", "days", "eom"),
    [
        ("Net 60", 60, 0),
        ("net30", 30, 0),
        ("30 jours", 30, 0),
        ("45 j", 45, 0),
        ("60 days net", 60, 0),
        ("60 jours nets", 60, 0),
        ("30,0", 30, 0),
        ("Due on receipt", 0, 0),
        ("À réception", 0, 0),
        ("Comptant", 0, 0),
        ("30 jours fin de mois", 30, 1),
        ("45 j FDM", 45, 1),
        ("45 days end of month", 45, 1),
        ("Fin de mois + 45 jours", 45, 2),
        ("fin de mois 45 j", 45, 2),
        ("fin de mois le 10", None, 0),  # which day of which month: not counted
        ("", None, 0),
    ],
)
def test_terms_in_words(text: str, days: int | None, eom: int) -> None:
    from arxl.terms import terms_days

    got, eoms, unread = terms_days([text])
    assert (None if got[0] != got[0] else got[0]) == days
    assert eoms[0] == eom
    assert bool(unread[0]) == (days is None and bool(text))


def test_invoice_terms_out_of_bounds_are_flagged_as_the_clients_are(tmp_path: Path) -> None:
    """An invoice's terms are held to the same bounds as a client's (0 to 3 650 days)."""
    text = (
        "Invoice No.;Customer;Invoice Date;Terms;Amount\n"
        "A-1;Kilo;01/04/2026;5000;10\n"
        "A-2;Kilo;01/04/2026;Net 3650;10\n"
    )
    a = analyse_csv(write(tmp_path / "b.csv", text), D(2026, 6, 30))
    assert rows(a, "invoice", "due") == [("A-1", D(2026, 5, 1)), ("A-2", D(2036, 3, 29))]
    flagged = [(i.row, i.value) for i in a.issues if i.column == "Terms"]
    assert flagged == [(2, "5000")]
    assert "hors bornes" in next(i for i in a.issues if i.column == "Terms").message_fr


def test_a_document_state_column_beside_the_payment_status_leaves_drafts_out(
    tmp_path: Path,
) -> None:
    """Odoo's invoice list: "État du paiement" is read as the status, "Statut" (Comptabilisé,
    Brouillon, Annulé) says which documents are drafts or cancelled: those are no receivables,
    whichever column says so."""
    text = (
        "Numéro,Partenaire,Date de facturation,Date d'échéance,Total signé,Montant dû,"
        "État du paiement,Statut\n"
        "FAC/1,Azur,2024-01-02,2024-02-01,1440.00,1440.00,Non payé,Comptabilisé\n"
        "FAC/2,Brume,2024-02-10,2024-03-10,900.00,900.00,Non payé,Brouillon\n"
        "FAC/3,Cime,2024-01-15,2024-02-15,80.00,80.00,Non payé,Annulé\n"
        "FAC/4,Cime,2024-01-20,2024-02-20,500.00,0.00,Extourné,Comptabilisé\n"
    )
    a = analyse_csv(write(tmp_path / "odoo.csv", text))
    assert rows(a, "invoice", "balance") == [("FAC/1", 1440.0)]
    left = [(i.row, i.column, i.value) for i in a.issues if "pas une facture" in i.message_fr]
    assert left == [
        (3, "Statut", "Brouillon"),
        (4, "Statut", "Annulé"),
        (5, "État du paiement", "Extourné"),
    ]


def test_a_credit_notes_residual_written_without_its_sign_is_what_is_left_of_it(
    tmp_path: Path,
) -> None:
    """Odoo writes what is left of every document as a positive "Montant dû": a credit note
    of -600 with 600 due is a credit of 600 still to use, set against the client's invoices
    (not a credit "counted as settled")."""
    text = (
        "Numéro,Partenaire,Date de facturation,Date d'échéance,Total signé,Montant dû\n"
        "FAC/1,Azur,2024-01-02,2024-02-01,1000.00,1000.00\n"
        "AVOIR/1,Azur,2024-02-15,2024-02-15,-600.00,600.00\n"
        "AVOIR/2,Azur,2024-02-20,2024-02-20,-50.00,0.00\n"
    )
    a = analyse_csv(write(tmp_path / "odoo.csv", text))
    assert rows(a, "invoice", "balance") == [("FAC/1", 400.0)]
    assert not [i for i in a.issues if "signe opposé" in i.message_fr]
