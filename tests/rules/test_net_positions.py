"""Net positions (issue 17): credits set against open invoices before anything is chased.

Each test builds a workbook in a shape seen in real books (a tracker whose credit notes name
the invoices they cancel, unreferenced credits, clients at net zero or negative, an ERP aging
extract with advances) and checks every figure against values worked out by hand here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import make_workbook, sheet_values

import arxl
from arxl.settings import Settings

D = dt.date
AS_OF = D(2026, 11, 30)
CLIENTS = [
    [1, "Dupont SARL", "1 rue A", "", "dupont@example.com"],
    [2, "Martin & Fils", "2 rue B", "", "martin@example.com"],
    [3, "Lefèvre", "3 rue C", "", "lefevre@example.com"],
    [4, "Bernard", "4 rue D", "", "bernard@example.com"],
]


def _by_invoice(a: arxl.Analysis) -> dict[str, tuple[float, float, str, int]]:
    """invoice -> (paid, balance, status, reminder level)"""
    return {
        r.invoice: (round(r.paid, 2), round(r.balance, 2), r.status, int(r.reminder_level))
        for r in a.items.itertuples()
    }


def _aged(a: arxl.Analysis) -> dict[str, tuple[float, float, float]]:
    """client id -> (open invoices, open credits, net)"""
    return {
        r.client_id: (round(r.gross, 2), round(r.credits, 2), round(r.total, 2))
        for r in a.aged.itertuples()
    }


def test_credit_notes_naming_their_invoices_settle_them(tmp_path: Path) -> None:
    """Invoices 111 and 112 (15 000), cancelled by two credit notes whose description names
    them: the client owes nothing, is not late and is not reminded."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS[:2],
        transactions=[
            [D(2026, 3, 2), 1, "Facture n°111", 10500, "En attente", ""],
            [D(2026, 3, 9), 1, "Facture n°112", 4500, "En attente", ""],
            [D(2026, 4, 1), 1, "avoir annulant la facture n°111", -10500, "", ""],
            [D(2026, 4, 2), 1, "Avoir annulant la facture n°112", -4500, "", ""],
            [D(2026, 10, 1), 2, "Facture n°113", 800, "En attente", ""],
        ],
    )
    a = arxl.analyse(book, as_of=AS_OF, settings=Settings(country="FR"))  # French law
    assert _by_invoice(a) == {
        "Facture n°111": (10500, 0, "paid", -1),
        "Facture n°112": (4500, 0, "paid", -1),
        "Facture n°113": (0, 800, "overdue", 3),  # 30 days late (due 31/10): level 3
    }
    assert a.allocation is not None
    lines = a.allocation.lines
    assert sorted(zip(lines["invoice"], lines["amount"], lines["how"], strict=True)) == [
        ("Facture n°111", 10500, "reference"),
        ("Facture n°112", 4500, "reference"),
    ]
    assert _aged(a) == {"2": (800, 0, 800)}
    assert list(a.reminders["client_id"]) == ["2"]
    # no penalty on what a credit note cancelled; 113 is late
    assert a.penalties.frame["invoice"].tolist() == ["Facture n°113"]


def test_unreferenced_credits_settle_the_oldest_due_first(tmp_path: Path) -> None:
    """A credit smaller than the oldest invoice leaves part of it; a larger one settles it and
    runs on to the next; nothing of the client's disputed invoice is taken."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS[:2],
        transactions=[
            # client 1: oldest due first (the second row is older by its due date)
            [D(2026, 6, 1), 1, "F-10", 2000, "En attente", "", D(2026, 9, 1)],
            [D(2026, 6, 15), 1, "F-11", 1000, "En attente", "", D(2026, 7, 15)],
            [D(2026, 10, 1), 1, "Avoir remise commerciale", -600, "", ""],
            # client 2: a credit larger than the oldest invoice; a disputed one is left alone
            [D(2026, 5, 1), 2, "F-20", 700, "Litige", ""],
            [D(2026, 7, 1), 2, "F-21", 1000, "En attente", ""],
            [D(2026, 8, 1), 2, "F-22", 900, "En attente", ""],
            [D(2026, 10, 5), 2, "Avoir", -1500, "", ""],
        ],
        tx_header=[
            "Date",
            "ID Client",
            "Description",
            "Montant",
            "Statut",
            "Remarques",
            "Échéance",
        ],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    got = _by_invoice(a)
    # F-11 due 15/07 (138 days): 600 of the credit; F-10 due 01/09 (90 days) untouched
    assert got["F-11"] == (600, 400, "overdue", 4)
    assert got["F-10"] == (0, 2000, "overdue", 4)
    # F-21 due 31/07: 1000; F-22 due 31/08: the other 500; F-20 disputed: untouched
    assert got["F-21"] == (1000, 0, "paid", -1)
    assert got["F-22"] == (500, 400, "overdue", 4)
    assert got["F-20"] == (0, 700, "disputed", -1)
    assert _aged(a) == {"1": (2400, 0, 2400), "2": (1100, 0, 1100)}
    due = {r.client_id: r.amount_due for r in a.reminders.itertuples()}
    assert due == {"1": 2400, "2": 400}


def test_clients_at_net_zero_or_negative_are_never_chased(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 1, 10), 1, "F-1", 500, "En attente"],  # net 0
            [D(2026, 2, 10), 1, "Règlement", -500, ""],
            [D(2026, 1, 10), 2, "F-2", 300, "En attente"],  # net -500
            [D(2026, 3, 1), 2, "AV-7", -800, "Non lettré"],
            [D(2026, 1, 10), 3, "F-3", 1200, "Envoyée"],  # owes 1 200, 10 months late
            [D(2026, 11, 25), 4, "F-4", 100, "Envoyée"],  # due in 25 days: not yet
        ],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    assert _aged(a) == {"3": (1200, 0, 1200), "4": (100, 0, 100), "2": (0, -500, -500)}
    assert list(a.reminders["client_id"]) == ["3"]
    assert a.reminders["amount_due"].tolist() == [1200]
    levels = _by_invoice(a)
    assert levels["F-1"][2:] == ("paid", -1) and levels["F-2"][2:] == ("paid", -1)
    # the sheets say the same
    result = arxl.refresh_workbook(book, as_of=AS_OF)
    relances = sheet_values(result.path, result.sheets["reminders"])
    assert [r[0] for r in relances[1:] if r and r[0] not in ("", None)] == ["3"]
    aged = sheet_values(result.path, result.sheets["aged"])
    assert aged[0][-3:] == ["Total factures", "Avoirs et crédits non lettrés", "Solde net"]
    assert aged[-1][-3:] == [1300, -500, 800]
    # and arxl remind drafts a message for client 3 only
    drafted = arxl.remind(book, out_dir=book.parent / "out", as_of=AS_OF)
    assert set(drafted.drafts) == {"3"}
    assert drafted.plan["client_id"].tolist() == ["3"]


def test_an_advance_said_by_its_status_or_remarks_is_a_payment(tmp_path: Path) -> None:
    """A negative row whose number and description say nothing but whose status or remarks
    say "acompte" / "Deposit" is a payment received ahead (an advance), not a credit note:
    it is not taken off the sales, it is no "unknown status", and an advance dated before its
    invoice is no anomaly."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS,
        transactions=[
            [D(2026, 9, 10), 1, "ACPT-01", -2000, "acompte", "acompte reçu par virement"],
            [D(2026, 10, 1), 1, "F-1004", 5000, "En attente", ""],
            [D(2026, 9, 12), 2, "DEP-2", -300, "", "Deposit received"],
            [D(2026, 10, 2), 2, "F-1005", 300, "En attente", ""],
            [D(2026, 10, 5), 3, "AV-9", -100, "avoir", ""],  # a credit note says so too
            [D(2026, 9, 5), 3, "F-1006", 1000, "En attente", ""],
        ],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    pay = a.allocation.payments.set_index("row")
    assert pay["kind"].to_dict() == {2: "payment", 4: "payment", 6: "credit"}
    assert _aged(a)["1"][2] == 3000 and "2" not in _aged(a)
    # sales: the invoices less the credit note only (the advances are cash, not sales)
    assert arxl.Kpis is not None and a.kpis.dso_accounting_90d == pytest.approx(
        a.kpis.outstanding / (5000 + 300 + 1000 - 100) * 90
    )
    texts = [f"{i.message_fr} {i.value}" for i in a.ledger.issues + a.issues]
    assert not any("non reconnu" in x or "avant la facture" in x for x in texts), texts


def test_a_book_mixing_currencies_says_so_row_by_row(tmp_path: Path) -> None:
    """arxl converts nothing: amounts in another currency than the book's main one are named
    in Anomalies (sheet, first row, the currency column, the rows), once per currency."""
    header = ["date", "client_id", "invoice_number", "amount", "status", "currency"]
    rows = [[D(2026, 10, k), 1 + k % 2, f"F-{k}", 1000 * k, "En attente", "EUR"] for k in (1, 2, 3)]
    rows += [[D(2026, 10, 4), 2, "F-4", 2_500_000, "En attente", "USD"]]
    rows += [[D(2026, 10, 5), 1, "F-5", 700, "En attente", "gbp"]]
    rows += [[D(2026, 10, 6), 1, "F-6", 300, "En attente", ""]]  # blank: the main currency
    book = make_workbook(tmp_path / "t.xlsx", clients=CLIENTS, transactions=rows, tx_header=header)
    a = arxl.analyse(book, as_of=AS_OF)
    said = [i for i in a.ledger.issues if i.column == "currency"]
    assert [(i.row, i.value) for i in said] == [(5, "USD"), (6, "gbp")]
    assert "1 ligne(s) : 5" in said[0].message_fr and "in a EUR book" in said[0].message_en
    one = make_workbook(
        tmp_path / "one.xlsx", clients=CLIENTS, transactions=rows[:3], tx_header=header
    )
    assert not [i for i in arxl.analyse(one, as_of=AS_OF).ledger.issues if i.column == "currency"]


def test_erp_aging_extract_with_advances(tmp_path: Path) -> None:
    """An ERP's open-items extract: every row is open, advances are negative rows. The net
    outstanding is the file's own total of the residual column."""
    import xlsxwriter

    path = tmp_path / "aged.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Open items")
    ws.write_row(0, 0, ["Aged Receivables - open items"])
    head = ["Partner", "Number", "Invoice Date", "Due Date", "Type", "Amount", "Amount Due"]
    ws.write_row(2, 0, head)
    rows = [
        ["Acme Ltd", "INV/2026/0001", "2026-07-01", "2026-07-31", "Invoice", 12000, 12000],
        ["Acme Ltd", "INV/2026/0007", "2026-09-01", "2026-10-01", "Invoice", 3000, 1000],
        ["Acme Ltd", "ADV/0003", "2026-10-15", "", "Advance", -5000, -5000],
        ["Globex", "INV/2026/0010", "2026-10-20", "2026-11-19", "Invoice", 2500, 2500],
        ["Globex", "ADV/0004", "2026-11-02", "", "Advance", -4000, -4000],
        ["Initech", "INV/2026/0011", "2026-08-10", "2026-09-09", "Invoice", 1_250_000, 1_250_000],
        ["Initech", "CN/2026/0002", "2026-09-01", "", "Credit Note", -250_000, -250_000],
    ]
    for i, r in enumerate(rows, start=3):
        ws.write_row(i, 0, r)
    wb.close()
    a = arxl.analyse(path, as_of=AS_OF)
    file_net = {"Acme Ltd": 8000, "Globex": -1500, "Initech": 1_000_000}
    got = {r.client_name: r.total for r in a.aged.itertuples()}
    assert got == file_net
    assert a.aged["total"].sum() == pytest.approx(sum(file_net.values()))
    by = _by_invoice(a)
    # Acme: 5 000 advance to the oldest due (INV-0001, due 31/07): 7 000 left
    assert by["INV/2026/0001"] == (5000, 7000, "overdue", 4)
    assert by["INV/2026/0007"] == (2000, 1000, "overdue", 4)
    # Globex owes 2 500 less a 4 000 advance: nothing to chase, 1 500 of credit
    assert by["INV/2026/0010"] == (2500, 0, "paid", -1)
    assert set(a.reminders["client_name"]) == {"Acme Ltd", "Initech"}
    assert a.reminders.set_index("client_name")["amount_due"].to_dict() == {
        "Acme Ltd": 8000,
        "Initech": 1_000_000,
    }


def test_used_up_credit_note_settles_only_what_it_names(tmp_path: Path) -> None:
    """A credit note its own row says is used up (Soldé, amount paid = amount) is not a credit
    of the client any more: it settles the invoice it names if still open, nothing else."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS[:2],
        transactions=[
            [D(2026, 5, 1), 1, "F-1", 1000, "Payé", "", None, None, 1000],
            [D(2026, 5, 2), 1, "Avoir sur F-1", -1000, "Soldé", "", None, None, -1000],
            [D(2026, 6, 1), 1, "F-2", 400, "En attente", "", None, None, None],
            [D(2026, 5, 1), 2, "F-3", 900, "En attente", "", None, None, None],
            [D(2026, 6, 2), 2, "Avoir sur F-3", -900, "Payé", "", None, None, None],
        ],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    got = _by_invoice(a)
    assert got["F-2"] == (0, 400, "overdue", 4)  # not settled by the used-up credit note
    assert got["F-3"] == (900, 0, "paid", -1)  # named: settled
    assert _aged(a) == {"1": (400, 0, 400)}


# --- the invariant, on random books ---------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_STATUSES = ["En attente", "Payé", "Litige", "", "Envoyée", "Partiel"]


@st.composite
def _books(draw):
    """Rows (date, client, label, amount, status, amount paid) of a messy tracker: invoices
    in any status, partial payments, credit notes and payments naming an invoice of the same
    client, of another client, or nothing."""
    n_inv = draw(st.integers(1, 10))
    invoices = []
    for k in range(n_inv):
        client = draw(st.integers(1, 4))
        amount = draw(st.sampled_from([100, 250.5, 1000, 12_000, 1_250_000]))
        status = draw(st.sampled_from(_STATUSES))
        paid = draw(st.sampled_from([None, amount / 2])) if status == "Partiel" else None
        day = D(2026, 1 + draw(st.integers(0, 9)), 1 + draw(st.integers(0, 27)))
        invoices.append([day, client, f"F-{100 + k}", amount, status, paid])
    credits = []
    for _ in range(draw(st.integers(0, 6))):
        client = draw(st.integers(1, 4))
        amount = draw(st.sampled_from([50, 100, 600, 1000, 12_000, 2_000_000]))
        target = draw(st.sampled_from([None, *[r[2] for r in invoices]]))
        word = draw(st.sampled_from(["Avoir", "Règlement", "Retour", ""]))
        label = f"{word} facture {target}" if target else (word or "Divers")
        day = D(2026, 1 + draw(st.integers(0, 9)), 1 + draw(st.integers(0, 27)))
        credits.append([day, client, label.strip(), -amount, "", None])
    return invoices, credits


def _expected_net(invoices, credits) -> dict[str, float]:
    """Per client: what its invoices' own rows leave open, minus every credit of the client,
    but for what a payment ("Règlement", not a credit note) naming one of its client's
    invoices that only the status says paid ("Payé") paid of that invoice: the payment the
    status means, counted once (README, cash application). Payments in date order."""
    net: dict[str, float] = {}
    presumed: dict[tuple[int, str], float] = {}
    for _, client, number, amount, status, paid in invoices:
        own = amount if status == "Payé" else (paid or 0.0)
        left = amount - own
        net[str(client)] = net.get(str(client), 0.0) + (left if left > 0.005 else 0.0)
        if status == "Payé":
            presumed[client, number] = amount
    for _, client, label, amount, _, _ in sorted(credits, key=lambda r: r[0]):
        named = label.split(" facture ")[-1] if label.startswith("Règlement facture ") else ""
        absorbed = min(-amount, presumed.get((client, named), 0.0))
        if absorbed:
            presumed[client, named] -= absorbed
        net[str(client)] = net.get(str(client), 0.0) + amount + absorbed
    return {k: round(v, 2) for k, v in net.items()}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_books())
def test_nobody_is_chased_for_more_than_they_owe(tmp_path_factory, book) -> None:
    invoices, credits = book
    path = make_workbook(
        tmp_path_factory.mktemp("net") / "b.xlsx",
        clients=CLIENTS,
        transactions=[[*r[:5], "", None, None, r[5]] for r in invoices + credits],
    )
    a = arxl.analyse(path, as_of=AS_OF)
    expected = _expected_net(invoices, credits)
    got = dict(zip(a.aged["client_id"], a.aged["total"], strict=True))
    for client, net in expected.items():
        assert got.get(client, 0.0) == pytest.approx(net, abs=0.01), (client, got, expected)
    chased = dict(zip(a.reminders["client_id"], a.reminders["amount_due"], strict=True))
    for client, amount in chased.items():
        assert amount <= max(0.0, expected.get(client, 0.0)) + 0.005, (client, amount, expected)
        assert expected.get(client, 0.0) > 0
    # buckets and credits add up to the net on every row
    codes = ["current", "1-30", "31-60", "61-90", "91+"]
    gap = a.aged[codes].sum(axis=1) + a.aged["credits"] - a.aged["total"]
    assert (gap.abs() < 0.01).all()


def test_an_advance_before_its_invoice_is_paid_on_the_invoice_day(tmp_path: Path) -> None:
    """Average days to pay never goes negative: an advance received 20 days before the
    invoice it is set against counts as 0 days."""
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS[:1],
        transactions=[
            [D(2026, 10, 1), 1, "Acompte reçu", -1000, ""],
            [D(2026, 10, 21), 1, "F-1", 1000, "En attente"],
            [D(2026, 9, 1), 1, "F-0", 3000, "Payé", "", None, D(2026, 9, 30)],
        ],
        tx_header=[
            "Date",
            "ID Client",
            "Description",
            "Montant",
            "Statut",
            "Remarques",
            "Échéance",
            "Date de paiement",
        ],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    # F-0: 29 days on 3 000; F-1: 0 days on 1 000 (the advance came first)
    assert a.kpis.avg_days_to_pay == pytest.approx(29 * 3000 / 4000)


def test_an_advance_is_not_reported_as_paid_before_its_invoice(tmp_path: Path) -> None:
    book = make_workbook(
        tmp_path / "t.xlsx",
        clients=CLIENTS[:1],
        transactions=[
            [D(2026, 10, 1), 1, "Acompte reçu", -1000, ""],
            [D(2026, 10, 2), 1, "Virement", -500, ""],
            [D(2026, 10, 21), 1, "F-1", 3000, "En attente"],
        ],
    )
    a = arxl.analyse(book, as_of=AS_OF)
    early = [i for i in a.issues if "avant la facture" in i.message_fr]
    # the advance was meant to come first: only the transfer is said, its date under Date
    assert [i.message_fr.rsplit(" : ", 1)[-1] for i in early] == ["Virement"]
    assert [(i.column, i.value) for i in early] == [("Date", "2026-10-02")]
