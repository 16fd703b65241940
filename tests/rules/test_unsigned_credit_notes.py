"""Net positions (DOMAIN.md, Aging, "Net positions"), from a user trial's book: a credit note
typed with a positive amount, its status saying what it is ("Avoir", "avoir", "Credit Note",
"Note de crédit"...). It is read as the negative amount, settles first the invoice it names,
then the oldest due first, and Anomalies says so (sheet, row, column, French and English).
Every figure is checked against values worked out by hand: per-invoice balances, the aged
balance (invoices, credits, net per client) and who is chased.
"""

from __future__ import annotations

from pathlib import Path

from conftest import make_workbook
from helpers.trial_book import AS_OF, CLIENTS, D, aged, by_invoice, chased, issues_saying

import arxl


def test_a_positive_avoir_is_a_credit_note_settling_the_invoice_it_names(tmp_path: Path) -> None:
    """The trial's book: F-101 (500, 37 days late) and "Avoir AV-101 sur facture F-101", +500,
    status "Avoir". F-101 is settled by the credit note; nobody is chased, today or later, and
    the credit note is never an invoice to pay."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 10, 8), 1, "Facture F-101", 500, "En attente", None, D(2026, 11, 7)],
            [D(2026, 11, 17), 1, "Avoir AV-101 sur facture F-101", 500, "Avoir"],
            [D(2026, 10, 1), 3, "Facture F-301", 250, "En attente"],
        ],
    )
    for day in (AS_OF, D(2026, 12, 20), D(2027, 2, 1)):
        a = arxl.analyse(book, as_of=day)
        assert by_invoice(a) == {
            "Facture F-101": (500, 0, "paid"),
            "Facture F-301": (0, 250, "overdue"),
        }, day
        assert aged(a) == {"3": (250, 0, 250)}, day
        assert chased(a) == {"3": 250}, day
    lines = a.allocation.lines
    assert list(zip(lines["invoice"], lines["amount"], lines["how"], strict=True)) == [
        ("Facture F-101", 500, "reference")
    ]
    assert a.allocation.payments["kind"].tolist() == ["credit"]
    (issue,) = issues_saying(a, "lu comme un avoir")
    assert (issue.sheet, issue.row, issue.column, issue.value) == (
        "Transactions",
        3,
        "Montant",
        500,
    )
    assert "« Avoir »" in issue.message_fr and "-500,00" in issue.message_fr
    assert '"Avoir": read as a credit note' in issue.message_en
    assert "-500.00" in issue.message_en
    # its status word is understood: no "unknown status" line for it
    assert not issues_saying(a, "Statut non reconnu")
    drafted = arxl.remind(book, out_dir=tmp_path / "out", as_of=D(2026, 12, 20))
    assert set(drafted.drafts) == {"3"}


def test_lower_case_and_english_credit_notes_name_the_invoice_they_cancel(
    tmp_path: Path,
) -> None:
    """ "avoir" and "Credit Note" typed positive, each naming the newer of two invoices: the
    named one is settled, the older one stays owed and chased."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 8, 1), 1, "F-10", 700, "En attente"],
            [D(2026, 9, 1), 1, "F-11", 300, "En attente"],
            [D(2026, 9, 20), 1, "avoir sur F-11", 300, "avoir"],
            [D(2026, 8, 1), 2, "INV-20", 900, "Unpaid"],
            [D(2026, 9, 1), 2, "INV-21", 200, "Unpaid"],
            [D(2026, 9, 20), 2, "CN-5 for invoice INV-21", 200, "Credit Note"],
        ],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    got = by_invoice(a)
    assert got["F-11"] == (300, 0, "paid") and got["F-10"] == (0, 700, "overdue")
    assert got["INV-21"] == (200, 0, "paid") and got["INV-20"] == (0, 900, "overdue")
    assert aged(a) == {"1": (700, 0, 700), "2": (900, 0, 900)}
    assert chased(a) == {"1": 700, "2": 900}
    said = issues_saying(a, "lu comme un avoir")
    assert [(i.row, i.column, i.value) for i in said] == [(4, "Montant", 300), (7, "Montant", 200)]
    assert "« avoir »" in said[0].message_fr and '"Credit Note"' in said[1].message_en


def test_a_positive_credit_note_naming_nothing_goes_to_the_oldest_due(tmp_path: Path) -> None:
    """ "Note de crédit" of 1 000 naming no invoice: F-1 (600, oldest due) and F-2 (300) are
    settled, 100 is left to the client: net -100, not chased."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 9, 1), 1, "F-2", 300, "En attente", "", D(2026, 10, 30)],
            [D(2026, 9, 5), 1, "F-1", 600, "En attente", "", D(2026, 10, 5)],
            [D(2026, 11, 2), 1, "Geste commercial", 1000, "Note de crédit"],
        ],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    assert by_invoice(a) == {"F-2": (300, 0, "paid"), "F-1": (600, 0, "paid")}
    assert aged(a) == {"1": (0, -100, -100)}
    assert not chased(a)


def test_a_status_that_only_mentions_a_credit_note_keeps_the_invoice(tmp_path: Path) -> None:
    """ "Payé par avoir" says how an invoice was settled, not that it is a credit note; a Type
    column saying Facture decides over the status; the owner's own meaning of "Avoir"
    (Correspondance des statuts) is theirs."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 9, 1), 1, "F-1", 400, "Payé par avoir", "Facture"],
            [D(2026, 9, 2), 1, "F-2", 250, "Avoir", "Facture"],
            [D(2026, 9, 3), 3, "F-3", 100, "En attente", ""],
        ],
        tx_header=["Date", "ID Client", "N° facture", "Montant", "Statut", "Type"],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    assert set(by_invoice(a)) == {"F-1", "F-2", "F-3"}
    assert a.allocation is None or a.allocation.payments.empty
    assert not issues_saying(a, "lu comme un avoir")


def test_the_owners_own_meaning_of_a_credit_note_word_is_kept(tmp_path: Path) -> None:
    """An owner who wrote "Avoir=En attente" in Correspondance des statuts (their "Avoir" is a
    client's deposit account, say) keeps a positive "Avoir" row an invoice."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 9, 1), 1, "F-1", 400, "En attente"],
            [D(2026, 9, 2), 1, "F-2", 250, "Avoir"],
        ],
        extra_sheets={
            "Paramètres": [
                ["Paramètre", "Valeur"],
                ["Correspondance des statuts", "Avoir=En attente"],
            ]
        },
    )
    a = arxl.analyse(book, as_of=AS_OF)
    assert by_invoice(a) == {"F-1": (0, 400, "overdue"), "F-2": (0, 250, "overdue")}
    assert aged(a) == {"1": (650, 0, 650)}
    assert not issues_saying(a, "lu comme un avoir")
