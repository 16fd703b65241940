"""Statuses and rows never silently dropped (issue 17): unknown status words reported once with
their rows and made meaningful by the owner, drafts and quotes out of receivables, disputes
found in remarks, returns as credits, rows without a client out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from conftest import book_issues, make_workbook

import arxl
from arxl.cli import main
from arxl.settings import Settings

D = dt.date
AS_OF = D(2026, 11, 30)
CLIENTS = [
    [1, "Dupont SARL", "1 rue A", "", "dupont@example.com"],
    [2, "Martin & Fils", "2 rue B", "", "martin@example.com"],
]
HEADER = ["Date", "ID Client", "Description", "Montant", "Statut", "Remarques"]


def _issues(a: arxl.Analysis) -> list[tuple[int | None, str, object]]:
    return [(i.row, i.column, i.value) for i in book_issues(a)]


def _statuses(a: arxl.Analysis) -> dict[str, str]:
    return dict(zip(a.items["invoice"], a.items["status"], strict=True))


def _tracker(path: Path, settings: list[list[object]] | None = None) -> Path:
    rows = [
        [D(2026, 6, 1), 1, "F-1", 100, "payed", ""],  # row 2
        [D(2026, 6, 2), 1, "F-2", 200, "unpayed", ""],  # row 3
        [D(2026, 6, 3), 2, "F-3", 300, "payed", ""],  # row 4
        [D(2026, 6, 4), 2, "F-4", 400, "Envoyée au client le 3/6", ""],  # row 5
        [D(2026, 6, 5), 2, "F-5", 500, "Envoyée au client le 3/6", ""],  # row 6
        [D(2026, 6, 6), 1, "F-6", 600, "à voir", ""],  # row 7
        [D(2026, 6, 7), 1, "F-7", 700, "PAYED ", ""],  # row 8
    ]
    extra = {"Paramètres": settings} if settings else None
    return make_workbook(
        path, clients=CLIENTS, transactions=rows, tx_header=HEADER, extra_sheets=extra
    )


def test_unknown_status_words_are_reported_once_each(tmp_path: Path) -> None:
    a = arxl.analyse(_tracker(tmp_path / "t.xlsx"), as_of=AS_OF)
    # payed/unpayed are common misspellings arxl knows
    assert _statuses(a) == {
        "F-1": "paid",
        "F-2": "overdue",
        "F-3": "paid",
        "F-4": "overdue",
        "F-5": "overdue",
        "F-6": "overdue",
        "F-7": "paid",
    }
    unknown = [i for i in book_issues(a) if "Statut non reconnu" in i.message_fr]
    assert [(i.row, i.column, i.value) for i in unknown] == [
        (5, "Statut", "Envoyée au client le 3/6"),
        (7, "Statut", "à voir"),
    ]
    assert "sur 2 ligne(s) (5, 6)" in unknown[0].message_fr
    assert "on 2 row(s) (5, 6)" in unknown[0].message_en
    assert "Correspondance des statuts" in unknown[0].message_fr
    assert "sur 1 ligne(s) (7)" in unknown[1].message_fr


def test_the_owner_says_what_a_status_means_in_parametres(tmp_path: Path) -> None:
    settings = [
        ["Paramètre", "Valeur"],
        ["Correspondance des statuts", "Envoyée au client le 3/6=Payé; à voir=brouillon"],
    ]
    a = arxl.analyse(_tracker(tmp_path / "t.xlsx", settings), as_of=AS_OF)
    got = _statuses(a)
    assert got["F-4"] == got["F-5"] == "paid"
    assert "F-6" not in got  # a draft: out of receivables, listed
    assert not [i for i in book_issues(a) if "Statut non reconnu" in i.message_fr]
    drafts = [i for i in book_issues(a) if "pas une créance" in i.message_fr]
    assert [(i.row, i.value) for i in drafts] == [(7, "à voir")]


def test_the_owner_says_what_a_status_means_with_an_option(tmp_path: Path) -> None:
    book = _tracker(tmp_path / "t.xlsx")
    result = CliRunner().invoke(
        main,
        [
            "aging",
            str(book),
            "--as-of",
            "2026-11-30",
            "--format",
            "json",
            "--status",
            "Envoyée au client le 3/6=paid; à voir=Litige",
        ],
    )
    assert result.exit_code == 0, result.output
    import json

    rows = {r["invoice"]: r["status"] for r in json.loads(result.stdout)["rows"]}
    assert rows["F-4"] == rows["F-5"] == "paid" and rows["F-6"] == "disputed"
    bad = CliRunner().invoke(main, ["aging", str(book), "--status", "à voir=peut-être"])
    assert bad.exit_code != 0
    assert "unknown status 'peut-être'" in bad.output


def test_drafts_quotes_and_cancelled_documents_are_not_receivables(tmp_path: Path) -> None:
    header = [*HEADER, "Type"]
    rows = [
        [D(2026, 6, 1), 1, "F-1", 1000, "Brouillon", "", "Facture"],  # row 2
        [D(2026, 6, 2), 1, "PF-2", 2000, "", "", "Facture proforma"],  # row 3
        [D(2026, 6, 3), 1, "D-3", 3000, "En attente", "", "Devis"],  # row 4
        [D(2026, 6, 4), 1, "F-4", 4000, "Annulée", "", "Facture"],  # row 5
        [D(2026, 6, 5), 1, "F-5", 500, "Draft", "", ""],  # row 6
        [D(2026, 6, 6), 1, "F-6", 600, "En attente", "", "Facture"],  # row 7
    ]
    book = make_workbook(tmp_path / "t.xlsx", clients=CLIENTS, transactions=rows, tx_header=header)
    a = arxl.analyse(book, as_of=AS_OF)
    assert list(a.items["invoice"]) == ["F-6"]
    listed = [(i.row, i.value) for i in book_issues(a) if "pas une créance" in i.message_fr]
    assert listed == [
        (2, "Brouillon"),
        (3, "Facture proforma"),
        (4, "En attente"),
        (5, "Annulée"),
        (6, "Draft"),
    ]
    assert a.aged["total"].tolist() == [600]
    assert list(a.reminders["client_id"]) == ["1"]
    assert a.reminders["amount_due"].tolist() == [600]


def test_a_dispute_in_the_remarks_or_status_stops_reminders(tmp_path: Path) -> None:
    rows = [
        [D(2026, 5, 1), 1, "F-1", 1000, "Unpaid", "Disputing due overcharge"],  # row 2
        [D(2026, 5, 2), 1, "F-2", 200, "En attente", "Réclamation client sur la quantité"],
        [D(2026, 5, 3), 2, "F-3", 300, "Payment contested by client", ""],  # row 4
        [D(2026, 5, 4), 2, "F-4", 400, "En attente", "Pas de litige, relancé le 2/9"],
        [D(2026, 5, 5), 2, "F-5", 500, "Payé", "litige résolu"],  # row 6
        [D(2026, 5, 6), 1, "F-6", 50, "Litige client", "Relance envoyée"],  # row 7
    ]
    book = make_workbook(tmp_path / "t.xlsx", clients=CLIENTS, transactions=rows, tx_header=HEADER)
    a = arxl.analyse(book, as_of=AS_OF, settings=Settings(country="FR"))  # French law
    assert _statuses(a) == {
        "F-1": "disputed",
        "F-2": "disputed",
        "F-3": "disputed",
        "F-4": "overdue",
        "F-5": "paid",
        "F-6": "disputed",
    }
    why = [(i.row, i.column, i.value) for i in book_issues(a) if "contestée" in i.message_fr]
    assert why == [
        (2, "Remarques", "Disputing due overcharge"),
        (3, "Remarques", "Réclamation client sur la quantité"),
        (4, "Statut", "Payment contested by client"),
        (7, "Statut", "Litige client"),
    ]
    # a status that names the dispute was understood: no "unknown status" line (whose
    # suggested mapping, "=Payé", would have made a disputed invoice paid)
    assert not [i for i in book_issues(a) if "non reconnu" in i.message_fr]
    assert a.reminders[["client_id", "amount_due"]].values.tolist() == [["2", 400]]
    assert set(a.penalties.frame["invoice"]) == {"F-4"}
    # disputed invoices stay in the aged balance
    assert dict(zip(a.aged["client_id"], a.aged["total"], strict=True)) == {"1": 1250, "2": 700}


def test_returns_are_credits(tmp_path: Path) -> None:
    header = ["Date", "Customer ID", "Document Number", "Amount", "Status", "SOP Type"]
    rows = [
        [D(2026, 9, 1), 1, "INV-1", 1000, "Open", "Invoice"],
        [D(2026, 9, 20), 1, "RTN-1", 250, "Open", "Return"],  # positive, yet a credit
        [D(2026, 9, 21), 2, "INV-2", 300, "Open", "Invoice"],
        [D(2026, 9, 22), 2, "RET-2", -300, "Open", "Retour marchandise"],
    ]
    book = make_workbook(tmp_path / "t.xlsx", clients=CLIENTS, transactions=rows, tx_header=header)
    a = arxl.analyse(book, as_of=AS_OF)
    assert list(a.items["invoice"]) == ["INV-1", "INV-2"]
    assert a.items["balance"].tolist() == [750, 0]
    assert a.aged[["client_id", "total"]].values.tolist() == [["1", 750]]
    assert a.allocation is not None
    assert set(a.allocation.payments["kind"]) == {"credit"}


def test_rows_without_a_client_are_left_out_and_listed(tmp_path: Path) -> None:
    rows = [
        [D(2026, 6, 1), 1, "F-1", 100, "En attente", ""],  # row 2
        [D(2026, 6, 2), None, "F-2", 432618, "En attente", ""],  # row 3: nobody
        [D(2026, 6, 3), "", "F-3", 50, "En attente", ""],  # row 4: nobody
    ]
    book = make_workbook(tmp_path / "t.xlsx", clients=CLIENTS, transactions=rows, tx_header=HEADER)
    a = arxl.analyse(book, as_of=AS_OF, settings=Settings(country="FR"))  # French law
    assert list(a.items["invoice"]) == ["F-1"]
    assert _issues(a) == [(3, "ID Client", ""), (4, "ID Client", "")]
    assert "ligne ignorée" in book_issues(a)[0].message_fr
    assert a.aged["total"].tolist() == [100]
    assert list(a.reminders["client_id"]) == ["1"]
    assert "" not in set(a.aged["client_id"])


def test_status_header_in_camel_case_with_misspelt_values(tmp_path: Path) -> None:
    """`etatFacture` with payed/unpayed: every paid invoice used to be at level 4."""
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "factures"
    ws.append(["dateFacture", "clientNom", "numFacture", "montantTTC", "etatFacture"])
    ws.append([D(2026, 1, 5), "Dupont", "A-1", 1000, "payed"])
    ws.append([D(2026, 2, 5), "Dupont", "A-2", 2000, "unpayed"])
    ws.append([D(2026, 3, 5), "Martin", "A-3", 3000, "payed"])
    wb.save(path)
    a = arxl.analyse(path, as_of=AS_OF)
    assert _statuses(a) == {"A-1": "paid", "A-2": "overdue", "A-3": "paid"}
    assert a.reminders[["client_name", "amount_due"]].values.tolist() == [["Dupont", 2000]]
    assert book_issues(a) == []


def test_a_column_whose_values_look_like_statuses_is_not_ignored(tmp_path: Path) -> None:
    """No status header arxl knows, but a column `Avancement` of Payée / En attente: taken as
    the status and said so; beside a real status column, it is reported instead."""
    rows = [
        [D(2026, 5, 1), 1, "F-1", 100, "Payée"],
        [D(2026, 5, 2), 1, "F-2", 200, "En attente"],
        [D(2026, 5, 3), 2, "F-3", 300, "payée"],
    ]
    header = ["Date", "ID Client", "Description", "Montant", "Avancement"]
    book = make_workbook(tmp_path / "a.xlsx", clients=CLIENTS, transactions=rows, tx_header=header)
    a = arxl.analyse(book, as_of=AS_OF)
    assert _statuses(a) == {"F-1": "paid", "F-2": "overdue", "F-3": "paid"}
    assert [(i.row, i.column) for i in book_issues(a)] == [(1, "Avancement")]
    assert "lue comme le statut" in book_issues(a)[0].message_fr

    header = ["Date", "ID Client", "Description", "Montant", "Statut", "Avancement"]
    rows = [[*r[:4], "Envoyée", r[4]] for r in rows]
    book = make_workbook(tmp_path / "b.xlsx", clients=CLIENTS, transactions=rows, tx_header=header)
    a = arxl.analyse(book, as_of=AS_OF)
    assert set(_statuses(a).values()) == {"overdue"}  # as the owner's Statut column says
    assert [(i.row, i.column, i.value) for i in book_issues(a)] == [
        (1, "Avancement", "Payée, En attente, payée")
    ]
    assert '--map "Avancement=status"' in book_issues(a)[0].message_en


def test_a_clients_sheet_that_matches_no_invoice_is_reported(tmp_path: Path) -> None:
    clients = [["CL-001", "Dupont SARL", "", "", "dupont@example.com"]]
    rows = [[D(2026, 5, 1), 1, "F-1", 100, "En attente"]]
    book = make_workbook(tmp_path / "t.xlsx", clients=clients, transactions=rows)
    a = arxl.analyse(book, as_of=AS_OF)
    found = [i for i in book_issues(a) if i.sheet == "Clients"]
    assert [(i.row, i.column, i.value) for i in found] == [(1, "ID Client", "CL-001")]
    assert "factures : 1…" in found[0].message_fr


def test_partial_payment_in_either_word_order() -> None:
    """'Payé partiellement' and 'Réglée partiellement' mean what 'Partiellement payée' does."""
    from arxl.readers.statuses import typed_statuses

    words = ["Partiellement payée", "Payé partiellement", "Réglée partiellement", "paid partially"]
    assert typed_statuses(words, {}) == ["partial"] * 4
