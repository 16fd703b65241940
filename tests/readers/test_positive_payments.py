"""Payments and credit notes typed with a positive amount in the invoice sheet (DOMAIN.md:
"Payments are not sales", net positions). A user trial's book had "Règlement facture #104"
+1 000 and "Avoir n°7 sur facture #105" +800: both were chased as unpaid invoices, silently.

A positive row whose label starts with a payment or credit-note word and names another
invoice of the book is that payment or credit note without its sign: applied to the invoice
it names, never a sale, and Anomalies says so. A label that merely mentions such a word
("Facture d'acompte", "Prestation réglée par chèque") is an invoice; one that starts with it
but names no invoice of the book ("Paiement facture #999") stays an invoice, and Anomalies
asks the owner. Every figure below is worked out by hand."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import numpy as np
import pytest
from conftest import make_workbook
from helpers.trial_book import D, aged, by_invoice, chased, issues_saying

import arxl
from arxl.api.convert import ConvertOptions, convert
from arxl.readers.entries import said_without_sign
from arxl.rules import kpis

AS_OF = D(2026, 11, 30)
CLIENTS = [
    [1, "Ferrand SARL", "4 rue D", "", "ferrand@example.fr"],
    [2, "Girard SA", "5 rue E", "", "girard@example.fr"],
    [3, "Lambert SAS", "6 rue F", "", "lambert@example.fr"],
    [4, "Témoin SARL", "7 rue G", "", "temoin@example.fr"],
]
# Date, ID Client, Description, Montant, Statut, Remarques, Échéance, Date de paiement,
# Montant payé; terms 30 days (the default)
ROWS = [
    [D(2026, 8, 1), 1, "Facture #104", 1000, "En retard"],  # row 2
    [D(2026, 9, 15), 1, "Règlement facture #104", 1000, "", "virement reçu"],  # 3
    [D(2026, 9, 1), 1, "F-2026-014", 1500, "En attente", "", None, None, 500],  # 4: 500 paid
    [D(2026, 10, 10), 1, "- Virement reçu facture 2026-014", 600, ""],  # 5
    [D(2026, 10, 20), 1, "Facture #120", 700, "En attente"],  # 6
    [D(2026, 8, 1), 2, "Facture #105", 800, "En attente"],  # 7
    [D(2026, 9, 20), 2, "Avoir n°7 sur facture #105", 800, ""],  # 8
    [D(2026, 9, 1), 2, "F-106", 1200, "En attente"],  # 9
    [D(2026, 10, 5), 2, "Paiement F-106", 300, ""],  # 10
    [D(2026, 10, 6), 2, "Avoir sur F106 (remise)", 200, ""],  # 11
    [D(2026, 10, 1), 3, "Facture d'acompte commande 55", 500, "En attente"],  # 12
    [D(2026, 10, 2), 3, "Facture remplaçant l'avoir n°3", 250, "En attente"],  # 13
    [D(2026, 10, 3), 3, "Prestation réglée par chèque", 300, "En attente"],  # 14
    [D(2026, 10, 4), 3, "Paiement facture #999", 350, "En attente"],  # 15
    [D(2026, 10, 1), 4, "Facture #130", 500, "En attente"],  # 16
    [D(2026, 10, 15), 4, "Règlement facture #130", -200, ""],  # 17: typed as it should be
]


def book(tmp_path: Path) -> Path:
    return make_workbook(tmp_path / "livre.xlsx", clients=CLIENTS, transactions=ROWS)


def test_positive_payments_and_credit_notes_settle_the_invoices_they_name(tmp_path: Path) -> None:
    a = arxl.analyse(book(tmp_path), as_of=AS_OF)
    assert by_invoice(a) == {
        "Facture #104": (1000, 0, "paid"),
        "F-2026-014": (1100, 400, "overdue"),  # 500 on its row + 600 by transfer
        "Facture #120": (0, 700, "overdue"),
        "Facture #105": (800, 0, "paid"),
        "F-106": (500, 700, "overdue"),  # 300 paid + 200 credit note
        "Facture d'acompte commande 55": (0, 500, "overdue"),
        "Facture remplaçant l'avoir n°3": (0, 250, "overdue"),
        "Prestation réglée par chèque": (0, 300, "overdue"),
        "Paiement facture #999": (0, 350, "overdue"),
        "Facture #130": (200, 300, "overdue"),
    }
    lines = a.allocation.lines
    assert sorted(zip(lines["invoice"], lines["amount"], lines["how"], strict=True)) == [
        ("F-106", 200, "reference"),
        ("F-106", 300, "reference"),
        ("F-2026-014", 600, "reference"),
        ("Facture #104", 1000, "reference"),
        ("Facture #105", 800, "reference"),
        ("Facture #130", 200, "reference"),
    ]
    kinds = dict(zip(a.allocation.payments["row"], a.allocation.payments["kind"], strict=True))
    assert kinds == {3: "payment", 5: "payment", 8: "credit", 10: "payment", 11: "credit"} | {
        17: "payment"
    }
    assert aged(a) == {
        "1": (1100, 0, 1100),
        "2": (700, 0, 700),
        "3": (1400, 0, 1400),
        "4": (300, 0, 300),
    }
    assert chased(a) == {"1": 1100, "2": 700, "3": 1400, "4": 300}
    # Payments are not sales: invoices 7 100 less the credit notes 800 + 200
    assert kpis.invoiced(a.items, None, AS_OF, a.allocation) == pytest.approx(6100)
    assert a.months["invoiced"].sum() == pytest.approx(6100)


def test_anomalies_say_which_rows_were_read_as_credits(tmp_path: Path) -> None:
    a = arxl.analyse(book(tmp_path), as_of=AS_OF)
    read = issues_saying(a, "saisi en positif")
    assert [(i.sheet, i.row, i.column, i.value) for i in read] == [
        ("Transactions", 3, "Montant", 1000),
        ("Transactions", 5, "Montant", 600),
        ("Transactions", 8, "Montant", 800),
        ("Transactions", 10, "Montant", 300),
        ("Transactions", 11, "Montant", 200),
    ]
    assert read[0].message_fr.startswith(
        "Règlement saisi en positif (« Règlement facture #104 ») : lu comme un paiement de "
        "1\u00a0000,00"
    )
    assert read[0].message_en.startswith(
        'Payment typed as a positive amount ("Règlement facture #104"): read as a payment '
        "of 1,000.00"
    )
    assert read[2].message_fr.startswith("Avoir saisi en positif (« Avoir n°7 sur facture #105")
    assert "lu comme un avoir de 800,00" in read[2].message_fr
    assert "read as a credit note of 800.00" in read[2].message_en
    (unnamed,) = issues_saying(a, "ne nomme aucune facture")
    assert (unnamed.row, unnamed.column, unnamed.value) == (15, "Montant", 350)
    assert "« Paiement facture #999 »" in unnamed.message_fr
    assert "kept as an invoice" in unnamed.message_en
    # the invoices that merely mention a word are not questioned
    assert {i.row for i in a.ledger.issues} == {3, 5, 8, 10, 11, 15}


def test_the_reminders_ask_only_what_is_owed(tmp_path: Path) -> None:
    drafted = arxl.remind(book(tmp_path), out_dir=tmp_path / "out", as_of=AS_OF)
    assert set(drafted.drafts) == {"1", "2", "3", "4"}
    msg = message_from_bytes(drafted.drafts["1"].read_bytes(), policy=policy.default)
    text = " ".join(msg.get_body(("plain",)).get_content().split())  # any space as one
    assert "Total à régler : 1 100,00 €" in text
    assert "F-2026-014 du 01/09/2026, échéance au 01/10/2026 : 400,00 €" in text
    assert "Facture #120 du 20/10/2026, échéance au 19/11/2026 : 700,00 €" in text
    assert "Règlement facture" not in text and "Virement" not in text
    assert "Facture #104" not in text
    girard = message_from_bytes(drafted.drafts["2"].read_bytes(), policy=policy.default)
    body = " ".join(girard.get_body(("plain",)).get_content().split())
    assert "Total à régler : 700,00 €" in body and "F-106 du 01/09/2026" in body
    assert "Avoir" not in body and "Facture #105" not in body


CSV = """Date;Client;Description;Montant;Statut
01/08/2026;Ferrand SARL;Facture #104;1000,00;En retard
15/09/2026;Ferrand SARL;Règlement facture #104;1000,00;
01/09/2026;Ferrand SARL;F-2026-014;1500,00;En attente
10/10/2026;Ferrand SARL;Virement reçu facture 2026-014;600,00;
01/08/2026;Girard SA;Facture #105;800,00;En attente
20/09/2026;Girard SA;Avoir n°7 sur facture #105;800,00;
05/10/2026;Lambert SAS;Paiement facture #999;350,00;En attente
"""


def test_a_converted_export_reads_back_the_same(tmp_path: Path) -> None:
    """arxl convert reads a CSV export with the same readers: the positive payment and credit
    note are credits there, and the converted book, refreshed, says the same."""
    src = tmp_path / "export.csv"
    src.write_text(CSV, encoding="utf-8")
    (result,) = convert([src], tmp_path / "out", ConvertOptions(as_of=AS_OF), jobs=1)
    assert result.ok
    expected = {
        "Facture #104": (1000, 0, "paid"),
        "F-2026-014": (600, 900, "overdue"),
        "Facture #105": (800, 0, "paid"),
        "Paiement facture #999": (0, 350, "overdue"),
    }
    a = arxl.analyse(result.out, as_of=AS_OF)
    assert by_invoice(a) == expected
    assert sorted(round(v, 2) for v in chased(a).values()) == [350, 900]
    # Payments are not sales: invoices 3 650 less the credit note 800
    assert kpis.invoiced(a.items, None, AS_OF, a.allocation) == pytest.approx(2850)


BOOK_NUMBERS = ["Facture #104", "F-105", "2026-014", "INV-21", "F106"]


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Règlement fact. 104", "payment"),
        ("Règl. facture 104", "payment"),
        ("Paiement F-105", "payment"),
        ("Virement reçu facture 2026-014", "payment"),
        ("« Chèque n°5512 facture #104 »", "payment"),
        ("Payment received INV-21", "payment"),
        ("Avoir n°7 sur facture #104", "credit"),
        ("Avoir sur F106", "credit"),
        ("Credit note CN-5 for invoice INV-21", "credit"),
        # invoices: the word is not first, or no invoice of the book is named
        ("Facture d'acompte sur 2026-014", "invoice"),
        ("Facture remplaçant l'avoir n°3", "invoice"),
        ("Prestation réglée par chèque, facture 104", "invoice"),
        ("Acompte sur facture #104", "invoice"),  # advances: see LEADING_PAYMENT_WORDS
        ("Règlement intérieur : formation", "invoice"),
        ("Paiement facture #999", "invoice"),
        ("Avoir n°104", "invoice"),  # its own number, no invoice named
    ],
)
def test_which_positive_labels_are_payments_or_credit_notes(label: str, kind: str) -> None:
    numbers = [*BOOK_NUMBERS, label]
    kinds = np.array(["invoice"] * len(numbers), dtype=object)
    candidates = np.array([False] * len(BOOK_NUMBERS) + [True])
    said, naming_none = said_without_sign(numbers, [""] * len(numbers), kinds, candidates)
    assert kinds[-1] == kind
    assert said[-1] == (kind != "invoice") and not said[:-1].any()
    starts = label.lstrip("« ").split()[0] in ("Règlement", "Paiement", "Avoir")
    assert naming_none[-1] == (kind == "invoice" and starts)  # flagged, kept an invoice


def test_a_description_column_beside_the_document_number() -> None:
    """The row's own number in its column ("REG-12"), the label in Description: the label
    decides, and the row's own number is never the invoice it names."""
    numbers = ["F-104", "REG-12", "REG-13"]
    descriptions = ["Travaux", "Règlement facture F-104", "Règlement REG-13"]
    kinds = np.array(["invoice"] * 3, dtype=object)
    said, naming_none = said_without_sign(
        numbers, descriptions, kinds, np.array([False, True, True])
    )
    assert kinds.tolist() == ["invoice", "payment", "invoice"]
    assert said.tolist() == [False, True, False] and naming_none.tolist() == [False, False, True]


@pytest.mark.parametrize(
    "label", ["VIR SEPA ref F-105", "CHQ 1234 F-105", "PRLV SEPA F-105", "RGLT F-105", "Rgt F-105"]
)
def test_a_negative_row_labelled_as_a_bank_writes_a_payment_is_a_payment(
    tmp_path: Path, label: str
) -> None:
    """A transfer typed with its minus and its bank's abbreviation is a payment: never a
    credit note, which the sales would count against the invoices."""
    header = ["Date", "ID Client", "Description", "Montant", "Statut", "Remarques", "Échéance"]
    tx = [
        [D(2026, 3, 1), 1, "F-104", 1000, "En attente", "", D(2026, 3, 31)],
        [D(2026, 3, 2), 1, "F-105", 600, "En attente", "", D(2026, 4, 1)],
        [D(2026, 4, 10), 1, label, -600, "", "", None],
    ]
    book = make_workbook(tmp_path / "b.xlsx", transactions=tx, tx_header=header)
    a = arxl.analyse(book, as_of=AS_OF)
    assert a.allocation.payments["kind"].tolist() == ["payment"]
    balance = dict(zip(a.items["invoice"], a.items["balance"], strict=True))
    assert balance == {"F-104": 1000, "F-105": 0}  # the invoice it names
    assert kpis.invoiced(a.items, None, AS_OF, a.allocation) == pytest.approx(1600)
