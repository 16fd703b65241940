"""Client codes whose leading zeros were lost on the way ("007" in Clients, 7 in Transactions,
as Excel writes a CSV saved again): the same client, its email and its credits together."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from conftest import make_workbook

from arxl.api import analyse

D = dt.date
HEADER = ["ID Client", "Nom", "Email"]
TX_HEADER = ["Date", "ID Client", "Description", "Montant", "Statut"]


def test_a_code_without_its_leading_zeros_is_the_listed_client(tmp_path: Path) -> None:
    clients = [["007", "Bond SARL", "b@x.fr"], ["0042", "Quarante", "q@x.fr"], ["12", "Douze", ""]]
    tx = [
        [D(2026, 8, 1), 7, "F-1", 500, "En attente"],  # the number Excel kept
        [D(2026, 8, 2), "007", "AV-1", -500, "Avoir"],  # as listed
        [D(2026, 8, 3), "42", "F-2", 300, "En attente"],
        [D(2026, 8, 4), "012", "F-3", 100, "En attente"],  # an export padding its codes
    ]
    path = make_workbook(
        tmp_path / "b.xlsx",
        clients=clients,
        client_header=HEADER,
        transactions=tx,
        tx_header=TX_HEADER,
    )
    a = analyse(path, as_of=D(2026, 10, 31))
    keys = dict(zip(a.items["invoice"], a.items["client_key"], strict=True))
    assert keys["F-1"] == "007" and keys["F-2"] == "0042"
    assert keys["F-3"] == "12"
    total = dict(zip(a.aged["client_id"], a.aged["total"], strict=True))
    assert total.get("007", 0) == 0  # the credit note and the invoice: nothing to chase
    reminded = set(a.reminders["client_id"]) if len(a.reminders) else set()
    assert "007" not in reminded
    unknown = [i.value for i in a.issues if "inconnu" in i.message_fr.lower()]
    assert not {"7", "42", "012"} & set(unknown)


def test_a_name_with_other_punctuation_is_the_same_client(tmp_path: Path) -> None:
    """'Green Field Co' and 'green field co.' are one client: in a tracker of names only (one
    derived id, the same whatever the row order), and against a clients list (its id)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Factures"
    ws.append(["Date", "Client", "N° facture", "Montant", "Statut"])
    ws.append([D(2026, 8, 1), "green field co.", "F-1", 500, "En attente"])
    ws.append([D(2026, 8, 5), "Green Field Co", "AV-1", -500, "Avoir"])
    ws.append([D(2026, 8, 6), "Green Fields Co", "F-2", 100, "En attente"])  # another name
    wb.save(tmp_path / "t.xlsx")
    a = analyse(tmp_path / "t.xlsx", as_of=D(2026, 10, 31))
    keys = dict(zip(a.items["invoice"], a.items["client_key"], strict=True))
    assert keys["F-1"] != keys["F-2"]
    assert dict(zip(a.items["invoice"], a.items["balance"], strict=True))["F-1"] == 0
    # the same rows in the other order: the same id
    wb2 = openpyxl.Workbook()
    ws2 = wb2.active
    ws2.title = "Factures"
    ws2.append(["Date", "Client", "N° facture", "Montant", "Statut"])
    ws2.append([D(2026, 8, 5), "Green Field Co", "AV-1", -500, "Avoir"])
    ws2.append([D(2026, 8, 1), "green field co.", "F-1", 500, "En attente"])
    wb2.save(tmp_path / "t2.xlsx")
    b = analyse(tmp_path / "t2.xlsx", as_of=D(2026, 10, 31))
    assert dict(zip(b.items["invoice"], b.items["client_key"], strict=True))["F-1"] == keys["F-1"]

    listed = make_workbook(
        tmp_path / "l.xlsx",
        clients=[["GF", "Green Field Co.", "g@x.fr"]],
        client_header=["ID Client", "Nom", "Email"],
        transactions=[[D(2026, 8, 1), "", "F-9", 300, "En attente", "Green Field Co"]],
        tx_header=["Date", "ID Client", "Description", "Montant", "Statut", "Client"],
    )
    c = analyse(listed, as_of=D(2026, 10, 31))
    assert c.items["client_key"].tolist() == ["GF"]


def test_a_code_in_other_case_is_the_listed_client(tmp_path: Path) -> None:
    """ "a5" typed for "A5" (Transactions and Paiements): the listed client, its email, its
    payment; "A5"/"a5" listed twice in Clients is a duplicate, said in Anomalies."""
    clients = [["A5", "Restaurant Azur", "azur@x.fr"], ["ab-12", "Bistro", "b@x.fr"],
               ["a5", "restaurant azur", "azur@x.fr"]]  # fmt: skip
    tx = [
        [D(2026, 8, 1), "a5", "F-1", 500, "En attente"],
        [D(2026, 8, 2), "AB-12", "F-2", 300, "En attente"],
    ]
    payments = [["Date", "ID Client", "Montant", "Référence"], [D(2026, 9, 1), "a5", 500, "F-1"]]
    path = make_workbook(
        tmp_path / "b.xlsx",
        clients=clients,
        client_header=HEADER,
        transactions=tx,
        tx_header=TX_HEADER,
        extra_sheets={"Paiements": payments},
    )
    a = analyse(path, as_of=D(2026, 10, 31))
    keys = dict(zip(a.items["invoice"], a.items["client_key"], strict=True))
    assert keys == {"F-1": "A5", "F-2": "ab-12"}
    assert a.items.set_index("invoice").at["F-1", "balance"] == 0  # the payment found it
    unknown = [i for i in a.issues if "inconnu" in i.message_fr]
    assert unknown == []
    dup = [i for i in a.issues if i.message_fr.startswith("Client en double à la casse près")]
    assert [(i.sheet, i.row) for i in dup] == [("Clients", 4)]
    assert set(a.ledger.clients["client_key"]) == {"A5", "ab-12"}


def test_a_name_not_in_the_clients_list_is_said(tmp_path: Path) -> None:
    """A row with no id whose name is in no row of an id-keyed Clients sheet ("Martin et Fils"
    beside "Martin & Fils") becomes a client of its own, with the default terms: Anomalies
    says so on its first row, once. A listed name is its client, unsaid; a book without a
    clients list says nothing of its clients known by their names."""
    clients = [["2", "Martin & Fils", "m@x.fr"]]
    tx = [
        [D(2026, 8, 1), "", "F-1", 500, "En attente", "Martin et Fils"],
        [D(2026, 8, 2), "", "F-2", 300, "En attente", "Martin et Fils"],
        [D(2026, 8, 3), "", "F-3", 200, "En attente", "MARTIN & FILS"],
    ]
    header = ["Date", "ID Client", "Description", "Montant", "Statut", "Client"]
    path = make_workbook(
        tmp_path / "b.xlsx",
        clients=clients,
        client_header=HEADER,
        transactions=tx,
        tx_header=header,
    )
    a = analyse(path, as_of=D(2026, 10, 31))
    keys = dict(zip(a.items["invoice"], a.items["client_key"], strict=True))
    assert keys["F-3"] == "2" and keys["F-1"] == keys["F-2"] != "2"
    said = [
        (i.sheet, i.row, i.column, i.value)
        for i in a.issues
        if "absent de la feuille Clients (nommé" in i.message_fr
    ]
    assert said == [("Transactions", 2, "Client", "Martin et Fils")]
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Factures"
    ws.append(["Date", "Client", "N° facture", "Montant", "Statut"])
    ws.append([D(2026, 8, 1), "Martin et Fils", "F-1", 500, "En attente"])
    wb.save(tmp_path / "t.xlsx")
    b = analyse(tmp_path / "t.xlsx", as_of=D(2026, 10, 31))
    assert not [i for i in b.issues if "nommé sans ID" in i.message_fr]


def test_a_row_naming_its_client_without_the_code_is_that_client(tmp_path: Path) -> None:
    """An export whose row gives the name but not the code ("Client 6", 00006 on its other
    rows) is one client, chased once, in convert and in a workbook; a name two codes share
    stays a client of its own; with a clients list, only a listed code is taken."""
    from arxl.api.convert import ConvertOptions, convert

    csv = tmp_path / "export.csv"
    csv.write_text(
        "N° facture;Date;Échéance;Code client;Client;Montant TTC;Réglé;Statut\n"
        "F1;01/03/2026;31/03/2026;00006;Client 6;1 000,00;;En attente\n"
        "F2;05/03/2026;04/04/2026;;client 6;500,00;;En attente\n"
        "F3;06/03/2026;05/04/2026;6;Client 6;200,00;;En attente\n"
        "F4;07/03/2026;06/04/2026;00007;Dupont;300,00;;En attente\n"
        "F5;08/03/2026;07/04/2026;00008;Dupont;300,00;;En attente\n"
        "F6;09/03/2026;08/04/2026;;Dupont;100,00;;En attente\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    results = convert([csv], out, ConvertOptions(as_of=D(2026, 6, 30)))
    assert all(r.ok for r in results)
    a = analyse(out / "export.xlsx", as_of=D(2026, 6, 30))
    keys = dict(zip(a.items["invoice"], a.items["client_key"], strict=True))
    assert keys["F1"] == keys["F2"] == keys["F3"] == "00006"
    assert keys["F6"] not in {"00007", "00008"}  # Dupont: two codes, which one? neither
    total = dict(zip(a.aged["client_id"], a.aged["total"], strict=True))
    assert total["00006"] == 1700
    assert list(a.reminders["client_id"]).count("00006") <= 1

    listed = make_workbook(
        tmp_path / "l.xlsx",
        clients=[["C6", "Client Six", "s@x.fr"]],
        client_header=HEADER,
        transactions=[
            [D(2026, 8, 1), "C6", "F-1", 300, "En attente", "Client 6"],
            [D(2026, 8, 2), "", "F-2", 200, "En attente", "Client 6"],
            [D(2026, 8, 3), "X9", "F-3", 100, "En attente", "Inconnu"],
            [D(2026, 8, 4), "", "F-4", 100, "En attente", "Inconnu"],
        ],
        tx_header=["Date", "ID Client", "Description", "Montant", "Statut", "Client"],
    )
    c = analyse(listed, as_of=D(2026, 10, 31))
    keys = dict(zip(c.items["invoice"], c.items["client_key"], strict=True))
    assert keys["F-2"] == "C6"
    assert keys["F-4"] not in {"C6", "X9"}  # X9 is no listed client


def test_a_client_whose_first_row_has_no_name_is_named_by_a_later_row(tmp_path: Path) -> None:
    """An export without a clients list: C002's first invoice left its name blank, the later
    ones give it. The client is named as they do (Clients, Balance âgée, the reminders), not
    left nameless; a client no row names stays blank."""
    tx = [
        [D(2026, 8, 1), "C002", "", "F-1", 350, "En attente"],
        [D(2026, 8, 2), "C001", "Alpha", "F-2", 100, "En attente"],
        [D(2026, 8, 3), "C002", "Café de l'Hôtel de Ville", "F-3", 200, "En attente"],
        [D(2026, 8, 4), "C002", "Café (autre graphie)", "F-4", 50, "En attente"],
        [D(2026, 8, 5), "C003", "", "F-5", 70, "En attente"],
        [D(2026, 8, 6), "C009", "", "AV-1", -30, "Avoir"],  # a client owed credits only
        [D(2026, 8, 7), "C009", "Zeta", "AV-2", -20, "Avoir"],
    ]
    wb = openpyxl.Workbook()
    wb.active.title = "Transactions"
    wb.active.append(["Date", "ID Client", "Client", "Description", "Montant", "Statut"])
    for row in tx:
        wb.active.append(row)
    path = tmp_path / "b.xlsx"
    wb.save(path)
    a = analyse(path, as_of=D(2026, 10, 31))
    names = dict(zip(a.ledger.clients["client_id"], a.ledger.clients["name"], strict=True))
    assert names == {
        "C002": "Café de l'Hôtel de Ville",
        "C001": "Alpha",
        "C003": "",
        "C009": "Zeta",
    }
    assert list(a.ledger.clients["client_id"]) == ["C002", "C001", "C003", "C009"]
    aged = dict(zip(a.aged["client_id"], a.aged["client_name"], strict=True))
    assert aged["C002"] == "Café de l'Hôtel de Ville"
