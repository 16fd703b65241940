"""Net positions (DOMAIN.md, Aging, "Net positions"), from a user trial's book: an invoice
whose own row says it was paid beyond its amount. The invoice is paid (balance 0, not
negative); the excess is an unapplied payment of the client, set against its other open
invoices (first the invoice it names, then the oldest due first), else the client is in
credit. Anomalies says so (sheet, row, column, French and English). Every figure is checked
against values worked out by hand: per-invoice balances, the aged balance (invoices, credits,
net per client) and who is chased.
"""

from __future__ import annotations

from pathlib import Path

from conftest import make_workbook
from helpers.trial_book import AS_OF, CLIENTS, D, aged, by_invoice, chased, issues_saying

import arxl


def test_the_excess_of_an_overpaid_invoice_is_a_credit_of_the_client(tmp_path: Path) -> None:
    """The trial's book: F-201 of 1 000 paid 1 500 (by mistake), F-202 of 400 open and 20 days
    late. Net 400 - 500 = -100: nobody is chased, F-201 is paid (not -500), and the aged
    balance shows the client's 100 of credit."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 10, 8), 2, "Facture F-201", 1000, "Payé", "payé 1 500 par erreur", None,
             D(2026, 10, 28), 1500],
            [D(2026, 10, 28), 2, "Facture F-202", 400, "En attente", None, D(2026, 11, 27)],
            [D(2026, 10, 1), 3, "Facture F-301", 250, "En attente"],  # owes 250: chased
        ],
    )  # fmt: skip
    a = arxl.analyse(book, as_of=AS_OF)
    assert by_invoice(a) == {
        "Facture F-201": (1000, 0, "paid"),
        "Facture F-202": (400, 0, "paid"),
        "Facture F-301": (0, 250, "overdue"),
    }
    assert aged(a) == {"2": (0, -100, -100), "3": (250, 0, 250)}
    assert chased(a) == {"3": 250}
    assert a.plan["client_id"].tolist() == ["3"]
    # the excess is a payment of the client, applied to F-202 (oldest due), 100 left over
    pay = a.allocation.payments
    assert pay[["row", "client_key", "kind", "amount", "applied", "unapplied"]].values.tolist() == [
        [2, "2", "payment", 500.0, 400.0, 100.0]
    ]
    (issue,) = issues_saying(a, "trop-perçu")
    assert (issue.sheet, issue.row, issue.column, issue.value) == (
        "Transactions",
        2,
        "Montant payé",
        1500,
    )
    assert "Facture F-201 payée au-delà de son montant : trop-perçu de 500,00" in issue.message_fr
    assert "crédit du client" in issue.message_fr
    assert "Facture F-201 overpaid by 500.00" in issue.message_en
    assert "credit of the client" in issue.message_en
    # no cent lost: the cash application check holds for every client
    assert not [i for i in a.issues if "Contrôle de lettrage" in i.message_fr]
    # and arxl remind drafts nothing for client 2
    drafted = arxl.remind(book, out_dir=tmp_path / "out", as_of=AS_OF)
    assert set(drafted.drafts) == {"3"}


def test_an_overpayment_goes_to_the_oldest_due_of_partly_paid_invoices(tmp_path: Path) -> None:
    """F-1 (1 000) paid 1 300; F-2 (500, due first) partly paid 100; F-3 (600) due later. The
    300 over goes to F-2's 400 left first: F-2 keeps 100, F-3 its 600, the client owes 700."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 9, 1), 2, "F-1", 1000, "Payé", "", D(2026, 10, 1), D(2026, 10, 20), 1300],
            [D(2026, 8, 1), 2, "F-2", 500, "Partiel", "", D(2026, 9, 1), D(2026, 9, 15), 100],
            [D(2026, 9, 15), 2, "F-3", 600, "En attente", "", D(2026, 10, 15)],
        ],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    assert by_invoice(a) == {
        "F-1": (1000, 0, "paid"),
        "F-2": (400, 100, "overdue"),
        "F-3": (0, 600, "overdue"),
    }
    assert aged(a) == {"2": (700, 0, 700)}
    assert chased(a) == {"2": 700}
    lines = a.allocation.lines
    assert list(zip(lines["invoice"], lines["amount"], lines["how"], strict=True)) == [
        ("F-2", 300, "oldest")
    ]


def test_an_overpayment_with_nothing_else_open_leaves_the_client_in_credit(
    tmp_path: Path,
) -> None:
    """A client whose only invoice was paid 250 too much: in credit by 250, never chased, the
    invoice paid; the credit follows the client's next invoice (oldest due first)."""
    rows = [
        [D(2026, 9, 1), 2, "F-7", 800, "Réglée", "", None, D(2026, 9, 20), 1050],
        [D(2026, 9, 1), 3, "F-8", 90, "En attente"],
    ]
    book = make_workbook(tmp_path / "t.xlsx", clients=CLIENTS, transactions=rows)
    a = arxl.analyse(book, as_of=AS_OF)
    assert by_invoice(a)["F-7"] == (800, 0, "paid")
    assert aged(a) == {"2": (0, -250, -250), "3": (90, 0, 90)}
    assert chased(a) == {"3": 90}
    credit = a.credit.set_index("client_id")
    assert credit.at["2", "unapplied"] == 250 and credit.at["2", "exposure"] == 0
    # a month later the client is invoiced 300: it owes 50
    later = make_workbook(
        tmp_path / "later.xlsx",
        clients=CLIENTS,
        transactions=[*rows, [D(2026, 10, 1), 2, "F-9", 300, "En attente"]],
    )
    b = arxl.analyse(later, as_of=AS_OF)
    assert by_invoice(b)["F-9"] == (250, 50, "overdue")
    assert aged(b)["2"] == (50, 0, 50)


def test_an_overpayment_received_after_the_as_of_date_is_not_counted_yet(tmp_path: Path) -> None:
    """On the day before the payment came, F-1 was open and nothing was over."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 9, 1), 2, "F-1", 1000, "Payé", "", D(2026, 10, 1), D(2026, 11, 20), 1500],
            [D(2026, 9, 10), 2, "F-2", 400, "En attente", "", D(2026, 10, 10)],
        ],
    )
    before = arxl.analyse(book, as_of=D(2026, 11, 19))
    assert aged(before) == {"2": (1400, 0, 1400)}
    after = arxl.analyse(book, as_of=D(2026, 11, 20))
    assert aged(after) == {"2": (0, -100, -100)}
    assert not chased(after)


def test_a_rounding_cent_over_is_no_overpayment(tmp_path: Path) -> None:
    """33,333 paid 33,33 or 33,334 paid 33,34 is paid, with no credit and no Anomalies line."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 9, 1), 2, "F-1", 33.334, "Payé", "", None, D(2026, 9, 5), 33.338],
            [D(2026, 9, 2), 2, "F-2", 100, "En attente"],
        ],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    assert aged(a) == {"2": (100, 0, 100)}
    assert not issues_saying(a, "trop-perçu")
